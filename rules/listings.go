package rules

import (
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// Listings reads each directory once for a run: the walk that finds the
// posts, the date rules looking for the site's config file, the front
// matter rules asking whether an index.md has posts beside it and
// broken-link resolving links all list the folders of the posts, and a
// warm run over the corpus x7 listed each of its 1,373 folders four
// times. Directories are known by their absolute path, however they are
// asked for. The entries returned are shared: they must not be changed.
// A nil *Listings reads the directory every time. Safe for concurrent
// use.
type Listings struct {
	wd string // the working directory, for relative paths; "" if unknown
	m  sync.Map
}

type listing struct {
	once sync.Once
	ents []fs.DirEntry
	err  error
}

// NewListings returns an empty set of listings.
func NewListings() *Listings {
	wd, _ := os.Getwd()
	return &Listings{wd: wd}
}

func (l *Listings) key(dir string) string {
	if filepath.IsAbs(dir) || l.wd == "" {
		return filepath.Clean(dir)
	}
	return filepath.Join(l.wd, dir)
}

func (l *Listings) entry(dir string) *listing {
	k := l.key(dir)
	v, ok := l.m.Load(k)
	if !ok {
		v, _ = l.m.LoadOrStore(k, new(listing))
	}
	return v.(*listing)
}

// ReadDir is os.ReadDir(dir), read once.
func (l *Listings) ReadDir(dir string) ([]fs.DirEntry, error) {
	if l == nil {
		return os.ReadDir(dir)
	}
	e := l.entry(dir)
	e.once.Do(func() { e.ents, e.err = os.ReadDir(dir) })
	return e.ents, e.err
}

// Put records what os.ReadDir(dir) returned to a caller that read it
// itself, unless dir was read already.
func (l *Listings) Put(dir string, ents []fs.DirEntry, err error) {
	if l == nil {
		return
	}
	e := l.entry(dir)
	e.once.Do(func() { e.ents, e.err = ents, err })
}
