//go:build linux

package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

const saved = "---\ntitle: T\n---\n\n##Saved in the editor meanwhile\n"

// strays returns the files in dir that are not posts or the config: the
// temporary files a fix may leave.
func strays(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if n := e.Name(); n != ".postlint.yml" && n != ".postlint-cache" && (!strings.HasSuffix(n, ".md") || strings.HasPrefix(n, ".")) {
			out = append(out, n)
		}
	}
	return out
}

// A save that lands while --fix writes the file is never lost: after the
// temporary file is written (caught by the check before the swap), or in
// the instant after that check (caught by the swap, which is undone), and
// whether the editor writes the file in place or renames a new one over
// it. Before, the last check came before the temporary file was written,
// and the rename lost any save made after it while postlint said "fixed".
func TestFixSaveWhileFixing(t *testing.T) {
	inPlace := func(p string) error { return os.WriteFile(p, []byte(saved), 0o644) }
	byRename := func(p string) error {
		tmp := filepath.Join(filepath.Dir(p), ".editor-swap")
		if err := os.WriteFile(tmp, []byte(saved), 0o644); err != nil {
			return err
		}
		return os.Rename(tmp, p)
	}
	for _, tc := range []struct {
		name, step string
		save       func(string) error
	}{
		{"in place, once the temporary file is written", "temp", inPlace},
		{"by rename, once the temporary file is written", "temp", byRename},
		{"in place, after the last check", "swap", inPlace},
		{"by rename, after the last check", "swap", byRename},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := headingFiles(t, map[string]string{"a.md": fixable, "b.md": fixable})
			fixStep = func(step, p string) {
				if step == tc.step && filepath.Base(p) == "a.md" {
					if err := tc.save(p); err != nil {
						t.Error(err)
					}
				}
			}
			defer func() { fixStep = nil }()
			_, errOut, code := runCLI(t, dir, "", nil, "--offline", "--fix", ".")
			if want := "postlint: a.md: not fixed: changed on disk while it was being fixed; it is left as saved\n"; code != exitError || !strings.Contains(errOut, want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errOut, exitError, want)
			}
			if got := readFile(t, filepath.Join(dir, "a.md")); got != saved {
				t.Errorf("the save was lost: a.md is %q", got)
			}
			if !strings.Contains(readFile(t, filepath.Join(dir, "b.md")), "## Slides") {
				t.Error("b.md not fixed")
			}
			if s := strays(t, dir); len(s) > 0 {
				t.Errorf("left behind: %v", s)
			}
		})
	}
}

