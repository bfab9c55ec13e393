package rules

import (
	"fmt"
	"time"
)

// A file's result is kept by the result cache as bytes: its diagnostics
// (finished: positions and source lines included, the path left out), the
// facts its rules exported, its directives and which of them it used, and
// the diagnostics of the directives it left unused.

func appendDiagnostic(w *FactWriter, d *Diagnostic) {
	w.String(d.Rule)
	w.Int(int(d.Severity))
	w.String(d.Message)
	w.Int(d.Start)
	w.Int(d.End)
	w.Int(d.Line)
	w.Int(d.Column)
	w.Int(d.EndLine)
	w.Int(d.EndColumn)
	w.String(d.SourceLine)
	w.String(d.URL)
	w.Len(len(d.Fixes))
	for _, f := range d.Fixes {
		w.String(f.Message)
		w.Bool(f.Safe)
		w.Len(len(f.Edits))
		for _, e := range f.Edits {
			w.Int(e.Start)
			w.Int(e.End)
			w.String(e.NewText)
		}
	}
}

func readDiagnostic(r *FactReader, reg *Registry, path string) Diagnostic {
	d := Diagnostic{Path: path}
	d.Rule = r.String()
	if rule := reg.Rule(d.Rule); rule != nil {
		d.Rule = rule.Name // one copy of each name
	}
	d.Severity = Severity(r.Int())
	d.Message = r.String()
	d.Start, d.End = r.Int(), r.Int()
	d.Line, d.Column, d.EndLine, d.EndColumn = r.Int(), r.Int(), r.Int(), r.Int()
	d.SourceLine = r.String()
	d.URL = r.String()
	if n := r.Len(); n > 0 {
		d.Fixes = make([]Fix, n)
		for i := range d.Fixes {
			f := &d.Fixes[i]
			f.Message, f.Safe = r.String(), r.Bool()
			if m := r.Len(); m > 0 {
				f.Edits = make([]Edit, m)
				for j := range f.Edits {
					f.Edits[j] = Edit{Start: r.Int(), End: r.Int(), NewText: r.String()}
				}
			}
		}
	}
	return d
}

// appendResult encodes f, or says why it cannot be kept.
func appendResult(b []byte, f *fileResult) ([]byte, error) {
	w := FactWriter(b)
	w.Len(len(f.deps))
	for _, d := range f.deps {
		w.String(d.name)
		w.String(d.arg)
		w.String(d.value)
	}
	w.Len(len(f.diags))
	for i := range f.diags {
		appendDiagnostic(&w, &f.diags[i])
	}
	// alone is diags and the unused directives, sorted: keep the latter.
	unused := len(f.alone) - len(f.diags)
	w.Len(unused)
	if unused > 0 {
		for i := range f.alone {
			if f.alone[i].Rule == UnusedDirective.Name {
				appendDiagnostic(&w, &f.alone[i])
			}
		}
	}
	w.String(f.meta.Title)
	w.Bool(f.meta.HasDate)
	appendTime(&w, f.meta.Date.Time)
	w.Bool(f.meta.Date.Floating)
	w.Bool(f.meta.Date.DateOnly)
	w.Len(len(f.facts))
	for _, rf := range f.facts {
		var err error
		if w, err = appendFact(w, rf.rule, rf.fact); err != nil {
			return b, err
		}
	}
	var list []*directive
	if f.dirs != nil {
		list = f.dirs.list
	}
	w.Bool(f.dirs != nil)
	w.Len(len(list))
	for i, d := range list {
		w.Byte(byte(d.kind))
		w.Int(d.start)
		w.Int(d.end)
		w.Int(d.line)
		w.Bool(f.used[i])
		w.Len(len(d.rules))
		for _, r := range d.rules {
			w.String(r)
		}
	}
	return w, nil
}

// readResult decodes what appendResult wrote for the file at path. b is
// never changed afterwards (it is part of a result file read whole, or a
// result encoded this run): the strings of the result are slices of it.
func readResult(b []byte, reg *Registry, path string) (f *fileResult, err error) {
	r := NewSharedFactReader(b)
	f = &fileResult{path: path}
	if n := r.Len(); n > 0 {
		f.deps = make([]dep, n)
		for i := range f.deps {
			f.deps[i] = dep{r.String(), r.String(), r.String()}
		}
	}
	if n := r.Len(); n > 0 {
		f.diags = make([]Diagnostic, n)
		for i := range f.diags {
			f.diags[i] = readDiagnostic(r, reg, path)
		}
	}
	f.alone = f.diags
	if n := r.Len(); n > 0 {
		f.alone = make([]Diagnostic, len(f.diags), len(f.diags)+n)
		copy(f.alone, f.diags)
		for range n {
			f.alone = append(f.alone, readDiagnostic(r, reg, path))
		}
		SortDiagnostics(f.alone)
	}
	f.meta.Title, f.meta.HasDate = r.String(), r.Bool()
	f.meta.Date.Time = readTime(r)
	f.meta.Date.Floating, f.meta.Date.DateOnly = r.Bool(), r.Bool()
	if n := r.Len(); n > 0 {
		f.facts = make([]ruleFact, 0, n)
		var read readFacts
		for range n {
			rf, err := readFact(r, reg, &read)
			if err != nil {
				return nil, err
			}
			f.facts = append(f.facts, rf)
		}
	}
	if r.Bool() {
		f.dirs = &directives{}
	}
	if n := r.Len(); n > 0 {
		if f.dirs == nil {
			return nil, fmt.Errorf("directives of a file without any")
		}
		f.used = make([]bool, n)
		f.dirs.list = make([]*directive, n)
		for i := range n {
			d := &directive{kind: directiveKind(r.Byte()), start: r.Int(), end: r.Int(), line: r.Int()}
			f.used[i] = r.Bool()
			if m := r.Len(); m > 0 {
				d.rules = make([]string, m)
				for j := range d.rules {
					d.rules[j] = r.String()
				}
			}
			f.dirs.list[i] = d
		}
	}
	if err := r.Close(); err != nil {
		return nil, err
	}
	return f, nil
}

// appendTime keeps a time as its instant and its zone's name and offset:
// time.MarshalBinary would give back the machine's local zone for an
// offset that happens to be the local one.
func appendTime(w *FactWriter, t time.Time) {
	w.Bool(t.IsZero())
	if t.IsZero() {
		return
	}
	name, off := t.Zone()
	w.Int(int(t.Unix()))
	w.Int(t.Nanosecond())
	w.Bool(t.Location() == time.UTC)
	w.String(name)
	w.Int(off)
}

func readTime(r *FactReader) time.Time {
	if r.Bool() {
		return time.Time{}
	}
	sec, nsec, utc, name, off := r.Int(), r.Int(), r.Bool(), r.String(), r.Int()
	t := time.Unix(int64(sec), int64(nsec))
	if utc {
		return t.UTC()
	}
	return t.In(time.FixedZone(name, off))
}
