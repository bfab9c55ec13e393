package rules

import (
	"bytes"
	"sort"
)

// A LineIndex turns byte offsets into 1-based line and column numbers.
// Columns count bytes, like gcc and go vet. A UTF-8 byte order mark at the
// start of the file is not counted in columns, so a file and its BOM twin
// report the same columns; offsets still index the file as it is on disk.
type LineIndex struct {
	starts []int // byte offset of the first byte of each line
	bom    int   // length of a leading BOM (0 or 3)
	size   int
}

// NewLineIndex indexes src. Lines end at '\n'; a '\r' before it belongs to
// the line it ends, so CRLF and LF files number lines and columns alike.
func NewLineIndex(src []byte) *LineIndex {
	// Counted first and found with IndexByte, both vectorised: four
	// times faster than a loop over the bytes that appends, and the slice is
	// made once, not grown (half the bytes allocated).
	starts := make([]int, 1, bytes.Count(src, []byte{'\n'})+1)
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		starts = append(starts, i)
	}
	idx := &LineIndex{starts: starts, size: len(src)}
	if hasBOM(src) {
		idx.bom = len(bom)
	}
	return idx
}

// Position returns the 1-based line and byte column of offset.
// Offsets outside the file are clamped to it.
func (x *LineIndex) Position(offset int) (line, col int) {
	offset = max(0, min(offset, x.size))
	i := sort.Search(len(x.starts), func(i int) bool { return x.starts[i] > offset }) - 1
	col = offset - x.starts[i] + 1
	if i == 0 && x.bom > 0 {
		col = max(1, col-x.bom)
	}
	return i + 1, col
}

// Lines is the number of lines in the file.
func (x *LineIndex) Lines() int { return len(x.starts) }

// LineStart returns the offset of the first byte of the 1-based line
// (after the BOM on line 1).
func (x *LineIndex) LineStart(line int) int {
	line = max(1, min(line, len(x.starts)))
	if line == 1 {
		return x.bom
	}
	return x.starts[line-1]
}

// LineEnd returns the offset just past the last byte of the 1-based line,
// not counting its line ending ("\n" or "\r\n").
func (x *LineIndex) LineEnd(src []byte, line int) int {
	line = max(1, min(line, len(x.starts)))
	end := x.size
	if line < len(x.starts) {
		end = x.starts[line] - 1
	}
	if end > x.LineStart(line) && end <= len(src) && end > 0 && src[end-1] == '\r' {
		end--
	}
	return end
}
