package frontmatter_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/postlint/postlint/rules"
)

// FuzzRules: no input makes a rule fail; go test runs the seeds (every
// test post), go test -fuzz=FuzzRules searches further.
func FuzzRules(f *testing.F) {
	files, _ := filepath.Glob("../../testdata/frontmatter/*/*.md")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		ds := lintSrc(t, "2020-01-02-post.md", string(src), "front-matter", "tags", "duplicate-title", "duplicate-slug", "tag-near-duplicate")
		// A safe fix keeps the front matter decodable and makes the tags a list.
		if edits := rules.FixEdits(ds, true); len(edits) > 0 {
			doc := rules.Parse("post.md", rules.ApplyEdits(src, edits))
			if doc.FrontMatter == nil || doc.FrontMatter.Err != nil {
				t.Fatalf("safe fixes break the front matter:\n%s", rules.ApplyEdits(src, edits))
			}
			if tags, _ := doc.Field("tags"); tags != nil {
				if _, ok := tags.([]any); !ok {
					t.Fatalf("tags still not a list after the fix:\n%s", rules.ApplyEdits(src, edits))
				}
			}
		}
		for _, d := range ds {
			if d.Start < 0 || d.End < d.Start || d.End > len(src) {
				t.Fatalf("span [%d,%d) outside the file (%d bytes): %s", d.Start, d.End, len(src), d.Message)
			}
			for _, fix := range d.Fixes {
				for _, e := range fix.Edits {
					if e.Start < 0 || e.End < e.Start || e.End > len(src) {
						t.Fatalf("edit [%d,%d) outside the file: %s", e.Start, e.End, d.Message)
					}
				}
			}
		}
	})
}
