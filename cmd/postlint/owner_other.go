//go:build !unix

package main

import "io/fs"

// keepOwner is a no-op where files have no Unix owner.
func keepOwner(string, fs.FileInfo) {}
