package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/postlint/postlint/report"
)

// hover explains the rules of the diagnostics under the cursor: the
// documentation `postlint explain` prints, with a link to the README.
func (s *Server) hover(ctx context.Context, params json.RawMessage) (any, error) {
	var p TextDocumentPositionParams
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	res, _, err := s.current(ctx, p.TextDocument.URI)
	if err != nil || res == nil {
		return nil, err
	}
	at := res.lines.offset(p.Position)
	s.mu.Lock()
	markdown := len(s.caps.TextDocument.Hover.ContentFormat) == 0 || s.caps.TextDocument.Hover.ContentFormat[0] == "markdown"
	s.mu.Unlock()
	var b strings.Builder
	var span *Range
	seen := map[string]bool{}
	for i, dg := range res.diags {
		if at < dg.Start || at > dg.End || seen[dg.Rule] {
			continue
		}
		r := s.opt.Registry.Rule(dg.Rule)
		if r == nil {
			continue
		}
		seen[dg.Rule] = true
		if span == nil {
			rg := res.lsp[i].Range
			span = &rg
		}
		if b.Len() > 0 {
			b.WriteString("\n\n---\n\n")
		}
		href := report.RuleDocsURL + r.Name
		if markdown {
			fmt.Fprintf(&b, "**%s** (%s): %s\n\n%s\n\n[Documentation](%s)", r.Name, dg.Severity, r.Summary, strings.TrimSpace(r.Doc), href)
		} else {
			fmt.Fprintf(&b, "%s (%s): %s\n\n%s\n\n%s", r.Name, dg.Severity, r.Summary, strings.TrimSpace(r.Doc), href)
		}
	}
	if b.Len() == 0 {
		return nil, nil
	}
	kind := "plaintext"
	if markdown {
		kind = "markdown"
	}
	return Hover{Contents: MarkupContent{Kind: kind, Value: b.String()}, Range: span}, nil
}
