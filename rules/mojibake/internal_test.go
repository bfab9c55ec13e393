package mojibake

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postlint/postlint/rules"
)

// Only garbling fixes that lose nothing are safe for --fix.
func TestSafeFixes(t *testing.T) {
	doc := rules.Parse("t.md", []byte("donâ€™t, SlovenÄ\ufffdina, \u0093hi\u0094, Bj\ufffdrn\n"))
	var got []string
	check(doc, &Options{}, func(d rules.Diagnostic) {
		s := "nofix"
		if len(d.Fixes) > 0 {
			s = "unsafe"
			if d.Fixes[0].Safe {
				s = "safe"
			}
		}
		got = append(got, string(doc.Src[d.Start:d.End])+":"+s)
	})
	want := "â€™:safe Ä\ufffd:unsafe \u0093:safe \u0094:safe \ufffd:nofix"
	if strings.Join(got, " ") != want {
		t.Errorf("got  %q\nwant %q", strings.Join(got, " "), want)
	}
}

const corpus = "../../../shared/corpus"

// BenchmarkCorpus measures the encoding rules over every post of the
// corpus: "parse" is the parse the engine does anyway, for scale; "rules"
// is the three rules on the parsed posts.
func BenchmarkCorpus(b *testing.B) {
	var srcs [][]byte
	size := 0
	_ = filepath.WalkDir(corpus, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".md" {
			return nil
		}
		if src, err := os.ReadFile(p); err == nil {
			srcs = append(srcs, src)
			size += len(src)
		}
		return nil
	})
	if len(srcs) == 0 {
		b.Skip("no corpus at", corpus)
	}
	docs := make([]*rules.Document, len(srcs))
	for i, src := range srcs {
		docs[i] = rules.Parse("post.md", src)
	}
	b.Run("parse", func(b *testing.B) {
		b.SetBytes(int64(size))
		for b.Loop() {
			for _, src := range srcs {
				rules.Parse("post.md", src)
			}
		}
	})
	b.Run("rules", func(b *testing.B) {
		n := 0
		report := func(rules.Diagnostic) { n++ }
		b.SetBytes(int64(size))
		b.ReportAllocs()
		for b.Loop() {
			for _, doc := range docs {
				check(doc, &Options{}, report)
				invalidUTF8(doc.Src, report)
				misplacedBOM(doc.Src, report)
			}
		}
		if n > 0 {
			b.Errorf("%d diagnostics on the corpus", n)
		}
	})
}
