package links_test

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/postlint/postlint/linkcheck"
	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/links"
	"github.com/postlint/postlint/rules/registry"
	"github.com/postlint/postlint/rules/rulestest"
)

// lintDir lints the posts under dir as one set, with only the named rules
// on, and the config of dir/.postlint.yml if there is one (its links:
// section; its rules are ignored so that no other family's rule joins
// in). It returns what the run printed as notices.
func lintDir(t *testing.T, dir string, offline bool, tune func(*links.Config), names ...string) ([]rules.Diagnostic, string) {
	t.Helper()
	inputs, diags, log := lintDirRaw(t, dir, offline, tune, names...)
	rulestest.Check(t, inputs, diags)
	return diags, log
}

// lintDirRaw is lintDir without checking the want comments.
func lintDirRaw(t *testing.T, dir string, offline bool, tune func(*links.Config), names ...string) ([]rules.Input, []rules.Diagnostic, string) {
	t.Helper()
	reg := registry.Default()
	cfg := rules.DefaultConfig(reg)
	if p := filepath.Join(dir, ".postlint.yml"); fileExists(p) {
		var err error
		if cfg, err = rules.LoadConfig(reg, p); err != nil {
			t.Fatal(err)
		}
	}
	rulestest.Only(t, cfg, reg, names...)
	var log bytes.Buffer
	lc := cfg.Section("links").(*links.Config)
	lc.Log = &log
	if tune != nil {
		tune(lc)
	}
	var inputs []rules.Input
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			inputs = append(inputs, rules.Input{Path: p})
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	res := (&rules.Engine{Config: cfg, Offline: offline}).Run(inputs)
	for _, err := range res.Errors {
		t.Error(err)
	}
	return inputs, res.Diagnostics, log.String()
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func TestBrokenLink(t *testing.T) {
	for _, dir := range []string{"local", "kramdown", "hugo", "auto", "jekyll", "root"} {
		t.Run(dir, func(t *testing.T) {
			_, log := lintDir(t, filepath.Join("../../testdata/links", dir), true, nil, "broken-link")
			if log != "" {
				t.Errorf("notices: %s", log)
			}
		})
	}
}

func TestAssetlessCopy(t *testing.T) {
	_, log := lintDir(t, "../../testdata/links/assetless", true, nil, "broken-link")
	if want := "none of the 6 links to images and other files resolves"; !strings.Contains(log, want) {
		t.Errorf("notices: %q, want %q", log, want)
	}
}

func TestCorpus(t *testing.T) {
	corpus := "../../../shared/corpus"
	if _, err := os.Stat(corpus); err != nil {
		t.Skip("no corpus")
	}
	reg := registry.Default()
	cfg := rules.DefaultConfig(reg)
	for _, r := range reg.Rules {
		if err := cfg.SetEnabled(r.Name, r.Name == "broken-link"); err != nil {
			t.Fatal(err)
		}
	}
	var log bytes.Buffer
	cfg.Section("links").(*links.Config).Log = &log
	var inputs []rules.Input
	_ = filepath.WalkDir(corpus, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") && filepath.Base(p) != "README.md" {
			inputs = append(inputs, rules.Input{Path: p})
		}
		return err
	})
	res := (&rules.Engine{Config: cfg, Offline: true}).Run(inputs)
	// The corpus's real broken anchors: survey2020-results.md links to
	// "#TOC_6." and the like, ids its HTML never defines. Nothing else is
	// broken (its images were not copied: one notice says so).
	var got []string
	for _, d := range res.Diagnostics {
		got = append(got, filepath.Base(d.Path)+": "+d.Message)
	}
	if len(got) != 5 {
		t.Errorf("%d diagnostics, want 5:\n%s", len(got), strings.Join(got, "\n"))
	}
	for _, g := range got {
		if !strings.HasPrefix(g, `survey2020-results.md: no heading or anchor "#TOC_`) {
			t.Errorf("unexpected: %s", g)
		}
	}
	if !strings.Contains(log.String(), "links to images and other files resolves") {
		t.Errorf("no notice for the missing images: %q", log.String())
	}
}

// loopbackWeb is a test server standing for every host of a test: the
// checker is told to look names up in a map and to dial it for port 80.
type loopbackWeb struct {
	*httptest.Server
	requests atomic.Int64
}

func newLoopbackWeb(t *testing.T, h http.HandlerFunc) *loopbackWeb {
	w := &loopbackWeb{}
	w.Server = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		w.requests.Add(1)
		h(rw, r)
	}))
	t.Cleanup(w.Close)
	return w
}

type mapResolver map[string]netip.Addr

func (m mapResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	if a, ok := m[host]; ok {
		return []netip.Addr{a}, nil
	}
	return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
}

