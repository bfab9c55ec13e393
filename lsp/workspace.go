package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/postlint/postlint/rules"
)

// A workspace is one workspace folder: its posts linted together, as
// `postlint .` in that folder would lint them, kept in a rules.Snapshot so
// that an edited post is linted again against the kept facts of all the
// others. The open documents stand in the snapshot with their texts in
// place of their files.
//
// Only the lint worker reads or changes snap, open and stamps; the fields
// under "s.mu" are shared with the handlers.
type workspace struct {
	root string

	snap   *rules.Snapshot
	open   map[string]openText  // by path: the text of an open document in snap
	stamps map[string]fileStamp // files as indexed, to find what changed

	// s.mu
	gen     int           // the index being built; a newer one makes an older one stale
	want    *rules.Config // the config of that index
	ready   bool          // snap holds the whole folder
	cfg     *rules.Config // the config snap was linted with
	cfgFile string        // where it came from; "" for the defaults
}

type openText struct {
	uri     string
	version int
	text    []byte
}

// watchedGlobs are the files whose changes on disk the server asks to
// hear of.
var watchedGlobs = []string{"**/*.md", "**/*.markdown", "**/.postlint.yml", "**/.postlint.yaml"}

func (s *Server) initialized(json.RawMessage) error {
	s.mu.Lock()
	caps := s.caps
	for _, f := range s.folders {
		s.workspaces = append(s.workspaces, &workspace{root: f, open: map[string]openText{}})
	}
	wss := slices.Clone(s.workspaces)
	s.mu.Unlock()
	if caps.Workspace.DidChangeWatchedFiles.DynamicRegistration {
		// The answer comes through the loop that called us: wait for it
		// elsewhere.
		s.wg.Go(func() {
			var ws []FileSystemWatcher
			for _, g := range watchedGlobs {
				ws = append(ws, FileSystemWatcher{GlobPattern: g})
			}
			ctx, cancel := context.WithTimeout(s.ctx, 10*time.Second)
			defer cancel()
			_, err := s.call(ctx, "client/registerCapability", RegistrationParams{Registrations: []Registration{{
				ID: "postlint-watch", Method: "workspace/didChangeWatchedFiles",
				RegisterOptions: DidChangeWatchedFilesRegistrationOptions{Watchers: ws}}}})
			if err != nil {
				s.logf(messageWarning, "postlint: the client did not take the file watchers (%v): posts changed outside the editor are seen when a post is saved", err)
				return
			}
			s.mu.Lock()
			s.watching = true
			s.mu.Unlock()
		})
	}
	for _, ws := range wss {
		s.startIndex(ws)
	}
	return nil
}

// startIndex indexes a workspace folder in the background, with the
// config in force for it now.
func (s *Server) startIndex(ws *workspace) {
	cfg, file, change := s.cfgs.forDir(ws.root, ws.root)
	if change != nil {
		s.publishConfigProblems(true)
	}
	s.mu.Lock()
	ws.gen++
	ws.ready = false
	ws.want = cfg
	gen := ws.gen
	s.mu.Unlock()
	s.wg.Go(func() { s.index(ws, gen, cfg, file) })
}

