package language

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/golangci/misspell"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/language/prose"
	"github.com/postlint/postlint/rules/language/wordlist"
)

var Misspelling = &rules.Rule{
	Name:     "misspelling",
	Summary:  "a misspelled word (\"sovle\"); the fix replaces it",
	Severity: rules.Warning,
	Run:      runMisspelling,
	Doc: `Reports misspelled words in prose: paragraphs, headings, list items, table
cells, link text, image alt text and the front-matter title, description and
summary. Code, HTML, URLs, e-mail addresses, file paths, template tags
({{ }}, {% %}) and identifiers (camelCase, snake_case, words with digits) are
never read, nor posts in a language other than English (front matter
lang/language, or a path like /ja/ or post.ja.md; see spelling.languages).

A word is misspelled when it is
  - in the list of common misspellings of github.com/golangci/misspell, or in
    postlint's own short list of typos misspell lacks ("sovle", "incase");
  - or, in lower case and five letters or more, in none of the large SCOWL
    English word lists while swapping two adjacent letters gives a common
    English word ("configuraiton", "infrastrucutre"), or, in a word of
    eight letters or more, swapping two letters with one between them does
    ("capabitilies").
Either spelling of a word is fine by default ("organisers", "organizers");
spelling.locale: US or UK reports the other one. Words with two capitals or
more are taken for acronyms ("CLAs") and not checked. A word split by
emphasis or an entity ("so*vle*") is still one word; its fix changes only
the letters that are wrong, or is left out if they straddle the markup.

Silence words with spelling.ignore in the config, or for one post with a
front-matter list:

    spelling_ignore: [grafana, kubelet]

Bad:

    The last day started with a keynote on what is left to sovle.

Good:

    The last day started with a keynote on what is left to solve.
`,
}

// projectTypos are common typos misspell's list lacks, with their fixes.
// Each is a non-word in every SCOWL list, or (incase, everytime) a rare
// word that in blog prose is nearly always the typo.
var projectTypos = map[string]string{
	"sovle":          "solve",
	"sovles":         "solves",
	"sovled":         "solved",
	"sovling":        "solving",
	"incase":         "in case",
	"alot":           "a lot",
	"eachother":      "each other",
	"atleast":        "at least",
	"aswell":         "as well",
	"ontop":          "on top",
	"infact":         "in fact",
	"everytime":      "every time",
	"dependecy":      "dependency",
	"dependecies":    "dependencies",
	"implmentation":  "implementation",
	"implemenation":  "implementation",
	"implmentations": "implementations",
	"libaries":       "libraries",
	"posible":        "possible",
	"publically":     "publicly",
	"funtions":       "functions",
	"widht":          "width",
	"heigth":         "height",
}

// notTypos are entries of misspell's list that are real words in
// technical prose, where they are not reported.
var notTypos = []string{
	"substituters", // things that substitute ${placeholders}
}

var (
	typosOnce sync.Once
	typos     *typoTable // misspell's main list and projectTypos
	toUSOnce  sync.Once
	toUS      *typoTable // British spellings to American ones
	toUKOnce  sync.Once
	toUK      *typoTable
)

// shortWord is the length below which words are looked up in the short
// table of a typoTable.
const shortWord = 5

// A typoTable maps typos to their fixes. The hundred or so typos of three
// and four letters have a table of their own, which stays in the cache:
// every short word of prose ("the", "and") is looked up, and the words
// of five letters or more only when they are not common words.
type typoTable struct{ short, long *wordlist.Table }

func (t *typoTable) Lookup(w []byte) (string, bool) {
	if len(w) < shortWord {
		return t.short.Lookup(w)
	}
	return t.long.Lookup(w)
}

// listTable builds a typoTable from misspell's (typo, correction) pairs,
// keeping only single words and leaving out the typos in skip; extra
// adds to them, or overrides them. It takes a millisecond or two, and
// leaves two strings of lines and two arrays of uint32, which the garbage
// collector never scans.
func listTable(list []string, skip []string, extra map[string]string) *typoTable {
	var short, long strings.Builder
	long.Grow(len(list) * 11)
	add := func(k, v string) {
		b := &long
		if len(k) < shortWord {
			b = &short
		}
		b.WriteString(k)
		b.WriteByte('\t')
		b.WriteString(v)
		b.WriteByte('\n')
	}
	for i := 0; i+1 < len(list); i += 2 {
		k, v := list[i], list[i+1]
		if singleWord(k) && !slices.Contains(skip, k) && strings.IndexByte(v, '\t') < 0 && strings.IndexByte(v, '\n') < 0 {
			add(k, v)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(extra)) {
		add(k, extra[k]) // later lines win
	}
	return &typoTable{short: wordlist.NewTable(short.String()), long: wordlist.NewTable(long.String())}
}

// singleWord reports a word of lowercase ASCII letters and apostrophes.
func singleWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c == '\'') {
			return false
		}
	}
	return true
}

