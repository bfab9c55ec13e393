package main

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"time"

	"github.com/postlint/postlint/regularfile"
)

// A fixWriter writes fixed files back, one at a time, for one run.
//
// A file is replaced atomically: the fixed text goes to a temporary file
// in the same directory, with the file's owner, mode and extended
// attributes, and the two are then swapped. When the new file could not
// carry all that (the file has other hard links, an attribute or the
// owner cannot be set, the directory is not writable), the file is
// rewritten in place instead, which keeps them all but is not atomic.
//
// A save that lands while postlint fixes the file is never lost: the
// file is read and compared again just before the swap, and where the
// system can exchange two files in one step (Linux renameat2, macOS
// renamex_np), what was swapped out is checked to be what was compared;
// if it is not, the swap is undone. Where it cannot, a save in the
// instant between the last check and the rename could be lost, and the
// run says so once.
type fixWriter struct {
	log     io.Writer
	cleaned map[string]bool // directories whose stale temporary files are gone
	warned  bool            // the notice that swaps are not atomic was printed
}

func newFixWriter(log io.Writer) *fixWriter {
	return &fixWriter{log: log, cleaned: map[string]bool{}}
}

// fixStep, when set, runs at the named steps of writing a file: "temp"
// once the temporary file holds the fixed text, "swap" after the last
// check, just before the swap (or the rewrite in place). Tests use it to
// save the file under postlint's feet, or to kill it there.
var fixStep func(step, path string)

// noExchange, when set, makes write act as where files cannot be swapped
// in one step; tests set it to try that path on any system.
var noExchange bool

func step(name, path string) {
	if fixStep != nil {
		fixStep(name, path)
	}
}

var (
	errChanged        = errors.New("changed on disk since it was read")
	errChangedInFix   = errors.New("changed on disk while it was being fixed; it is left as saved")
	errReadOnly       = errors.New("the file is read-only")
	errNotSure        = errors.New("saved twice while it was being fixed: postlint cannot be sure which save is the last")
	errTempNotSwapped = errors.New("the temporary file could not be swapped in")
)

// tempPrefix and tempSuffix make the names of postlint's temporary files:
// short, so that a post whose name is 240 bytes or more can be fixed too
// (".NAME.postlint-123" was longer than a name may be), and of a pattern
// no post has, so that ones left by a killed run can be cleaned up.
const (
	tempPrefix = ".postlint-fix-"
	tempSuffix = ".tmp"
)

var (
	tempName = regexp.MustCompile(`^\.postlint-fix-[0-9a-z]{12}\.tmp$`)
	// The names older versions used: ".NAME.postlint-DIGITS".
	oldTempName = regexp.MustCompile(`^\..+\.postlint-[0-9]+$`)
)

// staleAge is how old a temporary file without a holder must be before it
// is taken for one left behind: a writer holds a lock on its file from
// the moment after it creates it, and files of older versions, which
// took no lock, live for milliseconds.
const staleAge = 2 * time.Second

// write replaces target, which was read as f.orig, by f.cur.
func (w *fixWriter) write(target string, f *fixFile) error {
	old, st, err := regularfile.Open(target)
	if err != nil {
		return cleanErr(err)
	}
	defer func() { _ = old.Close() }()
	if f.info != nil && (st.Size() != f.info.Size() || !st.ModTime().Equal(f.info.ModTime())) {
		return errChanged
	}
	if !sameContent(old, f.orig) {
		return errChanged
	}
	if st.Mode().Perm()&0o200 == 0 {
		return errReadOnly
	}
	// Root may write anywhere; the mode bits above are what a user means
	// by read-only. For anyone else, ask the system.
	wr, err := os.OpenFile(target, os.O_WRONLY, 0)
	if err != nil {
		return cleanErr(err)
	}
	_ = wr.Close()

	dir := filepath.Dir(target)
	if !w.cleaned[dir] {
		w.cleaned[dir] = true
		cleanStaleTemps(dir)
	}
	if hardLinks(st) > 1 {
		return w.rewrite(target, old, f)
	}
	tmp, err := createTemp(dir)
	if err != nil {
		return w.rewrite(target, old, f) // a directory postlint may not write to
	}
	name := tmp.Name()
	removeTemp := true
	defer func() {
		if removeTemp {
			_ = os.Remove(name)
		}
		_ = tmp.Close() // and its lock
	}()
	if _, err := tmp.Write(f.cur); err != nil {
		return cleanErr(err)
	}
	if !copyMetadata(tmp, old, st) {
		return w.rewrite(target, old, f)
	}
	if err := tmp.Sync(); err != nil {
		return cleanErr(err)
	}
	step("temp", f.path)
	if err := unchanged(target, old, f.orig); err != nil {
		return err
	}
	step("swap", f.path)

	swapped, err := false, error(nil)
	if !noExchange {
		swapped, err = exchange(name, target)
	}
	if err != nil {
		return fmt.Errorf("%w: %v", errTempNotSwapped, cleanErr(err))
	}
	if !swapped {
		// No atomic exchange here: rename, then look at the old file, which
		// is still open, for a save that landed on it meanwhile.
		if !w.warned {
			w.warned = true
			fmt.Fprintf(w.log, "postlint: this system cannot swap two files in one step: a save that lands in the instant between --fix's last check and its rename could be lost\n")
		}
		if err := os.Rename(name, target); err != nil {
			return cleanErr(err)
		}
		removeTemp = false
		if !sameContent(old, f.orig) {
			return w.putBack(target, old)
		}
		return nil
	}
	// name now holds what was at target: the file as compared, unless a
	// save landed in between.
	if isFile(name, old) && sameContent(old, f.orig) {
		return nil // the deferred Remove drops the old file
	}
	// Undo the swap: the save goes back in place, the fixed text out.
	if _, err := exchange(name, target); err != nil {
		removeTemp = false
		return fmt.Errorf("%w; the file as saved is kept as %s", errNotSure, name)
	}
	if !isFile(name, tmp) {
		removeTemp = false
		return fmt.Errorf("%w; the other save is kept as %s", errNotSure, name)
	}
	return errChangedInFix
}

