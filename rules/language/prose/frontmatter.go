package prose

import (
	"bytes"

	"gopkg.in/yaml.v3"

	"github.com/postlint/postlint/rules"
)

// proseKeys are the front-matter fields that are prose.
var proseKeys = map[string]bool{"title": true, "description": true, "summary": true}

// frontMatter adds the prose fields of the front matter, each a block of
// its own. The text is taken from the file as it is, between the quotes
// of a quoted value, so offsets stay true; a value with escapes keeps them,
// and the chunk holding a backslash yields no words.
func (b *builder) frontMatter(doc *rules.Document) {
	fm := doc.FrontMatter
	if fm == nil || fm.Unclosed || fm.Err != nil {
		return
	}
	switch fm.Format {
	case "yaml":
		b.yamlFields(doc)
	case "toml":
		b.tomlFields(fm.Start, fm.End)
	case "json":
		b.jsonFields(fm.Start, fm.End)
	}
}

func (b *builder) yamlFields(doc *rules.Document) {
	fm := doc.FrontMatter
	if fm.Node == nil || len(fm.Node.Content) == 0 || fm.Node.Content[0].Kind != yaml.MappingNode {
		return
	}
	root := fm.Node.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if !proseKeys[k.Value] || v.Kind != yaml.ScalarNode || v.ShortTag() != "!!str" || v.Line < 1 {
			continue
		}
		end := fm.End // the value ends before the next key
		if i+2 < len(root.Content) && root.Content[i+2].Line > v.Line {
			end = min(end, doc.Lines.LineStart(root.Content[i+2].Line))
		}
		start := doc.NodeOffset(v.Line, v.Column)
		if start < fm.Start || start >= end {
			continue
		}
		b.startBlock(start)
		switch {
		case v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
			b.blockScalar(doc, v.Line+1, end, k.Column)
		case v.Style&yaml.DoubleQuotedStyle != 0:
			b.quoted(start+1, end, '"')
		case v.Style&yaml.SingleQuotedStyle != 0:
			b.quoted(start+1, end, '\'')
		default:
			b.plain(start, end, root.Style&yaml.FlowStyle != 0)
		}
	}
}

// lines calls f with the start and end (without the line break) of each
// line of src[start:end].
func lines(src []byte, start, end int, f func(ls, le int) bool) {
	for ls := start; ls < end; {
		le := ls + bytes.IndexByte(src[ls:end], '\n')
		next := le + 1
		if le < ls {
			le, next = end, end
		}
		if le > ls && src[le-1] == '\r' {
			le--
		}
		if !f(ls, le) {
			return
		}
		ls = next
	}
}

// plain adds a plain scalar: lines up to the next key, each up to a
// comment, or in a flow mapping ({title: x, date: y}) up to a ',' or '}'.
func (b *builder) plain(start, end int, flow bool) {
	first := true
	lines(b.src, start, end, func(ls, le int) bool {
		cut := le
		for i := ls; i < le; i++ {
			c := b.src[i]
			if c == '#' && (i == ls || b.src[i-1] == ' ' || b.src[i-1] == '\t') || flow && (c == ',' || c == '}' || c == ']') {
				cut = i
				break
			}
		}
		if !first {
			b.addAs("\n", ls, ls)
		}
		first = false
		b.add(ls, cut)
		return true
	})
}

// quoted adds a quoted scalar up to its closing quote.
func (b *builder) quoted(start, end int, q byte) {
	src := b.src
	for i := start; i < end; i++ {
		switch {
		case q == '"' && src[i] == '\\':
			i++
		case src[i] == q && q == '\'' && i+1 < end && src[i+1] == '\'':
			i++
		case src[i] == q:
			b.add(start, i)
			return
		}
	}
}

// blockScalar adds the lines of a literal or folded scalar, which are
// indented deeper than its key.
func (b *builder) blockScalar(doc *rules.Document, line, end, keyCol int) {
	if line > doc.Lines.Lines() {
		return
	}
	lines(b.src, doc.Lines.LineStart(line), end, func(ls, le int) bool {
		indent := 0
		for ls+indent < le && b.src[ls+indent] == ' ' {
			indent++
		}
		if ls+indent < le && indent < keyCol { // less indented: the scalar is over
			return false
		}
		b.add(ls, le)
		b.addAs("\n", le, le)
		return true
	})
}

// tomlFields finds `key = "value"` lines of the top-level table.
func (b *builder) tomlFields(start, end int) {
	src := b.src
	lines(src, start, end, func(ls, le int) bool {
		i := ls
		for i < le && (src[i] == ' ' || src[i] == '\t') {
			i++
		}
		if i < le && src[i] == '[' { // a table: no longer top level
			return false
		}
		k := i
		for k < le && (src[k] >= 'a' && src[k] <= 'z') {
			k++
		}
		key := src[i:k]
		for k < le && (src[k] == ' ' || src[k] == '\t') {
			k++
		}
		if !proseKeys[string(key)] || k >= le || src[k] != '=' {
			return true
		}
		k++
		for k < le && (src[k] == ' ' || src[k] == '\t') {
			k++
		}
		if k >= le || src[k] != '"' && src[k] != '\'' || bytes.HasPrefix(src[k:le], []byte(`"""`)) || bytes.HasPrefix(src[k:le], []byte(`'''`)) {
			return true
		}
		b.startBlock(k + 1)
		q := src[k]
		for j := k + 1; j < le; j++ {
			if q == '"' && src[j] == '\\' {
				j++
				continue
			}
			if src[j] == q {
				b.add(k+1, j)
				break
			}
		}
		return true
	})
}

// jsonFields finds the string values of top-level keys of a JSON object.
func (b *builder) jsonFields(start, end int) {
	src := b.src
	depth := 0
	atKey := false
	key := ""
	for i := start; i < end; i++ {
		switch c := src[i]; c {
		case '{', '[':
			depth++
			atKey = depth == 1 && c == '{'
		case '}', ']':
			depth--
		case ',':
			if depth == 1 {
				atKey, key = true, ""
			}
		case '"':
			j := i + 1
			for j < end && src[j] != '"' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			if j >= end {
				return
			}
			if depth == 1 {
				if atKey {
					key, atKey = string(src[i+1:j]), false
				} else if proseKeys[key] {
					b.startBlock(i + 1)
					b.add(i+1, j)
					key = ""
				}
			}
			i = j
		}
	}
}
