// Package report writes diagnostics in postlint's output formats. Each
// format is a function writing to an io.Writer.
package report

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"

	"github.com/postlint/postlint/rules"
)

// TextOptions control the text format.
type TextOptions struct {
	Color bool
	// Excerpt prints, under each diagnostic, its source line clipped to
	// Width with the span underlined, and its fixes. Without it each
	// diagnostic is one line (compact mode).
	Excerpt bool
	// Width is the terminal's width in columns; 0 means DefaultWidth.
	Width int
}

// DefaultWidth is the width excerpts are clipped to when the output is not
// a terminal.
const DefaultWidth = 100

// minExcerptWidth keeps an excerpt readable on a very narrow terminal: it
// wraps there rather than shrinking to nothing.
const minExcerptWidth = 20

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
	ansiGreen  = "\x1b[32m"
	ansiBlue   = "\x1b[34m"
	ansiDim    = "\x1b[2m"
)

// Text writes one PATH:LINE:COL: SEVERITY: MESSAGE [RULE] line per
// diagnostic, then, indented, the source line with the span underlined
// and the fixes:
//
//	posts/a.md:7:17: warning: "Kubecon" should be written "KubeCon" [terms]
//	    7 | The last day of Kubecon started with a keynote.
//	      |                 ^~~~~~~ fix: Replace with "KubeCon"
//
// Positions come from the diagnostic's byte offsets; the caret is placed
// by display width (wide characters, emoji, combining marks). Control
// characters in paths, messages and excerpts are written escaped, so that
// a post cannot move the cursor, recolour the terminal or start a line of
// its own.
func Text(w io.Writer, diags []rules.Diagnostic, opt TextOptions) error {
	jobs := runtime.GOMAXPROCS(0)
	if len(diags) < parallelText || jobs == 1 {
		bw := bufio.NewWriter(w)
		writeText(bw, diags, opt)
		return bw.Flush()
	}
	// Each diagnostic's lines depend on it alone: the parts are written
	// side by side into buffers, then out in order (5,334 diagnostics with
	// excerpts took 12 ms on one core).
	parts := make([]bytes.Buffer, 4*jobs)
	size := (len(diags) + len(parts) - 1) / len(parts)
	var wg sync.WaitGroup
	sem := make(chan struct{}, jobs)
	for i := range parts {
		lo, hi := min(i*size, len(diags)), min((i+1)*size, len(diags))
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			bw := bufio.NewWriter(&parts[i])
			writeText(bw, diags[lo:hi], opt)
			_ = bw.Flush() // into memory: never fails
		})
	}
	wg.Wait()
	for i := range parts {
		if _, err := w.Write(parts[i].Bytes()); err != nil {
			return err
		}
	}
	return nil
}

// parallelText is the fewest diagnostics Text writes on several cores.
const parallelText = 1024

// writeText writes the diagnostics in the text format.
func writeText(bw *bufio.Writer, diags []rules.Diagnostic, opt TextOptions) {
	p := painter(opt.Color)
	width := opt.Width
	if width <= 0 {
		width = DefaultWidth
	}
	for _, d := range diags {
		sev := d.Severity.String()
		switch d.Severity {
		case rules.Error:
			sev = p(ansiBold+ansiRed, sev)
		case rules.Warning:
			sev = p(ansiBold+ansiYellow, sev)
		default:
			sev = p(ansiBold+ansiCyan, sev)
		}
		fmt.Fprintf(bw, "%s:%d:%d: %s: %s %s\n", p(ansiBold, displayPath(d.Path)), d.Line, d.Column, sev,
			EscapeText(oneLine(d.Message)), p(ansiDim, "["+EscapeText(d.Rule)+"]"))
		if opt.Excerpt {
			writeExcerpt(bw, d, width, p)
		}
	}
}

type paintFunc func(code, s string) string

func painter(color bool) paintFunc {
	return func(code, s string) string {
		if !color || s == "" {
			return s
		}
		return code + s + ansiReset
	}
}

