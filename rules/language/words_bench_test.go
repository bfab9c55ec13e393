package language

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/language/prose"
	"github.com/postlint/postlint/rules/language/wordlist"
)

// corpusWords returns the prose words of the English posts of the corpus,
// post by post, or skips.
func corpusWords(b *testing.B) [][]prose.Word {
	b.Helper()
	var posts [][]prose.Word
	_ = filepath.WalkDir("../../../shared/corpus", func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			src, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			doc := rules.Parse(p, src)
			if postLanguage(doc) == "" {
				if ws := prose.Extract(doc).Words; looksEnglish(ws) {
					posts = append(posts, ws)
				}
			}
		}
		return nil
	})
	if len(posts) == 0 {
		b.Skip("no corpus")
	}
	return posts
}

// BenchmarkWords times the per-word steps the language rules share, over
// the words of the corpus: lowerASCII alone, and misspelling's screen of
// the common words (lower-case the word, then one lookup).
func BenchmarkWords(b *testing.B) {
	posts := corpusWords(b)
	n := 0
	for _, ws := range posts {
		n += len(ws)
	}
	perWord := func(b *testing.B) {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/word")
	}
	b.Run("lower", func(b *testing.B) {
		var buf [64]byte
		for b.Loop() {
			for _, ws := range posts {
				for i := range ws {
					lowerASCII(buf[:], ws[i].Text)
				}
			}
		}
		perWord(b)
	})
	b.Run("common", func(b *testing.B) {
		var buf [64]byte
		for b.Loop() {
			for _, ws := range posts {
				for i := range ws {
					if low, ok := lowerASCII(buf[:], ws[i].Text); ok && len(low) >= shortWord {
						wordlist.Common(low)
					}
				}
			}
		}
		perWord(b)
	})
}
