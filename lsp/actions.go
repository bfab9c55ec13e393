package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/postlint/postlint/rules"
)

// wordRules are the rules whose diagnostics are about one word that the
// front matter's spelling_ignore and the config's spelling.ignore silence.
var wordRules = map[string]bool{"misspelling": true}

// noDirective are the rules a directive cannot silence, or should not.
var noDirective = map[string]bool{
	rules.FileLimits.Name: true, rules.BadDirective.Name: true, rules.UnusedDirective.Name: true, "config": true,
}

func (s *Server) codeAction(ctx context.Context, params json.RawMessage) (any, error) {
	var p CodeActionParams
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	res, d, err := s.current(ctx, p.TextDocument.URI)
	if err != nil || res == nil {
		return []CodeAction{}, err
	}
	start, end := res.lines.offset(p.Range.Start), res.lines.offset(p.Range.End)
	a := &actionBuilder{s: s, uri: d.uri, path: d.path, res: res, version: res.version}
	actions := []CodeAction{}
	for i, dg := range res.diags {
		if dg.Start > end || dg.End < start {
			continue
		}
		actions = append(actions, a.forDiagnostic(dg, res.lsp[i])...)
	}
	if edits := rules.FixEdits(res.diags, true); len(edits) > 0 {
		actions = append(actions, CodeAction{
			Title: "Fix all safe postlint problems",
			Kind:  kindFixAllPostlint,
			Edit:  a.edit(edits),
		})
	}
	out := actions[:0]
	for _, act := range actions {
		if wanted(act.Kind, p.Context.Only) {
			out = append(out, act)
		}
	}
	return out, nil
}

// wanted says whether an action of kind is among only: the protocol's
// kinds are hierarchical, "source" covers "source.fixAll.postlint".
func wanted(kind string, only []string) bool {
	if len(only) == 0 {
		return true
	}
	for _, o := range only {
		if kind == o || strings.HasPrefix(kind, o+".") {
			return true
		}
	}
	return false
}

// current returns the lint result of the document's current version;
// while its folder is being indexed, code actions and hover wait for the
// index (or for $/cancelRequest).
func (s *Server) current(ctx context.Context, uri string) (*lintResult, *document, error) {
	for {
		s.mu.Lock()
		d := s.docs[uri]
		if d == nil {
			s.mu.Unlock()
			return nil, nil, nil
		}
		r := s.results[uri]
		if r != nil && r.version == d.version {
			s.mu.Unlock()
			return r, d, nil
		}
		// Not linted yet, or the folder is being indexed: the worker
		// lints it when it can.
		s.markDirtyLocked(uri)
		wait := s.linted
		s.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return nil, nil, ctx.Err()
		}
	}
}

type actionBuilder struct {
	s       *Server
	uri     string
	path    string
	version int
	res     *lintResult
}

func (a *actionBuilder) forDiagnostic(dg rules.Diagnostic, pd Diagnostic) []CodeAction {
	var out []CodeAction
	preferred := false
	for _, f := range dg.Fixes {
		act := CodeAction{Title: f.Message, Kind: kindQuickFix, Diagnostics: []Diagnostic{pd}, Edit: a.edit(f.Edits)}
		// The first safe fix is the one --fix applies: the editor's
		// "fix this" should do the same.
		if f.Safe && !preferred {
			act.IsPreferred, preferred = true, true
		}
		out = append(out, act)
	}
	if wordRules[dg.Rule] {
		if word, ok := spelledWord(a.res.text[dg.Start:dg.End]); ok {
			if edit, ok := a.ignoreInPost(word); ok {
				out = append(out, CodeAction{Title: fmt.Sprintf("Ignore %q in this post (spelling_ignore)", word),
					Kind: kindQuickFix, Diagnostics: []Diagnostic{pd}, Edit: edit})
			}
			if edit, ok := a.addToProject(word); ok {
				out = append(out, CodeAction{Title: fmt.Sprintf("Add %q to the project's words (spelling.ignore)", word),
					Kind: kindQuickFix, Diagnostics: []Diagnostic{pd}, Edit: edit})
			}
		}
	}
	if !noDirective[dg.Rule] {
		if e, ok := disableEdit(a.path, a.res.text, dg); ok {
			out = append(out, CodeAction{Title: fmt.Sprintf("Disable %s on this line", dg.Rule),
				Kind: kindQuickFix, Diagnostics: []Diagnostic{pd}, Edit: a.edit([]rules.Edit{e})})
		}
	}
	return out
}

