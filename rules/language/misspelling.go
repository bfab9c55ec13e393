package language

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/golangci/misspell"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/language/prose"
	"github.com/postlint/postlint/rules/language/wordlist"
	"github.com/postlint/postlint/rules/language/wordlist/morph"
)

var Misspelling = &rules.Rule{
	Name:     "misspelling",
	Summary:  "a misspelled word (\"sovle\"); the fix replaces it",
	Severity: rules.Warning,
	Fixes:    rules.SomeSafe,
	FixNote:  "The correction is safe when one clearly wins; when several are about as likely, each is a suggestion.",
	Run:      runMisspelling,
	RunSet:   runMisspellingSet,
	NewFact:  func() any { return new(SpellingFact) },
	Doc: `Reports misspelled words in prose: paragraphs, headings, list items, table
cells, link text, image alt text and the front-matter title, description and
summary. Code, HTML, URLs, e-mail addresses, file paths, template tags
({{ }}, {% %}) and identifiers (camelCase, snake_case, words with digits) are
never read, nor posts in a language other than English (front matter
lang/language, or a path like /ja/ or post.ja.md; see spelling.languages).

A word is misspelled when it is
  - in a list of known typos: golangci/misspell's, the typos project's
    ("certficate"), or postlint's own ("sovle", "incase"); the lists leave
    out words of the English lists and of the technical vocabulary;
  - five letters or more, in no word list, and one slip from a common word:
    a letter left out, put in or changed, or two letters swapped ("servce",
    "untaitned"; two letters one apart in words of eight letters or more);
  - a contraction without its apostrophe ("dont", "thats"; "wont" and
    "cant" only where a noun cannot be).
The fix is safe when one correction clearly wins; otherwise the likeliest
ones are offered as suggestions. Either spelling of a word is fine by
default ("organisers", "organizers"); spelling.locale: US or UK reports the
other one.

Left alone: words of SCOWL's large English lists, of a technical
vocabulary and their regular forms ("upstreams", "lowercased",
"reimplementing"); a word the site uses in another post or three times in
one post; capitalised words (names) not on a list of typos, unless one slip
from a name the post writes elsewhere ("Lamdba" beside "Lambda"); words of fewer
than five letters not on a list; quoted words, link text naming its URL,
acronyms, and words a post marks with cSpell:ignore or cSpell:disable. A
word split by emphasis or an entity ("so*vle*") is still one word; its fix
changes only the letters that are wrong, or is left out if they straddle
the markup.

Teach it a word with spelling.ignore in the config, for one post with a
front-matter list, or for one line with a directive:

    spelling_ignore: [grafana, kubelet]
    <!-- postlint-disable-next-line misspelling -->

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

// missingApostrophe are contractions written without their apostrophe.
// "wont" and "cant" are words too ("as is his wont", "the cant of the
// trade"): they are taken for the contraction only where a noun cannot
// be (see contraction).
var missingApostrophe = map[string]string{
	"dont": "don't", "doesnt": "doesn't", "didnt": "didn't", "isnt": "isn't", "arent": "aren't",
	"wasnt": "wasn't", "werent": "weren't", "hasnt": "hasn't", "havent": "haven't", "hadnt": "hadn't",
	"cant": "can't", "couldnt": "couldn't", "shouldnt": "shouldn't", "wouldnt": "wouldn't", "wont": "won't",
	"mustnt": "mustn't", "neednt": "needn't", "thats": "that's", "whats": "what's", "theres": "there's",
	"youre": "you're", "theyre": "they're", "youve": "you've", "weve": "we've", "theyve": "they've",
	"youll": "you'll", "theyll": "they'll", "shouldve": "should've", "couldve": "could've",
	"wouldve": "would've", "aint": "ain't", "heres": "here's", "whos": "who's",
	"youd": "you'd", "theyd": "they'd", "itll": "it'll", "thatll": "that'll", "mightve": "might've",
	"mustve": "must've",
}

// settled follows each fix that is itself a known typo with one fix to
// that fix: misspell's list and the typos project's disagree on a few
// words ("configurat" → "configurate" in one, "configurate" → "configure"
// in the other), and a fix must not write what this rule reports.
func settled(fixes []string) []string {
	out := fixes[:0:0]
	for _, f := range fixes {
		for range 3 {
			next, ok := wordlist.Typo([]byte(f))
			if !ok || len(next) != 1 {
				break
			}
			f = next[0]
		}
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// apostrophes returns a copy of fixes, each withApostrophe.
func apostrophes(fixes []string) []string {
	out := make([]string, len(fixes))
	for i, f := range fixes {
		out[i] = withApostrophe(f)
	}
	return out
}

// withApostrophe returns the contraction a candidate fix spells without
// its apostrophe ("shouldnt" for the typo "shouldt" is "shouldn't"): a
// fix must not write what this rule reports. "wont" and "cant" are words.
func withApostrophe(word string) string {
	if a, ok := missingApostrophe[word]; ok && word != "wont" && word != "cant" {
		return a
	}
	return word
}

// shortWatch are the words of fewer than five letters of projectTypos and
// missingApostrophe, and shortFirst their lengths and first letters.
var (
	shortFirst firstLetters
	shortWatch = func() map[string]bool {
		m := map[string]bool{}
		for _, words := range []map[string]string{projectTypos, missingApostrophe} {
			for w := range words {
				if len(w) < shortWord {
					m[w] = true
					shortFirst.add(w)
				}
			}
		}
		return m
	}()
)

var (
	toUSOnce sync.Once
	toUS     *typoTable // British spellings to American ones
	toUKOnce sync.Once
	toUK     *typoTable
)

// shortWord is the length below which words are looked up in the short
// table of a typoTable, and below which only known typos are reported.
const shortWord = 5

// A typoTable maps typos to their fixes: misspell's lists of British and
// American spellings.
type typoTable struct{ short, long *wordlist.Table }

func (t *typoTable) Lookup(w []byte) (string, bool) {
	if len(w) < shortWord {
		return t.short.Lookup(w)
	}
	return t.long.Lookup(w)
}

// listTable builds a typoTable from misspell's (typo, correction) pairs,
// keeping only single words.
func listTable(list []string) *typoTable {
	var short, long strings.Builder
	long.Grow(len(list) * 11)
	for i := 0; i+1 < len(list); i += 2 {
		k, v := list[i], list[i+1]
		if !singleWord(k) || strings.ContainsAny(v, "\t\n") {
			continue
		}
		b := &long
		if len(k) < shortWord {
			b = &short
		}
		b.WriteString(k)
		b.WriteByte('\t')
		b.WriteString(v)
		b.WriteByte('\n')
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

func localeList(l Locale) *typoTable {
	switch l {
	case "US":
		toUSOnce.Do(func() { toUS = listTable(misspell.DictAmerican) })
		return toUS
	case "UK":
		toUKOnce.Do(func() { toUK = listTable(misspell.DictBritish) })
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

// cspellDirectives are what a post tells cspell, which many blogs run: the
// words of "cSpell:ignore" and "cSpell:words" lines (in the front matter
// or an HTML comment), and the stretches between "cSpell:disable" and
// "cSpell:enable".
type cspellDirectives struct {
	words map[string]bool
	off   [][2]int
}

func readCSpell(src []byte) cspellDirectives {
	var d cspellDirectives
	if !bytes.Contains(src, []byte("pell:")) {
		return d
	}
	disabled := -1
	for i := 0; ; {
		k := bytes.Index(src[i:], []byte("pell:"))
		if k < 0 {
			break
		}
		at := i + k
		i = at + len("pell:")
		if at == 0 || src[at-1]|0x20 != 's' || at < 2 || src[at-2]|0x20 != 'c' {
			continue
		}
		rest := src[i:]
		word := func(w string) bool {
			return len(rest) >= len(w) && strings.EqualFold(string(rest[:len(w)]), w)
		}
		switch {
		case word("ignore"), word("words"):
			line := rest[bytes.IndexAny(rest, ": \t")+1:]
			if e := bytes.IndexByte(line, '\n'); e >= 0 {
				line = line[:e]
			}
			if e := bytes.Index(line, []byte("-->")); e >= 0 {
				line = line[:e]
			}
			for _, f := range strings.FieldsFunc(string(line), func(r rune) bool { return r == ' ' || r == ',' || r == ':' || r == '\t' || r == '\r' }) {
				if d.words == nil {
					d.words = map[string]bool{}
				}
				d.words[normalize(f)] = true
			}
		case word("disable"):
			if disabled < 0 {
				disabled = at
			}
		case word("enable"):
			if disabled >= 0 {
				d.off = append(d.off, [2]int{disabled, at})
				disabled = -1
			}
		}
	}
	if disabled >= 0 {
		d.off = append(d.off, [2]int{disabled, len(src)})
	}
	return d
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

// A SpellingFact is what misspelling keeps of a post for the whole-set
// pass: the words of the post in no word list, and the typos it would
// report unless the site uses the word elsewhere. Plain data, so that it
// can be kept between runs.
type SpellingFact struct {
	// Unknown are the distinct words of the post, in lower case, that are
	// in no word list, with how often each occurs; sorted.
	Unknown []WordCount
	// Typos are the diagnostics of words one slip from a common word.
	Typos []TypoReport
}

// A WordCount is a word and how often it occurs in a post.
type WordCount struct {
	Word  string
	Count int
}

// A TypoReport is a diagnostic waiting for the whole-set pass.
type TypoReport struct {
	Word string // in lower case
	// Posts is in how many posts the word must be to be the site's own:
	// more for the surest slips.
	Posts      int
	Diagnostic rules.Diagnostic
}

// siteUses is how often a word must be used in one post, and sitePosts in
// how many posts, to be the site's own (a product, a colleague, a place)
// rather than a typo. Two letters swapped or a doubled letter typed once or
// thrice are the surest slips, and names are seldom one of a common word:
// those take one post more (an author who makes the same slip twice).
const (
	siteUses        = 3
	sitePosts       = 2
	sitePostsStrong = 3
)

func runMisspelling(pass *rules.Pass) {
	p := postOf(pass)
	if !p.english {
		return
	}
	sp := spellingOf(pass.Config)
	locale := localeList(sp.Locale)
	post := postIgnore(pass.Doc)
	cs := readCSpell(pass.Doc.Src)
	known := func(w string) bool { return sp.ignored(w) || post[w] || cs.words[w] }
	ws := p.prose.Words
	c := &checker{pass: pass, p: p.prose, known: known, unknown: map[string]int{}, cspell: cs, verdicts: map[string]*verdict{}}
	var buf [64]byte
	for i := range ws {
		w := &ws[i]
		if w.Kind != prose.Plain || len(w.Text) < 3 || upperCount(w.Text) > 1 {
			continue // an acronym ("CLAs"), or shouting
		}
		text := w.Text[:len(w.Text)-possessive(w.Text)]
		low, ok := lowerASCII(buf[:], text)
		if !ok {
			continue
		}
		if locale != nil {
			if fix, ok := locale.Lookup(low); ok && !known(string(low)) && !foreignAt(ws, i) {
				fix = matchCase(text, fix)
				msg := fmt.Sprintf("%q is %s spelling; spelling.locale is %s: use %q", text, otherLocale(sp.Locale), sp.Locale, fix)
				reportWord(pass, p.prose, w, text, msg, fix)
				continue
			}
		}
		if len(low) < shortWord {
			// Short words are only looked up in the short list of typos,
			// which stays in the cache, and among the contractions.
			if !wordlist.ShortTypo(low) && !(shortFirst.may(text) && shortWatch[string(low)]) {
				continue
			}
		} else if wordlist.Common(low) {
			continue // most words: one lookup
		}
		c.word(i, text, low)
	}
	fact := &SpellingFact{Typos: c.typos}
	for _, k := range slices.Sorted(maps.Keys(c.unknown)) {
		fact.Unknown = append(fact.Unknown, WordCount{k, c.unknown[k]})
	}
	if len(fact.Unknown) > 0 {
		pass.Export(fact)
	}
}

// A checker looks at the words of one post that are not common words.
type checker struct {
	pass    *rules.Pass
	p       *prose.Prose
	known   func(string) bool // ignored by the config or the post
	unknown map[string]int
	typos   []TypoReport
	names   []nameCount // capitalised words inside sentences, in lower case, in the order of the post
	cspell  cspellDirectives
	// verdicts are the words looked up so far, by lower-case form.
	verdicts map[string]*verdict
}

// A verdict is what a word is, whatever its place: the same for every
// occurrence in a post, so each distinct word is looked up once.
type verdict struct {
	kind  verdictKind
	fixes []string // of a known typo, ranked; of a missing apostrophe
	safe  bool     // the first fix of a known typo is safe
	form  morph.Form
	keep  int // the length of the prefix or first word of a form
	cands []wordlist.Candidate
}

type verdictKind uint8

const (
	vQuiet      verdictKind = iota // a word, too short, or ignored
	vProject                       // one of projectTypos
	vApostrophe                    // one of missingApostrophe
	vListed                        // in a list of known typos
	vUnknown                       // in no word list, and no regular form
)

func (c *checker) classify(low []byte) *verdict {
	if v, ok := c.verdicts[string(low)]; ok {
		return v
	}
	lw := string(low)
	var v *verdict
	if c.known(lw) {
		v = &verdict{}
	} else {
		v = verdictOf(low)
	}
	c.verdicts[lw] = v
	return v
}

// verdicts are kept for the whole run, shared by the posts, up to
// maxVerdicts words: the words that are not common are much the same
// from one post of a site to the next.
var verdicts struct {
	sync.RWMutex
	m map[string]*verdict
}

const maxVerdicts = 1 << 16

// verdictOf returns the verdict of a word, whatever post it is in; it is
// never changed once made.
func verdictOf(low []byte) *verdict {
	verdicts.RLock()
	v, ok := verdicts.m[string(low)]
	verdicts.RUnlock()
	if ok {
		return v
	}
	v = &verdict{}
	lw := string(low)
	switch {
	case projectTypos[lw] != "":
		v.kind, v.fixes = vProject, []string{projectTypos[lw]}
	case missingApostrophe[lw] != "":
		v.kind, v.fixes = vApostrophe, []string{missingApostrophe[lw]}
	default:
		if fixes, ok := wordlist.Typo(low); ok {
			v.kind, v.fixes = vListed, rank(low, settled(fixes))
			v.safe = len(v.fixes) == 1 || clearly(low, v.fixes)
			// A typo that is a regular form of words ("occured") is
			// one alone, not as part of a compound ("take-aways").
			v.form, _ = wordlist.Made(low)
			break
		}
		if len(low) < shortWord || wordlist.Listed(low) {
			break
		}
		// A regular form of words is a word ("upstreams"), unless it is
		// made with a prefix or of two words and is also a clear slip from
		// a word that keeps that first part ("interpeter" is "inter" +
		// "peter", and one letter from "interpreter").
		v.form, v.keep = wordlist.Made(low)
		switch v.form {
		case morph.None:
			v.kind = vUnknown
			v.cands = candidates(v, low)
		case morph.Prefixed, morph.Compound:
			if v.cands = candidates(v, low); len(v.cands) > 0 && wordlist.Clear(v.cands) {
				v.kind = vUnknown
			}
		}
	}
	verdicts.Lock()
	if verdicts.m == nil {
		verdicts.m = map[string]*verdict{}
	}
	if len(verdicts.m) < maxVerdicts {
		verdicts.m[lw] = v
	}
	verdicts.Unlock()
	return v
}

// candidates are the common words a word in no list may stand for; for a
// prefixed or compound form only those keeping its first part.
func candidates(v *verdict, low []byte) []wordlist.Candidate {
	cands := wordlist.Candidates(low)
	if v.form != morph.None {
		// Only likely slips that keep the first part, and not in the
		// last letter: "autodiscover" is no slip of "autodiscovery",
		// nor "subsetting" of "subletting".
		keep, lw := string(low[:v.keep]), string(low)
		cands = slices.DeleteFunc(cands, func(cand wordlist.Candidate) bool {
			n := min(len(cand.Word), len(lw)) - 1
			return !strings.HasPrefix(cand.Word, keep) || cand.Word[:n] == lw[:n] || cand.Slip() < wordlist.Likely
		})
	}
	return cands
}

func (c *checker) word(i int, text string, low []byte) {
	ws := c.p.Words
	w := &ws[i]
	if isApostrophe(w.Next) && low[len(low)-1] != 's' || c.disabled(w.Start) {
		// A word cut short ("lookin’", "'em"), or cSpell:disable.
		return
	}
	v := c.classify(low)
	if v.kind == vQuiet {
		return
	}
	lw := string(low)
	if isQuote(w.Prev) && isQuote(w.Next) || !w.Lower() && fullName(ws, i) {
		// A quoted word is talked about ("the typo "recieve""), or is a
		// name or a string; two capitalised words together are a name
		// ("Patrick Collison"), whatever lists of typos say.
		if v.kind == vUnknown {
			c.unknown[lw]++
		}
		return
	}
	switch v.kind {
	case vProject:
		c.report(w, text, fmt.Sprintf("%q is a misspelling of %%q", text), apostrophes(v.fixes), true)
		return
	case vApostrophe:
		if contraction(ws, i) && !foreignAt(ws, i) {
			fix := v.fixes[0]
			if strings.Contains(text, "’") || c.curly() {
				fix = strings.ReplaceAll(fix, "'", "’")
			}
			c.report(w, text, fmt.Sprintf("%q lacks its apostrophe: %%q", text), []string{fix}, true)
		}
		return
	case vListed:
		if v.form != morph.None && w.Hyphen {
			return
		}
		if len(low) < shortWord && !w.Lower() && !sentenceStart(ws, i) && !swappedFrom(lw, v.fixes[0]) {
			// A capitalised word of four letters inside a sentence
			// that is a letter off a word is a name as often as not
			// ("Fior", "Gord"); two letters swapped ("Teh") is not.
			return
		}
		if foreignAt(ws, i) {
			return // "trois", "jours" in a quote in French
		}
		fixes := apostrophes(v.fixes)
		if !v.safe {
			c.report(w, text, fmt.Sprintf("%q may be a misspelling of %%s", text), fixes, false)
			return
		}
		msg := fmt.Sprintf("%q is a misspelling of %%q", text)
		if e, ok := wordlist.EditOf(lw, fixes[0]); ok {
			msg += " (" + e.String() + ")"
		}
		c.report(w, text, msg, fixes[:1], true)
		return
	}
	c.unknown[lw]++
	if strings.Contains(strings.ToLower(c.p.Link(w)), lw) {
		return // a link's text naming its address
	}
	if !w.Lower() {
		// A capitalised word is as often a name as not ("Alexandre" is
		// one slip from "Alexander"): a typo only of a name the post
		// writes elsewhere ("Lamdba" beside "Lambda"), or when a list of
		// typos has it.
		if n := c.nameNear(lw); n != "" && !foreignAt(ws, i) {
			fix := strings.ToUpper(n[:1]) + n[1:]
			c.defer_(w, text, lw, fmt.Sprintf("%q may be a misspelling of %%q, written elsewhere in this post", text), []string{fix}, false, false)
		}
		return
	}
	cs := v.cands
	if len(cs) == 0 || foreignAt(ws, i) {
		return
	}
	var fixes []string
	for _, cand := range cs[:min(len(cs), 3)] {
		fixes = append(fixes, withApostrophe(cand.Word))
	}
	strong := cs[0].Strong()
	if wordlist.Clear(cs) {
		edit := fmt.Sprintf(" (%s)", cs[0].Edit)
		if fixes[0] != cs[0].Word {
			edit = "" // "shouldt" is two slips from "shouldn't"
		}
		c.defer_(w, text, lw, fmt.Sprintf("%q is a misspelling of %%q%s", text, edit), fixes[:1], true, strong)
		return
	}
	c.defer_(w, text, lw, fmt.Sprintf("%q may be a misspelling of %%s", text), fixes, false, strong)
}

// report reports a known typo at once, with fixes (the first is safe when
// safe is set); msg has one verb for the fixes.
func (c *checker) report(w *prose.Word, text, msg string, fixes []string, safe bool) {
	c.pass.Report(c.diagnostic(w, text, msg, fixes, safe))
}

// defer_ keeps the diagnostic of a word one slip from a common word for the
// whole-set pass, which drops it when the site uses the word elsewhere.
func (c *checker) defer_(w *prose.Word, text, low, msg string, fixes []string, safe bool, strong bool) {
	posts := sitePosts
	if strong {
		posts = sitePostsStrong
	}
	c.typos = append(c.typos, TypoReport{Word: low, Posts: posts, Diagnostic: c.diagnostic(w, text, msg, fixes, safe)})
}

func (c *checker) diagnostic(w *prose.Word, text, msg string, fixes []string, safe bool) rules.Diagnostic {
	cfg := c.pass.Config
	for k := range fixes {
		fixes[k] = termCase(cfg, matchCase(text, fixes[k]))
	}
	end := w.End
	if w.Exact {
		end = w.Start + len(text)
	}
	d := rules.Diagnostic{Start: w.Start, End: end}
	if strings.Contains(msg, "%q") {
		d.Message = fmt.Sprintf(msg, fixes[0])
	} else {
		d.Message = fmt.Sprintf(msg, orList(fixes))
	}
	for k, fix := range fixes {
		d.Fixes = append(d.Fixes, wordFix(c.p, w, 0, len(text), fix, safe && k == 0)...)
	}
	return d
}

// orList quotes words and joins them with commas and "or".
func orList(ws []string) string {
	q := make([]string, len(ws))
	for i, w := range ws {
		q[i] = strconv.Quote(w)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// curly reports whether the post writes its apostrophes curly (’).
func (c *checker) curly() bool {
	curly, straight := 0, 0
	for i := range c.p.Words {
		t := c.p.Words[i].Text
		curly += strings.Count(t, "’")
		straight += strings.Count(t, "'")
	}
	return curly > straight
}

// fullName reports whether the capitalised word ws[i] is next to another
// capitalised word, with only a space between: part of a name.
func fullName(ws []prose.Word, i int) bool {
	for _, n := range []*prose.Word{prevWord(ws, i), nextWord(ws, i)} {
		if n != nil && n.Kind != prose.Number && !n.Lower() && !n.Upper() {
			return true
		}
	}
	return false
}

// nameNear returns the name of the post, in lower case, that is one slip
// from the capitalised word w, or "". A name is a capitalised word written
// inside a sentence, that is a word or is written more than once; the
// plural of one is not a slip ("Doozers" beside "Doozer").
func (c *checker) nameNear(w string) string {
	if c.names == nil {
		c.names = []nameCount{}
		at := map[string]int{}
		var buf [64]byte
		ws := c.p.Words
		for i := range ws {
			x := &ws[i]
			if c := x.Text[0]; c < 'A' || c > 'Z' || x.Kind != prose.Plain || len(x.Text) < shortWord || sentenceStart(ws, i) || !x.Title() {
				continue // most words start with a lower-case letter
			}
			if low, ok := lowerASCII(buf[:], x.Text[:len(x.Text)-possessive(x.Text)]); ok {
				k, seen := at[string(low)]
				if !seen {
					name := string(low)
					k = len(c.names)
					at[name] = k
					c.names = append(c.names, nameCount{name: name})
				}
				c.names[k].n++
			}
		}
	}
	// A slice, not the map: the first name of the post that is one slip
	// away, the same on every run.
	for _, nc := range c.names {
		n := nc.name
		if wordlist.OneEdit(w, n) && n+"s" != w && w+"s" != n && (nc.n > 1 || wordlist.Word([]byte(n))) {
			return n
		}
	}
	return ""
}

// A nameCount is a name of the post and how often it is written.
type nameCount struct {
	name string
	n    int
}

// disabled reports whether offset is between a cSpell:disable and a
// cSpell:enable.
func (c *checker) disabled(off int) bool {
	for _, r := range c.cspell.off {
		if off >= r[0] && off < r[1] {
			return true
		}
	}
	return false
}

// contraction reports whether ws[i], "wont" or "cant" or another word of
// missingApostrophe, stands for the contraction: "wont" and "cant" not
// after a determiner ("his wont", "the cant") nor "wont" before "to" ("is
// wont to").
func contraction(ws []prose.Word, i int) bool {
	l := lower(&ws[i])
	if l != "wont" && l != "cant" {
		return true
	}
	if p := prevWord(ws, i); p != nil && nounBefore[lower(p)] {
		return false
	}
	n := nextWord(ws, i)
	return l != "wont" || n == nil || lower(n) != "to"
}

// nounBefore are the words after which "wont" and "cant" are nouns.
var nounBefore = set(`a an the his her their my our your its this that of`)

// rank orders the corrections of a known typo by how likely each slip is.
func rank(typo []byte, fixes []string) []string {
	if len(fixes) < 2 {
		return fixes
	}
	score := map[string]int{}
	for _, cand := range wordlist.Candidates(typo) {
		score[cand.Word] = cand.Score
	}
	out := slices.Clone(fixes)
	slices.SortStableFunc(out, func(a, b string) int { return score[b] - score[a] })
	return out
}

// clearly reports whether the first of a known typo's corrections, as
// ranked by rank, wins: the typo list puts it first too, and no other
// slip scores as high.
func clearly(typo []byte, fixes []string) bool {
	var cs []wordlist.Candidate
	for _, cand := range wordlist.Candidates(typo) {
		if slices.Contains(fixes, cand.Word) {
			cs = append(cs, cand)
		}
	}
	if len(cs) == 0 || cs[0].Word != fixes[0] {
		return false
	}
	// The list's first correction is also the likeliest slip, and likelier
	// than any other: two rankings agree.
	return wordlist.Clear(cs) || len(cs) > 1 && cs[0].Score > cs[1].Score
}

// runMisspellingSet reports the typos whose words the site does not use
// elsewhere: in fewer posts than the typo's Posts, and fewer than siteUses
// times in their own.
func runMisspellingSet(sp *rules.SetPass) {
	posts := map[string]int{}
	for _, f := range sp.Files {
		fact, _ := f.Fact.(*SpellingFact)
		if fact == nil {
			continue
		}
		for _, u := range fact.Unknown {
			posts[u.Word]++
		}
	}
	for _, f := range sp.Files {
		fact, _ := f.Fact.(*SpellingFact)
		if fact == nil {
			continue
		}
		for _, t := range fact.Typos {
			k, _ := slices.BinarySearchFunc(fact.Unknown, t.Word, func(u WordCount, w string) int { return strings.Compare(u.Word, w) })
			if posts[t.Word] >= max(t.Posts, sitePosts) || k < len(fact.Unknown) && fact.Unknown[k].Count >= siteUses {
				continue
			}
			d := t.Diagnostic
			d.Path = f.Path
			sp.Report(d)
		}
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

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' }

// swappedFrom reports whether typo is meant with two letters swapped.
func swappedFrom(typo, meant string) bool {
	e, ok := wordlist.EditOf(typo, meant)
	return ok && e == wordlist.Swapped
}
