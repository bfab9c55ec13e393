package rules

import (
	"cmp"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/postlint/postlint/internal/reuse"
)

// An Engine lints files with the rules of a config. Run lints a set of
// files once; Lint returns the Snapshot behind it, to lint files of the
// set again (see Snapshot.Update). An Engine may be used from several
// goroutines at once.
type Engine struct {
	Config  *Config
	Offline bool // rules marked Network do not run
	Jobs    int  // files linted at once; 0 means one per CPU
	// Now is the clock, read once at the start of each Run (and each Lint
	// or Snapshot.Update) so that every file of a run is linted at the
	// same time; nil is time.Now. Tests set it so that no result depends
	// on the day they run.
	Now func() time.Time
	// Cache, if set, keeps each file's result between runs: a file whose
	// bytes are those of a kept result is not linted again.
	Cache *Cache
	// InFlight, if set, is told the bytes of the files being linted at
	// once each time they reach a new high, before the file that takes
	// them there is parsed: a caller can size the memory the collector
	// works within to them (see cmd/postlint's tuneGC). Calls come from
	// the workers, one at a time.
	InFlight func(bytes int64)
	// Dirs, if set, are the directory listings every Lint and Update of
	// the engine reads (see Listings): a caller that walked the folders
	// puts its listings there. When nil, each Lint or Update reads them
	// afresh, once.
	Dirs *Listings

	mu   sync.Mutex
	slow map[string][sha256.Size]byte // files that ran out of limits.max_time, and the hash of their bytes
}

// A Result is the outcome of a run.
type Result struct {
	Diagnostics []Diagnostic // sorted by path, then offset
	Files       int          // files linted
	// Errors are files that could not be read and internal failures; each
	// means exit status 2, but every other file is still reported.
	Errors []error
	// Posts are the title and date of each file linted, by path.
	Posts map[string]PostMeta
	// Cached counts the files whose result came from Engine.Cache.
	Cached int
}

// An Input is one file to lint; Src is nil to read it from Path.
type Input struct {
	Path string
	Src  []byte
	// FactsOnly runs only the rules of the whole-set pass on the file, for
	// their facts, and keeps none of its own diagnostics: the file is there
	// for what the others link to and share with it (--changed-since).
	// A result kept by Engine.Cache is used as it is.
	FactsOnly bool
	// Listed says that the walk which found Path has just listed it as a
	// regular file: it is opened without another look first (what is
	// opened is still looked at), and looked up in Engine.Cache by its
	// times only when the cache holds it.
	Listed bool
}

// fileResult is what the per-file pass leaves of one file once its
// document is gone: its own diagnostics, finished, the facts its rules
// exported for the whole-set pass, and its directives, to apply to the
// whole-set pass's diagnostics too. It is never modified once made, so
// snapshots share it.
type fileResult struct {
	path  string
	src   []byte       // kept only for inputs given as bytes (stdin, editors)
	diags []Diagnostic // the per-file pass's, finished
	facts []ruleFact   // a few per file: a slice costs less than a map
	deps  []dep        // what outside the file the verdict read
	dirs  *directives
	used  []bool   // dirs.list[i] suppressed one of diags
	meta  PostMeta // for reports; a result cache must keep it too
	// alone is what the file shows when the whole-set pass reports
	// nothing on it: diags and the directives left unused, sorted.
	alone     []Diagnostic
	err       error
	cached    bool // read back from a Cache
	factsOnly bool // see Input.FactsOnly
	// volatile results are not kept by a Cache: the file ran out of
	// time (a matter of the machine), or a rule that reads the clock
	// reported on it.
	volatile bool
}

// ruleFact is what a rule's Run exported for its RunSet.
type ruleFact struct {
	rule *Rule
	fact any
}

// Run lints inputs in parallel and returns every diagnostic. It is
// Lint(inputs).Result().
func (e *Engine) Run(inputs []Input) *Result { return e.Lint(inputs).Result() }

// lintFiles runs the per-file pass over inputs, in parallel, at one time
// of the clock.
func (e *Engine) lintFiles(inputs []Input, dirs *Listings) []*fileResult {
	now := time.Now()
	if e.Now != nil {
		now = e.Now()
	}
	jobs := e.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	r := &lintRun{e: e, inputs: inputs, out: make([]*fileResult, len(inputs)), now: now,
		mem: newByteBudget(maxBytesInFlight, e.InFlight), dirs: dirs, plan: e.plan()}
	for range min(jobs, max(1, len(inputs))) {
		r.wg.Add(1)
		go r.work()
	}
	r.wg.Wait()
	return r.out
}

// A lintRun is the per-file pass over a list of inputs, by a few workers.
type lintRun struct {
	e      *Engine
	inputs []Input
	out    []*fileResult
	now    time.Time
	next   atomic.Int64 // the index of the next input a worker takes
	mem    *byteBudget
	dirs   *Listings
	plan   *runPlan
	wg     sync.WaitGroup // the workers, a stalled one not counted
}

