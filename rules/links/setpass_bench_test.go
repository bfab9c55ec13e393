package links_test

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postlint/postlint/internal/benchcpu"
	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/links"
	"github.com/postlint/postlint/rules/registry"
)

// corpusInputs is every post of ../shared/corpus beside the repository, or
// of $POSTLINT_BENCH_DIR (a bigger copy, such as the corpus seven times).
func corpusInputs(b *testing.B) (string, []rules.Input) {
	root := os.Getenv("POSTLINT_BENCH_DIR")
	if root == "" {
		root = filepath.Join("..", "..", "..", "shared", "corpus")
	}
	root, _ = filepath.Abs(root)
	var inputs []rules.Input
	_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			inputs = append(inputs, rules.Input{Path: p})
		}
		return nil
	})
	if len(inputs) == 0 {
		b.Skip("no corpus at", root)
	}
	return root, inputs
}

// BenchmarkSetPass is the whole-set pass of each link rule over the
// corpus, offline and without the links cache, as --offline --no-cache
// runs it: the per-file pass is done once, then the set pass again and
// again (Snapshot.Update with nothing to lint), each time with the
// directories it lists read afresh.
func BenchmarkSetPass(b *testing.B) {
	root, inputs := corpusInputs(b)
	for _, rule := range []string{"broken-link", "dead-link"} {
		b.Run(rule, func(b *testing.B) {
			reg := registry.Default()
			cfg := rules.DefaultConfig(reg)
			for _, r := range reg.Rules {
				_ = cfg.SetEnabled(r.Name, r.Name == rule)
			}
			lc := cfg.Section("links").(*links.Config)
			lc.Log, lc.NoCache, lc.Tree = io.Discard, true, []string{root}
			snap := (&rules.Engine{Config: cfg, Offline: true}).Lint(inputs)
			b.ReportAllocs()
			report := benchcpu.Report(b)
			for b.Loop() {
				snap, _ = snap.Update()
			}
			report()
		})
	}
}
