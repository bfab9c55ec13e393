package links

import (
	"bytes"
	"html"
	"strings"

	"github.com/yuin/goldmark/ast"

	"github.com/postlint/postlint/rules"
)

// An ImageKind is how a post writes an image.
type ImageKind uint8

const (
	MarkdownImage ImageKind = iota // ![alt](src)
	HTMLImage                      // <img src=... alt=...>
	Shortcode                      // Hugo's {{< figure src=... alt=... >}}, or another with an alt
	Include                        // Jekyll's {% include NAME alt=... %}
)

// An Image is one image of a post, as the links collector found it in
// the same walk as the links: outside code, HTML comments and <script>.
type Image struct {
	Kind ImageKind
	Name string // the shortcode or include ("figure", "image.html"); "" for the others
	Src  string // as written, entities resolved; "" when none is given
	// Start and End are what a diagnostic about the image as a whole
	// underlines: "![](x.png)", "<img", "{{< figure".
	Start, End int
	// HasAlt is set when an alt text is written, even an empty one
	// (alt="", or a figure's caption, which Hugo's figure takes for alt).
	HasAlt bool
	Alt    string // the alt text as a reader gets it: markup dropped, entities resolved
	// AltStart and AltEnd are the alt text's bytes in the file (the
	// caption's for a figure without an alt); equal to Start, End when
	// there is no alt text.
	AltStart, AltEnd int
	// Decorative is set for an HTML image marked as decoration:
	// role="presentation" or "none", or aria-hidden="true".
	Decorative bool
	// Captioned is set for an HTML image inside a <figure> that has a
	// <figcaption>, which HTML lets stand for a missing alt.
	Captioned bool
}

// Images returns the images of the document, collected once with its
// links.
func Images(doc *rules.Document) []Image { return collected(doc).images }

// image records a Markdown image.
func (c *collector) image(n *ast.Image) {
	img := Image{Kind: MarkdownImage, Src: markdownURL(n.Destination)}
	img.Start = min(max(n.Pos(), 0), len(c.src))
	img.End = min(img.Start+3, len(c.src)) // "![]"
	// The destination of ![alt](dest) is in the image; that of ![alt][ref]
	// is in the definition, elsewhere.
	if off := c.offset(n.Destination); off > img.Start && n.Reference == nil {
		img.End = off + len(n.Destination)
	}
	// The alt text runs from after "![" to the "]" that follows its last
	// text, past any closing emphasis or code marks.
	altStart, altEnd := img.Start+2, -1
	_ = ast.Walk(n, func(ch ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := ch.(*ast.Text); ok && entering {
			altEnd = max(altEnd, t.Segment.Stop)
		}
		return ast.WalkContinue, nil
	})
	if altEnd > altStart && altEnd <= len(c.src) {
		for altEnd < len(c.src) && strings.IndexByte("*_~`", c.src[altEnd]) >= 0 {
			altEnd++
		}
		if n.Reference != nil {
			img.End = min(altEnd+1, len(c.src)) // "![alt]"
		}
		img.Alt = html.UnescapeString(strings.TrimSpace(string(renderedText(nil, n, c.src))))
		img.HasAlt = img.Alt != ""
		img.AltStart, img.AltEnd = altStart, altEnd
	} else {
		img.AltStart, img.AltEnd = img.Start, img.End
	}
	c.fl.images = append(c.fl.images, img)
}

// htmlImage gathers the attributes of one <img> tag.
type htmlImage struct {
	img              Image
	role, ariaHidden string
	started          bool
}

// captionedFigures returns the parts of src[start:end] that are a
// <figure> with a <figcaption>, up to its </figure> (or end, when it is
// closed in a later block), comments aside.
func captionedFigures(src []byte, start, end int) []rules.Span {
	r := src[start:end]
	if !bytes.Contains(r, []byte("figcaption")) && !bytes.Contains(r, []byte("FIGCAPTION")) {
		return nil
	}
	lower := bytes.ToLower(r)
	var spans []rules.Span
	comments := commentScan{r: lower, cand: -2, open: -1}
	for i := 0; i < len(lower); {
		j := bytes.Index(lower[i:], []byte("<figure"))
		if j < 0 {
			break
		}
		j += i
		if comments.in(j) {
			i = j + 1
			continue
		}
		k := bytes.Index(lower[j:], []byte("</figure"))
		if k < 0 {
			k = len(lower) - j
		}
		if bytes.Contains(lower[j:j+k], []byte("<figcaption")) {
			spans = append(spans, rules.Span{Start: start + j, End: start + j + k})
		}
		i = j + k
	}
	return spans
}

// commentScan tells, for offsets asked in increasing order, whether an
// offset of r is inside an HTML comment: after the last "<!--" that ends
// before it, with no "-->" from that "<!--" on that ends before it either.
// It reads r once, where a look back for "<!--" from each <figure read the
// block from its start again each time.
type commentScan struct {
	r    []byte
	cand int // the next "<!--" not yet before an offset asked; -1 none, -2 not looked for
	open int // the last "<!--" before the offset asked, or -1
	shut int // the first "-->" at or after open, or -1
}

