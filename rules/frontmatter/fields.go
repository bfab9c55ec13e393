package frontmatter

import (
	"bytes"
	"encoding/json"

	"gopkg.in/yaml.v3"

	"github.com/postlint/postlint/rules"
)

// A span is a byte range [start, end) of the file.
type span struct{ start, end int }

// kind is the shape of a front-matter value.
type kind int

const (
	scalar kind = iota
	null
	list
	mapping
)

// A value is where a value of the front matter is in the file.
type value struct {
	span
	kind kind
	// exact is set when end is the value's true end, so that a fix may
	// replace it; otherwise end is the end of the value's first line.
	exact bool
	quote byte   // '"' or '\'' for a quoted scalar, else 0
	items []item // the items of a list
	flow  bool   // YAML: written [a, b] rather than as "- a" lines
}

type item struct {
	value
	text string // the item as decoded: a tag's name
}

// A field is one top-level key of the front matter.
type field struct {
	key    string
	keyPos span
	val    value
	// colon is the offset just past the ":" (YAML) or "=" (TOML) after
	// the key when only blanks lie between it and the value; -1 if not.
	colon int
}

// An index gives the positions of the front matter's top-level keys,
// computed once per document from the yaml.v3 nodes the core decoded, or
// by a small scan of the TOML or JSON block, which has already decoded
// without error.
type index struct {
	fields []*field
	byKey  map[string]*field // the last field of each key, as decoders keep it
	// open is the line of the opening delimiter, where diagnostics about
	// missing keys go.
	open span
	// blockIndent is the indentation of "- " items of the first block list
	// of a YAML front matter relative to its key, or -1 when none.
	blockIndent int
	flowLists   bool // a YAML front matter writes a list as [a, b]
	crlf        bool
}

type indexKey struct{}

// fieldIndex returns the index of doc's front matter, or nil when it has
// none, or one that is unclosed or did not decode.
func fieldIndex(doc *rules.Document) *index {
	return doc.Memo(indexKey{}, func() any { return buildIndex(doc) }).(*index)
}

func buildIndex(doc *rules.Document) *index {
	fm := doc.FrontMatter
	if fm == nil || fm.Unclosed || fm.Data == nil {
		return nil
	}
	x := &index{byKey: map[string]*field{}, blockIndent: -1, open: openLine(doc)}
	x.crlf = x.open.end < len(doc.Src) && doc.Src[x.open.end] == '\r'
	switch fm.Format {
	case "yaml":
		x.yaml(doc)
	case "toml":
		s := &scanner{src: doc.Src, end: fm.End}
		x.fields = s.toml(fm.Start)
	case "json":
		s := &scanner{src: doc.Src, end: fm.End}
		x.fields = s.json(fm.Start)
	}
	for _, f := range x.fields {
		x.byKey[f.key] = f
	}
	return x
}

// openLine is the first line of the file that is not blank: where the
// front matter opens (site generators skip blank lines before it).
func openLine(doc *rules.Document) span {
	for line := 1; line <= doc.Lines.Lines(); line++ {
		start, end := doc.Lines.LineStart(line), doc.Lines.LineEnd(doc.Src, line)
		if len(bytes.TrimSpace(doc.Src[start:end])) > 0 {
			return span{start, end}
		}
	}
	return span{0, 0}
}

func (x *index) yaml(doc *rules.Document) {
	fm := doc.FrontMatter
	if fm.Node == nil || len(fm.Node.Content) == 0 || fm.Node.Content[0].Kind != yaml.MappingNode {
		return
	}
	root := fm.Node.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		ks := doc.NodeOffset(k.Line, k.Column)
		f := &field{key: k.Value, keyPos: span{ks, scalarEnd(doc.Src, ks, k, false).end}, colon: -1}
		f.val = yamlValue(doc, v, false)
		if f.val.kind == null && v.Value == "" && v.Tag == "!!null" {
			// "tags:" with nothing after it: yaml.v3 places the null
			// node at the next token; the value is just after the key.
			f.val = value{span: span{f.keyPos.end, f.keyPos.end}, kind: null, exact: true}
		}
		// Only ":" and blanks between the key and its value.
		p := f.keyPos.end
		for p < f.val.start && (doc.Src[p] == ' ' || doc.Src[p] == '\t') {
			p++
		}
		if p < f.val.start && doc.Src[p] == ':' {
			q := p + 1
			for q < f.val.start && (doc.Src[q] == ' ' || doc.Src[q] == '\t') {
				q++
			}
			if q == f.val.start {
				f.colon = p + 1
			}
		}
		if v.Kind == yaml.SequenceNode {
			if v.Style&yaml.FlowStyle != 0 {
				x.flowLists = true
			} else if x.blockIndent < 0 && len(v.Content) > 0 {
				x.blockIndent = max(0, v.Column-k.Column)
			}
		}
		x.fields = append(x.fields, f)
	}
}

func yamlValue(doc *rules.Document, n *yaml.Node, inFlow bool) value {
	start := doc.NodeOffset(n.Line, n.Column)
	switch n.Kind {
	case yaml.ScalarNode:
		v := scalarEnd(doc.Src, start, n, inFlow)
		if n.Tag == "!!null" {
			v.kind = null
		}
		return v
	case yaml.SequenceNode:
		flow := n.Style&yaml.FlowStyle != 0
		v := value{span: span{start, doc.Lines.LineEnd(doc.Src, n.Line)}, kind: list, flow: flow}
		for _, c := range n.Content {
			it := item{value: yamlValue(doc, c, inFlow || flow)}
			if c.Kind == yaml.ScalarNode && c.Tag != "!!null" {
				it.text = c.Value
			}
			v.items = append(v.items, it)
		}
		if flow {
			if end, ok := flowEnd(doc.Src, start, doc.FrontMatter.End); ok {
				v.end, v.exact = end, true
			}
		} else if len(v.items) > 0 {
			v.end = v.items[len(v.items)-1].end
		}
		return v
	case yaml.MappingNode:
		return value{span: span{start, doc.Lines.LineEnd(doc.Src, n.Line)}, kind: mapping}
	}
	// An alias: only its first line is known.
	return value{span: span{start, doc.Lines.LineEnd(doc.Src, n.Line)}}
}

