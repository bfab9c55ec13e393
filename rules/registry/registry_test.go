package registry

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/links"
)

// TestFixSafetyDeclared: what each rule says of its fixes (postlint
// explain prints it) agrees with the fixes it gives on every test post of
// the repository and the shared corpus: no fix from a rule that declares
// none, no safe fix from one that declares only suggestions, no suggestion
// from one that declares only safe fixes.
func TestFixSafetyDeclared(t *testing.T) {
	reg := Default()
	type seen struct{ safe, suggested int }
	got := map[string]*seen{}
	lint := func(dir string, cfg *rules.Config) {
		var inputs []rules.Input
		_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".md") || strings.HasSuffix(p, ".markdown")) {
				inputs = append(inputs, rules.Input{Path: p})
			}
			return nil
		})
		cfg.Section("links").(*links.Config).Log = io.Discard
		for _, d := range (&rules.Engine{Config: cfg, Offline: true}).Run(inputs).Diagnostics {
			s := got[d.Rule]
			if s == nil {
				s = &seen{}
				got[d.Rule] = s
			}
			for _, f := range d.Fixes {
				if f.Safe {
					s.safe++
				} else {
					s.suggested++
				}
			}
		}
	}
	// Every rule on, with the defaults; then each test folder with its own
	// config, where options bring out other fixes (tags.allowed).
	testdata := filepath.Join("..", "..", "testdata")
	all := rules.DefaultConfig(reg)
	for _, r := range reg.Rules {
		if err := all.SetEnabled(r.Name, true); err != nil {
			t.Fatal(err)
		}
	}
	lint(testdata, all)
	_ = filepath.WalkDir(testdata, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Name() == ".postlint.yml" {
			cfg, err := rules.LoadConfig(reg, p)
			if err != nil {
				t.Errorf("%s: %v", p, err)
				return nil
			}
			lint(filepath.Dir(p), cfg)
		}
		return nil
	})
	if corpus := filepath.Join("..", "..", "..", "shared", "corpus"); dirExists(corpus) {
		lint(corpus, rules.DefaultConfig(reg))
	}

	total := 0
	for _, r := range reg.Rules {
		s := got[r.Name]
		if s == nil {
			s = &seen{}
		}
		total += s.safe + s.suggested
		switch {
		case r.Fixes == rules.NoFixes && s.safe+s.suggested > 0:
			t.Errorf("%s declares no fixes, and gave %d safe fixes and %d suggestions", r.Name, s.safe, s.suggested)
		case r.Fixes == rules.SafeFixes && s.suggested > 0:
			t.Errorf("%s declares only safe fixes, and gave %d suggestions", r.Name, s.suggested)
		case r.Fixes == rules.Suggestions && s.safe > 0:
			t.Errorf("%s declares only suggestions, and gave %d safe fixes", r.Name, s.safe)
		case r.Fixes == rules.SomeSafe && r.FixNote == "":
			t.Errorf("%s has some safe fixes and no FixNote saying which", r.Name)
		}
		if r.Fixes != rules.NoFixes && s.safe+s.suggested == 0 {
			t.Logf("%s: no fix seen in the test posts (declared %d)", r.Name, r.Fixes)
		}
	}
	if total < 50 {
		t.Errorf("only %d fixes seen: the test posts were not linted", total)
	}
}

func dirExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}
