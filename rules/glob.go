package rules

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// A Glob is a compiled ignore: pattern, matched against slash-separated
// paths. In it, "*" is any run of characters but "/", "?" one character
// but "/", "[a-z]" one character of a class ("[^a-z]" or "[!a-z]" one
// outside it), "{a,b}" any of the alternatives (which may hold all of
// these), and "\x" the character x itself. "**" as a whole path element
// (a/**/b, **/x, x/**) is any number of elements, none included; elsewhere
// (docs/**.md) it is any run of characters, "/" included.
//
// A glob is turned into a regular expression of Go's regexp package, whose
// matching takes time linear in the length of the path (and of the glob):
// a backtracking matcher took over 30 s on a glob of sixteen "**".
type Glob struct {
	src string
	re  *regexp.Regexp
}

// CompileGlob checks and compiles a glob; a leading or trailing "/" is
// dropped ("/drafts/" is "drafts").
func CompileGlob(glob string) (*Glob, error) {
	toks, err := tokenizeGlob(strings.Trim(glob, "/"))
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	b.WriteString(`(?s)\A`)
	globRegexp(&b, toks)
	b.WriteString(`\z`)
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil, fmt.Errorf("too complex: %v", err)
	}
	return &Glob{src: glob, re: re}, nil
}

// Match reports whether the slash-separated path name matches the glob.
func (g *Glob) Match(name string) bool { return g.re.MatchString(name) }

func (g *Glob) String() string { return g.src }

// MatchGlob matches a slash-separated path against a glob (see Glob); a
// glob that does not compile matches nothing.
func MatchGlob(glob, name string) bool {
	g, err := CompileGlob(glob)
	return err == nil && g.Match(name)
}

type globTokenKind uint8

const (
	gLit   globTokenKind = iota // a literal character or a class, as a regexp
	gSlash                      // "/"
	gStar                       // "*"
	gStar2                      // "**" (or more stars)
	gOpen                       // "{"
	gComma                      // "," inside braces
	gClose                      // "}" closing braces
)

type globToken struct {
	kind  globTokenKind
	re    string // for gLit
	group int    // for gOpen, gComma, gClose: the index of the group's "{"
}

func tokenizeGlob(src string) ([]globToken, error) {
	var toks []globToken
	var open []int // indices of the unclosed "{" tokens
	opened := []int{}
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '*':
			j := i
			for j < len(src) && src[j] == '*' {
				j++
			}
			if j-i == 1 {
				toks = append(toks, globToken{kind: gStar})
			} else {
				toks = append(toks, globToken{kind: gStar2})
			}
			i = j
		case c == '?':
			toks = append(toks, globToken{kind: gLit, re: `[^/]`})
			i++
		case c == '/':
			toks = append(toks, globToken{kind: gSlash})
			i++
		case c == '[':
			re, n, err := globClass(src, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, globToken{kind: gLit, re: re})
			i += n
		case c == '{':
			open = append(open, len(toks))
			opened = append(opened, i)
			toks = append(toks, globToken{kind: gOpen, group: len(toks)})
			i++
		case c == ',' && len(open) > 0:
			toks = append(toks, globToken{kind: gComma, group: open[len(open)-1]})
			i++
		case c == '}' && len(open) > 0:
			toks = append(toks, globToken{kind: gClose, group: open[len(open)-1]})
			open, opened = open[:len(open)-1], opened[:len(opened)-1]
			i++
		default:
			if c == '\\' {
				i++
				if i == len(src) {
					return nil, fmt.Errorf("it ends with a lone \\")
				}
			}
			r, n := utf8.DecodeRuneInString(src[i:])
			re := regexp.QuoteMeta(src[i : i+n])
			if r == utf8.RuneError && n == 1 {
				re = fmt.Sprintf(`\x%02x`, src[i])
			}
			toks = append(toks, globToken{kind: gLit, re: re})
			i += n
		}
	}
	if len(opened) > 0 {
		return nil, fmt.Errorf("the %q at byte %d is never closed", "{", opened[len(opened)-1]+1)
	}
	return toks, nil
}

