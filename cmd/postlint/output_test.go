package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// hostilePosts are a post whose lines read as workflow commands and hold
// terminal escapes, under a file name with a newline and one that starts
// with "::".
func hostilePosts(t *testing.T) string {
	t.Helper()
	body := "Some text.\n\n    ::warning file=README.md,line=1::forged from an excerpt\n\n" +
		"::set-output name=x::forged sovle\n\n\x1b]0;pwned\x07\x1b[2J\x1b[31mred sovle\x1b[0m\n"
	dir := writeFiles(t, map[string]string{"posts/ok.md": post("Hostile", body)})
	for i, name := range []string{"evil\n::error file=x.md::forged from a name.md", "::notice::forged.md"} {
		if err := os.WriteFile(filepath.Join(dir, "posts", name), []byte(post(fmt.Sprint("Named ", i), "#### Deep\n")), 0o644); err != nil {
			t.Skip("the file system takes no such name:", err)
		}
	}
	return dir
}

// TestTextEscapesCLI (issue 18): a newline in a file name, and ANSI and
// OSC escapes in a post, reach the text output escaped, with --color never
// too; every line is a diagnostic's first line or indented.
func TestTextEscapesCLI(t *testing.T) {
	dir := hostilePosts(t)
	for _, args := range [][]string{{"--color", "never"}, {"--color", "always"}, {"--no-excerpt", "--color", "never"}} {
		out, _, _ := runCLI(t, dir, "", nil, append([]string{"--offline"}, append(args, "posts")...)...)
		if args[len(args)-1] == "always" {
			out = regexp.MustCompile(`\x1b\[[0-9;]*m`).ReplaceAllString(out, "")
		}
		if strings.ContainsAny(out, "\x1b\x07\r") {
			t.Errorf("%v: a control character reached the output:\n%q", args, out)
		}
		for _, want := range []string{`posts/evil\n::error file=x.md::forged from a name.md:7:1: warning: heading level 4`,
			"posts/::notice::forged.md:7:1: warning:"} {
			if !strings.Contains(out, want) {
				t.Errorf("%v: no %q in\n%s", args, want, out)
			}
		}
		for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			if !strings.HasPrefix(line, " ") && !textLine.MatchString(line) && !strings.HasPrefix(line, "posts/") {
				t.Errorf("%v: neither a diagnostic nor indented: %q", args, line)
			}
		}
		if args[0] == "--color" && args[1] == "never" && !strings.Contains(out, `   13 | \x1B]0;pwned\x07\x1B[2J\x1B[31mred sovle\x1B[0m`+"\n") {
			t.Errorf("the escapes are not shown as text:\n%s", out)
		}
	}
}

// TestTextInActions (issue 18): in GitHub Actions the text format is
// fenced with ::stop-commands::, under a token no file can know, so that
// neither an excerpt nor a file name is run as a workflow command; the
// summary on stderr comes before the fence closes.
func TestTextInActions(t *testing.T) {
	dir := hostilePosts(t)
	gh := map[string]string{"GITHUB_ACTIONS": "true"}
	tokens := map[string]bool{}
	for _, args := range [][]string{{"--format", "text"}, {"--format", "text", "--no-excerpt"}, {"--diff"}, {"--format", "json", "--diff"}} {
		out, _, _ := runCLI(t, dir, "", gh, append([]string{"--offline"}, append(args, "posts")...)...)
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		token, ok := strings.CutPrefix(lines[0], "::stop-commands::")
		if !ok || len(token) < 32 || lines[len(lines)-1] != "::"+token+"::" {
			t.Fatalf("%v: not fenced:\n%s", args, out)
		}
		if tokens[token] || strings.Contains(readAll(t, dir), token) {
			t.Errorf("%v: token %q is not fresh", args, token)
		}
		tokens[token] = true
		for _, line := range lines[1 : len(lines)-1] {
			if strings.Contains(line, token) {
				t.Errorf("%v: the token is inside the fence: %q", args, line)
			}
		}
	}
	// JSON and SARIF stay one document; the github format is commands.
	for _, format := range []string{"json", "sarif", "github"} {
		if out, _, _ := runCLI(t, dir, "", gh, "--offline", "--format", format, "posts"); strings.Contains(out, "::stop-commands::") {
			t.Errorf("%s fenced:\n%s", format, out)
		}
	}
	// Outside Actions, no fence.
	if out, _, _ := runCLI(t, dir, "", nil, "--offline", "posts"); strings.Contains(out, "stop-commands") {
		t.Errorf("fenced outside Actions:\n%s", out)
	}
}

