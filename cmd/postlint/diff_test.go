package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var hunkHeader = regexp.MustCompile(`^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@$`)

// applyDiff applies a unified diff of one file to a strictly: every
// context and removed line must match, every count must add up.
func applyDiff(t *testing.T, a []byte, diff string) []byte {
	t.Helper()
	if diff == "" {
		return a
	}
	old := splitLines(a)
	lines := strings.SplitAfter(diff, "\n")
	if len(lines) < 2 || !strings.HasPrefix(lines[0], "--- a/") || !strings.HasPrefix(lines[1], "+++ b/") {
		t.Fatalf("no file header:\n%s", diff)
	}
	var out []line
	pos := 0 // next line of old to copy
	i := 2
	for i < len(lines) && lines[i] != "" {
		m := hunkHeader.FindStringSubmatch(strings.TrimSuffix(lines[i], "\n"))
		if m == nil {
			t.Fatalf("bad hunk header %q in\n%s", lines[i], diff)
		}
		num := func(s string, def int) int {
			if s == "" {
				return def
			}
			n, _ := strconv.Atoi(s)
			return n
		}
		aStart, aLen, bStart, bLen := num(m[1], 0), num(m[2], 1), num(m[3], 0), num(m[4], 1)
		from := aStart - 1
		if aLen == 0 {
			from = aStart // an empty range names the line before it
		}
		if from < pos {
			t.Fatalf("hunks overlap or go backwards at %q", lines[i])
		}
		out = append(out, old[pos:from]...)
		if bLen > 0 && bStart-1 != len(out) || bLen == 0 && bStart != len(out) {
			t.Fatalf("hunk %q: new side starts at %d, but %d lines are out", lines[i], bStart, len(out))
		}
		pos = from
		i++
		seenA, seenB := 0, 0
		for i < len(lines) && lines[i] != "" && !strings.HasPrefix(lines[i], "@@") {
			l := lines[i]
			i++
			text := strings.TrimSuffix(l[1:], "\n")
			eol := true
			if i < len(lines) && strings.HasPrefix(lines[i], `\ No newline at end of file`) {
				eol = false
				i++
			}
			cur := line{text: []byte(text), hasEOL: eol}
			switch l[0] {
			case ' ', '-':
				if pos >= len(old) || !sameLine(old[pos], cur) {
					t.Fatalf("line %d of the old file is not %q", pos+1, text)
				}
				pos++
				seenA++
				if l[0] == ' ' {
					out = append(out, cur)
					seenB++
				}
			case '+':
				out = append(out, cur)
				seenB++
			default:
				t.Fatalf("bad diff line %q", l)
			}
		}
		if seenA != aLen || seenB != bLen {
			t.Fatalf("hunk counts %d,%d, header says %d,%d:\n%s", seenA, seenB, aLen, bLen, diff)
		}
	}
	out = append(out, old[pos:]...)
	var b []byte
	for _, l := range out {
		b = append(b, l.text...)
		if l.hasEOL {
			b = append(b, '\n')
		}
	}
	return b
}

func diffString(t *testing.T, a, b string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := unifiedDiff(&buf, "x.md", []byte(a), []byte(b)); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestUnifiedDiff(t *testing.T) {
	for _, tc := range []struct{ name, a, b, want string }{
		{"equal", "a\nb\n", "a\nb\n", ""},
		{"one line", "a\nb\nc\n", "a\nB\nc\n", "--- a/x.md\n+++ b/x.md\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"},
		{"no newline at end", "a\nb", "a\nB", "--- a/x.md\n+++ b/x.md\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+B\n\\ No newline at end of file\n"},
		{"newline added at end", "a", "a\n", "--- a/x.md\n+++ b/x.md\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+a\n"},
		{"from empty", "", "a\n", "--- a/x.md\n+++ b/x.md\n@@ -0,0 +1 @@\n+a\n"},
		{"to empty", "a\n", "", "--- a/x.md\n+++ b/x.md\n@@ -1 +0,0 @@\n-a\n"},
		{"two hunks", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", "1\nTWO\n3\n4\n5\n6\n7\n8\n9\n10\nELEVEN\n12\n",
			"--- a/x.md\n+++ b/x.md\n@@ -1,5 +1,5 @@\n 1\n-2\n+TWO\n 3\n 4\n 5\n@@ -8,5 +8,5 @@\n 8\n 9\n 10\n-11\n+ELEVEN\n 12\n"},
		{"close changes share a hunk", "1\n2\n3\n4\n5\n6\n7\n8\n9\n", "ONE\n2\n3\n4\n5\n6\n7\nEIGHT\n9\n",
			"--- a/x.md\n+++ b/x.md\n@@ -1,9 +1,9 @@\n-1\n+ONE\n 2\n 3\n 4\n 5\n 6\n 7\n-8\n+EIGHT\n 9\n"},
		{"crlf kept", "a\r\nb\r\n", "a\r\nB\r\n", "--- a/x.md\n+++ b/x.md\n@@ -1,2 +1,2 @@\n a\r\n-b\r\n+B\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := diffString(t, tc.a, tc.b)
			if got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
			if back := applyDiff(t, []byte(tc.a), got); string(back) != tc.b {
				t.Errorf("applied: %q, want %q", back, tc.b)
			}
		})
	}
}

