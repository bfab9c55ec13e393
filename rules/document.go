package rules

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"sync"

	"github.com/adrg/frontmatter"
	"github.com/postlint/postlint/internal/reuse"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

var bom = []byte("\xef\xbb\xbf")

func hasBOM(src []byte) bool { return bytes.HasPrefix(src, bom) }

// A Document is one post, read and parsed once. Every offset in it, and in
// every node of its AST, indexes Src: the file exactly as it is on disk,
// front matter, BOM and CRLF line endings included.
type Document struct {
	Path  string // as the user named it, or as found while walking
	Src   []byte
	Lines *LineIndex

	FrontMatter *FrontMatter // nil when the post has none
	BodyStart   int          // offset of the first byte after the front matter

	// AST is the goldmark tree of the whole file. Front matter (and a BOM)
	// were blanked out before parsing, so node offsets index Src directly.
	AST ast.Node
	// Limit is set when the file went past one of the Limits: it was not
	// parsed, AST is an empty document and FrontMatter is nil.
	Limit *LimitError
	// parsed is the blanked copy of Src given to goldmark; segments of the
	// AST index it and Src alike, but only parsed has the front matter blank.
	parsed []byte

	memoMu sync.Mutex
	memo   map[any]any
	deps   []dep     // see Depend; under memoMu
	after  []func()  // see AfterLint; under memoMu
	dirs   *Listings // the run's, when the engine lints it
}

// ReadDir lists dir once for the engine's run: the other rules that list
// it are given the same entries, which must not be changed (see
// Listings). Outside the engine it reads dir each time.
func (d *Document) ReadDir(dir string) ([]fs.DirEntry, error) { return d.dirs.ReadDir(dir) }

// AfterLint registers f to run when every rule has run on d and nothing
// will read what they derived from it again: f gives back scratch space
// (a word list, a walk of the tree) for the next document to reuse, which
// must then not be kept anywhere, in a fact or a diagnostic. The engine
// runs them; a document parsed and read outside it never does, and its
// space is left to the collector.
func (d *Document) AfterLint(f func()) {
	d.memoMu.Lock()
	defer d.memoMu.Unlock()
	d.after = append(d.after, f)
}

// linted runs what AfterLint registered, once.
func (d *Document) linted() {
	d.memoMu.Lock()
	after := d.after
	d.after, d.memo = nil, nil
	d.memoMu.Unlock()
	for _, f := range after {
		f()
	}
}

// Memo returns the value stored under key, building and storing it first
// if there is none. Rules use it to share what they derive from the
// document (an index of front-matter positions, a word list) so that it is
// computed once per document whichever of them runs first. Use an
// unexported key type of the package that builds the value.
func (d *Document) Memo(key any, build func() any) any {
	d.memoMu.Lock()
	v, ok := d.memo[key]
	d.memoMu.Unlock()
	if ok {
		return v
	}
	v = build() // unlocked: build may itself use Memo
	d.memoMu.Lock()
	defer d.memoMu.Unlock()
	if old, ok := d.memo[key]; ok {
		return old // built at the same time by another rule
	}
	if d.memo == nil {
		d.memo = map[any]any{}
	}
	d.memo[key] = v
	return v
}

// Depend records that a verdict on the document read d at arg and saw
// value, which must be what d's checker gives for arg (see Dependency).
func (d *Document) Depend(dp *Dependency, arg, value string) {
	d.memoMu.Lock()
	defer d.memoMu.Unlock()
	if x := (dep{dp.Name, arg, value}); !slices.Contains(d.deps, x) {
		d.deps = append(d.deps, x)
	}
}

// FrontMatter is the metadata block at the top of a post.
type FrontMatter struct {
	Format string // "yaml", "toml" or "json"
	// Start and End delimit the block's content (without the delimiter
	// lines, except for JSON, whose braces are part of the content).
	Start, End int
	// Unclosed is set when an opening delimiter has no closing one; the
	// whole file is then treated as body, as site generators do.
	Unclosed bool

	// Data is the decoded block (nil when it did not decode); Err says why
	// it did not. ErrLine is the 1-based line of the error in the file, or 0.
	Data    map[string]any
	Err     error
	ErrLine int
	// ErrOffset is the byte offset in Src of the error when the parser
	// gives one (TOML and JSON do, YAML only gives a line), or -1.
	ErrOffset int
	// Node is the yaml.v3 document node for YAML front matter: it carries
	// the line and column of every key and value.
	Node *YAMLNode
}

// Raw returns the front matter's content bytes.
func (fm *FrontMatter) Raw(src []byte) []byte { return src[fm.Start:fm.End] }

