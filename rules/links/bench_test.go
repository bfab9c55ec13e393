package links_test

import (
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/postlint/postlint/linkcheck"
	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/links"
	"github.com/postlint/postlint/rules/registry"
)

// simWeb is a simulated web on loopback: one server answers for many
// host names, each request after a fixed latency. Pages are alive, or
// missing (404), moved for good (301), moved for now (302), refuse HEAD
// (405), fail once with a 502 or a reset and then answer, sit behind a
// login or a bot wall, by their path; the hosts of nohead hosts refuse
// HEAD for every page; www.youtube.com answers 200 for every video page
// and tells removed videos by oEmbed; x.com refuses robots.
type simWeb struct {
	srv      *httptest.Server
	latency  time.Duration
	requests atomic.Int64
	mu       sync.Mutex
	inFlight map[string]int
	peak     map[string]int
	seen     map[string]int // requests per host and path
}

func newSimWeb(latency time.Duration) *simWeb {
	w := &simWeb{latency: latency, inFlight: map[string]int{}, peak: map[string]int{}, seen: map[string]int{}}
	w.srv = httptest.NewServer(http.HandlerFunc(w.serve))
	return w
}

// noheadHost says which hosts refuse HEAD on every page, as some servers
// are configured to.
func noheadHost(host string) bool { return host == "site011.sim" || host == "site042.sim" }

func (w *simWeb) serve(rw http.ResponseWriter, r *http.Request) {
	w.requests.Add(1)
	host, path := r.Host, r.URL.Path
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	// markdown-link-check reaches the server as 127.0.0.1/HOST/path.
	if host == "127.0.0.1" {
		if i := strings.IndexByte(path[1:], '/'); i > 0 {
			host, path = path[1:i+1], path[i+1:]
		}
	}
	w.mu.Lock()
	w.inFlight[host]++
	w.peak[host] = max(w.peak[host], w.inFlight[host])
	w.seen[host+path]++
	n := w.seen[host+path]
	w.mu.Unlock()
	defer func() {
		w.mu.Lock()
		w.inFlight[host]--
		w.mu.Unlock()
	}()
	time.Sleep(w.latency)
	switch {
	case host == "www.youtube.com" && path == "/oembed":
		if strings.Contains(r.URL.Query().Get("url"), "v=gone") {
			rw.WriteHeader(http.StatusNotFound)
			return
		}
		_, _ = rw.Write([]byte(`{"type":"video"}`))
	case host == "x.com":
		rw.WriteHeader(http.StatusForbidden)
	case noheadHost(host) && r.Method == http.MethodHead:
		rw.WriteHeader(http.StatusMethodNotAllowed)
	case strings.HasPrefix(path, "/flaky/") && n == 1:
		rw.WriteHeader(http.StatusBadGateway)
	case strings.HasPrefix(path, "/reset/") && n == 1:
		if c, _, err := rw.(http.Hijacker).Hijack(); err == nil {
			if tc, ok := c.(*net.TCPConn); ok {
				_ = tc.SetLinger(0)
			}
			_ = c.Close()
		}
	case strings.HasPrefix(path, "/members/"):
		rw.Header().Set("Location", "/login?next="+path)
		rw.WriteHeader(http.StatusFound)
	case strings.HasPrefix(path, "/walled/"):
		rw.Header().Set("Cf-Mitigated", "challenge")
		rw.WriteHeader(http.StatusForbidden)
	case strings.HasPrefix(path, "/missing/"):
		rw.WriteHeader(http.StatusNotFound)
	case strings.HasPrefix(path, "/moved/"):
		rw.Header().Set("Location", "/page/"+strings.TrimPrefix(path, "/moved/"))
		rw.WriteHeader(http.StatusMovedPermanently)
	case strings.HasPrefix(path, "/temp/"):
		rw.Header().Set("Location", "/page/"+strings.TrimPrefix(path, "/temp/"))
		rw.WriteHeader(http.StatusFound)
	case strings.HasPrefix(path, "/nohead/") && r.Method == http.MethodHead:
		rw.WriteHeader(http.StatusMethodNotAllowed)
	default:
		rw.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(rw, "<!doctype html><title>%s</title><h2 id=talks>Talks</h2><p>%s", path, strings.Repeat("lorem ipsum ", 200))
	}
}

