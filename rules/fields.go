package rules

import (
	"bytes"
	"encoding/json"
	"strings"

	"gopkg.in/yaml.v3"
)

// A Span is a byte range [start, end) of the file.
type Span struct{ Start, End int }

// ValueKind is the shape of a front-matter value.
type ValueKind int

const (
	Scalar ValueKind = iota
	Null
	List
	Mapping
)

// A Value is where a value of the front matter is in the file.
type Value struct {
	Span
	Kind ValueKind
	// Exact is set when end is the value's true end, so that a fix may
	// replace it; otherwise end is the end of the value's first line.
	Exact bool
	Quote byte   // '"' or '\'' for a quoted scalar, else 0
	Items []Item // the items of a list
	Flow  bool   // YAML: written [a, b] rather than as "- a" lines
}

type Item struct {
	Value
	Text string // the item as decoded: a tag's name
}

// A Field is one top-level key of the front matter.
type Field struct {
	Key     string
	KeySpan Span
	Value   Value
	// Colon is the offset just past the ":" (YAML) or "=" (TOML) after
	// the key when only blanks lie between it and the value; -1 if not.
	Colon int
	// KeyNode and ValueNode are yaml.v3's nodes of a YAML field (nil for
	// TOML and JSON): its style, and the text of a multi-line value.
	KeyNode, ValueNode *yaml.Node
}

// A FieldIndex gives the positions of the front matter's top-level keys,
// computed once per document from the yaml.v3 nodes the core decoded, or
// by a small scan of the TOML or JSON block, which has already decoded
// without error.
type FieldIndex struct {
	Fields []*Field
	ByKey  map[string]*Field // the last field of each key, as decoders keep it
	// Open is the line of the opening delimiter, where diagnostics about
	// missing keys go.
	Open Span
	// BlockIndent is the indentation of "- " items of the first block list
	// of a YAML front matter relative to its key, or -1 when none.
	BlockIndent int
	FlowLists   bool // a YAML front matter writes a list as [a, b]
	CRLF        bool
}

type fieldsKey struct{}

// Fields returns where the top-level keys of the front matter and their
// values are in the file, built once per document; nil when there is no
// front matter, or it is unclosed or did not decode.
func (d *Document) Fields() *FieldIndex {
	return d.Memo(fieldsKey{}, func() any { return buildIndex(d) }).(*FieldIndex)
}

func buildIndex(doc *Document) *FieldIndex {
	fm := doc.FrontMatter
	if fm == nil || fm.Unclosed || fm.Data == nil {
		return nil
	}
	x := &FieldIndex{BlockIndent: -1, Open: doc.FirstLine()}
	x.CRLF = x.Open.End < len(doc.Src) && doc.Src[x.Open.End] == '\r'
	switch fm.Format {
	case "yaml":
		x.yaml(doc)
	case "toml":
		s := &scanner{src: doc.Src, end: fm.End}
		x.Fields = s.toml(fm.Start)
	case "json":
		s := &scanner{src: doc.Src, end: fm.End}
		x.Fields = s.json(fm.Start)
	}
	x.ByKey = make(map[string]*Field, len(x.Fields))
	for _, f := range x.Fields {
		x.ByKey[f.Key] = f
	}
	return x
}

// ValueSpan is what a diagnostic about a field's value underlines: the
// value when it starts on the key's line (up to that line's end), else
// the key (a block list, mapping or scalar starts on the next line).
func (d *Document) ValueSpan(f *Field) (start, end int) {
	keyLine, _ := d.Lines.Position(f.KeySpan.Start)
	if line, _ := d.Lines.Position(f.Value.Start); line == keyLine {
		end := f.Value.End
		if endLine, _ := d.Lines.Position(end); endLine != keyLine {
			end = d.Lines.LineEnd(d.Src, keyLine)
		}
		return f.Value.Start, end
	}
	return f.KeySpan.Start, f.KeySpan.End
}

// FirstLine is the first line of the file that is not blank, without its
// line break: where front matter opens (site generators skip blank lines
// before it), and where diagnostics about a missing key go.
func (d *Document) FirstLine() Span {
	for line := 1; line <= d.Lines.Lines(); line++ {
		start, end := d.Lines.LineStart(line), d.Lines.LineEnd(d.Src, line)
		if len(bytes.TrimSpace(d.Src[start:end])) > 0 {
			return Span{start, end}
		}
	}
	return Span{0, 0}
}