// writeExcerpt writes the gutter lines under a diagnostic: its source line
// clipped around the span, the caret line, and the fixes, the first on the
// caret line when it fits.
func writeExcerpt(bw *bufio.Writer, d rules.Diagnostic, width int, p paintFunc) {
	num := fmt.Sprintf("%4d", d.Line)
	gutter := " " + num + " | "
	bar := " " + strings.Repeat(" ", len(num)) + " | "
	note := " " + strings.Repeat(" ", len(num)) + " = "
	avail := max(minExcerptWidth, width-len(gutter))

	var labels []string
	for _, f := range d.Fixes {
		if f.Message == "" {
			continue
		}
		if f.Safe {
			labels = append(labels, p(ansiBold+ansiGreen, "fix:")+" "+EscapeText(oneLine(f.Message)))
		} else {
			labels = append(labels, p(ansiBold+ansiCyan, "suggestion:")+" "+EscapeText(oneLine(f.Message)))
		}
	}
	if showsSomething(d.SourceLine) {
		x := clip(d, avail)
		fmt.Fprintf(bw, "%s%s%s%s\n", p(ansiBlue, gutter), x.before, p(ansiBold, x.span), x.after)
		caret := strings.Repeat(" ", x.pad) + "^" + strings.Repeat("~", x.marks-1)
		if len(labels) > 0 && x.pad+x.marks+1+plainWidth(labels[0]) <= avail {
			fmt.Fprintf(bw, "%s%s %s\n", p(ansiBlue, bar), p(ansiGreen, caret), labels[0])
			labels = labels[1:]
		} else {
			fmt.Fprintf(bw, "%s%s\n", p(ansiBlue, bar), p(ansiGreen, caret))
		}
	}
	for _, l := range labels {
		fmt.Fprintf(bw, "%s%s\n", p(ansiBlue, note), l)
	}
}

// showsSomething says whether an excerpt of line tells the reader more
// than the position does: a blank line, or one of punctuation only (a
// front-matter fence, a thematic break), does not.
func showsSomething(line string) bool {
	for i, r := range line {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsSymbol(r) && r > 0x7f {
			return true
		}
		if _, esc := escapeRune(line[i:], r, false); esc {
			return true
		}
	}
	return false
}

// plainWidth is the display width of s without its colour codes.
func plainWidth(s string) int {
	for {
		i := strings.Index(s, "\x1b[")
		if i < 0 {
			return uniseg.StringWidth(s)
		}
		j := strings.IndexByte(s[i:], 'm')
		if j < 0 {
			return uniseg.StringWidth(s)
		}
		s = s[:i] + s[i+j+1:]
	}
}

// A cell is one grapheme cluster of a source line as it is displayed.
type cell struct {
	off, n int    // its bytes in the line
	text   string // what is printed: the cluster, or its escape
	width  int    // display columns
}

// cells splits line[from:to] into display cells. Tabs become four spaces;
// control characters, bidi controls and bytes that are not UTF-8 become
// escapes.
func cells(line string, from, to int) []cell {
	out := make([]cell, 0, to-from) // at most a cell a byte
	rest := line[from:to]
	off := from
	state := -1
	for len(rest) > 0 {
		if c := rest[0]; c >= ' ' && c < 0x7f && (len(rest) == 1 || rest[1] < utf8.RuneSelf) {
			// A printable ASCII character before another ASCII one is a
			// cluster of its own, one column wide, never escaped; what
			// follows starts a cluster afresh. Most lines are only these,
			// and the segmenter took most of the text output's time.
			out = append(out, cell{off: off, n: 1, text: rest[:1], width: 1})
			off++
			rest = rest[1:]
			state = -1
			continue
		}
		var cluster string
		var w int
		cluster, rest, w, state = uniseg.FirstGraphemeClusterInString(rest, state)
		c := cell{off: off, n: len(cluster), text: cluster, width: w}
		off += len(cluster)
		if cluster == "\t" {
			c.text, c.width = "    ", 4
			out = append(out, c)
			continue
		}
		if needsEscape(cluster) {
			// Rune by rune, so that an escaped rune inside a cluster keeps
			// its neighbours.
			var b strings.Builder
			c.width = 0
			for i := 0; i < len(cluster); {
				r, size := utf8.DecodeRuneInString(cluster[i:])
				if esc, ok := escapeRune(cluster[i:], r, false); ok {
					b.WriteString(esc)
					c.width += len(esc)
				} else {
					b.WriteString(cluster[i : i+size])
					c.width += uniseg.StringWidth(cluster[i : i+size])
				}
				i += size
			}
			c.text = b.String()
		}
		out = append(out, c)
	}
	return out
}

func needsEscape(s string) bool {
	for i, r := range s {
		if _, ok := escapeRune(s[i:], r, false); ok {
			return true
		}
	}
	return false
}

