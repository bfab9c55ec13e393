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
		near = split(nearTxt, 320)
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

// Transposition returns the common word that w is a typo of, when w is
// five or more lowercase ASCII letters, is in none of the large American
// and British lists, and swapping two adjacent letters of it gives a
// common word ("configuraiton" gives "configuration"). The first such swap
// from the left wins. w is left as it was.
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
	for i := 0; i+1 < len(w); i++ {
		if w[i] == w[i+1] {
			continue
		}
		w[i], w[i+1] = w[i+1], w[i]
		_, hit := c[string(w)]
		var fix string
		if hit {
			fix = string(w)
		}
		w[i], w[i+1] = w[i+1], w[i]
		if !hit {
			continue
		}
		// One swap away from a common word: w is a real word only if it
		// is in near.txt.
		if _, real := n[string(w)]; real {
			return "", false
		}
		return fix, true
	}
	return "", false
}
