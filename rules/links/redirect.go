package links

import (
	"fmt"
	"net/url"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// A redirect fix writes into a post what a linked site chose to send in
// its Location header. It may only write an http(s) URL, percent-encoded
// wherever Markdown, HTML, Liquid or Hugo templates or a table would read
// it as something else, and only a move a redirect plainly explains (the
// same site); anything else is a suggestion for a human to check.

// moveTarget is the final URL of a permanent redirect as a fix would write it.
type moveTarget struct {
	url  string // percent-encoded (see encodeURL)
	safe bool   // a fix to it may be applied without a look
	why  string // when not safe and worth saying: why to look first
}

// redirectTarget judges the final URL of a permanent redirect of orig. It
// is false when final is no http(s) URL at all: nothing is then reported.
func redirectTarget(orig, final string) (moveTarget, bool) {
	enc := encodeURL(final)
	u, err := url.Parse(enc)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Hostname() == "" {
		return moveTarget{}, false
	}
	t := moveTarget{url: enc, safe: true}
	o, err := url.Parse(orig)
	switch {
	case err != nil:
		t.safe = false
	case u.User != nil || site(u.Hostname()) != site(o.Hostname()):
		t.safe, t.why = false, "another site; check it before linking to it"
	case (u.Path == "" || u.Path == "/") && u.RawQuery == "" && o.Path != "" && o.Path != "/":
		t.safe, t.why = false, "the site's home page, as sites do for pages they removed; check that the page is still there"
	}
	return t, true
}

// site is the registered domain of host (blog.example.co.uk →
// example.co.uk), or host itself.
func site(host string) string {
	host = strings.ToLower(host)
	if d, err := publicsuffix.EffectiveTLDPlusOne(host); err == nil {
		return d
	}
	return host
}

// encodeURL percent-encodes every byte of s that RFC 3986 does not allow
// in a URL (spaces, controls, non-ASCII, " < > \ ^ ` { | }), "[" and "]"
// outside the host, and a "%" that starts no escape. What it leaves is
// inert in Markdown destinations, HTML attribute values, Liquid and Hugo
// templates ({{ and {% cannot appear) and table cells (no |). It never
// decodes: the URL means what it meant.
func encodeURL(s string) string {
	authority := 0 // the end of scheme://host
	if i := strings.Index(s, "://"); i >= 0 {
		authority = i + 3
		if j := strings.IndexAny(s[authority:], "/?#"); j >= 0 {
			authority += j
		} else {
			authority = len(s)
		}
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
		case (c == '[' || c == ']') && i < authority:
		case c != '%' && c != '[' && c != ']' && uriByte(c):
		default:
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// uriByte reports the unreserved and reserved characters of RFC 3986.
func uriByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		strings.IndexByte("-._~:/?#[]@!$&'()*+,;=%", c) >= 0
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// inText says whether u, written as a link's text or a bare URL, reads as
// itself: no emphasis (*, ~, or _ not between letters), no entity, no
// code span.
func inText(u string) bool {
	for i := 0; i < len(u); i++ {
		switch u[i] {
		case '*', '~', '`', '&':
			return false
		case '_':
			if i == 0 || i == len(u)-1 || !isAlnum(u[i-1]) || !isAlnum(u[i+1]) {
				return false
			}
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
