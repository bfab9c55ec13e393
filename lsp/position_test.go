package lsp

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/postlint/postlint/rules"
)

// Positions against the client's own arithmetic (client_test.go), on
// texts with every kind of line break and characters of one to four
// bytes and one or two UTF-16 code units.
func TestPositionsMatchTheClient(t *testing.T) {
	texts := []string{
		"",
		"plain\n",
		"Café 🎉 sovle\r\nline two\rline three\n\n",
		"\ufeff---\ntitle: x\n---\n",
		"no newline at end 😀",
		"ü\r\n\r\n𝄞x\r",
	}
	for _, text := range texts {
		x := newLineIndex([]byte(text))
		for off := 0; off <= len(text); off++ {
			if off < len(text) && !utf8.RuneStart(text[off]) {
				continue
			}
			if off > 0 && text[off-1] == '\r' && off < len(text) && text[off] == '\n' {
				continue // between \r and \n: not a place in the text
			}
			p := x.position(off)
			if want := clientPosition(text, off); p != want {
				t.Errorf("%q: position(%d) = %+v, the client says %+v", text, off, p, want)
			}
			if back := x.offset(p); back != off {
				t.Errorf("%q: offset(%+v) = %d, want %d", text, p, back, off)
			}
		}
	}
}

// Positions past a line's end are the line's end; lines past the text's
// end are its end; offsets inside a character are its start.
func TestPositionsClamp(t *testing.T) {
	text := "ab😀\ncd\n"
	x := newLineIndex([]byte(text))
	for _, c := range []struct {
		p    Position
		want int
	}{
		{Position{0, 99}, len("ab😀")},
		{Position{0, 3}, len("ab")}, // inside the surrogate pair
		{Position{7, 0}, len(text)},
		{Position{-1, 0}, 0},
		{Position{1, -4}, len("ab😀\n")},
	} {
		if got := x.offset(c.p); got != c.want {
			t.Errorf("offset(%+v) = %d, want %d", c.p, got, c.want)
		}
	}
	if p := x.position(len("ab") + 1); p != (Position{0, 2}) {
		t.Errorf("an offset inside 😀: %+v", p)
	}
	if p := x.position(1000); p != (Position{2, 0}) {
		t.Errorf("an offset past the end: %+v", p)
	}
}

// Random incremental changes, applied by the server and by the client's
// arithmetic, leave the same text.
func TestIncrementalChanges(t *testing.T) {
	pieces := []string{"a", "é", "😀", "\n", "\r\n", "\r", "𝄞", " ", "word", "ü\n"}
	rng := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 200; round++ {
		text := ""
		for range rng.IntN(20) {
			text += pieces[rng.IntN(len(pieces))]
		}
		d := &document{text: []byte(text)}
		for range 10 {
			lines := splitLines(text)
			pos := func() Position {
				l := rng.IntN(len(lines) + 1)
				return Position{l, rng.IntN(6)}
			}
			a, b := pos(), pos()
			if a.Line > b.Line || a.Line == b.Line && a.Character > b.Character {
				a, b = b, a
			}
			ins := ""
			for range rng.IntN(3) {
				ins += pieces[rng.IntN(len(pieces))]
			}
			// The client clamps as the server does: both go to a
			// character boundary at or before the position.
			ca, cb := clientOffset(text, a), clientOffset(text, b)
			if ca > cb {
				ca, cb = cb, ca
			}
			if rng.IntN(5) == 0 {
				text = text[:ca] + ins + text[cb:]
				d.apply(TextDocumentContentChangeEvent{Text: text})
			} else {
				d.apply(TextDocumentContentChangeEvent{Range: &Range{a, b}, Text: ins})
				text = text[:ca] + ins + text[cb:]
			}
			if string(d.text) != text {
				t.Fatalf("round %d: server has %q, client %q", round, d.text, text)
			}
		}
	}
}

// Kept external diagnostics move with edits before them and go with
// edits that touch them.
func TestShiftKeptDiagnostics(t *testing.T) {
	text := "see https://example.org/a and https://example.org/b\n"
	first := strings.Index(text, "https://example.org/a")
	second := strings.Index(text, "https://example.org/b")
	d := &document{text: []byte(text)}
	d.external = append(d.external,
		diagAt(first, first+len("https://example.org/a")),
		diagAt(second, second+len("https://example.org/b")))
	// Insert at the start: both move.
	d.apply(TextDocumentContentChangeEvent{Range: &Range{Position{0, 0}, Position{0, 0}}, Text: "So, "})
	if len(d.external) != 2 || string(d.text[d.external[0].Start:d.external[0].End]) != "https://example.org/a" ||
		string(d.text[d.external[1].Start:d.external[1].End]) != "https://example.org/b" {
		t.Fatalf("after an insert before both: %+v in %q", d.external, d.text)
	}
	// Type at the end of the first URL: it changed, and goes.
	end := d.index().position(d.external[0].End)
	d.apply(TextDocumentContentChangeEvent{Range: &Range{end, end}, Text: "x"})
	if len(d.external) != 1 || string(d.text[d.external[0].Start:d.external[0].End]) != "https://example.org/b" {
		t.Fatalf("after typing into the first: %+v in %q", d.external, d.text)
	}
}

func diagAt(start, end int) rules.Diagnostic {
	return rules.Diagnostic{Rule: "dead-link", Start: start, End: end,
		Fixes: []rules.Fix{{Edits: []rules.Edit{{Start: start, End: end, NewText: "https://example.org/new"}}}}}
}
