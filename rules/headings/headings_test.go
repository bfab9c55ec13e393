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
