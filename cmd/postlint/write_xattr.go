//go:build linux || darwin

package main

import (
	"bytes"
	"errors"
	"os"
	"slices"

	"golang.org/x/sys/unix"
)

// copyXattrs gives tmp the extended attributes of old (ACLs, SELinux
// labels, user.* attributes, macOS tags), and no others, and reports
// whether it could.
func copyXattrs(tmp, old *os.File) bool {
	names, err := listXattrs(int(old.Fd()))
	if errors.Is(err, unix.ENOTSUP) {
		return true // the file system has none
	}
	if err != nil {
		return false
	}
	// The new file may have got attributes of its own (a directory's
	// default ACL): the old file's, and only those.
	have, err := listXattrs(int(tmp.Fd()))
	if err != nil && !errors.Is(err, unix.ENOTSUP) {
		return false
	}
	for _, name := range have {
		if !slices.Contains(names, name) && unix.Fremovexattr(int(tmp.Fd()), name) != nil {
			return false
		}
	}
	for _, name := range names {
		val, err := getXattr(int(old.Fd()), name)
		if err != nil {
			return false
		}
		if unix.Fsetxattr(int(tmp.Fd()), name, val, 0) != nil {
			return false
		}
	}
	return true
}

func listXattrs(fd int) ([]string, error) {
	for size := 1024; ; size *= 4 {
		buf := make([]byte, size)
		n, err := unix.Flistxattr(fd, buf)
		if errors.Is(err, unix.ERANGE) && size < 1<<24 {
			continue
		}
		if err != nil {
			return nil, err
		}
		var names []string
		for _, b := range bytes.Split(buf[:n], []byte{0}) {
			if len(b) > 0 {
				names = append(names, string(b))
			}
		}
		return names, nil
	}
}

func getXattr(fd int, name string) ([]byte, error) {
	for size := 256; ; size *= 4 {
		buf := make([]byte, size)
		n, err := unix.Fgetxattr(fd, name, buf)
		if errors.Is(err, unix.ERANGE) && size < 1<<24 {
			continue
		}
		if err != nil {
			return nil, err
		}
		return buf[:n], nil
	}
}
