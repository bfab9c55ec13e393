package frontmatter

import (
	"fmt"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/postlint/postlint/rules"
)

var DuplicateTitle = &rules.Rule{
	Name:     "duplicate-title",
	Summary:  "two posts with the same title",
	Severity: rules.Warning,
	Run:      runTitleFacts,
	NewFact:  func() any { return new(titleFact) },
	RunSet:   runDuplicateTitle,
	Doc: `Two posts with the same title are hard to tell apart in lists, feeds and
search results, and one of them is often a copy that was meant to be
renamed. Titles are compared without regard to case and spacing. A
translation is not a duplicate: posts with the same file name in
different folders (en/blog/x.md, ja/blog/x.md) or with a language suffix
(x.md, x.ja.md) are taken as one post. Redirect stubs are not compared.

Bad (two files):

    posts/2019-05-02-kubecon-recap.md:   title: KubeCon recap
    posts/2020-08-20-kubecon-recap.md:   title: KubeCon recap

Good:

    posts/2019-05-02-kubecon-recap.md:   title: KubeCon Europe 2019 recap
    posts/2020-08-20-kubecon-recap.md:   title: KubeCon Europe 2020 recap
`,
}

var DuplicateSlug = &rules.Rule{
	Name:     "duplicate-slug",
	Summary:  "two posts in one folder with the same slug, which may give them one URL",
	Severity: rules.Warning,
	Run:      runSlugFacts,
	NewFact:  func() any { return new(slugFact) },
	RunSet:   runDuplicateSlug,
	Doc: `A post's slug is the last part of its URL: the front-matter slug if it
has one, else its file name without a Jekyll date (2017-03-30-) and
extension (for a Hugo bundle, index.md, the folder's name). Two posts of
one folder with the same slug get the same URL wherever the site's
permalinks do not include the date, and one of them is lost. Posts in
different folders, such as translations, are not compared.

Bad (two files):

    _posts/2019-05-02-recap.md
    _posts/2020-08-20-recap.md

Good:

    _posts/2019-05-02-kubecon-2019-recap.md
    _posts/2020-08-20-kubecon-2020-recap.md
`,
}

var TagNearDuplicate = &rules.Rule{
	Name:     "tag-near-duplicate",
	Summary:  "a tag that is a stray spelling of a more common one (K8s for k8s)",
	Severity: rules.Info,
	Run:      runTagFacts,
	NewFact:  func() any { return new(tagFact) },
	RunSet:   runTagNearDuplicate,
	Doc: `Each spelling of a tag gets its own tag page, so a post tagged "Community"
is missing from the page of the 50 posts tagged "community". Across the
whole blog, this rule reports:

- a tag that differs from a more common tag only in case or separators
  (K8s and k8s, go fix and gofix), on each post that uses the rarer one;
- a tag used by one post only that is one letter away from a tag used by
  several (kubernete and kubernetes, proposal and proposals). Tags of
  fewer than four letters, and differences in digits (go1.21, go1.22),
  are left alone.

The tags are those of tags.key (default tags).

Bad:

    tags: [Community, proposal]   # 50 posts use community, 7 proposals

Good:

    tags: [community, proposals]
`,
}

// titleFact is what a post leaves for duplicate-title.
type titleFact struct {
	title string
	at    rules.Span
	post  string // the post, the same for its translations
}

// slugFact is what a post leaves for duplicate-slug.
type slugFact struct {
	dir, slug string
	lang      string // a Hugo language suffix: x.ja.md
	fromField bool
	at        rules.Span
}

// tagFact is what a post leaves for tag-near-duplicate.
type tagFact struct {
	tags []tagUse
}

type tagUse struct {
	name string
	at   rules.Span
}

var langSuffix = regexp.MustCompile(`\.([a-z]{2,3}(?:[-_][A-Za-z]{2,4})?)$`)

// names returns a post's slug from its file name, its language suffix,
// and its folder.
func names(p string) (slug, lang, dir string) {
	p = filepath.ToSlash(p)
	dir, base := path.Split(p)
	dir = strings.TrimSuffix(dir, "/")
	base = strings.TrimSuffix(base, path.Ext(base))
	if m := langSuffix.FindStringSubmatch(base); m != nil {
		lang = m[1]
		base = strings.TrimSuffix(base, m[0])
	}
	if base == "index" || base == "_index" {
		// A Hugo page bundle is named by its folder.
		dir, base = path.Split(dir)
		dir = strings.TrimSuffix(dir, "/")
	}
	base = jekyllName.ReplaceAllString(base, "")
	return base, lang, dir
}

