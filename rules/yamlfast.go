package rules

import (
	"strings"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// fastYAML builds, for the front matter most posts have, the node tree
// yaml.Unmarshal builds into a yaml.Node: a mapping of keys to scalars
// (plain, possibly over several lines; quoted without escapes; folded or
// literal blocks without indentation changes), empty values, block lists
// of one-line scalars and one-line flow lists of them ("tags: [go,
// news]", as Jekyll's users write), with whole-line comments before keys.
// It reports false, having built nothing of use, for anything else (other
// comments, tabs, flow mappings and flow lists over several lines or
// nested, nesting, anchors, tags, an unusual character), which yaml.v3
// then parses. yaml.v3 took 4% of the CPU time of a lint, most of it on
// blocks like these. The tests compare the two trees on every input
// fastYAML takes.
func fastYAML(raw []byte, doc *yaml.Node) bool {
	if len(raw) == 0 || raw[len(raw)-1] != '\n' || !fastYAMLChars(raw) {
		return false
	}
	lines := strings.Split(string(raw[:len(raw)-1]), "\n")
	// The nodes of the tree are made in one allocation, and the root's
	// list in another: a key's line makes at most two nodes (the key and
	// its value, or its list), an item's one, another line none.
	keys, items := 0, 0
	for _, l := range lines {
		switch {
		case l == "" || l[0] == '#':
		case l[0] != ' ' && l[0] != '-':
			keys++
			if strings.Contains(l, ": [") {
				items += strings.Count(l, ",") + 1
			}
		case strings.HasPrefix(strings.TrimLeft(l, " "), "- "):
			items++
		}
	}
	a := nodeArena(make([]yaml.Node, 0, 1+2*keys+items))
	var root *yaml.Node
	var comment []string // the comment lines above the next key
	for i := 0; i < len(lines); {
		line, ln := lines[i], i+1
		switch {
		case line == "":
			if comment != nil {
				return false // a comment of the document, or a foot comment
			}
			i++
			continue
		case line[0] == '#':
			comment = append(comment, line)
			i++
			continue
		case line[0] == ' ' || strings.HasPrefix(line, "-") || strings.HasPrefix(line, "..."):
			// The lines of a value are read with its key: this is a
			// nested mapping, a stray list or a document marker.
			return false
		}
		key, value, ok := strings.Cut(line, ": ")
		if !ok {
			if key, ok = strings.CutSuffix(line, ":"); !ok {
				return false
			}
		} else if value == "" {
			return false
		}
		// yaml.v3 takes no key of over 1024 characters.
		if len(key) > 512 || !plainScalar(key) {
			return false
		}
		if root == nil {
			root = a.node(yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: ln, Column: 1, Content: make([]*yaml.Node, 0, 2*keys)})
			*doc = yaml.Node{Kind: yaml.DocumentNode, Line: ln, Column: 1, Content: []*yaml.Node{root}}
		}
		k := a.plainNode(key, ln, 1)
		k.HeadComment, comment = strings.Join(comment, "\n"), nil
		i++
		col := utf8.RuneCountInString(key) + 3 // of the value
		var v *yaml.Node
		switch {
		case value == "" && i < len(lines) && isItem(lines, i):
			v, i = a.fastList(lines, i)
		case value == "" && i < len(lines) && strings.HasPrefix(lines[i], " "):
			v, i = a.plainLines(lines, i, nil, 0, 0)
		case value == "":
			// A null just after the colon.
			v = a.node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Line: ln, Column: col - 1})
		case value == ">" || value == ">-" || value == "|" || value == "|-":
			v, i = a.blockScalar(lines, i, value, ln, col)
		case value[0] == '[':
			// The lines after it are keys, or refused as the lines of
			// a value: a flow list over several lines is yaml.v3's.
			v = a.flowList(value, ln, col)
		default:
			if v = a.fastScalar(value, ln, col); v != nil && v.Style == 0 && i < len(lines) && strings.HasPrefix(lines[i], " ") {
				v, i = a.plainLines(lines, i, []string{value}, ln, col)
			}
		}
		if v == nil {
			return false
		}
		root.Content = append(root.Content, k, v)
	}
	return root != nil && comment == nil
}

// A nodeArena makes the nodes of one tree in one allocation: its capacity
// is enough for all of them, and a node past it (which a caller that
// counted right never asks for) is made on its own, not by growing the
// arena, which would move the nodes made before.
type nodeArena []yaml.Node

func (a *nodeArena) node(n yaml.Node) *yaml.Node {
	if len(*a) == cap(*a) {
		p := new(yaml.Node) // not &n, which would put every n on the heap
		*p = n
		return p
	}
	*a = append(*a, n)
	return &(*a)[len(*a)-1]
}

