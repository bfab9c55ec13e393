package prose

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/postlint/postlint/rules"
)

func extract(src string) (*rules.Document, *Prose) {
	doc := rules.Parse("post.md", []byte(src))
	return doc, Extract(doc)
}

func texts(p *Prose) []string {
	var out []string
	for _, w := range p.Words {
		out = append(out, w.Text)
	}
	return out
}

// Every word's offsets index the file: exact words are the file's bytes,
// the others cover the markup they span.
func checkOffsets(t *testing.T, doc *rules.Document, p *Prose) {
	t.Helper()
	for _, w := range p.Words {
		if w.Start < 0 || w.End > len(doc.Src) || w.Start > w.End {
			t.Fatalf("%q: bad range [%d,%d)", w.Text, w.Start, w.End)
		}
		if got := string(doc.Src[w.Start:w.End]); w.Exact != (got == w.Text) {
			t.Errorf("%q: Exact=%v but the file has %q", w.Text, w.Exact, got)
		}
	}
}

func TestWhatIsProse(t *testing.T) {
	src := "---\ntitle: The title\nauthor: Not Prose\n---\n" +
		"# A heading {#anchor}\n\n" +
		"Para with `code span`, <code>inline code</code>, <b>bold html</b> and <https://auto.link/x>.\n" +
		"A [link text](https://dest.example/hidden) and ![alt text](img.png).\n\n" +
		"```\nfenced code\n```\n\n    indented code\n\n<div>\nhtml block\n</div>\n\n" +
		"- item one\n\n| cell | two |\n|---|---|\n| three | four |\n\n" +
		"URL https://example.com/a, www.example.com, mail me@example.com, path docs/a.md,\n" +
		"file main.go, pkg fmt.Println, call f(x), time 10:30, ver v1.2, k8s, snake_case, #tag,\n" +
		"{{< figure src=\"x\" >}} {% include x.html %} {{ .Param }} {{raw `\nraw code\n`}} end.\n"
	doc, p := extract(src)
	checkOffsets(t, doc, p)
	want := strings.Fields(`The title A heading Para with bold html and A link text and alt text
		item one cell two three four URL mail path file pkg call time ver end`)
	if got := texts(p); !slices.Equal(got, want) {
		t.Errorf("words:\n got %q\nwant %q", got, want)
	}
	for _, w := range p.Words {
		if w.Text == "link" && p.Link(&w) != "https://dest.example/hidden" {
			t.Errorf("link text: Link = %q", p.Link(&w))
		}
		if w.Text == "Para" && p.Link(&w) != "" {
			t.Errorf("Para: Link = %q", p.Link(&w))
		}
	}
}