// A file with other hard links is fixed in place: every name sees the
// fix, and they stay one file. Before, the rename split them silently.
func TestFixHardLinks(t *testing.T) {
	dir := headingFiles(t, map[string]string{"a.md": fixable})
	other := filepath.Join(t.TempDir(), "elsewhere.md")
	if err := os.Link(filepath.Join(dir, "a.md"), other); err != nil {
		t.Skipf("no hard links: %v", err)
	}
	_, errOut, code := runCLI(t, dir, "", nil, "--offline", "--fix", "a.md")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	a, err := os.Stat(filepath.Join(dir, "a.md"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.Stat(other)
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(a, b) || readFile(t, other) != fixedText {
		t.Errorf("the hard links were split, or the other name not fixed: %q", readFile(t, other))
	}
}

// Extended attributes (here a user.* attribute; ACLs and SELinux labels
// are attributes too) are kept. Before, the new file had none.
func TestFixKeepsXattrs(t *testing.T) {
	dir := headingFiles(t, map[string]string{"a.md": fixable})
	p := filepath.Join(dir, "a.md")
	if err := unix.Setxattr(p, "user.postlint-test", []byte("kept"), 0); err != nil {
		t.Skipf("no user extended attributes here: %v", err)
	}
	_, errOut, code := runCLI(t, dir, "", nil, "--offline", "--fix", "a.md")
	if code != exitOK || readFile(t, p) != fixedText {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	buf := make([]byte, 64)
	n, err := unix.Getxattr(p, "user.postlint-test", buf)
	if err != nil || string(buf[:n]) != "kept" {
		t.Errorf("attribute after the fix: %q, %v", buf[:max(n, 0)], err)
	}
}

// A post whose name takes 250 of the 255 bytes a name may have is fixed:
// the temporary file's name is short. Before: "file name too long".
func TestFixLongName(t *testing.T) {
	name := strings.Repeat("a", 247) + ".md"
	dir := headingFiles(t, map[string]string{name: fixable})
	_, errOut, code := runCLI(t, dir, "", nil, "--offline", "--fix", name)
	if code != exitOK || readFile(t, filepath.Join(dir, name)) != fixedText {
		t.Errorf("exit %d: %s", code, errOut)
	}
}

// The temporary files a killed run left are removed by the next run in
// that directory: postlint's own pattern only, the user's own, a while
// old, and not locked by a run still writing them; the ".NAME.postlint-N"
// files of older versions too. Before, they stayed for ever.
func TestFixCleansStaleTemps(t *testing.T) {
	dir := headingFiles(t, map[string]string{"a.md": fixable})
	long := time.Now().Add(-time.Hour)
	file := func(name string, old bool) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("half a post"), 0o600); err != nil {
			t.Fatal(err)
		}
		if old {
			if err := os.Chtimes(p, long, long); err != nil {
				t.Fatal(err)
			}
		}
		return p
	}
	stale := []string{file(".a.md.postlint-1234567890", true), file(".postlint-fix-0123456789ab.tmp", true)}
	kept := []string{
		file(".postlint-fix-abcdefghijkl.tmp", false), // just created: its writer may not hold the lock yet
		file(".postlint-fix-zzzzzzzzzzzz.tmp", true),  // locked below: a run is writing it
		file(".notes.md.postlint-draft", true),        // not the pattern
		file("postlint-fix-0123456789ab.tmp", true),   // not hidden: not the pattern
	}
	locked, err := os.Open(kept[1])
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = locked.Close() }()
	if err := unix.Flock(int(locked.Fd()), unix.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 {
		// Another user's is theirs to clean.
		p := file(".b.md.postlint-42", true)
		if err := os.Chown(p, 4242, 4242); err != nil {
			t.Fatal(err)
		}
		kept = append(kept, p)
	}
	_, errOut, code := runCLI(t, dir, "", nil, "--offline", "--fix", "a.md")
	if code != exitOK || readFile(t, filepath.Join(dir, "a.md")) != fixedText {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, p := range stale {
		if _, err := os.Lstat(p); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s was not removed", filepath.Base(p))
		}
	}
	for _, p := range kept {
		if _, err := os.Lstat(p); err != nil {
			t.Errorf("%s was removed", filepath.Base(p))
		}
	}
}

// A run killed (SIGKILL) with its temporary file written leaves it behind,
// unlocked; the next run removes it once it is a while old.
func TestFixKilled(t *testing.T) {
	if os.Getenv("POSTLINT_TEST_KILLED_FIX") != "" {
		// The run to kill: it stops when the temporary file is written.
		fixStep = func(step, _ string) {
			if step == "swap" {
				fmt.Fprintln(os.Stdout, "ready")
				time.Sleep(time.Minute)
			}
		}
		run([]string{"--offline", "--fix", "a.md"}, &env{stdin: strings.NewReader(""), stdout: os.Stderr, stderr: os.Stderr, getenv: os.Getenv})
		return
	}
	dir := headingFiles(t, map[string]string{"a.md": fixable})
	cmd := exec.Command(os.Args[0], "-test.run=^TestFixKilled$")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "POSTLINT_TEST_KILLED_FIX=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan bool, 1)
	go func() {
		line, _ := bufio.NewReader(out).ReadString('\n')
		ready <- line == "ready\n"
	}()
	select {
	case ok := <-ready:
		if !ok {
			t.Fatal("the run to kill did not get to its swap")
		}
	case <-time.After(time.Minute):
		_ = cmd.Process.Kill()
		t.Fatal("the run to kill did not get to its swap in a minute")
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	left := strays(t, dir)
	if len(left) != 1 || !tempName.MatchString(left[0]) || readFile(t, filepath.Join(dir, "a.md")) != fixable {
		t.Fatalf("after SIGKILL: strays %v, a.md %q", left, readFile(t, filepath.Join(dir, "a.md")))
	}
	// A while later, as the next run in CI or the next save would be.
	long := time.Now().Add(-time.Minute)
	if err := os.Chtimes(filepath.Join(dir, left[0]), long, long); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := runCLI(t, dir, "", nil, "--offline", "--fix", "a.md")
	if code != exitOK || readFile(t, filepath.Join(dir, "a.md")) != fixedText {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if s := strays(t, dir); len(s) > 0 {
		t.Errorf("left behind: %v", s)
	}
}

// Where two files cannot be swapped in one step, a save made in place
// after the last check is seen on the old file, still open, after the
// rename, and put back; the run says once that a save by rename in that
// instant could be lost.
func TestFixSaveWithoutExchange(t *testing.T) {
	noExchange = true
	defer func() { noExchange = false }()
	dir := headingFiles(t, map[string]string{"a.md": fixable, "b.md": fixable, "c.md": fixable})
	fixStep = func(step, p string) {
		if step == "swap" && filepath.Base(p) == "a.md" {
			if err := os.WriteFile(p, []byte(saved), 0o644); err != nil {
				t.Error(err)
			}
		}
	}
	defer func() { fixStep = nil }()
	_, errOut, code := runCLI(t, dir, "", nil, "--offline", "--fix", ".")
	if want := "postlint: a.md: not fixed: changed on disk while it was being fixed; it is left as saved\n"; code != exitError || !strings.Contains(errOut, want) {
		t.Errorf("exit %d, stderr %q; want %d and %q", code, errOut, exitError, want)
	}
	if n := strings.Count(errOut, "cannot swap two files in one step"); n != 1 {
		t.Errorf("%d notices that swaps are not atomic, want 1: %q", n, errOut)
	}
	if got := readFile(t, filepath.Join(dir, "a.md")); got != saved {
		t.Errorf("the save was lost: a.md is %q", got)
	}
	for _, p := range []string{"b.md", "c.md"} {
		if readFile(t, filepath.Join(dir, p)) != fixedText {
			t.Errorf("%s not fixed", p)
		}
	}
	if s := strays(t, dir); len(s) > 0 {
		t.Errorf("left behind: %v", s)
	}
}
