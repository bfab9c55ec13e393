// Package language holds the rules that read a post's prose: misspelled
// words (misspelling), real words used in place of others (wrong-word) and
// product names with the wrong casing (terms). All three look only at the
// words package prose finds, and only in posts written in English.
package language

import (
	"fmt"
	"path"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/language/prose"
)

// Rules are the language rules, in the order `postlint rules` lists them.
var Rules = []*rules.Rule{Misspelling, RepeatedWord, WrongWord, Terms}

// Sections are the config sections of the language rules.
var Sections = []rules.Section{{Key: "spelling", New: func() any { return NewSpelling() }}}

// Spelling is the `spelling` config section.
type Spelling struct {
	// Locale is "" (American and British spellings are both fine), "US"
	// or "UK".
	Locale Locale `yaml:"locale"`
	// Ignore lists words misspelling never reports, in any case.
	Ignore []string `yaml:"ignore"`
	// Languages are the languages whose posts the language rules check,
	// compared by primary subtag ("en" matches "en-GB").
	Languages []string `yaml:"languages"`

	once      sync.Once
	ignoreSet map[string]bool
	langs     map[string]bool
}

// NewSpelling returns the section's defaults.
func NewSpelling() *Spelling { return &Spelling{Languages: []string{"en"}} }

func (s *Spelling) build() {
	s.once.Do(func() {
		s.ignoreSet = map[string]bool{}
		for _, w := range s.Ignore {
			s.ignoreSet[normalize(w)] = true
		}
		s.langs = map[string]bool{}
		for _, l := range s.Languages {
			s.langs[primary(l)] = true
		}
	})
}

// ignored reports whether the config ignores the lower-case word w.
func (s *Spelling) ignored(w string) bool {
	s.build()
	return s.ignoreSet[w]
}

// A Locale is the spelling a site holds to: "", "US" or "UK".
type Locale string

// UnmarshalYAML accepts US, UK (or GB, en-US, en-GB) in any case, or "".
func (l *Locale) UnmarshalYAML(n *yaml.Node) error {
	switch strings.ToUpper(strings.ReplaceAll(n.Value, "_", "-")) {
	case "":
		*l = ""
	case "US", "EN-US":
		*l = "US"
	case "UK", "GB", "EN-GB", "EN-UK":
		*l = "UK"
	default:
		// A TypeError carries the line into postlint's config error.
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: spelling: locale: unknown locale %q (want US or UK, or nothing for either)", n.Line, n.Value)}}
	}
	return nil
}

func spellingOf(c *rules.Config) *Spelling { return c.Section("spelling").(*Spelling) }

// normalize lower-cases a word and straightens its apostrophes.
func normalize(w string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(w)), "’", "'")
}

func primary(lang string) string {
	lang = strings.ToLower(strings.TrimSpace(lang))
	if strings.HasPrefix(lang, "english") { // "English", "English (UK)"
		return "en"
	}
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		lang = lang[:i]
	}
	return lang
}

// langCodes are the ISO 639-1 codes that sites put in paths for
// translations ("/ja/", "/pt-br/", "post.fr.md").
var langCodes = map[string]bool{}

func init() {
	for _, c := range strings.Fields(`ar bg bn ca cs cy da de el en eo es et eu fa fi fr ga gl he hi hr hu hy
		id is it ja ka kk km ko lt lv mk ml mn mr ms my nb ne nl nn no pa pl pt ro ru si sk sl sq sr sv sw
		ta te th tl tr uk ur uz vi zh`) {
		langCodes[c] = true
	}
}

