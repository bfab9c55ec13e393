package links

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mattn/go-isatty"

	"github.com/postlint/postlint/linkcheck"
	"github.com/postlint/postlint/rules"
)

// externalRun is the outcome of checking every external URL of the set,
// shared by dead-link and redirected-link: one run per lint.
type externalRun struct {
	results map[string]linkcheck.Result
	// ages holds, in an --offline run, how old each cached verdict is.
	ages map[string]time.Duration
	// archived holds the Internet Archive's copy of dead links, with
	// links.archive.
	archived map[string]linkcheck.Snapshot
}

func (cfg *Config) external(sp *rules.SetPass) *externalRun {
	cfg.ext.once.Do(func() { cfg.ext.run = checkExternal(sp, cfg) })
	return cfg.ext.run
}

// externalURL returns the http(s) URL a link names, if it names one.
func externalURL(l link) (string, bool) {
	if l.kind == kindPostURL || l.kind == kindJekyllLink {
		return "", false
	}
	d := strings.TrimSpace(l.dest)
	if strings.HasPrefix(d, "//") {
		d = "https:" + d
	}
	if !hasPrefixASCIIFold(d, "http://") && !hasPrefixASCIIFold(d, "https://") {
		return "", false
	}
	if strings.Contains(d, "{{") || strings.Contains(d, "{%") {
		return "", false
	}
	return d, true
}

// hasPrefixASCIIFold reports whether s starts with the lower-case prefix,
// its letters in either case, without the copy strings.ToLower makes of
// every link.
func hasPrefixASCIIFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[i] {
			return false
		}
	}
	return true
}

func (r *externalRun) result(cfg *Config, l link) (string, linkcheck.Result, bool) {
	u, ok := externalURL(l)
	if !ok || excluded(cfg, u) {
		return "", linkcheck.Result{}, false
	}
	res, ok := r.results[linkcheck.Key(u)]
	return u, res, ok
}

func excluded(cfg *Config, u string) bool {
	for _, p := range cfg.Exclude {
		if p.Regexp != nil && p.MatchString(u) {
			return true
		}
	}
	return false
}

// options turns the config into the checker's options.
func (cfg *Config) options() linkcheck.Options {
	o := linkcheck.Options{
		Timeout:         time.Duration(cfg.Timeout),
		Retries:         cfg.Retries,
		Concurrency:     max(cfg.Concurrency, 0),
		HostConcurrency: max(cfg.HostConcurrency, 0),
		HostInterval:    time.Duration(cfg.HostInterval),
		AllowPrivate:    cfg.CheckPrivate,
		ConfirmAfter:    max(time.Duration(cfg.ConfirmAfter), time.Nanosecond),
		Unverifiable:    append(slices.Clone(linkcheck.DefaultUnverifiable), cfg.Unverifiable...),
		Soft404:         cfg.Soft404,
	}
	// The checker reads 0 as "default"; the config means none.
	if o.Retries <= 0 {
		o.Retries = -1
	}
	if o.HostInterval == 0 {
		o.HostInterval = -1
	}
	return o
}

