package linkcheck

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"
)

// What a linked site, or a file in the repository, can do to the checker
// (issue 18). Each test failed before the change that made it pass.

// Every IANA special-purpose range is refused, including those the first
// guard let through: Teredo, the 6to4 relay anycast, local-use NAT64 and
// IPv6 benchmarking.
func TestSpecialPurposeRanges(t *testing.T) {
	for _, s := range []string{
		"2001:0:4136:e378:8000:63bf:3fff:fdd2", // Teredo, 2001::/32
		"192.88.99.1",                          // 6to4 relay anycast
		"64:ff9b:1::808:808",                   // local-use IPv4/IPv6 translation, 64:ff9b:1::/48
		"2001:2::1",                            // benchmarking, 2001:2::/48
		"2002:808:808::1",                      // 6to4
		"3fff::1",                              // documentation, 3fff::/20
		"5f00::1",                              // SRv6 SIDs, outside global unicast
		"192.31.196.1",                         // AS112
		"192.175.48.1",                         // AS112 direct delegation
		"192.52.193.1",                         // AMT
		"2620:4f:8000::1",                      // AS112 direct delegation
		"100:0:0:1::1",                         // dummy prefix
		"240.0.0.1",                            // reserved
	} {
		a := netip.MustParseAddr(s)
		if PublicAddr(a, false) || PublicAddr(a, true) {
			t.Errorf("%s: allowed", s)
		}
	}
	// NAT64's well-known prefix stands for the IPv4 address it embeds:
	// IPv6-only networks reach every IPv4 site through it.
	if !PublicAddr(netip.MustParseAddr("64:ff9b::808:808"), false) {
		t.Error("64:ff9b::8.8.8.8 refused")
	}
}

// A Retry-After too large for a time.Duration once turned into no wait at
// all, and a retry at once.
func TestRetryAfterOverflow(t *testing.T) {
	w := newWeb(t, "")
	w.handle("a.web/busy", func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Retry-After", "9223372037")
		rw.WriteHeader(http.StatusTooManyRequests)
	})
	o := testOptions(resolverFor("a.web"))
	o.Retries = 2
	got := checkOne(t, o, w.url("a.web/busy"))
	if got.Status != Unreachable || !matches("429 Too Many Requests, asked to wait", got.Reason) {
		t.Errorf("got %v %q", got.Status, got.Reason)
	}
	if n := w.count("HEAD", "a.web/busy") + w.count("GET", "a.web/busy"); n != 1 {
		t.Errorf("%d requests, want 1: a wait over the cap is reported, not tried again", n)
	}
	if d, ok := retryAfter("9223372037", time.Now()); !ok || d < 24*time.Hour {
		t.Errorf("retryAfter(9223372037) = %v, %v", d, ok)
	}
	if d, ok := retryAfter("99999999999999999999999", time.Now()); !ok || d < 24*time.Hour {
		t.Errorf("retryAfter of 23 digits = %v, %v", d, ok)
	}
}

// 300 Multiple Choices without a Location is an answer: the page lists
// the choices.
func TestMultipleChoicesWithoutLocation(t *testing.T) {
	w := newWeb(t, "")
	w.handle("a.web/choices", status(http.StatusMultipleChoices))
	got := checkOne(t, testOptions(resolverFor("a.web")), w.url("a.web/choices"))
	if got.Status != OK || got.Code != 300 {
		t.Errorf("got %v %d %q", got.Status, got.Code, got.Reason)
	}
}

// A server whose HEAD hangs or resets while GET works is alive.
func TestHeadFailsGetWorks(t *testing.T) {
	w := newWeb(t, "")
	stop := stopAtCleanup(t)
	w.handle("a.web/head-resets", func(rw http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			resetConn(rw)
			return
		}
		rw.WriteHeader(http.StatusOK)
	})
	w.handle("a.web/head-hangs", func(rw http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			stall(r, stop)
			return
		}
		rw.WriteHeader(http.StatusOK)
	})
	o := testOptions(resolverFor("a.web"))
	o.Timeout = 500 * time.Millisecond
	for _, p := range []string{"a.web/head-resets", "a.web/head-hangs"} {
		start := time.Now()
		got := checkOne(t, o, w.url(p))
		if got.Status != OK {
			t.Errorf("%s: got %v %q", p, got.Status, got.Reason)
		}
		if n := w.count("GET", p); n != 1 {
			t.Errorf("%s: %d GETs, want 1", p, n)
		}
		elapsedBelow(t, start, 5*time.Second)
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

// openCacheWithin opens the cache at path, failing the test if that takes
// longer than limit (a FIFO once blocked it for ever).
func openCacheWithin(t *testing.T, path string, limit time.Duration) (*Cache, error) {
	t.Helper()
	type opened struct {
		c   *Cache
		err error
	}
	done := make(chan opened, 1)
	go func() {
		c, err := OpenCache(path, time.Hour, time.Minute)
		done <- opened{c, err}
	}()
	select {
	case o := <-done:
		return o.c, o.err
	case <-time.After(limit):
		t.Fatalf("OpenCache(%s) still blocked after %v", path, limit)
		return nil, nil
	}
}

func TestCacheNotARegularFile(t *testing.T) {
	dir := t.TempDir()
	zero := filepath.Join(dir, "zero.json")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Skip(err)
	}
	fifo := filepath.Join(dir, "fifo.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip(err)
	}
	for _, p := range []string{zero, fifo} {
		c, err := openCacheWithin(t, p, 5*time.Second)
		if err == nil || !matches("not a regular file", err.Error()) {
			t.Errorf("%s: error %v", p, err)
		}
		if c == nil || c.Len() != 0 {
			t.Errorf("%s: no empty cache", p)
		}
	}
	// Unblock the FIFO's reader if it is waiting (the old code was).
	if f, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
		_ = f.Close()
	}
}

