package rules_test

import (
	"testing"

	"github.com/postlint/postlint/rules"
)

// TestRegistryRule looks rules up by name as the list changes: the first
// of two with one name, none for an unknown one, and rules added or
// replaced after the first lookup.
func TestRegistryRule(t *testing.T) {
	a, b, a2 := &rules.Rule{Name: "a"}, &rules.Rule{Name: "b"}, &rules.Rule{Name: "a"}
	reg := &rules.Registry{Rules: []*rules.Rule{a, b, a2}}
	if reg.Rule("a") != a || reg.Rule("b") != b || reg.Rule("c") != nil || reg.Rule("") != nil {
		t.Fatal("lookups in the first list")
	}
	c := &rules.Rule{Name: "c"}
	reg.Rules = append(reg.Rules, c)
	if reg.Rule("c") != c || reg.Rule("a") != a {
		t.Fatal("a rule appended after a lookup is not found")
	}
	reg.Rules = []*rules.Rule{b}
	if reg.Rule("a") != nil || reg.Rule("c") != nil || reg.Rule("b") != b {
		t.Fatal("a list replaced after a lookup is not the one looked in")
	}
	reg.Rules = nil
	if reg.Rule("b") != nil {
		t.Fatal("an empty list holds a rule")
	}
}
