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
	common, near map[string]struct{}
)

// sets builds the two sets on first use: about 39,000 words, whose keys
// are slices of the embedded text, so nothing is copied.
func sets() (map[string]struct{}, map[string]struct{}) {
	once.Do(func() {
		common = split(commonTxt, 38500)
		near = split(nearTxt, 512)
	})
	return common, near
}

func split(s string, n int) map[string]struct{} {
	m := make(map[string]struct{}, n)
	for len(s) > 0 {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			i = len(s)
		}
		if i > 0 {
			m[s[:i]] = struct{}{}
		}
		s = s[min(i+1, len(s)):]
	}
	return m
}

// Common reports whether w, in lower case, is a common English word of five
// or more letters (in SCOWL's small American or British list).
func Common(w []byte) bool {
	if len(w) < 5 {
		return false // the lists keep five letters or more
	}
	c, _ := sets()
	_, ok := c[string(w)]
	return ok
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
	if _, ok := c[string(w)]; ok {
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
	if _, real := n[string(w)]; real {
		return "", false
	}
	return fix, true
}

// swap returns the first common word, from the left, that swapping w[i]
// and w[i+d] gives, leaving w as it was.
func swap(w []byte, d int, common map[string]struct{}) (string, bool) {
	for i := 0; i+d < len(w); i++ {
		if w[i] == w[i+d] {
			continue
		}
		w[i], w[i+d] = w[i+d], w[i]
		_, hit := common[string(w)]
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
