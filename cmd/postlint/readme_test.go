package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/postlint/postlint/rules/registry"
)

// TestReadmeRules keeps the README's rules table and rule sections in
// step with the registry: every rule, in order, with its default severity.
func TestReadmeRules(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile("(?m)^\\| \\[`([a-z0-9-]+)`\\]\\(#([a-z0-9-]+)\\) \\| (error|warning|info|off) \\|")
	var names []string
	for _, m := range row.FindAllStringSubmatch(string(readme), -1) {
		names = append(names, m[1])
		r := registry.Default().Rule(m[1])
		switch {
		case r == nil:
			t.Errorf("README lists %q, which is not a rule", m[1])
		case r.Severity.String() != m[3]:
			t.Errorf("README gives %s the default %s; the rule says %s", m[1], m[3], r.Severity)
		}
		if m[1] != m[2] {
			t.Errorf("README row %s links to #%s", m[1], m[2])
		}
		if !strings.Contains(string(readme), "\n#### "+m[1]+"\n") {
			t.Errorf("README has no section \"#### %s\" for the rule's help link", m[1])
		}
	}
	var want []string
	for _, r := range registry.Default().Rules {
		want = append(want, r.Name)
	}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("README rules table lists\n  %v\nthe registry has\n  %v", names, want)
	}
}

// TestReadmeFlags keeps the README's flags table in step with --help:
// every flag postlint takes is in the table, and every flag the table
// names is one postlint takes.
func TestReadmeFlags(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	help, _, _ := runCLI(t, "", "", nil, "--help")
	inHelp := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^  --([a-z][a-z0-9-]*)`).FindAllStringSubmatch(help, -1) {
		inHelp[m[1]] = true
	}
	if len(inHelp) < 10 {
		t.Fatalf("only %d flags read from --help:\n%s", len(inHelp), help)
	}
	inTable := map[string]bool{}
	for _, row := range regexp.MustCompile("(?m)^\\| (`--[^|]*(?:\\\\\\|[^|]*)*) \\|").FindAllStringSubmatch(string(readme), -1) {
		for _, m := range regexp.MustCompile("`--([a-z][a-z0-9-]*)").FindAllStringSubmatch(row[1], -1) {
			inTable[m[1]] = true
		}
	}
	for f := range inHelp {
		if !inTable[f] {
			t.Errorf("--%s is in --help but not in the README's flags table", f)
		}
	}
	for f := range inTable {
		if !inHelp[f] {
			t.Errorf("the README's flags table has --%s, which --help does not list", f)
		}
	}
}

// TestReadmeTextOutput: the text format the README shows is what postlint
// prints on the sample posts, stdout and stderr.
func TestReadmeTextOutput(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("On the sample posts \\(`postlint --offline testdata/sample-posts`\\):\n\n```\n((?s:.*?))```\n\nand on stderr:\n\n```\n((?s:.*?))```\n").FindSubmatch(readme)
	if m == nil {
		t.Fatal("the README's text format section has no sample output")
	}
	root, _ := filepath.Abs("../..")
	out, errOut, _ := runCLI(t, root, "", nil, "--offline", "testdata/sample-posts")
	if out != string(m[1]) {
		t.Errorf("README shows\n%s\npostlint prints\n%s", m[1], out)
	}
	if errOut != string(m[2]) {
		t.Errorf("README shows on stderr\n%s\npostlint prints\n%s", m[2], errOut)
	}
}

// TestReadmeEditorsOffline: every editor snippet that lints passes
// --offline (the README's Editors section says why). The language
// server's subsection (### Language server) runs `postlint lsp`, which
// is not a lint command line, and is left out.
func TestReadmeEditorsOffline(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n## Editors\n")
	if !ok {
		t.Fatal("no Editors section")
	}
	if i := strings.Index(section, "\n## "); i >= 0 {
		section = section[:i]
	}
	if i := strings.Index(section, "\n### "); i >= 0 {
		section = section[:i]
	}
	blocks := regexp.MustCompile("(?s)```[a-z]*\n(.*?)```").FindAllStringSubmatch(section, -1)
	linting := 0
	for _, b := range blocks {
		if !strings.Contains(b[1], "postlint") {
			continue
		}
		linting++
		if !strings.Contains(b[1], "--offline") {
			t.Errorf("an editor snippet without --offline:\n%s", b[1])
		}
	}
	if linting < 6 {
		t.Errorf("%d linting snippets in the Editors section, want at least 6", linting)
	}
}

// TestReadmeVSCodeMatcher: the regular expression of the README's VS Code
// problem matcher matches the first line of each diagnostic of the text
// format, and no excerpt, caret or fix line.
func TestReadmeVSCodeMatcher(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`"regexp": ("(?:[^"\\]|\\.)*")`).FindSubmatch(readme)
	if m == nil {
		t.Fatal("no problem matcher in the README")
	}
	var expr string
	if err := json.Unmarshal(m[1], &expr); err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(expr)
	root, _ := filepath.Abs("../..")
	out, _, _ := runCLI(t, root, "", nil, "--offline", "--color", "never", "testdata/sample-posts")
	jsonOut, _, _ := runCLI(t, root, "", nil, "--offline", "--format", "json", "testdata/sample-posts")
	var doc struct{ Diagnostics []struct{ Rule string } }
	if err := json.Unmarshal([]byte(jsonOut), &doc); err != nil {
		t.Fatal(err)
	}
	var rules []string
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if sm := re.FindStringSubmatch(line); sm != nil {
			rules = append(rules, sm[6])
		}
	}
	var want []string
	for _, d := range doc.Diagnostics {
		want = append(want, d.Rule)
	}
	if len(want) < 5 || strings.Join(rules, " ") != strings.Join(want, " ") {
		t.Errorf("the matcher finds %v, the diagnostics are %v", rules, want)
	}
}
