//go:build !unix

package rules

import "io/fs"

// Where files have no Unix owner, every config is trusted.
func fileOwner(fs.FileInfo) (int, bool) { return 0, false }

func currentUser() int { return 0 }

func dirMode(string) (fs.FileMode, bool) { return 0, false }