func checkExternal(sp *rules.SetPass, cfg *Config) *externalRun {
	run := &externalRun{results: map[string]linkcheck.Result{}}
	if sp.Offline && !cfg.cacheOn() {
		return run // nothing to ask and nothing known: not one URL to list
	}
	var known *linkcheck.Cache // offline: the links cache, opened first
	if sp.Offline {
		if known = openLinksCache(sp, cfg, cfg.notices()); known.Len() == 0 {
			// Nothing known either (no run has checked a link yet):
			// listing the URLs of the corpus x7 to look them up in an
			// empty cache took 12 ms of a warm run's CPU.
			return run
		}
	}
	var urls []string
	// The earliest post date a URL is linked from, for the archive's copy
	// nearest it: only asked for online.
	var dates map[string]string
	if cfg.Archive && !sp.Offline {
		dates = map[string]string{}
	}
	for _, f := range sp.Files {
		fl, ok := f.Fact.(*extLinks)
		if !ok {
			continue
		}
		for _, l := range fl.list() {
			if u, ok := externalURL(l); ok && !excluded(cfg, u) {
				urls = append(urls, u)
				if dates == nil {
					continue
				}
				k := linkcheck.Key(u)
				if d, seen := dates[k]; !seen || fl.date != "" && (d == "" || fl.date < d) {
					dates[k] = fl.date
				}
			}
		}
	}
	if len(urls) == 0 {
		return run
	}
	w := logWriter(cfg)
	log := cfg.notices()
	o := cfg.options()
	cache := known
	if cache == nil && cfg.cacheOn() {
		cache = openLinksCache(sp, cfg, log)
	}
	if cache != nil {
		o.Cache = cache
	}
	if sp.Offline {
		// No request: only what the cache knows for sure.
		if cache != nil {
			run.cachedVerdicts(cache, urls, time.Duration(cfg.ConfirmAfter))
			if cfg.Archive {
				run.archived = map[string]linkcheck.Snapshot{}
				for k := range run.results {
					if s, ok := cache.Snapshot(k); ok {
						run.archived[k] = s
					}
				}
			}
		}
		return run
	}
	terminal := isTerminal(w)
	if terminal {
		o.Progress = progress(w, time.Now())
	}
	if cfg.Tune != nil {
		cfg.Tune(&o)
	}
	ctx := context.Background()
	if cfg.Deadline > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, time.Duration(cfg.Deadline))
		defer cancel()
	}
	checker := linkcheck.New(o)
	results := checker.Check(ctx, urls)
	if terminal {
		fmt.Fprint(w, "\r\x1b[K")
	}

	down := checker.NetworkDown()
	notChecked := 0
	for k, r := range results {
		if down && !r.Cached {
			continue // meaningless without a network
		}
		if r.Status == linkcheck.NotChecked {
			notChecked++
			continue
		}
		run.results[k] = r
	}
	if cfg.Archive && !down {
		want := map[string]string{}
		for k, r := range run.results {
			if r.Status == linkcheck.Dead || r.Confirmed {
				want[k] = dates[k]
			}
		}
		if len(want) > 0 {
			run.archived = checker.Snapshots(ctx, want)
			if len(run.archived) < len(want) {
				log.printf("archive", "the Internet Archive was asked for %d of %d dead links (it refused, or links.deadline came); the rest next time", len(run.archived), len(want))
			}
		}
	}
	switch {
	case down:
		log.printf("network", "the network seems to be down (no host could be reached): external links were not checked")
	case notChecked > 0:
		log.printf("deadline", "%d of %d external URLs were not checked within links.deadline (%s)", notChecked, len(results), cfg.Deadline)
	}
	if cache != nil {
		if err := cache.Save(); err != nil {
			log.printf("cache-write", "links cache: %v", err)
		}
	}
	return run
}

// openLinksCache opens links.json in the links cache's directory; one
// that cannot be read is noted and starts empty.
func openLinksCache(sp *rules.SetPass, cfg *Config, log *notices) *linkcheck.Cache {
	dir := cfg.Cache
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(sp.Config.Dir, dir)
	}
	ttl := time.Duration(cfg.CacheTTL)
	cache, err := linkcheck.OpenCache(filepath.Join(dir, "links.json"), ttl, ttl/24)
	if err != nil {
		log.printf("cache-read", "links cache: %v", err)
	}
	return cache
}

// cachedVerdicts fills in, for an --offline run, the definite verdicts the
// cache holds, however old: dead links, and transient failures that had
// lasted confirmAfter when last seen. Nothing else is known.
func (r *externalRun) cachedVerdicts(cache *linkcheck.Cache, urls []string, confirmAfter time.Duration) {
	r.ages = map[string]time.Duration{}
	for _, u := range urls {
		k := linkcheck.Key(u)
		res, age, ok := cache.Last(k)
		if !ok {
			continue
		}
		res.Confirmed = res.Status == linkcheck.Unreachable && res.Transient && !res.Since.IsZero() &&
			res.Checked.Sub(res.Since) >= confirmAfter
		if res.Status == linkcheck.Dead || res.Confirmed {
			r.results[k] = res
			r.ages[k] = age
		}
	}
}

// ageText writes how old a cached verdict is, roughly.
func ageText(d time.Duration) string {
	switch {
	case d < time.Hour:
		return fmt.Sprintf("%dm", max(1, int(d/time.Minute)))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d/time.Hour))
	}
	return fmt.Sprintf("%d days", int(d/(24*time.Hour)))
}

