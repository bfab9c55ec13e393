package report

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"

	"github.com/postlint/postlint/rules"
)

// SummaryOptions control the summary printed on stderr.
type SummaryOptions struct {
	Files int
	// ConfigFile is the config file in use, named in the line that
	// switches a dominant rule off; "" for the built-in defaults.
	ConfigFile string
	// Fixed says the run was --fix: what is left is what it could not do,
	// so the count of fixable diagnostics is not offered again.
	Fixed bool
}

// dominantShare and dominantCount decide when a rule gets the line that
// switches it off: a third of every finding, and enough of them to be a
// habit of the blog rather than a slip.
const (
	dominantShare = 3
	dominantCount = 10
)

// ruleCount is one rule's line of the summary.
type ruleCount struct {
	rule                  string
	n, fixable, suggested int
}

// Fixable says whether --fix applies a fix of d.
func Fixable(d rules.Diagnostic) bool {
	for _, f := range d.Fixes {
		if f.Safe && len(f.Edits) > 0 {
			return true
		}
	}
	return false
}

// WriteSummary writes the summary: the counts by severity (Summary's
// line); with findings of more than one rule, the count of each, most
// frequent first; how many --fix would fix; and for a rule that dominates,
// how to switch it off.
func WriteSummary(w io.Writer, diags []rules.Diagnostic, opt SummaryOptions) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, Summary(diags, opt.Files))
	counts := map[string]*ruleCount{}
	var list []*ruleCount
	fixable, suggested := 0, 0
	for _, d := range diags {
		c := counts[d.Rule]
		if c == nil {
			c = &ruleCount{rule: d.Rule}
			counts[d.Rule] = c
			list = append(list, c)
		}
		c.n++
		switch {
		case Fixable(d):
			c.fixable++
			fixable++
		case len(d.Fixes) > 0:
			c.suggested++
			suggested++
		}
	}
	slices.SortFunc(list, func(a, b *ruleCount) int { return cmp.Or(cmp.Compare(b.n, a.n), cmp.Compare(a.rule, b.rule)) })
	if len(list) > 1 {
		nameWidth, numWidth := 0, len(fmt.Sprint(list[0].n))
		for _, c := range list {
			nameWidth = max(nameWidth, len(c.rule))
		}
		for _, c := range list {
			line := fmt.Sprintf("  %*d  %-*s", numWidth, c.n, nameWidth, EscapeText(c.rule))
			if note := fixNote(c.fixable, c.suggested, opt.Fixed); note != "" {
				line += "  " + note
			}
			fmt.Fprintln(bw, trimRight(line))
		}
	}
	if !opt.Fixed && fixable > 0 {
		fmt.Fprintf(bw, "%s with --fix (--diff shows the changes first)", countOf(fixable, "fixable", "fixable"))
		if suggested > 0 {
			fmt.Fprintf(bw, "; %s to review", countOf(suggested, "more has a suggestion", "more have suggestions"))
		}
		fmt.Fprintln(bw)
	}
	for _, c := range list {
		if c.n < dominantCount || c.n*dominantShare < len(diags) {
			break
		}
		where := "put `rules: {" + c.rule + ": off}` in a .postlint.yml"
		if opt.ConfigFile != "" {
			where = "add `" + c.rule + ": off` under `rules:` in " + EscapeText(opt.ConfigFile)
		}
		fmt.Fprintf(bw, "%s is %d of the %d: to switch it off, %s, or run with --disable %s\n",
			c.rule, c.n, len(diags), where, c.rule)
	}
	return bw.Flush()
}

func fixNote(fixable, suggested int, fixed bool) string {
	var s string
	if fixable > 0 && !fixed {
		s = fmt.Sprintf("%d fixable", fixable)
	}
	if suggested > 0 {
		if s != "" {
			s += ", "
		}
		s += countOf(suggested, "suggestion", "suggestions")
	}
	return s
}

func countOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func trimRight(s string) string {
	for len(s) > 0 && s[len(s)-1] == ' ' {
		s = s[:len(s)-1]
	}
	return s
}
