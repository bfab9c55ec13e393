package links

import "bytes"

// An htmlAttr is one attribute of a start tag in raw HTML; start and end
// delimit its value in the file (without quotes). An attribute written
// without a value (<img alt>) has an empty value at the end of its name.
type htmlAttr struct {
	tag, name  string // lower-cased
	value      []byte
	start, end int
	tagStart   int // the "<" of the tag: attributes of one tag share it
}

// scanHTML calls f for every attribute of every start tag in src[start:end].
// It is a tokenizer, not a parser: comments, declarations and end tags are
// skipped, nothing else is understood. That is all a link checker needs
// of the raw HTML in a post.
func scanHTML(src []byte, start, end int, f func(htmlAttr)) {
	i := start
	for i < end {
		j := bytes.IndexByte(src[i:end], '<')
		if j < 0 {
			return
		}
		i += j
		rest := src[i:end]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			k := bytes.Index(rest[4:], []byte("-->"))
			if k < 0 {
				return
			}
			i += 4 + k + 3
			continue
		case len(rest) > 1 && (rest[1] == '!' || rest[1] == '?' || rest[1] == '/'):
			k := bytes.IndexByte(rest, '>')
			if k < 0 {
				return
			}
			i += k + 1
			continue
		}
		i++
		nameStart := i
		for i < end && isTagNameByte(src[i]) {
			i++
		}
		if i == nameStart || !isLetter(src[nameStart]) || (i < end && !isSpace(src[i]) && src[i] != '>' && src[i] != '/') {
			continue // "a < b", "<3": not a tag
		}
		tag := lowerName(src[nameStart:i])
		i = scanAttrs(src, i, end, tag, nameStart-1, f)
	}
}

// scanAttrs reads attributes from i up to the end of the tag and returns
// the offset after it.
func scanAttrs(src []byte, i, end int, tag string, tagStart int, f func(htmlAttr)) int {
	for i < end {
		for i < end && (isSpace(src[i]) || src[i] == '/') {
			i++
		}
		if i >= end || src[i] == '>' {
			return i + 1
		}
		nameStart := i
		for i < end && !isSpace(src[i]) && src[i] != '=' && src[i] != '>' && src[i] != '/' {
			i++
		}
		name := lowerName(src[nameStart:i])
		j := i
		for j < end && isSpace(src[j]) {
			j++
		}
		if j >= end || src[j] != '=' {
			if i > nameStart { // an attribute without a value
				f(htmlAttr{tag: tag, name: name, value: src[i:i], start: i, end: i, tagStart: tagStart})
			}
			continue
		}
		j++
		for j < end && isSpace(src[j]) {
			j++
		}
		if j >= end {
			return end
		}
		var vs, ve int
		if q := src[j]; q == '"' || q == '\'' {
			k := bytes.IndexByte(src[j+1:end], q)
			if k < 0 {
				return end
			}
			vs, ve = j+1, j+1+k
			i = ve + 1
		} else {
			vs = j
			for j < end && !isSpace(src[j]) && src[j] != '>' {
				j++
			}
			ve = j
			i = j
		}
		f(htmlAttr{tag: tag, name: name, value: src[vs:ve], start: vs, end: ve, tagStart: tagStart})
	}
	return end
}

// lowerName returns string(bytes.ToLower(b)): for the tags and
// attributes posts write most, written in lower case, a string made
// once, not two copies of b for each tag and attribute.
func lowerName(b []byte) string {
	for _, c := range b {
		if c >= 'A' && c <= 'Z' || c >= 0x80 {
			return string(bytes.ToLower(b))
		}
	}
	if s, ok := htmlNames[string(b)]; ok {
		return s
	}
	return string(b)
}

var htmlNames = func() map[string]string {
	m := map[string]string{}
	for _, s := range []string{
		"a", "img", "figure", "figcaption", "picture", "source", "video", "audio", "iframe",
		"div", "span", "p", "br", "hr", "b", "i", "em", "strong", "sup", "sub", "code", "pre",
		"ul", "ol", "li", "table", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
		"section", "details", "summary", "blockquote", "kbd", "small", "center", "font",
		"href", "src", "srcset", "id", "name", "alt", "title", "class", "style", "width",
		"height", "target", "rel", "loading", "role", "aria-hidden", "align", "type",
		"frameborder", "allowfullscreen", "allow", "controls", "colspan",
	} {
		m[s] = s
	}
	return m
}()

func isTagNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-'
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }
