package rules

import (
	"slices"

	"github.com/postlint/postlint/internal/reuse"
	"github.com/yuin/goldmark/ast"
)

// The tree is walked once. Every rule reads the same flat list of events
// (as golang.org/x/tools/go/ast/inspector does for Go syntax trees), made
// on first use: ten rules cost one traversal of goldmark's linked nodes,
// and a rule that wants a few kinds of node skips whole subtrees that hold
// none without a call.

// step is one node of the tree, in document order (preorder): its
// subtree is the steps from it to end.
type step struct {
	node ast.Node
	kind ast.NodeKind
	end  int32 // index of the first step after the node's subtree
	// below is the set of kinds (see kindBit) in the node's subtree,
	// itself excluded.
	below uint64
}

func kindBit(k ast.NodeKind) uint64 {
	// goldmark numbers kinds from 1 as packages register them, a few
	// dozen in all; any past 63 share the last bit, which makes them
	// always looked at.
	return 1 << min(uint(k), 63)
}

type stepsKey struct{}

// steps returns the document's tree in preorder, made on first use.
func (d *Document) steps() []step {
	return d.Memo(stepsKey{}, func() any {
		steps := walkSteps(d.AST, stepPool.Get())
		d.AfterLint(func() { stepPool.Put(steps) })
		return steps
	}).([]step)
}

// stepPool keeps the walks of documents linted, to be made again for the
// next: they were 4% of the bytes a lint allocates.
var stepPool = reuse.New[step](1 << 16)

// walkSteps lists the tree of root in preorder.
// Its space is that of buf when it is large enough.
func walkSteps(root ast.Node, buf []step) []step {
	// Counted first, the list is made at its size: a guess from the
	// file's size was more than twice too big for most posts (a node
	// per 38 bytes of the corpus) and too small for some, which then
	// copied it as it grew.
	steps := buf[:0]
	if n := countNodes(root); cap(steps) < n {
		steps = make([]step, 0, n)
	}
	var visit func(n ast.Node) uint64
	visit = func(n ast.Node) uint64 {
		i := len(steps)
		k := n.Kind()
		steps = append(steps, step{node: n, kind: k})
		var below uint64
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			below |= visit(c)
		}
		steps[i].end, steps[i].below = int32(len(steps)), below
		return below | kindBit(k)
	}
	visit(root)
	return steps
}

// countNodes returns the number of nodes of the tree of n, n included.
func countNodes(n ast.Node) int {
	k := 1
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		k += countNodes(c)
	}
	return k
}

// The rules read the tree and never change it: a walk made once stays
// true.

// Walk calls f for every node of the document's tree, entering and then
// leaving it, as ast.Walk does: when f returns ast.WalkSkipChildren on
// entering a node, its children are skipped (f still sees it leave), and
// ast.WalkStop ends the walk.
func (d *Document) Walk(f func(n ast.Node, entering bool) ast.WalkStatus) {
	steps := d.steps()
	var buf [64]int32
	open := buf[:0] // the steps entered and not yet left, innermost last
	for i := 0; ; {
		for len(open) > 0 {
			top := open[len(open)-1]
			if i < len(steps) && int(steps[top].end) > i {
				break
			}
			open = open[:len(open)-1]
			if f(steps[top].node, false) == ast.WalkStop {
				return
			}
		}
		if i >= len(steps) {
			return
		}
		st := &steps[i]
		open = append(open, int32(i))
		switch f(st.node, true) {
		case ast.WalkStop:
			return
		case ast.WalkSkipChildren:
			i = int(st.end)
		default:
			i++
		}
	}
}

// Preorder calls f, in document order, for each node of the tree that is
// of one of kinds. When f returns false, the node's children are skipped.
func (d *Document) Preorder(f func(n ast.Node) bool, kinds ...ast.NodeKind) {
	var mask uint64
	for _, k := range kinds {
		mask |= kindBit(k)
	}
	steps := d.steps()
	for i := 0; i < len(steps); {
		st := &steps[i]
		want := kindBit(st.kind)&mask != 0 && (st.kind < 63 || slices.Contains(kinds, st.kind))
		if want && !f(st.node) || st.below&mask == 0 {
			i = int(st.end)
			continue
		}
		i++
	}
}
