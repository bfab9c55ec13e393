package wordlist

import (
	"slices"
	"strings"
	"sync"
)

// A Candidate is a common word that a typo may stand for, with how likely
// that is: the higher the score, the likelier.
type Candidate struct {
	Word  string
	Score int
	Edit  Edit // what the slip was
}

// Strong reports whether the slip is one of the surest: two letters
// swapped, or a doubled letter typed once or thrice.
func (c Candidate) Strong() bool { return c.Slip() >= scoreSwap }

// Slip is the score of the kind of slip alone, without the frequency of
// the word meant.
func (c Candidate) Slip() int { return c.Score - perFrequency*frequency([]byte(c.Word)) }

// Likely is the least Slip of a slip that is likelier than chance: a letter
// left out, a key next to the right one, and better.
const Likely = scoreDropped

// An Edit is the kind of slip that turns a word into a typo.
type Edit uint8

const (
	Swapped Edit = iota // two letters swapped
	Apart               // two letters one apart swapped
	Dropped             // a letter left out
	Extra               // a letter too many
	Changed             // a wrong letter
)

func (e Edit) String() string {
	return [...]string{"two letters swapped", "two letters swapped", "a letter left out", "a letter too many", "a wrong letter"}[e]
}

// Scores of the single edits that turn a common word into a typo, from
// studies of typing errors: letters swapped and doubled letters typed
// once or thrice are the commonest slips, then a key next to the right
// one, a vowel for another, a letter left out; an unrelated letter typed
// or put in is the least likely.
const (
	scoreSwap     = 30 // "teh"
	scoreDouble   = 30 // "ocured", "disapppointed"
	scoreNeighbor = 24 // a key next to the right one: "servive"
	scoreVowel    = 22 // "resiliant"
	scoreDropped  = 20 // "techical"
	scoreExtraKey = 20 // a key next to a neighbouring letter put in: "serrvice" no, "sercvice"
	scoreOther    = 10
	scoreApart    = 10 // "capabitilies"
	firstLetter   = -6 // slips are rarer in a word's first letter
	perFrequency  = 2  // for each frequency class of the word meant
	// clearWin is how much the best candidate must beat the next by for
	// its fix to be safe.
	clearWin = 10
)

// keyboard lists the keys next to each letter on a QWERTY keyboard.
var keyboard = [26]string{
	"qwsz", "vghn", "xdfv", "serfcx", "wsdr", "drtgvc", "ftyhbv", "gyujnb", "ujko", // a to i
	"huikmn", "jiolm", "kop", "njk", "bhjm", "iklp", "ol", "wa", "edft", // j to r
	"awedxz", "rfgy", "yhji", "cfgb", "qase", "zsdc", "tghu", "asx", // s to z
}

func neighbors(a, b byte) bool {
	return a >= 'a' && a <= 'z' && strings.IndexByte(keyboard[a-'a'], b) >= 0
}

func isVowel(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }

// minTech is the length from which words of the technical vocabulary are
// candidates too ("kubernets" for "kubernetes").
const minTech = 6

// minApart is the length from which two letters one apart may be swapped.
const minApart = 8

