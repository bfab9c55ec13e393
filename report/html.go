package report

import (
	"cmp"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/postlint/postlint/rules"
)

// HTMLOptions control the HTML report.
type HTMLOptions struct {
	// Title names what was linted, in the page's heading.
	Title string
	Files int
	// Posts are the title and date of each post linted (rules.Result).
	Posts map[string]rules.PostMeta
	// Registry gives each rule's summary.
	Registry *rules.Registry
	// Source returns a file's bytes, for the diffs of fixes; nil, or nil
	// bytes, shows the fix's message only.
	Source func(path string) []byte
	// Generated is shown as the time of the report; zero shows none.
	Generated time.Time
	// Offline says external links were not checked: the link charts say
	// so rather than show an empty curve as a healthy one.
	Offline bool
}

//go:embed html.tmpl
var htmlSource string

var htmlTemplate = template.Must(template.New("report").Parse(htmlSource))

// HTML writes one self-contained page: a summary of the site's health,
// dead links by the year the post was published and by host, findings per
// rule, and each post with its findings, excerpts and fixes as diffs. The
// charts are SVG drawn here; the page needs no network and reads without
// JavaScript, which only adds filtering by severity, rule and text.
func HTML(w io.Writer, diags []rules.Diagnostic, opt HTMLOptions) error {
	return htmlTemplate.Execute(w, buildPage(diags, opt))
}

type htmlPage struct {
	Title, Generated          string
	Files, PostsWith, Clean   int
	Errors, Warnings, Infos   int
	Total, Fixable, Suggested int
	CleanPercent              int
	Offline                   bool
	Dead                      int // dead-link errors
	Years                     htmlChart
	YearRows                  []htmlYear
	Hosts                     htmlChart
	Rules                     htmlChart
	RuleRows                  []*htmlRule
	Worst                     []*htmlPost
	Posts                     []*htmlPost
}

type htmlYear struct {
	Year        string
	Posts, Dead int
	PerPost     string
	undated     bool
}

type htmlRule struct {
	Name, Summary, URL      string
	N, Errors, Warnings     int
	Infos, Fixable, Suggest int
}

type htmlPost struct {
	ID, Path, Title, Date   string
	Errors, Warnings, Infos int
	Findings                []htmlFinding
}

type htmlFinding struct {
	Line, Column      int
	Severity, Rule    string
	RuleURL, Message  string
	Excerpt           bool
	Before, Span, Aft string
	Fixes             []htmlFix
}

type htmlFix struct {
	Label, Message string
	Safe           bool
	Diff           *htmlDiff
}

// htmlDiff is a fix shown as the text it changes, before and after, with
// a little context on either side: one row per line of each.
type htmlDiff struct {
	Line     int
	Del, Add []htmlDiffRow
}

// An htmlDiffRow is one line of a diff: unchanged text around the changed
// part. Rows are separate elements, so that no line of the page begins
// with a post's text (a CI log reads lines starting "::" as commands).
type htmlDiffRow struct {
	Pre, Changed, Post string
}

// htmlChart is an SVG chart laid out here, so that the template only
// draws rectangles and text.
type htmlChart struct {
	Width, Height int
	Label         string // for screen readers
	Bars          []htmlBar
	Ticks         []htmlTick
	Empty         string // said instead of a chart with nothing to draw
}

type htmlBar struct {
	X, Y, W, H     int
	Label, Value   string
	LabelX, LabelY int
	ValueX, ValueY int
	Anchor         string // of the label: start, middle or end
	Class          string // of a bar drawn whole: "" for the default
	Title          string
	Parts          []htmlPart // stacked, by severity
}

type htmlPart struct {
	X, Y, W, H int
	Class      string
}

type htmlTick struct {
	X1, Y1, X2, Y2 int
	TextX, TextY   int
	Text           string
}

