package linkcheck

import (
	"context"
	"fmt"
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
)

// These tests only ever talk to servers on loopback: every host name is
// looked up in a map (never in DNS), and anything not in it does not exist.

// mapResolver resolves names from a map and counts lookups.
type mapResolver struct {
	addrs   map[string]netip.Addr
	fail    error // if set, every lookup fails with it
	lookups atomic.Int64
}

func (m *mapResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	m.lookups.Add(1)
	if m.fail != nil {
		return nil, m.fail
	}
	if a, ok := m.addrs[host]; ok {
		return []netip.Addr{a}, nil
	}
	return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
}

// web is a server on loopback that answers for many host names.
type web struct {
	srv      *httptest.Server
	port     string
	mu       sync.Mutex
	hits     map[string]int // "METHOD host/path" -> requests
	inFlight map[string]int
	maxIn    map[string]int
	handlers map[string]http.HandlerFunc // "host/path"
}

func newWeb(t *testing.T, listen string) *web {
	t.Helper()
	w := &web{hits: map[string]int{}, inFlight: map[string]int{}, maxIn: map[string]int{}, handlers: map[string]http.HandlerFunc{}}
	w.srv = httptest.NewUnstartedServer(http.HandlerFunc(w.serve))
	if listen != "" {
		l, err := net.Listen("tcp", listen)
		if err != nil {
			t.Skipf("cannot listen on %s: %v", listen, err)
		}
		_ = w.srv.Listener.Close()
		w.srv.Listener = l
	}
	w.srv.Start()
	t.Cleanup(w.srv.Close)
	_, w.port, _ = net.SplitHostPort(w.srv.Listener.Addr().String())
	return w
}

func (w *web) serve(rw http.ResponseWriter, r *http.Request) {
	host, _, _ := net.SplitHostPort(r.Host)
	key := host + r.URL.Path
	w.mu.Lock()
	w.hits[r.Method+" "+key]++
	w.inFlight[host]++
	w.maxIn[host] = max(w.maxIn[host], w.inFlight[host])
	h := w.handlers[key]
	w.mu.Unlock()
	defer func() {
		w.mu.Lock()
		w.inFlight[host]--
		w.mu.Unlock()
	}()
	if h == nil {
		http.NotFound(rw, r)
		return
	}
	h(rw, r)
}

func (w *web) handle(hostPath string, h http.HandlerFunc) { w.handlers[hostPath] = h }

func (w *web) url(hostPath string) string {
	host, path, _ := strings.Cut(hostPath, "/")
	return "http://" + host + ":" + w.port + "/" + path
}

func (w *web) count(method, hostPath string) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.hits[method+" "+hostPath]
}

func (w *web) total() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := 0
	for _, c := range w.hits {
		n += c
	}
	return n
}

func status(code int) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) { rw.WriteHeader(code) }
}

func redirect(code int, to string) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Location", to)
		rw.WriteHeader(code)
	}
}

// loopbackOnly lets tests reach their own servers; the default policy
// refuses loopback, as it must.
func testOptions(r *mapResolver) Options {
	if r != nil && r.addrs != nil {
		r.addrs["probe.web"] = netip.MustParseAddr("127.0.0.1")
	}
	return Options{
		ProbeHosts:   []string{"probe.web:" + probePort()},
		Resolver:     r,
		AddrAllowed:  func(a netip.Addr) bool { return a == netip.MustParseAddr("127.0.0.1") },
		Timeout:      2 * time.Second,
		Backoff:      10 * time.Millisecond,
		HostInterval: -1,
	}
}

// probePort is the port of a listener on loopback that stands for the
// probe hosts of the real network: it accepts connections, and that is all.
var probePort = sync.OnceValue(func() string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			_ = c.Close()
		}
	}()
	_, port, _ := net.SplitHostPort(l.Addr().String())
	return port
})

func resolverFor(names ...string) *mapResolver {
	m := &mapResolver{addrs: map[string]netip.Addr{}}
	for _, n := range names {
		m.addrs[n] = netip.MustParseAddr("127.0.0.1")
	}
	return m
}

func checkOne(t *testing.T, o Options, u string) Result {
	t.Helper()
	res := New(o).Check(context.Background(), []string{u})
	r, ok := res[Key(u)]
	if !ok {
		t.Fatalf("no result for %s", u)
	}
	return r
}

