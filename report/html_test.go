package report

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/postlint/postlint/linkcheck"
	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/links"
	"github.com/postlint/postlint/rules/registry"
)

// loopbackNames resolves the names given to loopback and every other one
// to "no such host", so that the site's links die as real ones do.
type loopbackNames map[string]bool

func (m loopbackNames) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	if m[host] {
		return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
	}
	return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
}

// siteResult lints testdata/html, a small blog of posts from 2015 to 2024
// whose older posts link to more pages that are gone, with every rule on
// and its external links checked against a web on loopback: alive.web
// answers /ok and 404 to /gone/..., the other hosts do not exist.
func siteResult(t *testing.T) (*rules.Result, *rules.Registry) {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/ok" {
			return
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(srv.Close)
	port := netip.MustParseAddrPort(srv.Listener.Addr().String()).Port()
	reg := registry.Default()
	cfg := rules.DefaultConfig(reg)
	lc := cfg.Section("links").(*links.Config)
	lc.Log = io.Discard
	lc.Cache = "off"
	lc.Tune = func(o *linkcheck.Options) {
		o.Resolver = loopbackNames{"alive.web": true}
		o.AddrAllowed = func(a netip.Addr) bool { return a.IsLoopback() }
		o.MapAddr = func(netip.AddrPort) netip.AddrPort { return netip.AddrPortFrom(netip.MustParseAddr("127.0.0.1"), port) }
		o.ProbeHosts = []string{"alive.web:80"}
		o.Backoff = time.Millisecond
	}
	var inputs []rules.Input
	root := filepath.Join("..", "testdata", "html")
	_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			rel, _ := filepath.Rel(root, p)
			inputs = append(inputs, rules.Input{Path: filepath.ToSlash(filepath.Join("blog", rel)), Src: mustRead(t, p)})
		}
		return nil
	})
	res := (&rules.Engine{Config: cfg}).Run(inputs)
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	return res, reg
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// siteHTML is the report of siteResult, at a fixed time.
func siteHTML(t *testing.T) (string, *rules.Result) {
	t.Helper()
	res, reg := siteResult(t)
	sources := map[string][]byte{}
	root := filepath.Join("..", "testdata", "html")
	var b bytes.Buffer
	err := HTML(&b, res.Diagnostics, HTMLOptions{Title: "blog", Files: res.Files, Posts: res.Posts, Registry: reg,
		Generated: time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC),
		Source: func(p string) []byte {
			if src, ok := sources[p]; ok {
				return src
			}
			src, _ := os.ReadFile(filepath.Join(root, strings.TrimPrefix(p, "blog/")))
			sources[p] = src
			return src
		}})
	if err != nil {
		t.Fatal(err)
	}
	return b.String(), res
}

// TestHTMLGolden: the report of the small blog, byte for byte; and what it
// must say, checked apart from the golden file so that a changed golden
// cannot hide it.
func TestHTMLGolden(t *testing.T) {
	page, res := siteHTML(t)
	checkGolden(t, "html.golden", []byte(page))

	dead := 0
	for _, d := range res.Diagnostics {
		if d.Rule == "dead-link" && d.Severity == rules.Error {
			dead++
		}
	}
	if dead != 10 {
		t.Fatalf("%d dead links on the blog, want 10 (5 on gone pages, 5 on hosts that do not exist)", dead)
	}
	for _, want := range []string{
		// The link-rot curve, one bar per year from 2015 to 2024 and one for
		// the undated page, with their counts.
		`<title>2015: 3 dead links in 1 post</title>`, `<title>2016: 2 dead links in 1 post</title>`,
		`<title>2020: 0 dead links in 0 posts</title>`, `<title>undated: 1 dead link in 1 post</title>`,
		// The hosts that fail most.
		`<title>alive.web: 5 dead links</title>`, `<title>old-wiki.net: 3 dead links</title>`, `<title>defunct-conf.org: 2 dead links</title>`,
		// A safe fix as a diff from the file's bytes, and a suggestion.
		`<span class="label fix">fix</span>Replace with &#34;KubeCon&#34;`,
		`<span class="del">- The last day of <del>Kubecon</del> started with a keynote.</span><span class="add">+ The last day of <ins>KubeCon</ins> started with a keynote.</span>`,
		`<span class="label suggestion">suggestion</span>Replace with &#34;intimidating&#34;`,
		// The excerpt with its span marked, and the post's title and date.
		`<mark>Kubecon</mark>`, `<span class="title">KubeCon day 3</span>`, `<span class="date">2017-04-01</span>`,
		// A title with markup is text.
		`About &lt;this&gt; blog &amp; &#34;us&#34;`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the report lacks %s", want)
		}
	}
	checkSelfContained(t, page)
}