func runTitleFacts(pass *rules.Pass) {
	doc := pass.Doc
	x := doc.Fields()
	if x == nil || standingOf(doc) == redirect {
		return
	}
	f := x.ByKey["title"]
	title, ok := doc.StringField("title")
	title = strings.Join(strings.Fields(title), " ")
	if f == nil || !ok || title == "" {
		return
	}
	slug, _, _ := names(doc.Path)
	pass.Export(titleFact{title: title, at: f.Value.Span, post: slug})
}

func runDuplicateTitle(pass *rules.SetPass) {
	byTitle := map[string][]int{}
	for i, ff := range pass.Files {
		t := ff.Fact.(titleFact)
		key := strings.ToLower(t.title)
		byTitle[key] = append(byTitle[key], i)
	}
	for _, group := range byTitle {
		// Each post names the first file of the group that is another
		// post (not one of its translations) and counts the rest: from the
		// first two posts of the group and the files of each post, in one
		// pass, however large the group (20,000 posts with one title took
		// half a minute when every post looked at every other).
		perPost := map[string]int{}
		first, second := -1, -1 // the first files of the group's first two posts
		for _, i := range group {
			post := pass.Files[i].Fact.(titleFact).post
			perPost[post]++
			switch {
			case first < 0:
				first = i
			case second < 0 && post != pass.Files[first].Fact.(titleFact).post:
				second = i
			}
		}
		for _, i := range group {
			me := pass.Files[i].Fact.(titleFact)
			others := len(group) - perPost[me.post]
			if others == 0 {
				continue
			}
			other := first
			if pass.Files[first].Fact.(titleFact).post == me.post {
				other = second
			}
			more := ""
			if others > 1 {
				more = fmt.Sprintf(" and %d more", others-1)
			}
			pass.Report(rules.Diagnostic{
				Path:    pass.Files[i].Path,
				Start:   me.at.Start,
				End:     me.at.End,
				Message: fmt.Sprintf("title %q is also the title of %s%s", me.title, pass.Files[other].Path, more),
			})
		}
	}
}

func runSlugFacts(pass *rules.Pass) {
	doc := pass.Doc
	if doc.FrontMatter != nil && (doc.FrontMatter.Unclosed || doc.FrontMatter.Data == nil) {
		return
	}
	if standingOf(doc) == redirect || notAPost(doc.Path) {
		return
	}
	slug, lang, dir := names(doc.Path)
	fact := slugFact{dir: dir, slug: slug, lang: lang, at: doc.FirstLine()}
	if x := doc.Fields(); x != nil {
		if f := x.ByKey["slug"]; f != nil {
			if s, ok := doc.StringField("slug"); ok && strings.TrimSpace(s) != "" {
				fact.slug, fact.fromField, fact.at = strings.TrimSpace(s), true, f.Value.Span
			}
		}
	}
	pass.Export(fact)
}

func runDuplicateSlug(pass *rules.SetPass) {
	type key struct{ dir, slug, lang string }
	groups := map[key][]int{}
	for i, ff := range pass.Files {
		s := ff.Fact.(slugFact)
		k := key{s.dir, strings.ToLower(s.slug), s.lang}
		groups[k] = append(groups[k], i)
	}
	for _, group := range groups {
		if len(group) < 2 {
			continue
		}
		for _, i := range group {
			me := pass.Files[i].Fact.(slugFact)
			other := group[0]
			if other == i {
				other = group[1]
			}
			from := "its file name"
			if me.fromField {
				from = "its slug field"
			}
			more := ""
			if len(group) > 2 {
				more = fmt.Sprintf(" and %d more", len(group)-2)
			}
			pass.Report(rules.Diagnostic{
				Path:    pass.Files[i].Path,
				Start:   me.at.Start,
				End:     me.at.End,
				Message: fmt.Sprintf("slug %q (from %s) is also the slug of %s%s", me.slug, from, pass.Files[other].Path, more),
			})
		}
	}
}

func runTagFacts(pass *rules.Pass) {
	x := pass.Doc.Fields()
	if x == nil {
		return
	}
	f := x.ByKey[pass.Config.Section("tags").(*TagsConfig).key()]
	if f == nil || f.Value.Kind != rules.List {
		return
	}
	var fact tagFact
	seen := map[string]bool{}
	for _, it := range f.Value.Items {
		if it.Kind == rules.Scalar && strings.TrimSpace(it.Text) != "" && !seen[it.Text] {
			seen[it.Text] = true
			fact.tags = append(fact.tags, tagUse{name: it.Text, at: it.Span})
		}
	}
	if len(fact.tags) > 0 {
		pass.Export(fact)
	}
}

