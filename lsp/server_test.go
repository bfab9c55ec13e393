package lsp

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
)

const post = `---
title: A day at the conference
date: 2024-05-01
tags: [events]
---

Café 🎉 we had to sovle the problem.

##Slides

The end.
`

// codes returns the rules of diagnostics, in order.
func codes(ds []Diagnostic) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Code)
	}
	return out
}

func find(ds []Diagnostic, code string) *Diagnostic {
	for i := range ds {
		if ds[i].Code == code {
			return &ds[i]
		}
	}
	return nil
}

// utf16Col counts the UTF-16 code units of s, as the client does.
func utf16Col(s string) int { return len(utf16.Encode([]rune(s))) }

// TestEditSession is the whole life of a post in an editor: open, see
// the diagnostics, type, apply a quick fix, see it gone, close, and end
// the session as the protocol says.
func TestEditSession(t *testing.T) {
	dir := writeFiles(t, map[string]string{"posts/day.md": post})
	uri := pathURI(filepath.Join(dir, "posts/day.md"))
	c := startServer(t, Options{Offline: true})
	res := c.initialize(dir, `{}`)
	if res.Capabilities.PositionEncoding != "utf-16" || res.Capabilities.TextDocumentSync.Change != 2 {
		t.Fatalf("capabilities: %+v", res.Capabilities)
	}

	from := c.mark()
	c.open(uri, post)
	p := c.diagnostics(uri, from, ofVersion(1))
	miss := find(p.Diagnostics, "misspelling")
	if miss == nil || find(p.Diagnostics, "heading-missing-space") == nil {
		t.Fatalf("diagnostics of version 1: %v", codes(p.Diagnostics))
	}
	// The word is after "Café 🎉 we had to " on line 6 (0-based): the
	// emoji is two UTF-16 code units, the é one.
	col := utf16Col("Café 🎉 we had to ")
	want := Range{Start: Position{6, col}, End: Position{6, col + len("sovle")}}
	if miss.Range != want {
		t.Errorf("misspelling range %+v, want %+v", miss.Range, want)
	}
	if miss.Severity != severityWarning || miss.Source != "postlint" ||
		miss.CodeDescription == nil || miss.CodeDescription.Href != "https://github.com/postlint/postlint#misspelling" {
		t.Errorf("misspelling diagnostic %+v", miss)
	}

	// Type "Ö" (one code unit) and a "😀" (two) at the start of the line,
	// in two incremental changes of one notification.
	text := post
	changes := []TextDocumentContentChangeEvent{
		{Range: &Range{Start: Position{6, 0}, End: Position{6, 0}}, Text: "Ö"},
		{Range: &Range{Start: Position{6, 1}, End: Position{6, 1}}, Text: "😀 "},
	}
	for _, ch := range changes {
		text = applyTextEdits(text, []TextEdit{{Range: *ch.Range, NewText: ch.Text}})
	}
	from = c.mark()
	c.notify("textDocument/didChange", DidChangeTextDocumentParams{
		TextDocument: VersionedTextDocumentIdentifier{URI: uri, Version: 2}, ContentChanges: changes})
	p = c.diagnostics(uri, from, ofVersion(2))
	miss = find(p.Diagnostics, "misspelling")
	if miss == nil || miss.Range.Start.Character != col+utf16Col("Ö😀 ") {
		t.Fatalf("after typing: %+v", p.Diagnostics)
	}

	// The quick fix at the word: the preferred action replaces it.
	var actions []CodeAction
	c.request("textDocument/codeAction", CodeActionParams{
		TextDocument: TextDocumentIdentifier{uri}, Range: miss.Range,
		Context: CodeActionContext{Diagnostics: []Diagnostic{*miss}}}, &actions)
	var fix *CodeAction
	for i := range actions {
		if actions[i].IsPreferred {
			fix = &actions[i]
		}
	}
	if fix == nil || fix.Kind != kindQuickFix || fix.Title != `Replace with "solve"` {
		t.Fatalf("no preferred quick fix among %+v", actions)
	}
	text = applyTextEdits(text, editsFor(t, fix.Edit, uri))
	if !strings.Contains(text, "we had to solve the problem") {
		t.Fatalf("the fix gave %q", text)
	}
	from = c.mark()
	c.notify("textDocument/didChange", DidChangeTextDocumentParams{
		TextDocument:   VersionedTextDocumentIdentifier{URI: uri, Version: 3},
		ContentChanges: []TextDocumentContentChangeEvent{{Text: text}}})
	p = c.diagnostics(uri, from, ofVersion(3))
	if find(p.Diagnostics, "misspelling") != nil || find(p.Diagnostics, "heading-missing-space") == nil {
		t.Fatalf("after the fix: %v", codes(p.Diagnostics))
	}

	from = c.mark()
	c.notify("textDocument/didClose", DidCloseTextDocumentParams{TextDocument: TextDocumentIdentifier{uri}})
	p = c.diagnostics(uri, from, nil)
	if p.Diagnostics == nil || len(p.Diagnostics) != 0 {
		t.Fatalf("closing should clear the diagnostics, got %+v", p)
	}
	if code := c.shutdown(); code != 0 {
		t.Fatalf("exit status %d after shutdown and exit, want 0", code)
	}
}

