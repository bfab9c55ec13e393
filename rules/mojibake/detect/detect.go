// Package detect finds text garbled by a wrong character decoding and
// works out the repair. It knows nothing of Markdown or of postlint's rules:
// it takes a run of text and returns byte ranges with what belongs there.
//
// Mojibake of UTF-8 is text that was stored as UTF-8 and then read with a
// single-byte code page: "Björn" read as Mac OS Roman is "Bj√∂rn", "don’t"
// read as Windows-1252 is "donâ€™t". Encoding such a run back into the
// code page gives the UTF-8 bytes it came from. The hard part is knowing
// when to try: "NÃO", "√2" and "Łukasz" are correct. A run is repaired
// only when (1) encoded in a code page it gives valid UTF-8, (2) it holds
// a sequence of characters that is unlikely in correct text (badness.go),
// and (3) the repair is plausible text (no controls, private-use or
// unassigned characters, no accent on nothing). The approach is
// python-ftfy's; the code is our own.
package detect

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"math/bits"
	"slices"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Kind says what a Finding is.
type Kind uint8

const (
	// Mojibake is a run of UTF-8 decoded with the wrong code page.
	Mojibake Kind = iota + 1
	// C1Control is a C1 control character (U+0080–U+009F): in text it is
	// almost always a Windows-1252 character read as Latin-1.
	C1Control
	// Replacement is U+FFFD: a decoder met a byte it could not read and
	// the character that was there is lost.
	Replacement
)

// A Finding is one garbled place in a text.
type Finding struct {
	Start, End int // byte offsets into the scanned text, End exclusive
	Kind       Kind
	// Repair is the text that belongs in place of [Start, End) when
	// Fixable; it may be empty (a garbled byte order mark goes away).
	Repair  string
	Fixable bool
	// Lossy: the wrong decoding lost bytes, and Repair holds U+FFFD for
	// the characters they belonged to. Someone must restore those.
	Lossy bool
	// Decodings are the code pages the text was wrongly read with, in the
	// order it happened: two entries for text garbled twice.
	Decodings []string
}

// Suspicious reports whether text could hold anything Scan reports: a C1
// control, U+FFFD, or a character that can start a UTF-8 sequence in some
// code page followed by one that can continue it. Most text, ASCII or not,
// does not, and costs one pass over its bytes.
func Suspicious(text []byte) bool {
	for i := 0; i < len(text); {
		// Eight ASCII bytes at a time, then straight to the first byte
		// that is not.
		for i+8 <= len(text) {
			if x := binary.LittleEndian.Uint64(text[i:]) & 0x8080808080808080; x != 0 {
				i += bits.TrailingZeros64(x) / 8
				break
			}
			i += 8
		}
		if i >= len(text) {
			break
		}
		if c := text[i]; c < utf8.RuneSelf {
			i++
			continue
		} else if c >= 0xE3 && c <= 0xEC && i+2 < len(text) && text[i+1]&0xC0 == 0x80 && text[i+2]&0xC0 == 0x80 {
			// U+3000 to U+CFFF, CJK and kana: no code page has one, and
			// Japanese or Chinese text is made of them. Passed over
			// undecoded, as info would find nothing.
			i += 3
			continue
		}
		r, size := utf8.DecodeRune(text[i:])
		i += size
		if size == 1 {
			continue // not UTF-8 at all: another check's business
		}
		if r == utf8.RuneError || r >= 0x80 && r <= 0x9F {
			return true
		}
		in := info(r)
		if in.roles&(roleLead2|roleLead3|roleLead4) == 0 || i >= len(text) {
			continue
		}
		if text[i] == ' ' {
			if in.roles&roleNBSPLead != 0 {
				return true
			}
			continue
		}
		if next, _ := utf8.DecodeRune(text[i:]); info(next).roles&(roleCont|roleLost) != 0 {
			return true
		}
	}
	return false
}