// checkSelfContained: nothing on the page is loaded from anywhere: no
// script, style sheet, image, font or frame source, and a CSP forbids
// them; the only addresses are links to the rules' documentation.
func checkSelfContained(t *testing.T, page string) {
	t.Helper()
	if !strings.Contains(page, `<meta http-equiv="Content-Security-Policy" content="default-src 'none';`) {
		t.Error("no Content-Security-Policy")
	}
	for _, re := range []string{`<link\b`, `<[a-z]+\b[^>]*\bsrc=`, `@import`, `url\(`, `<iframe`, `<object`, `<embed`} {
		if m := regexp.MustCompile(re).FindString(page); m != "" {
			t.Errorf("the page loads something: %q", m)
		}
	}
	for _, m := range regexp.MustCompile(`href="([^"#][^"]*)"`).FindAllStringSubmatch(page, -1) {
		if !strings.HasPrefix(m[1], RuleDocsURL) {
			t.Errorf("a link to %s", m[1])
		}
	}
}

// TestHTMLEscapes: what posts hold is text on the page: a title, path,
// message or excerpt with markup or script cannot add any.
func TestHTMLEscapes(t *testing.T) {
	evil := `<script>alert(1)</script><img src=x onerror=alert(2)>`
	d := rules.Diagnostic{Path: "posts/" + evil + ".md", Rule: "misspelling", Severity: rules.Warning, Message: evil,
		Line: 1, Column: 1, EndLine: 1, EndColumn: 6, SourceLine: evil + "\x1b[31m", URL: "http://x/" + evil,
		Fixes: []rules.Fix{{Message: evil, Safe: true, Edits: []rules.Edit{{Start: 0, End: 5, NewText: evil}}}}}
	var b bytes.Buffer
	err := HTML(&b, []rules.Diagnostic{d}, HTMLOptions{Title: evil, Files: 1,
		Posts:  map[string]rules.PostMeta{d.Path: {Title: evil}},
		Source: func(string) []byte { return []byte(evil + "\n") }})
	if err != nil {
		t.Fatal(err)
	}
	page := b.String()
	if n := strings.Count(page, "<script>"); n != 1 {
		t.Errorf("%d <script> elements, want the page's own", n)
	}
	if strings.Contains(page, "<img") || strings.Contains(page, "\x1b") {
		t.Error("markup or an escape character of a post reached the page")
	}
	if !strings.Contains(page, `\x1B[31m`) {
		t.Error("the control character is not shown escaped")
	}
	checkSelfContained(t, page)
}

