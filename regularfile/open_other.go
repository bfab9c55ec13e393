//go:build !unix

package regularfile

import (
	"errors"
	"io/fs"
	"os"
)

// openNonBlocking is a plain open where there are no FIFOs to block on.
func openNonBlocking(path string) (*os.File, error) { return os.Open(path) }

// readSeen is ReadSeen with the os package.
func readSeen(path string, seen fs.FileInfo, limit int64, buf []byte) ([]byte, error) {
	f, st, err := openSeen(path, seen)
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }()
	if limit > 0 && st.Size() > limit {
		return nil, &TooLargeError{Path: path, Size: st.Size(), Max: limit}
	}
	data, err := readAll(f, limit, st.Size(), buf)
	var tl *TooLargeError
	if errors.As(err, &tl) {
		tl.Path = path
	}
	return data, err
}
