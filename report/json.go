package report

import (
	"encoding/json"
	"io"

	"github.com/postlint/postlint/rules"
)

type jsonEdit struct {
	Offset    int    `json:"offset"`
	EndOffset int    `json:"endOffset"`
	NewText   string `json:"newText"`
}

type jsonFix struct {
	Message string     `json:"message"`
	Edits   []jsonEdit `json:"edits"`
	Safe    bool       `json:"safe"` // --fix applies it; false: a suggestion
}

type jsonDiagnostic struct {
	Path      string    `json:"path"`
	Line      int       `json:"line"`
	Column    int       `json:"column"`
	EndLine   int       `json:"endLine"`
	EndColumn int       `json:"endColumn"`
	Offset    int       `json:"offset"`
	EndOffset int       `json:"endOffset"`
	Severity  string    `json:"severity"`
	Rule      string    `json:"rule"`
	Message   string    `json:"message"`
	Fixes     []jsonFix `json:"fixes,omitempty"`
}

type jsonSummary struct {
	Files    int `json:"files"`
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Infos    int `json:"infos"`
}

type jsonDocument struct {
	Version     int              `json:"version"`
	Diagnostics []jsonDiagnostic `json:"diagnostics"`
	Summary     jsonSummary      `json:"summary"`
}

// JSON writes the contract's single JSON document.
func JSON(w io.Writer, diags []rules.Diagnostic, files int) error {
	doc := jsonDocument{Version: 1, Diagnostics: make([]jsonDiagnostic, 0, len(diags))}
	doc.Summary.Files = files
	for _, d := range diags {
		jd := jsonDiagnostic{
			Path: d.Path, Line: d.Line, Column: d.Column, EndLine: d.EndLine, EndColumn: d.EndColumn,
			Offset: d.Start, EndOffset: d.End, Severity: d.Severity.String(), Rule: d.Rule, Message: d.Message,
		}
		for _, f := range d.Fixes {
			jf := jsonFix{Message: f.Message, Edits: make([]jsonEdit, 0, len(f.Edits)), Safe: f.Safe}
			for _, e := range f.Edits {
				jf.Edits = append(jf.Edits, jsonEdit{Offset: e.Start, EndOffset: e.End, NewText: e.NewText})
			}
			jd.Fixes = append(jd.Fixes, jf)
		}
		switch d.Severity {
		case rules.Error:
			doc.Summary.Errors++
		case rules.Warning:
			doc.Summary.Warnings++
		case rules.Info:
			doc.Summary.Infos++
		}
		doc.Diagnostics = append(doc.Diagnostics, jd)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}
