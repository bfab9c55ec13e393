package lsp

import (
	"fmt"
	"net/url"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/postlint/postlint/rules"
)

// A document is a text the client has open. Its text is what the editor
// shows, saved or not; it is replaced, never changed in place, so a lint
// may read an old text while a change makes a new one.
type document struct {
	uri     string
	path    string // the file it stands for; "" when the URI is no file
	version int
	text    []byte
	lines   *lineIndex // of text, built when first needed

	// external holds the diagnostics of the last external link check, with
	// their offsets kept true to the current text as edits come in.
	external []rules.Diagnostic
	// edits made while external checks run (checking of them), so that a
	// check's results can be moved to the text as it is when it ends.
	checking int
	edits    []spanEdit
	editSeq  int // edits applied since the document was opened
}

// A spanEdit replaced the bytes [start, end) with n bytes.
type spanEdit struct{ start, end, n int }

func (d *document) index() *lineIndex {
	if d.lines == nil {
		d.lines = newLineIndex(d.text)
	}
	return d.lines
}

// apply applies one change of a didChange notification.
func (d *document) apply(c TextDocumentContentChangeEvent) {
	if c.Range == nil {
		// A whole new text: the edit is what lies between the common
		// prefix and suffix, so kept offsets shift as for an edit.
		old, text := d.text, []byte(c.Text)
		p := 0
		for p < len(old) && p < len(text) && old[p] == text[p] {
			p++
		}
		s := 0
		for s < len(old)-p && s < len(text)-p && old[len(old)-1-s] == text[len(text)-1-s] {
			s++
		}
		d.shift(p, len(old)-s, len(text)-s-p)
		d.text, d.lines = text, nil
		return
	}
	x := d.index()
	start, end := x.offset(c.Range.Start), x.offset(c.Range.End)
	if end < start {
		start, end = end, start
	}
	text := make([]byte, 0, len(d.text)-(end-start)+len(c.Text))
	text = append(text, d.text[:start]...)
	text = append(text, c.Text...)
	text = append(text, d.text[end:]...)
	d.shift(start, end, len(c.Text))
	d.text, d.lines = text, nil
}

// shift moves the kept external diagnostics past an edit that replaced
// [start, end) with n bytes; those the edit touches are dropped, as are
// fixes whose edits it touches.
func (d *document) shift(start, end, n int) {
	d.editSeq++
	if d.checking > 0 {
		d.edits = append(d.edits, spanEdit{start, end, n})
	}
	d.external = shiftDiagnostics(d.external, spanEdit{start, end, n})
}

// since returns the edits made after the first seq edits; only edits made
// while a check runs are kept.
func (d *document) since(seq int) []spanEdit {
	return d.edits[max(0, len(d.edits)-(d.editSeq-seq)):]
}

// shiftDiagnostics moves diagnostics past an edit; those the edit touches
// are dropped, as are fixes whose edits it touches.
func shiftDiagnostics(ds []rules.Diagnostic, ed spanEdit) []rules.Diagnostic {
	start, end, delta := ed.start, ed.end, ed.n-(ed.end-ed.start)
	kept := ds[:0]
	for _, dg := range ds {
		if !moveSpan(&dg.Start, &dg.End, start, end, delta) {
			continue
		}
		var fixes []rules.Fix
		for _, f := range dg.Fixes {
			edits := make([]rules.Edit, 0, len(f.Edits))
			for _, e := range f.Edits {
				if moveSpan(&e.Start, &e.End, start, end, delta) {
					edits = append(edits, e)
				}
			}
			if len(edits) == len(f.Edits) {
				f.Edits = edits
				fixes = append(fixes, f)
			}
		}
		dg.Fixes = fixes
		kept = append(kept, dg)
	}
	return kept
}

// moveSpan moves [*s, *e) past an edit of [start, end) by delta bytes,
// and reports false when the edit touches it or is next to it: typing
// just after a URL changes the URL.
func moveSpan(s, e *int, start, end, delta int) bool {
	switch {
	case *e < start:
		return true
	case *s > end:
		*s += delta
		*e += delta
		return true
	}
	return false
}

// uriPath returns the file path of a file: URI, or "" for other schemes.
func uriPath(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" {
		return ""
	}
	p := u.Path
	if runtime.GOOS == "windows" {
		p = strings.TrimPrefix(p, "/")
	}
	return filepath.Clean(filepath.FromSlash(p))
}

// pathURI returns the file: URI of an absolute path.
func pathURI(p string) string {
	p = filepath.ToSlash(p)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

func (d *document) String() string { return fmt.Sprintf("%s@%d", d.uri, d.version) }
