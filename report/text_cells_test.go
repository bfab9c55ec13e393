package report

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// cellsBySegmenter is cells without its ASCII fast path: every cluster
// from the segmenter.
func cellsBySegmenter(line string, from, to int) []cell {
	var out []cell
	rest, off, state := line[from:to], from, -1
	for len(rest) > 0 {
		var cluster string
		var w int
		cluster, rest, w, state = uniseg.FirstGraphemeClusterInString(rest, state)
		n := len(cluster)
		if cluster == "\t" || needsEscape(cluster) {
			// Not the fast path's business: take cells' own answer.
			c := cells(cluster, 0, n)
			for i := range c {
				c[i].off += off
			}
			out = append(out, c...)
		} else {
			out = append(out, cell{off: off, n: n, text: cluster, width: w})
		}
		off += n
	}
	return out
}

// The fast path for ASCII cuts lines into the same cells as the
// segmenter, next to combining marks, emoji sequences, flags, CRLF and
// controls.
func TestCellsASCIIFastPath(t *testing.T) {
	pieces := []string{"a", "b", " ", "!", "~", "e\u0301", "\u0301", "👍🏽", "👩‍👩‍👧", "🇫🇷", "🇫", "\r\n", "\r", "\n", "\t",
		"\x1b[31m", "\u200f", "한", "\u1100\u1161", "x\u200d", "\u0600", "字", "\xff", "é"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		line := b.String()
		from := 0
		if len(line) > 0 {
			from = r.IntN(len(line))
			for from > 0 && !utf8.RuneStart(line[from]) {
				from--
			}
		}
		got, want := cells(line, from, len(line)), cellsBySegmenter(line, from, len(line))
		if !slices.Equal(got, want) {
			t.Fatalf("cells(%q, %d):\n got %+v\nwant %+v", line, from, got, want)
		}
	}
}