// Scan returns the garbled places of text in order. Invalid UTF-8 in text
// is passed over.
func Scan(text []byte) []Finding {
	if !Suspicious(text) {
		return nil
	}
	t := newRun(text)
	return t.scan()
}

// run is one text being scanned.
type run struct {
	scratch
	off []int // byte offset of each rune, and the length of the text at the end
}

const invalidRune = -1

func newRun(text []byte) *run {
	n := utf8.RuneCount(text)
	t := &run{off: make([]int, 0, n+1)}
	t.rs = make([]rune, 0, n)
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRune(text[i:])
		if r == utf8.RuneError && size == 1 {
			r = invalidRune
		}
		t.rs = append(t.rs, r)
		t.off = append(t.off, i)
		i += size
	}
	t.off = append(t.off, len(text))
	t.cl = classes(t.rs)
	return t
}

func classes(rs []rune) []uint64 {
	cl := make([]uint64, len(rs))
	for i, r := range rs {
		if r >= utf8.RuneSelf {
			cl[i] = info(r).class
		}
	}
	return cl
}

func (t *run) scan() []Finding {
	n := len(t.rs)
	var out []Finding
	var chains [][2]int // rune ranges taken by repaired mojibake
	if t.anyBad(0, n) {
		if !t.wholeRun(&out, &chains) {
			t.eachChain(&out, &chains)
		}
	}

	// C1 controls and U+FFFD that no repair took care of.
	next := 0
	for i := 0; i < n; i++ {
		if next < len(chains) && i >= chains[next][0] {
			i = chains[next][1] - 1
			next++
			continue
		}
		r := t.rs[i]
		switch {
		case r >= 0x80 && r <= 0x9F:
			f := Finding{Start: t.off[i], End: t.off[i+1], Kind: C1Control}
			if w := charmap.Windows1252.DecodeByte(byte(r)); w != utf8.RuneError {
				f.Repair, f.Fixable = string(w), true
				f.Decodings = []string{"Latin-1"}
			}
			out = append(out, f)
		case r == utf8.RuneError:
			out = append(out, Finding{Start: t.off[i], End: t.off[i+1], Kind: Replacement, Lossy: true})
		}
	}
	slices.SortFunc(out, func(a, b Finding) int { return cmp.Compare(a.Start, b.Start) })
	return out
}

// anyBad reports whether an unlikely sequence starts in [lo, hi).
func (t *scratch) anyBad(lo, hi int) bool {
	for i := lo; i < hi; i++ {
		if t.badAt(i, lo, hi) > 0 {
			return true
		}
	}
	return false
}

// wholeRun repairs the run when every non-ASCII character in it belongs
// to a UTF-8 sequence in one code page: then the whole run was garbled at
// once, and an unlikely sequence anywhere in it is evidence enough.
func (t *run) wholeRun(out *[]Finding, chains *[][2]int) bool {
	n := len(t.rs)
	for p, cp := range codePages {
		var found []Finding
		var spans [][2]int
		ok := true
		for i := 0; i < n && ok; {
			r := t.rs[i]
			if r < utf8.RuneSelf && r >= 0 {
				i++
				continue
			}
			j := t.chainEnd(i, p)
			if j == i {
				if r == utf8.RuneError && cp.sloppy {
					i++ // a lost byte on its own stays what it is
					continue
				}
				ok = false
				break
			}
			f, good := t.repair(i, j, p)
			if !good {
				ok = false
				break
			}
			if f != nil {
				found = append(found, *f)
				spans = append(spans, [2]int{i, j})
			}
			i = j
		}
		if ok && len(found) > 0 {
			*out = append(*out, found...)
			*chains = append(*chains, spans...)
			return true
		}
	}
	return false
}

