package links

import (
	"bytes"
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"

	"github.com/postlint/postlint/internal/reuse"
	"github.com/postlint/postlint/rules"
)

type linkKind uint8

const (
	kindLink       linkKind = iota // [text](dest)
	kindImage                      // ![alt](dest)
	kindDefinition                 // [ref]: dest
	kindAutolink                   // <https://...>
	kindBare                       // https://... in text, which GitHub and Hugo link
	kindHTML                       // href= or src= in raw HTML
	kindPostURL                    // {% post_url 2017-03-29-slug %}
	kindJekyllLink                 // {% link path %}
)

// A link is one destination in a post. The whole-set pass holds every
// post's, decoded from the facts of broken-link and dead-link (see
// packedFile): 40 bytes, where ints for every position made it 104. What
// few links have is in more.
type link struct {
	dest string
	more *linkMore // nil for most links
	// start32, end32: the destination's bytes in the file (see start and
	// end), unless the file is larger than an int32 counts (more.wide).
	start32, end32 int32
	kind           linkKind
	// exact: [start, end) hold the destination as written, so a fix may
	// replace them; plain: and they read as dest, byte for byte; html:
	// they are an HTML attribute value.
	exact, plain, html bool
}

// linkMore is what few links have besides dest and its place. In the
// corpus, 12 links of 11,306 kept have their URL as their text, none a
// Jekyll tag's #fragment.
type linkMore struct {
	// textStart, textEnd: the link text, when it is the URL itself (a
	// redirect fix rewrites both); textEnd is 0 otherwise.
	textStart, textEnd int
	// frag, fragStart, fragEnd: a Jekyll tag's "#id" written right after
	// it, {% post_url NAME %}#id, and where it is.
	frag               string
	fragStart, fragEnd int
	// wide: start and end, for a link past what start32 and end32 hold
	// (limits.max_file_size may be over 2 GB, or 0 for no limit).
	wide       bool
	start, end int
}

// newLink returns the link to dest at [start, end) in the file.
func newLink(kind linkKind, start, end int, dest string) link {
	l := link{dest: dest, kind: kind}
	if 0 <= start && start <= math.MaxInt32 && 0 <= end && end <= math.MaxInt32 {
		l.start32, l.end32 = int32(start), int32(end)
	} else {
		l.more = &linkMore{wide: true, start: start, end: end}
	}
	return l
}

func (l link) start() int {
	if l.more != nil && l.more.wide {
		return l.more.start
	}
	return int(l.start32)
}

func (l link) end() int {
	if l.more != nil && l.more.wide {
		return l.more.end
	}
	return int(l.end32)
}

// text returns where the link text is, when it is the URL; end is 0
// otherwise.
func (l link) text() (start, end int) {
	if l.more == nil {
		return 0, 0
	}
	return l.more.textStart, l.more.textEnd
}

// fragment returns a Jekyll tag's "#id" and where it is, or "", 0, 0.
func (l link) fragment() (frag string, start, end int) {
	if l.more == nil {
		return "", 0, 0
	}
	return l.more.frag, l.more.fragStart, l.more.fragEnd
}

// setMore sets the link's text and fragment; zeros are none.
func (l *link) setMore(textStart, textEnd int, frag string, fragStart, fragEnd int) {
	m := linkMore{}
	if l.more != nil {
		m = *l.more
	}
	m.textStart, m.textEnd, m.frag, m.fragStart, m.fragEnd = textStart, textEnd, frag, fragStart, fragEnd
	l.more = m.orNil()
}

// orNil returns m, or nil when m holds nothing.
func (m linkMore) orNil() *linkMore {
	if m == (linkMore{}) {
		return nil
	}
	return &m
}

// A heading is what anchor styles make ids from.
type heading struct {
	text string // as rendered: markup dropped, escapes and entities resolved
	raw  string // as written (kramdown slugs this)
	id   string // an explicit {#id}, or ""
}

