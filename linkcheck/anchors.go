package linkcheck

import (
	"errors"
	"io"
	"net/url"
	"regexp"
	"strings"

	"golang.org/x/net/html"
)

// Fragment returns the anchor a link's #fragment names on a page of host,
// decoded, and whether a page's HTML can be checked for it. It cannot for
// what is not an anchor: text fragments (#:~:text=), client-side routes
// (#/path, #!path), parameters (#t=30, #page=2) and GitHub's line anchors
// (#L10-L20); nor on github.com, whose pages make many of their anchors
// with scripts.
func Fragment(host, frag string) (string, bool) {
	if frag == "" || strings.HasPrefix(frag, ":~:") || strings.ContainsAny(frag[:1], "/!") ||
		strings.ContainsAny(frag, "=&") || lineAnchor.MatchString(frag) {
		return "", false
	}
	host = strings.ToLower(host)
	if host == "github.com" || strings.HasSuffix(host, ".github.com") {
		return "", false
	}
	if s, err := url.PathUnescape(frag); err == nil {
		frag = s
	}
	return frag, frag != ""
}

var lineAnchor = regexp.MustCompile(`^L\d+(C\d+)?(-L?\d+(C\d+)?)?$`)

// scanAnchors reads the HTML page r with golang.org/x/net/html's
// tokenizer and says which of want it defines as an anchor: the id of an
// element, or the name of an <a> (old pages), equal to the fragment, equal
// but for case, or with GitHub's "user-content-" prefix. Comments and the
// text of <script>, <style> and the like are not markup, so what looks
// like an id there is not one; nor is <meta name> or <input name>.
// judged is false when that cannot be told: the page defines no anchor at
// all (it makes them with scripts, if it has any), or it was not read to
// its end within max bytes and without error.
func scanAnchors(r io.Reader, max int64, want []string) (found map[string]bool, judged bool) {
	found = make(map[string]bool, len(want))
	for _, w := range want {
		found[w] = false
	}
	lr := &io.LimitedReader{R: r, N: max + 1}
	z := html.NewTokenizer(lr)
	ids := false
	for {
		switch z.Next() {
		case html.ErrorToken:
			return found, ids && errors.Is(z.Err(), io.EOF) && lr.N > 0
		case html.StartTagToken, html.SelfClosingTagToken:
			name, more := z.TagName()
			a := len(name) == 1 && name[0] == 'a'
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				if len(v) == 0 || !(string(k) == "id" || a && string(k) == "name") {
					continue
				}
				ids = true
				id := strings.TrimPrefix(string(v), "user-content-")
				for _, w := range want {
					if !found[w] && strings.EqualFold(id, w) {
						found[w] = true
					}
				}
			}
		}
	}
}
