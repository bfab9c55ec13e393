package lsp

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// The config is found as the CLI finds it, read again when it changes,
// and a broken one is shown on the config file while the last good one
// stays in force.
func TestConfigReload(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		".postlint.yml": "rules:\n  misspelling: off\n",
		"posts/a.md":    post,
	})
	cfgPath := filepath.Join(dir, ".postlint.yml")
	cfgURI := pathURI(cfgPath)
	uri := pathURI(filepath.Join(dir, "posts/a.md"))
	c := startServer(t, Options{Offline: true})
	c.initialize(dir, `{"workspace":{"didChangeWatchedFiles":{"dynamicRegistration":true}}}`)
	from := c.mark()
	c.open(uri, post)
	p := c.diagnostics(uri, from, ofVersion(1))
	if find(p.Diagnostics, "misspelling") != nil || find(p.Diagnostics, "heading-missing-space") == nil {
		t.Fatalf("with misspelling off: %v", codes(p.Diagnostics))
	}

	// Atomically, as editors save: the server may look at any moment, and
	// a half-written file is a config of its own.
	write := func(text string) {
		t.Helper()
		tmp := cfgPath + ".tmp"
		if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, cfgPath); err != nil {
			t.Fatal(err)
		}
	}
	watched := func() {
		c.notify("workspace/didChangeWatchedFiles", DidChangeWatchedFilesParams{Changes: []FileEvent{{URI: cfgURI, Type: fileChanged}}})
	}
	severityOf := func(code string) func(PublishDiagnosticsParams) bool {
		return func(p PublishDiagnosticsParams) bool {
			d := find(p.Diagnostics, code)
			return d != nil
		}
	}

	from = c.mark()
	write("rules:\n  misspelling: error\n")
	watched()
	p = c.diagnostics(uri, from, severityOf("misspelling"))
	if d := find(p.Diagnostics, "misspelling"); d.Severity != severityError {
		t.Fatalf("misspelling: error gave severity %d: %+v", d.Severity, p)
	}

	// Broken: an unknown rule on line 3. The config file gets the
	// diagnostic; the post keeps the last good config. (Each mark is
	// taken before the file changes: a lint may notice it before the
	// notice of the change comes.)
	from = c.mark()
	write("rules:\n  misspelling: error\n  no-such-rule: info\n")
	watched()
	cp := c.diagnostics(cfgURI, from, func(p PublishDiagnosticsParams) bool { return len(p.Diagnostics) > 0 })
	d := cp.Diagnostics[0]
	if d.Range.Start.Line != 2 || d.Severity != severityError || !strings.Contains(d.Message, `unknown rule "no-such-rule"`) {
		t.Fatalf("config diagnostic %+v", d)
	}
	p = c.diagnostics(uri, from, nil)
	if d := find(p.Diagnostics, "misspelling"); d == nil || d.Severity != severityError {
		t.Fatalf("the last good config should hold: %+v", p.Diagnostics)
	}

	// Fixed, and no watched-files notice this time: the next lint looks.
	from = c.mark()
	write("rules:\n  misspelling: info\n")
	c.notify("textDocument/didChange", DidChangeTextDocumentParams{
		TextDocument:   VersionedTextDocumentIdentifier{URI: uri, Version: 2},
		ContentChanges: []TextDocumentContentChangeEvent{{Text: post + "\nMore.\n"}}})
	cp = c.diagnostics(cfgURI, from, nil)
	if len(cp.Diagnostics) != 0 {
		t.Fatalf("the config diagnostic should be cleared: %+v", cp)
	}
	p = c.diagnostics(uri, from, func(p PublishDiagnosticsParams) bool {
		d := find(p.Diagnostics, "misspelling")
		return d != nil && d.Severity == severityInformation
	})

	// Gone: the defaults (misspelling is a warning).
	from = c.mark()
	if err := os.Remove(cfgPath); err != nil {
		t.Fatal(err)
	}
	c.notify("workspace/didChangeWatchedFiles", DidChangeWatchedFilesParams{Changes: []FileEvent{{URI: cfgURI, Type: fileDeleted}}})
	c.diagnostics(uri, from, func(p PublishDiagnosticsParams) bool {
		d := find(p.Diagnostics, "misspelling")
		return d != nil && d.Severity == severityWarning
	})

	// A new config file appears: it is found.
	from = c.mark()
	write("rules:\n  heading-missing-space: off\n")
	c.notify("workspace/didChangeWatchedFiles", DidChangeWatchedFilesParams{Changes: []FileEvent{{URI: cfgURI, Type: fileCreated}}})
	c.diagnostics(uri, from, func(p PublishDiagnosticsParams) bool {
		return find(p.Diagnostics, "heading-missing-space") == nil && find(p.Diagnostics, "misspelling") != nil
	})
}

