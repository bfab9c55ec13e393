package links

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/postlint/postlint/rules"
)

// jekyll collects Jekyll's {% post_url NAME %} and {% link PATH %} tags in
// src[start:end] and reports malformed ones: { post_url NAME } or
// {% post_url NAME } (a "%" lost), or {{ post_url NAME }}, all of which
// Jekyll prints as they are.
func (c *collector) jekyll(start, end int) {
	r := c.src[start:end]
	for i := 0; i < len(r); i++ {
		if r[i] != '{' {
			continue
		}
		t, ok := parseTag(r, i)
		if !ok {
			continue
		}
		i = t.end - 1
		name := string(r[t.nameStart:t.nameEnd])
		arg := r[t.argStart:t.argEnd]
		if t.open == "{%" && t.close == "%}" {
			kind := kindPostURL
			if name == "link" {
				kind = kindJekyllLink
			}
			l := newLink(kind, start+t.argStart, start+t.argEnd, string(arg))
			if f := fragmentAt(r, t.end); f > t.end+1 {
				l.setMore(0, 0, string(r[t.end:f]), start+t.end, start+f)
			}
			c.fl.links = append(c.fl.links, l)
			continue
		}
		if name == "link" && (t.open == "{{" || !bytes.ContainsAny(arg, "/.")) {
			continue // {{ link x }} and { link here } are not tags gone wrong
		}
		want := fmt.Sprintf("{%% %s %s %%}", name, arg)
		c.fl.problems = append(c.fl.problems, rules.Diagnostic{
			Start: start + t.start, End: start + t.end,
			Message: fmt.Sprintf("malformed Jekyll tag %q: Jekyll prints it as it is; want %s", r[t.start:t.end], want),
			Fixes: []rules.Fix{{
				Message: "Write " + want,
				Edits:   []rules.Edit{{Start: start + t.start, End: start + t.end, NewText: want}},
				Safe:    true,
			}},
		})
	}
}

// fragmentAt returns the end of the "#id" that starts at r[i], or i when
// there is none: it ends where a link destination or attribute does.
func fragmentAt(r []byte, i int) int {
	if i >= len(r) || r[i] != '#' {
		return i
	}
	j := i + 1
	for j < len(r) && strings.IndexByte(" \t\r\n)\"'<>]", r[j]) < 0 {
		j++
	}
	return j
}

type tag struct {
	start, end         int
	open, close        string // "{%" "{{" or "{"; "%}" "}}" or "}"
	nameStart, nameEnd int
	argStart, argEnd   int
}

// parseTag reads a post_url or link tag, well formed or not, at r[i].
func parseTag(r []byte, i int) (tag, bool) {
	t := tag{start: i}
	j := i + 1
	switch {
	case j < len(r) && r[j] == '%':
		t.open, j = "{%", j+1
	case j < len(r) && r[j] == '{':
		t.open, j = "{{", j+1
	default:
		t.open = "{"
	}
	j = skipBlanks(r, j)
	t.nameStart = j
	for j < len(r) && (r[j] >= 'a' && r[j] <= 'z' || r[j] == '_') {
		j++
	}
	t.nameEnd = j
	name := string(r[t.nameStart:t.nameEnd])
	if name != "post_url" && name != "link" {
		return t, false
	}
	if j >= len(r) || (r[j] != ' ' && r[j] != '\t') {
		return t, false
	}
	j = skipBlanks(r, j)
	t.argStart = j
	for j < len(r) && r[j] != ' ' && r[j] != '\t' && r[j] != '%' && r[j] != '}' && r[j] != '\n' {
		j++
	}
	t.argEnd = j
	if t.argEnd == t.argStart {
		return t, false
	}
	j = skipBlanks(r, j)
	switch {
	case j+1 < len(r) && r[j] == '%' && r[j+1] == '}':
		t.close, j = "%}", j+2
	case j+1 < len(r) && r[j] == '}' && r[j+1] == '}':
		t.close, j = "}}", j+2
	case j < len(r) && r[j] == '}':
		t.close, j = "}", j+1
	default:
		return t, false
	}
	t.end = j
	return t, true
}

func skipBlanks(r []byte, j int) int {
	for j < len(r) && (r[j] == ' ' || r[j] == '\t') {
		j++
	}
	return j
}
