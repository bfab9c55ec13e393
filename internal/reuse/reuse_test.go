package reuse

import "testing"

func TestSlices(t *testing.T) {
	s := New[*int](4)
	one := 1
	b := append(s.Get(), &one, &one)
	s.Put(b)
	// sync.Pool may drop what it holds at any time: when it gives b back,
	// it is empty and cleared up to its capacity.
	if got := s.Get(); got != nil {
		if len(got) != 0 {
			t.Errorf("Get after Put: length %d", len(got))
		}
		for i, p := range got[:cap(got)] {
			if p != nil {
				t.Errorf("element %d still points to what its last user left", i)
			}
		}
	}
	big := make([]*int, 0, 5)
	s.Put(big) // over the bound: not kept
	for range 10 {
		if got := s.Get(); cap(got) > 4 {
			t.Fatalf("a slice of capacity %d kept by a pool bounded at 4", cap(got))
		}
	}
}

func TestBytes(t *testing.T) {
	s := NewBytes(64)
	b := s.Get(10)
	if len(b) != 10 {
		t.Fatalf("Get(10): length %d", len(b))
	}
	s.Put(b)
	for range 10 {
		if got := s.Get(40); len(got) != 40 || cap(got) < 40 {
			t.Fatalf("Get(40) after a Put of 10 bytes: length %d, capacity %d", len(got), cap(got))
		}
	}
	s.Put(make([]byte, 65)) // over the bound: not kept
	for range 10 {
		if got := s.Get(1); cap(got) > 64 {
			t.Fatalf("a buffer of %d bytes kept by a pool bounded at 64", cap(got))
		}
	}
}