// StringField returns a top-level string value of the front matter.
func (d *Document) StringField(key string) (string, bool) {
	if d.FrontMatter == nil || d.FrontMatter.Data == nil {
		return "", false
	}
	s, ok := d.FrontMatter.Data[key].(string)
	return s, ok
}

// Field returns a top-level value of the front matter.
func (d *Document) Field(key string) (any, bool) {
	if d.FrontMatter == nil || d.FrontMatter.Data == nil {
		return nil, false
	}
	v, ok := d.FrontMatter.Data[key]
	return v, ok
}

// Text returns the source bytes of a goldmark segment.
func (d *Document) Text(s text.Segment) []byte { return s.Value(d.parsed) }

// markdown is shared by every parse: goldmark parsers are safe for
// concurrent use once built.
var markdown = goldmark.New(
	goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Footnote),
	goldmark.WithParserOptions(parser.WithAttribute(), parser.WithHeadingAttribute()),
)

// parsedBufs are the copies of posts goldmark parses, given back when the
// engine is done with a document (see AfterLint): nothing taken from the
// tree (a link's destination is a slice of its buffer) outlives that
// without a copy.
var parsedBufs = reuse.NewBytes(1 << 20)

// Parse builds a Document from the bytes of a file, within the default
// limits. It never fails: a front matter that does not decode is recorded
// in FrontMatter.Err and the body is still parsed.
func Parse(path string, src []byte) *Document { return ParseLimited(path, src, DefaultLimits()) }

// ParseLimited is Parse within lim: a file past them is not parsed, and
// Document.Limit says why.
func ParseLimited(path string, src []byte, lim Limits) *Document {
	d := &Document{Path: path, Src: src, Lines: NewLineIndex(src)}
	if d.Limit = sizeLimit(int64(len(src)), lim.MaxFileSize); d.Limit != nil {
		d.AST = ast.NewDocument()
		return d
	}
	d.FrontMatter, d.BodyStart = splitFrontMatter(src, lim)
	if d.Limit = markdownNesting(src, d.BodyStart, lim); d.Limit != nil {
		d.FrontMatter, d.BodyStart = nil, 0
		d.AST = ast.NewDocument()
		return d
	}

	// goldmark sees the body only: front matter becomes blank lines of the
	// same length and a BOM becomes newlines, so offsets stay true.
	parsed := parsedBufs.Get(len(src))
	copy(parsed, src)
	d.parsed = parsed
	d.AfterLint(func() { parsedBufs.Put(parsed) })
	blank := d.BodyStart
	if hasBOM(src) {
		copy(d.parsed, "\n\n\n")
		blank = max(blank, len(bom))
	}
	for i := len(bom) * boolInt(hasBOM(src)); i < blank; i++ {
		if c := d.parsed[i]; c != '\n' && c != '\r' {
			d.parsed[i] = ' '
		}
	}
	d.AST = markdown.Parser().Parse(text.NewReader(d.parsed))
	return d
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

type fmFormat struct {
	name, start, end string
	withDelims       bool // the delimiters are part of the content (JSON braces)
	newline          bool // the closing delimiter must be followed by a blank line
}

// The formats adrg/frontmatter recognises by default, in its order.
var fmFormats = []fmFormat{
	{name: "yaml", start: "---", end: "---"},
	{name: "yaml", start: "---yaml", end: "---"},
	{name: "toml", start: "+++", end: "+++"},
	{name: "toml", start: "---toml", end: "---"},
	{name: "json", start: ";;;", end: ";;;"},
	{name: "json", start: "---json", end: "---"},
	{name: "json", start: "{", end: "}", withDelims: true, newline: true},
}

func splitFrontMatter(src []byte, lim Limits) (*FrontMatter, int) {
	fm, body := findFrontMatter(src)
	if fm != nil && !fm.Unclosed {
		fm.decode(src, lim)
	}
	return fm, body
}

// capture is a frontmatter.UnmarshalFunc that keeps the raw block instead
// of decoding it, so that postlint decodes it once with positions.
type capture struct {
	raw  []byte
	done *bool
}

func (c *capture) unmarshal(data []byte, _ any) error {
	c.raw = data
	*c.done = true
	return nil
}

// stopReader hands out src a line at a time until a capture is done, then
// reads as at its end. The library copies every line it reads, and the
// rest of what its reader holds once the front matter is closed: read a
// line at a time, its reader holds nothing past the closing line, and
// the library copies no more than the front matter, not the post (nor,
// as with reads of 4 KB, the next 4 KB of it). n counts the bytes handed
// out.
type stopReader struct {
	src  []byte
	n    int
	done *bool
}

func (s *stopReader) Read(p []byte) (int, error) {
	if *s.done || s.n == len(s.src) {
		return 0, io.EOF
	}
	end := len(s.src)
	if i := bytes.IndexByte(s.src[s.n:], '\n'); i >= 0 {
		end = s.n + i + 1
	}
	k := copy(p, s.src[s.n:end])
	s.n += k
	return k, nil
}

// fmReaders are buffered readers for the library, which makes a new one
// of 4 KB for every post unless it is handed one (bufio.NewReaderSize
// returns a reader that is already one, and large enough, as it is).
var fmReaders = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, 4096) }}

