// Package frontmatter checks the metadata block at the top of a post:
// that it is closed and decodes, holds the required fields with values of
// the right type, and that its tags are a usable list; and, across the
// whole blog, that no two posts share a title or a slug and that no tag is
// a stray spelling of a common one. YAML, TOML and JSON front matter are
// all read from what the core decoded once (rules.FrontMatter).
package frontmatter

import (
	"bytes"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"

	"github.com/postlint/postlint/rules"
)

// Rules are the front-matter rules, in the order `postlint rules` lists
// them.
var Rules = []*rules.Rule{FrontMatter, Tags, DuplicateTitle, DuplicateSlug, TagNearDuplicate}

// Sections are the config sections of the front-matter rules.
var Sections = []rules.Section{
	{Key: "front_matter", New: func() any { return &Config{Required: []string{"title", "date"}} }},
	{Key: "tags", New: func() any { return &TagsConfig{Required: true, Allowed: []string{}, Key: "tags"} }},
}

// Config is the front_matter section of .postlint.yml.
type Config struct {
	// Required fields; "date" is also satisfied by a Jekyll file name
	// such as 2017-03-30-slug.md.
	Required []string `yaml:"required"`
}

// TagsConfig is the tags section of .postlint.yml.
type TagsConfig struct {
	Required bool     `yaml:"required"` // every post needs at least one tag
	Allowed  []string `yaml:"allowed"`  // the only tags allowed; empty: any
	Key      string   `yaml:"key"`      // the front-matter key of the taxonomy
}

func (c *TagsConfig) key() string {
	if c.Key == "" {
		return "tags"
	}
	return c.Key
}

// A post's standing, which exempts it from required fields and tags.
type standing int

const (
	post     standing = iota
	draft             // draft: true
	redirect          // a stub whose front matter sends readers elsewhere
	listPage          // Hugo's _index.md, an index.md beside posts, or a page that loops over the posts
)

type standingKey struct{}

// IsPost says whether doc is a post as the front-matter rules judge it:
// not a draft (draft: true), a redirect stub, or a list page (Hugo's
// _index.md, an index.md beside other posts, or a page that loops over
// the posts). Other rule families use it to exempt the same pages.
func IsPost(doc *rules.Document) bool { return standingOf(doc) == post }

func standingOf(doc *rules.Document) standing {
	return doc.Memo(standingKey{}, func() any { return findStanding(doc) }).(standing)
}

func findStanding(doc *rules.Document) standing {
	base := filepath.Base(doc.Path)
	if strings.HasPrefix(base, "_index.") {
		return listPage
	}
	if strings.HasPrefix(base, "index.") {
		siblings := hasSiblingPosts(doc.ReadDir, doc.Path)
		doc.Depend(Siblings, doc.Path, strconv.FormatBool(siblings))
		if siblings {
			return listPage
		}
	}
	if v, ok := doc.Field("draft"); ok && (v == true || v == "true") {
		return draft
	}
	if listsPosts(doc) {
		return listPage
	}
	for _, k := range []string{"redirect", "redirect_to", "redirectTo"} {
		if v, ok := doc.Field(k); ok && !isEmpty(v) {
			return redirect
		}
	}
	return post
}

// postLoop is a template loop over the site's posts or pages at the start
// of a line: Liquid's {% for post in site.posts %} (or paginator.posts,
// Eleventy's collections.posts), or a Go template's {{range ... pages}}.
var postLoop = regexp.MustCompile(`^(\{%-?\s*for\s+\w+\s+in\s+(site|paginator|collections)\.|\{\{-?\s*range\b[^}]*\b(pages|Pages|posts|Posts)\b)`)

// listsPosts says whether the body of doc lists the site's posts with a
// template loop on a line of its own: an archive or index page, not a
// post. Code blocks, where a post shows such a loop, do not count.
func listsPosts(doc *rules.Document) bool {
	if !bytes.Contains(doc.Src, []byte("{%")) && !bytes.Contains(doc.Src, []byte("{{")) {
		return false
	}
	for n := doc.AST.FirstChild(); n != nil; n = n.NextSibling() {
		switch n.Kind() {
		case ast.KindParagraph, ast.KindHTMLBlock:
		default:
			continue
		}
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			line := bytes.TrimLeft(seg.Value(doc.Src), " \t")
			if len(line) > 2 && line[0] == '{' && postLoop.Match(line) {
				return true
			}
		}
	}
	return false
}

// hasSiblingPosts says whether other Markdown files share the folder of
// an index.md: it is then the folder's index page (in Jekyll, Eleventy or
// Go's website), not a Hugo page bundle, whose index.md is a post.
func hasSiblingPosts(readDir func(string) ([]fs.DirEntry, error), p string) bool {
	entries, err := readDir(filepath.Dir(p))
	if err != nil {
		return false
	}
	for _, e := range entries {
		name := e.Name()
		ext := strings.ToLower(filepath.Ext(name))
		if !e.IsDir() && (ext == ".md" || ext == ".markdown") && name != filepath.Base(p) && !notAPost(name) {
			return true
		}
	}
	return false
}

