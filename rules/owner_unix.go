//go:build unix

package rules

import (
	"io/fs"
	"os"
	"syscall"
)

func fileOwner(st fs.FileInfo) (int, bool) {
	if s, ok := st.Sys().(*syscall.Stat_t); ok {
		return int(s.Uid), true
	}
	return 0, false
}

func currentUser() int { return os.Geteuid() }

func dirMode(dir string) (fs.FileMode, bool) {
	st, err := os.Stat(dir)
	if err != nil {
		return 0, false
	}
	return st.Mode(), true
}
