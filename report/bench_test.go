package report_test

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postlint/postlint/report"
	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/links"
	"github.com/postlint/postlint/rules/registry"
)

// BenchmarkFormats writes the diagnostics of every offline rule over the
// corpus in each output format, excerpts and all, to a discarding writer.
func BenchmarkFormats(b *testing.B) {
	root := filepath.Join("..", "..", "shared", "corpus")
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
	reg := registry.Default()
	cfg := rules.DefaultConfig(reg)
	cfg.Section("links").(*links.Config).Log = io.Discard
	res := (&rules.Engine{Config: cfg, Offline: true}).Run(inputs)
	source := func(p string) []byte {
		src, _ := os.ReadFile(p)
		return src
	}
	for _, f := range []struct {
		name  string
		write func(io.Writer) error
	}{
		{"text", func(w io.Writer) error {
			return report.Text(w, res.Diagnostics, report.TextOptions{Excerpt: true})
		}},
		{"json", func(w io.Writer) error { return report.JSON(w, res.Diagnostics, res.Files) }},
		{"github", func(w io.Writer) error { return report.GitHub(w, res.Diagnostics, report.GitHubOptions{}) }},
		{"sarif", func(w io.Writer) error {
			return report.SARIF(w, res.Diagnostics, reg, report.SARIFOptions{ToolVersion: "bench", BaseDir: ".", Source: source})
		}},
		{"checkstyle", func(w io.Writer) error { return report.Checkstyle(w, res.Diagnostics) }},
	} {
		b.Run(f.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := f.write(io.Discard); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(res.Diagnostics)), "diags")
		})
	}
}
