package main

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/postlint/postlint/rules"
)

// walkPosts finds the Markdown files under the directory root as
// filepath.WalkDir would, with the same filter as collect had: hidden and
// generated directories and the config's ignore globs are skipped, and
// only regular files (not symlinks) are taken. It lists directories on
// several goroutines at once (one a CPU, and more: most of a listing's
// time is the system's): a blog of thousands of posts has hundreds of
// folders, and listing them one after the other was most of a warm run's
// start. found is sorted; errs are those of the folders that could not
// be read, in the order a walk meets them; err is root's own. Each
// listing is put in dirs (nil: nowhere), for the rules to read again.
func walkPosts(root string, cfg *rules.Config, dirs *rules.Listings) (found []string, errs []error, err error) {
	cfg.Ignored(root, root) // compiles the globs, before they are read at once

	type dirErr struct {
		path string
		err  error
	}
	var (
		mu      sync.Mutex
		dirErrs []dirErr
		rootErr error
		wg      sync.WaitGroup
	)
	sem := make(chan struct{}, 2*runtime.GOMAXPROCS(0))
	var list func(dir string, clean bool)
	list = func(dir string, clean bool) {
		defer wg.Done()
		sem <- struct{}{}
		entries, err := os.ReadDir(dir)
		<-sem
		dirs.Put(dir, entries, err)
		var files, dirs []string
		for _, e := range entries {
			name := e.Name()
			switch {
			case e.IsDir() && !rules.SkipDir(name):
				if p := walkJoin(dir, clean, name); !cfg.Ignored(root, p) {
					dirs = append(dirs, p)
				}
			case rules.IsMarkdown(name) && e.Type().IsRegular():
				if p := walkJoin(dir, clean, name); !cfg.Ignored(root, p) {
					files = append(files, p)
				}
			}
		}
		mu.Lock()
		found = append(found, files...)
		switch {
		case err != nil && dir == root:
			rootErr = err
		case err != nil:
			dirErrs = append(dirErrs, dirErr{dir, err})
		}
		mu.Unlock()
		if dir == root && err != nil {
			return // filepath.WalkDir goes no further either
		}
		for _, d := range dirs {
			wg.Add(1)
			go list(d, true)
		}
	}
	wg.Add(1)
	list(root, false)
	wg.Wait()
	if rootErr != nil {
		return nil, nil, rootErr
	}
	slices.Sort(found)
	slices.SortFunc(dirErrs, func(a, b dirErr) int { return walkOrder(a.path, b.path) })
	for _, de := range dirErrs {
		errs = append(errs, pathError(de.path, de.err))
	}
	return found, errs, nil
}

// walkJoin is filepath.Join(dir, name) for a name read from dir: when dir is
// itself clean (a join of the walk), the two are only put together,
// without Join's cleaning of every path (3% of the CPU time of a lint of
// 5,000 small posts in 3,000 folders).
func walkJoin(dir string, clean bool, name string) string {
	if !clean || dir == "." || dir == "" || os.IsPathSeparator(dir[len(dir)-1]) {
		return filepath.Join(dir, name)
	}
	return dir + string(filepath.Separator) + name
}

// walkOrder compares two paths in the order filepath.WalkDir visits
// them: name by name, a folder before what is in it.
func walkOrder(a, b string) int {
	sep := string(filepath.Separator)
	for {
		an, arest, amore := strings.Cut(a, sep)
		bn, brest, bmore := strings.Cut(b, sep)
		if c := strings.Compare(an, bn); c != 0 {
			return c
		}
		switch {
		case !amore && !bmore:
			return 0
		case !amore:
			return -1
		case !bmore:
			return 1
		}
		a, b = arest, brest
	}
}