// A runPlan is what the per-file pass asks of the config for every post,
// asked once per run: which rules run, with which options. (Two map
// lookups per rule per post were 4% of the CPU time of a lint of 5,000
// posts of a few lines.)
type runPlan struct {
	runs       []bool // by the rule's index in the registry
	options    []any
	directives bool   // bad-directive runs
	timeout    string // the message of a file that runs out of time
}

func (e *Engine) plan() *runPlan {
	rs := e.Config.reg.Rules
	p := &runPlan{runs: make([]bool, len(rs)), options: make([]any, len(rs)), directives: e.enabled(BadDirective) != Off,
		timeout: fmt.Sprintf("linting took longer than %s and was stopped", e.Config.Limits.MaxTime)}
	for i, r := range rs {
		p.runs[i] = r.Run != nil && e.enabled(r) != Off
		p.options[i] = e.Config.Rule(r.Name).Options
	}
	return p
}

// work lints files until there are none left, or until the file it lints
// runs out of time: it is then left to finish that file on its own, and
// another worker takes its place. Workers take inputs by index, one at a
// time: no goroutine hands them out, and none waits to be given one.
func (r *lintRun) work() {
	// The passes of this worker's posts, one post after the other: no
	// rule keeps its Pass past its post, and a worker that runs out of
	// time keeps its own while its replacement makes new ones.
	passes := make([]Pass, len(r.e.Config.reg.Rules))
	for {
		i := int(r.next.Add(1) - 1)
		if i >= len(r.inputs) {
			break
		}
		if !r.lintOne(i, passes) {
			return
		}
	}
	r.wg.Done()
}

// lintOne lints inputs[i] into out[i], and reports false when the file ran
// out of time and this worker was replaced. Each file is linted on the
// worker's own goroutine, whose stack has already grown to what parsing
// takes, and a timer watches it: a goroutine per file, which Go cannot
// stop either, would grow a new stack for every file.
func (r *lintRun) lintOne(i int, passes []Pass) bool {
	e, in := r.e, r.inputs[i]
	f := &fileResult{path: in.Path, factsOnly: in.FactsOnly}
	lim := e.Config.Limits
	src := in.Src
	var st fileStat
	var seen fs.FileInfo // of the stat just made, for the read not to make another
	if e.Cache != nil && src == nil && (!in.Listed || e.Cache.holds(in.Path)) {
		// Unchanged since it was last hashed: not even read.
		if info, err := os.Stat(in.Path); err == nil && info.Mode().IsRegular() {
			st, seen = statOf(info), info
			if kept := e.Cache.lookup(in.Path, st, nil, r.dirs); kept != nil {
				kept.cached = true
				r.out[i] = kept
				return true
			}
		}
	}
	if src == nil {
		var limit *LimitError
		var err error
		var info fs.FileInfo
		if src, info, limit, err = readFileInto(in.Path, seen, in.Listed, lim.MaxFileSize, srcBufs.Get(0)); err != nil {
			f.err = err
			r.out[i] = f
			return true
		}
		if e.Cache != nil && seen == nil && info != nil {
			st = statOf(info) // the open file's, for the cache to keep
		}
		// Nothing keeps the bytes of a file read here (f.src stays nil:
		// excerpts are made while it is linted, or from a new read): the
		// next file is read into them.
		defer srcBufs.Put(src)
		if limit != nil {
			f.src = src // empty: never read the file again for excerpts
			r.out[i] = e.limited(f, src, limit)
			return true
		}
	} else {
		f.src = src
	}
	var sum [sha256.Size]byte
	if e.Cache != nil {
		sum = sha256.Sum256(src)
		if kept := e.Cache.lookup(in.Path, st, &sum, r.dirs); kept != nil {
			kept.src, kept.cached = f.src, true
			r.out[i] = kept
			return true
		}
	}
	// done records the result of a file linted in full.
	done := func(res *fileResult) {
		r.out[i] = res
		if e.Cache != nil && res.err == nil && !res.volatile {
			e.Cache.store(in.Path, st, sum, res)
		}
	}
	release := r.mem.acquire(len(src))
	if lim.MaxTime <= 0 {
		done(e.lintDoc(f, src, lim, r.now, r.dirs, r.plan, passes))
		release()
		return true
	}
	timeout := &LimitError{Key: "max_time", Msg: r.plan.timeout}
	if e.wasSlow(in.Path, src) {
		r.out[i] = e.limited(f, src, timeout)
		r.out[i].volatile = true
		release()
		return true
	}
	// Whichever comes first, the file's end or its time's, decides.
	var mu sync.Mutex
	decided := false
	timer := time.AfterFunc(time.Duration(lim.MaxTime), func() {
		mu.Lock()
		defer mu.Unlock()
		if decided {
			return
		}
		decided = true
		e.mu.Lock()
		if e.slow == nil {
			e.slow = map[string][sha256.Size]byte{}
		}
		e.slow[in.Path] = sha256.Sum256(src)
		e.mu.Unlock()
		timedOut := e.limited(&fileResult{path: f.path, src: f.src}, src, timeout)
		timedOut.volatile = true
		r.out[i] = timedOut
		release()
		r.wg.Add(1) // the replacement, before the stalled worker's place is given up
		go r.work()
		r.wg.Done()
	})
	res := e.lintDoc(f, src, lim, r.now, r.dirs, r.plan, passes)
	timer.Stop()
	mu.Lock()
	defer mu.Unlock()
	if decided {
		return false // what it found is dropped
	}
	decided = true
	done(res)
	release()
	return true
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
	if e.Offline && r.Network && !r.CachedOffline {
		return Off
	}
	return e.Config.Rule(r.Name).Severity
}

