// Package prose finds the prose of a post and splits it into words, each
// with its byte offsets in the file on disk.
//
// Prose is the text of paragraphs, headings, list items, table cells, link
// text and image alt text, and the front-matter title, description and
// summary. Code spans and blocks, HTML, autolinks, footnote marks and
// Liquid or Hugo template tags are not prose; neither are the chunks of
// text that look like URLs, e-mail addresses, file paths, domain names,
// version numbers or identifiers, which never yield words.
//
// Text is gathered from the goldmark AST and joined as a reader sees it:
// emphasis delimiters and backslash escapes vanish, entities are decoded,
// soft line breaks become spaces. A word split across text nodes
// ("intimi*dat*ing") is one word whose range covers every piece.
package prose

import (
	"bytes"
	"math"
	"sort"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"

	"github.com/postlint/postlint/internal/reuse"
	"github.com/postlint/postlint/rules"
)

// Kind tells words apart by their letters.
type Kind uint8

const (
	Plain  Kind = iota // letters, maybe with inner apostrophes
	Camel              // an identifier in camelCase or PascalCase ("OpenTelemetry", "newReader")
	Number             // digits only
)

// Sep says what lies between a word and the word before it in its block.
type Sep uint8

const (
	SepSpace Sep = 1 << iota // white space
	SepPunct                 // punctuation other than a hyphen joining the two
	SepStop                  // . ! ? … ; or :, which end a sentence or clause
	SepGap                   // something that is not prose: code, a URL, a tag
	SepBlock                 // nothing: the word starts its block
)

// A Word is one word of prose. It is kept small, at 48 bytes: a post has
// thousands. Its offset in the joined text, and the link that holds it,
// are found from where its Text points, when asked.
type Word struct {
	Text       string // as a reader sees it: entities decoded, markup gone
	Start, End int    // byte offsets into the file; End is exclusive
	Block      int32  // index of the block the word is in, counting from 0
	Prev       rune   // the character just before the word, 0 at a block edge or gap
	Next       rune   // the character just after the word, 0 at a block edge or gap
	Kind       Kind
	Before     Sep // what separates it from the previous word of its block
	// Exact is set when the file's bytes [Start, End) are exactly Text,
	// so that an edit of that range changes the word and nothing else.
	Exact  bool
	Hyphen bool // joined to a neighbour by a hyphen ("cloud-native")
}