// readAll is the text of every file under dir.
func readAll(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			src, _ := os.ReadFile(p)
			b.Write(src)
		}
		return nil
	})
	return b.String()
}

// TestDidYouMean: a misspelt rule name in the config, a flag or a
// directive is answered with the nearest rule.
func TestDidYouMean(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"cfg/.postlint.yml": "rules:\n  singel-h1: off\n",
		"a.md":              post("A", "<!-- postlint-disable-next-line spelling -->\nText.\n"),
	})
	_, errOut, code := runCLI(t, filepath.Join(dir, "cfg"), "", nil, "--offline")
	if code != exitError || !strings.Contains(errOut, `.postlint.yml:2: rules: unknown rule "singel-h1"; did you mean "single-h1"?`) {
		t.Errorf("config: exit %d, %s", code, errOut)
	}
	_, errOut, code = runCLI(t, dir, "", nil, "--offline", "--disable", "deadlink", "a.md")
	if code != exitError || errOut != "postlint: unknown rule \"deadlink\"; did you mean \"dead-link\"?\n" {
		t.Errorf("flag: exit %d, %q", code, errOut)
	}
	out, _, _ := runCLI(t, dir, "", nil, "--offline", "--no-excerpt", "a.md")
	if want := "a.md:7:1: warning: directive names unknown rule \"spelling\"; did you mean \"misspelling\"? [bad-directive]\n"; out != want {
		t.Errorf("directive:\n%s\nwant\n%s", out, want)
	}
}

// TestExplainFixes: explain says which of a rule's fixes --fix applies.
func TestExplainFixes(t *testing.T) {
	for rule, want := range map[string]string{
		"misplaced-bom": "\nFixes: safe; --fix applies them.\n",
		"invalid-utf8":  "\nFixes: suggestions only; --fix never applies them",
		"wrong-word":    "\nFixes: some safe, applied by --fix; the others are suggestions. Fixes of fixed\nphrases",
	} {
		if out, _, _ := runCLI(t, "", "", nil, "explain", rule); !strings.Contains(out, want) {
			t.Errorf("explain %s:\n%s", rule, out)
		}
	}
	if out, _, _ := runCLI(t, "", "", nil, "explain", "single-h1"); strings.Contains(out, "Fixes:") {
		t.Errorf("explain single-h1 speaks of fixes:\n%s", out)
	}
}

// TestHTMLFormatCLI: --format html writes one page on stdout, the summary
// on stderr, and the exit status is that of the findings; the page names
// each post by its title and shows a fix as a diff of the file.
func TestHTMLFormatCLI(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"_posts/2017-04-01-kubecon.md": "---\ntitle: KubeCon day 3\nlang: en\ntags: [k8s]\n---\n\nThe last day of Kubecon.\n",
		"_posts/2020-01-01-clean.md":   post("Clean", "## Fine\n\nText.\n"),
	})
	out, errOut, code := runCLI(t, dir, "", nil, "--offline", "--format", "html", "--fail-level", "warning", "_posts")
	if code != exitProblems || !strings.HasPrefix(out, "<!doctype html>") || !strings.HasSuffix(strings.TrimSpace(out), "</html>") {
		t.Fatalf("exit %d, stdout %.200q", code, out)
	}
	for _, want := range []string{"<title>postlint report: _posts</title>", `<span class="title">KubeCon day 3</span>`,
		`<span class="date">2017-04-01</span>`, `+ The last day of <ins>KubeCon</ins>.`, "External links were not checked (--offline)"} {
		if !strings.Contains(out, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	if !strings.HasPrefix(errOut, "1 warning in 2 files\n") {
		t.Errorf("stderr: %q", errOut)
	}
}
