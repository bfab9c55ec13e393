package language

import (
	"strings"

	"github.com/postlint/postlint/rules/language/prose"
	"github.com/postlint/postlint/rules/language/wordlist"
)

// More real-word confusions: idioms written with a word that sounds like
// the one meant ("piece of mind"), and words a spelling checker's first
// guess puts in place of another ("defiantly" for "definitely").

var (
	beForms = set(`be am is are was were been being isn't aren't wasn't weren't i'm we're you're they're
		it's that's there's become becomes became becoming feel feels felt`)
	leadHave   = set(`has have had hasn't haven't hadn't`)
	leadNext   = set(`to the us me them him her many some`)
	fazeBefore = set(`didn't doesn't don't won't wouldn't never not hardly barely`)
	fazeNext   = set(`me us him her them you anyone anybody people`)
	// definitelyNext follow "definitely" and not "defiantly": "He
	// defiantly refused" is right.
	definitelyNext = set(`worth recommend recommended be going want need check looking`)
	tooMuchNext    = set(`for to of`)
	areWere        = set(`are were`)
	// consonantSound start with a vowel letter and a consonant sound.
	consonantSound = set(`one ones once oneself euro euros european europeans eulogy euphoria eureka ewe ewes
		eucalyptus ouija`)
	// youWords start with "uni" and a "you" sound; "uninstall" does not.
	youWords = set(`unique unit units union unions universal universe university uniform unicode unix unified
		unify unity`)
	silentH = set(`hour hours hourly honest honestly honesty honor honors honour honours honorable
		honourable heir heirs`)
	variableBefore = set(`use variable package function let set case field
		type value parameter argument node module struct interface method called named`)
	// articleNot never follow an article, or make it something else: "an the"
	// is a slip of "and", "a is" and "a ought to" name a variable.
	articleNot = set(`the a an this that these those it its is are was were be and or of in on at to for
		with by from as if else also again all any each every other only own out over up into than then
		there their they them we you he she his her our your my me us not no nor so but ought equal equals
		must should can will would could may might shall has have had does did do`)
	patternKinds = set(`access design traffic query data code common new these those similar different known
		communication deployment integration architectural behavior behaviour usage call request load growth
		failure error coding naming migration retry release`)
	imNext = set(`not going so very really sure happy excited glad here looking working trying still just
		also using currently now back proud curious interested planning thinking getting doing hoping afraid`)
	iveNext = set(`been got seen had done never always just ever already learned noticed found heard used tried
		made worked written spent started decided`)
	thingVerbs    = set(`is are was were will would can could should has have`)
	subordinators = set(`whether if when case that what how where why because once until unless while since`)
	// whoIsNext can follow "who is": "who's next is", "who's there".
	whoIsNext = set(`a an the not been got gotten there here next in on at up out it that this your my our their
		ready still also just really already never always now going coming doing done new responsible both all
		each only even so very too quite pretty`)
)

