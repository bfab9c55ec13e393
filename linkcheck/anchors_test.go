package linkcheck

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func TestFragment(t *testing.T) {
	for _, tc := range []struct {
		host, frag, want string
		ok               bool
	}{
		{"example.org", "talks", "talks", true},
		{"example.org", "caf%C3%A9", "café", true},
		{"example.org", "", "", false},
		{"example.org", ":~:text=hello", "", false},
		{"example.org", "/settings", "", false},
		{"example.org", "!/route", "", false},
		{"youtube.com", "t=30", "", false},
		{"example.org", "L10-L20", "", false},
		{"example.org", "L10", "", false},
		{"example.org", "Lisbon", "Lisbon", true},
		{"github.com", "readme", "", false},
		{"gist.github.com", "file-a", "", false},
	} {
		got, ok := Fragment(tc.host, tc.frag)
		if got != tc.want || ok != tc.ok {
			t.Errorf("Fragment(%q, %q) = %q, %v; want %q, %v", tc.host, tc.frag, got, ok, tc.want, tc.ok)
		}
	}
}

func TestScanAnchors(t *testing.T) {
	page := `<html><head><meta name="viewport"></head><body data-id="not-an-anchor">
<h2 id="a">A</h2><h2 ID = 'b'>B</h2><a name=c>C</a><div id="user-content-d"></div>
<p>` + strings.Repeat("text ", 30000) + `</p><span title="` + strings.Repeat("x", 70000) + `" id="in-a-long-tag"></span>
<h2 id="caf&eacute;">late</h2>`
	found, judged := scanAnchors(strings.NewReader(page), 1<<20, []string{"a", "b", "c", "d", "café", "in-a-long-tag", "not-an-anchor", "missing"})
	if !judged {
		t.Error("not judged")
	}
	for f, want := range map[string]bool{"a": true, "b": true, "c": true, "d": true, "café": true,
		"in-a-long-tag": true, "not-an-anchor": false, "missing": false} {
		if found[f] != want {
			t.Errorf("%q: found %v, want %v", f, found[f], want)
		}
	}
	// Only max bytes are read; a page cut short cannot be judged.
	found, judged = scanAnchors(strings.NewReader(page), 200, []string{"a", "café"})
	if !found["a"] || found["café"] || judged {
		t.Errorf("with a 200-byte cap: %v, judged %v", found, judged)
	}
	// Nor one whose reading failed (a timeout, a reset).
	if _, judged := scanAnchors(io.MultiReader(strings.NewReader(`<a id="x">`), iotest.ErrReader(errors.New("reset"))), 1<<20, []string{"y"}); judged {
		t.Error("judged a page that failed to read")
	}
	// No anchor at all: a page made by scripts, which cannot be judged.
	if _, judged := scanAnchors(strings.NewReader(`<div class="app"></div><script src="app.js"></script>`), 1<<20, []string{"y"}); judged {
		t.Error("judged a page without any anchor")
	}
}

// Only what a browser scrolls to is an anchor: an id on an element, a name
// on <a>. Not <meta name>, <input name>, nor ids in comments, scripts or
// styles (issue 13; a regexp counted them all).
func TestScanAnchorsReadsHTML(t *testing.T) {
	page := `<html><head><meta name="viewport" content="x"><style>#s{} [id="in-style"]{}</style></head><body>
<form><input name="email"><select name="talk"></select></form>
<!-- <div id="commented"></div> -->
<script>document.write('<div id="scripted"></div>'); var a = "<a name='in-script'>";</script>
<template><p id="in-template"></p></template>
<h2 id=real>Real</h2><a name="old">Old</a><p title='id="in-an-attribute"'>x</p>
</body></html>`
	want := []string{"viewport", "email", "talk", "commented", "scripted", "in-script", "in-style", "in-an-attribute", "real", "old", "in-template"}
	found, judged := scanAnchors(strings.NewReader(page), 1<<20, want)
	if !judged {
		t.Fatal("not judged")
	}
	for f, want := range map[string]bool{"viewport": false, "email": false, "talk": false, "commented": false,
		"scripted": false, "in-script": false, "in-style": false, "in-an-attribute": false,
		"real": true, "old": true, "in-template": true} {
		if found[f] != want {
			t.Errorf("%q: found %v, want %v", f, found[f], want)
		}
	}
}
