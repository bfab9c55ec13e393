package linkcheck

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// attempt is the outcome of one pass over a URL and its redirects.
type attempt struct {
	Result
	retry bool          // worth trying again in this run
	wait  time.Duration // asked by Retry-After, 0 if not
}

func (c *Checker) checkOne(ctx context.Context, raw string, frags []string) Result {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return Result{Status: Skipped, Reason: "not a valid URL"}
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return Result{Status: Skipped, Reason: "not http or https"}
	}
	host := hostKey(u)
	if why := c.refusedName(host); why != "" {
		return Result{Status: Skipped, Reason: why}
	}
	unverifiable := c.unverifiable(host)
	for n := 0; ; n++ {
		a := c.pass(ctx, u, frags)
		if ctx.Err() != nil {
			return Result{Status: NotChecked, Reason: "the run ended first"}
		}
		if unverifiable && (a.Status == Dead || a.Status == Unreachable) {
			// Whatever such a site answers a robot says nothing of the page.
			a.Result = Result{Status: Unverified, Code: a.Code,
				Reason: fmt.Sprintf("%s does not let robots check its pages (%s)", host, a.Reason)}
			a.retry = false
		}
		if c.opts.Soft404 && (a.Status == OK && a.Code != http.StatusMultipleChoices || a.Status == Redirected) && !unverifiable {
			page := u
			if a.Status == Redirected {
				page = mustParse(a.Final)
			}
			if title := c.soft404(ctx, page); title != "" {
				a.Result = Result{Status: Dead, Code: a.Code,
					Reason: fmt.Sprintf("answers %s with the page the site shows for a page it does not have (%q)", statusText(a.Code), title)}
			}
		}
		if !a.retry || n >= c.opts.Retries {
			a.Checked = time.Now()
			a.attempts = n + 1
			if a.retry && n > 0 {
				a.Reason += fmt.Sprintf(" (%d attempts)", n+1)
			}
			return a.Result
		}
		wait := a.wait
		if wait == 0 {
			wait = c.opts.Backoff << n
		}
		if err := sleep(ctx, wait); err != nil {
			return Result{Status: NotChecked, Reason: "the run ended first"}
		}
	}
}

// pass makes one attempt at u: the video itself for a YouTube video,
// else the page and its redirects.
func (c *Checker) pass(ctx context.Context, u *url.URL, frags []string) attempt {
	if id, ok := youTubeVideo(u); ok && c.opts.YouTubeOEmbed != "off" {
		return c.youTube(ctx, u, id)
	}
	return c.follow(ctx, u, frags)
}

// refusedName says why a host name is never requested, or "".
func (c *Checker) refusedName(host string) string {
	switch {
	case host == "":
		return "no host"
	case placeholderHost(host):
		return host + " is a placeholder name"
	case localHost(host) && !c.opts.AllowPrivate:
		return host + " is a local host name"
	}
	return ""
}