// langCode reports whether s looks like a language tag: a known code,
// maybe with a region or script ("zh-cn", "pt_BR", "zh-Hans").
func langCode(s string) bool {
	s = strings.ToLower(s)
	code, region, found := strings.Cut(strings.ReplaceAll(s, "_", "-"), "-")
	if !langCodes[code] {
		return false
	}
	if !found {
		return true
	}
	if len(region) < 2 || len(region) > 4 {
		return false
	}
	for _, c := range region {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// postLanguage is the language a post is in, as its front matter (lang or
// language) or its path ("/ja/", "post.ja.md") says; "" when nothing says.
// It is read once a post: the language rules and image-alt all ask.
func postLanguage(doc *rules.Document) string {
	return doc.Memo(langKey{}, func() any { return readLanguage(doc) }).(string)
}

type langKey struct{}

func readLanguage(doc *rules.Document) string {
	for _, key := range []string{"lang", "language"} {
		if s, ok := doc.StringField(key); ok && strings.TrimSpace(s) != "" {
			return s
		}
	}
	p := strings.ReplaceAll(doc.Path, "\\", "/")
	dir, file := path.Split(p)
	stem := strings.TrimSuffix(file, path.Ext(file))
	if ext := path.Ext(stem); len(ext) > 1 && langCode(ext[1:]) {
		return ext[1:]
	}
	parts := strings.Split(strings.Trim(dir, "/"), "/")
	for i := len(parts) - 1; i >= 0; i-- {
		if langCode(parts[i]) {
			return parts[i]
		}
	}
	return ""
}

type postKey struct{}

// post is what the language rules share about one document.
type post struct {
	english bool
	prose   *prose.Prose
}

// postOf extracts the document's prose once for all three rules; a post in
// a language the config does not check has none.
func postOf(pass *rules.Pass) *post {
	doc := pass.Doc
	return doc.Memo(postKey{}, func() any {
		sp := spellingOf(pass.Config)
		sp.build()
		lang := postLanguage(doc)
		p := &post{english: lang == "" && sp.langs["en"] || lang != "" && sp.langs[primary(lang)]}
		if p.english {
			p.prose = prose.Extract(doc)
			// A post that says nothing of its language is taken for
			// English only if its prose reads like English.
			if lang == "" && !looksEnglish(p.prose.Words) {
				p.english, p.prose = false, nil
			}
		}
		return p
	}).(*post)
}

// lowerASCII writes s in lower case, with curly apostrophes straightened,
// into buf, and reports false when s has other non-ASCII characters or
// does not fit: every word list is ASCII.
func lowerASCII(buf []byte, s string) ([]byte, bool) {
	// Nearly every word is ASCII and fits: a byte a step, without the
	// checks of append, then lowerSlow for the others.
	if len(s) > cap(buf) {
		return lowerSlow(buf, s)
	}
	buf = buf[:len(s)]
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			return lowerSlow(buf, s)
		}
		if c-'A' < 26 {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return buf, true
}

// lowerSlow is lowerASCII for a word that is not ASCII or is longer than
// buf.
func lowerSlow(buf []byte, s string) ([]byte, bool) {
	buf = buf[:0]
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		case c < 0x80:
		case strings.HasPrefix(s[i:], "’"):
			c = '\''
			i += len("’") - 1
		default:
			return buf, false
		}
		if len(buf) == cap(buf) {
			return buf, false
		}
		buf = append(buf, c)
	}
	return buf, true
}

// matchCase gives fix the case of the word it replaces: Title or lower.
func matchCase(word, fix string) string {
	if word != "" && word[0] >= 'A' && word[0] <= 'Z' && fix != "" && fix[0] >= 'a' && fix[0] <= 'z' {
		return string(fix[0]-('a'-'A')) + fix[1:]
	}
	return fix
}

// reportWord reports text, the start of w without a possessive "'s",
// with a safe fix that writes repl in its place. The possessive stays out
// of the range.
func reportWord(pass *rules.Pass, p *prose.Prose, w *prose.Word, text, msg, repl string) {
	end := w.End
	if w.Exact {
		end = w.Start + len(text)
	}
	pass.Report(rules.Diagnostic{
		Start:   w.Start,
		End:     end,
		Message: msg,
		Fixes:   wordFix(p, w, 0, len(text), repl, true),
	})
}

