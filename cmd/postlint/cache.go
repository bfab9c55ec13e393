package main

import (
	"bytes"
	"crypto/sha256"
	"debug/elf"
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

// openResultCache starts opening the result cache of the run in the links
// cache's directory (links.cache, default .postlint-cache beside the
// config) and returns a func that waits for it: nil when there is none
// (--no-cache, links.cache off). The cache is read while the posts are
// found: reading and decoding it took about 20 ms of a warm run on the
// corpus x7, and so did the walk. A cache that cannot be read is noted,
// when the func is called, and replaced after the run. lc.NoCache must be
// set before.
func openResultCache(cfg *rules.Config, offline bool, e *env) func() *rules.Cache {
	lc, ok := cfg.Section("links").(*links.Config)
	if !ok || lc.NoCache || lc.Cache == "" || lc.Cache == "off" {
		return func() *rules.Cache { return nil }
	}
	dir := lc.Cache
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(cfg.Dir, dir)
	}
	key := rules.CacheKey(buildID(), cfg, offline, time.Now())
	type opened struct {
		c   *rules.Cache
		err error
	}
	ch := make(chan opened, 1)
	go func() {
		c, err := rules.OpenCache(dir, key, cfg.Registry())
		ch <- opened{c, err}
	}()
	return sync.OnceValue(func() *rules.Cache {
		o := <-ch
		if o.err != nil {
			e.notef("result cache: %v", o.err)
		}
		return o.c
	})
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
	if id := elfBuildID(f); id != "" {
		return v + " " + id
	}
	h := sha256.New()
	if _, err := f.Seek(0, io.SeekStart); err == nil {
		if _, err := io.Copy(h, f); err == nil {
			return v + " " + hex.EncodeToString(h.Sum(nil))
		}
	}
	return v + " unknown build"
})

// elfBuildID returns the Go build ID of an ELF executable, which the
// linker keeps in a note of its own (.note.go.buildid), not behind the
// marker other formats have: without it every run on Linux hashed the
// whole 20 MB executable, about 10 ms of CPU before any post was read.
func elfBuildID(r io.ReaderAt) string {
	ef, err := elf.NewFile(r)
	if err != nil {
		return ""
	}
	sec := ef.Section(".note.go.buildid")
	if sec == nil {
		return ""
	}
	note, err := sec.Data()
	// A note: name size, description size, type (4: the Go build ID),
	// the name "Go\x00\x00", then the description, the ID.
	if err != nil || len(note) < 16 {
		return ""
	}
	bo := ef.ByteOrder
	namesz, descsz, typ := bo.Uint32(note), bo.Uint32(note[4:]), bo.Uint32(note[8:])
	if namesz != 4 || typ != 4 || string(note[12:16]) != "Go\x00\x00" || uint64(len(note)-16) < uint64(descsz) {
		return ""
	}
	return string(note[16 : 16+descsz])
}
