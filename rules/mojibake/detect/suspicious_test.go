package detect

import (
	"encoding/binary"
	"testing"
	"unicode/utf8"
)

// FuzzSuspicious holds Suspicious to the loop it was before it passed
// over CJK characters undecoded.
func FuzzSuspicious(f *testing.F) {
	for _, s := range []string{"", "plain", "日本語のテキスト", "Björn", "BjÃ¶rn", "donâ€™t", "ã€‚", "\xe3\x80", "\xe3\x80A",
		"\xec\xbf\xbf\xc3", "\xed\x9f\xbf", "Ã \xe3\x81\x82", "\u3000Ã\u00a9", "\ufffd", "\u0093"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		if got, want := Suspicious(text), suspiciousPlain(text); got != want {
			t.Errorf("Suspicious(%q) = %v, want %v", text, got, want)
		}
	})
}

// suspiciousPlain is Suspicious decoding every non-ASCII character.
func suspiciousPlain(text []byte) bool {
	for i := 0; i < len(text); {
		for i+8 <= len(text) && binary.LittleEndian.Uint64(text[i:])&0x8080808080808080 == 0 {
			i += 8
		}
		if i >= len(text) {
			break
		}
		if text[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(text[i:])
		i += size
		if size == 1 {
			continue
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
