package report

import (
	"strings"
	"testing"

	"github.com/postlint/postlint/rules"
)

func textOf(t *testing.T, d rules.Diagnostic) string {
	t.Helper()
	var b strings.Builder
	if err := Text(&b, []rules.Diagnostic{d}, TextOptions{Excerpt: true}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestExcerptOfLongLine: a diagnostic on a line of megabytes prints the
// part of it around the span, with the caret under the span.
func TestExcerptOfLongLine(t *testing.T) {
	line := strings.Repeat("a", 500_000) + "sovle" + strings.Repeat("é", 500_000)
	col := 500_001
	d := rules.Diagnostic{Path: "long.md", Rule: "misspelling", Severity: rules.Warning, Message: "sovle",
		Line: 1, Column: col, EndLine: 1, EndColumn: col + 5, SourceLine: line}
	out := textOf(t, d)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 3 || lines[0] != "long.md:1:500001: warning: sovle [misspelling]" {
		t.Fatalf("got %d lines:\n%.300s", len(lines), out)
	}
	excerpt, caret := lines[1], lines[2]
	if len(excerpt) > 1000 || !strings.HasPrefix(excerpt, "    …aaa") || !strings.HasSuffix(excerpt, "éé…") {
		t.Errorf("excerpt of %d bytes: %.80s…%s", len(excerpt), excerpt, excerpt[max(0, len(excerpt)-40):])
	}
	// The caret sits under "sovle", counted in characters.
	at := strings.Index(caret, "^")
	under := []rune(excerpt)[at : at+5]
	if string(under) != "sovle" || strings.TrimSpace(caret) != "^~~~~" {
		t.Errorf("caret under %q: %q", string(under), caret)
	}

	// Near the start, nothing is cut before; a span running past the cut
	// is underlined to its end.
	d.Column, d.EndColumn = 3, 400_000
	out = textOf(t, d)
	lines = strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if !strings.HasPrefix(lines[1], "    aaa") || !strings.HasSuffix(lines[1], "a…") || len(lines[1]) > 1000 {
		t.Errorf("excerpt: %.60s…", lines[1])
	}
	if want := "      ^" + strings.Repeat("~", len([]rune(lines[1]))-8); lines[2] != want {
		t.Errorf("caret %q", lines[2])
	}

	// A short line is printed whole.
	d = rules.Diagnostic{Path: "a.md", Rule: "r", Severity: rules.Error, Message: "m",
		Line: 2, Column: 5, EndLine: 2, EndColumn: 8, SourceLine: "the sovle here"}
	if out := textOf(t, d); !strings.Contains(out, "\n    the sovle here\n        ^~~\n") {
		t.Errorf("short line: %q", out)
	}
}
