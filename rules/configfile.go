package rules

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/postlint/postlint/regularfile"
)

// MaxConfigSize is the largest config file read: far more than any
// config needs, and a bound on what a config that is a symlink to a huge
// file can cost.
const MaxConfigSize = 1 << 20

// An UntrustedConfigError is a config file found by walking up (not
// named with --config) that another user could have put where it is: it
// is owned by neither the user running postlint nor root, and its
// directory is writable by everyone, or a directory above it is writable
// by everyone without the sticky bit (so anyone may replace what is in
// it). Such a file is ignored, as git ignores a repository that another
// user owns; naming it with --config uses it.
type UntrustedConfigError struct {
	File  string
	Owner int    // its owner's uid
	Dir   string // the directory anyone can write to
}

func (e *UntrustedConfigError) Error() string {
	return fmt.Sprintf("%s belongs to uid %d, not to you, and anyone can write to %s", e.File, e.Owner, e.Dir)
}

// ReadConfigFile reads the config file at file: a regular file (a FIFO
// or a device such as /dev/zero is refused before it is read) of at most
// MaxConfigSize bytes. found says that FindConfig found it, walking up
// from a directory, rather than the user naming it: a found file that
// another user could have put there is not read, and the error is an
// *UntrustedConfigError.
func ReadConfigFile(file string, found bool) ([]byte, error) {
	data, st, err := regularfile.Read(file, MaxConfigSize)
	var tl *regularfile.TooLargeError
	switch {
	case errors.As(err, &tl):
		return nil, &ConfigError{File: file, Msg: fmt.Sprintf("the file is %s, larger than a config can be (%s); not read", ByteSize(tl.Size), ByteSize(MaxConfigSize))}
	case err != nil:
		return nil, err
	}
	if found {
		if err := trustConfig(file, st); err != nil {
			return nil, err
		}
	}
	return data, nil
}

// LoadConfig reads and checks the config file at file, named by the user.
func LoadConfig(reg *Registry, file string) (*Config, error) { return loadConfig(reg, file, false) }

// LoadFoundConfig is LoadConfig for a file FindConfig found: one that
// another user could have put there is refused with an
// *UntrustedConfigError (see ReadConfigFile).
func LoadFoundConfig(reg *Registry, file string) (*Config, error) { return loadConfig(reg, file, true) }

func loadConfig(reg *Registry, file string, found bool) (*Config, error) {
	data, err := ReadConfigFile(file, found)
	if err != nil {
		return nil, err
	}
	c, err := ParseConfig(reg, file, data)
	if err != nil {
		return nil, err
	}
	if abs, err := filepath.Abs(file); err == nil {
		c.Dir = filepath.Dir(abs)
	}
	return c, nil
}

// trustConfig returns an *UntrustedConfigError if the config file at
// file, whose (opened) file info is st, could have been put there by
// another user.
func trustConfig(file string, st fs.FileInfo) error {
	owner, ok := fileOwner(st)
	if !ok || owner == 0 || owner == currentUser() {
		return nil
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return nil
	}
	dir := filepath.Dir(abs)
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	for d, first := dir, true; ; first = false {
		if mode, ok := dirMode(d); ok && mode.Perm()&0o002 != 0 && (first || mode&fs.ModeSticky == 0) {
			return &UntrustedConfigError{File: file, Owner: owner, Dir: d}
		}
		parent := filepath.Dir(d)
		if parent == d {
			return nil
		}
		d = parent
	}
}