// Candidates returns the common words of five letters or more, and the
// words of the technical vocabulary of six or more, that one
// edit turns into w: a letter left out, put in, changed, or two adjacent
// letters swapped (Damerau's four kinds), best first. In words of seven
// letters or more a swap may also give a word of the large lists
// ("untaitned" for "untainted"); in words of eight or more, when nothing
// else is found, two letters one apart may be swapped ("capabitilies"). w must be lowercase ASCII
// letters; it is left as it was.
func Candidates(w []byte) []Candidate {
	if len(w) < 5 || len(w) > 40 {
		return nil
	}
	for _, c := range w {
		if c < 'a' || c > 'z' {
			return nil
		}
	}
	load()
	filterOnce.Do(buildFilter)
	var out []Candidate
	var b [48]byte
	// try adds the candidate whose hash is h, built by f into b, when the
	// filter lets it through and it is a common word.
	try := func(h uint64, size, score int, e Edit, f func()) {
		if size < 5 || !filter.may(h) {
			return
		}
		f()
		cand := b[:size]
		if !common.Has(cand) && !(size >= minTech && tech.Has(cand)) {
			return
		}
		score += perFrequency * frequency(cand)
		for i := range out {
			if out[i].Word == string(cand) {
				out[i].Score = max(out[i].Score, score)
				return
			}
		}
		out = append(out, Candidate{Word: string(cand), Score: score, Edit: e})
	}
	n := len(w)
	// pre[i] is the hash of w[:i], suf[i] that of w[i:] as the end of a
	// word, so that the hash of each edit costs a few multiplications.
	var pre, suf [41]uint64
	for i := range n {
		pre[i+1] = pre[i]*hashBase + uint64(w[i])
	}
	for i := n - 1; i >= 0; i-- {
		suf[i] = uint64(w[i])*powers[n-1-i] + suf[i+1]
	}
	whole := pre[n]
	// A letter left out of the word meant: w has one letter too few.
	for i := 0; i <= n; i++ {
		head := pre[i] * powers[n-i+1]
		for c := byte('a'); c <= 'z'; c++ {
			s := scoreDropped
			if i > 0 && w[i-1] == c || i < n && w[i] == c {
				s = scoreDouble // a doubled letter typed once
			}
			if i == 0 {
				s += firstLetter
			}
			try(head+uint64(c)*powers[n-i]+suf[i], n+1, s, Dropped, func() {
				copy(b[:i], w[:i])
				b[i] = c
				copy(b[i+1:], w[i:])
			})
		}
	}
	// A letter put in: w has one too many.
	for i := range n {
		s := scoreOther
		switch {
		case i > 0 && w[i-1] == w[i] || i+1 < n && w[i+1] == w[i]:
			s = scoreDouble // a letter typed twice
		case i > 0 && neighbors(w[i-1], w[i]) || i+1 < n && neighbors(w[i+1], w[i]):
			s = scoreExtraKey
		}
		if i == 0 {
			s += firstLetter
		}
		try(pre[i]*powers[n-1-i]+suf[i+1], n-1, s, Extra, func() {
			copy(b[:i], w[:i])
			copy(b[i:], w[i+1:])
		})
	}
	// A letter changed.
	for i := range n {
		orig := w[i]
		for c := byte('a'); c <= 'z'; c++ {
			if c == orig {
				continue
			}
			s := scoreOther
			switch {
			case neighbors(c, orig):
				s = scoreNeighbor
			case isVowel(c) && isVowel(orig):
				s = scoreVowel
			}
			if i == 0 {
				s += firstLetter
			}
			try(whole+(uint64(c)-uint64(orig))*powers[n-1-i], n, s, Changed, func() {
				copy(b[:], w[:n])
				b[i] = c
			})
		}
	}
	// Two letters swapped.
	for i := 0; i+1 < n; i++ {
		if w[i] == w[i+1] {
			continue
		}
		copy(b[:], w[:n])
		b[i], b[i+1] = b[i+1], b[i]
		s := scoreSwap
		if i == 0 {
			s += firstLetter
		}
		if !common.Has(b[:n]) && n >= 7 && listed(b[:n]) {
			out = append(out, Candidate{Word: string(b[:n]), Score: s, Edit: Swapped})
		} else {
			try(polyHash(b[:n]), n, s, Swapped, func() {})
		}
	}
	// Two letters one apart swapped, in long words only: shorter words
	// one such swap from a common word are too often real words the lists
	// lack ("repos" for "ropes").
	for i := 0; i+2 < n && n >= minApart && len(out) == 0; i++ {
		if w[i] == w[i+2] {
			continue
		}
		copy(b[:], w[:n])
		b[i], b[i+2] = b[i+2], b[i]
		try(polyHash(b[:n]), n, scoreApart, Apart, func() {})
	}
	slices.SortStableFunc(out, func(x, y Candidate) int {
		if x.Score != y.Score {
			return y.Score - x.Score
		}
		return strings.Compare(x.Word, y.Word)
	})
	return out
}

