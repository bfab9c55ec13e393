package rules_test

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/postlint/postlint/report"
	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/links"
	"github.com/postlint/postlint/rules/registry"
)

// addTestdata seeds a fuzz target with the Markdown files of testdata.
func addTestdata(f *testing.F) {
	root := filepath.Join("..", "testdata")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		src, err := os.ReadFile(p)
		if err == nil && len(src) <= 64<<10 {
			f.Add(src)
		}
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
}

// fuzzEngine lints one post with every offline rule, as a file in an
// empty directory, so that its relative links lead nowhere.
func fuzzEngine(f *testing.F) (*rules.Engine, string) {
	cfg := rules.DefaultConfig(registry.Default())
	// A slow input must show as slow, not as a file-limits diagnostic.
	cfg.Limits.MaxTime = 0
	cfg.Section("links").(*links.Config).Log = io.Discard
	return &rules.Engine{Config: cfg, Offline: true, Jobs: 1}, filepath.Join(f.TempDir(), "post.md")
}

// watchdog crashes the fuzzing process, which then keeps the input as a
// failure, when one input takes longer than any post of a few kilobytes
// should: Go's fuzzer does not notice a hang by itself.
func watchdog(src []byte) func() bool {
	t := time.AfterFunc(20*time.Second, func() {
		panic(fmt.Sprintf("one input of %d bytes took over 20s: %q", len(src), src[:min(len(src), 200)]))
	})
	return t.Stop
}

// FuzzEngine lints any input with every offline rule: no rule may panic,
// every diagnostic must lie inside the file and every fix edit too, and
// every output format must write it.
func FuzzEngine(f *testing.F) {
	addTestdata(f)
	eng, path := fuzzEngine(f)
	reg := registry.Default()
	f.Fuzz(func(t *testing.T, src []byte) {
		defer watchdog(src)()
		res := eng.Run([]rules.Input{{Path: path, Src: src}})
		for _, err := range res.Errors {
			t.Fatal(err)
		}
		checkDiagnostics(t, src, res.Diagnostics)
		if err := report.Text(io.Discard, res.Diagnostics, report.TextOptions{Excerpt: true, Color: true}); err != nil {
			t.Fatal(err)
		}
		if err := report.JSON(io.Discard, res.Diagnostics, res.Files); err != nil {
			t.Fatal(err)
		}
		if err := report.SARIF(io.Discard, res.Diagnostics, reg, report.SARIFOptions{
			Source: func(string) []byte { return src },
		}); err != nil {
			t.Fatal(err)
		}
		if err := report.GitHub(io.Discard, res.Diagnostics, report.GitHubOptions{}); err != nil {
			t.Fatal(err)
		}
		if err := report.GitHubSummary(io.Discard, res.Diagnostics, res.Files, report.GitHubOptions{}); err != nil {
			t.Fatal(err)
		}
		if err := report.Checkstyle(io.Discard, res.Diagnostics); err != nil {
			t.Fatal(err)
		}
	})
}

func checkDiagnostics(t *testing.T, src []byte, diags []rules.Diagnostic) {
	t.Helper()
	lines := bytes.Count(src, []byte("\n")) + 1
	for _, d := range diags {
		if d.Start < 0 || d.Start > d.End || d.End > len(src) {
			t.Fatalf("%s: span %d..%d outside the file of %d bytes: %s", d.Rule, d.Start, d.End, len(src), d.Message)
		}
		if d.Line < 1 || d.Line > lines || d.Column < 1 || d.EndLine < d.Line || d.Message == "" {
			t.Fatalf("%s: at %d:%d-%d:%d of %d lines: %q", d.Rule, d.Line, d.Column, d.EndLine, d.EndColumn, lines, d.Message)
		}
		for _, fix := range d.Fixes {
			for _, e := range fix.Edits {
				if e.Start < 0 || e.Start > e.End || e.End > len(src) {
					t.Fatalf("%s: fix %q edits %d..%d of %d bytes", d.Rule, fix.Message, e.Start, e.End, len(src))
				}
			}
		}
	}
}

