package detect

// The unlikely sequences. Each is a short run of character classes (see
// tables.go) or particular characters that correct text in any language
// seldom has and mojibake of UTF-8 often does: an accented small letter
// before an accented capital ("ðŸ˜€" for 😀), a currency or mathematical
// sign before an accented letter, "Ã" before "©". The list is python-ftfy's
// (version 6) written as table lookups, plus a few of our own, marked.

import (
	"unicode"
	"unicode/utf8"
)

// Sets of characters the sequences below name one by one.
const (
	hatLetters    = "ÂÃÎÐ"                         // the usual first characters of Windows-1252 mojibake
	afterHat      = "€œŠš¢£Ÿž\u00a0\u00ad®©°·»–—´" // what follows them in it (with opening and closing punctuation)
	arabicLead    = "ØÙ"                           // first bytes of Arabic letters, in Windows-1252
	afterArabic   = "ŸŠ®°µ»"
	afterAGrave   = "²µ¹¼½¾" // à then these: Windows-1252 mojibake of South Asian scripts
	afterApprox   = "°¢"
	cyrillicLead  = "ВГРС" // Windows-1251 mojibake of Latin-1 and Cyrillic
	greekLead     = "ΒΓΞΟ" // Windows-1253 mojibake of Latin-1 and Greek
	afterGreekEur = "™\u00a0Ά\u00ad®°"
	afterACirc    = "€‚ƒ„†‡ˆ‰Š‹ŒŽ˜™š›œžŸ"
	rootOfMath    = "∞∑∏π∫Ω" // √ then these is mathematics
)

// scratch holds a text as runes with their classes, for the sequence tests.
type scratch struct {
	rs []rune
	cl []uint64
}

func (t *scratch) class(k, hi int) uint64 {
	if k < hi {
		return t.cl[k]
	}
	return 0
}

func (t *scratch) is(k, hi int, r rune) bool { return k < hi && t.rs[k] == r }

func (t *scratch) in(k, hi int, set string) bool { return k < hi && containsRune(set, t.rs[k]) }

func (t *scratch) lowerASCII(k, hi int) bool { return k < hi && t.rs[k] >= 'a' && t.rs[k] <= 'z' }

func (t *scratch) letterASCII(k, hi int) bool {
	return k < hi && (t.rs[k]|0x20) >= 'a' && (t.rs[k]|0x20) <= 'z'
}

func (t *scratch) space(k, hi int) bool { return k < hi && unicode.IsSpace(t.rs[k]) }

func (t *scratch) word(k, hi int) bool {
	return k < hi && (t.rs[k] == '_' || unicode.IsLetter(t.rs[k]) || unicode.IsNumber(t.rs[k]))
}