var loopback = netip.MustParseAddr("127.0.0.1")

// tune points the checker at w: names in hosts resolve to loopback, which
// only this test may reach, and every connection goes to w's port.
func (w *loopbackWeb) tune(r linkcheck.Resolver) func(*linkcheck.Options) {
	port := netip.MustParseAddrPort(w.Listener.Addr().String()).Port()
	return func(o *linkcheck.Options) {
		o.Resolver = r
		o.AddrAllowed = func(a netip.Addr) bool { return a == loopback }
		o.MapAddr = func(netip.AddrPort) netip.AddrPort { return netip.AddrPortFrom(loopback, port) }
		o.Backoff = 5 * time.Millisecond
	}
}

func testWeb(rw http.ResponseWriter, r *http.Request) {
	host, _, _ := net.SplitHostPort(r.Host)
	if host == "" {
		host = r.Host
	}
	if host == "twitter.com" {
		rw.WriteHeader(http.StatusForbidden)
		return
	}
	moved := func(code int, to string) {
		if r.URL.RawQuery != "" {
			to += "?" + r.URL.RawQuery
		}
		rw.Header().Set("Location", to)
		rw.WriteHeader(code)
	}
	switch r.URL.Path {
	case "/page":
		rw.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = rw.Write([]byte(`<!doctype html><html><head><meta name="description" content="x"></head><body>
<h2 id="talks">Talks</h2><p><a name="old-style"></a>Old anchors.</p>
<h2 id="user-content-readme">As GitHub writes them</h2><h3 id='caf&#233;'>Café</h3></body></html>`))
	case "/page-no-ids":
		rw.Header().Set("Content-Type", "text/html")
		_, _ = rw.Write([]byte(`<html><body><div class="app"></div><script src="app.js"></script></body></html>`))
	case "/doc.pdf":
		rw.Header().Set("Content-Type", "application/pdf")
		_, _ = rw.Write([]byte("%PDF-1.4 <a id=x>"))
	case "/ok", "/new":
	case "/head-refused":
		if r.Method == http.MethodHead {
			rw.WriteHeader(http.StatusMethodNotAllowed)
		}
	case "/temporary":
		moved(http.StatusFound, "/ok")
	case "/gone":
		rw.WriteHeader(http.StatusGone)
	case "/loop":
		moved(http.StatusMovedPermanently, "/loop-back")
	case "/loop-back":
		moved(http.StatusFound, "/loop")
	case "/flaky":
		rw.WriteHeader(http.StatusServiceUnavailable)
	case "/old":
		moved(http.StatusMovedPermanently, "/new")
	case "/old-too":
		moved(http.StatusPermanentRedirect, "/new")
	default:
		http.NotFound(rw, r)
	}
}

func TestExternalLinks(t *testing.T) {
	w := newLoopbackWeb(t, testWeb)
	resolver := mapResolver{"alive.web": loopback, "twitter.com": loopback}
	cache := t.TempDir()
	tune := func(lc *links.Config) {
		lc.Cache = cache
		lc.Tune = w.tune(resolver)
	}
	diags, log := lintDir(t, "../../testdata/links/external", false, tune, "dead-link", "redirected-link")
	if log != "" {
		t.Errorf("notices: %s", log)
	}
	sev := map[string]rules.Severity{}
	for _, d := range diags {
		u := d.Message[:strings.IndexByte(d.Message, ' ')]
		sev[u+" "+d.Rule] = d.Severity
		// The URL is on the diagnostic too, for reports (with its
		// #fragment, which the message of a missing anchor leaves out).
		if d.URL == "" || !strings.HasPrefix(d.URL, u) {
			t.Errorf("%s: URL %q", d.Message, d.URL)
		}
	}
	for key, want := range map[string]rules.Severity{
		"http://alive.web/missing dead-link":            rules.Error,
		"https://no-such-host.org/talk dead-link":       rules.Error,
		"http://wiki.corp/page dead-link":               rules.Info,
		"http://alive.web/flaky dead-link":              rules.Warning,
		"http://twitter.com/someone/status/1 dead-link": rules.Info,
		"http://alive.web/old redirected-link":          rules.Info,
		"http://alive.web/page dead-link":               rules.Warning,
	} {
		if got := sev[key]; got != want {
			t.Errorf("%s: severity %v, want %v", key, got, want)
		}
	}
	// Each distinct URL once: HEAD, plus GET where HEAD was refused or
	// answered 404 or an error, plus the redirects and the retry.
	first := w.requests.Load()
	if first == 0 || first > 40 {
		t.Errorf("%d requests", first)
	}

	// Again, with the cache: no request at all.
	lintDir(t, "../../testdata/links/external", false, tune, "dead-link", "redirected-link")
	if n := w.requests.Load() - first; n != 0 {
		t.Errorf("%d requests with a warm cache", n)
	}
	if _, err := os.Stat(filepath.Join(cache, "links.json")); err != nil {
		t.Error(err)
	}

	// --no-cache: every URL is checked again.
	lintDir(t, "../../testdata/links/external", false, func(lc *links.Config) {
		tune(lc)
		lc.NoCache = true
	}, "dead-link", "redirected-link")
	// (About as many: which host refuses HEAD is learnt as answers come.)
	if n := w.requests.Load() - first; n < first-3 || n > first+3 {
		t.Errorf("%d requests with --no-cache, want about %d as the first time", n, first)
	}
}