func buildPage(diags []rules.Diagnostic, opt HTMLOptions) *htmlPage {
	pg := &htmlPage{Title: opt.Title, Files: opt.Files, Offline: opt.Offline, Total: len(diags)}
	if !opt.Generated.IsZero() {
		pg.Generated = opt.Generated.Format("2006-01-02 15:04 MST")
	}
	byRule := map[string]*htmlRule{}
	byPath := map[string]*htmlPost{}
	deadByYear := map[int]int{}
	deadUndated := 0
	deadByHost := map[string]int{}
	sources := map[string]*sourceFile{}
	for _, d := range diags {
		p := byPath[d.Path]
		if p == nil {
			p = newHTMLPost(d.Path, len(byPath), opt.Posts)
			byPath[d.Path] = p
			pg.Posts = append(pg.Posts, p)
		}
		r := byRule[d.Rule]
		if r == nil {
			r = &htmlRule{Name: d.Rule, URL: RuleDocsURL + d.Rule}
			if opt.Registry != nil {
				if rule := opt.Registry.Rule(d.Rule); rule != nil {
					r.Summary = rule.Summary
				}
			}
			byRule[d.Rule] = r
			pg.RuleRows = append(pg.RuleRows, r)
		}
		r.N++
		switch d.Severity {
		case rules.Error:
			pg.Errors++
			p.Errors++
			r.Errors++
		case rules.Warning:
			pg.Warnings++
			p.Warnings++
			r.Warnings++
		default:
			pg.Infos++
			p.Infos++
			r.Infos++
		}
		switch {
		case Fixable(d):
			pg.Fixable++
			r.Fixable++
		case len(d.Fixes) > 0:
			pg.Suggested++
			r.Suggest++
		}
		if d.Rule == "dead-link" && d.Severity == rules.Error {
			pg.Dead++
			if m, ok := opt.Posts[d.Path]; ok && m.HasDate {
				deadByYear[m.Date.Time.Year()]++
			} else {
				deadUndated++
			}
			if u, err := url.Parse(d.URL); err == nil && u.Hostname() != "" {
				deadByHost[strings.ToLower(u.Hostname())]++
			}
		}
		p.Findings = append(p.Findings, finding(d, opt, sources))
	}
	pg.PostsWith = len(pg.Posts)
	pg.Clean = max(0, opt.Files-pg.PostsWith)
	if opt.Files > 0 {
		pg.CleanPercent = pg.Clean * 100 / opt.Files
	}
	slices.SortFunc(pg.RuleRows, func(a, b *htmlRule) int { return cmp.Or(cmp.Compare(b.N, a.N), cmp.Compare(a.Name, b.Name)) })
	pg.Rules = ruleChart(pg.RuleRows)
	pg.Years, pg.YearRows = yearChart(deadByYear, deadUndated, opt.Posts, opt.Offline)
	pg.Hosts = hostChart(deadByHost, opt.Offline)
	pg.Worst = slices.Clone(pg.Posts)
	slices.SortStableFunc(pg.Worst, func(a, b *htmlPost) int {
		return cmp.Or(cmp.Compare(b.Errors, a.Errors), cmp.Compare(len(b.Findings), len(a.Findings)))
	})
	pg.Worst = pg.Worst[:min(10, len(pg.Worst))]
	return pg
}

func newHTMLPost(path string, n int, posts map[string]rules.PostMeta) *htmlPost {
	p := &htmlPost{ID: "post-" + strconv.Itoa(n+1), Path: EscapeText(path)}
	if m, ok := posts[path]; ok {
		p.Title = EscapeText(m.Title)
		if m.HasDate {
			p.Date = m.Date.Time.Format("2006-01-02")
		}
	}
	return p
}

// htmlExcerptWidth is how much of a long line an excerpt shows, in
// columns: a page wraps, but a minified post's line of megabytes must not
// be copied into it for each of its diagnostics.
const htmlExcerptWidth = 240

func finding(d rules.Diagnostic, opt HTMLOptions, sources map[string]*sourceFile) htmlFinding {
	f := htmlFinding{Line: d.Line, Column: d.Column, Severity: d.Severity.String(), Rule: d.Rule,
		RuleURL: RuleDocsURL + d.Rule, Message: EscapeText(oneLine(d.Message))}
	if showsSomething(d.SourceLine) {
		x := clip(d, htmlExcerptWidth)
		f.Excerpt, f.Before, f.Span, f.Aft = true, x.before, x.span, x.after
	}
	for _, fx := range d.Fixes {
		hf := htmlFix{Label: "suggestion", Message: EscapeText(oneLine(fx.Message)), Safe: fx.Safe}
		if fx.Safe {
			hf.Label = "fix"
		}
		if opt.Source != nil {
			sf := sources[d.Path]
			if sf == nil {
				sf = &sourceFile{src: opt.Source(d.Path)}
				if sf.src != nil {
					sf.lines = rules.NewLineIndex(sf.src)
				}
				sources[d.Path] = sf
			}
			hf.Diff = sf.diff(fx)
		}
		f.Fixes = append(f.Fixes, hf)
	}
	return f
}

type sourceFile struct {
	src   []byte
	lines *rules.LineIndex
}

// diffContext is how many bytes of unchanged text a diff shows on either
// side of the change, within its lines.
const diffContext = 60

// maxDiff bounds the changed text a diff shows.
const maxDiff = 2000

