package links_test

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/postlint/postlint/linkcheck"
	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/links"
)

// The fault-injection suite of issue 13: every verdict against servers on
// loopback that fail as real sites do.

// faultyWeb answers for the hosts of testdata/links/verdicts.
func faultyWeb(t *testing.T, extra ...map[string]http.HandlerFunc) (*loopbackWeb, mapResolver) {
	var mu sync.Mutex
	seen := map[string]int{}
	w := newLoopbackWeb(t, func(rw http.ResponseWriter, r *http.Request) {
		host, _, err := net.SplitHostPort(r.Host)
		if err != nil {
			host = r.Host
		}
		mu.Lock()
		seen[host+r.URL.Path]++
		n := seen[host+r.URL.Path]
		mu.Unlock()
		for _, e := range extra {
			if h := e[host+r.URL.Path]; h != nil {
				h(rw, r)
				return
			}
		}
		switch host + r.URL.Path {
		case "talks.org/gone":
			rw.WriteHeader(http.StatusNotFound)
		case "talks.org/forbidden":
			rw.WriteHeader(http.StatusForbidden)
		case "flaky.org/agenda":
			if n == 1 {
				rw.WriteHeader(http.StatusBadGateway)
			}
		case "down.org/slides":
			rw.WriteHeader(http.StatusServiceUnavailable)
		case "resets.org/video":
			resetConn(rw)
		case "www.youtube.com/watch", "www.youtube.com/embed/private0000":
			// The page of any video answers 200, removed or not.
			rw.Header().Set("Content-Type", "text/html")
			_, _ = rw.Write([]byte("<html><title>YouTube</title></html>"))
		case "www.youtube.com/oembed":
			v := r.URL.Query().Get("url")
			switch {
			case strings.HasSuffix(v, "removed0000"):
				rw.WriteHeader(http.StatusNotFound)
			case strings.HasSuffix(v, "private0000"):
				rw.WriteHeader(http.StatusUnauthorized)
			default:
				_, _ = rw.Write([]byte(`{"type":"video"}`))
			}
		case "youtu.be/removed0000":
			http.Redirect(rw, r, "http://www.youtube.com/watch?v=removed0000", http.StatusMovedPermanently)
		case "members.org/talks/2013":
			http.Redirect(rw, r, "/login?next=%2Ftalks%2F2013", http.StatusFound)
		case "members.org/login":
			_, _ = rw.Write([]byte("<form>"))
		case "walled.org/slides":
			rw.Header().Set("Cf-Mitigated", "challenge")
			rw.WriteHeader(http.StatusForbidden)
		case "walled.org/deck":
			rw.WriteHeader(http.StatusServiceUnavailable)
			if r.Method == http.MethodGet {
				_, _ = rw.Write([]byte(`<html><script src="https://www.google.com/recaptcha/api.js"></script></html>`))
			}
		default:
			rw.WriteHeader(http.StatusNotFound)
		}
	})
	res := mapResolver{}
	for _, h := range []string{"talks.org", "flaky.org", "down.org", "resets.org", "www.youtube.com", "youtu.be",
		"members.org", "walled.org", "x.com", "walledgarden.org", "probe.web", "archive.org"} {
		res[h] = loopback
	}
	return w, res
}

// tuneFaulty points the checker at the faulty web, https included (the
// web is plain http on loopback: the transport's dial goes there for any
// port and scheme), and names one more unverifiable host.
func tuneFaulty(w *loopbackWeb, r mapResolver, cache string) func(*links.Config) {
	return func(lc *links.Config) {
		lc.Cache = cache
		lc.Retries = 2
		lc.Unverifiable = []string{"walledgarden.org"}
		base := w.tune(r)
		lc.Tune = func(o *linkcheck.Options) {
			base(o)
			o.ProbeHosts = []string{"probe.web"}
			o.YouTubeOEmbed = "http://www.youtube.com/oembed"
			o.ArchiveAPI = "http://archive.org/wayback/available"
			o.ArchiveInterval = 10 * time.Millisecond
		}
	}
}

func messages(diags []rules.Diagnostic) []string {
	var out []string
	for _, d := range diags {
		out = append(out, d.Severity.String()+": "+d.Message)
	}
	return out
}

