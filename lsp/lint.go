package lsp

import (
	"encoding/json"
	"path/filepath"
	"slices"
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
	s.mu.Lock()
	ws, watching := s.workspaceOfLocked(d.path), s.watching
	s.mu.Unlock()
	if ws != nil && !watching {
		// Nobody tells us of files changed outside the editor (a git pull,
		// another editor): look at the folder on each save.
		s.enqueue(func() { s.updateFromDisk(ws, nil) })
	}
	return nil
}

func (s *Server) didClose(params json.RawMessage) error {
	var p DidCloseTextDocumentParams
	if err := decode(params, &p); err != nil {
		return err
	}
	uri := p.TextDocument.URI
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	s.mu.Lock()
	d := s.docs[uri]
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
	if d != nil {
		// The file on disk takes the document's place in its workspace.
		s.enqueue(func() { s.closed(d.path) })
	}
	return nil
}

// closed puts the file on disk (or nothing, if there is none) in place of
// a document that was closed. Runs on the lint worker.
func (s *Server) closed(path string) {
	s.mu.Lock()
	ws := s.workspaceOfLocked(path)
	ready := ws != nil && ws.ready
	s.mu.Unlock()
	if !ready {
		return
	}
	if _, ok := ws.open[path]; !ok {
		return
	}
	delete(ws.open, path)
	delete(ws.stamps, path) // so that updateFromDisk reads it again
	s.updateFromDisk(ws, []string{path})
	if ws.snap.Has(path) {
		if _, known := ws.stamps[path]; !known {
			// Never saved: it is gone.
			var changed []string
			ws.snap, changed = ws.snap.Remove(path)
			s.republish(ws, changed, "")
		}
	}
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

// lintWorker lints dirty documents one after the other, and runs the
// operations on the workspaces' snapshots, which it alone touches. Linting
// one post takes milliseconds; one at a time keeps each snapshot the
// successor of the one before.
func (s *Server) lintWorker() {
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-s.wake:
		}
		s.publishConfigProblems(s.cfgs.refresh())
		s.checkWorkspaceConfigs()
		for s.ctx.Err() == nil {
			s.mu.Lock()
			ops := s.ops
			s.ops = nil
			var uris []string
			for u := range s.dirty {
				uris = append(uris, u)
			}
			s.dirty = map[string]bool{}
			s.mu.Unlock()
			if len(uris) == 0 && len(ops) == 0 {
				break
			}
			for _, op := range ops {
				s.runOp(op)
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

// clockWorker marks for linting again, every ClockTick, the open posts
// with a diagnostic of a rule that reads the clock (future-date): time
// alone ends such a verdict (a post dated tomorrow is published at
// midnight), and without a new lint its diagnostic would stay until the
// post is next edited. No other verdict changes with the clock alone.
func (s *Server) clockWorker() {
	tick := s.opt.ClockTick
	if tick <= 0 {
		tick = DefaultClockTick
	}
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-t.C:
		}
		s.mu.Lock()
		for uri, res := range s.results {
			if s.readsClock(res.diags) {
				s.markDirtyLocked(uri)
			}
		}
		s.mu.Unlock()
	}
}

// readsClock reports whether one of diags is a clock rule's.
func (s *Server) readsClock(diags []rules.Diagnostic) bool {
	for _, d := range diags {
		if r := s.opt.Registry.Rule(d.Rule); r != nil && r.Clock {
			return true
		}
	}
	return false
}

// runOp runs one operation of the worker; a panic is logged, not fatal.
func (s *Server) runOp(op func()) {
	if err := safely(func() error { op(); return nil }); err != nil {
		s.logf(messageError, "postlint: %v", err)
	}
}

// lintAndPublish lints the current version of a document and publishes
// its diagnostics, and those of the other open posts the change affects,
// unless the document changed meanwhile: the newer version is then
// already waiting to be linted.
func (s *Server) lintAndPublish(uri string) {
	err := safely(func() error {
		s.mu.Lock()
		d := s.docs[uri]
		if d == nil {
			s.mu.Unlock()
			return nil
		}
		version, text, path := d.version, d.text, d.path
		if slices.Contains(rules.ConfigNames, filepath.Base(path)) {
			// A client that sends the config too: it is no post. Its
			// problems are published from the file as saved.
			s.mu.Unlock()
			return nil
		}
		ws := s.workspaceOfLocked(path)
		whole := ws != nil && ws.ready
		root := s.rootOfLocked(path)
		s.mu.Unlock()

		if ws != nil && !whole {
			// The folder is being indexed: linted alone, the whole-set rules
			// would be wrong (links to other posts broken, the site's words
			// misspelt). The index lints the open documents when it is in
			// place.
			return nil
		}
		if whole {
			var changed []string
			ws.snap, changed = ws.snap.Update(rules.Input{Path: path, Src: text})
			ws.open[path] = openText{uri: uri, version: version, text: text}
			if err := ws.snap.Err(path); err != nil {
				s.logf(messageError, "postlint: %v", err)
			}
			s.publish(uri, version, text, ws.snap.Diagnostics(path))
			s.republish(ws, changed, path)
			return nil
		}
		// A post outside the workspace folders, or one the folder's walk
		// would not lint: linted alone, as the CLI lints a file it is
		// given by name.
		cfg, _, change := s.cfgs.forDir(filepath.Dir(path), root)
		if change != nil {
			s.publishConfigProblems(true)
		}
		r := s.engine(cfg).Run([]rules.Input{{Path: path, Src: text}})
		for _, err := range r.Errors {
			s.logf(messageError, "postlint: %v", err)
		}
		var diags []rules.Diagnostic
		for _, dg := range r.Diagnostics {
			if dg.Path == path {
				diags = append(diags, dg)
			}
		}
		s.publish(uri, version, text, diags)
		return nil
	})
	if err != nil {
		s.logf(messageError, "postlint: linting %s: %v", uri, err)
	}
}

// republish publishes the diagnostics of the open posts of ws that a
// change to another (skip) changed: a title now duplicated, a heading a
// link names renamed.
func (s *Server) republish(ws *workspace, changed []string, skip string) {
	for _, p := range changed {
		ot, ok := ws.open[p]
		if !ok || p == skip {
			continue
		}
		s.publish(ot.uri, ot.version, ot.text, ws.snap.Diagnostics(p))
	}
}

// publish sends the diagnostics of one version of a document, with the
// external ones kept for it, if that version is still the current one.
func (s *Server) publish(uri string, version int, text []byte, diags []rules.Diagnostic) {
	// One document's diagnostics go out in the order they were made, and
	// never after the ones that clear it on close.
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	s.mu.Lock()
	d := s.docs[uri]
	if d == nil || d.version != version || s.ctx.Err() != nil {
		s.mu.Unlock()
		return
	}
	res := &lintResult{version: version, text: text, lines: newLineIndex(text)}
	res.diags = append(slices.Clip(diags), d.external...)
	res.lsp = make([]Diagnostic, 0, len(res.diags))
	for _, dg := range res.diags {
		res.lsp = append(res.lsp, toProtocol(res.lines, dg))
	}
	s.results[uri] = res
	close(s.linted)
	s.linted = make(chan struct{})
	s.mu.Unlock()
	v := version
	s.notify("textDocument/publishDiagnostics", PublishDiagnosticsParams{URI: uri, Version: &v, Diagnostics: res.lsp})
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
