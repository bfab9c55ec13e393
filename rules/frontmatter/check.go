package frontmatter

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/postlint/postlint/rules"
)

var formatName = map[string]string{"yaml": "YAML", "toml": "TOML", "json": "JSON"}

// closers are the closing delimiters of the opening ones.
var closers = map[string]string{"---": "---", "---yaml": "---", "---toml": "---", "---json": "---", "+++": "+++", ";;;": ";;;", "{": "}"}

func runFrontMatter(pass *rules.Pass) {
	doc := pass.Doc
	fm := doc.FrontMatter
	cfg := pass.Section("front_matter").(*Config)
	if fm == nil {
		if notAPost(doc.Path) {
			return
		}
		var missing []string
		for _, key := range cfg.Required {
			if _, ok := rules.FileNameDate(doc.Path); key == "date" && ok {
				continue
			}
			missing = append(missing, key)
		}
		if len(missing) > 0 {
			first := doc.FirstLine()
			pass.Reportf(first.Start, first.End, "no front matter: %s %s required", strings.Join(missing, ", "), plural(len(missing), "is", "are"))
		}
		return
	}
	if fm.Unclosed {
		open := doc.FirstLine()
		delim := string(bytes.TrimSpace(doc.Src[open.Start:open.End]))
		if delim == "{" {
			pass.Reportf(open.Start, open.End, `front matter opened with "{" is never closed: it ends with a "}" line followed by a blank line; until then the whole file is read as Markdown`)
			return
		}
		pass.Reportf(open.Start, open.End, "front matter opened with %q is never closed: add a %q line after it; until then the whole file is read as Markdown", delim, closers[delim])
		return
	}
	if fm.Err != nil {
		reportDecodeError(pass, fm)
		return
	}
	x := doc.Fields()
	if x == nil {
		return
	}
	seen := map[string]*rules.Field{}
	for _, f := range x.Fields {
		if g := seen[f.Key]; g != nil && fm.Format == "json" {
			line, _ := doc.Lines.Position(g.KeySpan.Start)
			pass.Reportf(f.KeySpan.Start, f.KeySpan.End, "key %q appears twice (first on line %d); this value overrides the first", f.Key, line)
		}
		seen[f.Key] = f
	}

	st := standingOf(doc)
	for _, key := range cfg.Required {
		f := x.ByKey[key]
		v, _ := doc.Field(key)
		switch {
		case st != post:
		case f == nil && key == "date":
			if _, ok := rules.FileNameDate(doc.Path); ok || x.ByKey["publishDate"] != nil || x.ByKey["pubdate"] != nil {
				break
			}
			if !reportCase(pass, x, key, "required field") {
				pass.Reportf(x.Open.Start, x.Open.End, "required field %q is missing (or name the file YYYY-MM-DD-slug.md)", key)
			}
		case f == nil:
			if !reportCase(pass, x, key, "required field") {
				pass.Reportf(x.Open.Start, x.Open.End, "required field %q is missing", key)
			}
		case isEmpty(v):
			pass.Reportf(f.KeySpan.Start, valueEnd(doc, f), "required field %q is empty", key)
		}
	}

	if f := x.ByKey["title"]; f != nil {
		switch v := doc.FrontMatter.Data["title"].(type) {
		case []any:
			start, end := doc.ValueSpan(f)
			pass.Reportf(start, end, "title is a list; it should be text")
		case map[string]any:
			start, end := doc.ValueSpan(f)
			pass.Reportf(start, end, "title is a mapping; it should be text")
		case bool:
			start, end := doc.ValueSpan(f)
			pass.Reportf(start, end, "title is the boolean %v; it should be text (put it in quotes)", v)
		}
	}
	for _, key := range dateKeys {
		f := x.ByKey[key]
		v, ok := doc.Field(key)
		if f == nil || !ok || v == nil {
			continue
		}
		if msg := checkDate(v); msg != "" {
			start, end := doc.ValueSpan(f)
			pass.Reportf(start, end, "%s %s", key, msg)
		}
	}
}