func (s *Server) index(ws *workspace, gen int, cfg *rules.Config, file string) {
	if s.indexGate != nil {
		select {
		case <-s.indexGate:
		case <-s.ctx.Done():
			return
		}
	}
	start := time.Now()
	p := s.beginProgress("postlint: indexing " + filepath.Base(ws.root))
	stamps, err := walkPosts(ws.root, cfg)
	if err != nil {
		s.logf(messageWarning, "postlint: workspace folder %s: %v", ws.root, err)
	}
	paths := make([]string, 0, len(stamps))
	for p := range stamps {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	p.report(fmt.Sprintf("linting %d posts", len(paths)), 10)
	inputs := make([]rules.Input, len(paths))
	for i, p := range paths {
		inputs[i] = rules.Input{Path: p}
	}
	snap := s.engine(cfg).Lint(inputs)
	for _, p := range paths {
		if err := snap.Err(p); err != nil {
			s.logf(messageWarning, "postlint: %v", err)
		}
	}
	s.enqueue(func() {
		// The progress ends when the index is in force: a post opened
		// after it is linted against the whole folder.
		took := time.Since(start).Round(time.Millisecond)
		defer p.end(fmt.Sprintf("%d posts indexed in %s", len(paths), took))
		s.mu.Lock()
		defer s.mu.Unlock()
		if ws.gen != gen || s.ctx.Err() != nil {
			return // a newer index is on its way
		}
		ws.snap, ws.stamps, ws.open = snap, stamps, map[string]openText{}
		ws.cfg, ws.cfgFile, ws.ready = cfg, file, true
		// The open documents replace their files in the snapshot when
		// they are linted next, which is now.
		for u, d := range s.docs {
			if s.coversLocked(ws, d.path) {
				s.markDirtyLocked(u)
			}
		}
	})
}

// engine is the engine of a workspace's snapshot: offline, since external
// links are checked apart (external.go) and must never hold up the text.
func (s *Server) engine(cfg *rules.Config) *rules.Engine {
	return &rules.Engine{Config: cfg, Offline: true, Now: s.opt.Now}
}

// walkPosts finds the posts of a folder as the command line does when it
// walks a directory: hidden, generated and vendored directories and the
// config's ignore globs are left out.
func walkPosts(root string, cfg *rules.Config) (map[string]fileStamp, error) {
	out := map[string]fileStamp{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == root {
				return err
			}
			return nil // unreadable: the CLI says so; the index goes on
		}
		if d.IsDir() {
			if p != root && (rules.SkipDir(d.Name()) || cfg.Ignored(root, p)) {
				return filepath.SkipDir
			}
			return nil
		}
		if rules.IsMarkdown(d.Name()) && d.Type().IsRegular() && !cfg.Ignored(root, p) {
			if info, err := d.Info(); err == nil {
				out[p] = stampOf(info)
			}
		}
		return nil
	})
	return out, err
}

// coversLocked says whether the snapshot of ws lints path: a post the
// walk would find, under the same config. Other documents (a draft in an
// ignored folder, a post with a config of its own) are linted alone, as
// the command line lints a file it is given by name.
func (s *Server) coversLocked(ws *workspace, path string) bool {
	if !within(ws.root, path) || !rules.IsMarkdown(path) || ws.cfg == nil {
		return false
	}
	rel, err := filepath.Rel(ws.root, path)
	if err != nil {
		return false
	}
	parts := strings.Split(filepath.ToSlash(rel), "/")
	for _, dir := range parts[:len(parts)-1] {
		if rules.SkipDir(dir) {
			return false
		}
	}
	if ws.cfg.Ignored(ws.root, path) {
		return false
	}
	return rules.FindConfig(filepath.Dir(path)) == ws.cfgFile
}

// workspaceOfLocked is the workspace whose snapshot lints path, and
// whether it is ready; nil when none does.
func (s *Server) workspaceOfLocked(path string) *workspace {
	var best *workspace
	for _, ws := range s.workspaces {
		if within(ws.root, path) && (best == nil || len(ws.root) > len(best.root)) {
			best = ws
		}
	}
	if best == nil || (best.cfg != nil && !s.coversLocked(best, path)) {
		return nil
	}
	return best
}

