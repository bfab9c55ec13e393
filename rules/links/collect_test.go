package links

import (
	"bytes"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/postlint/postlint/rules"
)

func TestCollectLinks(t *testing.T) {
	src := "---\ntitle: x\n---\n" +
		"[a](https://a.org/x_(y)) and <https://b.org/> and ![i](img.png \"t\")\n" +
		"Bare https://c.org/path?q=1. Then (see https://d.org/x), \"https://e.org/q\"\n" +
		"and https://f.org/a&amp; and 中文 https://g.org/页面。接着 and http://localhost:8080/x\n" +
		"[https://h.org/](https://h.org/) [esc](https://i.org/a\\_b) [ent](https://j.org/?a=1&amp;b=2)\n" +
		"`https://code.org/` <a href='https://k.org/' id=\"top-id\">x</a> <!-- <a href=\"https://comment.org/\"> -->\n" +
		"\n[ref]: https://l.org/def\n\n" +
		"    https://indented.org/code\n\n" +
		"<div>\n<img\n  src=\"https://m.org/multi-line.png\">\n</div>\n"
	doc := rules.Parse("x.md", []byte(src))
	fl := collect(doc)
	var got []string
	for _, l := range fl.links {
		if l.exact && src[l.start():l.end()] != l.dest && l.plain {
			t.Errorf("%q: plain, but the file has %q", l.dest, src[l.start():l.end()])
		}
		got = append(got, l.dest)
	}
	want := []string{
		"https://a.org/x_(y)", "https://b.org/", "img.png",
		"https://c.org/path?q=1", "https://d.org/x", "https://e.org/q",
		"https://f.org/a", "https://g.org/页面",
		"https://h.org/", "https://i.org/a_b", "https://j.org/?a=1&b=2",
		"https://k.org/", "https://l.org/def", "https://m.org/multi-line.png",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("links:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, l := range fl.links {
		if !l.exact {
			t.Errorf("%q: no exact position", l.dest)
		}
	}
	if len(fl.anchors) != 1 || fl.anchors[0] != "top-id" {
		t.Errorf("anchors: %q", fl.anchors)
	}
	for _, l := range fl.links {
		if textStart, textEnd := l.text(); l.dest == "https://h.org/" && src[textStart:textEnd] != "https://h.org/" {
			t.Errorf("the link text of https://h.org/ is not recorded: %d-%d", textStart, textEnd)
		}
	}
}

func TestSlugs(t *testing.T) {
	for _, tc := range []struct{ text, github, hugo, kramdown string }{
		{"Hello World", "hello-world", "hello-world", "hello-world"},
		{"1. Introduction", "1-introduction", "1-introduction", "introduction"},
		{"C++ & Go: a love story", "c--go-a-love-story", "c--go-a-love-story", "c--go-a-love-story"},
		{"Migrating from <= v1.18.0", "migrating-from--v1180", "migrating-from--v1180", "migrating-from--v1180"},
		{"What's new in Go 1.22?", "whats-new-in-go-122", "whats-new-in-go-122", "whats-new-in-go-122"},
		{"snake_case and kebab-case", "snake_case-and-kebab-case", "snake_case-and-kebab-case", "snakecase-and-kebab-case"},
		{"日本語の見出し", "日本語の見出し", "日本語の見出し", "section"},
		{"Cafe\u0301", "cafe\u0301", "cafe", "cafe"},
		{"  Padded  ", "--padded--", "padded", "padded--"},
	} {
		if got := slugGitHub(tc.text); got != tc.github {
			t.Errorf("github(%q) = %q, want %q", tc.text, got, tc.github)
		}
		if got := slugHugo(tc.text); got != tc.hugo {
			t.Errorf("hugo(%q) = %q, want %q", tc.text, got, tc.hugo)
		}
		if got := slugKramdown(tc.text); got != tc.kramdown {
			t.Errorf("kramdown(%q) = %q, want %q", tc.text, got, tc.kramdown)
		}
	}
	hs := []heading{{text: "Intro"}, {text: "Intro"}, {text: "Intro-1"}, {text: "Other", id: "intro-2"}, {text: "Intro"}}
	if got := strings.Join(headingIDs(hs, styleGitHub), " "); got != "intro intro-1 intro-1-1 intro-2 intro-3" {
		t.Errorf("ids: %s", got)
	}
}

func TestScanHTML(t *testing.T) {
	src := []byte(`a < b <3 <a HREF="x.md" data-x=1 name=anchor>t</a><!-- <img src="no"> --><br/><img src='y.png'/ alt=z>`)
	var got []string
	scanHTML(src, 0, len(src), func(a htmlAttr) {
		got = append(got, a.tag+"."+a.name+"="+string(a.value)+"@"+string(src[a.start:a.end]))
	})
	want := "a.href=x.md@x.md a.data-x=1@1 a.name=anchor@anchor img.src=y.png@y.png img.alt=z@z"
	if strings.Join(got, " ") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, " "), want)
	}
}

// A link past what an int32 counts, in a file over 2 GB (limits.max_file_size
// allows it), keeps its place, in memory and in the result cache.
func TestLinkWide(t *testing.T) {
	if strconv.IntSize < 64 {
		t.Skip("an int is 32 bits")
	}
	wide := int64(1<<31 + 5) // a variable: a constant would not build where an int is 32 bits
	big := int(wide)
	for _, l := range []link{
		newLink(kindLink, big, big+10, "https://a.org/"),
		newLink(kindPostURL, 1<<31-1, big, "2017-03-29-slug"),
		newLink(kindBare, 3, 5, "x"),
	} {
		l.exact = true
		start, end := l.start(), l.end()
		l.setMore(big+20, big+30, "#frag", big+40, big+45)
		if l.start() != start || l.end() != end {
			t.Errorf("setMore moved %d-%d to %d-%d", start, end, l.start(), l.end())
		}
		b, err := (&fileLinks{links: []link{l}}).AppendBinary(nil)
		if err != nil {
			t.Fatal(err)
		}
		var got fileLinks
		if err := got.UnmarshalBinary(b); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.links, []link{l}) {
			t.Errorf("%+v comes back as %+v", l, got.links)
		}
		g := got.links[0]
		textStart, textEnd := g.text()
		frag, fragStart, fragEnd := g.fragment()
		if g.start() != start || g.end() != end || textStart != big+20 || textEnd != big+30 || frag != "#frag" || fragStart != big+40 || fragEnd != big+45 {
			t.Errorf("%+v comes back as %d-%d %d-%d %q %d-%d", l, g.start(), g.end(), textStart, textEnd, frag, fragStart, fragEnd)
		}
	}
	if n := unsafe.Sizeof(link{}); n > 40 {
		t.Errorf("a link is %d bytes; it was made 40 to keep the facts small", n)
	}
}

func TestLowerName(t *testing.T) {
	for _, s := range []string{"", "a", "A", "img", "IMG", "Href", "href", "data-x", "data-X", "aria-hidden", "ÄLT", "ält", "x\xff", "İd", "ſrc"} {
		if got, want := lowerName([]byte(s)), string(bytes.ToLower([]byte(s))); got != want {
			t.Errorf("lowerName(%q) = %q, want %q", s, got, want)
		}
	}
}
