package links

import (
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/postlint/postlint/rules"
)

// A post is one Markdown file known to the whole-set pass.
type post struct {
	path string // absolute, clean
	fl   *fileLinks
	ids  map[anchorStyle]map[string]bool
}

// hasAnchor reports whether the fragment names an id of the post.
func (p *post) hasAnchor(frag string, style anchorStyle) bool {
	if frag == "" || frag == "top" {
		return true // "#top" scrolls to the top in every browser
	}
	return p.anchorSet(style)[frag]
}

func (p *post) anchorSet(style anchorStyle) map[string]bool {
	if set, ok := p.ids[style]; ok {
		return set
	}
	if p.ids == nil {
		p.ids = map[anchorStyle]map[string]bool{}
	}
	set := map[string]bool{}
	for _, id := range headingIDs(p.fl.headings, style) {
		set[id] = true
	}
	for _, id := range p.fl.anchors {
		set[id] = true
	}
	p.ids[style] = set
	return set
}

// postSet is the in-memory index the local links are resolved against,
// built once: the posts being linted, by path, slug and Jekyll name, and
// the listings of the directories links point into, each read once.
type postSet struct {
	posts  map[string]*post // by absolute path
	bySlug map[string]*post // Hugo: the directory of the page plus its front-matter slug
	dated  map[string]*post // Jekyll: "2017-03-29-slug", the name without extension
	root   string           // links.root, absolute; "" if not set

	dirs    map[string]map[string]bool // directory -> its entries (name -> is a directory)
	outside map[string]*post           // Markdown files linked to but not linted, parsed once
	cwd     string                     // the working directory, or "" if unknown
}

