package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/registry"
)

// runBounded is runCLI that fails the test when the run takes over a
// minute: each case here used to hang or read without end.
func runBounded(t *testing.T, dir string, stdin io.Reader, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	t.Chdir(dir)
	var out, errb bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run(args, &env{stdin: stdin, stdout: &out, stderr: &errb, getenv: func(string) string { return "" }})
	}()
	select {
	case code = <-done:
		return out.String(), errb.String(), code
	case <-time.After(time.Minute):
		t.Fatalf("%q: not done in a minute", args)
		return "", "", 0
	}
}

// A config that is not a regular file is an error, never read: a
// .postlint.yml that is a symlink to /dev/zero or a FIFO, --config
// /dev/zero; one larger than a config can be is not read either.
func TestConfigNotRegular(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs or /dev")
	}
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, dir string)
		args  []string
		want  string
	}{
		{"symlink to /dev/zero", func(t *testing.T, dir string) {
			symlink(t, "/dev/zero", filepath.Join(dir, ".postlint.yml"))
		}, nil, `postlint: invalid config: read /.*/\.postlint\.yml: not a regular file`},
		{"FIFO", func(t *testing.T, dir string) {
			if err := syscall.Mkfifo(filepath.Join(dir, ".postlint.yml"), 0o644); err != nil {
				t.Skipf("mkfifo: %v", err)
			}
		}, nil, `postlint: invalid config: read /.*/\.postlint\.yml: not a regular file`},
		{"--config /dev/zero", nil, []string{"--config", "/dev/zero"}, `postlint: invalid config: read /dev/zero: not a regular file`},
		{"--config /dev/stdin", nil, []string{"--config", "/dev/stdin"}, `postlint: invalid config: read /dev/stdin: not a regular file`},
		{"2 MB", func(t *testing.T, dir string) {
			big := "rules: {}\n" + strings.Repeat("# a comment line of padding\n", 80_000)
			if err := os.WriteFile(filepath.Join(dir, ".postlint.yml"), []byte(big), 0o644); err != nil {
				t.Fatal(err)
			}
		}, nil, `postlint: invalid config: .*\.postlint\.yml: the file is 2.1MB, larger than a config can be \(1MB\); not read`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{"a.md": cleanPost})
			if tc.setup != nil {
				tc.setup(t, dir)
			}
			if tc.name == "--config /dev/stdin" {
				if _, err := os.Stat("/dev/stdin"); err != nil {
					t.Skip("no /dev/stdin")
				}
			}
			_, errOut, code := runBounded(t, dir, strings.NewReader(""), append(tc.args, "--offline", "a.md")...)
			if code != 2 || !matches(tc.want, errOut) {
				t.Errorf("exit %d, stderr %q; want 2 and %s", code, errOut, tc.want)
			}
		})
	}
}

func matches(re, s string) bool {
	ok, err := regexp.MatchString(re, s)
	return err == nil && ok
}

// endless is a standard input that never ends, counting what is read.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	// Past 200 MB it ends after all, so that a run without a bound does
	// not take the machine's memory.
	if e.n > 200<<20 {
		return 0, io.EOF
	}
	for i := range p {
		p[i] = 'x'
	}
	e.n += int64(len(p))
	return len(p), nil
}

// --stdin reads at most limits.max_file_size (and a byte), then says the
// input is too large: an endless stream costs no more.
func TestStdinBounded(t *testing.T) {
	dir := writeFiles(t, map[string]string{".postlint.yml": "limits: {max_file_size: 1MB}\n"})
	in := &endless{}
	_, errOut, code := runBounded(t, dir, in, "--offline", "--stdin", "--stdin-filename", "a.md")
	if want := "postlint: standard input: larger than 1MB; not linted (limits.max_file_size)\n"; code != 2 || errOut != want {
		t.Errorf("exit %d, stderr %q; want 2 and %q", code, errOut, want)
	}
	if in.n > 1<<20+64<<10 {
		t.Errorf("read %d bytes of standard input with a limit of 1 MB", in.n)
	}
}

