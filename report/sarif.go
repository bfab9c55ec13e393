package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/postlint/postlint/rules"
)

// RuleDocsURL is where each rule's documentation lives: the rule's name is
// the anchor of its section of the README.
const RuleDocsURL = "https://github.com/postlint/postlint#"

const (
	sarifSchema  = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	sarifSrcRoot = "%SRCROOT%"
	// FingerprintKey names postlint's partial fingerprint; bump its version
	// when the way it is computed changes.
	FingerprintKey = "postlintLineHash/v1"
)

// SARIFOptions control the SARIF format.
type SARIFOptions struct {
	ToolVersion string
	// BaseDir is the directory relative paths are relative to (the current
	// directory, or $GITHUB_WORKSPACE); it becomes %SRCROOT%. Empty: the
	// base is left unstated.
	BaseDir string
	// Source returns the bytes of a linted file as they were linted, or nil.
	// It is needed only to place the end of a diagnostic that spans lines.
	Source func(path string) []byte
}

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                        `json:"tool"`
	OriginalURIBaseIDs map[string]sarifArtifactLocation `json:"originalUriBaseIds,omitempty"`
	Results            []sarifResult                    `json:"results"`
	ColumnKind         string                           `json:"columnKind"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string             `json:"id"`
	ShortDescription     sarifText          `json:"shortDescription"`
	FullDescription      sarifText          `json:"fullDescription"`
	Help                 sarifText          `json:"help"`
	HelpURI              string             `json:"helpUri"`
	DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Fixes               []sarifFix        `json:"fixes,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           sarifRegion           `json:"region"`
}

type sarifArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
	ByteOffset  int `json:"byteOffset"`
	ByteLength  int `json:"byteLength"`
}

type sarifFix struct {
	Description     sarifText             `json:"description"`
	ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
	Properties      *sarifFixProperties   `json:"properties,omitempty"`
}

type sarifFixProperties struct {
	Safe bool `json:"safe"`
}

type sarifArtifactChange struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Replacements     []sarifReplacement    `json:"replacements"`
}

type sarifReplacement struct {
	DeletedRegion   sarifByteRegion `json:"deletedRegion"`
	InsertedContent *sarifText      `json:"insertedContent,omitempty"`
}

type sarifByteRegion struct {
	ByteOffset int `json:"byteOffset"`
	ByteLength int `json:"byteLength"`
}

// SARIF writes a SARIF 2.1.0 log with one run: every rule of reg with its
// documentation, and one result per diagnostic. Regions carry 1-based
// lines, columns in UTF-16 code units (SARIF's default, stated in the
// run's columnKind) and the byte offset and length of the span.
func SARIF(w io.Writer, diags []rules.Diagnostic, reg *rules.Registry, opt SARIFOptions) error {
	run := sarifRun{ColumnKind: "utf16CodeUnits", Results: make([]sarifResult, 0, len(diags))}
	run.Tool.Driver = sarifDriver{
		Name: "postlint", Version: opt.ToolVersion, InformationURI: "https://github.com/postlint/postlint",
		Rules: make([]sarifRule, 0, len(reg.Rules)),
	}
	index := map[string]int{}
	for i, r := range reg.Rules {
		index[r.Name] = i
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{
			ID:                   r.Name,
			ShortDescription:     sarifText{Text: sentence(r.Summary)},
			FullDescription:      sarifText{Text: description(r.Doc)},
			Help:                 sarifText{strings.TrimSpace(r.Doc), strings.TrimSpace(r.Doc)},
			HelpURI:              RuleDocsURL + r.Name,
			DefaultConfiguration: sarifConfiguration{sarifLevel(r.Severity)},
		})
	}
	baseDir := ""
	if opt.BaseDir != "" {
		if abs, err := filepath.Abs(opt.BaseDir); err == nil {
			baseDir = abs
			run.OriginalURIBaseIDs = map[string]sarifArtifactLocation{sarifSrcRoot: {URI: fileURI(abs, true)}}
		}
	}

	seen := map[string]int{} // fingerprint -> occurrences so far
	for _, d := range diags {
		i, ok := index[d.Rule]
		if !ok {
			continue // not a rule of this registry: nothing to point at
		}
		loc := artifactLocation(d.Path, baseDir)
		res := sarifResult{
			RuleID:    d.Rule,
			RuleIndex: i,
			Level:     sarifLevel(d.Severity),
			Message:   sarifText{Text: d.Message},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysicalLocation{
				ArtifactLocation: loc,
				Region:           region(d, opt.Source),
			}}},
		}
		fp := fingerprint(d)
		seen[fp]++
		res.PartialFingerprints = map[string]string{FingerprintKey: fmt.Sprintf("%s:%d", fp, seen[fp])}
		for _, f := range d.Fixes {
			change := sarifArtifactChange{ArtifactLocation: loc}
			for _, e := range f.Edits {
				r := sarifReplacement{DeletedRegion: sarifByteRegion{e.Start, max(0, e.End-e.Start)}}
				if e.NewText != "" {
					r.InsertedContent = &sarifText{Text: e.NewText}
				}
				change.Replacements = append(change.Replacements, r)
			}
			if len(change.Replacements) == 0 {
				continue
			}
			fix := sarifFix{Description: sarifText{Text: f.Message}, ArtifactChanges: []sarifArtifactChange{change}}
			if fix.Description.Text == "" {
				fix.Description.Text = "Apply the suggested edit"
			}
			if f.Safe {
				fix.Properties = &sarifFixProperties{Safe: true}
			}
			res.Fixes = append(res.Fixes, fix)
		}
		run.Results = append(run.Results, res)
	}

	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}})
}