// follow requests u, HEAD first, following redirects by hand; GET when
// the page is to be read for the anchors frags, or when its host is known
// to refuse HEAD.
func (c *Checker) follow(ctx context.Context, u *url.URL, frags []string) attempt {
	first := c.host(hostKey(u))
	if first.pilotTaken.CompareAndSwap(false, true) {
		defer close(first.piloted)
	} else {
		select {
		case <-first.piloted:
		case <-ctx.Done():
			return attempt{Result: Result{Status: NotChecked, Reason: "the run ended first"}}
		}
	}
	cur := u
	method := http.MethodHead
	if len(frags) > 0 || first.refusesHead.Load() {
		method = http.MethodGet
	}
	// seen maps each URL of the chain to the number of cookies set so far:
	// coming back to a URL with no new cookie is a loop, coming back with
	// one is the dance some sites do to set it.
	seen := map[string]int{cur.String(): 0}
	cookies := 0
	var chain []string
	var final string // the location after the leading permanent redirects
	var moved int    // the status of the first of them
	permanent := true
	for {
		resp, err := c.do(ctx, method, cur, frags)
		if err != nil && method == http.MethodHead && headRetryable(ctx, err) && !c.unverifiable(hostKey(cur)) {
			// Some servers hang up on HEAD, or never answer it, and serve
			// GET well: ask again with GET before judging.
			method = http.MethodGet
			resp, err = c.do(ctx, method, cur, frags)
		}
		if err != nil {
			return c.failure(ctx, err, cur, len(chain) > 0)
		}
		code := resp.StatusCode
		if code >= 300 && code < 400 && code != http.StatusNotModified {
			loc := resp.Header.Get("Location")
			if loc == "" && code == http.StatusMultipleChoices {
				// The page itself lists the choices: an answer.
				return c.verdict(cur, resp, final, moved)
			}
			if loc == "" {
				return attempt{Result: Result{Status: Unreachable, Code: code, Reason: fmt.Sprintf("%s without a Location", statusText(code))}}
			}
			next, err := cur.Parse(loc)
			if err != nil || (next.Scheme != "http" && next.Scheme != "https") {
				return attempt{Result: Result{Status: Unreachable, Code: code, Reason: fmt.Sprintf("redirects to %q, which is not checked", loc)}}
			}
			next.Fragment, next.RawFragment = "", ""
			if loginPage(next) && !loginPage(u) {
				// A login wall: the page may well be there, behind it.
				return attempt{Result: Result{Status: Unverified, Code: code,
					Reason: fmt.Sprintf("redirects to a login page (%s)", next.Redacted())}}
			}
			if len(resp.Header.Values("Set-Cookie")) > 0 {
				cookies++
			}
			chain = append(chain, next.String())
			if n, ok := seen[next.String()]; ok && n == cookies {
				return attempt{Result: Result{Status: Dead, Code: code, Reason: "redirect loop: " + loop(u.String(), chain)}}
			}
			seen[next.String()] = cookies
			if len(chain) > c.opts.MaxRedirects {
				return attempt{Result: Result{Status: Dead, Code: code, Reason: fmt.Sprintf("more than %d redirects", c.opts.MaxRedirects)}}
			}
			if permanent && (code == http.StatusMovedPermanently || code == http.StatusPermanentRedirect) {
				final = next.String()
				if moved == 0 {
					moved = code
				}
			} else {
				permanent = false
			}
			if why := c.refusedName(hostKey(next)); why != "" {
				return attempt{Result: Result{Status: Unreachable, Code: code, Reason: fmt.Sprintf("redirects to %s, not followed: %s", next, why)}}
			}
			cur = next
			continue
		}
		h := c.host(hostKey(cur))
		if method == http.MethodHead && code >= 200 && code <= 299 {
			h.headWorks.Store(true)
		}
		busy := code == http.StatusTooManyRequests ||
			(code == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") != "")
		if method == http.MethodHead && (code < 200 || code > 299) && !busy && !c.unverifiable(hostKey(cur)) && botWall(resp) == "" {
			// Many servers answer HEAD wrongly (405, 501, 403, even 404):
			// ask again with GET before judging. A host that refuses HEAD
			// outright, and never took it, is asked with GET from now on.
			if (code == http.StatusMethodNotAllowed || code == http.StatusNotImplemented) && !h.headWorks.Load() {
				h.refusesHead.Store(true)
			}
			method = http.MethodGet
			continue
		}
		return c.verdict(cur, resp, final, moved)
	}
}

// headRetryable reports a HEAD failure that GET may not share: the server
// was reached (no lookup, policy or connection failure) and then timed out
// or hung up.
func headRetryable(ctx context.Context, err error) bool {
	var blocked *blockedError
	var dns *net.DNSError
	var op *net.OpError
	if ctx.Err() != nil || errors.As(err, &blocked) || errors.As(err, &dns) || (errors.As(err, &op) && op.Op == "dial") {
		return false
	}
	return errors.Is(err, context.DeadlineExceeded) || os.IsTimeout(err) || errors.Is(err, io.EOF) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET)
}

// loop writes a redirect chain that came back on itself.
func loop(first string, chain []string) string {
	const max = 4
	all := append([]string{first}, chain...)
	if len(all) > max+1 {
		all = append(all[:max], "…", all[len(all)-1])
	}
	return strings.Join(all, " → ")
}

// response is what is kept of an HTTP response: its body is read (at most
// MaxBody bytes, or MaxPageBody for anchors) and closed by do.
type response struct {
	StatusCode int
	Header     http.Header
	fragments  map[string]bool // for a 2xx answer to GET with fragments asked
	body       []byte          // the start of a refusal's body, to tell a bot wall
}