// Lower reports whether the word has no upper-case letter.
func (w *Word) Lower() bool {
	for _, r := range w.Text {
		if unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// Upper reports whether the word has at least two letters and no
// lower-case letter (an acronym, or shouting).
func (w *Word) Upper() bool {
	n := 0
	for _, r := range w.Text {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n >= 2
}

// Title reports whether the word is an upper-case letter followed by
// lower-case ones only.
func (w *Word) Title() bool {
	r, size := utf8.DecodeRuneInString(w.Text)
	if !unicode.IsUpper(r) {
		return false
	}
	for _, r := range w.Text[size:] {
		if unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// Prose is the words of one post, in file order.
type Prose struct {
	Words  []Word
	text   string // the joined text, which every word's Text is a slice of
	pieces []piece
	links  []linkSpan
}

// at returns the offset of w in the joined text, false if w is not one of
// p's words.
func (p *Prose) at(w *Word) (int, bool) {
	d := uintptr(unsafe.Pointer(unsafe.StringData(w.Text))) - uintptr(unsafe.Pointer(unsafe.StringData(p.text)))
	if w.Text == "" || d > uintptr(len(p.text)-len(w.Text)) {
		return 0, false
	}
	return int(d), true
}

// Link returns the destination of the link whose text holds w, or "".
func (p *Prose) Link(w *Word) string {
	at, ok := p.at(w)
	if !ok {
		return ""
	}
	// The first link not ended at the word's start: the links are in the
	// order they start, and maxTo is the latest end of any so far.
	k := sort.Search(len(p.links), func(k int) bool { return p.links[k].maxTo > at })
	if k < len(p.links) && p.links[k].from <= at {
		return p.links[k].dest
	}
	return ""
}

// Source maps the bytes [from, to) of w.Text to the file, when they come
// from one stretch of it: a decoded entity may lie inside, but no markup
// the reader does not see ("so*vle*" maps "vl" but not "sovle").
func (p *Prose) Source(w *Word, from, to int) (start, end int, ok bool) {
	if from < 0 || to > len(w.Text) || from > to {
		return 0, 0, false
	}
	if w.Exact {
		return w.Start + from, w.Start + to, true
	}
	at, ok := p.at(w)
	if !ok {
		return 0, 0, false
	}
	lo, hi := at+from, at+to
	m := &mapper{pieces: p.pieces}
	m.i = max(0, sort.Search(len(p.pieces), func(k int) bool { return int(p.pieces[k].at) > lo })-1)
	if from == to {
		s := m.start(lo)
		return s, s, true
	}
	m.find(lo)
	for k := m.i; k+1 < len(p.pieces) && int(p.pieces[k+1].at) < hi; k++ {
		if p.pieces[k+1].src != p.pieces[k].srcEnd {
			return 0, 0, false
		}
	}
	start, end = m.start(lo), m.end(hi)
	return start, end, start <= end
}

// Extract gathers the prose of doc and splits it into words.
func Extract(doc *rules.Document) *Prose {
	// The corpus's English posts have a piece per 31 bytes, and 90% of them
	// one per 24 bytes or more: grown from len/64, most posts' pieces were
	// copied twice.
	b := &builder{src: doc.Src, text: make([]byte, 0, len(doc.Src)), pieces: piecePool.Get()}
	if n := len(doc.Src) / 24; cap(b.pieces) < n {
		b.pieces = make([]piece, 0, n)
	}
	b.frontMatter(doc)
	b.body(doc)
	p := &Prose{pieces: b.pieces, links: b.links}
	b.tokenize(p)
	// Given back once every rule has read the document. The joined
	// text is not: words' Text point into it, and rules keep some.
	doc.AfterLint(func() {
		piecePool.Put(p.pieces)
		wordPool.Put(p.Words)
	})
	return p
}

// The words and pieces of posts already linted, to be filled again: at
// 56 bytes a word, made afresh for every post they were a quarter of all
// the bytes a lint of the corpus allocates.
var (
	wordPool  = reuse.New[Word](1 << 17)
	piecePool = reuse.New[piece](1 << 17)
)

// Characters of the joined text that stand for things that are not text.
const (
	gapMark   = 0x00 // something that is not prose (a code span, HTML)
	blockMark = 0x1e // the start of a block
)

// A piece maps the joined text [at, at+n) to the file's bytes [src, srcEnd).
// When the lengths are equal the bytes are the same, one for one;
// otherwise the piece is an entity, a mark or a break, and every offset in
// it maps to its start or end.
type piece struct {
	at, n       int32 // a post is far below 2 GB
	src, srcEnd int32
	// copied is set when the text is the file's bytes, copied by add: an
	// entity may decode to as many bytes as it has ("&acE;" is 5 bytes
	// of text too), which are not the same.
	copied bool
}

// A linkSpan marks the joined text [from, to) as the text of a link; to
// is -1 while the link is open. maxTo is the largest to of the links up to
// this one, an open one's counting as the end of the text and beyond.
type linkSpan struct {
	from, to int
	maxTo    int
	dest     string
}

type builder struct {
	src    []byte
	text   []byte
	pieces []piece
	links  []linkSpan
}

// add appends file bytes [start, end) to the joined text, one for one.
func (b *builder) add(start, end int) {
	if start >= end {
		return
	}
	if n := len(b.pieces); n > 0 {
		last := &b.pieces[n-1]
		if int(last.srcEnd) == start && last.srcEnd-last.src == last.n && int(last.at+last.n) == len(b.text) {
			last.n += int32(end - start)
			last.srcEnd = int32(end)
			b.text = append(b.text, b.src[start:end]...)
			return
		}
	}
	b.pieces = append(b.pieces, piece{at: int32(len(b.text)), n: int32(end - start), src: int32(start), srcEnd: int32(end), copied: true})
	b.text = append(b.text, b.src[start:end]...)
}

// addAs appends s to the joined text in place of file bytes [start, end).
func (b *builder) addAs(s string, start, end int) {
	b.pieces = append(b.pieces, piece{at: int32(len(b.text)), n: int32(len(s)), src: int32(start), srcEnd: int32(end)})
	b.text = append(b.text, s...)
}

func (b *builder) mark(c byte, at int) { b.addAs(string(rune(c)), at, at) }

func (b *builder) startBlock(at int) { b.mark(blockMark, at) }

// addText appends the text of a goldmark text segment, dropping backslash
// escapes and decoding entities as a Markdown renderer would.
func (b *builder) addText(start, end int) {
	src := b.src
	if bytes.IndexByte(src[start:end], '\\') < 0 && bytes.IndexByte(src[start:end], '&') < 0 {
		b.add(start, end) // most text has neither: two quick searches instead of a loop
		return
	}
	from := start
	for i := start; i < end; i++ {
		switch src[i] {
		case '\\':
			if i+1 < end && util.IsPunct(src[i+1]) {
				b.add(from, i)
				from = i + 1
				i++
			}
		case '&':
			if s, n := entity(src[i:end]); n > 0 {
				b.add(from, i)
				b.addAs(s, i, i+n)
				from = i + n
				i += n - 1
			}
		}
	}
	b.add(from, end)
}

// entity decodes the HTML entity at the start of s, returning its text and
// length, or 0.
func entity(s []byte) (string, int) {
	end := 1
	for end < len(s) && end < 40 && s[end] != ';' {
		end++
	}
	if end >= len(s) || s[end] != ';' || end < 2 {
		return "", 0
	}
	name := s[1:end]
	if name[0] == '#' {
		var v rune
		digits := name[1:]
		base := rune(10)
		if len(digits) > 0 && (digits[0] == 'x' || digits[0] == 'X') {
			base, digits = 16, digits[1:]
		}
		if len(digits) == 0 || len(digits) > 7 {
			return "", 0
		}
		for _, c := range digits {
			var d rune
			switch {
			case c >= '0' && c <= '9':
				d = rune(c - '0')
			case base == 16 && c >= 'a' && c <= 'f':
				d = rune(c-'a') + 10
			case base == 16 && c >= 'A' && c <= 'F':
				d = rune(c-'A') + 10
			default:
				return "", 0
			}
			v = v*base + d
		}
		return string(util.ToValidRune(v)), end + 1
	}
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return "", 0
		}
	}
	if e, ok := util.LookUpHTML5EntityByName(string(name)); ok {
		return string(e.Characters), end + 1
	}
	return "", 0
}

// htmlCodeTags are inline HTML elements whose content is not prose.
var htmlCodeTags = map[string]bool{
	"code": true, "kbd": true, "samp": true, "var": true, "tt": true,
	"pre": true, "script": true, "style": true, "math": true, "svg": true,
}

// body gathers the prose of the Markdown body.
func (b *builder) body(doc *rules.Document) {
	var codeTag string // inside <code>...</code> written as inline HTML
	doc.Walk(func(n ast.Node, entering bool) ast.WalkStatus {
		switch n := n.(type) {
		case *ast.Paragraph, *ast.Heading, *ast.TextBlock, *extast.TableCell:
			if entering {
				codeTag = ""
				b.startBlock(blockStart(n))
			}
		case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock:
			return ast.WalkSkipChildren
		case *ast.Text:
			if !entering {
				break
			}
			if codeTag != "" {
				b.mark(gapMark, n.Segment.Start)
				break
			}
			b.addText(n.Segment.Start, n.Segment.Stop)
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.addAs("\n", n.Segment.Stop, n.Segment.Stop)
			}
		case *ast.Link:
			if entering {
				b.links = append(b.links, linkSpan{from: len(b.text), to: -1, dest: string(n.Destination)})
			} else {
				for i := len(b.links) - 1; i >= 0; i-- {
					if b.links[i].to < 0 {
						b.links[i].to = len(b.text)
						break
					}
				}
			}
		case *ast.RawHTML:
			if !entering {
				break
			}
			at := max(n.Pos(), 0)
			if n.Segments.Len() > 0 {
				at = n.Segments.At(0).Start
				name, closing := tagName(n.Segments.Value(b.src))
				switch {
				case codeTag == "" && !closing && htmlCodeTags[name]:
					codeTag = name
				case closing && name == codeTag:
					codeTag = ""
				}
			}
			b.mark(gapMark, at)
			return ast.WalkSkipChildren
		case *ast.Image:
			// An image's alt text is a text of its own: two images in a
			// row are not one sentence ("![image](a) ![image](b)").
			at := 0
			if len(b.pieces) > 0 {
				at = int(b.pieces[len(b.pieces)-1].srcEnd)
			}
			b.mark(gapMark, at)
		case *ast.CodeSpan, *ast.AutoLink, *ast.String, *extast.FootnoteLink, *extast.FootnoteBacklink, *extast.TaskCheckBox:
			if entering {
				b.mark(gapMark, max(n.Pos(), 0))
			}
			return ast.WalkSkipChildren
		}
		return ast.WalkContinue
	})
	maxTo := -1
	for i := range b.links {
		to := b.links[i].to
		if to < 0 {
			to = math.MaxInt
		}
		maxTo = max(maxTo, to)
		b.links[i].maxTo = maxTo
	}
}

func blockStart(n ast.Node) int {
	if n.Lines().Len() > 0 {
		return n.Lines().At(0).Start
	}
	return max(n.Pos(), 0)
}

// tagName reads the element name of an HTML tag ("<code class=x>" gives
// "code", "</code>" gives "code" and closing).
func tagName(tag []byte) (string, bool) {
	if len(tag) < 2 || tag[0] != '<' {
		return "", false
	}
	i := 1
	closing := tag[1] == '/'
	if closing {
		i++
	}
	j := i
	for j < len(tag) && (tag[j] >= 'a' && tag[j] <= 'z' || tag[j] >= 'A' && tag[j] <= 'Z' || tag[j] >= '0' && tag[j] <= '9') {
		j++
	}
	name := make([]byte, j-i)
	for k := i; k < j; k++ {
		name[k-i] = tag[k] | 0x20
	}
	return string(name), closing
}
