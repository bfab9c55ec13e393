package rules

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/adrg/frontmatter"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

func TestLineNesting(t *testing.T) {
	for _, tc := range []struct {
		line  string
		depth int
		opens bool
	}{
		{"plain text", 0, false},
		{"", 0, false},
		{"- item", 1, true},
		{"  - item", 2, true},
		{"    - item", 3, true},
		{"- - - x", 3, true},
		{"1. one", 1, true},
		{"   12) twelve", 2, true},
		{"1.5 is a number", 0, false},
		{"> quote", 1, true},
		{">>> deep", 3, true},
		{"> > > spaced", 3, true},
		{"\t- tab", 3, true},
		{"- - -", 0, false}, // a rule, not three lists
		{"* * *", 0, false},
		{"-not a marker", 0, false},
		{"        indented text", 4, false},
		{"-", 1, true},
	} {
		d, opens, _ := lineNesting([]byte(tc.line))
		if d != tc.depth || opens != tc.opens {
			t.Errorf("%q: depth %d opens %v, want %d %v", tc.line, d, opens, tc.depth, tc.opens)
		}
	}
}

// containerDepth is the deepest nesting of block quotes and list items
// in a goldmark tree.
func containerDepth(n ast.Node) int {
	deepest := 0
	var walk func(n ast.Node, d int)
	walk = func(n ast.Node, d int) {
		switch n.Kind() {
		case ast.KindBlockquote, ast.KindListItem, east.KindFootnote:
			d++
		}
		deepest = max(deepest, d)
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			walk(c, d)
		}
	}
	walk(n, 0)
	return deepest
}

// estimatedDepth is the deepest any line may open, as the limit sees it.
func estimatedDepth(src []byte) int {
	deepest := 0
	for _, line := range bytes.Split(src, []byte("\n")) {
		if d, opens, _ := lineNesting(line); opens {
			deepest = max(deepest, d)
		}
	}
	return deepest
}

func TestNestingLimit(t *testing.T) {
	lim := DefaultLimits()
	lim.MaxNesting = 10
	var lists, quotes, mixed strings.Builder
	for i := range 12 {
		lists.WriteString(strings.Repeat("  ", i) + "- item\n")
		quotes.WriteString(strings.Repeat(">", i+1) + " quote\n")
	}
	mixed.WriteString(strings.Repeat("> - ", 6) + "x\n")
	for _, tc := range []struct {
		name, src string
		line      int // 0: within the limit
	}{
		{"lists", lists.String(), 11},
		{"quotes", quotes.String(), 11},
		{"mixed", mixed.String(), 1},
		{"ten deep", strings.Join(strings.Split(lists.String(), "\n")[:10], "\n"), 0},
		// Indented code and text deep in a list stay within the limit: no
		// marker opens anything there.
		{"code", "```\n" + strings.Repeat(" ", 60) + "x\n```\n", 0},
		{"rule", strings.Repeat("- ", 40) + "\n", 0},
	} {
		d := ParseLimited("x.md", []byte(tc.src), lim)
		switch {
		case tc.line == 0 && d.Limit != nil:
			t.Errorf("%s: limited: %v", tc.name, d.Limit)
		case tc.line > 0 && d.Limit == nil:
			t.Errorf("%s: not limited", tc.name)
		case tc.line > 0:
			if line, _ := d.Lines.Position(d.Limit.Start); line != tc.line || d.Limit.Key != "max_nesting" {
				t.Errorf("%s: limit %q at line %d, want line %d", tc.name, d.Limit.Key, line, tc.line)
			}
			if d.AST == nil || d.AST.FirstChild() != nil || d.FrontMatter != nil {
				t.Errorf("%s: parsed anyway", tc.name)
			}
		default:
			if got, est := containerDepth(d.AST), estimatedDepth([]byte(tc.src)); got > est {
				t.Errorf("%s: depth %d above the estimate %d", tc.name, got, est)
			}
		}
	}
}

