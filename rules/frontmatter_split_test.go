package rules

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/adrg/frontmatter"
)

// capture is a frontmatter.UnmarshalFunc that keeps the raw block.
type capture struct {
	raw  []byte
	done *bool
}

func (c *capture) unmarshal(data []byte, _ any) error {
	c.raw = data
	*c.done = true
	return nil
}

// stopReader reads src until a capture is done, then reads as at its end.
// n counts the bytes handed out.
type stopReader struct {
	r    *bytes.Reader
	n    int
	done *bool
}

func (s *stopReader) Read(p []byte) (int, error) {
	if *s.done {
		return 0, io.EOF
	}
	n, err := s.r.Read(p)
	s.n += n
	return n, err
}

// libraryFrontMatter is how findFrontMatter found the front matter before
// it did so itself: with adrg/frontmatter. It is what findFrontMatter must
// find, byte for byte.
func libraryFrontMatter(src []byte) (*FrontMatter, int) {
	off := 0
	if hasBOM(src) {
		off = len(bom)
	}
	lineStart := off
	var f *fmFormat
	contentStart := 0
	for lineStart < len(src) {
		nl := bytes.IndexByte(src[lineStart:], '\n')
		lineEnd := len(src)
		if nl >= 0 {
			lineEnd = lineStart + nl + 1
		}
		line := bytes.TrimSpace(src[lineStart:lineEnd])
		if len(line) == 0 {
			if nl < 0 {
				break
			}
			lineStart = lineEnd
			continue
		}
		for i := range fmFormats {
			if string(line) == fmFormats[i].start {
				f = &fmFormats[i]
				break
			}
		}
		if f != nil {
			contentStart = lineEnd
			if f.withDelims {
				contentStart = lineStart
			}
		}
		break
	}
	if f == nil {
		return nil, 0
	}
	formats := make([]*frontmatter.Format, len(fmFormats))
	caps := make([]capture, len(fmFormats))
	var done bool
	for i, ff := range fmFormats {
		caps[i].done = &done
		formats[i] = frontmatter.NewFormat(ff.start, ff.end, caps[i].unmarshal)
		formats[i].UnmarshalDelims = ff.withDelims
		formats[i].RequiresNewLine = ff.newline
	}
	in := &stopReader{r: bytes.NewReader(src[off:]), done: &done}
	rest, err := frontmatter.Parse(in, nil, formats...)
	fm := &FrontMatter{Format: f.name, Start: contentStart, ErrOffset: -1}
	var raw []byte
	for i := range caps {
		if caps[i].raw != nil {
			raw = caps[i].raw
		}
	}
	if err != nil || raw == nil {
		fm.Unclosed = true
		fm.End = len(src)
		return fm, off
	}
	fm.End = contentStart + len(raw)
	if fm.End > len(src) || !bytes.Equal(src[contentStart:fm.End], raw) {
		fm.Unclosed = true
		fm.End = len(src)
		return fm, off
	}
	if f.withDelims {
		if i := bytes.LastIndexByte(raw, '}'); i >= 0 {
			end := contentStart + i + 1
			if end < len(src) && src[end] == '\r' {
				end++
			}
			if end < len(src) && src[end] == '\n' {
				end++
			}
			fm.End = end
		}
	}
	return fm, off + in.n - len(rest)
}

func sameSplit(t *testing.T, src []byte) {
	t.Helper()
	got, gotBody := findFrontMatter(src)
	want, wantBody := libraryFrontMatter(src)
	if (got == nil) != (want == nil) || gotBody != wantBody ||
		got != nil && (got.Format != want.Format || got.Start != want.Start || got.End != want.End || got.Unclosed != want.Unclosed) {
		t.Fatalf("%q: got %+v body %d, the library %+v body %d", src, got, gotBody, want, wantBody)
	}
}

var splitSeeds = []string{
	"", "\n", "---", "---\n", "\n\n---\n---\n", "  ---  \ntitle: T\n  ---\t\nbody", "---\ntitle: T\n---",
	"---\r\ntitle: T\r\n---\r\nbody\r\n", "\ufeff---\ntitle: T\n---\n", "\ufeff\n---\na\n---\n",
	"---yaml\na: 1\n---\n", "+++\na = 1\n+++\n", "---toml\n---\n", ";;;\n{}\n;;;\n", "---json\n{}\n---\n",
	"{\n\"a\": 1\n}\n\nbody", "{\n\"a\": 1\n}\nbody\n}\n\n", "{\n}", "{\n}\n", "{\n}\r\n  \r\nx", "{\n}\nx\n}",
	"{\n}\n}\n\n", "{}\n\n", "{\n\"a\": 1\n}\n", "---\nunclosed\n", "---\n--- \n", "---\n\u00a0---\u00a0\nx",
	"# title\n---\n---\n", "---\n----\n---\nx", "+++\n---\n+++", "---\n+++\n",
}

// TestFindFrontMatterAsLibrary compares findFrontMatter with the library
// on the seeds, the posts of testdata and the corpus.
func TestFindFrontMatterAsLibrary(t *testing.T) {
	for _, s := range splitSeeds {
		sameSplit(t, []byte(s))
	}
	for _, root := range []string{filepath.Join("..", "testdata"), filepath.Join("..", "..", "shared", "corpus")} {
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
				return nil
			}
			if src, err := os.ReadFile(p); err == nil {
				sameSplit(t, src)
			}
			return nil
		})
	}
}

func FuzzFindFrontMatter(f *testing.F) {
	for _, s := range splitSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) { sameSplit(t, src) })
}
