package report

import (
	"bufio"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/postlint/postlint/rules"
)

// GitHubOptions control the GitHub Actions format.
type GitHubOptions struct {
	// Workspace is $GITHUB_WORKSPACE: paths inside it are written relative
	// to it, so that annotations land on the right file of the checkout.
	Workspace string
}

// GitHubAnnotationLimit is how many annotations of one level GitHub shows
// for a step; the rest are dropped from the UI.
const GitHubAnnotationLimit = 10

// GitHub writes one workflow command per diagnostic, in one group per
// file, so that the log folds each file's findings under its name:
//
//	::group::PATH
//	::error file=PATH,line=L,col=C,endLine=EL,endColumn=EC,title=RULE::MESSAGE
//	::endgroup::
func GitHub(w io.Writer, diags []rules.Diagnostic, opt GitHubOptions) error {
	bw := bufio.NewWriter(w)
	for i, d := range diags {
		path := WorkspacePath(d.Path, opt.Workspace)
		if i == 0 || d.Path != diags[i-1].Path {
			if i > 0 {
				fmt.Fprintln(bw, "::endgroup::")
			}
			fmt.Fprintf(bw, "::group::%s\n", escapeData(path))
		}
		fmt.Fprintf(bw, "::%s file=%s,line=%d,col=%d,endLine=%d,endColumn=%d,title=%s::%s\n",
			githubLevel(d.Severity), escapeProperty(path),
			d.Line, d.Column, d.EndLine, d.EndColumn, escapeProperty(d.Rule), escapeData(d.Message))
	}
	if len(diags) > 0 {
		fmt.Fprintln(bw, "::endgroup::")
	}
	return bw.Flush()
}

func githubLevel(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "error"
	case rules.Warning:
		return "warning"
	}
	return "notice"
}

// escapeData escapes a workflow command's message as the runner unescapes it.
var escapeData = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace

// escapeProperty escapes a property value: also ":" and ",", so that a
// comma in a file name cannot start a forged property.
var escapeProperty = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace

// WorkspacePath returns p relative to workspace, with forward slashes, when
// p lies inside it; otherwise p as it is (with forward slashes).
func WorkspacePath(p, workspace string) string {
	if workspace != "" {
		abs, err1 := filepath.Abs(p)
		ws, err2 := filepath.Abs(workspace)
		if err1 == nil && err2 == nil {
			if rel, err := filepath.Rel(ws, abs); err == nil && rel != ".." &&
				!strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				return filepath.ToSlash(rel)
			}
		}
	}
	return filepath.ToSlash(p)
}

// GitHubNeedsSummary says whether some level has more diagnostics than
// GitHub shows as annotations, so that a step summary should list them all.
func GitHubNeedsSummary(diags []rules.Diagnostic) bool {
	n := map[string]int{}
	for _, d := range diags {
		n[githubLevel(d.Severity)]++
	}
	for _, c := range n {
		if c > GitHubAnnotationLimit {
			return true
		}
	}
	return false
}

// summaryRowLimit keeps the step summary well under GitHub's 1 MiB limit.
const summaryRowLimit = 1000

// GitHubSummary writes a Markdown table of every diagnostic, for
// $GITHUB_STEP_SUMMARY.
func GitHubSummary(w io.Writer, diags []rules.Diagnostic, files int, opt GitHubOptions) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "### postlint: %s\n\n", Summary(diags, files))
	fmt.Fprintf(bw, "GitHub shows at most %d annotations of each level per step; this table lists every diagnostic.\n\n", GitHubAnnotationLimit)
	fmt.Fprintln(bw, "| File | Line:Col | Severity | Rule | Message |")
	fmt.Fprintln(bw, "| --- | ---: | --- | --- | --- |")
	for i, d := range diags {
		if i == summaryRowLimit {
			fmt.Fprintf(bw, "\n… and %d more (run postlint locally to see them all).\n", len(diags)-i)
			break
		}
		fmt.Fprintf(bw, "| %s | %d:%d | %s | %s | %s |\n", markdownCell(WorkspacePath(d.Path, opt.Workspace)),
			d.Line, d.Column, d.Severity, markdownCell(d.Rule), markdownCell(d.Message))
	}
	fmt.Fprintln(bw)
	return bw.Flush()
}

// markdownCell keeps text literal inside a GFM table cell: no line breaks,
// no column separators, no HTML or Markdown markup.
var markdownCell = strings.NewReplacer(
	"\r\n", " ", "\n", " ", "\r", " ", "|", `\|`, `\`, `\\`,
	"&", "&amp;", "<", "&lt;", ">", "&gt;",
	"*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`, "~", `\~`,
).Replace
