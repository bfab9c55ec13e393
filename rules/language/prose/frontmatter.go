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
	x := doc.Fields()
	if fm == nil || fm.Err != nil || x == nil {
		return
	}
	for i, f := range x.Fields {
		if !proseKeys[f.Key] {
			continue
		}
		if f.ValueNode == nil {
			b.quotedField(f.Value)
			continue
		}
		k, v := f.KeyNode, f.ValueNode
		if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!str" || v.Line < 1 {
			continue
		}
		end := fm.End // the value ends before the next key
		if i+1 < len(x.Fields) {
			if next := x.Fields[i+1].KeyNode; next != nil && next.Line > v.Line {
				end = min(end, doc.Lines.LineStart(next.Line))
			}
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
			b.plain(start, end, fm.Node.Content[0].Style&yaml.FlowStyle != 0)
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

// quotedField adds a TOML or JSON value when it is a one-line quoted
// string: the text between its quotes. Multi-line TOML strings are left
// out.
func (b *builder) quotedField(v rules.Value) {
	if v.Kind != rules.Scalar || v.Quote == 0 || !v.Exact || v.End-v.Start < 2 {
		return
	}
	if text := b.src[v.Start:v.End]; bytes.HasPrefix(text, []byte(`"""`)) || bytes.HasPrefix(text, []byte("'''")) {
		return
	}
	b.startBlock(v.Start + 1)
	b.add(v.Start+1, v.End-1)
}
