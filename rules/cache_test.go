package rules_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/registry"
)

// copyTree copies the Markdown files under src into a new directory and
// returns it with the inputs to lint there.
func copyTree(t *testing.T, src string) (string, []rules.Input) {
	t.Helper()
	dir := t.TempDir()
	var inputs []rules.Input
	for _, in := range readSet(t, src) {
		rel, _ := filepath.Rel(src, in.Path)
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, in.Src, 0o644); err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, rules.Input{Path: p})
	}
	return dir, inputs
}

// age sets the times of every input an hour back, as files checked out
// long before the run are: their stat can then stand for their bytes.
func age(t *testing.T, inputs []rules.Input) {
	t.Helper()
	old := time.Now().Add(-time.Hour)
	for _, in := range inputs {
		if err := os.Chtimes(in.Path, old, old); err != nil {
			t.Fatal(err)
		}
	}
}

// A result cache gives what linting gives: cold, warm, with a file
// edited, deleted and damaged in the cache, on the test data.
func TestCacheSameAsLint(t *testing.T) {
	dir, inputs := copyTree(t, filepath.Join("..", "testdata"))
	reg := registry.Default()
	cfg := quietConfig()
	// Long after every post's date: future-date, which reads the clock
	// and whose reports are never kept, reports none.
	later := time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return later }
	key := rules.CacheKey("test", cfg, true, later)
	cacheDir := filepath.Join(dir, ".postlint-cache")
	lint := func(what string, useCache bool) *rules.Result {
		t.Helper()
		eng := &rules.Engine{Config: cfg, Offline: true, Now: clock}
		if useCache {
			c, err := rules.OpenCache(cacheDir, key, reg)
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			eng.Cache = c
		}
		res := eng.Run(inputs)
		if useCache {
			if err := eng.Cache.Save(); err != nil {
				t.Fatalf("%s: saving: %v", what, err)
			}
		}
		return res
	}
	age(t, inputs)
	want := lint("no cache", false)
	cold := lint("cold", true)
	sameResult(t, "cold", cold, want)
	if cold.Cached != 0 {
		t.Errorf("cold: %d files from the cache", cold.Cached)
	}
	warm := lint("warm", true)
	sameResult(t, "warm", warm, want)
	if warm.Cached != warm.Files {
		t.Errorf("warm: %d of %d files from the cache", warm.Cached, warm.Files)
	}

	// One post edited: it is linted again, and the others' diagnostics
	// that depend on it change too.
	edited := inputs[len(inputs)/2].Path
	src, _ := os.ReadFile(edited)
	if err := os.WriteFile(edited, append([]byte("# A new title\n\n"), src...), 0o644); err != nil {
		t.Fatal(err)
	}
	want = lint("edited, no cache", false)
	got := lint("edited", true)
	sameResult(t, "one post edited", got, want)
	if got.Cached != got.Files-1 {
		t.Errorf("one post edited: %d of %d files from the cache", got.Cached, got.Files)
	}

	// Same bytes under new times, as after a fresh checkout: hashed, and
	// served.
	now := time.Now()
	for _, in := range inputs {
		_ = os.Chtimes(in.Path, now, now)
	}
	got = lint("touched", true)
	sameResult(t, "every post touched", got, want)
	if got.Cached != got.Files {
		t.Errorf("every post touched: %d of %d files from the cache", got.Cached, got.Files)
	}

	// A damaged cache is said to be so, and ignored.
	files, _ := filepath.Glob(filepath.Join(cacheDir, "results-*.bin"))
	if len(files) != 1 {
		t.Fatalf("result files %q", files)
	}
	data, _ := os.ReadFile(files[0])
	data[len(data)/2] ^= 0xff
	if err := os.WriteFile(files[0], data, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := rules.OpenCache(cacheDir, key, reg); err == nil {
		t.Error("a damaged cache opens without an error")
	}
	got = lint("after damage", false)
	sameResult(t, "after damage", got, want)
	eng := &rules.Engine{Config: cfg, Offline: true, Now: clock}
	eng.Cache, _ = rules.OpenCache(cacheDir, key, reg)
	sameResult(t, "damaged cache", eng.Run(inputs), want)
}

// Posts the walk listed are read without a stat first on a cold run; the
// stat the cache keeps is then that of the file read (its fstat), the one
// a later run looks the file up by, and a warm run serves every post.
func TestCacheListed(t *testing.T) {
	dir, inputs := copyTree(t, filepath.Join("..", "testdata"))
	for i := range inputs {
		inputs[i].Listed = true
	}
	age(t, inputs)
	reg := registry.Default()
	cfg := quietConfig()
	later := time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
	key := rules.CacheKey("test", cfg, true, later)
	cacheDir := filepath.Join(dir, ".postlint-cache")
	lint := func(what string) (*rules.Result, *rules.Cache) {
		t.Helper()
		c, err := rules.OpenCache(cacheDir, key, reg)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		res := (&rules.Engine{Config: cfg, Offline: true, Now: func() time.Time { return later }, Cache: c}).Run(inputs)
		if err := c.Save(); err != nil {
			t.Fatalf("%s: saving: %v", what, err)
		}
		return res, c
	}
	want := (&rules.Engine{Config: cfg, Offline: true, Now: func() time.Time { return later }}).Run(inputs)
	cold, _ := lint("cold")
	sameResult(t, "cold", cold, want)
	warm, c := lint("warm")
	sameResult(t, "warm", warm, want)
	if warm.Cached != warm.Files {
		t.Errorf("warm: %d of %d files from the cache", warm.Cached, warm.Files)
	}
	for _, in := range inputs {
		if !c.KeepsStat(in.Path) {
			t.Errorf("%s: the cache does not keep its stat", in.Path)
		}
	}
}

