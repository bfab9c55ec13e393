package rules_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/postlint/postlint/rules"
)

// readSet reads every Markdown file under root, sorted by path.
func readSet(t *testing.T, root string) []rules.Input {
	t.Helper()
	var inputs []rules.Input
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && (strings.HasSuffix(p, ".md") || strings.HasSuffix(p, ".markdown")) {
			src, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			inputs = append(inputs, rules.Input{Path: p, Src: src})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return inputs
}

// sameResult fails the test when got and want differ in any diagnostic,
// file count or error.
func sameResult(t *testing.T, what string, got, want *rules.Result) {
	t.Helper()
	if got.Files != want.Files {
		t.Errorf("%s: %d files, a full run %d", what, got.Files, want.Files)
	}
	if posts(got) != posts(want) {
		t.Errorf("%s: posts\n%s\na full run\n%s", what, posts(got), posts(want))
	}
	if fmt.Sprint(got.Errors) != fmt.Sprint(want.Errors) {
		t.Errorf("%s: errors %v, a full run %v", what, got.Errors, want.Errors)
	}
	if !reflect.DeepEqual(got.Diagnostics, want.Diagnostics) {
		g, w := diagLines(got.Diagnostics), diagLines(want.Diagnostics)
		for _, l := range g {
			if !slices.Contains(w, l) {
				t.Errorf("%s: not in a full run: %s", what, l)
			}
		}
		for _, l := range w {
			if !slices.Contains(g, l) {
				t.Errorf("%s: missing from a full run: %s", what, l)
			}
		}
		if !t.Failed() {
			t.Errorf("%s: the same diagnostics as a full run, but not the same in every field or order", what)
		}
	}
}

func diagLines(ds []rules.Diagnostic) []string {
	var out []string
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%s:%d:%d: %s [%s]", d.Path, d.Line, d.Column, d.Message, d.Rule))
	}
	return out
}

