package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/postlint/postlint/report"
	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/links"
)

// openResultCache opens the result cache of the run in the links cache's
// directory (links.cache, default .postlint-cache beside the config), or
// returns nil: --no-cache, or links.cache off. A cache that cannot be read
// is noted and replaced after the run.
func openResultCache(cfg *rules.Config, offline bool, e *env) *rules.Cache {
	lc, ok := cfg.Section("links").(*links.Config)
	if !ok || lc.NoCache || lc.Cache == "" || lc.Cache == "off" {
		return nil
	}
	dir := lc.Cache
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(cfg.Dir, dir)
	}
	key := rules.CacheKey(buildID(), cfg, offline, time.Now())
	c, err := rules.OpenCache(dir, key, cfg.Registry())
	if err != nil {
		e.notef("result cache: %v", err)
	}
	return c
}

// notef writes a one-line notice to standard error. Paths and errors in
// it are escaped as in the text format: a file named with an ANSI escape
// or a line break must not repaint the terminal or forge a line.
func (e *env) notef(format string, args ...any) {
	fmt.Fprintf(e.stderr, "postlint: %s\n", report.EscapeText(fmt.Sprintf(format, args...)))
}

// buildID says which build of postlint this is, for the result cache: a
// result made by other code is never served. A release has its version;
// a build from source (`go build`, `go run`, tests), whose version says
// nothing of the code, is known by the Go build ID the linker writes at
// the start of the executable, a hash of everything that went into it.
// Where none is found, the executable's bytes are hashed.
var buildID = sync.OnceValue(func() string {
	v := versionString()
	exe, err := os.Executable()
	if err != nil {
		return v + " unknown build"
	}
	f, err := os.Open(exe)
	if err != nil {
		return v + " unknown build"
	}
	defer func() { _ = f.Close() }()
	head := make([]byte, 64<<10)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	const mark = "\xff Go build ID: \""
	if i := bytes.Index(head, []byte(mark)); i >= 0 {
		rest := head[i+len(mark):]
		if j := bytes.IndexByte(rest, '"'); j > 0 {
			return v + " " + string(rest[:j])
		}
	}
	h := sha256.New()
	if _, err := f.Seek(0, io.SeekStart); err == nil {
		if _, err := io.Copy(h, f); err == nil {
			return v + " " + hex.EncodeToString(h.Sum(nil))
		}
	}
	return v + " unknown build"
})
