package rules

import (
	"bytes"
	"encoding"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"math"
	"reflect"
	"unsafe"
)

// Facts outlive the run that made them: the result cache keeps each
// file's facts on disk, so that a later run over unchanged files runs
// only the whole-set pass. A rule whose Run exports facts says in
// Rule.NewFact what type they are; the type encodes itself with
// AppendBinary and UnmarshalBinary (written with FactWriter and
// FactReader), or else is encoded with encoding/gob.

// A FactWriter appends values to a byte slice in a compact form that
// FactReader reads back: integers as varints, strings with their length.
// Fact types use it in their AppendBinary method.
type FactWriter []byte

// Int appends an integer.
func (w *FactWriter) Int(v int) { *w = binary.AppendVarint(*w, int64(v)) }

// Len appends a count of things that follow (a slice's length).
func (w *FactWriter) Len(n int) { *w = binary.AppendUvarint(*w, uint64(n)) }

// String appends a string.
func (w *FactWriter) String(s string) {
	*w = binary.AppendUvarint(*w, uint64(len(s)))
	*w = append(*w, s...)
}

// Bytes appends a byte slice, as String appends a string: a reader reads
// it with either.
func (w *FactWriter) Bytes(b []byte) {
	*w = binary.AppendUvarint(*w, uint64(len(b)))
	*w = append(*w, b...)
}

// Bool appends a boolean.
func (w *FactWriter) Bool(v bool) {
	if v {
		*w = append(*w, 1)
	} else {
		*w = append(*w, 0)
	}
}

// Byte appends one byte (a few flags, a small enumeration).
func (w *FactWriter) Byte(c byte) { *w = append(*w, c) }

// Span appends a span.
func (w *FactWriter) Span(s Span) { w.Int(s.Start); w.Int(s.End) }

// A FactReader reads what a FactWriter wrote. It never panics on bad
// input: after the first error every read returns a zero value, and Close
// says what went wrong.
type FactReader struct {
	b   []byte
	err error
	// alias is set when b is never changed while what is read from it
	// lives (the bytes of a result file): strings are then slices of b,
	// not copies. Copying them was 8% of the CPU time of a warm run.
	alias bool
}

// NewFactReader reads b. The strings it returns are copies.
func NewFactReader(b []byte) *FactReader { return &FactReader{b: b} }

// NewSharedFactReader reads b, which must never change while anything read
// from it is in use: the strings it returns are slices of b, not copies.
func NewSharedFactReader(b []byte) *FactReader { return &FactReader{b: b, alias: true} }

// A FactDecoder reads its fact from r, to the end (it returns r.Close()).
// The result cache decodes a fact with DecodeFact when it has one, and
// with UnmarshalBinary otherwise: the strings the reader then returns may
// share the bytes of the result file, which are never changed.
type FactDecoder interface {
	DecodeFact(r *FactReader) error
}

var errFactShort = errors.New("fact data ends early")

func (r *FactReader) fail(err error) {
	if r.err == nil {
		r.err = err
	}
	r.b = nil
}

// Int reads an integer.
func (r *FactReader) Int() int {
	v, n := binary.Varint(r.b)
	if n <= 0 || v > math.MaxInt || v < math.MinInt {
		r.fail(errFactShort)
		return 0
	}
	r.b = r.b[n:]
	return int(v)
}

// Len reads a count written with Len. Each thing counted takes a byte at
// least, so a count larger than what is left is an error, and a slice
// made with it is never larger than the data.
func (r *FactReader) Len() int {
	v, n := binary.Uvarint(r.b)
	if n <= 0 || v > uint64(len(r.b)-n) {
		r.fail(errFactShort)
		return 0
	}
	r.b = r.b[n:]
	return int(v)
}

// String reads a string.
func (r *FactReader) String() string {
	n := r.Len()
	if n > len(r.b) {
		r.fail(errFactShort)
		return ""
	}
	var s string
	if r.alias && n > 0 {
		s = unsafe.String(&r.b[0], n)
	} else {
		s = string(r.b[:n])
	}
	r.b = r.b[n:]
	return s
}

// bytes reads what String wrote, as a slice of the data, not a copy.
func (r *FactReader) bytes() []byte {
	n := r.Len()
	if n > len(r.b) {
		r.fail(errFactShort)
		return nil
	}
	b := r.b[:n:n]
	r.b = r.b[n:]
	return b
}

// Fork returns a reader of the rest of r's bytes as they are now, which
// reads them again later as r would have (copying strings or not as r
// does), whatever r reads meanwhile.
func (r *FactReader) Fork() *FactReader {
	return &FactReader{b: r.b, err: r.err, alias: r.alias}
}

// Aliases reports whether the strings r returns are slices of its bytes
// (which never change) rather than copies: a fact may then keep bytes
// to decode later.
func (r *FactReader) Aliases() bool { return r.alias }