func TestStatuses(t *testing.T) {
	w := newWeb(t, "")
	w.handle("a.web/ok", status(200))
	w.handle("a.web/gone", status(410))
	w.handle("a.web/head405", func(rw http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			rw.WriteHeader(405)
			return
		}
		fmt.Fprint(rw, "hello")
	})
	w.handle("a.web/301", redirect(301, "/moved"))
	w.handle("a.web/308", redirect(308, "http://b.web:"+w.port+"/new"))
	w.handle("a.web/moved", status(200))
	w.handle("b.web/new", status(200))
	w.handle("a.web/302", redirect(302, "/moved"))
	w.handle("a.web/301-302", redirect(301, "/tmp"))
	w.handle("a.web/tmp", redirect(302, "/moved"))
	w.handle("a.web/301-404", redirect(301, "/nothing"))
	w.handle("a.web/loop1", redirect(301, "/loop2"))
	w.handle("a.web/loop2", redirect(302, "/loop1"))
	w.handle("a.web/login", redirect(301, "/account/login?next=/login"))
	w.handle("a.web/account/login", status(200))
	w.handle("a.web/teapot", status(418))
	w.handle("a.web/auth", status(401))
	w.handle("twitter.com/someone", status(403))
	w.handle("www.linkedin.com/in/someone", status(999))
	w.handle("a.web/cookie", func(rw http.ResponseWriter, r *http.Request) {
		if _, err := r.Cookie("seen"); err != nil {
			http.SetCookie(rw, &http.Cookie{Name: "seen", Value: "1", Path: "/"})
			rw.Header().Set("Location", "/cookie")
			rw.WriteHeader(302)
			return
		}
		rw.WriteHeader(200)
	})
	w.handle("a.web/chain", redirect(302, "/chain1"))
	for i := 1; i <= 11; i++ {
		w.handle(fmt.Sprintf("a.web/chain%d", i), redirect(302, fmt.Sprintf("/chain%d", i+1)))
	}

	r := resolverFor("a.web", "b.web", "twitter.com", "www.linkedin.com")
	tests := []struct {
		path   string
		status Status
		reason string
		final  string
		reqs   int // requests to the path itself, HEAD+GET
	}{
		{"a.web/ok", OK, "200 OK", "", 1},
		{"a.web/missing", Dead, "404 Not Found", "", 2},
		{"a.web/gone", Dead, "410 Gone", "", 2},
		{"a.web/head405", OK, "200 OK", "", 2},
		{"a.web/301", Redirected, "200 OK", w.url("a.web/moved"), 1},
		{"a.web/308", Redirected, "200 OK", w.url("b.web/new"), 1},
		{"a.web/302", OK, "200 OK", "", 1},
		{"a.web/301-302", Redirected, "200 OK", w.url("a.web/tmp"), 1},
		{"a.web/301-404", Dead, "404 Not Found", "", 1},
		{"a.web/loop1", Dead, "redirect loop: .*loop1 → .*loop2 → .*loop1", "", 1},
		{"a.web/chain", Dead, "more than 10 redirects", "", 1},
		{"a.web/login", OK, "200 OK", "", 1},
		{"a.web/teapot", Unreachable, "418 I'm a teapot", "", 2},
		{"a.web/auth", Unverified, "needs a login", "", 2},
		{"twitter.com/someone", Unverified, "twitter.com does not let robots check its pages (403 Forbidden)", "", 1},
		{"www.linkedin.com/in/someone", Unverified, "999", "", 1},
		{"a.web/cookie", OK, "200 OK", "", 2},
		{"nowhere.org/x", Dead, "host nowhere.org does not exist", "", 0},
		{"intranet.corp/x", Unverified, "intranet.corp is not under a public domain suffix", "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			got := checkOne(t, testOptions(r), w.url(tc.path))
			if got.Status != tc.status || !matches(tc.reason, got.Reason) || got.Final != tc.final {
				t.Errorf("got %v %q final %q; want %v %q final %q", got.Status, got.Reason, got.Final, tc.status, tc.reason, tc.final)
			}
			if n := w.count("HEAD", tc.path) + w.count("GET", tc.path); n != tc.reqs {
				t.Errorf("%d requests to %s, want %d", n, tc.path, tc.reqs)
			}
			if got.Checked.IsZero() {
				t.Error("Checked not set")
			}
		})
	}
}

func matches(pattern, s string) bool {
	if !strings.ContainsAny(pattern, ".*") {
		return strings.Contains(s, pattern)
	}
	// a tiny glob: ".*" matches anything
	parts := strings.Split(pattern, ".*")
	for i, p := range parts {
		j := strings.Index(s, p)
		if j < 0 || (i == 0 && j != 0 && p != "") {
			return false
		}
		s = s[j+len(p):]
	}
	return true
}