// ran says whether a rule ran in full, so that directives naming it can be
// judged unused.
func (e *Engine) ran(name string) bool {
	r := e.Config.reg.Rule(name)
	return r != nil && e.enabled(r) != Off && !(e.Offline && r.Network)
}

// listings are the directory listings a Lint or Update reads: the
// engine's own when set, else new ones.
func (e *Engine) listings() *Listings {
	if e.Dirs != nil {
		return e.Dirs
	}
	return NewListings()
}

// srcBufs are the buffers posts are read into, one post after another;
// they were 7.6% of the bytes allocated on the corpus x7.
var srcBufs = reuse.NewBytes(1 << 20)

// maxBytesInFlight bounds the bytes of the files linted at once: parsing
// takes tens of times a file's size in memory, so a few large files are
// linted one after the other rather than side by side.
const maxBytesInFlight = 16 << 20

// wasSlow reports whether these very bytes of path ran out of time before:
// --fix lints the same files several times, and need not wait for them
// each time; a file that changed is tried again.
func (e *Engine) wasSlow(path string, src []byte) bool {
	e.mu.Lock()
	sum, ok := e.slow[path]
	e.mu.Unlock()
	return ok && sum == sha256.Sum256(src)
}

// limited is the result of a file that went past a limit: one file-limits
// diagnostic, no rule run.
func (e *Engine) limited(f *fileResult, src []byte, limit *LimitError) *fileResult {
	f.meta = postMeta(nil, f.path)
	if e.enabled(FileLimits) != Off {
		fn := e.finisher(f, src, NewLineIndex(src))
		if d, ok := fn.finish(limit.diagnostic()); ok {
			f.diags = append(f.diags, d)
		}
	}
	f.alone = f.diags
	return f
}

func (e *Engine) lintDoc(f *fileResult, src []byte, lim Limits, now time.Time, dirs *Listings, plan *runPlan, passes []Pass) *fileResult {
	var doc *Document
	if err := runSafely(func() { doc = ParseLimited(f.path, src, lim) }); err != nil {
		f.err = fmt.Errorf("%s: internal error parsing the file: %v", f.path, err)
		return f
	}
	if doc.Limit != nil {
		return e.limited(f, src, doc.Limit)
	}
	doc.dirs = dirs
	f.meta = postMeta(doc, f.path)
	reg := e.Config.reg

	var raw []Diagnostic
	collect := func(d Diagnostic) { raw = append(raw, d) }
	if plan.directives {
		f.dirs = parseDirectives(doc, reg, collect)
	} else {
		f.dirs = parseDirectives(doc, reg, func(Diagnostic) {})
	}
	// The passes of a post are the worker's (see lintRun.work), not an
	// allocation for each post: 2-3 KB a post, 7% of the bytes a lint
	// of small posts allocated. Cleared when done, not to keep the
	// document alive.
	if len(passes) < len(reg.Rules) {
		passes = make([]Pass, len(reg.Rules))
	}
	defer clear(passes)
	for i, r := range reg.Rules {
		if !plan.runs[i] || f.factsOnly && r.RunSet == nil {
			continue
		}
		pass := &passes[i]
		*pass = Pass{Doc: doc, Config: e.Config, Options: plan.options[i], Now: now, rule: r, report: collect, file: f}
		if err := runSafely(func() { r.Run(pass) }); err != nil {
			f.err = fmt.Errorf("%s: internal error in rule %s: %v", f.path, r.Name, err)
			return f
		}
	}
	f.deps = doc.deps
	doc.linted()
	fn := e.finisher(f, src, doc.Lines)
	for _, d := range raw {
		if d, ok := fn.finish(d); ok {
			f.diags = append(f.diags, d)
			if r := reg.Rule(d.Rule); r != nil && r.Clock {
				f.volatile = true
			}
		}
	}
	f.used = fn.used
	if f.factsOnly {
		f.diags, f.volatile = nil, true // not a whole result: never kept
	}
	f.alone = f.diags
	if f.factsOnly {
		return f
	}
	if unused := fn.unused(); len(unused) > 0 {
		f.alone = append(slices.Clip(f.diags), unused...)
		SortDiagnostics(f.alone)
	} else {
		SortDiagnostics(f.diags)
	}
	return f
}

