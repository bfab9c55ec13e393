package rules

import (
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// Rules the engine itself implements, for directives.
var (
	BadDirective = &Rule{
		Name:     "bad-directive",
		Summary:  "a postlint directive that names an unknown rule or is misspelt",
		Severity: Warning,
		Doc: `A <!-- postlint-... --> comment that postlint cannot act on: it names a rule
that does not exist, or the directive itself is not one postlint knows. Such a
comment silently suppresses nothing, which is rarely what its author meant.

Bad:

    <!-- postlint-disable-next-line spelling -->

Good:

    <!-- postlint-disable-next-line misspelling -->
`,
	}
	UnusedDirective = &Rule{
		Name:     "unused-directive",
		Summary:  "a postlint-disable directive that suppressed nothing",
		Severity: Info,
		Doc: `A postlint-disable directive that suppressed no diagnostic in this run. Stale
directives hide future problems: remove them once the text they excused is gone.
Directives naming rules that are switched off, or that need the network in an
--offline run, are not reported.

Bad:

    <!-- postlint-disable-next-line misspelling -->
    A line with no misspelling at all.

Good:

    A line with no misspelling at all.
`,
	}
)

type directiveKind int

const (
	disableNextLine directiveKind = iota
	disableRange
	enableRange
	disableFile
)

type directive struct {
	kind       directiveKind
	rules      []string // empty: every rule
	start, end int      // the comment's bytes
	line       int      // for disable-next-line: the line it covers
}

// directives are the suppressions of one file, kept after the document
// is gone so the whole-set pass can apply them too. They are never
// modified once parsed: which of them suppressed something is kept beside
// them, per pass, so that snapshots can share them.
type directives struct {
	list []*directive
}

var directiveRE = regexp.MustCompile(`<!--\s*postlint-([a-z-]*)\s*(.*?)\s*-->`)

// parseDirectives finds postlint directives in the HTML of the document
// and reports malformed ones through bad.
func parseDirectives(doc *Document, reg *Registry, bad func(Diagnostic)) *directives {
	ds := &directives{}
	scan := func(start, end int) {
		if !strings.Contains(string(doc.Src[start:end]), "postlint-") {
			return
		}
		for _, m := range directiveRE.FindAllSubmatchIndex(doc.Src[start:end], -1) {
			d := &directive{start: start + m[0], end: start + m[1]}
			verb := string(doc.Src[start+m[2] : start+m[3]])
			switch verb {
			case "disable-next-line":
				d.kind = disableNextLine
				line, _ := doc.Lines.Position(d.end)
				d.line = line + 1
			case "disable":
				d.kind = disableRange
			case "enable":
				d.kind = enableRange
			case "disable-file":
				d.kind = disableFile
			default:
				bad(Diagnostic{Rule: BadDirective.Name, Start: d.start, End: d.end,
					Message: "unknown directive \"postlint-" + verb + "\" (want disable-next-line, disable, enable or disable-file)"})
				continue
			}
			args := string(doc.Src[start+m[4] : start+m[5]])
			ok := true
			for _, name := range strings.FieldsFunc(args, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
				if reg.Rule(name) == nil {
					msg := "directive names unknown rule \"" + name + "\""
					if near := reg.Nearest(name); near != "" {
						msg += "; did you mean \"" + near + "\"?"
					}
					bad(Diagnostic{Rule: BadDirective.Name, Start: d.start, End: d.end, Message: msg})
					ok = false
					continue
				}
				d.rules = append(d.rules, name)
			}
			if ok || len(d.rules) > 0 {
				ds.list = append(ds.list, d)
			}
		}
	}
	doc.Preorder(func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.HTMLBlock:
			lines := n.Lines()
			if lines.Len() > 0 {
				end := lines.At(lines.Len() - 1).Stop
				if n.HasClosure() {
					end = n.ClosureLine.Stop
				}
				scan(lines.At(0).Start, end)
			}
			return false
		case *ast.RawHTML:
			segs := n.Segments
			if segs.Len() > 0 {
				scan(segs.At(0).Start, segs.At(segs.Len()-1).Stop)
			}
		case *ast.CodeBlock, *ast.FencedCodeBlock, *ast.CodeSpan:
			return false
		}
		return true
	}, ast.KindHTMLBlock, ast.KindRawHTML, ast.KindCodeBlock, ast.KindFencedCodeBlock, ast.KindCodeSpan)
	return ds
}

func (d *directive) names(rule string) bool {
	if len(d.rules) == 0 {
		return true
	}
	for _, r := range d.rules {
		if r == rule {
			return true
		}
	}
	return false
}

// suppressed reports whether a diagnostic of rule on line at offset is
// silenced, and sets used[i] for each directive list[i] that silences it.
func (ds *directives) suppressed(rule string, offset, line int, used []bool) bool {
	if ds == nil || rule == BadDirective.Name || rule == UnusedDirective.Name {
		return false
	}
	hit := false
	open := -1 // the last disable naming rule before offset, if not re-enabled
	for i, d := range ds.list {
		if !d.names(rule) {
			continue
		}
		switch d.kind {
		case disableFile:
			used[i], hit = true, true
		case disableNextLine:
			if d.line == line {
				used[i], hit = true, true
			}
		case disableRange:
			if d.start <= offset {
				open = i
			}
		case enableRange:
			if d.start <= offset {
				open = -1
			}
		}
	}
	if open >= 0 {
		used[open], hit = true, true
	}
	return hit
}

// unused returns diagnostics for disable directives that silenced nothing:
// used[i] says whether list[i] did. ran says whether a rule ran in full
// this time.
func (ds *directives) unused(ran func(rule string) bool, used []bool) []Diagnostic {
	var out []Diagnostic
	for i, d := range ds.list {
		if used[i] || d.kind == enableRange {
			continue
		}
		all := len(d.rules) == 0
		complete := true
		for _, r := range d.rules {
			complete = complete && ran(r)
		}
		if !complete {
			continue
		}
		what := "any diagnostic"
		if !all {
			what = "any " + strings.Join(d.rules, " or ") + " diagnostic"
		}
		out = append(out, Diagnostic{Rule: UnusedDirective.Name, Start: d.start, End: d.end,
			Message: "directive did not suppress " + what + "; remove it"})
	}
	return out
}
