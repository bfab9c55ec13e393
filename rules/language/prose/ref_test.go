package prose

// A frozen copy of Extract and everything under it as they were before
// the tokenizer's words were filled in place (prose.go, tokenize.go and
// frontmatter.go of commit c3c3c19, the top-level names given a prefix
// "ref" and the slice pools left out): FuzzExtractRef and TestCorpusRef
// hold the faster code to every word, link, piece and Source answer of it.

import (
	"bytes"
	"github.com/postlint/postlint/rules"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"
	"gopkg.in/yaml.v3"
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// A Word is one word of prose. It is kept small: a post has thousands.
type refWord struct {
	Text       string // as a reader sees it: entities decoded, markup gone
	Start, End int    // byte offsets into the file; End is exclusive
	Block      int32  // index of the block the word is in, counting from 0
	Prev       rune   // the character just before the word, 0 at a block edge or gap
	Next       rune   // the character just after the word, 0 at a block edge or gap
	at         int32  // offset of the word in the joined text
	link       int32  // 1 + index of the link whose text holds the word, or 0
	Kind       Kind
	Before     Sep // what separates it from the previous word of its block
	// Exact is set when the file's bytes [Start, End) are exactly Text,
	// so that an edit of that range changes the word and nothing else.
	Exact  bool
	Hyphen bool // joined to a neighbour by a hyphen ("cloud-native")
}

// Prose is the words of one post, in file order.
type refProse struct {
	Words  []refWord
	pieces []refPiece
	links  []refLinkSpan
}

// Link returns the destination of the link whose text holds w, or "".
func (p *refProse) Link(w *refWord) string {
	if w.link == 0 {
		return ""
	}
	return p.links[w.link-1].dest
}

// Source maps the bytes [from, to) of w.Text to the file, when they come
// from one stretch of it: a decoded entity may lie inside, but no markup
// the reader does not see ("so*vle*" maps "vl" but not "sovle").
func (p *refProse) Source(w *refWord, from, to int) (start, end int, ok bool) {
	if from < 0 || to > len(w.Text) || from > to {
		return 0, 0, false
	}
	if w.Exact {
		return w.Start + from, w.Start + to, true
	}
	lo, hi := int(w.at)+from, int(w.at)+to
	m := &refMapper{pieces: p.pieces}
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
func refExtract(doc *rules.Document) *refProse {
	// The corpus's English posts have a piece per 31 bytes, and 90% of them
	// one per 24 bytes or more: grown from len/64, most posts' pieces were
	// copied twice.
	b := &refBuilder{src: doc.Src, text: make([]byte, 0, len(doc.Src))}
	if n := len(doc.Src) / 24; cap(b.pieces) < n {
		b.pieces = make([]refPiece, 0, n)
	}
	b.frontMatter(doc)
	b.body(doc)
	p := &refProse{pieces: b.pieces, links: b.links}
	b.tokenize(p)
	return p
}

// Characters of the joined text that stand for things that are not text.
const (
	refGapMark   = 0x00 // something that is not prose (a code span, HTML)
	refBlockMark = 0x1e // the start of a block
)

// A piece maps the joined text [at, at+n) to the file's bytes [src, srcEnd).
// When the lengths are equal the bytes are the same, one for one;
// otherwise the piece is an entity, a mark or a break, and every offset in
// it maps to its start or end.
type refPiece struct {
	at, n       int32 // a post is far below 2 GB (Word.at is an int32 too)
	src, srcEnd int32
	// copied is set when the text is the file's bytes, copied by add: an
	// entity may decode to as many bytes as it has ("&acE;" is 5 bytes
	// of text too), which are not the same.
	copied bool
}

// A linkSpan marks the joined text [from, to) as the text of a link.
type refLinkSpan struct {
	from, to int
	dest     string
}

type refBuilder struct {
	src    []byte
	text   []byte
	pieces []refPiece
	links  []refLinkSpan
}

// add appends file bytes [start, end) to the joined text, one for one.
func (b *refBuilder) add(start, end int) {
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
	b.pieces = append(b.pieces, refPiece{at: int32(len(b.text)), n: int32(end - start), src: int32(start), srcEnd: int32(end), copied: true})
	b.text = append(b.text, b.src[start:end]...)
}

// addAs appends s to the joined text in place of file bytes [start, end).
func (b *refBuilder) addAs(s string, start, end int) {
	b.pieces = append(b.pieces, refPiece{at: int32(len(b.text)), n: int32(len(s)), src: int32(start), srcEnd: int32(end)})
	b.text = append(b.text, s...)
}

func (b *refBuilder) mark(c byte, at int) { b.addAs(string(rune(c)), at, at) }

func (b *refBuilder) startBlock(at int) { b.mark(refBlockMark, at) }

// addText appends the text of a goldmark text segment, dropping backslash
// escapes and decoding entities as a Markdown renderer would.
func (b *refBuilder) addText(start, end int) {
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
			if s, n := refEntity(src[i:end]); n > 0 {
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
func refEntity(s []byte) (string, int) {
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
var refHtmlCodeTags = map[string]bool{
	"code": true, "kbd": true, "samp": true, "var": true, "tt": true,
	"pre": true, "script": true, "style": true, "math": true, "svg": true,
}

// body gathers the prose of the Markdown body.
func (b *refBuilder) body(doc *rules.Document) {
	var codeTag string // inside <code>...</code> written as inline HTML
	doc.Walk(func(n ast.Node, entering bool) ast.WalkStatus {
		switch n := n.(type) {
		case *ast.Paragraph, *ast.Heading, *ast.TextBlock, *extast.TableCell:
			if entering {
				codeTag = ""
				b.startBlock(refBlockStart(n))
			}
		case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock:
			return ast.WalkSkipChildren
		case *ast.Text:
			if !entering {
				break
			}
			if codeTag != "" {
				b.mark(refGapMark, n.Segment.Start)
				break
			}
			b.addText(n.Segment.Start, n.Segment.Stop)
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.addAs("\n", n.Segment.Stop, n.Segment.Stop)
			}
		case *ast.Link:
			if entering {
				b.links = append(b.links, refLinkSpan{from: len(b.text), to: -1, dest: string(n.Destination)})
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
				name, closing := refTagName(n.Segments.Value(b.src))
				switch {
				case codeTag == "" && !closing && refHtmlCodeTags[name]:
					codeTag = name
				case closing && name == codeTag:
					codeTag = ""
				}
			}
			b.mark(refGapMark, at)
			return ast.WalkSkipChildren
		case *ast.Image:
			// An image's alt text is a text of its own: two images in a
			// row are not one sentence ("![image](a) ![image](b)").
			at := 0
			if len(b.pieces) > 0 {
				at = int(b.pieces[len(b.pieces)-1].srcEnd)
			}
			b.mark(refGapMark, at)
		case *ast.CodeSpan, *ast.AutoLink, *ast.String, *extast.FootnoteLink, *extast.FootnoteBacklink, *extast.TaskCheckBox:
			if entering {
				b.mark(refGapMark, max(n.Pos(), 0))
			}
			return ast.WalkSkipChildren
		}
		return ast.WalkContinue
	})
}

func refBlockStart(n ast.Node) int {
	if n.Lines().Len() > 0 {
		return n.Lines().At(0).Start
	}
	return max(n.Pos(), 0)
}

// tagName reads the element name of an HTML tag ("<code class=x>" gives
// "code", "</code>" gives "code" and closing).
func refTagName(tag []byte) (string, bool) {
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

// mapper turns offsets of the joined text into file offsets. Offsets are
// asked for in increasing order, so it keeps its place.
type refMapper struct {
	pieces []refPiece
	i      int
}

func (m *refMapper) find(o int) *refPiece {
	for m.i > 0 && int(m.pieces[m.i].at) > o {
		m.i--
	}
	for m.i+1 < len(m.pieces) && int(m.pieces[m.i+1].at) <= o {
		m.i++
	}
	return &m.pieces[m.i]
}

// start maps the offset of a word's first byte.
func (m *refMapper) start(o int) int {
	p := m.find(o)
	if p.srcEnd-p.src == p.n {
		return int(p.src) + o - int(p.at)
	}
	return int(p.src)
}

// end maps the offset just past a word's last byte.
func (m *refMapper) end(o int) int {
	p := m.find(o - 1)
	if p.srcEnd-p.src == p.n {
		return int(p.src) + o - int(p.at)
	}
	return int(p.srcEnd)
}

func refIsSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0' || unicode.IsSpace(r) ||
		r == '\u200b' // zero-width space
}

func refIsApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' }

func refIsHyphen(r rune) bool { return r == '-' || r == '‐' || r == '‑' }

// isStop reports punctuation that ends a sentence or a clause.
func refIsStop(r rune) bool {
	return r == '.' || r == '!' || r == '?' || r == '…' || r == ';' || r == ':'
}

func refIsAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// Classes of ASCII bytes, for the tokenizer's inner loop.
const (
	refCSpace  = 1 << iota // white space
	refCBreak              // ends a chunk: a mark, or a '{' that may open a template tag
	refCCode               // makes its chunk code wherever it is: / \ @ = $ < > { } | ~ ^ * _ # `
	refCInner              // makes its chunk code between two alphanumerics: . :
	refCCall               // makes its chunk code after an alphanumeric: ( [
	refCBefore             // makes its chunk code before an alphanumeric: % &
	refCWord               // a letter or digit
)

var refClass [utf8.RuneSelf]uint8

func init() {
	for _, c := range " \t\n\r\f\v" {
		refClass[c] = refCSpace
	}
	refClass[refGapMark], refClass[refBlockMark] = refCBreak, refCBreak
	for _, c := range "/\\@=$<>{}|~^*_#`" {
		refClass[c] |= refCCode
	}
	refClass['.'], refClass[':'] = refCInner, refCInner
	refClass['('], refClass['['] = refCCall, refCCall
	refClass['%'], refClass['&'] = refCBefore, refCBefore
	for c := range utf8.RuneSelf {
		if refIsAlnum(byte(c)) {
			refClass[c] = refCWord
		}
	}
}

// chunkEnd returns the end of the chunk of text without spaces that starts
// at t[i], and whether the chunk is something other than words: a URL, an
// e-mail address or handle, a file path, a domain, file or package name
// ("example.com", "main.go", "fmt.Println"), a version or a time, an
// identifier or a call ("snake_case", "f(x)"), a hashtag, an expression.
func refChunkEnd(t []byte, i int) (j int, code bool) {
	for j = i; j < len(t); j++ {
		c := t[j]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRune(t[j:])
			if refIsSpace(r) {
				return j, code
			}
			j += size - 1
			continue
		}
		cl := refClass[c]
		if cl&^refCWord == 0 || code && cl&(refCSpace|refCBreak) == 0 {
			continue // most bytes: letters, or anything once the chunk is code
		}
		if cl&(refCSpace|refCBreak) != 0 && (c != '{' || refIsTemplateStart(t, j)) {
			return j, code
		}
		switch {
		case code:
		case cl&refCCode != 0:
			code = true
		case cl&refCInner != 0:
			code = j > i && j+1 < len(t) && refIsAlnum(t[j-1]) && refIsAlnum(t[j+1])
		case cl&refCCall != 0:
			code = j > i && refIsAlnum(t[j-1])
		case cl&refCBefore != 0:
			code = j+1 < len(t) && refIsAlnum(t[j+1])
		}
	}
	return j, code
}

// Template tags whose content is not prose either, up to their end tag.
var refPairedTags = map[string]string{
	"{{< comment":   "{{< /comment",
	"{{< highlight": "{{< /highlight",
	"{{% comment":   "{{% /comment",
	"{% comment":    "{% endcomment",
	"{% highlight":  "{% endhighlight",
	"{% raw":        "{% endraw",
}

// finder looks for strings in the joined text and remembers the ones it
// did not find, so that unclosed tags cost one search, not one each.
type refFinder struct {
	t       []byte
	missing map[string]int // not found from this offset on
}

// index returns the offset of the first s at or after from, or -1.
func (f *refFinder) index(from int, s string) int {
	if m, ok := f.missing[s]; ok && from >= m {
		return -1
	}
	k := bytes.Index(f.t[from:], []byte(s))
	if k < 0 {
		if f.missing == nil {
			f.missing = map[string]int{}
		}
		f.missing[s] = from
		return -1
	}
	return from + k
}

// skipTemplate returns the offset just past the template tag ({{ ... }} or
// {% ... %}) that starts at i, or past the end tag of a pair whose content
// is not prose. A tag that is never closed runs to the end of its block.
func (f *refFinder) skipTemplate(i int) int {
	t := f.t
	closer := "}}"
	if t[i+1] == '%' {
		closer = "%}"
	}
	end := f.index(i+2, closer)
	if end < 0 {
		if k := bytes.IndexByte(t[i:], refBlockMark); k > 0 {
			return i + k
		}
		return len(t)
	}
	end += len(closer)
	tag := t[i:end]
	for open, close := range refPairedTags {
		if bytes.HasPrefix(tag, []byte(open)) && (len(tag) == len(open) || !refIsAlnum(tag[len(open)])) {
			if k := f.index(end, close); k >= 0 {
				if c := f.index(k, closer); c >= 0 {
					return c + len(closer)
				}
			}
		}
	}
	return end
}

func refIsTemplateStart(t []byte, i int) bool {
	return t[i] == '{' && i+1 < len(t) && (t[i+1] == '{' || t[i+1] == '%')
}

// tokenize splits the joined text into words.
func (b *refBuilder) tokenize(p *refProse) {
	t := b.text
	// Every word's Text is a slice of the joined text, which is never
	// changed once built: no copy is needed.
	ts := unsafe.String(unsafe.SliceData(t), len(t))
	m := &refMapper{pieces: b.pieces}
	p.Words = make([]refWord, 0, refWordGuess(t))
	templates := &refFinder{t: t}
	tk := &refTokenizer{t: t, ts: ts, m: m, src: b.src, links: b.links, p: p, block: -1, last: -1, lastEnd: -1}
	for i := 0; i < len(t); {
		c := t[i]
		switch {
		case c == refBlockMark:
			tk.block++
			tk.sep = SepBlock
			tk.last, tk.lastEnd = -1, -1
			i++
			continue
		case c == refGapMark:
			tk.gap()
			i++
			continue
		case refIsTemplateStart(t, i):
			i = templates.skipTemplate(i)
			tk.gap()
			continue
		}
		if c < utf8.RuneSelf && refClass[c]&refCSpace != 0 {
			tk.sep |= SepSpace
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			if r, size := utf8.DecodeRune(t[i:]); refIsSpace(r) {
				tk.sep |= SepSpace
				i += size
				continue
			}
		}
		j, code := refChunkEnd(t, i)
		if code || refIsFlag(string(t[i:j])) {
			tk.gap()
			// A URL or a path may end a sentence: "see example.com."
			if r, _ := utf8.DecodeLastRune(t[i:j]); refIsStop(r) {
				tk.sep |= SepPunct | SepStop
			}
		} else {
			tk.chunk(i, j)
		}
		i = j
	}
}

// refIsFlag is isFlag: a chunk of one or two hyphens and then an ASCII
// letter.
func refIsFlag(c string) bool {
	rest := strings.TrimPrefix(c, "-")
	if rest == c {
		return false
	}
	if len(rest) > 1 && rest[0] == '-' {
		rest = rest[1:]
	}
	return rest != "" && unicode.IsLetter(rune(rest[0])) && rest[0] < utf8.RuneSelf
}

// wordGuess is about how many words t has: its spaces, line breaks and
// block starts, and an eighth more. Counting them is quick, and it is
// within 13% of the words of the corpus and at least their number for all
// but 77 of its 800 posts, while a guess from the size of the text was a
// third too big for most posts and too small for 111, whose words were
// then copied as the slice grew: at 56 bytes a word, this slice was the
// largest allocation of a run. (Finding the words in a buffer kept from
// post to post and copying them to a slice of their number cost more
// than it saved: the copy of their pointers goes through the garbage
// collector's write barrier.)
func refWordGuess(t []byte) int {
	n := bytes.Count(t, []byte{' '}) + bytes.Count(t, []byte{'\n'}) + bytes.Count(t, []byte{refBlockMark})
	return n + n/8
}

type refTokenizer struct {
	t     []byte
	ts    string
	m     *refMapper
	src   []byte
	links []refLinkSpan
	link  int // the first link not ended before the last word
	// linkOf is 1 + the index of the link holding the last word, or 0, and
	// holds for the words before linkAt.
	linkOf int32
	linkAt int
	p      *refProse
	block  int
	sep    Sep
	last   int // index in p.Words of the previous word of the block, or -1
	// lastEnd is where that word ends in the joined text.
	lastEnd int
	// hyphen is set when the previous word ended with a hyphen that joins
	// it to the next.
	hyphen bool
}

// nextLink finds the link that holds the word at start, if one does, and
// how far on the answer stands: to the link's end, or the next's start.
func (tk *refTokenizer) nextLink(start int) {
	for tk.link < len(tk.links) && tk.links[tk.link].to >= 0 && tk.links[tk.link].to <= start {
		tk.link++
	}
	tk.linkOf, tk.linkAt = 0, math.MaxInt
	if tk.link < len(tk.links) {
		switch l := tk.links[tk.link]; {
		case l.from > start:
			tk.linkAt = l.from
		case l.to >= 0:
			tk.linkOf, tk.linkAt = int32(tk.link+1), l.to
		default: // not closed
			tk.linkOf = int32(tk.link + 1)
		}
	}
}

func (tk *refTokenizer) gap() {
	tk.sep |= SepGap
	tk.hyphen = false
}

// chunk splits t[i:j], a run of text without spaces, into words.
func (tk *refTokenizer) chunk(i, j int) {
	t := tk.t
	tk.hyphen = false
	for k := i; k < j; {
		r, size := rune(t[k]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(t[k:])
		}
		if !refIsWordRune(r) {
			switch {
			case refIsHyphen(r) && tk.last >= 0 && int(tk.p.Words[tk.last].Block) == tk.block &&
				k > i && tk.lastEnd == k && k+size < j && refStartsWord(t[k+size:j]):
				tk.hyphen = true
			case refIsStop(r):
				tk.sep |= SepPunct | SepStop
				tk.hyphen = false
			default:
				tk.sep |= SepPunct
				tk.hyphen = false
			}
			k += size
			continue
		}
		start := k
		letters, digits := false, false
		// A word can be camel only with an upper-case letter after its
		// first: most are not, and need no second look.
		mixed := false
	scan:
		for k < j {
			if c := t[k]; c < utf8.RuneSelf { // ASCII, most of the time
				switch {
				case c >= 'a' && c <= 'z':
					letters = true
				case c >= 'A' && c <= 'Z':
					letters = true
					mixed = mixed || k > start
				case c >= '0' && c <= '9':
					digits = true
				case c == '\'' && k > start && k+1 < j && refStartsLetter(t[k+1:j]):
				default:
					break scan
				}
				k++
				continue
			}
			r, size := utf8.DecodeRune(t[k:])
			switch {
			case unicode.IsLetter(r) || unicode.Is(unicode.Mn, r):
				letters = true
				mixed = mixed || k > start && unicode.IsUpper(r)
			case unicode.IsDigit(r):
				digits = true
			case refIsApostrophe(r) && k > start && k+size < j && refStartsLetter(t[k+size:j]):
				// inside a word: "don't", "it’s"
			default:
				break scan
			}
			k += size
		}
		if letters && digits {
			tk.gap() // "k8s", "v2", "2nd": not words
			continue
		}
		kind := Plain
		switch {
		case digits:
			kind = Number
		case mixed && refCamel(tk.ts[start:k]):
			kind = Camel
		}
		tk.word(start, k, kind)
	}
}

// isWordRune is inlined for ASCII, unlike unicode's own ASCII case.
func refIsWordRune(r rune) bool {
	if uint32(r) < utf8.RuneSelf {
		return refClass[r]&refCWord != 0
	}
	return refIsWordRuneSlow(r)
}

func refIsWordRuneSlow(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func refStartsWord(b []byte) bool {
	r, _ := utf8.DecodeRune(b)
	return refIsWordRune(r)
}

func refStartsLetter(b []byte) bool {
	r, _ := utf8.DecodeRune(b)
	return unicode.IsLetter(r)
}

func (tk *refTokenizer) word(start, end int, kind Kind) {
	w := refWord{
		Text:   tk.ts[start:end],
		Block:  int32(tk.block),
		Before: tk.sep,
		at:     int32(start),
		Kind:   kind,
	}
	if p := tk.m.find(start); p.copied && end <= int(p.at+p.n) {
		// Most words lie in one piece of the file's bytes, which are
		// their text: no second search, no comparison.
		w.Start = int(p.src) + start - int(p.at)
		w.End = w.Start + end - start
		w.Exact = true
	} else {
		w.Start, w.End = tk.m.start(start), tk.m.end(end)
		if w.End < w.Start {
			w.End = w.Start
		}
		w.Exact = w.End <= len(tk.src) && string(tk.src[w.Start:w.End]) == w.Text
	}
	if start > 0 {
		r := rune(tk.t[start-1])
		if r >= utf8.RuneSelf { // DecodeLastRune is a call, even for ASCII
			r, _ = utf8.DecodeLastRune(tk.t[:start])
		}
		if r != refGapMark && r != refBlockMark {
			w.Prev = r
		}
	}
	if end < len(tk.t) {
		r := rune(tk.t[end])
		if r >= utf8.RuneSelf {
			r, _ = utf8.DecodeRune(tk.t[end:])
		}
		if r != refGapMark && r != refBlockMark {
			w.Next = r
		}
	}
	if start >= tk.linkAt {
		tk.nextLink(start)
	}
	w.link = tk.linkOf
	if tk.hyphen {
		w.Hyphen = true
		tk.p.Words[tk.last].Hyphen = true
		tk.hyphen = false
	}
	tk.p.Words = append(tk.p.Words, w)
	tk.last = len(tk.p.Words) - 1
	tk.lastEnd = end
	tk.sep = 0
}

// camel reports a word with an upper-case letter after a lower-case one
// ("newReader", "OpenTelemetry") or two upper-case letters before a
// lower-case one other than a plural s ("HTTPServer", "OAuth").
func refCamel(s string) bool {
	var p1, p2 byte // the two letters before, in ASCII
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return refCamelRunes(s)
		}
		switch {
		case c >= 'A' && c <= 'Z' && p1 >= 'a' && p1 <= 'z':
			return true
		case c >= 'a' && c <= 'z' && p1 >= 'A' && p1 <= 'Z' && p2 >= 'A' && p2 <= 'Z':
			if !(c == 's' && i+1 == len(s)) {
				return true
			}
		}
		p2, p1 = p1, c
	}
	return false
}

// camelRunes is camel for words with non-ASCII letters.
func refCamelRunes(s string) bool {
	var p1, p2 rune
	for i, r := range s {
		switch {
		case unicode.IsUpper(r) && unicode.IsLower(p1):
			return true
		case unicode.IsLower(r) && unicode.IsUpper(p1) && unicode.IsUpper(p2):
			if !(r == 's' && i+1 == len(s)) {
				return true
			}
		}
		p2, p1 = p1, r
	}
	return false
}

// proseKeys are the front-matter fields that are prose.
var refProseKeys = map[string]bool{"title": true, "description": true, "summary": true}

// frontMatter adds the prose fields of the front matter, each a block of
// its own. The text is taken from the file as it is, between the quotes
// of a quoted value, so offsets stay true; a value with escapes keeps them,
// and the chunk holding a backslash yields no words.
func (b *refBuilder) frontMatter(doc *rules.Document) {
	fm := doc.FrontMatter
	x := doc.Fields()
	if fm == nil || fm.Err != nil || x == nil {
		return
	}
	for i, f := range x.Fields {
		if !refProseKeys[f.Key] {
			continue
		}
		if f.ValueNode == nil {
			b.quotedField(f.Value)
			continue
		}
		k, v := f.KeyNode, f.ValueNode
		if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!str" || v.Line < 1 {
			continue
		}
		end := fm.End // the value ends before the next key
		if i+1 < len(x.Fields) {
			if next := x.Fields[i+1].KeyNode; next != nil && next.Line > v.Line {
				end = min(end, doc.Lines.LineStart(next.Line))
			}
		}
		start := doc.NodeOffset(v.Line, v.Column)
		if start < fm.Start || start >= end {
			continue
		}
		b.startBlock(start)
		switch {
		case v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
			b.blockScalar(doc, v.Line+1, end, k.Column)
		case v.Style&yaml.DoubleQuotedStyle != 0:
			b.quoted(start+1, end, '"')
		case v.Style&yaml.SingleQuotedStyle != 0:
			b.quoted(start+1, end, '\'')
		default:
			b.plain(start, end, fm.Node.Content[0].Style&yaml.FlowStyle != 0)
		}
	}
}

// lines calls f with the start and end (without the line break) of each
// line of src[start:end].
func refLines(src []byte, start, end int, f func(ls, le int) bool) {
	for ls := start; ls < end; {
		le := ls + bytes.IndexByte(src[ls:end], '\n')
		next := le + 1
		if le < ls {
			le, next = end, end
		}
		if le > ls && src[le-1] == '\r' {
			le--
		}
		if !f(ls, le) {
			return
		}
		ls = next
	}
}

// plain adds a plain scalar: lines up to the next key, each up to a
// comment, or in a flow mapping ({title: x, date: y}) up to a ',' or '}'.
func (b *refBuilder) plain(start, end int, flow bool) {
	first := true
	refLines(b.src, start, end, func(ls, le int) bool {
		cut := le
		for i := ls; i < le; i++ {
			c := b.src[i]
			if c == '#' && (i == ls || b.src[i-1] == ' ' || b.src[i-1] == '\t') || flow && (c == ',' || c == '}' || c == ']') {
				cut = i
				break
			}
		}
		if !first {
			b.addAs("\n", ls, ls)
		}
		first = false
		b.add(ls, cut)
		return true
	})
}

// quoted adds a quoted scalar up to its closing quote.
func (b *refBuilder) quoted(start, end int, q byte) {
	src := b.src
	for i := start; i < end; i++ {
		switch {
		case q == '"' && src[i] == '\\':
			i++
		case src[i] == q && q == '\'' && i+1 < end && src[i+1] == '\'':
			i++
		case src[i] == q:
			b.add(start, i)
			return
		}
	}
}

// blockScalar adds the lines of a literal or folded scalar, which are
// indented deeper than its key.
func (b *refBuilder) blockScalar(doc *rules.Document, line, end, keyCol int) {
	if line > doc.Lines.Lines() {
		return
	}
	refLines(b.src, doc.Lines.LineStart(line), end, func(ls, le int) bool {
		indent := 0
		for ls+indent < le && b.src[ls+indent] == ' ' {
			indent++
		}
		if ls+indent < le && indent < keyCol { // less indented: the scalar is over
			return false
		}
		b.add(ls, le)
		b.addAs("\n", le, le)
		return true
	})
}

// quotedField adds a TOML or JSON value when it is a one-line quoted
// string: the text between its quotes. Multi-line TOML strings are left
// out.
func (b *refBuilder) quotedField(v rules.Value) {
	if v.Kind != rules.Scalar || v.Quote == 0 || !v.Exact || v.End-v.Start < 2 {
		return
	}
	if text := b.src[v.Start:v.End]; bytes.HasPrefix(text, []byte(`"""`)) || bytes.HasPrefix(text, []byte("'''")) {
		return
	}
	b.startBlock(v.Start + 1)
	b.add(v.Start+1, v.End-1)
}
