package rules

import (
	"fmt"
	"io/fs"
	"strings"
	"sync/atomic"
	"time"
)

// Severity orders diagnostics; the zero value means "the rule's severity".
type Severity int

const (
	Off Severity = iota
	Info
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "off"
}

// ParseSeverity reads off, info, warning or error.
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(s) {
	case "off", "false":
		return Off, nil
	case "info":
		return Info, nil
	case "warning", "warn":
		return Warning, nil
	case "error", "on", "true":
		return Error, nil
	}
	return Off, fmt.Errorf("unknown severity %q (want off, error, warning or info)", s)
}

// An Edit replaces the bytes [Start, End) of the file with NewText.
type Edit struct {
	Start, End int
	NewText    string
}

// A Fix is a set of edits that together repair one diagnostic. Safe fixes
// are applied by --fix; the others are only suggested.
type Fix struct {
	Message string
	Edits   []Edit
	Safe    bool
}

// A Diagnostic is one finding. Rules fill in Start, End, Message and Fixes;
// the engine fills in the rest.
type Diagnostic struct {
	Path       string
	Rule       string
	Severity   Severity // set by a rule only to differ from its default
	Message    string
	Start, End int // byte offsets into the file on disk; End is exclusive
	Fixes      []Fix

	Line, Column, EndLine, EndColumn int // 1-based, columns in bytes
	// SourceLine is the text of the line holding Start, for excerpts.
	SourceLine string
	// URL is, for a diagnostic about an external link, the URL as it was
	// checked, so that reports can group by host without reading it back
	// out of the message or the file.
	URL string
}

// LineSpan is the part of SourceLine the diagnostic covers, in bytes: from
// its column to its end column, or to the end of the line when the span
// goes on to later lines; always within SourceLine.
func (d Diagnostic) LineSpan() (from, to int) {
	line := d.SourceLine
	from = min(max(d.Column-1, 0), len(line))
	to = len(line)
	if d.EndLine == d.Line {
		to = min(max(d.EndColumn-1, from), len(line))
	}
	return from, to
}

// A Rule is a check, as data: the engine, the CLI and the documentation
// all read the same value.
type Rule struct {
	Name     string   // kebab-case, stable: used in output, config and directives
	Summary  string   // one line
	Doc      string   // full documentation, with a bad and a good example
	Severity Severity // default severity

	// Run checks one document. It may be nil for whole-set-only rules.
	Run func(*Pass)
	// RunSet, if set, runs once after every document is done, over the
	// facts each Run exported, and again over the kept facts whenever a
	// Snapshot changes. It must only read the facts (snapshots share
	// them), may run at the same time as other rules' RunSet, and is
	// stopped at limits.max_time unless the rule is a Network rule.
	RunSet func(*SetPass)
	// NewFact, for a rule whose Run exports facts, returns a pointer to a
	// new zero value of the facts' type (Run may export either that
	// value or the pointer): the result cache keeps facts between runs
	// and decodes them into it. A type that implements
	// encoding.BinaryAppender, and UnmarshalBinary on its pointer (see
	// FactWriter), is encoded with them; any other with encoding/gob,
	// which sees exported fields only and is many times slower. Without
	// NewFact, a file whose Run exported a fact is never cached.
	NewFact func() any
	// Options, if set, returns a pointer to the rule's default options,
	// filled from `rules: NAME: {severity: ..., option: ...}` in config.
	Options func() any
	// Network rules need the network; --offline switches them off.
	Network bool
	// CachedOffline marks a Network rule that still runs with --offline,
	// from what its own cache holds, without a request (SetPass.Offline
	// tells it). Directives naming it are then not judged unused: it did
	// not run in full.
	CachedOffline bool
	// Fixes says which of the rule's fixes --fix applies, for `postlint
	// explain`; FixNote, for SomeSafe, says which.
	Fixes   FixSafety
	FixNote string
	// Clock rules read Pass.Now: what they report can change while
	// neither the file nor the config does (a post dated tomorrow is
	// reported today, not the day after). A cache of results must not
	// serve them from an earlier run: run them again, or key their
	// results by the time of the run too.
	Clock bool
	// Depends lists what outside the file the verdicts on it may read
	// (see Document.Depend), so that a result cache can tell when a kept
	// result is stale.
	Depends []*Dependency
}

