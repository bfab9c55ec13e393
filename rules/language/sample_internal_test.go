package language

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// sampleFirst lets through every word of functionWords and foreignWords
// as a post may write it: lower case, capitalised, shouting, with a curly
// apostrophe.
func TestSampleFirst(t *testing.T) {
	for _, m := range []map[string]bool{functionWords, foreignWords} {
		for w := range m {
			for _, v := range []string{w, strings.ToUpper(w), strings.ToUpper(w[:1]) + w[1:], strings.ReplaceAll(w, "'", "’")} {
				if v[0] < utf8.RuneSelf && !sampleFirst.may(v) {
					t.Errorf("sampleFirst passes over %q", v)
				}
			}
		}
	}
	if sampleFirst.may("kubernetes") {
		t.Error(`sampleFirst lets "kubernetes" through: it screens nothing`)
	}
}