// progress returns a Progress function that keeps one line up to date on
// the terminal w, at most ten times a second: "checked 120 of 2,000 URLs,
// 3 failing, 4s".
func progress(w io.Writer, start time.Time) func(done, total, failed int) {
	var last time.Time
	return func(done, total, failed int) {
		now := time.Now()
		if done < total && now.Sub(last) < 100*time.Millisecond {
			return
		}
		last = now
		fmt.Fprintf(w, "\r%s\x1b[K", progressLine(done, total, failed, now.Sub(start)))
	}
}

func progressLine(done, total, failed int, elapsed time.Duration) string {
	s := fmt.Sprintf("postlint: checked %s of %s URLs", thousands(done), thousands(total))
	if failed > 0 {
		s += fmt.Sprintf(", %s failing", thousands(failed))
	}
	return s + ", " + elapsed.Truncate(time.Second).String()
}

// thousands writes n with commas: 12,345.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// eachResult calls f with every external link of the set whose check
// ended, its URL and the result; dead-link and redirected-link share the
// one run of checks.
func eachResult(sp *rules.SetPass, f func(path string, l link, u string, r linkcheck.Result)) {
	cfg := section(sp.Config)
	run := cfg.external(sp)
	if len(run.results) == 0 {
		return // offline without the cache, or no URL to check
	}
	for _, file := range sp.Files {
		fl, ok := file.Fact.(*extLinks)
		if !ok {
			continue
		}
		for _, l := range fl.list() {
			if u, r, ok := run.result(cfg, l); ok {
				f(file.Path, l, u, r)
			}
		}
	}
}

func runDead(sp *rules.SetPass) {
	eachResult(sp, func(path string, l link, u string, r linkcheck.Result) {
		d := rules.Diagnostic{Path: path, Start: l.start(), End: l.end(), URL: u}
		cfg := section(sp.Config)
		switch {
		case r.Status == linkcheck.Dead:
			d.Message = fmt.Sprintf("%s is dead: %s", u, r.Reason)
		case r.Status == linkcheck.Unreachable && r.Confirmed && !r.Since.IsZero() && r.Since.Before(r.Checked):
			d.Message = fmt.Sprintf("%s is dead: %s, failing since %s", u, r.Reason, when(r.Since))
		case r.Status == linkcheck.Unreachable && r.Confirmed:
			d.Message = fmt.Sprintf("%s is dead: %s", u, r.Reason)
		case r.Status == linkcheck.Unreachable && r.Transient && cfg.cacheOn():
			d.Severity = rules.Warning
			d.Message = fmt.Sprintf("%s is unreachable since %s: %s; reported as dead if it still fails after %s (links.confirm_after)",
				u, when(r.Since), r.Reason, cfg.ConfirmAfter)
		case r.Status == linkcheck.Unreachable:
			d.Severity = rules.Warning
			d.Message = fmt.Sprintf("%s is unreachable: %s", u, r.Reason)
		case r.Status == linkcheck.Unverified:
			d.Severity = rules.Info
			d.Message = fmt.Sprintf("%s could not be verified: %s", u, r.Reason)
		case r.Status == linkcheck.OK || r.Status == linkcheck.Redirected:
			frag, ok := missingFragment(u, r)
			if !ok {
				return
			}
			d.Severity = rules.Warning
			d.Message = fmt.Sprintf("%s answers, but the page has no anchor %q", linkcheck.Key(u), "#"+frag)
		default:
			return
		}
		ext := run(sp)
		if age, ok := ext.ages[linkcheck.Key(u)]; ok {
			d.Message += fmt.Sprintf(" (cached, checked %s ago)", ageText(age))
		}
		if s, ok := ext.archived[linkcheck.Key(u)]; ok && s.URL != "" && d.Severity == rules.Off {
			d.Fixes = archiveFix(l, u, s)
		}
		sp.Report(d)
	})
}

func run(sp *rules.SetPass) *externalRun { return section(sp.Config).external(sp) }