// badAt returns the end of an unlikely sequence of characters starting at
// rune i, looking no further than hi, or -1 if none starts there. lo is
// the start of the text, for sequences that count only there.
func (t *scratch) badAt(i, lo, hi int) int {
	c0 := t.cl[i]
	c1 := t.class(i+1, hi)
	c2 := t.class(i+2, hi)
	r0 := t.rs[i]

	// Sequences that begin with a plain character: an ASCII letter, a
	// space, sentence punctuation.
	switch {
	case t.letterASCII(i, hi) && c1&(clLowerOther|clUpperOther) != 0 && c2&clBad != 0:
		return i + 3
	case t.space(i, hi) && c1&clUpperAccented != 0 && c2&clCurrency != 0:
		return i + 3
	case t.lowerASCII(i, hi) && c1&clUpperAccented != 0 && c2&(clOpen|clCurrency) != 0:
		return i + 3
	}
	if t.lowerASCII(i, hi) {
		j := i + 1
		if t.space(j, hi) {
			j++
		}
		if t.in(j, hi, "ÃÂ") && t.is(j+1, hi, ' ') {
			return j + 2
		}
	}
	if r0 >= 'a' && r0 <= 'z' || r0 == '.' || r0 == ',' || r0 == '?' || r0 == '!' || c0&clClose != 0 {
		if t.is(i+1, hi, 'Â') && (t.is(i+2, hi, ' ') || c2&(clOpen|clClose) != 0) {
			return i + 3
		}
	}
	if c0 == 0 {
		return -1
	}

	const letterish = clLowerAccented | clUpperAccented
	switch {
	case c0&clC1 != 0:
		return i + 1
	case c0&(clBad|letterish|clBox|clOpen|clClose|clCurrency|clNumeric|clLaw) != 0 && c1&clBad != 0:
		return i + 2
	case c0&clBad != 0 && c1&(letterish|clBox|clOpen|clClose|clCurrency|clNumeric|clLaw) != 0:
		return i + 2
	case c0&(clLowerAccented|clLowerOther|clBox|clClose|clCurrency|clNumeric) != 0 && c1&clUpperAccented != 0:
		return i + 2
	case c0&(clBox|clClose|clCurrency|clNumeric) != 0 && c1&clLowerAccented != 0:
		return i + 2
	case c0&(clLowerAccented|clBox|clClose) != 0 && c1&clCurrency != 0:
		return i + 2
	case c0&(clUpperAccented|clBox) != 0 && c1&(clNumeric|clLaw) != 0:
		return i + 2
	case c0&(letterish|clBox|clCurrency|clClose) != 0 && c1&clOpen != 0 && c2&clNumeric != 0:
		return i + 3
	case c0&(letterish|clCurrency|clNumeric|clBox|clLaw) != 0 && c1&clClose != 0 && c2&clOpen != 0:
		return i + 3
	case c0&(clCurrency|clNumeric|clBox) != 0 && c1&clOpen != 0:
		return i + 2
	case c0&clBox != 0 && c1&(clKaomoji|clClose) != 0:
		return i + 2
	case c0&(letterish|clCurrency|clNumeric|clOpen|clClose|clLaw) != 0 && c1&clBox != 0:
		return i + 2
	case c0&letterish != 0 && c1&(clOpen|clClose) != 0 && t.word(i+2, hi):
		return i + 3
	case (r0 == 'Œ' || r0 == 'œ') && i+1 < hi && !t.letterASCII(i+1, hi):
		return i + 2
	case c0&clUpperAccented != 0 && t.is(i+1, hi, '°'):
		return i + 2
	case containsRune(hatLetters, r0) && (t.in(i+1, hi, afterHat) || c1&(clOpen|clClose) != 0):
		return i + 2
	case r0 == '×' && t.in(i+1, hi, "²³"):
		return i + 2
	case containsRune(arabicLead, r0) && t.arabicNext(i+1, hi) && t.in(i+2, hi, arabicLead) && t.arabicNext(i+3, hi):
		return i + 4
	case r0 == 'à' && t.in(i+1, hi, afterAGrave):
		return i + 2
	case r0 == 'в' && t.is(i+1, hi, 'Ђ'):
		return i + 2
	case containsRune(cyrillicLead, r0) && (c1&(clC1|clBad|clOpen|clClose|clCurrency) != 0 || t.in(i+1, hi, "°µ")) && t.in(i+2, hi, cyrillicLead):
		return i + 3
	case r0 == 'Г' && t.is(i+1, hi, 'ў') && t.is(i+2, hi, 'В') && t.is(i+3, hi, 'Ђ') && t.is(i+4, hi, 'В') &&
		i+5 < hi && (t.letterASCII(i+6, hi) || t.is(i+6, hi, ' ')):
		return i + 7
	case r0 == 'Ã' && t.in(i+1, hi, "\u00a0¡"):
		return i + 2
	case (r0 == 'Ã' || r0 == 'Â') && i == lo && t.is(i+1, hi, ' '):
		return i + 2
	case r0 == 'β' && t.is(i+1, hi, '€') && t.in(i+2, hi, afterGreekEur):
		return i + 3
	case containsRune(greekLead, r0) && (c1&(clC1|clBad|clOpen|clClose|clCurrency) != 0 || t.is(i+1, hi, '°')) && t.in(i+2, hi, greekLead):
		return i + 3
	case r0 == 'ā' && t.is(i+1, hi, '€'):
		return i + 2

	// Our additions, for the commonest mojibake the sequences above let
	// through. "â" then a character Windows-1252 has at 0x80–0x9F: the
	// characters U+2000–U+2FFF (™ is "â„¢", → is "â†’").
	case r0 == 'â' && t.in(i+1, hi, afterACirc):
		return i + 2
	}
	return t.macBadAt(i, hi)
}

// macBadAt is badAt for sequences that only Mac OS Roman mojibake makes.
// "√" then a character that continues a sequence is a Latin-1 letter
// ("Bj√∂rn", "√°reas"), unless it is one of the signs of mathematics
// that may follow a root. "ƒ" then one is a letter of Latin Extended-A
// ("PajƒÖk"). "‚" then two is one of U+2000–U+2FFF ("‚Ñ¢" for ™, "‚Üí"
// for →); the Apple logo then one is an emoji; a dash, a letter, a dash
// is Cyrillic ("–ö–∏"). Only "≈" then "°" or "¢" comes from ftfy; the
// rest are our own, broader than its list after "√" and "‚".
func (t *scratch) macBadAt(i, hi int) int {
	r0 := t.rs[i]
	switch {
	case r0 == '√' && t.macCont(i+1, hi) && !t.in(i+1, hi, rootOfMath):
		return i + 2
	case r0 == 'ƒ' && t.macCont(i+1, hi):
		return i + 2
	case r0 == '‚' && t.macCont(i+1, hi) && t.macCont(i+2, hi):
		return i + 3
	case r0 == '\uf8ff' && t.macCont(i+1, hi):
		return i + 2
	case (r0 == '–' || r0 == '—') && t.macCont(i+1, hi) && t.in(i+2, hi, "–—"):
		return i + 3
	case r0 == '≈' && t.in(i+1, hi, afterApprox):
		return i + 2
	}
	return -1
}

// macCont reports a non-ASCII character that is a continuation byte in
// Mac OS Roman.
func (t *scratch) macCont(k, hi int) bool {
	return k < hi && t.rs[k] >= utf8.RuneSelf && info(t.rs[k]).bytes[macRoman]&0xC0 == 0x80
}

func (t *scratch) arabicNext(k, hi int) bool {
	return t.class(k, hi)&(clCommon|clCurrency|clBad|clNumeric|clOpen) != 0 || t.in(k, hi, afterArabic)
}

// badIn reports whether an unlikely sequence lies wholly within the runes
// [a, b); lo is the start of the text.
func (t *scratch) badIn(a, b, lo int) bool {
	for i := a; i < b; i++ {
		if e := t.badAt(i, lo, b); e > 0 && e <= b {
			return true
		}
	}
	return false
}

// macBadIn is badIn for the sequences only Mac OS Roman mojibake makes.
func (t *scratch) macBadIn(a, b int) bool {
	for i := a; i < b; i++ {
		if e := t.macBadAt(i, b); e > 0 && e <= b {
			return true
		}
	}
	return false
}
