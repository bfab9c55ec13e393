package prose

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/postlint/postlint/rules"
)

// compareRef extracts the prose of src with Extract and with refExtract,
// the code as it was before, and reports every difference: in the words'
// fields, their links, what Source answers for any range of their text,
// and the pieces and links kept. Extract's slices are then given back to
// their pools, as AfterLint does, so that the next call fills used ones.
func compareRef(t *testing.T, name string, src []byte) {
	t.Helper()
	doc := rules.Parse(name, src)
	p, r := Extract(doc), refExtract(doc)
	defer func() {
		piecePool.Put(p.pieces)
		wordPool.Put(p.Words)
	}()
	if len(p.Words) != len(r.Words) {
		t.Fatalf("%s: %d words, want %d", name, len(p.Words), len(r.Words))
	}
	for i := range p.Words {
		w, rw := &p.Words[i], &r.Words[i]
		got := fmt.Sprintf("%q %d %d %d %q %q %d %d %v %v", w.Text, w.Start, w.End, w.Block, w.Prev, w.Next, w.Kind, w.Before, w.Exact, w.Hyphen)
		want := fmt.Sprintf("%q %d %d %d %q %q %d %d %v %v", rw.Text, rw.Start, rw.End, rw.Block, rw.Prev, rw.Next, rw.Kind, rw.Before, rw.Exact, rw.Hyphen)
		if got != want {
			t.Fatalf("%s: word %d is %s, want %s", name, i, got, want)
		}
		if l, rl := p.Link(w), r.Link(rw); l != rl {
			t.Fatalf("%s: word %d %q: Link %q, want %q", name, i, w.Text, l, rl)
		}
		n := len(w.Text)
		for from := -1; from <= n+1; from++ {
			for to := from - 1; to <= n+1; to++ {
				if n > 16 && from > 1 && from < n-1 && to > from+1 && to < n-1 {
					continue // long words: the ranges at their edges
				}
				s, e, ok := p.Source(w, from, to)
				rs, re, rok := r.Source(rw, from, to)
				if s != rs || e != re || ok != rok {
					t.Fatalf("%s: word %d %q: Source(%d, %d) = %d, %d, %v, want %d, %d, %v", name, i, w.Text, from, to, s, e, ok, rs, re, rok)
				}
			}
		}
	}
	if got, want := fmt.Sprintf("%+v", p.pieces), fmt.Sprintf("%+v", r.pieces); got != want {
		t.Fatalf("%s: pieces\n%s\nwant\n%s", name, got, want)
	}
	var links []refLinkSpan
	for _, l := range p.links {
		links = append(links, refLinkSpan{from: l.from, to: l.to, dest: l.dest})
	}
	if got, want := fmt.Sprintf("%+v", links), fmt.Sprintf("%+v", r.links); got != want {
		t.Fatalf("%s: links\n%s\nwant\n%s", name, got, want)
	}
}

// TestCorpusRef compares Extract with the code before on every post of
// the shared corpus, when it is there, and of the repository's testdata.
func TestCorpusRef(t *testing.T) {
	n := 0
	for _, root := range []string{"../../../../shared/corpus", "../../../testdata"} {
		_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
				return nil
			}
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			compareRef(t, path, src)
			n++
			return nil
		})
	}
	if n == 0 {
		t.Skip("no posts found")
	}
}

func FuzzExtractRef(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: x\n---\nA *b* c&amp;d `e` <f>g</f> [h](i) {{ j }} {% k %}\n",
		"+++\ntitle = \"x\"\n+++\n| a | b |\n|---|---|\n| c | d |\n",
		"{\n\"title\": \"a\\\"b\"\n}\n\nx so*vle* don\\'t &#108; &#xZZ; {{< comment >}} y",
		"\xef\xbb\xbf---\r\ndescription: |\r\n  a\r\n---\r\nword\r\n",
		"intimi*dat*ing don&rsquo;t don\\'t caf&eacute; sov&#108;e well-known it’s\nnext\n",
		"It was intimating. Then `x` more, then\n\nNew block\n",
		"A [link *text* here](https://x) and [two](y) [[nested](z)](w) ![alt [in]](a) end.\n",
		"中文的文章，有标点。日本語の文章、カタカナとひらがな\u3000全角ＡＢＣ１２３ Ünïcödé\u2003x\n",
		"Über-cool naïve café—ÉLAN O’Neil HTTPServer newReader k8s 2nd 10:30 v1.2 e.g. x-y-z a‐b c‑d x\u200by\u00a0z\n",
		"snake_case f(x) 50% off a{b {{< highlight go >}}x{{< /highlight >}} {% raw %}y{% endraw %} {{ open\n\nnext\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		compareRef(t, "post.md", []byte(s))
	})
}

// TestUniClass asks uniClass and unicode's functions about every rune.
func TestUniClass(t *testing.T) {
	for r := rune(-1); r <= unicode.MaxRune+1; r++ {
		want := fmt.Sprint(unicode.IsLetter(r), unicode.Is(unicode.Mn, r), unicode.IsUpper(r), unicode.IsDigit(r), isSpaceRef(r))
		u := uniClass(r)
		if got := fmt.Sprint(u&uLetter != 0, u&uMark != 0, u&uUpper != 0, u&uDigit != 0, u&uSpace != 0); got != want {
			t.Fatalf("uniClass(%U) says %s, unicode %s", r, got, want)
		}
	}
}

// TestSpaceLeads checks that the first byte of every non-ASCII space is
// marked cLead, which chunkEnd and tokenize decode at.
func TestSpaceLeads(t *testing.T) {
	n := 0
	for r := rune(utf8.RuneSelf); r <= unicode.MaxRune; r++ {
		if isSpaceRef(r) {
			n++
			if b := utf8.AppendRune(nil, r); class[b[0]]&cLead == 0 || !maybeSpace(b, 0) {
				t.Errorf("%U: its first bytes % x are not cLead and maybeSpace", r, b)
			}
		}
	}
	if n == 0 {
		t.Error("no spaces found")
	}
	for c := range utf8.RuneSelf {
		if class[c]&cLead != 0 {
			t.Errorf("ASCII %#x is cLead", c)
		}
	}
}

// TestWordOf checks the size of a Word, and that a word not of p has no
// link and no source in it: they are found from where its Text points.
func TestWordOf(t *testing.T) {
	if n := unsafe.Sizeof(Word{}); n != 48 {
		t.Errorf("a Word is %d bytes", n)
	}
	_, p := extract("A [li*nk*ed](https://x) word\n")
	_, q := extract("A [li*nk*ed](https://x) word\n")
	w := q.Words[1]
	if w.Exact || q.Link(&w) != "https://x" || p.Link(&w) != "" {
		t.Errorf("%q: exact %v, Link %q in its post and %q in another", w.Text, w.Exact, q.Link(&w), p.Link(&w))
	}
	if _, _, ok := p.Source(&w, 0, 1); ok {
		t.Error("Source of another post's word")
	}
	if _, _, ok := q.Source(&w, 0, 1); !ok {
		t.Error("no Source of a post's own word")
	}
}