// rewrite writes f.cur over target in place: the same file, so its hard
// links, owner, mode and attributes stay as they are.
func (w *fixWriter) rewrite(target string, old *os.File, f *fixFile) error {
	out, err := os.OpenFile(target, os.O_WRONLY, 0)
	if err != nil {
		return cleanErr(err)
	}
	defer func() { _ = out.Close() }()
	if !isFile(target, old) {
		return errChanged
	}
	step("temp", f.path)
	if err := unchanged(target, old, f.orig); err != nil {
		return err
	}
	step("swap", f.path)
	if _, err := out.WriteAt(f.cur, 0); err != nil {
		return cleanErr(err)
	}
	if err := out.Truncate(int64(len(f.cur))); err != nil {
		return cleanErr(err)
	}
	return cleanErr(out.Sync())
}

// putBack restores, after a plain rename, the save that landed on the
// old file (still open) while it was being fixed.
func (w *fixWriter) putBack(target string, old *os.File) error {
	saved, err := readAt(old)
	if err != nil {
		return fmt.Errorf("%w, and it could not be read back: %v", errNotSure, err)
	}
	tmp, err := createTemp(filepath.Dir(target))
	if err != nil {
		return fmt.Errorf("%w, and it could not be put back: %v", errNotSure, cleanErr(err))
	}
	name := tmp.Name()
	defer func() { _ = tmp.Close() }()
	if _, err := tmp.Write(saved); err == nil {
		st, _ := old.Stat()
		copyMetadata(tmp, old, st)
		if err = tmp.Sync(); err == nil {
			if err = os.Rename(name, target); err == nil {
				return errChangedInFix
			}
		}
	}
	_ = os.Remove(name)
	return fmt.Errorf("%w, and it could not be put back", errNotSure)
}

// unchanged checks, just before the swap, that target is still the file
// that was opened (not one an editor saved by renaming a new file over
// it) and still holds orig (not saved in place).
func unchanged(target string, old *os.File, orig []byte) error {
	if !isFile(target, old) || !sameContent(old, orig) {
		return errChangedInFix
	}
	return nil
}

// sameContent reports whether the open file f holds exactly want.
func sameContent(f *os.File, want []byte) bool {
	got, err := readAt(f)
	return err == nil && bytes.Equal(got, want)
}

// readAt reads the open file from its start: what it holds now, and one
// byte more at most if it grows meanwhile.
func readAt(f *os.File) ([]byte, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	return regularfile.ReadAll(io.NewSectionReader(f, 0, st.Size()+1), st.Size()+1)
}

// isFile reports whether the path names the open file f.
func isFile(path string, f *os.File) bool {
	a, err := os.Lstat(path)
	if err != nil {
		return false
	}
	b, err := f.Stat()
	return err == nil && os.SameFile(a, b)
}

// createTemp creates a temporary file of postlint's pattern in dir, with
// mode 0600, locked for as long as it is open.
func createTemp(dir string) (*os.File, error) {
	for range 100 {
		var b [12]byte
		if _, err := rand.Read(b[:]); err != nil {
			return nil, err
		}
		const digits = "0123456789abcdefghijklmnopqrstuvwxyz"
		for i := range b {
			b[i] = digits[int(b[i])%len(digits)]
		}
		f, err := os.OpenFile(filepath.Join(dir, tempPrefix+string(b[:])+tempSuffix), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		lockFile(f)
		return f, nil
	}
	return nil, errors.New("no free temporary file name")
}

// cleanStaleTemps removes the temporary files of postlint's pattern that a
// killed run left in dir: the current user's, older than staleAge, and
// (this version's) not locked by a run still writing them.
func cleanStaleTemps(dir string) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		name := e.Name()
		current := tempName.MatchString(name)
		if !e.Type().IsRegular() || !current && !oldTempName.MatchString(name) {
			continue
		}
		p := filepath.Join(dir, name)
		f, err := openNoFollow(p)
		if err != nil {
			continue
		}
		st, err := f.Stat()
		if err == nil && st.Mode().IsRegular() && ownedByMe(st) && time.Since(st.ModTime()) >= staleAge &&
			(!current || tryLock(f)) && isFile(p, f) {
			_ = os.Remove(p)
		}
		_ = f.Close()
	}
}
