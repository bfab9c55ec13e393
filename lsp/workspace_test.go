package lsp

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/registry"
)

const (
	postA = `---
title: KubeCon recap
date: 2024-01-01
tags: [events]
---

See [the keynotes](2024-01-02-b.md#keynotes) and {% post_url 2024-01-02-b %}.
`
	postB = `---
title: Day two
date: 2024-01-02
tags: [events]
---

## Keynotes

Talks.
`
	postC = `---
title: KubeCon recap
date: 2024-01-03
tags: [events]
---

Again.
`
)

func workspaceFiles() map[string]string {
	return map[string]string{
		"_posts/2024-01-01-a.md":   postA,
		"_posts/2024-01-02-b.md":   postB,
		"_posts/2024-01-03-c.md":   postC,
		"node_modules/x/README.md": "# not a post\n",
	}
}

// progressKinds collects the kinds of the $/progress notifications of
// one token, from index from on, until "end".
func (c *testClient) progressKinds(from int) []string {
	c.t.Helper()
	var kinds []string
	token := ""
	c.waitFor("the end of the index's progress", from, func(m *message) bool {
		if m.Method != "$/progress" {
			return false
		}
		var p struct {
			Token string           `json:"token"`
			Value WorkDoneProgress `json:"value"`
		}
		if json.Unmarshal(m.Params, &p) != nil || token != "" && p.Token != token {
			return false
		}
		token = p.Token
		kinds = append(kinds, p.Value.Kind+": "+p.Value.Message)
		return p.Value.Kind == "end"
	})
	return kinds
}

