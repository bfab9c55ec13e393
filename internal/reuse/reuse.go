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