func sarifLevel(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "error"
	case rules.Warning:
		return "warning"
	case rules.Info:
		return "note"
	}
	return "none"
}

// sentence makes a summary a sentence, as SARIF asks of descriptions.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	s = strings.ToUpper(string(r)) + s[n:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// description is the prose of a rule's documentation, before its examples.
func description(doc string) string {
	if i := strings.Index(doc, "\nBad:"); i >= 0 {
		doc = doc[:i]
	}
	return strings.TrimSpace(doc)
}

// region places d in UTF-16 columns. The start line's text is in the
// diagnostic; the end line's, when it differs, comes from source.
func region(d rules.Diagnostic, source func(string) []byte) sarifRegion {
	r := sarifRegion{
		StartLine: d.Line, EndLine: d.EndLine,
		StartColumn: utf16Column(d.SourceLine, d.Column),
		EndColumn:   d.EndColumn,
		ByteOffset:  d.Start, ByteLength: max(0, d.End-d.Start),
	}
	if d.EndLine == d.Line {
		r.EndColumn = utf16Column(d.SourceLine, d.EndColumn)
	} else if source != nil {
		if src := source(d.Path); src != nil && d.End <= len(src) {
			lineStart := bytes.LastIndexByte(src[:d.End], '\n') + 1
			if lineStart == 0 && bytes.HasPrefix(src, utf8BOM) {
				lineStart = len(utf8BOM) // columns do not count the BOM
			}
			r.EndColumn = utf16Column(string(src[lineStart:d.End]), d.End-lineStart+1)
		}
	}
	// A region must not end before it starts; an empty span is a point.
	r.EndColumn = max(r.EndColumn, 1)
	if r.EndLine == r.StartLine {
		r.EndColumn = max(r.EndColumn, r.StartColumn)
	}
	return r
}

var utf8BOM = []byte("\xef\xbb\xbf")

// utf16Column turns a 1-based byte column of line into a 1-based column
// in UTF-16 code units. Each byte of invalid UTF-8 counts as one unit, as
// it becomes one U+FFFD when an editor decodes the file.
func utf16Column(line string, byteCol int) int {
	n := min(max(byteCol-1, 0), len(line))
	units := 0
	for _, r := range line[:n] {
		if r >= 0x10000 {
			units += 2
		} else {
			units++
		}
	}
	// Bytes past the end of the line (the newline itself) count one each.
	return units + max(0, byteCol-1-n) + 1
}

// fingerprint identifies a diagnostic by what it is about rather than where:
// its rule, its file, the text it covers and the text of its line with
// spaces collapsed. Edits elsewhere in the file leave it as it is; the
// caller numbers repeats of one fingerprint in file order.
func fingerprint(d rules.Diagnostic) string {
	line := d.SourceLine
	from, to := d.LineSpan()
	h := sha256.New()
	for _, s := range []string{d.Rule, filepath.ToSlash(d.Path), line[from:to], strings.Join(strings.Fields(line), " ")} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// artifactLocation names a file by a URI: relative to %SRCROOT% (baseDir,
// when known) for a file inside it, a file: URI for any other.
func artifactLocation(p, baseDir string) sarifArtifactLocation {
	if baseDir != "" {
		abs, err := filepath.Abs(p)
		if err != nil {
			return sarifArtifactLocation{URI: escapePath(filepath.ToSlash(p)), URIBaseID: sarifSrcRoot}
		}
		rel, err := filepath.Rel(baseDir, abs)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return sarifArtifactLocation{URI: fileURI(abs, false)}
		}
		p = rel
	} else if filepath.IsAbs(p) {
		return sarifArtifactLocation{URI: fileURI(p, false)}
	}
	return sarifArtifactLocation{URI: escapePath(filepath.ToSlash(filepath.Clean(p))), URIBaseID: sarifSrcRoot}
}

// fileURI makes a file: URI of an absolute path; dir adds the trailing
// slash a base URI needs.
func fileURI(p string, dir bool) string {
	s := filepath.ToSlash(p)
	drive := ""
	if len(s) >= 2 && s[1] == ':' {
		drive, s = "/"+s[:2], s[2:] // C:/x -> file:///C:/x
	}
	if dir && !strings.HasSuffix(s, "/") {
		s += "/"
	}
	return "file://" + drive + escapePath(s)
}

// escapePath percent-encodes every byte of a slash-separated path but the
// unreserved ones, so that no name can read as a scheme, query or fragment.
func escapePath(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			c == '-' || c == '.' || c == '_' || c == '~' || c == '/' {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}
