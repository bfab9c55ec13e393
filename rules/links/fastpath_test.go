package links

import (
	"path/filepath"
	"testing"
)

// The fast path helpers give what the filepath functions they stand in
// for give.
func TestPathHelpers(t *testing.T) {
	slow := func(p string) string { // jekyllPostsDir as a walk up the directories
		for dir := filepath.Dir(p); ; {
			if filepath.Base(dir) == "_posts" {
				return dir
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				return ""
			}
			dir = parent
		}
	}
	for _, p := range []string{
		"/", "/x", "/x/", "/a/b", "/a/b/c.md", "x", "x/y", ".", "", "/a/b/",
		"/_posts/a.md", "/site/_posts/2020-01-01-a.md", "/site/_posts/sub/a.md",
		"/site/my_posts/a.md", "/site/_posts_old/a.md", "/_posts/x/_posts/a.md",
		"_posts/a.md", "site/_posts", "/site/_posts", "/a/_posts_/_posts_x/a.md",
	} {
		if dir, base := split(p); dir != filepath.Dir(p) || base != filepath.Base(p) {
			t.Errorf("split(%q) = %q, %q; filepath says %q, %q", p, dir, base, filepath.Dir(p), filepath.Base(p))
		}
		if got, want := jekyllPostsDir(p), slow(p); got != want {
			t.Errorf("jekyllPostsDir(%q) = %q, want %q", p, got, want)
		}
	}
}