func (s *commentScan) in(j int) bool {
	for {
		if s.cand == -2 {
			from := s.open + 1
			if c := bytes.Index(s.r[from:], []byte("<!--")); c >= 0 {
				s.cand = from + c
			} else {
				s.cand = -1
			}
		}
		if s.cand < 0 || s.cand+4 > j {
			break
		}
		c := s.cand
		// The first "-->" from c: the one from the last "<!--" if it is
		// not before c; none if there was none from there.
		if s.open < 0 || s.shut >= 0 && s.shut < c {
			s.shut = -1
			if k := bytes.Index(s.r[c:], []byte("-->")); k >= 0 {
				s.shut = c + k
			}
		}
		s.open, s.cand = c, -2
	}
	return s.open >= 0 && (s.shut < 0 || s.shut+3 > j)
}

// imgAttr adds an attribute of an <img> tag to the image being gathered,
// and records the one before when a: is of another tag.
func (c *collector) imgAttr(a htmlAttr) {
	p := &c.pendingImg
	if p.started && p.img.Start != a.tagStart {
		c.flushImg()
	}
	if !p.started {
		*p = htmlImage{started: true, img: Image{Kind: HTMLImage, Start: a.tagStart, End: a.tagStart + len("<img")}}
	}
	val := html.UnescapeString(string(a.value))
	switch a.name {
	case "src":
		p.img.Src = val
	case "alt":
		p.img.HasAlt, p.img.Alt = true, strings.TrimSpace(val)
		p.img.AltStart, p.img.AltEnd = a.start, a.end
	case "role":
		p.role = strings.ToLower(strings.TrimSpace(val))
	case "aria-hidden":
		p.ariaHidden = strings.ToLower(strings.TrimSpace(val))
	}
}

// flushImg records the <img> tag being gathered, if any.
func (c *collector) flushImg() {
	p := &c.pendingImg
	if !p.started {
		return
	}
	img := p.img
	img.Decorative = p.role == "presentation" || p.role == "none" || p.ariaHidden == "true"
	for _, f := range c.figures {
		if img.Start >= f.Start && img.Start < f.End {
			img.Captioned = true
		}
	}
	if !img.HasAlt {
		img.AltStart, img.AltEnd = img.Start, img.End
	}
	*p = htmlImage{}
	if img.End <= len(c.src) {
		c.fl.images = append(c.fl.images, img)
	}
}

