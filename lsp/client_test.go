package lsp

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/postlint/postlint/rules/registry"
)

// A testClient drives a server over pipes, as an editor would: it writes
// framed messages to the server's input and reads its output.
type testClient struct {
	t      testing.TB
	srv    *Server
	in     io.WriteCloser // the server's stdin
	exit   chan int       // Serve's result
	nextID int

	mu   sync.Mutex
	cond *sync.Cond
	log  []*message // everything the server sent, in order
	eof  bool
	// answers to the server's own requests, by method; default null
	answers map[string]func(*message) any
}

// waitTimeout bounds every wait: the race detector makes everything
// several times slower, so it is generous; a passing test never waits it.
const waitTimeout = 20 * time.Second

func startServer(t testing.TB, opt Options, tweaks ...func(*Server)) *testClient {
	t.Helper()
	if opt.Registry == nil {
		opt.Registry = registry.Default()
	}
	if opt.Debounce == 0 {
		opt.Debounce = time.Millisecond
	}
	if opt.Stderr == nil {
		opt.Stderr = io.Discard
	}
	srv := NewServer(opt)
	for _, tweak := range tweaks {
		tweak(srv)
	}
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	c := newClient(t, inW, outR)
	c.srv = srv
	go func() {
		code := srv.Serve(inR, outW)
		_ = outW.Close()
		c.exit <- code
	}()
	t.Cleanup(func() {
		_ = inW.Close()
		select {
		case <-c.exit:
		case <-time.After(waitTimeout):
			t.Errorf("the server did not stop after its input closed")
		}
	})
	return c
}

// newClient talks to a server that reads in and writes out.
func newClient(t testing.TB, in io.WriteCloser, out io.Reader) *testClient {
	c := &testClient{t: t, in: in, exit: make(chan int, 1), answers: map[string]func(*message) any{}}
	c.cond = sync.NewCond(&c.mu)
	go c.readLoop(out)
	return c
}

func (c *testClient) readLoop(r io.Reader) {
	rd := newReader(r, maxMessage)
	for {
		m, err := rd.read()
		if err != nil {
			if _, ok := err.(*errFraming); ok {
				c.t.Errorf("the server wrote a bad message: %v", err)
				continue
			}
			c.mu.Lock()
			c.eof = true
			c.cond.Broadcast()
			c.mu.Unlock()
			return
		}
		if m.isRequest() {
			c.mu.Lock()
			answer := c.answers[m.Method]
			c.mu.Unlock()
			var res any
			if answer != nil {
				res = answer(m)
			}
			c.send(outResult{"2.0", m.ID, res})
		}
		c.mu.Lock()
		c.log = append(c.log, m)
		c.cond.Broadcast()
		c.mu.Unlock()
	}
}

func (c *testClient) send(v any) {
	c.t.Helper()
	body, err := json.Marshal(v)
	if err != nil {
		c.t.Fatal(err)
	}
	c.sendRaw(fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body))
}

func (c *testClient) sendRaw(s string) {
	if _, err := io.WriteString(c.in, s); err != nil {
		c.t.Errorf("writing to the server: %v", err)
	}
}

func (c *testClient) notify(method string, params any) {
	c.t.Helper()
	c.send(outCall{JSONRPC: "2.0", Method: method, Params: params})
}

// call sends a request and returns its id; wait for the answer with
// response.
func (c *testClient) call(method string, params any) json.RawMessage {
	c.t.Helper()
	c.mu.Lock()
	c.nextID++
	id := json.RawMessage(fmt.Sprint(c.nextID))
	c.mu.Unlock()
	c.send(outCall{JSONRPC: "2.0", ID: id, Method: method, Params: params})
	return id
}

func (c *testClient) response(id json.RawMessage) *message {
	c.t.Helper()
	return c.waitFor("the answer to request "+string(id), 0, func(m *message) bool {
		return m.isResponse() && string(m.ID) == string(id)
	})
}

// request sends a request, waits for its answer and decodes the result
// into out (when not nil); it fails the test on an error answer.
func (c *testClient) request(method string, params, out any) {
	c.t.Helper()
	m := c.response(c.call(method, params))
	if m.Error != nil {
		c.t.Fatalf("%s: error %v", method, m.Error)
	}
	if out != nil {
		if err := json.Unmarshal(m.Result, out); err != nil {
			c.t.Fatalf("%s: result %s: %v", method, m.Result, err)
		}
	}
}

// mark is the number of messages received so far: waitFor(from = mark)
// looks only at later ones.
func (c *testClient) mark() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.log)
}

// waitFor returns the first message from index from on that matches.
func (c *testClient) waitFor(what string, from int, match func(*message) bool) *message {
	c.t.Helper()
	timer := time.AfterFunc(waitTimeout, func() {
		c.mu.Lock()
		c.cond.Broadcast()
		c.mu.Unlock()
	})
	defer timer.Stop()
	deadline := time.Now().Add(waitTimeout)
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := from; ; {
		for ; i < len(c.log); i++ {
			if match(c.log[i]) {
				return c.log[i]
			}
		}
		if c.eof || time.Now().After(deadline) {
			var methods []string
			for _, m := range c.log[from:] {
				methods = append(methods, m.Method+string(m.ID))
			}
			c.t.Fatalf("waited in vain for %s; received since: %v", what, methods)
		}
		c.cond.Wait()
	}
}

