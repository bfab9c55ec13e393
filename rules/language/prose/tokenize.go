package prose

import (
	"bytes"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// mapper turns offsets of the joined text into file offsets. Offsets are
// asked for in increasing order, so it keeps its place.
type mapper struct {
	pieces []piece
	i      int
}

func (m *mapper) find(o int) *piece {
	for m.i > 0 && int(m.pieces[m.i].at) > o {
		m.i--
	}
	for m.i+1 < len(m.pieces) && int(m.pieces[m.i+1].at) <= o {
		m.i++
	}
	return &m.pieces[m.i]
}

// start maps the offset of a word's first byte.
func (m *mapper) start(o int) int {
	p := m.find(o)
	if p.srcEnd-p.src == p.n {
		return int(p.src) + o - int(p.at)
	}
	return int(p.src)
}

// end maps the offset just past a word's last byte.
func (m *mapper) end(o int) int {
	p := m.find(o - 1)
	if p.srcEnd-p.src == p.n {
		return int(p.src) + o - int(p.at)
	}
	return int(p.srcEnd)
}

func isSpace(r rune) bool { return uniClass(r)&uSpace != 0 }

// isSpaceRef is isSpace as unicode says it, from which uni is made.
func isSpaceRef(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0' || unicode.IsSpace(r) ||
		r == '\u200b' // zero-width space
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' }

func isHyphen(r rune) bool { return r == '-' || r == '‐' || r == '‑' }

// isStop reports punctuation that ends a sentence or a clause.
func isStop(r rune) bool {
	return r == '.' || r == '!' || r == '?' || r == '…' || r == ';' || r == ':'
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// Classes of bytes, for the tokenizer's inner loop. Bytes from 0x80 on are
// parts of letters, as far as the chunks are concerned, but for the first
// bytes of the non-ASCII spaces.
const (
	cSpace  = 1 << iota // white space
	cBreak              // ends a chunk: a mark, or a '{' that may open a template tag
	cCode               // makes its chunk code wherever it is: / \ @ = $ < > { } | ~ ^ * _ # `
	cInner              // makes its chunk code between two alphanumerics: . :
	cCall               // makes its chunk code after an alphanumeric: ( [
	cBefore             // makes its chunk code before an alphanumeric: % &
	cWord               // a letter or digit
	cLead               // may start a non-ASCII space (U+00A0 is C2 A0)
)

var class [256]uint8

// spaceNext holds, for each first byte of a non-ASCII space, the bits
// (1 << (b & 63)) of the second bytes b of those spaces: 0x80 for the
// first byte 0xE3, as U+3000 is E3 80 80, but not 0x81, with which a
// Japanese text's kana start. Other runes are not decoded to be asked.
var spaceNext [256]uint64

// maybeSpace reports whether the rune at t[j], whose first byte is
// marked cLead, may be a space.
func maybeSpace(t []byte, j int) bool {
	return j+1 < len(t) && spaceNext[t[j]]>>(t[j+1]&63)&1 != 0
}

func init() {
	for _, c := range " \t\n\r\f\v" {
		class[c] = cSpace
	}
	class[gapMark], class[blockMark] = cBreak, cBreak
	for _, c := range "/\\@=$<>{}|~^*_#`" {
		class[c] |= cCode
	}
	class['.'], class[':'] = cInner, cInner
	class['('], class['['] = cCall, cCall
	class['%'], class['&'] = cBefore, cBefore
	for c := range 256 {
		if isAlnum(byte(c)) {
			class[c] = cWord
		}
	}
	lead := func(r rune) {
		if r >= utf8.RuneSelf {
			var b [utf8.UTFMax]byte
			utf8.EncodeRune(b[:], r)
			class[b[0]] |= cLead
			spaceNext[b[0]] |= 1 << (b[1] & 63)
		}
	}
	for _, rg := range unicode.White_Space.R16 {
		for r := rune(rg.Lo); r <= rune(rg.Hi); r += rune(rg.Stride) {
			lead(r)
		}
	}
	for _, rg := range unicode.White_Space.R32 {
		for r := rune(rg.Lo); r <= rune(rg.Hi); r += rune(rg.Stride) {
			lead(r)
		}
	}
	lead('\u00a0')
	lead('\u200b') // see isSpace
}

// Classes of the runes of the Basic Multilingual Plane, for the letters
// of the scripts without spaces: unicode's own functions search a table
// of ranges for every rune, and a post in Chinese or Japanese is a chunk of
// thousands of letters. uni[r] holds the answers for r, exactly those of
// the functions named.
const (
	uLetter = 1 << iota // unicode.IsLetter
	uMark               // unicode.Is(unicode.Mn, r): a letter's accent
	uUpper              // unicode.IsUpper
	uDigit              // unicode.IsDigit
	uSpace              // isSpace
)

var uni [1 << 16]uint8

func init() {
	for _, t := range []struct {
		tab  *unicode.RangeTable
		flag uint8
	}{
		{unicode.Letter, uLetter}, {unicode.Mn, uMark}, {unicode.Upper, uUpper},
		{unicode.Digit, uDigit}, {unicode.White_Space, uSpace},
	} {
		for _, rg := range t.tab.R16 {
			for r := uint32(rg.Lo); r <= uint32(rg.Hi); r += uint32(rg.Stride) {
				uni[r] |= t.flag
			}
		}
		for _, rg := range t.tab.R32 {
			for r := rg.Lo; r <= rg.Hi && r < 1<<16; r += rg.Stride {
				uni[r] |= t.flag
			}
		}
	}
	// Below U+0100 the functions read a table of their own: asked, so
	// that uni says what they say.
	for r := range rune(0x100) {
		uni[r] = uniClassSlow(r)
	}
	uni['\u200b'] |= uSpace // zero-width space
}

// uniClass returns the uni flags of r, for any rune.
func uniClass(r rune) uint8 {
	if uint32(r) < uint32(len(uni)) {
		return uni[r]
	}
	return uniClassSlow(r)
}

func uniClassSlow(r rune) uint8 {
	var f uint8
	if unicode.IsLetter(r) {
		f |= uLetter
	}
	if unicode.Is(unicode.Mn, r) {
		f |= uMark
	}
	if unicode.IsUpper(r) {
		f |= uUpper
	}
	if unicode.IsDigit(r) {
		f |= uDigit
	}
	if isSpaceRef(r) {
		f |= uSpace
	}
	return f
}

// chunkEnd returns the end of the chunk of text without spaces that starts
// at t[i], and whether the chunk is something other than words: a URL, an
// e-mail address or handle, a file path, a domain, file or package name
// ("example.com", "main.go", "fmt.Println"), a version or a time, an
// identifier or a call ("snake_case", "f(x)"), a hashtag, an expression.
func chunkEnd(t []byte, i int) (j int, code bool) {
	for j = i; j < len(t); j++ {
		c := t[j]
		cl := class[c]
		if cl&^cWord == 0 || code && cl&(cSpace|cBreak|cLead) == 0 {
			continue // most bytes: letters, or anything once the chunk is code
		}
		if cl&cLead != 0 {
			// The other bytes from 0x80 on are passed over one by one
			// (as letters), not decoded: none of them starts a space,
			// and the continuation bytes of a rune are not ASCII.
			if !maybeSpace(t, j) {
				continue
			}
			if r, _ := utf8.DecodeRune(t[j:]); isSpace(r) {
				return j, code
			}
			continue
		}
		if cl&(cSpace|cBreak) != 0 && (c != '{' || isTemplateStart(t, j)) {
			return j, code
		}
		switch {
		case code:
		case cl&cCode != 0:
			code = true
		case cl&cInner != 0:
			code = j > i && j+1 < len(t) && isAlnum(t[j-1]) && isAlnum(t[j+1])
		case cl&cCall != 0:
			code = j > i && isAlnum(t[j-1])
		case cl&cBefore != 0:
			code = j+1 < len(t) && isAlnum(t[j+1])
		}
	}
	return j, code
}

// isFlag reports a chunk that is a command-line flag: "-fomit-frame-pointer",
// "--oprofile" (not "--" alone, a dash, nor "-5").
func isFlag(c []byte) bool {
	if len(c) > 2 && c[0] == '-' && c[1] == '-' {
		c = c[1:]
	}
	return len(c) > 1 && c[0] == '-' && (c[1] >= 'a' && c[1] <= 'z' || c[1] >= 'A' && c[1] <= 'Z')
}

// Template tags whose content is not prose either, up to their end tag.
var pairedTags = map[string]string{
	"{{< comment":   "{{< /comment",
	"{{< highlight": "{{< /highlight",
	"{{% comment":   "{{% /comment",
	"{% comment":    "{% endcomment",
	"{% highlight":  "{% endhighlight",
	"{% raw":        "{% endraw",
}

// finder looks for strings in the joined text and remembers the ones it
// did not find, so that unclosed tags cost one search, not one each.
type finder struct {
	t       []byte
	missing map[string]int // not found from this offset on
}

// index returns the offset of the first s at or after from, or -1.
func (f *finder) index(from int, s string) int {
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
func (f *finder) skipTemplate(i int) int {
	t := f.t
	closer := "}}"
	if t[i+1] == '%' {
		closer = "%}"
	}
	end := f.index(i+2, closer)
	if end < 0 {
		if k := bytes.IndexByte(t[i:], blockMark); k > 0 {
			return i + k
		}
		return len(t)
	}
	end += len(closer)
	tag := t[i:end]
	for open, close := range pairedTags {
		if bytes.HasPrefix(tag, []byte(open)) && (len(tag) == len(open) || !isAlnum(tag[len(open)])) {
			if k := f.index(end, close); k >= 0 {
				if c := f.index(k, closer); c >= 0 {
					return c + len(closer)
				}
			}
		}
	}
	return end
}

func isTemplateStart(t []byte, i int) bool {
	return t[i] == '{' && i+1 < len(t) && (t[i+1] == '{' || t[i+1] == '%')
}

// tokenize splits the joined text into words.
func (b *builder) tokenize(p *Prose) {
	t := b.text
	// Every word's Text is a slice of the joined text, which is never
	// changed once built: no copy is needed.
	ts := unsafe.String(unsafe.SliceData(t), len(t))
	words := wordPool.Get()
	if n := wordGuess(t); cap(words) < n {
		words = make([]Word, 0, n)
	}
	templates := &finder{t: t}
	tk := &tokenizer{t: t, ts: ts, m: mapper{pieces: b.pieces}, src: b.src, words: words, block: -1, last: -1, lastEnd: -1}
	for i := 0; i < len(t); {
		c := t[i]
		switch {
		case c == blockMark:
			tk.block++
			tk.sep = SepBlock
			tk.last, tk.lastEnd = -1, -1
			i++
			continue
		case c == gapMark:
			tk.gap()
			i++
			continue
		case isTemplateStart(t, i):
			i = templates.skipTemplate(i)
			tk.gap()
			continue
		}
		cl := class[c]
		if cl&cSpace != 0 {
			tk.sep |= SepSpace
			i++
			continue
		}
		if cl&cLead != 0 && maybeSpace(t, i) {
			if r, size := utf8.DecodeRune(t[i:]); isSpace(r) {
				tk.sep |= SepSpace
				i += size
				continue
			}
		}
		j, code := chunkEnd(t, i)
		if code || isFlag(t[i:j]) {
			tk.gap()
			// A URL or a path may end a sentence: "see example.com."
			if r, _ := utf8.DecodeLastRune(t[i:j]); isStop(r) {
				tk.sep |= SepPunct | SepStop
			}
		} else {
			tk.chunk(i, j)
		}
		i = j
	}
	p.Words, p.text = tk.words, ts
}

// wordGuess is about how many words t has: its spaces, line breaks and
// block starts, and an eighth more. Counting them is quick, and it is
// within 13% of the words of the corpus and at least their number for all
// but 77 of its 800 posts, while a guess from the size of the text was a
// third too big for most posts and too small for 111, whose words were
// then copied as the slice grew: at 56 bytes a word then, this slice was the
// largest allocation of a run. (Finding the words in a buffer kept from
// post to post and copying them to a slice of their number cost more
// than it saved: the copy of their pointers goes through the garbage
// collector's write barrier.)
func wordGuess(t []byte) int {
	n := bytes.Count(t, []byte{' '}) + bytes.Count(t, []byte{'\n'}) + bytes.Count(t, []byte{blockMark})
	return n + n/8
}

type tokenizer struct {
	t     []byte
	ts    string
	m     mapper
	src   []byte
	words []Word // the words so far, for p.Words
	block int
	sep   Sep
	last  int // index in p.Words of the previous word of the block, or -1
	// lastEnd is where that word ends in the joined text.
	lastEnd int
	// hyphen is set when the previous word ended with a hyphen that joins
	// it to the next.
	hyphen bool
	// The piece of copied file bytes of the last word that lay in one:
	// the joined text [pieceAt, pieceEnd) is the file's from pieceAt+delta.
	pieceAt, pieceEnd, delta int
}

func (tk *tokenizer) gap() {
	tk.sep |= SepGap
	tk.hyphen = false
}

// chunk splits t[i:j], a run of text without spaces, into words.
func (tk *tokenizer) chunk(i, j int) {
	t := tk.t
	tk.hyphen = false
	for k := i; k < j; {
		r, size := rune(t[k]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(t[k:])
		}
		if !isWordRune(r) {
			switch {
			case isHyphen(r) && tk.last >= 0 && int(tk.words[tk.last].Block) == tk.block &&
				k > i && tk.lastEnd == k && k+size < j && startsWord(t[k+size:j]):
				tk.hyphen = true
			case isStop(r):
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
				case c == '\'' && k > start && k+1 < j && startsLetter(t[k+1:j]):
				default:
					break scan
				}
				k++
				continue
			}
			r, size := utf8.DecodeRune(t[k:])
			switch u := uniClass(r); {
			case u&(uLetter|uMark) != 0:
				letters = true
				mixed = mixed || k > start && u&uUpper != 0
			case u&uDigit != 0:
				digits = true
			case isApostrophe(r) && k > start && k+size < j && startsLetter(t[k+size:j]):
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
		case mixed && camel(tk.ts[start:k]):
			kind = Camel
		}
		tk.word(start, k, kind)
	}
}

// isWordRune is unicode.IsLetter(r) || unicode.IsDigit(r), inlined.
func isWordRune(r rune) bool { return uniClass(r)&(uLetter|uDigit) != 0 }

func startsWord(b []byte) bool {
	r, _ := utf8.DecodeRune(b)
	return isWordRune(r)
}

func startsLetter(b []byte) bool {
	r, _ := utf8.DecodeRune(b)
	return uniClass(r)&uLetter != 0
}

func (tk *tokenizer) word(start, end int, kind Kind) {
	w := Word{
		Text:   tk.ts[start:end],
		Block:  int32(tk.block),
		Before: tk.sep,
		Kind:   kind,
	}
	if start >= tk.pieceAt && end <= tk.pieceEnd {
		// In the piece of the word before, as most are: the pieces
		// tile the text, so find(start) would return it.
		w.Start, w.End = start+tk.delta, end+tk.delta
		w.Exact = true
	} else if p := tk.m.find(start); p.copied && end <= int(p.at+p.n) {
		// Most words lie in one piece of the file's bytes, which are
		// their text: no second search, no comparison.
		w.Start = int(p.src) + start - int(p.at)
		w.End = w.Start + end - start
		w.Exact = true
		tk.pieceAt, tk.pieceEnd, tk.delta = int(p.at), int(p.at+p.n), int(p.src-p.at)
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
		if r != gapMark && r != blockMark {
			w.Prev = r
		}
	}
	if end < len(tk.t) {
		r := rune(tk.t[end])
		if r >= utf8.RuneSelf {
			r, _ = utf8.DecodeRune(tk.t[end:])
		}
		if r != gapMark && r != blockMark {
			w.Next = r
		}
	}
	if tk.hyphen {
		w.Hyphen = true
		tk.words[tk.last].Hyphen = true
		tk.hyphen = false
	}
	tk.words = append(tk.words, w)
	tk.last = len(tk.words) - 1
	tk.lastEnd = end
	tk.sep = 0
}

// camel reports a word with an upper-case letter after a lower-case one
// ("newReader", "OpenTelemetry") or two upper-case letters before a
// lower-case one other than a plural s ("HTTPServer", "OAuth").
func camel(s string) bool {
	var p1, p2 byte // the two letters before, in ASCII
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return camelRunes(s)
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
func camelRunes(s string) bool {
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
