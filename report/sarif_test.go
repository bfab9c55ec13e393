package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postlint/postlint/report/sariftest"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/headings"
)

func TestSARIFSchemaPresent(t *testing.T) {
	if !sariftest.Present() {
		t.Skipf("no SARIF schema at %s: SARIF output is not validated", sariftest.SchemaPath)
	}
}

// testRegistry holds rules whose set does not change when rule families
// are added, so that the golden file stays put.
func testRegistry() *rules.Registry {
	return &rules.Registry{Rules: append(append([]*rules.Rule{}, headings.Rules...), rules.BadDirective, rules.UnusedDirective)}
}

// lintDir lints every Markdown file under dir with every rule of reg on.
func lintDir(t *testing.T, reg *rules.Registry, dir string) *rules.Result {
	t.Helper()
	var inputs []rules.Input
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			inputs = append(inputs, rules.Input{Path: p})
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	res := (&rules.Engine{Config: rules.DefaultConfig(reg), Offline: true}).Run(inputs)
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	return res
}

func TestSARIFGolden(t *testing.T) {
	dir := filepath.Join("..", "testdata", "report")
	reg := testRegistry()
	res := lintDir(t, reg, dir)
	if len(res.Diagnostics) < 6 {
		t.Fatalf("only %d diagnostics in %s", len(res.Diagnostics), dir)
	}
	var b bytes.Buffer
	if err := SARIF(&b, res.Diagnostics, reg, SARIFOptions{ToolVersion: "v1.2.3", BaseDir: dir}); err != nil {
		t.Fatal(err)
	}
	sariftest.Validate(t, b.Bytes())
	abs, _ := filepath.Abs(dir)
	got := bytes.ReplaceAll(b.Bytes(), []byte(fileURI(abs, true)), []byte("file:///SRCROOT/"))
	checkGolden(t, "sarif.golden", got)

	var log struct {
		Runs []struct {
			ColumnKind string
			Tool       struct {
				Driver struct {
					Rules []struct{ ID, HelpURI string }
				}
			}
			Results []struct {
				RuleID    string
				RuleIndex int
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI, URIBaseID string }
						Region           struct{ StartLine, StartColumn, EndLine, EndColumn, ByteOffset, ByteLength int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if run.ColumnKind != "utf16CodeUnits" {
		t.Errorf("columnKind %q", run.ColumnKind)
	}
	if len(run.Tool.Driver.Rules) != len(reg.Rules) {
		t.Errorf("%d rules, want %d", len(run.Tool.Driver.Rules), len(reg.Rules))
	}
	for i, r := range run.Tool.Driver.Rules {
		if r.ID != reg.Rules[i].Name || r.HelpURI != RuleDocsURL+r.ID {
			t.Errorf("rule %d: %+v", i, r)
		}
	}
	uris := map[string]bool{}
	for i, r := range run.Results {
		d := res.Diagnostics[i]
		if run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID || r.RuleID != d.Rule {
			t.Errorf("result %d: rule %s at index %d, diagnostic of %s", i, r.RuleID, r.RuleIndex, d.Rule)
		}
		loc := r.Locations[0].PhysicalLocation
		uris[loc.ArtifactLocation.URI] = true
		if loc.Region.ByteOffset != d.Start || loc.Region.ByteLength != d.End-d.Start || loc.Region.StartLine != d.Line {
			t.Errorf("result %d: region %+v for %d..%d line %d", i, loc.Region, d.Start, d.End, d.Line)
		}
	}
	if !uris["a%2Cb/comma%2Cname.md"] || !uris["bom-crlf.md"] {
		t.Errorf("artifact URIs %v", uris)
	}
}

func TestUTF16Column(t *testing.T) {
	for _, tc := range []struct {
		line       string
		byteCol    int
		utf16Col   int
		annotation string
	}{
		{"abc", 1, 1, "start"},
		{"abc", 3, 3, "ASCII"},
		{"abc", 4, 4, "end of line"},
		{"abc", 6, 6, "past the end: one unit per byte"},
		{"é x", 4, 3, "two-byte letter, one unit"},
		{"日本 x", 8, 4, "three-byte letters, one unit each"},
		{"😀 x", 6, 4, "astral emoji, two units"},
		{"a😀😀b", 10, 6, "two emoji"},
		{"\xff\xfe x", 4, 4, "invalid bytes, one unit each"},
		{"\t x", 2, 2, "a tab is one unit"},
		{"", 1, 1, "empty line"},
	} {
		if got := utf16Column(tc.line, tc.byteCol); got != tc.utf16Col {
			t.Errorf("%s: utf16Column(%q, %d) = %d, want %d", tc.annotation, tc.line, tc.byteCol, got, tc.utf16Col)
		}
	}
}

func TestSARIFRegion(t *testing.T) {
	src := []byte("\xef\xbb\xbfé😀 one\nsecond 😀 line\nthird\n")
	// "one" on line 1: bytes 3 (BOM) + 2 (é) + 4 (😀) + 1 (space) = 10.
	one := rules.Diagnostic{Path: "p.md", Start: 10, End: 13, Line: 1, Column: 8, EndLine: 1, EndColumn: 11,
		SourceLine: "é😀 one"}
	if r := region(one, nil); r.StartColumn != 5 || r.EndColumn != 8 || r.ByteOffset != 10 || r.ByteLength != 3 {
		t.Errorf("one line: %+v", r)
	}
	// From "one" to after the emoji of line 2, whose text only the source has.
	end := bytes.Index(src, []byte(" line"))
	multi := one
	multi.End, multi.EndLine, multi.EndColumn = end, 2, end-bytes.IndexByte(src, '\n')
	source := func(p string) []byte {
		if p == "p.md" {
			return src
		}
		return nil
	}
	if r := region(multi, source); r.StartColumn != 5 || r.EndLine != 2 || r.EndColumn != 10 {
		t.Errorf("two lines: %+v", r)
	}
	// On line 1 the BOM is not a column.
	bomLine := rules.Diagnostic{Path: "p.md", Start: 3, End: 5, Line: 1, Column: 1, EndLine: 1, EndColumn: 3, SourceLine: "é😀 one"}
	if r := region(bomLine, nil); r.StartColumn != 1 || r.EndColumn != 2 {
		t.Errorf("after the BOM: %+v", r)
	}
	// Without the source, a multi-line end keeps its byte column.
	if r := region(multi, nil); r.EndColumn != multi.EndColumn {
		t.Errorf("no source: %+v", r)
	}
	// An empty span is a point, not a region ending before it starts.
	point := rules.Diagnostic{Path: "p.md", Start: 10, End: 10, Line: 1, Column: 8, EndLine: 1, EndColumn: 8, SourceLine: "é😀 one"}
	if r := region(point, nil); r.StartColumn != 5 || r.EndColumn != 5 || r.ByteLength != 0 {
		t.Errorf("point: %+v", r)
	}
}

func TestSARIFArtifactLocation(t *testing.T) {
	base := t.TempDir()
	for _, tc := range []struct {
		path, uri, baseID string
	}{
		{filepath.Join(base, "posts", "a.md"), "posts/a.md", "%SRCROOT%"},
		{filepath.Join(base, "a,b", "c:d e%f#g?h.md"), "a%2Cb/c%3Ad%20e%25f%23g%3Fh.md", "%SRCROOT%"},
		{filepath.Join(base, "ünï.md"), "%C3%BCn%C3%AF.md", "%SRCROOT%"},
		{filepath.Join(base, "..", "out.md"), fileURI(filepath.Join(filepath.Dir(base), "out.md"), false), ""},
	} {
		got := artifactLocation(tc.path, base)
		if got.URI != tc.uri || got.URIBaseID != tc.baseID {
			t.Errorf("artifactLocation(%q) = %+v, want %s %s", tc.path, got, tc.uri, tc.baseID)
		}
	}
	if got := fileURI(filepath.FromSlash("/a b/c"), true); got != "file:///a%20b/c/" {
		t.Errorf("fileURI: %s", got)
	}
	if got := artifactLocation("posts/x.md", ""); got.URI != "posts/x.md" || got.URIBaseID != "%SRCROOT%" {
		t.Errorf("no base: %+v", got)
	}
}

// fingerprints lints src as a.md and returns each result's fingerprint.
func fingerprints(t *testing.T, src string) map[string]int {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, "a.md")
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	reg := testRegistry()
	res := lintDir(t, reg, ".")
	var b bytes.Buffer
	if err := SARIF(&b, res.Diagnostics, reg, SARIFOptions{}); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				PartialFingerprints map[string]string
				Locations           []struct {
					PhysicalLocation struct{ Region struct{ StartLine int } }
				}
			}
		}
	}
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	fps := map[string]int{}
	for _, r := range log.Runs[0].Results {
		fps[r.PartialFingerprints[FingerprintKey]] = r.Locations[0].PhysicalLocation.Region.StartLine
	}
	return fps
}