// fileLinks is the fact broken-link keeps of a post until every file is
// done: its local links, headings, anchors and slug. It holds no
// reference to the document, which is freed as soon as its rules ran.
type fileLinks struct {
	links    []link
	headings []heading
	anchors  []string // HTML id= and <a name=>, footnotes
	slug     string   // front-matter slug, which Hugo puts in the URL

	packed *packedFile // the fields above, still encoded (see unpack), or nil
}

// packedFile is a fileLinks as AppendBinary writes it. Kept as structs,
// with a string for every link's dest and heading, the link facts of
// 10,617 posts (the corpus x7 and its small posts x16) were 15 MB in
// 190,000 objects, which every collection of the lint marked again: with
// the link rules alone the collector took 110 ms of CPU (gctrace), 50
// without them. Encoded, a post's are one object with no pointer in it
// until the whole-set pass decodes them: 64 ms.
type packedFile struct {
	once sync.Once
	enc  []byte // never changed: the decoded strings are slices of it
}

// unpack decodes fl's fields from what it was packed into, once, and
// returns fl.
func (fl *fileLinks) unpack() *fileLinks {
	if p := fl.packed; p != nil {
		p.once.Do(func() { _ = fl.DecodeFact(rules.NewSharedFactReader(p.enc)) })
	}
	return fl
}

// Unpacked returns fl as the result cache decodes it, for
// TestFactsRoundTrip in rules to compare.
func (fl *fileLinks) Unpacked() any {
	fl.unpack()
	return &fileLinks{links: fl.links, headings: fl.headings, anchors: fl.anchors, slug: fl.slug}
}

// extLinks is the fact dead-link and redirected-link keep of a post: its
// http(s) links and date. Packed by external or read back from the
// result cache, its links are decoded when first asked for (see list): an
// offline run with no link verdicts never asks.
type extLinks struct {
	links []link
	date  string // the post's date, YYYYMMDD, for the archive's copy nearest it; "" if none

	lazy *lazyLinks // links still encoded, or nil
}

// lazyLinks are encoded links, checked when read, decoded once.
type lazyLinks struct {
	once  sync.Once
	r     *rules.FactReader
	links []link
	// enc: the links as appendLinks wrote them, when they were packed
	// by external (see packedFile), for AppendBinary to copy; nil when
	// they were read from the result cache.
	enc []byte
}

// Unpacked returns el as the result cache decodes it, for
// TestFactsRoundTrip in rules to compare.
func (el *extLinks) Unpacked() any { return &extLinks{links: el.list(), date: el.date} }

// list returns the post's external links.
func (el *extLinks) list() []link {
	if el.lazy == nil {
		return el.links
	}
	z := el.lazy
	z.once.Do(func() { z.links = decodeLinks(z.r) })
	return z.links
}

// collection is what one post's links are, collected once for the link
// rules; its facts keep the parts they need, encoded (see packedFile).
type collection struct {
	fileLinks // every link, not only the local ones
	date      string
	problems  []rules.Diagnostic
	images    []Image // see Images: read by image-alt, never kept as a fact

	ext *extLinks // the external links alone, made once (see external)
}

type linksKey struct{}

// collected returns the document's links, collected once for the three
// link rules, whichever runs first.
func collected(doc *rules.Document) *collection {
	return doc.Memo(linksKey{}, func() any { return collect(doc) }).(*collection)
}

// local is the fact broken-link keeps of a post until every file is done:
// its local links, headings, anchors and slug, packed (see packedFile).
// External links, problems and every other byte of the post are left
// behind, so memory grows with the posts' anchors, not their size.
func (fl *collection) local() *fileLinks {
	w := rules.FactWriter(packBufs.Get(0))
	appendFileLinks(&w, fl.links, isLocal, fl.headings, fl.anchors, fl.slug)
	enc := bytes.Clone(w)
	packBufs.Put(w)
	return &fileLinks{packed: &packedFile{enc: enc}}
}

// packBufs are where facts are encoded before the copy a fact keeps.
var packBufs = reuse.NewBytes(1 << 20)

// isLocal reports a link runBroken checks: a Jekyll tag, or a Markdown or
// HTML link that names no scheme.
func isLocal(l link) bool {
	switch l.kind {
	case kindPostURL, kindJekyllLink:
		return true
	case kindBare, kindAutolink:
		return false
	}
	return localDest(l.dest)
}