// eachChain looks at each run of would-be UTF-8 on its own, and repairs
// those that hold an unlikely sequence themselves. Where code pages
// disagree on how far a run goes, the longest run is tried first, then the
// code pages in their order.
func (t *run) eachChain(out *[]Finding, chains *[][2]int) {
	n := len(t.rs)
	lastEnd := -1
	// A run that decodes in Mac OS Roman or code page 437 but lacks the
	// evidence they need still covers its characters: Japanese read as
	// Mac OS Roman is full of Latin-1 letters, and a piece of it that
	// looks like Latin-1 mojibake is not.
	coverStart, coverEnd := -1, -1
	var ends [numPages]int
	for i := 0; i < n; {
		if t.rs[i] < utf8.RuneSelf {
			i++
			continue
		}
		longest := i
		for p := range codePages {
			ends[p] = i
			// A run right after a stray continuation character is the
			// tail of a larger garble: repairing it alone would not help.
			if i > 0 && i != lastEnd && t.strictBefore(i, p) {
				continue
			}
			j := t.chainEnd(i, p)
			if j == i {
				continue
			}
			if t.evidence(i, j, p) {
				ends[p] = j
				longest = max(longest, j)
			} else if (p == macRoman || p == cp437) && j > coverEnd && t.decodes(i, j, p) {
				coverStart, coverEnd = i, j
			}
		}
		done := false
		for j := longest; j > i && !done; j-- {
			if i < coverEnd && (i != coverStart || j != coverEnd) {
				break // it starts inside a run of another code page
			}
			for p := range codePages {
				if ends[p] != j {
					continue
				}
				if f, ok := t.repair(i, j, p); ok && f != nil {
					*out = append(*out, *f)
					*chains = append(*chains, [2]int{i, j})
					i, lastEnd, done = j, j, true
					break
				}
			}
		}
		if !done {
			i++
		}
	}
}

// decodes reports whether the runes [i, j) decode in code page p into
// plausible text.
func (t *run) decodes(i, j, p int) bool {
	prev := rune(' ')
	if i > 0 {
		prev = t.rs[i-1]
	}
	s, _, ok := decode(t.rs[i:j], p, t.rs[j:])
	return ok && plausible(s, prev, false)
}

// evidence reports whether the runes [i, j) show, on their own, that they
// are mojibake of code page p: an unlikely sequence lies within them. Mac
// OS Roman and code page 437 put punctuation and Latin-1 letters on their
// lead bytes ("”ä" is a word after a quotation mark, not Mac OS Roman for
// "ӊ"), so for them it takes more: a sequence only Mac OS Roman makes
// ("√∂", "‚Ñ¢"), or a character neither Latin-1 nor Windows-1252 has ("◊",
// box drawing).
func (t *run) evidence(i, j, p int) bool {
	if p == macRoman && t.macBadIn(i, j) {
		return true
	}
	return t.badIn(i, j, 0) && (p != macRoman && p != cp437 || t.foreign(i, j, p))
}

// foreign reports whether [i, j) holds a character of code page p that
// Latin-1 and Windows-1252 lack.
func (t *run) foreign(i, j, p int) bool {
	for _, r := range t.rs[i:j] {
		if b := info(r).bytes; b[p] != 0 && b[latin1] == 0 && b[windows1252] == 0 {
			return true
		}
	}
	return false
}

// strictBefore reports whether the character before i is a continuation
// byte in code page p that seldom stands for itself (not a dash, quotation
// mark or no-break space).
func (t *run) strictBefore(i, p int) bool {
	b := info(t.rs[i-1]).bytes[p]
	return b >= 0x80 && b <= 0xBF && !containsRune(notStrict, t.rs[i-1])
}

// chainEnd returns the end of the longest run of whole UTF-8 sequences
// that the characters from i make in code page p; i if there is none.
func (t *run) chainEnd(i, p int) int {
	j := i
	for {
		k := t.seqEnd(j, p)
		if k < 0 {
			return j
		}
		j = k
	}
}