// archiveFix suggests the Internet Archive's copy of a dead link. It is a
// suggestion, never applied by --fix: a human should see that the copy is
// the page that was linked.
func archiveFix(l link, u string, s linkcheck.Snapshot) []rules.Fix {
	if !l.exact {
		return nil
	}
	copyURL := encodeURL(s.URL)
	if i := strings.IndexByte(u, '#'); i >= 0 {
		copyURL += encodeURL(u[i:])
	}
	newText := copyURL
	if l.html {
		newText = strings.ReplaceAll(copyURL, "&", "&amp;")
	}
	day, _ := time.Parse("20060102", s.Timestamp[:8])
	return []rules.Fix{{
		Message: fmt.Sprintf("Link to the Internet Archive's copy of %s", day.Format("2 January 2006")),
		Edits:   []rules.Edit{{Start: l.start(), End: l.end(), NewText: newText}},
	}}
}

// when writes the time a link began to fail, the same in every run.
func when(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

// cacheOn reports a run that reads and writes the links cache.
func (cfg *Config) cacheOn() bool { return !cfg.NoCache && cfg.Cache != "" && cfg.Cache != "off" }

// missingFragment returns the #fragment of u that the page it names was
// read for and does not define.
func missingFragment(u string, r linkcheck.Result) (string, bool) {
	k := linkcheck.Key(u)
	if len(k) == len(u) || r.Fragments == nil {
		return "", false
	}
	pu, err := url.Parse(k)
	if err != nil {
		return "", false
	}
	f, ok := linkcheck.Fragment(pu.Hostname(), u[len(k)+1:])
	if found, asked := r.Fragments[f]; !ok || !asked || found {
		return "", false
	}
	return f, true
}

func runRedirected(sp *rules.SetPass) {
	eachResult(sp, func(path string, l link, u string, r linkcheck.Result) {
		if r.Status != linkcheck.Redirected {
			return
		}
		t, ok := redirectTarget(linkcheck.Key(u), r.Final)
		if !ok {
			return // not from this checker: the cache is read with care, but still
		}
		msg := fmt.Sprintf("%s is permanently redirected (%d) to %s", u, r.Moved, t.url)
		if t.why != "" {
			msg += ": " + t.why
		}
		sp.Report(rules.Diagnostic{Path: path, Start: l.start(), End: l.end(), Message: msg, Fixes: redirectFix(l, t), URL: u})
	})
}

// redirectFix rewrites the link's URL, and its text when that is the URL,
// to the redirect's target, keeping the link's #fragment. It is safe only
// when the target is, and reads as itself where it is written.
func redirectFix(l link, t moveTarget) []rules.Fix {
	if !l.exact {
		return nil
	}
	final := t.url
	if i := strings.IndexByte(l.dest, '#'); i >= 0 && !strings.Contains(final, "#") {
		final += encodeURL(l.dest[i:])
	}
	safe := t.safe
	newText := final
	switch {
	case l.html:
		// & is the one character left that HTML reads; a quote the value
		// may be quoted with is left to a human.
		newText = strings.ReplaceAll(final, "&", "&amp;")
		safe = safe && !strings.Contains(final, "'")
	case l.kind == kindBare:
		// GFM must see the whole URL as the link, and nothing in it as
		// emphasis.
		safe = safe && trimURLTail([]byte(final), 0) == len(final) && inText(final) && plainDestination(final)
	default:
		safe = safe && plainDestination(final)
	}
	edits := []rules.Edit{{Start: l.start(), End: l.end(), NewText: newText}}
	if textStart, textEnd := l.text(); textEnd > textStart {
		safe = safe && inText(final)
		edits = append([]rules.Edit{{Start: textStart, End: textEnd, NewText: final}}, edits...)
	}
	msg := "Link to " + final
	if !safe {
		msg += " (check it first)"
	}
	return []rules.Fix{{Message: msg, Edits: edits, Safe: safe}}
}

// plainDestination reports a URL that can stand as a Markdown link
// destination as it is: no space, control, angle bracket or backslash,
// and balanced parentheses.
func plainDestination(u string) bool {
	depth := 0
	for i := 0; i < len(u); i++ {
		switch c := u[i]; {
		case c <= ' ' || c == 0x7f || c == '<' || c == '>' || c == '\\':
			return false
		case c == '(':
			depth++
		case c == ')':
			depth--
			if depth < 0 {
				return false
			}
		}
	}
	return depth == 0
}