// external is the fact dead-link and redirected-link keep of a post: its
// http(s) links, and nothing else, packed as local's (see packedFile).
func (fl *collection) external() *extLinks {
	if fl.ext != nil {
		return fl.ext
	}
	fl.ext = &extLinks{date: fl.date}
	w := rules.FactWriter(packBufs.Get(0))
	if appendLinks(&w, fl.links, isExternal) > 0 {
		enc := bytes.Clone(w)
		fl.ext.lazy = &lazyLinks{r: rules.NewSharedFactReader(enc), enc: enc}
	}
	packBufs.Put(w)
	return fl.ext
}

func isExternal(l link) bool { _, ok := externalURL(l); return ok }

func runExport(pass *rules.Pass) { pass.Export(collected(pass.Doc).external()) }

// runBrokenFile reports what one file shows alone (undefined references,
// malformed Jekyll tags) and exports the facts for the whole-set pass.
func runBrokenFile(pass *rules.Pass) {
	fl := collected(pass.Doc)
	for _, d := range fl.problems {
		pass.Report(d)
	}
	pass.Export(fl.local())
}

type collector struct {
	doc  *rules.Document
	src  []byte
	base []byte // the buffer goldmark parsed: node byte slices point into it
	fl   *collection

	runStart, runEnd int // the current run of adjacent text, or -1
	inLink           int
	pendingImg       htmlImage    // the <img> tag whose attributes are being read
	figures          []rules.Span // the captioned <figure>s of the HTML being read
	buf              []byte       // scratch: a heading's text as rendered
}

func collect(doc *rules.Document) *collection {
	c := &collector{doc: doc, src: doc.Src, fl: &collection{}, runStart: -1}
	c.base = doc.Text(text.NewSegment(0, len(doc.Src)))
	if s, ok := doc.StringField("slug"); ok {
		c.fl.slug = strings.TrimSpace(s)
	}
	if pd, ok := doc.PostDate(); ok {
		c.fl.date = pd.Time.Format("20060102")
	}
	doc.Walk(c.visit)
	c.flush()
	return c.fl
}

// offset returns where b, a slice goldmark took from the source, starts in
// the file, or -1 when b is a copy. Goldmark gives no position for link
// destinations, but hands out sub-slices of the buffer it parsed: the
// position is carried in the slice itself.
func (c *collector) offset(b []byte) int {
	if len(b) == 0 {
		return -1
	}
	off := cap(c.base) - cap(b)
	if off < 0 || off+len(b) > len(c.base) || &c.base[off] != &b[0] {
		return -1
	}
	return off
}

func (c *collector) visit(n ast.Node, entering bool) ast.WalkStatus {
	if t, ok := n.(*ast.Text); ok {
		if entering {
			c.text(t.Segment)
		}
		return ast.WalkContinue
	}
	c.flush()
	switch n := n.(type) {
	case *ast.Link:
		if entering {
			c.inLink++
			if n.Reference == nil { // reference links are checked at their definition
				c.dest(n.Destination, kindLink, n)
			}
		} else {
			c.inLink--
		}
	case *ast.Image:
		if entering && n.Reference == nil {
			c.dest(n.Destination, kindImage, n)
		}
		if entering {
			c.image(n)
		}
		return ast.WalkSkipChildren
	case *ast.LinkReferenceDefinition:
		if entering {
			c.dest(n.Destination, kindDefinition, n)
		}
	case *ast.AutoLink:
		if entering && n.AutoLinkType == ast.AutoLinkURL {
			c.dest(n.Label(c.base), kindAutolink, n)
		}
		return ast.WalkSkipChildren
	case *ast.CodeSpan, *ast.CodeBlock, *ast.FencedCodeBlock:
		return ast.WalkSkipChildren
	case *ast.RawHTML:
		if entering && n.Segments.Len() > 0 {
			c.html(n.Segments.At(0).Start, n.Segments.At(n.Segments.Len()-1).Stop)
		}
	case *ast.HTMLBlock:
		// Type 1 holds <script>, <style>, <pre>, <textarea> contents and
		// type 2 is a comment: no links a reader follows.
		if entering && n.HTMLBlockType != ast.HTMLBlockType1 && n.HTMLBlockType != ast.HTMLBlockType2 && n.Lines().Len() > 0 {
			end := n.Lines().At(n.Lines().Len() - 1).Stop
			if n.ClosureLine.Stop > end {
				end = n.ClosureLine.Stop
			}
			c.html(n.Lines().At(0).Start, end)
		}
	case *ast.Heading:
		if entering {
			c.heading(n)
		}
	case *ast.Paragraph, *ast.TextBlock:
		if entering {
			c.templateImages(n)
		}
	case *east.Footnote:
		if entering {
			c.fl.anchors = append(c.fl.anchors, "fn:"+strconv.Itoa(n.Index))
		}
	case *east.FootnoteLink:
		if entering {
			c.fl.anchors = append(c.fl.anchors, "fnref:"+strconv.Itoa(n.Index))
		}
	}
	return ast.WalkContinue
}

