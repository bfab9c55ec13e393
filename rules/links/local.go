package links

import (
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/postlint/postlint/rules"
)

// A post is one Markdown file known to the whole-set pass.
type post struct {
	path string // absolute, clean
	fl   *fileLinks
	ids  [len(styles)]map[string]bool // its ids in each style, made when first asked
}

// hasAnchor reports whether the fragment names an id of the post.
func (p *post) hasAnchor(frag string, style anchorStyle) bool {
	if frag == "" || frag == "top" {
		return true // "#top" scrolls to the top in every browser
	}
	return p.anchorSet(style)[frag]
}

// anchorSet returns the post's ids in the style. Workers may ask for
// different styles at once, not for the same one.
func (p *post) anchorSet(style anchorStyle) map[string]bool {
	slot := styleSlot(style)
	if set := p.ids[slot]; set != nil {
		return set
	}
	set := map[string]bool{}
	for _, id := range headingIDs(p.fl.headings, style) {
		set[id] = true
	}
	for _, id := range p.fl.anchors {
		set[id] = true
	}
	p.ids[slot] = set
	return set
}

// postSet is the in-memory index the local links are resolved against,
// built once: the posts being linted, by path, slug and Jekyll name, and
// the listings of the directories links point into, each read once.
//
// Once built, posts, bySlug and dated are only read; what the links lead
// to is found and kept as they are checked, by any number of workers at
// once, in maps safe for that.
type postSet struct {
	posts  map[string]*post // by absolute path
	bySlug map[string]*post // Hugo: the directory of the page plus its front-matter slug
	dated  map[string]*post // Jekyll: "2017-03-29-slug", the name without extension
	root   string           // links.root, absolute; "" if not set

	site    *siteBounds                         // where links may be followed
	limits  rules.Limits                        // files read here are read as the engine reads posts
	dirs    sync.Map                            // directory -> *dirListing, its entries; nil outside the site
	outside sync.Map                            // path -> *outsidePost: Markdown files linked to but not linted, parsed once
	scanned sync.Map                            // directory -> *sync.Once: its unlinted posts read for slugs
	cwd     string                              // the working directory, or "" if unknown
	readDir func(string) ([]fs.DirEntry, error) // the run's listings (see rules.Listings)

	// The posts scanSlugs found, filed as bySlug and dated file the set's
	// (which win): a post is filed under the first name it takes.
	foundMu    sync.RWMutex
	foundSlug  map[string]*post
	foundDated map[string]*post
	// unordered is set when a scan files a post where another
	// directory's scan may file one too, or under a Jekyll name: which
	// is filed first then depends on the order the links are checked in,
	// and the links must be checked again in the order of the files.
	unordered atomic.Bool
}

func newPostSet(sp *rules.SetPass, cfg *Config) *postSet {
	s := &postSet{
		posts: map[string]*post{}, bySlug: map[string]*post{}, dated: map[string]*post{},
		foundSlug: map[string]*post{}, foundDated: map[string]*post{},
		limits: sp.Config.Limits, readDir: sp.ReadDir,
	}
	// filepath.Abs asks for the working directory each time, two stat
	// calls: ask once for the whole set.
	if wd, err := os.Getwd(); err == nil {
		s.cwd = wd
	}
	if cfg.Root != "" {
		s.root = cfg.Root
		if !filepath.IsAbs(s.root) {
			s.root = filepath.Join(sp.Config.Dir, s.root)
		}
		s.root = filepath.Clean(s.root)
	}
	roots := []string{s.root}
	for _, t := range cfg.Tree {
		roots = append(roots, s.abs(t))
	}
	if sp.Config.File != "" {
		roots = append(roots, sp.Config.Dir)
	}
	for _, f := range sp.Files {
		fl, ok := f.Fact.(*fileLinks)
		if !ok {
			continue
		}
		p := &post{path: s.abs(f.Path), fl: fl.unpack()}
		s.posts[p.path] = p
		roots = append(roots, filepath.Dir(p.path))
		if pd := jekyllPostsDir(p.path); pd != "" {
			roots = append(roots, filepath.Dir(pd)) // the Jekyll site
		}
		s.index(p)
	}
	if len(cfg.Tree) == 0 && len(s.posts) > 0 {
		// Not told what is linted (the engine run by a program, not by
		// the command): the directory that holds every post.
		roots = append(roots, commonDir(slices.Collect(maps.Keys(s.posts))))
	}
	s.site = newSiteBounds(roots, brokenWorkers())
	return s
}