// TestUnifiedDiffRandom checks on random edits that the diff, applied
// strictly, gives the new text, and that it is small.
func TestUnifiedDiffAbsolutePath(t *testing.T) {
	var buf bytes.Buffer
	abs := filepath.Join(t.TempDir(), "x.md")
	if err := unifiedDiff(&buf, filepath.ToSlash(abs), []byte("a\n"), []byte("b\n")); err != nil {
		t.Fatal(err)
	}
	if want := "--- " + filepath.ToSlash(abs) + "\n+++ " + filepath.ToSlash(abs) + "\n@@ -1 +1 @@\n-a\n+b\n"; buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}

func TestUnifiedDiffRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	words := []string{"a", "b", "c", "", "##x", "## x"}
	for n := range 2000 {
		var a []string
		for range r.IntN(30) {
			a = append(a, words[r.IntN(len(words))])
		}
		b := append([]string(nil), a...)
		changes := r.IntN(5)
		for range changes {
			switch k := r.IntN(3); {
			case k == 0 && len(b) > 0:
				i := r.IntN(len(b))
				b = append(b[:i], b[i+1:]...)
			case k == 1:
				i := r.IntN(len(b) + 1)
				b = append(b[:i], append([]string{words[r.IntN(len(words))]}, b[i:]...)...)
			case len(b) > 0:
				b[r.IntN(len(b))] = words[r.IntN(len(words))]
			}
		}
		as, bs := strings.Join(a, "\n"), strings.Join(b, "\n")
		if r.IntN(2) == 0 {
			as += "\n"
		}
		if r.IntN(2) == 0 {
			bs += "\n"
		}
		d := diffString(t, as, bs)
		if got := applyDiff(t, []byte(as), d); string(got) != bs {
			t.Fatalf("case %d: applying\n%s\nto %q gave %q, want %q", n, d, as, got, bs)
		}
		// Myers finds a shortest script: never more removed and added
		// lines than two per change, plus the last line's newline.
		removed, added := 0, 0
		for _, l := range strings.Split(d, "\n") {
			if strings.HasPrefix(l, "-") && !strings.HasPrefix(l, "---") {
				removed++
			}
			if strings.HasPrefix(l, "+") && !strings.HasPrefix(l, "+++") {
				added++
			}
		}
		if removed+added > 2*changes+2 {
			t.Fatalf("case %d: %d lines changed for %d edits:\n%s", n, removed+added, changes, d)
		}
	}
}

// TestUnifiedDiffGitApply checks that git, which is stricter than patch,
// accepts what we print.
func TestUnifiedDiffGitApply(t *testing.T) {
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	a := "---\ntitle: T\n---\n\n##One\n" + strings.Repeat("text\n", 10) + "##Two\nlast"
	b := "---\ntitle: T\n---\n\n## One\n" + strings.Repeat("text\n", 10) + "## Two\nlast"
	if err := os.WriteFile(filepath.Join(dir, "x.md"), []byte(a), 0o644); err != nil {
		t.Fatal(err)
	}
	patch := filepath.Join(t.TempDir(), "p.diff")
	if err := os.WriteFile(patch, []byte(diffString(t, a, b)), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(git, "apply", "--unsafe-paths", "--directory=", patch)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CEILING_DIRECTORIES="+filepath.Dir(dir))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git apply: %v\n%s", err, out)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "x.md"))
	if string(got) != b {
		t.Errorf("git applied it as %q", got)
	}
}

func TestDiffCostBound(t *testing.T) {
	// Every line differs: past maxDiffCost the diff is one removal and one
	// addition, still correct.
	var a, b strings.Builder
	for i := range maxDiffCost + 10 {
		fmt.Fprintf(&a, "a%d\n", i)
		fmt.Fprintf(&b, "b%d\n", i)
	}
	d := diffString(t, a.String(), b.String())
	if got := applyDiff(t, []byte(a.String()), d); string(got) != b.String() {
		t.Error("the bounded diff does not apply")
	}
}
