package rules

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/postlint/postlint/regularfile"
)

// Limits bound what one file may cost. A linter runs on whatever lands in
// a pull request: a file past a limit gets one file-limits diagnostic and
// is not linted, and every other file still is. Zero means no limit.
type Limits struct {
	// MaxFileSize is the largest file linted, in bytes. Linting takes
	// about 60 times a file's size in memory. It also bounds the parser's
	// work on long nested lists (see markdownNesting).
	MaxFileSize ByteSize `yaml:"max_file_size"`
	// MaxNesting is the deepest nesting of lists and block quotes in the
	// Markdown, and of arrays and tables in TOML front matter. Parsing
	// deep lists costs time that grows with the cube of their depth.
	MaxNesting int `yaml:"max_nesting"`
	// MaxTime is how long one file may take. A file that takes longer
	// is reported and left; the run goes on with the others.
	MaxTime Duration `yaml:"max_time"`
}

// DefaultLimits are far above what a blog post needs.
func DefaultLimits() Limits {
	return Limits{MaxFileSize: 10 << 20, MaxNesting: 100, MaxTime: Duration(30 * time.Second)}
}

// FileLimits is the rule the engine reports a file under when it is not
// linted because it is past one of the limits.
var FileLimits = &Rule{
	Name:     "file-limits",
	Summary:  "a file too large, too deeply nested or too slow to lint; it is not linted",
	Severity: Error,
	Doc: `A file past one of the limits of the limits: section of .postlint.yml is not
linted at all, so that one hostile or broken file (a 2 GB log renamed .md, lists
nested thousands deep, a generated file) cannot stall a CI run or exhaust its
memory. The other files are linted as usual.

    limits:
      max_file_size: 10MB   # larger files are not read (units: B, KB, MB, GB; 1 KB = 1024 bytes)
      max_nesting: 100      # lists and block quotes nested deeper, TOML front matter nested deeper
      max_time: 30s         # a file that takes longer is left unfinished

max_file_size also bounds the parser's memory: lists or block quotes that run
over so many lines that parsing them would take more than 40 times max_file_size
(a list nested fifty deep, then a million blank lines) are reported too.

Zero means no limit. The diagnostic is an error, so that a file nobody checked
does not pass CI unnoticed; make it a warning with rules: {file-limits: warning}.
Directives in the file cannot suppress it: the file is never parsed.

Bad:

    - a list
      - nested
        - ... a hundred levels deeper

Good:

    - a list
      - nested at most a few levels deep
`,
}

// A LimitError is a limit a file went past.
type LimitError struct {
	Start, End int    // the bytes that went past it (0, 0 for the whole file)
	Key        string // the config key, such as "max_nesting"
	Msg        string
}

func (e *LimitError) Error() string { return e.Msg }

func (e *LimitError) diagnostic() Diagnostic {
	return Diagnostic{Rule: FileLimits.Name, Start: e.Start, End: e.End,
		Message: e.Msg + "; the file is not linted (limits." + e.Key + ")"}
}

func sizeLimit(size int64, max ByteSize) *LimitError {
	if max <= 0 || size <= int64(max) {
		return nil
	}
	return &LimitError{Key: "max_file_size",
		Msg: fmt.Sprintf("the file is %s, larger than %s", ByteSize(size), max)}
}

// ReadFile reads the file at path unless it is not a regular file (an
// error: a FIFO or a device could block or never end) or is larger than
// max bytes (no bytes and a LimitError).
func ReadFile(path string, max ByteSize) ([]byte, *LimitError, error) {
	src, _, limit, err := readFileInto(path, nil, false, max, nil)
	return src, limit, err
}

// readFileInto is ReadFile into buf's array when the file fits, of a
// path stat'ed just before (seen, when not nil) or listed as a regular
// file by the walk (listed), with the info of the file it opened.
func readFileInto(path string, seen fs.FileInfo, listed bool, max ByteSize, buf []byte) ([]byte, fs.FileInfo, *LimitError, error) {
	var src []byte
	var info fs.FileInfo
	var err error
	if seen == nil && listed {
		src, info, err = regularfile.ReadListed(path, int64(max), buf)
	} else {
		src, info, err = regularfile.ReadSeen(path, seen, int64(max), buf)
	}
	var tl *regularfile.TooLargeError
	if errors.As(err, &tl) {
		return []byte{}, info, sizeLimit(tl.Size, max), nil
	}
	if err != nil {
		return nil, nil, nil, err
	}
	return src, info, nil, nil
}

