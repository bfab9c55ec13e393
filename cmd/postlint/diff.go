package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// diffContext is the number of unchanged lines around each hunk, as in
// diff -u.
const diffContext = 3

// maxDiffCost bounds the Myers search; past it the changed middle of the
// file is shown as one removal and one addition, which is still a correct
// patch. Fixes change a few lines, far below it.
const maxDiffCost = 2000

// unifiedDiff writes a unified diff that turns a into b. A relative name
// gets git-style headers (--- a/NAME, +++ b/NAME) that `git apply` and
// `patch -p1` read; an absolute one is written as it is (`patch -p0`).
// It writes nothing when a and b are equal.
func unifiedDiff(w io.Writer, name string, a, b []byte) error {
	if bytes.Equal(a, b) {
		return nil
	}
	al, bl := splitLines(a), splitLines(b)
	ops := diffLines(al, bl)
	bw := bufio.NewWriter(w)
	if filepath.IsAbs(name) || strings.HasPrefix(name, "/") {
		fmt.Fprintf(bw, "--- %s\n+++ %s\n", name, name)
	} else {
		fmt.Fprintf(bw, "--- a/%s\n+++ b/%s\n", name, name)
	}
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		// A hunk runs from diffContext lines before this change to
		// diffContext lines after the last change less than 2*diffContext
		// unchanged lines away.
		start := max(0, i-diffContext)
		end := i
		for j := i; j < len(ops); j++ {
			if ops[j].kind != ' ' {
				end = j + 1
				continue
			}
			if j-end >= 2*diffContext {
				break
			}
		}
		end = min(len(ops), end+diffContext)
		writeHunk(bw, ops[start:end])
		i = end
	}
	return bw.Flush()
}

type diffOp struct {
	kind   byte // ' ', '-' or '+'
	a, b   int  // line index in a (for ' ' and '-') and in b (for ' ' and '+')
	text   []byte
	hasEOL bool
}

func writeHunk(w *bufio.Writer, ops []diffOp) {
	// Every op knows where it stands on both sides (an addition carries the
	// index of the next line of a, a removal that of the next line of b),
	// so the first op gives both starts.
	aLen, bLen := 0, 0
	for _, op := range ops {
		if op.kind != '+' {
			aLen++
		}
		if op.kind != '-' {
			bLen++
		}
	}
	fmt.Fprintf(w, "@@ -%s +%s @@\n", hunkRange(ops[0].a, aLen), hunkRange(ops[0].b, bLen))
	// Write errors stick in w and come out of its Flush.
	for _, op := range ops {
		fmt.Fprintf(w, "%c%s\n", op.kind, op.text)
		if !op.hasEOL {
			fmt.Fprint(w, "\\ No newline at end of file\n")
		}
	}
}

// hunkRange prints a 0-based start and a length as diff -u does: 1-based,
// the ",1" left out, and an empty range named by the line before it.
func hunkRange(start, n int) string {
	switch n {
	case 0:
		return fmt.Sprintf("%d,0", start)
	case 1:
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

type line struct {
	text   []byte // without its "\n"
	hasEOL bool
}

func splitLines(s []byte) []line {
	var ls []line
	for len(s) > 0 {
		i := bytes.IndexByte(s, '\n')
		if i < 0 {
			ls = append(ls, line{text: s})
			break
		}
		ls = append(ls, line{text: s[:i], hasEOL: true})
		s = s[i+1:]
	}
	return ls
}

func sameLine(x, y line) bool { return x.hasEOL == y.hasEOL && bytes.Equal(x.text, y.text) }

// diffLines returns an edit script from a to b: Myers' O(ND) algorithm on
// what is left once the common head and tail are set aside.
func diffLines(a, b []line) []diffOp {
	head := 0
	for head < len(a) && head < len(b) && sameLine(a[head], b[head]) {
		head++
	}
	tail := 0
	for tail < len(a)-head && tail < len(b)-head && sameLine(a[len(a)-1-tail], b[len(b)-1-tail]) {
		tail++
	}
	var ops []diffOp
	keep := func(i, j int) {
		ops = append(ops, diffOp{kind: ' ', a: i, b: j, text: a[i].text, hasEOL: a[i].hasEOL})
	}
	for i := range head {
		keep(i, i)
	}
	ops = append(ops, myers(a, b, head, len(a)-tail, head, len(b)-tail)...)
	for k := tail; k > 0; k-- {
		keep(len(a)-k, len(b)-k)
	}
	return ops
}

// myers diffs a[a0:a1] against b[b0:b1].
func myers(a, b []line, a0, a1, b0, b1 int) []diffOp {
	n, m := a1-a0, b1-b0
	del := func(i int) diffOp { return diffOp{kind: '-', a: i, b: -1, text: a[i].text, hasEOL: a[i].hasEOL} }
	ins := func(j int) diffOp { return diffOp{kind: '+', a: -1, b: j, text: b[j].text, hasEOL: b[j].hasEOL} }
	// Deletions carry, in b, the index the next line of b would have, and
	// insertions the same in a, so that empty hunk sides can be numbered.
	fill := func(ops []diffOp) []diffOp {
		i, j := a0, b0
		for k := range ops {
			switch ops[k].kind {
			case ' ':
				i, j = ops[k].a+1, ops[k].b+1
			case '-':
				ops[k].b = j
				i = ops[k].a + 1
			case '+':
				ops[k].a = i
				j = ops[k].b + 1
			}
		}
		return ops
	}
	everything := func() []diffOp {
		var ops []diffOp
		for i := a0; i < a1; i++ {
			ops = append(ops, del(i))
		}
		for j := b0; j < b1; j++ {
			ops = append(ops, ins(j))
		}
		return fill(ops)
	}
	if n == 0 || m == 0 {
		return everything()
	}
	limit := min(n+m, maxDiffCost)
	off := limit + 1
	v := make([]int, 2*limit+3)
	var trace [][]int // trace[d] = v[off-d-1 : off+d+2] before step d
	found := -1
	for d := 0; d <= limit && found < 0; d++ {
		trace = append(trace, append([]int(nil), v[off-d-1:off+d+2]...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || k != d && v[off+k-1] < v[off+k+1] {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && sameLine(a[a0+x], b[b0+y]) {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				found = d
				break
			}
		}
	}
	if found < 0 {
		return everything()
	}
	// Walk back from (n, m) through the saved frontiers.
	var rev []diffOp
	x, y := n, m
	for d := found; d >= 0; d-- {
		vd := trace[d]
		at := func(k int) int { return vd[k+d+1] }
		k := x - y
		var prevK int
		if d == 0 {
			prevK = 0
		} else if k == -d || k != d && at(k-1) < at(k+1) {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		prevX := 0
		if d > 0 {
			prevX = at(prevK)
		}
		prevY := prevX - prevK
		for x > prevX && y > prevY {
			x--
			y--
			rev = append(rev, diffOp{kind: ' ', a: a0 + x, b: b0 + y, text: a[a0+x].text, hasEOL: a[a0+x].hasEOL})
		}
		if d > 0 {
			if x == prevX {
				rev = append(rev, ins(b0+prevY))
			} else {
				rev = append(rev, del(a0+prevX))
			}
		}
		x, y = prevX, prevY
	}
	ops := make([]diffOp, 0, len(rev))
	for i := len(rev) - 1; i >= 0; i-- {
		ops = append(ops, rev[i])
	}
	return fill(ops)
}
