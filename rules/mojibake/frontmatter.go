package mojibake

import (
	"bytes"
	"fmt"
	"sort"

	"gopkg.in/yaml.v3"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/mojibake/detect"
)

// checkFrontMatter looks for garbled text in front-matter values, where
// titles and author names show it most. YAML values are found through the
// parsed node tree, each reported with its field. TOML and JSON front
// matter (and YAML that did not parse) are checked line by line as they
// are: keys there are ASCII, so what is found is in a value.
func checkFrontMatter(doc *rules.Document, report func(rules.Diagnostic)) {
	fm := doc.FrontMatter
	if fm == nil || fm.Unclosed {
		return // an unclosed block is body text, checked as such
	}
	if !detect.Suspicious(fm.Raw(doc.Src)) {
		return
	}
	if fm.Node == nil {
		checkLines(doc.Src, fm.Start, fm.End, "in front matter", report)
		return
	}

	// Where each node starts; a value runs at most up to the next node.
	var starts []int
	type value struct {
		node  *yaml.Node
		field string
		start int
	}
	var values []value
	var walk func(n *yaml.Node, field string)
	walk = func(n *yaml.Node, field string) {
		if n.Kind != yaml.DocumentNode && n.Line > 0 {
			starts = append(starts, doc.NodeOffset(n.Line, n.Column))
		}
		switch n.Kind {
		case yaml.DocumentNode, yaml.SequenceNode:
			for _, c := range n.Content {
				walk(c, field)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i]
				if k.Line > 0 {
					starts = append(starts, doc.NodeOffset(k.Line, k.Column))
				}
				name := k.Value
				if field != "" {
					name = field + "." + k.Value
				}
				walk(n.Content[i+1], name)
			}
		case yaml.ScalarNode:
			if n.Line > 0 && field != "" {
				values = append(values, value{n, field, doc.NodeOffset(n.Line, n.Column)})
			}
		}
	}
	walk(fm.Node, "")
	sort.Ints(starts)

	src := doc.Src
	for _, v := range values {
		if v.start < fm.Start || v.start >= fm.End {
			continue
		}
		next := fm.End
		if i := sort.SearchInts(starts, v.start+1); i < len(starts) && starts[i] < next {
			next = starts[i]
		}
		a, b := scalarBytes(src, v.node, v.start, next)
		checkLines(src, a, b, fmt.Sprintf("in front-matter field %q", v.field), report)
	}
}

// scalarBytes returns the range of the file that holds a YAML scalar's
// text: inside the quotes of a quoted one, exactly the value of a plain
// one on one line, and up to the next node otherwise.
func scalarBytes(src []byte, n *yaml.Node, start, next int) (int, int) {
	switch {
	case n.Style&yaml.SingleQuotedStyle != 0 && start < next && src[start] == '\'':
		for i := start + 1; i < next; i++ {
			if src[i] == '\'' {
				if i+1 < next && src[i+1] == '\'' {
					i++
					continue
				}
				return start + 1, i
			}
		}
		return start + 1, next
	case n.Style&yaml.DoubleQuotedStyle != 0 && start < next && src[start] == '"':
		for i := start + 1; i < next; i++ {
			switch src[i] {
			case '\\':
				i++
			case '"':
				return start + 1, i
			}
		}
		return start + 1, next
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		return start, blockEnd(src, start, next)
	case bytes.HasPrefix(src[start:next], []byte(n.Value)):
		return start, start + len(n.Value)
	}
	return start, next
}

// blockEnd returns where the block scalar whose indicator is at start
// ends: at the first line, not blank, indented no deeper than the
// indicator's line (a comment or the next key), or at next.
func blockEnd(src []byte, start, next int) int {
	lineStart := bytes.LastIndexByte(src[:start], '\n') + 1
	indent := indentOf(src[lineStart:])
	i := bytes.IndexByte(src[start:next], '\n')
	if i < 0 {
		return next
	}
	for line := start + i + 1; line < next; {
		end := next
		if j := bytes.IndexByte(src[line:next], '\n'); j >= 0 {
			end = line + j + 1
		}
		if n := indentOf(src[line:end]); n <= indent && len(bytes.TrimSpace(src[line:end])) > 0 {
			return line
		}
		line = end
	}
	return next
}

func indentOf(line []byte) int {
	n := 0
	for n < len(line) && line[n] == ' ' {
		n++
	}
	return n
}

// checkLines checks the lines of src[start:end] one by one.
func checkLines(src []byte, start, end int, where string, report func(rules.Diagnostic)) {
	for start < end {
		stop := end
		if i := bytes.IndexByte(src[start:end], '\n'); i >= 0 {
			stop = start + i
		}
		lineEnd := stop
		if lineEnd > start && src[lineEnd-1] == '\r' {
			lineEnd--
		}
		if lineEnd > start {
			reportFindings(src, start, lineEnd, where, report)
		}
		start = stop + 1
	}
}