// addIdioms adds the idioms and words of this file to the table.
func addIdioms(add func(*entry)) {
	fixed := func(words string, from, to int, fix, why string, ok func([]prose.Word, int) bool) {
		add(fixedPhrase(words, from, to, fix, why, ok))
	}
	fixed("piece of mind", 0, 0, "peace", `the idiom is "peace of mind"`, notAfterA)
	for _, who := range []string{"me", "us"} {
		fixed("bare with "+who, 0, 0, "bear", "to bear with is to be patient with; bare means uncovered", notHyphenated)
	}
	fixed("one in the same", 1, 1, "and", `the idiom is "one and the same"`, endsAt(3))
	fixed("case and point", 1, 1, "in", `the idiom is "case in point"`, endsAt(2))
	fixed("mute point", 0, 0, "moot", "a moot point is one of no consequence", afterA)
	for _, whose := range strings.Fields("your my our their the his her") {
		for verb, fix := range map[string]string{"wet": "whet", "wets": "whets", "wetted": "whetted"} {
			fixed(verb+" "+whose+" appetite", 0, 0, fix, "to whet is to sharpen", notHyphenated)
		}
	}
	for verb, fix := range map[string]string{"tow": "toe", "tows": "toes", "towed": "toed", "towing": "toeing"} {
		fixed(verb+" the line", 0, 0, fix, `the idiom is "toe the line"`, notHyphenated)
	}
	fixed("slight of hand", 0, 0, "sleight", `"sleight" is a conjurer's skill`, notHyphenated)
	fixed("statue of limitations", 0, 0, "statute", "a statute is a law", notHyphenated)
	fixed("escape goat", 0, 1, "scapegoat", `the word is "scapegoat"`, notHyphenated)
	fixed("tongue and cheek", 1, 1, "in", `the idiom is "tongue in cheek"`, notHyphenated)
	fixed("nip it in the butt", 4, 4, "bud", "the idiom is about a flower's bud", notHyphenated)
	fixed("beckon call", 0, 1, "beck and call", `the idiom is "at someone's beck and call"`, notHyphenated)
	for _, verb := range strings.Fields("make makes making made") {
		fixed(verb+" due with", 1, 1, "do", "to make do is to manage", notHyphenated)
	}
	fixed("by in large", 1, 1, "and", `the idiom is "by and large"`, sentenceStart)
	fixed("deep seeded", 0, 1, "deep-seated", `the idiom is "deep-seated"`, notHyphenated)
	fixed("on tender hooks", 1, 2, "tenterhooks", `the idiom is "on tenterhooks"`, notHyphenated)

	add(&entry{phrase: []string{"defiantly"}, fix: "definitely", why: `"defiantly" means in defiance`, ok: definitelyMeant})
	for form, fix := range map[string]string{"phase": "faze", "phased": "fazed", "phases": "fazes"} {
		add(&entry{phrase: []string{form}, fix: fix, why: "to faze is to unsettle; a phase is a stage", ok: fazeMeant})
	}
	add(&entry{phrase: []string{"lead"}, fix: "led", why: `the past participle of "lead" is "led"`, ok: ledMeant})
	add(&entry{phrase: []string{"apart", "of"}, fix: "a part", why: `"apart" means separated; "a part of" is one of its parts`, ok: partOf})
	for _, first := range []string{"way", "far"} {
		for _, amount := range []string{"many", "much"} {
			add(&entry{phrase: []string{first, "to", amount}, from: 1, to: 1, fix: "too", why: `"too" means more than enough`, ok: wayTooMany})
		}
	}
	add(&entry{phrase: []string{"to", "much"}, fix: "too", why: `"too" means more than enough`, ok: isTooMuch})
	add(&entry{phrase: []string{"to", "many"}, fix: "too", why: `"too" means more than enough`, ok: thereTooMany})
	add(&entry{phrase: []string{"who's"}, fix: "whose", why: `"who's" is who is or who has; "whose" is of whom`, ok: whoseThing})
	add(&entry{phrase: []string{"they're"}, fix: "their", why: `"they're" is they are; "their" is of them`, ok: whoseThing})
	add(&entry{phrase: []string{"it's"}, fix: "its", why: `"it's" is it is; "its" is of it`, ok: whoseThing})
	add(&entry{phrase: []string{"lets", "encrypt"}, fix: "Let's", why: `the name is "Let's Encrypt"`, safe: true, ok: letsEncrypt})
	add(&entry{phrase: []string{"an"}, fix: "a", why: `"a" comes before a consonant sound`, ok: aMeant})
	add(&entry{phrase: []string{"a"}, fix: "an", why: `"an" comes before a vowel sound`, ok: anMeant})
	add(&entry{phrase: []string{"patters"}, fix: "patterns", why: `a patter is quick talk`, ok: pattersMeant})
	for _, prep := range []string{"on", "upon"} {
		add(&entry{phrase: []string{"dependant", prep}, fix: "dependent", why: `"dependant" is a noun, a person who depends on another; the adjective is "dependent"`, ok: notHyphenated})
	}
	add(&entry{phrase: []string{"im"}, fix: "I'm", why: `"I'm" is I am`, safe: true, ok: pronounContraction(imNext)})
	add(&entry{phrase: []string{"ive"}, fix: "I've", why: `"I've" is I have`, safe: true, ok: pronounContraction(iveNext)})
}