// isItem reports whether the value of a key with nothing after its colon
// is a list: the next line that is not blank is an item.
func isItem(lines []string, i int) bool {
	for i < len(lines) && lines[i] == "" {
		i++
	}
	return i < len(lines) && strings.HasPrefix(strings.TrimLeft(lines[i], " "), "- ")
}

// fastList reads the list that starts at or after lines[i]: items at one
// indentation, of one-line scalars, blank lines between them. It returns
// the list (nil if it is not one fastYAML takes) and the line after it.
func (a *nodeArena) fastList(lines []string, i int) (*yaml.Node, int) {
	var seq *yaml.Node
	indent := 0
	for j := i; j < len(lines); j++ {
		line := lines[j]
		if line == "" {
			continue
		}
		n := len(line) - len(strings.TrimLeft(line, " "))
		if !strings.HasPrefix(line[n:], "- ") || seq != nil && n != indent {
			break
		}
		if seq == nil {
			seq = a.node(yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: j + 1, Column: n + 1})
			indent = n
		}
		item := a.fastScalar(line[n+2:], j+1, n+3)
		if item == nil {
			return nil, 0
		}
		seq.Content = append(seq.Content, item)
		i = j + 1
	}
	return seq, i
}

// flowList returns the node of the one-line flow list s ("[a, 'b', 1]")
// at the line and column, or nil. It takes items that are one-line
// scalars fastScalar takes, separated by commas and spaces, with no ':'
// (which may make a pair of a mapping), no '?' (yaml.v3 refuses "[a?b]")
// and none of the flow indicators "[]{}" in them; not an empty item, as
// in "[a,,b]" or the "[a, b,]" yaml.v3 takes. An item's column, as
// yaml.v3 counts, is in characters.
func (a *nodeArena) flowList(s string, line, col int) *yaml.Node {
	if len(s) < 2 || s[len(s)-1] != ']' {
		return nil
	}
	inner := s[1 : len(s)-1]
	if strings.ContainsAny(inner, "[]{}:?") {
		return nil
	}
	seq := a.node(yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle, Tag: "!!seq", Line: line, Column: col})
	if strings.TrimLeft(inner, " ") == "" {
		return seq
	}
	col++ // of the character after the '['
	for part := range strings.SplitSeq(inner, ",") {
		item := strings.TrimLeft(part, " ")
		at := col + len(part) - len(item) // spaces are one byte each
		item = strings.TrimRight(item, " ")
		if item == "" {
			return nil
		}
		n := a.fastScalar(item, line, at)
		if n == nil {
			return nil
		}
		seq.Content = append(seq.Content, n)
		col += utf8.RuneCountInString(part) + 1 // and the comma
	}
	return seq
}

// plainLines reads a plain scalar continued on the indented lines from
// lines[i], its first parts given (with their line and column), or none:
// then it starts on lines[i]. yaml.v3 joins the lines with spaces.
func (a *nodeArena) plainLines(lines []string, i int, parts []string, line, col int) (*yaml.Node, int) {
	for ; i < len(lines) && strings.HasPrefix(lines[i], " "); i++ {
		s := strings.TrimLeft(lines[i], " ")
		if !plainScalar(s) {
			return nil, 0
		}
		if parts == nil {
			line, col = i+1, len(lines[i])-len(s)+1
		}
		parts = append(parts, s)
	}
	return a.plainNode(strings.Join(parts, " "), line, col), i
}

// blockScalar reads the folded (">") or literal ("|") scalar whose
// indicator is at line and col and whose content starts at lines[i]: lines
// of one indentation, no blank line among them, none ending in a space.
// Folded lines are joined with spaces, literal ones with newlines; "-"
// strips the final newline.
func (a *nodeArena) blockScalar(lines []string, i int, indicator string, line, col int) (*yaml.Node, int) {
	start, indent := i, 0
	if i < len(lines) {
		indent = len(lines[i]) - len(strings.TrimLeft(lines[i], " "))
	}
	if indent == 0 {
		return nil, 0
	}
	for ; i < len(lines) && strings.HasPrefix(lines[i], " "); i++ {
		s := lines[i][min(indent, len(lines[i])):]
		if len(lines[i])-len(strings.TrimLeft(lines[i], " ")) != indent || s == "" || strings.HasSuffix(s, " ") {
			return nil, 0
		}
		lines[i] = s
	}
	sep, style := " ", yaml.FoldedStyle
	if indicator[0] == '|' {
		sep, style = "\n", yaml.LiteralStyle
	}
	v := strings.Join(lines[start:i], sep)
	if !strings.HasSuffix(indicator, "-") {
		v += "\n"
	}
	return a.node(yaml.Node{Kind: yaml.ScalarNode, Style: style, Tag: "!!str", Value: v, Line: line, Column: col}), i
}

