package lsp

import (
	"encoding/json"
	"path/filepath"
	"slices"

	"github.com/postlint/postlint/rules"
)

// didChangeWatchedFiles: a config file or a post changed on disk.
func (s *Server) didChangeWatchedFiles(params json.RawMessage) error {
	var p DidChangeWatchedFilesParams
	if err := decode(params, &p); err != nil {
		return err
	}
	config := false
	for _, ch := range p.Changes {
		if slices.Contains(rules.ConfigNames, filepath.Base(uriPath(ch.URI))) {
			config = true
		}
	}
	s.publishConfigProblems(s.cfgs.refresh())
	if config {
		// A config file may have appeared where none was: every document
		// looks for its config again when it is linted.
		s.mu.Lock()
		for u := range s.docs {
			s.markDirtyLocked(u)
		}
		s.mu.Unlock()
	}
	return nil
}
