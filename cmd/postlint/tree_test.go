package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Issue 13: linting one post of a site (an editor, pre-commit) finds the
// posts and files it links to on disk, inside its Git work tree.
func TestSingleFileRun(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"blog/posts/2020-01-01-a.md": post("A", "See {% post_url 2020-01-02-b %}, {% post_url 2020-01-02-b %}#intro here, and [about](../about.md#who).\n"),
		"blog/posts/2020-01-02-b.md": post("B", "## Intro\n"),
		"blog/about.md":              post("About", "## Who\n"),
	})
	if err := os.Mkdir(filepath.Join(dir, "blog", ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	blog := filepath.Join(dir, "blog")
	for _, args := range [][]string{
		{"--offline", "posts/2020-01-01-a.md"},
		{"--offline", "--stdin", "--stdin-filename", "posts/2020-01-01-a.md"},
	} {
		src, err := os.ReadFile(filepath.Join(blog, "posts/2020-01-01-a.md"))
		if err != nil {
			t.Fatal(err)
		}
		out, errOut, code := runCLI(t, blog, string(src), nil, args...)
		if code != 0 || strings.Contains(out, "[broken-link]") {
			t.Errorf("%q: exit %d\n%s%s", args, code, out, errOut)
		}
	}
	// Outside a Git work tree the site is the post's own directory.
	if err := os.Remove(filepath.Join(blog, ".git")); err != nil {
		t.Fatal(err)
	}
	out, _, code := runCLI(t, blog, "", nil, "--offline", "posts/2020-01-01-a.md")
	if want := `posts/2020-01-01-a.md:7:86: warning: "../about.md" leads outside the site`; code != 0 || !strings.Contains(out, want) {
		t.Errorf("no work tree: exit %d\n%s\nwant %s", code, out, want)
	}
}

// A post that links out of the tree being linted learns nothing of what is
// there: not whether it exists, not its headings.
func TestLinkOutOfTheTree(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"secret.md":          post("Secret", "## Root password is hunter2\n"),
		"site/a.md":          post("A", "[x](../secret.md#root-password-is-hunter3) [y](../nothing.md)\n"),
		"site/.postlint.yml": "",
	})
	out, errOut, code := runCLI(t, filepath.Join(dir, "site"), "", nil, "--offline", "--format", "json", ".")
	if strings.Contains(out+errOut, "hunter2") || strings.Contains(out, "does not exist") || strings.Count(out, "leads outside the site") != 2 || code != 0 {
		t.Errorf("exit %d\n%s%s", code, out, errOut)
	}
}
