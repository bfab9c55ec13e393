package language

import "github.com/postlint/postlint/rules"

// SpellingFact encodes itself for the result cache (see rules.FactWriter);
// a field added to it must be added here too (TestFactsRoundTrip in
// rules/registry says so). The diagnostics it holds carry only what Run
// fills in: the span, the message and the fixes.

func (f SpellingFact) AppendBinary(b []byte) ([]byte, error) {
	w := rules.FactWriter(b)
	w.Len(len(f.Unknown))
	for _, u := range f.Unknown {
		w.String(u.Word)
		w.Int(u.Count)
	}
	w.Len(len(f.Typos))
	for _, t := range f.Typos {
		d := t.Diagnostic
		w.String(t.Word)
		w.Int(t.Posts)
		w.Int(d.Start)
		w.Int(d.End)
		w.String(d.Message)
		w.Len(len(d.Fixes))
		for _, fix := range d.Fixes {
			w.String(fix.Message)
			w.Bool(fix.Safe)
			w.Len(len(fix.Edits))
			for _, e := range fix.Edits {
				w.Int(e.Start)
				w.Int(e.End)
				w.String(e.NewText)
			}
		}
	}
	return w, nil
}

func (f *SpellingFact) UnmarshalBinary(b []byte) error {
	return f.DecodeFact(rules.NewFactReader(b))
}

// DecodeFact is UnmarshalBinary from a reader (see rules.FactDecoder).
func (f *SpellingFact) DecodeFact(r *rules.FactReader) error {
	*f = SpellingFact{}
	for range r.Len() {
		f.Unknown = append(f.Unknown, WordCount{Word: r.String(), Count: r.Int()})
	}
	for range r.Len() {
		t := TypoReport{Word: r.String(), Posts: r.Int()}
		t.Diagnostic.Start, t.Diagnostic.End, t.Diagnostic.Message = r.Int(), r.Int(), r.String()
		for range r.Len() {
			fix := rules.Fix{Message: r.String(), Safe: r.Bool()}
			for range r.Len() {
				fix.Edits = append(fix.Edits, rules.Edit{Start: r.Int(), End: r.Int(), NewText: r.String()})
			}
			t.Diagnostic.Fixes = append(t.Diagnostic.Fixes, fix)
		}
		f.Typos = append(f.Typos, t)
	}
	return r.Close()
}