func newPostSet(sp *rules.SetPass, cfg *Config) *postSet {
	s := &postSet{
		posts: map[string]*post{}, bySlug: map[string]*post{}, dated: map[string]*post{},
		dirs: map[string]map[string]bool{}, outside: map[string]*post{},
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
	for _, f := range sp.Files {
		fl, ok := f.Fact.(*fileLinks)
		if !ok {
			continue
		}
		p := &post{path: s.abs(f.Path), fl: fl}
		s.posts[p.path] = p
		base := filepath.Base(p.path)
		stem := strings.TrimSuffix(base, filepath.Ext(base))
		if jekyllName(stem) {
			s.dated[stem] = p
		}
		if fl.slug != "" && !strings.ContainsAny(fl.slug, `/\`) {
			dir := filepath.Dir(p.path)
			if isIndex(base) {
				dir = filepath.Dir(dir)
			}
			s.bySlug[filepath.Join(dir, fl.slug)] = p
		}
	}
	return s
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

// entry tells whether p exists on disk and is a directory, from the
// listing of its directory: one ReadDir per directory, however many links
// point into it.
func (s *postSet) entry(p string) (exists, isDir bool) {
	dir, name := filepath.Dir(p), filepath.Base(p)
	list, ok := s.dirs[dir]
	if !ok {
		list = map[string]bool{}
		if ents, err := os.ReadDir(dir); err == nil {
			for _, e := range ents {
				d := e.IsDir()
				if e.Type()&os.ModeSymlink != 0 {
					if st, err := os.Stat(filepath.Join(dir, e.Name())); err == nil {
						d = st.IsDir()
					}
				}
				list[e.Name()] = d
			}
		}
		s.dirs[dir] = list
	}
	isDir, exists = list[name]
	return exists, isDir
}

// target is what a local link resolved to.
type target struct {
	post  *post  // a Markdown post (linted or not), or nil
	found bool   // a post, file or directory exists
	path  string // what was found
}

// find resolves a path as a site generator or GitHub would: the file
// itself, the Markdown source of a page (X.md, X/index.md, X.html's X.md),
// or a page by its slug.
func (s *postSet) find(p string) target {
	p = filepath.Clean(p)
	try := func(c string) (target, bool) {
		if po := s.posts[c]; po != nil {
			return target{post: po, found: true, path: c}, true
		}
		exists, isDir := s.entry(c)
		if !exists {
			return target{}, false
		}
		if !isDir {
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
	if po := s.bySlug[stem]; po != nil {
		return target{post: po, found: true, path: po.path}
	}
	return target{}
}

// tryFile looks for a regular file only.
func (s *postSet) tryFile(c string) (target, bool) {
	if po := s.posts[c]; po != nil {
		return target{post: po, found: true, path: c}, true
	}
	if exists, isDir := s.entry(c); exists && !isDir {
		return target{post: s.parseOutside(c), found: true, path: c}, true
	}
	return target{}, false
}

// parseOutside reads a Markdown file that is linked to but not linted,
// once, for its anchors. Other files give nil.
func (s *postSet) parseOutside(p string) *post {
	if !isMarkdownName(p) {
		return nil
	}
	if po, ok := s.outside[p]; ok {
		return po
	}
	var po *post
	if src, err := os.ReadFile(p); err == nil {
		po = &post{path: p, fl: collect(rules.Parse(p, src))}
	}
	s.outside[p] = po
	return po
}

// localLink splits a link into the path and fragment it names, or says
// it is not local: external, another scheme, or a template.
func localLink(dest string) (path, frag string, ok bool) {
	if strings.Contains(dest, "{{") || strings.Contains(dest, "{%") || strings.HasPrefix(dest, "//") {
		return "", "", false
	}
	if i := strings.IndexAny(dest, ":/?#"); i > 0 && dest[i] == ':' {
		return "", "", false // http:, mailto:, tel:, data:, javascript:...
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

func runBroken(sp *rules.SetPass) {
	cfg := section(sp.Config)
	s := newPostSet(sp, cfg)
	var anchors []anchorCheck
	type miss struct {
		file string
		d    rules.Diagnostic
	}
	var assetMisses []miss
	assetTargets, assetsFound := map[string]bool{}, 0

	for _, f := range sp.Files {
		fl, ok := f.Fact.(*fileLinks)
		if !ok {
			continue
		}
		from := s.posts[s.abs(f.Path)]
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
					sp.Report(withPath(d, f.Path))
				}
				// {% post_url NAME %}#id: the id is checked in that post.
				if target != nil && l.fragEnd > l.fragStart {
					fl := link{start: l.fragStart, end: l.fragEnd, dest: l.frag, kind: l.kind, exact: true, plain: true}
					anchors = append(anchors, anchorCheck{file: f.Path, l: fl, target: target, frag: l.frag[1:]})
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
					anchors = append(anchors, anchorCheck{file: f.Path, l: l, target: from, self: true, frag: frag})
				}
				continue
			}
			var cands []string
			switch {
			case strings.HasPrefix(p, "/"):
				if s.root == "" {
					continue
				}
				cands = []string{filepath.Join(s.root, filepath.FromSlash(p))}
			default:
				dir := filepath.Dir(from.path)
				cands = []string{filepath.Join(dir, filepath.FromSlash(p))}
				if base := filepath.Base(from.path); !isIndex(base) {
					// Hugo serves a page at its own URL, so "../other/" in
					// a/page.md means a/other: resolve from the page too.
					page := filepath.Join(dir, strings.TrimSuffix(base, filepath.Ext(base)))
					cands = append(cands, filepath.Join(page, filepath.FromSlash(p)))
				}
			}
			var t target
			for _, c := range cands {
				if t = s.find(c); t.found {
					break
				}
			}
			asset := l.kind == kindImage || isAsset(p)
			if asset {
				assetTargets[cands[0]] = true
				if t.found {
					assetsFound++
				}
			}
			if !t.found {
				d := rules.Diagnostic{Path: f.Path, Start: l.start, End: l.end,
					Message: fmt.Sprintf("%q does not exist", strings.SplitN(l.dest, "#", 2)[0])}
				if asset {
					assetMisses = append(assetMisses, miss{f.Path, d})
				} else {
					sp.Report(d)
				}
				continue
			}
			if frag != "" && t.post != nil {
				anchors = append(anchors, anchorCheck{file: f.Path, l: l, target: t.post, frag: frag})
			}
		}
	}

	log := cfg.notices()
	if assetsFound == 0 && len(assetTargets) >= assetGuard {
		log.printf("assets", "none of the %d links to images and other files resolves: they are not in this tree, so broken-link does not report them", len(assetTargets))
	} else {
		for _, m := range assetMisses {
			sp.Report(m.d)
		}
	}

	style := anchorStyle(cfg.Anchors)
	if style == styleAuto || style == "" {
		style = bestStyle(anchors)
	}
	for _, a := range anchors {
		if a.target.hasAnchor(a.frag, style) {
			continue
		}
		where := "this post"
		if !a.self {
			where = filepath.ToSlash(relPath(filepath.Dir(s.abs(a.file)), a.target.path))
		}
		d := rules.Diagnostic{Path: a.file, Start: a.l.start, End: a.l.end,
			Message: fmt.Sprintf("no heading or anchor %q in %s", "#"+a.frag, where)}
		if sug := closest(a.frag, a.target.anchorSet(style)); sug != "" {
			d.Message += fmt.Sprintf(" (did you mean #%s?)", sug)
			if a.l.plain {
				at := a.l.start + strings.IndexByte(a.l.dest, '#') + 1
				d.Fixes = []rules.Fix{{Message: "Link to #" + sug, Edits: []rules.Edit{{Start: at, End: a.l.end, NewText: sug}}}}
			}
		}
		sp.Report(d)
	}
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
// #fragments resolve; github when none does better.
func bestStyle(checks []anchorCheck) anchorStyle {
	best, bestN := styleGitHub, -1
	for _, st := range styles {
		n := 0
		for _, a := range checks {
			if a.target.hasAnchor(a.frag, st) {
				n++
			}
		}
		if n > bestN {
			best, bestN = st, n
		}
	}
	return best
}

// closest returns the id nearest to frag, if one is near enough to be
// the one meant.
func closest(frag string, ids map[string]bool) string {
	best, bestD := "", min(3, len(frag)/4+1)
	for id := range ids {
		if strings.EqualFold(id, frag) {
			return id
		}
		// With limit bestD+1, a distance of bestD is exact.
		if d := rules.EditDistance([]byte(frag), []byte(id), bestD+1); d < bestD || (d == bestD && best != "" && id < best) {
			best, bestD = id, d
		}
	}
	return best
}

// checkPostURL resolves {% post_url NAME %} against the Jekyll posts of
// the set, and of the _posts directory the linking post is in.
func (s *postSet) checkPostURL(from *post, l link) (*post, rules.Diagnostic, bool) {
	name := filepath.Base(filepath.FromSlash(l.dest))
	if p := s.dated[name]; p != nil {
		return p, rules.Diagnostic{}, false
	}
	postsDir := jekyllPostsDir(from.path)
	if postsDir == "" && len(s.dated) == 0 {
		return nil, rules.Diagnostic{}, false // no Jekyll posts in sight: nothing to judge by
	}
	if postsDir != "" {
		dir := filepath.Join(postsDir, filepath.Dir(filepath.FromSlash(l.dest)))
		for _, ext := range []string{".md", ".markdown", ".html"} {
			if ok, isDir := s.entry(filepath.Join(dir, name+ext)); ok && !isDir {
				return nil, rules.Diagnostic{}, false
			}
		}
	}
	return nil, rules.Diagnostic{Start: l.start, End: l.end,
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
	if ok, _ := s.entry(p); ok {
		return nil, rules.Diagnostic{}, false
	}
	return nil, rules.Diagnostic{Start: l.start, End: l.end,
		Message: fmt.Sprintf("{%% link %s %%}: no such file in the site", l.dest)}, true
}

// jekyllPostsDir returns the _posts directory p is in, or "".
func jekyllPostsDir(p string) string {
	for dir := filepath.Dir(p); ; {
		if filepath.Base(dir) == "_posts" {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}
