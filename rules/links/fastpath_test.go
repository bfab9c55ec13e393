package links

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/postlint/postlint/rules"
)

// The fast path helpers give what the filepath functions they stand in
// for give.
func TestPathHelpers(t *testing.T) {
	slow := func(p string) string { // jekyllPostsDir as a walk up the directories
		for dir := filepath.Dir(p); ; {
			if filepath.Base(dir) == "_posts" {
				return dir
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				return ""
			}
			dir = parent
		}
	}
	for _, p := range []string{
		"/", "/x", "/x/", "/a/b", "/a/b/c.md", "x", "x/y", ".", "", "/a/b/",
		"/_posts/a.md", "/site/_posts/2020-01-01-a.md", "/site/_posts/sub/a.md",
		"/site/my_posts/a.md", "/site/_posts_old/a.md", "/_posts/x/_posts/a.md",
		"_posts/a.md", "site/_posts", "/site/_posts", "/a/_posts_/_posts_x/a.md",
	} {
		if dir, base := split(p); dir != filepath.Dir(p) || base != filepath.Base(p) {
			t.Errorf("split(%q) = %q, %q; filepath says %q, %q", p, dir, base, filepath.Dir(p), filepath.Base(p))
		}
		if got, want := jekyllPostsDir(p), slow(p); got != want {
			t.Errorf("jekyllPostsDir(%q) = %q, want %q", p, got, want)
		}
	}
}

// bareURLsByHTTP is bareURLs as it was, looking for each "http": the
// reference the search by "://" must agree with.
func bareURLsByHTTP(r []byte) []link {
	var out []link
	for i := 0; i < len(r); {
		j := bytes.Index(r[i:], []byte("http"))
		if j < 0 {
			break
		}
		j += i
		i = j + 4
		var n int
		switch rest := r[j:]; {
		case bytes.HasPrefix(rest, []byte("https://")):
			n = 8
		case bytes.HasPrefix(rest, []byte("http://")):
			n = 7
		default:
			continue
		}
		if j > 0 && (isWordByte(r[j-1]) || r[j-1] == '/' || r[j-1] == '\\') {
			continue
		}
		k := j + n
		for k < len(r) {
			if c := r[k]; c < utf8.RuneSelf {
				if urlStop(c) {
					break
				}
				k++
				continue
			}
			ru, size := utf8.DecodeRune(r[k:])
			if !unicode.IsLetter(ru) && !unicode.IsDigit(ru) {
				break
			}
			k += size
		}
		k = trimURLTail(r[:k], j)
		host := r[j+n : k]
		if h := bytes.IndexAny(host, "/?#"); h >= 0 {
			host = host[:h]
		}
		if bytes.IndexByte(host, '.') < 0 {
			continue
		}
		l := newLink(kindBare, j, k, string(r[j:k]))
		l.exact, l.plain = true, true
		out = append(out, l)
		i = k
	}
	return out
}

func FuzzBareURLs(f *testing.F) {
	for _, s := range []string{
		"see https://a.org/x and http://b.org.", "xhttp://a.org hhttp://b.org httphttps://c.org",
		"http://localhost:8080/ https://a.b/http://c.d/ (https://e.f/g)", "https://a.b.https://c.d",
		"/http://a.b \\https://c.d 中文https://g.org/页面。", "http:// https:// ://a.b h://x.y ttps://a.b",
		"https://a.b/?q=1&amp; http://a.b:/ https:https://a.b",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := &collector{src: []byte(s), fl: &collection{}}
		c.bareURLs(0, len(s))
		if want := bareURLsByHTTP([]byte(s)); !slices.Equal(c.fl.links, want) {
			t.Errorf("bareURLs(%q) = %v, want %v", s, c.fl.links, want)
		}
	})
}

func TestHasTemplate(t *testing.T) {
	for _, s := range []string{"", "{", "{{", "{%", "a{b{", "a{b{%", "x{ {{", "{}{}", "%{", "{ %", "}}{{"} {
		want := strings.Contains(s, "{{") || strings.Contains(s, "{%")
		if got := hasTemplate([]byte(s)); got != want {
			t.Errorf("hasTemplate(%q) = %v, want %v", s, got, want)
		}
	}
}

// captionedFiguresByLastIndex is captionedFigures as it was, looking back
// for "<!--" from each <figure: the reference commentScan must agree with.
func captionedFiguresByLastIndex(src []byte, start, end int) []rules.Span {
	r := src[start:end]
	if !bytes.Contains(r, []byte("figcaption")) && !bytes.Contains(r, []byte("FIGCAPTION")) {
		return nil
	}
	lower := bytes.ToLower(r)
	var spans []rules.Span
	for i := 0; i < len(lower); {
		j := bytes.Index(lower[i:], []byte("<figure"))
		if j < 0 {
			break
		}
		j += i
		if c := bytes.LastIndex(lower[:j], []byte("<!--")); c >= 0 && !bytes.Contains(lower[c:j], []byte("-->")) {
			i = j + 1
			continue
		}
		k := bytes.Index(lower[j:], []byte("</figure"))
		if k < 0 {
			k = len(lower) - j
		}
		if bytes.Contains(lower[j:j+k], []byte("<figcaption")) {
			spans = append(spans, rules.Span{Start: start + j, End: start + j + k})
		}
		i = j + k
	}
	return spans
}

func FuzzCaptionedFigures(f *testing.F) {
	fig := "<figure><img src=a.png><figcaption>A</figcaption></figure>"
	for _, s := range []string{
		fig + fig, "<!-- " + fig + " -->" + fig, "<!-->" + fig, "<!--" + fig, "<!-- a --> <!-- b " + fig + " -->" + fig,
		"<!-- <!-- x --> " + fig, "-->" + fig + "<!--" + fig, "<FIGURE><FIGCAPTION>x</FIGCAPTION></FIGURE><!---->" + fig,
		"<!--<!--" + fig + "-->" + fig + "<!-- -- >" + fig,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, want := captionedFigures([]byte(s), 0, len(s)), captionedFiguresByLastIndex([]byte(s), 0, len(s))
		if !slices.Equal(got, want) {
			t.Errorf("captionedFigures(%q) = %v, want %v", s, got, want)
		}
	})
}

func TestHasPrefixASCIIFold(t *testing.T) {
	for _, s := range []string{"", "http", "http://", "HTTP://a", "HtTpS://a", "https:/", "httpſ://", "http\x1a//", "\u212aHTTP://", "hTTp://x"} {
		for _, p := range []string{"http://", "https://"} {
			if got, want := hasPrefixASCIIFold(s, p), strings.HasPrefix(strings.ToLower(s[:min(len(s), 8)]), p); got != want {
				t.Errorf("hasPrefixASCIIFold(%q, %q) = %v, want %v", s, p, got, want)
			}
		}
	}
}