// escapeRune returns the escape of the rune r at the start of s, if it is
// one that must not reach a terminal as it is: C0 and C1 controls and DEL
// (ANSI and OSC escapes, line breaks), bidi controls that reorder what is
// shown, line and paragraph separators, a byte order mark, and bytes that
// are not UTF-8. short asks for \t, \n and \r rather than \x escapes.
func escapeRune(s string, r rune, short bool) (string, bool) {
	if r == utf8.RuneError {
		if _, size := utf8.DecodeRuneInString(s); size == 1 {
			return fmt.Sprintf(`\x%02X`, s[0]), true
		}
		return "", false
	}
	switch {
	case short && r == '\t':
		return `\t`, true
	case short && r == '\n':
		return `\n`, true
	case short && r == '\r':
		return `\r`, true
	case r < 0x20 || r == 0x7f:
		return fmt.Sprintf(`\x%02X`, r), true
	case r >= 0x80 && r < 0xa0,
		r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069,
		r == 0x2028, r == 0x2029, r == 0xfeff:
		return fmt.Sprintf(`\u%04X`, r), true
	}
	return "", false
}

// EscapeText writes the control characters, bidi controls and invalid
// bytes of s as escapes (\n, \x1B, \u202E, \xE9), for paths and messages
// printed to a terminal or a CI log.
func EscapeText(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if esc, ok := escapeRune(s[i:], r, true); ok {
			b.WriteString(esc)
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// displayPath is the path as the first line shows it: escaped, and with
// "./" before a relative path that starts with a colon or a space, so that
// the line can neither be read as a workflow command ("::error ...") nor
// look indented.
func displayPath(p string) string {
	p = EscapeText(p)
	if strings.HasPrefix(p, ":") || strings.HasPrefix(p, " ") {
		return "./" + p
	}
	return p
}

// clipped is an excerpt cut to fit: the text before, in and after the
// span, and where the caret goes.
type clipped struct {
	before, span, after string
	pad, marks          int // columns before the caret; ^ and ~ marks (at least 1)
}

// reachPerColumn bounds the bytes of a long line that are looked at: no
// display column takes more than this many bytes in text that is not
// built to be hostile, and a line of megabytes is not split whole for
// each of its diagnostics.
const reachPerColumn = 32

// clip cuts the diagnostic's source line to at most avail columns around
// its span, marking cuts with "…".
func clip(d rules.Diagnostic, avail int) clipped {
	line := d.SourceLine
	start, end := d.LineSpan()
	reach := reachPerColumn * avail
	lo := runeStart(line, max(0, start-reach))
	hi := runeStart(line, min(len(line), min(end, start+reach)+reach))
	cs := cells(line, lo, hi)

	// The span's cells: those holding a byte of [start, end), or for an
	// empty span the cell at start.
	si := len(cs)
	for i, c := range cs {
		if c.off+c.n > start {
			si = i
			break
		}
	}
	ei := si
	for ei < len(cs) && cs[ei].off < end {
		ei++
	}
	sum := func(a, b int) int {
		w := 0
		for _, c := range cs[a:b] {
			w += c.width
		}
		return w
	}
	a, b := 0, len(cs)
	cutLeft, cutRight := lo > 0, hi < len(line)
	if cutLeft || cutRight || sum(0, len(cs)) > avail {
		// Room for an ellipsis on each side; the context is shared between
		// the two sides, and a span too long to show whole keeps a quarter
		// of the width for what comes before it.
		budget := avail - 2
		sw := sum(si, ei)
		room := max(budget-sw, budget/4)
		left, right := sum(0, si), sum(ei, len(cs))
		take := min(left, room/2)
		if right < room-take {
			take = min(left, room-right)
		}
		a = si
		for w := 0; a > 0 && w+cs[a-1].width <= take; a-- {
			w += cs[a-1].width
		}
		b = a
		for w := 0; b < len(cs) && w+cs[b].width <= budget; b++ {
			w += cs[b].width
		}
		cutLeft, cutRight = cutLeft || a > 0, cutRight || b < len(cs)
	}
	text := func(from, to int) string {
		var sb strings.Builder
		for _, c := range cs[from:to] {
			sb.WriteString(c.text)
		}
		return sb.String()
	}
	mid := min(max(si, a), b)
	midEnd := min(max(ei, mid), b)
	x := clipped{before: text(a, mid), span: text(mid, midEnd), after: text(midEnd, b)}
	x.pad = sum(a, mid)
	x.marks = max(1, sum(mid, midEnd))
	const ellipsis = "…"
	if cutLeft {
		x.before = ellipsis + x.before
		x.pad++
	}
	if cutRight {
		x.after += ellipsis
	}
	return x
}

// runeStart moves i back to the first byte of the UTF-8 sequence it is in.
func runeStart(s string, i int) int {
	for j := 0; j < utf8.UTFMax-1 && i > 0 && i < len(s) && !utf8.RuneStart(s[i]); j++ {
		i--
	}
	return i
}

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
