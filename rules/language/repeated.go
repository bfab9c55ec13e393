package language

import (
	"fmt"
	"strings"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/language/prose"
)

var RepeatedWord = &rules.Rule{
	Name:     "repeated-word",
	Summary:  "a word written twice in a row (\"the the\"); the fix deletes one",
	Severity: rules.Warning,
	Fixes:    rules.SafeFixes,
	Run:      runRepeated,
	Doc: `Reports a word written twice in a row, with only white space between: "the
the", "and and", also across a line break ("... to the" / "the cluster"). The
safe fix deletes the second one and the space before it.

Not reported: words doubled where English doubles them ("that that", "had
had", "really really", "is is" and "was was" after "what it is" or "all it was"),
numbers, names ("Bora Bora", two capitalised words inside a sentence), the
same letters in other capitals ("AND and"), a double in quotes (talked
about: fix "the the" typos), the alt texts of two images in a row, words in
code or split by anything but white space ("the ` + "`the`" + ` field", "the. The"),
and words in spelling.ignore or the post's spelling_ignore. Like the other language
rules it reads only prose, and only in English posts.

Bad:

    The keynote covered the the new scheduler.

Good:

    The keynote covered the new scheduler.
`,
}

// grammaticalDoubles are words that English doubles on purpose: "I knew
// that that was wrong", "she had had enough", "what it is is a queue".
var grammaticalDoubles = set(`that had do does did bye ha haha no yeah blah bla tsk knock chop
	dum tut tom really very`)

// clauseDoubles are doubled on purpose only after a clause that is the
// subject: "what it is is a queue", "all it was was luck". "The talk was
// was great" is a slip.
var clauseDoubles = set(`is was`)

// clauseOpeners open such a clause.
var clauseOpeners = set(`what whatever where how why who all`)

// afterClause reports whether a clause opener comes before ws[i] in its
// sentence, within a few words.
func afterClause(ws []prose.Word, i int) bool {
	for k := i - 1; k >= 0 && k >= i-8; k-- {
		if ws[k].Block != ws[i].Block {
			return false
		}
		if clauseOpeners[normalize(ws[k].Text)] {
			return true
		}
		if sentenceStart(ws, k) {
			return false
		}
	}
	return false
}

func runRepeated(pass *rules.Pass) {
	p := postOf(pass)
	if !p.english {
		return
	}
	sp := spellingOf(pass.Config)
	post := postIgnore(pass.Doc)
	ws := p.prose.Words
	for i := 1; i < len(ws); i++ {
		a, b := &ws[i-1], &ws[i]
		if !same(a, b) {
			continue
		}
		low := normalize(a.Text)
		if grammaticalDoubles[low] || clauseDoubles[low] && afterClause(ws, i-1) || sp.ignored(low) || post[low] {
			continue
		}
		if !a.Lower() && !b.Lower() && !sentenceStart(ws, i-1) {
			continue // a name: "Bora Bora", "Duran Duran"
		}
		if a.Text != b.Text && !(sentenceStart(ws, i-1) && b.Lower() && a.Title()) {
			continue // "AND and", "Zeitlinger zeitlinger": not the same word
		}
		// One diagnostic for a run: "the the the", "The the The the": what
		// the fix leaves must not be a pair of its own.
		start := sentenceStart(ws, i-1)
		j := i
		for j+1 < len(ws) && same(b, &ws[j+1]) {
			x := &ws[j+1]
			if x.Text != a.Text && x.Text != b.Text && !(start && x.Lower() && a.Title()) {
				break
			}
			j++
		}
		last := &ws[j]
		if isQuote(a.Prev) && isQuote(last.Next) || foreignAt(ws, i-1) {
			i = j + 1
			continue // talked about ("the the" typos), or French ("nous nous")
		}
		d := rules.Diagnostic{Start: a.Start, End: last.End, Message: fmt.Sprintf("%q is written twice", b.Text)}
		if j > i {
			d.Message = fmt.Sprintf("%q is written %d times in a row", b.Text, j-i+2)
		}
		// Delete the repetitions and the space before each, when nothing
		// but white space lies between the words in the file.
		exact := true
		for k := i; k <= j && exact; k++ {
			exact = ws[k].Exact && strings.Trim(string(pass.Doc.Src[ws[k-1].End:ws[k].Start]), " \t\r\n") == ""
		}
		if exact {
			d.Fixes = []rules.Fix{{
				Message: fmt.Sprintf("Delete the repeated %q", b.Text),
				Edits:   []rules.Edit{{Start: a.End, End: last.End}},
				Safe:    true,
			}}
		}
		pass.Report(d)
		i = j + 1
	}
}

// same reports whether b follows a in its block with only white space
// between, and is the same plain word in any case.
func same(a, b *prose.Word) bool {
	return b.Block == a.Block && b.Before == prose.SepSpace && a.Kind == prose.Plain && b.Kind == prose.Plain &&
		!a.Hyphen && !b.Hyphen && len(a.Text) == len(b.Text) && strings.EqualFold(a.Text, b.Text)
}
