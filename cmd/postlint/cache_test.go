package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// copyPosts copies the Markdown files under src into a new directory with
// an empty config, their times an hour back as after a checkout long ago.
func copyPosts(t *testing.T, src string) string {
	t.Helper()
	dir := t.TempDir()
	old := time.Now().Add(-time.Hour)
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !isMarkdown(p) {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		dst := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			return err
		}
		return os.Chtimes(dst, old, old)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".postlint.yml"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// checkCache lints dir cold (filling the result cache), warm, and with one
// post edited, and compares each with a run without the cache: the output
// is byte for byte the same, in every format.
func checkCache(t *testing.T, dir string) {
	t.Helper()
	for _, format := range []string{"text", "json"} {
		if err := os.RemoveAll(filepath.Join(dir, ".postlint-cache")); err != nil {
			t.Fatal(err)
		}
		args := []string{"--offline", "--format", format, "--color", "never", "."}
		lint := func(what string, extra ...string) (string, string, int) {
			t.Helper()
			out, errOut, code := runCLI(t, dir, "", nil, append(extra, args...)...)
			if strings.Contains(errOut, "result cache") {
				t.Errorf("%s: %s", what, errOut)
			}
			return out, errOut, code
		}
		same := func(what string) {
			t.Helper()
			want, wantErr, wantCode := lint(what+", no cache", "--no-cache")
			got, gotErr, gotCode := lint(what)
			if got != want || gotErr != wantErr || gotCode != wantCode {
				t.Errorf("%s, %s: output differs from a run without the cache (exit %d, want %d)\n%.2000s\nwant\n%.2000s",
					format, what, gotCode, wantCode, got, want)
			}
		}
		same("cold")
		if files, _ := filepath.Glob(filepath.Join(dir, ".postlint-cache", "results-*.bin")); len(files) != 1 {
			t.Fatalf("no result file after a cold run: %q", files)
		}
		same("warm")
		var posts []string
		_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && isMarkdown(p) {
				posts = append(posts, p)
			}
			return nil
		})
		edited := posts[len(posts)/3]
		src, _ := os.ReadFile(edited)
		if err := os.WriteFile(edited, append(src, []byte("\n## Kubecon recap\n\nSee [the notes](#nowhere).\n")...), 0o644); err != nil {
			t.Fatal(err)
		}
		same("one post edited")
		same("one post edited, warm")
		if err := os.WriteFile(edited, src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestCacheOutputTestData(t *testing.T) {
	checkCache(t, copyPosts(t, filepath.Join("..", "..", "testdata")))
}

func TestCacheOutputCorpus(t *testing.T) {
	corpus := filepath.Join("..", "..", "..", "shared", "corpus")
	if _, err := os.Stat(corpus); err != nil {
		t.Skip("no corpus at", corpus, "- the test data variant ran instead")
	}
	if testing.Short() {
		t.Skip("linting the corpus sixteen times is not short")
	}
	checkCache(t, copyPosts(t, corpus))
}

// --fix and --stdin with a warm cache do what they do without one.
func TestCacheFixAndStdin(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		".postlint.yml": "",
		"a.md":          post("Alpha", "We will sovle it.\n"),
		"b.md":          post("Beta", "See [alpha](a.md#nowhere).\n"),
	})
	runCLI(t, dir, "", nil, "--offline", ".") // fills the cache
	out, _, _ := runCLI(t, dir, "", nil, "--offline", "--fix", ".")
	fixed, _ := os.ReadFile(filepath.Join(dir, "a.md"))
	if !strings.Contains(string(fixed), "We will solve it.") {
		t.Errorf("--fix with a warm cache left\n%s", fixed)
	}
	if strings.Contains(out, "sovle") {
		t.Errorf("after --fix:\n%s", out)
	}
	again, _, _ := runCLI(t, dir, "", nil, "--offline", ".")
	want, _, _ := runCLI(t, dir, "", nil, "--offline", "--no-cache", ".")
	if again != want {
		t.Errorf("after --fix, warm:\n%s\nwant\n%s", again, want)
	}
	// Standard input stands for a.md as the editor has it, unsaved.
	in := post("Alpha", "We will sovle it again.\n")
	got, _, _ := runCLI(t, dir, in, nil, "--offline", "--stdin", "--stdin-filename", "a.md")
	wantIn, _, _ := runCLI(t, dir, in, nil, "--offline", "--no-cache", "--stdin", "--stdin-filename", "a.md")
	if got != wantIn || !strings.Contains(got, "sovle") {
		t.Errorf("--stdin with a warm cache:\n%s\nwant\n%s", got, wantIn)
	}
	// And the file on disk is still what the cache says.
	after, _, _ := runCLI(t, dir, "", nil, "--offline", ".")
	if after != want {
		t.Errorf("after --stdin, warm:\n%s\nwant\n%s", after, want)
	}
}