// templateImages collects the images a paragraph writes with Hugo
// shortcodes ({{< figure src="x.png" alt="..." >}}, over several lines
// too) and Jekyll includes ({% include figure.html alt="..." %}): Hugo's
// figure always, other shortcodes and includes when they have an alt
// parameter. A tag inside a code span is text; a code span inside a tag
// (attrlink=`...`) is part of it.
func (c *collector) templateImages(n ast.Node) {
	lines := n.Lines()
	if lines.Len() == 0 {
		return
	}
	start, end := lines.At(0).Start, lines.At(lines.Len()-1).Stop
	if end > len(c.src) || start >= end {
		return
	}
	r := c.src[start:end]
	if !hasTemplate(r) {
		return
	}
	var code []rules.Span
	_ = ast.Walk(n, func(ch ast.Node, entering bool) (ast.WalkStatus, error) {
		if cs, ok := ch.(*ast.CodeSpan); ok && entering {
			if t, ok := cs.FirstChild().(*ast.Text); ok {
				last := t.Segment.Stop
				if l, ok := cs.LastChild().(*ast.Text); ok {
					last = l.Segment.Stop
				}
				code = append(code, rules.Span{Start: t.Segment.Start, End: last})
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	inCode := func(off int) bool {
		for _, s := range code {
			if off >= s.Start && off < s.End {
				return true
			}
		}
		return false
	}
	for i := 0; i+2 < len(r); i++ {
		if r[i] != '{' || inCode(start+i) {
			continue
		}
		t, ok := parseTemplateTag(r, i)
		if !ok {
			continue
		}
		if img, ok := t.image(start); ok {
			c.fl.images = append(c.fl.images, img)
		}
		i = t.end - 1
	}
}

// hasTemplate reports whether r holds "{{" or "{%": one look for "{", which
// most paragraphs have none of, not two searches of the whole paragraph.
func hasTemplate(r []byte) bool {
	for {
		i := bytes.IndexByte(r, '{')
		if i < 0 || i+1 == len(r) {
			return false
		}
		if r[i+1] == '{' || r[i+1] == '%' {
			return true
		}
		r = r[i+1:]
	}
}

// A templateTag is a Hugo shortcode or a Liquid include, with its
// parameters; offsets are relative to the text it was read from.
type templateTag struct {
	kind        ImageKind
	name        string
	start, end  int
	nameEnd     int
	params      []templateParam
	hasPosition bool // a parameter without a name (Hugo's positional form)
}

type templateParam struct {
	name, value string
	start, end  int // the value, without quotes
}

func (t *templateTag) param(name string) (templateParam, bool) {
	for _, p := range t.params {
		if p.name == name {
			return p, true
		}
	}
	return templateParam{}, false
}

// image is the image the tag stands for, if it is one we can judge.
func (t *templateTag) image(base int) (Image, bool) {
	img := Image{Kind: t.kind, Name: t.name, Start: base + t.start, End: base + t.nameEnd}
	for _, key := range []string{"src", "url", "image", "image_path", "file", "path"} {
		if p, ok := t.param(key); ok {
			img.Src = p.value
			break
		}
	}
	alt, hasAlt := t.param("alt")
	figure := t.kind == Shortcode && t.name == "figure"
	switch {
	case hasAlt:
	case figure && !t.hasPosition:
		// Hugo's figure takes its caption for the alt when there is none.
		if c, ok := t.param("caption"); ok && strings.TrimSpace(c.value) != "" {
			alt, hasAlt = c, true
			alt.value = plainText(c.value)
		}
	default:
		return img, false
	}
	if hasAlt {
		img.HasAlt, img.Alt = true, strings.TrimSpace(html.UnescapeString(alt.value))
		img.AltStart, img.AltEnd = base+alt.start, base+alt.end
	} else {
		img.AltStart, img.AltEnd = img.Start, img.End
	}
	return img, true
}

// plainText drops the Markdown a caption may hold ([text](url), *, _, `):
// what Hugo's markdownify | plainify leaves, near enough to judge it.
func plainText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '*', '_', '`', '[':
		case ']':
			if i+1 < len(s) && s[i+1] == '(' {
				if j := strings.IndexByte(s[i:], ')'); j > 0 {
					i += j
				}
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// parseTemplateTag reads {{< name params >}}, {{% name params %}} or
// {% include name params %} at r[i].
func parseTemplateTag(r []byte, i int) (templateTag, bool) {
	t := templateTag{start: i}
	var closer string
	j := i + 1
	switch {
	case bytes.HasPrefix(r[j:], []byte("{<")):
		t.kind, closer, j = Shortcode, ">}}", j+2
	case bytes.HasPrefix(r[j:], []byte("{%")):
		t.kind, closer, j = Shortcode, "%}}", j+2
	case j < len(r) && r[j] == '%':
		t.kind, closer, j = Include, "%}", j+1
		if j < len(r) && r[j] == '-' {
			j++
		}
	default:
		return t, false
	}
	j = skipSpace(r, j)
	if t.kind == Include {
		if !bytes.HasPrefix(r[j:], []byte("include")) || j+7 >= len(r) || !isSpace(r[j+7]) {
			return t, false
		}
		j = skipSpace(r, j+7)
	}
	ns := j
	for j < len(r) && (isWordByte(r[j]) || r[j] == '-' || r[j] == '/' || r[j] == '.') {
		j++
	}
	if j == ns || (t.kind == Shortcode && r[ns] == '/') {
		return t, false // {{</* escaped */>}} or a closing {{< /name >}}
	}
	t.name, t.nameEnd = string(r[ns:j]), j
	for {
		j = skipSpace(r, j)
		if t.kind == Include && j < len(r) && r[j] == '-' && bytes.HasPrefix(r[j+1:], []byte(closer)) {
			j++
		}
		if bytes.HasPrefix(r[j:], []byte(closer)) {
			t.end = j + len(closer)
			return t, true
		}
		if j >= len(r) || r[j] == '{' || r[j] == '}' {
			return t, false
		}
		// A parameter: name=value, or a value alone (a positional one).
		ks := j
		for j < len(r) && (isWordByte(r[j]) || r[j] == '-') {
			j++
		}
		var p templateParam
		if j > ks && j < len(r) && r[j] == '=' {
			p.name = string(r[ks:j])
			j++
		} else {
			j = ks
			t.hasPosition = true
		}
		var ok bool
		if p, j, ok = templateValue(r, j, p, closer); !ok {
			return t, false
		}
		t.params = append(t.params, p)
	}
}

// templateValue reads a parameter's value at r[j]: "quoted" (with
// backslash escapes), 'quoted' (Liquid), `raw` (Hugo), or a bare word.
func templateValue(r []byte, j int, p templateParam, closer string) (templateParam, int, bool) {
	if j >= len(r) {
		return p, j, false
	}
	if q := r[j]; q == '"' || q == '\'' || q == '`' {
		k := j + 1
		var b strings.Builder
		for k < len(r) && r[k] != q {
			if r[k] == '\\' && q == '"' && k+1 < len(r) {
				k++
			}
			b.WriteByte(r[k])
			k++
		}
		if k >= len(r) {
			return p, j, false
		}
		p.value, p.start, p.end = b.String(), j+1, k
		return p, k + 1, true
	}
	k := j
	for k < len(r) && !isSpace(r[k]) && !bytes.HasPrefix(r[k:], []byte(closer)) {
		k++
	}
	if k == j {
		return p, j, false
	}
	p.value, p.start, p.end = string(r[j:k]), j, k
	return p, k, true
}

func skipSpace(r []byte, j int) int {
	for j < len(r) && isSpace(r[j]) {
		j++
	}
	return j
}
