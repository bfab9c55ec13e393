package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/postlint/postlint/rules"
)

// maxFixRounds bounds lint → fix → lint: a fix dropped because it overlapped
// another is applied in the next round, and fixes can uncover more.
const maxFixRounds = 5

// fixFile is one file being fixed, in memory until every round is done.
type fixFile struct {
	path string // as linted
	orig []byte // as read
	cur  []byte // with the fixes of every round so far
	info fs.FileInfo
	// fixed counts the diagnostics whose fix was applied.
	fixed int
}

// beforeFixWrite, when set, runs just before a fixed file is checked and
// written; tests use it to change the file under postlint's feet.
var beforeFixWrite func(path string)

// fixResult is what --fix did.
type fixResult struct {
	before *rules.Result // the first lint, of the files as they were
	after  *rules.Result // the last lint, of the files as they now are
	files  []*fixFile    // in input order; changed ones have cur != orig
	status int           // exitError when a file could not be written
	// interrupted is set when SIGINT or SIGTERM stopped the writing.
	interrupted bool
}

// exitInterrupted is the status after SIGINT, as shells report a command
// killed by it (128 + 2).
const exitInterrupted = 130

// fixSignals receives SIGINT and SIGTERM while fixed files are written, so
// that the file being written is finished and no other is begun.
var fixSignals chan os.Signal

// fixInputs lints inputs, applies every safe fix in memory and lints
// again, until no safe fix applies or maxFixRounds is reached. Nothing is
// written here.
func fixInputs(eng *rules.Engine, inputs []rules.Input, e *env) *fixResult {
	fr := &fixResult{}
	byPath := map[string]*fixFile{}
	for i, in := range inputs {
		f := &fixFile{path: in.Path, orig: in.Src}
		if f.orig == nil {
			info, err := os.Stat(in.Path)
			src, limit, err2 := rules.ReadFile(in.Path, eng.Config.Limits.MaxFileSize)
			if err != nil || err2 != nil || limit != nil {
				continue // the engine reads it again and reports why it cannot
			}
			f.info, f.orig = info, src
			inputs[i].Src = src
		}
		f.cur = f.orig
		fr.files = append(fr.files, f)
		byPath[f.path] = f
	}
	for round := 0; ; round++ {
		res := eng.Run(inputs)
		if fr.before == nil {
			fr.before = res
		}
		fr.after = res
		perFile := map[string][]rules.Diagnostic{}
		for _, d := range res.Diagnostics {
			perFile[d.Path] = append(perFile[d.Path], d)
		}
		changed := false
		for i := range inputs {
			f := byPath[inputs[i].Path]
			if f == nil || len(perFile[f.path]) == 0 {
				continue
			}
			edits := rules.FixEdits(perFile[f.path], true)
			if len(edits) == 0 {
				continue
			}
			next := rules.ApplyEdits(f.cur, edits)
			if bytes.Equal(next, f.cur) {
				continue
			}
			if round == maxFixRounds {
				e.notef("%s: fixes still apply after %d rounds; run --fix again", f.path, maxFixRounds)
				continue
			}
			f.fixed += rules.CountFixed(perFile[f.path], edits)
			f.cur = next
			inputs[i].Src = next
			changed = true
		}
		if !changed {
			return fr
		}
	}
}

