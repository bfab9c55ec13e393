package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/registry"
)

// fixCases are the fixable rules, one Markdown file each under
// testdata/fix, fixed into FILE.golden with only the named rules on.
// A rule with a safe fix adds a row here.
var fixCases = []struct {
	file  string
	rules []string
	// keep must survive the fix verbatim (code blocks, spans, URLs...).
	keep []string
	// remain are rules whose diagnostics have no safe fix and stay.
	remain []string
}{
	{"heading-missing-space.md", []string{"heading-missing-space"},
		[]string{"```\n##Code stays as it is in a fenced block\n```", "    ##Indented code stays too", "`##Span`", "#KubeCon", "##HTML stays"}, nil},
	{"terms.md", []string{"terms"},
		[]string{"`Kubecon` in a code span", "https://github.com/kubecon/Kubecon", "Kubecon in a fenced block", "Kubecon under a directive"}, nil},
	// wrong-word is on: its guess is not a safe fix and stays unapplied.
	{"misspelling.md", []string{"misspelling", "wrong-word"},
		[]string{"`sovle`", "https://example.com/sovle", "sovle in a fenced block", "being intimating"}, []string{"wrong-word"}},
	{"mojibake.md", []string{"mojibake", "misplaced-bom"},
		[]string{"`don\u00e2\u20ac\u2122t`", "don\u00e2\u20ac\u2122t touch code"}, nil},
	{"tags.md", []string{"tags"}, []string{"title: One tag as a string"}, nil},
	// To add: redirected-link (needs a test server answering 301/308 and
	// links.check_private for loopback; the fix rewrites to the final URL).
}

// onlyRules is a config that switches off every rule but the named ones.
func onlyRules(names ...string) string {
	on := map[string]bool{}
	for _, n := range names {
		on[n] = true
	}
	var b strings.Builder
	b.WriteString("rules:\n")
	for _, r := range registry.Default().Rules {
		if !on[r.Name] {
			fmt.Fprintf(&b, "  %s: off\n", r.Name)
		}
	}
	return b.String()
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestFixGolden(t *testing.T) {
	root, _ := filepath.Abs(filepath.Join("..", ".."))
	for _, tc := range fixCases {
		t.Run(tc.file, func(t *testing.T) {
			srcPath := filepath.Join(root, "testdata", "fix", tc.file)
			golden := strings.TrimSuffix(srcPath, filepath.Ext(srcPath)) + ".golden"
			src := readFile(t, srcPath)
			dir := writeFiles(t, map[string]string{".postlint.yml": onlyRules(tc.rules...), tc.file: src})
			p := filepath.Join(dir, tc.file)

			// --diff shows the change and writes nothing.
			diff, errOut, code := runCLI(t, dir, "", nil, "--offline", "--fix", "--diff", tc.file)
			if code > exitProblems || !strings.Contains(errOut, "nothing written") {
				t.Errorf("--diff: exit %d, stderr %q", code, errOut)
			}
			if readFile(t, p) != src {
				t.Fatal("--diff wrote the file")
			}
			diffed := string(applyDiff(t, []byte(src), diff))

			_, errOut, code = runCLI(t, dir, "", nil, "--offline", "--fix", tc.file)
			if code != 0 || !strings.Contains(errOut, "postlint: fixed ") {
				t.Errorf("--fix: exit %d, stderr %q", code, errOut)
			}
			got := readFile(t, p)
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want := readFile(t, golden)
			if got != want {
				t.Errorf("fixed file differs from %s (go test -update, then read it):\n%s", golden, got)
			}
			if got == src {
				t.Error("nothing was fixed: the case proves nothing")
			}
			if diffed != got {
				t.Errorf("--diff applied gives\n%s\nbut --fix wrote\n%s", diffed, got)
			}
			for _, k := range tc.keep {
				if !strings.Contains(src, k) || !strings.Contains(got, k) {
					t.Errorf("%q not kept as it was", k)
				}
			}

			// A second run changes nothing.
			out, errOut, _ := runCLI(t, dir, "", nil, "--offline", "--fix", tc.file)
			if readFile(t, p) != got || strings.Contains(errOut, "fixed") {
				t.Errorf("second --fix changed something: %q", errOut)
			}
			for _, r := range tc.rules {
				if strings.Contains(out, "["+r+"]") != slices.Contains(tc.remain, r) {
					t.Errorf("%s diagnostics after --fix: want them only for %v:\n%s", r, tc.remain, out)
				}
			}

			// Standard input: the fixed text on stdout, the file untouched.
			if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			out, _, _ = runCLI(t, dir, src, nil, "--offline", "--fix", "--stdin", "--stdin-filename", tc.file)
			if out != want {
				t.Errorf("--stdin --fix printed\n%s", out)
			}
			if readFile(t, p) != src {
				t.Error("--stdin --fix wrote the file")
			}
		})
	}
}

const fixable = "---\ntitle: T\n---\n\n##Slides\n\nText.\n"

// headingFiles writes files beside a config that runs only two heading
// rules, so that rules added later do not change what these tests see.
func headingFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	files[".postlint.yml"] = onlyRules("heading-missing-space", "heading-increment")
	return writeFiles(t, files)
}

