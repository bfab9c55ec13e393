package lsp

import (
	"sort"
	"unicode/utf8"
)

// A lineIndex converts between byte offsets into a text, which the engine
// and everything inside the server use, and protocol positions (line,
// UTF-16 code unit), which exist only at the edge.
//
// Lines end as the protocol says: at "\n", "\r\n" or a lone "\r". A byte
// that is not UTF-8 counts as one code unit, as it does in editors that
// show it as U+FFFD; a byte order mark is a character like any other,
// since the client sends it, if at all, as part of the text.
type lineIndex struct {
	src    []byte
	starts []int // offset of the first byte of each line
}

func newLineIndex(src []byte) *lineIndex {
	x := &lineIndex{src: src, starts: make([]int, 1, 64)}
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '\n':
			x.starts = append(x.starts, i+1)
		case '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
			x.starts = append(x.starts, i+1)
		}
	}
	return x
}

// lineEnd is the offset of the line break ending line (0-based), or the
// end of the text.
func (x *lineIndex) lineEnd(line int) int {
	if line+1 >= len(x.starts) {
		return len(x.src)
	}
	end := x.starts[line+1] - 1
	if end > x.starts[line] && x.src[end] == '\n' && x.src[end-1] == '\r' {
		end--
	}
	return end
}

// position returns the protocol position of a byte offset. An offset
// inside a multi-byte character is taken as the start of that character.
func (x *lineIndex) position(offset int) Position {
	offset = max(0, min(offset, len(x.src)))
	line := sort.Search(len(x.starts), func(i int) bool { return x.starts[i] > offset }) - 1
	start, end := x.starts[line], x.lineEnd(line)
	offset = min(offset, end) // inside a "\r\n": the end of the line
	units := 0
	for p := start; p < offset; {
		r, size := utf8.DecodeRune(x.src[p:end])
		if p+size > offset {
			break
		}
		units += utf16Len(r)
		p += size
	}
	return Position{Line: line, Character: units}
}

// offset returns the byte offset of a protocol position. A line past the
// end is the end of the text; a character past the end of its line is the
// end of the line, as the protocol asks; one in the middle of a surrogate
// pair is the start of that character.
func (x *lineIndex) offset(p Position) int {
	if p.Line < 0 {
		return 0
	}
	if p.Line >= len(x.starts) {
		return len(x.src)
	}
	start, end := x.starts[p.Line], x.lineEnd(p.Line)
	units := 0
	q := start
	for q < end {
		r, size := utf8.DecodeRune(x.src[q:end])
		if units+utf16Len(r) > p.Character {
			break
		}
		units += utf16Len(r)
		q += size
	}
	return q
}

func (x *lineIndex) rangeOf(start, end int) Range {
	return Range{Start: x.position(start), End: x.position(max(start, end))}
}

// utf16Len is the number of UTF-16 code units of r: invalid bytes decode
// as U+FFFD, one unit.
func utf16Len(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}