// A config that never parsed: the defaults hold, and the file says why.
func TestBrokenConfigFromTheStart(t *testing.T) {
	dir := writeFiles(t, map[string]string{".postlint.yaml": "rules: [\n", "a.md": post})
	uri := pathURI(filepath.Join(dir, "a.md"))
	c := startServer(t, Options{Offline: true})
	c.initialize(dir, `{}`) // the index looks for the folder's config at once
	from := c.mark()
	c.open(uri, post)
	cp := c.diagnostics(pathURI(filepath.Join(dir, ".postlint.yaml")), 0, nil)
	if len(cp.Diagnostics) != 1 || cp.Diagnostics[0].Code != "config" {
		t.Fatalf("config diagnostics %+v", cp)
	}
	p := c.diagnostics(uri, from, ofVersion(1))
	if find(p.Diagnostics, "misspelling") == nil {
		t.Fatalf("defaults should hold: %v", codes(p.Diagnostics))
	}
}

// The server reads a config it finds as the command line does: a FIFO is
// refused without a read that would never end, and a file another user
// could have put there is ignored for the defaults.
func TestConfigReadAsTheCLIReadsIt(t *testing.T) {
	t.Run("fifo", func(t *testing.T) {
		dir := writeFiles(t, map[string]string{"a.md": post})
		cfgPath := filepath.Join(dir, ".postlint.yml")
		if err := syscall.Mkfifo(cfgPath, 0o644); err != nil {
			t.Skip("no FIFOs here:", err)
		}
		uri := pathURI(filepath.Join(dir, "a.md"))
		c := startServer(t, Options{Offline: true})
		c.initialize(dir, `{}`)
		from := c.mark()
		c.open(uri, post)
		cp := c.diagnostics(pathURI(cfgPath), 0, nil)
		if len(cp.Diagnostics) != 1 || !strings.Contains(cp.Diagnostics[0].Message, "not a regular file") {
			t.Fatalf("config diagnostics %+v", cp)
		}
		if p := c.diagnostics(uri, from, ofVersion(1)); find(p.Diagnostics, "misspelling") == nil {
			t.Fatalf("defaults should hold: %v", codes(p.Diagnostics))
		}
	})
	t.Run("another user's, in a world-writable directory", func(t *testing.T) {
		if os.Getuid() != 0 {
			t.Skip("needs root, to give the config file to another user")
		}
		dir := writeFiles(t, map[string]string{".postlint.yml": "rules:\n  misspelling: off\n", "posts/a.md": post})
		cfgPath := filepath.Join(dir, ".postlint.yml")
		if err := os.Chown(cfgPath, 4242, 4242); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(dir, 0o777); err != nil {
			t.Fatal(err)
		}
		uri := pathURI(filepath.Join(dir, "posts/a.md"))
		c := startServer(t, Options{Offline: true})
		c.initialize(dir, `{}`)
		from := c.mark()
		c.open(uri, post)
		cp := c.diagnostics(pathURI(cfgPath), 0, nil)
		if len(cp.Diagnostics) != 1 || !strings.HasPrefix(cp.Diagnostics[0].Message, "config ignored, the built-in defaults are in force: ") ||
			!strings.Contains(cp.Diagnostics[0].Message, "belongs to uid 4242") {
			t.Fatalf("config diagnostics %+v", cp)
		}
		if p := c.diagnostics(uri, from, ofVersion(1)); find(p.Diagnostics, "misspelling") == nil {
			t.Fatalf("the defaults should hold, not misspelling: off: %v", codes(p.Diagnostics))
		}
	})
}
