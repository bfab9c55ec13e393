//go:build unix

package main

import (
	"io/fs"
	"os"
	"syscall"
)

// keepOwner gives the new file the owner and group of the one it replaces,
// as far as the system allows (root fixing another user's post).
func keepOwner(name string, info fs.FileInfo) {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		_ = os.Lchown(name, int(st.Uid), int(st.Gid))
	}
}
