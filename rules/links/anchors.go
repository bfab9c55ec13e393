package links

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// An anchor style is the way a site generator turns heading text into the
// id a #fragment names.
type anchorStyle string

const (
	styleAuto     anchorStyle = "auto"
	styleGitHub   anchorStyle = "github"   // GitHub, and Jekyll's default GFM input
	styleHugo     anchorStyle = "hugo"     // Hugo's goldmark (autoHeadingIDType: github)
	styleKramdown anchorStyle = "kramdown" // kramdown's own input (Jekyll with input: kramdown)
)

var styles = [...]anchorStyle{styleGitHub, styleHugo, styleKramdown}

// styleSlot is the index of the style in styles; github's for any other,
// whose ids are made as github's are.
func styleSlot(style anchorStyle) int {
	switch style {
	case styleHugo:
		return 1
	case styleKramdown:
		return 2
	}
	return 0
}

// slugGitHub is github-slugger's algorithm, which GitHub uses for
// READMEs: lower-case the rendered text, drop everything but letters,
// marks, numbers, "-" and "_", and turn each space into "-".
func slugGitHub(text string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(text) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsNumber(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// slugHugo is Hugo's default ("github") heading id: the trimmed rendered
// text, letters, digits and "_" lower-cased, spaces and "-" as "-",
// everything else (marks included) dropped.
func slugHugo(text string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(text) {
		switch {
		case r == ' ' || r == '-':
			b.WriteByte('-')
		case r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// slugKramdown is kramdown's basic_generate_id over the heading's raw
// source text: drop leading characters up to the first ASCII letter, keep
// only ASCII letters, digits, spaces and "-", spaces become "-",
// lower-case; "section" if nothing is left.
func slugKramdown(raw string) string {
	i := strings.IndexFunc(raw, func(r rune) bool { return r < utf8.RuneSelf && isLetter(byte(r)) })
	if i < 0 {
		return "section"
	}
	var b strings.Builder
	for _, c := range []byte(raw[i:]) {
		switch {
		case c == ' ':
			b.WriteByte('-')
		case c == '-' || isLetter(c) || c >= '0' && c <= '9':
			b.WriteByte(c | 0x20*boolByte(c >= 'A' && c <= 'Z'))
		}
	}
	return b.String()
}

func boolByte(b bool) byte {
	if b {
		return 1
	}
	return 0
}

// headingIDs returns the ids the headings get in the given style, in
// order: an explicit {#id} wins, repeats get "-1", "-2"...
func headingIDs(hs []heading, style anchorStyle) []string {
	used := map[string]int{}
	for _, h := range hs {
		if h.id != "" {
			used[h.id] = 0
		}
	}
	ids := make([]string, 0, len(hs))
	for _, h := range hs {
		if h.id != "" {
			ids = append(ids, h.id)
			continue
		}
		var id string
		switch style {
		case styleKramdown:
			id = slugKramdown(h.raw)
		case styleHugo:
			id = slugHugo(h.text)
			if id == "" {
				id = "heading"
			}
		default:
			id = slugGitHub(h.text)
		}
		if n, dup := used[id]; dup {
			for {
				n++
				cand := id + "-" + strconv.Itoa(n)
				if _, taken := used[cand]; !taken {
					used[id] = n
					id = cand
					break
				}
			}
		}
		used[id] = 0
		ids = append(ids, id)
	}
	return ids
}