// dest records a Markdown link destination.
func (c *collector) dest(d []byte, kind linkKind, n ast.Node) {
	if len(d) == 0 {
		return
	}
	var l link
	if off := c.offset(d); off >= 0 {
		l = newLink(kind, off, off+len(d), markdownURL(d))
		l.exact = true
		l.plain = l.dest == string(d)
	} else {
		// A copy: point at the node, within the file (goldmark's Pos of a
		// block can be late after a tab; see headings.headingStart).
		start := min(max(n.Pos(), 0), len(c.src))
		l = newLink(kind, start, min(start+1, len(c.src)), markdownURL(d))
	}
	if ln, ok := n.(*ast.Link); ok && ln.ChildCount() == 1 {
		if t, ok := ln.FirstChild().(*ast.Text); ok && bytes.Equal(t.Segment.Value(c.src), d) {
			l.setMore(t.Segment.Start, t.Segment.Stop, "", 0, 0)
		}
	}
	c.fl.links = append(c.fl.links, l)
}

// markdownURL is a destination as the renderer hands it to the browser:
// backslash escapes and entities resolved.
func markdownURL(d []byte) string {
	s := string(d)
	if strings.IndexByte(s, '\\') >= 0 {
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			if s[i] == '\\' && i+1 < len(s) && isASCIIPunct(s[i+1]) {
				i++
			}
			b.WriteByte(s[i])
		}
		s = b.String()
	}
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	return s
}

func isASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

// html collects links and anchors from raw HTML in src[start:end].
func (c *collector) html(start, end int) {
	c.figures = captionedFigures(c.src, start, end)
	defer c.flushImg()
	scanHTML(c.src, start, end, func(a htmlAttr) {
		if a.tag == "img" {
			c.imgAttr(a)
		}
		switch {
		case a.name == "id" || (a.name == "name" && a.tag == "a"):
			if len(a.value) > 0 {
				c.fl.anchors = append(c.fl.anchors, html.UnescapeString(string(a.value)))
			}
		case a.name == "href" || a.name == "src":
			if bytes.Contains(a.value, []byte("{%")) {
				c.jekyll(a.start, a.end)
				return
			}
			if len(bytes.TrimSpace(a.value)) > 0 {
				l := newLink(kindHTML, a.start, a.end, html.UnescapeString(string(a.value)))
				l.exact, l.html = true, true
				l.plain = l.dest == string(a.value)
				c.fl.links = append(c.fl.links, l)
			}
		}
	})
}

func (c *collector) heading(h *ast.Heading) {
	var raw []byte
	if lines := h.Lines(); lines.Len() == 1 {
		seg := lines.At(0)
		raw = seg.Value(c.src) // most headings: no copy to join
	} else {
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			raw = append(raw, seg.Value(c.src)...)
		}
	}
	hd := heading{raw: string(bytes.TrimSpace(raw))}
	if id, ok := h.AttributeString("id"); ok {
		if b, ok := id.([]byte); ok {
			hd.id = string(b)
		}
	}
	// Rendered into the collector's buffer: most headings read as they
	// are written, and then share raw's copy with no other made.
	c.buf = renderedText(c.buf[:0], h, c.src)
	if bytes.IndexByte(c.buf, '&') < 0 && string(c.buf) == hd.raw {
		hd.text = hd.raw // one copy, kept until every file is done
	} else if hd.text = html.UnescapeString(string(c.buf)); hd.text == hd.raw {
		hd.text = hd.raw
	}
	c.fl.headings = append(c.fl.headings, hd)
}

// renderedText appends the text a reader sees of n's inline content to b.
func renderedText(b []byte, n ast.Node, src []byte) []byte {
	for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
		switch ch := ch.(type) {
		case *ast.Text:
			v := ch.Segment.Value(src)
			if ch.IsRaw() {
				b = append(b, v...)
			} else {
				b = appendMarkdownText(b, v)
			}
			if ch.SoftLineBreak() || ch.HardLineBreak() {
				b = append(b, ' ')
			}
		case *ast.String:
			b = append(b, ch.Value...)
		case *ast.AutoLink:
			b = append(b, ch.Label(src)...)
		case *ast.RawHTML, *ast.Image:
		default:
			b = renderedText(b, ch, src)
		}
	}
	return b
}

// appendMarkdownText appends v to b without the backslashes that escape
// punctuation.
func appendMarkdownText(b, v []byte) []byte {
	if bytes.IndexByte(v, '\\') < 0 {
		return append(b, v...)
	}
	for i := 0; i < len(v); i++ {
		if v[i] == '\\' && i+1 < len(v) && isASCIIPunct(v[i+1]) {
			i++
		}
		b = append(b, v[i])
	}
	return b
}

// text extends the current run of adjacent text with seg. goldmark splits
// text at every character that might start markup ("[", "_", "*"...):
// runs put the pieces back together, without crossing any other node.
func (c *collector) text(seg text.Segment) {
	if c.inLink > 0 {
		return
	}
	if c.runStart >= 0 && seg.Start == c.runEnd {
		c.runEnd = seg.Stop
		return
	}
	c.flush()
	c.runStart, c.runEnd = seg.Start, seg.Stop
}

func (c *collector) flush() {
	if c.runStart < 0 {
		return
	}
	start, end := c.runStart, c.runEnd
	c.runStart = -1
	if start >= end {
		return
	}
	c.bareURLs(start, end)
	c.undefinedRefs(start, end)
	if bytes.IndexByte(c.src[start:end], '{') >= 0 {
		c.jekyll(start, end)
		c.kramdownIDs(start, end)
	}
}

// kramdownIDs collects the ids that kramdown's attribute lists give
// blocks and spans: "{: #id .class}" on the line after a heading or
// paragraph, or right after a span. Jekyll renders with kramdown.
func (c *collector) kramdownIDs(start, end int) {
	r := c.src[start:end]
	for {
		i := bytes.Index(r, []byte("{:"))
		if i < 0 {
			return
		}
		r = r[i+2:]
		j := bytes.IndexByte(r, '}')
		if j < 0 {
			return
		}
		if len(r) > 0 && r[0] == ':' { // {::comment} and other extensions
			continue
		}
		for _, tok := range strings.Fields(string(r[:j])) {
			if id, ok := strings.CutPrefix(tok, "#"); ok && id != "" {
				c.fl.anchors = append(c.fl.anchors, id)
			}
		}
		r = r[j+1:]
	}
}