// TestNestedListsAndBlankLines: goldmark keeps a record per open container
// per line of a top-level block; a deep list followed by a million blank
// lines took it gigabytes.
func TestNestedListsAndBlankLines(t *testing.T) {
	var b strings.Builder
	for i := range 50 {
		b.WriteString(strings.Repeat("  ", i) + "- x\n")
	}
	b.WriteString(strings.Repeat("\n", 1_000_000))
	d := Parse("blank.md", []byte(b.String()))
	if d.Limit == nil || d.Limit.Key != "max_file_size" || !strings.Contains(d.Limit.Msg, "memory") {
		t.Fatalf("limit: %+v", d.Limit)
	}
	// The same list with a few blank lines is parsed.
	if d := Parse("ok.md", []byte(b.String()[:b.Len()-999_990])); d.Limit != nil {
		t.Errorf("limited: %v", d.Limit)
	}
}

func TestTOMLNesting(t *testing.T) {
	for _, tc := range []struct {
		src  string
		over bool
	}{
		{`a = [[1, 2], [3]]`, false},
		{`a = ` + strings.Repeat("[", 11) + strings.Repeat("]", 11), true},
		{`a = ` + strings.Repeat("{b=", 11) + "1" + strings.Repeat("}", 11), true},
		{strings.Repeat("a.", 10) + "a = 1", true},
		{"[" + strings.Repeat("a.", 10) + "a]", true},
		{"[[" + strings.Repeat("a.", 8) + "a]]\nx = 1.5", false},
		{`s = "` + strings.Repeat("[", 50) + `"`, false},
		{`s = '''` + strings.Repeat("{", 50) + `'''`, false},
		{"# " + strings.Repeat("[", 50), false},
		{`v = [1.1, 2.2, 3.3, 4.4, 5.5, 6.6, 7.7, 8.8, 9.9, 10.1, 11.1]`, false},
		{`t = {a.b = 1, c.d.e = 2}`, false},
	} {
		if got := tomlNesting([]byte(tc.src), 10) >= 0; got != tc.over {
			t.Errorf("%q: over %v, want %v", tc.src, got, tc.over)
		}
	}
	// In a post: a front-matter error, the body still linted.
	src := "+++\ntitle = \"T\"\na = " + strings.Repeat("{b=", 200) + "1" + strings.Repeat("}", 200) + "\n+++\n# Body\n"
	d := Parse("deep.md", []byte(src))
	if fm := d.FrontMatter; fm == nil || fm.Err == nil || !strings.Contains(fm.Err.Error(), "nests deeper than 100 levels") || fm.ErrLine != 3 {
		t.Errorf("front matter: %+v", d.FrontMatter)
	}
	if d.AST.FirstChild() == nil {
		t.Error("body not parsed")
	}
}

func TestByteSize(t *testing.T) {
	for s, want := range map[string]ByteSize{
		"10MB": 10 << 20, "512KB": 512 << 10, "1.5 GB": 3 << 29, "4096": 4096, "0": 0, "2m": 2 << 20, "100 B": 100, "1MiB": 1 << 20,
	} {
		if got, err := ParseByteSize(s); err != nil || got != want {
			t.Errorf("%q: %d %v, want %d", s, got, err, want)
		}
	}
	for _, s := range []string{"", "ten", "-1MB", "10TB"} {
		if _, err := ParseByteSize(s); err == nil {
			t.Errorf("%q parsed", s)
		}
	}
	if s := ByteSize(13_500_000).String(); s != "12.9MB" {
		t.Errorf("String: %s", s)
	}
}

