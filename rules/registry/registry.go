// Package registry lists every rule and config section postlint knows.
// A rule family adds itself here, in the order `postlint rules` prints.
package registry

import (
	"sync"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/frontmatter"
	"github.com/postlint/postlint/rules/headings"
	"github.com/postlint/postlint/rules/language"
	"github.com/postlint/postlint/rules/links"
	"github.com/postlint/postlint/rules/mojibake"
	"github.com/postlint/postlint/rules/site"
)

var (
	once sync.Once
	reg  *rules.Registry
)

// Default returns the registry of every built-in rule.
func Default() *rules.Registry {
	once.Do(func() {
		reg = &rules.Registry{}
		reg.Rules = append(reg.Rules, headings.Rules...)
		reg.Rules = append(reg.Rules, links.Rules...)
		reg.Sections = append(reg.Sections, links.Sections...)
		reg.Rules = append(reg.Rules, language.Rules...)
		reg.Sections = append(reg.Sections, language.Sections...)
		reg.Rules = append(reg.Rules, frontmatter.Rules...)
		reg.Sections = append(reg.Sections, frontmatter.Sections...)
		reg.Rules = append(reg.Rules, mojibake.Rules...)
		reg.Rules = append(reg.Rules, site.Rules...)
		reg.Sections = append(reg.Sections, site.Sections...)
		reg.Rules = append(reg.Rules, rules.BadDirective, rules.UnusedDirective, rules.FileLimits)
	})
	return reg
}
