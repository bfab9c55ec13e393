package linkcheck

import (
	"context"
	"errors"
	"net"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// DefaultProbeHosts are reached (looked up and connected to on port 443)
// when every link of a run failed without an answer, to tell a machine
// without a network from links that are dead: a run of one post with one
// dead domain must report it, a laptop on a train must not.
var DefaultProbeHosts = []string{"www.google.com", "www.cloudflare.com", "www.wikipedia.org"}

// giveUpAfter is how many distinct registered domains must fail without
// an answer, with no answer from anywhere, before the probe is asked
// early and, if it fails too, the run stops.
const giveUpAfter = 8

// publicName reports a host name under a suffix of ICANN's public suffix
// list: public DNS saying it does not exist is a verdict. For other names
// (intranet.corp, build.lan) it is not.
func publicName(host string) bool {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if suffix, _ := publicsuffix.PublicSuffix(host); suffix == host {
		return false // a suffix itself, such as co.uk
	}
	// The top-level domain decides: x.github.io is under a private suffix
	// of the list, in the public .io.
	tld := host[strings.LastIndexByte(host, '.')+1:]
	_, icann := publicsuffix.PublicSuffix(tld)
	return icann
}

// registered returns the registered domain of host (news.bbc.co.uk →
// bbc.co.uk), or host itself.
func registered(host string) string {
	if d, err := publicsuffix.EffectiveTLDPlusOne(strings.ToLower(host)); err == nil {
		return d
	}
	return strings.ToLower(host)
}

// noteNetFailure records a request that got no answer at all. While no
// server has answered, failures across many registered domains make the
// checker ask the probe at once, and stop if it fails.
func (c *Checker) noteNetFailure(host string) {
	c.netFails.Add(1)
	if c.responses.Load() > 0 {
		return
	}
	c.mu.Lock()
	c.failedDomains[registered(host)] = true
	n := len(c.failedDomains)
	c.mu.Unlock()
	if n < giveUpAfter {
		return
	}
	// Hold every other request until the probe has answered (see acquire).
	c.suspect.Store(true)
	if c.probe() != nil && c.responses.Load() == 0 {
		c.downOnce.Do(func() {
			close(c.down)
			c.mu.Lock()
			if c.stop != nil {
				c.stop()
			}
			c.mu.Unlock()
		})
	}
}

// probe reaches a known host, once per Checker: nil if one answered.
func (c *Checker) probe() error {
	c.probeOnce.Do(func() { c.probeErr = c.reach(c.opts.ProbeHosts) })
	return c.probeErr
}

var errNoProbe = errors.New("no probe host could be reached")

// reach looks up and connects to each of hosts on port 443, through the
// same resolver, address policy and dialer as the links; nil as soon as
// one connects.
func (c *Checker) reach(hosts []string) error {
	if len(hosts) == 0 {
		return errNoProbe
	}
	ctx, cancel := context.WithTimeout(context.Background(), c.opts.Timeout)
	defer cancel()
	errs := make(chan error, len(hosts))
	for _, h := range hosts {
		go func() {
			addr := h
			if _, _, err := net.SplitHostPort(h); err != nil {
				addr = net.JoinHostPort(h, "443")
			}
			conn, err := c.dial.DialContext(ctx, "tcp", addr)
			if err == nil {
				_ = conn.Close()
			}
			errs <- err
		}()
	}
	for range hosts {
		// A resolver may not heed the context: wait no longer than it.
		select {
		case err := <-errs:
			if err == nil {
				return nil
			}
		case <-ctx.Done():
			return errNoProbe
		}
	}
	return errNoProbe
}

// networkDown decides, after a run, whether its failures say anything of
// the links: not when no server answered at all and the probe fails too.
// A run that ran out of time is not probed: its unfinished checks are
// NotChecked anyway.
func (c *Checker) networkDown(ctx context.Context) bool {
	select {
	case <-c.down:
		return true
	default:
	}
	return ctx.Err() == nil && c.responses.Load() == 0 && c.netFails.Load() > 0 && c.probe() != nil
}
