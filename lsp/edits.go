package lsp

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"gopkg.in/yaml.v3"

	"github.com/postlint/postlint/rules"
)

// The edits of the code actions that teach postlint a word or silence a
// rule. Each is checked by reading the edited text back as postlint does
// (the post with the front matter decoder, the config with the config
// parser): an action whose edit would not say what its title says is not
// offered.

// spelledWord is the word a word rule reported, from its span: markup
// inside it ("so*vle*") is dropped. ok is false for anything that is not
// one plain word.
func spelledWord(span []byte) (string, bool) {
	w := strings.Map(func(r rune) rune {
		if r == '*' || r == '_' || r == '~' || r == '\\' {
			return -1
		}
		return r
	}, string(span))
	if w == "" || !utf8.ValidString(w) {
		return "", false
	}
	for _, r := range w {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '’' && r != '-' {
			return "", false
		}
	}
	return w, true
}

// yamlWord writes a word as a YAML scalar: plain when it reads back as
// the same string in a flow list too, else double-quoted (a JSON string is
// a YAML double-quoted scalar, and a TOML basic string).
func yamlWord(w string) string {
	plain := w != ""
	for i, r := range w {
		if !unicode.IsLetter(r) && (i == 0 || !unicode.IsDigit(r) && r != '-' && r != '\'' && r != '’') {
			plain = false
		}
	}
	switch strings.ToLower(w) {
	case "y", "n", "yes", "no", "on", "off", "true", "false", "null":
		plain = false
	}
	if plain {
		return w
	}
	return quoted(w)
}

func quoted(w string) string {
	b, _ := json.Marshal(w)
	return string(b)
}

// newline is the line ending the text uses.
func newline(src []byte) string {
	if bytes.Contains(src, []byte("\r\n")) {
		return "\r\n"
	}
	return "\n"
}

// spellingIgnoreEdit adds word to the post's front-matter spelling_ignore
// list, making the list (or the front matter) if there is none.
func spellingIgnoreEdit(path string, src []byte, lim rules.Limits, word string) (rules.Edit, bool) {
	doc := rules.ParseLimited(path, src, lim)
	e, ok := frontMatterEdit(doc, word)
	if !ok {
		return e, false
	}
	// Read it back: the word must be in the list, and nothing else broken.
	after := rules.ParseLimited(path, rules.ApplyEdits(src, []rules.Edit{e}), lim)
	if after.FrontMatter == nil || after.FrontMatter.Err != nil || after.FrontMatter.Unclosed {
		return e, false
	}
	v, _ := after.Field("spelling_ignore")
	switch v := v.(type) {
	case []any:
		for _, it := range v {
			if s, ok := it.(string); ok && s == word {
				return e, true
			}
		}
	case string:
		for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' }) {
			if f == word {
				return e, true
			}
		}
	}
	return e, false
}

