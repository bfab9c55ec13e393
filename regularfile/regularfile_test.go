package regularfile

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"syscall"
	"testing"
	"time"
)

func write(t *testing.T, p string, data []byte) {
	t.Helper()
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestRead(t *testing.T) {
	dir := t.TempDir()
	small, big := filepath.Join(dir, "small.md"), filepath.Join(dir, "big.md")
	write(t, small, []byte("# hi\n"))
	write(t, big, bytes.Repeat([]byte("x"), 2048))

	if data, st, err := Read(small, 1024); string(data) != "# hi\n" || err != nil || st.Size() != 5 {
		t.Errorf("small: %q %v", data, err)
	}
	data, st, err := Read(big, 1024)
	var tl *TooLargeError
	if !errors.As(err, &tl) || tl.Size != 2048 || tl.Max != 1024 || tl.Path != big || data != nil || st == nil {
		t.Errorf("big: %d bytes, %v", len(data), err)
	}
	if data, _, err := Read(big, 0); len(data) != 2048 || err != nil {
		t.Errorf("no limit: %d bytes, %v", len(data), err)
	}
	if _, _, err := Read(dir, 0); !errors.Is(err, ErrNotRegular) {
		t.Errorf("a directory: %v", err)
	}
	if _, _, err := Read(filepath.Join(dir, "none.md"), 0); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing: %v", err)
	}
}

// Every kind of file that is not a regular one is refused at once, even
// behind a symlink named like a post: none is opened for reading, none
// blocks, none is read without end.
func TestNotRegular(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs or /dev")
	}
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.md")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatalf("mkfifo: %v", err)
	}
	paths := []string{fifo}
	for _, dev := range []string{"/dev/zero", "/dev/stdin", "/dev/null", "/dev/tty"} {
		if _, err := os.Stat(dev); err != nil {
			continue
		}
		link := filepath.Join(dir, filepath.Base(dev)+".md")
		if err := os.Symlink(dev, link); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, dev, link)
	}
	for _, p := range paths {
		done := make(chan error, 1)
		go func() {
			_, _, err := Read(p, 0) // no limit: only the check stops /dev/zero
			done <- err
		}()
		select {
		case err := <-done:
			var pe *fs.PathError
			if !errors.Is(err, ErrNotRegular) || !errors.As(err, &pe) || pe.Path != p || pe.Op != "read" {
				t.Errorf("%s: %v, want read %s: not a regular file", p, err, p)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: still reading after 5 s", p)
		}
	}
}

// A FIFO put in place of a checked regular file is opened without
// blocking and refused: openNonBlocking is what Open uses after its look.
func TestOpenNonBlockingFIFO(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs")
	}
	fifo := filepath.Join(t.TempDir(), "pipe.md")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatalf("mkfifo: %v", err)
	}
	done := make(chan error, 1)
	go func() {
		f, err := openNonBlocking(fifo)
		if err == nil {
			_ = f.Close()
		}
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("open: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("opening a FIFO with no writer blocked")
	}
}

type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	e.n += int64(len(p))
	return len(p), nil
}

func TestReadAll(t *testing.T) {
	if data, err := ReadAll(bytes.NewReader([]byte("abc")), 3); string(data) != "abc" || err != nil {
		t.Errorf("at the limit: %q %v", data, err)
	}
	var tl *TooLargeError
	if _, err := ReadAll(bytes.NewReader([]byte("abcd")), 3); !errors.As(err, &tl) || tl.Max != 3 {
		t.Errorf("past the limit: %v", err)
	}
	src := &endless{}
	if _, err := ReadAll(src, 1<<20); !errors.As(err, &tl) || err.Error() != "the input: more than 1048576 bytes" {
		t.Errorf("endless: %v", err)
	}
	if src.n > 1<<20+64<<10 {
		t.Errorf("read %d bytes of an endless stream with a limit of 1 MiB", src.n)
	}
	if data, err := ReadAll(io.LimitReader(&endless{}, 5000), 0); len(data) != 5000 || err != nil {
		t.Errorf("no limit: %d %v", len(data), err)
	}
}

