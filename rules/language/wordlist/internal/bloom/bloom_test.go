package bloom

import (
	"fmt"
	"testing"
)

func TestFilter(t *testing.T) {
	var keys []string
	for i := range 1000 {
		keys = append(keys, fmt.Sprintf("key%d", i))
	}
	idx := string(Index(Build(keys, 12), []uint32{0, 7, 1 << 20}))
	f := Filter(idx[:Filter(idx).Size()])
	for _, k := range keys {
		if !f.May([]byte(k)) {
			t.Fatalf("May(%q) = false for a key", k)
		}
	}
	passed := 0
	for i := range 10000 {
		if f.May(fmt.Appendf(nil, "other%d", i)) {
			passed++
		}
	}
	if passed > 200 {
		t.Errorf("%d of 10000 other strings pass the filter", passed)
	}
	if h := Heads(idx); len(h) != 3 || h[1] != 7 || h[2] != 1<<20 {
		t.Errorf("Heads = %v", h)
	}
	if !Filter("").May([]byte("x")) {
		t.Error("an empty filter must let everything through")
	}
}
