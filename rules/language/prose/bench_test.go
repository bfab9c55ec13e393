package prose_test

import (
	"testing"

	"github.com/postlint/postlint/rules/language/prose"
)

// BenchmarkExtract times gathering the prose of every post of the corpus
// and splitting it into words, the documents parsed beforehand.
func BenchmarkExtract(b *testing.B) {
	docs, size := prose.CorpusDocs(b)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range docs {
			prose.Extract(d)
		}
	}
}
