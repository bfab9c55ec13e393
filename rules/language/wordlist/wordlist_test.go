package wordlist

import (
	"strings"
	"testing"
)

func TestTransposition(t *testing.T) {
	for w, want := range map[string]string{
		"configuraiton":  "configuration",
		"infrastrucutre": "infrastructure",
		"confgiuration":  "configuration",
		"clutser":        "cluster",
		"pacakges":       "packages",
		"sacred":         "", // a word, though "scared" is one swap away
		"forths":         "", // the plural of a word the lists lack
		"configuration":  "", // a common word
		"kubelet":        "", // not a word, but no swap gives one
		"hte":            "", // too short
		"Clutser":        "", // not lower case
		"clut-ser":       "",
		// Two letters one apart, in words of eight letters or more.
		"capabitilies": "capabilities",
		"revelant":     "relevant",
		"irrevelant":   "irrelevant",
		"maintanence":  "maintenance",
		"dabatase":     "database",
		"dashbraod":    "dashboard",
		"csulter":      "", // "cluster", but seven letters
		"cafes":        "", // "faces", but too short: a word the lists lack
		"repos":        "", // "ropes", likewise
		"retesting":    "", // words, though "resetting" is one apart
		"denotation":   "", // "detonation"
		"stoplight":    "", // "spotlight"
		"mildness":     "", // "mindless"
		"limestones":   "", // "milestones", the plural of a word there
	} {
		b := []byte(w)
		got, ok := Transposition(b)
		if got != want || ok != (want != "") {
			t.Errorf("Transposition(%q) = %q, %v; want %q", w, got, ok, want)
		}
		if string(b) != w {
			t.Errorf("Transposition changed its argument to %q", b)
		}
	}
}

func TestData(t *testing.T) {
	for name, data := range map[string]string{"common.txt": commonTxt, "near.txt": nearTxt} {
		words := strings.Split(strings.TrimSuffix(data, "\n"), "\n")
		for i, w := range words {
			if len(w) < 5 || strings.Trim(w, "abcdefghijklmnopqrstuvwxyz") != "" {
				t.Fatalf("%s:%d: %q is not five or more lowercase letters", name, i+1, w)
			}
			if i > 0 && words[i-1] >= w {
				t.Fatalf("%s:%d: %q is out of order", name, i+1, w)
			}
		}
	}
	// Every word of near.txt is a real word the transposition check would
	// otherwise take for a typo: one swap from a common word, of letters
	// one apart only in words of minApart letters or more (the generator
	// must use the same length).
	c, _ := sets()
	for w := range strings.SplitSeq(strings.TrimSuffix(nearTxt, "\n"), "\n") {
		b := []byte(w)
		_, ok := swap(b, 1, c)
		if !ok && len(b) >= minApart {
			_, ok = swap(b, 2, c)
		}
		if !ok {
			t.Errorf("near.txt: %q is no swap from a common word", w)
		}
	}
	if !Common([]byte("solve")) || Common([]byte("sovle")) {
		t.Error(`Common is wrong about "solve" or "sovle"`)
	}
}

func BenchmarkTransposition(b *testing.B) {
	words := [][]byte{[]byte("configuraiton"), []byte("kubelet"), []byte("observability"), []byte("sacred")}
	for b.Loop() {
		for _, w := range words {
			Transposition(w)
		}
	}
}

// BenchmarkTranspositionApart times the words that reach the one-apart
// swaps: a typo found by them, and long words of no list that try every
// swap of both kinds, the worst case.
func BenchmarkTranspositionApart(b *testing.B) {
	words := [][]byte{[]byte("capabitilies"), []byte("prometheus"), []byte("opentelemetry")}
	for b.Loop() {
		for _, w := range words {
			Transposition(w)
		}
	}
}
