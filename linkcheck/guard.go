package linkcheck

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"sync"

	"code.dny.dev/ssrf"
)

// A Resolver looks up the addresses of a host name; *net.Resolver is one.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// placeholderHost reports host names that never name a real site: the
// reserved test and documentation names of RFC 2606 and RFC 6761. Tutorial
// posts are full of them.
func placeholderHost(host string) bool {
	for _, tld := range []string{"test", "example", "invalid"} {
		if host == tld || strings.HasSuffix(host, "."+tld) {
			return true
		}
	}
	for _, d := range []string{"example.com", "example.net", "example.org"} {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}

// localHost reports names of this machine or its local network, which
// check_private lifts.
func localHost(host string) bool {
	return host == "localhost" || strings.HasSuffix(host, ".localhost") ||
		strings.HasSuffix(host, ".local") || strings.HasSuffix(host, ".internal") ||
		strings.HasSuffix(host, ".lan") || strings.HasSuffix(host, ".home.arpa")
}

var (
	// Lifted by AllowPrivate: RFC 1918, shared address space (carrier-grade
	// NAT) and unique local IPv6; loopback is tested apart.
	privatePrefixes = mustPrefixes("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7")
	// Never requested, whatever the config says: cloud metadata services
	// (169.254.169.254 is link-local, refused below; AWS's IPv6 one sits
	// in the unique local range).
	metadataPrefixes = mustPrefixes("fd00:ec2::254/128")
	nat64            = netip.MustParsePrefix("64:ff9b::/96")
)

func mustPrefixes(ss ...string) []netip.Prefix {
	ps := make([]netip.Prefix, len(ss))
	for i, s := range ss {
		ps[i] = netip.MustParsePrefix(s)
	}
	return ps
}

func inAny(a netip.Addr, ps []netip.Prefix) bool {
	for _, p := range ps {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// PublicAddr is the default address policy: true only for addresses on
// the public internet. Every range of IANA's IPv4 and IPv6 special-purpose
// registries is refused (the tables are code.dny.dev/ssrf's), and IPv6
// outside global unicast (2000::/3). With private set, loopback and
// private-range addresses pass; link-local and the other special ranges
// never do.
func PublicAddr(a netip.Addr, private bool) bool {
	a = a.Unmap()
	if nat64.Contains(a) {
		// The well-known NAT64 prefix stands for the IPv4 address it
		// embeds: judge that one.
		b := a.As16()
		return PublicAddr(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}), private)
	}
	switch {
	case !a.IsValid() || a.Zone() != "" || inAny(a, metadataPrefixes):
		return false
	case a.IsLoopback() || inAny(a, privatePrefixes):
		return private
	case a.Is4():
		return !inAny(a, ssrf.IPv4DeniedPrefixes)
	}
	return ssrf.IPv6GlobalUnicast.Contains(a) && !inAny(a, ssrf.IPv6DeniedPrefixes)
}

// errBlocked is returned by the dialer for a host that resolves only to
// addresses the policy refuses: no packet is sent to it.
type blockedError struct {
	host string
	addr netip.Addr
}

func (e *blockedError) Error() string {
	if e.addr.IsValid() && e.addr.String() != e.host {
		return fmt.Sprintf("%s resolves to %s, a private or reserved address", e.host, e.addr)
	}
	if e.addr.IsValid() {
		return fmt.Sprintf("%s is a private or reserved address", e.host)
	}
	return fmt.Sprintf("%s is a local host name", e.host)
}

// lookups resolves each host once per run and remembers the outcome, so
// that 300 links to one site cost one lookup.
type lookups struct {
	resolver Resolver
	mu       sync.Mutex
	hosts    map[string]*lookup
}

type lookup struct {
	done  chan struct{}
	addrs []netip.Addr
	err   error
}

func (l *lookups) resolve(ctx context.Context, host string) ([]netip.Addr, error) {
	if a, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		return []netip.Addr{a}, nil
	}
	l.mu.Lock()
	e, ok := l.hosts[host]
	if !ok {
		e = &lookup{done: make(chan struct{})}
		l.hosts[host] = e
		l.mu.Unlock()
		e.addrs, e.err = l.resolver.LookupNetIP(ctx, "ip", host)
		if e.err == nil && len(e.addrs) == 0 {
			e.err = &net.DNSError{Err: "no addresses", Name: host, IsNotFound: true}
		}
		close(e.done)
		return e.addrs, e.err
	}
	l.mu.Unlock()
	select {
	case <-e.done:
		return e.addrs, e.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// dialer connects only to addresses the policy allows, checking the
// address it actually dials: a host name cannot resolve to a public
// address when checked and to a private one when connected.
type dialer struct {
	lookups *lookups
	allowed func(netip.Addr) bool
	mapAddr func(netip.AddrPort) netip.AddrPort
	net     net.Dialer
}

func (d *dialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(address)
	if err != nil {
		return nil, err
	}
	addrs, err := d.lookups.resolve(ctx, host)
	if err != nil {
		return nil, err
	}
	var firstErr error
	for _, a := range addrs {
		if !d.allowed(a) {
			if firstErr == nil {
				firstErr = &blockedError{host: host, addr: a}
			}
			continue
		}
		target := net.JoinHostPort(a.Unmap().String(), port)
		if d.mapAddr != nil {
			if ap, err := netip.ParseAddrPort(target); err == nil {
				target = d.mapAddr(ap).String()
			}
		}
		c, err := d.net.DialContext(ctx, network, target)
		if err == nil {
			return c, nil
		}
		// A refused address among allowed ones is not worth reporting
		// over the real connection error.
		if _, blocked := firstErr.(*blockedError); firstErr == nil || blocked {
			firstErr = err
		}
	}
	return nil, firstErr
}
