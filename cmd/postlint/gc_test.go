package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/postlint/postlint/rules"
)

// The memory limit stays well above the live heap of the largest files
// linted at once: a 20 MB post keeps about 21 times its size live while
// it is linted, and a limit below that makes the collector run all the
// time (a 110 MiB limit made such a post 3.3 times slower).
func TestMemoryLimitAboveLiveHeap(t *testing.T) {
	const liveHeapPerByte = 21 // measured with GODEBUG=gctrace=1 on a 20 MB post
	for _, size := range []int64{1 << 20, 5 << 20, 10 << 20, 20 << 20, 100 << 20} {
		if got, live := memoryLimit(1, size), size*liveHeapPerByte; got < 2*live {
			t.Errorf("memoryLimit(1 file, %d MiB at once) = %d MiB, want at least twice the live heap, %d MiB",
				size>>20, got>>20, 2*live>>20)
		}
	}
	// A set of small posts keeps the 120 MiB limit that bounds its RSS.
	if got := memoryLimit(5593, 120<<10); got != 120<<20 {
		t.Errorf("memoryLimit(corpus x7) = %d MiB, want 120", got>>20)
	}
}

func TestLargestAtOnce(t *testing.T) {
	dir := t.TempDir()
	var inputs []rules.Input
	for i, size := range []int{300, 100, 5000, 200, 4000, 1 << 20} {
		p := filepath.Join(dir, string(rune('a'+i))+".md")
		if err := os.WriteFile(p, make([]byte, size), 0o644); err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, rules.Input{Path: p})
	}
	inputs = append(inputs,
		rules.Input{Path: filepath.Join(dir, "missing.md")},
		rules.Input{Path: "stdin.md", Src: make([]byte, 3000)},
		rules.Input{Path: dir}) // not a regular file
	for _, c := range []struct {
		jobs        int
		maxFileSize int64
		want        int64
	}{
		{1, 0, 1 << 20},
		{2, 0, 1<<20 + 5000},
		{1, 1 << 19, 5000}, // the 1 MiB file is past max_file_size: never read
		{2, 1 << 19, 9000},
		{3, 1 << 19, 12000},
		{100, 1 << 19, 12600},
	} {
		if got := largestAtOnce(inputs, c.jobs, c.maxFileSize, nil); got != c.want {
			t.Errorf("largestAtOnce(jobs %d, max %d) = %d, want %d", c.jobs, c.maxFileSize, got, c.want)
		}
	}
	// Sizes the result cache knows stand for the files' own, unstat'ed.
	known := func(p string) (int64, bool) {
		if filepath.Base(p) == "a.md" {
			return 2 << 20, true
		}
		return 0, false
	}
	if got := largestAtOnce(inputs, 2, 0, known); got != 2<<20+1<<20 {
		t.Errorf("with a.md known as 2 MiB: %d, want %d", got, 2<<20+1<<20)
	}
}