func TestRetryAfter(t *testing.T) {
	w := newWeb(t, "")
	var calls atomic.Int64
	w.handle("a.web/busy", func(rw http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			rw.Header().Set("Retry-After", "1")
			rw.WriteHeader(429)
			return
		}
		rw.WriteHeader(200)
	})
	w.handle("a.web/later", func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Retry-After", "3600")
		rw.WriteHeader(503)
	})
	o := testOptions(resolverFor("a.web"))
	start := time.Now()
	got := checkOne(t, o, w.url("a.web/busy"))
	if got.Status != OK {
		t.Errorf("busy: %v %s", got.Status, got.Reason)
	}
	if d := time.Since(start); d < time.Second {
		t.Errorf("retried after %v, before the second Retry-After asked for", d)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}

	start = time.Now()
	got = checkOne(t, o, w.url("a.web/later"))
	if got.Status != Unreachable || !strings.Contains(got.Reason, "asked to wait 1h0m0s") {
		t.Errorf("later: %v %q", got.Status, got.Reason)
	}
	if time.Since(start) > time.Second {
		t.Error("waited for a Retry-After over the cap")
	}
	if n := w.count("HEAD", "a.web/later") + w.count("GET", "a.web/later"); n != 1 {
		t.Errorf("later: %d requests, want 1 (no GET fallback, no retry)", n)
	}
}

func TestServerErrorsRetried(t *testing.T) {
	w := newWeb(t, "")
	w.handle("a.web/500", status(500))
	o := testOptions(resolverFor("a.web"))
	o.Retries = 2
	got := checkOne(t, o, w.url("a.web/500"))
	if got.Status != Unreachable || got.Reason != "500 Internal Server Error (3 attempts)" {
		t.Errorf("got %v %q", got.Status, got.Reason)
	}
	if n := w.count("GET", "a.web/500"); n != 3 {
		t.Errorf("%d GETs, want 3", n)
	}
}

func TestStalledServer(t *testing.T) {
	w := newWeb(t, "")
	stop := make(chan struct{})
	defer close(stop)
	w.handle("a.web/stall", func(rw http.ResponseWriter, r *http.Request) {
		select {
		case <-stop:
		case <-r.Context().Done():
		}
	})
	o := testOptions(resolverFor("a.web"))
	o.Timeout = 200 * time.Millisecond
	o.Retries = 1
	start := time.Now()
	got := checkOne(t, o, w.url("a.web/stall"))
	if got.Status != Unreachable || !strings.HasPrefix(got.Reason, "timeout after 200ms") {
		t.Errorf("got %v %q", got.Status, got.Reason)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
}

func TestEndlessBody(t *testing.T) {
	w := newWeb(t, "")
	var written atomic.Int64
	w.handle("a.web/stream", func(rw http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			rw.WriteHeader(405)
			return
		}
		buf := []byte(strings.Repeat("x", 32<<10))
		for r.Context().Err() == nil {
			n, err := rw.Write(buf)
			written.Add(int64(n))
			if err != nil {
				return
			}
		}
	})
	o := testOptions(resolverFor("a.web"))
	start := time.Now()
	got := checkOne(t, o, w.url("a.web/stream"))
	if got.Status != OK {
		t.Errorf("got %v %q", got.Status, got.Reason)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v reading an endless body", d)
	}
	// The server can write ahead into socket buffers, but nowhere near
	// what it would in a second of unbounded reading.
	if n := written.Load(); n > 16<<20 {
		t.Errorf("server wrote %d bytes", n)
	}
}