// wordFix is a fix that replaces the bytes [from, to) of w's text with
// repl. When the word spans markup ("so*vle*") the edit touches only the
// bytes that change, and there is no fix if those cross the markup.
func wordFix(p *prose.Prose, w *prose.Word, from, to int, repl string, safe bool) []rules.Fix {
	old := w.Text[from:to]
	if !w.Exact {
		pre := 0
		for pre < len(old) && pre < len(repl) && old[pre] == repl[pre] {
			pre++
		}
		suf := 0
		for suf < len(old)-pre && suf < len(repl)-pre && old[len(old)-1-suf] == repl[len(repl)-1-suf] {
			suf++
		}
		from, to = from+pre, to-suf
		repl = repl[pre : len(repl)-suf]
	}
	start, end, ok := p.Source(w, from, to)
	if !ok {
		return nil
	}
	return []rules.Fix{{
		Message: fmt.Sprintf("Replace with %q", w.Text[:from]+repl+w.Text[to:]),
		Edits:   []rules.Edit{{Start: start, End: end, NewText: repl}},
		Safe:    safe,
	}}
}

// firstLetters records the (length, first letter, last byte) of the
// words of a list, to pass over most words without lower-casing and
// hashing them: the first letter alone let through about a third of the
// words of prose for a list of a few hundred.
type firstLetters struct {
	// last[n][c] holds the lastBit of each word of n bytes that starts
	// with the letter 'a'+c: the pair, not each alone, so that "an" and
	// "im" do not let "in" through.
	last [32][26]uint32
}

func (f *firstLetters) add(w string) {
	if c := w[0] | 0x20; len(w) < len(f.last) && c >= 'a' && c <= 'z' {
		f.last[len(w)][c-'a'] |= lastBit(w[len(w)-1])
	}
}

// may reports whether a word of the list could be w, in any case.
func (f *firstLetters) may(w string) bool {
	c := w[0] | 0x20
	return len(w) < len(f.last) && c >= 'a' && c <= 'z' && f.last[len(w)][c-'a']&lastBit(w[len(w)-1]) != 0
}

// lastBit is the bit of a word's last byte: its letter in either case, or
// one bit for digits, one for the bytes of non-ASCII characters and one
// for the rest.
func lastBit(c byte) uint32 {
	switch l := c | 0x20; {
	case l >= 'a' && l <= 'z':
		return 1 << (l - 'a')
	case c >= '0' && c <= '9':
		return 1 << 26
	case c >= 0x80:
		return 1 << 27
	}
	return 1 << 28
}

// functionWords are the commonest words of English prose: about two words
// in five of any English text are among them, and almost none of another
// language's (the few they share, "a", "no", "me", are left out).
var functionWords = set(`the of and to in is it that for you was with on as are be this have or by not
	but from at we an they can which will if there all one has been their more do when so what about
	would these our how also some other than then its into only new use them may like just see each most
	such any were should could out up your my who make over after where because very well both here
	through i it's we're you're don't isn't does did had being those many much why while between`)

// Sample sizes of looksEnglish: the words read, and the fewest that tell.
const (
	sampleWords = 600
	fewestWords = 40
)

// looksEnglish reports whether the first words of a post's prose read like
// English: fewer than half its letters are of another script than Latin,
// and one word in eight or more is an English function word or there are
// no fewer of them than of other languages' (a list of names, filler text
// and an English post with a long Japanese example are English). Posts
// with too few words to tell are taken for English. Word lists of other
// languages, or a language-detection library, would say which language a
// post is in; the rules need only know whether it is English, and this
// costs a few microseconds and no memory.
func looksEnglish(ws []prose.Word) bool {
	n, hits, foreign, ascii, other := englishSample(ws)
	if n < fewestWords {
		return true
	}
	if other*2 >= ascii+other {
		return false
	}
	// Few English function words and more of other languages': Spanish,
	// Portuguese, French, German, Italian, Dutch. Text with neither (a
	// list of names, filler) is taken for English.
	return hits*8 >= n || foreign <= hits
}