// A Dependency is something outside a post that a rule's verdict on it
// depends on: the site's config file, the other files of its folder.
// What reads one records it with Document.Depend, as an argument (a path)
// and the value it saw; a result cache serves the kept result only while
// New's checker, called with the argument, still gives that value. It is
// found among the Depends of the registry's rules, on or off.
type Dependency struct {
	Name string // unique among the dependencies of the registry's rules
	// New returns a checker for one run, which may remember what it has
	// read (checks of the folders on the way up share them), and lists
	// directories with dirs. It may be called from several goroutines at
	// once.
	New func(dirs *Listings) func(arg string) string
}

// A dep is a Dependency as a file's result records it.
type dep struct {
	name, arg, value string
}

// FixSafety is what a rule's fixes are: none, all safe (--fix applies
// them), all suggestions (shown, never applied), or some of each.
type FixSafety int

const (
	NoFixes FixSafety = iota
	SafeFixes
	Suggestions
	SomeSafe
)

// DescribeFixes is the sentence `postlint explain` prints about a rule's fixes,
// or "" when it has none.
func (r *Rule) DescribeFixes() string {
	switch r.Fixes {
	case SafeFixes:
		return "Fixes: safe; --fix applies them."
	case Suggestions:
		return "Fixes: suggestions only; --fix never applies them (text output says \"suggestion:\")."
	case SomeSafe:
		return "Fixes: some safe, applied by --fix; the others are suggestions. " + r.FixNote
	}
	return ""
}

// A Section is a top-level config key owned by a family of rules, such as
// front_matter or links. New returns a pointer to its defaults.
type Section struct {
	Key string
	New func() any
}

// A Registry is the set of rules and config sections a run knows.
type Registry struct {
	Rules    []*Rule
	Sections []Section

	index atomic.Pointer[ruleIndex] // Rule's, of the Rules it was made from
}

// A ruleIndex is a Registry's rules by name, and the list it was made of.
type ruleIndex struct {
	rules  []*Rule
	byName map[string]*Rule
}

// Rule returns the rule called name (the first, if several are), or nil.
// It is asked for every fact and diagnostic a result cache reads back:
// from a map, not a scan of the list (3% of the CPU time of a warm run).
func (r *Registry) Rule(name string) *Rule {
	x := r.index.Load()
	if x == nil || len(x.rules) != len(r.Rules) || len(r.Rules) > 0 && &x.rules[0] != &r.Rules[0] {
		// First asked, or the list has been changed since.
		x = &ruleIndex{rules: r.Rules, byName: make(map[string]*Rule, len(r.Rules))}
		for _, rule := range r.Rules {
			if _, dup := x.byName[rule.Name]; !dup {
				x.byName[rule.Name] = rule
			}
		}
		r.index.Store(x)
	}
	return x.byName[name]
}

// A Pass is what a rule sees of one document.
type Pass struct {
	Doc     *Document
	Config  *Config
	Options any // the rule's options (see Rule.Options), or nil
	// Now is the time of the run, the same for every file of it (see
	// Engine.Now); rules that read it are marked Clock.
	Now time.Time

	rule   *Rule
	report func(Diagnostic)
	file   *fileResult // whose facts Export sets
}

// Report records a diagnostic of the running rule.
func (p *Pass) Report(d Diagnostic) {
	d.Rule = p.rule.Name
	p.report(d)
}

// Reportf reports a message on the bytes [start, end).
func (p *Pass) Reportf(start, end int, format string, args ...any) {
	p.Report(Diagnostic{Start: start, End: end, Message: fmt.Sprintf(format, args...)})
}

// Export keeps a small value for the rule's RunSet. Keep it small: it
// lives until every file is done, when the document itself is long gone.
func (p *Pass) Export(fact any) {
	f := p.file
	for i := range f.facts {
		if f.facts[i].rule == p.rule {
			f.facts[i].fact = fact
			return
		}
	}
	f.facts = append(f.facts, ruleFact{p.rule, fact})
}

// Section returns the config section called key (see Section).
func (p *Pass) Section(key string) any { return p.Config.Section(key) }

// FileFacts is what one document left for the whole-set pass.
type FileFacts struct {
	Path string
	Fact any
}

// A SetPass is what a rule sees of the whole set of posts.
type SetPass struct {
	Files   []FileFacts // in path order; only files whose Run exported a fact
	Config  *Config
	Options any
	Offline bool // --offline: a CachedOffline rule makes no request

	rule   *Rule
	report func(Diagnostic)
	dirs   *Listings
}

// ReadDir is Document.ReadDir, for the whole-set pass.
func (p *SetPass) ReadDir(dir string) ([]fs.DirEntry, error) { return p.dirs.ReadDir(dir) }

// Report records a diagnostic on the file at d.Path.
func (p *SetPass) Report(d Diagnostic) {
	d.Rule = p.rule.Name
	p.report(d)
}
