// Package linkcheck checks that http and https URLs still answer. It
// knows nothing of Markdown or of postlint's rules: it takes a list of
// URLs and tells, for each, whether it is alive, moved for good, dead, or
// could not be checked, and why.
//
// It is polite: every URL is requested once (HEAD first, GET only when
// HEAD is refused or to confirm a 404), with a limit on requests in flight
// overall and per host, a minimum interval between requests to one host,
// Retry-After obeyed (within a cap), bounded body reads and a cache of
// results between runs. It is careful: it only connects to public
// addresses, checked on the address it actually dials, after every
// redirect too.
package linkcheck

import (
	"context"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Status is the verdict on one URL.
type Status uint8

const (
	// NotChecked: the run ended (deadline, no network) before the check did.
	NotChecked Status = iota
	// OK: the URL answered 2xx, perhaps after temporary redirects.
	OK
	// Redirected: the URL answered 2xx after permanent redirects (301,
	// 308); Result.Final is the URL to use instead.
	Redirected
	// Dead: a definite answer that the page is gone: 404, 410, a host
	// that does not exist, a redirect loop or too many redirects.
	Dead
	// Unreachable: no definite answer: timeouts, connection errors, 5xx
	// and other refusals after retries.
	Unreachable
	// Unverified: a site known to turn robots away refused (401, 403,
	// 429, 999), or the page needs a login; it is likely alive.
	Unverified
	// Skipped: not requested by policy: not http(s), a placeholder or
	// local host name, or a host that resolves to a private address.
	Skipped
)

var statusNames = [...]string{"not-checked", "ok", "redirected", "dead", "unreachable", "unverified", "skipped"}

func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "unknown"
}

// MarshalText writes the status by name, for a readable cache file.
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a status name; an unknown one reads as NotChecked.
func (s *Status) UnmarshalText(b []byte) error {
	*s = NotChecked
	for i, n := range statusNames {
		if n == string(b) {
			*s = Status(i)
		}
	}
	return nil
}

// A Result is what was learnt of one URL.
type Result struct {
	Status Status `json:"status"`
	Code   int    `json:"code,omitempty"`  // the last HTTP status seen, 0 if none
	Final  string `json:"final,omitempty"` // for Redirected: the permanent location
	// Moved is the status of the first permanent redirect (301 or 308).
	Moved  int    `json:"moved,omitempty"`
	Reason string `json:"reason,omitempty"` // why, for people: "404 Not Found", "timeout after 10s"
	// Fragments holds, for a page asked for #fragments, whether it defines
	// each one as an anchor. A page that cannot be judged (not HTML, or no
	// anchor at all) has every one it was asked for set true.
	Fragments map[string]bool `json:"fragments,omitempty"`
	// Checked is when the answer was had; the cache expires it.
	Checked time.Time `json:"checked"`
	// Transient marks a failure that may pass: a timeout, a reset, a 5xx,
	// a TLS error. It is a verdict on the link only once Confirmed.
	Transient bool `json:"transient,omitempty"`
	// Since is, for a failure, when the URL began to fail: the first
	// failure of those in a row the cache remembers, or this one.
	Since time.Time `json:"since,omitzero"`
	// Confirmed is set on a Transient failure that has lasted at least
	// Options.ConfirmAfter, or, with no cache, failed every attempt.
	Confirmed bool `json:"-"`
	// Cached is set when the result came from the cache.
	Cached bool `json:"-"`

	attempts int // requests made for it in this run, retries included
}

