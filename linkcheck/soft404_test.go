package linkcheck

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func TestSoft404(t *testing.T) {
	w := newWeb(t, "")
	page := func(title string) http.HandlerFunc {
		return func(rw http.ResponseWriter, r *http.Request) {
			rw.Header().Set("Content-Type", "text/html")
			fmt.Fprintf(rw, "<!doctype html><html><head><title>\n  %s\n</title></head><body>…</body></html>", title)
		}
	}
	w.handle("soft.web/talks/real", page("Real talk – Soft"))
	w.handle("honest.web/talks/real", page("Real talk"))
	// Unknown paths: soft.web serves its "not found" page with 200, spa.web
	// the same shell for everything, honest.web a 404, home.web a redirect
	// to its home page.
	fallback := map[string]http.HandlerFunc{
		"soft.web":   page("Page not found – Soft"),
		"spa.web":    page("Conference app"),
		"honest.web": status(404),
		"home.web":   redirect(302, "/"),
	}
	inner := w.srv.Config.Handler
	w.srv.Config.Handler = http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		host := strings.Split(r.Host, ":")[0]
		w.mu.Lock()
		h := w.handlers[host+r.URL.Path]
		w.mu.Unlock()
		if f := fallback[host]; h == nil && f != nil && r.URL.Path != "/" {
			w.mu.Lock()
			w.hits[r.Method+" "+host+r.URL.Path]++
			w.mu.Unlock()
			f(rw, r)
			return
		}
		inner.ServeHTTP(rw, r)
	})
	w.handle("home.web/", page("Home"))
	o := testOptions(resolverFor("soft.web", "spa.web", "honest.web", "home.web"))
	o.Soft404 = true
	for u, want := range map[string]Status{
		"soft.web/talks/real": OK, "soft.web/talks/removed": Dead, "soft.web/talks/another-removed": Dead,
		"spa.web/talks/removed": OK, "honest.web/talks/real": OK, "home.web/talks/removed": OK,
	} {
		got := checkOne(t, o, w.url(u))
		if got.Status != want {
			t.Errorf("%s: %v %q, want %v", u, got.Status, got.Reason, want)
		}
		if want == Dead && got.Reason != `answers 200 OK with the page the site shows for a page it does not have ("Page not found – Soft")` {
			t.Errorf("%s: %q", u, got.Reason)
		}
	}
	// One made-up page per directory and run.
	c := New(o)
	c.Check(t.Context(), []string{w.url("soft.web/talks/real"), w.url("soft.web/talks/removed"), w.url("soft.web/talks/a"), w.url("soft.web/talks/b")})
	made := 0
	w.mu.Lock()
	for k, n := range w.hits {
		if strings.Contains(k, "postlint-") && strings.Contains(k, "soft.web") {
			made += n
		}
	}
	w.mu.Unlock()
	if made != 4 { // one for each of the three soft.web checks above, each alone, and one for this run
		t.Errorf("%d made-up pages asked for", made)
	}
}
