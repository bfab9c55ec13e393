package linkcheck

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"path"
	"strings"
	"sync"

	"golang.org/x/net/html"
)

// A soft 404 is a "page not found" page served with 200. It is told, with
// Options.Soft404, by asking the same site for a made-up sibling of the
// page: only when the site answers that with 200 and a title that says
// the page was not found, and the page itself has that same title, is the
// page taken for missing. Sites that answer 404 for the made-up page, or
// serve one shell for every path (single-page apps, titles that say
// nothing of a missing page), are never judged: no false alarm.

// notFoundTitles are what the titles of "not found" pages say, lowercased.
var notFoundTitles = []string{
	"not found", "404", "page doesn't exist", "page does not exist", "no longer available",
	"can't be found", "cannot be found", "couldn't be found", "could not be found", "page missing",
}

// siblingAnswer is what a site answered for a made-up page of a directory.
type siblingAnswer struct {
	done  chan struct{}
	title string // the "not found" title it serves with 200; "" if none
}

type soft404s struct {
	mu   sync.Mutex
	dirs map[string]*siblingAnswer // scheme://host/dir/
}

// soft404 returns the "not found" title u's page shares with a made-up
// sibling, or "" when u is no soft 404 or it cannot be told.
func (c *Checker) soft404(ctx context.Context, u *url.URL) string {
	dir := *u
	dir.RawQuery, dir.Fragment, dir.RawFragment = "", "", ""
	dir.Path = path.Dir(strings.TrimSuffix(u.Path, "/"))
	if dir.Path == "." {
		dir.Path = "/"
	}
	if !strings.HasSuffix(dir.Path, "/") {
		dir.Path += "/"
	}
	dir.RawPath = ""
	key := dir.String()
	c.soft.mu.Lock()
	if c.soft.dirs == nil {
		c.soft.dirs = map[string]*siblingAnswer{}
	}
	a, ok := c.soft.dirs[key]
	if !ok {
		a = &siblingAnswer{done: make(chan struct{})}
		c.soft.dirs[key] = a
	}
	c.soft.mu.Unlock()
	if !ok {
		var b [8]byte
		_, _ = rand.Read(b[:])
		sib := dir
		sib.Path += "postlint-" + hex.EncodeToString(b[:]) + "-no-such-page"
		if code, title := c.title(ctx, &sib); code >= 200 && code <= 299 && saysNotFound(title) {
			a.title = title
		}
		close(a.done)
	} else {
		select {
		case <-a.done:
		case <-ctx.Done():
			return ""
		}
	}
	if a.title == "" {
		return ""
	}
	if code, title := c.title(ctx, u); code >= 200 && code <= 299 && title == a.title {
		return title
	}
	return ""
}

func saysNotFound(title string) bool {
	t := strings.ToLower(title)
	for _, s := range notFoundTitles {
		if strings.Contains(t, s) {
			return true
		}
	}
	return false
}

// title GETs u, following no redirect, and returns its status and the
// <title> of its first MaxBody bytes.
func (c *Checker) title(ctx context.Context, u *url.URL) (int, string) {
	resp, body, err := c.get(ctx, u, c.opts.MaxBody)
	if err != nil {
		return 0, ""
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, ""
	}
	z := html.NewTokenizer(strings.NewReader(string(body)))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return resp.StatusCode, ""
		case html.StartTagToken:
			if name, _ := z.TagName(); string(name) == "title" && z.Next() == html.TextToken {
				return resp.StatusCode, strings.Join(strings.Fields(string(z.Text())), " ")
			}
		}
	}
}