// TestFixAll applies source.fixAll.postlint: every safe fix, no other.
func TestFixAll(t *testing.T) {
	c, _, uri, _ := openPost(t, `{}`)
	var actions []CodeAction
	c.request("textDocument/codeAction", CodeActionParams{TextDocument: TextDocumentIdentifier{uri},
		Context: CodeActionContext{Only: []string{"source.fixAll"}}}, &actions)
	if len(actions) != 1 || actions[0].Kind != kindFixAllPostlint {
		t.Fatalf("actions for only=source.fixAll: %+v", actions)
	}
	got := applyTextEdits(post, editsFor(t, actions[0].Edit, uri))
	want := strings.Replace(strings.Replace(post, "sovle", "solve", 1), "##Slides", "## Slides", 1)
	if got != want {
		t.Fatalf("fix all gave\n%s\nwant\n%s", got, want)
	}
	// Only quick fixes were asked for: no source action.
	c.request("textDocument/codeAction", CodeActionParams{TextDocument: TextDocumentIdentifier{uri},
		Context: CodeActionContext{Only: []string{"quickfix"}}}, &actions)
	for _, a := range actions {
		if a.Kind != kindQuickFix {
			t.Errorf("only=quickfix gave %s", a.Kind)
		}
	}
}

// TestVersionedEdits: a client that takes documentChanges gets edits
// that name the version they were made for.
func TestVersionedEdits(t *testing.T) {
	c, _, uri, diags := openPost(t, `{"workspace":{"workspaceEdit":{"documentChanges":true}}}`)
	miss := find(diags, "misspelling")
	m := c.response(c.call("textDocument/codeAction", CodeActionParams{TextDocument: TextDocumentIdentifier{uri}, Range: miss.Range}))
	var actions []struct {
		Edit struct {
			DocumentChanges []TextDocumentEdit `json:"documentChanges"`
		} `json:"edit"`
	}
	if err := json.Unmarshal(m.Result, &actions); err != nil || len(actions) == 0 {
		t.Fatalf("actions %s: %v", m.Result, err)
	}
	dc := actions[0].Edit.DocumentChanges
	if len(dc) != 1 || dc[0].TextDocument.URI != uri || dc[0].TextDocument.Version == nil || *dc[0].TextDocument.Version != 1 {
		t.Fatalf("documentChanges %+v", dc)
	}
}

// TestHover explains the rule under the cursor.
func TestHover(t *testing.T) {
	c, _, uri, diags := openPost(t, `{}`)
	miss := find(diags, "misspelling")
	var h Hover
	at := miss.Range.Start
	at.Character += 2
	c.request("textDocument/hover", TextDocumentPositionParams{TextDocument: TextDocumentIdentifier{uri}, Position: at}, &h)
	r := c.srv.opt.Registry.Rule("misspelling")
	if h.Contents.Kind != "markdown" || !strings.Contains(h.Contents.Value, r.Summary) ||
		!strings.Contains(h.Contents.Value, strings.TrimSpace(r.Doc)) ||
		!strings.Contains(h.Contents.Value, "https://github.com/postlint/postlint#misspelling") {
		t.Fatalf("hover: %+v", h)
	}
	if h.Range == nil || *h.Range != miss.Range {
		t.Errorf("hover range %v, want %v", h.Range, miss.Range)
	}
	// Nowhere near a diagnostic: nothing.
	m := c.response(c.call("textDocument/hover", TextDocumentPositionParams{TextDocument: TextDocumentIdentifier{uri}, Position: Position{10, 2}}))
	if m.Error != nil || string(m.Result) != "null" {
		t.Fatalf("hover off any diagnostic: %s %v", m.Result, m.Error)
	}
}

// openPost starts a server on a folder holding post as a.md, with the
// client capabilities caps, opens it and waits for its diagnostics.
func openPost(t *testing.T, caps string) (c *testClient, dir, uri string, diags []Diagnostic) {
	t.Helper()
	dir = writeFiles(t, map[string]string{"a.md": post})
	uri = pathURI(filepath.Join(dir, "a.md"))
	c = startServer(t, Options{Offline: true})
	c.initialize(dir, caps)
	from := c.mark()
	c.open(uri, post)
	return c, dir, uri, c.diagnostics(uri, from, ofVersion(1)).Diagnostics
}

