package rules

import (
	"cmp"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"time"
)

// A Snapshot is a set of files linted together: each file's own
// diagnostics and the facts its rules exported (the per-file pass), and
// the diagnostics of the whole-set pass run over those facts (duplicate
// titles, links between posts, ...).
//
// A Snapshot is never modified: Update and Remove return a new one that
// shares every per-file result the change did not touch, so one can be
// read from any goroutine while the next is made. Linting one file again
// costs its own pass and the whole-set pass, which reads only the kept
// facts of the others; the diagnostics are exactly those of a full run
// over the same files. A language server keeps one Snapshot for the
// workspace, calls Update with each edited document and republishes the
// diagnostics of every path Update says changed: an edit to one post can
// change another's (a title now duplicated, a heading a link names).
//
// Each file keeps the time of the clock (Engine.Now) it was linted at:
// rules marked Clock see the time of the Update that linted the file.
type Snapshot struct {
	eng   *Engine
	order []string               // paths in the order they were first given
	files map[string]*fileResult // by path
	final map[string][]Diagnostic
	// setErrs are the whole-set pass's failures (a rule that panicked or
	// ran out of time).
	setErrs []error
	dirs    *Listings // of the lint or update that made it
}

// Lint runs the per-file pass over inputs, in parallel, then the
// whole-set pass. A path given twice is linted once, as given last.
func (e *Engine) Lint(inputs []Input) *Snapshot {
	s := &Snapshot{eng: e, files: make(map[string]*fileResult, len(inputs)), dirs: e.listings()}
	s.add(e.lintFiles(inputs, s.dirs))
	s.setPass()
	return s
}

// add puts per-file results into s, replacing those of the same path.
func (s *Snapshot) add(results []*fileResult) {
	for _, f := range results {
		if _, ok := s.files[f.path]; !ok {
			s.order = append(s.order, f.path)
		}
		s.files[f.path] = f
	}
}

// clone returns a copy of s without the whole-set pass's results.
func (s *Snapshot) clone() *Snapshot {
	n := &Snapshot{eng: s.eng, order: slices.Clone(s.order), files: make(map[string]*fileResult, len(s.files)), dirs: s.eng.listings()}
	for p, f := range s.files {
		n.files[p] = f
	}
	return n
}

// Update lints the inputs again (a path not in s is added; Src nil reads
// the file from disk), reruns the whole-set pass, and returns the new
// snapshot with the paths whose diagnostics are not what they were in s,
// sorted. s itself is unchanged.
func (s *Snapshot) Update(inputs ...Input) (*Snapshot, []string) {
	n := s.clone()
	n.add(s.eng.lintFiles(inputs, n.dirs))
	n.setPass()
	return n, s.changed(n)
}

// Remove drops paths from the set (paths not in it are ignored), reruns
// the whole-set pass, and returns the new snapshot with the paths whose
// diagnostics changed, the removed ones among them when they had any.
func (s *Snapshot) Remove(paths ...string) (*Snapshot, []string) {
	n := s.clone()
	gone := map[string]bool{}
	for _, p := range paths {
		if _, ok := n.files[p]; ok {
			gone[p] = true
			delete(n.files, p)
		}
	}
	n.order = slices.DeleteFunc(n.order, func(p string) bool { return gone[p] })
	n.setPass()
	return n, s.changed(n)
}