func (w *simWeb) peakPerHost() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	p := 0
	for _, n := range w.peak {
		p = max(p, n)
	}
	return p
}

// simPosts writes nPosts posts linking to nURLs distinct URLs on nHosts
// hosts, every URL linked about twice. Hosts get URLs in a long-tailed
// way (weight 1/(rank+5)): the busiest has about 5%. It returns the URL
// list.
func simPosts(dir string, nPosts, nURLs, nHosts int) ([]string, error) {
	r := rand.New(rand.NewPCG(1, 2))
	weights := make([]float64, nHosts)
	total := 0.0
	for i := range weights {
		weights[i] = 1 / float64(i+5)
		total += weights[i]
	}
	pick := func() int {
		x := r.Float64() * total
		for i, w := range weights {
			if x -= w; x < 0 {
				return i
			}
		}
		return nHosts - 1
	}
	urls := make([]string, nURLs)
	for i := range urls {
		kind := "page"
		switch x := r.IntN(200); {
		case x < 8:
			kind = "missing"
		case x < 14:
			kind = "moved"
		case x < 16:
			kind = "temp"
		case x < 17:
			kind = "nohead" // one page refuses HEAD; hosts that refuse it on every page: noheadHost
		case x < 18:
			kind = "flaky"
		case x < 19:
			kind = "reset"
		case x < 20:
			kind = "members"
		case x < 21:
			kind = "walled"
		case x < 23:
			urls[i] = fmt.Sprintf("http://www.youtube.com/watch?v=live%07d", i)
			continue
		case x < 24:
			urls[i] = fmt.Sprintf("http://www.youtube.com/watch?v=gone%07d", i)
			continue
		case x < 26:
			urls[i] = fmt.Sprintf("http://x.com/someone/status/%d", i)
			continue
		case x < 28:
			urls[i] = fmt.Sprintf("http://site%03d.sim/page/%d#talks", pick(), i)
			continue
		}
		urls[i] = fmt.Sprintf("http://site%03d.sim/%s/%d", pick(), kind, i)
	}
	links := make([]string, 0, 2*nURLs)
	links = append(links, urls...)
	links = append(links, urls...)
	r.Shuffle(len(links), func(i, j int) { links[i], links[j] = links[j], links[i] })
	per := (len(links) + nPosts - 1) / nPosts
	for p := 0; p < nPosts; p++ {
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: Recap %d\n---\n\n## Talks\n\n", p)
		for i := p * per; i < min(len(links), (p+1)*per); i++ {
			fmt.Fprintf(&b, "- [Talk %d](%s): slides and video.\n", i, links[i])
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("2024-01-%03d-recap.md", p)), []byte(b.String()), 0o644); err != nil {
			return nil, err
		}
	}
	return urls, nil
}

