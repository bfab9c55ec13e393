// Package headings checks the outline of a post: levels that skip, more
// than one top-level heading, empty headings and "##Heading" lines that
// CommonMark does not take for headings.
package headings

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/yuin/goldmark/ast"

	"github.com/postlint/postlint/rules"
)

// Rules are the heading rules, in the order `postlint rules` lists them.
var Rules = []*rules.Rule{Increment, SingleH1, Empty, MissingSpace}

var Increment = &rules.Rule{
	Name:     "heading-increment",
	Summary:  "a heading more than one level deeper than the one before",
	Severity: rules.Warning,
	Run:      runIncrement,
	Doc: `Heading levels should go down one at a time: a ### straight after a # skips a
level, which breaks the outline that readers, screen readers and tables of
contents rely on. A front-matter title is the page's level-1 heading, so the
first heading of a post with a title should be a ##. Like markdownlint's MD001.

Bad:

    ---
    title: KubeCon Europe, day 3
    ---
    ### Keynotes

Good:

    ---
    title: KubeCon Europe, day 3
    ---
    ## Keynotes
`,
}

var SingleH1 = &rules.Rule{
	Name:     "single-h1",
	Summary:  "more than one top-level heading, counting a front-matter title as one",
	Severity: rules.Warning,
	Run:      runSingleH1,
	Doc: `A page has one top-level heading: its title. Site generators render the
front-matter title as the page's h1, so a post with a title should use ## and
below in its body. Without a title, a post that starts with a # heading should
have no other #. Posts that do not start with a top-level heading are taken as
a collection of sections and not reported, as markdownlint's MD025 does.

Bad:

    ---
    title: Recap of GopherCon
    ---
    # Recap of GopherCon

Good:

    ---
    title: Recap of GopherCon
    ---
    ## The talks
`,
}

var Empty = &rules.Rule{
	Name:     "empty-heading",
	Summary:  "a heading with no text",
	Severity: rules.Warning,
	Run:      runEmpty,
	Doc: `A heading marker with nothing after it renders as an empty, invisible
heading that still shows up in tables of contents and screen readers.

Bad:

    ##

Good:

    ## Slides
`,
}

var MissingSpace = &rules.Rule{
	Name:     "heading-missing-space",
	Summary:  "a line like ##Slides, meant as a heading but not one in CommonMark",
	Severity: rules.Warning,
	Fixes:    rules.SafeFixes,
	Run:      runMissingSpace,
	Doc: `CommonMark needs a space after the #s of a heading: "##Slides" renders as a
paragraph with two hash signs in it. Lines in code blocks and HTML are not
checked, nor a single # before a word, which is far more often a hashtag
("#KubeCon") than a heading.

Bad:

    ##Slides

Good:

    ## Slides
`,
}

type heading struct {
	level      int
	start, end int
	empty      bool
}

// headings lists the ATX and setext headings of the document in order.
func headings(doc *rules.Document) []heading {
	var hs []heading
	doc.Preorder(func(n ast.Node) bool {
		h := n.(*ast.Heading)
		start := headingStart(doc.Src, h)
		line, _ := doc.Lines.Position(start)
		hs = append(hs, heading{
			level: h.Level,
			start: start,
			end:   doc.Lines.LineEnd(doc.Src, line),
			empty: !h.HasChildren(),
		})
		return false
	}, ast.KindHeading)
	return hs
}

func hasTitle(doc *rules.Document) bool {
	t, ok := doc.StringField("title")
	return ok && strings.TrimSpace(t) != ""
}

func runIncrement(pass *rules.Pass) {
	prev := 0
	if hasTitle(pass.Doc) {
		prev = 1
	}
	for i, h := range headings(pass.Doc) {
		if prev > 0 && h.level > prev+1 {
			if i == 0 && prev == 1 {
				pass.Reportf(h.start, h.end, "heading level %d follows the front-matter title (level 1); expected level 2", h.level)
			} else {
				pass.Reportf(h.start, h.end, "heading level %d follows level %d; expected level %d", h.level, prev, prev+1)
			}
		}
		prev = h.level
	}
}

