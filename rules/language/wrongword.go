package language

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/language/prose"
)

var WrongWord = &rules.Rule{
	Name:     "wrong-word",
	Summary:  "a real word used in place of another (\"intimating\" for \"intimidating\")",
	Severity: rules.Warning,
	Fixes:    rules.SomeSafe,
	FixNote:  "Fixes of fixed phrases (\"sneak peak\", \"could of\") are safe; a word whose fault depends on its context (\"intimating\", \"setup\" as a verb) gets a suggestion.",
	Run:      runWrongWord,
	Doc: `Reports a real word used where another was meant, which a spelling checker
cannot see. Each entry of its table names the words and the context that
makes them wrong, and stays quiet elsewhere:

  - "intimating" used as an adjective, for "intimidating": after an
    intensifier (so, very, too, quite, a bit, ...), a/an, or a form of "be"
    or a linking verb (seem, look, feel, find ... being), and followed by
    punctuation, the end of the sentence or "to", "for", "than", ... but not
    when "that" follows ("was intimating to the board that ..." is the verb);
  - "sneak peak" for "sneak peek"; "for all intensive purposes" for "for all
    intents and purposes"; "per say" for "per se"; "free reign" for "free
    rein"; "baited breath" for "bated breath"; "wreck havoc" for "wreak
    havoc"; "peaked my interest" for "piqued my interest"; "it's own" for
    "its own";
  - "could of", "should of", "would of", "must of", "might of" before a past
    participle ("could of been"), for "could have";
  - "setup", "cleanup", "backup", "lookup", "rollout" used as a verb ("you
    can setup", "to setup the cluster", "in order to setup mTLS"), for "set
    up", "clean up", ...; "refer to setup instructions" is the noun;
  - "loose" used as a verb after "to", "will", "don't", ... before "the",
    "your", "track", "data", ..., for "lose";
  - "then" after a comparative ("more then 100", "X rather then Y"), for "than".

Fixes of the fixed phrases are safe; the others are suggestions.
Like the spelling rule, it reads only prose, and only in English posts.

Bad:

    Many people still find Kubernetes being intimating to the average user.

Good:

    Many people still find Kubernetes being intimidating to the average user.
`,
}

// An entry is a phrase that is wrong in some context.
type entry struct {
	phrase   []string // lower-case words, apostrophes straight
	from, to int      // the words the fix replaces, inclusive
	fix      string
	why      string // what the word means, or what is meant
	safe     bool
	// ok checks the context around the phrase, found at ws[i:i+len(phrase)].
	ok func(ws []prose.Word, i int) bool
}

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

var (
	intensifiers = set(`so very too quite rather really pretty extremely incredibly fairly somewhat super
		less more most bit little slightly particularly especially overly truly seriously downright terribly
		awfully highly totally absolutely immensely hugely insanely kinda`)
	linking = set(`is are was were be been being am isn't aren't wasn't weren't it's that's what's there's
		seem seems seemed seeming look looks looked looking feel feels felt feeling sound sounds sounded
		appear appears appeared become becomes became get gets got getting remain remains remained find finds found`)
	adjectiveNext = set(`to for than and or when but because if as since compared with`)
	modals        = set(`to will won't can can't cannot could couldn't would wouldn't should shouldn't must might
		may not never don't doesn't didn't please i'll we'll you'll they'll let's`)
	determiners = set(`a an the your our my their his her its this that these those some any all each every
		it them everything multiple new`)
	participles = set(`been done gone had seen known got gotten made taken thought said told come become run
		put set let written given found left felt kept brought bought heard meant paid sent spent won lost
		built caught taught fought held stood understood forgotten chosen driven eaten fallen flown grown
		hidden ridden risen shown spoken stolen sworn thrown woken worn broken begun drunk sung swum`)
	infinitive = set(`order how need needs needed want wants wanted able easy easier have has had going trying
		try tried used way ways decided decide learn learned plan planned wish help helps helped us you them me`)
	loseNext = set(`the your their our my his her its any all some everything anything nothing track sight
		data money access control time context information state changes work progress connection visibility
		customers users trust`)
	thanAfter = set(`more less fewer better worse greater larger smaller higher lower faster slower bigger
		easier harder longer shorter older newer cheaper`)
	preferring = set(`would i'd we'd you'd they'd he'd she'd had`)
	thanNext   = set(`a an the any ever before expected usual necessary needed required anything anyone
		everything once twice one two three four five ten hundred thousand`)
)

func lower(w *prose.Word) string { return normalize(w.Text) }

// prevWord is the word before ws[i] in its block, with only space between.
func prevWord(ws []prose.Word, i int) *prose.Word {
	if i == 0 || ws[i].Before != prose.SepSpace || ws[i-1].Block != ws[i].Block {
		return nil
	}
	return &ws[i-1]
}