// BenchmarkExternalLinks checks ~2,000 distinct URLs linked from 300
// posts against the simulated web at 50 ms a request, with the default
// limits, then again with the cache. Run it with
//
//	go test ./rules/links -run '^$' -bench ExternalLinks -benchtime 1x
func BenchmarkExternalLinks(b *testing.B) {
	web := newSimWeb(50 * time.Millisecond)
	defer web.srv.Close()
	posts := b.TempDir()
	urls, err := simPosts(posts, 300, 2000, 250)
	if err != nil {
		b.Fatal(err)
	}
	var inputs []rules.Input
	ents, _ := os.ReadDir(posts)
	for _, e := range ents {
		inputs = append(inputs, rules.Input{Path: filepath.Join(posts, e.Name())})
	}
	port := netip.MustParseAddrPort(web.srv.Listener.Addr().String()).Port()
	resolver := mapResolver{"www.youtube.com": loopback, "x.com": loopback}
	for i := range 250 {
		resolver[fmt.Sprintf("site%03d.sim", i)] = loopback
	}
	run := func(cache string) (*rules.Result, time.Duration) {
		reg := registry.Default()
		cfg := rules.DefaultConfig(reg)
		for _, r := range reg.Rules {
			_ = cfg.SetEnabled(r.Name, r.Name == "dead-link" || r.Name == "redirected-link")
		}
		lc := cfg.Section("links").(*links.Config)
		lc.Cache = cache
		lc.Log = os.Stderr
		lc.Tune = func(o *linkcheck.Options) {
			o.Resolver = resolver
			o.AddrAllowed = func(a netip.Addr) bool { return a == loopback }
			o.MapAddr = func(netip.AddrPort) netip.AddrPort { return netip.AddrPortFrom(loopback, port) }
			o.YouTubeOEmbed = "http://www.youtube.com/oembed"
		}
		start := time.Now()
		res := (&rules.Engine{Config: cfg}).Run(inputs)
		return res, time.Since(start)
	}
	for b.Loop() {
		cache := b.TempDir()
		before := web.requests.Load()
		res, first := run(cache)
		reqs := web.requests.Load() - before
		res2, second := run(cache)
		cached := web.requests.Load() - before - reqs
		if a, b2 := verdicts(res), verdicts(res2); a != b2 {
			b.Errorf("the cached run's verdicts differ from the first run's")
		}

		dead, moved := 0, 0
		sev := map[rules.Severity]int{}
		for _, d := range res.Diagnostics {
			switch d.Rule {
			case "dead-link":
				sev[d.Severity]++
				if d.Severity == rules.Error {
					dead++
				}
			case "redirected-link":
				moved++
			}
		}
		b.Logf("dead-link: %d errors (dead), %d warnings (unreachable, no anchor), %d infos (could not be verified)",
			sev[rules.Error], sev[rules.Warning], sev[rules.Info])
		b.ReportMetric(first.Seconds(), "s/first-run")
		b.ReportMetric(second.Seconds(), "s/cached-run")
		b.ReportMetric(float64(reqs)/float64(len(urls)), "requests/URL")
		b.ReportMetric(float64(cached), "requests/cached-run")
		b.ReportMetric(float64(web.peakPerHost()), "peak-per-host")
		b.Logf("%d posts, %d links, %d URLs: %v, %d requests; cached run %v, %d requests; %d dead, %d moved reported",
			len(inputs), 2*len(urls), len(urls), first.Round(time.Millisecond), reqs, second.Round(time.Millisecond), cached, dead, moved)
	}
}

// verdicts writes what a run reported, to compare runs.
func verdicts(res *rules.Result) string {
	var b strings.Builder
	for _, d := range res.Diagnostics {
		fmt.Fprintf(&b, "%s:%d %s %s %s\n", d.Path, d.Start, d.Rule, d.Severity, d.Message)
	}
	return b.String()
}

// TestSimWebServe serves the benchmark's simulated web for another link
// checker to be measured on the same setup, when POSTLINT_SIMWEB_DIR names
// a directory: it writes the posts there, with a markdown-link-check
// config that sends site123.sim to the server (as 127.0.0.1:PORT/site123),
// and serves until DIR/stop exists, ten minutes at most. Then it logs the
// requests it had.
func TestSimWebServe(t *testing.T) {
	dir := os.Getenv("POSTLINT_SIMWEB_DIR")
	if dir == "" {
		t.Skip("POSTLINT_SIMWEB_DIR not set")
	}
	web := newSimWeb(50 * time.Millisecond)
	defer web.srv.Close()
	var inFlight, peak atomic.Int64
	inner := web.srv.Config.Handler
	web.srv.Config.Handler = http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		defer inFlight.Add(-1)
		inner.ServeHTTP(rw, r)
	})
	posts := filepath.Join(dir, "posts")
	if err := os.MkdirAll(posts, 0o755); err != nil {
		t.Fatal(err)
	}
	urls, err := simPosts(posts, 300, 2000, 250)
	if err != nil {
		t.Fatal(err)
	}
	addr := web.srv.Listener.Addr().String()
	mlc := fmt.Sprintf(`{"replacementPatterns": [{"pattern": "^http://(site[0-9]+)\\.sim/", "replacement": "http://%s/$1/"}]}`, addr)
	if err := os.WriteFile(filepath.Join(dir, "mlc.json"), []byte(mlc), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("serving %d URLs of %d posts at %s", len(urls), 300, addr)
	deadline := time.Now().Add(10 * time.Minute)
	for time.Now().Before(deadline) {
		if _, err := os.Stat(filepath.Join(dir, "stop")); err == nil {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Logf("%d requests for %d URLs (%.2f a URL), at most %d in flight, %d to one host",
		web.requests.Load(), len(urls), float64(web.requests.Load())/float64(len(urls)), peak.Load(), web.peakPerHost())
}
