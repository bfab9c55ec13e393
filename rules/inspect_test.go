package rules_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/yuin/goldmark/ast"

	"github.com/postlint/postlint/rules"
)

// Document.Walk and Preorder visit the nodes ast.Walk visits, in the same
// order, skipping the same children, over every post of the test data and
// the corpus.
func TestWalkAsASTWalk(t *testing.T) {
	inputs := readSet(t, filepath.Join("..", "testdata"))
	if corpus := filepath.Join("..", "..", "shared", "corpus"); !raceEnabled {
		if _, err := os.Stat(corpus); err == nil {
			inputs = append(inputs, readSet(t, corpus)...)
		}
	}
	// Skipping the children of these (and stopping at a table) changes
	// the walk in every way a rule can.
	skip := []ast.NodeKind{ast.KindParagraph, ast.KindLink, ast.KindListItem}
	nodes := 0
	for _, in := range inputs {
		doc := rules.Parse(in.Path, in.Src)
		for _, stopAtTable := range []bool{false, true} {
			policy := func(n ast.Node, entering bool) ast.WalkStatus {
				switch {
				case stopAtTable && n.Kind().String() == "Table":
					return ast.WalkStop
				case entering && slices.Contains(skip, n.Kind()) && n.Pos()%2 == 0:
					return ast.WalkSkipChildren
				}
				return ast.WalkContinue
			}
			var want, got []string
			_ = ast.Walk(doc.AST, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
				want = append(want, fmt.Sprintf("%p %v", n, entering))
				return policy(n, entering), nil
			})
			doc.Walk(func(n ast.Node, entering bool) ast.WalkStatus {
				got = append(got, fmt.Sprintf("%p %v", n, entering))
				return policy(n, entering)
			})
			if !slices.Equal(got, want) {
				t.Fatalf("%s: Walk visits %d steps, ast.Walk %d", in.Path, len(got), len(want))
			}
			nodes += len(want)
		}
		kinds := []ast.NodeKind{ast.KindHeading, ast.KindText, ast.KindRawHTML}
		var want, got []string
		_ = ast.Walk(doc.AST, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if entering && slices.Contains(kinds, n.Kind()) {
				want = append(want, fmt.Sprintf("%p", n))
				if n.Kind() == ast.KindHeading && n.Pos()%2 == 0 {
					return ast.WalkSkipChildren, nil
				}
			}
			return ast.WalkContinue, nil
		})
		doc.Preorder(func(n ast.Node) bool {
			got = append(got, fmt.Sprintf("%p", n))
			return !(n.Kind() == ast.KindHeading && n.Pos()%2 == 0)
		}, kinds...)
		if !slices.Equal(got, want) {
			t.Fatalf("%s: Preorder visits %d nodes, ast.Walk %d", in.Path, len(got), len(want))
		}
	}
	if nodes == 0 {
		t.Fatal("no nodes walked")
	}
}
