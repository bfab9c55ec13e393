//go:build !linux

package regularfile

import (
	"errors"
	"io/fs"
)

// readSeen is ReadSeen with the os package.
func readSeen(path string, seen fs.FileInfo, limit int64, buf []byte) ([]byte, fs.FileInfo, error) {
	f, st, err := openSeen(path, seen)
	if err != nil {
		return nil, nil, err
	}
	defer func() { _ = f.Close() }()
	if limit > 0 && st.Size() > limit {
		return nil, st, &TooLargeError{Path: path, Size: st.Size(), Max: limit}
	}
	data, err := readAll(f, limit, st.Size(), buf)
	var tl *TooLargeError
	if errors.As(err, &tl) {
		tl.Path = path
	}
	return data, st, err
}
