package language

import "github.com/postlint/postlint/rules/language/prose"

// LooksEnglish is looksEnglish, for the tests of package language_test.
func LooksEnglish(ws []prose.Word) bool { return looksEnglish(ws) }

// FunctionShare is the share of function words among the words
// looksEnglish reads, and the share of their letters that are not ASCII.
func FunctionShare(ws []prose.Word) (float64, float64) {
	n, hits, _, ascii, other := englishSample(ws)
	if n == 0 {
		return 0, 0
	}
	return float64(hits) / float64(n), float64(other) / float64(max(1, ascii+other))
}
