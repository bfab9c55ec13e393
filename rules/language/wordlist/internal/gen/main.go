// Command gen makes the word tables package wordlist embeds, from SCOWL
// word lists as Debian ships them in /usr/share/dict, the known typos of
// github.com/golangci/misspell and of the typos project (crate-ci/typos,
// words.csv), and the project's own technical vocabulary (tech.txt):
//
//	common.txt  the common words, which fixes are taken from: every
//	            all-lowercase word of three or more ASCII letters in the
//	            small American and British lists (wamerican-small,
//	            wbritish-small), each with how often the typo lists name
//	            it as a correction ("service\t3"), a hint of how often it
//	            is written.
//	words.txt   every other word of five letters or more of the large
//	            lists (wamerican-large, wbritish-large, lowercased, and
//	            without accents as well as with them: "cafes"), front
//	            coded (see package wordlist): a word in neither file is not
//	            an English word.
//	words.idx   an index of words.txt (internal/bloom): a Bloom filter,
//	            so that a word not there is seldom looked for in the text,
//	            and where its blocks start.
//	typos.txt   the known typos of five letters or more, front coded, each
//	            with its corrections, separated by "|" (each as the bytes
//	            it shares with the typo's start and end, and the rest);
//	            typos-short.txt those of three and four letters (of the
//	            typos project's, of three only two letters swapped: "hte";
//	            of four also one letter off, but for words of German,
//	            French, Spanish, Portuguese and Italian: "bult"). An
//	            entry is left out when its typo is a word of the large
//	            lists or of tech.txt, or a regular form of such words
//	            (package morph), the typo lists being made for code, where
//	            "cant", "alls" and "ment" are typos; but a form made with a
//	            suffix is kept when one of its corrections is in the lists
//	            ("occured": the lists have "occurred"). typos.idx is its
//	            index.
//
// misspell's entries come first; the typos project adds the typos misspell
// lacks. Run it with go generate in the parent directory after installing
// the Debian packages wamerican-small wbritish-small wamerican-large
// wbritish-large wngerman wfrench wspanish wportuguese witalian, with
// ../shared/typos beside the repository (or -typos naming words.csv).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/golangci/misspell"

	"github.com/postlint/postlint/rules/language/wordlist"
	"github.com/postlint/postlint/rules/language/wordlist/internal/bloom"
	"github.com/postlint/postlint/rules/language/wordlist/morph"
)

// blockSize is how many lines of a front-coded file share one head, a
// line written in full; package wordlist has the same constant.
const blockSize = 32

// bloomBits is about how many bits of the Bloom filters of words.txt and
// typos.txt each key has: one lookup of a word not there in 40 or so reads
// the text.
const bloomBits = 12

