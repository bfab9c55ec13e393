package linkcheck

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
)

// errNotRegular is the error of a path that is no regular file: reading a
// FIFO or a device could block or never end.
var errNotRegular = errors.New("not a regular file")

// readRegular reads the file at path if it is a regular file (a symlink
// is followed) of at most max bytes. A FIFO, a device or a directory is an
// error, never a blocked or endless read; so is a larger file, which is
// not read at all. package rules has the same check for posts; linkcheck
// knows nothing of rules, hence its own.
func readRegular(path string, max int64) ([]byte, error) {
	// Opening a FIFO blocks until something writes to it: look first,
	// then check again what was opened.
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, &os.PathError{Op: "read", Path: path, Err: errNotRegular}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }()
	if st, err = f.Stat(); err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, &os.PathError{Op: "read", Path: path, Err: errNotRegular}
	}
	tooLarge := func(n int64) error {
		return &os.PathError{Op: "read", Path: path, Err: fmt.Errorf("%d MB, larger than %d MB", n>>20, max>>20)}
	}
	if st.Size() > max {
		return nil, tooLarge(st.Size())
	}
	// The file may grow while it is read: one byte more than allowed at most.
	var buf bytes.Buffer
	buf.Grow(int(st.Size()) + bytes.MinRead)
	if _, err := buf.ReadFrom(io.LimitReader(f, max+1)); err != nil {
		return nil, err
	}
	if int64(buf.Len()) > max {
		return nil, tooLarge(int64(buf.Len()))
	}
	return buf.Bytes(), nil
}
