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
