package report

import (
	"bufio"
	"bytes"
	"fmt"
	"testing"

	"github.com/postlint/postlint/rules"
)

// Text on several cores writes what it writes on one, in order, with and
// without colour and excerpts.
func TestTextParallelAsSerial(t *testing.T) {
	var diags []rules.Diagnostic
	for i := range 3*parallelText + 7 {
		d := rules.Diagnostic{Path: fmt.Sprintf("posts/p%04d.md", i/3), Line: i%50 + 1, Column: i%7 + 1,
			Severity: rules.Severity(i % 3), Rule: "misspelling", Message: fmt.Sprintf("word %d", i),
			SourceLine: fmt.Sprintf("a line with a wrod in it, number %d", i), Start: 12, End: 16}
		if i%5 == 0 {
			d.Fixes = []rules.Fix{{Message: "replace with \"word\"", Safe: i%2 == 0}}
		}
		diags = append(diags, d)
	}
	for _, opt := range []TextOptions{{}, {Excerpt: true}, {Excerpt: true, Color: true, Width: 60}} {
		var serial bytes.Buffer
		bw := bufio.NewWriter(&serial)
		writeText(bw, diags, opt)
		if err := bw.Flush(); err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := Text(&got, diags, opt); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), serial.Bytes()) {
			t.Errorf("%+v: the parts written side by side differ from one pass (%d and %d bytes)", opt, got.Len(), serial.Len())
		}
	}
}
