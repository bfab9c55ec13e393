package links

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/postlint/postlint/rules"
)

// closestOfAll is the search of every id that "did you mean" did before it
// had a budget, made deterministic where it was not (ids equal but for
// case: the least). The suggester must give the same answers when its
// budget is not spent.
func closestOfAll(frag string, ids map[string]bool) string {
	keys := slices.Sorted(func(yield func(string) bool) {
		for id := range ids {
			if !yield(id) {
				return
			}
		}
	})
	for _, id := range keys {
		if strings.EqualFold(id, frag) {
			return id
		}
	}
	best, bestD := "", min(3, len(frag)/4+1)
	for _, id := range keys {
		if d := rules.EditDistance([]byte(frag), []byte(id), bestD+1); d < bestD || (d == bestD && best != "" && id < best) {
			best, bestD = id, d
		}
	}
	return best
}

func TestSuggesterAsSearchOfAll(t *testing.T) {
	r := rand.New(rand.NewPCG(18, 3))
	alphabet := "abcdeAB-_1"
	word := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		return string(b)
	}
	found := 0
	for round := range 300 {
		p := &post{path: fmt.Sprintf("p%d.md", round), fl: &fileLinks{}}
		for range 1 + r.IntN(40) {
			p.fl.anchors = append(p.fl.anchors, word(2+r.IntN(14)))
		}
		sg := newSuggester()
		for range 40 {
			frag := word(1 + r.IntN(16))
			if r.IntN(2) == 0 {
				// A near miss: an id with a byte or two changed.
				b := []byte(p.fl.anchors[r.IntN(len(p.fl.anchors))])
				for range 1 + r.IntN(2) {
					b[r.IntN(len(b))] = alphabet[r.IntN(len(alphabet))]
				}
				frag = string(b)
			}
			want := closestOfAll(frag, p.anchorSet(styleGitHub))
			if got := sg.closest(p, styleGitHub, frag); got != want {
				t.Fatalf("round %d: %q among %q: got %q, want %q", round, frag, p.fl.anchors, got, want)
			}
			if want != "" {
				found++
			}
		}
		if sg.skipped > 0 {
			t.Fatalf("round %d: %d searches skipped on a small post", round, sg.skipped)
		}
	}
	if found < 2000 {
		t.Errorf("only %d of 12,000 fragments had a suggestion", found)
	}
}
