package language

import (
	"testing"

	"github.com/golangci/misspell"
)

func TestPossessive(t *testing.T) {
	for w, want := range map[string]int{
		"Go's": 2, "Go’s": 4, "it's": 2, "its": 0, "'s": 0, "’s": 0, "s": 0, "": 0,
		"x's": 2, "x’s": 4, "boss": 0, "é’s": 4, "’’s": 4, "a’": 0,
	} {
		if got := possessive(w); got != want {
			t.Errorf("possessive(%q) = %d, want %d", w, got, want)
		}
	}
}

// TestLocaleTables checks the locale tables against misspell's lists read
// as a map would read them: every single-word entry, the later pair
// winning.
func TestLocaleTables(t *testing.T) {
	for l, list := range map[Locale][]string{"US": misspell.DictAmerican, "UK": misspell.DictBritish} {
		want := map[string]string{}
		for i := 0; i+1 < len(list); i += 2 {
			if singleWord(list[i]) {
				want[list[i]] = list[i+1]
			}
		}
		table := localeList(l)
		for k, v := range want {
			if got, ok := table.Lookup([]byte(k)); !ok || got != v {
				t.Fatalf("%s: Lookup(%q) = %q, %v; want %q", l, k, got, ok, v)
			}
		}
	}
}

func TestReadCSpell(t *testing.T) {
	src := "---\ncSpell:ignore: Foo barbaz\n---\n<!-- cspell:words qux, Quux -->\na <!-- cSpell:disable --> b <!-- cspell:enable --> c <!-- cspell:disable -->"
	d := readCSpell([]byte(src))
	for _, w := range []string{"foo", "barbaz", "qux", "quux"} {
		if !d.words[w] {
			t.Errorf("%q not ignored", w)
		}
	}
	if len(d.off) != 2 || d.off[1][1] != len(src) {
		t.Errorf("disabled ranges %v", d.off)
	}
	if d := readCSpell([]byte("no directives, just spell: words")); d.words != nil || d.off != nil {
		t.Errorf("readCSpell of plain text = %+v", d)
	}
}

// FuzzLowerASCII holds lowerASCII's fast path to lowerSlow, the plain
// loop it stands for, in a buffer of any size.
func FuzzLowerASCII(f *testing.F) {
	for _, s := range []string{"", "Kubernetes", "don’t", "DON’T’S", "café", "naïve", "x’", "’", "\xe2\x80", "A\x80b", "ZZ@[`{"} {
		f.Add(s, 64)
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		n = max(0, min(n, 128))
		got, ok := lowerASCII(make([]byte, 0, n), s)
		want, wantOK := lowerSlow(make([]byte, 0, n), s)
		if ok != wantOK || ok && string(got) != string(want) {
			t.Errorf("lowerASCII(%q) in %d bytes = %q, %v; want %q, %v", s, n, got, ok, want, wantOK)
		}
	})
}