// edit is a WorkspaceEdit of the document the result is of: versioned
// when the client can check versions, so that it refuses edits made for
// a text that has changed since.
func (a *actionBuilder) edit(edits []rules.Edit) *WorkspaceEdit {
	tes := make([]TextEdit, 0, len(edits))
	for _, e := range edits {
		tes = append(tes, TextEdit{Range: a.res.lines.rangeOf(e.Start, e.End), NewText: e.NewText})
	}
	a.s.mu.Lock()
	versioned := a.s.caps.Workspace.WorkspaceEdit.DocumentChanges
	a.s.mu.Unlock()
	if versioned {
		v := a.version
		return &WorkspaceEdit{DocumentChanges: []any{TextDocumentEdit{
			TextDocument: OptionalVersionedTextDocumentIdentifier{URI: a.uri, Version: &v}, Edits: tes}}}
	}
	return &WorkspaceEdit{Changes: map[string][]TextEdit{a.uri: tes}}
}

// ignoreInPost adds word to the front matter's spelling_ignore.
func (a *actionBuilder) ignoreInPost(word string) (*WorkspaceEdit, bool) {
	cfg := a.s.configFor(a.path)
	e, ok := spellingIgnoreEdit(a.path, a.res.text, cfg.Limits, word)
	if !ok {
		return nil, false
	}
	return a.edit([]rules.Edit{e}), true
}

// addToProject adds word to spelling.ignore in the config file in force
// for the document, or creates .postlint.yml in the workspace folder with
// it when there is none and the client can create files.
func (a *actionBuilder) addToProject(word string) (*WorkspaceEdit, bool) {
	a.s.mu.Lock()
	root := a.s.rootOfLocked(a.path)
	caps := a.s.caps.Workspace.WorkspaceEdit
	a.s.mu.Unlock()
	_, file, _ := a.s.cfgs.forDir(filepath.Dir(a.path), root)
	if file == "" {
		// Creating a file takes a resource operation, which only
		// clients that declare them understand.
		canCreate := false
		for _, op := range caps.ResourceOperations {
			canCreate = canCreate || op == "create"
		}
		if !canCreate {
			return nil, false
		}
		file = filepath.Join(root, rules.ConfigNames[0])
		text := configWithWord(nil, word)
		if text == nil {
			return nil, false
		}
		uri := pathURI(file)
		return &WorkspaceEdit{DocumentChanges: []any{
			CreateFile{Kind: "create", URI: uri, Options: &CreateFileOptions{IgnoreIfExists: true}},
			TextDocumentEdit{TextDocument: OptionalVersionedTextDocumentIdentifier{URI: uri},
				Edits: []TextEdit{{Range: Range{}, NewText: string(text)}}},
		}}, true
	}
	src, err := rules.ReadConfigFile(file, true)
	if err != nil {
		return nil, false
	}
	e, ok := configIgnoreEdit(a.s.opt.Registry, file, src, word)
	if !ok {
		return nil, false
	}
	x := newLineIndex(src)
	uri := pathURI(file)
	tes := []TextEdit{{Range: x.rangeOf(e.Start, e.End), NewText: e.NewText}}
	if caps.DocumentChanges {
		return &WorkspaceEdit{DocumentChanges: []any{TextDocumentEdit{
			TextDocument: OptionalVersionedTextDocumentIdentifier{URI: uri}, Edits: tes}}}, true
	}
	return &WorkspaceEdit{Changes: map[string][]TextEdit{uri: tes}}, true
}

// configFor is the config in force for a document at path.
func (s *Server) configFor(path string) *rules.Config {
	s.mu.Lock()
	root := s.rootOfLocked(path)
	s.mu.Unlock()
	cfg, _, _ := s.cfgs.forDir(filepath.Dir(path), root)
	return cfg
}