func TestFixPrintsWhatRemains(t *testing.T) {
	dir := headingFiles(t, map[string]string{"a.md": fixable + "\n#### Deep\n"})
	out, errOut, code := runCLI(t, dir, "", nil, "--offline", "--fix", "--fail-level", "warning", "a.md")
	if code != 1 {
		t.Errorf("exit %d, want 1 (a warning remains)", code)
	}
	if !strings.HasPrefix(out, "a.md:9:1: warning: heading level 4") || strings.Contains(out, "heading-missing-space") {
		t.Errorf("remaining diagnostics:\n%s", out)
	}
	if !strings.Contains(errOut, "postlint: fixed 1 problem in 1 file\n1 warning in 1 file") {
		t.Errorf("stderr %q", errOut)
	}
	// JSON stays one document: the fix note goes to stderr.
	dir = headingFiles(t, map[string]string{"a.md": fixable})
	out, _, _ = runCLI(t, dir, "", nil, "--offline", "--fix", "--format", "json", "a.md")
	if !strings.HasPrefix(out, "{") || !strings.Contains(out, `"diagnostics": []`) {
		t.Errorf("json after --fix:\n%s", out)
	}
}

// A notice about the whole set (here: no image resolves, as in a copy of
// a site without its assets) is printed once, not once per fix round.
func TestFixNoticeOnce(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"a.md": post("A", "![1](i1.png) ![2](i2.png) ![3](i3.png) ![4](i4.png) ![5](i5.png)\n\nWe had to sovle it.\n"),
	})
	_, errOut, _ := runCLI(t, dir, "", nil, "--offline", "--fix", "a.md")
	if n := strings.Count(errOut, "none of the 5 links to images"); n != 1 {
		t.Errorf("the notice printed %d times:\n%s", n, errOut)
	}
	if !strings.Contains(errOut, "fixed 1 problem in 1 file") {
		t.Errorf("stderr %q", errOut)
	}
}