func TestLimitsConfig(t *testing.T) {
	reg := &Registry{Rules: []*Rule{FileLimits}}
	c, err := ParseConfig(reg, ".postlint.yml", []byte("limits:\n  max_file_size: 1MB\n  max_nesting: 0\n  max_time: 2s\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Limits != (Limits{MaxFileSize: 1 << 20, MaxNesting: 0, MaxTime: Duration(2 * time.Second)}) {
		t.Errorf("got %+v", c.Limits)
	}
	if d := DefaultConfig(reg).Limits; d != DefaultLimits() {
		t.Errorf("defaults %+v", d)
	}
	for src, want := range map[string]string{
		"limits:\n  max_size: 1MB\n":       `.postlint.yml:2: unknown key "max_size"`,
		"limits:\n  max_file_size: big\n":  `.postlint.yml:2: want a size such as 10MB`,
		"limits:\n  max_time: forever\n":   `.postlint.yml:2: want a duration`,
		"limits:\n  max_nesting: deep\n":   `.postlint.yml:2:`,
		"limits:\n  max_file_size: -5MB\n": `.postlint.yml:2: want a size`,
	} {
		_, err := ParseConfig(reg, ".postlint.yml", []byte(src))
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q: got %v, want %s...", src, err, want)
		}
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small.md")
	big := filepath.Join(dir, "big.md")
	if err := os.WriteFile(small, []byte("# hi\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(big, bytes.Repeat([]byte("x"), 2048), 0o644); err != nil {
		t.Fatal(err)
	}
	if src, lim, err := ReadFile(small, 1024); string(src) != "# hi\n" || lim != nil || err != nil {
		t.Errorf("small: %q %v %v", src, lim, err)
	}
	if src, lim, err := ReadFile(big, 1024); len(src) != 0 || lim == nil || err != nil ||
		lim.Msg != "the file is 2KB, larger than 1KB" {
		t.Errorf("big: %d bytes, %v, %v", len(src), lim, err)
	}
	if _, lim, err := ReadFile(big, 0); lim != nil || err != nil {
		t.Errorf("no limit: %v %v", lim, err)
	}
	if runtime.GOOS == "windows" {
		return
	}
	// A FIFO nobody writes to: opening it would block for ever.
	fifo := filepath.Join(dir, "pipe.md")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	done := make(chan error, 1)
	go func() {
		_, _, err := ReadFile(fifo, 1024)
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("fifo: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("reading a FIFO blocked")
	}
}

// TestEngineTimeLimit: a file that takes too long is reported and left,
// and the others are linted.
func TestEngineTimeLimit(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	var stalls atomic.Int32 // times the rule was run on the file that stalls
	stuck := &Rule{Name: "stuck", Severity: Warning, Run: func(p *Pass) {
		if strings.Contains(string(p.Doc.Src), "stall") {
			stalls.Add(1)
			<-release
		}
		p.Reportf(0, 1, "seen")
	}}
	reg := &Registry{Rules: []*Rule{stuck, FileLimits}}
	cfg := DefaultConfig(reg)
	cfg.Limits.MaxTime = Duration(200 * time.Millisecond)
	eng := &Engine{Config: cfg}
	inputs := []Input{{Path: "a.md", Src: []byte("fine\n")}, {Path: "b.md", Src: []byte("stall\n")}, {Path: "c.md", Src: []byte("fine\n")}}
	for round := range 2 {
		res := eng.Run(inputs)
		var got []string
		for _, d := range res.Diagnostics {
			got = append(got, d.Path+": "+d.Message+" ["+d.Rule+"]")
		}
		want := []string{
			"a.md: seen [stuck]",
			"b.md: linting took longer than 200ms and was stopped; the file is not linted (limits.max_time) [file-limits]",
			"c.md: seen [stuck]",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("round %d:\n%s", round, strings.Join(got, "\n"))
		}
		// A file that ran out of time once is not tried again.
		if n := stalls.Load(); n != 1 {
			t.Errorf("round %d: the stalling file was linted %d times, want once", round, n)
		}
	}
}

func TestEngineSizeLimit(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.md")
	if err := os.WriteFile(big, bytes.Repeat([]byte("word "), 1000), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig(&Registry{Rules: []*Rule{FileLimits}})
	cfg.Limits.MaxFileSize = 1000
	res := (&Engine{Config: cfg}).Run([]Input{{Path: big}, {Path: "given.md", Src: bytes.Repeat([]byte("x"), 1001)}})
	if len(res.Diagnostics) != 2 || len(res.Errors) != 0 || res.Files != 2 {
		t.Fatalf("%+v", res)
	}
	for _, d := range res.Diagnostics {
		if d.Rule != "file-limits" || d.Line != 1 || d.Column != 1 || d.Severity != Error ||
			!strings.Contains(d.Message, "larger than 1000 bytes; the file is not linted (limits.max_file_size)") {
			t.Errorf("%+v", d)
		}
	}
	// Switched off, the file is still not linted, and nothing is said.
	if err := cfg.SetEnabled("file-limits", false); err != nil {
		t.Fatal(err)
	}
	if res := (&Engine{Config: cfg}).Run([]Input{{Path: big}}); len(res.Diagnostics) != 0 {
		t.Errorf("%+v", res.Diagnostics)
	}
}

// TestSourceLineShared: many diagnostics on one long line keep one copy
// of it, not one each.
func TestSourceLineShared(t *testing.T) {
	line := strings.Repeat("word ", 20_000) // 100 KB
	many := &Rule{Name: "many", Severity: Warning, Run: func(p *Pass) {
		for i := 0; i+4 <= len(line); i += 50 {
			p.Reportf(i, i+4, "word")
		}
	}}
	cfg := DefaultConfig(&Registry{Rules: []*Rule{many}})
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	res := (&Engine{Config: cfg}).Run([]Input{{Path: "long.md", Src: []byte(line)}})
	runtime.GC()
	runtime.ReadMemStats(&after)
	if len(res.Diagnostics) != 2000 {
		t.Fatalf("%d diagnostics", len(res.Diagnostics))
	}
	// 2,000 copies of the line would be 200 MB.
	if grown := int64(after.HeapAlloc) - int64(before.HeapAlloc); grown > 20<<20 {
		t.Errorf("heap grew by %d MB", grown>>20)
	}
}

// FuzzSplitFrontMatter checks the front-matter split and decode on any
// input: offsets in range, an error with a line, a body after the block.
func FuzzSplitFrontMatter(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: T\n---\nbody\n", "+++\ntitle = \"T\"\n+++\n", "{\n\"title\": \"T\"\n}\n\nbody",
		";;;\n{\"a\": 1}\n;;;\n", "---\nunclosed\n", "\ufeff---\ntitle: T\r\n---\r\n", "---\n---\n", "---",
		"---\na: [\n---\n", "+++\na = \n+++\n", "---toml\na = 1\n---\n", "---json\n{}\n---\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		fm, body := splitFrontMatter(src, DefaultLimits())
		if fm == nil {
			if body != 0 {
				t.Fatalf("no front matter, body at %d", body)
			}
			return
		}
		if fm.Start < 0 || fm.Start > fm.End || fm.End > len(src) || body < 0 || body > len(src) {
			t.Fatalf("start %d end %d body %d of %d", fm.Start, fm.End, body, len(src))
		}
		if fm.Unclosed {
			return
		}
		if body < fm.End {
			t.Fatalf("body at %d, inside the block ending at %d", body, fm.End)
		}
		lines := bytes.Count(src, []byte("\n")) + 1
		switch {
		case fm.Err != nil && (fm.ErrLine < 1 || fm.ErrLine > lines):
			t.Fatalf("error %q at line %d of %d", fm.Err, fm.ErrLine, lines)
		case fm.Err != nil && fm.ErrOffset >= 0 && (fm.ErrOffset < fm.Start || fm.ErrOffset > fm.End):
			t.Fatalf("error offset %d outside %d..%d", fm.ErrOffset, fm.Start, fm.End)
		case fm.Err == nil && fm.Data == nil:
			t.Fatal("no error and no data")
		}
	})
}

// FuzzFrontMatterByLine checks that the library finds the same front
// matter, and the body at the same place, when it is handed the post a
// line at a time and stopped after the block as when it reads it whole.
func FuzzFrontMatterByLine(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: T\n---\nbody\n", "+++\ntitle = \"T\"\n+++\n", "{\n\"title\": \"T\"\n}\n\nbody",
		"{\n\"a\": 1\n}\nnot blank\n}\n\nbody", ";;;\n{\"a\": 1}\n;;;\n", "---\nunclosed\n",
		"\ufeff---\ntitle: T\r\n---\r\n", "---\n---\n", "---", "\n\n  ---  \na: 1\n---", "---\r\na: 1\r\n---",
		"---\n" + strings.Repeat("a: 1\n", 2000) + "---\n" + strings.Repeat("body\n", 2000),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		got, gotBody := findFrontMatterReads(src, true)
		want, wantBody := findFrontMatterReads(src, false)
		if gotBody != wantBody || !reflect.DeepEqual(got, want) {
			t.Fatalf("read by line: %+v, body at %d\nread whole: %+v, body at %d", got, gotBody, want, wantBody)
		}
	})
}

