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
