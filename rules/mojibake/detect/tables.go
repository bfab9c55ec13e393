package detect

import (
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// A codePage is a single-byte encoding that UTF-8 text is often mistaken for.
type codePage struct {
	name string
	cm   *charmap.Charmap
	// sloppy: the Windows code pages leave a few bytes undefined. Decoders
	// either keep them as the C1 control of the same number (and so must
	// we, to undo that) or turn them into U+FFFD, losing the byte; U+FFFD
	// then stands for "some byte we no longer know" (see lossy).
	sloppy bool
	// nbsp: a space may stand for byte 0xA0, the code page's no-break
	// space, which many programs turn into a plain space.
	nbsp bool
}

// codePages are tried in this order, the most common confusion first: a
// text that two of them repair (BjÃ¶rn as Latin-1 or as Mac OS Roman) gets
// the repair of the first. The order is python-ftfy's.
var codePages = []*codePage{
	{name: "Latin-1", cm: charmap.ISO8859_1, nbsp: true},
	{name: "Windows-1252", cm: charmap.Windows1252, sloppy: true, nbsp: true},
	{name: "Windows-1251", cm: charmap.Windows1251, sloppy: true, nbsp: true},
	{name: "Windows-1250", cm: charmap.Windows1250, sloppy: true, nbsp: true},
	{name: "Windows-1253", cm: charmap.Windows1253, sloppy: true, nbsp: true},
	{name: "Windows-1254", cm: charmap.Windows1254, sloppy: true, nbsp: true},
	{name: "Windows-1257", cm: charmap.Windows1257, sloppy: true, nbsp: true},
	{name: "ISO-8859-2", cm: charmap.ISO8859_2, nbsp: true},
	{name: "Mac OS Roman", cm: charmap.Macintosh},
	{name: "code page 437", cm: charmap.CodePage437}, // its 0xA0 is "á"
}

const (
	numPages = 10
	// indexes in codePages
	latin1      = 0
	windows1252 = 1
	macRoman    = 8
	cp437       = 9
)

// lostByte is what U+FFFD encodes to in a sloppy code page: a placeholder
// for a byte that a strict decoder replaced. 0x1A (SUB) never occurs in
// the UTF-8 we rebuild, so it cannot be confused with real text.
const lostByte = 0x1A

// Roles a character can play, once encoded, in a UTF-8 sequence.
const (
	roleLead2    = 1 << iota // 0xC2–0xDF: starts a 2-byte sequence
	roleLead3                // 0xE0–0xEF
	roleLead4                // 0xF0–0xF4
	roleCont                 // 0x80–0xBF: continues one
	roleLost                 // U+FFFD in a sloppy code page: a lost byte
	roleNBSPLead             // a lead byte after which a space may stand for 0xA0
)

// runeInfo is what the detector knows of one character.
type runeInfo struct {
	class uint64
	bytes [numPages]byte // the character's byte in each code page; 0: none
	roles uint8          // roles in any code page
}

var (
	infos    = []runeInfo{{}} // index 0: nothing known
	lowIndex [0x2600]uint16   // rune -> index into infos, for runes below U+2600
	highRune = map[rune]uint16{}
)

func info(r rune) *runeInfo {
	if uint32(r) < 0x2600 {
		return &infos[lowIndex[r]]
	}
	switch r {
	case 0xF8FF, 0xFB01, 0xFB02, utf8.RuneError:
		return &infos[highRune[r]]
	}
	return &infos[0]
}

func entry(r rune) *runeInfo {
	if r < 0x2600 {
		if lowIndex[r] == 0 {
			lowIndex[r] = uint16(len(infos))
			infos = append(infos, runeInfo{})
		}
		return &infos[lowIndex[r]]
	}
	if highRune[r] == 0 {
		highRune[r] = uint16(len(infos))
		infos = append(infos, runeInfo{})
	}
	return &infos[highRune[r]]
}

// notStrict are continuation characters common enough in correct text
// (no-break spaces, dashes, quotation marks, bullets, ellipses) that one
// before a run of mojibake does not mean the run is part of a larger garble.
const notStrict = "\u00a0\u2013\u2014\u2015\u2018\u2019\u201a\u201c\u201d\u201e\u2022\u2026"

func init() {
	for p, cp := range codePages {
		for b := 0x80; b <= 0xFF; b++ {
			r := cp.cm.DecodeByte(byte(b))
			if r == utf8.RuneError {
				// Undefined: the ISO 8859 C1 range, or a Windows hole
				// that sloppy decoders keep as the same-numbered C1.
				r = rune(b)
			}
			e := entry(r)
			e.bytes[p] = byte(b)
			switch {
			case b >= 0xC2 && b <= 0xDF:
				e.roles |= roleLead2
			case b >= 0xE0 && b <= 0xEF:
				e.roles |= roleLead3
			case b >= 0xF0 && b <= 0xF4:
				e.roles |= roleLead4
			case b <= 0xBF:
				e.roles |= roleCont
			}
			if cp.nbsp && nbspLead(byte(b)) {
				e.roles |= roleNBSPLead
			}
		}
		if cp.sloppy {
			e := entry(utf8.RuneError)
			e.bytes[p] = lostByte
			e.roles |= roleLost
		}
	}
	for _, s := range classSets {
		for _, r := range expand(s.chars) {
			entry(r).class |= s.bit
		}
	}
}

// nbspLead reports lead bytes after which a space is taken for a lost
// 0xA0 when that makes valid UTF-8 (see restoreNBSP).
func nbspLead(b byte) bool {
	switch b {
	case 0xC2, 0xC3, 0xC5, 0xCE, 0xD0, 0xD9, 0xE0, 0xE1, 0xE2, 0xE3, 0xF0:
		return true
	}
	return false
}

func containsRune(s string, r rune) bool {
	for _, c := range s {
		if c == r {
			return true
		}
	}
	return false
}

// expand reads a set of characters where "a-z" stands for a range.
func expand(s string) []rune {
	rs := []rune(s)
	var out []rune
	for i := 0; i < len(rs); i++ {
		if i+2 < len(rs) && rs[i+1] == '-' {
			for r := rs[i]; r <= rs[i+2]; r++ {
				out = append(out, r)
			}
			i += 2
			continue
		}
		out = append(out, rs[i])
	}
	return out
}

// Character classes. Mojibake of UTF-8 is made of a few hundred characters
// (the upper halves of the code pages above); what gives it away is the
// company they keep: an accented capital right after a lowercase accented
// letter, a currency sign after an accented letter, a broken bar anywhere
// near a letter. The classes and the unlikely sequences of them (badness.go)
// follow python-ftfy's analysis of real mojibake.
const (
	clC1       uint64 = 1 << iota // C1 controls: no use in text today
	clBad                         // symbols almost only seen in mojibake
	clLaw                         // ¶ §
	clCurrency                    // currency signs
	clOpen                        // opening punctuation and a few symbols that start things
	clClose                       // closing punctuation, ® ™
	clNumeric                     // superscripts, fractions, mathematical signs
	clKaomoji                     // letters used as eyes in emoticons: treat gently
	clUpperAccented
	clLowerAccented
	clUpperOther // capital thorn, Greek and Cyrillic capitals
	clLowerOther // Greek and Cyrillic small letters
	clBox        // box drawing and block elements
	clCommon     // common in mojibake and in correct text alike
)

var classSets = []struct {
	bit   uint64
	chars string
}{
	{clC1, "\u0080-\u009f"},
	{clCommon, "\u00a0\u00ad\u00b7\u00b4\u2013\u2014\u2015\u2026\u2019"},
	{clBad, "¦¤¨¬¯¸ƒˆˇ˘˛˜†‡‰⌐◊\ufffdªº"},
	{clLaw, "¶§"},
	{clCurrency, "¢£¥₧€"},
	{clOpen, "¡«¿©΄΅‘‚“„•‹\uf8ff"},
	{clClose, "®»˝”›™"},
	{clNumeric, "²³¹±¼½¾×µ÷⁄∂∆∏∑√∞∩∫≈≠≡≤≥№"},
	{clKaomoji, "Ò-ÖÙ-Üò-öø-üŐŌŪŲ°"},
	{clUpperAccented, "À-ÑØÜÝĂĀĄĆČĎĐĘĚĒĖĞĢİĪĶĹĽŁĻŃŇŅŒŘŚŞŠŢŤŮŰŸŹŻŽҐ"},
	{clLowerAccented, "ßà-ñăąāćčďđęěēėğģįīķĺľłļœŕśşšťüźżžґﬁﬂ"},
	{clUpperOther, "ÞΑ-ΩΆΈΉΊΌΎΏΪΫЁ-Я"},
	{clLowerOther, "α-ωάέήίΰа-џ"},
	{clBox, "│┌┐┘├┤┬┼═-╬▀▄█▌▐░▒▓"},
}
