// Package mojibake checks the character encoding of a post: text garbled
// by a wrong decoding ("Bj√∂rn" for "Björn"), stray control and
// replacement characters, bytes that are not UTF-8, and byte order marks
// in the middle of a file. The detection itself lives in package detect.
package mojibake

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/mojibake/detect"
)

// Rules are the encoding rules, in the order `postlint rules` lists them.
var Rules = []*rules.Rule{Mojibake, InvalidUTF8, MisplacedBOM}

// Options are the settings of the mojibake rule:
//
//	rules:
//	  mojibake: {include_code: true}
type Options struct {
	// IncludeCode also checks code spans and code blocks, which are
	// skipped by default: code may show garbled text on purpose.
	IncludeCode bool `yaml:"include_code"`
}

var Mojibake = &rules.Rule{
	Name:     "mojibake",
	Summary:  "text garbled by a wrong character decoding (\"Bj√∂rn\" for \"Björn\"); the fix repairs it",
	Severity: rules.Error,
	Fixes:    rules.SomeSafe,
	FixNote:  "A repair that loses nothing is safe; one where the wrong decoding lost bytes, or in text garbled past reading, is a suggestion.",
	Run:      runMojibake,
	Options:  func() any { return &Options{} },
	Doc: `Text that was saved as UTF-8 and then read with a single-byte code page
comes out garbled: "Björn" read as Mac OS Roman is "Bj√∂rn", "don’t" read as
Windows-1252 is "donâ€™t", "Señores" read as Latin-1 is "SeÃ±ores". It happens
in WordPress exports, CMS migrations and copy-paste from mail clients. The rule
finds such runs in prose, headings, link text and front-matter values, and the
fix puts back the original text, also for text garbled twice ("Ã¢â‚¬â„¢" for
"’"). Code spans and code blocks are skipped unless include_code is set.

It reports only a run that turns into valid UTF-8 when encoded back, that holds
a sequence of characters unlikely in correct text (an accented capital after a
currency sign, "Ã" before "©"), and whose repair is plausible text, so correct
text in any language is left alone: "NÃO", "√2", "€", "Łukasz", Japanese and
Cyrillic are fine. The heuristics follow python-ftfy. Code pages tried, in
order: Latin-1, Windows-1252, -1251, -1250, -1253, -1254, -1257, ISO-8859-2,
Mac OS Roman, code page 437.

Also reported:

- a C1 control character (U+0080–U+009F), almost always a Windows-1252
  character read as Latin-1; the fix puts in the Windows-1252 character
  ("\u0093" becomes "“");
- U+FFFD, the replacement character (a warning): a decoder met a byte it
  could not read and the character there is lost. Where the rest of the
  garbled run can be saved the fix does so, keeping U+FFFD for the lost
  character; such fixes are not applied by --fix.

Options: include_code (default false) also checks code spans and blocks.

Bad:

    ---
    title: "CafÃ© culture in MalmÃ¶"
    author: Bj√∂rn Rabenstein
    ---
    We donâ€™t ship on Fridays.

Good:

    ---
    title: "Café culture in Malmö"
    author: Björn Rabenstein
    ---
    We don’t ship on Fridays.
`,
}

func runMojibake(pass *rules.Pass) {
	opts, _ := pass.Options.(*Options)
	if opts == nil {
		opts = &Options{}
	}
	check(pass.Doc, opts, pass.Report)
}

// check reports the findings of one document; it is Run without the Pass,
// for benchmarks.
func check(doc *rules.Document, opts *Options, report func(rules.Diagnostic)) {
	// Most posts hold nothing that could be garbled: one pass over the
	// bytes says so, and the syntax tree need not be walked.
	if detect.Suspicious(doc.Src[doc.BodyStart:]) {
		eachTextRun(doc, opts.IncludeCode, func(start, end int) {
			reportFindings(doc.Src, start, end, "", report)
		})
	}
	checkFrontMatter(doc, report)
}