// ReadSeen trusts the caller's stat only for not looking again before it
// opens: a FIFO put where a regular file was stat'ed is still refused
// (by the look at what was opened), without blocking, and a buffer given
// is used when the file fits.
func TestReadSeen(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs")
	}
	dir := t.TempDir()
	post := filepath.Join(dir, "post.md")
	write(t, post, []byte("# hi\n"))
	seen, err := os.Stat(post)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 0, 4096)
	data, _, err := ReadSeen(post, seen, 1024, buf)
	if string(data) != "# hi\n" || err != nil {
		t.Fatalf("ReadSeen: %q, %v", data, err)
	}
	if &data[0] != &buf[:1][0] {
		t.Error("a file that fits was not read into the buffer given")
	}
	refusesFIFO(t, post, "the file stat'ed", func() error {
		_, _, err := ReadSeen(post, seen, 0, nil)
		return err
	})
}

// refusesFIFO puts a FIFO in place of the file at post and checks that
// read refuses it as not a regular file, without blocking.
func refusesFIFO(t *testing.T, post, what string, read func() error) {
	t.Helper()
	if err := os.Remove(post); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(post, 0o644); err != nil {
		t.Fatalf("mkfifo: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- read() }()
	select {
	case err := <-done:
		if !errors.Is(err, ErrNotRegular) {
			t.Errorf("a FIFO in place of %s: %v, want not a regular file", what, err)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("reading a FIFO in place of %s blocked", what)
	}
}

// ReadSeen reads every size whole, into the buffer given or a new one,
// stops at the limit as Read does, and reads a file whose stat says less
// than it holds (as Linux's /proc files say 0) to its end.
func TestReadSeenSizes(t *testing.T) {
	dir := t.TempDir()
	for _, size := range []int{0, 1, 511, 512, 513, 4095, 4096, 4097, 100_000} {
		p := filepath.Join(dir, "post.md")
		want := bytes.Repeat([]byte("abcdefg\n"), size/8+1)[:size]
		write(t, p, want)
		for _, bufCap := range []int{0, 16, size, size + 512, size + 4096} {
			got, _, err := ReadSeen(p, nil, 0, make([]byte, 0, bufCap))
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("size %d, buffer %d: %d bytes, %v", size, bufCap, len(got), err)
			}
		}
		if got, _, err := ReadSeen(p, nil, int64(size), nil); err != nil || !bytes.Equal(got, want) {
			t.Errorf("size %d at its limit: %d bytes, %v", size, len(got), err)
		}
		if size > 1 { // a limit of 0 is none
			var tl *TooLargeError
			_, _, err := ReadSeen(p, nil, int64(size-1), nil)
			if !errors.As(err, &tl) || tl.Size != int64(size) || tl.Max != int64(size-1) || tl.Path != p {
				t.Errorf("size %d over a limit of %d: %v", size, size-1, err)
			}
		}
	}
	if _, _, err := ReadSeen(filepath.Join(dir, "none.md"), nil, 0, nil); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing: %v", err)
	}
	if runtime.GOOS == "linux" {
		const p = "/proc/self/status" // size 0 to stat, some hundred bytes to read
		got, _, err := ReadSeen(p, nil, 0, nil)
		if err != nil || !bytes.Contains(got, []byte("\nPid:")) || !bytes.HasSuffix(got, []byte("\n")) {
			t.Errorf("%s: %q, %v", p, got, err)
		}
		var tl *TooLargeError
		if _, _, err := ReadSeen(p, nil, 16, nil); !errors.As(err, &tl) || tl.Size != 17 {
			t.Errorf("%s over a limit of 16: %v, want the error of a file that grew past it", p, err)
		}
	}
}

// The info ReadSeen and ReadListed give is the open file's, as os.Stat
// gives it; ReadListed, which makes no look before it opens, still
// refuses a FIFO put where a listing saw a regular file, without blocking.
func TestReadListed(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs")
	}
	dir := t.TempDir()
	post := filepath.Join(dir, "post.md")
	write(t, post, []byte("# hi\n"))
	want, err := os.Stat(post)
	if err != nil {
		t.Fatal(err)
	}
	data, info, err := ReadListed(post, 0, nil)
	if string(data) != "# hi\n" || err != nil {
		t.Fatalf("ReadListed: %q, %v", data, err)
	}
	if info.Name() != want.Name() || info.Size() != want.Size() || info.Mode() != want.Mode() ||
		!info.ModTime().Equal(want.ModTime()) || info.IsDir() || !reflect.DeepEqual(info.Sys(), want.Sys()) {
		t.Errorf("info %s %d %v %v %v, want %s %d %v %v %v", info.Name(), info.Size(), info.Mode(), info.ModTime(), info.Sys(),
			want.Name(), want.Size(), want.Mode(), want.ModTime(), want.Sys())
	}
	refusesFIFO(t, post, "the file listed", func() error {
		_, _, err := ReadListed(post, 0, nil)
		return err
	})
}