func TestSARIFFingerprintsStable(t *testing.T) {
	before := fingerprints(t, "---\ntitle: T\n---\n\n##Slides\n\nText.\n\n##Slides\n\n#### Deep\n")
	// Lines added above and text changed elsewhere: same findings, new lines.
	after := fingerprints(t, "---\ntitle: T\ndate: 2020-01-01\n---\n\nA new intro.\n\n##Slides\n\nOther text.\n\n##Slides\n\n#### Deep\n")
	if len(before) != 3 {
		t.Fatalf("want 3 distinct fingerprints (two ##Slides told apart by their order), got %v", before)
	}
	for fp, line := range before {
		if _, ok := after[fp]; !ok {
			t.Errorf("fingerprint of line %d changed after an unrelated edit", line)
		}
		if after[fp] == line {
			t.Errorf("line %d did not move; the test proves nothing", line)
		}
	}
	// The flagged line itself changed: a different finding.
	changed := fingerprints(t, "---\ntitle: T\n---\n\n##Slides\n\nText.\n\n##Slides!\n\n#### Deep\n")
	n := 0
	for fp := range changed {
		if _, ok := before[fp]; ok {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d fingerprints kept after editing one flagged line, want 2", n)
	}
}

func TestSARIFFixesAndLevels(t *testing.T) {
	reg := testRegistry()
	diags := []rules.Diagnostic{
		{Path: "a.md", Rule: "heading-missing-space", Severity: rules.Info, Message: "m", Start: 4, End: 12,
			Line: 2, Column: 1, EndLine: 2, EndColumn: 9, SourceLine: "##Slides",
			Fixes: []rules.Fix{
				{Message: "Insert a space", Safe: true, Edits: []rules.Edit{{Start: 6, End: 6, NewText: " "}}},
				{Message: "", Edits: []rules.Edit{{Start: 4, End: 12, NewText: ""}}},
			}},
		{Path: "a.md", Rule: "no-such-rule", Severity: rules.Error, Message: "dropped", Line: 1, Column: 1, EndLine: 1, EndColumn: 1},
	}
	var b bytes.Buffer
	if err := SARIF(&b, diags, reg, SARIFOptions{}); err != nil {
		t.Fatal(err)
	}
	sariftest.Validate(t, b.Bytes())
	s := b.String()
	for _, want := range []string{
		`"level": "note"`, `"byteOffset": 6`, `"byteLength": 0`, `"text": " "`, `"safe": true`,
		`"text": "Apply the suggested edit"`, `"byteLength": 8`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("no %s in\n%s", want, s)
		}
	}
	if strings.Contains(s, "dropped") {
		t.Error("a result for a rule not in the registry")
	}
	if strings.Count(s, `"insertedContent"`) != 1 {
		t.Error("a deletion carries inserted content")
	}
}
