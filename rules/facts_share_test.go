package rules

import (
	"testing"
	"unsafe"
)

type shareFact struct{ s string }

func (f *shareFact) AppendBinary(b []byte) ([]byte, error) {
	w := FactWriter(b)
	w.String(f.s)
	return w, nil
}

func (f *shareFact) UnmarshalBinary(b []byte) error {
	r := NewFactReader(b)
	f.s = r.String()
	return r.Close()
}

type valFact struct{ S string } // kept by gob, as a value

type otherFact struct{ s string }

func (f *otherFact) AppendBinary(b []byte) ([]byte, error) {
	w := FactWriter(b)
	w.String(f.s)
	return w, nil
}

func (f *otherFact) UnmarshalBinary(b []byte) error {
	r := NewFactReader(b)
	f.s = r.String()
	return r.Close()
}

// TestFactsShared reads back a result whose facts of two rules were one
// value, with another rule's between them: they are one value again, while a fact of other bytes, or of
// another type with the same bytes, or kept as a value, is its own.
func TestFactsShared(t *testing.T) {
	mk := func(name string, newFact func() any) *Rule {
		return &Rule{Name: name, NewFact: newFact, Run: func(*Pass) {}, RunSet: func(*SetPass) {}}
	}
	newShare := func() any { return new(shareFact) }
	a, b, c := mk("a", newShare), mk("b", newShare), mk("c", newShare)
	d := mk("d", func() any { return new(otherFact) })
	newVal := func() any { return new(valFact) }
	v, w := mk("v", newVal), mk("w", newVal)
	reg := &Registry{Rules: []*Rule{a, b, c, d, v, w}}
	one := &shareFact{"x"}
	f := &fileResult{path: "p.md", facts: []ruleFact{
		{a, one}, {c, &shareFact{"y"}}, {b, one}, {d, &otherFact{"y"}}, {v, valFact{"y"}}, {w, valFact{"y"}},
	}}
	enc, err := appendResult(nil, f)
	if err != nil {
		t.Fatal(err)
	}
	got, err := readResult(enc, reg, "p.md")
	if err != nil {
		t.Fatal(err)
	}
	fs := got.facts
	if len(fs) != 6 {
		t.Fatalf("%d facts", len(fs))
	}
	pa, _ := fs[0].fact.(*shareFact)
	pc, _ := fs[1].fact.(*shareFact)
	pb, _ := fs[2].fact.(*shareFact)
	pd, _ := fs[3].fact.(*otherFact)
	if pa == nil || pa != pb || pa.s != "x" {
		t.Errorf("facts a and b, with c between them: %v %v, want one value", fs[0].fact, fs[2].fact)
	}
	if pc == nil || pc == pa || pc.s != "y" || pd == nil || pd.s != "y" {
		t.Errorf("facts c and d: %#v %#v", fs[1].fact, fs[3].fact)
	}
	if fs[4].fact != (valFact{"y"}) || fs[5].fact != (valFact{"y"}) {
		t.Errorf("value facts: %#v %#v", fs[4].fact, fs[5].fact)
	}
}

type aliasFact struct{ s string }

func (f *aliasFact) AppendBinary(b []byte) ([]byte, error) {
	w := FactWriter(b)
	w.String(f.s)
	return w, nil
}

func (f *aliasFact) UnmarshalBinary(b []byte) error { return f.DecodeFact(NewFactReader(b)) }

func (f *aliasFact) DecodeFact(r *FactReader) error {
	f.s = r.String()
	return r.Close()
}

// TestFactsAliasResultBytes reads a result back: a fact with DecodeFact
// gets strings that are slices of the result's bytes, not copies, and so
// do the result's diagnostics; UnmarshalBinary, which others may call on
// bytes they change later, still copies.
func TestFactsAliasResultBytes(t *testing.T) {
	a := &Rule{Name: "a", NewFact: func() any { return new(aliasFact) }, Run: func(*Pass) {}, RunSet: func(*SetPass) {}}
	reg := &Registry{Rules: []*Rule{a}}
	f := &fileResult{path: "p.md", facts: []ruleFact{{a, &aliasFact{"a fact's words"}}},
		diags: []Diagnostic{{Path: "p.md", Rule: "a", Message: "a message"}}}
	f.alone = f.diags
	enc, err := appendResult(nil, f)
	if err != nil {
		t.Fatal(err)
	}
	got, err := readResult(enc, reg, "p.md")
	if err != nil {
		t.Fatal(err)
	}
	in := func(s string) bool {
		p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
		lo := uintptr(unsafe.Pointer(&enc[0]))
		return p >= lo && p < lo+uintptr(len(enc))
	}
	fact := got.facts[0].fact.(*aliasFact)
	if fact.s != "a fact's words" || !in(fact.s) {
		t.Errorf("fact %q: a copy, or not the words written", fact.s)
	}
	if len(got.diags) != 1 || got.diags[0].Message != "a message" || !in(got.diags[0].Message) {
		t.Errorf("diagnostics %+v: copied, or not those written", got.diags)
	}
	var copied aliasFact
	body, _ := (&aliasFact{"words"}).AppendBinary(nil)
	if err := copied.UnmarshalBinary(body); err != nil || copied.s != "words" {
		t.Fatal(copied.s, err)
	}
	body[len(body)-1] = 'S'
	if copied.s != "words" {
		t.Errorf("UnmarshalBinary kept the caller's bytes: %q", copied.s)
	}
}