// nextWord is the word after ws[i] in its block, with only space between.
func nextWord(ws []prose.Word, i int) *prose.Word {
	if i+1 >= len(ws) || ws[i+1].Before != prose.SepSpace || ws[i+1].Block != ws[i].Block {
		return nil
	}
	return &ws[i+1]
}

// endsHere reports whether punctuation or the end of the block follows
// ws[i].
func endsHere(ws []prose.Word, i int) bool {
	if n := ws[i].Next; n != 0 && !unicode.IsSpace(n) && n != '-' {
		return unicode.IsPunct(n) || unicode.IsSymbol(n)
	}
	return i+1 >= len(ws) || ws[i+1].Block != ws[i].Block || ws[i+1].Before&prose.SepPunct != 0 && ws[i+1].Before&prose.SepGap == 0
}

// thatFollows reports whether "that" comes within a few words after ws[i]
// in the same sentence.
func thatFollows(ws []prose.Word, i int) bool {
	for k := i + 1; k < len(ws) && k <= i+7 && ws[k].Block == ws[i].Block; k++ {
		if ws[k].Before&prose.SepStop != 0 {
			return false
		}
		if lower(&ws[k]) == "that" {
			return true
		}
	}
	return false
}

func inSet(w *prose.Word, s map[string]bool) bool { return w != nil && s[lower(w)] }

// intimatingAdjective: "intimating" where an adjective goes.
func intimatingAdjective(ws []prose.Word, i int) bool {
	p := prevWord(ws, i)
	if p == nil {
		return false
	}
	pl := lower(p)
	if pl == "bit" || pl == "little" { // "a bit", "a little"
		if pp := prevWord(ws, i-1); pp == nil || lower(pp) != "a" {
			return false
		}
	}
	if !intensifiers[pl] && !linking[pl] && pl != "a" && pl != "an" {
		return false
	}
	if thatFollows(ws, i) {
		return false
	}
	return endsHere(ws, i) || inSet(nextWord(ws, i), adjectiveNext) || (pl == "a" || pl == "an") && nextWord(ws, i) != nil
}

// phrasal: a compound noun ("setup") used as the verb ("set up"): after
// a modal ("you can setup Prometheus"), or after "to" when a determiner
// follows ("to setup the cluster") or the "to" marks an infinitive ("in
// order to setup mTLS"); "refer to setup instructions" is the noun.
func phrasal(ws []prose.Word, i int) bool {
	p, n := prevWord(ws, i), nextWord(ws, i)
	if p == nil || n == nil || n.Kind == prose.Number {
		return false
	}
	if lower(p) != "to" {
		return modals[lower(p)]
	}
	return determiners[lower(n)] || inSet(prevWord(ws, i-1), infinitive)
}

func loseVerb(ws []prose.Word, i int) bool {
	return inSet(prevWord(ws, i), modals) && inSet(nextWord(ws, i), loseNext)
}

func thenComparative(ws []prose.Word, i int) bool {
	p, n := prevWord(ws, i), nextWord(ws, i)
	if p == nil || n == nil {
		return false
	}
	if lower(p) == "rather" { // but "I would rather then wait" is right
		return !inSet(prevWord(ws, i-1), preferring)
	}
	return thanAfter[lower(p)] && (thanNext[lower(n)] || n.Kind == prose.Number)
}

func participleNext(ws []prose.Word, i int) bool {
	n := nextWord(ws, i+1) // the word after "of"
	if n == nil {
		return false
	}
	l := lower(n)
	return participles[l] || strings.HasSuffix(l, "ed") && len(l) >= 4
}

func notHyphenated(ws []prose.Word, i int) bool {
	return !ws[i].Hyphen && (i+1 >= len(ws) || !ws[i+1].Hyphen)
}

var (
	wrongWords = buildWrongWords()
	wrongFirst firstLetters // of the first words of wrongWords' phrases
)

func init() {
	for w := range wrongWords {
		wrongFirst.add(w)
		wrongFirst.add(strings.ReplaceAll(w, "'", "’"))
	}
}