// A damaged result file is ignored with a notice, and replaced.
func TestCacheDamaged(t *testing.T) {
	dir := writeFiles(t, map[string]string{".postlint.yml": "", "a.md": post("Alpha", "We will sovle it.\n")})
	want, _, _ := runCLI(t, dir, "", nil, "--offline", ".")
	files, _ := filepath.Glob(filepath.Join(dir, ".postlint-cache", "results-*.bin"))
	if len(files) != 1 {
		t.Fatalf("result files %q", files)
	}
	if err := os.WriteFile(files[0], []byte("postlint results v1\ngarbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, errOut, _ := runCLI(t, dir, "", nil, "--offline", ".")
	if got != want || !strings.Contains(errOut, "postlint: result cache: ") || !strings.Contains(errOut, "ignored") {
		t.Errorf("with a damaged cache:\n%s\nstderr: %s", got, errOut)
	}
	_, errOut, _ = runCLI(t, dir, "", nil, "--offline", ".")
	if strings.Contains(errOut, "result cache") {
		t.Errorf("the damaged cache was not replaced: %s", errOut)
	}
}

func isMarkdown(p string) bool {
	return strings.HasSuffix(p, ".md") || strings.HasSuffix(p, ".markdown")
}

// What a verdict reads outside the post is part of its cached result: a
// site config file written next to the posts, or a post added beside an
// index.md, changes the next warm run as it changes a run without the
// cache.
func TestCacheSeesSiteFiles(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		".postlint.yml": "",
		// 01:00 UTC on the 2nd is still the 1st in New York.
		"_posts/2024-05-01-late.md": "---\ntitle: Late\ndate: 2024-05-02T01:00:00Z\ntags: [go]\n---\n\nText.\n",
		// Alone in its folder, a Hugo bundle's page: a post, and it lacks a title.
		"bundle/index.md": "---\ndate: 2024-05-01\ntags: [go]\n---\n\nText.\n",
	})
	step := func(what, wantIn, wantOut string) {
		t.Helper()
		want, _, _ := runCLI(t, dir, "", nil, "--offline", "--no-cache", "--color", "never", ".")
		got, _, _ := runCLI(t, dir, "", nil, "--offline", "--color", "never", ".")
		if got != want {
			t.Errorf("%s: a warm run says\n%s\nwithout the cache:\n%s", what, got, want)
		}
		if wantIn != "" && !strings.Contains(want, wantIn) || wantOut != "" && strings.Contains(want, wantOut) {
			t.Errorf("%s: want %q and not %q in\n%s", what, wantIn, wantOut, want)
		}
	}
	runCLI(t, dir, "", nil, "--offline", ".") // fills the cache
	step("cold", "[date-mismatch]", "")
	if err := os.WriteFile(filepath.Join(dir, "_config.yml"), []byte("timezone: America/New_York\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	step("_config.yml written", "", "[date-mismatch]")
	step("_config.yml written, warm", "", "[date-mismatch]")
	step("a post in a bundle", "bundle/index.md", "")
	if err := os.WriteFile(filepath.Join(dir, "bundle", "other.md"), []byte(post("Other", "Text.\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	step("a post beside index.md", "", "bundle/index.md")
	step("a post beside index.md, warm", "", "bundle/index.md")
}

// A cache directory that cannot be made (a file has its name) costs the
// run its cache and nothing else: the output is that of --no-cache, with a
// notice on standard error each time, and the file is left alone.
func TestCacheUnwritable(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		".postlint.yml":   "",
		".postlint-cache": "not a directory\n",
		"a.md":            post("Alpha", "We will sovle it.\n"),
		"b.md":            post("Beta", "See [alpha](a.md#nowhere).\n"),
	})
	want, _, wantCode := runCLI(t, dir, "", nil, "--offline", "--no-cache", ".")
	for _, run := range []string{"first", "second"} {
		got, errOut, code := runCLI(t, dir, "", nil, "--offline", ".")
		if got != want || code != wantCode {
			t.Errorf("%s run: exit %d, want %d; output\n%s\nwant\n%s", run, code, wantCode, got, want)
		}
		if !strings.Contains(errOut, "result cache: not saved: ") {
			t.Errorf("%s run: no notice that the cache was not saved:\n%s", run, errOut)
		}
	}
	if b, err := os.ReadFile(filepath.Join(dir, ".postlint-cache")); err != nil || string(b) != "not a directory\n" {
		t.Errorf("the file named .postlint-cache is now %q (%v)", b, err)
	}
}

// What the walk and the result cache have to say comes first, in that
// order, before the notices of the whole-set pass.
func TestNoticeOrder(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		".postlint.yml":   "",
		".postlint-cache": "not a directory\n",
		"empty/notes.txt": "no posts here\n",
	})
	_, errOut, code := runCLI(t, dir, "", nil, "--offline", "empty")
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(errOut), "\n") {
		if strings.HasPrefix(line, "postlint: ") {
			got = append(got, strings.SplitN(line, ":", 3)[1])
		}
	}
	want := []string{" empty", " result cache", " links cache"}
	if strings.Join(got, ",") != strings.Join(want, ",") || code != 0 {
		t.Errorf("exit %d, notices in the order %q, want %q:\n%s", code, got, want, errOut)
	}
}