// wallBody is how much of a refusal's body is kept to look for a bot
// wall's challenge page.
const wallBody = 32 << 10

// do sends one request when its host's turn comes. A 2xx answer to GET
// is read for the anchors frags, if any are asked.
func (c *Checker) do(ctx context.Context, method string, u *url.URL, frags []string) (*response, error) {
	host := hostKey(u)
	release, err := c.acquire(ctx, host)
	if err != nil {
		return nil, err
	}
	defer release()
	rctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, method, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
	c.requests.Add(1)
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, err
	}
	c.responses.Add(1)
	out := &response{StatusCode: resp.StatusCode, Header: resp.Header}
	switch code := resp.StatusCode; {
	case len(frags) > 0 && method == http.MethodGet && code >= 200 && code <= 299:
		out.fragments = pageAnchors(resp, c.opts.MaxPageBody, frags)
	case method == http.MethodGet && refusal(code):
		out.body, _ = io.ReadAll(io.LimitReader(resp.Body, wallBody))
	}
	// Read a bounded prefix so that the connection can be reused for a
	// small page; a large or endless body is cut off by closing it.
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, c.opts.MaxBody))
	_ = resp.Body.Close()
	return out, nil
}

// pageAnchors reads an HTML page for the anchors frags. A page that is
// not HTML, defines no anchor at all, or could not be read whole cannot
// be judged: every fragment counts as found.
func pageAnchors(resp *http.Response, max int64, frags []string) map[string]bool {
	found := make(map[string]bool, len(frags))
	ct := strings.ToLower(resp.Header.Get("Content-Type"))
	judged := false
	if ct == "" || strings.Contains(ct, "html") {
		found, judged = scanAnchors(resp.Body, max, frags)
	}
	if !judged {
		for _, f := range frags {
			found[f] = true
		}
	}
	return found
}

// verdict judges the final answer of a chain.
func (c *Checker) verdict(u *url.URL, resp *response, final string, moved int) attempt {
	code := resp.StatusCode
	host := hostKey(u)
	r := Result{Code: code, Reason: statusText(code)}
	switch {
	case code >= 200 && code <= 299 || code == http.StatusMultipleChoices:
		r.Status = OK
		r.Fragments = resp.fragments
		if final != "" && !loginPage(mustParse(final)) {
			r.Status, r.Final, r.Moved = Redirected, final, moved
		}
		return attempt{Result: r}
	case code == http.StatusNotFound || code == http.StatusGone:
		r.Status = Dead
		return attempt{Result: r}
	}
	if wall := botWall(resp); wall != "" {
		r.Status = Unverified
		r.Reason = fmt.Sprintf("%s answers robots with %s (%s)", host, statusText(code), wall)
		return attempt{Result: r}
	}
	switch {
	case c.botBlocker(host) && (code == 401 || code == 403 || code == 429 || code == 999):
		r.Status = Unverified
		r.Reason = fmt.Sprintf("%s answers robots with %s", host, statusText(code))
		return attempt{Result: r}
	case code == http.StatusUnauthorized || code == http.StatusProxyAuthRequired:
		r.Status = Unverified
		r.Reason = statusText(code) + ": the page needs a login"
		return attempt{Result: r}
	case code == http.StatusTooManyRequests || code == http.StatusServiceUnavailable:
		// Asked to come back later: try again in this run, within the
		// cap. A 503 is a server failing, which may last and then be a
		// verdict; a 429 is the client being turned away, which never is.
		r.Status = Unreachable
		r.Transient = code == http.StatusServiceUnavailable
		a := attempt{Result: r, retry: true}
		if d, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			if d > c.opts.MaxRetryWait {
				a.retry = false
				a.Reason = fmt.Sprintf("%s, asked to wait %s", statusText(code), waitText(d))
				return a
			}
			a.wait = d
			c.holdOff(host, time.Now().Add(d))
		}
		return a
	case code == http.StatusRequestTimeout || code >= 500 && code <= 599:
		r.Status = Unreachable
		r.Transient = code != http.StatusNotImplemented
		return attempt{Result: r, retry: r.Transient}
	}
	r.Status = Unreachable
	return attempt{Result: r}
}

// waitText writes a Retry-After wait, however long.
func waitText(d time.Duration) string {
	if d > 365*24*time.Hour {
		return "more than a year"
	}
	return d.Round(time.Second).String()
}

