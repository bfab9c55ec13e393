// Package bloom is the index that package wordlist keeps of each of its
// front-coded word lists, and that internal/gen makes: a Bloom filter of
// the keys (two bits a key, from a hash that is the same in both) and the
// offsets of the head lines.
package bloom

import "encoding/binary"

// Hash is a polynomial hash of w's bytes.
func Hash(w []byte) uint64 {
	var h uint64
	for _, c := range w {
		h = h*0x100000001b3 + uint64(c)
	}
	return h
}

// bits returns the two bits of hash h in a filter of 1<<logSize bits.
func bits(h uint64, logSize uint) (uint64, uint64) {
	// splitmix64's finalizer: similar keys get unrelated bits.
	h = (h ^ h>>30) * 0xbf58476d1ce4e5b9
	h = (h ^ h>>27) * 0x94d049bb133111eb
	h ^= h >> 31
	return h >> (64 - logSize), (h<<32 | h>>32) >> (64 - logSize)
}

// A Filter is a Bloom filter stored as bytes: the first byte is the log2 of
// its size in bits, the rest the bits.
type Filter string

// Build returns a filter of keys with about bitsPerKey bits a key.
func Build(keys []string, bitsPerKey int) Filter {
	log := uint(6)
	for 1<<log < bitsPerKey*len(keys) {
		log++
	}
	b := make([]byte, 1+(1<<log)/8)
	b[0] = byte(log)
	for _, k := range keys {
		x, y := bits(Hash([]byte(k)), log)
		b[1+x/8] |= 1 << (x % 8)
		b[1+y/8] |= 1 << (y % 8)
	}
	return Filter(b)
}

// Size is the length of the filter at the start of an index.
func (f Filter) Size() int {
	if len(f) == 0 {
		return 0
	}
	return 1 + (1<<uint(f[0]))/8
}

// Index is a filter followed by the heads' offsets, each four bytes,
// little-endian.
func Index(f Filter, heads []uint32) []byte {
	b := []byte(f)
	for _, h := range heads {
		b = binary.LittleEndian.AppendUint32(b, h)
	}
	return b
}

// Heads reads the offsets of an index made by Index.
func Heads(index string) []uint32 {
	rest := index[Filter(index).Size():]
	heads := make([]uint32, len(rest)/4)
	for i := range heads {
		b := rest[4*i:]
		heads[i] = uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
	}
	return heads
}

// May reports whether w may be a key: false means it is not.
func (f Filter) May(w []byte) bool {
	if len(f) < 2 {
		return true // no filter
	}
	x, y := bits(Hash(w), uint(f[0]))
	return f[1+x/8]&(1<<(x%8)) != 0 && f[1+y/8]&(1<<(y%8)) != 0
}
