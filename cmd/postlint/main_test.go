package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "write golden files")

// runCLI runs postlint in-process, as a user would from dir.
func runCLI(t *testing.T, dir string, stdin string, environ map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	if dir != "" {
		t.Chdir(dir)
	}
	var out, errb bytes.Buffer
	code = run(args, &env{
		stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb,
		getenv: func(k string) string { return environ[k] },
	})
	return out.String(), errb.String(), code
}

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// post returns a post with complete front matter; every title must differ,
// or the posts are reported as duplicates of each other.
func post(title, body string) string {
	return "---\ntitle: " + title + "\ndate: 2020-01-01\ntags: [go]\n---\n\n" + body
}

var (
	skipPost  = post("Skip", "### Skipped\n")
	cleanPost = post("Clean", "## Fine\n\nText.\n")
)

var textLine = regexp.MustCompile(`^[^ \t:][^:]*:\d+:\d+: (error|warning|info): .+ \[[a-z0-9-]+\]$`)

func TestTextFormat(t *testing.T) {
	dir := writeFiles(t, map[string]string{"posts/a.md": post("A", "### Skipped\n"), "posts/b.markdown": post("B", "### Skipped\n"), "posts/c.txt": post("C", "### Skipped\n")})
	out, errOut, code := runCLI(t, dir, "", nil, "--offline", "posts")
	if code != 0 {
		t.Errorf("exit %d, want 0 (warnings only, fail level error)\n%s", code, errOut)
	}
	var heads []string
	for _, line := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		if strings.HasPrefix(line, " ") {
			continue // excerpt, caret and fix lines are indented
		}
		if !textLine.MatchString(line) {
			t.Errorf("not PATH:LINE:COL: SEVERITY: MESSAGE [RULE]: %q", line)
		}
		heads = append(heads, line)
	}
	want := []string{
		"posts/a.md:7:1: warning: heading level 3 follows the front-matter title (level 1); expected level 2 [heading-increment]",
		"posts/b.markdown:7:1: warning: heading level 3 follows the front-matter title (level 1); expected level 2 [heading-increment]",
	}
	if strings.Join(heads, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(heads, "\n"), strings.Join(want, "\n"))
	}
	if !strings.Contains(out, "    7 | ### Skipped\n      | ^~~~~~~~~~~\n") {
		t.Errorf("no excerpt with caret in\n%s", out)
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour when stdout is not a terminal")
	}
	if !strings.Contains(errOut, "2 warnings in 2 files") {
		t.Errorf("summary on stderr: %q", errOut)
	}
}

func TestJSONFormat(t *testing.T) {
	dir := writeFiles(t, map[string]string{"b.md": skipPost, "a.md": post("A", "## One\n\n# Two\n\n##Three\n"), "c.md": cleanPost})
	out, errOut, code := runCLI(t, dir, "", nil, "--format", "json", "--offline", "--enable=single-h1", ".")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc map[string]any
	dec := json.NewDecoder(strings.NewReader(out))
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, out)
	}
	if dec.More() {
		t.Error("more than one JSON document on stdout")
	}
	if doc["version"] != 1.0 {
		t.Errorf("version %v", doc["version"])
	}
	diags := doc["diagnostics"].([]any)
	var paths []string
	for _, d := range diags {
		m := d.(map[string]any)
		paths = append(paths, m["path"].(string))
		for _, k := range []string{"path", "line", "column", "endLine", "endColumn", "offset", "endOffset", "severity", "rule", "message"} {
			if _, ok := m[k]; !ok {
				t.Errorf("diagnostic without %q: %v", k, m)
			}
		}
	}
	if strings.Join(paths, " ") != "a.md a.md b.md" {
		t.Errorf("paths %v, want sorted by path then offset", paths)
	}
	fix := diags[1].(map[string]any)
	if fix["rule"] != "heading-missing-space" || fix["offset"] != 61.0 {
		t.Fatalf("second diagnostic %v", fix)
	}
	edits := fix["fixes"].([]any)[0].(map[string]any)["edits"].([]any)[0].(map[string]any)
	if edits["offset"] != 63.0 || edits["endOffset"] != 63.0 || edits["newText"] != " " {
		t.Errorf("edit %v", edits)
	}
	if _, ok := diags[0].(map[string]any)["fixes"]; ok {
		t.Error("fixes present on a diagnostic without fixes")
	}
	sum := doc["summary"].(map[string]any)
	if sum["files"] != 3.0 || sum["warnings"] != 3.0 || sum["errors"] != 0.0 || sum["infos"] != 0.0 {
		t.Errorf("summary %v", sum)
	}
	if errOut != "" {
		t.Errorf("stderr in JSON mode: %q", errOut)
	}
}

