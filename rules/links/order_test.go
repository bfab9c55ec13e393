package links_test

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/links"
	"github.com/postlint/postlint/rules/registry"
	"github.com/postlint/postlint/rules/rulestest"
)

// orderTree writes posts whose broken-link verdicts depend on what the
// whole-set pass finds while it checks them: unlinted posts of the
// folders linked into, filed under their slugs (the first of a folder in
// name order wins), anchors and near misses in them, files and images
// that are not there, and more near misses of long headings than the
// search for a "did you mean" has time for (which of them get one
// depends on the order they are looked at in). With unordered, it adds a slug that two folders'
// scans file (so the order the links are checked in decides which post
// it names). It returns the posts to lint, not every post written.
func orderTree(t *testing.T, dir string, unordered bool) []string {
	const posts, folders = 60, 12
	fs := map[string]string{}
	var linted []string
	for i := range 10 {
		fs[fmt.Sprintf("blog/u%d.md", i)] = fmt.Sprintf("---\nslug: shared\n---\n## From u%d\n", i)
	}
	fs["blog/img/real.png"] = "png"
	long := strings.Repeat("x", 190)
	var big strings.Builder
	for j := range posts {
		fmt.Fprintf(&big, "## S%03d %s\n\n", j, long)
	}
	fs["blog/big.md"] = big.String()
	linted = append(linted, filepath.Join(dir, "blog/big.md"))
	for k := range folders {
		fs[fmt.Sprintf("docs/sub%d/b.md", k)] = fmt.Sprintf("---\nslug: s%d\n---\n## Doc %d\n", k, k)
		fs[fmt.Sprintf("docs/sub%d/a.md", k)] = fmt.Sprintf("---\nslug: s%d\n---\n## First %d\n", k, k)
	}
	if unordered {
		// blog/foo is aaa.md when blog is scanned first, zzz/index.md
		// when blog/zzz is.
		fs["blog/aaa.md"] = "---\nslug: foo\n---\n## In aaa\n"
		fs["blog/zzz/index.md"] = "---\nslug: foo\n---\n## In zzz\n"
	}
	for i := range posts {
		var b strings.Builder
		if unordered && i == posts-1 {
			b.WriteString("[x](zzz/missing)\n\n")
		}
		fmt.Fprintf(&b, "# Post %d\n\n## Heading %d\n\n", i, i)
		fmt.Fprintf(&b, "[z](big.md#s%03d-%sy)\n\n", i, long[1:])
		fmt.Fprintf(&b, "[a](shared#from-u0) [b](shared#from-u1) [c](missing-%d.md) [d](post%02d.md#heading-%d)\n\n", i, (i+7)%posts, (i+7)%posts)
		fmt.Fprintf(&b, "[e](post%02d.md#heding-%d) [f](#nope) [g](#heading-%d) ![h](img/%d.png) ![r](img/real.png)\n\n", (i+3)%posts, (i+3)%posts, i, i)
		k := i % folders
		fmt.Fprintf(&b, "[s](../docs/sub%d/s%d#first-%d) [t](../docs/sub%d/s%d#doc-%d) [u](../docs/sub%d/none)\n\n", k, k, k, k, k, k, k)
		if unordered {
			b.WriteString("[v](foo#in-aaa) [w](foo#in-zzz)\n\n")
		}
		p := fmt.Sprintf("blog/post%02d.md", i)
		fs[p] = b.String()
		linted = append(linted, filepath.Join(dir, p))
	}
	files(t, dir, fs)
	return linted
}

// lintAt lints the posts, broken-link only, with GOMAXPROCS at procs, and
// returns every diagnostic and notice as text.
func lintAt(t *testing.T, dir string, paths []string, procs int) string {
	t.Helper()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
	reg := registry.Default()
	cfg := rules.DefaultConfig(reg)
	rulestest.Only(t, cfg, reg, "broken-link")
	var log strings.Builder
	lc := cfg.Section("links").(*links.Config)
	lc.Log, lc.NoCache, lc.Tree = &log, true, []string{dir}
	var inputs []rules.Input
	for _, p := range paths {
		inputs = append(inputs, rules.Input{Path: p})
	}
	res := (&rules.Engine{Config: cfg, Offline: true}).Run(inputs)
	var b strings.Builder
	for _, err := range res.Errors {
		t.Error(err)
	}
	for _, d := range res.Diagnostics {
		fmt.Fprintf(&b, "%s:%d-%d %s %s %v\n", filepath.Base(d.Path), d.Start, d.End, d.Rule, d.Message, d.Fixes)
	}
	b.WriteString(log.String())
	return b.String()
}

// TestBrokenLinkInAnyOrder: the whole-set pass checks the posts on many
// workers; what it reports is what one worker, checking the posts in
// order, reports.
func TestBrokenLinkInAnyOrder(t *testing.T) {
	for _, unordered := range []bool{false, true} {
		t.Run(fmt.Sprintf("unordered=%v", unordered), func(t *testing.T) {
			dir := t.TempDir()
			paths := orderTree(t, dir, unordered)
			want := lintAt(t, dir, paths, 1)
			expect := []string{"did you mean #from-u0", "did you mean #heading-", "docs/sub3/a.md", "missing-7.md", "img/9.png", "did you mean #s000-", "without a \"did you mean\""}
			if unordered {
				expect = append(expect, "#in-zzz")
			}
			for _, s := range expect {
				if !strings.Contains(want, s) {
					t.Errorf("no %q in what one worker reports:\n%s", s, want)
				}
			}
			for _, procs := range []int{2, 3, 8, 2, 3, 8} {
				if got := lintAt(t, dir, paths, procs); got != want {
					t.Fatalf("GOMAXPROCS %d reports\n%s\none worker\n%s", procs, got, want)
				}
			}
		})
	}
}
