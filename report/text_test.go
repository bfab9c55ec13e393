package report

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rivo/uniseg"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/links"
	"github.com/postlint/postlint/rules/registry"
)

func textOf(t *testing.T, opt TextOptions, diags ...rules.Diagnostic) string {
	t.Helper()
	var b strings.Builder
	if err := Text(&b, diags, opt); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// lintFiles lints the given files (path → content) with the named rules.
func lintFiles(t *testing.T, files map[string]string, names ...string) []rules.Diagnostic {
	t.Helper()
	reg := registry.Default()
	cfg := rules.DefaultConfig(reg)
	on := map[string]bool{}
	for _, n := range names {
		on[n] = true
	}
	for _, r := range reg.Rules {
		if err := cfg.SetEnabled(r.Name, on[r.Name]); err != nil {
			t.Fatal(err)
		}
	}
	var inputs []rules.Input
	for p, src := range files {
		inputs = append(inputs, rules.Input{Path: p, Src: []byte(src)})
	}
	res := (&rules.Engine{Config: cfg, Offline: true}).Run(inputs)
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	return res.Diagnostics
}

// excerptsPost is testdata/text/excerpts.md: long lines, wide
// characters, combining marks, emoji, zero-width spaces, tabs, control
// characters and a line that reads as a workflow command.
func excerptsPost(t *testing.T) []rules.Diagnostic {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "testdata", "text", "excerpts.md"))
	if err != nil {
		t.Fatal(err)
	}
	diags := lintFiles(t, map[string]string{"posts/excerpts.md": string(src)}, "misspelling", "terms", "heading-increment")
	if len(diags) != 12 {
		t.Fatalf("%d diagnostics on excerpts.md, want 12 (10 sovle, Kubecon, the deep heading)", len(diags))
	}
	return diags
}

// TestTextGolden: the text format of excerpts.md at the default width, on
// a narrow terminal, and in compact mode, byte for byte; and in each, every
// caret sits under the text of its span.
func TestTextGolden(t *testing.T) {
	diags := excerptsPost(t)
	for _, c := range []struct {
		name string
		opt  TextOptions
	}{
		{"text-100.golden", TextOptions{Excerpt: true}},
		{"text-60.golden", TextOptions{Excerpt: true, Width: 60}},
		{"text-compact.golden", TextOptions{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := textOf(t, c.opt, diags...)
			checkGolden(t, c.name, []byte(out))
			checkShape(t, out, c.opt, len(diags))
			if c.opt.Excerpt {
				if n := checkCarets(t, out, diags); n != len(diags) {
					t.Errorf("%d carets checked, want %d", n, len(diags))
				}
			}
		})
	}
}

// headLine is what editors' matchers read (VS Code's in the README, Vim's
// %f:%l:%c:).
var headLine = regexp.MustCompile(`^[^ \t].*?:\d+:\d+: (error|warning|info): .+ \[[a-z0-9-]+\]$`)

// checkShape: one parseable first line per diagnostic, every other line
// indented and within the width, and no control character but the
// newlines.
func checkShape(t *testing.T, out string, opt TextOptions, n int) {
	t.Helper()
	width := opt.Width
	if width == 0 {
		width = DefaultWidth
	}
	heads := 0
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		for _, r := range line {
			if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r >= 0x202a && r <= 0x202e {
				t.Errorf("control character %U in %q", r, line)
			}
		}
		if !strings.HasPrefix(line, " ") {
			if !headLine.MatchString(line) {
				t.Errorf("not PATH:LINE:COL: SEVERITY: MESSAGE [RULE]: %q", line)
			}
			heads++
			continue
		}
		if opt.Excerpt && strings.Contains(line, " | ") && uniseg.StringWidth(line) > width {
			t.Errorf("excerpt line of %d columns, wider than %d: %q", uniseg.StringWidth(line), width, line)
		}
		if strings.HasPrefix(strings.TrimSpace(line), "::") {
			t.Errorf("an indented line reads as a workflow command once trimmed: %q", line)
		}
	}
	if heads != n {
		t.Errorf("%d first lines for %d diagnostics", heads, n)
	}
	if !opt.Excerpt && strings.Count(out, "\n") != n {
		t.Errorf("compact mode: %d lines for %d diagnostics", strings.Count(out, "\n"), n)
	}
}