func (x *FieldIndex) yaml(doc *Document) {
	fm := doc.FrontMatter
	if fm.Node == nil || len(fm.Node.Content) == 0 || fm.Node.Content[0].Kind != yaml.MappingNode {
		return
	}
	root := fm.Node.Content[0]
	// The fields in one allocation, and their list in another.
	fields := make([]Field, len(root.Content)/2)
	x.Fields = make([]*Field, 0, len(fields))
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		ks := doc.NodeOffset(k.Line, k.Column)
		f := &fields[i/2]
		*f = Field{Key: k.Value, KeySpan: Span{ks, scalarEnd(doc.Src, ks, k, false).End}, Colon: -1, KeyNode: k, ValueNode: v}
		f.Value = yamlValue(doc, v, false)
		if f.Value.Kind == Null && v.Value == "" && v.Tag == "!!null" {
			// "tags:" with nothing after it: yaml.v3 places the null
			// node at the next token; the value is just after the key.
			f.Value = Value{Span: Span{f.KeySpan.End, f.KeySpan.End}, Kind: Null, Exact: true}
		}
		// Only ":" and blanks between the key and its value.
		p := f.KeySpan.End
		for p < f.Value.Start && (doc.Src[p] == ' ' || doc.Src[p] == '\t') {
			p++
		}
		if p < f.Value.Start && doc.Src[p] == ':' {
			q := p + 1
			for q < f.Value.Start && (doc.Src[q] == ' ' || doc.Src[q] == '\t') {
				q++
			}
			if q == f.Value.Start {
				f.Colon = p + 1
			}
		}
		if v.Kind == yaml.SequenceNode {
			if v.Style&yaml.FlowStyle != 0 {
				x.FlowLists = true
			} else if x.BlockIndent < 0 && len(v.Content) > 0 {
				x.BlockIndent = max(0, v.Column-k.Column)
			}
		}
		x.Fields = append(x.Fields, f)
	}
}

func yamlValue(doc *Document, n *yaml.Node, inFlow bool) Value {
	start := doc.NodeOffset(n.Line, n.Column)
	switch n.Kind {
	case yaml.ScalarNode:
		v := scalarEnd(doc.Src, start, n, inFlow)
		if n.Tag == "!!null" {
			v.Kind = Null
		}
		return v
	case yaml.SequenceNode:
		flow := n.Style&yaml.FlowStyle != 0
		v := Value{Span: Span{start, doc.Lines.LineEnd(doc.Src, n.Line)}, Kind: List, Flow: flow}
		for _, c := range n.Content {
			it := Item{Value: yamlValue(doc, c, inFlow || flow)}
			if c.Kind == yaml.ScalarNode && c.Tag != "!!null" {
				it.Text = c.Value
			}
			v.Items = append(v.Items, it)
		}
		if flow {
			if end, ok := flowEnd(doc.Src, start, doc.FrontMatter.End); ok {
				v.End, v.Exact = end, true
			}
		} else if len(v.Items) > 0 {
			v.End = v.Items[len(v.Items)-1].End
		}
		return v
	case yaml.MappingNode:
		return Value{Span: Span{start, doc.Lines.LineEnd(doc.Src, n.Line)}, Kind: Mapping}
	}
	// An alias: only its first line is known.
	return Value{Span: Span{start, doc.Lines.LineEnd(doc.Src, n.Line)}}
}

// scalarEnd finds the end of the YAML scalar that starts at start. It is
// exact for scalars on one line; a scalar that goes on to later lines gets
// the end of its first line.
func scalarEnd(src []byte, start int, n *yaml.Node, inFlow bool) Value {
	lineEnd := start
	for lineEnd < len(src) && src[lineEnd] != '\n' {
		lineEnd++
	}
	if lineEnd > start && src[lineEnd-1] == '\r' {
		lineEnd--
	}
	v := Value{Span: Span{start, lineEnd}, Kind: Scalar}
	switch n.Style &^ yaml.FlowStyle {
	case yaml.DoubleQuotedStyle:
		v.Quote = '"'
		for p := start + 1; p < lineEnd; p++ {
			if src[p] == '\\' {
				p++
			} else if src[p] == '"' {
				v.End, v.Exact = p+1, true
				break
			}
		}
	case yaml.SingleQuotedStyle:
		v.Quote = '\''
		for p := start + 1; p < lineEnd; p++ {
			if src[p] == '\'' {
				if p+1 < lineEnd && src[p+1] == '\'' {
					p++
					continue
				}
				v.End, v.Exact = p+1, true
				break
			}
		}
	case yaml.LiteralStyle, yaml.FoldedStyle:
		// A block scalar: its text is on the following lines.
	default:
		end := start
		for end < lineEnd {
			c := src[end]
			if inFlow && (c == ',' || c == ']' || c == '}') {
				break
			}
			if c == '#' && end > start && (src[end-1] == ' ' || src[end-1] == '\t') {
				break
			}
			if c == ':' && (end+1 == lineEnd || src[end+1] == ' ' || src[end+1] == '\t') {
				break // a key's end
			}
			end++
		}
		for end > start && (src[end-1] == ' ' || src[end-1] == '\t') {
			end--
		}
		v.End = end
		// A plain scalar that folds in later lines has a longer value.
		v.Exact = string(src[start:end]) == n.Value
	}
	return v
}

