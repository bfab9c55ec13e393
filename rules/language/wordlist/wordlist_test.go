package wordlist

import (
	"slices"
	"strings"
	"testing"
)

func TestCandidates(t *testing.T) {
	for w, want := range map[string]string{
		// The typos a new user met: each kind of edit.
		"certficate":      "certificate",
		"progamming":      "programming",
		"localy":          "locally",
		"possibilites":    "possibilities",
		"servce":          "service",
		"techical":        "technical",
		"libarary":        "library",
		"infrastrucuture": "infrastructure",
		"achieveing":      "achieving",
		"resiliant":       "resilient",
		"asynchrounous":   "asynchronous",
		"interpeter":      "interpreter",
		"librarires":      "libraries",
		"untaitned":       "untainted", // a swap into a word of the large lists
		"lamdba":          "lambda",
		"configuraiton":   "configuration",
		"disapppointed":   "disappointed",
		"clutser":         "cluster",
		// No single edit gives a common word.
		"qwzrtvx":      "",
		"grafna":       "grafana", // a word of tech.txt
		"obervability": "observability",
		"capabitilies": "capabilities", // two letters one apart
		"revelant":     "relevant",
		"dabatase":     "database",
		"prometheus":   "",
		"csulter":      "",
		"sovle":        "solve",
		"hte":          "", // too short
	} {
		b := []byte(w)
		cs := Candidates(b)
		if string(b) != w {
			t.Errorf("Candidates changed its argument to %q", b)
		}
		got := ""
		if len(cs) > 0 {
			got = cs[0].Word
		}
		if got != want {
			t.Errorf("Candidates(%q) = %v; want %q first", w, cs, want)
		}
	}
}

func TestClear(t *testing.T) {
	for w, clear := range map[string]bool{
		"localy":        true,  // "locally" (a doubled letter) over "local"
		"configuraiton": true,  // only one
		"pinger":        false, // finger, ginger, linger, singer
	} {
		cs := Candidates([]byte(w))
		if len(cs) == 0 || Clear(cs) != clear {
			t.Errorf("Clear(%v) for %q = %v, want %v", cs, w, !clear, clear)
		}
	}
	if Clear(nil) {
		t.Error("Clear(nil) = true")
	}
}

func TestWord(t *testing.T) {
	for w, want := range map[string]bool{
		"configuration": true,
		"sacred":        true, // large lists
		"kubelet":       true, // tech.txt
		"upstreams":     true, // forms
		"lowercased":    true,
		"unmarshaling":  true,
		"reimplements":  true,
		"filestorage":   true,
		"getters":       true,
		"templated":     true,
		"pageviews":     true,
		"configuraiton": false,
		"achieveing":    false, // the e is dropped before -ing
		"stoped":        false, // a short stem doubles: "stopped"
		"servce":        false,
		"certficate":    false,
		"localy":        false,
	} {
		if got := Word([]byte(w)); got != want {
			t.Errorf("Word(%q) = %v, want %v", w, got, want)
		}
	}
}

func TestTypo(t *testing.T) {
	for w, want := range map[string][]string{
		"recieved":      {"received"},         // misspell
		"certficate":    {"certificate"},      // the typos project
		"servce":        {"service", "serve"}, // more than one
		"teh":           {"the"},              // short
		"substituters":  nil,                  // a word of tech.txt
		"abut":          nil,                  // a word
		"configuration": nil,
	} {
		got, ok := Typo([]byte(w))
		if !slices.Equal(got, want) || ok != (want != nil) {
			t.Errorf("Typo(%q) = %q, %v; want %q", w, got, ok, want)
		}
	}
}

func TestSorted(t *testing.T) {
	var lines []string
	for i := range 200 {
		lines = append(lines, strings.Repeat("a", i%7+1)+string(rune('a'+i%26))+strings.Repeat("z", i/26))
	}
	slices.Sort(lines)
	lines = slices.Compact(lines)
	var b strings.Builder
	prev := ""
	for i, l := range lines {
		p := 0
		if i%blockSize != 0 {
			for p < len(l) && p < len(prev) && l[p] == prev[p] {
				p++
			}
		}
		b.WriteByte(byte(' ' + p))
		b.WriteString(l[p:] + "\tv" + l + "\n")
		prev = l
	}
	s := NewSorted(b.String(), "")
	for _, l := range lines {
		if v, ok := s.Lookup([]byte(l)); !ok || v != "v"+l {
			t.Fatalf("Lookup(%q) = %q, %v", l, v, ok)
		}
		for _, miss := range []string{l + "b", l[:len(l)-1] + "{", "0" + l} {
			if !slices.Contains(lines, miss) && s.Has([]byte(miss)) {
				t.Fatalf("Has(%q) = true", miss)
			}
		}
	}
	if s.Has(nil) || s.Has([]byte(strings.Repeat("a", 100))) {
		t.Error("Has of an empty or long key")
	}
}

