package main

import (
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

// On Linux the build ID is read from the executable's ELF note, as
// `go tool buildid` reads it, not found by hashing the whole file.
func TestELFBuildID(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the build ID note is ELF's; this is", runtime.GOOS)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("go", "tool", "buildid", exe).Output()
	if err != nil {
		t.Skip("go tool buildid:", err)
	}
	want := strings.TrimSpace(string(out))
	f, err := os.Open(exe)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	if got := elfBuildID(f); got != want {
		t.Errorf("elfBuildID = %q, want %q", got, want)
	}
	if id := buildID(); !strings.HasSuffix(id, " "+want) {
		t.Errorf("buildID() = %q, want it to end with the build ID %q", id, want)
	}
	// Not an ELF file: no ID, no panic.
	if got := elfBuildID(strings.NewReader("#!/bin/sh\n")); got != "" {
		t.Errorf("a script: %q", got)
	}
}
