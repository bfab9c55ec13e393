package links

import "github.com/postlint/postlint/rules"

// fileLinks and extLinks encode themselves for the result cache (see
// rules.FactWriter). A field added to link, heading, fileLinks or
// extLinks must be added here too, or the cache loses it
// (TestFactsRoundTrip in rules says so).

// The booleans of a link, in one byte with its kind.
const (
	linkExact = 1 << iota
	linkPlain
	linkHTML
	linkKindShift = 4
)

func (fl *fileLinks) AppendBinary(b []byte) ([]byte, error) {
	w := rules.FactWriter(b)
	appendLinks(&w, fl.links)
	w.Len(len(fl.headings))
	for _, h := range fl.headings {
		w.String(h.raw)
		// Most headings render as written: keep one copy.
		w.Bool(h.text == h.raw)
		if h.text != h.raw {
			w.String(h.text)
		}
		w.String(h.id)
	}
	w.Len(len(fl.anchors))
	for _, a := range fl.anchors {
		w.String(a)
	}
	w.String(fl.slug)
	return w, nil
}

func (fl *fileLinks) UnmarshalBinary(b []byte) error {
	return fl.DecodeFact(rules.NewFactReader(b))
}

// DecodeFact is UnmarshalBinary from a reader (see rules.FactDecoder).
func (fl *fileLinks) DecodeFact(r *rules.FactReader) error {
	fl.links = decodeLinks(r)
	if n := r.Len(); n > 0 {
		fl.headings = make([]heading, n)
		for i := range fl.headings {
			h := &fl.headings[i]
			h.raw = r.String()
			h.text = h.raw
			if !r.Bool() {
				h.text = r.String()
			}
			h.id = r.String()
		}
	}
	if n := r.Len(); n > 0 {
		fl.anchors = make([]string, n)
		for i := range fl.anchors {
			fl.anchors[i] = r.String()
		}
	}
	fl.slug = r.String()
	return r.Close()
}

func (el *extLinks) AppendBinary(b []byte) ([]byte, error) {
	w := rules.FactWriter(b)
	appendLinks(&w, el.list())
	w.String(el.date)
	return w, nil
}

func (el *extLinks) UnmarshalBinary(b []byte) error {
	return el.DecodeFact(rules.NewFactReader(b))
}

// DecodeFact is UnmarshalBinary from a reader (see rules.FactDecoder).
// From the result file's bytes, which never change, the links are only
// checked now and decoded when asked for: an offline run with no link
// verdicts never reads them, and they were 5% of a warm run's CPU time.
func (el *extLinks) DecodeFact(r *rules.FactReader) error {
	*el = extLinks{}
	if r.Aliases() {
		at := r.Fork()
		if skipLinks(r) > 0 {
			el.lazy = &lazyLinks{r: at}
		}
	} else {
		el.links = decodeLinks(r)
	}
	el.date = r.String()
	return r.Close()
}

// skipLinks reads what appendLinks wrote without making anything of it,
// and returns how many links it read.
func skipLinks(r *rules.FactReader) int {
	n := r.Len()
	for range n {
		r.Byte()
		r.Int()
		r.Int()
		r.Skip()
		r.Int()
		r.Int()
		r.Skip()
		r.Int()
		r.Int()
	}
	return n
}

func appendLinks(w *rules.FactWriter, links []link) {
	w.Len(len(links))
	for _, l := range links {
		flags := byte(l.kind) << linkKindShift
		if l.exact {
			flags |= linkExact
		}
		if l.plain {
			flags |= linkPlain
		}
		if l.html {
			flags |= linkHTML
		}
		w.Byte(flags)
		w.Int(l.start())
		w.Int(l.end())
		w.String(l.dest)
		textStart, textEnd := l.text()
		w.Int(textStart)
		w.Int(textEnd)
		frag, fragStart, fragEnd := l.fragment()
		w.String(frag)
		w.Int(fragStart)
		w.Int(fragEnd)
	}
}

// decodeLinks reads what appendLinks wrote: nil for no link.
func decodeLinks(r *rules.FactReader) []link {
	n := r.Len()
	if n == 0 {
		return nil
	}
	links := make([]link, n)
	// The links' linkMores, in one allocation rather than one each (5% of
	// the CPU time of a warm run): made at the first, with room for one a
	// link left, so that it never grows and moves those before.
	var mores []linkMore
	for i := range links {
		flags := r.Byte()
		start, end, dest := r.Int(), r.Int(), r.String()
		l := newLink(linkKind(flags>>linkKindShift), start, end, dest)
		l.exact, l.plain, l.html = flags&linkExact != 0, flags&linkPlain != 0, flags&linkHTML != 0
		textStart, textEnd := r.Int(), r.Int()
		frag, fragStart, fragEnd := r.String(), r.Int(), r.Int()
		m := linkMore{}
		if l.more != nil {
			m = *l.more
		}
		m.textStart, m.textEnd, m.frag, m.fragStart, m.fragEnd = textStart, textEnd, frag, fragStart, fragEnd
		l.more = nil
		if m != (linkMore{}) {
			if mores == nil {
				mores = make([]linkMore, 0, n-i)
			}
			mores = append(mores, m)
			l.more = &mores[len(mores)-1]
		}
		links[i] = l
	}
	return links
}