func frontMatterEdit(doc *rules.Document, word string) (rules.Edit, bool) {
	src := doc.Src
	nl := newline(src)
	fm := doc.FrontMatter
	if fm == nil {
		at := 0
		if bytes.HasPrefix(src, []byte("\xef\xbb\xbf")) {
			at = 3
		}
		return rules.Edit{Start: at, End: at, NewText: "---" + nl + "spelling_ignore: [" + yamlWord(word) + "]" + nl + "---" + nl}, true
	}
	x := doc.Fields()
	if fm.Unclosed || fm.Data == nil || x == nil {
		return rules.Edit{}, false // broken front matter: the front-matter rule says so first
	}
	f := x.ByKey["spelling_ignore"]
	if f == nil {
		switch fm.Format {
		case "yaml":
			// A new last key, on its own line before the closing delimiter.
			pre := ""
			if fm.End > fm.Start && src[fm.End-1] != '\n' {
				pre = nl
			}
			return rules.Edit{Start: fm.End, End: fm.End, NewText: pre + "spelling_ignore: [" + yamlWord(word) + "]" + nl}, true
		case "toml":
			// First, so that no [table] header above it claims it.
			return rules.Edit{Start: fm.Start, End: fm.Start, NewText: "spelling_ignore = [" + quoted(word) + "]" + nl}, true
		case "json":
			sep := ""
			if len(x.Fields) > 0 {
				sep = ","
			}
			return rules.Edit{Start: fm.Start + 1, End: fm.Start + 1, NewText: nl + "  \"spelling_ignore\": [" + quoted(word) + "]" + sep}, true
		}
		return rules.Edit{}, false
	}
	item := quoted(word)
	if fm.Format == "yaml" {
		item = yamlWord(word)
	}
	v := f.Value
	switch {
	case v.Kind == rules.List && v.Flow && v.Exact:
		// [a, b] → [a, b, word]: before the closing bracket.
		sep := ", "
		if len(v.Items) == 0 {
			sep = ""
		}
		return rules.Edit{Start: v.End - 1, End: v.End - 1, NewText: sep + item}, true
	case v.Kind == rules.List && fm.Format == "yaml" && len(v.Items) > 0:
		// A block list: one more "- word" line, indented as the last item.
		last := v.Items[len(v.Items)-1]
		line, _ := doc.Lines.Position(last.Start)
		ls := doc.Lines.LineStart(line)
		prefix := src[ls:last.Start]
		if len(bytes.TrimLeft(prefix, " \t")) == 0 || !last.Exact {
			return rules.Edit{}, false
		}
		end := doc.Lines.LineEnd(src, line)
		return rules.Edit{Start: end, End: end, NewText: nl + string(prefix) + item}, true
	case v.Kind == rules.Scalar && v.Exact:
		// One string of words: one more word.
		at := v.End
		if v.Quote != 0 {
			at--
		}
		return rules.Edit{Start: at, End: at, NewText: " " + word}, true
	case v.Kind == rules.Null:
		// "spelling_ignore:" and nothing: a list after the colon.
		p := f.KeySpan.End
		for p < fm.End && (src[p] == ' ' || src[p] == '\t') {
			p++
		}
		if p < fm.End && src[p] == ':' {
			return rules.Edit{Start: p + 1, End: p + 1, NewText: " [" + item + "]"}, true
		}
	}
	return rules.Edit{}, false
}

// configWithWord returns a config that says spelling.ignore: [word]; nil
// if src is not empty.
func configWithWord(src []byte, word string) []byte {
	if len(bytes.TrimSpace(src)) > 0 {
		return nil
	}
	return []byte("spelling:\n  ignore: [" + yamlWord(word) + "]\n")
}

// configIgnoreEdit adds word to spelling.ignore in the config file's text,
// and checks that the config still parses and now ignores it.
func configIgnoreEdit(reg *rules.Registry, file string, src []byte, word string) (rules.Edit, bool) {
	e, ok := yamlIgnoreEdit(src, word)
	if !ok {
		return e, false
	}
	after := rules.ApplyEdits(src, []rules.Edit{e})
	if _, err := rules.ParseConfig(reg, file, after); err != nil {
		return e, false
	}
	var check struct {
		Spelling struct {
			Ignore []string `yaml:"ignore"`
		} `yaml:"spelling"`
	}
	if yaml.Unmarshal(after, &check) != nil {
		return e, false
	}
	for _, w := range check.Spelling.Ignore {
		if w == word {
			return e, true
		}
	}
	return e, false
}

