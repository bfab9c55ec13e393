//go:build unix

package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

var fixedText = strings.Replace(fixable, "##Slides", "## Slides", 1)

// checkWholeFiles checks that every post in dir is as it was or fully
// fixed, and that no temporary file is left; it returns how many are fixed.
func checkWholeFiles(t *testing.T, dir string, n int) (fixed int) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	// The result cache's directory is no stray.
	entries = slices.DeleteFunc(entries, func(e os.DirEntry) bool { return e.Name() == ".postlint-cache" })
	if len(entries) != n+1 { // and .postlint.yml
		var names []string
		for _, e := range entries {
			if !strings.HasSuffix(e.Name(), ".md") || strings.HasPrefix(e.Name(), ".") {
				names = append(names, e.Name())
			}
		}
		t.Errorf("%d entries for %d posts; strays: %v", len(entries), n, names)
	}
	for i := range n {
		switch got := readFile(t, filepath.Join(dir, postName(i))); got {
		case fixable:
		case fixedText:
			fixed++
		default:
			t.Errorf("%s is neither the original nor the fixed text:\n%q", postName(i), got)
		}
	}
	return fixed
}

func postName(i int) string { return fmt.Sprintf("p%04d.md", i) }

func fixableFiles(t *testing.T, n int) string {
	t.Helper()
	files := map[string]string{}
	for i := range n {
		files[postName(i)] = fixable
	}
	return headingFiles(t, files)
}

// TestFixInterrupted: SIGINT while fixes are written lets the file being
// written finish and begins no other.
func TestFixInterrupted(t *testing.T) {
	dir := fixableFiles(t, 10)
	writes := 0
	beforeFixWrite = func(string) {
		writes++
		if writes != 4 {
			return
		}
		if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
			t.Error(err)
		}
		// Wait for the signal to arrive where postlint watches for it.
		for start := time.Now(); len(fixSignals) == 0 && time.Since(start) < 5*time.Second; {
			time.Sleep(time.Millisecond)
		}
	}
	defer func() { beforeFixWrite = nil }()
	_, errOut, code := runCLI(t, dir, "", nil, "--offline", "--fix", ".")
	if code != exitInterrupted {
		t.Errorf("exit %d, want %d", code, exitInterrupted)
	}
	if !strings.Contains(errOut, "postlint: fixed 4 problems in 4 files\npostlint: interrupted: 6 more files left unfixed\n") {
		t.Errorf("stderr %q", errOut)
	}
	if fixed := checkWholeFiles(t, dir, 10); fixed != 4 {
		t.Errorf("%d files fixed, want 4", fixed)
	}
	for i := range 4 {
		if readFile(t, filepath.Join(dir, postName(i))) != fixedText {
			t.Errorf("%s, written before the signal, not fixed", postName(i))
		}
	}
}

// TestFixInterruptedProcess interrupts the real command at some moment of
// a --fix run over many files: whenever it comes, each file is whole.
func TestFixInterruptedProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary on thousands of files")
	}
	bin := postlintBinary(t)
	const n = 3000
	for _, when := range []string{"while linting", "while writing"} {
		t.Run(when, func(t *testing.T) {
			dir := fixableFiles(t, n)
			cmd := exec.Command(bin, "--offline", "--fix", ".")
			cmd.Dir = dir
			var errb bytes.Buffer
			cmd.Stderr = &errb
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			if when == "while writing" {
				// Files are written in order: once the first is fixed,
				// the others are being written.
				first := filepath.Join(dir, postName(0))
				for start := time.Now(); time.Since(start) < 30*time.Second; time.Sleep(200 * time.Microsecond) {
					if b, err := os.ReadFile(first); err == nil && string(b) == fixedText {
						break
					}
				}
			} else {
				time.Sleep(20 * time.Millisecond)
			}
			_ = cmd.Process.Signal(os.Interrupt)
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			var err error
			select {
			case err = <-done:
			case <-time.After(60 * time.Second):
				_ = cmd.Process.Kill()
				t.Fatal("no exit after SIGINT")
			}
			fixed := checkWholeFiles(t, dir, n)
			var ee *exec.ExitError
			code := 0
			if errors.As(err, &ee) {
				code = ee.ExitCode() // -1: killed by the signal
			}
			t.Logf("%s: exit %d, %d of %d files fixed; stderr %q", when, code, fixed, n, errb.String())
			// Every file is whole (checked above) whenever the signal came;
			// what the exit status says must match what was written.
			switch {
			case code == exitInterrupted && fixed > 0 && fixed < n:
				if !strings.Contains(errb.String(), fmt.Sprintf("postlint: interrupted: %d more files left unfixed", n-fixed)) {
					t.Errorf("stderr %q", errb.String())
				}
			case code == -1 && fixed == 0:
				t.Log("killed while linting, before anything was written")
			case (code == -1 || code == 0) && fixed == n:
				t.Log("the signal came after the last file was written")
			default:
				t.Errorf("exit %d with %d of %d files fixed", code, fixed, n)
			}
			if when == "while writing" && code != exitInterrupted {
				t.Log("the signal missed the writing: the case proved less than it could")
			}
		})
	}
}
