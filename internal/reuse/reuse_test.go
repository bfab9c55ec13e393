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
