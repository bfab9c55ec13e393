package rules

import "strings"

// PostMeta is what a report shows of a post besides its diagnostics: its
// title and when it was published (see Document.PostDate). The per-file
// pass keeps it, so that no report reads or parses a post again.
type PostMeta struct {
	Title   string
	Date    Date
	HasDate bool
}

// postMeta reads a document's PostMeta. A file that went past a limit is
// never parsed: its date can still come from its name.
func postMeta(doc *Document, path string) PostMeta {
	var m PostMeta
	if doc == nil {
		m.Date, m.HasDate = FileNameDate(path)
		return m
	}
	if t, ok := doc.StringField("title"); ok {
		m.Title = strings.TrimSpace(t)
	}
	if pd, ok := doc.PostDate(); ok {
		m.Date, m.HasDate = pd.Date, true
	}
	return m
}