func TestWordsAcrossNodes(t *testing.T) {
	src := "intimi*dat*ing don&rsquo;t don\\'t caf&eacute; sov&#108;e well-known it’s\nnext\n"
	doc, p := extract(src)
	checkOffsets(t, doc, p)
	want := []string{"intimidating", "don’t", "don't", "café", "sovle", "well", "known", "it’s", "next"}
	if got := texts(p); !slices.Equal(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	w := p.Words[0]
	if w.Exact || string(doc.Src[w.Start:w.End]) != "intimi*dat*ing" {
		t.Errorf("intimidating: [%d,%d) %q exact=%v", w.Start, w.End, doc.Src[w.Start:w.End], w.Exact)
	}
	if !p.Words[5].Hyphen || !p.Words[6].Hyphen || p.Words[4].Hyphen {
		t.Errorf("hyphen flags wrong: %+v", p.Words[4:7])
	}
	if p.Words[8].Before != SepSpace {
		t.Errorf("a soft break is a space, got Before=%05b", p.Words[8].Before)
	}
	// Source maps part of a word only within one stretch of the file.
	if _, _, ok := p.Source(&p.Words[0], 0, len("intimidating")); ok {
		t.Error("Source crossed emphasis markup")
	}
	if s, e, ok := p.Source(&p.Words[0], len("intimi"), len("intimida")); !ok || string(doc.Src[s:e]) != "da" {
		t.Errorf("Source inside a piece: %q %v", doc.Src[s:e], ok)
	}
	if s, e, ok := p.Source(&p.Words[4], 2, 4); !ok || string(doc.Src[s:e]) != "v&#108;" {
		t.Errorf("Source over an entity: %q %v", doc.Src[s:e], ok)
	}
}

func TestSeparators(t *testing.T) {
	_, p := extract("It was intimating. Then `x` more, then\n\nNew block\n")
	byText := map[string]Word{}
	for _, w := range p.Words {
		byText[w.Text] = w
	}
	if w := byText["intimating"]; w.Next != '.' || w.Prev != ' ' {
		t.Errorf("intimating: Prev %q Next %q", w.Prev, w.Next)
	}
	if w := byText["Then"]; w.Before&SepStop == 0 {
		t.Errorf("Then: Before=%05b, want a stop", w.Before)
	}
	if w := byText["more"]; w.Before&SepGap == 0 {
		t.Errorf("more: Before=%05b, want a gap", w.Before)
	}
	if w := byText["New"]; w.Before != SepBlock || w.Block != byText["then"].Block+1 {
		t.Errorf("New: Before=%05b block %d", w.Before, w.Block)
	}
}

func TestFrontMatter(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string // the words, each checked against the file
	}{
		{"yaml plain", "---\ntitle: Plain words # a comment\ndate: 2024-01-01\n---\n", []string{"Plain", "words"}},
		{"yaml quoted", "---\ntitle: \"Double, quoted\" # c\nsummary: 'It''s single'\n---\n", []string{"Double", "quoted", "It", "s", "single"}},
		{"yaml block", "---\ndescription: >\n  Folded text\n  on lines\n# comment\ntags: [x]\n---\n", []string{"Folded", "text", "on", "lines"}},
		{"yaml not a string", "---\ntitle: 2024\nsummary: [a, b]\n---\n", nil},
		{"yaml flow, columns in characters", "---\n{títulö: x, title: Café crème, date: 2024-01-01}\n---\n", []string{"Café", "crème"}},
		{"toml", "+++\ntitle = \"TOML title\" # c\nsummary = 'Literal'\n[params]\ndescription = \"nested\"\n+++\n", []string{"TOML", "title", "Literal"}},
		{"json", "{\n  \"title\": \"JSON title\",\n  \"params\": {\"summary\": \"nested\"},\n  \"description\": \"last\"\n}\n\n", []string{"JSON", "title", "last"}},
	} {
		doc, p := extract(tc.src)
		checkOffsets(t, doc, p)
		if got := texts(p); !slices.Equal(got, tc.want) {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
		for _, w := range p.Words {
			if !w.Exact {
				t.Errorf("%s: %q is not exact", tc.name, w.Text)
			}
		}
	}
}

func TestCamel(t *testing.T) {
	for s, want := range map[string]bool{
		"newReader": true, "OpenTelemetry": true, "HTTPServer": true, "OAuth": true,
		"URLs": false, "APIs": false, "Kubecon": false, "kubecon": false, "NASA": false,
	} {
		if camel(s) != want {
			t.Errorf("camel(%q) = %v", s, !want)
		}
	}
}

// TestCorpusOffsets extracts every post of the shared corpus, when it is
// there, and checks every word's offsets against the file.
func TestCorpusOffsets(t *testing.T) {
	root := "../../../../shared/corpus"
	files, _ := filepath.Glob(root + "/*/*.md")
	more, _ := filepath.Glob(root + "/otel-blog/*/blog/*/*.md")
	files = append(files, more...)
	if len(files) == 0 {
		t.Skip("no corpus at", root)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc := rules.Parse(f, src)
		checkOffsets(t, doc, Extract(doc))
	}
}

func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: x\n---\nA *b* c&amp;d `e` <f>g</f> [h](i) {{ j }} {% k %}\n",
		"+++\ntitle = \"x\"\n+++\n| a | b |\n|---|---|\n| c | d |\n",
		"{\n\"title\": \"a\\\"b\"\n}\n\nx so*vle* don\\'t &#108; &#xZZ; {{< comment >}} y",
		"\xef\xbb\xbf---\r\ndescription: |\r\n  a\r\n---\r\nword\r\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		doc := rules.Parse("post.md", []byte(s))
		p := Extract(doc)
		checkOffsets(t, doc, p)
		for i := range p.Words {
			w := &p.Words[i]
			if s, e, ok := p.Source(w, 0, len(w.Text)); ok && (s < 0 || e > len(doc.Src) || s > e) {
				t.Fatalf("Source(%q) = [%d,%d)", w.Text, s, e)
			}
		}
	})
}

// chunkEndRef is chunkEnd as first written, every byte through the one
// switch: FuzzChunkEnd holds the faster loop to it.
func chunkEndRef(t []byte, i int) (j int, code bool) {
	for j = i; j < len(t); {
		c := t[j]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRune(t[j:])
			if isSpace(r) {
				return j, code
			}
			j += size
			continue
		}
		cl := class[c]
		if cl&(cSpace|cBreak) != 0 && (c != '{' || isTemplateStart(t, j)) {
			return j, code
		}
		switch {
		case code || cl&^cWord == 0:
		case cl&cCode != 0:
			code = true
		case cl&cInner != 0:
			code = j > i && j+1 < len(t) && isAlnum(t[j-1]) && isAlnum(t[j+1])
		case cl&cCall != 0:
			code = j > i && isAlnum(t[j-1])
		case cl&cBefore != 0:
			code = j+1 < len(t) && isAlnum(t[j+1])
		}
		j++
	}
	return j, code
}

func FuzzChunkEnd(f *testing.F) {
	for _, s := range []string{
		"word, next", "example.com. x", "f(x) y", "50% off", "a{b {{ c }}", "snake_case\u00a0x", "10:30\x1ey",
		"{x {%y", "café.é b", "x\u200by", "\xff\xfe.a",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := []byte(s)
		for i := range b {
			j, code := chunkEnd(b, i)
			if rj, rcode := chunkEndRef(b, i); j != rj || code != rcode {
				t.Fatalf("chunkEnd(%q, %d) = %d, %v, want %d, %v", s, i, j, code, rj, rcode)
			}
		}
	})
}