// writeFixes writes every changed file back, atomically, and lints the
// files that could not be written again as they are on disk.
func writeFixes(fr *fixResult, eng *rules.Engine, inputs []rules.Input, roots []string, e *env) {
	tree := resolvedRoots(roots)
	written := map[string]bool{} // resolved targets, for a file named twice
	var failed []string
	files, problems := 0, 0
	// Each file is replaced atomically; an interrupt lets the one being
	// written finish, so every file is either as it was or fully fixed,
	// and no temporary file is left behind.
	fixSignals = make(chan os.Signal, 1)
	signal.Notify(fixSignals, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(fixSignals)
	left := 0
	fw := newFixWriter(e.stderr)
	for _, f := range fr.files {
		if bytes.Equal(f.cur, f.orig) {
			continue
		}
		if !fr.interrupted {
			select {
			case <-fixSignals:
				fr.interrupted = true
			default:
			}
		}
		if fr.interrupted {
			left++
			continue
		}
		target, err := fixTarget(f.path, tree)
		if err == nil && written[target] {
			continue
		}
		if err == nil {
			if beforeFixWrite != nil {
				beforeFixWrite(f.path)
			}
			err = fw.write(target, f)
		}
		if err != nil {
			e.notef("%s: not fixed: %v", f.path, err)
			failed = append(failed, f.path)
			fr.status = exitError
			continue
		}
		written[target] = true
		files++
		problems += f.fixed
	}
	if problems > 0 || files > 0 {
		e.notef("fixed %s in %s", plural(problems, "problem"), plural(files, "file"))
	}
	if fr.interrupted {
		e.notef("interrupted: %s left unfixed", plural(left, "more file"))
		fr.status = exitInterrupted
		return
	}
	if len(failed) == 0 {
		return
	}
	// The last lint was of the fixed text; for the files left as they were,
	// lint what is on disk now.
	notWritten := map[string]bool{}
	for _, p := range failed {
		notWritten[p] = true
	}
	for i := range inputs {
		if notWritten[inputs[i].Path] {
			inputs[i].Src = nil
		}
	}
	fr.after = eng.Run(inputs)
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// resolvedRoots returns the directories being linted with every symlink
// resolved: a named directory, or the directory of a named file.
func resolvedRoots(roots []string) []string {
	var out []string
	for _, r := range roots {
		if st, err := os.Stat(r); err == nil && !st.IsDir() {
			r = filepath.Dir(r)
		}
		if abs, err := filepath.Abs(r); err == nil {
			if real, err := filepath.EvalSymlinks(abs); err == nil {
				out = append(out, real)
			}
		}
	}
	return out
}

// fixTarget is the file to write for path: path itself, or the file a
// symlink leads to, which must lie inside the linted tree.
func fixTarget(path string, tree []string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return "", err
	}
	for _, root := range tree {
		if within(real, root) {
			return real, nil
		}
	}
	return "", fmt.Errorf("it leads to %s, outside the linted tree", real)
}

func within(p, root string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// cleanErr drops the path from an *fs.PathError: the message already
// names the file.
func cleanErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return fmt.Errorf("%s: %w", le.Op, le.Err)
	}
	return err
}

// fixAndReport is --fix: fix, write (or with --diff, show), then report
// what remains. With --stdin nothing is written: the fixed text goes to
// stdout, as formatters do for editors, and the diagnostics that remain
// to stderr.
func fixAndReport(eng *rules.Engine, inputs []rules.Input, roots []string, o options, oo outputOptions,
	reg *rules.Registry, failLevel rules.Severity, status int, e *env) int {
	fr := fixInputs(eng, inputs, e)
	if o.diff {
		for _, err := range fr.before.Errors {
			e.notef("%v", err)
			status = exitError
		}
		files, problems := 0, 0
		for _, f := range fr.files {
			if err := unifiedDiff(e.stdout, filepath.ToSlash(f.path), f.orig, f.cur); err != nil {
				e.notef("writing output: %v", err)
				return exitError
			}
			if !bytes.Equal(f.orig, f.cur) {
				files++
				problems += f.fixed
			}
		}
		e.notef("--fix would fix %s in %s; nothing written", plural(problems, "problem"), plural(files, "file"))
		// The files are as they were: their diagnostics decide the status.
		return exitStatus(fr.before, failLevel, status)
	}

	out := e.stdout
	if o.stdin {
		if len(fr.files) == 1 {
			if _, err := e.stdout.Write(fr.files[0].cur); err != nil {
				e.notef("writing output: %v", err)
				return exitError
			}
		}
		out = e.stderr
	} else {
		writeFixes(fr, eng, inputs, roots, e)
		if fr.interrupted {
			return fr.status
		}
		status = max(status, fr.status)
	}
	for _, err := range fr.after.Errors {
		e.notef("%v", err)
		status = exitError
	}
	oo.fixed, oo.failed = true, status == exitError
	if err := output(out, oo, fr.after, reg, sourcesOf(inputs), e); err != nil {
		e.notef("writing output: %v", err)
		return exitError
	}
	return exitStatus(fr.after, failLevel, status)
}
