package rules

import (
	"cmp"
	"fmt"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"
	"time"
)

// An Engine lints files with the rules of a config.
type Engine struct {
	Config  *Config
	Offline bool // rules marked Network do not run
	Jobs    int  // files linted at once; 0 means one per CPU
	// Now is the clock, read once at the start of each Run so that every
	// file of a run is linted at the same time; nil is time.Now. Tests
	// set it so that no result depends on the day they run.
	Now func() time.Time

	mu   sync.Mutex
	slow map[string]bool // files that ran out of limits.max_time, not tried again
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
	src   []byte         // kept only for inputs given as bytes (stdin)
	text  map[int]string // source lines of diagnostics, shared among them
	facts []ruleFact     // a few per file: a slice costs less than a map
	diags []Diagnostic
	err   error
}

// ruleFact is what a rule's Run exported for its RunSet.
type ruleFact struct {
	rule *Rule
	fact any
}

func (st *fileState) fact(r *Rule) (any, bool) {
	for _, f := range st.facts {
		if f.rule == r {
			return f.fact, true
		}
	}
	return nil, false
}

// Run lints inputs in parallel and returns every diagnostic.
func (e *Engine) Run(inputs []Input) *Result {
	now := time.Now()
	if e.Now != nil {
		now = e.Now()
	}
	jobs := e.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	states := make([]*fileState, len(inputs))
	var wg sync.WaitGroup
	next := make(chan int)
	mem := newByteBudget(maxBytesInFlight)
	for range min(jobs, max(1, len(inputs))) {
		wg.Go(func() {
			for i := range next {
				st := e.lintOne(inputs[i], mem, now)
				// The line index is as large as the file's lines: keep none
				// while the other files are linted. The few files that
				// get a whole-set diagnostic build theirs again in finish.
				st.lines = nil
				states[i] = st
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

// maxBytesInFlight bounds the bytes of the files linted at once: parsing
// takes tens of times a file's size in memory, so a few large files are
// linted one after the other rather than side by side.
const maxBytesInFlight = 16 << 20

func (e *Engine) lintOne(in Input, mem *byteBudget, now time.Time) *fileState {
	st := &fileState{path: in.Path}
	lim := e.Config.Limits
	src := in.Src
	if src == nil {
		var limit *LimitError
		var err error
		if src, limit, err = ReadFile(in.Path, lim.MaxFileSize); err != nil {
			st.err = err
			return st
		}
		if limit != nil {
			st.src = src // empty: never read the file again for excerpts
			return e.limited(st, src, limit)
		}
	} else {
		st.src = src
	}
	defer mem.acquire(len(src))()
	if lim.MaxTime <= 0 {
		return e.lintDoc(st, src, lim, now)
	}
	e.mu.Lock()
	slow := e.slow[in.Path]
	e.mu.Unlock()
	timeout := &LimitError{Key: "max_time",
		Msg: fmt.Sprintf("linting took longer than %s and was stopped", lim.MaxTime)}
	if slow {
		return e.limited(st, src, timeout)
	}
	// Go cannot stop a goroutine: one that runs out of time is left to
	// finish on its own, and what it finds is dropped.
	done := make(chan *fileState, 1)
	go func() { done <- e.lintDoc(&fileState{path: st.path, src: st.src}, src, lim, now) }()
	timer := time.NewTimer(time.Duration(lim.MaxTime))
	defer timer.Stop()
	select {
	case st := <-done:
		return st
	case <-timer.C:
		e.mu.Lock()
		if e.slow == nil {
			e.slow = map[string]bool{}
		}
		e.slow[in.Path] = true
		e.mu.Unlock()
		return e.limited(st, src, timeout)
	}
}

// limited is the state of a file that went past a limit: one file-limits
// diagnostic, no rule run.
func (e *Engine) limited(st *fileState, src []byte, limit *LimitError) *fileState {
	st.lines = NewLineIndex(src)
	if e.enabled(FileLimits) == Off {
		return st
	}
	if d, ok := e.finish(st, limit.diagnostic(), src); ok {
		st.diags = append(st.diags, d)
	}
	return st
}

func (e *Engine) lintDoc(st *fileState, src []byte, lim Limits, now time.Time) *fileState {
	var doc *Document
	if err := runSafely(func() { doc = ParseLimited(st.path, src, lim) }); err != nil {
		st.err = fmt.Errorf("%s: internal error parsing the file: %v", st.path, err)
		return st
	}
	if doc.Limit != nil {
		return e.limited(st, src, doc.Limit)
	}
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
		pass := &Pass{Doc: doc, Config: e.Config, Options: e.Config.Rule(r.Name).Options, Now: now, rule: r, report: collect}
		pass.export = func(f any) {
			for i := range st.facts {
				if st.facts[i].rule == r {
					st.facts[i].fact = f
					return
				}
			}
			st.facts = append(st.facts, ruleFact{r, f})
		}
		if err := runSafely(func() { r.Run(pass) }); err != nil {
			st.err = fmt.Errorf("%s: internal error in rule %s: %v", st.path, r.Name, err)
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

// byteBudget lets files through while their sizes sum to at most max; a
// file larger than max waits until it is alone.
type byteBudget struct {
	mu   sync.Mutex
	cond sync.Cond
	used int
	max  int
}

func newByteBudget(max int) *byteBudget {
	b := &byteBudget{max: max}
	b.cond.L = &b.mu
	return b
}

func (b *byteBudget) acquire(n int) (release func()) {
	n = min(n, b.max)
	b.mu.Lock()
	for b.used > 0 && b.used+n > b.max {
		b.cond.Wait()
	}
	b.used += n
	b.mu.Unlock()
	return func() {
		b.mu.Lock()
		b.used -= n
		b.mu.Unlock()
		b.cond.Broadcast()
	}
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
	if st.lines == nil {
		if src == nil {
			src = st.src
		}
		if src == nil {
			src, _, _ = ReadFile(st.path, e.Config.Limits.MaxFileSize)
		}
		st.lines = NewLineIndex(src)
	}
	d.Line, d.Column = st.lines.Position(d.Start)
	d.EndLine, d.EndColumn = st.lines.Position(d.End)
	if st.dirs.suppressed(d.Rule, d.Start, d.Line) {
		return d, false
	}
	// Many diagnostics on one long line share one copy of it.
	line, ok := st.text[d.Line]
	if !ok {
		if src == nil {
			src = st.src
		}
		if src == nil {
			src, _, _ = ReadFile(st.path, e.Config.Limits.MaxFileSize)
		}
		start := st.lines.LineStart(d.Line)
		end := st.lines.LineEnd(src, d.Line)
		if start <= end && end <= len(src) {
			line = string(src[start:end])
		}
		if st.text == nil {
			st.text = map[int]string{}
		}
		st.text[d.Line] = line
	}
	d.SourceLine = line
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
				if f, ok := st.fact(r); ok {
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
