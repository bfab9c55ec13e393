package frontmatter_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/registry"
)

const corpus = "../../../shared/corpus"

// lintCorpus lints a folder of the shared corpus with the front-matter
// rules and the given config text; it skips when the corpus is absent.
func lintCorpus(t *testing.T, dir, config string) []rules.Diagnostic {
	t.Helper()
	root := filepath.Join(corpus, dir)
	if _, err := os.Stat(root); err != nil {
		t.Skip("corpus not present")
	}
	reg := registry.Default()
	cfg, err := rules.ParseConfig(reg, "test.yml", []byte(config))
	if err != nil {
		t.Fatal(err)
	}
	mine := map[string]bool{"front-matter": true, "tags": true, "duplicate-title": true, "duplicate-slug": true, "tag-near-duplicate": true}
	for _, r := range reg.Rules {
		if err := cfg.SetEnabled(r.Name, mine[r.Name]); err != nil {
			t.Fatal(err)
		}
	}
	var inputs []rules.Input
	_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			inputs = append(inputs, rules.Input{Path: p})
		}
		return err
	})
	res := (&rules.Engine{Config: cfg, Offline: true}).Run(inputs)
	for _, err := range res.Errors {
		t.Error(err)
	}
	return res.Diagnostics
}

// The Prometheus posts have no tags: with the default config each one is
// reported, except drafts; with tags.required off, none is. Their dates
// come from their Jekyll file names.
func TestCorpusPrometheus(t *testing.T) {
	ds := lintCorpus(t, "prometheus-blog", "")
	reported := map[string]bool{}
	for _, d := range ds {
		switch {
		case d.Rule == "tags" && strings.HasPrefix(d.Message, "no tags"):
			reported[d.Path] = true
		default:
			t.Errorf("%s:%d: %s [%s]", d.Path, d.Line, d.Message, d.Rule)
		}
	}
	entries, _ := os.ReadDir(filepath.Join(corpus, "prometheus-blog"))
	for _, e := range entries {
		p := filepath.Join(corpus, "prometheus-blog", e.Name())
		if !strings.HasSuffix(p, ".md") {
			continue
		}
		doc := rules.Parse(p, mustRead(t, p))
		draft, _ := doc.Field("draft")
		if want := draft != true; reported[p] != want {
			t.Errorf("%s: no-tags reported %v, want %v", p, reported[p], want)
		}
	}
	if ds := lintCorpus(t, "prometheus-blog", "tags: {required: false}"); len(ds) != 0 {
		t.Errorf("with tags.required off: %d diagnostics, first %s:%d: %s", len(ds), ds[0].Path, ds[0].Line, ds[0].Message)
	}
}

// Every front matter of the corpus decodes, the Go blog's redirect stubs
// and the Hugo _index.md pages are exempt, and YAML timestamps are dates.
func TestCorpusExemptions(t *testing.T) {
	for _, dir := range []string{"golang-blog", "otel-blog"} {
		for _, d := range lintCorpus(t, dir, "tags: {required: false}") {
			if d.Rule != "front-matter" {
				continue
			}
			doc := rules.Parse(d.Path, mustRead(t, d.Path))
			if _, ok := doc.Field("redirect"); ok || filepath.Base(d.Path) == "_index.md" || strings.Contains(d.Message, "not valid") || strings.Contains(d.Message, "date \"") {
				t.Errorf("%s:%d: %s", d.Path, d.Line, d.Message)
			}
		}
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
