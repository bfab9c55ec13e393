package frontmatter

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/postlint/postlint/rules"
)

// nearTagEveryOne is how tag-near-duplicate found a near tag before it had
// an index: every common tag compared with the name. The index must give
// the same answer.
func nearTagEveryOne(name string, common []string) string {
	n := normalizeTag(name)
	if letters(n) < 4 {
		return ""
	}
	for _, c := range common {
		m := normalizeTag(c)
		if letters(m) < 4 || m == n || abs(len(m)-len(n)) > 1 {
			continue
		}
		if rules.EditDistance([]rune(n), []rune(m), 2) == 1 && !digitsDiffer(n, m) {
			return c
		}
	}
	return ""
}

func TestNearTagsAsEveryOne(t *testing.T) {
	r := rand.New(rand.NewPCG(18, 2))
	letters := []rune("abcdeABé1-_ .ü")
	word := func() string {
		var b strings.Builder
		for range 4 + r.IntN(5) {
			b.WriteRune(letters[r.IntN(len(letters))])
		}
		return b.String()
	}
	found := 0
	for round := range 200 {
		var common []string
		for range 1 + r.IntN(60) {
			common = append(common, word())
		}
		nt := newNearTags(common)
		for range 50 {
			name := word()
			if r.IntN(2) == 0 {
				// A near miss of a common tag: one rune added, dropped or
				// replaced.
				rs := []rune(common[r.IntN(len(common))])
				i := r.IntN(len(rs) + 1)
				switch r.IntN(3) {
				case 0:
					rs = append(rs[:i], append([]rune{letters[r.IntN(len(letters))]}, rs[i:]...)...)
				case 1:
					if i < len(rs) {
						rs = append(rs[:i], rs[i+1:]...)
					}
				default:
					if i < len(rs) {
						rs[i] = letters[r.IntN(len(letters))]
					}
				}
				name = string(rs)
			}
			if nearTagEveryOne(name, common) != "" {
				found++
			}
			if got, want := nt.find(name), nearTagEveryOne(name, common); got != want {
				t.Fatalf("round %d: near %q among %q: got %q, want %q", round, name, common, got, want)
			}
		}
	}
	// The near misses must be found often enough for the test to mean
	// something.
	if found < 1000 {
		t.Errorf("only %d of 10,000 names had a near tag", found)
	}
}