// reportCase reports a key written with other capitals than key ("Title"
// for "title"), in place of key missing, with a fix that renames it; false
// when there is none. Hugo reads keys in any case; Jekyll and most other
// generators take "Title" for another key.
func reportCase(pass *rules.Pass, x *rules.FieldIndex, key, what string) bool {
	for _, f := range x.Fields {
		if f.Key != key && strings.EqualFold(f.Key, key) && f.KeySpan.End > f.KeySpan.Start {
			name := f.KeySpan // the name, inside quotes when the key is quoted
			if c := pass.Doc.Src[name.Start]; (c == '"' || c == '\'') && name.End-name.Start == len(f.Key)+2 {
				name = rules.Span{Start: name.Start + 1, End: name.End - 1}
			}
			pass.Report(rules.Diagnostic{
				Start: f.KeySpan.Start, End: f.KeySpan.End,
				Message: fmt.Sprintf("%s %q is written %q: Jekyll and most generators read that as another key (Hugo ignores case)", what, key, f.Key),
				Fixes: []rules.Fix{{
					Message: fmt.Sprintf("Rename %q to %q", f.Key, key),
					Edits:   []rules.Edit{{Start: name.Start, End: name.End, NewText: key}},
				}},
			})
			return true
		}
	}
	return false
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// valueEnd is the end of a field's value, or of its key if the value is
// on later lines: the end of a diagnostic about the field from its key.
func valueEnd(doc *rules.Document, f *rules.Field) int {
	keyLine, _ := doc.Lines.Position(f.KeySpan.Start)
	if line, _ := doc.Lines.Position(f.Value.End); line == keyLine && f.Value.End > f.KeySpan.End {
		return f.Value.End
	}
	return f.KeySpan.End
}

// dateKeys hold dates in Hugo, Jekyll and most other generators.
var dateKeys = []string{"date", "lastmod", "publishDate", "pubdate", "expiryDate"}

var isoDate = regexp.MustCompile(`^\d{4}-\d{1,2}-\d{1,2}`)

// checkDate returns what is wrong with a date value, or "".
func checkDate(v any) string {
	switch v := v.(type) {
	case time.Time:
		return "" // a YAML timestamp or TOML date that decoded
	case string:
		s := strings.TrimSpace(v)
		if _, ok := rules.ParseDate(s); ok {
			return ""
		}
		if m := isoDate.FindString(s); m != "" {
			// A date in the right form whose day or month does not exist.
			if _, err := time.Parse("2006-1-2", m); err != nil {
				if pe, ok := err.(*time.ParseError); ok && pe.Message != "" {
					return fmt.Sprintf("%q is not a valid date%s", s, pe.Message)
				}
			}
		}
		return fmt.Sprintf("%q is not a date: write it as 2006-01-02 or 2006-01-02T15:04:05Z07:00", s)
	case nil:
		return ""
	}
	return fmt.Sprintf("is %v, not a date: write it as 2006-01-02 or 2006-01-02T15:04:05Z07:00", v)
}

// yamlPlain says in plain words what yaml.v3's messages mean in a front
// matter block.
var yamlPlain = map[string]string{
	"mapping values are not allowed in this context":               `a value holds ": ", which YAML takes for a new key; put the value in quotes`,
	"did not find expected key":                                    "this line does not fit the keys above it: check its indentation, and quotes inside quoted values",
	"found character that cannot start any token":                  "a value starts with a character YAML reserves (such as @, ` or %); put the value in quotes",
	"found a tab character that violates indentation":              "a tab is used for indentation; YAML allows only spaces",
	"found a tab character where an indentation space is expected": "a tab is used for indentation; YAML allows only spaces",
	"found unexpected end of stream":                               "a quoted value is never closed",
	"did not find expected ',' or ']'":                             `a "[" list is never closed with "]"`,
	"did not find expected ',' or '}'":                             `a "{" mapping is never closed with "}"`,
	"did not find expected '-' indicator":                          `a line inside a list does not start with "- "`,
	"did not find expected node content":                           "a value is missing",
	"could not find expected ':'":                                  `a key is not followed by ":"`,
	"found undefined tag handle":                                   `a value starts with "!", which YAML takes for a type tag; put the value in quotes`,
	"front matter is not a mapping of keys to values":              "it is not a list of key: value lines",
}

var (
	yamlDup  = regexp.MustCompile(`^mapping key "(.*)" already defined at line (\d+)$`)
	tomlDup  = regexp.MustCompile(`^Key '(.*)' has already been defined\.?$`)
	jsonWhat = []struct{ has, plain string }{
		{"looking for beginning of object key string", `a "," before "}" is not allowed in JSON, and keys need double quotes`},
		{"after object key:value pair", `a "," is missing between two fields`},
		{"after array element", `a "," is missing between two list items`},
		{"looking for beginning of value", "a value is missing or is not valid JSON (strings need double quotes)"},
		{"in string literal", "a string holds a line break or control character; write it as \\n"},
		{"unexpected EOF", "the JSON object is never closed"},
		{"cannot unmarshal", "it is not an object of \"key\": value pairs"},
	}
)

func reportDecodeError(pass *rules.Pass, fm *rules.FrontMatter) {
	doc := pass.Doc
	msg := fm.Err.Error()
	plain := ""
	switch fm.Format {
	case "yaml":
		plain = yamlPlain[msg]
		if m := yamlDup.FindStringSubmatch(msg); m != nil {
			plain = fmt.Sprintf("key %q appears twice (first on line %s)", m[1], m[2])
		}
	case "toml":
		if m := tomlDup.FindStringSubmatch(msg); m != nil {
			plain = fmt.Sprintf("key %q appears twice", m[1])
		}
	case "json":
		for _, w := range jsonWhat {
			if strings.Contains(msg, w.has) {
				plain = w.plain
				break
			}
		}
	}
	text := fmt.Sprintf("front matter is not valid %s: %s", formatName[fm.Format], msg)
	if plain != "" {
		text = fmt.Sprintf("front matter is not valid %s: %s (%s)", formatName[fm.Format], plain, msg)
	}
	line := max(1, fm.ErrLine)
	start, end := doc.Lines.LineStart(line), doc.Lines.LineEnd(doc.Src, line)
	if fm.ErrOffset >= start && fm.ErrOffset <= end {
		start = fm.ErrOffset
	} else {
		for start < end && (doc.Src[start] == ' ' || doc.Src[start] == '\t') {
			start++
		}
	}
	pass.Reportf(start, end, "%s", text)
}
