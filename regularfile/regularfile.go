// Package regularfile opens and reads files that must be regular files,
// within a size limit: posts, config, link targets, caches. Anything else
// at the path (a FIFO, a device such as /dev/zero, a terminal, a socket)
// is refused before a byte is read, and opening never blocks: a FIFO
// nobody writes to would hang a plain open for ever, /dev/zero would be
// read until memory runs out.
package regularfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"
)

// ErrNotRegular is the error (inside an *fs.PathError) of a path that is
// not a regular file.
var ErrNotRegular = errors.New("not a regular file")

// A TooLargeError is a file or stream longer than the limit it was read
// with. Size is the file's size, or for a stream (or a file that grew
// while it was read) only known to be more than Max.
type TooLargeError struct {
	Path string // "" for a stream
	Size int64  // the size when known, else Max+1
	Max  int64
}

func (e *TooLargeError) Error() string {
	what := "the input"
	if e.Path != "" {
		what = e.Path
	}
	return fmt.Sprintf("%s: more than %d bytes", what, e.Max)
}

// Open opens path for reading if it is a regular file. It looks before it
// opens (so a device is never opened), opens without blocking (so a path
// swapped for a FIFO in between cannot hang it) and looks again at what
// it opened. The returned info is that of the open file.
func Open(path string) (*os.File, fs.FileInfo, error) { return openSeen(path, nil) }

// openSeen is Open of a path the caller has just stat'ed (st, when not
// nil): it is not looked at again before it is opened.
func openSeen(path string, st fs.FileInfo) (*os.File, fs.FileInfo, error) {
	if err := look(path, st); err != nil {
		return nil, nil, err
	}
	f, err := openNonBlocking(path)
	if err != nil {
		return nil, nil, err
	}
	st, err = f.Stat()
	if err != nil {
		_ = f.Close()
		return nil, nil, err
	}
	if !st.Mode().IsRegular() {
		_ = f.Close()
		return nil, nil, &fs.PathError{Op: "read", Path: path, Err: ErrNotRegular}
	}
	return f, st, nil
}

// look is the look before opening path: at seen, the info of a stat
// just made, or else at a stat of its own.
func look(path string, seen fs.FileInfo) error {
	if seen == nil {
		var err error
		if seen, err = os.Stat(path); err != nil {
			return err
		}
	}
	if !seen.Mode().IsRegular() {
		return &fs.PathError{Op: "read", Path: path, Err: ErrNotRegular}
	}
	return nil
}

// Read reads the regular file at path whole, if it holds at most limit
// bytes (limit ≤ 0: no limit). A larger file is not read: the error is a
// *TooLargeError. A file that grows while it is read is read up to one
// byte past limit, never further.
func Read(path string, limit int64) ([]byte, fs.FileInfo, error) {
	return ReadInto(path, limit, nil)
}

// ReadInto is Read into buf's array when the file fits in it, else into a
// new one: a caller that reads many files one after the other can give
// each the buffer of the one before.
func ReadInto(path string, limit int64, buf []byte) ([]byte, fs.FileInfo, error) {
	return readOS(path, nil, limit, buf)
}

// readOS is ReadSeen with the os package.
func readOS(path string, seen fs.FileInfo, limit int64, buf []byte) ([]byte, fs.FileInfo, error) {
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

// ReadSeen is ReadInto of a path the caller has just stat'ed (seen, when
// not nil), which saves a stat call: a lint reads thousands of posts it
// first looked up in its result cache by their stat. It looks at what it
// opened as ReadInto does, with fewer system calls on Linux (see
// readSeen); the info returned is that of the open file.
func ReadSeen(path string, seen fs.FileInfo, limit int64, buf []byte) ([]byte, fs.FileInfo, error) {
	return readSeen(path, seen, limit, buf)
}

// ReadListed is ReadSeen of a path that a directory listing has just
// given as a regular file: it is opened without a look first, and what was
// opened is looked at as ever.
func ReadListed(path string, limit int64, buf []byte) ([]byte, fs.FileInfo, error) {
	return readSeen(path, listed{}, limit, buf)
}

// listed stands for the look ReadListed does not make: a regular file.
type listed struct{}

func (listed) Name() string       { return "" }
func (listed) Size() int64        { return 0 }
func (listed) Mode() fs.FileMode  { return 0 }
func (listed) ModTime() time.Time { return time.Time{} }
func (listed) IsDir() bool        { return false }
func (listed) Sys() any           { return nil }

// ReadAll reads r to its end if it gives at most limit bytes (limit ≤ 0: no
// limit), and stops reading one byte past limit with a *TooLargeError: an
// endless stream costs limit bytes, not all memory.
func ReadAll(r io.Reader, limit int64) ([]byte, error) { return readAll(r, limit, 0, nil) }

func readAll(r io.Reader, limit, hint int64, into []byte) ([]byte, error) {
	if limit > 0 {
		r = io.LimitReader(r, limit+1)
		hint = min(hint, limit+1)
	}
	if n := max(hint, 0) + bytes.MinRead; int64(cap(into)) < n {
		into = make([]byte, 0, n)
	}
	buf := bytes.NewBuffer(into[:0])
	if _, err := buf.ReadFrom(r); err != nil {
		return nil, err
	}
	if limit > 0 && int64(buf.Len()) > limit {
		return nil, &TooLargeError{Size: limit + 1, Max: limit}
	}
	return buf.Bytes(), nil
}
