package frontmatter

import "github.com/postlint/postlint/rules"

// The facts of the whole-set rules encode themselves for the result cache
// (see rules.FactWriter); a field added to a fact must be added here too,
// or the cache loses it (TestFactsRoundTrip in rules/registry says so).

func (f titleFact) AppendBinary(b []byte) ([]byte, error) {
	w := rules.FactWriter(b)
	w.String(f.title)
	w.Span(f.at)
	w.String(f.post)
	return w, nil
}

func (f *titleFact) UnmarshalBinary(b []byte) error {
	return f.DecodeFact(rules.NewFactReader(b))
}

// DecodeFact is UnmarshalBinary from a reader (see rules.FactDecoder).
func (f *titleFact) DecodeFact(r *rules.FactReader) error {
	f.title, f.at, f.post = r.String(), r.Span(), r.String()
	return r.Close()
}

func (f slugFact) AppendBinary(b []byte) ([]byte, error) {
	w := rules.FactWriter(b)
	w.String(f.dir)
	w.String(f.slug)
	w.String(f.lang)
	w.Bool(f.fromField)
	w.Span(f.at)
	return w, nil
}

func (f *slugFact) UnmarshalBinary(b []byte) error {
	return f.DecodeFact(rules.NewFactReader(b))
}

// DecodeFact is UnmarshalBinary from a reader (see rules.FactDecoder).
func (f *slugFact) DecodeFact(r *rules.FactReader) error {
	f.dir, f.slug, f.lang, f.fromField, f.at = r.String(), r.String(), r.String(), r.Bool(), r.Span()
	return r.Close()
}

func (f tagFact) AppendBinary(b []byte) ([]byte, error) {
	w := rules.FactWriter(b)
	w.Len(len(f.tags))
	for _, t := range f.tags {
		w.String(t.name)
		w.Span(t.at)
	}
	return w, nil
}

func (f *tagFact) UnmarshalBinary(b []byte) error {
	return f.DecodeFact(rules.NewFactReader(b))
}

// DecodeFact is UnmarshalBinary from a reader (see rules.FactDecoder).
func (f *tagFact) DecodeFact(r *rules.FactReader) error {
	if n := r.Len(); n > 0 {
		f.tags = make([]tagUse, n)
		for i := range f.tags {
			f.tags[i] = tagUse{name: r.String(), at: r.Span()}
		}
	}
	return r.Close()
}