// The whole-set rules are right for the open post once the folder is
// indexed, and an edit to one post updates the others it affects.
func TestWorkspaceIndex(t *testing.T) {
	dir := writeFiles(t, workspaceFiles())
	uriOf := func(name string) string { return pathURI(filepath.Join(dir, "_posts", name)) }
	a, b := uriOf("2024-01-01-a.md"), uriOf("2024-01-02-b.md")
	c := startServer(t, Options{Offline: true})
	from := c.mark()
	c.initialize(dir, `{"window":{"workDoneProgress":true}}`)
	kinds := c.progressKinds(from)
	if len(kinds) != 3 || !strings.HasPrefix(kinds[0], "begin") || kinds[1] != "report: linting 3 posts" ||
		!strings.HasPrefix(kinds[2], "end: 3 posts indexed in ") {
		t.Fatalf("progress: %q", kinds)
	}
	c.waitFor("the server's request to create the progress token", 0, func(m *message) bool {
		return m.Method == "window/workDoneProgress/create"
	})

	from = c.mark()
	c.open(a, postA)
	p := c.diagnostics(a, from, ofVersion(1))
	if got := codes(p.Diagnostics); len(got) != 1 || got[0] != "duplicate-title" {
		t.Fatalf("a, with the folder indexed: %v (%+v)", got, p.Diagnostics)
	}

	// Rename b's heading in the editor: a's link to #keynotes breaks.
	from = c.mark()
	c.open(b, postB)
	c.diagnostics(b, from, ofVersion(1))
	from = c.mark()
	edited := strings.Replace(postB, "## Keynotes", "## Talks", 1)
	c.notify("textDocument/didChange", DidChangeTextDocumentParams{
		TextDocument:   VersionedTextDocumentIdentifier{URI: b, Version: 2},
		ContentChanges: []TextDocumentContentChangeEvent{{Text: edited}}})
	p = c.diagnostics(a, from, nil)
	broken := find(p.Diagnostics, "broken-link")
	if broken == nil || !strings.Contains(broken.Message, "keynotes") || *p.Version != 1 {
		t.Fatalf("a, after b's heading changed: %+v", p)
	}
	// Its position is still a's: the link on line 6.
	if broken.Range.Start.Line != 6 {
		t.Errorf("broken-link at %+v", broken.Range)
	}

	// c's title changes on disk: a's duplicate title goes.
	cPath := filepath.Join(dir, "_posts/2024-01-03-c.md")
	from = c.mark()
	if err := os.WriteFile(cPath, []byte(strings.Replace(postC, "KubeCon recap", "Another", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	c.notify("workspace/didChangeWatchedFiles", DidChangeWatchedFilesParams{Changes: []FileEvent{{URI: pathURI(cPath), Type: fileChanged}}})
	p = c.diagnostics(a, from, nil)
	if got := codes(p.Diagnostics); len(got) != 1 || got[0] != "broken-link" {
		t.Fatalf("a, after c's title changed on disk: %v", got)
	}

	// b is closed unsaved: the file on disk, with its Keynotes, is back.
	from = c.mark()
	c.notify("textDocument/didClose", DidCloseTextDocumentParams{TextDocument: TextDocumentIdentifier{b}})
	p = c.diagnostics(a, from, nil)
	if len(p.Diagnostics) != 0 {
		t.Fatalf("a, after b was closed: %v", codes(p.Diagnostics))
	}

	// b is deleted from disk: a's links to it break.
	from = c.mark()
	if err := os.Remove(filepath.Join(dir, "_posts/2024-01-02-b.md")); err != nil {
		t.Fatal(err)
	}
	c.notify("workspace/didChangeWatchedFiles", DidChangeWatchedFilesParams{Changes: []FileEvent{{URI: b, Type: fileDeleted}}})
	p = c.diagnostics(a, from, nil)
	if got := codes(p.Diagnostics); len(got) != 2 || got[0] != "broken-link" || got[1] != "broken-link" {
		t.Fatalf("a, after b was deleted: %v", got)
	}
}

// Without file watchers (Neovim 0.7), a save looks at the folder again.
func TestRescanOnSave(t *testing.T) {
	dir := writeFiles(t, workspaceFiles())
	a := pathURI(filepath.Join(dir, "_posts/2024-01-01-a.md"))
	c := startServer(t, Options{Offline: true})
	c.initialize(dir, `{}`)
	from := c.mark()
	c.open(a, postA)
	c.diagnostics(a, from, func(p PublishDiagnosticsParams) bool { return find(p.Diagnostics, "duplicate-title") != nil })
	if err := os.Remove(filepath.Join(dir, "_posts/2024-01-03-c.md")); err != nil {
		t.Fatal(err)
	}
	from = c.mark()
	c.notify("textDocument/didSave", DidSaveTextDocumentParams{TextDocument: TextDocumentIdentifier{a}})
	c.diagnostics(a, from, func(p PublishDiagnosticsParams) bool { return len(p.Diagnostics) == 0 })
}

// A request that needs the index waits for it, and $/cancelRequest ends
// the wait with RequestCancelled.
func TestCancelWhileIndexing(t *testing.T) {
	dir := writeFiles(t, workspaceFiles())
	a := pathURI(filepath.Join(dir, "_posts/2024-01-01-a.md"))
	gate := make(chan struct{})
	c := startServer(t, Options{Offline: true}, func(s *Server) { s.indexGate = gate })
	c.initialize(dir, `{}`)
	c.open(a, postA)
	id := c.call("textDocument/codeAction", CodeActionParams{TextDocument: TextDocumentIdentifier{a}})
	c.notify("$/cancelRequest", CancelParams{ID: id})
	if code := errorCode(t, c.response(id)); code != codeRequestCancelled {
		t.Fatalf("a cancelled request: code %d", code)
	}
	close(gate)
	var h *Hover
	c.request("textDocument/hover", TextDocumentPositionParams{TextDocument: TextDocumentIdentifier{a}, Position: Position{1, 8}}, &h)
	if h == nil || !strings.Contains(h.Contents.Value, "duplicate-title") {
		t.Fatalf("hover once indexed: %+v", h)
	}
}

// The diagnostics of an open, edited post are those of a full run over
// the folder with the post as edited, and those of a post it changed too.
func TestSameAsFullRun(t *testing.T) {
	dir := writeFiles(t, workspaceFiles())
	for name, text := range map[string]string{
		"_posts/2024-01-04-d.md": "---\ntitle: Links\ndate: 2024-01-04\ntags: [Events]\n---\n\n[x](2024-01-01-a.md) [y](missing.md) [z](#nope)\n\n<!-- postlint-disable-next-line broken-link -->\n[w](gone.md)\n",
		".postlint.yml":          "rules:\n  tag-near-duplicate: warning\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	a := filepath.Join(dir, "_posts/2024-01-01-a.md")
	c := startServer(t, Options{Offline: true})
	c.initialize(dir, `{}`)
	from := c.mark()
	c.open(pathURI(a), postA)
	// Indexed: a's title is also c's.
	c.diagnostics(pathURI(a), from, func(p PublishDiagnosticsParams) bool { return find(p.Diagnostics, "duplicate-title") != nil })
	edited := strings.Replace(postA, "KubeCon recap", "Links", 1) + "\nA sovle, [q](nothere.md).\n"
	from = c.mark()
	c.notify("textDocument/didChange", DidChangeTextDocumentParams{
		TextDocument:   VersionedTextDocumentIdentifier{URI: pathURI(a), Version: 2},
		ContentChanges: []TextDocumentContentChangeEvent{{Text: edited}}})
	got := c.diagnostics(pathURI(a), from, ofVersion(2))

	cfg, err := rules.LoadConfig(registry.Default(), filepath.Join(dir, ".postlint.yml"))
	if err != nil {
		t.Fatal(err)
	}
	stamps, _ := walkPosts(dir, cfg)
	var inputs []rules.Input
	for p := range stamps {
		in := rules.Input{Path: p}
		if p == a {
			in.Src = []byte(edited)
		}
		inputs = append(inputs, in)
	}
	full := (&rules.Engine{Config: cfg, Offline: true}).Run(inputs)
	x := newLineIndex([]byte(edited))
	var want []Diagnostic
	for _, d := range full.Diagnostics {
		if d.Path == a {
			want = append(want, toProtocol(x, d))
		}
	}
	if len(want) < 3 {
		t.Fatalf("the full run found too little to compare: %+v", want)
	}
	gotJSON, _ := json.Marshal(got.Diagnostics)
	wantJSON, _ := json.Marshal(want)
	if string(gotJSON) != string(wantJSON) {
		t.Fatalf("the server says\n%s\na full run says\n%s", gotJSON, wantJSON)
	}
}