// commonDir is the deepest directory that holds every path of ps.
func commonDir(ps []string) string {
	dir := filepath.Dir(ps[0])
	for _, p := range ps[1:] {
		for !under(p, []string{dir}) {
			parent := filepath.Dir(dir)
			if parent == dir {
				break
			}
			dir = parent
		}
	}
	return dir
}

// index files a post of the set under its Jekyll name and its slug.
func (s *postSet) index(p *post) {
	name, slugKey := indexKeys(p)
	if name != "" && s.dated[name] == nil {
		s.dated[name] = p
	}
	if slugKey != "" && s.bySlug[slugKey] == nil {
		s.bySlug[slugKey] = p
	}
}

// indexFound files a post that scanSlugs found in dir, as index files
// those of the set, unless one of the set already has the name.
func (s *postSet) indexFound(p *post, dir string) {
	name, slugKey := indexKeys(p)
	if name != "" && s.dated[name] == nil {
		s.unordered.Store(true)
		s.foundMu.Lock()
		if s.foundDated[name] == nil {
			s.foundDated[name] = p
		}
		s.foundMu.Unlock()
	}
	if slugKey != "" && s.bySlug[slugKey] == nil {
		// A slug of "." or ".." files the post outside dir, where another
		// directory's scan may file one too.
		if filepath.Dir(slugKey) != dir {
			s.unordered.Store(true)
		}
		s.foundMu.Lock()
		if s.foundSlug[slugKey] == nil {
			s.foundSlug[slugKey] = p
		}
		s.foundMu.Unlock()
	}
}

