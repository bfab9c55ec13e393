// Command gen turns SCOWL word lists, as Debian ships them in
// /usr/share/dict, into the two small files package wordlist embeds:
//
//	common.txt  the common words: every all-lowercase word of five or more
//	            ASCII letters in the small American and British lists
//	            (wamerican-small, wbritish-small).
//	near.txt    the real words next to a common word: every word, not
//	            itself common, that becomes a common word when two adjacent
//	            letters are swapped, or, in words of eight letters or more,
//	            two letters one apart ("retesting" for "resetting"), and
//	            that is in the large lists (wamerican-large,
//	            wbritish-large, lowercased: "sacred" for "scared"), or is
//	            the plural of a word there that the lists lack ("forths"
//	            for "froths"; the swap must not move the s).
//
// The transposition check asks whether a word w is in none of the large
// lists while such a swap gives a common word. When one exists, w is a real
// word exactly when it is common or in near.txt, so the two files answer
// the question without embedding the 120,000 words of the large lists.
//
// Run it with go generate in the parent directory after installing the
// Debian packages wamerican-small wbritish-small wamerican-large
// wbritish-large.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// minApart is the length from which the transposition check also swaps
// two letters one apart ("capabitilies"); package wordlist has the same
// constant.
const minApart = 8

func main() {
	dict := flag.String("dict", "/usr/share/dict", "directory of the SCOWL word lists")
	out := flag.String("out", ".", "directory to write common.txt and near.txt to")
	flag.Parse()
	if err := run(*dict, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(dict, out string) error {
	common := map[string]bool{}
	for _, name := range []string{"american-english-small", "british-english-small"} {
		err := read(filepath.Join(dict, name), func(w string) {
			if candidate(w) {
				common[w] = true
			}
		})
		if err != nil {
			return err
		}
	}
	large := map[string]bool{}
	for _, name := range []string{"american-english-large", "british-english-large"} {
		if err := read(filepath.Join(dict, name), func(w string) { large[strings.ToLower(w)] = true }); err != nil {
			return err
		}
	}
	near := map[string]bool{}
	for c := range common {
		b := []byte(c)
		// d is how far apart the swapped letters are: 1 for adjacent
		// letters, 2 for letters one apart in words of minApart or more.
		for d := 1; d <= 2; d++ {
			if d == 2 && len(b) < minApart {
				break
			}
			for i := 0; i+d < len(b); i++ {
				if b[i] == b[i+d] {
					continue
				}
				b[i], b[i+d] = b[i+d], b[i]
				if w := string(b); !common[w] && (large[w] || i+d+1 < len(b) && plural(w, large)) {
					near[w] = true
				}
				b[i], b[i+d] = b[i+d], b[i]
			}
		}
	}
	if err := write(filepath.Join(out, "common.txt"), common); err != nil {
		return err
	}
	return write(filepath.Join(out, "near.txt"), near)
}

// plural reports whether w is a regular plural of a word in the large
// lists, which leave out many plurals ("back and forths"): a word of four
// letters or more, not itself ending in s, ed, ing or ly, plus an s.
func plural(w string, large map[string]bool) bool {
	x, ok := strings.CutSuffix(w, "s")
	if !ok || len(x) < 4 || !large[x] {
		return false
	}
	for _, suffix := range []string{"s", "ed", "ing", "ly"} {
		if strings.HasSuffix(x, suffix) {
			return false
		}
	}
	return true
}

// candidate reports whether w is five or more lowercase ASCII letters: the
// only words the transposition check looks at.
func candidate(w string) bool {
	if len(w) < 5 {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}

func read(path string, f func(string)) error {
	file, err := os.Open(path)
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(file)
	for sc.Scan() {
		f(strings.TrimSpace(sc.Text()))
	}
	if err := sc.Err(); err != nil {
		_ = file.Close() // the scan error is the one to report
		return err
	}
	return file.Close()
}

func write(path string, set map[string]bool) error {
	words := make([]string, 0, len(set))
	for w := range set {
		words = append(words, w)
	}
	slices.Sort(words)
	return os.WriteFile(path, []byte(strings.Join(words, "\n")+"\n"), 0o644)
}
