package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// The built binary, run twice in a network namespace of its own where no host can
// be reached (unshare -n), as a CI runner whose network is down: no link
// is called dead, the run passes with a notice, and no verdict is kept.
func TestNoNetworkBinary(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("needs Linux network namespaces (unshare -n)")
	}
	if err := exec.Command("unshare", "-n", "true").Run(); err != nil {
		t.Skipf("skipped: cannot run without a network here (unshare -n: %v)", err)
	}
	bin := postlintBinary(t)
	dir := writeFiles(t, map[string]string{
		".postlint.yml": "",
		"a.md": post("Links", "See [Go](https://go.dev/doc/), [a talk](https://www.youtube.com/watch?v=dQw4w9WgXcQ),\n"+
			"[gone](https://example.com/no/such/page) and [nowhere](https://no-such-host.example.invalid/).\n"),
	})
	// Twice: a second run must not build on anything the first one saw.
	for run := 1; run <= 2; run++ {
		cmd := exec.Command("unshare", "-n", bin, "--format", "json", ".")
		cmd.Dir = dir
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("run %d: exit: %v\nstderr: %s\nstdout: %s", run, err, stderr.String(), out)
		}
		if strings.Contains(string(out), "dead-link") || strings.Contains(string(out), "redirected-link") {
			t.Errorf("run %d: a verdict without a network:\n%s", run, out)
		}
		if !strings.Contains(stderr.String(), "the network seems to be down") {
			t.Errorf("run %d: no notice that links were not checked: %q", run, stderr.String())
		}
	}
	// Nothing learnt: the links cache holds no verdict on these URLs
	// (the result cache keeps the post's links, as facts, not verdicts).
	_ = filepath.WalkDir(filepath.Join(dir, ".postlint-cache"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), "results-") {
			return nil
		}
		if data, _ := os.ReadFile(p); strings.Contains(string(data), "example.com/no/such/page") {
			t.Errorf("%s keeps a verdict made without a network", p)
		}
		return nil
	})
}
