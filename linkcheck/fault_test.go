package linkcheck

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"
)

// Servers that misbehave below HTTP, and a run that must end on time
// whatever they do. Everything listens on loopback.

// rawServer accepts connections on loopback and hands each to handle.
func rawServer(t *testing.T, handle func(net.Conn)) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			go handle(c)
		}
	}()
	t.Cleanup(func() {
		_ = l.Close()
		<-done
		mu.Lock()
		for _, c := range conns {
			_ = c.Close()
		}
		mu.Unlock()
	})
	_, port, _ := net.SplitHostPort(l.Addr().String())
	return port
}

// silent accepts and never answers.
func silent(c net.Conn) {}

// reset reads the request, then resets the connection.
func reset(c net.Conn) {
	buf := make([]byte, 1024)
	_, _ = c.Read(buf)
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetLinger(0) // close with RST, not FIN
	}
	_ = c.Close()
}

// stopAtCleanup returns a channel closed when the test ends, before its
// servers are: a stalled handler whose client has gone keeps its
// connection open, and a server waits for its handlers when it closes.
func stopAtCleanup(t *testing.T) chan struct{} {
	stop := make(chan struct{})
	t.Cleanup(func() { close(stop) })
	return stop
}

// stall holds a request until its client goes or the test ends.
func stall(r *http.Request, stop chan struct{}) {
	select {
	case <-r.Context().Done():
	case <-stop:
	}
}

func elapsedBelow(t *testing.T, start time.Time, limit time.Duration) {
	t.Helper()
	if d := time.Since(start); d > limit {
		t.Errorf("took %v, more than %v", d, limit)
	}
}

func TestNeverAnswers(t *testing.T) {
	port := rawServer(t, silent)
	o := testOptions(resolverFor("silent.web"))
	o.Timeout = 300 * time.Millisecond
	o.Retries = 1
	start := time.Now()
	got := checkOne(t, o, "http://silent.web:"+port+"/page")
	if got.Status != Unreachable || got.Reason != "timeout after 300ms (2 attempts)" {
		t.Errorf("got %v %q", got.Status, got.Reason)
	}
	elapsedBelow(t, start, 3*time.Second)
}

func TestConnectionReset(t *testing.T) {
	port := rawServer(t, reset)
	o := testOptions(resolverFor("reset.web"))
	o.Retries = 2
	start := time.Now()
	got := checkOne(t, o, "http://reset.web:"+port+"/page")
	if got.Status != Unreachable || got.Reason != "connection closed by the server (3 attempts)" {
		t.Errorf("got %v %q", got.Status, got.Reason)
	}
	elapsedBelow(t, start, 2*time.Second)
}

// A server that sends its headers, then never the body: the answer is
// had, the body is not waited for longer than a request may take.
func TestHeadersThenStalledBody(t *testing.T) {
	w := newWeb(t, "")
	stop := stopAtCleanup(t)
	w.handle("a.web/stall", func(rw http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			rw.WriteHeader(http.StatusMethodNotAllowed)
			return
		}
		rw.Header().Set("Content-Length", "1000000")
		rw.WriteHeader(http.StatusOK)
		_, _ = rw.Write([]byte("<html>"))
		rw.(http.Flusher).Flush()
		stall(r, stop)
	})
	w.handle("a.web/gone-stall", func(rw http.ResponseWriter, r *http.Request) {
		rw.WriteHeader(http.StatusNotFound)
		if r.Method == http.MethodGet { // the GET that confirms a 404
			rw.(http.Flusher).Flush()
			stall(r, stop)
		}
	})
	o := testOptions(resolverFor("a.web"))
	o.Timeout = 300 * time.Millisecond
	for path, want := range map[string]Status{"a.web/stall": OK, "a.web/gone-stall": Dead} {
		start := time.Now()
		got := checkOne(t, o, w.url(path))
		if got.Status != want || got.Code == 0 {
			t.Errorf("%s: got %v %q", path, got.Status, got.Reason)
		}
		elapsedBelow(t, start, 2*time.Second)
	}
	// Read for an anchor, the stalled page is given up on at the timeout
	// and not judged: its anchors were never seen.
	start := time.Now()
	got := checkOne(t, o, w.url("a.web/stall")+"#talks")
	if got.Status != OK || !got.Fragments["talks"] {
		t.Errorf("stalled page read for #talks: %v %q, fragments %v", got.Status, got.Reason, got.Fragments)
	}
	elapsedBelow(t, start, 2*time.Second)
}

// A chain of redirects that ends at a private address is not followed
// there, however many public hops come first.
func TestRedirectChainIntoPrivate(t *testing.T) {
	inside := newWeb(t, "127.0.0.1:0")
	inside.handle("internal.corp/admin", status(200))
	outside := newWeb(t, "127.0.0.2:0")
	outside.handle("public.web/a", redirect(301, "/b"))
	outside.handle("public.web/b", redirect(302, "http://other.web:"+outside.port+"/c"))
	outside.handle("other.web/c", redirect(308, "http://internal.corp:"+inside.port+"/admin"))
	outside.handle("public.web/lit", redirect(301, "/lit2"))
	outside.handle("public.web/lit2", redirect(301, "http://10.1.2.3:"+inside.port+"/admin"))
	outside.handle("public.web/v6", redirect(307, "http://[::1]:"+inside.port+"/admin"))
	r := &mapResolver{addrs: map[string]netip.Addr{
		"public.web":    netip.MustParseAddr("127.0.0.2"),
		"other.web":     netip.MustParseAddr("127.0.0.2"),
		"internal.corp": netip.MustParseAddr("127.0.0.1"),
	}}
	o := testOptions(r)
	o.AddrAllowed = func(a netip.Addr) bool { return a == netip.MustParseAddr("127.0.0.2") }
	for path, reason := range map[string]string{
		"public.web/a":   "redirects to http://internal.corp:" + inside.port + "/admin, not followed: internal.corp resolves to 127.0.0.1, a private or reserved address",
		"public.web/lit": "redirects to http://10.1.2.3:" + inside.port + "/admin, not followed: 10.1.2.3 is a private or reserved address",
		"public.web/v6":  "not followed: ::1 is a private or reserved address",
	} {
		got := checkOne(t, o, outside.url(path))
		if got.Status != Unreachable || !strings.Contains(got.Reason, reason) {
			t.Errorf("%s: got %v %q, want %q", path, got.Status, got.Reason, reason)
		}
	}
	if n := inside.total(); n != 0 {
		t.Errorf("the private server got %d requests", n)
	}
}