// Options tune a Checker. The zero value of a field means its default.
type Options struct {
	UserAgent       string
	Timeout         time.Duration // per request, body read included (10s)
	Retries         int           // further attempts after a transient failure (2); -1 for none
	Concurrency     int           // requests in flight overall (64)
	HostConcurrency int           // requests in flight to one host (8)
	HostInterval    time.Duration // least time between two requests to one host (20ms)
	MaxRedirects    int           // redirects followed before giving up (10)
	MaxBody         int64         // bytes of a body read at most (64 KiB)
	MaxPageBody     int64         // bytes of an HTML page read for its anchors (8 MiB)
	MaxRetryWait    time.Duration // longest wait asked by Retry-After that is obeyed (30s)
	Backoff         time.Duration // first wait before retrying a transient failure (500ms); doubles

	// ConfirmAfter is how long a transient failure must last, across
	// runs that share the Cache, to be Confirmed (24h). Without a cache,
	// failing every attempt of the run confirms it.
	ConfirmAfter time.Duration

	// AllowPrivate lets requests reach loopback and private-range
	// addresses and local host names. Link-local and reserved addresses
	// are never requested.
	AllowPrivate bool
	// BotBlockers are host names (and their subdomains) that refuse
	// robots: their 401/403/429/999 answers make a URL Unverified, not
	// Unreachable. Nil means DefaultBotBlockers.
	BotBlockers []string
	// Unverifiable are host names (and their subdomains) whose answers to a
	// robot say nothing at all: any failure there is Unverified. Nil means
	// DefaultUnverifiable.
	Unverifiable []string
	// ProbeHosts are reached (looked up and connected to, on port 443
	// unless one is given as host:port) when no server answered at all, to
	// tell a missing network from dead links. Nil means DefaultProbeHosts.
	ProbeHosts []string
	// Soft404 asks each site, once a directory, for a made-up page, to
	// tell pages that answer 200 with the site's "not found" page (see
	// soft404). It costs requests: off by default.
	Soft404 bool
	// ArchiveAPI is the Wayback availability API Snapshots asks; ""
	// means DefaultArchiveAPI. ArchiveInterval is the least time between
	// two of its requests (1s).
	ArchiveAPI      string
	ArchiveInterval time.Duration
	// YouTubeOEmbed is the oEmbed endpoint YouTube videos are checked
	// with; "" means DefaultYouTubeOEmbed, "off" checks their pages.
	YouTubeOEmbed string

	// Resolver looks up host names; nil means net.DefaultResolver.
	Resolver Resolver
	// AddrAllowed overrides the address policy (PublicAddr with
	// AllowPrivate). Tests use it to reach servers on loopback.
	AddrAllowed func(netip.Addr) bool
	// MapAddr, if set, changes the address dialled once the policy has
	// allowed it: tests send every host's port 80 to one test server.
	MapAddr func(netip.AddrPort) netip.AddrPort

	// Cache, if set, answers URLs checked recently and keeps new results.
	Cache *Cache
	// Progress, if set, is called after each URL with the counts so far.
	Progress func(done, total, failed int)
}

// DefaultUserAgent names postlint, as polite robots do.
const DefaultUserAgent = "postlint-linkcheck/1 (+https://github.com/postlint/postlint)"

func (o *Options) fill() {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	defDur := func(v *time.Duration, d time.Duration) {
		if *v == 0 {
			*v = d
		}
	}
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent
	}
	defDur(&o.Timeout, 10*time.Second)
	def(&o.Retries, 2)
	if o.Retries < 0 {
		o.Retries = 0
	}
	def(&o.Concurrency, 64)
	def(&o.HostConcurrency, 8)
	defDur(&o.HostInterval, 20*time.Millisecond)
	if o.HostInterval < 0 {
		o.HostInterval = 0
	}
	def(&o.MaxRedirects, 10)
	if o.MaxBody == 0 {
		o.MaxBody = 64 << 10
	}
	if o.MaxPageBody == 0 {
		o.MaxPageBody = 8 << 20
	}
	defDur(&o.MaxRetryWait, 30*time.Second)
	defDur(&o.Backoff, 500*time.Millisecond)
	defDur(&o.ConfirmAfter, 24*time.Hour)
	if o.BotBlockers == nil {
		o.BotBlockers = DefaultBotBlockers
	}
	if o.Unverifiable == nil {
		o.Unverifiable = DefaultUnverifiable
	}
	if o.ProbeHosts == nil {
		o.ProbeHosts = DefaultProbeHosts
	}
	if o.ArchiveAPI == "" {
		o.ArchiveAPI = DefaultArchiveAPI
	}
	defDur(&o.ArchiveInterval, time.Second)
	if o.YouTubeOEmbed == "" {
		o.YouTubeOEmbed = DefaultYouTubeOEmbed
	}
	if o.Resolver == nil {
		o.Resolver = net.DefaultResolver
	}
	if o.AddrAllowed == nil {
		private := o.AllowPrivate
		o.AddrAllowed = func(a netip.Addr) bool { return PublicAddr(a, private) }
	}
}

