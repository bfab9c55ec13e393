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
    or a linking verb (seem, look, feel, find ... being), "not" allowed
    between, and followed by punctuation, the end of the sentence, "to",
    "for", "than", ... or "at first", "at all", "at times"; but not when
    "that" follows ("was intimating to the board that ..." is the verb);
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
  - "then" after a comparative ("more then 100", "other then a restart"),
    for "than"; "since than", "back than" for "then";
  - its/it's ("its a", "its not", "of it's"), your/you're ("your not", "your
    welcome", "your able"), where/were ("we where able", "not sure were to"),
    "loosing the", affect/effect ("no affect on", "side affects", "did not
    effect the", "negatively effect"), "everyday" ending a clause, "take a
    peak", "peek hours", "principle engineer", "in principal", "the principal
    of least privilege", "to breath", "a deep breathe", "compliment each
    other", "complimentary to", "would advice you", "any advise on";
    "login", "logout", "signup", "checkout", "shutdown", "startup" used as
    verbs; "Lets Encrypt" for "Let's Encrypt";
    "their is", "their are" for "there"; "There going to ship" opening a
    sentence for "They're" (not "There going to be"); "whose going",
    "whose been" for "who's"; "weather or not", "not sure weather it" for
    "whether"; "Lets" opening a sentence before a verb ("Lets look") for
    "Let's"; "we loose data" as well as "will loose data"; "will effect
    everyone" for "affect";
  - idioms written with a word that sounds alike, with safe fixes: "piece
    of mind", "bare with me", "one in the same", "case and point", "a mute
    point", "wet your appetite", "tow the line", "slight of hand", "statue
    of limitations", "escape goat", "tongue and cheek", "nip it in the
    butt", "beckon call", "make due with", "By in large", "deep seeded", "on
    tender hooks";
  - "defiantly worth" for "definitely", "didn't phase me" for "faze", "has
    lead to" for "led", "to be apart of" for "a part of", "way to many",
    "far to much", "it was to much." and "there are to many" for "too";
    "Who's laptop is" for "Whose", "They're code is" for "Their", "It's
    unit will be" for "Its"; "Im going" and "Ive been" for "I'm" and "I've"
    (safe fixes), not "IM" nor "Jony Ive had"; "usage patters" for
    "patterns"; "dependant on" for "dependent on";
  - "an" before a common lower-case word with a consonant sound ("an
    long-requested feature", "an user") and "a" before one with a vowel
    sound or a silent h ("a incoming", "a unknown", "a hour"), not before
    "uni", "one", "euro", other "h" words, acronyms or a variable ("a
    unique", "an uninstall", "an historic", "an ssh key", "let a equal b");
  - and more contexts of the confusions above: "its important to", "its
    worth noting", "lost it's momentum", "much higher then we expected",
    "and than rolled it back", "when your ready to", "hit its peek", "will
    not effect existing users", "can easily setup", "principle software
    engineer", "a guiding principal", "useful advise".

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
	// at is the word of the phrase looked up, the rarest ("much" of "to
	// much"): the others are compared only when it is found.
	at   int
	fix  string
	why  string // what the word means, or what is meant
	safe bool
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
	atNext        = set(`first all times`)
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
	subjects  = set(`i we you they`)
	theirNext = set(`is are was were isn't aren't wasn't weren't has have hasn't haven't`)
	persons   = set(`me us you him them everyone everybody anyone anybody people users customers`)
	// personAdjectives may come between: "will effect existing users".
	personAdjectives = set(`existing current new all other most many some any our your their`)
	// sureWhether and whetherNext: "not sure weather it", "wondering weather
	// to", not "unsure weather conditions".
	sureWhether = set(`sure unsure wonder wondering wondered`)
	whetherNext = set(`it this that we you they i he she to there the our your their a an`)
	thereNext   = set(`going trying doing getting working using looking planning hoping`)
	letsNext    = set(`go get see take look talk start dive begin make try explore discuss consider review
		move jump walk build create say assume imagine recap check find break focus face`)
	thanAfter = set(`more less fewer better worse greater larger smaller higher lower faster slower bigger
		easier harder longer shorter older newer cheaper other`)
	preferring          = set(`would i'd we'd you'd they'd he'd she'd had`)
	thenSubjects        = set(`we i you they it he she`)
	comparativeMeasures = set(`much far even way slightly significantly lot bit no any now`)
	thanNext            = set(`a an the any ever before expected anticipated predicted planned usual necessary needed required anything anyone
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
	if pl == "not" { // "is not intimating", as "isn't intimating"
		if p = prevWord(ws, i-1); p == nil {
			return false
		}
		pl = lower(p)
	}
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
	return endsHere(ws, i) || inSet(nextWord(ws, i), adjectiveNext) || (pl == "a" || pl == "an") && nextWord(ws, i) != nil ||
		atPhrase(ws, i)
}

// atPhrase reports "at first", "at all" or "at times" after ws[i]: an
// adjective's ("intimating at first"), as the verb takes an object.
func atPhrase(ws []prose.Word, i int) bool {
	n := nextWord(ws, i)
	return n != nil && lower(n) == "at" && inSet(nextWord(ws, i+1), atNext)
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
	if l := lower(p); len(l) > 4 && strings.HasSuffix(l, "ly") && l != "only" && l != "early" {
		// "you can easily setup alerts": an adverb between
		if pp := prevWord(ws, i-1); pp != nil && modals[lower(pp)] && lower(pp) != "to" {
			return true
		}
	}
	if lower(p) != "to" {
		return modals[lower(p)]
	}
	return determiners[lower(n)] || inSet(prevWord(ws, i-1), infinitive)
}

func loseVerb(ws []prose.Word, i int) bool {
	p := prevWord(ws, i)
	return (inSet(p, modals) || inSet(p, subjects)) && inSet(nextWord(ws, i), loseNext)
}

// theirVerb: "their" before a verb ("their is a bug"), which a possessive
// never is; "against their will" is the noun.
func theirVerb(ws []prose.Word, i int) bool {
	return inSet(nextWord(ws, i), theirNext) && notHyphenated(ws, i+1)
}

// weatherChoice: "weather" after "not sure", "unsure" or "wondering", where
// a clause follows ("not sure weather it works").
func weatherChoice(ws []prose.Word, i int) bool {
	return inSet(prevWord(ws, i), sureWhether) && inSet(nextWord(ws, i), whetherNext)
}

// thereDoing: "There" opening a sentence before "going", "trying", ...
// ("There going to ship it"); "There going to be" is left alone, as it
// may mean "There's".
func thereDoing(ws []prose.Word, i int) bool {
	if !sentenceStart(ws, i) || ws[i].Lower() || !inSet(nextWord(ws, i), thereNext) || !notHyphenated(ws, i+1) {
		return false
	}
	to, be := nextWord(ws, i+1), nextWord(ws, i+2)
	return !(to != nil && lower(to) == "to" && be != nil && lower(be) == "be")
}

// letsUs: "Lets" opening a sentence before a verb ("Lets go"), where "it
// lets" cannot be: "Lets you deploy" is a fragment of a list.
func letsUs(ws []prose.Word, i int) bool {
	return sentenceStart(ws, i) && !ws[i].Lower() && inSet(nextWord(ws, i), letsNext)
}

func thenComparative(ws []prose.Word, i int) bool {
	p, n := prevWord(ws, i), nextWord(ws, i)
	if p == nil || n == nil {
		return false
	}
	if lower(p) == "rather" { // but "I would rather then wait" is right
		return !inSet(prevWord(ws, i-1), preferring)
	}
	if !thanAfter[lower(p)] {
		return false
	}
	if thanNext[lower(n)] || n.Kind == prose.Number {
		return true
	}
	// "much higher then we expected", "is lower then it was": a measure
	// or a form of "be" before the comparative, a subject after "then".
	pp := prevWord(ws, i-1)
	return thenSubjects[lower(n)] && pp != nil && (comparativeMeasures[lower(pp)] || linking[lower(pp)])
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
	wrongFirst firstLetters // of the words wrongWords' phrases are looked up by
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
		add(fixedPhrase(words, from, to, fix, why, notHyphenated))
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
	add(&entry{phrase: []string{"loosing"}, fix: "losing", why: "\"loosing\" means setting free", ok: losingVerb})
	add(&entry{phrase: []string{"then"}, fix: "than", why: "comparisons take \"than\"", ok: thenComparative})
	add(&entry{phrase: []string{"than"}, fix: "then", why: "\"than\" compares; \"then\" is a time", ok: thanTime})
	for noun, verb := range map[string]string{"login": "log in", "logout": "log out", "signup": "sign up", "checkout": "check out", "shutdown": "shut down", "startup": "start up"} {
		add(&entry{phrase: []string{noun}, fix: verb, why: "\"" + noun + "\" is the noun; the verb is two words", ok: phrasal})
	}
	add(&entry{phrase: []string{"setup"}, fix: "set up", why: "\"setup\" is the noun; the verb is two words", ok: passiveSetup})
	add(&entry{phrase: []string{"its"}, fix: "it's", why: "\"its\" is of it; \"it's\" is it is", ok: itsVerb})
	add(&entry{phrase: []string{"it's"}, fix: "its", why: "\"it's\" is it is; \"its\" is of it", ok: itsAfterPreposition})
	add(&entry{phrase: []string{"your"}, fix: "you're", why: "\"your\" is of you; \"you're\" is you are", ok: yourVerb})
	add(&entry{phrase: []string{"your"}, fix: "you're", why: "\"your\" is of you; \"you're\" is you are", ok: yourReady})
	add(&entry{phrase: []string{"where"}, fix: "were", why: "\"where\" is a place; the verb is \"were\"", ok: whereVerb})
	add(&entry{phrase: []string{"were"}, fix: "where", why: "\"were\" is the verb; a place is \"where\"", ok: wereWhere})
	for _, form := range []string{"affect", "affects"} {
		add(&entry{phrase: []string{form}, fix: "e" + form[1:], why: "the noun is \"effect\"; \"affect\" is the verb", ok: affectNoun})
	}
	for _, form := range []string{"effect", "effects", "effected", "effecting"} {
		add(&entry{phrase: []string{form}, fix: "a" + form[1:], why: "to change something is to \"affect\" it", ok: effectVerb})
	}
	add(&entry{phrase: []string{"effect"}, fix: "affect", why: "to change something is to \"affect\" it", ok: effectPerson})
	add(&entry{phrase: []string{"everyday"}, fix: "every day", why: "\"everyday\" is an adjective: everyday work", ok: everydayAdverb})
	add(&entry{phrase: []string{"peak"}, fix: "peek", why: "a peak is a summit; a peek is a quick look", ok: peakLook})
	add(&entry{phrase: []string{"peek"}, fix: "peak", why: "a peek is a quick look; the highest point is a peak", ok: peekTop})
	add(&entry{phrase: []string{"principle"}, fix: "principal", why: "\"principal\" means chief; a principle is a rule", ok: principleChief})
	add(&entry{phrase: []string{"principal"}, fix: "principle", why: "a principle is a rule; \"principal\" means chief", ok: principalRule})
	add(&entry{phrase: []string{"breath"}, fix: "breathe", why: "\"breath\" is the noun; the verb is \"breathe\"", ok: breathVerb})
	add(&entry{phrase: []string{"breathe"}, fix: "breath", why: "\"breathe\" is the verb; the noun is \"breath\"", ok: breatheNoun})
	for _, form := range []string{"compliment", "compliments", "complimented", "complimenting"} {
		add(&entry{phrase: []string{form}, fix: "comple" + form[len("compli"):], why: "to complement is to complete; a compliment is praise", ok: complementing})
	}
	add(&entry{phrase: []string{"complimentary"}, fix: "complementary", why: "complementary things complete each other; complimentary means free or praising", ok: complementaryTo})
	add(&entry{phrase: []string{"their"}, fix: "there", why: "\"their\" is of them; \"there is\" says something exists", ok: theirVerb})
	for _, be := range []string{"going", "been"} {
		add(&entry{phrase: []string{"whose", be}, fix: "who's", why: "\"whose\" is of whom; \"who's\" is who is or who has", ok: notHyphenated})
	}
	phrase("weather or not", 0, 0, "whether", "\"weather\" is rain and sun; \"whether\" weighs a choice")
	add(&entry{phrase: []string{"weather"}, fix: "whether", why: "\"weather\" is rain and sun; \"whether\" weighs a choice", ok: weatherChoice})
	add(&entry{phrase: []string{"there"}, fix: "they're", why: "\"there\" is a place; \"they're\" is they are", ok: thereDoing})
	add(&entry{phrase: []string{"lets"}, fix: "let's", why: "\"lets\" is allows; \"let's\" is let us", ok: letsUs})
	add(&entry{phrase: []string{"advice"}, fix: "advise", why: "\"advice\" is the noun; the verb is \"advise\"", ok: adviceVerb})
	add(&entry{phrase: []string{"advise"}, fix: "advice", why: "\"advise\" is the verb; the noun is \"advice\"", ok: adviseNoun})
	addIdioms(add)

	m := map[string][]*entry{}
	for _, e := range es {
		e.at = anchor(e.phrase)
		m[e.phrase[e.at]] = append(m[e.phrase[e.at]], e)
	}
	return m
}

// fixedPhrase is an entry for a phrase that is wrong wherever ok holds,
// whose fix is safe.
func fixedPhrase(words string, from, to int, fix, why string, ok func([]prose.Word, int) bool) *entry {
	return &entry{phrase: strings.Fields(words), from: from, to: to, fix: fix, why: why, safe: true, ok: ok}
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
			if start := i - e.at; start >= 0 && match(ws, start, e) && (e.ok == nil || e.ok(ws, start)) {
				report(pass, p.prose, start, e)
				break
			}
		}
	}
}

// match reports whether the words from ws[i] are e's phrase, with only
// spaces between them; the word at e.at is known to be.
func match(ws []prose.Word, i int, e *entry) bool {
	if i+len(e.phrase) > len(ws) {
		return false
	}
	for k, want := range e.phrase {
		w := &ws[i+k]
		if k > 0 && (w.Block != ws[i].Block || w.Before != prose.SepSpace) || k != e.at && lower(w) != want {
			return false
		}
	}
	return true
}

// anchor returns the index of the word of a phrase to look it up by: the
// longest but for words too common to ("to", "by", "one", "make").
func anchor(phrase []string) int {
	at := 0
	for k, w := range phrase {
		if !commonFirst[w] && (commonFirst[phrase[at]] || len(w) > len(phrase[at])) {
			at = k
		}
	}
	return at
}

// commonFirst are words too common in prose to look a phrase up by.
var commonFirst = set(`to on by in of the and with a an it is for one way far make makes made making case all
	per or not your me us deep`)

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

// The contexts below make each confusion certain; elsewhere the words are
// left alone.

var (
	pastSubjects = set(`we they you`)
	afterWere    = set(`not able also all still already just very so too unable told given asked happy surprised
		excited aware done running using working looking trying going`)
	sureWhere = set(`know knew knows wonder wondering sure unsure exactly idea`)
	whereNext = set(`to the it we you they i he she this that our your my its`)
	// itsNext can follow "it is" and never a possessive: not "very" ("its
	// very beginning"), "hard" ("its hard drive") or "worth" ("proved its
	// worth").
	itsNext = set(`a an the not been going really too just also still always never because here there okay
		unlikely getting becoming`)
	// itsAdjective, then itsAdjectiveNext: "its important to", "its
	// clear that"; not "best" ("do its best to") nor "time" ("its time
	// to live").
	itsAdjective     = set(`important easy hard clear true possible likely interesting nice great fine obvious fun safe better tempting simple useful common normal surprising essential crucial`)
	itsAdjectiveNext = set(`to that for when if because how`)
	worthNext        = set(`noting mentioning it checking looking reading considering remembering pointing trying knowing asking a the every`)
	// itsOwned: verbs after which "it's" is the possessive: "lost it's
	// momentum"; not "changes" or "gains", nouns too ("breaking changes
	// it's renamed").
	itsOwned      = set(`lost loses gained kept changed reached reaches`)
	prepositions  = set(`of in on with for from by into at about through under over`)
	yourNext      = set(`a an the not going welcome already probably sure able right`)
	yourState     = set(`ready interested done finished`)
	yourStateNext = set(`to in for with that yet now`)
	effectNouns   = set(`an the no side positive negative significant big huge little any noticeable`)
	effectAdverbs = set(`not negatively positively directly adversely greatly badly seriously doesn't didn't won't
		can't don't wouldn't couldn't`)
	peekLook       = set(`take took taking takes have had having grab grabbed`)
	peakWords      = set(`performance hours hour load traffic usage times time season demand memory throughput capacity`)
	peakOwners     = set(`its the their our his her`)
	peakReach      = set(`hit hits reached reach reaches reaching at past`)
	peakAfter      = set(`at in of during on`)
	chiefModifiers = set(`software staff site product solutions security data cloud developer program technical research
		platform systems infrastructure`)
	chiefOf = set(`engineer engineers architect architects investigator scientist scientists consultant
		author authors maintainer maintainers reason reasons component components product`)
	adviseNext    = set(`you them us him her against everyone people users anyone`)
	ruleKinds     = set(`guiding fundamental`) // not "the underlying principal", a security one
	principalNext = set(`of is behind that for`)
	adviceBefore  = set(`any some for good great the of your my our their no expert free much useful helpful
		practical sound valuable solid bad better best`)
	timeBefore = set(`since until till back`)
)

func losingVerb(ws []prose.Word, i int) bool { return inSet(nextWord(ws, i), loseNext) }

// thanTime: "since than", "until than", "back than" before punctuation;
// "and than" before a verb in the past ("and than rolled it back"), which
// "faster than Redis and than SQLite" is not.
func thanTime(ws []prose.Word, i int) bool {
	p := prevWord(ws, i)
	if p == nil {
		return false
	}
	if lower(p) == "and" {
		n := nextWord(ws, i)
		if n == nil || !n.Lower() || n.Kind != prose.Plain {
			return false
		}
		l := lower(n)
		return participles[l] || len(l) >= 5 && strings.HasSuffix(l, "ed")
	}
	return timeBefore[lower(p)] && endsHere(ws, i)
}

// passiveSetup: "was setup to", "is setup with": the participle.
func passiveSetup(ws []prose.Word, i int) bool {
	p, n := prevWord(ws, i), nextWord(ws, i)
	return p != nil && n != nil && set(`is was were be been being are`)[lower(p)] && set(`to with by for in on as`)[lower(n)] ||
		phrasal(ws, i)
}

// itsVerb: "its" where only "it is" can be: "its a", "its not", "its been";
// "its important to", "its worth noting" ("its important role" and
// "proved its worth" are the possessive).
func itsVerb(ws []prose.Word, i int) bool {
	n := nextWord(ws, i)
	if n == nil {
		return false
	}
	if itsNext[lower(n)] {
		return true
	}
	nn := nextWord(ws, i+1)
	if lower(n) == "worth" {
		return inSet(nn, worthNext)
	}
	return itsAdjective[lower(n)] && inSet(nn, itsAdjectiveNext) && notHyphenated(ws, i+1)
}

// itsAfterPreposition: "of it's", "in it's": after a preposition "it is"
// cannot be; nor after "lost", "gained", "reached", ... ("the project
// lost it's momentum").
func itsAfterPreposition(ws []prose.Word, i int) bool {
	p, n := prevWord(ws, i), nextWord(ws, i)
	return p != nil && n != nil && (prepositions[lower(p)] || itsOwned[lower(p)]) && n.Kind == prose.Plain && !itsNext[lower(n)]
}

// yourVerb: "your not", "your welcome", "your able".
func yourVerb(ws []prose.Word, i int) bool {
	n := nextWord(ws, i)
	if n == nil || !yourNext[lower(n)] {
		return false
	}
	if lower(n) == "right" { // "your right hand": only "your right that"
		nn := nextWord(ws, i+1)
		return nn != nil && lower(nn) == "that"
	}
	return true
}

// yourReady: "when your ready to", "if your interested in", "once your
// done with": "your ready meals" is the possessive.
func yourReady(ws []prose.Word, i int) bool {
	n := nextWord(ws, i)
	if n == nil || !yourState[lower(n)] || !notHyphenated(ws, i+1) {
		return false
	}
	return endsHere(ws, i+1) || inSet(nextWord(ws, i+1), yourStateNext)
}

// whereVerb: "we where able", "they where not": a subject, then a verb.
func whereVerb(ws []prose.Word, i int) bool {
	p, n := prevWord(ws, i), nextWord(ws, i)
	if p == nil || n == nil || !pastSubjects[lower(p)] {
		// "the alerts they sent where not": a clause ending in a verb
		if p == nil || n == nil || lower(n) != "not" || !strings.HasSuffix(lower(p), "ed") && !participles[lower(p)] {
			return false
		}
		return true
	}
	l := lower(n)
	return afterWere[l] || len(l) > 4 && strings.HasSuffix(l, "ing")
}

// wereWhere: "not sure were to put it", "no idea were the file is".
func wereWhere(ws []prose.Word, i int) bool {
	p, n := prevWord(ws, i), nextWord(ws, i)
	return p != nil && n != nil && sureWhere[lower(p)] && whereNext[lower(n)]
}

// affectNoun: "no affect on", "side affects", "an affect of".
func affectNoun(ws []prose.Word, i int) bool {
	p := prevWord(ws, i)
	if p == nil {
		return false
	}
	if lower(p) == "side" {
		return true
	}
	if !effectNouns[lower(p)] && !(lower(p) == "noticeable" || lower(p) == "measurable") {
		if pp := prevWord(ws, i-1); pp == nil || !effectNouns[lower(pp)] || !strings.HasSuffix(lower(p), "able") {
			return false
		}
	}
	n := nextWord(ws, i)
	return endsHere(ws, i) || n != nil && set(`on of`)[lower(n)]
}

// effectVerb: "did not effect the", "negatively effect": an adverb or a
// negation before it makes it the verb.
func effectVerb(ws []prose.Word, i int) bool {
	p, n := prevWord(ws, i), nextWord(ws, i)
	if p == nil || n == nil || !effectAdverbs[lower(p)] {
		return false
	}
	if lower(p) == "not" { // "did not effect", not "will not effect change"
		pp := prevWord(ws, i-1)
		if pp == nil || !set(`did does do will would can could should may might must`)[lower(pp)] {
			return false
		}
	}
	return determiners[lower(n)] || lower(n) == "every" || lower(n) == "performance"
}

// effectPerson: a modal, "effect" and a person ("will effect everyone"):
// one brings about a change, not a person.
func effectPerson(ws []prose.Word, i int) bool {
	p := prevWord(ws, i)
	if p != nil && lower(p) == "not" { // "will not effect existing users"
		p = prevWord(ws, i-1)
	}
	if !inSet(p, modals) || !notHyphenated(ws, i) {
		return false
	}
	n := nextWord(ws, i)
	if n != nil && personAdjectives[lower(n)] {
		n = nextWord(ws, i+1)
	}
	return inSet(n, persons)
}

// everydayAdverb: "everyday" ending a clause, or before "at", "for": the
// adverb.
func everydayAdverb(ws []prose.Word, i int) bool {
	n := nextWord(ws, i)
	return endsHere(ws, i) || n != nil && set(`at for in and to`)[lower(n)]
}

// peakLook: "take a peak", "a quick peak at".
func peakLook(ws []prose.Word, i int) bool {
	p := prevWord(ws, i)
	if p == nil {
		return false
	}
	if lower(p) == "quick" {
		return true
	}
	pp := prevWord(ws, i-1)
	return lower(p) == "a" && pp != nil && peekLook[lower(pp)]
}

// peekTop: "peek hours", "peek performance"; not "sneak peek", what the
// fix of "sneak peak" writes ("a sneak peak hour").
func peekTop(ws []prose.Word, i int) bool {
	if p := prevWord(ws, i); p != nil && lower(p) == "sneak" {
		return false
	}
	n := nextWord(ws, i)
	if n != nil && peakWords[lower(n)] {
		return true
	}
	// "hit its peek", "at its peek": a summit reached.
	p, pp := prevWord(ws, i), prevWord(ws, i-1)
	return inSet(p, peakOwners) && inSet(pp, peakReach) && (n == nil || endsHere(ws, i) || inSet(n, peakAfter))
}

// principleChief: "principle engineer", "the principle reason".
func principleChief(ws []prose.Word, i int) bool {
	n := nextWord(ws, i)
	if n != nil && chiefModifiers[lower(n)] { // "principle software engineer"
		n = nextWord(ws, i+1)
	}
	return n != nil && chiefOf[lower(n)]
}

// principalRule: "in principal,", "the principal of least privilege".
func principalRule(ws []prose.Word, i int) bool {
	p, n := prevWord(ws, i), nextWord(ws, i)
	if p != nil && lower(p) == "in" && (endsHere(ws, i) || n != nil && set(`that the this it we but`)[lower(n)]) {
		return true
	}
	// "a guiding principal of the project"
	if inSet(p, ruleKinds) && (endsHere(ws, i) || inSet(n, principalNext)) {
		return true
	}
	if n != nil && lower(n) == "of" {
		nn := nextWord(ws, i+1)
		return nn != nil && set(`least`)[lower(nn)]
	}
	return false
}

// breathVerb: "to breath", "could finally breath": after a modal or "to".
func breathVerb(ws []prose.Word, i int) bool {
	p := prevWord(ws, i)
	if p == nil {
		return false
	}
	if set(`finally again`)[lower(p)] {
		p = prevWord(ws, i-1)
	}
	return p != nil && modals[lower(p)] && lower(p) != "not" && (endsHere(ws, i) || inSet(nextWord(ws, i), set(`again easier in out`)))
}

// breatheNoun: "a deep breathe", "a breathe of fresh air".
func breatheNoun(ws []prose.Word, i int) bool {
	p, n := prevWord(ws, i), nextWord(ws, i)
	return p != nil && (lower(p) == "deep" || lower(p) == "a" && n != nil && lower(n) == "of")
}

// complementing: "compliment each other", "nicely compliments the", "a
// good compliment to".
func complementing(ws []prose.Word, i int) bool {
	p, n := prevWord(ws, i), nextWord(ws, i)
	if n != nil && (lower(n) == "each" || lower(n) == "one") {
		nn := nextWord(ws, i+1)
		return nn != nil && set(`other another`)[lower(nn)]
	}
	if p != nil && set(`nicely perfectly well naturally`)[lower(p)] {
		return true
	}
	return n != nil && lower(n) == "to" && p != nil && set(`good great perfect natural nice useful`)[lower(p)]
}

// complementaryTo: "complimentary to each other", "complimentary tools".
func complementaryTo(ws []prose.Word, i int) bool {
	n := nextWord(ws, i)
	return n != nil && (lower(n) == "to" || set(`tools technologies approaches features projects skills signals`)[lower(n)])
}

// adviceVerb: "would advice everyone", "I advice you".
func adviceVerb(ws []prose.Word, i int) bool {
	p, n := prevWord(ws, i), nextWord(ws, i)
	return p != nil && n != nil && (modals[lower(p)] || set(`i we`)[lower(p)]) && lower(p) != "the" && adviseNext[lower(n)]
}

// adviseNoun: "any advise on", "great advise".
func adviseNoun(ws []prose.Word, i int) bool {
	p, n := prevWord(ws, i), nextWord(ws, i)
	return p != nil && adviceBefore[lower(p)] && (endsHere(ws, i) || n != nil && set(`on for from is was and about`)[lower(n)])
}
