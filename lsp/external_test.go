package lsp

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// External links are checked in the background on open and save, through
// the link cache; the text's diagnostics never wait for them, and what
// the check finds lands where the link is after the typing meanwhile.
func TestExternalLinks(t *testing.T) {
	release := make(chan struct{})
	var requests atomic.Int32
	web := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		if r.URL.Path == "/gone" {
			<-release
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, "<html><body>fine</body></html>")
	}))
	defer web.Close()
	defer func() {
		select {
		case <-release:
		default:
			close(release)
		}
	}()

	text := fmt.Sprintf("---\ntitle: Links\ndate: 2024-01-01\ntags: [a]\n---\n\nWe sovle [this](%s/gone) and [that](%s/ok).\n", web.URL, web.URL)
	dir := writeFiles(t, map[string]string{
		".postlint.yml": "links:\n  check_private: true\n  retries: 0\n",
		"a.md":          text,
	})
	uri := pathURI(filepath.Join(dir, "a.md"))
	c := startServer(t, Options{})
	c.initialize(dir, `{}`)
	from := c.mark()
	c.open(uri, text)
	// The text's diagnostics come while the check waits on /gone.
	p := c.diagnostics(uri, from, ofVersion(1))
	if got := codes(p.Diagnostics); len(got) != 1 || got[0] != "misspelling" {
		t.Fatalf("text diagnostics: %v", got)
	}
	// Typing goes on meanwhile: two characters before the link.
	from = c.mark()
	typed := TextDocumentContentChangeEvent{Range: &Range{Position{6, 0}, Position{6, 0}}, Text: "Ö "}
	c.notify("textDocument/didChange", DidChangeTextDocumentParams{
		TextDocument:   VersionedTextDocumentIdentifier{URI: uri, Version: 2},
		ContentChanges: []TextDocumentContentChangeEvent{typed}})
	c.diagnostics(uri, from, ofVersion(2))
	text = applyTextEdits(text, []TextEdit{{Range: *typed.Range, NewText: typed.Text}})

	close(release)
	p = c.diagnostics(uri, from, func(p PublishDiagnosticsParams) bool { return find(p.Diagnostics, "dead-link") != nil })
	dead := find(p.Diagnostics, "dead-link")
	link := web.URL + "/gone"
	lines := splitLines(text)
	col := utf16Col(lines[6][:strings.Index(lines[6], link)])
	if *p.Version != 2 || dead.Range.Start != (Position{6, col}) || dead.Severity != severityError {
		t.Fatalf("dead-link %+v in version %d, want it at line 6, character %d", dead, *p.Version, col)
	}
	if find(p.Diagnostics, "misspelling") == nil {
		t.Fatalf("the text's diagnostics went: %v", codes(p.Diagnostics))
	}

	// Saved again: the answers come from the cache.
	before := requests.Load()
	from = c.mark()
	c.notify("textDocument/didSave", DidSaveTextDocumentParams{TextDocument: TextDocumentIdentifier{uri}})
	c.diagnostics(uri, from, func(p PublishDiagnosticsParams) bool { return find(p.Diagnostics, "dead-link") != nil })
	if after := requests.Load(); after != before {
		t.Errorf("%d requests on save, want none: the cache answers", after-before)
	}
	if code := c.shutdown(); code != 0 {
		t.Errorf("exit %d", code)
	}
}