func main() {
	dict := flag.String("dict", "/usr/share/dict", "directory of the SCOWL word lists")
	typos := flag.String("typos", "../../../../shared/typos/words.csv", "the typos project's words.csv")
	out := flag.String("out", ".", "directory to write the tables to, holding tech.txt")
	flag.Parse()
	if err := run(*dict, *typos, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(dict, typosCSV, out string) error {
	common := map[string]bool{}
	for _, name := range []string{"american-english-small", "british-english-small"} {
		err := read(filepath.Join(dict, name), func(w string) {
			if letters(w) && len(w) >= 3 {
				common[w] = true
			}
		})
		if err != nil {
			return err
		}
	}
	large := map[string]bool{}
	for _, name := range []string{"american-english-large", "british-english-large"} {
		// Words with accents also count without them: "cafes", "naive".
		if err := read(filepath.Join(dict, name), func(w string) { large[unaccent.Replace(strings.ToLower(w))] = true }); err != nil {
			return err
		}
	}
	tech := map[string]bool{}
	if err := read(filepath.Join(out, "tech.txt"), func(w string) {
		if w != "" && !strings.HasPrefix(w, "#") {
			tech[strings.ToLower(w)] = true
		}
	}); err != nil {
		return err
	}
	// Four-letter words of the languages most often quoted in English
	// posts, without accents, as four-letter typos are written.
	foreign := map[string]bool{}
	for _, name := range foreignLists {
		err := read(filepath.Join(dict, name), func(w string) {
			if w = unaccent.Replace(strings.ToLower(w)); len(w) == 4 {
				foreign[w] = true
			}
		})
		if err != nil {
			return err
		}
	}
	known := func(w []byte) bool { return large[string(w)] || tech[string(w)] }
	short := func(w []byte) bool { return common[string(w)] }
	// A regular form morph makes of listed words is a word too, unless it
	// is made with a suffix and the lists hold what it should be: "occured"
	// is occur + ed by the letters, but the lists have "occurred", the
	// spelling rules' form. (2,120 typos of the lists are kept so; of
	// the 8,036 forms with a listed correction, those made with a prefix
	// or of two words are left to the checker's own slip test, as
	// "overmapping" and "eyeballers" are.)
	isWord := func(w string, fix []string) bool {
		if large[w] || tech[w] {
			return true
		}
		switch f, _ := morph.Analyze([]byte(w), known, short); f {
		case morph.None:
			return false
		case morph.Suffixed:
			for _, c := range fix {
				if large[c] || common[c] {
					return false
				}
			}
		}
		return true
	}

	// The typos: misspell's first, then the typos project's.
	fixes := map[string][]string{}
	var order []string
	add := func(typo string, fix []string) {
		if _, ok := fixes[typo]; ok || !letters(typo) || len(typo) < 3 || isWord(typo, fix) {
			return
		}
		fixes[typo] = fix
		order = append(order, typo)
	}
	// misspell's list is read as a map reads it: the later pair wins.
	last := map[string]string{}
	for i := 0; i+1 < len(misspell.DictMain); i += 2 {
		last[misspell.DictMain[i]] = misspell.DictMain[i+1]
	}
	for _, k := range slices.Sorted(maps.Keys(last)) {
		if v := last[k]; !strings.ContainsAny(v, "\t\n|") {
			add(k, []string{v})
		}
	}
	counts := map[string]int{}
	err := read(typosCSV, func(line string) {
		f := strings.Split(line, ",")
		if len(f) < 2 {
			return
		}
		for _, c := range f[1:] {
			counts[c]++
		}
		// Of three letters, only two letters swapped ("hte"): the list's
		// other short typos are words of other languages and of code too
		// often ("ein", "nd"). Of four, also one letter dropped, added or
		// changed from the likeliest correction ("bult", "donw", "wich"),
		// unless a word of German, French, Spanish, Portuguese or
		// Italian ("oder", "ende", "juli") or written for speech
		// ("goin"). (Of the 772 such entries, 103 are words of those
		// languages and 8 are left out by hand; 610 of the rest were
		// new to the table. On the corpus and 1,742 other Markdown
		// files they gave two reports, both typos: "Bult-in", "buld".)
		if len(f[0]) < 5 && !(len(f) == 2 && swapped(f[0], f[1])) &&
			!(len(f[0]) == 4 && wordlist.OneEdit(f[0], f[1]) && !foreign[f[0]] && !notTypos[f[0]]) {
			return
		}
		add(f[0], f[1:])
	})
	if err != nil {
		return err
	}
	for _, v := range last {
		counts[v]++
	}

	var commonLines []string
	for w := range common {
		line := w
		if c := class(counts[w]); c > 0 {
			line += "\t" + strconv.Itoa(c)
		}
		commonLines = append(commonLines, line)
	}
	if err := write(filepath.Join(out, "common.txt"), commonLines); err != nil {
		return err
	}
	var words []string
	for w := range large {
		if len(w) >= 5 && letters(w) && !common[w] {
			words = append(words, w)
		}
	}
	if err := writeFrontCoded(filepath.Join(out, "words"), words); err != nil {
		return err
	}
	var long, shortTypos []string
	for _, typo := range order {
		if len(typo) < 5 {
			shortTypos = append(shortTypos, typo+"\t"+strings.Join(fixes[typo], "|"))
			continue
		}
		var enc []string
		for _, fix := range fixes[typo] {
			enc = append(enc, encodeFix(typo, fix))
		}
		long = append(long, typo+"\t"+strings.Join(enc, "|"))
	}
	if err := write(filepath.Join(out, "typos-short.txt"), shortTypos); err != nil {
		return err
	}
	return writeFrontCoded(filepath.Join(out, "typos"), long)
}

var unaccent = strings.NewReplacer("à", "a", "á", "a", "â", "a", "ä", "a", "å", "a", "ç", "c", "è", "e", "é", "e",
	"ê", "e", "ë", "e", "í", "i", "î", "i", "ï", "i", "ñ", "n", "ó", "o", "ô", "o", "ö", "o", "û", "u", "ü", "u")

// foreignLists are the Debian word lists (wngerman, wfrench, wspanish,
// wportuguese, witalian) whose four-letter words are not taken as typos.
var foreignLists = []string{"ngerman", "french", "spanish", "portuguese", "italian"}

// notTypos are four-letter entries of the typos project's list that are
// not typos in English prose: words written as spoken ("goin'"), a rally
// ("zlot"), a device identifier ("udid"), an old word for against.
var notTypos = map[string]bool{
	"doin": true, "dyin": true, "goin": true, "lyin": true, "tyin": true,
	"zlot": true, "udid": true, "agin": true,
}

// swapped reports whether a and b differ by two adjacent letters swapped.
func swapped(a, b string) bool {
	e, ok := wordlist.EditOf(a, b)
	return ok && e == wordlist.Swapped
}

// class turns how often a word is a correction into 0 to 9.
func class(n int) int {
	c := 0
	for n > 0 && c < 9 {
		c++
		n /= 3
	}
	return c
}

// encodeFix writes fix as how many bytes it shares with the start and the
// end of typo, as two bytes ' '+n, and the bytes between: "certficate"
// and "certificate" give "$&i" ... (4 shared at the start, 6 at the end).
func encodeFix(typo, fix string) string {
	p := 0
	for p < len(typo) && p < len(fix) && p < 90 && typo[p] == fix[p] {
		p++
	}
	s := 0
	for s < len(typo)-p && s < len(fix)-p && s < 90 && typo[len(typo)-1-s] == fix[len(fix)-1-s] {
		s++
	}
	return string(rune(' '+p)) + string(rune(' '+s)) + fix[p:len(fix)-s]
}

// letters reports whether w is lowercase ASCII letters only.
func letters(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return w != ""
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

func write(path string, lines []string) error {
	slices.Sort(lines)
	return os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644)
}

// writeFrontCoded writes sorted lines to NAME.txt, each as one byte ' '+n
// for the n bytes it shares with the line before and the rest of it;
// every blockSize-th line, a head, shares nothing, so that a lookup can
// start there. NAME.idx gets a Bloom filter of the keys and the heads'
// offsets.
func writeFrontCoded(name string, lines []string) error {
	slices.Sort(lines)
	var b strings.Builder
	var keys []string
	var heads []uint32
	prev := ""
	for i, l := range lines {
		key, _, _ := strings.Cut(l, "\t")
		p := 0
		if i%blockSize != 0 {
			for p < len(key) && p < len(prev) && p < 90 && key[p] == prev[p] {
				p++
			}
		} else {
			heads = append(heads, uint32(b.Len()))
		}
		b.WriteByte(byte(' ' + p))
		b.WriteString(l[p:])
		b.WriteByte('\n')
		prev = key
		keys = append(keys, key)
	}
	if err := os.WriteFile(name+".txt", []byte(b.String()), 0o644); err != nil {
		return err
	}
	return os.WriteFile(name+".idx", bloom.Index(bloom.Build(keys, bloomBits), heads), 0o644)
}
