package mojibake

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/postlint/postlint/rules"
)

var InvalidUTF8 = &rules.Rule{
	Name:     "invalid-utf8",
	Summary:  "bytes that are not UTF-8, as in a file saved as Latin-1 or Windows-1252",
	Severity: rules.Error,
	Fixes:    rules.Suggestions,
	Run:      runInvalidUTF8,
	Doc: `Posts are UTF-8. A byte sequence that is not UTF-8 shows up as "�" or breaks
the build, and usually means the file, or a part pasted into it, was saved in
Latin-1 or Windows-1252: "café" saved as Latin-1 is the bytes 63 61 66 E9.
Each bad sequence is reported with its offset, anywhere in the file, code
included; where the bytes read as Windows-1252 text, a fix suggests that text
(not applied by --fix: check it). A character cut short (a lead byte with too
few continuation bytes) is named as such, without a fix. After ten reports,
the rest of a file's bad sequences are counted in one more. A UTF-16 file is
reported once.

Bad (the bytes of a Latin-1 file):

    caf\xe9 au lait

Good:

    café au lait
`,
}

var MisplacedBOM = &rules.Rule{
	Name:     "misplaced-bom",
	Summary:  "a byte order mark (U+FEFF) after the start of the file",
	Severity: rules.Warning,
	Fixes:    rules.SafeFixes,
	Run:      runMisplacedBOM,
	Doc: `A UTF-8 byte order mark belongs at the very start of a file, if anywhere.
One further in is invisible in an editor but not to tools: it is usually left
by joining two files, and it breaks front matter, headings and words it sits in.
The fix removes it.

Bad (BOM shown as <U+FEFF>):

    Intro text.
    <U+FEFF>## Second part

Good:

    Intro text.
    ## Second part
`,
}

const maxInvalidReports = 10

func runInvalidUTF8(pass *rules.Pass) { invalidUTF8(pass.Doc.Src, pass.Report) }

func invalidUTF8(src []byte, report func(rules.Diagnostic)) {
	if bytes.HasPrefix(src, []byte{0xFF, 0xFE}) || bytes.HasPrefix(src, []byte{0xFE, 0xFF}) {
		report(rules.Diagnostic{Start: 0, End: 2, Message: "the file is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8"})
		return
	}
	if utf8.Valid(src) {
		return
	}
	var bad [][2]int
	for i := 0; i < len(src); {
		if src[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		if r != utf8.RuneError || size != 1 {
			i += size
			continue
		}
		j := i + 1
		for j < len(src) && src[j] >= utf8.RuneSelf {
			if r, size := utf8.DecodeRune(src[j:]); r != utf8.RuneError || size != 1 {
				break
			}
			j++
		}
		bad = append(bad, [2]int{i, j})
		i = j
	}
	for k, span := range bad {
		if k == maxInvalidReports {
			report(rules.Diagnostic{Start: span[0], End: span[1],
				Message: fmt.Sprintf("%d more byte sequences that are not UTF-8 in this file; is it saved as UTF-8?", len(bad)-k)})
			return
		}
		report(invalidDiagnostic(src[span[0]:span[1]], span[0]))
	}
}

func invalidDiagnostic(b []byte, start int) rules.Diagnostic {
	hex := make([]string, 0, min(len(b), 4))
	for i, c := range b {
		if i == 4 {
			hex = append(hex, "…")
			break
		}
		hex = append(hex, fmt.Sprintf("0x%02X", c))
	}
	what := "byte " + hex[0]
	if len(b) > 1 {
		what = "bytes " + strings.Join(hex, " ")
	}
	d := rules.Diagnostic{Start: start, End: start + len(b),
		Message: fmt.Sprintf("invalid UTF-8: %s", what)}
	if truncated(b) {
		d.Message += ", the start of a character cut short"
	} else if text, ok := windows1252(b); ok {
		d.Message += fmt.Sprintf(", %s in Windows-1252; was this part saved as Latin-1 or Windows-1252?", quote(text))
		d.Fixes = []rules.Fix{{Message: fmt.Sprintf("Replace with %s", quote(text)),
			Edits: []rules.Edit{{Start: d.Start, End: d.End, NewText: text}}}}
	}
	return d
}

// truncated reports whether b is a UTF-8 lead byte with fewer
// continuation bytes than it needs: a character cut in two, not text in
// another encoding.
func truncated(b []byte) bool {
	if len(b) < 2 || b[0] < 0xC2 || b[0] > 0xF4 {
		return false
	}
	for _, c := range b[1:] {
		if c < 0x80 || c > 0xBF {
			return false
		}
	}
	return true
}

// windows1252 decodes b as Windows-1252, if every byte is a visible
// character there.
func windows1252(b []byte) (string, bool) {
	var sb strings.Builder
	for _, c := range b {
		r := charmap.Windows1252.DecodeByte(c)
		if r == utf8.RuneError || c == 0xAD {
			return "", false
		}
		sb.WriteRune(r)
	}
	return sb.String(), true
}

var bom = []byte("\ufeff")

func runMisplacedBOM(pass *rules.Pass) { misplacedBOM(pass.Doc.Src, pass.Report) }

func misplacedBOM(src []byte, report func(rules.Diagnostic)) {
	for off := 1; off < len(src); {
		i := bytes.Index(src[off:], bom)
		if i < 0 {
			return
		}
		at := off + i
		report(rules.Diagnostic{
			Start: at, End: at + len(bom),
			Message: "byte order mark (U+FEFF) after the start of the file, usually left by joining files",
			Fixes: []rules.Fix{{Message: "Remove the byte order mark", Safe: true,
				Edits: []rules.Edit{{Start: at, End: at + len(bom)}}}},
		})
		off = at + len(bom)
	}
}