// diagnostics waits for a publishDiagnostics of uri, from index from on,
// that matches.
func (c *testClient) diagnostics(uri string, from int, match func(PublishDiagnosticsParams) bool) PublishDiagnosticsParams {
	c.t.Helper()
	var got PublishDiagnosticsParams
	c.waitFor("diagnostics of "+uri, from, func(m *message) bool {
		if m.Method != "textDocument/publishDiagnostics" {
			return false
		}
		var p PublishDiagnosticsParams
		if json.Unmarshal(m.Params, &p) != nil || p.URI != uri {
			return false
		}
		if match == nil || match(p) {
			got = p
			return true
		}
		return false
	})
	return got
}

// ofVersion matches the diagnostics published for one version.
func ofVersion(v int) func(PublishDiagnosticsParams) bool {
	return func(p PublishDiagnosticsParams) bool { return p.Version != nil && *p.Version == v }
}

func (c *testClient) initialize(root string, caps string) InitializeResult {
	c.t.Helper()
	var res InitializeResult
	params := map[string]any{"processId": nil, "capabilities": json.RawMessage(caps)}
	if root != "" {
		params["rootUri"] = pathURI(root)
		params["workspaceFolders"] = []WorkspaceFolder{{URI: pathURI(root), Name: filepath.Base(root)}}
	}
	c.request("initialize", params, &res)
	c.notify("initialized", struct{}{})
	return res
}

func (c *testClient) open(uri, text string) {
	c.t.Helper()
	c.notify("textDocument/didOpen", DidOpenTextDocumentParams{TextDocument: TextDocumentItem{
		URI: uri, LanguageID: "markdown", Version: 1, Text: text}})
}

// shutdown sends shutdown and exit and returns the server's exit status.
func (c *testClient) shutdown() int {
	c.t.Helper()
	c.request("shutdown", nil, nil)
	c.notify("exit", nil)
	select {
	case code := <-c.exit:
		c.exit <- code // for Cleanup
		return code
	case <-time.After(waitTimeout):
		c.t.Fatal("the server did not exit")
	}
	return -1
}

// writeFiles makes a directory of files: name → content.
func writeFiles(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if d, err := filepath.EvalSymlinks(dir); err == nil {
		dir = d
	}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// The client side of positions, written apart from the server's: a text
// as lines of UTF-16 code units, the way editors that speak the protocol
// hold it.

// splitLines splits text at "\n", "\r\n" and "\r", keeping the breaks.
func splitLines(text string) []string {
	var lines []string
	start := 0
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\n':
			lines = append(lines, text[start:i+1])
			start = i + 1
		case '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
			lines = append(lines, text[start:i+1])
			start = i + 1
		}
	}
	return append(lines, text[start:])
}

// clientOffset is the index into text of a protocol position.
func clientOffset(text string, p Position) int {
	lines := splitLines(text)
	off := 0
	for i := 0; i < p.Line && i < len(lines); i++ {
		off += len(lines[i])
	}
	if p.Line >= len(lines) {
		return len(text)
	}
	line := strings.TrimRight(lines[p.Line], "\r\n")
	units := utf16.Encode([]rune(line))
	if p.Character >= len(units) {
		return off + len(line)
	}
	n := max(p.Character, 0)
	if n > 0 && utf16.IsSurrogate(rune(units[n-1])) && units[n-1] < 0xdc00 {
		n-- // inside a surrogate pair: the character's start
	}
	return off + len(string(utf16.Decode(units[:n])))
}

// clientPosition is the protocol position of a byte index into text.
func clientPosition(text string, offset int) Position {
	before := text[:offset]
	lines := splitLines(before)
	last := lines[len(lines)-1]
	return Position{Line: len(lines) - 1, Character: len(utf16.Encode([]rune(last)))}
}

// applyTextEdits applies a client's view of text edits: each range is
// read against the original text, as the protocol says.
func applyTextEdits(text string, edits []TextEdit) string {
	type span struct {
		start, end int
		text       string
	}
	var spans []span
	for _, e := range edits {
		spans = append(spans, span{clientOffset(text, e.Range.Start), clientOffset(text, e.Range.End), e.NewText})
	}
	sort.SliceStable(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	// From the end, so that the offsets of earlier spans hold.
	for i := len(spans) - 1; i >= 0; i-- {
		text = text[:spans[i].start] + spans[i].text + text[spans[i].end:]
	}
	return text
}

// editsFor returns the edits of a workspace edit for one URI, in either
// form.
func editsFor(t testing.TB, we *WorkspaceEdit, uri string) []TextEdit {
	t.Helper()
	if we == nil {
		t.Fatal("no edit")
	}
	if es, ok := we.Changes[uri]; ok {
		return es
	}
	var out []TextEdit
	for _, dc := range we.DocumentChanges {
		b, _ := json.Marshal(dc)
		var tde TextDocumentEdit
		if json.Unmarshal(b, &tde) == nil && tde.TextDocument.URI == uri && tde.Edits != nil {
			out = append(out, tde.Edits...)
		}
	}
	return out
}