func TestPrivateAddressRefused(t *testing.T) {
	inside := newWeb(t, "127.0.0.1:0") // stands for a private server
	inside.handle("internal.corp/secret", status(200))
	outside := newWeb(t, "127.0.0.2:0") // stands for a public one
	outside.handle("public.web/to-private", redirect(302, "http://internal.corp:"+inside.port+"/secret"))
	outside.handle("public.web/to-metadata", redirect(301, "http://169.254.169.254/latest/meta-data/"))
	outside.handle("public.web/to-localhost", redirect(301, "http://localhost:"+inside.port+"/secret"))

	r := &mapResolver{addrs: map[string]netip.Addr{
		"public.web":    netip.MustParseAddr("127.0.0.2"),
		"internal.corp": netip.MustParseAddr("127.0.0.1"),
		"intranet.corp": netip.MustParseAddr("10.1.2.3"),
	}}
	o := testOptions(r)
	// Only the "public" server is reachable; 127.0.0.1 plays a private
	// address, refused like one.
	o.AddrAllowed = func(a netip.Addr) bool { return a == netip.MustParseAddr("127.0.0.2") }
	for _, tc := range []struct{ path, reason string }{
		{"public.web/to-private", "redirects to http://internal.corp:" + inside.port + "/secret, not followed: internal.corp resolves to 127.0.0.1"},
		{"public.web/to-metadata", "redirects to http://169.254.169.254/latest/meta-data/, not followed: 169.254.169.254 is a private or reserved address"},
		{"public.web/to-localhost", "not followed: localhost is a local host name"},
	} {
		got := checkOne(t, o, outside.url(tc.path))
		if got.Status != Unreachable || !strings.Contains(got.Reason, tc.reason) {
			t.Errorf("%s: got %v %q, want %q", tc.path, got.Status, got.Reason, tc.reason)
		}
	}
	if n := inside.total(); n != 0 {
		t.Errorf("the private server got %d requests", n)
	}

	// The default policy refuses loopback and private addresses outright,
	// and link-local ones even with AllowPrivate.
	for _, allow := range []bool{false, true} {
		o := Options{Resolver: r, AllowPrivate: allow, Timeout: time.Second}
		urls := []string{inside.url("internal.corp/secret"), "http://169.254.169.254/"}
		if !allow {
			// Never with AllowPrivate: 10.1.2.3 would then be dialled.
			urls = append(urls, "http://intranet.corp/")
		}
		for _, u := range urls {
			got := checkOne(t, o, u)
			if allow && strings.Contains(u, "internal.corp") {
				if got.Status != OK {
					t.Errorf("check_private: %s: got %v %q", u, got.Status, got.Reason)
				}
				continue
			}
			if got.Status != Skipped {
				t.Errorf("private=%v: %s: got %v %q, want skipped", allow, u, got.Status, got.Reason)
			}
		}
	}
	if n := inside.total(); n != 1 {
		t.Errorf("the private server got %d requests, want 1 (with AllowPrivate)", n)
	}
}

func TestPublicAddr(t *testing.T) {
	for s, want := range map[string][2]bool{ // [default, private allowed]
		"8.8.8.8":         {true, true},
		"2606:4700::1111": {true, true},
		"127.0.0.1":       {false, true},
		"::1":             {false, true},
		"10.0.0.1":        {false, true},
		"172.20.1.1":      {false, true},
		"192.168.1.1":     {false, true},
		"100.64.0.1":      {false, true},
		"fd12::1":         {false, true},
		"::ffff:10.0.0.1": {false, true},
		"64:ff9b::a00:1":  {false, true}, // NAT64 of 10.0.0.1
		"169.254.169.254": {false, false},
		"fe80::1":         {false, false},
		"fd00:ec2::254":   {false, false},
		"0.0.0.0":         {false, false},
		"224.0.0.1":       {false, false},
		"192.0.2.1":       {false, false},
		"255.255.255.255": {false, false},
	} {
		a := netip.MustParseAddr(s)
		if got := [2]bool{PublicAddr(a, false), PublicAddr(a, true)}; got != want {
			t.Errorf("%s: got %v, want %v", s, got, want)
		}
	}
}

func TestPlaceholderHostsNotLookedUp(t *testing.T) {
	r := resolverFor()
	c := New(Options{Resolver: r})
	res := c.Check(context.Background(), []string{
		"http://localhost:8080/", "https://example.com/x", "http://foo.example/", "http://printer.local/",
		"https://site.test/", "http://x.invalid/", "mailto:someone@site.org", "ftp://files.org/",
	})
	for u, got := range res {
		if got.Status != Skipped {
			t.Errorf("%s: got %v %q", u, got.Status, got.Reason)
		}
	}
	if n := r.lookups.Load(); n != 0 {
		t.Errorf("%d lookups", n)
	}
	if c.NetworkDown() {
		t.Error("no lookup failed, yet the network is said down")
	}
}

func TestNetworkDown(t *testing.T) {
	r := &mapResolver{fail: &net.DNSError{Err: "server misbehaving", Name: "x", IsTemporary: true}}
	var urls []string
	for i := range 40 {
		urls = append(urls, fmt.Sprintf("https://host%d.org/page", i))
	}
	o := Options{Resolver: r, Backoff: 10 * time.Millisecond, Concurrency: 4}
	c := New(o)
	res := c.Check(context.Background(), urls)
	if !c.NetworkDown() {
		t.Fatal("network not said down")
	}
	// It gave up early: far fewer lookups than hosts.
	if n := r.lookups.Load(); n >= 40 {
		t.Errorf("%d lookups: did not give up early", n)
	}
	for _, got := range res {
		if got.Status == Dead {
			t.Errorf("dead with no network: %+v", got)
		}
	}

	// Hosts that do not exist, among live ones, are dead; the network is up.
	w := newWeb(t, "")
	w.handle("a.web/ok", status(200))
	c = New(testOptions(resolverFor("a.web")))
	res = c.Check(context.Background(), []string{w.url("a.web/ok"), "https://gone.org/"})
	if c.NetworkDown() || res["https://gone.org/"].Status != Dead {
		t.Errorf("down=%v, gone.org: %+v", c.NetworkDown(), res["https://gone.org/"])
	}
}