// shiftCache moves every time in the cache file back by d, as if its runs
// had been d earlier.
func shiftCache(t *testing.T, dir string, d time.Duration) {
	t.Helper()
	path := filepath.Join(dir, "links.json")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Version int                         `json:"version"`
		Entries map[string]linkcheck.Result `json:"entries"`
	}
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	for k, r := range f.Entries {
		r.Checked = r.Checked.Add(-d)
		if !r.Since.IsZero() {
			r.Since = r.Since.Add(-d)
		}
		f.Entries[k] = r
	}
	if data, err = json.Marshal(f); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestVerdicts(t *testing.T) {
	w, r := faultyWeb(t)
	cache := t.TempDir()
	dir := "../../testdata/links/verdicts"
	first, log := lintDir(t, dir, false, tuneFaulty(w, r, cache), "dead-link")
	if log != "" {
		t.Errorf("notices: %s", log)
	}
	for _, d := range first {
		if d.Severity == rules.Error && !strings.Contains(d.Message, "talks.org/gone") &&
			!strings.Contains(d.Message, "defunct-conference.org") && !strings.Contains(d.Message, "removed0000") {
			t.Errorf("an error for a link not known dead: %s", d.Message)
		}
	}

	// Again at once: the same verdicts, all from the cache.
	before := w.requests.Load()
	second, _ := lintDir(t, dir, false, tuneFaulty(w, r, cache), "dead-link")
	if n := w.requests.Load() - before; n != 0 {
		t.Errorf("%d requests with a warm cache", n)
	}
	if a, b := strings.Join(messages(first), "\n"), strings.Join(messages(second), "\n"); a != b {
		t.Errorf("the cached run differs:\n%s\nthen\n%s", a, b)
	}

	// A day and an hour later, down.org and resets.org still fail: now
	// they are dead, since the first failure. flaky.org answered.
	shiftCache(t, cache, 25*time.Hour)
	_, third, _ := lintDirRaw(t, dir, false, tuneFaulty(w, r, cache), "dead-link")
	got := strings.Join(messages(third), "\n")
	for _, want := range []string{
		"error: http://down.org/slides is dead: 503 Service Unavailable (3 attempts), failing since ",
		"error: http://resets.org/video is dead: connection closed by the server (3 attempts), failing since ",
		"error: http://talks.org/gone is dead: 404 Not Found",
		"info: http://x.com/someone/status/1 could not be verified",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in\n%s", want, got)
		}
	}
	if strings.Contains(got, "flaky.org") {
		t.Errorf("flaky.org, which answered, is reported:\n%s", got)
	}
}

// With no cache, a transient failure is dead when every attempt of the
// run failed, and a flaky server that answers on the retry is fine.
func TestVerdictsWithoutCache(t *testing.T) {
	w, r := faultyWeb(t)
	_, diags, _ := lintDirRaw(t, "../../testdata/links/verdicts", false, tuneFaulty(w, r, "off"), "dead-link")
	got := strings.Join(messages(diags), "\n")
	for _, want := range []string{
		"error: http://down.org/slides is dead: 503 Service Unavailable (3 attempts)",
		"error: http://resets.org/video is dead: connection closed by the server (3 attempts)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in\n%s", want, got)
		}
	}
	if strings.Contains(got, "flaky.org") {
		t.Errorf("flaky.org, which answered on the retry, is reported:\n%s", got)
	}
}

// failDial is a Tune that makes every connection fail as on a machine
// with no route out.
func failDial(o *linkcheck.Options) {
	o.MapAddr = func(netip.AddrPort) netip.AddrPort { return netip.AddrPortFrom(loopback, closedPort) }
}

// closedPort is a port on loopback that nothing listens on.
var closedPort = func() uint16 {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer func() { _ = l.Close() }()
	return netip.MustParseAddrPort(l.Addr().String()).Port()
}()

// Twice, with no network in three ways: no dead link is reported, and no
// failure is left in the cache for a later run to believe.
func TestNoNetworkTwice(t *testing.T) {
	for name, tune := range map[string]func(*linkcheck.Options){
		"DNS fails": func(o *linkcheck.Options) {
			o.Resolver = failResolver{&net.DNSError{Err: "server misbehaving", Name: "x", IsTemporary: true}}
		},
		// As on a laptop offline, whose resolver says no name exists.
		"every name missing": func(o *linkcheck.Options) { o.Resolver = mapResolver{} },
		"no route": func(o *linkcheck.Options) {
			o.Resolver = everyName{}
			o.AddrAllowed = func(a netip.Addr) bool { return a == loopback }
			failDial(o)
		},
	} {
		t.Run(name, func(t *testing.T) {
			cache := t.TempDir()
			for run := range 2 {
				_, diags, log := lintDirRaw(t, "../../testdata/links/verdicts", false, func(lc *links.Config) {
					lc.Cache = cache
					lc.Tune = func(o *linkcheck.Options) {
						o.Backoff = time.Millisecond
						o.Timeout = 2 * time.Second
						tune(o)
					}
				}, "dead-link", "redirected-link")
				if len(diags) != 0 {
					t.Errorf("run %d: %d diagnostics, first: %s", run+1, len(diags), diags[0].Message)
				}
				if !strings.Contains(log, "the network seems to be down") {
					t.Errorf("run %d: notices %q", run+1, log)
				}
			}
			data, err := os.ReadFile(filepath.Join(cache, "links.json"))
			if err == nil && strings.Contains(string(data), `"status"`) {
				t.Errorf("results cached with no network:\n%s", data)
			}
		})
	}
}

// everyName resolves every name to loopback.
type everyName struct{}

func (everyName) LookupNetIP(context.Context, string, string) ([]netip.Addr, error) {
	return []netip.Addr{loopback}, nil
}

