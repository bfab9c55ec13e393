package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/postlint/postlint/rules"
)

// summaryPosts are twelve posts with a habit (a # section under a title)
// and a few slips: misspellings --fix fixes, a wrong word it only
// suggests, a skipped heading level with no fix.
func summaryPosts(t *testing.T) []rules.Diagnostic {
	t.Helper()
	files := map[string]string{}
	for i := range 12 {
		files[fmt.Sprintf("posts/%02d.md", i)] = fmt.Sprintf("---\ntitle: Post %d\ndate: 2024-01-01\ntags: [x]\n---\n\n# Section\n\nText.\n", i)
	}
	files["posts/slips.md"] = "---\ntitle: Slips\ndate: 2024-01-01\ntags: [x]\n---\n\n" +
		"We sovle it, and sovle it again; the setup is intimating to the average user.\n\n#### Deep\n"
	return lintFiles(t, files, "single-h1", "misspelling", "wrong-word", "heading-increment")
}

func summaryOf(t *testing.T, diags []rules.Diagnostic, opt SummaryOptions) string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteSummary(&b, diags, opt); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestSummaryGolden: counts per rule, most frequent first, with what --fix
// would fix and what it only suggests; the line that switches a dominant
// rule off, naming the config file in use or saying to make one.
func TestSummaryGolden(t *testing.T) {
	diags := summaryPosts(t)
	var b strings.Builder
	for _, c := range []struct {
		name string
		opt  SummaryOptions
	}{
		{"no config file", SummaryOptions{Files: 13}},
		{"a config file", SummaryOptions{Files: 13, ConfigFile: "blog/.postlint.yml"}},
		{"after --fix", SummaryOptions{Files: 13, Fixed: true}},
	} {
		fmt.Fprintf(&b, "== %s\n%s", c.name, summaryOf(t, diags, c.opt))
	}
	slips := []rules.Diagnostic{}
	for _, d := range diags {
		if d.Rule == "misspelling" {
			slips = append(slips, d)
		}
	}
	fmt.Fprintf(&b, "== one rule\n%s", summaryOf(t, slips, SummaryOptions{Files: 1}))
	fmt.Fprintf(&b, "== nothing\n%s", summaryOf(t, nil, SummaryOptions{Files: 3}))
	checkGolden(t, "summary.golden", []byte(b.String()))

	out := summaryOf(t, diags, SummaryOptions{Files: 13})
	if !strings.HasPrefix(out, Summary(diags, 13)+"\n") {
		t.Errorf("the first line is not Summary's:\n%s", out)
	}
	if !strings.Contains(out, "single-h1 is 12 of the 16") || !strings.Contains(out, "2 fixable with --fix") {
		t.Errorf("summary:\n%s", out)
	}
	// A rule under a third of the findings gets no such line.
	if strings.Count(out, "to switch it off") != 1 {
		t.Errorf("summary:\n%s", out)
	}
}
