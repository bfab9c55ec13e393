package wordlist

import "strings"

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
}

// NewSorted indexes a front-coded text.
func NewSorted(text string) *Sorted {
	s := &Sorted{text: text, heads: make([]uint32, 0, strings.Count(text, "\n")/blockSize+1)}
	for off, n := 0, 0; off < len(text); n++ {
		if n%blockSize == 0 {
			s.heads = append(s.heads, uint32(off))
		}
		i := strings.IndexByte(text[off:], '\n')
		if i < 0 {
			break
		}
		off += i + 1
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
	if len(w) == 0 || len(w) > 64 {
		return "", false
	}
	lo, hi := 0, len(s.heads) // the last head not after w is in [lo-1, hi)
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
