package wordlist

import (
	"strings"

	"github.com/postlint/postlint/rules/language/wordlist/internal/bloom"
)

// blockSize is how many lines of a front-coded text share one head, a
// line written in full; internal/gen has the same constant.
const blockSize = 32

// A Sorted is a read-only set of sorted lines, "key" or "key\tvalue",
// front coded: each line starts with one byte ' '+n saying how many bytes
// of its key it shares with the key before, followed by the rest of the
// line; every blockSize-th line, a head, shares none. About half the size
// of the plain lines, and nothing is decoded until asked: a lookup
// searches the heads and reads one block. It keeps the text and one
// offset per block.
type Sorted struct {
	text  string
	heads []uint32 // offsets of the head lines
	// first[b] is the index of the first head whose key's first two
	// letters are bucket b or later (see bucket), so that a search starts
	// among a few heads.
	first [buckets + 1]uint32
	// filter has every key: most lookups of a key that is not there end
	// with it, without reading the text.
	filter bloom.Filter
}

// buckets are the keys' first two letters: 26 first letters times a second
// letter or none.
const buckets = 26 * 27

// bucket returns the bucket of a key of lowercase ASCII letters, or false.
func bucket[S ~string | ~[]byte](k S) (int, bool) {
	if len(k) == 0 || k[0] < 'a' || k[0] > 'z' {
		return 0, false
	}
	b := int(k[0]-'a') * 27
	if len(k) > 1 {
		if k[1] < 'a' || k[1] > 'z' {
			return 0, false
		}
		b += int(k[1]-'a') + 1
	}
	return b, true
}

// NewSorted indexes a front-coded text; index, made by internal/gen,
// holds a Bloom filter of its keys and the offsets of its heads, or is ""
// to find the heads here.
func NewSorted(text, index string) *Sorted {
	s := &Sorted{text: text}
	if index != "" {
		s.filter = bloom.Filter(index[:bloom.Filter(index).Size()])
		s.heads = bloom.Heads(index)
	} else {
		for off, l := 0, 0; off < len(text); l++ {
			if l%blockSize == 0 {
				s.heads = append(s.heads, uint32(off))
			}
			end := strings.IndexByte(text[off:], '\n')
			if end < 0 {
				break
			}
			off += end + 1
		}
	}
	h := 0
	for b := range buckets + 1 {
		for h < len(s.heads) {
			if k, ok := bucket(s.headKey(s.heads[h])); ok && k >= b {
				break
			}
			h++
		}
		s.first[b] = uint32(h)
	}
	return s
}

// headKey is the key of the head line at off.
func (s *Sorted) headKey(off uint32) string {
	line := s.text[off+1:]
	return line[:strings.IndexAny(line, "\t\n")]
}

// Lookup returns the value of key w ("" for a line without one) and
// whether w is in the set.
func (s *Sorted) Lookup(w []byte) (string, bool) {
	if len(w) > 64 {
		return "", false
	}
	k, ok := bucket(w)
	if !ok || !s.filter.May(w) {
		return "", false
	}
	// The last head not after w is the one before the bucket's first, or
	// in the bucket.
	lo, hi := int(s.first[k]), int(s.first[k+1])
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if s.headKey(s.heads[m]) > string(w) {
			hi = m
		} else {
			lo = m + 1
		}
	}
	b := lo - 1
	if b < 0 {
		return "", false
	}
	var key [96]byte
	n := 0
	off := int(s.heads[b])
	for k := 0; k < blockSize && off < len(s.text); k++ {
		end := off + strings.IndexByte(s.text[off:], '\n')
		line := s.text[off+1 : end]
		p := int(s.text[off] - ' ')
		rest, value, _ := strings.Cut(line, "\t")
		if p > n || p+len(rest) > len(key) {
			return "", false // not a front-coded text
		}
		n = p + copy(key[p:], rest)
		if string(key[:n]) == string(w) {
			return value, true
		}
		if string(key[:n]) > string(w) {
			return "", false
		}
		off = end + 1
	}
	return "", false
}

// Has reports whether w is in the set.
func (s *Sorted) Has(w []byte) bool {
	_, ok := s.Lookup(w)
	return ok
}
