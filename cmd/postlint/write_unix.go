//go:build unix

package main

import (
	"io/fs"
	"os"
	"syscall"
)

// hardLinks is the number of hard links of the file.
func hardLinks(st fs.FileInfo) uint64 {
	if s, ok := st.Sys().(*syscall.Stat_t); ok {
		return uint64(s.Nlink) //nolint:unconvert // uint16 on macOS, uint32 on some Linux ports
	}
	return 1
}

func ownedByMe(st fs.FileInfo) bool {
	s, ok := st.Sys().(*syscall.Stat_t)
	return !ok || int(s.Uid) == os.Geteuid()
}

// openNoFollow opens p for reading unless it is a symlink, without
// blocking on a FIFO.
func openNoFollow(p string) (*os.File, error) {
	return os.OpenFile(p, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
}

// copyMetadata gives tmp the owner, group, mode and extended attributes
// of old (whose info is st), and reports whether all of them could be
// kept. The owner goes first: chown clears the set-id bits and some
// attributes (file capabilities).
func copyMetadata(tmp, old *os.File, st fs.FileInfo) bool {
	ok := true
	if s, isUnix := st.Sys().(*syscall.Stat_t); isUnix {
		if tmp.Chown(int(s.Uid), int(s.Gid)) != nil {
			// Not allowed (a file of another user or group): the new
			// file would change hands.
			if now, err := tmp.Stat(); err != nil || now.Sys().(*syscall.Stat_t).Uid != s.Uid || now.Sys().(*syscall.Stat_t).Gid != s.Gid {
				ok = false
			}
		}
	}
	if !copyXattrs(tmp, old) {
		ok = false
	}
	if tmp.Chmod(st.Mode()&(fs.ModePerm|fs.ModeSetuid|fs.ModeSetgid|fs.ModeSticky)) != nil {
		ok = false
	}
	return ok
}