// Siblings is the dependency of the verdicts on an index.md on whether
// other posts share its folder (see hasSiblingPosts): a post added beside
// a Hugo bundle's index.md makes it the folder's index page.
var Siblings = &rules.Dependency{
	Name: "sibling-posts",
	New: func(dirs *rules.Listings) func(string) string {
		return func(p string) string { return strconv.FormatBool(hasSiblingPosts(dirs.ReadDir, p)) }
	},
}

// notAPost says whether a file with no front matter at all is a
// repository's own document rather than a post.
func notAPost(path string) bool {
	base := strings.ToLower(filepath.Base(path))
	base = strings.TrimSuffix(base, filepath.Ext(base))
	switch base {
	case "readme", "changelog", "contributing", "license", "code_of_conduct", "security", "_index":
		return true
	}
	return false
}

// jekyllName matches the date a Jekyll file name starts with
// (2017-03-30-slug.md), which crossposts differ in.
var jekyllName = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})-`)

func isEmpty(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(v) == ""
	case []any:
		return len(v) == 0
	case map[string]any:
		return len(v) == 0
	}
	return false
}

var FrontMatter = &rules.Rule{
	Name:     "front-matter",
	Summary:  "front matter that is unclosed, malformed, or lacks a required field",
	Severity: rules.Error,
	Depends:  []*rules.Dependency{Siblings},
	Fixes:    rules.Suggestions,
	Run:      runFrontMatter,
	Doc: `The front matter is the block of metadata at the top of a post, in YAML
(between --- lines), TOML (between +++ lines) or JSON (between ;;; lines,
or a { ... } block). Site generators need it whole and well-formed: a
block that is never closed turns the whole post into text, and one that
does not decode breaks the build. This rule reports:

- front matter that is opened and never closed (on its first line);
- front matter that does not decode, on the line of the problem, with the
  parser's message in plain words;
- a JSON key given twice (the last one wins, silently);
- a field of front_matter.required that is missing or empty (default:
  title and date). A Jekyll file name such as 2017-03-30-slug.md gives
  the post its date, and so does Hugo's publishDate (or pubdate). Drafts
  (draft: true), redirect stubs (redirect: or redirect_to:) and list
  pages are exempt: Hugo's _index.md, an index.md beside other posts (a
  folder's index page; an index.md alone in its folder is a Hugo page
  bundle, that is a post), and a page whose body loops over the posts
  ({% for post in site.posts %}, {{range ... pages}} on a line of their
  own, outside code). A file without any front matter is reported once,
  except README and similar repository files. A required key written in
  other capitals ("Title") is reported at that key, with a suggested
  rename: Hugo ignores the case of keys, Jekyll and most other
  generators do not;
- a title that is a list, a mapping or a boolean rather than text (a
  number such as 2024 is printed as text and accepted);
- a date (also lastmod, publishDate, pubdate, expiryDate) that is not a
  date: YAML and TOML dates, and strings such as 2024-05-01,
  2024-05-01T10:00:00Z or Jekyll's 2024-05-01 10:00:00 +0100, are
  accepted.

Config:

    front_matter:
      required: [title, date]

Bad:

    ---
    title: Go: the language
    date: 2024-02-30
    ---

Good:

    ---
    title: "Go: the language"
    date: 2024-02-29
    ---
`,
}

var Tags = &rules.Rule{
	Name:     "tags",
	Summary:  "tags missing, empty, not a list, or outside the allowed set",
	Severity: rules.Error,
	Fixes:    rules.SomeSafe,
	FixNote:  "Writing a string of tags as a list is safe, unless its tags differ only in case or separators; replacing a tag outside tags.allowed, and renaming a key written in other capitals, are suggestions.",
	Run:      runTags,
	Doc: `A post without tags never shows up on a tag page. This rule reads the
front-matter key named by tags.key (default tags) and reports:

- no tags, when tags.required is true (the default); a post filed under
  categories or category instead is not reported; nor are drafts,
  redirect stubs and list pages (see front-matter);
- tags that are empty ("tags:" or "tags: []"), when tags.required is true;
- tags written as one string ("tags: mrepo puppetlabs"): Hugo takes that
  for one tag and Jekyll for space-separated tags. The safe fix writes
  the list, split at commas if there are any, else at spaces, in the
  file's own style (a "- " list if the front matter has one, else [a, b]);
- an empty tag, or one that is itself a list or mapping;
- a tag that is not in tags.allowed, when that list is not empty, on the
  tag's own line, with the closest allowed tag when it is likely the one
  meant: a case or typing slip (which gets a fix that --fix does not
  apply), a third of the letters or fewer off ("evnets" for "events"),
  or the tag with more after it ("golang" for "go"); otherwise with the
  allowed tags when there are at most six ("Kubecon" is not "go");
- the same tag twice in one post, or two tags that differ only in case or
  separators (K8s and k8s, open-source and opensource); one that is not
  in tags.allowed beside the allowed spelling gets one report, to remove
  it.

A post with no front matter, or one that does not decode, is left to the
front-matter rule.

Config:

    tags:
      required: true   # every post needs a tag
      allowed: []      # the only tags allowed; empty: any
      key: tags        # the front-matter key of the taxonomy

Bad:

    ---
    title: Puppet at scale
    tags: mrepo puppetlabs
    ---

Good:

    ---
    title: Puppet at scale
    tags: [mrepo, puppetlabs]
    ---
`,
}
