package headings_test

import (
	"testing"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/headings"
	"github.com/postlint/postlint/rules/registry"
	"github.com/postlint/postlint/rules/rulestest"
)

func TestHeadings(t *testing.T) {
	names := []string{rules.BadDirective.Name, rules.UnusedDirective.Name}
	for _, r := range headings.Rules {
		names = append(names, r.Name)
	}
	rulestest.Run(t, registry.Default(), "../../testdata/headings", names...)
}

// A heading after a list or quote marker that took part of a tab: goldmark
// puts such a heading's Pos up to three bytes late, past the end of the
// file when the heading ends it. Diagnostics start at its first "#".
func TestTabbedHeadingPositions(t *testing.T) {
	reg := registry.Default()
	cfg := rules.DefaultConfig(reg)
	for _, name := range []string{"empty-heading", "heading-increment", "single-h1"} {
		if err := cfg.SetEnabled(name, true); err != nil {
			t.Fatal(err)
		}
	}
	eng := &rules.Engine{Config: cfg, Offline: true, Jobs: 1}
	for _, tc := range []struct {
		src, rule string
		start     int // the offset of the heading's first "#"
	}{
		{"*\n\t#", "empty-heading", 3},
		{"*\n\t#\n#x\n", "empty-heading", 3},
		{"*\n\t##\n# x\n", "empty-heading", 3},
		{"# One\n\n- a\n\n\t### b\n", "heading-increment", 13},
		{"# One\n\n>\t### Quote\n", "heading-increment", 9},
		{"# One\n\nSetext\n======\n", "single-h1", 7},
	} {
		res := eng.Run([]rules.Input{{Path: "x.md", Src: []byte(tc.src)}})
		found := false
		for _, d := range res.Diagnostics {
			if d.Rule != tc.rule {
				continue
			}
			found = true
			if d.Start != tc.start || d.End > len(tc.src) {
				t.Errorf("%q: %s at %d..%d, want it at %d", tc.src, d.Rule, d.Start, d.End, tc.start)
			}
		}
		if !found {
			t.Errorf("%q: no %s diagnostic", tc.src, tc.rule)
		}
	}
}