// A Checker checks URLs. One Checker serves one run: it remembers hosts'
// addresses and pacing for as long as it lives.
type Checker struct {
	opts   Options
	client *http.Client
	dns    *lookups
	global chan struct{}

	mu    sync.Mutex
	hosts map[string]*hostState

	dial *dialer

	requests      atomic.Int64 // HTTP requests sent
	responses     atomic.Int64 // HTTP responses received
	netFails      atomic.Int64 // requests that got no answer at all
	failedDomains map[string]bool
	down          chan struct{} // closed when the run gives up for want of a network
	downOnce      sync.Once
	probeOnce     sync.Once
	probeErr      error
	wasDown       atomic.Bool
	suspect       atomic.Bool        // failures point to no network: the probe is asked
	stop          context.CancelFunc // ends the Check under way
	soft          soft404s
}

// hostState paces the requests to one host.
type hostState struct {
	sem       chan struct{}
	mu        sync.Mutex
	next      time.Time // earliest start of the next request
	notBefore time.Time // set by Retry-After

	headWorks   atomic.Bool // the host answered a HEAD with 2xx
	refusesHead atomic.Bool // it answered HEAD with 405 or 501, and never with 2xx

	// The first URL of a host is checked alone (the pilot); the others
	// wait for it, so that what it learnt (HEAD refused) spares their
	// requests.
	pilotTaken atomic.Bool
	piloted    chan struct{} // closed when the pilot's check is done
}

