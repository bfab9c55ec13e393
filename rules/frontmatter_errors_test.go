package rules_test

import (
	"strings"
	"testing"

	"github.com/postlint/postlint/rules"
)

// TestFrontMatterErrorPositions checks that decoding errors of all three
// formats are placed on the file line (and, where the parser gives one,
// the byte) of the problem. " ^" in src marks the expected line, "@" the
// expected byte; both are removed before parsing.
func TestFrontMatterErrorPositions(t *testing.T) {
	tests := []struct {
		name, src, msg string
	}{
		// yaml.v3 scanner errors carry 1-based lines.
		{"yaml colon in value", "---\ntitle: Go: the language ^\ndate: 2020-01-01\n---\n# H\n", "mapping values are not allowed"},
		{"yaml colon in value later", "---\na: 1\nb: x\nsummary: This is: broken ^\n---\n", "mapping values are not allowed"},
		{"yaml tab", "---\na: 1\n\tb: 1 ^\n---\n", "tab character"},
		{"yaml reserved character", "---\na: 1\nb: `foo ^\n---\n", "cannot start any token"},
		// yaml.v3 parser errors carry 0-based lines.
		{"yaml list after mapping", "---\ntitle: x\n- item ^\n---\n", "did not find expected key"},
		{"yaml list after two keys", "---\ntitle: x\ndate: 1\n- item ^\n---\n", "did not find expected key"},
		{"yaml unclosed flow list", "---\ntitle: x\ntags: [a, b ^\ndate: 1\n---\n", `expected ',' or ']'`},
		{"yaml unclosed flow list at the end", "---\ntitle: [x ^\n---\n", `expected ',' or ']'`},
		{"yaml quote in single quotes", "---\na: 1\nb: 'it's' ^\n---\n", "did not find expected key"},
		// Decoding errors of yaml.v3 carry file lines already.
		{"yaml duplicate key", "---\ntitle: x\ntitle: y ^\n---\n", `mapping key "title" already defined at line 2`},
		{"yaml after blank lines and bom", "\ufeff\n\n---\na: 1\nb: x: y ^\n---\n", "mapping values"},
		{"yaml crlf", "---\r\na: 1\r\nb: x: y ^\r\n---\r\n", "mapping values"},

		{"toml missing value", "+++\ntitle = \"x\"\ndate = @ ^\n+++\n", "expected value"},
		{"toml duplicate key", "+++\ntitle = \"x\"\n@title = \"y\" ^\n+++\n", "already been defined"},
		{"toml newline in string", "+++\ntitle = \"x@ ^\n+++\n", "newlines"},
		{"toml after ---toml", "---toml\na = 1\nb = @? ^\n---\n", ""},

		{"json trailing comma", "{\n  \"title\": \"x\",\n@} ^\n\nbody\n", "invalid character '}'"},
		{"json missing comma", "{\n  \"title\": \"x\"\n  @\"date\": \"2020-01-01\" ^\n}\n\nbody\n", "after object key:value pair"},
		{"json newline in string", ";;;\n{\"title\": \"x@ ^\n\"}\n;;;\nbody\n", "in string literal"},
		{"json unclosed", "---json\n{\"title\": \"x\",\n \"date\": \"2020-01-01\"@ ^\n---\nbody\n", "unexpected EOF"},
		{"json not an object", "---json\n@[1] ^\n---\nbody\n", "cannot unmarshal array"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := tt.src
			wantLine := strings.Count(src[:strings.Index(src, " ^")], "\n") + 1
			src = strings.Replace(src, " ^", "", 1)
			wantOff := strings.Index(src, "@")
			src = strings.Replace(src, "@", "", 1)
			fm := rules.Parse("p.md", []byte(src)).FrontMatter
			if fm == nil || fm.Err == nil {
				t.Fatalf("no error for %q", src)
			}
			if fm.ErrLine != wantLine {
				t.Errorf("error %q on line %d, want %d", fm.Err, fm.ErrLine, wantLine)
			}
			if !strings.Contains(fm.Err.Error(), tt.msg) || strings.HasPrefix(fm.Err.Error(), "yaml:") {
				t.Errorf("error %q, want one containing %q without a yaml: prefix", fm.Err, tt.msg)
			}
			if fm.Format != "yaml" && wantOff >= 0 && fm.ErrOffset != wantOff {
				t.Errorf("error %q at offset %d, want %d", fm.Err, fm.ErrOffset, wantOff)
			}
			if fm.Format == "yaml" && fm.ErrOffset != -1 {
				t.Errorf("YAML error offset %d, want -1 (unknown)", fm.ErrOffset)
			}
		})
	}
}