func yamlIgnoreEdit(src []byte, word string) (rules.Edit, bool) {
	nl := newline(src)
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return rules.Edit{}, false
	}
	atEnd := func(text string) (rules.Edit, bool) {
		pre := ""
		if len(src) > 0 && src[len(src)-1] != '\n' {
			pre = nl
		}
		return rules.Edit{Start: len(src), End: len(src), NewText: pre + text}, true
	}
	if len(doc.Content) == 0 {
		return atEnd("spelling:" + nl + "  ignore: [" + yamlWord(word) + "]" + nl)
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode || root.Style&yaml.FlowStyle != 0 {
		return rules.Edit{}, false
	}
	x := newLineIndex(src)
	at := func(n *yaml.Node) int { return nodeOffset(x, n) }
	spelling := mapValue(root, "spelling")
	if spelling == nil {
		return atEnd("spelling:" + nl + "  ignore: [" + yamlWord(word) + "]" + nl)
	}
	key := mapKey(root, "spelling")
	switch {
	case spelling.Kind == yaml.ScalarNode && spelling.Tag == "!!null":
		// "spelling:" and nothing: the mapping starts on the next line.
		end := x.lineEnd(key.Line - 1)
		return rules.Edit{Start: end, End: end, NewText: nl + "  ignore: [" + yamlWord(word) + "]"}, true
	case spelling.Kind != yaml.MappingNode:
		return rules.Edit{}, false
	case spelling.Style&yaml.FlowStyle != 0:
		// spelling: {locale: US} → {ignore: [word], locale: US}
		open := at(spelling)
		if open >= len(src) || src[open] != '{' || mapValue(spelling, "ignore") != nil {
			return rules.Edit{}, false
		}
		sep := ", "
		if len(spelling.Content) == 0 {
			sep = ""
		}
		return rules.Edit{Start: open + 1, End: open + 1, NewText: "ignore: [" + yamlWord(word) + "]" + sep}, true
	}
	ignore := mapValue(spelling, "ignore")
	if ignore == nil {
		// A new first key of spelling, indented as its other keys.
		first := spelling.Content[0]
		indent := strings.Repeat(" ", first.Column-1)
		ls := x.starts[first.Line-1]
		return rules.Edit{Start: ls, End: ls, NewText: indent + "ignore: [" + yamlWord(word) + "]" + nl}, true
	}
	switch {
	case ignore.Kind == yaml.SequenceNode && ignore.Style&yaml.FlowStyle != 0:
		open := at(ignore)
		end, ok := flowClose(src, open)
		if !ok {
			return rules.Edit{}, false
		}
		sep := ", "
		if len(ignore.Content) == 0 {
			sep = ""
		}
		return rules.Edit{Start: end, End: end, NewText: sep + yamlWord(word)}, true
	case ignore.Kind == yaml.SequenceNode && len(ignore.Content) > 0:
		last := ignore.Content[len(ignore.Content)-1]
		if last.Kind != yaml.ScalarNode || last.Line != ignore.Content[len(ignore.Content)-1].Line {
			return rules.Edit{}, false
		}
		ls := x.starts[last.Line-1]
		prefix := src[ls:at(last)]
		end := x.lineEnd(last.Line - 1)
		if last.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
			return rules.Edit{}, false
		}
		return rules.Edit{Start: end, End: end, NewText: nl + string(prefix) + yamlWord(word)}, true
	case ignore.Kind == yaml.ScalarNode && ignore.Tag == "!!null":
		k := mapKey(spelling, "ignore")
		end := x.lineEnd(k.Line - 1)
		return rules.Edit{Start: end, End: end, NewText: " [" + yamlWord(word) + "]"}, true
	}
	return rules.Edit{}, false
}

// nodeOffset turns a yaml.v3 line and column (counting characters) into
// a byte offset.
func nodeOffset(x *lineIndex, n *yaml.Node) int {
	if n.Line < 1 || n.Line > len(x.starts) {
		return len(x.src)
	}
	off, end := x.starts[n.Line-1], x.lineEnd(n.Line-1)
	for c := 1; c < n.Column && off < end; c++ {
		_, size := utf8.DecodeRune(x.src[off:end])
		off += size
	}
	return off
}

