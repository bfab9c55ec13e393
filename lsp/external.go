package lsp

import (
	"path/filepath"

	"github.com/postlint/postlint/rules"
)

// checkExternal checks the external links of a document in the
// background, as the command line does without --offline: through the
// link cache, so that a post opened again costs no request. Typing never
// waits for it: text diagnostics are linted offline, and the results of
// this check join them when it ends, moved past whatever was typed
// meanwhile.
func (s *Server) checkExternal(uri string) {
	s.mu.Lock()
	d := s.docs[uri]
	if d == nil || s.offline || s.state != stateRunning {
		s.mu.Unlock()
		return
	}
	text, path, seq := d.text, d.path, d.editSeq
	d.checking++
	root := s.rootOfLocked(path)
	s.mu.Unlock()

	// Not in s.wg: the checker cannot be stopped, and exit must not wait
	// for a slow host (links.timeout bounds each request, links.deadline
	// the check). What it finds after the session ended is dropped.
	s.external.Go(func() {
		var found []rules.Diagnostic
		defer func() {
			s.mu.Lock()
			defer s.mu.Unlock()
			d.checking--
			if s.docs[uri] != d {
				return // closed meanwhile
			}
			for _, ed := range d.since(seq) {
				found = shiftDiagnostics(found, ed)
			}
			if d.checking == 0 {
				d.edits = nil
			}
			d.external = found
			s.markDirtyLocked(uri)
		}()
		_, file, _ := s.cfgs.forDir(filepath.Dir(path), root)
		cfg := s.cfgs.fresh(file, root)
		network := map[string]bool{}
		for _, r := range cfg.Registry().Rules {
			if r.Network {
				network[r.Name] = true
			}
		}
		if len(network) == 0 || s.ctx.Err() != nil {
			return
		}
		eng := &rules.Engine{Config: cfg, Jobs: 1}
		res := eng.Run([]rules.Input{{Path: path, Src: text}})
		for _, err := range res.Errors {
			s.logf(messageError, "postlint: %v", err)
		}
		for _, dg := range res.Diagnostics {
			if dg.Path == path && network[dg.Rule] {
				found = append(found, dg)
			}
		}
	})
}