// Skip reads a string without making it.
func (r *FactReader) Skip() {
	n := r.Len()
	if n > len(r.b) {
		r.fail(errFactShort)
		return
	}
	r.b = r.b[n:]
}

// Bool reads a boolean.
func (r *FactReader) Bool() bool {
	if len(r.b) == 0 || r.b[0] > 1 {
		r.fail(errFactShort)
		return false
	}
	v := r.b[0] == 1
	r.b = r.b[1:]
	return v
}

// Byte reads one byte.
func (r *FactReader) Byte() byte {
	if len(r.b) == 0 {
		r.fail(errFactShort)
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

// Span reads a span.
func (r *FactReader) Span() Span { return Span{Start: r.Int(), End: r.Int()} }

// Close returns the first error, or an error if bytes are left unread.
func (r *FactReader) Close() error {
	if r.err == nil && len(r.b) > 0 {
		r.err = fmt.Errorf("%d bytes of fact data left unread", len(r.b))
	}
	return r.err
}

// How a fact was encoded: by its own AppendBinary or by gob, and whether
// Run exported the value NewFact points to or the pointer itself.
const (
	factBinary  = 1 << 0
	factPointer = 1 << 1
)

// appendFact appends a rule's fact, or says why it cannot be kept.
func appendFact(b []byte, r *Rule, fact any) ([]byte, error) {
	if r.NewFact == nil {
		return b, fmt.Errorf("rule %s exports facts but has no NewFact", r.Name)
	}
	ptr := r.NewFact()
	pt := reflect.TypeOf(ptr)
	var flags byte
	switch reflect.TypeOf(fact) {
	case pt:
		flags |= factPointer
	case pt.Elem():
	default:
		return b, fmt.Errorf("rule %s exported a %T, not the %v its NewFact makes", r.Name, fact, pt)
	}
	var data []byte
	var err error
	if a, ok := fact.(encoding.BinaryAppender); ok {
		flags |= factBinary
		data, err = a.AppendBinary(encodeBufs.Get(0))
		defer func() { encodeBufs.Put(data) }()
	} else {
		var buf bytes.Buffer
		err = gob.NewEncoder(&buf).Encode(fact)
		data = buf.Bytes()
	}
	if err != nil {
		return b, fmt.Errorf("rule %s: encoding its fact: %v", r.Name, err)
	}
	w := FactWriter(b)
	w.String(r.Name)
	w.Byte(flags)
	w.Len(len(data))
	w = append(w, data...)
	return w, nil
}

// readFacts are the pointer facts readFact has read of a result, for a
// later one written from the same bytes to share: dead-link and
// redirected-link keep one value of a post's external links, each as its
// fact, and decoding it twice was 7% of the CPU time of a warm run.
type readFacts []readFactBytes

type readFactBytes struct {
	data []byte
	fact any // a pointer, the only facts shared
}

// readFact reads what appendFact wrote, with the rules of reg. A pointer
// fact of the same type and bytes as one of read is that value.
func readFact(r *FactReader, reg *Registry, read *readFacts) (ruleFact, error) {
	name := r.String()
	flags := r.Byte()
	n := r.Len()
	if r.err != nil {
		return ruleFact{}, r.err
	}
	data := r.b[:n]
	r.b = r.b[n:]
	rule := reg.Rule(name)
	if rule == nil || rule.NewFact == nil {
		return ruleFact{}, fmt.Errorf("a fact of rule %q, which keeps none", name)
	}
	ptr := rule.NewFact()
	shared := flags&factPointer != 0
	if shared {
		for _, f := range *read {
			if bytes.Equal(data, f.data) && reflect.TypeOf(ptr) == reflect.TypeOf(f.fact) {
				return ruleFact{rule: rule, fact: f.fact}, nil
			}
		}
	}
	var err error
	u, ok := ptr.(encoding.BinaryUnmarshaler)
	d, decoder := ptr.(FactDecoder)
	if flags&factBinary != 0 && !ok && !decoder {
		return ruleFact{}, fmt.Errorf("rule %s: its fact has no UnmarshalBinary", name)
	}
	// Cached data may be anything: a decoder that panics on it is an
	// error like any other.
	if perr := runSafely(func() {
		switch {
		case flags&factBinary != 0 && decoder:
			err = d.DecodeFact(&FactReader{b: data, alias: r.alias})
		case flags&factBinary != 0:
			err = u.UnmarshalBinary(data)
		default:
			err = gob.NewDecoder(bytes.NewReader(data)).Decode(ptr)
		}
	}); perr != nil {
		err = perr
	}
	if err != nil {
		return ruleFact{}, fmt.Errorf("rule %s: decoding its fact: %v", name, err)
	}
	fact := ptr
	if shared {
		*read = append(*read, readFactBytes{data, fact})
	} else {
		fact = reflect.ValueOf(ptr).Elem().Interface()
	}
	return ruleFact{rule: rule, fact: fact}, nil
}
