package main

import (
	"os"
	"path/filepath"
)

// siteTree is where local links may be followed (see links.Config.Tree):
// each named directory, the directory of each named file, and the Git
// work tree each of them is in, so that linting one post of a repository
// (an editor, pre-commit) still finds the posts and files it links to.
func siteTree(paths []string) []string {
	var tree []string
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			continue
		}
		if st, err := os.Stat(abs); err != nil || !st.IsDir() {
			abs = filepath.Dir(abs)
		}
		tree = append(tree, abs)
		if top := workTree(abs); top != "" {
			tree = append(tree, top)
		}
	}
	return tree
}

// workTree returns the nearest directory at or above dir that holds a
// .git directory or file (a work tree, a linked worktree or a
// submodule), or "".
func workTree(dir string) string {
	for {
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}