// changed returns the paths whose diagnostics differ between s and n.
func (s *Snapshot) changed(n *Snapshot) []string {
	var out []string
	for p, old := range s.final {
		if !slices.EqualFunc(old, n.final[p], sameDiagnostic) {
			out = append(out, p)
		}
	}
	for p := range n.final {
		if _, ok := s.final[p]; !ok {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

func sameDiagnostic(a, b Diagnostic) bool {
	return a.Path == b.Path && a.Rule == b.Rule && a.Severity == b.Severity && a.Message == b.Message &&
		a.Start == b.Start && a.End == b.End && a.Line == b.Line && a.Column == b.Column &&
		a.EndLine == b.EndLine && a.EndColumn == b.EndColumn && a.SourceLine == b.SourceLine && a.URL == b.URL &&
		slices.EqualFunc(a.Fixes, b.Fixes, func(x, y Fix) bool {
			return x.Message == y.Message && x.Safe == y.Safe && slices.Equal(x.Edits, y.Edits)
		})
}

// Paths returns the paths of the set, in the order they were first given.
func (s *Snapshot) Paths() []string { return slices.Clone(s.order) }

// Has reports whether path is in the set.
func (s *Snapshot) Has(path string) bool { _, ok := s.files[path]; return ok }

// Diagnostics returns the diagnostics of one file, sorted by offset: its
// own and those the whole-set pass put on it. The slice is shared: do not
// modify it.
func (s *Snapshot) Diagnostics(path string) []Diagnostic { return s.final[path] }

// Err returns why path could not be linted (unreadable, or an internal
// failure), or nil.
func (s *Snapshot) Err(path string) error {
	if f := s.files[path]; f != nil {
		return f.err
	}
	return nil
}

// Result returns every diagnostic of the set, sorted by path, then offset,
// with the files that failed and the whole-set pass's failures.
func (s *Snapshot) Result() *Result {
	res := &Result{Posts: make(map[string]PostMeta, len(s.files))}
	paths := make([]string, 0, len(s.final))
	n := 0
	for _, p := range s.order {
		f := s.files[p]
		if f.err != nil {
			res.Errors = append(res.Errors, f.err)
			continue
		}
		res.Files++
		res.Posts[p] = f.meta
		if f.cached {
			res.Cached++
		}
		if len(s.final[p]) > 0 {
			paths = append(paths, p)
			n += len(s.final[p])
		}
	}
	res.Errors = append(res.Errors, s.setErrs...)
	slices.Sort(paths)
	res.Diagnostics = make([]Diagnostic, 0, n)
	for _, p := range paths {
		res.Diagnostics = append(res.Diagnostics, s.final[p]...)
	}
	return res
}

// setPass runs every whole-set rule over the kept facts and makes the
// final diagnostics of every file.
func (s *Snapshot) setPass() {
	e := s.eng
	sorted := make([]*fileResult, 0, len(s.files))
	for _, f := range s.files {
		if f.err == nil {
			sorted = append(sorted, f)
		}
	}
	slices.SortFunc(sorted, func(a, b *fileResult) int { return cmp.Compare(a.path, b.path) })

	var setRules []*Rule
	for _, r := range e.Config.reg.Rules {
		if r.RunSet != nil && e.enabled(r) != Off {
			setRules = append(setRules, r)
		}
	}
	raws := make([][]Diagnostic, len(setRules))
	errs := make([]error, len(setRules))
	jobs := e.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	// The rules are independent: run them side by side.
	var wg sync.WaitGroup
	sem := make(chan struct{}, jobs)
	for i, r := range setRules {
		sp := &SetPass{Config: e.Config, Options: e.Config.Rule(r.Name).Options, Offline: e.Offline, rule: r, dirs: s.dirs}
		for _, f := range sorted {
			for _, rf := range f.facts {
				if rf.rule == r {
					sp.Files = append(sp.Files, FileFacts{Path: f.path, Fact: rf.fact})
					break
				}
			}
		}
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			raws[i], errs[i] = e.runSetRule(r, sp)
		})
	}
	wg.Wait()

	s.setErrs = nil
	for _, err := range errs {
		if err != nil {
			s.setErrs = append(s.setErrs, err)
		}
	}
	byPath := map[string][]Diagnostic{}
	for _, raw := range raws {
		for _, d := range raw {
			byPath[d.Path] = append(byPath[d.Path], d)
		}
	}
	s.final = make(map[string][]Diagnostic, len(s.files))
	for _, f := range sorted {
		raw := byPath[f.path]
		if len(raw) == 0 {
			if len(f.alone) > 0 {
				s.final[f.path] = f.alone
			}
			continue
		}
		fn := e.finisher(f, nil, nil)
		all := slices.Clip(f.diags)
		for _, d := range raw {
			if d, ok := fn.finish(d); ok {
				all = append(all, d)
			}
		}
		all = append(all, fn.unused()...)
		SortDiagnostics(all)
		if len(all) > 0 {
			s.final[f.path] = all
		}
	}
}

// runSetRule runs one rule's RunSet within limits.max_time. Rules that
// need the network are bounded by their own deadline (links.deadline)
// instead: checking thousands of links politely takes longer than any
// rule should spend on facts.
func (e *Engine) runSetRule(r *Rule, sp *SetPass) ([]Diagnostic, error) {
	var mu sync.Mutex
	var raw []Diagnostic
	stopped := false
	sp.report = func(d Diagnostic) {
		mu.Lock()
		if !stopped {
			raw = append(raw, d)
		}
		mu.Unlock()
	}
	done := make(chan error, 1)
	// As with files, a rule that runs out of time is left to finish on
	// its own and what it reports is dropped.
	go func() { done <- runSafely(func() { r.RunSet(sp) }) }()
	var timeout <-chan time.Time
	if lim := e.Config.Limits.MaxTime; lim > 0 && !r.Network {
		t := time.NewTimer(time.Duration(lim))
		defer t.Stop()
		timeout = t.C
	}
	select {
	case err := <-done:
		if err != nil {
			return nil, fmt.Errorf("internal error in rule %s: %v", r.Name, err)
		}
		mu.Lock()
		defer mu.Unlock()
		stopped = true
		return raw, nil
	case <-timeout:
		mu.Lock()
		stopped = true
		mu.Unlock()
		return nil, fmt.Errorf("rule %s: comparing the %d files took longer than %s and was stopped; its diagnostics are missing (limits.max_time)",
			r.Name, len(sp.Files), e.Config.Limits.MaxTime)
	}
}
