package rules_test

import (
	"testing"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/registry"
	"github.com/postlint/postlint/rules/rulestest"
)

func TestDirectives(t *testing.T) {
	rulestest.Run(t, registry.Default(), "../testdata/directives",
		"heading-increment", "single-h1", rules.BadDirective.Name, rules.UnusedDirective.Name)
}