func typoList() *typoTable {
	typosOnce.Do(func() { typos = listTable(misspell.DictMain, notTypos, projectTypos) })
	return typos
}

func localeList(l Locale) *typoTable {
	switch l {
	case "US":
		toUSOnce.Do(func() { toUS = listTable(misspell.DictAmerican, nil, nil) })
		return toUS
	case "UK":
		toUKOnce.Do(func() { toUK = listTable(misspell.DictBritish, nil, nil) })
		return toUK
	}
	return nil
}

// postIgnore reads the front-matter list spelling_ignore (a list, or one
// string of words).
func postIgnore(doc *rules.Document) map[string]bool {
	v, ok := doc.Field("spelling_ignore")
	if !ok {
		return nil
	}
	m := map[string]bool{}
	switch v := v.(type) {
	case string:
		for _, w := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' }) {
			m[normalize(w)] = true
		}
	case []any:
		for _, w := range v {
			if s, ok := w.(string); ok {
				m[normalize(s)] = true
			}
		}
	}
	return m
}

// possessive returns the length of a trailing 's or ’s.
func possessive(w string) int {
	n := len(w)
	switch {
	case n < 3 || w[n-1] != 's':
		return 0
	case w[n-2] == '\'':
		return len("'s")
	case n > len("’s") && w[n-len("’s"):n-1] == "’":
		return len("’s")
	}
	return 0
}

func runMisspelling(pass *rules.Pass) {
	p := postOf(pass)
	if !p.english {
		return
	}
	sp := spellingOf(pass.Config)
	list := typoList()
	locale := localeList(sp.Locale)
	post := postIgnore(pass.Doc)
	known := func(w string) bool { return sp.ignored(w) || post[w] }
	var buf [64]byte
	for i := range p.prose.Words {
		w := &p.prose.Words[i]
		if w.Kind != prose.Plain || len(w.Text) < 3 || upperCount(w.Text) > 1 {
			continue // an acronym ("CLAs"), or shouting
		}
		text := w.Text[:len(w.Text)-possessive(w.Text)]
		low, ok := lowerASCII(buf[:], text)
		if !ok {
			continue
		}
		var msg, fix string
		ok = false
		if locale != nil {
			if fix, ok = locale.Lookup(low); ok {
				msg = "%q is " + otherLocale(sp.Locale) + " spelling; spelling.locale is " + string(sp.Locale) + ": use %q"
			}
		}
		if !ok && wordlist.Common(low) {
			continue // most words: one lookup
		}
		if !ok {
			if fix, ok = list.Lookup(low); ok {
				msg = "%q is a misspelling of %q"
			}
		}
		if !ok && w.Lower() {
			if fix, ok = wordlist.Transposition(low); ok {
				msg = "%q is a misspelling of %q (two letters swapped)"
			}
		}
		if !ok || known(string(low)) {
			continue
		}
		fix = termCase(pass.Config, matchCase(text, fix))
		reportWord(pass, p.prose, w, text, fmt.Sprintf(msg, text, fix), fix)
	}
}

func otherLocale(l Locale) string {
	if l == "US" {
		return "British"
	}
	return "American"
}

func upperCount(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' {
			n++
		}
	}
	return n
}

// termCase gives a correction the casing of the terms vocabulary when the
// terms rule runs ("Yotube" becomes "YouTube", not "Youtube"), so that one
// fix does not make a diagnostic of the other.
func termCase(cfg *rules.Config, fix string) string {
	set := cfg.Rule(Terms.Name)
	if set.Severity == rules.Off {
		return fix
	}
	opts, _ := set.Options.(*TermsOptions)
	if opts == nil {
		opts = &TermsOptions{}
	}
	t := opts.vocabulary().table[strings.ToLower(fix)]
	if t == nil || t.lower && fix == strings.ToLower(fix) || fix == t.correct || slices.Contains(t.also, fix) ||
		t.wrong != nil && !t.wrong[fix] {
		return fix
	}
	return t.correct
}