// flowClose returns the offset of the "]" closing the flow sequence that
// opens at open, skipping quoted strings.
func flowClose(src []byte, open int) (int, bool) {
	if open >= len(src) || src[open] != '[' {
		return 0, false
	}
	depth := 0
	for p := open; p < len(src); p++ {
		switch src[p] {
		case '[', '{':
			depth++
		case ']', '}':
			depth--
			if depth == 0 {
				return p, src[p] == ']'
			}
		case '"':
			for p++; p < len(src) && src[p] != '"'; p++ {
				if src[p] == '\\' {
					p++
				}
			}
		case '\'':
			for p++; p < len(src) && (src[p] != '\'' || p+1 < len(src) && src[p+1] == '\''); p++ {
				if src[p] == '\'' {
					p++
				}
			}
		case '#':
			if p > 0 && (src[p-1] == ' ' || src[p-1] == '\t') {
				for p < len(src) && src[p] != '\n' {
					p++
				}
			}
		}
	}
	return 0, false
}

func mapKey(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i]
		}
	}
	return nil
}

func mapValue(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// disableEdit writes a postlint-disable-next-line directive for the rule
// of a diagnostic, so that it covers the diagnostic's line and changes
// nothing the post renders: appended to the line before when that line is
// paragraph text (a comment there is inline HTML, where a comment line of
// its own would split the paragraph), else on a line of its own before
// the diagnostic's line. Diagnostics in the front matter cannot be
// covered: directives live in the body.
func disableEdit(path string, src []byte, dg rules.Diagnostic) (rules.Edit, bool) {
	doc := rules.ParseLimited(path, src, rules.DefaultLimits())
	if doc.Limit != nil || dg.Start < doc.BodyStart || dg.Start > len(src) {
		return rules.Edit{}, false
	}
	comment := "<!-- postlint-disable-next-line " + dg.Rule + " -->"
	line, _ := doc.Lines.Position(dg.Start)
	e := rules.Edit{Start: doc.Lines.LineStart(line), NewText: comment + newline(src)}
	e.End = e.Start
	if line > 1 {
		prevStart, prevEnd := doc.Lines.LineStart(line-1), doc.Lines.LineEnd(src, line-1)
		if prevStart >= doc.BodyStart && inParagraph(doc, prevStart, prevEnd) {
			e = rules.Edit{Start: prevEnd, End: prevEnd, NewText: " " + comment}
		}
	}
	if e.Start < doc.BodyStart {
		return rules.Edit{}, false
	}
	// The comment must not change the post's blocks: a comment line in
	// the middle of a list or a table would split it.
	after := rules.ParseLimited(path, rules.ApplyEdits(src, []rules.Edit{e}), rules.DefaultLimits())
	if blockShape(after) != blockShape(doc) {
		return rules.Edit{}, false
	}
	return e, true
}

// blockShape lists the kinds of a document's blocks, HTML aside.
func blockShape(doc *rules.Document) string {
	var b strings.Builder
	_ = ast.Walk(doc.AST, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if n.Type() == ast.TypeBlock && n.Kind() != ast.KindHTMLBlock {
			if entering {
				b.WriteString(n.Kind().String())
				b.WriteByte('(')
			} else {
				b.WriteByte(')')
			}
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// inParagraph says whether the text of the line [start, end) is part of a
// paragraph (or of a tight list item's text).
func inParagraph(doc *rules.Document, start, end int) bool {
	last := end
	for last > start && (doc.Src[last-1] == ' ' || doc.Src[last-1] == '\t') {
		last--
	}
	if last == start {
		return false // blank
	}
	found := false
	_ = ast.Walk(doc.AST, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if found {
			return ast.WalkStop, nil
		}
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindParagraph, ast.KindTextBlock:
			lines := n.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				if seg.Start <= last-1 && last <= seg.Stop {
					found = true
					return ast.WalkStop, nil
				}
			}
			return ast.WalkSkipChildren, nil
		case ast.KindFencedCodeBlock, ast.KindCodeBlock, ast.KindHTMLBlock:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return found
}
