package links_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/links"
)

// fakeArchive is a local stand-in for the Wayback availability API: it has
// a copy of talks.org/gone from the day before the post, and of nothing
// else. With busy set, its first answer is 429 with that Retry-After.
type fakeArchive struct {
	mu    sync.Mutex
	asked []string // url@timestamp
	busy  string
}

func (a *fakeArchive) serve(rw http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	a.mu.Lock()
	a.asked = append(a.asked, q.Get("url")+"@"+q.Get("timestamp"))
	busy := a.busy
	a.busy = ""
	a.mu.Unlock()
	if busy != "" {
		rw.Header().Set("Retry-After", busy)
		rw.WriteHeader(http.StatusTooManyRequests)
		return
	}
	rw.Header().Set("Content-Type", "application/json")
	if q.Get("url") == "http://talks.org/gone" {
		fmt.Fprint(rw, `{"url": "talks.org/gone", "archived_snapshots": {"closest": {"available": true,
			"url": "http://web.archive.org/web/20130501093000/http://talks.org/gone", "timestamp": "20130501093000", "status": "200"}}}`)
		return
	}
	fmt.Fprint(rw, `{"url": "x", "archived_snapshots": {}}`)
}

func (a *fakeArchive) requests() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.asked...)
}

// archiveFixes returns the fixes of dead links by URL; a safe one is
// marked, as --fix would apply it without a look.
func archiveFixes(diags []rules.Diagnostic) map[string]string {
	out := map[string]string{}
	for _, d := range diags {
		if len(d.Fixes) > 0 && d.Rule == "dead-link" {
			f := d.Fixes[0].Message + " → " + d.Fixes[0].Edits[0].NewText
			if d.Fixes[0].Safe {
				f += " (safe!)"
			}
			out[d.Message[:strings.IndexByte(d.Message, ' ')]] = f
		}
	}
	return out
}

func TestArchive(t *testing.T) {
	a := &fakeArchive{busy: "1"} // the first answer asks to wait a second
	w, r := faultyWeb(t, map[string]http.HandlerFunc{"archive.org/wayback/available": a.serve})
	cache := t.TempDir()
	tune := func(lc *links.Config) {
		tuneFaulty(w, r, cache)(lc)
		lc.Archive = true
	}
	_, diags, log := lintDirRaw(t, "../../testdata/links/verdicts", false, tune, "dead-link")
	if log != "" {
		t.Errorf("notices: %q", log)
	}
	got := archiveFixes(diags)
	want := "Link to the Internet Archive's copy of 1 May 2013 → https://web.archive.org/web/20130501093000/http://talks.org/gone"
	if got["http://talks.org/gone"] != want || len(got) != 1 {
		t.Errorf("fixes %q, want one: %q", got, want)
	}
	// One request per dead link (four), for the post's date (2013-05-02),
	// and the one it was asked to wait before.
	asked := a.requests()
	if len(asked) != 5 || asked[0] != asked[1] {
		t.Errorf("asked %q", asked)
	}
	for _, q := range asked {
		if !strings.HasSuffix(q, "@20130502") {
			t.Errorf("asked %q, not for the post's date", q)
		}
	}

	// Again: the archive's answers come from the cache.
	_, diags, _ = lintDirRaw(t, "../../testdata/links/verdicts", false, tune, "dead-link")
	if n := len(a.requests()); n != len(asked) {
		t.Errorf("%d more requests to the archive with a warm cache", n-len(asked))
	}
	if got := archiveFixes(diags); got["http://talks.org/gone"] != want {
		t.Errorf("cached run: %q", got)
	}
	// And offline, from the cache too.
	_, diags, _ = lintDirRaw(t, "../../testdata/links/verdicts", true, tune, "dead-link")
	if got := archiveFixes(diags); got["http://talks.org/gone"] != want {
		t.Errorf("offline: %q", got)
	}
}

// An archive that answers 429 and asks to wait an hour is not waited for:
// the dead links are reported without a copy, and a notice says so.
func TestArchiveRefuses(t *testing.T) {
	a := &fakeArchive{busy: "3600"}
	w, r := faultyWeb(t, map[string]http.HandlerFunc{"archive.org/wayback/available": a.serve})
	_, diags, log := lintDirRaw(t, "../../testdata/links/verdicts", false, func(lc *links.Config) {
		tuneFaulty(w, r, t.TempDir())(lc)
		lc.Archive = true
	}, "dead-link")
	if got := archiveFixes(diags); len(got) != 0 {
		t.Errorf("fixes %q", got)
	}
	if n := len(a.requests()); n != 1 {
		t.Errorf("%d requests to the archive, want 1", n)
	}
	if !strings.Contains(log, "the Internet Archive was asked for 0 of 4 dead links") {
		t.Errorf("notices: %q", log)
	}
}