// A .postlint.yml found above the repository that another user could have
// put there is ignored, with a notice, as git ignores a repository owned by
// someone else; the rule: owned by neither the user nor root, and in a
// directory anyone can write to (sticky or not: anyone can create a file
// there), or below one anyone can write to without the sticky bit (anyone
// can replace what is in it). Named with --config, it is used.
func TestConfigOfAnotherUser(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix owners")
	}
	if os.Geteuid() != 0 {
		t.Skip("giving a file to another user needs root")
	}
	const other = 4242
	// The config switches heading-increment off: obeyed, the post's
	// skipped level goes unreported.
	const config = "rules: {heading-increment: off}\n"
	for _, tc := range []struct {
		name    string
		mode    os.FileMode // of the directory holding the config
		above   os.FileMode // of a directory above it, 0 for none
		owner   int         // of the config; -1: the current user
		named   bool        // --config names it
		obeyed  bool
		dirWant string // the directory the notice names, under the test's
	}{
		{name: "world-writable", mode: 0o777, owner: other, dirWant: "up/ww"},
		{name: "world-writable and sticky, like /tmp", mode: 0o777 | os.ModeSticky, owner: other, dirWant: "up/ww"},
		{name: "below a world-writable directory", mode: 0o755, above: 0o777, owner: other, dirWant: "up"},
		{name: "below a sticky world-writable directory", mode: 0o755, above: 0o777 | os.ModeSticky, owner: other, obeyed: true},
		{name: "another user's, safe directory", mode: 0o755, owner: other, obeyed: true},
		{name: "the user's own", mode: 0o777, owner: -1, obeyed: true},
		{name: "root's", mode: 0o777, owner: 0, obeyed: true},
		{name: "named with --config", mode: 0o777, owner: other, named: true, obeyed: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := t.TempDir()
			holder := filepath.Join(base, "up", "ww")
			if err := os.MkdirAll(filepath.Join(holder, "repo"), 0o755); err != nil {
				t.Fatal(err)
			}
			if tc.above != 0 {
				chmod(t, filepath.Join(base, "up"), tc.above)
			}
			chmod(t, holder, tc.mode)
			cfg := filepath.Join(holder, ".postlint.yml")
			if err := os.WriteFile(cfg, []byte(config), 0o644); err != nil {
				t.Fatal(err)
			}
			if tc.owner >= 0 {
				if err := os.Chown(cfg, tc.owner, tc.owner); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.WriteFile(filepath.Join(holder, "repo", "a.md"), []byte(skipPost), 0o644); err != nil {
				t.Fatal(err)
			}
			args := []string{"--offline", "a.md"}
			if tc.named {
				args = append(args, "--config", cfg)
			}
			out, errOut, _ := runBounded(t, filepath.Join(holder, "repo"), strings.NewReader(""), args...)
			reported := strings.Contains(out, "[heading-increment]")
			if reported == tc.obeyed {
				t.Errorf("config obeyed: %v, want %v\n%s%s", !reported, tc.obeyed, out, errOut)
			}
			notice := fmt.Sprintf("postlint: ignoring %s belongs to uid %d, not to you, and anyone can write to %s; name it with --config to use it\n",
				cfg, other, filepath.Join(base, tc.dirWant))
			if tc.obeyed && strings.Contains(errOut, "ignoring") || !tc.obeyed && !strings.Contains(errOut, notice) {
				t.Errorf("stderr %q, want %q", errOut, notice)
			}
		})
	}
}

func chmod(t *testing.T, p string, mode os.FileMode) {
	t.Helper()
	if err := os.Chmod(p, mode); err != nil {
		t.Fatal(err)
	}
}

// The SARIF output reads a file again for a diagnostic that spans lines
// (its end column): only a regular file, within limits.max_file_size. A
// post replaced by a symlink to /dev/zero after it was linted was read
// without end.
func TestOutputRereadsRegularFilesOnly(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no /dev/zero")
	}
	dir := t.TempDir()
	symlink(t, "/dev/zero", filepath.Join(dir, "a.md"))
	res := &rules.Result{Files: 1, Diagnostics: []rules.Diagnostic{{
		Path: filepath.Join(dir, "a.md"), Rule: "broken-link", Severity: rules.Error, Message: "m",
		Start: 0, End: 20, Line: 1, Column: 1, EndLine: 3, EndColumn: 5, SourceLine: "x",
	}}}
	var out, errb bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- output(&out, outputOptions{format: "sarif", maxFileSize: 10 << 20}, res, registry.Default(), map[string][]byte{},
			&env{stdout: &out, stderr: &errb, getenv: func(string) string { return "" }})
	}()
	select {
	case err := <-done:
		if err != nil || !strings.Contains(out.String(), `"endLine": 3`) {
			t.Errorf("%v\n%s", err, out.String())
		}
	case <-time.After(time.Minute):
		t.Fatal("not done in a minute")
	}
}