// fastScalar returns the node of a one-line scalar at the line and column,
// plain or quoted without escapes, or nil.
func (a *nodeArena) fastScalar(s string, line, col int) *yaml.Node {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		v := s[1 : len(s)-1]
		if strings.ContainsAny(v, `"\`) {
			return nil
		}
		return a.node(yaml.Node{Kind: yaml.ScalarNode, Style: yaml.DoubleQuotedStyle, Tag: "!!str", Value: v, Line: line, Column: col})
	}
	if len(s) >= 2 && s[0] == '\'' && s[len(s)-1] == '\'' {
		v := s[1 : len(s)-1]
		// Inside, a quote only comes doubled.
		if strings.Contains(strings.ReplaceAll(v, "''", ""), "'") {
			return nil
		}
		return a.node(yaml.Node{Kind: yaml.ScalarNode, Style: yaml.SingleQuotedStyle, Tag: "!!str", Value: strings.ReplaceAll(v, "''", "'"), Line: line, Column: col})
	}
	if !plainScalar(s) {
		return nil
	}
	return a.plainNode(s, line, col)
}

// plainNode is a plain scalar's node, tagged with the type yaml.v3
// resolves it to.
func (a *nodeArena) plainNode(s string, line, col int) *yaml.Node {
	n := a.node(yaml.Node{Kind: yaml.ScalarNode, Value: s, Line: line, Column: col})
	switch {
	case strings.IndexByte("+-.0123456789yYnNtTfFoO~", s[0]) < 0:
		// yaml.v3 resolves a scalar starting otherwise to a string at once.
		n.Tag = "!!str"
	case isDay(s):
		// The date of nearly every post: yaml.v3 tries three layouts
		// with a time of day first, making an error of each.
		n.Tag = "!!timestamp"
	default:
		n.Tag = n.ShortTag() // that of an untagged node: resolved
	}
	return n
}

// isDay reports a date written YYYY-MM-DD that yaml.v3 resolves to a
// timestamp, midnight UTC of that day.
func isDay(s string) bool {
	_, ok := dayOf(s)
	return ok
}

// dayOf is the time yaml.v3 decodes s to if it is a date written
// YYYY-MM-DD: it takes it with the layout 2006-1-2.
func dayOf(s string) (time.Time, bool) {
	if len(s) != len("2006-01-02") || s[4] != '-' || s[7] != '-' {
		return time.Time{}, false
	}
	for i := range len(s) {
		if c := s[i]; i != 4 && i != 7 && (c < '0' || c > '9') {
			return time.Time{}, false
		}
	}
	t, err := time.Parse("2006-1-2", s)
	return t, err == nil
}

// plainScalar reports a string that yaml.v3 reads, in a block, as one
// plain scalar of exactly these characters: it starts with no indicator,
// ends with no space and holds nothing that ends it early.
func plainScalar(s string) bool {
	if s == "" || s[len(s)-1] == ' ' || s[len(s)-1] == ':' {
		return false
	}
	// A '-' starts a plain scalar when no space follows it, as in the
	// "weight: -2019" of Hugo's year pages.
	if strings.IndexByte("?:,[]{}#&*!|>'\"%@` ", s[0]) >= 0 || s[0] == '-' && (len(s) == 1 || s[1] == ' ') {
		return false
	}
	return s != "<<" && !strings.Contains(s, ": ")
}

// fastYAMLChars reports a block without what fastYAML leaves to yaml.v3:
// a '#' but at the start of a line, tabs, carriage returns and other
// control characters, invalid UTF-8, characters YAML does not allow or
// takes for line breaks (NEL, U+2028, U+2029) and byte order marks.
func fastYAMLChars(raw []byte) bool {
	for i := 0; i < len(raw); {
		c := raw[i]
		if c < utf8.RuneSelf {
			if c < ' ' && c != '\n' || c == 0x7f || c == '#' && i > 0 && raw[i-1] != '\n' {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(raw[i:])
		switch {
		case r == utf8.RuneError && n == 1, r < 0xa0, r == 0x2028, r == 0x2029, r == 0xfeff,
			r >= 0xd800 && r < 0xe000, r == 0xfffe, r == 0xffff:
			return false
		}
		i += n
	}
	return true
}