func TestExitStatus(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"skip.md":           skipPost,
		"clean.md":          cleanPost,
		"bad/.postlint.yml": "rules:\n  heading-increment: loud\n",
		"err/.postlint.yml": "rules:\n  heading-increment: error\n",
		"err/skip.md":       skipPost,
	})
	for _, tc := range []struct {
		name, cwd string
		args      []string
		code      int
		stderr    string
	}{
		{"clean", ".", []string{"--offline", "clean.md"}, 0, "no problems in 1 file"},
		{"warnings below the fail level", ".", []string{"--offline", "skip.md"}, 0, ""},
		{"fail level warning", ".", []string{"--offline", "--fail-level", "warning", "skip.md"}, 1, ""},
		{"config makes it an error", "err", []string{"--offline"}, 1, ""},
		{"disabled rule", "err", []string{"--offline", "--disable", "heading-increment"}, 0, "no problems"},
		{"missing path", ".", []string{"--offline", "--fail-level=warning", "nope.md", "skip.md"}, 2, "nope.md: no such file or directory"},
		{"invalid config", "bad", []string{"--offline"}, 2, `.postlint.yml:2: rules: heading-increment: unknown severity "loud"`},
		{"explicit config", ".", []string{"--config", "bad/.postlint.yml", "clean.md"}, 2, "unknown severity"},
		{"missing config", ".", []string{"--config", "nope.yml", "clean.md"}, 2, "nope.yml"},
		{"unknown flag", ".", []string{"--frobnicate"}, 2, "flag provided but not defined: --frobnicate\n"},
		{"flag without its value", ".", []string{"--fail-level"}, 2, "flag needs an argument: --fail-level\n"},
		{"bad format", ".", []string{"--format", "xml"}, 2, `unknown --format "xml"`},
		{"bad fail level", ".", []string{"--fail-level", "fatal"}, 2, "bad --fail-level"},
		{"unknown rule", ".", []string{"--enable", "nope"}, 2, `unknown rule "nope"`},
		{"explain unknown", ".", []string{"explain", "nope"}, 2, `unknown rule "nope"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, filepath.Join(dir, tc.cwd), "", nil, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.code, out, errOut)
			}
			if !strings.Contains(errOut, tc.stderr) {
				t.Errorf("stderr %q does not contain %q", errOut, tc.stderr)
			}
		})
	}
	// A missing path still lets every other file be linted and printed.
	out, _, _ := runCLI(t, dir, "", nil, "--offline", "nope.md", "skip.md")
	if !strings.Contains(out, "skip.md:7:1: warning:") {
		t.Errorf("other files not reported with a missing path:\n%s", out)
	}
}

func TestWalk(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		".postlint.yml":      "ignore: [\"drafts/**\"]\n",
		"posts/a.md":         post("posts/a.md", "### Skipped\n"),
		"posts/.hidden/b.md": post("posts/.hidden/b.md", "### Skipped\n"),
		"node_modules/c.md":  post("node_modules/c.md", "### Skipped\n"),
		"vendor/d.md":        post("vendor/d.md", "### Skipped\n"),
		"_site/e.md":         post("_site/e.md", "### Skipped\n"),
		"public/f.md":        post("public/f.md", "### Skipped\n"),
		"drafts/g.md":        post("drafts/g.md", "### Skipped\n"),
		"posts/h.MD":         post("posts/h.MD", "### Skipped\n"),
		"posts/i.markdown":   post("posts/i.markdown", "### Skipped\n"),
		"posts/j.mdx":        post("posts/j.mdx", "### Skipped\n"),
	})
	out, _, _ := runCLI(t, dir, "", nil, "--offline")
	var files []string
	for _, line := range strings.Split(out, "\n") {
		if textLine.MatchString(line) {
			files = append(files, line[:strings.Index(line, ":")])
		}
	}
	if got := strings.Join(files, " "); got != "posts/a.md posts/h.MD posts/i.markdown" {
		t.Errorf("linted %q", got)
	}
	// A path named explicitly is always linted.
	out, _, _ = runCLI(t, dir, "", nil, "--offline", "drafts/g.md", "vendor")
	if !strings.Contains(out, "drafts/g.md:7:1") || !strings.Contains(out, "vendor/d.md:7:1") {
		t.Errorf("named paths not linted:\n%s", out)
	}
	// A symbolic link to a directory, named, is walked; one met while
	// walking is not (it could lead out of the tree, or in a loop).
	if err := os.Symlink("posts", "linked"); err != nil {
		t.Skip(err)
	}
	out, errOut, code := runCLI(t, "", "", nil, "--offline", "linked")
	if !strings.Contains(out, "linked/a.md:7:1") || code != 0 {
		t.Errorf("named link to a directory: exit %d, stderr %q:\n%s", code, errOut, out)
	}
	if err := os.Symlink("../posts", "_site/linked"); err != nil {
		t.Fatal(err)
	}
	out, _, _ = runCLI(t, "", "", nil, "--offline", "_site")
	if strings.Contains(out, "linked/a.md") {
		t.Errorf("a link met while walking was followed:\n%s", out)
	}
	// A named directory with nothing to lint says so, and is no error.
	if err := os.Mkdir("empty", 0o755); err != nil {
		t.Fatal(err)
	}
	_, errOut, code = runCLI(t, "", "", nil, "--offline", "empty")
	if code != 0 || !strings.Contains(errOut, "postlint: empty: no Markdown files") {
		t.Errorf("empty dir: exit %d, stderr %q", code, errOut)
	}
}

// TestColor: --color always and never win; auto is colour on a terminal,
// unless NO_COLOR is set or TERM is dumb, and FORCE_COLOR asks for it off
// a terminal too.
func TestColor(t *testing.T) {
	dir := writeFiles(t, map[string]string{"a.md": skipPost})
	t.Chdir(dir)
	for _, c := range []struct {
		terminal bool
		environ  map[string]string
		flag     string
		want     bool
	}{
		{false, nil, "always", true},
		{true, nil, "never", false},
		{true, nil, "auto", true},
		{false, nil, "auto", false},
		{true, map[string]string{"NO_COLOR": "1"}, "auto", false},
		{true, map[string]string{"TERM": "dumb"}, "auto", false},
		{true, map[string]string{"TERM": "xterm-256color"}, "auto", true},
		{false, map[string]string{"FORCE_COLOR": "1"}, "auto", true},
		{false, map[string]string{"FORCE_COLOR": "1", "TERM": "dumb"}, "auto", true},
		{false, map[string]string{"FORCE_COLOR": "0"}, "auto", false},
		{true, map[string]string{"FORCE_COLOR": "1", "NO_COLOR": "1"}, "auto", false},
		{false, map[string]string{"FORCE_COLOR": "1"}, "never", false},
		{true, map[string]string{"NO_COLOR": "1"}, "always", true},
	} {
		var b bytes.Buffer
		run([]string{"--offline", "--color", c.flag, "a.md"}, &env{stdout: &b, stderr: &bytes.Buffer{}, isTerminal: c.terminal,
			getenv: func(k string) string { return c.environ[k] }})
		if got := strings.Contains(b.String(), "\x1b["); got != c.want {
			t.Errorf("terminal %v, %v, --color %s: colour %v, want %v", c.terminal, c.environ, c.flag, got, c.want)
		}
	}
}

// TestTextWidth: excerpts are clipped to $COLUMNS, else the terminal's
// width, else 100 columns; --no-excerpt prints one line per diagnostic.
func TestTextWidth(t *testing.T) {
	// One long line of English (lang: en, so that the language rules need
	// not guess), with the typo in the middle.
	filler := strings.Repeat("We talked about the services we run in production. ", 6)
	long := filler + "sovle " + filler
	dir := writeFiles(t, map[string]string{"a.md": "---\ntitle: Wide\nlang: en\ndate: 2020-01-01\ntags: [go]\n---\n\n" + long + "\n"})
	t.Chdir(dir)
	excerptWidth := func(width int, environ map[string]string, args ...string) (int, string) {
		var b bytes.Buffer
		run(append([]string{"--offline", "--enable", "misspelling"}, append(args, "a.md")...), &env{stdout: &b, stderr: &bytes.Buffer{}, width: width,
			getenv: func(k string) string { return environ[k] }})
		lines := strings.Split(b.String(), "\n")
		if len(lines) < 2 {
			return 0, b.String()
		}
		return len([]rune(lines[1])), b.String()
	}
	for _, c := range []struct {
		width   int
		environ map[string]string
		want    int
	}{
		{0, nil, 100},
		{80, nil, 80},
		{80, map[string]string{"COLUMNS": "60"}, 60},
		{0, map[string]string{"COLUMNS": "wide"}, 100},
	} {
		if got, out := excerptWidth(c.width, c.environ); got != c.want {
			t.Errorf("terminal of %d columns, %v: excerpt of %d, want %d\n%s", c.width, c.environ, got, c.want, out)
		}
	}
	if _, out := excerptWidth(0, nil, "--no-excerpt"); out != fmt.Sprintf("a.md:8:%d: warning: \"sovle\" is a misspelling of \"solve\" [misspelling]\n", len(filler)+1) {
		t.Errorf("--no-excerpt:\n%s", out)
	}
}

// TestSummaryCLI: the summary on stderr counts each rule and names the
// config file in the line that switches a dominant rule off; after paths
// that could not be read and nothing linted, it says nothing rather than
// "no problems in 0 files".
func TestSummaryCLI(t *testing.T) {
	files := map[string]string{"blog/.postlint.yml": "rules:\n  terms: off\n"}
	for i := range 10 {
		files[fmt.Sprintf("blog/p%d.md", i)] = post(fmt.Sprint("P", i), "# Section\n")
	}
	dir := writeFiles(t, files)
	_, errOut, _ := runCLI(t, filepath.Join(dir, "blog"), "", nil, "--offline", "--enable", "single-h1", ".")
	want := "10 warnings in 10 files\nsingle-h1 is 10 of the 10: to switch it off, add `single-h1: off` under `rules:` in .postlint.yml, or run with --disable single-h1\n"
	if errOut != want {
		t.Errorf("stderr:\n%s\nwant\n%s", errOut, want)
	}
	_, errOut, code := runCLI(t, dir, "", nil, "--offline", "nope.md", "gone/")
	if code != exitError || errOut != "postlint: nope.md: no such file or directory\npostlint: gone/: no such file or directory\n" {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
}

func TestCommands(t *testing.T) {
	out, _, code := runCLI(t, "", "", nil, "rules")
	if code != 0 || !strings.Contains(out, "heading-increment") || !strings.HasPrefix(out, "RULE") {
		t.Errorf("rules: %d\n%s", code, out)
	}
	out, _, code = runCLI(t, "", "", nil, "explain", "single-h1")
	if code != 0 || !strings.Contains(out, "Bad:") || !strings.Contains(out, "Good:") {
		t.Errorf("explain: %d\n%s", code, out)
	}
	for _, args := range [][]string{{"version"}, {"--version"}} {
		out, _, code = runCLI(t, "", "", nil, args...)
		if code != 0 || !strings.HasPrefix(out, "postlint ") {
			t.Errorf("%v: %d %q", args, code, out)
		}
	}
	out, _, code = runCLI(t, "", "", nil, "--help")
	if code != 0 || !strings.Contains(out, "Usage:") || !strings.Contains(out, "\n  --fail-level severity\n") {
		t.Errorf("--help: %d %q", code, out)
	}
}

// TestGolden checks the text and JSON output on the sample posts shipped
// in the repository, byte for byte.
func TestGolden(t *testing.T) {
	root, _ := filepath.Abs("../..")
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			out, _, _ := runCLI(t, root, "", nil, "--offline", "--format", format, "testdata/sample-posts")
			golden := filepath.Join(root, "testdata", "cli", "sample-posts."+format+".golden")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if out != string(want) {
				t.Errorf("output differs from %s (run go test -update and read the diff):\n%s", golden, out)
			}
		})
	}
}

// TestBinary builds the command and runs it as a user would, to check the
// exit status and streams of the real process.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "postlint")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	dir := writeFiles(t, map[string]string{"a.md": skipPost})
	cmd := exec.Command(bin, "--offline", "--fail-level", "warning", "a.md", "missing.md")
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 2 {
		t.Errorf("exit: %v, want 2", err)
	}
	if !strings.HasPrefix(out.String(), "a.md:7:1: warning: ") || !strings.Contains(errb.String(), "missing.md: no such file") {
		t.Errorf("stdout %q\nstderr %q", out.String(), errb.String())
	}
}

// A path named with an escape sequence or a line break reaches standard
// error escaped: it can neither repaint the terminal nor start a line of
// its own (a GitHub workflow command, say).
func TestStderrEscapesPaths(t *testing.T) {
	dir := writeFiles(t, map[string]string{".postlint.yml": ""})
	name := "gone\x1b]0;owned\x07\n::error::forged.md"
	_, errOut, code := runCLI(t, dir, "", nil, "--offline", name)
	if code != 2 || !strings.Contains(errOut, `gone\x1B]0;owned\x07\n::error::forged.md`) {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	for _, line := range strings.Split(errOut, "\n") {
		if strings.ContainsAny(line, "\x1b\x07") || strings.HasPrefix(line, "::") {
			t.Errorf("stderr line %q", line)
		}
	}
}
