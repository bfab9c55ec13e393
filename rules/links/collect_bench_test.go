package links

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

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
	cpu := CPUTime()
	for b.Loop() {
		for _, doc := range docs {
			fl := collect(doc)
			fl.local()
			fl.external()
		}
	}
	b.ReportMetric(float64((CPUTime()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// CPUTime is the CPU time (user and system) this process has used: on a
// machine shared with other work the wall time says as much about the
// others as about us.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