// refusal reports the status codes a bot wall answers with.
func refusal(code int) bool {
	return code == 401 || code == 403 || code == 429 || code == 503 || code == 999
}

// loginPage reports a redirect target that is a login form: rewriting a
// link to it would be wrong, the page is only behind a login.
func loginPage(u *url.URL) bool {
	p := strings.ToLower(u.Path)
	for _, w := range []string{"login", "signin", "sign_in", "sign-in", "/auth", "/sso", "consent"} {
		if strings.Contains(p, w) {
			return true
		}
	}
	q := u.Query()
	for _, k := range []string{"next", "return", "returnto", "return_to", "redirect", "redirect_uri", "continue"} {
		if q.Has(k) {
			return true
		}
	}
	return false
}

func mustParse(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		return &url.URL{}
	}
	return u
}

func hostIn(host string, list []string) bool {
	for _, b := range list {
		if host == b || strings.HasSuffix(host, "."+b) {
			return true
		}
	}
	return false
}

func (c *Checker) botBlocker(host string) bool { return hostIn(host, c.opts.BotBlockers) }

func (c *Checker) unverifiable(host string) bool { return hostIn(host, c.opts.Unverifiable) }

// failure judges a request that got no HTTP answer.
func (c *Checker) failure(ctx context.Context, err error, u *url.URL, redirected bool) attempt {
	var blocked *blockedError
	var dns *net.DNSError
	host := u.Hostname()
	switch {
	case ctx.Err() != nil:
		return attempt{Result: Result{Status: NotChecked, Reason: "the run ended first"}}
	case errors.As(err, &blocked):
		if redirected {
			return attempt{Result: Result{Status: Unreachable, Reason: fmt.Sprintf("redirects to %s, not followed: %v", u, blocked)}}
		}
		return attempt{Result: Result{Status: Skipped, Reason: blocked.Error()}}
	case errors.As(err, &dns) && dns.IsNotFound:
		c.noteNetFailure(host)
		if !publicName(host) {
			// An intranet name, or a made-up one: public DNS cannot tell.
			return attempt{Result: Result{Status: Unverified, Reason: fmt.Sprintf("%s is not under a public domain suffix, and does not resolve here", host)}}
		}
		return attempt{Result: Result{Status: Dead, Reason: fmt.Sprintf("host %s does not exist", host)}}
	case errors.As(err, &dns):
		c.noteNetFailure(host)
		return transient("cannot look up " + host)
	case errors.Is(err, context.DeadlineExceeded) || os.IsTimeout(err):
		c.noteNetFailure(host)
		return transient(fmt.Sprintf("timeout after %s", c.opts.Timeout))
	}
	var cert *tls.CertificateVerificationError
	var unknown x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var inv x509.CertificateInvalidError
	if errors.As(err, &cert) || errors.As(err, &unknown) || errors.As(err, &hostErr) || errors.As(err, &inv) {
		return transient("bad TLS certificate: " + rootCause(err))
	}
	c.noteNetFailure(host)
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		why := "cannot connect"
		switch {
		case errors.Is(err, syscall.ECONNREFUSED):
			why = "connection refused"
		case errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EHOSTUNREACH):
			why = "no route to host"
		}
		return transient(why)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET) {
		return transient("connection closed by the server")
	}
	return transient(rootCause(err))
}

// transient is a failure that may pass: tried again in this run, and a
// verdict on the link only once confirmed (see Options.ConfirmAfter).
func transient(reason string) attempt {
	return attempt{Result: Result{Status: Unreachable, Reason: reason, Transient: true}, retry: true}
}

// rootCause trims the URL and operation prefixes Go puts on errors.
func rootCause(err error) string {
	for {
		u, ok := err.(*url.Error)
		if !ok {
			break
		}
		err = u.Err
	}
	return err.Error()
}

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if digits(v) {
		// A number of seconds too large for a Duration is a wait longer
		// than any cap, not a negative one.
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n > int64(math.MaxInt64/time.Second) {
			return time.Duration(math.MaxInt64), true
		}
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(0, t.Sub(now)), true
	}
	return 0, false
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func statusText(code int) string {
	if t := http.StatusText(code); t != "" {
		return fmt.Sprintf("%d %s", code, t)
	}
	return fmt.Sprintf("HTTP %d", code)
}
