//go:build linux

package rules

import (
	"io/fs"
	"syscall"
)

// statOf is what of a file's metadata changes when its bytes do: on Linux
// the inode and change time too, which a tool resetting the modification
// time does not restore.
func statOf(info fs.FileInfo) fileStat {
	st := fileStat{size: info.Size(), mtime: info.ModTime().UnixNano()}
	if sys, ok := info.Sys().(*syscall.Stat_t); ok {
		st.ino = int64(sys.Ino)
		st.ctime = sys.Ctim.Sec*1e9 + sys.Ctim.Nsec
	}
	return st
}
