package main

import (
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// BenchmarkCLI runs `postlint --offline` in-process over the corpus
// (../shared/corpus) copied POSTLINT_BENCH_COPIES times (default 1) into a
// temporary folder: reading, parsing, every offline rule, sorting and the
// text output, as the command does, without the result cache (cold) and
// with it, every post unchanged (warm). Profile the whole run with
//
//	POSTLINT_BENCH_COPIES=7 go test -run '^$' -bench CLI/cold -cpuprofile cpu.out -memprofile mem.out ./cmd/postlint
func BenchmarkCLI(b *testing.B) {
	corpus := filepath.Join("..", "..", "..", "shared", "corpus")
	if _, err := os.Stat(corpus); err != nil {
		b.Skip("no corpus at", corpus)
	}
	copies := 1
	if s := os.Getenv("POSTLINT_BENCH_COPIES"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			b.Fatalf("POSTLINT_BENCH_COPIES=%q: want a number of copies", s)
		}
		copies = n
	}
	dir := b.TempDir()
	for i := range copies {
		if err := os.CopyFS(filepath.Join(dir, "copy"+strconv.Itoa(i+1)), os.DirFS(corpus)); err != nil {
			b.Fatal(err)
		}
	}
	// An empty config, so that none above the temporary folder is used.
	if err := os.WriteFile(filepath.Join(dir, ".postlint.yml"), nil, 0o644); err != nil {
		b.Fatal(err)
	}
	b.Chdir(dir)
	lint := func(b *testing.B, args ...string) {
		code := run(append(args, "--offline", "--color", "never", "."), &env{
			stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" },
		})
		if code == exitError {
			b.Fatal("exit status 2")
		}
	}
	// cold: no result cache; warm: every post unchanged since the last run.
	b.Run("cold", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			lint(b, "--no-cache")
		}
	})
	lint(b)
	b.Run("warm", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			lint(b)
		}
	})
}
