package links_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/links"
	"github.com/postlint/postlint/rules/registry"
	"github.com/postlint/postlint/rules/rulestest"
)

// files writes the files of a test tree under dir: path -> content.
func files(t *testing.T, dir string, fs map[string]string) {
	t.Helper()
	for p, content := range fs {
		p = filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// lintOnly lints exactly the given posts as one set, broken-link only,
// with the config text (if any) and its links: section tuned, and checks
// their want comments; it fails the test when the run takes over a
// minute (each case here used to hang, run out of memory or crash).
func lintOnly(t *testing.T, config string, tune func(*links.Config), paths ...string) string {
	t.Helper()
	reg := registry.Default()
	cfg := rules.DefaultConfig(reg)
	if config != "" {
		var err error
		if cfg, err = rules.ParseConfig(reg, ".postlint.yml", []byte(config)); err != nil {
			t.Fatal(err)
		}
	}
	rulestest.Only(t, cfg, reg, "broken-link")
	var log strings.Builder
	lc := cfg.Section("links").(*links.Config)
	lc.Log = &log
	if tune != nil {
		tune(lc)
	}
	var inputs []rules.Input
	for _, p := range paths {
		inputs = append(inputs, rules.Input{Path: p})
	}
	done := make(chan *rules.Result, 1)
	go func() { done <- (&rules.Engine{Config: cfg, Offline: true}).Run(inputs) }()
	select {
	case res := <-done:
		for _, err := range res.Errors {
			t.Error(err)
		}
		rulestest.Check(t, inputs, res.Diagnostics)
	case <-time.After(time.Minute):
		t.Fatal("linting did not finish in a minute")
	}
	return log.String()
}

func symlinkOrSkip(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("no symlinks: %v", err)
	}
}

// Link targets that are not regular files, or are past a limit, are never
// read: a symlink to /dev/zero or /dev/stdin, a FIFO, a 400 MB hidden
// post, a post nested past max_nesting (which crashed broken-link, taking
// every other whole-set result with it).
func TestLinkTargetsNotRegular(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs or /dev")
	}
	dir := t.TempDir()
	nested := "---\ntitle: Nested\n---\n\n## Nested\n\n"
	for i := range 150 {
		nested += strings.Repeat("  ", i) + "- item\n"
	}
	files(t, dir, map[string]string{
		"a.md": `# A

[zero](zero.md#x) <!-- want "\"zero.md\" leads outside the site" -->

[stdin](stdin.md#x) <!-- want "\"stdin.md\" leads outside the site" -->

[fifo](fifo.md#x) <!-- want "\"fifo.md\" is not a regular file" -->

[big](.hidden/big.md#nope) and [nested](nested.md#nope) and [gone](gone.md) <!-- want "\"gone.md\" does not exist" -->
`,
		"nested.md": nested,
	})
	symlinkOrSkip(t, "/dev/zero", filepath.Join(dir, "zero.md"))
	symlinkOrSkip(t, "/dev/stdin", filepath.Join(dir, "stdin.md"))
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.md"), 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	// 400 MB, sparse: it costs no disk, but reading it would cost 400 MB.
	if err := os.MkdirAll(filepath.Join(dir, ".hidden"), 0o755); err != nil {
		t.Fatal(err)
	}
	big, err := os.Create(filepath.Join(dir, ".hidden", "big.md"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := big.WriteString("## Big\n"); err != nil {
		t.Fatal(err)
	}
	if err := big.Truncate(400 << 20); err != nil {
		t.Fatal(err)
	}
	_ = big.Close()
	lintOnly(t, "", nil, filepath.Join(dir, "a.md"))
}

// With links.root at /, the devices are inside the site: they are still
// never read, but said to be what they are.
func TestLinkTargetDeviceInsideRoot(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no /dev")
	}
	dir := t.TempDir()
	files(t, dir, map[string]string{"a.md": `# A

[zero](zero.md#x) <!-- want "\"zero.md\" is not a regular file" -->
`})
	symlinkOrSkip(t, "/dev/zero", filepath.Join(dir, "zero.md"))
	lintOnly(t, "links: {root: /}\n", nil, filepath.Join(dir, "a.md"))
}

// A post past max_file_size is not read a second time by broken-link,
// and its anchors are not judged; the link to it and every other
// whole-set result stand.
func TestLinkToLimitedPost(t *testing.T) {
	dir := t.TempDir()
	files(t, dir, map[string]string{
		"a.md":   "# A\n\n[big](big.md#nope) [gone](gone.md) <!-- want \"\\\"gone.md\\\" does not exist\" -->\n",
		"big.md": "# Big\n\n" + strings.Repeat("text ", 400) + "\n",
		"nested.md": func() string {
			s := "# Nested\n\n[gone](gone2.md) [back](a.md#nope)\n\n"
			for i := range 150 {
				s += strings.Repeat("  ", i) + "- item\n"
			}
			return s
		}(),
		"c.md": "# C\n\n[nested](nested.md#nope) [missing](a.md#nope) <!-- want \"no heading or anchor \\\"#nope\\\" in a.md\" -->\n",
	})
	lintOnly(t, "limits: {max_file_size: 1KB}\n", nil,
		filepath.Join(dir, "a.md"), filepath.Join(dir, "big.md"), filepath.Join(dir, "c.md"), filepath.Join(dir, "nested.md"))
}

// A link out of the site says so and no more: neither whether the file
// exists nor what its headings are ("did you mean #root-password-is-...").
func TestLinkOutsideSite(t *testing.T) {
	dir := t.TempDir()
	files(t, dir, map[string]string{
		"secret.md":        "# Secret\n\n## Root password is hunter2\n",
		"private/notes.md": "# Notes\n",
		"site/posts/a.md":  "# A\n\n[s](../../secret.md#root-password-is-hunter3) <!-- want \"^\\\"../../secret.md\\\" leads outside the site.*; not checked .broken-link.$\" -->\n\n[n](../../nothing.md) <!-- want \"\\\"../../nothing.md\\\" leads outside the site\" -->\n\n[l](leak.md#root-password-is-hunter3) <!-- want \"^\\\"leak.md\\\" leads outside the site.*; not checked .broken-link.$\" -->\n\n[d](private/notes.md) <!-- want \"\\\"private/notes.md\\\" leads outside the site\" -->\n\n[o](../b.md#intro) [x](../b.md#nope) <!-- want \"no heading or anchor \\\"#nope\\\" in ../b.md\" -->\n",
		"site/b.md":        "# B\n\n## Intro\n",
		"site/posts/b.md":  "# B\n",
	})
	symlinkOrSkip(t, "../../secret.md", filepath.Join(dir, "site/posts/leak.md"))
	symlinkOrSkip(t, "../../private", filepath.Join(dir, "site/posts/private"))
	// The site: the directory of the linted tree, site/ (as the command
	// line sets it); secret.md and private/ are above it.
	lintOnly(t, "", func(lc *links.Config) { lc.Tree = []string{filepath.Join(dir, "site")} },
		filepath.Join(dir, "site/posts/a.md"), filepath.Join(dir, "site/posts/b.md"))
}

// Directories are resolved from their parent, each once (see
// siteBounds.resolve): a symlink below a directory already resolved, and
// every directory below that symlink, still leads out of the site, and
// one that stays inside is followed.
func TestSymlinkBelowResolvedDir(t *testing.T) {
	dir := t.TempDir()
	files(t, dir, map[string]string{
		"private/notes.md":      "# Notes\n",
		"private/deep/notes.md": "# Deep\n",
		"site/posts/a.md": "# A\n\n[g](docs/guide.md#intro) [x](docs/guide.md#nope) <!-- want \"no heading or anchor \\\"#nope\\\" in docs/guide.md\" -->\n\n" +
			"[n](docs/away/notes.md) <!-- want \"\\\"docs/away/notes.md\\\" leads outside the site\" -->\n\n" +
			"[d](docs/away/deep/notes.md) <!-- want \"\\\"docs/away/deep/notes.md\\\" leads outside the site\" -->\n\n" +
			"[m](docs/away/deep/missing.md) <!-- want \"\\\"docs/away/deep/missing.md\\\" leads outside the site\" -->\n\n" +
			"[b](docs/back/b.md#b) [y](docs/back/b.md#nope) <!-- want \"no heading or anchor \\\"#nope\\\" in docs/back/b.md\" -->\n",
		"site/posts/docs/guide.md": "# Guide\n\n## Intro\n",
		"site/b/b.md":              "# B\n",
	})
	symlinkOrSkip(t, "../../../private", filepath.Join(dir, "site/posts/docs/away"))
	symlinkOrSkip(t, "../../b", filepath.Join(dir, "site/posts/docs/back"))
	lintOnly(t, "", func(lc *links.Config) { lc.Tree = []string{filepath.Join(dir, "site")} },
		filepath.Join(dir, "site/posts/a.md"))
}

// Linting one post of a folder (an editor, pre-commit): the post a
// {% post_url %} names, or a page with the slug a link names, is looked
// for on disk, and a #fragment after it is checked there.
func TestOnePostOfAFolder(t *testing.T) {
	dir := t.TempDir()
	files(t, dir, map[string]string{
		"posts/2020-01-01-a.md": "---\ntitle: A\n---\n\nSee {% post_url 2020-01-02-b %}, [the slug](../b-slug/) and {% post_url 2020-01-02-b %}#intro here.\n\n" +
			"{% post_url 2020-01-02-b %}#nope <!-- want \"no heading or anchor \\\"#nope\\\" in 2020-01-02-b.md\" -->\n\n" +
			"{% post_url 2020-01-03-gone %} <!-- want \"names no post\" -->\n",
		"posts/2020-01-02-b.md": "---\ntitle: B\nslug: b-slug\n---\n\n## Intro\n",
	})
	lintOnly(t, "", nil, filepath.Join(dir, "posts/2020-01-01-a.md"))
}

// One post of 20,000 headings linked by 20,000 near misses took a minute
// or more looking for a "did you mean" for each: the search now stops at
// a budget that grows with the input, says so once, and every missing
// fragment is still reported. A minute is the bound.
func TestManyNearMisses(t *testing.T) {
	var b strings.Builder
	b.WriteString("# Many\n\n")
	for i := range 20_000 {
		fmt.Fprintf(&b, "## s%05d\n", i)
	}
	for i := range 20_000 {
		fmt.Fprintf(&b, "[x](#s%05dz)\n", i)
	}
	reg := registry.Default()
	cfg := rules.DefaultConfig(reg)
	rulestest.Only(t, cfg, reg, "broken-link")
	var log strings.Builder
	cfg.Section("links").(*links.Config).Log = &log
	inputs := []rules.Input{{Path: "many.md", Src: []byte(b.String())}}
	done := make(chan *rules.Result, 1)
	go func() { done <- (&rules.Engine{Config: cfg, Offline: true}).Run(inputs) }()
	var res *rules.Result
	select {
	case res = <-done:
	case <-time.After(time.Minute):
		t.Fatal("not done in a minute")
	}
	for _, err := range res.Errors {
		t.Fatal(err)
	}
	suggested := 0
	for _, d := range res.Diagnostics {
		if strings.Contains(d.Message, "did you mean") {
			suggested++
		}
	}
	if len(res.Diagnostics) != 20_000 || suggested == 0 || suggested == 20_000 {
		t.Errorf("%d diagnostics, %d with a suggestion", len(res.Diagnostics), suggested)
	}
	if want := `no heading or anchor "#s00000z" in this post (did you mean #s00000?)`; res.Diagnostics[0].Message != want {
		t.Errorf("first: %s, want %s", res.Diagnostics[0].Message, want)
	}
	if want := fmt.Sprintf("postlint: %d missing #fragments are reported without a \"did you mean\"", 20_000-suggested); !strings.HasPrefix(log.String(), want) {
		t.Errorf("notices: %q, want %s...", log.String(), want)
	}
}