// foreignWords are function words of other languages written in Latin
// letters that English does not use ("no", "in", "die" are left out).
var foreignWords = set(`de la que el en los las del se por con para una es al lo como más pero sus le les des et
	est du au il dans pour pas sur qui ne der und das ist dem nicht mit von zu ein eine auf für sich di che
	della dei delle het een op niet voor zijn em um uma não os do da dos das na ao é são mais também`)

// sampleFirst passes over most words of a sample before they are lowered
// and looked up in functionWords and foreignWords: those whose length,
// first letter and last byte no word of either has, in any case and with
// a curly apostrophe for a straight one. (A word that starts with another
// letter than a-z, as "é" does, is always looked up.)
var sampleFirst = func() *firstLetters {
	f := new(firstLetters)
	for _, m := range []map[string]bool{functionWords, foreignWords} {
		for w := range m {
			f.add(w)
			f.add(strings.ReplaceAll(w, "'", "’"))
		}
	}
	return f
}()

// The languages functionWord tells apart.
const (
	neither = iota
	english
	otherLanguage
)

// functionWord says whether w is one of functionWords (english), of
// foreignWords (otherLanguage), or neither; buf holds at least 8 bytes.
func functionWord(w *prose.Word, buf []byte) int {
	if len(w.Text) > 8 || w.Text[0] < utf8.RuneSelf && !sampleFirst.may(w.Text) {
		return neither // function words are short
	}
	// A word lowerASCII lowers is not lowered again: no foreign word has
	// an apostrophe, the one thing it changes besides.
	low, ok := lowerASCII(buf, w.Text)
	switch {
	case ok && functionWords[string(low)]:
		return english
	case ok && foreignWords[string(low)] || !ok && foreignWords[strings.ToLower(w.Text)]:
		return otherLanguage
	}
	return neither
}

// foreignAt reports whether ws[i] is in a stretch of another language
// inside an English post, as a quote in French or a paragraph in German
// is: its sentence, or its block, has at least two function words of
// other languages and fewer English ones. misspelling and repeated-word
// ask it only of a word they are about to report, so the prose of most
// posts is not read again. (wrong-word's entries need English words
// around them, and none was seen to match in French, Spanish, German or
// Italian text; terms are names, whatever the language.)
func foreignAt(ws []prose.Word, i int) bool {
	b := ws[i].Block
	lo, hi := i, i+1
	for lo > 0 && ws[lo-1].Block == b {
		lo--
	}
	for hi < len(ws) && ws[hi].Block == b {
		hi++
	}
	start, end := i, i+1
	for start > lo && ws[start].Before&prose.SepStop == 0 {
		start--
	}
	for end < hi && ws[end].Before&prose.SepStop == 0 {
		end++
	}
	return foreignStretch(ws[start:end]) || foreignStretch(ws[lo:hi])
}

func foreignStretch(ws []prose.Word) bool {
	var buf [16]byte
	ours, theirs := 0, 0
	for i := range ws {
		switch functionWord(&ws[i], buf[:]) {
		case english:
			ours++
		case otherLanguage:
			theirs++
		}
	}
	return theirs >= 2 && theirs > ours
}

// englishSample reads the first sampleWords words: how many, how many are
// English function words and how many other languages', and their Latin
// and other letters.
func englishSample(ws []prose.Word) (n, hits, foreign, ascii, other int) {
	var buf [16]byte
	for i := range ws {
		w := &ws[i]
		if w.Kind == prose.Number {
			continue
		}
		n++
		switch functionWord(w, buf[:]) {
		case english:
			hits++
		case otherLanguage:
			foreign++
		}
		for k := 0; k < len(w.Text); k++ {
			if w.Text[k] < utf8.RuneSelf {
				ascii++
				continue
			}
			r, size := utf8.DecodeRuneInString(w.Text[k:])
			k += size - 1
			switch {
			case r < 0x250: // the Latin letters with accents
				ascii++
			case unicode.IsLetter(r):
				other++
			}
		}
		if n == sampleWords {
			break
		}
	}
	return n, hits, foreign, ascii, other
}