// TestData checks the generated files: sorted, lowercase, and the front
// coding readable from every head.
func TestData(t *testing.T) {
	words := strings.Split(strings.TrimSuffix(commonTxt, "\n"), "\n")
	for i, line := range words {
		w, _, _ := strings.Cut(line, "\t")
		if len(w) < 3 || strings.Trim(w, "abcdefghijklmnopqrstuvwxyz") != "" {
			t.Fatalf("common.txt:%d: %q is not three or more lowercase letters", i+1, w)
		}
		if i > 0 && words[i-1] >= line {
			t.Fatalf("common.txt:%d: %q is out of order", i+1, w)
		}
	}
	load()
	n := 0
	for line := range strings.SplitSeq(strings.TrimSuffix(wordsTxt, "\n"), "\n") {
		if n%blockSize == 0 && line[0] != ' ' {
			t.Fatalf("words.txt: head line %d shares a prefix", n+1)
		}
		n++
	}
	if !Word([]byte("sacred")) || Common([]byte("sacred")) && false {
		t.Error("words.txt lacks sacred")
	}
	if !Common([]byte("solve")) || Common([]byte("sovle")) || Word([]byte("sovle")) {
		t.Error(`Common or Word is wrong about "solve" or "sovle"`)
	}
}

// TestTableCommon checks the common words' table against a map, for every
// word and for near misses of each.
func TestTableCommon(t *testing.T) {
	load()
	m := map[string]bool{}
	var words []string
	for line := range strings.SplitSeq(strings.TrimSuffix(commonTxt, "\n"), "\n") {
		w, _, _ := strings.Cut(line, "\t")
		m[w] = true
		words = append(words, w)
	}
	for _, w := range words {
		for _, probe := range []string{w, w[:len(w)-1], w + "s", w + "x", "x" + w, w[1:]} {
			if got := common.Has([]byte(probe)); got != m[probe] {
				t.Fatalf("Has(%q) = %v, want %v", probe, got, m[probe])
			}
		}
	}
}

func BenchmarkCandidates(b *testing.B) {
	words := [][]byte{[]byte("configuraiton"), []byte("kubelet"), []byte("servce"), []byte("asynchrounous")}
	for b.Loop() {
		for _, w := range words {
			Candidates(w)
		}
	}
}

func BenchmarkWord(b *testing.B) {
	words := [][]byte{[]byte("sacred"), []byte("kubelet"), []byte("upstreams"), []byte("configuraiton")}
	for b.Loop() {
		for _, w := range words {
			Word(w)
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

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		NewSorted(wordsTxt, wordsIdx)
		NewSorted(typosTxt, typosIdx)
	}
}

// TestCommonLetters compares Common, which looks most words up in a
// letterSet, with the Table of every common word: on each word of the
// list, on each with one letter changed, dropped or added, and on words
// that are not all a-z or longer than a letterSet holds.
func TestCommonLetters(t *testing.T) {
	load()
	try := func(w string) {
		if got, want := Common([]byte(w)), len(w) >= 3 && common.Has([]byte(w)); got != want {
			t.Fatalf("Common(%q) = %v, the table says %v", w, got, want)
		}
	}
	n := 0
	for line := range strings.SplitSeq(commonTxt, "\n") {
		w, _, _ := strings.Cut(line, "\t")
		if w == "" {
			continue
		}
		n++
		try(w)
		try(w[1:])
		try(w + "s")
		try(w + "x")
		try("a" + w)
		for i := range len(w) {
			b := []byte(w)
			b[i] = 'a' + (b[i]-'a'+1)%26
			try(string(b))
		}
	}
	for _, w := range []string{"", "a", "ab", "abc", "don't", "café", "Common", "c0mmon", "{}", "abcdefghijkl", "abcdefghijklm", "internationalization", "zzzzzzzzzzzz"} {
		try(w)
	}
	if n < 40000 || len(commonLetters.slots) == 0 {
		t.Fatalf("%d common words, %d slots", n, len(commonLetters.slots))
	}
}