func (t *run) seqEnd(i, p int) int {
	n := len(t.rs)
	if i >= n {
		return -1
	}
	lead := info(t.rs[i]).bytes[p]
	need := seqLen(lead) - 1
	if need <= 0 {
		return -1
	}
	j := i + 1
	for range need {
		if j >= n {
			return -1
		}
		r := t.rs[j]
		if r == ' ' && codePages[p].nbsp && nbspLead(lead) {
			j++
			continue
		}
		if b := info(r).bytes[p]; b >= 0x80 && b <= 0xBF || b == lostByte {
			j++
			continue
		}
		return -1
	}
	return j
}

// seqLen is the length of the UTF-8 sequence a lead byte starts, or 0.
func seqLen(b byte) int {
	switch {
	case b >= 0xC2 && b <= 0xDF:
		return 2
	case b >= 0xE0 && b <= 0xEF:
		return 3
	case b >= 0xF0 && b <= 0xF4:
		return 4
	}
	return 0
}

const maxLevels = 4 // text garbled more than four times over is left alone

type level struct {
	text  string
	lossy bool
	page  string
}

// repair decodes the runes [i, j) as UTF-8 bytes in code page p, and again
// while the result still looks garbled. It returns nil and true when the
// repair changes nothing, and false when the run does not decode into
// plausible text.
func (t *run) repair(i, j, p int) (*Finding, bool) {
	prev := rune(' ')
	if i > 0 {
		prev = t.rs[i-1]
	}
	after := t.rs[j:]
	s, lossy, ok := decode(t.rs[i:j], p, after)
	if !ok || !plausible(s, prev, true) {
		return nil, false
	}
	// Text garbled more than once decodes to mojibake again. The levels
	// in between may hold C1 controls (bytes of the next level); the
	// result must not.
	levels := []level{{s, lossy, codePages[p].name}}
	for len(levels) < maxLevels {
		cur := levels[len(levels)-1]
		var sc scratch
		sc.rs = []rune(cur.text)
		sc.cl = classes(sc.rs)
		if !sc.anyBad(0, len(sc.rs)) {
			break
		}
		again := false
		for q := range codePages {
			s2, lossy2, ok := decode(sc.rs, q, after)
			if ok && s2 != cur.text && plausible(s2, prev, true) {
				levels = append(levels, level{s2, cur.lossy || lossy2, codePages[q].name})
				again = true
				break
			}
		}
		if !again {
			break
		}
	}
	for len(levels) > 0 && !(plausible(levels[len(levels)-1].text, prev, false) && oneScript(levels[len(levels)-1].text)) {
		levels = levels[:len(levels)-1]
	}
	if len(levels) == 0 {
		return nil, false
	}
	s, lossy = levels[len(levels)-1].text, levels[len(levels)-1].lossy
	decs := make([]string, len(levels))
	for k, l := range levels {
		decs[len(levels)-1-k] = l.page // in the order the garbling happened
	}
	if s == "\ufeff" {
		s = "" // a garbled byte order mark: it has no business in the text
	}

	// Keep the edit to what changes ("Ã " becomes "à " by replacing "Ã").
	// Not when bytes were lost: the U+FFFD of the repair stands for the
	// whole garbled sequence, not for a U+FFFD in it.
	a, b := i, j
	for a < b && s != "" && !lossy {
		r, size := utf8.DecodeRuneInString(s)
		if r != t.rs[a] {
			break
		}
		s, a = s[size:], a+1
	}
	for a < b && s != "" && !lossy {
		r, size := utf8.DecodeLastRuneInString(s)
		if r != t.rs[b-1] {
			break
		}
		s, b = s[:len(s)-size], b-1
	}
	if a == b && s == "" {
		return nil, true
	}
	return &Finding{
		Start: t.off[a], End: t.off[b], Kind: Mojibake,
		Repair: s, Fixable: true, Lossy: lossy, Decodings: decs,
	}, true
}

