package links

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postlint/postlint/internal/benchcpu"
	"github.com/postlint/postlint/rules"
)

// BenchmarkCollect is the per-file links work over ../shared/corpus: a
// post's links, headings and anchors collected from its parsed document,
// and the facts broken-link and dead-link keep of them.
func BenchmarkCollect(b *testing.B) {
	var docs []*rules.Document
	root := filepath.Join("..", "..", "..", "shared", "corpus")
	_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			if src, err := os.ReadFile(p); err == nil {
				docs = append(docs, rules.Parse(p, src))
			}
		}
		return nil
	})
	if len(docs) == 0 {
		b.Skip("no corpus at", root)
	}
	b.ReportAllocs()
	report := benchcpu.Report(b)
	for b.Loop() {
		for _, doc := range docs {
			fl := collect(doc)
			fl.local()
			fl.external()
		}
	}
	report()
}