// diff is the change a fix makes, from its edits' offsets into the file:
// the bytes from the first edit's start to the last one's end, before and
// after, between a little of the unchanged text of their lines.
func (sf *sourceFile) diff(f rules.Fix) *htmlDiff {
	if sf.src == nil || len(f.Edits) == 0 {
		return nil
	}
	edits := slices.Clone(f.Edits)
	slices.SortFunc(edits, func(a, b rules.Edit) int { return cmp.Compare(a.Start, b.Start) })
	lo, hi := edits[0].Start, edits[0].End
	for _, e := range edits {
		if e.Start < 0 || e.End > len(sf.src) || e.Start > e.End {
			return nil // not edits of this file as it is
		}
		hi = max(hi, e.End)
	}
	for i := range edits {
		edits[i].Start -= lo
		edits[i].End -= lo
	}
	old := sf.src[lo:hi]
	changed := rules.ApplyEdits(old, edits)
	line, _ := sf.lines.Position(lo)
	endLine, _ := sf.lines.Position(hi)
	from := runeStart(string(sf.src), max(sf.lines.LineStart(line), lo-diffContext))
	to := runeStart(string(sf.src), min(sf.lines.LineEnd(sf.src, endLine), hi+diffContext))
	to = max(to, hi)
	pre, post := EscapeText(string(sf.src[from:lo])), EscapeText(string(sf.src[hi:to]))
	if from > sf.lines.LineStart(line) {
		pre = "…" + pre
	}
	if to < sf.lines.LineEnd(sf.src, endLine) {
		post += "…"
	}
	return &htmlDiff{Line: line, Del: diffRows(pre, old, post), Add: diffRows(pre, changed, post)}
}

// diffRows splits the changed text into its lines, the first after pre and
// the last before post.
func diffRows(pre string, changed []byte, post string) []htmlDiffRow {
	lines := strings.Split(shortText(changed), "\n")
	rows := make([]htmlDiffRow, len(lines))
	for i, l := range lines {
		rows[i].Changed = l
	}
	rows[0].Pre = pre
	rows[len(rows)-1].Post = post
	return rows
}

// shortText is b for a diff: escaped, and cut to maxDiff bytes.
func shortText(b []byte) string {
	if len(b) > maxDiff {
		s := string(b)
		return EscapeText(s[:runeStart(s, maxDiff)]) + "…"
	}
	// Line breaks stay: the diff shows them as they are.
	var out strings.Builder
	for i, l := range strings.Split(string(b), "\n") {
		if i > 0 {
			out.WriteByte('\n')
		}
		out.WriteString(EscapeText(strings.TrimSuffix(l, "\r")))
	}
	return out.String()
}

// Chart geometry, in SVG user units: about the pixels the charts take on
// a wide page (the SVG scales to narrower ones), so that their text is the
// size of the page's.
const (
	chartWidth  = 520 // a link chart, half the page
	wideWidth   = 1040
	barChartH   = 240
	rowHeight   = 24
	labelColumn = 190
)

// yearChart draws the dead links of posts by the year they were published,
// every year from the first post to the last, so that a year with none
// shows as none, not as missing.
func yearChart(dead map[int]int, undated int, posts map[string]rules.PostMeta, offline bool) (htmlChart, []htmlYear) {
	c := htmlChart{Width: chartWidth, Height: barChartH, Label: "Dead links by the year the post was published"}
	postsByYear := map[int]int{}
	first, last := 0, 0
	undatedPosts := 0
	for _, m := range posts {
		if !m.HasDate {
			undatedPosts++
			continue
		}
		y := m.Date.Time.Year()
		postsByYear[y]++
		if first == 0 || y < first {
			first = y
		}
		last = max(last, y)
	}
	total := undated
	for _, n := range dead {
		total += n
	}
	if total == 0 {
		c.Empty = "No dead links."
		if offline {
			c.Empty = "External links were not checked (--offline): run without it for the link-rot curve."
		}
		return c, nil
	}
	for y := range dead { // a dated post outside the posts given (defensive)
		if first == 0 || y < first {
			first = y
		}
		last = max(last, y)
	}
	var rows []htmlYear
	if first > 0 {
		for y := first; y <= last; y++ {
			rows = append(rows, htmlYear{Year: strconv.Itoa(y), Posts: postsByYear[y], Dead: dead[y]})
		}
	}
	if undated > 0 {
		rows = append(rows, htmlYear{Year: "undated", Posts: undatedPosts, Dead: undated, undated: true})
	}
	peak := 0
	for i := range rows {
		peak = max(peak, rows[i].Dead)
		if rows[i].Posts > 0 {
			rows[i].PerPost = strconv.FormatFloat(float64(rows[i].Dead)/float64(rows[i].Posts), 'f', 2, 64)
		}
	}
	const top, bottom, left, right = 24, 36, 40, 10
	plotH := barChartH - top - bottom
	slot := (chartWidth - left - right) / max(1, len(rows))
	barW := max(4, slot*7/10)
	scale := niceMax(peak)
	for _, v := range ticks(scale) {
		y := top + plotH - v*plotH/scale
		c.Ticks = append(c.Ticks, htmlTick{X1: left, Y1: y, X2: chartWidth - right, Y2: y, TextX: left - 6, TextY: y + 4, Text: strconv.Itoa(v)})
	}
	for i, r := range rows {
		h := r.Dead * plotH / scale
		x := left + i*slot + (slot-barW)/2
		b := htmlBar{X: x, Y: top + plotH - h, W: barW, H: h, Label: r.Year, Value: strconv.Itoa(r.Dead),
			LabelX: x + barW/2, LabelY: barChartH - bottom + 16, ValueX: x + barW/2, ValueY: top + plotH - h - 5, Anchor: "middle",
			Title: fmt.Sprintf("%s: %s in %s", r.Year, plural(r.Dead, "dead link"), plural(r.Posts, "post"))}
		if r.Dead == 0 {
			b.Value = ""
		}
		if r.undated {
			b.Class = "undated" // set apart: not a point of the curve
		}
		if len(rows) > 16 && i%2 == 1 {
			b.Label = "" // every other year, when they would touch
		}
		c.Bars = append(c.Bars, b)
	}
	return c, rows
}

