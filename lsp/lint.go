package lsp

import (
	"encoding/json"
	"path/filepath"
	"sort"
	"time"

	"github.com/postlint/postlint/report"
	"github.com/postlint/postlint/rules"
)

// A lintResult is the outcome of linting one version of a document: the
// engine's diagnostics, the text they index and what was published.
type lintResult struct {
	version int
	text    []byte
	lines   *lineIndex
	diags   []rules.Diagnostic // text diagnostics, then external ones
	lsp     []Diagnostic       // diags, as published, in the same order
}

func (s *Server) didOpen(params json.RawMessage) error {
	var p DidOpenTextDocumentParams
	if err := decode(params, &p); err != nil {
		return err
	}
	d := &document{
		uri:     p.TextDocument.URI,
		path:    s.docPath(p.TextDocument.URI),
		version: p.TextDocument.Version,
		text:    []byte(p.TextDocument.Text),
	}
	s.mu.Lock()
	s.docs[d.uri] = d
	s.mu.Unlock()
	s.schedule(d.uri, 0)
	s.checkExternal(d.uri)
	return nil
}

func (s *Server) didChange(params json.RawMessage) error {
	var p DidChangeTextDocumentParams
	if err := decode(params, &p); err != nil {
		return err
	}
	s.mu.Lock()
	d := s.docs[p.TextDocument.URI]
	if d != nil {
		for _, c := range p.ContentChanges {
			d.apply(c)
		}
		d.version = p.TextDocument.Version
	}
	debounce := s.debounce
	s.mu.Unlock()
	if d == nil {
		return errorf(codeInvalidParams, "%s is not open", p.TextDocument.URI)
	}
	s.schedule(d.uri, debounce)
	return nil
}

func (s *Server) didSave(params json.RawMessage) error {
	var p DidSaveTextDocumentParams
	if err := decode(params, &p); err != nil {
		return err
	}
	s.mu.Lock()
	d := s.docs[p.TextDocument.URI]
	s.mu.Unlock()
	if d == nil {
		return nil
	}
	s.schedule(d.uri, 0)
	s.checkExternal(d.uri)
	return nil
}

func (s *Server) didClose(params json.RawMessage) error {
	var p DidCloseTextDocumentParams
	if err := decode(params, &p); err != nil {
		return err
	}
	uri := p.TextDocument.URI
	s.mu.Lock()
	delete(s.docs, uri)
	delete(s.results, uri)
	delete(s.dirty, uri)
	if t := s.timers[uri]; t != nil {
		t.Stop()
		delete(s.timers, uri)
	}
	s.mu.Unlock()
	// Diagnostics of a closed document would go stale: clear them.
	s.notify("textDocument/publishDiagnostics", PublishDiagnosticsParams{URI: uri, Diagnostics: []Diagnostic{}})
	return nil
}

// docPath is the file a document stands for. A URI that names no file
// (an unsaved buffer) is linted as a file of that name in the first
// workspace folder, so that its relative links resolve somewhere.
func (s *Server) docPath(uri string) string {
	if p := uriPath(uri); p != "" {
		return p
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	base := "."
	if len(s.folders) > 0 {
		base = s.folders[0]
	}
	name := filepath.Base(filepath.FromSlash(uri))
	if name == "." || name == "/" || name == "" {
		name = "untitled.md"
	}
	abs, _ := filepath.Abs(filepath.Join(base, name))
	return abs
}

// schedule lints a document after wait.
func (s *Server) schedule(uri string, wait time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t := s.timers[uri]; t != nil {
		t.Stop()
		delete(s.timers, uri)
	}
	if wait <= 0 {
		s.markDirtyLocked(uri)
		return
	}
	s.timers[uri] = time.AfterFunc(wait, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.markDirtyLocked(uri)
	})
}

