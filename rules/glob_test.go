package rules_test

import (
	"strings"
	"testing"
	"time"

	"github.com/postlint/postlint/rules"
)

func TestGlobs(t *testing.T) {
	for _, tc := range []struct {
		glob string
		yes  []string
		no   []string
	}{
		{"drafts/**", []string{"drafts", "drafts/a.md", "drafts/x/y/a.md"}, []string{"draftsx", "posts/drafts/a.md"}},
		{"/drafts/", []string{"drafts"}, []string{"drafts/a.md"}},
		{"**/draft-*.md", []string{"draft-x.md", "posts/2017/draft-x.md"}, []string{"posts/draft-x.txt", "draft-/x.md"}},
		{"*.md", []string{"a.md"}, []string{"posts/a.md"}},
		{"posts/*.md", []string{"posts/a.md"}, []string{"posts/x/a.md"}},
		{"a/**/b", []string{"a/b", "a/x/b", "a/x/y/b"}, []string{"ab", "a/xb", "x/a/b"}},
		{"**", []string{"a", "a/b/c"}, nil},
		// Issue 16: "**" anywhere, and {a,b}.
		{"docs/**.md", []string{"docs/a.md", "docs/x/y.md"}, []string{"docs/a.txt", "doc/a.md"}},
		{"{drafts,tmp}/**", []string{"drafts", "tmp/x/y.md", "drafts/a.md"}, []string{"posts/a.md", "draftstmp"}},
		{"posts/{2019,2020}-*.md", []string{"posts/2019-a.md", "posts/2020-b.md"}, []string{"posts/2021-a.md"}},
		{"{a,b{c,d}}/x", []string{"a/x", "bc/x", "bd/x"}, []string{"b/x", "bcd/x"}},
		{"{**/,}x.md", []string{"x.md", "a/b/x.md"}, []string{"ax.md"}},
		{"{,old/}*.md", []string{"a.md", "old/a.md"}, []string{"new/a.md"}},
		{"a?c", []string{"abc", "aéc"}, []string{"ac", "a/c"}},
		{"[a-c]x", []string{"ax", "cx"}, []string{"dx", "/x"}},
		{"[^a-c]x", []string{"dx"}, []string{"ax", "/x"}},
		{"[!.]*", []string{"a"}, []string{".hidden"}},
		{"[+-/]x", []string{"+x", ".x"}, []string{"/x"}},
		{`\*.md`, []string{"*.md"}, []string{"a.md"}},
		{`a\{b,c}`, []string{"a{b,c}"}, []string{"ab"}},
		{"a,b}", []string{"a,b}"}, []string{"a"}},
		{"(x)+.md", []string{"(x)+.md"}, []string{"x.md"}},
	} {
		g, err := rules.CompileGlob(tc.glob)
		if err != nil {
			t.Errorf("%q: %v", tc.glob, err)
			continue
		}
		for _, p := range tc.yes {
			if !g.Match(p) {
				t.Errorf("%q does not match %q", tc.glob, p)
			}
		}
		for _, p := range tc.no {
			if g.Match(p) {
				t.Errorf("%q matches %q", tc.glob, p)
			}
		}
	}
}

func TestBadGlobs(t *testing.T) {
	for glob, want := range map[string]string{
		"posts/[a-": `the "[" at byte 7 is never closed`,
		"[]":        `the "[" at byte 1 is never closed`,
		"{a,b":      `the "{" at byte 1 is never closed`,
		"x/{a,{b}":  `the "{" at byte 3 is never closed`,
		`a\`:        `it ends with a lone \`,
		"[z-a]":     `bad range z-a in the class at byte 1`,
	} {
		if _, err := rules.CompileGlob(glob); err == nil || err.Error() != want {
			t.Errorf("%q: %v, want %s", glob, err, want)
		}
	}
	// In the config: an error with the line of the glob, exit status 2.
	_, err := rules.ParseConfig(testRegistry(), "c.yml", []byte("ignore:\n  - drafts/**\n  - \"{a,b\"\n"))
	if want := `c.yml:3: ignore: bad glob "{a,b": the "{" at byte 1 is never closed`; err == nil || err.Error() != want {
		t.Errorf("config: %v, want %s", err, want)
	}
}

// Globs match in time linear in the path: sixteen "**" against a path of
// forty elements took a backtracking matcher more than 30 s.
func TestGlobLinear(t *testing.T) {
	glob := strings.Repeat("**/a/", 16) + "b"
	name := strings.Repeat("a/", 40) + "c"
	alt := strings.Repeat("{**/a,**/a}/", 12) + "b"
	done := make(chan bool, 1)
	go func() {
		g, err := rules.CompileGlob(glob)
		ga, err2 := rules.CompileGlob(alt)
		done <- err == nil && err2 == nil && !g.Match(name) && !ga.Match(name) && g.Match(strings.Repeat("a/", 40)+"b")
	}()
	select {
	case ok := <-done:
		if !ok {
			t.Error("wrong answers")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("matching took more than 10 s")
	}
}