// aMeant: "an" before a common word that starts with a consonant ("an
// long-requested feature") or a "u" sounded "you" ("an user"), but for
// "h" ("an hour", "an historic") and words that are not ("an ssh key",
// "an rpc": letters, read as such).
func aMeant(ws []prose.Word, i int) bool {
	n := nextWord(ws, i)
	if n == nil || !(n.Text[0] >= 'a' && n.Text[0] <= 'z') || strings.IndexByte("aeioh", n.Text[0]) >= 0 {
		return false // most words: a look at the first letter
	}
	l, ok := articleNext(ws, i)
	if !ok {
		return false
	}
	if l[0] == 'u' { // "an user", "an unique": "u" sounded as "you"
		return youSound(l)
	}
	return true
}

// youSound reports a common word starting with "u" sounded as "you":
// "user", "unique", "usual"; not "update", "unknown", "uninstall".
func youSound(w string) bool {
	return strings.HasPrefix(w, "us") || strings.HasPrefix(w, "uti") || youWords[w]
}

// vowelU reports a common word starting with "u" sounded as a vowel:
// "unknown", "update", "urgent"; not "unique" nor "uninstall" ("uni" is
// left alone both ways).
func vowelU(w string) bool {
	if strings.HasPrefix(w, "un") {
		return len(w) > 2 && w[2] != 'i'
	}
	return strings.HasPrefix(w, "up") || strings.HasPrefix(w, "ur") || strings.HasPrefix(w, "ul") || strings.HasPrefix(w, "um")
}

// anMeant: "a" before a common word that starts with a vowel ("a
// incoming connection"), a "u" sounded as one ("a unknown", "a urgent")
// or a silent h ("a hour"); not before "one", "euro", ..., which start
// with a consonant sound, nor "a user".
func anMeant(ws []prose.Word, i int) bool {
	if n := nextWord(ws, i); n == nil || strings.IndexByte("aeiohu", n.Text[0]) < 0 {
		return false // most words: a look at the first letter
	}
	n, ok := articleNext(ws, i)
	if !ok || consonantSound[n] {
		return false
	}
	if p := prevWord(ws, i); p != nil && variableBefore[lower(p)] {
		return false // "let a equal b", "use a in an expression"
	}
	return strings.ContainsRune("aeio", rune(n[0])) || silentH[n] || n[0] == 'u' && vowelU(n)
}

// articleNext returns the word after the article ws[i], in lower case,
// when it is a common English word in lower case that may take an
// article: not "the" or "is" ("an the" is a slip of "and"; "a is" a
// variable), not a number or a name. The article is "a" or "an", or "A"
// or "An" opening a sentence: "A" inside one is a name ("Collector A").
func articleNext(ws []prose.Word, i int) (string, bool) {
	w := &ws[i]
	if !(w.Lower() || sentenceStart(ws, i) && (w.Text == "A" || w.Text == "An")) || w.Hyphen {
		return "", false
	}
	n := nextWord(ws, i)
	if n == nil || n.Kind != prose.Plain || !n.Lower() || isApostrophe(n.Next) {
		return "", false
	}
	l := lower(n)
	if len(l) < 2 || articleNot[l] || !wordlist.Common([]byte(l)) {
		return "", false
	}
	if k := len(l) - 1; l[k] == 's' && l[k-1] != 's' && wordlist.Common([]byte(l[:k])) {
		// A plural or a verb ("and a adds"): a variable, or another slip.
		return "", false
	}
	return l, true
}

// letsEncrypt: "Lets Encrypt", the certificate authority, capitalised so;
// "it lets encrypt" is left alone.
func letsEncrypt(ws []prose.Word, i int) bool {
	return ws[i].Text == "Lets" && ws[i+1].Text == "Encrypt"
}

// pattersMeant: "usage patters", "access patters": patterns of a kind, not
// "the rain patters on the roof".
func pattersMeant(ws []prose.Word, i int) bool {
	return inSet(prevWord(ws, i), patternKinds) && notHyphenated(ws, i)
}

// pronounContraction: "Im going", "Ive been": "I'm", "I've" without the
// apostrophe, before a word that follows them; not "IM" (a message) nor
// "Jony Ive had", a name after a name.
func pronounContraction(next map[string]bool) func([]prose.Word, int) bool {
	return func(ws []prose.Word, i int) bool {
		w := &ws[i]
		if w.Text != "Im" && w.Text != "im" && w.Text != "Ive" && w.Text != "ive" || !notHyphenated(ws, i) {
			return false
		}
		if p := prevWord(ws, i); p != nil && !p.Lower() {
			return false
		}
		return inSet(nextWord(ws, i), next)
	}
}

