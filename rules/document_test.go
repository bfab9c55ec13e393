package rules_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/registry"
)

func TestFrontMatterSplit(t *testing.T) {
	tests := []struct {
		name, src      string
		format         string
		content        string // want Src[Start:End]
		unclosed       bool
		title          string
		errLine        int
		headingAtIndex string // the body's first heading starts at the first index of this
	}{
		{name: "yaml", src: "---\ntitle: A\n---\n# H\n", format: "yaml", content: "title: A\n", title: "A", headingAtIndex: "# H"},
		{name: "yaml crlf", src: "---\r\ntitle: A\r\n---\r\n# H\r\n", format: "yaml", content: "title: A\r\n", title: "A", headingAtIndex: "# H"},
		{name: "yaml bom", src: "\ufeff---\ntitle: A\n---\n# H\n", format: "yaml", content: "title: A\n", title: "A", headingAtIndex: "# H"},
		{name: "leading blank lines", src: "\n\n---\ntitle: A\n---\n# H\n", format: "yaml", content: "title: A\n", title: "A", headingAtIndex: "# H"},
		{name: "toml", src: "+++\ntitle = \"A\"\n+++\n# H\n", format: "toml", content: "title = \"A\"\n", title: "A", headingAtIndex: "# H"},
		{name: "json", src: "{\n  \"title\": \"A\"\n}\n\n# H\n", format: "json", content: "{\n  \"title\": \"A\"\n}\n", title: "A", headingAtIndex: "# H"},
		{name: "unclosed", src: "---\ntitle: A\n# H\n", format: "yaml", unclosed: true, headingAtIndex: "# H"},
		{name: "bad yaml", src: "---\ntitle: A\nx: [\n---\n# H\n", format: "yaml", content: "title: A\nx: [\n", errLine: 3, headingAtIndex: "# H"},
		{name: "bad toml", src: "+++\ntitle = \"A\"\nx = \n+++\n# H\n", format: "toml", content: "title = \"A\"\nx = \n", errLine: 3, headingAtIndex: "# H"},
		{name: "none", src: "# H\n\n---\n", headingAtIndex: "# H"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := rules.Parse("p.md", []byte(tt.src))
			fm := doc.FrontMatter
			if tt.format == "" {
				if fm != nil {
					t.Fatalf("front matter found in %q", tt.src)
				}
			} else {
				if fm == nil {
					t.Fatalf("no front matter in %q", tt.src)
				}
				if fm.Format != tt.format || fm.Unclosed != tt.unclosed {
					t.Errorf("format %q unclosed %v, want %q %v", fm.Format, fm.Unclosed, tt.format, tt.unclosed)
				}
				if !tt.unclosed && string(fm.Raw(doc.Src)) != tt.content {
					t.Errorf("content %q, want %q", fm.Raw(doc.Src), tt.content)
				}
				if fm.ErrLine != tt.errLine {
					t.Errorf("error line %d (%v), want %d", fm.ErrLine, fm.Err, tt.errLine)
				}
				if title, _ := doc.StringField("title"); title != tt.title {
					t.Errorf("title %q, want %q", title, tt.title)
				}
			}
			var pos []int
			_ = ast.Walk(doc.AST, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
				if h, ok := n.(*ast.Heading); ok && entering && h.Level == 1 {
					pos = append(pos, h.Pos())
				}
				return ast.WalkContinue, nil
			})
			want := strings.Index(tt.src, tt.headingAtIndex)
			if len(pos) == 0 || pos[len(pos)-1] != want {
				t.Errorf("heading positions %v, want the last at %d", pos, want)
			}
		})
	}
}

// TestTwins lints a post and its CRLF, BOM and CRLF+BOM twins: lines,
// columns and messages must be identical.
func TestTwins(t *testing.T) {
	src, err := os.ReadFile("../testdata/headings/title-skip.md")
	if err != nil {
		t.Fatal(err)
	}
	crlf := bytes.ReplaceAll(src, []byte("\n"), []byte("\r\n"))
	twins := map[string][]byte{
		"lf.md":       src,
		"crlf.md":     crlf,
		"bom.md":      append([]byte("\ufeff"), src...),
		"crlf-bom.md": append([]byte("\ufeff"), crlf...),
	}
	dir := t.TempDir()
	var inputs []rules.Input
	for name, b := range twins {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, rules.Input{Path: p})
	}
	// Each twin is linted on its own: together they would be four posts
	// with one title, which the whole-set rules rightly report.
	eng := &rules.Engine{Config: rules.DefaultConfig(registry.Default()), Offline: true}
	res := &rules.Result{}
	for _, in := range inputs {
		r := eng.Run([]rules.Input{in})
		res.Diagnostics = append(res.Diagnostics, r.Diagnostics...)
	}
	type pos struct {
		line, col, endLine, endCol int
		rule, msg, source          string
	}
	got := map[string][]pos{}
	for _, d := range res.Diagnostics {
		name := filepath.Base(d.Path)
		got[name] = append(got[name], pos{d.Line, d.Column, d.EndLine, d.EndColumn, d.Rule, d.Message, d.SourceLine})
		// Offsets index the file on disk.
		b := twins[name]
		if d.Start < 0 || d.End > len(b) || d.Start > d.End {
			t.Errorf("%s: offsets %d..%d out of the file", name, d.Start, d.End)
		}
	}
	if len(got["lf.md"]) == 0 {
		t.Fatal("no diagnostics on the LF post")
	}
	for _, name := range []string{"crlf.md", "bom.md", "crlf-bom.md"} {
		if len(got[name]) != len(got["lf.md"]) {
			t.Fatalf("%s: %d diagnostics, LF twin has %d", name, len(got[name]), len(got["lf.md"]))
		}
		for i := range got[name] {
			if got[name][i] != got["lf.md"][i] {
				t.Errorf("%s: %+v\nLF twin: %+v", name, got[name][i], got["lf.md"][i])
			}
		}
	}
}

func TestLineIndex(t *testing.T) {
	src := []byte("\ufeffab\r\ncd\n\nef")
	x := rules.NewLineIndex(src)
	for _, tc := range []struct{ off, line, col int }{
		{0, 1, 1}, {3, 1, 1}, {4, 1, 2}, {5, 1, 3}, {7, 2, 1}, {10, 3, 1}, {11, 4, 1}, {12, 4, 2}, {99, 4, 3},
	} {
		if l, c := x.Position(tc.off); l != tc.line || c != tc.col {
			t.Errorf("Position(%d) = %d:%d, want %d:%d", tc.off, l, c, tc.line, tc.col)
		}
	}
	if got := string(src[x.LineStart(1):x.LineEnd(src, 1)]); got != "ab" {
		t.Errorf("line 1 = %q", got)
	}
}
