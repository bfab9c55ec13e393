//go:build !unix

package main

import (
	"io/fs"
	"os"
)

func hardLinks(fs.FileInfo) uint64 { return 1 }

func ownedByMe(fs.FileInfo) bool { return true }

func openNoFollow(p string) (*os.File, error) { return os.Open(p) }

func copyMetadata(tmp, _ *os.File, st fs.FileInfo) bool { return tmp.Chmod(st.Mode().Perm()) == nil }

// exchange cannot swap two files in one step here.
func exchange(string, string) (bool, error) { return false, nil }

func lockFile(*os.File) {}

func tryLock(*os.File) bool { return true }