// indexKeys returns the Jekyll name and the slug's path a post is filed
// under, or "".
func indexKeys(p *post) (name, slugKey string) {
	base := filepath.Base(p.path)
	if stem := strings.TrimSuffix(base, filepath.Ext(base)); jekyllName(stem) {
		name = stem
	}
	if slug := p.fl.slug; slug != "" && !strings.ContainsAny(slug, `/\`) {
		dir := filepath.Dir(p.path)
		if isIndex(base) {
			dir = filepath.Dir(dir)
		}
		slugKey = filepath.Join(dir, slug)
	}
	return name, slugKey
}

// bySlugPath is the post filed under the slug's path k, of the set or
// found by scanSlugs.
func (s *postSet) bySlugPath(k string) *post {
	if p := s.bySlug[k]; p != nil {
		return p
	}
	s.foundMu.RLock()
	defer s.foundMu.RUnlock()
	return s.foundSlug[k]
}

// byName is the Jekyll post named name, of the set or found by scanSlugs.
func (s *postSet) byName(name string) *post {
	if p := s.dated[name]; p != nil {
		return p
	}
	s.foundMu.RLock()
	defer s.foundMu.RUnlock()
	return s.foundDated[name]
}

// anyDated reports whether any Jekyll post is known.
func (s *postSet) anyDated() bool {
	if len(s.dated) > 0 {
		return true
	}
	s.foundMu.RLock()
	defer s.foundMu.RUnlock()
	return len(s.foundDated) > 0
}

// abs is filepath.Abs with the working directory asked for once.
func (s *postSet) abs(p string) string {
	if filepath.IsAbs(p) || s.cwd == "" {
		return filepath.Clean(p)
	}
	return filepath.Join(s.cwd, p)
}

// jekyllName reports a Jekyll post name: YYYY-MM-DD-slug.
func jekyllName(s string) bool {
	if len(s) < 12 || s[4] != '-' || s[7] != '-' || s[10] != '-' {
		return false
	}
	for _, i := range []int{0, 1, 2, 3, 5, 6, 8, 9} {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isIndex(base string) bool {
	switch strings.ToLower(base) {
	case "index.md", "_index.md", "readme.md", "index.markdown", "_index.markdown":
		return true
	}
	return false
}

func isMarkdownName(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".md" || ext == ".markdown"
}

// target is what a local link resolved to.
type target struct {
	post   *post  // a Markdown post (linted or not), or nil
	found  bool   // a post, file or directory exists
	path   string // what was found
	leaves bool   // the path leads out of the site: not looked at
	out    bool   // and a symlink inside the site is what leads out
	other  bool   // a FIFO, device or socket, not a file
}

// find resolves a clean path as a site generator or GitHub would: the
// file itself, the Markdown source of a page (X.md, X/index.md, X.html's
// X.md), or a page by its slug.
func (s *postSet) find(p string) target {
	if !s.site.holds(p) {
		return target{leaves: true, path: p}
	}
	try := func(c string) (target, bool) {
		if po := s.posts[c]; po != nil {
			return target{post: po, found: true, path: c}, true
		}
		switch s.entry(c) {
		case noEntry:
			return target{}, false
		case outsideEntry:
			return target{leaves: true, out: true, path: c}, true
		case otherEntry:
			return target{other: true, path: c}, true
		case fileEntry:
			return target{post: s.parseOutside(c), found: true, path: c}, true
		}
		for _, idx := range []string{"index.md", "_index.md", "README.md", "index.markdown", "readme.md"} {
			if t, ok := s.tryFile(filepath.Join(c, idx)); ok {
				return t, true
			}
		}
		return target{found: true, path: c}, true
	}
	if t, ok := try(p); ok {
		return t
	}
	stem := p
	if ext := strings.ToLower(filepath.Ext(p)); ext == ".html" || ext == ".htm" {
		stem = strings.TrimSuffix(p, filepath.Ext(p))
		if t, ok := try(stem); ok && t.post != nil {
			return t
		}
	}
	for _, ext := range []string{".md", ".markdown"} {
		if t, ok := s.tryFile(stem + ext); ok {
			return t
		}
	}
	if po := s.bySlugPath(stem); po != nil {
		return target{post: po, found: true, path: po.path}
	}
	// Linting a few posts of a folder: the slug may be another's. (Asked
	// again even when the folder was read before: another worker may
	// have been reading it.)
	s.scanSlugs(filepath.Dir(stem))
	if po := s.bySlugPath(stem); po != nil {
		return target{post: po, found: true, path: po.path}
	}
	return target{}
}

// scanSlugs reads, once, the Markdown files of dir (and the index files
// of its folders, Hugo's page bundles) that are not in the set, for their
// slugs, when the set holds only some of them. A worker that asks while
// another reads dir waits for it.
func (s *postSet) scanSlugs(dir string) {
	v, ok := s.scanned.Load(dir)
	if !ok {
		v, _ = s.scanned.LoadOrStore(dir, new(sync.Once))
	}
	v.(*sync.Once).Do(func() { s.scan(dir) })
}

func (s *postSet) scan(dir string) {
	var files []string
	for name, kind := range s.listing(dir) {
		switch {
		case kind == fileEntry && isMarkdownName(name):
			files = append(files, filepath.Join(dir, name))
		case kind == dirEntry:
			for sub, k := range s.listing(filepath.Join(dir, name)) {
				if k == fileEntry && isIndex(sub) && isMarkdownName(sub) {
					files = append(files, filepath.Join(dir, name, sub))
				}
			}
		}
	}
	slices.Sort(files)
	for _, f := range files {
		if s.posts[f] != nil {
			continue
		}
		if po := s.parseOutside(f); po != nil && po.fl.slug != "" {
			s.indexFound(po, dir)
		}
	}
}

// tryFile looks for a regular file only.
func (s *postSet) tryFile(c string) (target, bool) {
	if po := s.posts[c]; po != nil {
		return target{post: po, found: true, path: c}, true
	}
	switch s.entry(c) {
	case fileEntry:
		return target{post: s.parseOutside(c), found: true, path: c}, true
	case otherEntry:
		return target{other: true, path: c}, true
	case outsideEntry:
		return target{leaves: true, out: true, path: c}, true
	}
	return target{}, false
}

// localLink splits a link into the path and fragment it names, or says
// it is not local: external, another scheme, or a template.
func localLink(dest string) (path, frag string, ok bool) {
	if !localDest(dest) {
		return "", "", false
	}
	path, frag, _ = strings.Cut(dest, "#")
	path, _, _ = strings.Cut(path, "?")
	if p, err := url.PathUnescape(path); err == nil {
		path = p
	}
	if f, err := url.PathUnescape(frag); err == nil {
		frag = f
	}
	return path, frag, true
}

// localDest reports whether localLink says ok to dest, without the
// path and fragment it unescapes.
func localDest(dest string) bool {
	if strings.Contains(dest, "{{") || strings.Contains(dest, "{%") || strings.HasPrefix(dest, "//") {
		return false
	}
	if i := strings.IndexAny(dest, ":/?#"); i > 0 && dest[i] == ':' {
		return false // http:, mailto:, tel:, data:, javascript:...
	}
	return true
}

// anchorCheck is a #fragment to look up once the anchor style is known.
type anchorCheck struct {
	file   string // the linking post, as the engine named it
	l      link
	target *post
	self   bool // the fragment is in the linking post itself
	frag   string
}

// notices prints each message once per config, which is once per
// postlint process: --fix lints the same set again after fixing, and
// its notices need not repeat.
type notices struct {
	w    io.Writer
	once sync.Map
}

func (cfg *Config) notices() *notices {
	cfg.noticesOnce.Do(func() { cfg.noticed = &notices{w: logWriter(cfg)} })
	return cfg.noticed
}

func (n *notices) printf(key, format string, args ...any) {
	if _, done := n.once.LoadOrStore(key, true); done {
		return
	}
	fmt.Fprintf(n.w, "postlint: "+format+"\n", args...)
}

func logWriter(cfg *Config) io.Writer {
	if cfg.Log != nil {
		return cfg.Log
	}
	return os.Stderr
}

// assetGuard is how many links to images and other files must all fail
// before they are taken for a Markdown-only copy of a site.
const assetGuard = 5

// brokenWorkers is how many workers check the set's links: one a CPU.
var brokenWorkers = func() int { return runtime.GOMAXPROCS(0) }

// A miss is a link to an image or other file that is not there.
type miss struct {
	file string
	l    link
}

// fileChecks is what the links of one post came to: its diagnostics, in
// the order of its links, and what is decided once every post is done.
type fileChecks struct {
	diags        []rules.Diagnostic
	anchors      []anchorCheck
	assetMisses  []miss
	assetTargets []string // where its links to images and other files point
	assetsFound  int      // how many of those resolve
}

func runBroken(sp *rules.SetPass) {
	cfg := section(sp.Config)
	s := newPostSet(sp, cfg)
	checks := s.checkFiles(sp.Files, brokenWorkers())
	if s.unordered.Load() {
		// Posts found by scanning a folder were filed where the order of
		// the links decides which is: check them again, in order.
		s = newPostSet(sp, cfg)
		checks = s.checkFiles(sp.Files, 1)
	}

	var anchors []anchorCheck
	// Links to images that are not there, reported unless none of them
	// is: the corpus links 6,566 such (and each a diagnostic, made only
	// to be dropped, cost more than the rest of the pass).
	var assetMisses []miss
	assetTargets, assetsFound := map[string]bool{}, 0
	for _, c := range checks {
		for _, d := range c.diags {
			sp.Report(d)
		}
		anchors = append(anchors, c.anchors...)
		assetMisses = append(assetMisses, c.assetMisses...)
		for _, t := range c.assetTargets {
			assetTargets[t] = true
		}
		assetsFound += c.assetsFound
	}

	log := cfg.notices()
	if assetsFound == 0 && len(assetTargets) >= assetGuard {
		log.printf("assets", "none of the %d links to images and other files resolves: they are not in this tree, so broken-link does not report them", len(assetTargets))
	} else {
		for _, m := range assetMisses {
			sp.Report(missing(m.file, m.l))
		}
	}

	style := anchorStyle(cfg.Anchors)
	if style == styleAuto || style == "" {
		style = bestStyle(anchors)
	}
	sg := newSuggester()
	for _, a := range anchors {
		if a.target.hasAnchor(a.frag, style) {
			continue
		}
		where := "this post"
		if !a.self {
			where = filepath.ToSlash(relPath(filepath.Dir(s.abs(a.file)), a.target.path))
		}
		d := rules.Diagnostic{Path: a.file, Start: a.l.start(), End: a.l.end(),
			Message: fmt.Sprintf("no heading or anchor %q in %s", "#"+a.frag, where)}
		if sug := sg.closest(a.target, style, a.frag); sug != "" {
			d.Message += fmt.Sprintf(" (did you mean #%s?)", sug)
			if a.l.plain {
				at := a.l.start() + strings.IndexByte(a.l.dest, '#') + 1
				d.Fixes = []rules.Fix{{Message: "Link to #" + sug, Edits: []rules.Edit{{Start: at, End: a.l.end(), NewText: sug}}}}
			}
		}
		sp.Report(d)
	}
	if sg.skipped > 0 {
		log.printf("suggest", "%d missing #fragments are reported without a \"did you mean\": looking for one among so many headings would take too long", sg.skipped)
	}
}

// checkFiles checks the links of each post, on that many workers, and
// returns what each came to, in the order of the files.
func (s *postSet) checkFiles(files []rules.FileFacts, workers int) []fileChecks {
	checks := make([]fileChecks, len(files))
	workers = min(workers, len(files))
	if workers <= 1 {
		for i, f := range files {
			checks[i] = s.checkFile(f)
		}
		return checks
	}
	// Posts a worker takes at a time: few enough that the workers end
	// together, and one at a time in a small set.
	chunk := min(16, max(1, len(files)/(8*workers)))
	var next atomic.Int64
	onWorkers(workers, func(int) {
		for {
			i := int(next.Add(int64(chunk))) - chunk
			if i >= len(files) {
				return
			}
			for j := i; j < min(i+chunk, len(files)); j++ {
				checks[j] = s.checkFile(files[j])
			}
		}
	})
	return checks
}

// onWorkers runs work on n goroutines and waits for them. A panic in one
// is raised again here, in the set pass, which reports it, rather than
// ending the process.
func onWorkers(n int, work func(worker int)) {
	var wg sync.WaitGroup
	var failed atomic.Pointer[any]
	for w := range n {
		wg.Go(func() {
			defer func() {
				if r := recover(); r != nil {
					failed.CompareAndSwap(nil, &r)
				}
			}()
			work(w)
		})
	}
	wg.Wait()
	if r := failed.Load(); r != nil {
		panic(*r)
	}
}

// checkFile checks the links of one post.
func (s *postSet) checkFile(f rules.FileFacts) (c fileChecks) {
	fl, ok := f.Fact.(*fileLinks)
	if !ok {
		return c
	}
	fl = fl.unpack()
	from := s.posts[s.abs(f.Path)]
	// Where the post's relative links are resolved from: its
	// directory and, since Hugo serves a page at its own URL (so that
	// "../other/" in a/page.md means a/other), the page's URL.
	dir, page := filepath.Dir(from.path), ""
	if base := filepath.Base(from.path); !isIndex(base) {
		page = filepath.Join(dir, strings.TrimSuffix(base, filepath.Ext(base)))
	}
	for _, l := range fl.links {
		switch l.kind {
		case kindPostURL, kindJekyllLink:
			var target *post
			var d rules.Diagnostic
			var bad bool
			if l.kind == kindPostURL {
				target, d, bad = s.checkPostURL(from, l)
			} else {
				target, d, bad = s.checkJekyllLink(from, l)
			}
			if bad {
				c.diags = append(c.diags, withPath(d, f.Path))
			}
			// {% post_url NAME %}#id: the id is checked in that post.
			if frag, fragStart, fragEnd := l.fragment(); target != nil && fragEnd > fragStart {
				fl := newLink(l.kind, fragStart, fragEnd, frag)
				fl.exact, fl.plain = true, true
				c.anchors = append(c.anchors, anchorCheck{file: f.Path, l: fl, target: target, frag: frag[1:]})
			}
			continue
		case kindBare, kindAutolink:
			continue
		}
		p, frag, ok := localLink(l.dest)
		if !ok {
			continue
		}
		if p == "" {
			if frag != "" {
				c.anchors = append(c.anchors, anchorCheck{file: f.Path, l: l, target: from, self: true, frag: frag})
			}
			continue
		}
		var buf [2]string
		cands := buf[:0]
		switch {
		case strings.HasPrefix(p, "/"):
			if s.root == "" {
				continue
			}
			cands = append(cands, filepath.Join(s.root, filepath.FromSlash(p)))
		default:
			cands = append(cands, filepath.Join(dir, filepath.FromSlash(p)))
			if page != "" {
				cands = append(cands, filepath.Join(page, filepath.FromSlash(p)))
			}
		}
		// The link leaves the site if a symlink in it leads out, or if
		// it does as a path from the post's directory; a page URL
		// ("../other/") only if it does from the page's URL too.
		var t target
		leaves := true
		for i, cand := range cands {
			if t = s.find(cand); t.found || t.other || t.out {
				break
			}
			if i == 0 || pageURL(p) {
				leaves = leaves && t.leaves
			}
		}
		switch {
		case t.out:
			c.diags = append(c.diags, leavesSite(f.Path, l))
			continue
		case t.other:
			c.diags = append(c.diags, rules.Diagnostic{Path: f.Path, Start: l.start(), End: l.end(),
				Message: fmt.Sprintf("%q is not a regular file (a FIFO, a device or a socket)", strings.SplitN(l.dest, "#", 2)[0])})
			continue
		case !t.found && leaves:
			c.diags = append(c.diags, leavesSite(f.Path, l))
			continue
		}
		asset := l.kind == kindImage || isAsset(p)
		if asset {
			c.assetTargets = append(c.assetTargets, cands[0])
			if t.found {
				c.assetsFound++
			}
		}
		if !t.found {
			if asset {
				c.assetMisses = append(c.assetMisses, miss{f.Path, l})
			} else {
				c.diags = append(c.diags, missing(f.Path, l))
			}
			continue
		}
		if frag != "" && t.post != nil {
			c.anchors = append(c.anchors, anchorCheck{file: f.Path, l: l, target: t.post, frag: frag})
		}
	}
	return c
}

// missing is the diagnostic of a link to a file that does not exist.
func missing(file string, l link) rules.Diagnostic {
	return rules.Diagnostic{Path: file, Start: l.start(), End: l.end(),
		Message: fmt.Sprintf("%q does not exist", strings.SplitN(l.dest, "#", 2)[0])}
}

// leavesSite is the diagnostic of a link that leads out of the site: it
// says no more, so that it tells nothing of what is there.
func leavesSite(file string, l link) rules.Diagnostic {
	return rules.Diagnostic{Path: file, Start: l.start(), End: l.end(), Severity: rules.Warning,
		Message: fmt.Sprintf("%q leads outside the site (the linted directories and their Git work tree, or links.root); not checked", strings.SplitN(l.dest, "#", 2)[0])}
}

func withPath(d rules.Diagnostic, p string) rules.Diagnostic {
	d.Path = p
	return d
}

func relPath(dir, p string) string {
	if r, err := filepath.Rel(dir, p); err == nil {
		return r
	}
	return p
}

// pageURL reports a link that names a page by its URL, "../other/" or
// "../other", rather than a file.
func pageURL(p string) bool {
	return strings.HasSuffix(p, "/") || filepath.Ext(p) == ""
}

// isAsset reports a link to a file that is not a page: an image, a PDF, an
// archive. Pages have no extension, or .md, .html.
func isAsset(p string) bool {
	ext := strings.ToLower(filepath.Ext(strings.TrimSuffix(p, "/")))
	switch ext {
	case "", ".md", ".markdown", ".html", ".htm":
		return false
	}
	return len(ext) <= 6
}

// bestStyle picks the anchor style under which most of the posts' own
// #fragments resolve; github when none does better. Each style is counted
// on a worker of its own.
func bestStyle(checks []anchorCheck) anchorStyle {
	var counts [len(styles)]int
	onWorkers(len(styles), func(i int) {
		n := 0
		for _, a := range checks {
			if a.target.hasAnchor(a.frag, styles[i]) {
				n++
			}
		}
		counts[i] = n
	})
	best, bestN := styleGitHub, -1
	for i, st := range styles {
		if n := counts[i]; n > bestN {
			best, bestN = st, n
		}
	}
	return best
}

// checkPostURL resolves {% post_url NAME %} against the Jekyll posts of
// the set, and of the _posts directory the linking post is in.
func (s *postSet) checkPostURL(from *post, l link) (*post, rules.Diagnostic, bool) {
	name := filepath.Base(filepath.FromSlash(l.dest))
	if p := s.byName(name); p != nil {
		return p, rules.Diagnostic{}, false
	}
	postsDir := jekyllPostsDir(from.path)
	if postsDir == "" && !s.anyDated() {
		return nil, rules.Diagnostic{}, false // no Jekyll posts in sight: nothing to judge by
	}
	// Not in the set: when only some posts are linted (one file, from an
	// editor or pre-commit), look on disk, in the _posts directory and in
	// the linking post's own folder.
	sub := filepath.Dir(filepath.FromSlash(l.dest))
	dirs := []string{filepath.Join(filepath.Dir(from.path), sub)}
	if postsDir != "" {
		dirs = append([]string{filepath.Join(postsDir, sub)}, dirs...)
	}
	for _, dir := range dirs {
		for _, ext := range []string{".md", ".markdown", ".html"} {
			p := filepath.Join(dir, name+ext)
			if po := s.posts[p]; po != nil {
				return po, rules.Diagnostic{}, false
			}
			if s.entry(p) == fileEntry {
				return s.parseOutside(p), rules.Diagnostic{}, false
			}
		}
	}
	return nil, rules.Diagnostic{Start: l.start(), End: l.end(),
		Message: fmt.Sprintf("{%% post_url %s %%} names no post", l.dest)}, true
}

// checkJekyllLink resolves {% link PATH %} from the site's root: links.root,
// or the directory that holds _posts.
func (s *postSet) checkJekyllLink(from *post, l link) (*post, rules.Diagnostic, bool) {
	root := s.root
	if root == "" {
		if pd := jekyllPostsDir(from.path); pd != "" {
			root = filepath.Dir(pd)
		}
	}
	if root == "" {
		return nil, rules.Diagnostic{}, false
	}
	p := filepath.Join(root, filepath.FromSlash(strings.TrimPrefix(l.dest, "/")))
	if t := s.posts[p]; t != nil {
		return t, rules.Diagnostic{}, false
	}
	switch s.entry(p) {
	case noEntry:
	case outsideEntry:
		return nil, leavesSite("", l), true
	case fileEntry:
		return s.parseOutside(p), rules.Diagnostic{}, false
	default:
		return nil, rules.Diagnostic{}, false
	}
	return nil, rules.Diagnostic{Start: l.start(), End: l.end(),
		Message: fmt.Sprintf("{%% link %s %%}: no such file in the site", l.dest)}, true
}

// jekyllPostsDir returns the _posts directory the clean path p is in, the
// deepest if several, or "". It is asked of every post: a look for the
// name, not a walk up the directories.
func jekyllPostsDir(p string) string {
	dir := filepath.Dir(p)
	for {
		i := strings.LastIndex(dir, "_posts")
		if i < 0 {
			return ""
		}
		end := i + len("_posts")
		if (i == 0 || os.IsPathSeparator(dir[i-1])) && (end == len(dir) || os.IsPathSeparator(dir[end])) {
			return dir[:end]
		}
		dir = dir[:i]
	}
}