// globClass turns the class [...] at src[i] into a regexp class that never
// matches "/", and returns its length in src.
func globClass(src string, i int) (string, int, error) {
	j := i + 1
	neg := j < len(src) && (src[j] == '^' || src[j] == '!')
	if neg {
		j++
	}
	char := func() (rune, bool) {
		if src[j] == '\\' {
			j++
			if j == len(src) {
				return 0, false
			}
		}
		r, n := utf8.DecodeRuneInString(src[j:])
		j += n
		return r, true
	}
	var ranges [][2]rune
	for {
		if j >= len(src) {
			return "", 0, fmt.Errorf("the %q at byte %d is never closed", "[", i+1)
		}
		if src[j] == ']' && len(ranges) > 0 {
			j++
			break
		}
		lo, ok := char()
		if !ok {
			return "", 0, fmt.Errorf("the %q at byte %d is never closed", "[", i+1)
		}
		hi := lo
		if j+1 < len(src) && src[j] == '-' && src[j+1] != ']' {
			j++
			if hi, ok = char(); !ok {
				return "", 0, fmt.Errorf("the %q at byte %d is never closed", "[", i+1)
			}
			if hi < lo {
				return "", 0, fmt.Errorf("bad range %c-%c in the class at byte %d", lo, hi, i+1)
			}
		}
		ranges = append(ranges, [2]rune{lo, hi})
	}
	var b strings.Builder
	b.WriteString("[")
	if neg {
		b.WriteString("^/")
	}
	for _, r := range ranges {
		lo, hi := r[0], r[1]
		if !neg && lo <= '/' && '/' <= hi {
			// A class never matches "/": leave it out of the range.
			if lo < '/' {
				fmt.Fprintf(&b, `\x{%x}-\x{%x}`, lo, '/'-1)
			}
			lo = '/' + 1
			if lo > hi {
				continue
			}
		}
		fmt.Fprintf(&b, `\x{%x}-\x{%x}`, lo, hi)
	}
	b.WriteString("]")
	if b.String() == "[]" {
		return `[^\x00-\x{10ffff}]`, j - i, nil // [/] matches nothing
	}
	return b.String(), j - i, nil
}

// elementStart reports whether the token before toks[k] starts a path
// element: the glob's start, a "/", or the "{" or "," of a group that
// itself starts one.
func elementStart(toks []globToken, k int) bool {
	for j := k - 1; ; j-- {
		if j < 0 {
			return true
		}
		switch toks[j].kind {
		case gSlash:
			return true
		case gOpen, gComma:
			j = toks[j].group // continue before the group's "{"
		default:
			return false
		}
	}
}

// elementEnd reports whether the token after toks[k] ends a path element:
// the glob's end, a "/", or the "," or "}" of a group that itself ends one.
func elementEnd(toks []globToken, k int) bool {
	for j := k + 1; ; j++ {
		if j >= len(toks) {
			return true
		}
		switch toks[j].kind {
		case gSlash:
			return true
		case gComma:
			// Continue after the group's "}".
			g := toks[j].group
			for toks[j].kind != gClose || toks[j].group != g {
				j++
			}
		case gClose:
		default:
			return false
		}
	}
}

// globRegexp writes the regexp of toks.
func globRegexp(b *strings.Builder, toks []globToken) {
	// wholeStar2 reports a "**" that is a whole path element.
	wholeStar2 := func(k int) bool {
		return k < len(toks) && toks[k].kind == gStar2 && elementStart(toks, k) && elementEnd(toks, k)
	}
	for k := 0; k < len(toks); k++ {
		switch t := toks[k]; t.kind {
		case gLit:
			b.WriteString(t.re)
		case gStar:
			b.WriteString(`[^/]*`)
		case gSlash:
			if wholeStar2(k+1) && (k+2 == len(toks) || toks[k+2].kind != gSlash) {
				// x/**: x itself, or anything below it.
				b.WriteString(`(?:/.*)?`)
				k++
				continue
			}
			b.WriteString(`/`)
		case gStar2:
			switch {
			case wholeStar2(k) && k+1 < len(toks) && toks[k+1].kind == gSlash:
				b.WriteString(`(?:.*/)?`) // **/: no element, or some
				k++
			default:
				b.WriteString(`.*`) // ** alone, or docs/**.md: across directories
			}
		case gOpen:
			b.WriteString(`(?:`)
		case gComma:
			b.WriteString(`|`)
		case gClose:
			b.WriteString(`)`)
		}
	}
}
