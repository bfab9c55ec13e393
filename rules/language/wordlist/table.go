package wordlist

import (
	"bytes"
	"hash/maphash"
	"strings"
)

// A Table is a read-only set of strings, each with an optional value,
// for lookups of []byte keys without allocation. It is built from one
// text of lines "key" or "key\tvalue" and keeps nothing but that text and
// an open-addressing array of uint32, at most half full: no string
// headers, no pointers for the garbage collector to scan. Building one is
// a single pass over the text, faster than filling a map of its keys, and
// lookups are as fast as a map's.
type Table struct {
	text  string
	slots []uint32 // 0: empty; else tag | offset of the line + 1
	mask  uint64
	seed  maphash.Seed
}

// A slot holds, from its low bits up, the offset of its line in the text
// plus one (offBits), the length of its key (lenBits, longMark for a key
// of longMark bytes or more) and a tag of the key's hash: the length and
// the tag rule out most other keys without reading the text.
const (
	offBits  = 21
	offMask  = 1<<offBits - 1
	lenBits  = 5
	longMark = 1<<lenBits - 1
)

// NewTable indexes the lines of text: "key" or "key\tvalue", separated by
// '\n'. Empty lines are skipped; of two lines with the same key the later
// one wins.
func NewTable(text string) *Table {
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	n := strings.Count(text, "\n")
	size := 16
	for size < 2*n { // a load of at most a half
		size <<= 1
	}
	if len(text) >= offMask {
		panic("wordlist: table text too large")
	}
	t := &Table{text: text, slots: make([]uint32, size), mask: uint64(size - 1), seed: maphash.MakeSeed()}
	for off := 0; off < len(text); {
		end := off + strings.IndexByte(text[off:], '\n')
		key := text[off:end]
		if i := strings.IndexByte(key, '\t'); i >= 0 {
			key = key[:i]
		}
		if key != "" {
			t.insert(key, off)
		}
		off = end + 1
	}
	return t
}

// tagOf is the high bits of a slot for a key of length n with hash h.
func tagOf(h uint64, n int) uint32 {
	return uint32(h>>(64-(32-offBits-lenBits)))<<(offBits+lenBits) | uint32(min(n, longMark))<<offBits
}

func (t *Table) insert(key string, off int) {
	h := maphash.String(t.seed, key)
	tag := tagOf(h, len(key))
	for j := h & t.mask; ; j = (j + 1) & t.mask {
		s := t.slots[j]
		if s == 0 || s&^offMask == tag && t.keyAt(s) == key {
			t.slots[j] = tag | uint32(off+1)
			return
		}
	}
}

// keyAt returns the key of the line a slot points to.
func (t *Table) keyAt(s uint32) string {
	line := t.text[s&offMask-1:]
	return line[:strings.IndexAny(line, "\t\n")]
}

// Lookup returns the value of key w ("" for a line without one) and
// whether w is in the table.
func (t *Table) Lookup(w []byte) (string, bool) {
	h := maphash.Bytes(t.seed, w)
	tag := tagOf(h, len(w))
	for j := h & t.mask; ; j = (j + 1) & t.mask {
		s := t.slots[j]
		if s == 0 {
			return "", false
		}
		if s&^offMask != tag {
			continue
		}
		off := int(s&offMask) - 1
		end := off + len(w)
		if end >= len(t.text) || t.text[off:end] != string(w) {
			continue
		}
		// The slot says the key has len(w) bytes, so w holds no '\t' or
		// '\n' of the text; a long key's length is not in it.
		if len(w) >= longMark && (bytes.IndexByte(w, '\t') >= 0 || bytes.IndexByte(w, '\n') >= 0) {
			return "", false
		}
		switch t.text[end] {
		case '\n':
			return "", true
		case '\t':
			v := t.text[end+1:]
			return v[:strings.IndexByte(v, '\n')], true
		}
	}
}

// Has reports whether w is in the table.
func (t *Table) Has(w []byte) bool {
	_, ok := t.Lookup(w)
	return ok
}