// FuzzFix applies safe fixes to any input, as --fix does. Each rule's
// fixes, applied alone, must leave no more diagnostics of that rule than
// they did not fix; all fixes together, round after round, must settle;
// and valid UTF-8 must stay valid.
//
// A fix may make the rule see text it did not touch differently, and
// that is a finding, not a fault: once "ubernetes" is fixed to
// "Kubernetes" the post writes the name, and "Kbernetes" before it is
// now reported as its misspelling. So a diagnostic after fixing counts
// against the fixes only if it lies on text they wrote or is one that
// was there before.
func FuzzFix(f *testing.F) {
	addTestdata(f)
	eng, path := fuzzEngine(f)
	lint := func(t *testing.T, src []byte) []rules.Diagnostic {
		res := eng.Run([]rules.Input{{Path: path, Src: src}})
		for _, err := range res.Errors {
			t.Fatal(err)
		}
		checkDiagnostics(t, src, res.Diagnostics)
		return res.Diagnostics
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		defer watchdog(src)()
		before := lint(t, src)
		byRule := map[string][]rules.Diagnostic{}
		for _, d := range before {
			byRule[d.Rule] = append(byRule[d.Rule], d)
		}
		for rule, diags := range byRule {
			edits := rules.FixEdits(diags, true)
			if len(edits) == 0 {
				continue
			}
			fixed := rules.ApplyEdits(src, edits)
			if utf8.Valid(src) && !utf8.Valid(fixed) {
				t.Fatalf("%s: the fixes made valid UTF-8 invalid:\n%q\n%q", rule, src, fixed)
			}
			left := len(diags) - rules.CountFixed(diags, edits)
			written, was := fixedSpans(diags, edits)
			var now []string
			for _, d := range lint(t, fixed) {
				if d.Rule != rule {
					continue
				}
				if !overlaps(written, d.Start, d.End) && !was[[2]int{d.Start, d.End}] {
					continue // a finding on untouched text, seen anew
				}
				now = append(now, fmt.Sprintf("%d:%d: %s", d.Line, d.Column, d.Message))
			}
			if len(now) > left {
				t.Errorf("%s: %d diagnostics after fixing, %d left unfixed before:\n%s\nsource:\n%q\nfixed:\n%q",
					rule, len(now), left, strings.Join(now, "\n"), src, fixed)
			}
		}
		// All rules together, as --fix does: one rule's fix may uncover
		// another's problem, fixed in the next round; it must settle.
		cur, diags := src, before
		for round := 0; ; round++ {
			edits := rules.FixEdits(diags, true)
			if len(edits) == 0 {
				break
			}
			if round == 5 {
				t.Fatalf("fixes still apply after 5 rounds:\nsource:\n%q\nnow:\n%q", src, cur)
			}
			next := rules.ApplyEdits(cur, edits)
			if utf8.Valid(cur) && !utf8.Valid(next) {
				t.Fatalf("round %d made valid UTF-8 invalid:\n%q\n%q", round, cur, next)
			}
			cur, diags = next, lint(t, next)
		}
	})
}

// fixedSpans says where edits, applied to a file, put their text in the
// result, and where the diagnostics they did not fix lie in it: for each
// unfixed diagnostic, its span moved by the edits before it.
func fixedSpans(diags []rules.Diagnostic, edits []rules.Edit) (written [][2]int, was map[[2]int]bool) {
	shift := 0
	shifts := make([]int, len(edits)) // the shift after each edit
	for i, e := range edits {
		written = append(written, [2]int{e.Start + shift, e.Start + shift + len(e.NewText)})
		shift += len(e.NewText) - (e.End - e.Start)
		shifts[i] = shift
	}
	moved := func(off int) int {
		s := 0
		for i, e := range edits {
			if e.End <= off && e.Start <= off {
				s = shifts[i]
			}
		}
		return off + s
	}
	applied := map[rules.Edit]bool{}
	for _, e := range edits {
		applied[e] = true
	}
	was = map[[2]int]bool{}
	for _, d := range diags {
		fixed := len(d.Fixes) > 0 && d.Fixes[0].Safe && len(d.Fixes[0].Edits) > 0
		if fixed {
			for _, e := range d.Fixes[0].Edits {
				fixed = fixed && applied[e]
			}
		}
		if !fixed {
			was[[2]int{moved(d.Start), moved(d.End)}] = true
		}
	}
	return written, was
}

// overlaps reports whether [start, end) meets one of spans, touching
// included: a word that ends where an edit begins is on the edit.
func overlaps(spans [][2]int, start, end int) bool {
	for _, s := range spans {
		if start <= s[1] && s[0] <= end {
			return true
		}
	}
	return false
}
