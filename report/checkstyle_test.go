package report

import (
	"bytes"
	"encoding/xml"
	"path/filepath"
	"testing"
)

func TestCheckstyle(t *testing.T) {
	ws := filepath.FromSlash("/home/runner/work/blog/blog")
	diags := trickyDiagnostics(ws)
	var b bytes.Buffer
	if err := Checkstyle(&b, diags); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "checkstyle.golden", b.Bytes())
	// It reads back as the same diagnostics, newlines and all.
	var doc struct {
		Files []struct {
			Name   string `xml:"name,attr"`
			Errors []struct {
				Line     int    `xml:"line,attr"`
				Column   int    `xml:"column,attr"`
				Severity string `xml:"severity,attr"`
				Message  string `xml:"message,attr"`
				Source   string `xml:"source,attr"`
			} `xml:"error"`
		} `xml:"file"`
	}
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Files) != len(diags) {
		t.Fatalf("%d files, want %d", len(doc.Files), len(diags))
	}
	for i, f := range doc.Files {
		d, e := diags[i], f.Errors[0]
		if f.Name != d.Path || e.Line != d.Line || e.Column != d.Column || e.Severity != d.Severity.String() ||
			e.Message != d.Message || e.Source != "postlint."+d.Rule {
			t.Errorf("file %d: %+v %+v, want %+v", i, f.Name, e, d)
		}
	}
	b.Reset()
	if err := Checkstyle(&b, nil); err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Errorf("no diagnostics: %v\n%s", err, b.String())
	}
}