// decode encodes rs in code page p and reads the bytes as UTF-8. after is
// the text that follows, which decides whether a space after "Ã" was part
// of "à" or the space after the word "à".
func decode(rs []rune, p int, after []rune) (string, bool, bool) {
	cp := codePages[p]
	buf := make([]byte, 0, len(rs)+4)
	for _, r := range rs {
		switch {
		case r < 0 || r == lostByte:
			return "", false, false
		case r < utf8.RuneSelf:
			buf = append(buf, byte(r))
		default:
			b := info(r).bytes[p]
			if b == 0 {
				return "", false, false
			}
			buf = append(buf, b)
		}
	}
	if cp.nbsp && bytes.IndexByte(buf, ' ') >= 0 {
		buf = restoreNBSP(buf, after)
	}
	lossy := false
	if cp.sloppy && bytes.IndexByte(buf, lostByte) >= 0 {
		buf, lossy = replaceLost(buf), true
	}
	if !utf8.Valid(buf) {
		return "", false, false
	}
	return string(buf), lossy, true
}

// restoreNBSP puts back byte 0xA0 where a program turned it into a space
// inside what would otherwise be a UTF-8 sequence. Only lead bytes whose
// sequences with 0xA0 are likely characters qualify: 0xC2 0xA0 is a
// no-break space, 0xC3 0xA0 "à", 0xC5 0xA0 "Š", 0xCE 0xA0 "Π", 0xD0 0xA0
// "Р", 0xD9 0xA0 "٠"; among 3-byte sequences only 0xE0–0xE3.
func restoreNBSP(buf []byte, after []rune) []byte {
	out := make([]byte, 0, len(buf)+2)
	for k := 0; k < len(buf); k++ {
		b := buf[k]
		if b == 0xC3 && k+1 < len(buf) && buf[k+1] == ' ' && aGraveWord(buf[k+2:], after) {
			// "à" as a word of its own (French, Portuguese): its 0xA0
			// became the space after it. Keep that space.
			out = append(out, 0xC3, 0xA0, ' ')
			k++
			continue
		}
		out = append(out, b)
		rest := buf[k+1:]
		switch {
		case len(rest) >= 1 && rest[0] == ' ' && (b == 0xC2 || b == 0xC3 || b == 0xC5 || b == 0xCE || b == 0xD0 || b == 0xD9):
			out = append(out, 0xA0)
			k++
		case len(rest) >= 2 && (b == 0xE2 || b == 0xE3) && rest[0] == ' ' && contNot85A0(rest[1]):
			out = append(out, 0xA0, rest[1])
			k += 2
		case len(rest) >= 2 && b >= 0xE0 && b <= 0xE3 && contNot85A0(rest[0]) && rest[1] == ' ':
			out = append(out, rest[0], 0xA0)
			k += 2
		case len(rest) >= 3 && b == 0xF0 && oneSpaceInCont(rest[:3]):
			for _, c := range rest[:3] {
				if c == ' ' {
					c = 0xA0
				}
				out = append(out, c)
			}
			k += 3
		}
	}
	return out
}

// aGraveWord reports whether the bytes after "Ã " (in the run, then in the
// text after it) make "Ã " the word "à" followed by a space, rather than
// the start of "àquele", "àquela", "àquilo" or "às".
func aGraveWord(rest []byte, after []rune) bool {
	next := make([]byte, 0, 6)
	next = append(next, rest...)
	for _, r := range after {
		if len(next) >= 6 {
			break
		}
		if r < 0 || r >= utf8.RuneSelf {
			r = 0x80
		}
		next = append(next, byte(r))
	}
	if len(next) == 0 {
		return true
	}
	if next[0] == ' ' {
		return false
	}
	for _, w := range []string{"quele", "quela", "quilo", "s "} {
		if bytes.HasPrefix(next, []byte(w)) {
			return false
		}
	}
	return true
}

func contNot85A0(b byte) bool { return b >= 0x80 && b <= 0xBF && b != 0x85 && b != 0xA0 }

