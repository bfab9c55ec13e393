package linkcheck

import (
	"bufio"
	"bytes"
	"errors"
	"html"
	"io"
	"net/url"
	"regexp"
	"strings"
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

// anchorAttr matches an id, or a name (of <a>, in old pages), in a tag.
var anchorAttr = regexp.MustCompile(`(?i)[\s"'](id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))`)

// maxTag is the longest tag read whole; the anchors of a longer one are
// not seen.
const maxTag = 64 << 10

// scanAnchors reads the HTML page r and says which of want it defines as
// an anchor: an id, or a name, equal to the fragment, equal but for case,
// or with GitHub's "user-content-" prefix. judged is false when that
// cannot be told: the page defines no anchor at all (it makes them with
// scripts, if it has any), or it was not read to its end within max
// bytes and without error.
func scanAnchors(r io.Reader, max int64, want []string) (found map[string]bool, judged bool) {
	found = make(map[string]bool, len(want))
	for _, w := range want {
		found[w] = false
	}
	lr := &io.LimitedReader{R: r, N: max + 1}
	br := bufio.NewReaderSize(lr, maxTag)
	ids := false
	end := func(err error) (map[string]bool, bool) {
		return found, ids && errors.Is(err, io.EOF) && lr.N > 0
	}
	for {
		if _, err := br.ReadSlice('<'); err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			return end(err)
		} else if err != nil {
			continue // text longer than the buffer: keep looking for a tag
		}
		tag, err := br.ReadSlice('>')
		if errors.Is(err, bufio.ErrBufferFull) {
			continue // too long a tag: skip it
		}
		if err != nil && len(tag) == 0 {
			return end(err)
		}
		if bytes.IndexByte(tag, '=') < 0 {
			continue
		}
		for _, m := range anchorAttr.FindAllSubmatch(tag, -1) {
			v := m[2]
			if v == nil {
				v = m[3]
			}
			if v == nil {
				v = m[4]
			}
			if len(v) == 0 {
				continue
			}
			ids = true
			id := html.UnescapeString(string(v))
			id = strings.TrimPrefix(id, "user-content-")
			for _, w := range want {
				if !found[w] && strings.EqualFold(id, w) {
					found[w] = true
				}
			}
		}
		if err != nil {
			return end(err)
		}
	}
}
