package links_test

import (
	"bytes"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/links"
)

// hostileRedirects answers with the Locations a site can choose.
func hostileRedirects(rw http.ResponseWriter, r *http.Request) {
	host, _, err := net.SplitHostPort(r.Host)
	if err != nil {
		host = r.Host
	}
	if host != "alive.web" {
		return // other.web: every page is there
	}
	loc := map[string]string{
		"/inject":    "/ok?x=](javascript:alert(document.domain))[",
		"/liquid":    "/ok?t={{site.github_token}}{%raw%}",
		"/pipe":      "/a|b|c",
		"/quote":     `/ok?a="><script>alert(1)</script>`,
		"/spaces":    "/a b\n`c`",
		"/cross":     "http://other.web/page",
		"/deep/page": "/",
		"/userinfo":  "http://alive.web@other.web/",
		"/star":      "/a*b*c",
		"/trailing":  "/ok.",
		"/to-js":     "javascript:alert(1)",
	}[r.URL.Path]
	if loc == "" {
		return // the targets are there
	}
	rw.Header()["Location"] = []string{loc} // as sent, unchecked
	rw.WriteHeader(http.StatusMovedPermanently)
}

var href = regexp.MustCompile(`(?i)(?:href|src)="([^"]*)"`)

// A fix may only write what renders as an http(s) link to the URL the
// redirect named, percent-encoded where Markdown, HTML, Liquid or a table
// would read it otherwise (issue 18). Suggestions are not applied by
// --fix.
func TestHostileRedirects(t *testing.T) {
	w := newLoopbackWeb(t, hostileRedirects)
	resolver := mapResolver{"alive.web": loopback, "other.web": loopback}
	diags, _ := lintDir(t, "../../testdata/links/redirects", false, func(lc *links.Config) {
		lc.Cache = "off"
		lc.Tune = w.tune(resolver)
	}, "redirected-link")
	src, err := os.ReadFile("../../testdata/links/redirects/post.md")
	if err != nil {
		t.Fatal(err)
	}
	fixed := rules.ApplyEdits(src, rules.FixEdits(diags, true))
	safe := 0
	for _, d := range diags {
		if len(d.Fixes) > 0 && d.Fixes[0].Safe {
			safe++
		}
	}
	if safe != 5 {
		t.Errorf("%d safe fixes, want 5", safe)
	}
	if bytes.Count(fixed, []byte("{{")) != 0 || bytes.Count(fixed, []byte("{%")) != 0 {
		t.Errorf("a Liquid tag was written:\n%s", fixed)
	}
	md := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(html.WithUnsafe()))
	render := func(src []byte) string {
		var out bytes.Buffer
		if err := md.Convert(src, &out); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	out := render(fixed)
	links := href.FindAllStringSubmatch(out, -1)
	for _, m := range links {
		if !strings.HasPrefix(m[1], "http://") {
			t.Errorf("renders a link to %q", m[1])
		}
	}
	if before := len(href.FindAllString(render(src), -1)); len(links) != before {
		t.Errorf("%d links rendered, %d before:\n%s", len(links), before, out)
	}
	if strings.Contains(out, "<script") {
		t.Errorf("a script was written:\n%s", out)
	}
	// The table keeps its two columns.
	if !strings.Contains(out, "<td>keynote</td>\n<td><a href=\"http://alive.web/a%7Cb%7Cc\">slides</a></td>") {
		t.Errorf("the table row is not as it was:\n%s", out)
	}
}

// A cache file is input like any other: a redirect kept there with no
// final URL, or one of another scheme, is never written into a post.
func TestRedirectFromABadCache(t *testing.T) {
	w := newLoopbackWeb(t, func(http.ResponseWriter, *http.Request) {}) // every page is there
	dir, cache := t.TempDir(), t.TempDir()
	post := "---\ntitle: Old links\n---\n\n[a](http://alive.web/a) [b](http://alive.web/b) [c](http://alive.web/c)\n" +
		"[d](http://alive.web/d) <!-- want \"http://alive.web/d is permanently redirected \\\\(301\\\\) to http://alive.web/new\" -->\n"
	if err := os.WriteFile(filepath.Join(dir, "post.md"), []byte(post), 0o644); err != nil {
		t.Fatal(err)
	}
	golden := strings.Replace(post, "[d](http://alive.web/d)", "[d](http://alive.web/new)", 1)
	if err := os.WriteFile(filepath.Join(dir, "post.golden"), []byte(golden), 0o644); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC().Format(time.RFC3339)
	entry := func(final string) string {
		return `{"status": "redirected", "code": 200, "moved": 301, "final": "` + final + `", "checked": "` + now + `"}`
	}
	file := `{"version": 2, "entries": {"http://alive.web/a": ` + entry("") + `, "http://alive.web/b": ` + entry("javascript:alert(1)") +
		`, "http://alive.web/c": ` + entry("ftp://alive.web/x") + `, "http://alive.web/d": ` + entry("http://alive.web/new") + `}}`
	if err := os.WriteFile(filepath.Join(cache, "links.json"), []byte(file), 0o644); err != nil {
		t.Fatal(err)
	}
	diags, _ := lintDir(t, dir, false, func(lc *links.Config) {
		lc.Cache = cache
		lc.Tune = w.tune(mapResolver{"alive.web": loopback})
	}, "redirected-link")
	for _, d := range diags {
		for _, f := range d.Fixes {
			for _, e := range f.Edits {
				if !strings.HasPrefix(e.NewText, "http://alive.web/") {
					t.Errorf("a fix writes %q", e.NewText)
				}
			}
		}
	}
	// The three bad entries were checked again: the pages are there.
	if n := w.requests.Load(); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
}
