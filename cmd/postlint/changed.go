package main

import (
	"bytes"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/postlint/postlint/rules"
)

// changedSince returns the absolute paths of the files changed since the
// git revision rev: those `git diff --name-only rev` names (changed,
// added or renamed in commits since rev or in the work tree) and the
// untracked ones git does not ignore.
func changedSince(rev string) (map[string]bool, error) {
	if strings.HasPrefix(rev, "-") {
		return nil, fmt.Errorf("--changed-since %q: want a git revision, not a flag", rev)
	}
	top, err := git("rev-parse", "--show-toplevel")
	if err != nil {
		return nil, fmt.Errorf("--changed-since: not in a git work tree: %v", err)
	}
	root := strings.TrimSpace(top)
	diff, err := git("diff", "--name-only", "--no-renames", "-z", rev, "--")
	if err != nil {
		return nil, fmt.Errorf("--changed-since %s: %v", rev, err)
	}
	untracked, err := git("ls-files", "--others", "--exclude-standard", "--full-name", "-z", "--", root)
	if err != nil {
		return nil, fmt.Errorf("--changed-since: listing untracked files: %v", err)
	}
	out := map[string]bool{}
	for _, list := range []string{diff, untracked} {
		for _, p := range strings.Split(list, "\x00") {
			if p != "" {
				out[filepath.Join(root, filepath.FromSlash(p))] = true
			}
		}
	}
	return out, nil
}

func git(args ...string) (string, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.Command("git", args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return "", fmt.Errorf("git %s: %s", args[0], msg)
	}
	return stdout.String(), nil
}

// markUnchanged sets FactsOnly on the inputs not in changed, and returns
// how many are changed. Their files are still read (from the result cache
// when it has them) for the whole-set rules: a changed post may link to
// them or take one of their titles.
func markUnchanged(inputs []rules.Input, changed map[string]bool) int {
	n := 0
	for i := range inputs {
		abs, err := filepath.Abs(inputs[i].Path)
		if err == nil && changed[abs] {
			n++
			continue
		}
		inputs[i].FactsOnly = true
	}
	return n
}

// onlyChanged keeps the diagnostics of the changed inputs alone.
func onlyChanged(res *rules.Result, inputs []rules.Input, n int) {
	unchanged := map[string]bool{}
	for _, in := range inputs {
		if in.FactsOnly {
			unchanged[in.Path] = true
		}
	}
	kept := res.Diagnostics[:0]
	for _, d := range res.Diagnostics {
		if !unchanged[d.Path] {
			kept = append(kept, d)
		}
	}
	res.Diagnostics = kept
	res.Files = n
}
