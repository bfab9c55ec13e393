package rules

import (
	"cmp"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"
)

// An Engine lints files with the rules of a config.
type Engine struct {
	Config  *Config
	Offline bool // rules marked Network do not run
	Jobs    int  // files linted at once; 0 means one per CPU
}

// A Result is the outcome of a run.
type Result struct {
	Diagnostics []Diagnostic // sorted by path, then offset
	Files       int          // files linted
	// Errors are files that could not be read and internal failures; each
	// means exit status 2, but every other file is still reported.
	Errors []error
}

// An Input is one file to lint; Src is nil to read it from Path.
type Input struct {
	Path string
	Src  []byte
}

// fileState is what the engine keeps of a file once its document is gone:
// enough to place and filter the whole-set pass's diagnostics.
type fileState struct {
	path  string
	lines *LineIndex
	dirs  *directives
	src   []byte // kept only for inputs given as bytes (stdin)
	facts map[*Rule]any
	diags []Diagnostic
	err   error
}

// Run lints inputs in parallel and returns every diagnostic.
func (e *Engine) Run(inputs []Input) *Result {
	jobs := e.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	states := make([]*fileState, len(inputs))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(jobs, max(1, len(inputs))) {
		wg.Go(func() {
			for i := range next {
				states[i] = e.lintOne(inputs[i])
			}
		})
	}
	for i := range inputs {
		next <- i
	}
	close(next)
	wg.Wait()

	res := &Result{}
	for _, st := range states {
		if st.err != nil {
			res.Errors = append(res.Errors, st.err)
			continue
		}
		res.Files++
		res.Diagnostics = append(res.Diagnostics, st.diags...)
	}
	res.Diagnostics = append(res.Diagnostics, e.runSet(states, res)...)
	for _, st := range states {
		if st.err == nil && st.dirs != nil {
			for _, d := range st.dirs.unused(e.ran) {
				if d, ok := e.finish(st, d, nil); ok {
					res.Diagnostics = append(res.Diagnostics, d)
				}
			}
		}
	}
	SortDiagnostics(res.Diagnostics)
	return res
}

// SortDiagnostics orders diagnostics by path, then offset, then rule.
func SortDiagnostics(ds []Diagnostic) {
	slices.SortStableFunc(ds, func(a, b Diagnostic) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Start, b.Start),
			cmp.Compare(a.End, b.End), cmp.Compare(a.Rule, b.Rule), cmp.Compare(a.Message, b.Message))
	})
}

// enabled reports the severity a rule runs at, Off when it does not run.
func (e *Engine) enabled(r *Rule) Severity {
	if e.Offline && r.Network {
		return Off
	}
	return e.Config.Rule(r.Name).Severity
}

// ran says whether a rule ran in full, so that directives naming it can be
// judged unused.
func (e *Engine) ran(name string) bool {
	r := e.Config.reg.Rule(name)
	return r != nil && e.enabled(r) != Off
}

func (e *Engine) lintOne(in Input) (st *fileState) {
	st = &fileState{path: in.Path}
	src := in.Src
	if src == nil {
		var err error
		if src, err = os.ReadFile(in.Path); err != nil {
			st.err = err
			return st
		}
	} else {
		st.src = src
	}
	doc := Parse(in.Path, src)
	st.lines = doc.Lines
	reg := e.Config.reg

	var raw []Diagnostic
	collect := func(d Diagnostic) { raw = append(raw, d) }
	if e.enabled(BadDirective) != Off {
		st.dirs = parseDirectives(doc, reg, collect)
	} else {
		st.dirs = parseDirectives(doc, reg, func(Diagnostic) {})
	}
	for _, r := range reg.Rules {
		if r.Run == nil || e.enabled(r) == Off {
			continue
		}
		pass := &Pass{Doc: doc, Config: e.Config, Options: e.Config.Rule(r.Name).Options, rule: r, report: collect}
		pass.export = func(f any) {
			if st.facts == nil {
				st.facts = map[*Rule]any{}
			}
			st.facts[r] = f
		}
		if err := runSafely(func() { r.Run(pass) }); err != nil {
			st.err = fmt.Errorf("%s: internal error in rule %s: %v", in.Path, r.Name, err)
			return st
		}
	}
	for _, d := range raw {
		if d, ok := e.finish(st, d, src); ok {
			st.diags = append(st.diags, d)
		}
	}
	return st
}

func runSafely(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v\n%s", r, debug.Stack())
		}
	}()
	f()
	return nil
}

// finish applies directives and severity and fills in positions. src may
// be nil: the source line is then read again from disk, which happens only
// for the few diagnostics of the whole-set pass.
func (e *Engine) finish(st *fileState, d Diagnostic, src []byte) (Diagnostic, bool) {
	r := e.Config.reg.Rule(d.Rule)
	if r == nil {
		return d, false
	}
	set := e.Config.Rule(r.Name)
	if set.Severity == Off {
		return d, false
	}
	if d.Severity == Off || set.Set {
		d.Severity = set.Severity
	}
	d.Path = st.path
	if d.End < d.Start {
		d.End = d.Start
	}
	d.Line, d.Column = st.lines.Position(d.Start)
	d.EndLine, d.EndColumn = st.lines.Position(d.End)
	if st.dirs.suppressed(d.Rule, d.Start, d.Line) {
		return d, false
	}
	if src == nil {
		src = st.src
	}
	if src == nil {
		src, _ = os.ReadFile(st.path)
	}
	if src != nil {
		start := st.lines.LineStart(d.Line)
		end := st.lines.LineEnd(src, d.Line)
		if start <= end && end <= len(src) {
			d.SourceLine = string(src[start:end])
		}
	}
	return d, true
}

func (e *Engine) runSet(states []*fileState, res *Result) []Diagnostic {
	byPath := map[string]*fileState{}
	for _, st := range states {
		if st.err == nil {
			byPath[st.path] = st
		}
	}
	var out []Diagnostic
	for _, r := range e.Config.reg.Rules {
		if r.RunSet == nil || e.enabled(r) == Off {
			continue
		}
		sp := &SetPass{Config: e.Config, Options: e.Config.Rule(r.Name).Options, rule: r}
		for _, st := range states {
			if st.err == nil {
				if f, ok := st.facts[r]; ok {
					sp.Files = append(sp.Files, FileFacts{Path: st.path, Fact: f})
				}
			}
		}
		slices.SortFunc(sp.Files, func(a, b FileFacts) int { return cmp.Compare(a.Path, b.Path) })
		var raw []Diagnostic
		sp.report = func(d Diagnostic) { raw = append(raw, d) }
		if err := runSafely(func() { r.RunSet(sp) }); err != nil {
			res.Errors = append(res.Errors, fmt.Errorf("internal error in rule %s: %v", r.Name, err))
			continue
		}
		for _, d := range raw {
			st := byPath[d.Path]
			if st == nil {
				continue
			}
			if d, ok := e.finish(st, d, nil); ok {
				out = append(out, d)
			}
		}
	}
	return out
}