func TestLimits(t *testing.T) {
	w := newWeb(t, "")
	slow := func(rw http.ResponseWriter, r *http.Request) {
		time.Sleep(30 * time.Millisecond)
		rw.WriteHeader(200)
	}
	var urls []string
	for _, h := range []string{"a.web", "b.web", "c.web"} {
		for i := range 12 {
			p := fmt.Sprintf("%s/p%d", h, i)
			w.handle(p, slow)
			urls = append(urls, w.url(p)+"#frag", w.url(p)) // fragments share one check
		}
	}
	o := testOptions(resolverFor("a.web", "b.web", "c.web"))
	o.HostConcurrency = 2
	o.Concurrency = 5
	New(o).Check(context.Background(), urls)
	if n := w.total(); n != 36 {
		t.Errorf("%d requests for 36 distinct URLs", n)
	}
	for h, m := range w.maxIn {
		if m > 2 {
			t.Errorf("%s: %d requests in flight, limit 2", h, m)
		}
	}

	// The per-host interval spaces requests to one host.
	o.HostInterval = 60 * time.Millisecond
	o.HostConcurrency = 8
	start := time.Now()
	New(o).Check(context.Background(), []string{w.url("a.web/p0"), w.url("a.web/p1"), w.url("a.web/p2"), w.url("a.web/p3")})
	if d := time.Since(start); d < 180*time.Millisecond {
		t.Errorf("4 requests to one host in %v, interval 60ms", d)
	}
}

func TestCache(t *testing.T) {
	w := newWeb(t, "")
	w.handle("a.web/ok", status(200))
	w.handle("a.web/moved", redirect(301, "/ok"))
	path := filepath.Join(t.TempDir(), "sub", "links.json")
	cache, err := OpenCache(path, time.Hour, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	o := testOptions(resolverFor("a.web"))
	o.Cache = cache
	urls := []string{w.url("a.web/ok"), w.url("a.web/moved"), w.url("a.web/missing"), "http://localhost/"}
	res := New(o).Check(context.Background(), urls)
	if err := cache.Save(); err != nil {
		t.Fatal(err)
	}
	first := w.total()
	if first == 0 || cache.Len() != 3 {
		t.Fatalf("%d requests, %d cached", first, cache.Len())
	}

	again, err := OpenCache(path, time.Hour, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	o.Cache = again
	c := New(o)
	res2 := c.Check(context.Background(), urls)
	if c.Requests() != 0 {
		t.Errorf("second run made %d requests", c.Requests())
	}
	for _, u := range urls {
		a, b := res[u], res2[u]
		if a.Status != b.Status || a.Final != b.Final || a.Reason != b.Reason {
			t.Errorf("%s: %+v, then from the cache %+v", u, a, b)
		}
	}
	if !res2[w.url("a.web/ok")].Cached {
		t.Error("not marked as cached")
	}

	// Failures expire sooner than successes.
	again.now = func() time.Time { return time.Now().Add(10 * time.Minute) }
	if _, ok := again.Get(w.url("a.web/missing")); ok {
		t.Error("a failure outlived its TTL")
	}
	if _, ok := again.Get(w.url("a.web/ok")); !ok {
		t.Error("a success expired early")
	}

	// A corrupt file is reported and replaced.
	if err := os.WriteFile(path, []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad, err := OpenCache(path, time.Hour, time.Minute)
	if err == nil || bad == nil || bad.Len() != 0 {
		t.Errorf("corrupt cache: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	for _, e := range entries {
		if e.Name() != "links.json" && e.Name() != "links.json.lock" {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}

func TestRetryAfterParse(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"120":                           2 * time.Minute,
		"0":                             0,
		"Fri, 02 Jan 2026 03:04:35 GMT": 30 * time.Second,
		"Fri, 02 Jan 2026 03:00:00 GMT": 0,
	} {
		if got, ok := retryAfter(v, now); !ok || got != want {
			t.Errorf("%q: %v %v", v, got, ok)
		}
	}
	for _, v := range []string{"", "soon", "-5"} {
		if _, ok := retryAfter(v, now); ok {
			t.Errorf("%q parsed", v)
		}
	}
}