// A pre-commit run of one post with one link, to a domain that is gone:
// the network is there (the probe answers), so the link is dead.
func TestOneDeadDomainAlone(t *testing.T) {
	w := newLoopbackWeb(t, func(http.ResponseWriter, *http.Request) {})
	dir := t.TempDir()
	post := "---\ntitle: One link\n---\n\nSee [the old site](https://gone-for-good.org/talk). <!-- want \"https://gone-for-good.org/talk is dead: host gone-for-good.org does not exist\" -->\n"
	if err := os.WriteFile(filepath.Join(dir, "post.md"), []byte(post), 0o644); err != nil {
		t.Fatal(err)
	}
	_, log := lintDir(t, dir, false, func(lc *links.Config) {
		lc.Cache = "off"
		base := w.tune(mapResolver{"probe.web": loopback})
		lc.Tune = func(o *linkcheck.Options) {
			base(o)
			o.ProbeHosts = []string{"probe.web"}
		}
	}, "dead-link")
	if log != "" {
		t.Errorf("notices: %q", log)
	}
}

// resetConn closes the connection under a handler with a TCP reset.
func resetConn(rw http.ResponseWriter) {
	c, _, err := rw.(http.Hijacker).Hijack()
	if err != nil {
		return
	}
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = c.Close()
}

// A severity set in the config caps dead-link's verdicts; it never raises
// an unverified link or a failure not yet confirmed to an error.
func TestConfiguredSeverityCaps(t *testing.T) {
	w, r := faultyWeb(t)
	post, err := os.ReadFile("../../testdata/links/verdicts/post.md")
	if err != nil {
		t.Fatal(err)
	}
	for sev, want := range map[string]map[string]rules.Severity{
		"error":   {"talks.org/gone": rules.Error, "down.org/slides": rules.Warning, "x.com/someone": rules.Info},
		"warning": {"talks.org/gone": rules.Warning, "down.org/slides": rules.Warning, "x.com/someone": rules.Info},
		"info":    {"talks.org/gone": rules.Info, "down.org/slides": rules.Info, "x.com/someone": rules.Info},
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "post.md"), post, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, ".postlint.yml"), []byte("rules:\n  dead-link: "+sev+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, diags, _ := lintDirRaw(t, dir, false, tuneFaulty(w, r, t.TempDir()), "dead-link")
		for _, d := range diags {
			for u, s := range want {
				if strings.Contains(d.Message, u) && d.Severity != s {
					t.Errorf("dead-link: %s: %s is %v, want %v", sev, u, d.Severity, s)
				}
			}
		}
	}
}

// --offline reports the definite verdicts the cache holds, marked as
// cached with their age, without a request; nothing else.
func TestOfflineUsesCachedVerdicts(t *testing.T) {
	w, r := faultyWeb(t)
	cache := t.TempDir()
	dir := "../../testdata/links/verdicts"
	lintDirRaw(t, dir, false, tuneFaulty(w, r, cache), "dead-link")
	// A day later down.org still fails: confirmed. Then three hours pass.
	shiftCache(t, cache, 25*time.Hour)
	lintDirRaw(t, dir, false, tuneFaulty(w, r, cache), "dead-link")
	shiftCache(t, cache, 3*time.Hour)

	before := w.requests.Load()
	_, diags, log := lintDirRaw(t, dir, true, tuneFaulty(w, r, cache), "dead-link")
	if n := w.requests.Load() - before; n != 0 {
		t.Errorf("%d requests with --offline", n)
	}
	if log != "" {
		t.Errorf("notices: %q", log)
	}
	// The first failure was 28 hours ago, to the minute of the first run.
	got := regexp.MustCompile(`failing since \d{4}-\d\d-\d\d \d\d:\d\d UTC`).ReplaceAllString(strings.Join(messages(diags), "\n"), "failing since T")
	if first := when(time.Now().Add(-28 * time.Hour)); !strings.Contains(strings.Join(messages(diags), "\n"), "failing since "+first[:13]) {
		t.Errorf("not failing since about %s", first)
	}
	want := strings.Join([]string{
		"error: http://talks.org/gone is dead: 404 Not Found (cached, checked 3h ago)",
		"error: http://defunct-conference.org/2013/ is dead: host defunct-conference.org does not exist (cached, checked 3h ago)",
		"error: http://down.org/slides is dead: 503 Service Unavailable (3 attempts), failing since T (cached, checked 3h ago)",
		"error: http://resets.org/video is dead: connection closed by the server (3 attempts), failing since T (cached, checked 3h ago)",
		"error: http://www.youtube.com/watch?v=removed0000 is dead: the video removed0000 is gone (YouTube's oEmbed answers 404 Not Found) (cached, checked 3h ago)",
		"error: http://youtu.be/removed0000 is dead: the video removed0000 is gone (YouTube's oEmbed answers 404 Not Found) (cached, checked 3h ago)",
	}, "\n")
	if got != want {
		t.Errorf("offline:\n%s\nwant\n%s", got, want)
	}

	// With no cache, --offline knows nothing.
	_, diags, _ = lintDirRaw(t, dir, true, tuneFaulty(w, r, "off"), "dead-link")
	if len(diags) != 0 {
		t.Errorf("%d diagnostics offline with no cache", len(diags))
	}
}

func when(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }
