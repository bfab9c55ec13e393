package links_test

import (
	"fmt"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/postlint/postlint/linkcheck"
	"github.com/postlint/postlint/rules/links"
)

// TestDeadlineWhenEveryHostStalls: every external host accepts and never
// answers, each request may take ten seconds and is retried; links.deadline
// still ends the whole check on time, and says how much it left.
func TestDeadlineWhenEveryHostStalls(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var conns []net.Conn
	accepted := make(chan struct{})
	go func() {
		defer close(accepted)
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c) // held open, never answered
		}
	}()
	t.Cleanup(func() {
		_ = l.Close()
		<-accepted
		for _, c := range conns {
			_ = c.Close()
		}
	})
	port := netip.MustParseAddrPort(l.Addr().String()).Port()

	dir := t.TempDir()
	resolver := mapResolver{}
	for p := range 5 {
		var body strings.Builder
		fmt.Fprintf(&body, "---\ntitle: Post %d\n---\n\n", p)
		for i := range 20 {
			host := fmt.Sprintf("stall%d-%d.web", p, i)
			resolver[host] = loopback
			fmt.Fprintf(&body, "See [this](https://%s/page).\n\n", host)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("p%d.md", p)), []byte(body.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	_, diags, log := lintDirRaw(t, dir, false, func(lc *links.Config) {
		lc.Cache = "off"
		lc.Deadline = links.Duration(time.Second)
		lc.Timeout = links.Duration(10 * time.Second)
		lc.Tune = func(o *linkcheck.Options) {
			o.Resolver = resolver
			o.AddrAllowed = func(a netip.Addr) bool { return a == loopback }
			o.MapAddr = func(netip.AddrPort) netip.AddrPort { return netip.AddrPortFrom(loopback, port) }
		}
	}, "dead-link", "redirected-link")
	if el := time.Since(start); el > 4*time.Second {
		t.Errorf("the check took %v with a deadline of 1s", el)
	}
	if len(diags) != 0 {
		t.Errorf("%d diagnostics for links never checked; first: %s", len(diags), diags[0].Message)
	}
	if !strings.Contains(log, "postlint: 100 of 100 external URLs were not checked within links.deadline (1s)") {
		t.Errorf("notices: %q", log)
	}
}