// A Retry-After of a day is not obeyed: the URL is reported with the wait
// asked, at once, and the host is not asked again.
func TestRetryAfterADay(t *testing.T) {
	w := newWeb(t, "")
	w.handle("a.web/seconds", func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Retry-After", "86400")
		rw.WriteHeader(http.StatusTooManyRequests)
	})
	w.handle("a.web/date", func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Retry-After", time.Now().Add(24*time.Hour).UTC().Format(http.TimeFormat))
		rw.WriteHeader(http.StatusServiceUnavailable)
	})
	o := testOptions(resolverFor("a.web"))
	for path, reason := range map[string]string{
		"a.web/seconds": "429 Too Many Requests, asked to wait 24h0m0s",
		"a.web/date":    "503 Service Unavailable, asked to wait 2", // 23h59m59s or 24h0m0s
	} {
		start := time.Now()
		got := checkOne(t, o, w.url(path))
		if got.Status != Unreachable || !strings.HasPrefix(got.Reason, reason) {
			t.Errorf("%s: got %v %q", path, got.Status, got.Reason)
		}
		if n := w.count("HEAD", path) + w.count("GET", path); n != 1 {
			t.Errorf("%s: %d requests, want 1", path, n)
		}
		elapsedBelow(t, start, time.Second)
	}
}

// hangingResolver blocks every lookup until its context ends, or, when
// deaf, until the test ends.
type hangingResolver struct {
	deaf bool
	stop chan struct{}
}

func (h *hangingResolver) LookupNetIP(ctx context.Context, _, host string) ([]netip.Addr, error) {
	if h.deaf {
		<-h.stop
		return nil, fmt.Errorf("stopped")
	}
	<-ctx.Done()
	return nil, &net.DNSError{Err: "i/o timeout", Name: host, IsTimeout: true}
}

func TestDNSHangs(t *testing.T) {
	stop := make(chan struct{})
	defer close(stop)
	// A resolver that times out: each request's timeout bounds it.
	o := testOptions(nil)
	o.Resolver = &hangingResolver{stop: stop}
	o.Timeout = 200 * time.Millisecond
	o.Retries = -1
	start := time.Now()
	c := New(o)
	res := c.Check(context.Background(), []string{"http://slow-dns.web/"})
	// Every lookup hangs, the probe's too: that is no network.
	if got := res["http://slow-dns.web/"]; got.Status != NotChecked || !c.NetworkDown() {
		t.Errorf("got %v %q, network down: %v", got.Status, got.Reason, c.NetworkDown())
	}
	elapsedBelow(t, start, 2*time.Second)

	// A resolver that heeds nothing: the run's deadline still ends it.
	o.Resolver = &hangingResolver{deaf: true, stop: stop}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start = time.Now()
	res = New(o).Check(ctx, []string{"http://deaf-dns.web/", "http://deaf-dns.web/2", "http://other-deaf.web/"})
	for u, r := range res {
		if r.Status != NotChecked && r.Status != Unreachable {
			t.Errorf("%s: %v %q", u, r.Status, r.Reason)
		}
	}
	elapsedBelow(t, start, 2*time.Second)
}

// TestDeadlineBoundsEverything: every host stalls in its own way, with
// requests allowed ten seconds each and retries; the run's deadline ends
// the whole check on time.
func TestDeadlineBoundsEverything(t *testing.T) {
	silentPort := rawServer(t, silent)
	w := newWeb(t, "")
	stop := stopAtCleanup(t)
	w.handle("body.web/x", func(rw http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			rw.WriteHeader(http.StatusMethodNotAllowed)
			return
		}
		rw.WriteHeader(http.StatusOK)
		rw.(http.Flusher).Flush()
		stall(r, stop)
	})
	w.handle("busy.web/x", func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Retry-After", "25") // under the cap: obeyed
		rw.WriteHeader(http.StatusTooManyRequests)
	})
	r := resolverFor("body.web", "busy.web")
	var urls []string
	for i := range 40 {
		host := fmt.Sprintf("silent%d.web", i)
		r.addrs[host] = netip.MustParseAddr("127.0.0.1")
		urls = append(urls, fmt.Sprintf("http://%s:%s/p", host, silentPort))
	}
	urls = append(urls, w.url("body.web/x"), w.url("busy.web/x"))
	o := testOptions(r)
	o.Timeout = 10 * time.Second
	o.Retries = 2
	o.Concurrency = 4
	o.HostConcurrency = 1
	c := New(o)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	start := time.Now()
	res := c.Check(ctx, urls)
	elapsedBelow(t, start, 3*time.Second)
	if len(res) != len(urls) {
		t.Errorf("%d results for %d URLs", len(res), len(urls))
	}
	notChecked := 0
	for _, got := range res {
		if got.Status == NotChecked {
			notChecked++
		}
	}
	// Only the stalled body answers (200) before the deadline... or not.
	if notChecked < len(urls)-1 {
		t.Errorf("%d of %d not checked", notChecked, len(urls))
	}
}