// markdownNesting checks, in one pass over the bytes of src[from:], that
// lists and block quotes nest at most lim.MaxNesting deep and that the
// parser's work on them stays in proportion to lim.MaxFileSize.
//
// Both are upper bounds of what goldmark will see. A line opens a
// container only with a marker ('>', a bullet or "1."), and each list
// item a line stays inside takes two columns of indentation or more. And
// goldmark keeps a record for every container every line of a top-level
// block stays inside until that block ends: a list nested a hundred deep
// and followed by a million blank lines takes it gigabytes.
func markdownNesting(src []byte, from int, lim Limits) *LimitError {
	maxRecords := int64(lim.MaxFileSize) * 2 / 5 // about 100 bytes each: 40 times the file size
	open := 0                                    // containers that may be open
	records := int64(0)
	prevBlank := true
	for start := from; start < len(src); {
		end := bytes.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start
		}
		depth, opens, blank := lineNesting(src[start:end])
		switch {
		case blank:
			// Lists stay open over blank lines.
			prevBlank = true
		case prevBlank:
			// After a blank line, what this line does not continue closes.
			open, prevBlank = depth, false
		default:
			// The line may be the lazy continuation of a paragraph deep down.
			open = max(open, depth)
		}
		if opens && lim.MaxNesting > 0 && depth > lim.MaxNesting {
			return &LimitError{Start: start, End: end, Key: "max_nesting",
				Msg: fmt.Sprintf("lists or block quotes nest more than %d levels deep", lim.MaxNesting)}
		}
		// A list level is two containers, the list and its item.
		records += int64(2*open + 1)
		if maxRecords > 0 && records > maxRecords {
			return &LimitError{Start: start, End: end, Key: "max_file_size",
				Msg: fmt.Sprintf("lists or block quotes run over so many lines that parsing them could take over %s of memory",
					ByteSize(maxRecords*100))}
		}
		start = end + 1
	}
	return nil
}

// lineNesting returns the container depth a line may reach: its markers
// (block quote, list item or footnote definition) plus half its columns
// of indentation, the one space that ends a marker aside; whether it has a marker, and so may open containers; and whether
// it is blank.
func lineNesting(line []byte) (depth int, opens, blank bool) {
	markers, cols := 0, 0
	afterMarker := false
	i := 0
scan:
	for i < len(line) {
		switch c := line[i]; {
		case c == ' ' || c == '\t' || c == '\r':
			w := 1
			if c == '\t' {
				w = 4 - cols%4
			}
			if !afterMarker {
				cols += w
			}
			afterMarker = false
			i++
			continue
		case c == '>':
			markers++
			afterMarker = true
			i++
			continue
		case c == '-' || c == '+' || c == '*':
			if i+1 == len(line) || line[i+1] == ' ' || line[i+1] == '\t' || line[i+1] == '\r' {
				markers++
				afterMarker = true
				i++
				continue
			}
		case c == '[':
			// A footnote definition, "[^label]:", is a container too.
			if i+1 < len(line) && line[i+1] == '^' {
				if j := bytes.Index(line[i:], []byte("]:")); j > 2 {
					markers++
					afterMarker = true
					i += j + 2
					continue
				}
			}
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && j-i < 10 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j < len(line) && (line[j] == '.' || line[j] == ')') &&
				(j+1 == len(line) || line[j+1] == ' ' || line[j+1] == '\t' || line[j+1] == '\r') {
				markers++
				afterMarker = true
				i = j + 1
				continue
			}
		}
		break scan
	}
	if i == len(line) && markers == 0 {
		return 0, false, true
	}
	if markers > 0 && thematicBreak(line) {
		return 0, false, false
	}
	return markers + cols/2, markers > 0, false
}

// thematicBreak reports a line such as "- - -" or "***": a rule, not lists.
func thematicBreak(line []byte) bool {
	var mark byte
	n := 0
	for _, c := range line {
		switch c {
		case ' ', '\t', '\r':
			continue
		case '-', '*', '_':
			if mark != 0 && c != mark {
				return false
			}
			mark = c
			n++
		default:
			return false
		}
	}
	return n >= 3
}

