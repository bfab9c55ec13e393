package rules

import "unicode/utf8"

// NodeOffset turns a yaml.v3 node position of the front matter (a line of
// the file, and a column counting characters from 1, not bytes) into a
// byte offset into Src.
func (d *Document) NodeOffset(line, col int) int {
	off := d.Lines.LineStart(line)
	end := d.Lines.LineEnd(d.Src, line)
	for c := 1; c < col && off < end; c++ {
		_, size := utf8.DecodeRune(d.Src[off:end])
		off += size
	}
	return off
}
