// Package reuse keeps slices of one document's scratch space for the next
// document to use, so that a lint does not allocate them afresh for every
// post.
package reuse

import "sync"

// A Slices keeps slices of T. Its zero value is not usable: see New.
type Slices[T any] struct {
	pool sync.Pool // of *[]T
	max  int
}

// New returns a pool that keeps slices of at most max elements: a larger
// one, made for a huge post, is left to the collector.
func New[T any](max int) *Slices[T] { return &Slices[T]{max: max} }

// Get returns a slice of length 0 whose elements up to its capacity are
// zero, nil when none is kept.
func (s *Slices[T]) Get() []T {
	if p, ok := s.pool.Get().(*[]T); ok {
		return (*p)[:0]
	}
	return nil
}

// Put keeps b for a later Get. The elements beyond len(b) must be zero, as
// they are when b came from Get and was only appended to: Put clears the
// others, so that what they point to is not kept alive. Nothing may use b,
// or the array under it, after Put.
func (s *Slices[T]) Put(b []T) {
	if cap(b) == 0 || cap(b) > s.max {
		return
	}
	clear(b)
	b = b[:0]
	s.pool.Put(&b)
}

// A Bytes keeps byte buffers: the bytes of one file, read or copied, for
// the next file's. Its zero value is not usable: see NewBytes.
type Bytes struct {
	pool sync.Pool // of *[]byte
	max  int
}

// NewBytes returns a pool that keeps buffers of at most max bytes.
func NewBytes(max int) *Bytes { return &Bytes{max: max} }

// Get returns a buffer of length n. Unlike a new one, its bytes are not
// zero: they are what its last user left, for the caller to overwrite.
func (s *Bytes) Get(n int) []byte {
	if p, ok := s.pool.Get().(*[]byte); ok {
		if cap(*p) >= n {
			return (*p)[:n]
		}
		s.pool.Put(p) // too small for this one; kept for a smaller file
	}
	return make([]byte, n)
}

// Put keeps b for a later Get. Nothing may use b, or the array under it,
// after Put: a string or slice made from b without a copy would change
// under its holder.
func (s *Bytes) Put(b []byte) {
	if cap(b) == 0 || cap(b) > s.max {
		return
	}
	b = b[:0]
	s.pool.Put(&b)
}
