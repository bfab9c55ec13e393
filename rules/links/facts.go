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
	if fl.packed != nil {
		return append(b, fl.packed.enc...), nil
	}
	w := rules.FactWriter(b)
	appendFileLinks(&w, fl.links, nil, fl.headings, fl.anchors, fl.slug)
	return w, nil
}

// appendFileLinks writes a fileLinks of the links keep says yes to (all
// of them for a nil keep) and the rest.
func appendFileLinks(w *rules.FactWriter, links []link, keep func(link) bool, headings []heading, anchors []string, slug string) {
	appendLinks(w, links, keep)
	w.Len(len(headings))
	for _, h := range headings {
		w.String(h.raw)
		// Most headings render as written: keep one copy.
		w.Bool(h.text == h.raw)
		if h.text != h.raw {
			w.String(h.text)
		}
		w.String(h.id)
	}
	w.Len(len(anchors))
	for _, a := range anchors {
		w.String(a)
	}
	w.String(slug)
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
	if el.lazy != nil && el.lazy.enc != nil {
		w = append(w, el.lazy.enc...)
	} else {
		appendLinks(&w, el.list(), nil)
	}
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

// appendLinks writes the links keep says yes to, all of them for a nil
// keep, and returns how many it wrote. Their count comes first: they are
// written after it from a scratch buffer, so that keep is asked once.
func appendLinks(w *rules.FactWriter, links []link, keep func(link) bool) int {
	body := rules.FactWriter(packBufs.Get(0))
	defer func() { packBufs.Put(body) }()
	n := 0
	for _, l := range links {
		if keep != nil && !keep(l) {
			continue
		}
		n++
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
		body.Byte(flags)
		body.Int(l.start())
		body.Int(l.end())
		body.String(l.dest)
		textStart, textEnd := l.text()
		body.Int(textStart)
		body.Int(textEnd)
		frag, fragStart, fragEnd := l.fragment()
		body.String(frag)
		body.Int(fragStart)
		body.Int(fragEnd)
	}
	w.Len(n)
	*w = append(*w, body...)
	return n
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
