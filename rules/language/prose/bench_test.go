package prose_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/language/prose"
)

// BenchmarkExtract times gathering the prose of every post of the corpus
// and splitting it into words, the documents parsed beforehand.
func BenchmarkExtract(b *testing.B) {
	var docs []*rules.Document
	var size int64
	root := filepath.Join("..", "..", "..", "..", "shared", "corpus")
	_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			if src, err := os.ReadFile(p); err == nil {
				docs = append(docs, rules.Parse(p, src))
				size += int64(len(src))
			}
		}
		return nil
	})
	if len(docs) == 0 {
		b.Skip("no corpus at", root)
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range docs {
			prose.Extract(d)
		}
	}
}
