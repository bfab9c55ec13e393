package rules

import (
	"math"
	"testing"
)

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b  string
		limit int
		want  int
	}{
		{"kitten", "sitting", math.MaxInt, 3},
		{"", "abc", math.MaxInt, 3},
		{"same", "same", math.MaxInt, 0},
		{"kitten", "sitting", 2, 2}, // at least the limit: the limit
		{"a", "abcdef", 3, 3},       // lengths alone exceed it
		{"café", "cafe", math.MaxInt, 1},
	} {
		if got := EditDistance([]rune(tc.a), []rune(tc.b), tc.limit); got != tc.want {
			t.Errorf("EditDistance(%q, %q, %d) = %d, want %d", tc.a, tc.b, tc.limit, got, tc.want)
		}
	}
	// In bytes, "é" is two: one substitution and one deletion.
	if got := EditDistance([]byte("café"), []byte("cafe"), math.MaxInt); got != 2 {
		t.Errorf("bytes: %d, want 2", got)
	}
}

// TestNearest: "did you mean" for a misspelt rule name, and nothing for
// a name far from every rule or as near to two.
func TestNearest(t *testing.T) {
	reg := &Registry{}
	for _, n := range []string{"single-h1", "misspelling", "dead-link", "broken-link", "tags", "terms", "heading-increment"} {
		reg.Rules = append(reg.Rules, &Rule{Name: n})
	}
	for name, want := range map[string]string{
		"singel-h1": "single-h1", "Single-H1": "single-h1", "spelling": "misspelling", "deadlink": "dead-link",
		"tag": "tags", "heading-incremnt": "heading-increment",
		"nope": "", "h1": "", "x": "", "links": "", // links: two edits from neither, held by both dead-link and broken-link
		"term": "terms",
	} {
		if got := reg.Nearest(name); got != want {
			t.Errorf("Nearest(%q) = %q, want %q", name, got, want)
		}
	}
	if err := reg.UnknownRule("singel-h1"); err.Error() != `unknown rule "singel-h1"; did you mean "single-h1"?` {
		t.Errorf("%v", err)
	}
	if err := reg.UnknownRule("nope"); err.Error() != "unknown rule \"nope\" (see `postlint rules`)" {
		t.Errorf("%v", err)
	}
}