// TestHTMLInChromium loads the report of the small blog and of
// ../shared/corpus in headless Chromium: the page's text says what the
// results say, it loads nothing, reads without JavaScript, and filters by
// severity, rule and text with it. Screenshots go to a temporary
// directory, or to $POSTLINT_SCREENSHOTS when set, to be looked at.
func TestHTMLInChromium(t *testing.T) {
	c := startChromium(t)
	shots := os.Getenv("POSTLINT_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	dir := t.TempDir()

	page, res := siteHTML(t)
	blog := filepath.Join(dir, "blog.html")
	if err := os.WriteFile(blog, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	checkPage(t, c, "blog", "file://"+blog, res, shots)

	res, reg := corpusResult(t)
	var b bytes.Buffer
	if err := HTML(&b, res.Diagnostics, HTMLOptions{Title: "corpus", Files: res.Files, Posts: res.Posts, Registry: reg,
		Offline: true, Source: func(p string) []byte { src, _ := os.ReadFile(p); return src }}); err != nil {
		t.Fatal(err)
	}
	corpus := filepath.Join(dir, "corpus.html")
	if err := os.WriteFile(corpus, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	checkPage(t, c, "corpus", "file://"+corpus, res, shots)
}

// pageState is what the test reads of the page in the browser.
type pageState struct {
	Text          string
	FormHidden    bool
	Findings      int
	Visible       int
	VisiblePosts  int
	VisibleRules  []string
	Shown         string
	Bars          int
	Height        int
	CardNumbers   []string
	PostsAllShown bool
}

const readPage = `(() => {
  const f = [...document.querySelectorAll('li.finding')];
  const vis = f.filter(e => e.offsetParent !== null);
  return {
    Text: document.body.innerText,
    FormHidden: document.getElementById('filters').hidden,
    Findings: f.length,
    Visible: vis.length,
    VisiblePosts: [...document.querySelectorAll('details.post')].filter(e => e.offsetParent !== null).length,
    VisibleRules: [...new Set(vis.map(e => e.dataset.rule))].sort(),
    Shown: document.getElementById('shown').textContent,
    Bars: document.querySelectorAll('svg rect').length,
    Height: document.documentElement.scrollHeight,
    CardNumbers: [...document.querySelectorAll('.card .n')].map(e => e.textContent),
  };
})()`

func checkPage(t *testing.T, c *chromium, name, url string, res *rules.Result, shots string) {
	t.Helper()
	count := map[rules.Severity]int{}
	byRule := map[string]int{}
	posts := map[string]bool{}
	for _, d := range res.Diagnostics {
		count[d.Severity]++
		byRule[d.Rule]++
		posts[d.Path] = true
	}

	// Without JavaScript: every finding shows, the filters do not.
	if reqs := c.open(url, false); len(reqs) > 0 {
		t.Errorf("%s: the page made requests: %v", name, reqs)
	}
	var st pageState
	c.eval(readPage, &st)
	if !st.FormHidden || st.Visible != len(res.Diagnostics) || st.Findings != len(res.Diagnostics) {
		t.Errorf("%s without JavaScript: form hidden %v, %d of %d findings shown, want all %d",
			name, st.FormHidden, st.Visible, st.Findings, len(res.Diagnostics))
	}
	wantCards := []string{fmt.Sprint(res.Files - len(posts)), fmt.Sprint(len(posts)), fmt.Sprint(count[rules.Error]),
		fmt.Sprint(count[rules.Warning]), fmt.Sprint(count[rules.Info])}
	if strings.Join(st.CardNumbers[:5], " ") != strings.Join(wantCards, " ") {
		t.Errorf("%s: cards %v, want %v first", name, st.CardNumbers, wantCards)
	}
	for _, want := range []string{"Link rot", "Findings per rule", "Each post with findings",
		fmt.Sprintf("%d posts linted by postlint", res.Files)} {
		if !strings.Contains(st.Text, want) {
			t.Errorf("%s: the page does not say %q", name, want)
		}
	}
	if st.Bars < len(byRule) {
		t.Errorf("%s: %d bars drawn for %d rules", name, st.Bars, len(byRule))
	}
	c.screenshot(filepath.Join(shots, name+"-top.png"), 0, 1600)

	// With JavaScript: the filters appear and work.
	if reqs := c.open(url, true); len(reqs) > 0 {
		t.Errorf("%s: the page made requests: %v", name, reqs)
	}
	c.eval(readPage, &st)
	want := fmt.Sprintf("Showing %d of %d findings in %d of %d posts", len(res.Diagnostics), len(res.Diagnostics), len(posts), len(posts))
	if st.FormHidden || st.Shown != want {
		t.Errorf("%s with JavaScript: form hidden %v, %q, want %q", name, st.FormHidden, st.Shown, want)
	}
	// Warnings off, by a click on the box.
	c.eval(`document.querySelector('input[name=severity][value=warning]').click(); true`, nil)
	c.eval(readPage, &st)
	if st.Visible != len(res.Diagnostics)-count[rules.Warning] {
		t.Errorf("%s, warnings off: %d findings shown, want %d", name, st.Visible, len(res.Diagnostics)-count[rules.Warning])
	}
	c.eval(`document.querySelector('input[name=severity][value=warning]').click(); true`, nil)
	// One rule, by a click on its name in the table of rules.
	top := ""
	for r, n := range byRule {
		if top == "" || n > byRule[top] || n == byRule[top] && r < top {
			top = r
		}
	}
	c.eval(fmt.Sprintf(`document.querySelector('a[data-filter-rule=%q]').click(); true`, top), nil)
	c.eval(readPage, &st)
	if st.Visible != byRule[top] || strings.Join(st.VisibleRules, " ") != top {
		t.Errorf("%s, rule %s: %d findings of %v shown, want %d of it alone", name, top, st.Visible, st.VisibleRules, byRule[top])
	}
	// Text: a path narrows to its post.
	var first rules.Diagnostic
	for _, d := range res.Diagnostics {
		if d.Rule == top {
			first = d
			break
		}
	}
	c.eval(fmt.Sprintf(`(() => { const s = document.getElementById('search'); s.value = %q; s.dispatchEvent(new Event('input', {bubbles: true})); return true })()`,
		first.Path), nil)
	c.eval(readPage, &st)
	inPost := 0
	for _, d := range res.Diagnostics {
		if d.Rule == top && d.Path == first.Path {
			inPost++
		}
	}
	if st.Visible != inPost || st.VisiblePosts != 1 {
		t.Errorf("%s, rule %s and %q: %d findings in %d posts shown, want %d in 1", name, top, first.Path, st.Visible, st.VisiblePosts, inPost)
	}
	c.screenshot(filepath.Join(shots, name+"-filtered.png"), 0, 1800)
	// Everything again, and a look at the posts.
	c.eval(`(() => { const s = document.getElementById('search'); s.value = ''; document.getElementById('rule').value = '';
		s.dispatchEvent(new Event('input', {bubbles: true})); return true })()`, nil)
	var postsTop int
	c.eval(`Math.round(document.getElementById('posts').getBoundingClientRect().top + window.scrollY)`, &postsTop)
	c.screenshot(filepath.Join(shots, name+"-posts.png"), postsTop-20, 1400)
	t.Logf("%s: screenshots in %s", name, shots)
}

// TestHTMLLinesOfPosts: a post's text never begins a line of the page, not
// even in the diff of a fix across lines, so that a CI log showing the
// page cannot read a post's "::command" line as a workflow command.
func TestHTMLLinesOfPosts(t *testing.T) {
	src := "::set-output name=a::1\n::error::forged\n::warning::too\n"
	d := rules.Diagnostic{Path: "a.md", Rule: "r", Severity: rules.Warning, Message: "m", Line: 1, Column: 1, EndLine: 3, EndColumn: 3,
		SourceLine: "::set-output name=a::1",
		Fixes:      []rules.Fix{{Message: "join", Edits: []rules.Edit{{Start: 5, End: 30, NewText: "x\n::notice::y"}}}}}
	var b bytes.Buffer
	if err := HTML(&b, []rules.Diagnostic{d}, HTMLOptions{Files: 1, Source: func(string) []byte { return []byte(src) }}); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(b.String(), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "::") {
			t.Errorf("a line of the page starts with a post's text: %q", line)
		}
	}
	// The diff shows each line of the change as a row of its own.
	if !strings.Contains(b.String(), `<pre class="diff"><span class="del">- ::set<del>-output name=a::1</del></span><span class="del">- <del>::error</del>::forged</span>`+
		`<span class="add">+ ::set<ins>x</ins></span><span class="add">+ <ins>::notice::y</ins>::forged</span></pre>`) {
		t.Errorf("diff rows:\n%s", b.String())
	}
}