// New returns a Checker with the given options.
func New(o Options) *Checker {
	o.fill()
	c := &Checker{
		opts:   o,
		dns:    &lookups{resolver: o.Resolver, hosts: map[string]*lookup{}},
		global: make(chan struct{}, o.Concurrency),
		hosts:  map[string]*hostState{},
		down:   make(chan struct{}),

		failedDomains: map[string]bool{},
	}
	d := &dialer{lookups: c.dns, allowed: o.AddrAllowed, mapAddr: o.MapAddr, net: net.Dialer{Timeout: o.Timeout}}
	c.dial = d
	tr := &http.Transport{
		Proxy:                 nil, // the address policy must see the real server
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          o.Concurrency,
		MaxIdleConnsPerHost:   o.HostConcurrency,
		IdleConnTimeout:       30 * time.Second,
		TLSHandshakeTimeout:   o.Timeout,
		ResponseHeaderTimeout: o.Timeout,
	}
	jar, _ := cookiejar.New(nil) // some sites redirect to themselves to set a cookie
	c.client = &http.Client{
		Transport: tr,
		Jar:       jar,
		// Redirects are followed by hand, to tell permanent from temporary
		// ones and to catch loops.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return c
}

// Requests returns the number of HTTP requests sent so far.
func (c *Checker) Requests() int64 { return c.requests.Load() }

// NetworkDown reports that the last Check found the network plainly
// absent: no server answered, and no probe host could be reached either.
// Its fresh results were then dropped (NotChecked) and nothing was cached.
func (c *Checker) NetworkDown() bool { return c.wasDown.Load() }

func (c *Checker) host(name string) *hostState {
	c.mu.Lock()
	defer c.mu.Unlock()
	h := c.hosts[name]
	if h == nil {
		h = &hostState{sem: make(chan struct{}, c.opts.HostConcurrency), piloted: make(chan struct{})}
		c.hosts[name] = h
	}
	return h
}

// knows says whether r answers for the fragments of want: a page that
// is alive must have been read for each of them.
func (r Result) knows(want []string) bool {
	if r.Status != OK && r.Status != Redirected {
		return true
	}
	for _, f := range want {
		if _, ok := r.Fragments[f]; !ok {
			return false
		}
	}
	return true
}

// Key is the URL as it is checked and cached: without its fragment,
// which the server never sees.
func Key(raw string) string {
	if i := strings.IndexByte(raw, '#'); i >= 0 {
		return raw[:i]
	}
	return raw
}

// Check checks every URL once (fragments aside) and returns the results
// by Key. A page linked with #fragments is fetched with GET and read for
// its anchors (see Fragment and Result.Fragments). It stops early,
// leaving URLs NotChecked, when ctx ends or when the network is plainly
// absent (see NetworkDown).
func (c *Checker) Check(ctx context.Context, urls []string) map[string]Result {
	keys := make([]string, 0, len(urls))
	seen := make(map[string]bool, len(urls))
	frags := map[string][]string{}
	for _, u := range urls {
		k := Key(u)
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
		if len(k) < len(u) {
			if pu, err := url.Parse(k); err == nil {
				if f, ok := Fragment(pu.Hostname(), u[len(k)+1:]); ok && !slices.Contains(frags[k], f) {
					frags[k] = append(frags[k], f)
				}
			}
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	c.mu.Lock()
	c.stop = cancel
	c.mu.Unlock()

	results := make(map[string]Result, len(keys))
	fresh := make(map[string]bool, len(keys))
	var mu sync.Mutex
	var done, failing int
	var wg sync.WaitGroup
	// One goroutine per URL: each waits for its host's turn, then for a
	// global slot, so that a busy host never holds the others back.
	for _, k := range keys {
		wg.Go(func() {
			var r Result
			cached := false
			if c.opts.Cache != nil {
				r, cached = c.opts.Cache.Get(k)
				cached = cached && r.knows(frags[k])
			}
			if !cached {
				r = c.checkOne(ctx, k, frags[k])
			}
			mu.Lock()
			results[k] = r
			fresh[k] = !cached
			done++
			if failed(r.Status) {
				failing++
			}
			if c.opts.Progress != nil {
				c.opts.Progress(done, len(keys), failing)
			}
			mu.Unlock()
		})
	}
	wg.Wait()

	// Only now is it known whether the network was there at all: a run
	// without one reports and caches nothing it found.
	down := c.networkDown(ctx)
	c.wasDown.Store(down)
	for k, r := range results {
		switch {
		case !fresh[k]:
		case down:
			r = Result{Status: NotChecked, Reason: "no network"}
		default:
			c.streak(k, &r)
			if c.opts.Cache != nil && r.Status != NotChecked && r.Status != Skipped {
				c.opts.Cache.Put(k, r)
			}
		}
		r.Confirmed = r.Status == Unreachable && r.Transient &&
			(c.opts.Cache != nil && r.Checked.Sub(r.Since) >= c.opts.ConfirmAfter ||
				c.opts.Cache == nil && r.attempts > 1)
		results[k] = r
	}
	return results
}

// streak sets, on a fresh failure, since when the URL fails: since the
// failure the cache remembers before it, if the URL has not answered in
// between.
func (c *Checker) streak(key string, r *Result) {
	if !failed(r.Status) {
		r.Since = time.Time{}
		return
	}
	r.Since = r.Checked
	if c.opts.Cache == nil {
		return
	}
	if last, _, ok := c.opts.Cache.Last(key); ok && failed(last.Status) && !last.Since.IsZero() && !last.Since.After(r.Checked) {
		r.Since = last.Since
	}
}

// acquire waits for a turn to send one request to host: a per-host slot,
// the host's pacing interval, then a global slot.
func (c *Checker) acquire(ctx context.Context, host string) (release func(), err error) {
	h := c.host(host)
	select {
	case h.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	h.mu.Lock()
	now := time.Now()
	start := now
	if h.next.After(start) {
		start = h.next
	}
	if h.notBefore.After(start) {
		start = h.notBefore
	}
	h.next = start.Add(c.opts.HostInterval)
	h.mu.Unlock()
	if err := sleep(ctx, start.Sub(now)); err != nil {
		<-h.sem
		return nil, err
	}
	select {
	case c.global <- struct{}{}:
	case <-ctx.Done():
		<-h.sem
		return nil, ctx.Err()
	}
	release = func() { <-c.global; <-h.sem }
	// Looked at last, once the turn has come: a request that waited for
	// a slot while the failures began is held too, not sent.
	if c.suspect.Load() {
		_ = c.probe() // wait for its answer, which may end the run
		if err := ctx.Err(); err != nil {
			release()
			return nil, err
		}
	}
	return release, nil
}

// holdOff delays every further request to host until t (Retry-After).
func (c *Checker) holdOff(host string, t time.Time) {
	h := c.host(host)
	h.mu.Lock()
	if t.After(h.notBefore) {
		h.notBefore = t
	}
	h.mu.Unlock()
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func hostKey(u *url.URL) string { return strings.ToLower(u.Hostname()) }