// flowEnd returns the offset just past the "]" or "}" that closes the
// flow collection opening at start, skipping quoted strings and comments.
func flowEnd(src []byte, start, limit int) (int, bool) {
	depth := 0
	for p := start; p < limit; p++ {
		switch c := src[p]; c {
		case '[', '{':
			depth++
		case ']', '}':
			depth--
			if depth == 0 {
				return p + 1, true
			}
		case '"':
			for p++; p < limit && src[p] != '"'; p++ {
				if src[p] == '\\' {
					p++
				}
			}
		case '\'':
			for p++; p < limit; p++ {
				if src[p] == '\'' {
					if p+1 < limit && src[p+1] == '\'' {
						p++
						continue
					}
					break
				}
			}
		case '#':
			if p > start && (src[p-1] == ' ' || src[p-1] == '\t' || src[p-1] == '\n') {
				for p < limit && src[p] != '\n' {
					p++
				}
			}
		}
	}
	return 0, false
}

// A scanner finds the top-level keys of a TOML or JSON block, with the
// spans of their values and of list items. It runs only on blocks that
// decoded without error, so it need not diagnose anything; it stays
// within the block whatever it meets.
type scanner struct {
	src []byte
	end int // end of the block
	p   int
}

func (s *scanner) at(c byte) bool { return s.p < s.end && s.src[s.p] == c }

func (s *scanner) has(prefix string) bool {
	return s.p+len(prefix) <= s.end && string(s.src[s.p:s.p+len(prefix)]) == prefix
}

func (s *scanner) blanks() {
	for s.p < s.end && (s.src[s.p] == ' ' || s.src[s.p] == '\t') {
		s.p++
	}
}

// space skips blanks, line ends and, for TOML, comments.
func (s *scanner) space(comments bool) {
	for s.p < s.end {
		switch c := s.src[s.p]; {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			s.p++
		case c == '#' && comments:
			s.toEOL()
		default:
			return
		}
	}
}

func (s *scanner) toEOL() {
	for s.p < s.end && s.src[s.p] != '\n' {
		s.p++
	}
}

// table scans an inline table or object from its "{" to the matching
// "}", skipping strings, which open with one of quotes, with str.
func (s *scanner) table(start int, quotes string, str func()) Value {
	depth := 0
	for s.p < s.end {
		c := s.src[s.p]
		if strings.IndexByte(quotes, c) >= 0 {
			str()
			continue
		}
		s.p++
		if c == '{' {
			depth++
		} else if c == '}' {
			if depth--; depth == 0 {
				break
			}
		}
	}
	return Value{Span: Span{start, s.p}, Kind: Mapping, Exact: true}
}

// toml scans the top-level "key = value" lines of a TOML block, up to its
// first [table] header.
func (s *scanner) toml(start int) []*Field {
	var fields []*Field
	s.p = start
	for {
		s.space(true)
		if s.p >= s.end || s.at('[') {
			return fields
		}
		ks := s.p
		var key string
		switch {
		case s.at('"') || s.at('\''):
			v := s.tomlString()
			key = unquoteTOML(s.src[v.Start:v.End])
		default:
			for s.p < s.end && isBareKey(s.src[s.p]) {
				s.p++
			}
			key = string(s.src[ks:s.p])
		}
		ke := s.p
		s.blanks()
		dotted := s.at('.')
		for s.p < s.end && s.src[s.p] != '=' && s.src[s.p] != '\n' {
			s.p++
		}
		if !s.at('=') || ke == ks {
			s.toEOL()
			continue
		}
		s.p++
		colon := s.p // TOML values start on the line of their key
		s.blanks()
		v := s.tomlValue(false)
		if !dotted { // a.b = 1 sets a key of table a
			fields = append(fields, &Field{Key: key, KeySpan: Span{ks, ke}, Value: v, Colon: colon})
		}
		s.blanks()
		s.toEOL()
	}
}