func TestNoNetwork(t *testing.T) {
	down := &net.DNSError{Err: "connection refused", Name: "x", IsTemporary: true}
	_, diags, log := lintDirRaw(t, "../../testdata/links/external", false, func(lc *links.Config) {
		lc.Cache = "off"
		lc.Tune = func(o *linkcheck.Options) {
			o.Resolver = failResolver{down}
			o.Backoff = time.Millisecond
		}
	}, "dead-link", "redirected-link", "broken-link")
	if len(diags) != 0 {
		t.Errorf("%d diagnostics with no network, first: %s", len(diags), diags[0].Message)
	}
	if strings.Count(log, "\n") != 1 || !strings.Contains(log, "the network seems to be down") {
		t.Errorf("notices: %q", log)
	}
}

type failResolver struct{ err error }

func (f failResolver) LookupNetIP(context.Context, string, string) ([]netip.Addr, error) {
	return nil, f.err
}

// Linting one post alone, as an editor does: the posts it links to are
// found on disk and read for their anchors.
func TestOnePostAlone(t *testing.T) {
	reg := registry.Default()
	cfg := rules.DefaultConfig(reg)
	for _, r := range reg.Rules {
		if err := cfg.SetEnabled(r.Name, r.Name == "broken-link"); err != nil {
			t.Fatal(err)
		}
	}
	inputs := []rules.Input{{Path: "../../testdata/links/local/other.md"}}
	res := (&rules.Engine{Config: cfg, Offline: true}).Run(inputs)
	rulestest.Check(t, inputs, res.Diagnostics)
}

func TestConfig(t *testing.T) {
	reg := registry.Default()
	cfg, err := rules.ParseConfig(reg, "c.yml", []byte(`links:
  check_private: true
  cache: off
  cache_ttl: 1h
  timeout: 3s
  retries: 0
  exclude: ['^https://internal\.', 'linkedin\.com']
  anchors: kramdown
  root: site
  concurrency: 16
  host_concurrency: 2
  host_interval: 100ms
  deadline: 1m
  confirm_after: 72h
  unverifiable: [mastodon.social]
  archive: true
  soft_404: true
`))
	if err != nil {
		t.Fatal(err)
	}
	lc := cfg.Section("links").(*links.Config)
	if !lc.CheckPrivate || lc.Cache != "off" || lc.CacheTTL.String() != "1h0m0s" || lc.Timeout.String() != "3s" ||
		lc.Retries != 0 || len(lc.Exclude) != 2 || !lc.Exclude[1].MatchString("https://www.linkedin.com/in/x") ||
		lc.Anchors != "kramdown" || lc.Root != "site" || lc.Concurrency != 16 || lc.HostConcurrency != 2 ||
		lc.HostInterval.String() != "100ms" || lc.Deadline.String() != "1m0s" ||
		lc.ConfirmAfter.String() != "72h0m0s" || len(lc.Unverifiable) != 1 || !lc.Archive || !lc.Soft404 {
		t.Errorf("decoded %+v", lc)
	}
	for src, want := range map[string]string{
		"links:\n  timeout: soon\n":        "c.yml:2: want a duration such as 10s, 5m or 24h, not \"soon\"",
		"links:\n  confirm_after: -1h\n":   "c.yml:2: want a duration",
		"links:\n  archive: maybe\n":       "c.yml:2: ",
		"links:\n  confirm_afer: 1h\n":     "c.yml:2: unknown key \"confirm_afer\"",
		"links:\n  exclude: ['(']\n":       "c.yml:2: links.exclude: error parsing regexp",
		"links:\n  anchors: gitlab\n":      "c.yml:2: links.anchors: want auto, github, hugo or kramdown, not \"gitlab\"",
		"links:\n\n  check_privat: true\n": "c.yml:3: unknown key \"check_privat\"",
	} {
		_, err := rules.ParseConfig(reg, "c.yml", []byte(src))
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q: got %v, want %s...", src, err, want)
		}
	}
}
