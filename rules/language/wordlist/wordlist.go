// Package wordlist answers the questions the spelling check asks of
// English: is this a word, is it a known typo, and which common words is it
// one slip of the keyboard away from. Its data is embedded: SCOWL word
// lists (see SCOWL-COPYRIGHT), the typo lists of golangci/misspell and of
// the typos project (see TYPOS-LICENSE), and a technical vocabulary of our
// own (tech.txt); internal/gen makes the files.
package wordlist

import (
	_ "embed"
	"strings"
	"sync"

	"github.com/postlint/postlint/rules/language/wordlist/morph"
)

//go:generate go run ./internal/gen -dict /usr/share/dict -typos ../../../../shared/typos/words.csv -out .

var (
	//go:embed common.txt
	commonTxt string
	//go:embed words.txt
	wordsTxt string
	//go:embed typos.txt
	typosTxt string
	//go:embed typos-short.txt
	typosShortTxt string
	//go:embed tech.txt
	techTxt string
	//go:embed words.idx
	wordsIdx string
	//go:embed typos.idx
	typosIdx string
)

var (
	once                     sync.Once
	common, tech, shortTypos *Table
	commonLetters            *letterSet // the words of common of at most maxLetters letters
	words, typos             *Sorted
)

// load indexes the tables on first use, in a few milliseconds: the keys
// are the embedded text itself, nothing is copied.
func load() {
	once.Do(func() {
		common = NewTable(commonTxt)
		commonLetters = newLetterSet(commonTxt)
		tech = NewTable(techTxt)
		shortTypos = NewTable(typosShortTxt)
		words = NewSorted(wordsTxt, wordsIdx)
		typos = NewSorted(typosTxt, typosIdx)
	})
}

// Common reports whether w, in lower case, is a common English word of
// three letters or more (in SCOWL's small American or British list): the
// words fixes are taken from.
func Common(w []byte) bool {
	if len(w) < 3 {
		return false
	}
	load()
	if k := packLetters(w); k != 0 {
		return commonLetters.has(k)
	}
	return common.Has(w) // longer, or not all a-z

}

// frequency is how often the typo lists name a common word as a
// correction, 0 to 9: a hint of how often it is written.
func frequency(w []byte) int {
	v, _ := common.Lookup(w)
	if v == "" {
		return 0
	}
	return int(v[0] - '0')
}

// listed reports whether w is in a word list: common, SCOWL's large lists
// or the technical vocabulary.
func listed(w []byte) bool {
	return common.Has(w) || tech.Has(w) || len(w) >= 5 && words.Has(w)
}

// Listed reports whether w, in lower case, is in a word list: SCOWL's
// large lists or the technical vocabulary.
func Listed(w []byte) bool {
	load()
	return listed(w)
}

// Word reports whether w, in lower case, is an English word or a word of
// technical prose: in SCOWL's large American or British list, in the
// technical vocabulary, or a regular form of such words (see package morph:
// "upstreams", "unmarshaling", "filestorage").
func Word(w []byte) bool {
	load()
	return listed(w) || morph.Derived(w, listed, common.Has)
}

// Made returns how w, in lower case, is made when it is in no list but is
// a regular form of listed words (see package morph), and for a prefix or
// a compound the length of the first part.
func Made(w []byte) (morph.Form, int) {
	load()
	if listed(w) {
		return morph.None, 0
	}
	return morph.Analyze(w, listed, common.Has)
}

// Typo returns the corrections of a known typo, the likeliest first, from
// the lists of golangci/misspell and of the typos project; words of any
// English list and their forms are not in them.
func Typo(w []byte) ([]string, bool) {
	load()
	var v string
	var ok bool
	if len(w) < 5 {
		v, ok = shortTypos.Lookup(w)
		if !ok {
			return nil, false
		}
		return strings.Split(v, "|"), true
	}
	if v, ok = typos.Lookup(w); !ok {
		return nil, false
	}
	var fixes []string
	for f := range strings.SplitSeq(v, "|") {
		if len(f) < 2 {
			continue
		}
		p, s := int(f[0]-' '), int(f[1]-' ')
		if p+s > len(w) {
			continue
		}
		fixes = append(fixes, string(w[:p])+f[2:]+string(w[len(w)-s:]))
	}
	return fixes, len(fixes) > 0
}

// ShortTypo reports whether w, of fewer than five letters, is a known typo.
func ShortTypo(w []byte) bool {
	load()
	return shortTypos.Has(w)
}

// Tech reports whether w, in lower case, is in the technical vocabulary.
func Tech(w []byte) bool {
	load()
	return tech.Has(w)
}