// checkCarets reads each excerpt back as a terminal shows it, grapheme by
// grapheme, and checks that the columns the caret marks hold the span's
// text from the diagnostic's byte offsets (cut at an "…" when clipped).
func checkCarets(t *testing.T, out string, diags []rules.Diagnostic) (checked int) {
	t.Helper()
	lines := strings.Split(out, "\n")
	di := -1
	for i := 0; i+1 < len(lines); i++ {
		if !strings.HasPrefix(lines[i], " ") {
			di++
			continue
		}
		_, src, ok := strings.Cut(lines[i], " | ")
		_, caret, ok2 := strings.Cut(lines[i+1], " | ")
		if !ok || !ok2 || !strings.Contains(caret, "^") {
			continue
		}
		i++
		d := diags[di]
		from := strings.Index(caret, "^")
		to := from + len(strings.TrimRight(strings.SplitN(caret[from:], " ", 2)[0], " "))
		var under strings.Builder
		col := 0
		state := -1
		for rest := src; rest != ""; {
			var g string
			var w int
			g, rest, w, state = uniseg.FirstGraphemeClusterInString(rest, state)
			if col >= from && col < to {
				under.WriteString(g)
			}
			col += w
		}
		a, b := d.LineSpan()
		want := strings.ReplaceAll(d.SourceLine[a:b], "\t", "    ")
		got := under.String()
		if got != want && !(strings.HasSuffix(got, "…") && strings.HasPrefix(want, strings.TrimSuffix(got, "…"))) {
			t.Errorf("%s:%d:%d: caret under %q, span is %q\n%s\n%s", d.Path, d.Line, d.Column, got, want, lines[i-1], lines[i])
		}
		checked++
	}
	return checked
}

// TestExcerptOfLongLine: a diagnostic on a line of megabytes prints the
// part of it around the span, within the width, with the caret under the
// span, and fast.
func TestExcerptOfLongLine(t *testing.T) {
	line := strings.Repeat("a", 500_000) + "sovle" + strings.Repeat("é", 500_000)
	col := 500_001
	d := rules.Diagnostic{Path: "long.md", Rule: "misspelling", Severity: rules.Warning, Message: "sovle",
		Line: 1, Column: col, EndLine: 1, EndColumn: col + 5, SourceLine: line}
	out := textOf(t, TextOptions{Excerpt: true}, d)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 3 || lines[0] != "long.md:1:500001: warning: sovle [misspelling]" {
		t.Fatalf("got %d lines:\n%.300s", len(lines), out)
	}
	excerpt, caret := lines[1], lines[2]
	if n := utf8.RuneCountInString(excerpt); n != DefaultWidth {
		t.Errorf("excerpt of %d columns, want %d", n, DefaultWidth)
	}
	if !strings.HasPrefix(excerpt, "    1 | …aaa") || !strings.HasSuffix(excerpt, "éé…") {
		t.Errorf("excerpt %q", excerpt)
	}
	at := strings.Index(caret, "^")
	if under := string([]rune(excerpt)[at : at+5]); under != "sovle" || !strings.HasSuffix(caret, " ^~~~~") {
		t.Errorf("caret under %q: %q", under, caret)
	}

	// A span running past the cut is underlined to the edge.
	d.Column, d.EndColumn = 3, 400_000
	lines = strings.Split(strings.TrimSuffix(textOf(t, TextOptions{Excerpt: true, Width: 40}, d), "\n"), "\n")
	if lines[1] != "    1 | "+strings.Repeat("a", 30)+"…" || lines[2] != "      |   ^"+strings.Repeat("~", 27) {
		t.Errorf("span past the cut:\n%s\n%s", lines[1], lines[2])
	}
}

// TestTextEscapes (issue 18): control characters in a path, a message
// and a source line reach the output escaped, with --color never as with
// colour, and a newline in a file name cannot start a line of its own.
func TestTextEscapes(t *testing.T) {
	line := "\x1b[31mred\x1b[0m \x1b]8;;http://x\x07x\x1b]8;;\x07 \u202eevil\u202c \u0085 \x7f \xe9 sovle"
	at := strings.Index(line, "sovle")
	d := rules.Diagnostic{Path: "posts/evil\n::warning file=README.md::pwned\x1b[2J.md", Rule: "misspelling",
		Severity: rules.Warning, Message: "\"sovle\x1b]0;title\x07\" is a misspelling", Line: 3, Column: at + 1, EndLine: 3, EndColumn: at + 6,
		SourceLine: line,
		Fixes:      []rules.Fix{{Message: "Replace\x1b[1A with \"solve\"", Safe: true, Edits: []rules.Edit{{Start: at, End: at + 5, NewText: "solve"}}}}}
	for _, color := range []bool{false, true} {
		out := textOf(t, TextOptions{Excerpt: true, Color: color}, d)
		plain := out
		if color {
			plain = regexp.MustCompile(`\x1b\[[0-9;]*m`).ReplaceAllString(out, "")
		}
		checkShape(t, plain, TextOptions{Excerpt: true}, 1)
		excerpt := `\x1B[31mred\x1B[0m \x1B]8;;http://x\x07x\x1B]8;;\x07 \u202Eevil\u202C \u0085 \x7F \xE9 sovle`
		for _, want := range []string{`posts/evil\n::warning file=README.md::pwned\x1B[2J.md:3:`, `"sovle\x1B]0;title\x07" is a misspelling`,
			"    3 | " + excerpt + "\n", `fix: Replace\x1B[1A with "solve"`} {
			if !strings.Contains(plain, want) {
				t.Errorf("color %v: no %s in\n%s", color, want, out)
			}
		}
		// The caret is under "sovle", counting each escape as printed.
		if !strings.Contains(plain, "\n      | "+strings.Repeat(" ", strings.Index(excerpt, "sovle"))+"^~~~~\n      = fix:") {
			t.Errorf("caret:\n%s", plain)
		}
	}
	// A path that starts with "::" or a space is written as ./PATH.
	for p, want := range map[string]string{"::error::x.md": "./::error::x.md:", " x.md": "./ x.md:", ":x.md": "./:x.md:", "/abs/::x.md": "/abs/::x.md:"} {
		d := rules.Diagnostic{Path: p, Rule: "r", Severity: rules.Error, Message: "m", Line: 1, Column: 1}
		if out := textOf(t, TextOptions{}, d); !strings.HasPrefix(out, want) {
			t.Errorf("%q: %q", p, out)
		}
	}
}

