package main

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/registry"
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
	// A set of small posts keeps the 128 MiB limit that bounds its RSS.
	if got := memoryLimit(5593, 120<<10); got != 128<<20 {
		t.Errorf("memoryLimit(corpus x7) = %d MiB, want 128", got>>20)
	}
}

// The engine tells the bytes of the files it lints at once before it
// parses them, and tuneGC raises the memory limit to fit them: a 5 MB
// post (the default max_file_size is less than 20) is linted under a
// limit at least twice the heap it keeps live.
func TestMemoryLimitFollowsInFlight(t *testing.T) {
	isolateGC(t)

	dir := t.TempDir()
	var inputs []rules.Input
	for i, size := range []int{300, 5 << 20, 100} {
		p := filepath.Join(dir, string(rune('a'+i))+".md")
		if err := os.WriteFile(p, bytes.Repeat([]byte("word "), size/5), 0o644); err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, rules.Input{Path: p})
	}
	eng := &rules.Engine{Config: rules.DefaultConfig(registry.Default()), Offline: true, Jobs: 2}
	tuneGC(inputs, eng)
	if got := debug.SetMemoryLimit(-1); got != 128<<20 {
		t.Errorf("limit before the run: %d MiB, want 128", got>>20)
	}
	var peak int64
	hook := eng.InFlight
	eng.InFlight = func(n int64) {
		peak = max(peak, n)
		hook(n)
	}
	eng.Run(inputs)
	if peak < 5<<20 || peak > 5<<20+400 {
		t.Errorf("largest bytes in flight told: %d, want the 5 MB post's, and at most the others' more", peak)
	}
	if got, want := debug.SetMemoryLimit(-1), int64(2*21*5<<20); got < want {
		t.Errorf("limit after a 5 MB post: %d MiB, want at least %d", got>>20, want>>20)
	}
}

// A run whose posts the result cache nearly all holds collects only at
// the memory limit; a cold one keeps GOGC=400.
func TestGCPercentFollowsCache(t *testing.T) {
	isolateGC(t)

	dir := t.TempDir()
	var inputs []rules.Input
	for i := range 10 {
		p := filepath.Join(dir, string(rune('a'+i))+".md")
		if err := os.WriteFile(p, []byte("---\ntitle: Post\n---\n\nSome words.\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, rules.Input{Path: p})
	}
	reg := registry.Default()
	cacheDir := filepath.Join(dir, ".postlint-cache")
	key := []byte("gc-test-key-0123456789abcdef0123")
	gcPercent := func() int { p := debug.SetGCPercent(100); debug.SetGCPercent(p); return p }

	cold, err := rules.OpenCache(cacheDir, key, reg)
	if err != nil {
		t.Fatal(err)
	}
	eng := &rules.Engine{Config: rules.DefaultConfig(reg), Offline: true, Cache: cold}
	tuneGC(inputs, eng)
	if got := gcPercent(); got != 400 {
		t.Errorf("cold run: GOGC %d, want 400", got)
	}
	eng.Run(inputs)
	if err := cold.Save(); err != nil {
		t.Fatal(err)
	}

	warm, err := rules.OpenCache(cacheDir, key, reg)
	if err != nil {
		t.Fatal(err)
	}
	eng = &rules.Engine{Config: rules.DefaultConfig(reg), Offline: true, Cache: warm}
	tuneGC(inputs, eng)
	if got := gcPercent(); got != -1 {
		t.Errorf("warm run: GOGC %d, want off (-1)", got)
	}
	// Most posts new: cold again.
	for i := range 5 {
		inputs = append(inputs, rules.Input{Path: filepath.Join(dir, "new"+string(rune('a'+i))+".md")})
	}
	tuneGC(inputs, eng)
	if got := gcPercent(); got != 400 {
		t.Errorf("a third of the posts new: GOGC %d, want 400", got)
	}
	if got := debug.SetMemoryLimit(-1); got != 128<<20 {
		t.Errorf("memory limit %d MiB, want 128 either way", got>>20)
	}
}

// isolateGC lets tuneGC set the collector, as with neither GOGC nor
// GOMEMLIMIT set, and puts the test binary's settings back after t.
func isolateGC(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	percent, limit := debug.SetGCPercent(100), debug.SetMemoryLimit(math.MaxInt64)
	t.Cleanup(func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	})
}
