package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestSiteConfig runs the site rules end to end: the site's own config
// found beside the posts, the postlint config's site section over it,
// its errors, and standard input linted as a file of the site. The dates
// are far enough from any day the tests run (9999, 2000) not to depend on
// it; the rules' own tests inject the clock.
func TestSiteConfig(t *testing.T) {
	far := "---\ntitle: Far\ntags: [go]\n---\n\n![screenshot](https://example.org/x.png)\n"
	dir := writeFiles(t, map[string]string{
		"blog/_config.yml":                  "timezone: Europe/Oslo\n",
		"blog/_posts/9999-12-31-far.md":     far,
		"blog/_posts/2000-01-02-past.md":    "---\ntitle: Past\ndate: 2000-01-01\ntags: [go]\n---\n\nText.\n",
		"future/.postlint.yml":              "site:\n  future: true\n",
		"future/_posts/9999-12-31-later.md": far,
		"bad/.postlint.yml":                 "site:\n  generator: jekyll\n  timezone: Europe/Olso\n",
	})
	out, errOut, code := runCLI(t, filepath.Join(dir, "blog"), "", nil, "--offline", "--color", "never", ".")
	for _, want := range []string{
		"_posts/9999-12-31-far.md:1:1: warning: the file name dates the post 9999-12-31, in the future: Jekyll leaves the post out until then (unless built with --future) [future-date]",
		`_posts/9999-12-31-far.md:6:3: warning: image x.png has the alt text "screenshot", a placeholder: describe what the image shows [image-alt]`,
		"_posts/2000-01-02-past.md:3:7: warning: date 2000-01-01 is not the day in the file name, 2000-01-02",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s%s", want, out, errOut)
		}
	}
	if code != 0 {
		t.Errorf("exit %d with warnings only", code)
	}

	out, _, _ = runCLI(t, filepath.Join(dir, "future"), "", nil, "--offline", ".")
	if strings.Contains(out, "future-date") {
		t.Errorf("site.future: true, and still:\n%s", out)
	}

	_, errOut, code = runCLI(t, filepath.Join(dir, "bad"), "", nil, "--offline", ".")
	if code != 2 || !strings.Contains(errOut, `.postlint.yml:3: site: timezone: unknown time zone "Europe/Olso"`) {
		t.Errorf("exit %d, stderr %q; want 2 and the line of the bad time zone", code, errOut)
	}

	// Standard input linted as a post of the site finds the site's config
	// from the path it stands for.
	out, _, _ = runCLI(t, dir, far, nil, "--offline", "--stdin", "--stdin-filename", "blog/_posts/9999-12-31-far.md")
	if !strings.Contains(out, "Jekyll leaves the post out") {
		t.Errorf("--stdin did not find the site's _config.yml:\n%s", out)
	}
}
