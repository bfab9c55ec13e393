// Package wordlist answers the questions the spelling check asks of an
// English word list, from SCOWL data embedded in the binary (see
// SCOWL-COPYRIGHT for its licence and internal/gen for how the files are
// made).
package wordlist

import (
	_ "embed"
	"strings"
	"sync"
)

//go:generate go run ./internal/gen -dict /usr/share/dict -out .

var (
	//go:embed common.txt
	commonTxt string
	//go:embed near.txt
	nearTxt string
)

var (
	once         sync.Once
	common, near *Table
	anagrams     *anagramSet
)

// sets builds the tables on first use, in a millisecond or two: the keys
// are the embedded text itself, nothing is copied.
func sets() (*Table, *Table) {
	once.Do(func() {
		common = NewTable(commonTxt)
		near = NewTable(nearTxt)
		anagrams = newAnagramSet(commonTxt)
	})
	return common, near
}

// Common reports whether w, in lower case, is a common English word of five
// or more letters (in SCOWL's small American or British list).
func Common(w []byte) bool {
	if len(w) < 5 {
		return false // the lists keep five letters or more
	}
	c, _ := sets()
	return c.Has(w)
}

// minApart is the length from which Transposition also swaps two letters
// one apart: shorter words one such swap from a common word are too often
// real words the large lists lack ("repos" for "ropes", "cafes" for
// "faces").
const minApart = 8

// Transposition returns the common word that w is a typo of, when w is
// five or more lowercase ASCII letters, is in none of the large American
// and British lists, and swapping two adjacent letters of it gives a
// common word ("configuraiton" gives "configuration"), or, in a word of
// minApart letters or more, swapping two letters with one between them
// does ("capabitilies" gives "capabilities"). Adjacent swaps are tried
// first, each kind from the left; the first that gives a common word wins.
// w is left as it was.
func Transposition(w []byte) (string, bool) {
	if len(w) < 5 {
		return "", false
	}
	for _, c := range w {
		if c < 'a' || c > 'z' {
			return "", false
		}
	}
	c, n := sets()
	if c.Has(w) || !anagrams.may(w) {
		// Common, or no common word has w's letters: no swap of two of
		// them gives one. Most words that are not common stop here.
		return "", false
	}
	fix, ok := swap(w, 1, c)
	if !ok && len(w) >= minApart {
		fix, ok = swap(w, 2, c)
	}
	if !ok {
		return "", false
	}
	// One swap away from a common word: w is a real word only if it is in
	// near.txt.
	if n.Has(w) {
		return "", false
	}
	return fix, true
}

// swap returns the first common word, from the left, that swapping w[i]
// and w[i+d] gives, leaving w as it was.
func swap(w []byte, d int, common *Table) (string, bool) {
	for i := 0; i+d < len(w); i++ {
		if w[i] == w[i+d] {
			continue
		}
		w[i], w[i+d] = w[i+d], w[i]
		hit := common.Has(w)
		var fix string
		if hit {
			fix = string(w)
		}
		w[i], w[i+d] = w[i+d], w[i]
		if hit {
			return fix, true
		}
	}
	return "", false
}

// anagramSet answers whether some common word has exactly the letters of
// a word, in any order: a bit per hash of the letters' multiset. A clear
// bit means no; a set bit means maybe, and the swaps are tried.
type anagramSet struct{ bits []uint64 }

const anagramBits = 20 // 128 KB: about one word in thirty passes by mistake

// letterWeight gives each letter a fixed random 64-bit weight; the sum of
// a word's weights does not depend on the letters' order.
var letterWeight = func() (w [26]uint64) {
	x := uint64(0x9e3779b97f4a7c15)
	for i := range w {
		// splitmix64
		x += 0x9e3779b97f4a7c15
		z := x
		z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
		z = (z ^ z>>27) * 0x94d049bb133111eb
		w[i] = z ^ z>>31
	}
	return w
}()

// anagramKey is the bit of a word's letters, or false when it has a byte
// other than a to z.
func anagramKey(w []byte) (uint64, bool) {
	var sum uint64
	for _, c := range w {
		if c < 'a' || c > 'z' {
			return 0, false
		}
		sum += letterWeight[c-'a']
	}
	return sum >> (64 - anagramBits), true
}

// newAnagramSet sets the bit of every line of text.
func newAnagramSet(text string) *anagramSet {
	a := &anagramSet{bits: make([]uint64, 1<<anagramBits/64)}
	for text != "" {
		line := text
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		var sum uint64
		var bad byte
		for i := 0; i < len(line); i++ {
			c := line[i] - 'a'
			bad |= c / 26 // 0 for a to z
			sum += letterWeight[c%26]
		}
		if line != "" && bad == 0 {
			k := sum >> (64 - anagramBits)
			a.bits[k/64] |= 1 << (k % 64)
		}
	}
	return a
}

// may reports whether a common word may have w's letters.
func (a *anagramSet) may(w []byte) bool {
	k, ok := anagramKey(w)
	return ok && a.bits[k/64]&(1<<(k%64)) != 0
}