// TestExcerptLeftOut: a line of punctuation only (a front-matter fence)
// says nothing the position does not: no excerpt, but the fix is shown.
func TestExcerptLeftOut(t *testing.T) {
	d := rules.Diagnostic{Path: "a.md", Rule: "tags", Severity: rules.Error, Message: "no tags", Line: 1, Column: 1, EndLine: 1, EndColumn: 4,
		SourceLine: "---", Fixes: []rules.Fix{{Message: "Add tags", Edits: []rules.Edit{{}}}}}
	if got, want := textOf(t, TextOptions{Excerpt: true}, d), "a.md:1:1: error: no tags [tags]\n      = suggestion: Add tags\n"; got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	d.SourceLine = "--- é"
	if got := textOf(t, TextOptions{Excerpt: true}, d); !strings.Contains(got, "    1 | --- é\n      | ^~~ suggestion: Add tags\n") {
		t.Errorf("got\n%s", got)
	}
}

// TestFixLabels: "fix:" for a fix --fix applies, "suggestion:" for one it
// does not; a label too long for the caret line goes on a line of its own,
// and so do further fixes.
func TestFixLabels(t *testing.T) {
	d := rules.Diagnostic{Path: "a.md", Rule: "r", Severity: rules.Warning, Message: "m", Line: 12, Column: 5, EndLine: 12, EndColumn: 10,
		SourceLine: "the sovle here", Fixes: []rules.Fix{
			{Message: "Replace with \"solve\"", Safe: true, Edits: []rules.Edit{{}}},
			{Message: "Replace with \"salve\"", Edits: []rules.Edit{{}}}}}
	want := "a.md:12:5: warning: m [r]\n" +
		"   12 | the sovle here\n" +
		"      |     ^~~~~ fix: Replace with \"solve\"\n" +
		"      = suggestion: Replace with \"salve\"\n"
	if got := textOf(t, TextOptions{Excerpt: true}, d); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	d.Fixes = d.Fixes[1:]
	d.Fixes[0].Message = strings.Repeat("long ", 20)
	want = "a.md:12:5: warning: m [r]\n" +
		"   12 | the sovle here\n" +
		"      |     ^~~~~\n" +
		"      = suggestion: " + d.Fixes[0].Message + "\n"
	if got := textOf(t, TextOptions{Excerpt: true}, d); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestTextRowsOnCorpus: on the real posts of ../shared/corpus the default
// text output takes at most 3 terminal rows of 100 columns per finding
// (issue 16; it took 4.15 before excerpts were clipped).
func TestTextRowsOnCorpus(t *testing.T) {
	res, _ := corpusResult(t)
	var b bytes.Buffer
	if err := Text(&b, res.Diagnostics, TextOptions{Excerpt: true}); err != nil {
		t.Fatal(err)
	}
	rows := terminalRows(b.String(), 100)
	per := float64(rows) / float64(len(res.Diagnostics))
	t.Logf("%d findings, %d rows at 100 columns: %.2f rows per finding", len(res.Diagnostics), rows, per)
	if per > 3 {
		t.Errorf("%.2f rows per finding, want at most 3", per)
	}
}

// terminalRows counts the rows text takes on a terminal of the width that
// wraps long lines.
func terminalRows(text string, width int) int {
	rows := 0
	for _, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		rows += max(1, (uniseg.StringWidth(line)+width-1)/width)
	}
	return rows
}

// corpusResult lints ../shared/corpus with every offline rule at its
// default, or skips the test when the corpus is absent.
func corpusResult(t *testing.T) (*rules.Result, *rules.Registry) {
	t.Helper()
	root := filepath.Join("..", "..", "shared", "corpus")
	var inputs []rules.Input
	_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			inputs = append(inputs, rules.Input{Path: p})
		}
		return nil
	})
	if len(inputs) == 0 {
		t.Skip("no corpus at", root)
	}
	reg := registry.Default()
	cfg := rules.DefaultConfig(reg)
	cfg.Section("links").(*links.Config).Log = io.Discard
	return (&rules.Engine{Config: cfg, Offline: true}).Run(inputs), reg
}
