package links

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/postlint/postlint/regularfile"
	"github.com/postlint/postlint/rules"
)

// The site is where local links may lead and be looked at: links.root,
// the directories being linted (Config.Tree, set by the command line),
// the directory of every post of the set and that of the config file.
// A link that leads elsewhere, written as ../../x or through a symlink,
// is said to leave the site and nothing more: postlint never lists, reads
// or quotes a file outside it, so that a post cannot make it tell whether
// /etc/x exists or what the headings of a private file are.
type siteBounds struct {
	roots []string            // absolute and clean
	real  []string            // the same with symlinks resolved
	mu    sync.Mutex          // guards paths: resolve is asked by many workers
	paths map[string]realPath // an absolute directory, as written -> where it is
}

// realPath is a path with its symlinks resolved, or ok false when it
// cannot be (it does not exist).
type realPath struct {
	path string
	ok   bool
}

// newSiteBounds resolves the roots on that many workers (a directory a
// post, on the corpus: an Lstat each, and of each new parent).
func newSiteBounds(roots []string, workers int) *siteBounds {
	s := &siteBounds{paths: map[string]realPath{}}
	seen := map[string]bool{}
	for _, r := range roots {
		if r == "" || seen[r] {
			continue
		}
		seen[r] = true
		s.roots = append(s.roots, r)
	}
	reals := make([]realPath, len(s.roots))
	resolve := func(i int) {
		real, ok := s.resolve(s.roots[i])
		reals[i] = realPath{real, ok}
	}
	if workers = min(workers, len(s.roots)/64); workers <= 1 {
		for i := range s.roots {
			resolve(i)
		}
	} else {
		var next atomic.Int64
		onWorkers(workers, func(int) {
			for i := int(next.Add(1)) - 1; i < len(s.roots); i = int(next.Add(1)) - 1 {
				resolve(i)
			}
		})
	}
	for _, r := range reals {
		if r.ok {
			s.real = append(s.real, r.path)
		}
	}
	return s
}

// resolve is filepath.EvalSymlinks of an absolute, clean path, with the
// answer for each directory on the way kept: a directory is its resolved
// parent joined with its name, one Lstat, unless it is a symlink. Asked of
// each post's directory (the OTel blog has one a post) and each directory
// links point into, EvalSymlinks would Lstat every ancestor again each
// time: 33,000 calls for the 5,593 posts of the corpus seven times.
func (s *siteBounds) resolve(p string) (string, bool) {
	if !filepath.IsAbs(p) {
		real, err := filepath.EvalSymlinks(p)
		return real, err == nil
	}
	s.mu.Lock()
	r, ok := s.paths[p]
	s.mu.Unlock()
	if ok {
		return r.path, r.ok
	}
	// Worked out unlocked: two workers may both look, and find the same.
	r = realPath{}
	if parent := filepath.Dir(p); parent == p {
		r = realPath{p, true} // the file system's root
	} else if rp, ok := s.resolve(parent); ok {
		q := filepath.Join(rp, filepath.Base(p))
		if st, err := os.Lstat(q); err == nil && st.Mode()&os.ModeSymlink == 0 {
			r = realPath{q, true}
		} else if err == nil {
			// A symlink: wherever it leads, as EvalSymlinks follows it.
			real, err := filepath.EvalSymlinks(q)
			r = realPath{real, err == nil}
		}
	}
	s.mu.Lock()
	s.paths[p] = r
	s.mu.Unlock()
	return r.path, r.ok
}

// holds reports whether p, absolute and clean, is inside the site as
// written, before any symlink is followed.
func (s *siteBounds) holds(p string) bool { return under(p, s.roots) }

// holdsReal reports whether the real path p is inside the site's real
// directories.
func (s *siteBounds) holdsReal(p string) bool { return under(p, s.real) }

func under(p string, roots []string) bool {
	for _, r := range roots {
		if p == r || strings.HasPrefix(p, r) && (strings.HasSuffix(r, string(filepath.Separator)) || p[len(r)] == filepath.Separator) {
			return true
		}
	}
	return false
}

// entryKind is what a directory entry is, as far as links are concerned.
type entryKind uint8

const (
	noEntry      entryKind = iota // nothing by that name (or a symlink to nothing)
	fileEntry                     // a regular file
	dirEntry                      // a directory
	otherEntry                    // a FIFO, a device, a socket: never read
	outsideEntry                  // a symlink that leads out of the site
)

// A dirListing is the entries of one directory, read once however many
// workers ask.
type dirListing struct {
	once sync.Once
	list map[string]entryKind
}

// listing reads the entries of dir, once, if dir is inside the site;
// nil if it is not.
func (s *postSet) listing(dir string) map[string]entryKind {
	v, ok := s.dirs.Load(dir)
	if !ok {
		v, _ = s.dirs.LoadOrStore(dir, new(dirListing))
	}
	d := v.(*dirListing)
	d.once.Do(func() { d.list = s.readListing(dir) })
	return d.list
}

