package rules_test

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark/ast"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/frontmatter"
	"github.com/postlint/postlint/rules/headings"
	"github.com/postlint/postlint/rules/language"
	"github.com/postlint/postlint/rules/links"
	"github.com/postlint/postlint/rules/mojibake"
	"github.com/postlint/postlint/rules/registry"
	"github.com/postlint/postlint/rules/rulestest"
	"github.com/postlint/postlint/rules/site"
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
	eng := &rules.Engine{Config: quietConfig(), Offline: true}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		eng.Run(inputs)
	}
}

// BenchmarkEngineSmall is BenchmarkEngine on the posts of the corpus of at
// most 4 KB, for what the engine and rules cost per post, whatever its
// size (bench.sh's --max-size 4096 set).
func BenchmarkEngineSmall(b *testing.B) {
	paths, srcs, _ := corpus(b)
	var inputs []rules.Input
	var size int64
	for i := range paths {
		if len(srcs[i]) <= 4096 {
			inputs = append(inputs, rules.Input{Path: paths[i], Src: srcs[i]})
			size += int64(len(srcs[i]))
		}
	}
	eng := &rules.Engine{Config: quietConfig(), Offline: true}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		eng.Run(inputs)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(inputs)), "ns/post")
}

// quietConfig is the default config with the link rules' notices
// ("none of the links to images resolves") dropped.
func quietConfig() *rules.Config {
	cfg := rules.DefaultConfig(registry.Default())
	cfg.Section("links").(*links.Config).Log = io.Discard
	return cfg
}

// BenchmarkFamily runs the engine over the corpus with one family of
// rules on and every other rule off; "none" is the engine alone (read
// nothing, parse, directives), so a family costs its time minus none's.
func BenchmarkFamily(b *testing.B) {
	paths, srcs, size := corpus(b)
	inputs := make([]rules.Input, len(paths))
	for i := range paths {
		inputs[i] = rules.Input{Path: paths[i], Src: srcs[i]}
	}
	families := []struct {
		name  string
		rules []*rules.Rule
	}{
		{"none", nil},
		{"headings", headings.Rules},
		{"frontmatter", frontmatter.Rules},
		{"links", links.Rules},
		{"language", language.Rules},
		{"mojibake", mojibake.Rules},
		{"site", site.Rules},
	}
	for _, f := range families {
		b.Run(f.name, func(b *testing.B) {
			cfg := quietConfig()
			var names []string
			for _, r := range f.rules {
				names = append(names, r.Name)
			}
			rulestest.Only(b, cfg, registry.Default(), names...)
			eng := &rules.Engine{Config: cfg, Offline: true}
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				eng.Run(inputs)
			}
		})
	}
}

// BenchmarkTraversal compares walking every post's tree as the rule
// families did, each with ast.Walk, with the flat walk they now share:
// made once per document (steps), then read by each family (Walk), or
// by one wanting a few kinds of node (Preorder).
func BenchmarkTraversal(b *testing.B) {
	paths, srcs, size := corpus(b)
	docs := make([]*rules.Document, len(paths))
	for i := range paths {
		docs[i] = rules.Parse(paths[i], srcs[i])
		docs[i].Walk(func(ast.Node, bool) ast.WalkStatus { return ast.WalkContinue })
	}
	b.Run("ast.Walk", func(b *testing.B) {
		b.SetBytes(size)
		for b.Loop() {
			for _, d := range docs {
				_ = ast.Walk(d.AST, func(ast.Node, bool) (ast.WalkStatus, error) { return ast.WalkContinue, nil })
			}
		}
	})
	b.Run("steps", func(b *testing.B) {
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			for _, d := range docs {
				rules.WalkSteps(d)
			}
		}
	})
	b.Run("Walk", func(b *testing.B) {
		b.SetBytes(size)
		for b.Loop() {
			for _, d := range docs {
				d.Walk(func(ast.Node, bool) ast.WalkStatus { return ast.WalkContinue })
			}
		}
	})
	b.Run("Preorder", func(b *testing.B) {
		b.SetBytes(size)
		for b.Loop() {
			for _, d := range docs {
				d.Preorder(func(ast.Node) bool { return false }, ast.KindHeading)
			}
		}
	})
}

// BenchmarkCache runs the engine over a copy of the corpus on disk with a
// warm result cache (every post unchanged: opened, looked up by stat,
// decoded, then the whole-set pass) and with an empty one (every post
// linted and its result written), against the same run without one.
func BenchmarkCache(b *testing.B) {
	paths, srcs, size := corpus(b)
	dir := b.TempDir()
	inputs := make([]rules.Input, len(paths))
	old := time.Now().Add(-time.Hour)
	for i, p := range paths {
		dst := filepath.Join(dir, fmt.Sprint(i), filepath.Base(p))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(dst, srcs[i], 0o644); err != nil {
			b.Fatal(err)
		}
		_ = os.Chtimes(dst, old, old)
		inputs[i] = rules.Input{Path: dst}
	}
	cfg := quietConfig()
	key := rules.CacheKey("bench", cfg, true, time.Now())
	cacheDir := filepath.Join(dir, ".postlint-cache")
	run := func(cache bool) {
		eng := &rules.Engine{Config: cfg, Offline: true}
		if cache {
			eng.Cache, _ = rules.OpenCache(cacheDir, key, registry.Default())
		}
		eng.Run(inputs)
		if cache {
			if err := eng.Cache.Save(); err != nil {
				b.Fatal(err)
			}
		}
	}
	run(true)
	b.Run("none", func(b *testing.B) {
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			run(false)
		}
	})
	// Every post linted, its result written to a cache that had none.
	b.Run("cold", func(b *testing.B) {
		b.SetBytes(size)
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			eng := &rules.Engine{Config: cfg, Offline: true}
			eng.Cache, _ = rules.OpenCache(filepath.Join(dir, "cold", fmt.Sprint(i)), key, registry.Default())
			eng.Run(inputs)
			if err := eng.Cache.Save(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("warm", func(b *testing.B) {
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			run(true)
		}
	})
}
