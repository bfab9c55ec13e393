package site

import (
	"strings"
	"unicode/utf8"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/frontmatter"
)

var Description = &rules.Rule{
	Name:     "description",
	Summary:  "a front-matter description missing, too short or too long for search engines",
	Severity: rules.Off,
	Run:      runDescription,
	Options: func() any {
		return &DescriptionOptions{Min: 50, Max: 160, Keys: []string{"description", "summary", "excerpt"}}
	},
	Doc: `Search engines and link previews show a page's description (the meta
description a theme makes of the front matter's description, summary or
excerpt); without one they show whatever text they pick, often the first
line of the post. About 50 to 160 characters is what they show whole.

This rule reads the first of the keys option that the front matter has
(default description, summary, excerpt: what Jekyll's SEO tag, Hugo and
most themes read) and reports it missing, not text, or shorter than min
or longer than max characters (spaces and line breaks collapsed; max 0:
no upper bound). Drafts, redirect stubs and list pages (Hugo's _index.md,
a page that loops over the posts; see front-matter) are not checked, nor
files without front matter.

It is off by default: switch it on with rules: {description: warning}.

Options:

    rules:
      description:
        severity: warning
        min: 50
        max: 160
        keys: [description, summary, excerpt]

Bad:

    ---
    title: KubeCon day 3
    description: Recap.
    ---

Good:

    ---
    title: KubeCon day 3
    description: Keynotes, the SIG-Network deep dive and what we learnt
      about running Prometheus at scale on the last day of KubeCon EU.
    ---
`,
}

// DescriptionOptions are the options of description.
type DescriptionOptions struct {
	Min  int      `yaml:"min"`  // fewest characters
	Max  int      `yaml:"max"`  // most characters; 0: no limit
	Keys []string `yaml:"keys"` // the front-matter keys read, the first present wins
}

func runDescription(pass *rules.Pass) {
	doc := pass.Doc
	opts := pass.Options.(*DescriptionOptions)
	x := doc.Fields()
	if x == nil || len(opts.Keys) == 0 || isDraft(doc) || !frontmatter.IsPost(doc) {
		return
	}
	var f *rules.Field
	for _, key := range opts.Keys {
		if f = x.ByKey[key]; f != nil {
			break
		}
	}
	if f == nil {
		pass.Reportf(x.Open.Start, x.Open.End, "no %s: search engines and link previews show text they pick themselves; write one of %d to %d characters", strings.Join(opts.Keys, ", "), opts.Min, opts.Max)
		return
	}
	start, end := doc.ValueSpan(f)
	if start == end { // "description:" with nothing after it
		start, end = f.KeySpan.Start, f.KeySpan.End
	}
	v, _ := doc.Field(f.Key)
	s, ok := v.(string)
	if !ok {
		if v == nil {
			pass.Reportf(start, end, "%s is empty: write %d to %d characters on what the post is about", f.Key, opts.Min, opts.Max)
		} else {
			pass.Reportf(start, end, "%s is not text: search engines need one line of %d to %d characters", f.Key, opts.Min, opts.Max)
		}
		return
	}
	n := utf8.RuneCountInString(strings.Join(strings.Fields(s), " "))
	switch {
	case n == 0:
		pass.Reportf(start, end, "%s is empty: write %d to %d characters on what the post is about", f.Key, opts.Min, opts.Max)
	case n < opts.Min:
		pass.Reportf(start, end, "%s is %d %s, shorter than %d: say more of what the post is about", f.Key, n, plural(n, "character"), opts.Min)
	case opts.Max > 0 && n > opts.Max:
		pass.Reportf(start, end, "%s is %d characters, longer than %d: search engines cut it short", f.Key, n, opts.Max)
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