// findFrontMatter finds the front matter with adrg/frontmatter, without
// decoding it.
//
// A scan of our own finding the same block (compared with the library by
// a fuzz target: no difference in 482k inputs) saved 1.2% of a cold
// lint's CPU, the library's copy of each post through a bufio.Reader; the
// stopReader and a reused reader now bound that copy to the front matter
// itself. The library stays: it is the project's named front-matter
// parser, and what it accepts is what the site generators' users expect.
func findFrontMatter(src []byte) (*FrontMatter, int) { return findFrontMatterReads(src, true) }

// findFrontMatterReads is findFrontMatter, the library reading src a line
// at a time (see stopReader) or, for the tests to compare, whole.
func findFrontMatterReads(src []byte, byLine bool) (*FrontMatter, int) {
	off := 0
	if hasBOM(src) {
		off = len(bom) // adrg/frontmatter does not recognise a BOM
	}
	// Find the opening delimiter line as the library does: leading blank
	// lines are skipped, lines are compared after trimming space.
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
	// The library is given the one format whose opening line this is: it
	// takes the first format whose opening line matches, and no two share
	// one.
	var done bool
	c := capture{done: &done}
	format := frontmatter.NewFormat(f.start, f.end, c.unmarshal)
	format.UnmarshalDelims = f.withDelims
	format.RequiresNewLine = f.newline
	in := &stopReader{src: src[off:], done: &done}
	var rest []byte
	var err error
	if byLine {
		br := fmReaders.Get().(*bufio.Reader)
		br.Reset(in)
		rest, err = frontmatter.Parse(br, nil, format)
		br.Reset(nil)
		fmReaders.Put(br)
	} else {
		rest, err = frontmatter.Parse(bytes.NewReader(src[off:]), nil, format)
		in.n = len(src) - off
	}
	fm := &FrontMatter{Format: f.name, Start: contentStart, ErrOffset: -1}
	raw := c.raw
	if err != nil || raw == nil {
		// Opened and never closed: the library hands back the whole file.
		fm.Unclosed = true
		fm.End = len(src)
		return fm, off
	}
	fm.End = contentStart + len(raw)
	if fm.End > len(src) || !bytes.Equal(src[contentStart:fm.End], raw) {
		// Cannot happen with the library as it is; be safe if it changes.
		fm.Unclosed = true
		fm.End = len(src)
		return fm, off
	}
	if f.withDelims {
		// The library hands over the blank line after the closing brace too.
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
	// rest is what the library read past the front matter.
	return fm, off + in.n - len(rest)
}

func (fm *FrontMatter) decode(src []byte, lim Limits) {
	raw := fm.Raw(src)
	switch fm.Format {
	case "yaml":
		fm.decodeYAML(src, raw)
	case "toml":
		if i := tomlNesting(raw, lim.MaxNesting); i >= 0 {
			fm.Err = fmt.Errorf("it nests deeper than %d levels (limits.max_nesting); not decoded", lim.MaxNesting)
			fm.ErrOffset = fm.Start + i
			fm.ErrLine = lineOfOffset(src, fm.ErrOffset)
			return
		}
		fm.decodeTOML(src, raw)
	case "json":
		var m map[string]any
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if err := dec.Decode(&m); err != nil {
			fm.Err = err
			// The error is at the last byte the decoder read.
			off := -1
			var se *json.SyntaxError
			var te *json.UnmarshalTypeError
			switch {
			case errors.As(err, &se):
				off = int(se.Offset) - 1
			case errors.As(err, &te):
				off = int(te.Offset) - 1
			case errors.Is(err, io.ErrUnexpectedEOF):
				off = len(raw) - 1
			}
			if off >= 0 && off < len(raw) {
				fm.ErrOffset = fm.Start + off
				fm.ErrLine = lineOfOffset(src, fm.ErrOffset)
			} else {
				fm.ErrLine = lineOfOffset(src, fm.Start)
			}
			return
		}
		fm.Data = m
	default:
		fm.Err = fmt.Errorf("unknown front matter format %q", fm.Format)
	}
}

func lineOfOffset(src []byte, off int) int {
	off = max(0, min(off, len(src)))
	return bytes.Count(src[:off], []byte{'\n'}) + 1
}
