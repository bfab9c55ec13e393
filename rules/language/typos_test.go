package language

import (
	"testing"

	"github.com/golangci/misspell"
)

// TestTypoTables checks the typo tables against misspell's lists read as
// a map would read them: every single-word typo, the later pair winning,
// with postlint's own typos added and its exceptions left out.
func TestTypoTables(t *testing.T) {
	for _, c := range []struct {
		name  string
		list  []string
		table *typoTable
		extra map[string]string
		skip  []string
	}{
		{"main", misspell.DictMain, typoList(), projectTypos, notTypos},
		{"US", misspell.DictAmerican, localeList("US"), nil, nil},
		{"UK", misspell.DictBritish, localeList("UK"), nil, nil},
	} {
		want := map[string]string{}
		for i := 0; i+1 < len(c.list); i += 2 {
			if singleWord(c.list[i]) {
				want[c.list[i]] = c.list[i+1]
			}
		}
		for _, k := range c.skip {
			delete(want, k)
		}
		for k, v := range c.extra {
			want[k] = v
		}
		for i := 0; i < len(c.list); i += 2 {
			k := c.list[i]
			got, ok := c.table.Lookup([]byte(k))
			if w, in := want[k]; ok != in || got != w {
				t.Fatalf("%s: Lookup(%q) = %q, %v; want %q, %v", c.name, k, got, ok, w, in)
			}
		}
		for k, v := range c.extra {
			if got, ok := c.table.Lookup([]byte(k)); !ok || got != v {
				t.Errorf("%s: Lookup(%q) = %q, %v; want %q", c.name, k, got, ok, v)
			}
		}
	}
	if _, ok := typoList().Lookup([]byte("substituters")); ok {
		t.Error(`"substituters" is a word of technical prose, not a typo`)
	}
	if fix, _ := typoList().Lookup([]byte("sovle")); fix != "solve" {
		t.Errorf(`"sovle" gives %q, want "solve"`, fix)
	}
}

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
