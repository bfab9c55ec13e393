// Package rulestest runs rules over Markdown files in testdata and checks
// their diagnostics against <!-- want "regexp" --> comments, in the manner
// of golang.org/x/tools/go/analysis/analysistest.
//
// A comment <!-- want "re" "re2" --> expects, on its own line, one
// diagnostic matching each regexp; <!-- want+2 "re" --> and want-1 expect
// them that many lines below or above, for places where a comment would
// change the construct. In YAML or TOML front matter, "# want "re"" works
// too. Each regexp is matched against "MESSAGE [RULE]". A diagnostic no
// comment wants, or a wanted one that is missing, fails the test.
//
// When FILE.golden exists beside FILE.md, applying every fix must turn the
// file into it; run the tests with -update to write the golden files.
package rulestest

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/postlint/postlint/rules"
)

var update = flag.Bool("update", false, "write golden files")

var wantRE = regexp.MustCompile(`(?:<!--|#)\s*want([+-]\d+)?((?:\s+"(?:[^"\\]|\\.)*")+)\s*(?:-->)?`)
var quotedRE = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

type expectation struct {
	line int
	re   *regexp.Regexp
	met  bool
}

// Only switches the named rules of reg on in cfg, and every other off.
func Only(tb testing.TB, cfg *rules.Config, reg *rules.Registry, names ...string) {
	tb.Helper()
	on := map[string]bool{}
	for _, n := range names {
		on[n] = true
	}
	for _, r := range reg.Rules {
		if err := cfg.SetEnabled(r.Name, on[r.Name]); err != nil {
			tb.Fatal(err)
		}
	}
}

// Clock is the time Run lints at: a fixed instant, so that no test depends
// on the day it runs. RunAt lints at another.
var Clock = time.Date(2030, time.January, 1, 0, 0, 0, 0, time.UTC)

// Run lints every *.md file under dir (recursively, as one set of posts)
// with the given rules switched on and every other rule of reg off, unless
// dir holds a .postlint.yml, which is then used as it is. A postlint.yml
// (no dot) gives the settings but not which rules run: only those named,
// whatever rules are added later. The run's time is Clock.
func Run(t *testing.T, reg *rules.Registry, dir string, names ...string) []rules.Diagnostic {
	t.Helper()
	return RunAt(t, reg, dir, Clock, names...)
}

// RunAt is Run at the time now, as rules that read the clock see it.
func RunAt(t *testing.T, reg *rules.Registry, dir string, now time.Time, names ...string) []rules.Diagnostic {
	t.Helper()
	cfg := rules.DefaultConfig(reg)
	if p := filepath.Join(dir, ".postlint.yml"); fileExists(p) {
		var err error
		if cfg, err = rules.LoadConfig(reg, p); err != nil {
			t.Fatal(err)
		}
	} else {
		if p := filepath.Join(dir, "postlint.yml"); fileExists(p) {
			var err error
			if cfg, err = rules.LoadConfig(reg, p); err != nil {
				t.Fatal(err)
			}
		}
		Only(t, cfg, reg, names...)
	}
	var inputs []rules.Input
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && (strings.HasSuffix(p, ".md") || strings.HasSuffix(p, ".markdown")) {
			inputs = append(inputs, rules.Input{Path: p})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(inputs) == 0 {
		t.Fatalf("no Markdown files in %s", dir)
	}
	eng := &rules.Engine{Config: cfg, Offline: true, Now: func() time.Time { return now }}
	res := eng.Run(inputs)
	for _, err := range res.Errors {
		t.Error(err)
	}
	Check(t, inputs, res.Diagnostics)
	return res.Diagnostics
}

// Check compares diagnostics with the want comments and golden files of
// the input files.
func Check(t *testing.T, inputs []rules.Input, diags []rules.Diagnostic) {
	t.Helper()
	byPath := map[string][]rules.Diagnostic{}
	for _, d := range diags {
		byPath[d.Path] = append(byPath[d.Path], d)
	}
	for _, in := range inputs {
		src, err := os.ReadFile(in.Path)
		if err != nil {
			t.Fatal(err)
		}
		wants, err := expectations(src)
		if err != nil {
			t.Errorf("%s: %v", in.Path, err)
			continue
		}
		for _, d := range byPath[in.Path] {
			text := d.Message + " [" + d.Rule + "]"
			found := false
			for _, w := range wants {
				if !w.met && w.line == d.Line && w.re.MatchString(text) {
					w.met, found = true, true
					break
				}
			}
			if !found {
				t.Errorf("%s:%d:%d: unexpected diagnostic: %s", in.Path, d.Line, d.Column, text)
			}
		}
		for _, w := range wants {
			if !w.met {
				t.Errorf("%s:%d: no diagnostic matching %q", in.Path, w.line, w.re)
			}
		}
		golden := strings.TrimSuffix(in.Path, filepath.Ext(in.Path)) + ".golden"
		fixed := rules.ApplyEdits(src, rules.FixEdits(byPath[in.Path], false))
		if *update && string(fixed) != string(src) {
			if err := os.WriteFile(golden, fixed, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if want, err := os.ReadFile(golden); err == nil {
			if string(want) != string(fixed) {
				t.Errorf("%s: fixes give\n%s\nwant (%s)\n%s", in.Path, fixed, golden, want)
			}
		} else if string(fixed) != string(src) {
			t.Errorf("%s: diagnostics have fixes but there is no %s (run with -update)", in.Path, golden)
		}
	}
}

func expectations(src []byte) ([]*expectation, error) {
	var out []*expectation
	for i, line := range strings.Split(string(src), "\n") {
		for _, m := range wantRE.FindAllStringSubmatch(line, -1) {
			n := i + 1
			if m[1] != "" {
				off, _ := strconv.Atoi(m[1])
				n += off
			}
			for _, q := range quotedRE.FindAllString(m[2], -1) {
				s, err := strconv.Unquote(q)
				if err != nil {
					return nil, fmt.Errorf("line %d: bad want string %s: %v", i+1, q, err)
				}
				re, err := regexp.Compile(s)
				if err != nil {
					return nil, fmt.Errorf("line %d: %v", i+1, err)
				}
				out = append(out, &expectation{line: n, re: re})
			}
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].line < out[b].line })
	return out, nil
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