// A cache file far larger than any real one is not read: a 220 MB file
// once took gigabytes.
func TestCacheTooLarge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "links.json")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(`{"version": 2, "entries": {`); err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(220 << 20); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	_ = f.Close()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	c, err := openCacheWithin(t, path, 10*time.Second)
	runtime.ReadMemStats(&after)
	if err == nil || !matches("larger than", err.Error()) {
		t.Errorf("error %v", err)
	}
	if c == nil || c.Len() != 0 {
		t.Error("no empty cache")
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 16<<20 {
		t.Errorf("opening it allocated %d MB", n>>20)
	}
}

// Runs at once each add their results: none is lost to the last writer.
func TestCacheParallelRuns(t *testing.T) {
	path := filepath.Join(t.TempDir(), "links.json")
	const runs = 105
	caches := make([]*Cache, runs)
	for i := range caches {
		c, err := OpenCache(path, time.Hour, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		caches[i] = c
	}
	var wg sync.WaitGroup
	for i, c := range caches {
		wg.Go(func() {
			c.Put(fmt.Sprintf("https://site%d.org/", i), Result{Status: OK, Code: 200, Checked: time.Now()})
			if err := c.Save(); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	c, err := OpenCache(path, time.Hour, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if c.Len() != runs {
		t.Errorf("%d results kept of %d", c.Len(), runs)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	for _, e := range entries {
		if e.Name() != "links.json" && e.Name() != "links.json.lock" {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// A time in the future (a clock set wrong, or a file made up) is stale.
func TestCacheTimeInTheFuture(t *testing.T) {
	path := filepath.Join(t.TempDir(), "links.json")
	future := time.Now().Add(30 * time.Minute)
	data, _ := json.Marshal(map[string]any{"version": cacheVersion, "entries": map[string]any{
		"https://a.org/":    map[string]any{"status": "ok", "code": 200, "checked": future},
		"https://dead.org/": map[string]any{"status": "dead", "code": 404, "checked": future},
	}})
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := OpenCache(path, time.Hour, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"https://a.org/", "https://dead.org/"} {
		if r, ok := c.Get(k); ok {
			t.Errorf("%s: a result from the future was used: %+v", k, r)
		}
	}
}

func TestYouTubeVideo(t *testing.T) {
	for raw, want := range map[string]string{
		"https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=30":   "dQw4w9WgXcQ",
		"https://youtu.be/dQw4w9WgXcQ":                       "dQw4w9WgXcQ",
		"https://m.youtube.com/watch?v=dQw4w9WgXcQ":          "dQw4w9WgXcQ",
		"https://www.youtube.com/embed/dQw4w9WgXcQ":          "dQw4w9WgXcQ",
		"https://www.youtube.com/shorts/dQw4w9WgXcQ/":        "dQw4w9WgXcQ",
		"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ": "dQw4w9WgXcQ",
		"https://www.youtube.com/watch?v=short":              "",
		"https://www.youtube.com/@channel":                   "",
		"https://www.youtube.com/playlist?list=PL123":        "",
		"https://notyoutube.com/watch?v=dQw4w9WgXcQ":         "",
	} {
		u, _ := url.Parse(raw)
		id, ok := youTubeVideo(u)
		if ok != (want != "") || id != want && ok {
			t.Errorf("%s: %q %v, want %q", raw, id, ok, want)
		}
	}
}

func TestPublicName(t *testing.T) {
	for host, want := range map[string]bool{
		"gone.org": true, "news.bbc.co.uk": true, "x.github.io": true,
		"wiki.corp": false, "build.lan": false, "org": false, "co.uk": false, "alive.web": false,
	} {
		if got := publicName(host); got != want {
			t.Errorf("%s: %v, want %v", host, got, want)
		}
	}
}

// A host that refuses HEAD on every page costs one HEAD, not one a page:
// its first URL is checked alone, and the others are asked with GET.
func TestHostRefusingHead(t *testing.T) {
	w := newWeb(t, "")
	var urls []string
	for i := range 10 {
		p := fmt.Sprintf("nohead.web/p%d", i)
		w.handle(p, func(rw http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodHead {
				rw.WriteHeader(http.StatusMethodNotAllowed)
			}
		})
		urls = append(urls, w.url(p))
	}
	res := New(testOptions(resolverFor("nohead.web"))).Check(t.Context(), urls)
	for u, r := range res {
		if r.Status != OK {
			t.Errorf("%s: %v %q", u, r.Status, r.Reason)
		}
	}
	heads, gets := 0, 0
	for i := range 10 {
		heads += w.count("HEAD", fmt.Sprintf("nohead.web/p%d", i))
		gets += w.count("GET", fmt.Sprintf("nohead.web/p%d", i))
	}
	if heads != 1 || gets != 10 {
		t.Errorf("%d HEAD and %d GET, want 1 and 10", heads, gets)
	}
}