// changedPaths are the paths whose diagnostics differ between two results.
func changedPaths(a, b *rules.Result) []string {
	group := func(r *rules.Result) map[string][]rules.Diagnostic {
		m := map[string][]rules.Diagnostic{}
		for _, d := range r.Diagnostics {
			m[d.Path] = append(m[d.Path], d)
		}
		return m
	}
	ga, gb := group(a), group(b)
	var out []string
	for p, ds := range ga {
		if !reflect.DeepEqual(ds, gb[p]) {
			out = append(out, p)
		}
	}
	for p := range gb {
		if _, ok := ga[p]; !ok {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

func replaced(inputs []rules.Input, path string, src []byte) []rules.Input {
	out := slices.Clone(inputs)
	for i := range out {
		if out[i].Path == path {
			out[i].Src = src
		}
	}
	return out
}

func without(inputs []rules.Input, path string) []rules.Input {
	return slices.DeleteFunc(slices.Clone(inputs), func(in rules.Input) bool { return in.Path == path })
}

// checkRelint edits each of the files at picks (giving it the text of the
// next file of the set, so that titles, slugs, tags, headings and links
// all change, then emptying it), puts it back and removes it, and checks
// that the snapshot gives what a full run over the same files gives, and
// names the files whose diagnostics changed.
func checkRelint(t *testing.T, eng *rules.Engine, inputs []rules.Input, picks []int) {
	t.Helper()
	base := eng.Lint(inputs)
	baseRes := base.Result()
	sameResult(t, "a snapshot", baseRes, eng.Run(inputs))
	for _, i := range picks {
		path := inputs[i].Path
		for _, edit := range []struct {
			name string
			src  []byte
		}{
			{"given the text of " + inputs[(i+1)%len(inputs)].Path, inputs[(i+1)%len(inputs)].Src},
			{"emptied", []byte{}},
		} {
			what := path + " " + edit.name
			edited := replaced(inputs, path, edit.src)
			want := eng.Run(edited)
			snap, changed := base.Update(rules.Input{Path: path, Src: edit.src})
			sameResult(t, what, snap.Result(), want)
			if w := changedPaths(baseRes, want); !slices.Equal(changed, w) {
				t.Errorf("%s: Update says %q changed, a full run %q", what, changed, w)
			}
			back, changedBack := snap.Update(rules.Input{Path: path, Src: inputs[i].Src})
			sameResult(t, what+", then put back", back.Result(), baseRes)
			if !slices.Equal(changedBack, changed) {
				t.Errorf("%s, then put back: Update says %q changed, want %q", what, changedBack, changed)
			}
		}
		gone, changed := base.Remove(path)
		want := eng.Run(without(inputs, path))
		sameResult(t, path+" removed", gone.Result(), want)
		if w := changedPaths(baseRes, want); !slices.Equal(changed, w) {
			t.Errorf("%s removed: Remove says %q changed, a full run %q", path, changed, w)
		}
		if gone.Has(path) || !base.Has(path) {
			t.Errorf("%s removed: Has is %v after, %v before", path, gone.Has(path), base.Has(path))
		}
	}
	// The base snapshot is untouched by all of this.
	sameResult(t, "the first snapshot after the updates", base.Result(), baseRes)
}

// TestSnapshotRelint checks re-linting one file against a full run, over
// every Markdown file of the test data as one set: the files of the
// whole-set rules (links between posts, titles, slugs, tags) and, for a
// few of the others, that nothing else changes.
func TestSnapshotRelint(t *testing.T) {
	inputs := readSet(t, filepath.Join("..", "testdata"))
	var picks []int
	for i, in := range inputs {
		p := filepath.ToSlash(in.Path)
		if strings.Contains(p, "/links/") || strings.Contains(p, "/crosspost/") || strings.Contains(p, "/directives/") || i%20 == 0 {
			picks = append(picks, i)
		}
	}
	if len(picks) < 20 {
		t.Fatalf("only %d files to edit in the test data", len(picks))
	}
	if raceEnabled {
		// Every third is enough to race the snapshots' sharing.
		picks = slices.DeleteFunc(picks, func(i int) bool { return i%3 != 0 })
	}
	checkRelint(t, &rules.Engine{Config: quietConfig(), Offline: true}, inputs, picks)
}

// TestSnapshotRelintCorpus does the same over the real posts of
// ../shared/corpus, for one of them.
func TestSnapshotRelintCorpus(t *testing.T) {
	root := filepath.Join("..", "..", "shared", "corpus")
	if _, err := os.Stat(root); err != nil {
		t.Skip("no corpus at", root)
	}
	if testing.Short() || raceEnabled {
		t.Skip("linting the corpus five times is not short (nor quick under the race detector, which the test data variant runs)")
	}
	inputs := readSet(t, root)
	checkRelint(t, &rules.Engine{Config: quietConfig(), Offline: true}, inputs, []int{len(inputs) / 2})
}

// TestSnapshotDiskInputs checks a set whose files are read from disk, as a
// language server indexes a workspace, with one of them open in memory.
func TestSnapshotDiskInputs(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	a := write("a.md", "---\ntitle: One\ndate: 2024-01-01\ntags: [x]\n---\n\nSee [b](b.md#usage).\n")
	b := write("b.md", "---\ntitle: Two\ndate: 2024-01-02\ntags: [x]\n---\n\n## Usage\n")
	eng := &rules.Engine{Config: quietConfig(), Offline: true}
	s := eng.Lint([]rules.Input{{Path: a}, {Path: b}})
	if ds := s.Diagnostics(a); len(ds) != 0 {
		t.Fatalf("a.md: %v", diagLines(ds))
	}
	// b.md, open in an editor, loses its heading and takes a's title.
	s2, changed := s.Update(rules.Input{Path: b, Src: []byte("---\ntitle: One\ndate: 2024-01-02\ntags: [x]\n---\n\nNo headings now.\n")})
	if !slices.Equal(changed, []string{a, b}) {
		t.Errorf("changed %q, want both files", changed)
	}
	got := diagLines(s2.Diagnostics(a))
	want := []string{
		a + `:2:8: title "One" is also the title of ` + b + ` [duplicate-title]`,
		a + `:7:9: no heading or anchor "#usage" in b.md [broken-link]`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("a.md after b.md changed:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Closed unsaved: the file on disk is b.md again.
	s3, changed := s2.Update(rules.Input{Path: b})
	if !slices.Equal(changed, []string{a, b}) || len(s3.Diagnostics(a)) != 0 || len(s3.Diagnostics(b)) != 0 {
		t.Errorf("back to disk: changed %q, a.md %v, b.md %v", changed, diagLines(s3.Diagnostics(a)), diagLines(s3.Diagnostics(b)))
	}
	if err := os.Remove(b); err != nil {
		t.Fatal(err)
	}
	s4, changed := s3.Remove(b)
	if !slices.Equal(changed, []string{a}) || !slices.Equal(s4.Paths(), []string{a}) {
		t.Errorf("b.md deleted: changed %q, paths %q", changed, s4.Paths())
	}
	if got := diagLines(s4.Diagnostics(a)); len(got) != 1 || !strings.Contains(got[0], `"b.md" does not exist`) {
		t.Errorf("a.md after b.md was deleted: %q", got)
	}
}

// posts renders Result.Posts, times with their zones, in path order.
func posts(r *rules.Result) string {
	var b strings.Builder
	var paths []string
	for p := range r.Posts {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		m := r.Posts[p]
		fmt.Fprintf(&b, "%s %q %v %s %v %v\n", p, m.Title, m.HasDate, m.Date.Time.Format(time.RFC3339Nano+" MST"), m.Date.Floating, m.Date.DateOnly)
	}
	return b.String()
}

// Rules reuse scratch space from post to post (see Document.AfterLint):
// what one post leaves there never shows in the next. Linted one at a
// time in one order and then in the other, every post gets the same
// diagnostics.
func TestReuseBetweenPosts(t *testing.T) {
	inputs := readSet(t, filepath.Join("..", "testdata"))
	lint := func(in []rules.Input) map[string][]rules.Diagnostic {
		eng := &rules.Engine{Config: quietConfig(), Offline: true, Jobs: 1,
			Now: func() time.Time { return time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC) }}
		byPath := map[string][]rules.Diagnostic{}
		for _, d := range eng.Run(in).Diagnostics {
			byPath[d.Path] = append(byPath[d.Path], d)
		}
		return byPath
	}
	// Given as bytes, and read from disk into the buffer of the post
	// before.
	fromDisk := slices.Clone(inputs)
	for i := range fromDisk {
		fromDisk[i].Src = nil
	}
	for _, set := range []struct {
		name   string
		inputs []rules.Input
	}{{"bytes", inputs}, {"disk", fromDisk}} {
		forward := lint(set.inputs)
		reversed := slices.Clone(set.inputs)
		slices.Reverse(reversed)
		backward := lint(reversed)
		if len(forward) == 0 {
			t.Fatal("no diagnostics on the test data")
		}
		for p, want := range forward {
			if !reflect.DeepEqual(backward[p], want) {
				t.Errorf("%s (%s): linted after other posts:\n%s\nbefore them:\n%s", p, set.name,
					strings.Join(diagLines(backward[p]), "\n"), strings.Join(diagLines(want), "\n"))
			}
		}
		for p := range backward {
			if _, ok := forward[p]; !ok {
				t.Errorf("%s (%s): diagnostics only when linted after other posts", p, set.name)
			}
		}
	}
}
