// Package morph tells whether a word is a regular form of other words: a
// plural, a past tense, an -ing or -er form, a word with a prefix such as
// un- or re-, or two words written as one. Word lists hold the forms that
// English keeps; technical prose makes many more ("upstreams",
// "lowercased", "unmarshaling", "filestorage"), and a spelling check that
// knows no rule for them reports every one.
//
// The rules are strict where a typo could hide: a final "e" is dropped
// before -ing ("achieveing" is not a form of "achieve"), and a short stem
// that doubles its last consonant must double it ("stoped" is not a form of
// "stop").
package morph

// maxWord is the longest word looked at; longer ones are never forms.
const maxWord = 48

// Known reports whether a lower-case ASCII word is in a word list.
type Known func(w []byte) bool

// A Form is how a word is made from others.
type Form uint8

const (
	None     Form = iota
	Suffixed      // "upstreams", "lowercased"
	Prefixed      // "reimplementing"
	Compound      // "filestorage"
)

// Derived reports whether w, in lower case, is a regular form of words
// known accepts, without being one itself. short reports common words of
// three or four letters, for the first half of compounds ("file" in
// "filestorage"); it may be nil.
func Derived(w []byte, known, short Known) bool {
	f, _ := Analyze(w, known, short)
	return f != None
}

// Analyze returns how w is made from words known accepts, and for a
// prefix or a compound the length of its first part ("re" of
// "reimplementing"). A suffix is tried first, then a prefix, then a
// compound.
func Analyze(w []byte, known, short Known) (Form, int) {
	if len(w) < 5 || len(w) > maxWord {
		return None, 0
	}
	if suffixed(w, known) {
		return Suffixed, 0
	}
	if n := prefixed(w, known); n > 0 {
		return Prefixed, n
	}
	if n := compound(w, known, short); n > 0 {
		return Compound, n
	}
	return None, 0
}

func vowel(c byte) bool { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' }

// needsDoubling reports a short stem that ends in one vowel and one
// consonant ("stop", "get", "plan"): its endings double the consonant.
func needsDoubling(stem []byte) bool {
	n := len(stem)
	if n < 3 || n > 4 {
		return false
	}
	c := stem[n-1]
	return !vowel(c) && c != 'w' && c != 'x' && c != 'y' && vowel(stem[n-2]) && !vowel(stem[n-3])
}

// with asks known about stem followed by add, in a buffer of its own.
func with(known Known, stem []byte, add string) bool {
	if len(stem)+len(add) > maxWord {
		return false
	}
	var b [maxWord + 2]byte
	n := copy(b[:], stem)
	n += copy(b[n:], add)
	return known(b[:n])
}

// vowelEnding reports whether w is a word known accepts followed by end,
// an ending that starts with a vowel (-ed, -ing, -er, -able), attached as
// English attaches it: to the stem as it is ("append" + "ed"), to the stem
// without its final e ("templat" + "ed" for "template"), after a doubled
// consonant ("gett" + "er" for "get"), or with y turned to i ("tidi" +
// "ed").
func vowelEnding(w []byte, end string, known Known) bool {
	n := len(w) - len(end)
	if n < 3 || string(w[n:]) != end {
		return false
	}
	stem := w[:n]
	last := stem[n-1]
	keepsE := end == "ing" && (stem[n-2] == 'e' || stem[n-2] == 'o' || stem[n-2] == 'y') || // "seeing", "hoeing"
		end == "able" && (stem[n-2] == 'g' || stem[n-2] == 'c') // "changeable"
	if n >= 4 && (last != 'e' || keepsE) && !needsDoubling(stem) && known(stem) {
		return true
	}
	// Not after a short stem that doubles: "stoped" is no form of "stope".
	if !vowel(last) && last != 'y' && !needsDoubling(stem) && with(known, stem, "e") {
		return true
	}
	if n >= 4 && last == stem[n-2] && !vowel(last) && needsDoubling(stem[:n-1]) && known(stem[:n-1]) {
		return true
	}
	return last == 'i' && n >= 4 && end != "ing" && with(known, stem[:n-1], "y")
}

func suffixed(w []byte, known Known) bool {
	n := len(w)
	switch {
	case w[n-1] == 's' && w[n-2] != 's' && w[n-2] != '\'':
		stem := w[:n-1]
		if len(stem) >= 4 && known(stem) || derivedStem(stem, known) {
			return true
		}
		if n >= 6 && string(w[n-3:]) == "ies" && with(known, w[:n-3], "y") {
			return true
		}
		if n >= 6 && w[n-2] == 'e' && (w[n-3] == 's' || w[n-3] == 'x' || w[n-3] == 'z' || w[n-3] == 'h') && known(w[:n-2]) {
			return true
		}
	}
	for _, end := range []string{"ed", "ing", "er", "ers", "able", "ability", "ee", "ees", "ism", "ist", "ists", "ish"} {
		if vowelEnding(w, end, known) {
			return true
		}
	}
	for _, end := range []string{"ly", "ness", "less", "ful", "ment", "ments", "ship", "wise"} {
		if m := n - len(end); m >= 4 && string(w[m:]) == end && (known(w[:m]) || derivedStem(w[:m], known)) {
			return true
		}
	}
	// -ily, -iness for -y ("tidily").
	if n >= 7 && string(w[n-3:]) == "ily" && with(known, w[:n-3], "y") {
		return true
	}
	return false
}

// derivedStem accepts a stem that is itself an -ed, -ing or -er form, so
// that a plural or adverb may be built on it ("rewriters", "unmarshalings").
func derivedStem(stem []byte, known Known) bool {
	for _, end := range []string{"er", "ing", "ed", "ee"} {
		if vowelEnding(stem, end, known) {
			return true
		}
	}
	return false
}

// prefixes are the ones that make new words freely in technical prose.
var prefixes = []string{"anti", "auto", "bi", "co", "cross", "de", "demi", "dis", "down", "hyper", "inter", "intra", "meta",
	"micro", "mini", "mis", "multi", "nano", "non", "out", "over", "post", "pre", "pseudo", "re", "semi", "sub",
	"super", "tri", "un", "under", "up"}

// prefixed returns the length of the prefix w is made with, or 0.
func prefixed(w []byte, known Known) int {
	for _, p := range prefixes {
		if len(w) < len(p)+4 || string(w[:len(p)]) != p {
			continue
		}
		rest := w[len(p):]
		if known(rest) || suffixed(rest, known) {
			return len(p)
		}
	}
	return 0
}

// compound returns the length of the first of two words written as one,
// each of four letters or more ("filestorage", "pageviews"), or 0; the
// first may be a common short word.
func compound(w []byte, known, short Known) int {
	for i := 4; i+4 <= len(w); i++ {
		first, rest := w[:i], w[i:]
		if !(known(first) || i < 5 && short != nil && short(first)) {
			continue
		}
		if known(rest) || len(rest) >= 5 && suffixed(rest, known) {
			return i
		}
	}
	return 0
}