func titles(actions []CodeAction) []string {
	var out []string
	for _, a := range actions {
		out = append(out, a.Title)
	}
	return out
}

func byTitle(actions []CodeAction, prefix string) *CodeAction {
	for i := range actions {
		if strings.HasPrefix(actions[i].Title, prefix) {
			return &actions[i]
		}
	}
	return nil
}

// The word actions over the protocol: teach the project a word by
// creating .postlint.yml, and the misspelling goes from every post.
func TestWordActions(t *testing.T) {
	c, dir, uri, diags := openPost(t, `{"workspace":{"workspaceEdit":{"documentChanges":true,"resourceOperations":["create"]}}}`)
	miss := find(diags, "misspelling")
	var actions []CodeAction
	c.request("textDocument/codeAction", CodeActionParams{TextDocument: TextDocumentIdentifier{uri}, Range: miss.Range,
		Context: CodeActionContext{Diagnostics: []Diagnostic{*miss}}}, &actions)
	want := []string{`Replace with "solve"`, `Ignore "sovle" in this post (spelling_ignore)`,
		`Add "sovle" to the project's words (spelling.ignore)`, "Disable misspelling on this line", "Fix all safe postlint problems"}
	if got := titles(actions); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("actions %q, want %q", got, want)
	}
	for _, a := range actions[:4] {
		if a.Kind != kindQuickFix || len(a.Diagnostics) != 1 || a.Diagnostics[0].Code != "misspelling" {
			t.Errorf("%s: kind %s, diagnostics %+v", a.Title, a.Kind, a.Diagnostics)
		}
	}

	// "Add to the project": a new .postlint.yml, made as the client would.
	add := byTitle(actions, "Add")
	b, _ := json.Marshal(add.Edit.DocumentChanges)
	var ops []struct {
		Kind         string `json:"kind"`
		URI          string `json:"uri"`
		TextDocument struct {
			URI string `json:"uri"`
		} `json:"textDocument"`
		Edits []TextEdit `json:"edits"`
	}
	if err := json.Unmarshal(b, &ops); err != nil || len(ops) != 2 || ops[0].Kind != "create" ||
		ops[0].URI != pathURI(filepath.Join(dir, ".postlint.yml")) || ops[1].TextDocument.URI != ops[0].URI {
		t.Fatalf("add to project: %s", b)
	}
	cfg := applyTextEdits("", ops[1].Edits)
	from := c.mark()
	if err := os.WriteFile(filepath.Join(dir, ".postlint.yml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	c.notify("workspace/didChangeWatchedFiles", DidChangeWatchedFilesParams{Changes: []FileEvent{{URI: ops[0].URI, Type: fileCreated}}})
	c.diagnostics(uri, from, func(p PublishDiagnosticsParams) bool {
		return find(p.Diagnostics, "misspelling") == nil && find(p.Diagnostics, "heading-missing-space") != nil
	})

	// "Ignore in this post", with the config as it was: the edit is the
	// front matter's.
	ignore := byTitle(actions, "Ignore")
	got := applyTextEdits(post, editsFor(t, ignore.Edit, uri))
	if !strings.Contains(got, "tags: [events]\nspelling_ignore: [sovle]\n---") {
		t.Fatalf("ignore in post gave\n%s", got)
	}
}

// A client that cannot create files is offered no "add to the project"
// without a config; with one, the action edits it.
func TestAddWordToExistingConfig(t *testing.T) {
	c, dir, uri, diags := openPost(t, `{}`)
	miss := find(diags, "misspelling")
	var actions []CodeAction
	c.request("textDocument/codeAction", CodeActionParams{TextDocument: TextDocumentIdentifier{uri}, Range: miss.Range}, &actions)
	if byTitle(actions, "Add") != nil {
		t.Fatalf("an add action without a way to create the config: %q", titles(actions))
	}

	cfgPath := filepath.Join(dir, ".postlint.yml")
	if err := os.WriteFile(cfgPath, []byte("rules:\n  terms: warning\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c.request("textDocument/codeAction", CodeActionParams{TextDocument: TextDocumentIdentifier{uri}, Range: miss.Range}, &actions)
	add := byTitle(actions, "Add")
	if add == nil {
		t.Fatalf("no add action with a config: %q", titles(actions))
	}
	cfgURI := pathURI(cfgPath)
	got := applyTextEdits("rules:\n  terms: warning\n", editsFor(t, add.Edit, cfgURI))
	if got != "rules:\n  terms: warning\nspelling:\n  ignore: [sovle]\n" {
		t.Fatalf("the config would become %q", got)
	}
}