// Clear reports whether the first of ranked candidates wins clearly: it is
// the only one, or beats the next by a wide margin.
func Clear(cs []Candidate) bool {
	return len(cs) == 1 || len(cs) > 1 && cs[0].Score-cs[1].Score >= clearWin
}

// The filter passes over most edits of a typo without a table lookup: a
// bit for the hash of every common word of five letters or more, the hash
// a polynomial in the letters, so that the hash of an edit is a few
// multiplications away from that of the typo.
var (
	filterOnce sync.Once
	filter     bitFilter
	powers     [48]uint64
)

const (
	hashBase   = 0x100000001b3 // odd: the powers never vanish
	filterBits = 20            // 128 KB: about one edit in twenty-five passes by mistake
)

type bitFilter []uint64

func polyHash(w []byte) uint64 {
	var h uint64
	for _, c := range w {
		h = h*hashBase + uint64(c)
	}
	return h
}

func (f bitFilter) slot(h uint64) uint64 { return (h * 0x9e3779b97f4a7c15) >> (64 - filterBits) }

func (f bitFilter) may(h uint64) bool {
	k := f.slot(h)
	return f[k/64]&(1<<(k%64)) != 0
}

func buildFilter() {
	powers[0] = 1
	for i := 1; i < len(powers); i++ {
		powers[i] = powers[i-1] * hashBase
	}
	filter = make(bitFilter, 1<<filterBits/64)
	for text := commonTxt; text != ""; {
		line, rest, _ := strings.Cut(text, "\n")
		text = rest
		w, _, _ := strings.Cut(line, "\t")
		if len(w) >= 5 {
			k := filter.slot(polyHash([]byte(w)))
			filter[k/64] |= 1 << (k % 64)
		}
	}
	for text := techTxt; text != ""; {
		line, rest, _ := strings.Cut(text, "\n")
		text = rest
		if len(line) >= minTech && line[0] != '#' {
			k := filter.slot(polyHash([]byte(line)))
			filter[k/64] |= 1 << (k % 64)
		}
	}
}

// OneEdit reports whether one of Damerau's four edits turns a into b.
func OneEdit(a, b string) bool {
	if len(a) < len(b) {
		a, b = b, a
	}
	switch len(a) - len(b) {
	case 0:
		i := 0
		for i < len(a) && a[i] == b[i] {
			i++
		}
		if i == len(a) {
			return false
		}
		if a[i+1:] == b[i+1:] {
			return true
		}
		return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	case 1:
		i := 0
		for i < len(b) && a[i] == b[i] {
			i++
		}
		return a[i+1:] == b[i:]
	}
	return false
}

// EditOf returns the edit that turns the word meant into typo, when one
// does.
func EditOf(typo, meant string) (Edit, bool) {
	switch {
	case !OneEdit(typo, meant):
		if len(typo) == len(meant) && len(typo) >= 3 {
			for i := 0; i+2 < len(typo); i++ {
				if typo[i] != meant[i] {
					ok := typo[i] == meant[i+2] && typo[i+2] == meant[i] && typo[i+1] == meant[i+1] && typo[i+3:] == meant[i+3:]
					return Apart, ok
				}
			}
		}
		return 0, false
	case len(typo) < len(meant):
		return Dropped, true
	case len(typo) > len(meant):
		return Extra, true
	}
	for i := 0; i < len(typo); i++ {
		if typo[i] != meant[i] {
			if typo[i+1:] == meant[i+1:] {
				return Changed, true
			}
			return Swapped, true
		}
	}
	return 0, false
}