// A post a rule that reads the clock reports on is linted every time:
// the report names the time of the run.
func TestCacheClock(t *testing.T) {
	_, inputs := copyTree(t, filepath.Join("..", "testdata", "site", "dates"))
	age(t, inputs)
	cfg := quietConfig()
	now := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	key := rules.CacheKey("test", cfg, true, now)
	dir := t.TempDir()
	var results []*rules.Result
	for range 2 {
		c, err := rules.OpenCache(dir, key, registry.Default())
		if err != nil {
			t.Fatal(err)
		}
		eng := &rules.Engine{Config: cfg, Offline: true, Now: func() time.Time { return now }, Cache: c}
		results = append(results, eng.Run(inputs))
		if err := c.Save(); err != nil {
			t.Fatal(err)
		}
	}
	sameResult(t, "warm", results[1], results[0])
	reported := map[string]bool{}
	for _, d := range results[0].Diagnostics {
		if d.Rule == "future-date" {
			reported[d.Path] = true
		}
	}
	if len(reported) == 0 || results[1].Cached != results[1].Files-len(reported) {
		t.Errorf("%d of %d files from the cache; future-date reported on %d", results[1].Cached, results[1].Files, len(reported))
	}
}

// The key changes with the build, the config and the network rules.
func TestCacheKey(t *testing.T) {
	reg := registry.Default()
	now := time.Now()
	a := rules.CacheKey("v1", rules.DefaultConfig(reg), true, now)
	other, err := rules.ParseConfig(reg, "x.yml", []byte("rules:\n  misspelling: off\n"))
	if err != nil {
		t.Fatal(err)
	}
	disabled := rules.DefaultConfig(reg)
	if err := disabled.SetEnabled("terms", false); err != nil {
		t.Fatal(err)
	}
	for what, k := range map[string][]byte{
		"another build":          rules.CacheKey("v2", rules.DefaultConfig(reg), true, now),
		"another config":         rules.CacheKey("v1", other, true, now),
		"a rule disabled":        rules.CacheKey("v1", disabled, true, now),
		"with the network rules": rules.CacheKey("v1", rules.DefaultConfig(reg), false, now),
	} {
		if string(k) == string(a) {
			t.Errorf("%s: the same key", what)
		}
	}
	if string(a) != string(rules.CacheKey("v1", rules.DefaultConfig(reg), true, now)) {
		t.Error("the same build and config give another key")
	}
}

// The result file stays under its size bound: the entries that do not fit
// are left out (their posts are linted again next time), and what is
// written reads back.
func TestCacheBounded(t *testing.T) {
	dir, inputs := copyTree(t, filepath.Join("..", "testdata"))
	age(t, inputs)
	reg := registry.Default()
	cfg := quietConfig()
	later := time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return later }
	key := rules.CacheKey("test", cfg, true, later)
	want := (&rules.Engine{Config: cfg, Offline: true, Now: clock}).Run(inputs)
	run := func(cacheDir string, limit int64) (*rules.Result, int64) {
		t.Helper()
		c, err := rules.OpenCache(cacheDir, key, reg)
		if err != nil {
			t.Fatal(err)
		}
		if limit > 0 {
			rules.SetCacheLimit(c, limit)
		}
		eng := &rules.Engine{Config: cfg, Offline: true, Now: clock, Cache: c}
		res := eng.Run(inputs)
		if err := c.Save(); err != nil {
			t.Fatal(err)
		}
		files, _ := filepath.Glob(filepath.Join(cacheDir, "results-*.bin"))
		if len(files) != 1 {
			t.Fatalf("result files %q", files)
		}
		st, err := os.Stat(files[0])
		if err != nil {
			t.Fatal(err)
		}
		return res, st.Size()
	}
	_, whole := run(filepath.Join(dir, "whole"), 0)
	limit := whole / 2
	bounded := filepath.Join(dir, "bounded")
	if _, size := run(bounded, limit); size > limit {
		t.Fatalf("result file of %d bytes, over its bound of %d", size, limit)
	}
	got, size := run(bounded, limit)
	sameResult(t, "warm, bounded", got, want)
	if size > limit {
		t.Errorf("result file of %d bytes after a warm run, over its bound of %d", size, limit)
	}
	if got.Cached == 0 || got.Cached == got.Files {
		t.Errorf("bounded to half: %d of %d files from the cache, want some but not all", got.Cached, got.Files)
	}
}
