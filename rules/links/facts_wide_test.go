package links

import (
	"math"
	"testing"
)

// TestLinksWideRoundTrip encodes and decodes links past what 32 bits
// hold, with and without text and fragment, beside ordinary ones: each
// comes back with its offsets, text and fragment.
func TestLinksWideRoundTrip(t *testing.T) {
	big := int(math.MaxInt32) + 10
	mk := func(start, end int, text bool, frag string) link {
		l := newLink(kindLink, start, end, "a.md")
		ts, te := 0, 0
		if text {
			ts, te = start+1, end-1
		}
		fs, fe := 0, 0
		if frag != "" {
			fs, fe = end+1, end+1+len(frag)
		}
		l.setMore(ts, te, frag, fs, fe)
		return l
	}
	in := &fileLinks{links: []link{
		mk(3, 9, false, ""), mk(big, big+20, true, "id"), mk(5, 12, true, ""), mk(big+30, big+40, false, ""), mk(7, 8, false, "x"),
	}}
	b, err := in.AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}
	var out fileLinks
	if err := out.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if len(out.links) != len(in.links) {
		t.Fatalf("%d links, want %d", len(out.links), len(in.links))
	}
	for i, l := range in.links {
		g := out.links[i]
		gs, ge := g.text()
		ws, we := l.text()
		gf, gfs, gfe := g.fragment()
		wf, wfs, wfe := l.fragment()
		if g.start() != l.start() || g.end() != l.end() || gs != ws || ge != we || gf != wf || gfs != wfs || gfe != wfe {
			t.Errorf("link %d: got %d-%d text %d-%d frag %q %d-%d, want %d-%d text %d-%d frag %q %d-%d",
				i, g.start(), g.end(), gs, ge, gf, gfs, gfe, l.start(), l.end(), ws, we, wf, wfs, wfe)
		}
	}
}
