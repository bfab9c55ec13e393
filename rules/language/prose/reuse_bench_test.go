package prose

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postlint/postlint/rules"
)

// BenchmarkExtractReuse is BenchmarkExtract with each post's word and
// piece slices given back after it, as the engine's AfterLint does, so
// that the next post fills used ones: BenchmarkExtract gives none back and
// keeps every slice it made alive, so that it also times the first writes
// to fresh memory and a heap that grows with every iteration.
func BenchmarkExtractReuse(b *testing.B) {
	docs, size := CorpusDocs(b)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range docs {
			p := Extract(d)
			piecePool.Put(p.pieces)
			wordPool.Put(p.Words)
		}
	}
}

// corpusBuilders gathers the prose of every post of the corpus, not yet
// split into words.
func corpusBuilders(b *testing.B) ([]*builder, int64) {
	var bs []*builder
	var size int64
	root := filepath.Join("..", "..", "..", "..", "shared", "corpus")
	_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			if src, err := os.ReadFile(p); err == nil {
				doc := rules.Parse(p, src)
				bd := &builder{src: doc.Src, text: make([]byte, 0, len(doc.Src))}
				bd.frontMatter(doc)
				bd.body(doc)
				bs = append(bs, bd)
				size += int64(len(src))
			}
		}
		return nil
	})
	if len(bs) == 0 {
		b.Skip("no corpus at", root)
	}
	return bs, size
}

// BenchmarkTokenize times only the split of the corpus's prose into words.
func BenchmarkTokenize(b *testing.B) {
	bs, size := corpusBuilders(b)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, bd := range bs {
			p := &Prose{pieces: bd.pieces, links: bd.links}
			bd.tokenize(p)
			wordPool.Put(p.Words)
		}
	}
}

// CorpusDocs returns the posts of ../shared/corpus, parsed, and their
// bytes, or skips: for the benchmarks of this package and of prose_test.
func CorpusDocs(b *testing.B) (docs []*rules.Document, size int64) {
	b.Helper()
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
	return docs, size
}
