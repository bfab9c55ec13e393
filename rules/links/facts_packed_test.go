package links

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/postlint/postlint/rules"
)

// TestPackedFacts checks that the facts a lint exports encoded (see
// packedFile) decode to every field collect gathered, for the posts of
// the test data and the corpus: a field the encoding leaves out fails
// here, as TestFactsRoundTrip in rules fails for the other facts.
func TestPackedFacts(t *testing.T) {
	n := 0
	for _, root := range []string{filepath.Join("..", "..", "testdata"), filepath.Join("..", "..", "..", "shared", "corpus")} {
		_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
				return nil
			}
			src, err := os.ReadFile(p)
			if err != nil {
				return nil
			}
			c := collect(rules.Parse(p, src))
			want := &fileLinks{links: keep(c.links, isLocal), slug: c.slug}
			if len(c.headings) > 0 {
				want.headings = c.headings
			}
			if len(c.anchors) > 0 {
				want.anchors = c.anchors
			}
			got := c.local().unpack()
			got.packed = nil
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: local links packed come back as\n%#v\nwant\n%#v", p, got, want)
			}
			if got, want := c.external().list(), keep(c.links, isExternal); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: external links packed come back as\n%#v\nwant\n%#v", p, got, want)
			}
			n++
			return nil
		})
	}
	if n == 0 {
		t.Fatal("no posts")
	}
}

// keep returns the links f says yes to, nil for none.
func keep(links []link, f func(link) bool) []link {
	var out []link
	for _, l := range links {
		if f(l) {
			out = append(out, l)
		}
	}
	return out
}