// scalarEnd finds the end of the YAML scalar that starts at start. It is
// exact for scalars on one line; a scalar that goes on to later lines gets
// the end of its first line.
func scalarEnd(src []byte, start int, n *yaml.Node, inFlow bool) value {
	lineEnd := start
	for lineEnd < len(src) && src[lineEnd] != '\n' {
		lineEnd++
	}
	if lineEnd > start && src[lineEnd-1] == '\r' {
		lineEnd--
	}
	v := value{span: span{start, lineEnd}, kind: scalar}
	switch n.Style &^ yaml.FlowStyle {
	case yaml.DoubleQuotedStyle:
		v.quote = '"'
		for p := start + 1; p < lineEnd; p++ {
			if src[p] == '\\' {
				p++
			} else if src[p] == '"' {
				v.end, v.exact = p+1, true
				break
			}
		}
	case yaml.SingleQuotedStyle:
		v.quote = '\''
		for p := start + 1; p < lineEnd; p++ {
			if src[p] == '\'' {
				if p+1 < lineEnd && src[p+1] == '\'' {
					p++
					continue
				}
				v.end, v.exact = p+1, true
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
		v.end = end
		// A plain scalar that folds in later lines has a longer value.
		v.exact = string(src[start:end]) == n.Value
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

// toml scans the top-level "key = value" lines of a TOML block, up to its
// first [table] header.
func (s *scanner) toml(start int) []*field {
	var fields []*field
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
			key = unquoteTOML(s.src[v.start:v.end])
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
			fields = append(fields, &field{key: key, keyPos: span{ks, ke}, val: v, colon: colon})
		}
		s.blanks()
		s.toEOL()
	}
}

func isBareKey(c byte) bool {
	return c == '_' || c == '-' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func (s *scanner) tomlValue(inArray bool) value {
	start := s.p
	switch {
	case s.at('"') || s.at('\''):
		return s.tomlString()
	case s.at('['):
		v := value{span: span{start, start}, kind: list, flow: true}
		s.p++
		for {
			s.space(true)
			if s.p >= s.end {
				v.end = s.p
				return v
			}
			if s.at(']') {
				s.p++
				v.end, v.exact = s.p, true
				return v
			}
			it := item{value: s.tomlValue(true)}
			if it.kind == scalar && it.quote != 0 {
				it.text = unquoteTOML(s.src[it.start:it.end])
			} else if it.kind == scalar {
				it.text = string(s.src[it.start:it.end])
			}
			v.items = append(v.items, it)
			s.space(true)
			if s.at(',') {
				s.p++
			}
		}
	case s.at('{'):
		depth := 0
		for s.p < s.end {
			c := s.src[s.p]
			if c == '"' || c == '\'' {
				s.tomlString()
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
		return value{span: span{start, s.p}, kind: mapping, exact: true}
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
	return value{span: span{start, end}, kind: scalar, exact: true}
}

// tomlString scans a basic, literal or multi-line TOML string.
func (s *scanner) tomlString() value {
	start := s.p
	q := s.src[s.p]
	v := value{span: span{start, start}, kind: scalar, quote: q}
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
			v.end, v.exact = s.p, true
			return v
		}
		if len(delim) == 1 && s.src[s.p] == '\n' {
			break
		}
		s.p++
	}
	s.p = min(s.p, s.end)
	v.end = s.p
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
func (s *scanner) json(start int) []*field {
	var fields []*field
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
		_ = json.Unmarshal(s.src[k.start:k.end], &key)
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
		fields = append(fields, &field{key: key, keyPos: k.span, val: v, colon: colon})
		s.space(false)
		if s.at(',') {
			s.p++
		}
	}
}

func (s *scanner) jsonValue() value {
	start := s.p
	switch {
	case s.at('"'):
		for s.p++; s.p < s.end && s.src[s.p] != '"'; s.p++ {
			if s.src[s.p] == '\\' {
				s.p++
			}
		}
		s.p = min(s.p+1, s.end)
		return value{span: span{start, s.p}, kind: scalar, quote: '"', exact: true}
	case s.at('['):
		v := value{span: span{start, start}, kind: list, flow: true}
		s.p++
		for {
			s.space(false)
			if s.p >= s.end || s.at(']') {
				s.p = min(s.p+1, s.end)
				v.end, v.exact = s.p, true
				return v
			}
			it := item{value: s.jsonValue()}
			if it.kind == scalar {
				raw := s.src[it.start:it.end]
				if it.quote != 0 {
					_ = json.Unmarshal(raw, &it.text)
				} else {
					it.text = string(raw)
				}
			}
			v.items = append(v.items, it)
			s.space(false)
			if s.at(',') {
				s.p++
			} else if !s.at(']') {
				s.p = s.end // cannot happen in valid JSON
			}
		}
	case s.at('{'):
		depth := 0
		for s.p < s.end {
			c := s.src[s.p]
			if c == '"' {
				s.jsonValue()
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
		return value{span: span{start, s.p}, kind: mapping, exact: true}
	}
	for s.p < s.end && !bytes.ContainsRune([]byte(",]} \t\r\n"), rune(s.src[s.p])) {
		s.p++
	}
	k := scalar
	if string(s.src[start:s.p]) == "null" {
		k = null
	}
	return value{span: span{start, s.p}, kind: k, exact: true}
}