// bareURLs collects http(s) URLs written as plain text, which GitHub and
// Hugo turn into links, with GFM's rules for where such a URL ends.
func (c *collector) bareURLs(start, end int) {
	r := c.src[start:end]
	// Each URL is found by its "://": "h", which a search for "http"
	// stops at, is in most words of the text, ":" in few.
	for i, from := 0, 0; ; {
		colon := bytes.Index(r[from:], []byte("://"))
		if colon < 0 {
			return
		}
		colon += from
		from = colon + 1
		var j, n int
		switch {
		case colon >= i+5 && string(r[colon-5:colon]) == "https":
			j, n = colon-5, 8
		case colon >= i+4 && string(r[colon-4:colon]) == "http":
			j, n = colon-4, 7
		default:
			continue
		}
		if j > 0 && (isWordByte(r[j-1]) || r[j-1] == '/' || r[j-1] == '\\') {
			continue
		}
		k := j + n
		for k < len(r) {
			if c := r[k]; c < utf8.RuneSelf {
				if urlStop(c) {
					break
				}
				k++
				continue
			}
			// Letters of any script may be in a URL; the punctuation
			// and spaces of CJK prose ("。", "）") end it.
			ru, size := utf8.DecodeRune(r[k:])
			if !unicode.IsLetter(ru) && !unicode.IsDigit(ru) {
				break
			}
			k += size
		}
		k = trimURLTail(r[:k], j)
		host := r[j+n : k]
		if h := bytes.IndexAny(host, "/?#"); h >= 0 {
			host = host[:h]
		}
		if bytes.IndexByte(host, '.') < 0 {
			continue // GFM needs a dot in the domain: http://localhost is no link
		}
		l := newLink(kindBare, start+j, start+k, string(r[j:k]))
		l.exact, l.plain = true, true
		c.fl.links = append(c.fl.links, l)
		i, from = k, max(from, k)
	}
}

func urlStop(b byte) bool {
	switch b {
	case ' ', '\t', '\n', '\r', '<', '>', '"', '`', '[', ']', '{', '}', '|', '\\', '^':
		return true
	}
	return false
}

// trimURLTail drops what GFM leaves out of an extended autolink: trailing
// punctuation, unbalanced closing parentheses, an entity reference.
func trimURLTail(r []byte, start int) int {
	end := len(r)
	for end > start {
		switch r[end-1] {
		case '?', '!', '.', ',', ':', '*', '_', '~', '\'', ';':
			if r[end-1] == ';' {
				if k := bytes.LastIndexByte(r[start:end-1], '&'); k >= 0 && isAlnumBytes(r[start+k+1:end-1]) {
					end = start + k
					continue
				}
			}
			end--
			continue
		case ')':
			if bytes.Count(r[start:end], []byte(")")) > bytes.Count(r[start:end], []byte("(")) {
				end--
				continue
			}
		}
		break
	}
	return end
}

func isAlnumBytes(b []byte) bool {
	for _, c := range b {
		if !isWordByte(c) || c == '_' {
			return false
		}
	}
	return len(b) > 0
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c >= 0x80
}

// undefinedRefs reports [text][ref] and [text][] left as plain text: had
// the reference been defined, goldmark would have made a link of them.
func (c *collector) undefinedRefs(start, end int) {
	r := c.src[start:end]
	if bytes.IndexByte(r, '[') < 0 {
		return // most text: no bracket to pair
	}
	var open []int
	for i := 0; i < len(r); i++ {
		switch r[i] {
		case '\\':
			i++
		case '[':
			open = append(open, i)
		case ']':
			if len(open) == 0 {
				continue
			}
			o := open[len(open)-1]
			open = open[:len(open)-1]
			if i+1 >= len(r) || r[i+1] != '[' {
				continue
			}
			k := i + 2
			for k < len(r) && r[k] != ']' && r[k] != '[' {
				if r[k] == '\\' {
					k++
				}
				k++
			}
			if k >= len(r) || r[k] != ']' {
				continue
			}
			label, txt := bytes.TrimSpace(r[i+2:k]), bytes.TrimSpace(r[o+1:i])
			wordBefore := o > 0 && isWordByte(r[o-1]) || o == 0 && start > 0 && isWordByte(c.src[start-1])
			if len(txt) == 0 || txt[0] == '^' || wordBefore || (len(label) > 0 && label[0] == '^') {
				continue
			}
			ref := label
			if len(ref) == 0 {
				ref = txt
			}
			c.fl.problems = append(c.fl.problems, rules.Diagnostic{
				Start: start + o, End: start + k + 1,
				Message: fmt.Sprintf("reference [%s] is not defined: add a definition like \"[%s]: URL\"", ref, ref),
			})
			open = open[:0]
			i = k
		}
	}
}
