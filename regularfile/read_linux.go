package regularfile

import (
	"bytes"
	"io/fs"
	"path/filepath"
	"syscall"
	"time"
)

// readSeen makes the system calls itself: an *os.File costs a call more
// (the poller is asked to take the descriptor and refuses a regular file)
// and a cleanup to set up, and a read that has returned the size fstat
// gave, short of the room it had, is at the end without one more read to
// say so. That is four calls a post: open, fstat, read and close, where
// os.ReadFile makes six.
func readSeen(path string, seen fs.FileInfo, limit int64, buf []byte) ([]byte, fs.FileInfo, error) {
	if err := look(path, seen); err != nil {
		return nil, nil, err
	}
	var fd int
	var err error
	for {
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOCTTY|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer func() { _ = syscall.Close(fd) }()
	var st syscall.Stat_t
	for {
		if err = syscall.Fstat(fd, &st); err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return nil, nil, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return nil, nil, &fs.PathError{Op: "read", Path: path, Err: ErrNotRegular}
	}
	info := &statInfo{name: filepath.Base(path), sys: st}
	size := st.Size
	if limit > 0 && size > limit {
		return nil, info, &TooLargeError{Path: path, Size: size, Max: limit}
	}
	data := buf[:0]
	if n := size + bytes.MinRead; int64(cap(data)) < n {
		data = make([]byte, 0, n)
	}
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		room := data[len(data):cap(data)]
		if limit > 0 && int64(len(data)+len(room)) > limit+1 {
			room = room[:limit+1-int64(len(data))]
		}
		n, err := syscall.Read(fd, room)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, nil, &fs.PathError{Op: "read", Path: path, Err: err}
		}
		if n <= 0 {
			return data, info, nil
		}
		data = data[:len(data)+n]
		if limit > 0 && int64(len(data)) > limit {
			return nil, info, &TooLargeError{Path: path, Size: limit + 1, Max: limit}
		}
		if n < len(room) && int64(len(data)) == size {
			return data, info, nil
		}
	}
}

// statInfo is the fs.FileInfo of a regular file's fstat, as os.Stat's.
type statInfo struct {
	name string
	sys  syscall.Stat_t
}

func (s *statInfo) Name() string       { return s.name }
func (s *statInfo) Size() int64        { return s.sys.Size }
func (s *statInfo) Mode() fs.FileMode  { return fs.FileMode(s.sys.Mode & 0o777) }
func (s *statInfo) ModTime() time.Time { return time.Unix(s.sys.Mtim.Unix()) }
func (s *statInfo) IsDir() bool        { return false }
func (s *statInfo) Sys() any           { return &s.sys }