func runSingleH1(pass *rules.Pass) {
	doc := pass.Doc
	title := hasTitle(doc)
	top := title
	first := true
	for n := doc.AST.FirstChild(); n != nil; n = n.NextSibling() {
		if _, ok := n.(*ast.HTMLBlock); ok && first {
			continue // comments before the first heading do not count
		}
		h, ok := n.(*ast.Heading)
		if first {
			first = false
			if !title && ok && h.Level == 1 {
				top = true
				continue
			}
		}
		if !ok || h.Level != 1 || !top {
			continue
		}
		hs := headingAt(doc, h)
		if title {
			pass.Reportf(hs.start, hs.end, "top-level heading in a post with a front-matter title, which is already the page's h1; use ## or lower")
		} else {
			pass.Reportf(hs.start, hs.end, "more than one top-level heading; the first # heading is the page's title")
		}
	}
}

func headingAt(doc *rules.Document, h *ast.Heading) heading {
	start := headingStart(doc.Src, h)
	line, _ := doc.Lines.Position(start)
	return heading{level: h.Level, start: start, end: doc.Lines.LineEnd(doc.Src, line)}
}

// headingStart is where h starts in src: its first "#", or the start of
// a setext heading's text. goldmark's Pos is up to three bytes late when
// a list or quote marker took part of a tab before the heading (it counts
// the tab's columns left over as bytes), even past the end of the file;
// so the start is found from the heading's text, which goldmark gives
// exactly, or for an empty heading from the bytes near Pos.
func headingStart(src []byte, h *ast.Heading) int {
	if h.Lines().Len() > 0 {
		text := h.Lines().At(0).Start
		b := text
		for b > 0 && (src[b-1] == ' ' || src[b-1] == '\t') {
			b--
		}
		if b == 0 || src[b-1] != '#' {
			return text // a setext heading
		}
		for b > 0 && src[b-1] == '#' {
			b--
		}
		return b
	}
	p := min(max(h.Pos(), 0), len(src))
	for c := max(p-3, 0); c <= p && c < len(src); c++ {
		if emptyHeadingAt(src, c, c < p) {
			return c
		}
	}
	return p
}

// emptyHeadingAt says whether an empty ATX heading ("#", "## ##") starts
// at src[c]; late says Pos was after c, which only a tab before c on its
// line explains.
func emptyHeadingAt(src []byte, c int, late bool) bool {
	if src[c] != '#' || c > 0 && src[c-1] == '#' {
		return false
	}
	lineStart := bytes.LastIndexByte(src[:c], '\n') + 1
	if late && bytes.IndexByte(src[lineStart:c], '\t') < 0 {
		return false
	}
	for _, b := range src[c:] {
		switch b {
		case '#', ' ', '\t', '\r':
		case '\n':
			return true
		default:
			return false
		}
	}
	return true
}

func runEmpty(pass *rules.Pass) {
	for _, h := range headings(pass.Doc) {
		if h.empty {
			pass.Reportf(h.start, h.end, "empty level-%d heading", h.level)
		}
	}
}

func runMissingSpace(pass *rules.Pass) {
	src := pass.Doc.Src
	pass.Doc.Preorder(func(n ast.Node) bool {
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			line := src[seg.Start:seg.Stop]
			hashes := 0
			for hashes < len(line) && line[hashes] == '#' {
				hashes++
			}
			if hashes < 2 || hashes > 6 || hashes == len(line) {
				continue
			}
			c := line[hashes]
			if c == ' ' || c == '\t' || c == '\r' || c == '\n' {
				continue
			}
			word := hashes
			for word < len(line) && line[word] != ' ' && line[word] != '\t' && line[word] != '\r' && line[word] != '\n' {
				word++
			}
			pass.Report(rules.Diagnostic{
				Start:   seg.Start,
				End:     seg.Start + word,
				Message: fmt.Sprintf("%q is not a heading: add a space after the %s", line[:word], strings.Repeat("#", hashes)),
				Fixes: []rules.Fix{{
					Message: "Insert a space",
					Edits:   []rules.Edit{{Start: seg.Start + hashes, End: seg.Start + hashes, NewText: " "}},
					Safe:    true,
				}},
			})
		}
		return false
	}, ast.KindParagraph, ast.KindTextBlock)
}