// hostChart draws the hosts with the most dead links.
func hostChart(dead map[string]int, offline bool) htmlChart {
	type host struct {
		name string
		n    int
	}
	var hs []host
	for h, n := range dead {
		hs = append(hs, host{h, n})
	}
	slices.SortFunc(hs, func(a, b host) int { return cmp.Or(cmp.Compare(b.n, a.n), cmp.Compare(a.name, b.name)) })
	hs = hs[:min(10, len(hs))]
	c := htmlChart{Width: chartWidth, Label: "Hosts with the most dead links"}
	if len(hs) == 0 {
		c.Empty = "No dead links."
		if offline {
			c.Empty = "External links were not checked (--offline)."
		}
		return c
	}
	peak := hs[0].n
	c.Height = len(hs)*rowHeight + 8
	for i, h := range hs {
		w := h.n * (chartWidth - labelColumn - 50) / peak
		y := 4 + i*rowHeight
		c.Bars = append(c.Bars, htmlBar{X: labelColumn, Y: y + 4, W: max(2, w), H: rowHeight - 8,
			Label: h.name, LabelX: labelColumn - 8, LabelY: y + rowHeight/2 + 4, Anchor: "end",
			Value: strconv.Itoa(h.n), ValueX: labelColumn + max(2, w) + 6, ValueY: y + rowHeight/2 + 4,
			Title: fmt.Sprintf("%s: %s", h.name, plural(h.n, "dead link"))})
	}
	return c
}

// ruleChart draws the findings of each rule, split by severity.
func ruleChart(rows []*htmlRule) htmlChart {
	c := htmlChart{Width: wideWidth, Label: "Findings per rule, by severity"}
	if len(rows) == 0 {
		c.Empty = "No findings."
		return c
	}
	peak := rows[0].N
	c.Height = len(rows)*rowHeight + 8
	span := wideWidth - labelColumn - 60
	for i, r := range rows {
		y := 4 + i*rowHeight
		b := htmlBar{X: labelColumn, Y: y + 4, H: rowHeight - 8, Label: r.Name, LabelX: labelColumn - 8,
			LabelY: y + rowHeight/2 + 4, Anchor: "end", Value: strconv.Itoa(r.N),
			Title: fmt.Sprintf("%s: %d errors, %d warnings, %d infos", r.Name, r.Errors, r.Warnings, r.Infos)}
		x := labelColumn
		for _, part := range []struct {
			n     int
			class string
		}{{r.Errors, "error"}, {r.Warnings, "warning"}, {r.Infos, "info"}} {
			if part.n == 0 {
				continue
			}
			w := max(2, part.n*span/peak)
			b.Parts = append(b.Parts, htmlPart{X: x, Y: y + 4, W: w, H: rowHeight - 8, Class: part.class})
			x += w
		}
		b.W = x - labelColumn
		b.ValueX, b.ValueY = x+6, y+rowHeight/2+4
		c.Bars = append(c.Bars, b)
	}
	return c
}

// niceMax is the top of a chart's scale: the peak itself when small,
// else rounded up to 1, 2 or 5 times a power of ten.
func niceMax(n int) int {
	if n <= 5 {
		return max(n, 1)
	}
	return niceRound(n)
}

// niceRound is the smallest of 1, 2 or 5 times a power of ten that is at
// least n.
func niceRound(n int) int {
	for p := 1; ; p *= 10 {
		for _, m := range []int{1, 2, 5} {
			if m*p >= n {
				return m * p
			}
		}
	}
}

// ticks are up to five values on a scale from 0 to top.
func ticks(top int) []int {
	step := max(1, niceRound(max(1, top/4)))
	var out []int
	for v := 0; v <= top; v += step {
		out = append(out, v)
	}
	return out
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.Itoa(n) + " " + unit + "s"
}