func TestFixKeepsMode(t *testing.T) {
	dir := headingFiles(t, map[string]string{"a.md": fixable, "b.md": fixable})
	if err := os.Chmod(filepath.Join(dir, "a.md"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(dir, "b.md"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := runCLI(t, dir, "", nil, "--offline", "--fix", "."); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for name, mode := range map[string]os.FileMode{"a.md": 0o640, "b.md": 0o755} {
		st, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if runtime.GOOS != "windows" && st.Mode().Perm() != mode {
			t.Errorf("%s: mode %v, want %v", name, st.Mode().Perm(), mode)
		}
		if !strings.Contains(readFile(t, filepath.Join(dir, name)), "## Slides") {
			t.Errorf("%s not fixed", name)
		}
	}
	// No temporary file is left behind (the result cache's directory is
	// meant to be there).
	entries, _ := os.ReadDir(dir)
	entries = slices.DeleteFunc(entries, func(e os.DirEntry) bool { return e.Name() == ".postlint-cache" })
	if len(entries) != 3 {
		t.Errorf("files left: %v", entries)
	}
}

func TestFixReadOnly(t *testing.T) {
	dir := headingFiles(t, map[string]string{"ro.md": fixable, "rw.md": fixable})
	ro := filepath.Join(dir, "ro.md")
	if err := os.Chmod(ro, 0o444); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runCLI(t, dir, "", nil, "--offline", "--fix", ".")
	if code != exitError {
		t.Errorf("exit %d, want %d", code, exitError)
	}
	if !strings.Contains(errOut, "postlint: ro.md: not fixed: the file is read-only") {
		t.Errorf("stderr %q", errOut)
	}
	if readFile(t, ro) != fixable {
		t.Error("read-only file changed")
	}
	if !strings.Contains(readFile(t, filepath.Join(dir, "rw.md")), "## Slides") {
		t.Error("the writable file was not fixed")
	}
	// What was not fixed is still reported, from the file as it is.
	if !strings.HasPrefix(out, "ro.md:5:1: warning: \"##Slides\" is not a heading") || strings.Contains(out, "rw.md") {
		t.Errorf("remaining diagnostics:\n%s", out)
	}
}

func TestFixChangedOnDisk(t *testing.T) {
	dir := headingFiles(t, map[string]string{"a.md": fixable, "b.md": fixable})
	edited := "---\ntitle: T\n---\n\n##Edited in the editor meanwhile\n"
	beforeFixWrite = func(p string) {
		if filepath.Base(p) == "a.md" {
			if err := os.WriteFile(p, []byte(edited), 0o644); err != nil {
				t.Error(err)
			}
		}
	}
	defer func() { beforeFixWrite = nil }()
	out, errOut, code := runCLI(t, dir, "", nil, "--offline", "--fix", ".")
	if code != exitError {
		t.Errorf("exit %d, want %d", code, exitError)
	}
	if !strings.Contains(errOut, "postlint: a.md: not fixed: changed on disk since it was read") {
		t.Errorf("stderr %q", errOut)
	}
	if got := readFile(t, filepath.Join(dir, "a.md")); got != edited {
		t.Errorf("the newer file was overwritten: %q", got)
	}
	if !strings.Contains(readFile(t, filepath.Join(dir, "b.md")), "## Slides") {
		t.Error("b.md not fixed")
	}
	// The report is of the file as it now is.
	if !strings.Contains(out, `a.md:5:1: warning: "##Edited" is not a heading`) {
		t.Errorf("remaining diagnostics:\n%s", out)
	}
}

func TestFixSymlinks(t *testing.T) {
	dir := headingFiles(t, map[string]string{
		"posts/real.md":    fixable,
		"outside/other.md": fixable,
	})
	posts := filepath.Join(dir, "posts")
	if err := os.Symlink("real.md", filepath.Join(posts, "link.md")); err != nil {
		t.Skipf("no symlinks: %v", err)
	}
	if err := os.Symlink(filepath.Join("..", "outside", "other.md"), filepath.Join(posts, "out.md")); err != nil {
		t.Fatal(err)
	}
	// The link and its target named together: the target is fixed once.
	_, errOut, code := runCLI(t, posts, "", nil, "--offline", "--fix", "link.md", "real.md", "out.md")
	if code != exitError {
		t.Errorf("exit %d, want %d (out.md not fixed)", code, exitError)
	}
	if !strings.Contains(readFile(t, filepath.Join(posts, "real.md")), "## Slides") {
		t.Error("target of link.md not fixed")
	}
	if st, err := os.Lstat(filepath.Join(posts, "link.md")); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Error("link.md is no longer a symlink")
	}
	if strings.Contains(errOut, "changed on disk") {
		t.Errorf("the target was written twice: %q", errOut)
	}
	if !strings.Contains(errOut, "out.md: not fixed: it leads to ") || !strings.Contains(errOut, "outside the linted tree") {
		t.Errorf("stderr %q", errOut)
	}
	if readFile(t, filepath.Join(dir, "outside", "other.md")) != fixable {
		t.Error("a file outside the tree was written")
	}
	// Linting the parent makes outside/ part of the tree.
	_, errOut, code = runCLI(t, dir, "", nil, "--offline", "--fix", ".", "posts/out.md")
	if code != 0 || !strings.Contains(readFile(t, filepath.Join(dir, "outside", "other.md")), "## Slides") {
		t.Errorf("exit %d, %q", code, errOut)
	}
}

// A rule whose fixes overlap and uncover more work: "ab" → "b". On "aaab"
// only the last pair matches at first; each round uncovers the next.
var shrink = &rules.Rule{
	Name: "shrink", Summary: "ab", Doc: "ab", Severity: rules.Warning,
	Run: func(p *rules.Pass) {
		src := p.Doc.Src
		for i := 0; i+1 < len(src); i++ {
			if src[i] == 'a' && src[i+1] == 'b' {
				p.Report(rules.Diagnostic{Start: i, End: i + 2, Message: "ab", Fixes: []rules.Fix{
					{Message: "b", Safe: true, Edits: []rules.Edit{{Start: i, End: i + 2, NewText: "b"}}}}})
			}
		}
	},
}

// A rule that never settles: x → y and y → x.
var flip = &rules.Rule{
	Name: "flip", Summary: "flip", Doc: "flip", Severity: rules.Warning,
	Run: func(p *rules.Pass) {
		for i, c := range p.Doc.Src {
			if c == 'x' || c == 'y' {
				p.Report(rules.Diagnostic{Start: i, End: i + 1, Message: "flip", Fixes: []rules.Fix{
					{Message: "flip", Safe: true, Edits: []rules.Edit{{Start: i, End: i + 1, NewText: string('x' + 'y' - c)}}}}})
			}
		}
	},
}

// An unsafe fix is never applied.
var unsafe = &rules.Rule{
	Name: "unsafe", Summary: "unsafe", Doc: "unsafe", Severity: rules.Warning,
	Run: func(p *rules.Pass) {
		if i := bytes.Index(p.Doc.Src, []byte("intimating")); i >= 0 {
			p.Report(rules.Diagnostic{Start: i, End: i + 10, Message: "maybe", Fixes: []rules.Fix{
				{Message: "intimidating?", Edits: []rules.Edit{{Start: i, End: i + 10, NewText: "intimidating"}}}}})
		}
	},
}

func TestFixRounds(t *testing.T) {
	reg := &rules.Registry{Rules: []*rules.Rule{shrink, flip, unsafe}}
	for _, tc := range []struct {
		src, want string
		fixed     int
		warn      bool
	}{
		{"aaab intimating\n", "b intimating\n", 3, false},
		{"x\n", "", 0, true},
	} {
		var stderr bytes.Buffer
		e := &env{stderr: &stderr}
		inputs := []rules.Input{{Path: "t.md", Src: []byte(tc.src)}}
		fr := fixInputs(&rules.Engine{Config: rules.DefaultConfig(reg), Offline: true}, inputs, e)
		f := fr.files[0]
		if tc.want != "" && (string(f.cur) != tc.want || f.fixed != tc.fixed) {
			t.Errorf("%q: fixed %d into %q, want %d into %q", tc.src, f.fixed, f.cur, tc.fixed, tc.want)
		}
		if got := strings.Contains(stderr.String(), "fixes still apply after"); got != tc.warn {
			t.Errorf("%q: stderr %q", tc.src, stderr.String())
		}
		if len(fr.before.Diagnostics) == 0 {
			t.Errorf("%q: no diagnostics before fixing", tc.src)
		}
	}
}

func TestFixOverlapsDeterministic(t *testing.T) {
	// "aabab": pairs at 1 and 3 both fix; the result never depends on the
	// order rules or files were run in.
	reg := &rules.Registry{Rules: []*rules.Rule{shrink}}
	var first string
	for range 20 {
		inputs := []rules.Input{{Path: "a.md", Src: []byte("aabab aabab")}, {Path: "b.md", Src: []byte("abab")}}
		fr := fixInputs(&rules.Engine{Config: rules.DefaultConfig(reg), Offline: true}, inputs, &env{stderr: &bytes.Buffer{}})
		got := string(fr.files[0].cur) + "|" + string(fr.files[1].cur)
		if first == "" {
			first = got
		} else if got != first {
			t.Fatalf("%q then %q", first, got)
		}
	}
	if first != "bb bb|bb" {
		t.Errorf("got %q", first)
	}
}
