package report

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postlint/postlint/rules"
)

var update = flag.Bool("update", false, "write golden files")

// checkGolden compares got with testdata/report/NAME, or writes it with -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("..", "testdata", "report", name)
	if *update {
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test -update and read the diff):\n%s", p, got)
	}
}

// trickyDiagnostics have what a workflow command must survive: commas and
// colons in paths, newlines, carriage returns and percent signs in messages.
func trickyDiagnostics(workspace string) []rules.Diagnostic {
	return []rules.Diagnostic{
		{Path: filepath.Join(workspace, "posts", "a,title=forged.md"), Rule: "heading-increment", Severity: rules.Error,
			Message: "100% sure:\nline two\r\nline three", Line: 3, Column: 1, EndLine: 3, EndColumn: 9},
		{Path: filepath.Join(workspace, "posts", "b:c.md"), Rule: "heading-missing-space", Severity: rules.Warning,
			Message: "%0A is not a newline, %25 is not a percent", Line: 12, Column: 4, EndLine: 12, EndColumn: 11},
		{Path: "/elsewhere/d.md", Rule: "unused-directive", Severity: rules.Info,
			Message: "::error::not a command", Line: 1, Column: 1, EndLine: 2, EndColumn: 1},
	}
}

func TestGitHubGolden(t *testing.T) {
	ws := filepath.FromSlash("/home/runner/work/blog/blog")
	var b bytes.Buffer
	if err := GitHub(&b, trickyDiagnostics(ws), GitHubOptions{Workspace: ws}); err != nil {
		t.Fatal(err)
	}
	// Three files: a group of one command each.
	if n := strings.Count(b.String(), "\n"); n != 9 {
		t.Errorf("%d lines for 3 diagnostics in 3 files:\n%s", n, b.String())
	}
	checkGolden(t, "github.golden", b.Bytes())
}

// parseCommand reads a workflow command back the way the runner does: split
// the properties at commas and equals signs, then unescape.
func parseCommand(t *testing.T, line string) (level string, props map[string]string, msg string) {
	t.Helper()
	if !strings.HasPrefix(line, "::") {
		t.Fatalf("not a command: %q", line)
	}
	rest := line[2:]
	end := strings.Index(rest, "::")
	if end < 0 {
		t.Fatalf("no message: %q", line)
	}
	head, data := rest[:end], rest[end+2:]
	level, list, _ := strings.Cut(head, " ")
	unescape := strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%").Replace
	props = map[string]string{}
	for _, kv := range strings.Split(list, ",") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			t.Fatalf("property without value %q in %q", kv, line)
		}
		if _, dup := props[k]; dup {
			t.Fatalf("property %q twice in %q", k, line)
		}
		props[k] = unescape(v)
	}
	return level, props, strings.NewReplacer("%0D", "\r", "%0A", "\n", "%25", "%").Replace(data)
}

func TestGitHubRoundTrip(t *testing.T) {
	ws := filepath.FromSlash("/home/runner/work/blog/blog")
	diags := trickyDiagnostics(ws)
	var b bytes.Buffer
	if err := GitHub(&b, diags, GitHubOptions{Workspace: ws}); err != nil {
		t.Fatal(err)
	}
	wantFiles := []string{"posts/a,title=forged.md", "posts/b:c.md", "/elsewhere/d.md"}
	wantLevels := []string{"error", "warning", "notice"}
	var lines []string
	group := ""
	for _, line := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
		if title, ok := strings.CutPrefix(line, "::group::"); ok {
			if group != "" {
				t.Errorf("group %q opened inside %q", title, group)
			}
			group = title
			continue
		}
		if line == "::endgroup::" {
			group = ""
			continue
		}
		if group != escapeData(wantFiles[len(lines)]) {
			t.Errorf("%q in group %q", line, group)
		}
		lines = append(lines, line)
	}
	if len(lines) != len(diags) || group != "" {
		t.Fatalf("%d commands, group %q left open:\n%s", len(lines), group, b.String())
	}
	for i, line := range lines {
		level, props, msg := parseCommand(t, line)
		d := diags[i]
		if level != wantLevels[i] {
			t.Errorf("level %q, want %q", level, wantLevels[i])
		}
		want := map[string]string{
			"file": wantFiles[i], "line": fmt.Sprint(d.Line), "col": fmt.Sprint(d.Column),
			"endLine": fmt.Sprint(d.EndLine), "endColumn": fmt.Sprint(d.EndColumn), "title": d.Rule,
		}
		if fmt.Sprint(props) != fmt.Sprint(want) {
			t.Errorf("properties\n got %v\nwant %v", props, want)
		}
		if msg != d.Message {
			t.Errorf("message %q, want %q", msg, d.Message)
		}
	}
}

