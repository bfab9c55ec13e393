package main

import (
	"os"
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
	row := regexp.MustCompile("(?m)^\\| \\[`([a-z0-9-]+)`\\]\\(#([a-z0-9-]+)\\) \\| (error|warning|info) \\|")
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
