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
// missing (404), moved for good (301), moved for now (302), or refuse
// HEAD (405), by their path.
type simWeb struct {
	srv      *httptest.Server
	latency  time.Duration
	requests atomic.Int64
	mu       sync.Mutex
	inFlight map[string]int
	peak     map[string]int
}

func newSimWeb(latency time.Duration) *simWeb {
	w := &simWeb{latency: latency, inFlight: map[string]int{}, peak: map[string]int{}}
	w.srv = httptest.NewServer(http.HandlerFunc(w.serve))
	return w
}

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
	w.mu.Unlock()
	defer func() {
		w.mu.Lock()
		w.inFlight[host]--
		w.mu.Unlock()
	}()
	time.Sleep(w.latency)
	switch {
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
		fmt.Fprintf(rw, "<!doctype html><title>%s</title><p>%s", path, strings.Repeat("lorem ipsum ", 200))
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
		switch x := r.IntN(100); {
		case x < 4:
			kind = "missing"
		case x < 7:
			kind = "moved"
		case x < 8:
			kind = "temp"
		case x < 10:
			kind = "nohead"
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
	resolver := mapResolver{}
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
		_, second := run(cache)
		cached := web.requests.Load() - before - reqs

		dead, moved := 0, 0
		for _, d := range res.Diagnostics {
			switch d.Rule {
			case "dead-link":
				dead++
			case "redirected-link":
				moved++
			}
		}
		b.ReportMetric(first.Seconds(), "s/first-run")
		b.ReportMetric(second.Seconds(), "s/cached-run")
		b.ReportMetric(float64(reqs)/float64(len(urls)), "requests/URL")
		b.ReportMetric(float64(cached), "requests/cached-run")
		b.ReportMetric(float64(web.peakPerHost()), "peak-per-host")
		b.Logf("%d posts, %d links, %d URLs: %v, %d requests; cached run %v, %d requests; %d dead, %d moved reported",
			len(inputs), 2*len(urls), len(urls), first.Round(time.Millisecond), reqs, second.Round(time.Millisecond), cached, dead, moved)
	}
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