func (s *postSet) readListing(dir string) map[string]entryKind {
	if !s.site.holds(dir) {
		return nil
	}
	// A directory inside the site as written may be a symlink to /etc:
	// it leaves once resolved.
	real, exists := s.site.resolve(dir)
	if exists && !s.site.holdsReal(real) {
		return nil
	}
	list := map[string]entryKind{}
	if !exists {
		return list // nothing to read: Hugo's page URLs name many such
	}
	ents, err := s.readDir(dir)
	if err != nil {
		return list
	}
	for _, e := range ents {
		list[e.Name()] = s.kindOf(dir, e)
	}
	return list
}

func (s *postSet) kindOf(dir string, e os.DirEntry) entryKind {
	t := e.Type()
	if t&os.ModeSymlink == 0 {
		return modeKind(t)
	}
	p := filepath.Join(dir, e.Name())
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		// A symlink to nothing: missing, unless its first step already
		// leaves the site (whether that exists is not ours to say).
		if to, err := os.Readlink(p); err == nil {
			if !filepath.IsAbs(to) {
				to = filepath.Join(dir, to)
			}
			if !s.site.holds(filepath.Clean(to)) {
				return outsideEntry
			}
		}
		return noEntry
	}
	if !s.site.holdsReal(real) {
		return outsideEntry
	}
	st, err := os.Stat(real)
	if err != nil {
		return noEntry
	}
	return modeKind(st.Mode().Type())
}

func modeKind(t os.FileMode) entryKind {
	switch {
	case t.IsDir():
		return dirEntry
	case t.IsRegular():
		return fileEntry
	}
	return otherEntry
}

// entry tells what p is on disk, from the listing of its directory: one
// ReadDir per directory, however many links point into it. Outside the
// site, nothing is listed: it is outsideEntry.
func (s *postSet) entry(p string) entryKind {
	if !s.site.holds(p) {
		return outsideEntry
	}
	dir, base := split(p)
	list := s.listing(dir)
	if list == nil {
		return outsideEntry // the directory is a symlink out of the site
	}
	return list[base]
}

// split is filepath.Dir and filepath.Base of a clean path, without the
// copy Dir's Clean makes: entry is asked 30,000 times on the corpus
// seven times.
func split(p string) (dir, base string) {
	i := strings.LastIndexByte(p, filepath.Separator)
	if i < 0 || i == len(p)-1 {
		return filepath.Dir(p), filepath.Base(p) // relative, or the root
	}
	if i == len(filepath.VolumeName(p)) {
		return p[:i+1], p[i+1:] // in the root: "/x"
	}
	return p[:i], p[i+1:]
}

// parseOutside reads a Markdown file of the site that is linked to but
// not linted (or was past a limit), once, for its anchors and slug; nil
// when it is not Markdown, not a regular file, or past limits.max_file_size,
// limits.max_nesting or limits.max_time, whose anchors are then not judged.
func (s *postSet) parseOutside(p string) *post {
	if !isMarkdownName(p) {
		return nil
	}
	v, ok := s.outside.Load(p)
	if !ok {
		v, _ = s.outside.LoadOrStore(p, new(outsidePost))
	}
	o := v.(*outsidePost)
	o.once.Do(func() {
		if s.entry(p) == fileEntry {
			if fl := readLinks(p, s.limits); fl != nil {
				o.po = &post{path: p, fl: fl}
			}
		}
	})
	return o.po
}

// An outsidePost is a file parsed by parseOutside, once, however many
// workers link to it: each link to it gets the same post.
type outsidePost struct {
	once sync.Once
	po   *post
}

// readLinks reads and parses the file at p within lim, as the engine
// would lint it, and returns its local links and anchors; nil if it is
// past a limit or cannot be read.
func readLinks(p string, lim rules.Limits) *fileLinks {
	src, _, err := regularfile.Read(p, int64(lim.MaxFileSize))
	if err != nil {
		return nil
	}
	done := make(chan *fileLinks, 1)
	go func() {
		var fl *fileLinks
		// A parser failure on a file nobody asked to lint costs its
		// anchors, not the whole-set pass.
		defer func() {
			_ = recover()
			done <- fl
		}()
		if doc := rules.ParseLimited(p, src, lim); doc.Limit == nil {
			fl = collect(doc).local().unpack()
		}
	}()
	if lim.MaxTime <= 0 {
		return <-done
	}
	// As the engine does, a parse that runs out of time is left to finish
	// on its own and what it finds is dropped.
	timer := time.NewTimer(time.Duration(lim.MaxTime))
	defer timer.Stop()
	select {
	case fl := <-done:
		return fl
	case <-timer.C:
		return nil
	}
}
