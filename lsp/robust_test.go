package lsp

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/registry"
)

// logged waits for a window/logMessage containing text.
func (c *testClient) logged(from int, text string) LogMessageParams {
	c.t.Helper()
	var p LogMessageParams
	c.waitFor("a log message with "+text, from, func(m *message) bool {
		if m.Method != "window/logMessage" || json.Unmarshal(m.Params, &p) != nil {
			return false
		}
		return strings.Contains(p.Message, text)
	})
	return p
}

func errorCode(t *testing.T, m *message) int {
	t.Helper()
	if m.Error == nil {
		t.Fatalf("answer %s: want an error", m.Result)
	}
	return m.Error.Code
}

// Bad messages are answered or logged, and the session goes on.
func TestBadMessages(t *testing.T) {
	dir := writeFiles(t, map[string]string{"a.md": post})
	uri := pathURI(filepath.Join(dir, "a.md"))
	c := startServer(t, Options{Offline: true}, func(s *Server) { s.maxMessage = 100 << 10 })

	// Before initialize, requests are refused.
	if code := errorCode(t, c.response(c.call("textDocument/hover", map[string]any{}))); code != codeServerNotInitialized {
		t.Errorf("hover before initialize: %d", code)
	}
	c.initialize(dir, `{}`)
	if code := errorCode(t, c.response(c.call("initialize", map[string]any{}))); code != codeInvalidRequest {
		t.Errorf("a second initialize: %d", code)
	}

	from := c.mark()
	c.sendRaw("Content-Length: 7\r\n\r\n{nope!}")
	c.logged(from, "not JSON")
	c.waitFor("a parse error", from, func(m *message) bool { return m.Error != nil && m.Error.Code == codeParseError })

	from = c.mark()
	c.sendRaw("Content-Type: text/plain\r\n\r\n")
	c.logged(from, "without Content-Length")
	from = c.mark()
	c.sendRaw("Content-Length: twelve\r\n\r\n")
	c.logged(from, "bad Content-Length")
	from = c.mark()
	c.sendRaw(strings.Repeat("x", 10000) + "\r\n\r\n")
	c.logged(from, "malformed header")

	from = c.mark()
	c.send(outCall{JSONRPC: "2.0", Method: "textDocument/didOpen", Params: DidOpenTextDocumentParams{
		TextDocument: TextDocumentItem{URI: uri, Text: strings.Repeat("x", 200<<10)}}})
	c.logged(from, "was skipped")

	if code := errorCode(t, c.response(c.call("textDocument/definition", map[string]any{}))); code != codeMethodNotFound {
		t.Errorf("an unknown method: %d", code)
	}
	if code := errorCode(t, c.response(c.call("textDocument/codeAction", "a string"))); code != codeInvalidParams {
		t.Errorf("params of the wrong type: %d", code)
	}
	if code := errorCode(t, c.response(c.call("textDocument/hover", nil))); code != codeInvalidParams {
		t.Errorf("no params: %d", code)
	}
	c.notify("workspace/somethingNew", map[string]any{"x": 1})
	c.notify("$/somethingNew", nil)
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": "file:///not/open.md", "version": 2}})
	c.notify("textDocument/didOpen", 42)

	// Still serving: a post opens and is linted.
	from = c.mark()
	c.open(uri, post)
	p := c.diagnostics(uri, from, ofVersion(1))
	if find(p.Diagnostics, "misspelling") == nil {
		t.Fatalf("after the bad messages: %v", codes(p.Diagnostics))
	}

	// After shutdown, requests are refused, and exit is 0.
	c.request("shutdown", nil, nil)
	if code := errorCode(t, c.response(c.call("textDocument/hover", map[string]any{}))); code != codeInvalidRequest {
		t.Errorf("hover after shutdown: %d", code)
	}
	c.notify("exit", nil)
	if code := <-c.exit; code != 0 {
		t.Errorf("exit after shutdown: %d", code)
	}
	c.exit <- 0
}

// Exit without shutdown is status 1, as is the input closing.
func TestExitWithoutShutdown(t *testing.T) {
	c := startServer(t, Options{Offline: true})
	c.initialize("", `{}`)
	c.notify("exit", nil)
	if code := <-c.exit; code != 1 {
		t.Errorf("exit without shutdown: %d, want 1", code)
	}
	c.exit <- 1

	c = startServer(t, Options{Offline: true})
	c.initialize("", `{}`)
	_ = c.in.Close()
	if code := <-c.exit; code != 1 {
		t.Errorf("input closed: %d, want 1", code)
	}
	c.exit <- 1
}

