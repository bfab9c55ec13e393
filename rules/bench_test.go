package rules_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/registry"
)

// corpus returns the real posts of ../shared/corpus, or skips.
func corpus(b *testing.B) (paths []string, srcs [][]byte, size int64) {
	b.Helper()
	root := filepath.Join("..", "..", "shared", "corpus")
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".md") {
			src, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			paths = append(paths, p)
			srcs = append(srcs, src)
			size += int64(len(src))
		}
		return nil
	})
	if err != nil || len(paths) == 0 {
		b.Skip("no corpus at", root)
	}
	return paths, srcs, size
}

// BenchmarkParse measures reading nothing but the parse: front matter
// split and decode, goldmark, line index.
func BenchmarkParse(b *testing.B) {
	paths, srcs, size := corpus(b)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for i := range srcs {
			rules.Parse(paths[i], srcs[i])
		}
	}
}

// BenchmarkEngine runs every offline rule over the corpus, files in
// parallel, as `postlint --offline` does after reading the files.
func BenchmarkEngine(b *testing.B) {
	paths, srcs, size := corpus(b)
	inputs := make([]rules.Input, len(paths))
	for i := range paths {
		inputs[i] = rules.Input{Path: paths[i], Src: srcs[i]}
	}
	eng := &rules.Engine{Config: rules.DefaultConfig(registry.Default()), Offline: true}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		eng.Run(inputs)
	}
}