func TestWorkspacePath(t *testing.T) {
	ws := t.TempDir()
	for _, tc := range []struct{ in, want string }{
		{filepath.Join(ws, "posts", "a.md"), "posts/a.md"},
		{filepath.Join(ws, "a.md"), "a.md"},
		{filepath.Join(ws, "..", "outside.md"), filepath.ToSlash(filepath.Join(ws, "..", "outside.md"))},
		{filepath.Join(ws, "..foo", "x.md"), "..foo/x.md"}, // a directory called ..foo is inside
	} {
		if got := WorkspacePath(tc.in, ws); got != tc.want {
			t.Errorf("WorkspacePath(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := WorkspacePath(filepath.Join("posts", "a.md"), ""); got != "posts/a.md" {
		t.Errorf("no workspace: %q", got)
	}
	// A relative path is taken from the current directory.
	t.Chdir(ws)
	if got := WorkspacePath(filepath.Join("sub", "a.md"), ws); got != "sub/a.md" {
		t.Errorf("relative path: %q", got)
	}
}

func TestGitHubNeedsSummary(t *testing.T) {
	many := func(sev rules.Severity, n int) []rules.Diagnostic {
		ds := make([]rules.Diagnostic, n)
		for i := range ds {
			ds[i] = rules.Diagnostic{Path: "a.md", Rule: "r", Severity: sev, Message: "m", Line: i + 1, Column: 1}
		}
		return ds
	}
	for _, tc := range []struct {
		name  string
		diags []rules.Diagnostic
		want  bool
	}{
		{"none", nil, false},
		{"ten warnings", many(rules.Warning, 10), false},
		{"ten of each level", append(append(many(rules.Error, 10), many(rules.Warning, 10)...), many(rules.Info, 10)...), false},
		{"eleven warnings", many(rules.Warning, 11), true},
		{"eleven notices", many(rules.Info, 11), true},
	} {
		if got := GitHubNeedsSummary(tc.diags); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestGitHubSummaryGolden(t *testing.T) {
	ws := filepath.FromSlash("/home/runner/work/blog/blog")
	diags := append(trickyDiagnostics(ws), rules.Diagnostic{
		Path: filepath.Join(ws, "x_y.md"), Rule: "terms", Severity: rules.Warning,
		Message: "<script> | *not* `code` & [link](u) \\ ~~", Line: 7, Column: 2,
	})
	var b bytes.Buffer
	if err := GitHubSummary(&b, diags, 4, GitHubOptions{Workspace: ws}); err != nil {
		t.Fatal(err)
	}
	// Every row has exactly the table's five cells: no unescaped pipe.
	for _, line := range strings.Split(b.String(), "\n") {
		if strings.HasPrefix(line, "| ") {
			if n := strings.Count(line, "|") - strings.Count(line, `\|`); n != 6 {
				t.Errorf("%d cell separators in %q", n, line)
			}
		}
	}
	if strings.Contains(b.String(), "<script>") {
		t.Error("HTML not escaped")
	}
	checkGolden(t, "github-summary.golden", b.Bytes())
}

func TestGitHubSummaryLimit(t *testing.T) {
	diags := make([]rules.Diagnostic, summaryRowLimit+5)
	for i := range diags {
		diags[i] = rules.Diagnostic{Path: "a.md", Rule: "r", Severity: rules.Warning, Message: "m", Line: i + 1, Column: 1}
	}
	var b bytes.Buffer
	if err := GitHubSummary(&b, diags, 1, GitHubOptions{}); err != nil {
		t.Fatal(err)
	}
	if rows := strings.Count(b.String(), "\n| a.md |"); rows != summaryRowLimit {
		t.Errorf("%d rows, want %d", rows, summaryRowLimit)
	}
	if !strings.Contains(b.String(), "and 5 more") {
		t.Error("no note of the rows left out")
	}
}

// TestGitHubGroups: one ::group:: per file, holding that file's commands;
// nothing at all for no diagnostics.
func TestGitHubGroups(t *testing.T) {
	d := func(p string, line int) rules.Diagnostic {
		return rules.Diagnostic{Path: p, Rule: "r", Severity: rules.Warning, Message: "m", Line: line, Column: 1, EndLine: line, EndColumn: 2}
	}
	var b bytes.Buffer
	if err := GitHub(&b, []rules.Diagnostic{d("a.md", 1), d("a.md", 2), d("b.md", 3)}, GitHubOptions{}); err != nil {
		t.Fatal(err)
	}
	var shape []string
	for _, line := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
		shape = append(shape, strings.SplitN(line, ",", 2)[0])
	}
	want := "::group::a.md|::warning file=a.md|::warning file=a.md|::endgroup::|::group::b.md|::warning file=b.md|::endgroup::"
	if got := strings.Join(shape, "|"); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	b.Reset()
	if err := GitHub(&b, nil, GitHubOptions{}); err != nil || b.Len() != 0 {
		t.Errorf("no diagnostics: %q, %v", b.String(), err)
	}
}
