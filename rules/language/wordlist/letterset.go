package wordlist

import "strings"

// A letterSet is a read-only set of words of 1 to maxLetters letters a-z,
// each packed into a uint64 (five bits a letter, none zero), in an
// open-addressing array at most half full. A lookup reads one slot, where
// a Table reads its slot and then the text to compare: on a lint, with
// the rules' other data in the cache between two posts, that second read
// was most of the time of a lookup of a common word.
type letterSet struct {
	slots []uint64 // 0: empty
	shift uint
}

const maxLetters = 12

// packLetters is w's letters packed, or 0 when w is empty, longer than
// maxLetters or holds anything but a-z.
func packLetters[S ~string | ~[]byte](w S) uint64 {
	if len(w) == 0 || len(w) > maxLetters {
		return 0
	}
	var k uint64
	for i := 0; i < len(w); i++ {
		d := uint64(w[i]) - 'a'
		if d > 'z'-'a' {
			return 0
		}
		k = k<<5 | (d + 1)
	}
	return k
}

// newLetterSet holds the keys of text's lines ("key" or "key\tvalue") that
// packLetters packs.
func newLetterSet(text string) *letterSet {
	var keys []uint64
	for line := range strings.SplitSeq(text, "\n") {
		key, _, _ := strings.Cut(line, "\t")
		if k := packLetters(key); k != 0 {
			keys = append(keys, k)
		}
	}
	bits := uint(4)
	for 1<<bits < 2*len(keys) {
		bits++
	}
	s := &letterSet{slots: make([]uint64, 1<<bits), shift: 64 - bits}
	mask := uint64(len(s.slots) - 1)
	for _, k := range keys {
		for j := s.home(k); ; j = (j + 1) & mask {
			if s.slots[j] == 0 || s.slots[j] == k {
				s.slots[j] = k
				break
			}
		}
	}
	return s
}

func (s *letterSet) home(k uint64) uint64 { return (k * 0x9e3779b97f4a7c15) >> s.shift }

// has reports whether packed key k (not 0) is in the set.
func (s *letterSet) has(k uint64) bool {
	mask := uint64(len(s.slots) - 1)
	for j := s.home(k); ; j = (j + 1) & mask {
		switch s.slots[j] {
		case k:
			return true
		case 0:
			return false
		}
	}
}
