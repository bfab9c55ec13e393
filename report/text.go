// Package report writes diagnostics in postlint's output formats. Each
// format is a function writing to an io.Writer.
package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/postlint/postlint/rules"
)

// TextOptions control the text format.
type TextOptions struct {
	Color bool
	// Excerpt prints the source line and a caret under the span.
	Excerpt bool
}

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
	ansiGreen  = "\x1b[32m"
	ansiDim    = "\x1b[2m"
)

// Text writes one PATH:LINE:COL: SEVERITY: MESSAGE [RULE] line per
// diagnostic, then, indented, the source line with the span underlined
// and the fix, if any.
func Text(w io.Writer, diags []rules.Diagnostic, opt TextOptions) error {
	bw := bufio.NewWriter(w)
	paint := func(code, s string) string {
		if !opt.Color {
			return s
		}
		return code + s + ansiReset
	}
	for _, d := range diags {
		sev := d.Severity.String()
		switch d.Severity {
		case rules.Error:
			sev = paint(ansiBold+ansiRed, sev)
		case rules.Warning:
			sev = paint(ansiBold+ansiYellow, sev)
		default:
			sev = paint(ansiBold+ansiCyan, sev)
		}
		fmt.Fprintf(bw, "%s:%d:%d: %s: %s %s\n", paint(ansiBold, d.Path), d.Line, d.Column, sev,
			oneLine(d.Message), paint(ansiDim, "["+d.Rule+"]"))
		if opt.Excerpt && d.SourceLine != "" {
			x := clipExcerpt(d)
			line := strings.ToValidUTF8(x.SourceLine, "\uFFFD")
			fmt.Fprintf(bw, "    %s\n", expandTabs(line))
			fmt.Fprintf(bw, "    %s\n", paint(ansiGreen, caret(x)))
		}
		if len(d.Fixes) > 0 && len(d.Fixes[0].Message) > 0 {
			fmt.Fprintf(bw, "    %s %s\n", paint(ansiDim, "fix:"), oneLine(d.Fixes[0].Message))
		}
	}
	return bw.Flush()
}

// maxExcerpt is the longest source line shown whole; of a longer one,
// only the part around the span is.
const maxExcerpt = 1024

// clipExcerpt returns d with its source line cut to the part around the
// span, marked "…" where cut, and its columns moved to match, so that a
// minified or generated file's 8 MB line is not printed for each of its
// diagnostics.
func clipExcerpt(d rules.Diagnostic) rules.Diagnostic {
	line := d.SourceLine
	if len(line) <= maxExcerpt {
		return d
	}
	start, end := d.LineSpan()
	from := runeStart(line, max(0, start-120))
	to := runeStart(line, min(len(line), max(end, start+1)+120, from+600))
	const ellipsis = "\u2026"
	head, tail := "", ""
	if from > 0 {
		head = ellipsis
	}
	if to < len(line) {
		tail = ellipsis
	}
	d.SourceLine = head + line[from:to] + tail
	d.Column = start - from + len(head) + 1
	if d.EndLine == d.Line {
		d.EndColumn = min(end, to) - from + len(head) + 1
	} else {
		d.EndLine, d.EndColumn = d.Line, len(d.SourceLine)+1
	}
	return d
}

// runeStart moves i back to the first byte of the UTF-8 sequence it is in.
func runeStart(s string, i int) int {
	for j := 0; j < utf8.UTFMax-1 && i > 0 && i < len(s) && !utf8.RuneStart(s[i]); j++ {
		i--
	}
	return i
}

// caret underlines the diagnostic's span on its first line, counting
// display columns so that the marks sit under multi-byte text.
func caret(d rules.Diagnostic) string {
	line := d.SourceLine
	startByte, endByte := d.LineSpan()
	pad := width(line[:startByte])
	n := max(1, width(line[startByte:endByte]))
	return strings.Repeat(" ", pad) + "^" + strings.Repeat("~", n-1)
}

func width(s string) int {
	w := 0
	for _, r := range s {
		if r == '\t' {
			w += 4
			continue
		}
		if r == utf8.RuneError || r >= 0x1100 && isWide(r) {
			w += 2
			continue
		}
		w++
	}
	return w
}

// isWide approximates East Asian wide characters, enough for carets.
func isWide(r rune) bool {
	return r >= 0x1100 && r <= 0x115F || r >= 0x2E80 && r <= 0xA4CF || r >= 0xAC00 && r <= 0xD7A3 ||
		r >= 0xF900 && r <= 0xFAFF || r >= 0xFE30 && r <= 0xFE4F || r >= 0xFF00 && r <= 0xFF60 ||
		r >= 0xFFE0 && r <= 0xFFE6 || r >= 0x1F300 && r <= 0x1FAFF || r >= 0x20000 && r <= 0x3FFFD
}

func expandTabs(s string) string { return strings.ReplaceAll(s, "\t", "    ") }

// oneLine keeps a message on its line: the first line of output must be
// parseable, whatever the message holds.
var oneLine = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace

// Summary is the line printed on stderr after the diagnostics.
func Summary(diags []rules.Diagnostic, files int) string {
	var e, w, i int
	for _, d := range diags {
		switch d.Severity {
		case rules.Error:
			e++
		case rules.Warning:
			w++
		case rules.Info:
			i++
		}
	}
	var parts []string
	add := func(n int, one string) {
		if n == 1 {
			parts = append(parts, "1 "+one)
		} else if n > 1 {
			parts = append(parts, fmt.Sprintf("%d %ss", n, one))
		}
	}
	add(e, "error")
	add(w, "warning")
	add(i, "info")
	if len(parts) == 0 {
		parts = []string{"no problems"}
	}
	unit := "files"
	if files == 1 {
		unit = "file"
	}
	return fmt.Sprintf("%s in %d %s", strings.Join(parts, ", "), files, unit)
}
