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

func TestTable(t *testing.T) {
	long := strings.Repeat("x", 40)
	tab := NewTable("alpha\nbeta\tB\nalphabet\n\ngamma\tG1\ngamma\tG2\n" + long + "\tL\n" + long + "y\nlast")
	for w, want := range map[string]struct {
		v  string
		ok bool
	}{
		"alpha":    {"", true},
		"beta":     {"B", true},
		"alphabet": {"", true},
		"gamma":    {"G2", true}, // the later line wins
		"last":     {"", true},   // no newline after it
		"alph":     {"", false},
		"alphab":   {"", false},
		"betax":    {"", false},
		"bet":      {"", false},
		"G2":       {"", false}, // values are not keys
		"":         {"", false},
		"delta":    {"", false},
		// Nothing matches across the tab or the lines of the text.
		"beta\tB":             {"", false},
		"alpha\nbeta":         {"", false},
		"alpha\n":             {"", false},
		long:                  {"L", true},
		long + "y":            {"", true},
		long + "\tL":          {"", false},
		long + "\tL\n" + long: {"", false},
		long[1:]:              {"", false},
	} {
		if v, ok := tab.Lookup([]byte(w)); v != want.v || ok != want.ok {
			t.Errorf("Lookup(%q) = %q, %v; want %q, %v", w, v, ok, want.v, want.ok)
		}
	}
}

// TestTableCommon checks the common words' table against a map, for every
// word and for near misses of each.
func TestTableCommon(t *testing.T) {
	c, _ := sets()
	m := map[string]bool{}
	words := strings.Split(strings.TrimSuffix(commonTxt, "\n"), "\n")
	for _, w := range words {
		m[w] = true
	}
	for _, w := range words {
		for _, probe := range []string{w, w[:len(w)-1], w + "s", w + "x", "x" + w, w[1:]} {
			if got := c.Has([]byte(probe)); got != m[probe] {
				t.Fatalf("Has(%q) = %v, want %v", probe, got, m[probe])
			}
		}
		if !anagrams.may([]byte(w)) {
			t.Fatalf("the anagram set lacks %q", w)
		}
	}
}