// FuzzFrontMatterFormats checks that handing the library only the format
// whose opening line findFrontMatter saw finds the block it finds when
// handed every format it knows, and leaves the same rest.
func FuzzFrontMatterFormats(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: T\n---\nbody\n", "+++\ntitle = \"T\"\n+++\n", "{\n\"title\": \"T\"\n}\n\nbody", "---yaml\na: 1\n---\n",
		"---toml\na = 1\n---\n", "---json\n{}\n---\n", ";;;\n{\"a\": 1}\n;;;\n", "---\nunclosed\n", "{\n}\nx\n}\n\n",
		"\ufeff---\ntitle: T\r\n---\r\n", "---\n---\n", "---", "\n\n  ---  \na: 1\n---", " +++ \n+++", "---\n+++\n---\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		got, _ := findFrontMatter(src)
		off := 0
		if hasBOM(src) {
			off = len(bom)
		}
		var raw []byte
		var name string
		var formats []*frontmatter.Format
		for _, ff := range fmFormats {
			format := frontmatter.NewFormat(ff.start, ff.end, func(data []byte, _ any) error {
				raw, name = data, ff.name
				return nil
			})
			format.UnmarshalDelims = ff.withDelims
			format.RequiresNewLine = ff.newline
			formats = append(formats, format)
		}
		_, err := frontmatter.Parse(bytes.NewReader(src[off:]), nil, formats...)
		switch {
		case raw == nil || err != nil:
			if got != nil && !got.Unclosed {
				t.Fatalf("found %+v; the library given every format finds none", got)
			}
		case got == nil || got.Unclosed:
			t.Fatalf("found %+v; the library given every format finds %s %q", got, name, raw)
		case got.Format != name || !bytes.HasPrefix(src[got.Start:], raw):
			t.Fatalf("found %s at %d..%d; the library given every format finds %s %q", got.Format, got.Start, got.End, name, raw)
		}
	})
}

// FuzzNestingBound checks that the nesting limit's estimate is never
// below the depth goldmark gives the same text.
func FuzzNestingBound(f *testing.F) {
	for _, s := range []string{
		"- a\n  - b\n    - c\n", "> a\n> > b\n", "1. a\n   1. b\n", "- > - > x\n", "* a\n\n  * b\n\n    text\n",
		"[^1]: note\n    - in a note\n", "[^a]: [^b]: - x\n\n[^a][^b]\n", "\t- tab\n\t\t- tabs\n", "- a\nlazy\n  - b\n", ">>> x\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 1<<14 {
			return
		}
		d := ParseLimited("x.md", src, Limits{})
		if got, est := containerDepth(d.AST), estimatedDepth(src); got > est {
			t.Fatalf("depth %d above the estimate %d", got, est)
		}
	})
}