// tomlNesting returns the offset in raw at which TOML nests deeper than
// max, or -1: arrays and inline tables inside each other, or keys of more
// than max dotted parts (a.b.c, [a.b.c]). BurntSushi/toml takes time and
// memory that grow much faster than such input does.
func tomlNesting(raw []byte, max int) int {
	if max <= 0 {
		return -1
	}
	depth := 0
	parts := 0       // dotted parts of the key being read
	inKey := true    // a key may start here: line start at depth 0, or after { or ,
	var stack []byte // open brackets, to know when a comma starts a key
	for i := 0; i < len(raw); i++ {
		switch c := raw[i]; c {
		case '#':
			for i < len(raw) && raw[i] != '\n' {
				i++
			}
			i--
		case '"', '\'':
			i = skipTOMLString(raw, i)
		case '[', '{':
			if c == '[' && depth == 0 && inKey {
				// A table header: [a.b] or [[a.b]]; its dots count as parts.
				parts = 0
				continue
			}
			depth++
			stack = append(stack, c)
			if depth > max {
				return i
			}
			inKey = c == '{'
			parts = 0
		case ']', '}':
			if depth > 0 {
				depth--
				stack = stack[:len(stack)-1]
			}
		case ',':
			inKey = len(stack) > 0 && stack[len(stack)-1] == '{'
			parts = 0
		case '=':
			inKey = false
		case '.':
			if inKey {
				parts++
				if parts >= max {
					return i
				}
			}
		case '\n':
			if depth == 0 {
				inKey = true
				parts = 0
			}
		}
	}
	return -1
}

// skipTOMLString returns the offset of the last byte of the string that
// opens at raw[i]: basic or literal, on one line or three-quoted.
func skipTOMLString(raw []byte, i int) int {
	q := raw[i]
	if i+2 < len(raw) && raw[i+1] == q && raw[i+2] == q {
		end := bytes.Index(raw[i+3:], []byte{q, q, q})
		if end < 0 {
			return len(raw) - 1
		}
		return i + 3 + end + 2
	}
	for j := i + 1; j < len(raw); j++ {
		switch raw[j] {
		case '\\':
			if q == '"' {
				j++
			}
		case q, '\n':
			return j
		}
	}
	return len(raw) - 1
}

// ByteSize is a number of bytes, written as 10MB, 512KB or 1048576.
type ByteSize int64

var byteUnits = []struct {
	suffix string
	n      int64
}{{"GIB", 1 << 30}, {"MIB", 1 << 20}, {"KIB", 1 << 10}, {"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}}

// ParseByteSize reads a size such as "10MB", "1.5 GB", "512KB" or "4096".
func ParseByteSize(s string) (ByteSize, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range byteUnits {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.n
			break
		}
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || f < 0 || f*float64(mult) > 1<<62 {
		return 0, fmt.Errorf("want a size such as 10MB, 512KB or 0 for no limit, not %q", s)
	}
	return ByteSize(f * float64(mult)), nil
}

func (b *ByteSize) UnmarshalYAML(n *yaml.Node) error {
	v, err := ParseByteSize(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %v", n.Line, err)
	}
	*b = v
	return nil
}

func (b ByteSize) String() string {
	switch {
	case b >= 1<<30 && b%(1<<30) == 0:
		return fmt.Sprintf("%dGB", b>>30)
	case b >= 1<<20:
		return strings.TrimSuffix(fmt.Sprintf("%.1f", float64(b)/(1<<20)), ".0") + "MB"
	case b >= 1<<10:
		return strings.TrimSuffix(fmt.Sprintf("%.1f", float64(b)/(1<<10)), ".0") + "KB"
	}
	return fmt.Sprintf("%d bytes", int64(b))
}

// Duration is a time.Duration written as 30s, 2m or 500ms.
type Duration time.Duration

func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := time.ParseDuration(n.Value)
	if err != nil || v < 0 {
		return fmt.Errorf("line %d: want a duration such as 30s or 2m, or 0 for no limit, not %q", n.Line, n.Value)
	}
	*d = Duration(v)
	return nil
}

func (d Duration) String() string { return time.Duration(d).String() }
