package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func gitIn(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
		"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_GLOBAL=/dev/null")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

// --changed-since reports on the changed and untracked posts only, with
// what the whole-set rules find on them against the unchanged ones, as a
// full run reports it; warm or cold.
func TestChangedSince(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := writeFiles(t, map[string]string{
		".postlint.yml": "",
		"old.md":        post("Old", "## Usage\n\nWe will sovle it.\n"),
		"other.md":      post("Other", "Fine.\n"),
	})
	gitIn(t, dir, "init", "-q")
	gitIn(t, dir, "add", ".")
	gitIn(t, dir, "commit", "-q", "-m", "posts")
	// other.md changes to take old.md's title and link to a heading it
	// lacks; new.md is not committed yet.
	if err := os.WriteFile(filepath.Join(dir, "other.md"), []byte(post("Old", "See [usage](old.md#usge).\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "new.md"), []byte(post("New", "A nwe post.\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	full, _, _ := runCLI(t, dir, "", nil, "--offline", "--no-cache", "--color", "never", ".")
	// The full run's diagnostics less old.md's (each a line and the
	// indented lines of its excerpt).
	var want []string
	skip := false
	for _, l := range strings.SplitAfter(full, "\n") {
		if l != "" && !strings.HasPrefix(l, " ") {
			skip = strings.HasPrefix(l, "old.md:")
		}
		if !skip {
			want = append(want, l)
		}
	}
	if !strings.Contains(full, "old.md:") || !strings.Contains(full, "other.md:") {
		t.Fatalf("the full run should report on old.md and other.md:\n%s", full)
	}
	for _, cache := range []string{"--no-cache", "cold", "warm"} {
		args := []string{"--offline", "--color", "never", "--changed-since", "HEAD", "."}
		if cache == "--no-cache" {
			args = append([]string{cache}, args...)
		}
		got, errOut, code := runCLI(t, dir, "", nil, args...)
		if got != strings.Join(want, "") {
			t.Errorf("%s: --changed-since HEAD gives\n%s\nwant\n%s", cache, got, strings.Join(want, ""))
		}
		if code != exitOK && code != exitProblems || !strings.Contains(errOut, "in 2 files") {
			t.Errorf("%s: exit %d, stderr %q", cache, code, errOut)
		}
	}
	if _, errOut, code := runCLI(t, dir, "", nil, "--offline", "--changed-since", "no-such-rev", "."); code != exitError || !strings.Contains(errOut, "--changed-since no-such-rev") {
		t.Errorf("a bad revision: exit %d, %q", code, errOut)
	}
}
