package links

import (
	"reflect"
	"testing"

	"github.com/postlint/postlint/rules"
)

// TestExtLinksLazy decodes a post's external links as the result cache
// does, from bytes that never change: they are only checked then, and
// decoded when asked for, to the links written; from bytes a caller may
// change (UnmarshalBinary) they are decoded at once. Cut or damaged bytes
// are an error either way.
func TestExtLinksLazy(t *testing.T) {
	mk := func(start int, dest, frag string) link {
		l := newLink(kindLink, start, start+len(dest)+4, dest)
		if frag != "" {
			l.setMore(0, 0, frag, start+1, start+1+len(frag))
		}
		return l
	}
	in := &extLinks{links: []link{mk(3, "https://a.example/x", ""), mk(40, "https://b.example/y", "top"), mk(90, "http://c.example", "")}, date: "20240102"}
	b, err := in.AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}

	var lazy extLinks
	if err := lazy.DecodeFact(rules.NewSharedFactReader(b)); err != nil {
		t.Fatal(err)
	}
	if lazy.links != nil || lazy.lazy == nil || lazy.date != "20240102" {
		t.Fatalf("read from shared bytes: links %v, lazy %v, date %q; want them left encoded", lazy.links, lazy.lazy, lazy.date)
	}
	if got := lazy.list(); !reflect.DeepEqual(got, in.links) {
		t.Errorf("decoded when asked:\n%#v\nwant\n%#v", got, in.links)
	}
	if again, _ := lazy.AppendBinary(nil); !reflect.DeepEqual(again, b) {
		t.Error("a lazily read fact encodes to other bytes")
	}

	var eager extLinks
	if err := eager.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if eager.lazy != nil || !reflect.DeepEqual(eager.list(), in.links) || eager.date != in.date {
		t.Errorf("UnmarshalBinary: %#v", eager)
	}

	for cut := range len(b) {
		var x, y extLinks
		if x.DecodeFact(rules.NewSharedFactReader(b[:cut])) == nil || y.UnmarshalBinary(b[:cut]) == nil {
			t.Fatalf("cut to %d of %d bytes: no error", cut, len(b))
		}
	}
	var none extLinks
	e, _ := (&extLinks{date: "x"}).AppendBinary(nil)
	if err := none.DecodeFact(rules.NewSharedFactReader(e)); err != nil || none.lazy != nil || none.list() != nil || none.date != "x" {
		t.Errorf("no links: %#v %v", none, err)
	}
}
