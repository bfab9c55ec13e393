package frontmatter_test

import (
	"strings"
	"testing"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/registry"
	"github.com/postlint/postlint/rules/rulestest"
)

// lintSrc lints one in-memory file with only the named rules on.
func lintSrc(t *testing.T, path, src string, names ...string) []rules.Diagnostic {
	t.Helper()
	reg := registry.Default()
	cfg := rules.DefaultConfig(reg)
	rulestest.Only(t, cfg, reg, names...)
	res := (&rules.Engine{Config: cfg, Offline: true}).Run([]rules.Input{{Path: path, Src: []byte(src)}})
	for _, err := range res.Errors {
		t.Fatal(err)
	}
	return res.Diagnostics
}

// TestPositions checks exact byte spans where characters are wider than
// one byte (yaml.v3 counts columns in characters), and with a BOM and
// CRLF line endings. In src, «...» marks the span the one diagnostic must
// have; the marks are removed before linting.
func TestPositions(t *testing.T) {
	tests := []struct{ name, src, msg string }{
		{"yaml flow item after wide characters", "---\ntitle: 観測\ndate: 2024-05-01\ntags: [観測, \"オープン\", «観測»]\n---\n", "listed twice"},
		{"yaml block item", "---\ntitle: t\ndate: 2024-05-01\ntags:\n  - été\n  - «Été»\n---\n", "differ only in case"},
		{"yaml quoted string value", "---\ntitle: \"Ünï: ok\"\ndate: 2024-05-01\ntags: «\"été hiver\"» # c\n---\n", "not a list"},
		{"yaml date after wide title", "---\ntitle: Ünïcödé\ndate: «2024-02-30»\ntags: [a]\n---\n", "not a valid date"},
		{"yaml title list on the next lines", "---\n«title»:\n  - a\ndate: 2024-05-01\ntags: [a]\n---\n", "title is a list"},
		{"yaml missing date, bom and crlf", "\ufeff«---»\r\ntitle: t\r\ntags: [a]\r\n---\r\nBody.\r\n", `"date" is missing`},
		{"yaml error line", "---\ntitle: t\ndate: 2024-05-01\n«tags: a: b»\n---\n", "not valid YAML"},
		{"toml array item", "+++\ntitle = \"é\"\ndate = 2024-05-01\ntags = [\"é\", 'x', «\"É\"»]\n+++\n", "differ only in case"},
		{"toml string value", "+++\ntitle = \"é\"\ndate = 2024-05-01\ntags = «\"a b\"»  # c\n+++\n", "not a list"},
		{"toml error offset", "+++\ntitle = \"é\"\ndate = «»\n+++\n", "not valid TOML"},
		{"json item", "{\n  \"title\": \"é\", \"date\": \"2024-05-01\",\n  \"tags\": [\"ü\", «\"ü\"»]\n}\n\nBody.\n", "listed twice"},
		{"json duplicate key", ";;;\n{\"title\": \"é\", «\"title\"»: \"x\", \"date\": \"2024-05-01\", \"tags\": [\"a\"]}\n;;;\n", "appears twice"},
		{"json error offset", ";;;\n{\"title\": \"é\",«}»\n;;;\n", "not valid JSON"},
		{"unclosed", "\n«+++»\ntitle = \"x\"\n", "never closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := strings.Index(tt.src, "«")
			src := strings.Replace(tt.src, "«", "", 1)
			end := strings.Index(src, "»")
			src = strings.Replace(src, "»", "", 1)
			ds := lintSrc(t, "post.md", src, "front-matter", "tags")
			if len(ds) != 1 {
				t.Fatalf("%d diagnostics, want 1: %+v", len(ds), ds)
			}
			d := ds[0]
			if !strings.Contains(d.Message, tt.msg) {
				t.Errorf("message %q, want one containing %q", d.Message, tt.msg)
			}
			if d.Start != start || d.End != end {
				t.Errorf("span [%d,%d) %q, want [%d,%d) %q", d.Start, d.End, src[d.Start:d.End], start, end, src[start:end])
			}
		})
	}
}