func runTagNearDuplicate(pass *rules.SetPass) {
	// How many posts use each spelling.
	count := map[string]int{}
	for _, ff := range pass.Files {
		for _, t := range ff.Fact.(tagFact).tags {
			count[t.name]++
		}
	}
	// The most used spelling of each normalized form; ties go to the
	// lower-case one, then to the first in order.
	spellings := make([]string, 0, len(count))
	for name := range count {
		spellings = append(spellings, name)
	}
	sort.Strings(spellings)
	best := map[string]string{}
	for _, name := range spellings {
		n := normalizeTag(name)
		b, ok := best[n]
		if !ok || count[name] > count[b] || count[name] == count[b] && name == strings.ToLower(name) && b != strings.ToLower(b) {
			best[n] = name
		}
	}
	// Common tags: used by more than one post.
	var common []string
	for _, name := range spellings {
		if best[normalizeTag(name)] == name && count[name] > 1 {
			common = append(common, name)
		}
	}
	near := newNearTags(common)
	for _, ff := range pass.Files {
		tags := ff.Fact.(tagFact).tags
		mine := map[string]bool{}
		for _, t := range tags {
			mine[t.name] = true
		}
		for _, t := range tags {
			var msg string
			if b := best[normalizeTag(t.name)]; b != t.name {
				if mine[b] {
					continue // both in one post: the tags rule reports it
				}
				msg = fmt.Sprintf("tag %q is a variant of %q (%s); use one spelling", t.name, b, uses(count, t.name, b))
			} else if count[t.name] == 1 {
				if near := near.find(t.name); near != "" {
					msg = fmt.Sprintf("tag %q, used by this post only, looks like %q (%d posts)", t.name, near, count[near])
				}
			}
			if msg != "" {
				pass.Report(rules.Diagnostic{Path: ff.Path, Start: t.at.Start, End: t.at.End, Message: msg})
			}
		}
	}
}

func uses(count map[string]int, name, best string) string {
	if count[name] == 1 {
		return fmt.Sprintf("used by this post only, %q by %d", best, count[best])
	}
	return fmt.Sprintf("%d posts, %q %d", count[name], best, count[best])
}

// nearTags finds the common tag one letter away from a name. Comparing
// each rare tag with every common one took half a minute on 30,000 posts
// with 20,000 tags; instead, every common tag is filed under each of its
// forms with one letter taken out, so the tags one edit away from a name
// are found by looking up the name's own such forms.
type nearTags struct {
	common []string
	exact  map[string][]int // normalized tag -> indices into common
	cut    map[cutKey][]int // normalized tag with the rune at i taken out
}

type cutKey struct {
	s string
	i int
}

func newNearTags(common []string) *nearTags {
	nt := &nearTags{common: common, exact: map[string][]int{}, cut: map[cutKey][]int{}}
	for i, c := range common {
		m := []rune(normalizeTag(c))
		if letters(string(m)) < 4 {
			continue
		}
		nt.exact[string(m)] = append(nt.exact[string(m)], i)
		for j := range m {
			k := cutKey{string(m[:j]) + string(m[j+1:]), j}
			nt.cut[k] = append(nt.cut[k], i)
		}
	}
	return nt
}

// find returns the first common tag (in their order) one letter away from
// name, if any: a letter added, dropped or replaced, digits alike.
func (nt *nearTags) find(name string) string {
	n := normalizeTag(name)
	if letters(n) < 4 {
		return ""
	}
	r := []rune(n)
	var cands []int
	for j := range len(r) + 1 {
		// name is a common tag with the rune at j taken out.
		cands = append(cands, nt.cut[cutKey{n, j}]...)
		if j == len(r) {
			break
		}
		cut := string(r[:j]) + string(r[j+1:])
		// A common tag is name with the rune at j taken out, or name with
		// that rune replaced.
		cands = append(cands, nt.exact[cut]...)
		cands = append(cands, nt.cut[cutKey{cut, j}]...)
	}
	best := -1
	for _, i := range cands {
		if best >= 0 && i >= best {
			continue
		}
		m := normalizeTag(nt.common[i])
		if m == n || abs(len(m)-len(n)) > 1 || digitsDiffer(n, m) {
			continue
		}
		if rules.EditDistance(r, []rune(m), 2) == 1 {
			best = i
		}
	}
	if best < 0 {
		return ""
	}
	return nt.common[best]
}

func letters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

// digitsDiffer says whether a and b hold different digits: go1.21 and
// go1.22 are different tags, not a slip.
func digitsDiffer(a, b string) bool {
	digits := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsDigit(r) {
				return r
			}
			return -1
		}, s)
	}
	return digits(a) != digits(b)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