// eachTextRun calls f with the byte ranges of the document's text: runs of
// adjacent goldmark text segments (split at soft line breaks, emphasis,
// links), skipping code unless includeCode, and raw HTML.
func eachTextRun(doc *rules.Document, includeCode bool, f func(start, end int)) {
	start, end := -1, -1
	flush := func() {
		if start >= 0 && end > start {
			f(start, end)
		}
		start, end = -1, -1
	}
	doc.Walk(func(n ast.Node, entering bool) ast.WalkStatus {
		if !entering {
			return ast.WalkContinue
		}
		switch n := n.(type) {
		case *ast.Text:
			seg := n.Segment
			if seg.Start == end {
				end = seg.Stop
			} else {
				flush()
				start, end = seg.Start, seg.Stop
			}
		case *ast.CodeSpan:
			flush()
			if !includeCode {
				return ast.WalkSkipChildren
			}
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			flush()
			if includeCode {
				lines := n.Lines()
				for i := 0; i < lines.Len(); i++ {
					seg := lines.At(i)
					f(seg.Start, seg.Stop)
				}
			}
			return ast.WalkSkipChildren
		case *ast.HTMLBlock, *ast.RawHTML:
			flush()
			return ast.WalkSkipChildren
		default:
			flush()
		}
		return ast.WalkContinue
	})
	flush()
}

// reportFindings scans src[start:end] and reports what it finds; where
// names the front-matter field the text belongs to, if any.
func reportFindings(src []byte, start, end int, where string, report func(rules.Diagnostic)) {
	text := src[start:end]
	fs := detect.Scan(text)
	diags := make([]rules.Diagnostic, 0, len(fs))
	for k, f := range fs {
		d := rules.Diagnostic{Start: start + f.Start, End: start + f.End}
		garbled := string(text[f.Start:f.End])
		switch f.Kind {
		case detect.Mojibake:
			// Show the word around the garbled run, but not the next run.
			lo, hi := 0, len(text)
			if k > 0 {
				lo = fs[k-1].End
			}
			if k+1 < len(fs) {
				hi = fs[k+1].Start
			}
			d.Message = mojibakeMessage(text, lo, hi, f)
			msg := fmt.Sprintf("Replace %s with %s", quote(garbled), quote(f.Repair))
			if f.Repair == "" && !f.Lossy {
				msg = fmt.Sprintf("Remove %s", quote(garbled))
			}
			d.Fixes = []rules.Fix{{Message: msg, Safe: !f.Lossy,
				Edits: []rules.Edit{{Start: d.Start, End: d.End, NewText: f.Repair}}}}
		case detect.C1Control:
			r, _ := utf8.DecodeRune(text[f.Start:])
			if f.Fixable {
				d.Message = fmt.Sprintf("invisible control character U+%04X: it is %s in Windows-1252, read as Latin-1", r, quote(f.Repair))
				fix := rules.Fix{Message: fmt.Sprintf("Replace with %s", quote(f.Repair)), Safe: true,
					Edits: []rules.Edit{{Start: d.Start, End: d.End, NewText: f.Repair}}}
				// "â€\u0093": with the control character read as Windows-1252,
				// the three are "–" garbled; repair them in one go, as ftfy does.
				if s, e, g, ok := remade(text, f); ok {
					fix.Message = fmt.Sprintf("Replace %s with %s", quote(string(text[s:e])), quote(g.Repair))
					fix.Edits = []rules.Edit{{Start: start + s, End: start + e, NewText: g.Repair}}
				}
				d.Fixes = []rules.Fix{fix}
			} else {
				d.Message = fmt.Sprintf("invisible control character U+%04X, which means nothing in text", r)
			}
		case detect.Replacement:
			d.Severity = rules.Warning
			d.Message = "replacement character U+FFFD: a character was lost when this text was decoded with the wrong encoding; restore it by hand"
		}
		if where != "" {
			d.Message += " " + where
		}
		diags = append(diags, d)
	}
	// Whether a character is garbled is judged on the whole text at once,
	// so a repair can make its neighbours read as garbled ("√√™": "√™"
	// is "ê", and then "√ê" is "Ð"). Then the text is garbled past
	// reading: its repairs are shown, not applied.
	if garbledAfterFixes(text, start, diags) {
		for i := range diags {
			for j := range diags[i].Fixes {
				diags[i].Fixes[j].Safe = false
			}
		}
	}
	for _, d := range diags {
		report(d)
	}
}