func oneSpaceInCont(bs []byte) bool {
	spaces := 0
	for _, c := range bs {
		switch {
		case c == ' ':
			spaces++
		case c < 0x80 || c > 0xBF:
			return false
		}
	}
	return spaces == 1
}

// replaceLost turns each UTF-8 sequence with a lost byte (lostByte) into
// U+FFFD: the character is gone, but the rest of the text can be saved.
func replaceLost(buf []byte) []byte {
	out := make([]byte, 0, len(buf)+4)
	for k := 0; k < len(buf); {
		b := buf[k]
		if n := seqLen(b); n > 0 && k+n <= len(buf) {
			lost, cont := false, true
			for _, c := range buf[k+1 : k+n] {
				switch {
				case c == lostByte:
					lost = true
				case c < 0x80 || c > 0xBF:
					cont = false
				}
			}
			if lost && cont {
				out = append(out, "\ufffd"...)
				k += n
				continue
			}
		}
		if b == lostByte {
			out = append(out, "\ufffd"...)
		} else {
			out = append(out, b)
		}
		k++
	}
	return out
}

// scriptGroups are writing systems; Japanese mixes Han and kana, Korean
// may add Han.
var scriptGroups = [][]*unicode.RangeTable{
	{unicode.Latin}, {unicode.Greek}, {unicode.Cyrillic}, {unicode.Armenian},
	{unicode.Hebrew}, {unicode.Arabic}, {unicode.Syriac}, {unicode.Thaana},
	{unicode.Devanagari}, {unicode.Bengali}, {unicode.Gurmukhi}, {unicode.Gujarati},
	{unicode.Oriya}, {unicode.Tamil}, {unicode.Telugu}, {unicode.Kannada},
	{unicode.Malayalam}, {unicode.Sinhala}, {unicode.Thai}, {unicode.Lao},
	{unicode.Tibetan}, {unicode.Myanmar}, {unicode.Georgian}, {unicode.Ethiopic},
	{unicode.Khmer}, {unicode.Mongolian},
	{unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Bopomofo},
}

// oneScript reports whether each word of a repair keeps to one writing
// system: two letters or digits side by side from different ones, as in
// "٠су" (an Arabic digit, then Cyrillic), do not come from real text.
func oneScript(s string) bool {
	group := -1 // of the previous character; -1: not a letter or digit
	last := -1  // of the last letter or digit
	for _, r := range s {
		if r < utf8.RuneSelf || !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			group = -1
			continue
		}
		g := scriptOf(r, last)
		last = g
		if g >= 0 && group >= 0 && g != group {
			return false
		}
		group = g
	}
	return true
}

// scriptOf returns the index in scriptGroups of r's writing system, or -1
// when it is none of them. guess is tried first.
func scriptOf(r rune, guess int) int {
	if r < 0x250 {
		return 0 // Latin
	}
	if guess >= 0 && unicode.In(r, scriptGroups[guess]...) {
		return guess
	}
	for k, tables := range scriptGroups {
		if unicode.In(r, tables...) {
			return k
		}
	}
	return -1
}

// plausible reports whether a repair reads as text: no control, private
// use or unassigned characters, and no combining mark without a character
// to sit on. prev is the character before the repaired run. With midway set,
// C1 controls are allowed: the text is to be decoded once more.
func plausible(s string, prev rune, midway bool) bool {
	for _, r := range s {
		switch {
		case r >= 0x80 && r < 0xA0 && midway:
		case r < 0x20 || r >= 0x7F && r < 0xA0:
			return false
		case r < 0x300:
			// Latin-1 and Latin Extended: all assigned, no marks.
		case unicode.IsMark(r):
			if prev < 0x20 || unicode.IsSpace(prev) {
				return false // an accent on nothing
			}
		case r >= 0xE000 && r <= 0xF8FF || r >= 0xF0000:
			return false // private use
		case !unicode.IsGraphic(r) && !unicode.Is(unicode.Cf, r):
			return false // unassigned
		}
		prev = r
	}
	return true
}