// enqueue runs f on the lint worker, before the next lint.
func (s *Server) enqueue(f func()) {
	s.mu.Lock()
	s.ops = append(s.ops, f)
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// checkWorkspaceConfigs indexes a folder again when the config in force
// for it changed: every post's diagnostics may change with it.
func (s *Server) checkWorkspaceConfigs() {
	s.mu.Lock()
	wss := slices.Clone(s.workspaces)
	s.mu.Unlock()
	for _, ws := range wss {
		cfg, _, change := s.cfgs.forDir(ws.root, ws.root)
		if change != nil {
			s.publishConfigProblems(true)
		}
		s.mu.Lock()
		stale := ws.want != nil && ws.want != cfg
		s.mu.Unlock()
		if stale {
			s.startIndex(ws)
		}
	}
}

// updateFromDisk brings the snapshot of ws up to date with the files on
// disk, for the posts that are not open: those given, or, with no paths,
// every post of the folder (for clients that watch no files for us).
// Runs on the lint worker.
func (s *Server) updateFromDisk(ws *workspace, paths []string) {
	s.mu.Lock()
	ready, cfg := ws.ready, ws.cfg
	s.mu.Unlock()
	if !ready {
		return
	}
	var stamps map[string]fileStamp
	if paths == nil {
		stamps, _ = walkPosts(ws.root, cfg)
		for p := range ws.stamps {
			paths = append(paths, p)
		}
		for p := range stamps {
			if _, ok := ws.stamps[p]; !ok {
				paths = append(paths, p)
			}
		}
	} else {
		stamps = map[string]fileStamp{}
		for _, p := range paths {
			s.mu.Lock()
			covered := s.coversLocked(ws, p)
			s.mu.Unlock()
			if info, err := os.Stat(p); err == nil && info.Mode().IsRegular() && covered {
				stamps[p] = stampOf(info)
			}
		}
	}
	var update []rules.Input
	var remove []string
	for _, p := range paths {
		if _, open := ws.open[p]; open {
			continue // the editor's text stands in for the file
		}
		st, exists := stamps[p]
		old, known := ws.stamps[p]
		switch {
		case exists && (!known || st != old):
			update = append(update, rules.Input{Path: p})
			ws.stamps[p] = st
		case !exists && known:
			remove = append(remove, p)
			delete(ws.stamps, p)
		}
	}
	var changed []string
	if len(update) > 0 {
		var ch []string
		ws.snap, ch = ws.snap.Update(update...)
		changed = append(changed, ch...)
	}
	if len(remove) > 0 {
		var ch []string
		ws.snap, ch = ws.snap.Remove(remove...)
		changed = append(changed, ch...)
	}
	s.republish(ws, changed, "")
}

// didChangeWatchedFiles: a config file or a post changed on disk.
func (s *Server) didChangeWatchedFiles(params json.RawMessage) error {
	var p DidChangeWatchedFilesParams
	if err := decode(params, &p); err != nil {
		return err
	}
	config := false
	var posts []string
	for _, ch := range p.Changes {
		path := uriPath(ch.URI)
		switch {
		case slices.Contains(rules.ConfigNames, filepath.Base(path)):
			config = true
		case path != "" && rules.IsMarkdown(path):
			posts = append(posts, path)
		}
	}
	s.publishConfigProblems(s.cfgs.refresh())
	s.mu.Lock()
	if config {
		// A config file may have appeared where none was: every document
		// looks for its config again when it is linted.
		for u := range s.docs {
			s.markDirtyLocked(u)
		}
	}
	byWS := map[*workspace][]string{}
	for _, p := range posts {
		for _, ws := range s.workspaces {
			if within(ws.root, p) {
				byWS[ws] = append(byWS[ws], p)
			}
		}
	}
	s.mu.Unlock()
	if config {
		s.enqueue(s.checkWorkspaceConfigs)
	}
	for ws, paths := range byWS {
		s.enqueue(func() { s.updateFromDisk(ws, paths) })
	}
	return nil
}

// A progress reports the work of the index with $/progress, when the
// client takes it; otherwise its methods do nothing.
type progress struct {
	s     *Server
	token string
}

func (s *Server) beginProgress(title string) *progress {
	s.mu.Lock()
	ok := s.caps.Window.WorkDoneProgress
	s.nextToken++
	token := fmt.Sprintf("postlint-index-%d", s.nextToken)
	s.mu.Unlock()
	if !ok {
		return &progress{}
	}
	ctx, cancel := context.WithTimeout(s.ctx, 5*time.Second)
	defer cancel()
	if _, err := s.call(ctx, "window/workDoneProgress/create", WorkDoneProgressCreateParams{Token: token}); err != nil {
		return &progress{}
	}
	zero := 0
	s.notify("$/progress", ProgressParams{Token: token, Value: WorkDoneProgress{Kind: "begin", Title: title, Percentage: &zero}})
	return &progress{s: s, token: token}
}

func (p *progress) report(msg string, pct int) {
	if p.s != nil {
		p.s.notify("$/progress", ProgressParams{Token: p.token, Value: WorkDoneProgress{Kind: "report", Message: msg, Percentage: &pct}})
	}
}

func (p *progress) end(msg string) {
	if p.s != nil {
		p.s.notify("$/progress", ProgressParams{Token: p.token, Value: WorkDoneProgress{Kind: "end", Message: msg}})
	}
}
