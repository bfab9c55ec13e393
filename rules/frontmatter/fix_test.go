package frontmatter_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/postlint/postlint/rules"
)

// TestStringTagsFix applies the safe fix for tags written as one string
// and checks that the result decodes, in its own format, to the list.
func TestStringTagsFix(t *testing.T) {
	tests := []struct {
		name, src string
		want      []any
		fixed     string // the tags line(s) after the fix; "" for no fix
	}{
		{"yaml flow", "---\ntitle: t\ndate: 2024-05-01\ntags: mrepo puppetlabs\n---\n", []any{"mrepo", "puppetlabs"}, "tags: [mrepo, puppetlabs]"},
		{"yaml block style of the file", "---\ntitle: t\nby:\n    - Ada\ntags: 'mrepo, puppet labs'  # old\n---\n", []any{"mrepo", "puppet labs"}, "tags:\n    - mrepo\n    - puppet labs  # old"},
		{"yaml flow style of the file", "---\ntitle: t\nby: [Ada]\ntags: go\n---\n", []any{"go"}, "tags: [go]"},
		{"yaml quoting", "---\ntitle: t\ntags: \"true, 1.5, a: b, #x, it's, [y]\"\n---\n", []any{"true", "1.5", "a: b", "#x", "it's", "[y]"}, `tags: ["true", "1.5", "a: b", "#x", "it's", "[y]"]`},
		{"yaml crlf block", "---\r\ntitle: t\r\nby:\r\n- Ada\r\ntags: a b\r\n---\r\n", []any{"a", "b"}, "tags:\r\n- a\r\n- b"},
		{"yaml indented key", "---\ntitle: t\nby:\n- Ada\ntags:   x,y\n---\n", []any{"x", "y"}, "tags:\n- x\n- \"y\""},
		{"toml basic", "+++\ntitle = \"t\"\ntags = \"a \\\"b\\\" c\"\n+++\n", []any{"a", `"b"`, "c"}, `tags = ["a", "\"b\"", "c"]`},
		{"toml literal", "+++\ntitle = \"t\"\ntags = 'a, b'\n+++\n", []any{"a", "b"}, "tags = ['a', 'b']"},
		{"json", "{\n  \"title\": \"t\",\n  \"tags\": \"a <b> é\"\n}\n\n", []any{"a", "<b>", "é"}, `  "tags": ["a", "<b>", "é"]`},
		{"yaml plain value on two lines", "---\ntitle: t\ntags: a b\n  c d\n---\n", nil, ""},
		{"yaml block scalar", "---\ntitle: t\ntags: |\n  a b\n---\n", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := lintSrc(t, "post.md", tt.src, "tags")
			if len(ds) != 1 {
				t.Fatalf("%d diagnostics, want 1: %+v", len(ds), ds)
			}
			if tt.fixed == "" {
				if len(ds[0].Fixes) != 0 {
					t.Fatalf("a fix for a value whose end is not known: %+v", ds[0].Fixes)
				}
				return
			}
			if len(ds[0].Fixes) != 1 || !ds[0].Fixes[0].Safe {
				t.Fatalf("fixes %+v, want one safe fix", ds[0].Fixes)
			}
			out := string(rules.ApplyEdits([]byte(tt.src), rules.FixEdits(ds, true)))
			doc := rules.Parse("post.md", []byte(out))
			if doc.FrontMatter == nil || doc.FrontMatter.Err != nil {
				t.Fatalf("fixed front matter does not decode: %v\n%s", doc.FrontMatter.Err, out)
			}
			if tags, _ := doc.Field("tags"); !reflect.DeepEqual(tags, tt.want) {
				t.Errorf("tags %#v, want %#v\n%s", tags, tt.want, out)
			}
			if !strings.Contains(out, "\n"+tt.fixed) {
				t.Errorf("fixed file\n%s\ndoes not hold\n%s", out, tt.fixed)
			}
			if again := lintSrc(t, "post.md", out, "tags"); len(again) != 0 {
				t.Errorf("after the fix: %+v", again)
			}
		})
	}
}

// TestAllowedFixIsNotSafe: replacing a tag by the closest allowed one is
// a suggestion, never applied by --fix.
func TestAllowedFixIsNotSafe(t *testing.T) {
	ds := lintDir(t, "../../testdata/frontmatter/allowed", "tags")
	n := 0
	for _, d := range ds {
		for _, f := range d.Fixes {
			n++
			if f.Safe {
				t.Errorf("%s:%d: safe fix %q", d.Path, d.Line, f.Message)
			}
		}
	}
	if n == 0 {
		t.Error("no fixes at all")
	}
}