func (s *Server) markDirtyLocked(uri string) {
	if s.docs[uri] == nil {
		return
	}
	s.dirty[uri] = true
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// lintWorker lints dirty documents one after the other: linting one post
// takes milliseconds, and one at a time keeps the workspace's kept facts
// simple to keep right.
func (s *Server) lintWorker() {
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-s.wake:
		}
		s.publishConfigProblems(s.cfgs.refresh())
		for {
			s.mu.Lock()
			var uris []string
			for u := range s.dirty {
				uris = append(uris, u)
			}
			s.dirty = map[string]bool{}
			s.mu.Unlock()
			if len(uris) == 0 {
				break
			}
			sort.Strings(uris)
			for _, u := range uris {
				if s.ctx.Err() != nil {
					return
				}
				s.lintAndPublish(u)
			}
		}
	}
}

// lintAndPublish lints the current version of a document and publishes
// its diagnostics, unless it changed meanwhile: the newer version is then
// already waiting to be linted.
func (s *Server) lintAndPublish(uri string) {
	res := s.lintCurrent(uri)
	if res == nil {
		return
	}
	s.mu.Lock()
	d := s.docs[uri]
	current := d != nil && d.version == res.version && s.ctx.Err() == nil
	if current {
		s.results[uri] = res
	}
	hook := s.afterLint
	s.mu.Unlock()
	if current {
		v := res.version
		s.notify("textDocument/publishDiagnostics", PublishDiagnosticsParams{URI: uri, Version: &v, Diagnostics: res.lsp})
	}
	if hook != nil {
		hook(uri, res.version)
	}
}

// lintCurrent lints the document as it is now; nil if it is not open.
func (s *Server) lintCurrent(uri string) *lintResult {
	s.mu.Lock()
	d := s.docs[uri]
	if d == nil {
		s.mu.Unlock()
		return nil
	}
	version, text, path := d.version, d.text, d.path
	external := append([]rules.Diagnostic(nil), d.external...)
	root := s.rootOfLocked(path)
	s.mu.Unlock()

	cfg, cfgFile, change := s.cfgs.forDir(filepath.Dir(path), root)
	if change != nil {
		s.publishConfigProblems(true)
	}
	_ = cfgFile
	eng := &rules.Engine{Config: cfg, Offline: true, Jobs: 1}
	r := eng.Run([]rules.Input{{Path: path, Src: text}})
	for _, err := range r.Errors {
		s.logf(messageError, "postlint: %v", err)
	}
	res := &lintResult{version: version, text: text, lines: newLineIndex(text)}
	for _, dg := range r.Diagnostics {
		if dg.Path == path {
			res.diags = append(res.diags, dg)
		}
	}
	res.diags = append(res.diags, external...)
	for _, dg := range res.diags {
		res.lsp = append(res.lsp, toProtocol(res.lines, dg))
	}
	if res.lsp == nil {
		res.lsp = []Diagnostic{}
	}
	return res
}

// rootOfLocked is the workspace folder holding path, or its directory.
func (s *Server) rootOfLocked(path string) string {
	best := ""
	for _, f := range s.folders {
		if within(f, path) && len(f) > len(best) {
			best = f
		}
	}
	if best == "" {
		return filepath.Dir(path)
	}
	return best
}

// within says whether path is dir or inside it.
func within(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !filepath.IsAbs(rel) && (len(rel) < 3 || rel[:3] != ".."+string(filepath.Separator))
}

// toProtocol converts one diagnostic of the engine at the edge: byte
// offsets become UTF-16 positions of the text that was linted.
func toProtocol(x *lineIndex, d rules.Diagnostic) Diagnostic {
	out := Diagnostic{
		Range:   x.rangeOf(d.Start, d.End),
		Code:    d.Rule,
		Source:  "postlint",
		Message: d.Message,
	}
	switch d.Severity {
	case rules.Error:
		out.Severity = severityError
	case rules.Warning:
		out.Severity = severityWarning
	default:
		out.Severity = severityInformation
	}
	if d.Rule != "" {
		out.CodeDescription = &CodeDescription{Href: report.RuleDocsURL + d.Rule}
	}
	return out
}