// A document larger than limits.max_file_size gets the file-limits
// diagnostic; one whose folder does not exist is linted all the same.
func TestHugeAndHomelessDocuments(t *testing.T) {
	dir := writeFiles(t, map[string]string{})
	c := startServer(t, Options{Offline: true})
	c.initialize(dir, `{}`)

	huge := pathURI(filepath.Join(dir, "huge.md"))
	from := c.mark()
	c.open(huge, "---\ntitle: x\n---\n"+strings.Repeat("All work and no play. ", 11<<20/22))
	p := c.diagnostics(huge, from, ofVersion(1))
	if codes := codes(p.Diagnostics); len(codes) != 1 || codes[0] != "file-limits" {
		t.Fatalf("a huge document: %v", codes)
	}

	// (Not under /no/: that is Norwegian, and not spell-checked.)
	homeless := "file:///nonexistent/folder/anywhere/post.md"
	from = c.mark()
	c.open(homeless, post)
	p = c.diagnostics(homeless, from, ofVersion(1))
	if find(p.Diagnostics, "misspelling") == nil {
		t.Fatalf("a post in a folder that does not exist: %v", codes(p.Diagnostics))
	}

	untitled := "untitled:Untitled-1"
	from = c.mark()
	c.open(untitled, post)
	p = c.diagnostics(untitled, from, ofVersion(1))
	if find(p.Diagnostics, "misspelling") == nil {
		t.Fatalf("an untitled buffer: %v", codes(p.Diagnostics))
	}
}

// A rule that panics is logged to the client, and the server goes on.
func TestPanickingRule(t *testing.T) {
	def := registry.Default()
	boom := &rules.Rule{Name: "boom", Summary: "panics", Severity: rules.Warning, Run: func(p *rules.Pass) {
		if strings.Contains(string(p.Doc.Src), "BOOM") {
			panic("boom")
		}
	}}
	reg := &rules.Registry{Rules: append(slices.Clone(def.Rules), boom), Sections: def.Sections}
	dir := writeFiles(t, map[string]string{})
	c := startServer(t, Options{Offline: true, Registry: reg})
	c.initialize(dir, `{}`)
	uri := pathURI(filepath.Join(dir, "a.md"))
	from := c.mark()
	c.open(uri, post+"\nBOOM\n")
	c.logged(from, "internal error in rule boom")
	from = c.mark()
	c.notify("textDocument/didChange", DidChangeTextDocumentParams{
		TextDocument:   VersionedTextDocumentIdentifier{URI: uri, Version: 2},
		ContentChanges: []TextDocumentContentChangeEvent{{Text: post}}})
	p := c.diagnostics(uri, from, ofVersion(2))
	if find(p.Diagnostics, "misspelling") == nil {
		t.Fatalf("after the panic: %v", codes(p.Diagnostics))
	}
	if code := c.shutdown(); code != 0 {
		t.Errorf("exit %d", code)
	}
}

func TestURIs(t *testing.T) {
	for _, p := range []string{"/a/b c/d.md", "/x/ünï/😀.md", "/q/a#b?.md"} {
		if got := uriPath(pathURI(p)); got != p {
			t.Errorf("%s → %s → %s", p, pathURI(p), got)
		}
	}
	if got := uriPath("file:///a/b%20c.md"); got != "/a/b c.md" {
		t.Errorf("escaped: %s", got)
	}
	if got := uriPath("untitled:Untitled-1"); got != "" {
		t.Errorf("untitled: %q", got)
	}
	_ = fmt.Sprint()
}

// A config file sent as a document is not linted as a post.
func TestConfigDocumentIsNoPost(t *testing.T) {
	dir := writeFiles(t, map[string]string{".postlint.yml": "rules:\n  terms: off\n"})
	c := startServer(t, Options{Offline: true})
	c.initialize(dir, `{}`)
	cfg := pathURI(filepath.Join(dir, ".postlint.yml"))
	post := pathURI(filepath.Join(dir, "a.md"))
	from := c.mark()
	c.open(cfg, "rules:\n  terms: off\n")
	c.open(post, "---\ntitle: x\n---\n")
	c.diagnostics(post, from, ofVersion(1))
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, m := range c.log[from:] {
		if m.Method == "textDocument/publishDiagnostics" && strings.Contains(string(m.Params), cfg) {
			t.Errorf("diagnostics for the config document: %s", m.Params)
		}
	}
}

// A workspace folder that does not exist is logged, indexed as empty, and
// its posts are linted.
func TestMissingWorkspaceFolder(t *testing.T) {
	root := filepath.Join(t.TempDir(), "gone", "blog")
	c := startServer(t, Options{Offline: true})
	from := c.mark()
	c.initialize(root, `{}`)
	c.logged(from, "workspace folder "+root)
	uri := pathURI(filepath.Join(root, "_posts/2024-05-01-a.md"))
	from = c.mark()
	c.open(uri, post)
	p := c.diagnostics(uri, from, ofVersion(1))
	if find(p.Diagnostics, "misspelling") == nil {
		t.Fatalf("a post of a missing folder: %v", codes(p.Diagnostics))
	}
}