// garbledAfterFixes reports whether text, with the safe fixes of diags
// applied, has more findings than the ones those fixes leave.
func garbledAfterFixes(text []byte, start int, diags []rules.Diagnostic) bool {
	edits := rules.FixEdits(diags, true)
	if len(edits) == 0 {
		return false
	}
	for i := range edits {
		edits[i].Start -= start
		edits[i].End -= start
	}
	left := 0
	for _, d := range diags {
		if len(d.Fixes) == 0 || !d.Fixes[0].Safe {
			left++
		}
	}
	return len(detect.Scan(rules.ApplyEdits(text, edits))) > left
}

// remade finds the mojibake that repairing f would make with the text
// around it, and returns the span of text it covers: the control
// character of "â€\u0093", read as Windows-1252, makes "â€“", which is
// "–" garbled. ok is false when there is none, or it is not a repair that
// loses nothing and covers all of f's.
func remade(text []byte, f detect.Finding) (start, end int, g detect.Finding, ok bool) {
	a, b := f.Start, f.End
	for range 8 {
		if _, n := utf8.DecodeLastRune(text[:a]); n > 0 {
			a -= n
		}
		if _, n := utf8.DecodeRune(text[b:]); n > 0 {
			b += n
		}
	}
	fixed := make([]byte, 0, b-a+len(f.Repair))
	fixed = append(append(append(fixed, text[a:f.Start]...), f.Repair...), text[f.End:b]...)
	lo, hi := f.Start-a, f.Start-a+len(f.Repair)
	for _, g := range detect.Scan(fixed) {
		if g.Kind != detect.Mojibake || g.Start >= hi || g.End <= lo {
			continue
		}
		if g.Lossy || g.Start > lo || g.End < hi || g.Start == 0 && a > 0 || g.End == len(fixed) && b < len(text) {
			return 0, 0, g, false
		}
		return a + g.Start, f.End + g.End - hi, g, true
	}
	return 0, 0, detect.Finding{}, false
}

func mojibakeMessage(text []byte, lo, hi int, f detect.Finding) string {
	how := "UTF-8 decoded as " + f.Decodings[0]
	switch {
	case len(f.Decodings) == 2 && f.Decodings[0] == f.Decodings[1]:
		how += ", twice"
	case len(f.Decodings) > 1:
		how += ", then as " + strings.Join(f.Decodings[1:], ", then as ")
	}
	if f.Repair == "" && !f.Lossy {
		return fmt.Sprintf("garbled byte order mark %s (%s); remove it", quote(string(text[f.Start:f.End])), how)
	}
	// Show the whole word: "Bj√∂rn", not "√∂".
	a, b := wordAround(text, lo, hi, f.Start, f.End)
	before := string(text[a:b])
	after := string(text[a:f.Start]) + f.Repair + string(text[f.End:b])
	if f.Lossy {
		return fmt.Sprintf("garbled text %s (%s, which lost bytes): restore the lost character by hand; the rest reads %s", quote(before), how, quote(after))
	}
	return fmt.Sprintf("garbled text %s should read %s (%s)", quote(before), quote(after), how)
}

// wordAround widens [start, end) to the letters and digits around it, up
// to a few characters each way and within [lo, hi).
func wordAround(text []byte, lo, hi, start, end int) (int, int) {
	const most = 24
	a := start
	for n := 0; a > lo && n < most; n++ {
		r, size := utf8.DecodeLastRune(text[lo:a])
		if !wordRune(r) {
			break
		}
		a -= size
	}
	b := end
	for n := 0; b < hi && n < most; n++ {
		r, size := utf8.DecodeRune(text[b:hi])
		if !wordRune(r) {
			break
		}
		b += size
	}
	return a, b
}

func wordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r))
}

// quote quotes s for a message, showing invisible characters as escapes.
func quote(s string) string { return strconv.Quote(s) }