func buildWrongWords() map[string][]*entry {
	var es []*entry
	add := func(e *entry) { es = append(es, e) }
	phrase := func(words string, from, to int, fix, why string) {
		add(&entry{phrase: strings.Fields(words), from: from, to: to, fix: fix, why: why, safe: true, ok: notHyphenated})
	}
	add(&entry{phrase: []string{"intimating"}, fix: "intimidating", why: `"intimating" means hinting at`, ok: intimatingAdjective})
	phrase("sneak peak", 1, 1, "peek", "a peak is a summit; a peek is a quick look")
	phrase("sneak peaks", 1, 1, "peeks", "a peak is a summit; a peek is a quick look")
	phrase("for all intensive purposes", 2, 3, "intents and purposes", "the idiom is \"for all intents and purposes\"")
	phrase("per say", 1, 1, "se", "the Latin is \"per se\"")
	phrase("free reign", 1, 1, "rein", "the idiom is about the reins of a horse")
	phrase("baited breath", 0, 0, "bated", "\"bated\" means held back")
	phrase("it's own", 0, 0, "its", "\"it's\" means \"it is\"")
	for verb, fix := range map[string]string{"wreck": "wreak", "wrecks": "wreaks", "wrecked": "wreaked", "wrecking": "wreaking"} {
		phrase(verb+" havoc", 0, 0, fix, "the idiom is \"wreak havoc\"")
	}
	for _, owner := range strings.Fields("my your his her our their its the") {
		for _, thing := range []string{"interest", "curiosity"} {
			for verb, fix := range map[string]string{
				"peaked": "piqued", "peeked": "piqued", "peaks": "piques", "peeks": "piques",
				"peak": "pique", "peek": "pique", "peaking": "piquing", "peeking": "piquing",
			} {
				phrase(verb+" "+owner+" "+thing, 0, 0, fix, "to pique is to arouse")
			}
		}
	}
	for _, modal := range strings.Fields("could should would must might") {
		add(&entry{phrase: []string{modal, "of"}, from: 1, to: 1, fix: "have", why: "\"" + modal + " of\" is how \"" + modal + "'ve\" sounds", safe: true, ok: participleNext})
	}
	for noun, verb := range map[string]string{"setup": "set up", "cleanup": "clean up", "backup": "back up", "lookup": "look up", "rollout": "roll out"} {
		add(&entry{phrase: []string{noun}, fix: verb, why: "\"" + noun + "\" is the noun; the verb is two words", ok: phrasal})
	}
	add(&entry{phrase: []string{"loose"}, fix: "lose", why: "\"loose\" means not tight", ok: loseVerb})
	add(&entry{phrase: []string{"then"}, fix: "than", why: "comparisons take \"than\"", ok: thenComparative})

	m := map[string][]*entry{}
	for _, e := range es {
		m[e.phrase[0]] = append(m[e.phrase[0]], e)
	}
	return m
}

func runWrongWord(pass *rules.Pass) {
	p := postOf(pass)
	if !p.english {
		return
	}
	ws := p.prose.Words
	var buf [64]byte
	for i := range ws {
		if !wrongFirst.may(ws[i].Text) {
			continue
		}
		low, ok := lowerASCII(buf[:], ws[i].Text)
		if !ok {
			continue
		}
		for _, e := range wrongWords[string(low)] {
			if match(ws, i, e.phrase) && (e.ok == nil || e.ok(ws, i)) {
				report(pass, p.prose, i, e)
				break
			}
		}
	}
}

// match reports whether the words from ws[i] are the phrase, with only
// spaces between them.
func match(ws []prose.Word, i int, phrase []string) bool {
	if i+len(phrase) > len(ws) {
		return false
	}
	for k := 1; k < len(phrase); k++ {
		w := &ws[i+k]
		if w.Block != ws[i].Block || w.Before != prose.SepSpace || lower(w) != phrase[k] {
			return false
		}
	}
	return true
}

func report(pass *rules.Pass, p *prose.Prose, i int, e *entry) {
	ws := p.Words
	first, last := &ws[i+e.from], &ws[i+e.to]
	found := make([]string, len(e.phrase))
	for k := range e.phrase {
		found[k] = ws[i+k].Text
	}
	fix := matchCase(first.Text, e.fix)
	var fixes []rules.Fix
	if e.from == e.to {
		fixes = wordFix(p, first, 0, len(first.Text), fix, e.safe)
	} else if exactRun(pass.Doc.Src, ws[i+e.from:i+e.to+1]) {
		fixes = []rules.Fix{{
			Message: fmt.Sprintf("Replace with %q", fix),
			Edits:   []rules.Edit{{Start: first.Start, End: last.End, NewText: fix}},
			Safe:    e.safe,
		}}
	}
	fixed := append(append(append([]string{}, found[:e.from]...), fix), found[e.to+1:]...)
	pass.Report(rules.Diagnostic{
		Start:   first.Start,
		End:     last.End,
		Message: fmt.Sprintf("%q should be %q (%s)", strings.Join(found, " "), strings.Join(fixed, " "), e.why),
		Fixes:   fixes,
	})
}

// exactRun reports whether the words are exact and only white space lies
// between them in the file, so that one edit can replace them all.
func exactRun(src []byte, ws []prose.Word) bool {
	for k := range ws {
		if !ws[k].Exact {
			return false
		}
		if k > 0 && strings.Trim(string(src[ws[k-1].End:ws[k].Start]), " \t\r\n") != "" {
			return false
		}
	}
	return true
}
