package lsp

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/links"
)

// configs finds and keeps the config of each document as the CLI does
// for --stdin-filename: the nearest .postlint.yml or .postlint.yaml at or
// above the document's directory, else the built-in defaults. A config
// file is read again when its size or modification time changes; one that
// no longer parses keeps its last good version in force and is reported
// as a diagnostic on the config file.
type configs struct {
	reg *rules.Registry
	log io.Writer // link notices

	mu    sync.Mutex
	files map[string]*configFile // by absolute path
	defs  map[string]*rules.Config
}

type configFile struct {
	path     string
	stamp    fileStamp
	data     []byte        // as last read
	good     *rules.Config // the last config that parsed; nil if none ever did
	goodData []byte        // its bytes
	err      error         // why the file as it is now does not parse
}

type fileStamp struct {
	size int64
	mod  time.Time
}

func stampOf(st os.FileInfo) fileStamp { return fileStamp{st.Size(), st.ModTime()} }

func newConfigs(reg *rules.Registry, log io.Writer) *configs {
	return &configs{reg: reg, log: log, files: map[string]*configFile{}, defs: map[string]*rules.Config{}}
}

// A configChange says that a config file now parses, or no longer does,
// or changed: documents under it are linted again.
type configChange struct {
	path string
	err  error
}

// forDir returns the config in force for a document in dir, and the
// config file it came from ("" for the defaults, whose directory is root).
// changed is set when the file was read anew.
func (cs *configs) forDir(dir, root string) (cfg *rules.Config, file string, change *configChange) {
	file = rules.FindConfig(dir)
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if file == "" {
		return cs.defaults(root), "", nil
	}
	cf := cs.files[file]
	if cf == nil {
		cf = &configFile{path: file}
		cs.files[file] = cf
	}
	if cs.load(cf) {
		change = &configChange{path: file, err: cf.err}
	}
	if cf.good == nil {
		return cs.defaults(filepath.Dir(file)), file, change
	}
	return cf.good, file, change
}

// defaults are the built-in defaults, for documents under root.
func (cs *configs) defaults(root string) *rules.Config {
	if c, ok := cs.defs[root]; ok {
		return c
	}
	c := rules.DefaultConfig(cs.reg)
	c.Dir = root
	cs.prepare(c)
	cs.defs[root] = c
	return c
}

// load reads cf again if it changed on disk since it was last read, and
// reports whether what it says changed.
func (cs *configs) load(cf *configFile) bool {
	var stamp fileStamp
	if st, err := os.Stat(cf.path); err == nil {
		stamp = stampOf(st)
	}
	if stamp == cf.stamp && (cf.good != nil || cf.err != nil) {
		return false
	}
	// Read as the command line reads a config it found: a regular file
	// of at most rules.MaxConfigSize bytes (a FIFO would hang the
	// server), not one another user could have put there.
	data, err := rules.ReadConfigFile(cf.path, true)
	if err != nil {
		// Gone between the look and the read, unreadable or refused: the
		// next look decides.
		cf.stamp, cf.err, cf.data = stamp, err, nil
		var untrusted *rules.UntrustedConfigError
		if errors.As(err, &untrusted) {
			// As the command line does: the defaults, not the last
			// version that was trusted.
			cf.good, cf.goodData = nil, nil
		}
		return true
	}
	cf.stamp = stamp
	if bytes.Equal(data, cf.data) && (cf.good != nil || cf.err != nil) {
		return false // touched, not changed
	}
	cf.data = data
	c, err := cs.parse(cf.path, data)
	if err != nil {
		cf.err = err
		return true
	}
	cf.good, cf.goodData, cf.err = c, data, nil
	return true
}

func (cs *configs) parse(file string, data []byte) (*rules.Config, error) {
	c, err := rules.ParseConfig(cs.reg, file, data)
	if err != nil {
		return nil, err
	}
	c.Dir = filepath.Dir(file)
	cs.prepare(c)
	return c, nil
}

func (cs *configs) prepare(c *rules.Config) {
	if lc, ok := c.Section("links").(*links.Config); ok && cs.log != nil {
		lc.Log = cs.log
	}
}

// fresh returns a new copy of the config in force for a file: the link
// checker keeps its results in the config, once per lint run, so each
// external check needs one of its own.
func (cs *configs) fresh(file, root string) *rules.Config {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if cf := cs.files[file]; file != "" && cf != nil && cf.good != nil {
		if c, err := cs.parse(file, cf.goodData); err == nil {
			return c
		}
	}
	c := rules.DefaultConfig(cs.reg)
	c.Dir = root
	if file != "" {
		c.Dir = filepath.Dir(file)
	}
	cs.prepare(c)
	return c
}

// problems returns every config file that does not parse now.
func (cs *configs) problems() map[string]error {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	out := map[string]error{}
	for p, cf := range cs.files {
		if cf.err != nil {
			out[p] = cf.err
		}
	}
	return out
}

// refresh reads again every known config file that changed on disk and
// forgets those that are gone; it reports whether any of them changed.
func (cs *configs) refresh() bool {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	changed := false
	for p, cf := range cs.files {
		if _, err := os.Stat(p); err != nil {
			delete(cs.files, p)
			changed = true
			continue
		}
		changed = cs.load(cf) || changed
	}
	return changed
}

// publishConfigProblems, after a config file changed, shows each config
// file that does not parse as a diagnostic on it, clears the diagnostic
// of those that parse again, and lints every open document again.
func (s *Server) publishConfigProblems(changed bool) {
	if !changed {
		return
	}
	probs := s.cfgs.problems()
	s.mu.Lock()
	old := s.configDiags
	s.configDiags = map[string]bool{}
	for p := range probs {
		s.configDiags[p] = true
	}
	for u := range s.docs {
		s.markDirtyLocked(u)
	}
	s.mu.Unlock()
	for p, err := range probs {
		s.notify("textDocument/publishDiagnostics", PublishDiagnosticsParams{
			URI: pathURI(p), Diagnostics: []Diagnostic{configDiagnostic(p, err)}})
	}
	for p := range old {
		if _, ok := probs[p]; !ok {
			s.notify("textDocument/publishDiagnostics", PublishDiagnosticsParams{URI: pathURI(p), Diagnostics: []Diagnostic{}})
		}
	}
}

// configDiagnostic places a config error on its line of the file.
func configDiagnostic(file string, err error) Diagnostic {
	msg, line := err.Error(), 0
	var ce *rules.ConfigError
	if errors.As(err, &ce) {
		msg, line = ce.Msg, ce.Line
	}
	msg = "invalid config, the last good one stays in force: " + msg
	var untrusted *rules.UntrustedConfigError
	if errors.As(err, &untrusted) {
		msg = "config ignored, the built-in defaults are in force: " + err.Error()
	}
	var data []byte
	if line > 0 {
		data, _ = rules.ReadConfigFile(file, false)
	}
	x := newLineIndex(data)
	start := Position{Line: max(0, line-1)}
	end := x.position(x.lineEnd(min(start.Line, len(x.starts)-1)))
	if end.Line != start.Line {
		end = start
	}
	return Diagnostic{
		Range:    Range{Start: start, End: end},
		Severity: severityError,
		Code:     "config",
		Source:   "postlint",
		Message:  msg,
	}
}