// byteBudget lets files through while their sizes sum to at most max; a
// file larger than max waits until it is alone. high, if set, is called
// with the sum of the sizes let through each time it reaches a new peak.
type byteBudget struct {
	mu   sync.Mutex
	cond sync.Cond
	used int
	max  int

	size, peak int64 // the files' own sizes, not capped at max
	high       func(int64)
}

func newByteBudget(max int, high func(int64)) *byteBudget {
	b := &byteBudget{max: max, high: high}
	b.cond.L = &b.mu
	return b
}

func (b *byteBudget) acquire(size int) (release func()) {
	n := min(size, b.max)
	b.mu.Lock()
	for b.used > 0 && b.used+n > b.max {
		b.cond.Wait()
	}
	b.used += n
	b.size += int64(size)
	if b.size > b.peak {
		b.peak = b.size
		if b.high != nil {
			b.high(b.peak)
		}
	}
	b.mu.Unlock()
	return func() {
		b.mu.Lock()
		b.used -= n
		b.size -= int64(size)
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

// A finisher places and filters the diagnostics of one file: it fills in
// severity, path, line and column and the source line, and applies the
// file's directives, noting in used which of them suppressed something.
type finisher struct {
	e     *Engine
	f     *fileResult
	src   []byte // nil until needed: read again from disk
	lines *LineIndex
	used  []bool
	text  map[int]string // source lines of diagnostics, shared among them
}

// finisher returns a finisher for f; src and lines may be nil, to be read
// again from disk when a diagnostic needs them (which happens only for the
// few diagnostics of the whole-set pass).
func (e *Engine) finisher(f *fileResult, src []byte, lines *LineIndex) *finisher {
	fn := &finisher{e: e, f: f, src: src, lines: lines}
	if fn.src == nil {
		fn.src = f.src
	}
	if f.dirs != nil {
		fn.used = make([]bool, len(f.dirs.list))
		copy(fn.used, f.used)
	}
	return fn
}

func (fn *finisher) source() []byte {
	if fn.src == nil {
		fn.src, _, _ = ReadFile(fn.f.path, fn.e.Config.Limits.MaxFileSize)
		if fn.src == nil {
			fn.src = []byte{}
		}
	}
	return fn.src
}

// finish applies directives and severity and fills in positions.
func (fn *finisher) finish(d Diagnostic) (Diagnostic, bool) {
	e := fn.e
	r := e.Config.reg.Rule(d.Rule)
	if r == nil {
		return d, false
	}
	set := e.Config.Rule(r.Name)
	if set.Severity == Off {
		return d, false
	}
	// A severity set in the config is the rule's: it replaces the default,
	// and caps what the rule reports lower by itself (dead-link's
	// "unreachable" warnings and "could not be verified" infos stay below
	// an error whatever the config says).
	switch {
	case d.Severity == Off:
		d.Severity = set.Severity
	case set.Set:
		d.Severity = min(d.Severity, set.Severity)
	}
	d.Path = fn.f.path
	if d.End < d.Start {
		d.End = d.Start
	}
	if fn.lines == nil {
		fn.lines = NewLineIndex(fn.source())
	}
	d.Line, d.Column = fn.lines.Position(d.Start)
	d.EndLine, d.EndColumn = fn.lines.Position(d.End)
	if fn.f.dirs.suppressed(d.Rule, d.Start, d.Line, fn.used) {
		return d, false
	}
	// Many diagnostics on one long line share one copy of it.
	line, ok := fn.text[d.Line]
	if !ok {
		src := fn.source()
		start := fn.lines.LineStart(d.Line)
		end := fn.lines.LineEnd(src, d.Line)
		if start <= end && end <= len(src) {
			line = string(src[start:end])
		}
		if fn.text == nil {
			fn.text = map[int]string{}
		}
		fn.text[d.Line] = line
	}
	d.SourceLine = line
	return d, true
}

// unused returns the file's directives that suppressed nothing, finished.
func (fn *finisher) unused() []Diagnostic {
	if fn.f.dirs == nil {
		return nil
	}
	var out []Diagnostic
	for _, d := range fn.f.dirs.unused(fn.e.ran, fn.used) {
		if d, ok := fn.finish(d); ok {
			out = append(out, d)
		}
	}
	return out
}