func isBareKey(c byte) bool {
	return c == '_' || c == '-' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func (s *scanner) tomlValue(inArray bool) Value {
	start := s.p
	switch {
	case s.at('"') || s.at('\''):
		return s.tomlString()
	case s.at('['):
		v := Value{Span: Span{start, start}, Kind: List, Flow: true}
		s.p++
		for {
			s.space(true)
			if s.p >= s.end {
				v.End = s.p
				return v
			}
			if s.at(']') {
				s.p++
				v.End, v.Exact = s.p, true
				return v
			}
			it := Item{Value: s.tomlValue(true)}
			if it.Kind == Scalar && it.Quote != 0 {
				it.Text = unquoteTOML(s.src[it.Start:it.End])
			} else if it.Kind == Scalar {
				it.Text = string(s.src[it.Start:it.End])
			}
			v.Items = append(v.Items, it)
			s.space(true)
			if s.at(',') {
				s.p++
			}
		}
	case s.at('{'):
		return s.table(start, `"'`, func() { s.tomlString() })
	}
	// A number, boolean or date: up to a separator or comment.
	for s.p < s.end {
		c := s.src[s.p]
		if c == '\n' || c == '\r' || c == '#' || inArray && (c == ',' || c == ']') {
			break
		}
		s.p++
	}
	end := s.p
	for end > start && (s.src[end-1] == ' ' || s.src[end-1] == '\t') {
		end--
	}
	return Value{Span: Span{start, end}, Kind: Scalar, Exact: true}
}

// tomlString scans a basic, literal or multi-line TOML string.
func (s *scanner) tomlString() Value {
	start := s.p
	q := s.src[s.p]
	v := Value{Span: Span{start, start}, Kind: Scalar, Quote: q}
	delim := string([]byte{q})
	if s.has(delim + delim + delim) {
		delim += delim + delim
	}
	s.p += len(delim)
	for s.p < s.end {
		if q == '"' && s.src[s.p] == '\\' {
			s.p += 2
			continue
		}
		if s.has(delim) {
			s.p += len(delim)
			// """a"""" is allowed: up to two quotes may end the string.
			for i := 0; i < 2 && len(delim) == 3 && s.at(q); i++ {
				s.p++
			}
			v.End, v.Exact = s.p, true
			return v
		}
		if len(delim) == 1 && s.src[s.p] == '\n' {
			break
		}
		s.p++
	}
	s.p = min(s.p, s.end)
	v.End = s.p
	return v
}

// unquoteTOML returns the text of a one-line TOML string.
func unquoteTOML(b []byte) string {
	if len(b) < 2 {
		return string(b)
	}
	if b[0] == '\'' {
		return string(b[1 : len(b)-1])
	}
	// TOML basic strings escape as JSON does, plus \e and \UXXXXXXXX,
	// which tag names do not use; fall back to the raw text if unsure.
	var s string
	if json.Unmarshal(b, &s) == nil {
		return s
	}
	return string(b[1 : len(b)-1])
}

// json scans the members of the top-level JSON object.
func (s *scanner) json(start int) []*Field {
	var fields []*Field
	s.p = start
	s.space(false)
	if !s.at('{') {
		return nil
	}
	s.p++
	for {
		s.space(false)
		if s.p >= s.end || !s.at('"') {
			return fields
		}
		k := s.jsonValue()
		var key string
		_ = json.Unmarshal(s.src[k.Start:k.End], &key)
		s.space(false)
		if !s.at(':') {
			return fields
		}
		s.p++
		colon := s.p
		s.space(false)
		if s.p != colon && bytes.ContainsAny(s.src[colon:s.p], "\r\n") {
			colon = -1
		}
		v := s.jsonValue()
		fields = append(fields, &Field{Key: key, KeySpan: k.Span, Value: v, Colon: colon})
		s.space(false)
		if s.at(',') {
			s.p++
		}
	}
}

func (s *scanner) jsonValue() Value {
	start := s.p
	switch {
	case s.at('"'):
		for s.p++; s.p < s.end && s.src[s.p] != '"'; s.p++ {
			if s.src[s.p] == '\\' {
				s.p++
			}
		}
		s.p = min(s.p+1, s.end)
		return Value{Span: Span{start, s.p}, Kind: Scalar, Quote: '"', Exact: true}
	case s.at('['):
		v := Value{Span: Span{start, start}, Kind: List, Flow: true}
		s.p++
		for {
			s.space(false)
			if s.p >= s.end || s.at(']') {
				s.p = min(s.p+1, s.end)
				v.End, v.Exact = s.p, true
				return v
			}
			it := Item{Value: s.jsonValue()}
			if it.Kind == Scalar {
				raw := s.src[it.Start:it.End]
				if it.Quote != 0 {
					_ = json.Unmarshal(raw, &it.Text)
				} else {
					it.Text = string(raw)
				}
			}
			v.Items = append(v.Items, it)
			s.space(false)
			if s.at(',') {
				s.p++
			} else if !s.at(']') {
				s.p = s.end // cannot happen in valid JSON
			}
		}
	case s.at('{'):
		return s.table(start, `"`, func() { s.jsonValue() })
	}
	for s.p < s.end && strings.IndexByte(",]} \t\r\n", s.src[s.p]) < 0 {
		s.p++
	}
	k := Scalar
	if string(s.src[start:s.p]) == "null" {
		k = Null
	}
	return Value{Span: Span{start, s.p}, Kind: k, Exact: true}
}