// thereTooMany: "there are to many dashboards", "there were to many".
func thereTooMany(ws []prose.Word, i int) bool {
	p, pp := prevWord(ws, i), prevWord(ws, i-1)
	return inSet(p, areWere) && pp != nil && lower(pp) == "there" && notHyphenated(ws, i+1)
}

// whoseThing: "Who's laptop is this?", "They're code is", "It's unit will
// be": "who's", "they're" or "it's" before a noun and a verb, where "who
// is", "they are" and "it is" cannot be; "who's going is" and "who's next
// is" are left alone.
func whoseThing(ws []prose.Word, i int) bool {
	n, nn := nextWord(ws, i), nextWord(ws, i+1)
	if n == nil || nn == nil || !n.Lower() || n.Kind != prose.Plain || !notHyphenated(ws, i+1) {
		return false
	}
	l := lower(n)
	if whoIsNext[l] || strings.HasSuffix(l, "ing") || strings.HasSuffix(l, "ed") || strings.HasSuffix(l, "ly") {
		return false
	}
	// "in case it's present is likely": a clause ends after the
	// adjective, and the verb is the sentence's.
	return inSet(nn, thingVerbs) && !inSet(prevWord(ws, i), subordinators)
}

// endsAt: the phrase's word k is the last of its clause ("one in the same.").
func endsAt(k int) func([]prose.Word, int) bool {
	return func(ws []prose.Word, i int) bool { return notHyphenated(ws, i) && endsHere(ws, i+k) }
}

// afterA: "a mute point"; "the mute point of the switch" may be one.
func afterA(ws []prose.Word, i int) bool {
	p := prevWord(ws, i)
	return p != nil && lower(p) == "a" && notHyphenated(ws, i)
}

// notAfterA: not "a piece of mind", which is "a piece of my mind" gone
// wrong, not "peace of mind"; nor "piece of mind-blowing".
func notAfterA(ws []prose.Word, i int) bool {
	p := prevWord(ws, i)
	return (p == nil || lower(p) != "a") && !ws[i+2].Hyphen
}

// definitelyMeant: "defiantly worth", "defiantly recommend".
func definitelyMeant(ws []prose.Word, i int) bool {
	return inSet(nextWord(ws, i), definitelyNext) && notHyphenated(ws, i)
}

// fazeMeant: "didn't phase me", "never phased them".
func fazeMeant(ws []prose.Word, i int) bool {
	return inSet(prevWord(ws, i), fazeBefore) && inSet(nextWord(ws, i), fazeNext) && notHyphenated(ws, i)
}

// ledMeant: "has lead to", "have lead the way": after "have" a verb takes
// its participle, "led".
func ledMeant(ws []prose.Word, i int) bool {
	return inSet(prevWord(ws, i), leadHave) && inSet(nextWord(ws, i), leadNext) && notHyphenated(ws, i)
}

// partOf: "to be apart of", "is apart of the team"; "they are apart of
// course" is right.
func partOf(ws []prose.Word, i int) bool {
	n := nextWord(ws, i+1)
	return inSet(prevWord(ws, i), beForms) && notHyphenated(ws, i) && (n == nil || lower(n) != "course")
}

// wayTooMany: "way to many", "far to much" after a form of "be" ("there
// are way to many"), or "way" after a verb ("spend way to much"); "the
// way to many hearts" and "travelled far to many places" are right.
func wayTooMany(ws []prose.Word, i int) bool {
	p := prevWord(ws, i)
	if p == nil || !notHyphenated(ws, i) {
		return false
	}
	if lower(&ws[i]) == "far" {
		return beForms[lower(p)]
	}
	return !determiners[lower(p)] && lower(p) != "one" && lower(p) != "no"
}

// isTooMuch: "it was to much." or "is to much for", after a form of "be".
func isTooMuch(ws []prose.Word, i int) bool {
	if !inSet(prevWord(ws, i), beForms) || !notHyphenated(ws, i+1) {
		return false
	}
	return endsHere(ws, i+1) || inSet(nextWord(ws, i+1), tooMuchNext)
}
