package site

import (
	"fmt"
	"regexp"
	"time"

	"github.com/postlint/postlint/rules"
)

// FutureDate reads the clock (Pass.Now): Clock tells a result cache not to
// serve it from an earlier run, where a post dated tomorrow was still in
// the future.
var FutureDate = &rules.Rule{
	Name:     "future-date",
	Summary:  "a post dated after the time of the run: the site will not publish it yet",
	Severity: rules.Warning,
	Clock:    true,
	Depends:  []*rules.Dependency{SiteFile},
	Run:      runFutureDate,
	Doc: `Jekyll and Hugo leave out a post dated in the future: it is not built, not
listed, not in the feed, until a build runs after its date. Nothing fails;
the post simply does not appear. This rule reports a post whose date is
after the time of the run:

- the date is Hugo's publishDate (or pubdate, published) when there is
  one, else date, else the date of a Jekyll file name (2027-01-05-slug.md);
  Jekyll reads only date and the file name;
- a date written with a UTC offset (2027-01-05T09:00:00-07:00) is that
  instant; one without (2027-01-05, or 2027-01-05 09:00) is a time in the
  site's time zone: site.timezone, else the timezone (Jekyll) or timeZone
  (Hugo) of the site's config file, else UTC, as Hugo and GitHub Pages
  read it. A date alone is midnight, so a post dated today is published;
- not reported: drafts (draft: true, published: false, posts in _drafts),
  and every post when the site builds future posts: site.future: true, or
  future: true (Jekyll's _config.yml) or buildFuture = true (Hugo's config).

The time of the run is read once, so every post of a run is judged at the
same instant.

Bad (linted on 2026-12-02):

    ---
    title: KubeCon EU 2027 recap
    date: 2027-04-05
    ---

Good: the post waits as a draft until its day comes.

    ---
    title: KubeCon EU 2027 recap
    date: 2027-04-05
    draft: true
    ---
`,
}

// DateMismatch depends on the site's time zone but not on the clock.
var DateMismatch = &rules.Rule{
	Name:     "date-mismatch",
	Summary:  "a front-matter date on another day than the date in the post's file name",
	Severity: rules.Warning,
	Depends:  []*rules.Dependency{SiteFile},
	Fixes:    rules.Suggestions,
	Run:      runDateMismatch,
	Doc: `A Jekyll post's file name starts with its date (2019-05-21-slug.md), and a
date in its front matter overrides it: the page, its URL (/2019/05/20/slug/)
and the feed take the front matter's, while the file name, {% post_url %}
tags and anyone browsing _posts/ see the other. This rule reports a date
on another day than the file name's, with a suggested fix that dates the
front matter as the file name does (or rename the file instead).

Time zones are taken into account: 2019-05-20T23:30:00-07:00 in a file
named 2019-05-21-... is the same day in UTC, and Jekyll builds the URL in
the site's time zone (site.timezone, or the timezone of _config.yml, else
UTC); a date that matches either as written or in that zone is fine.

nanoc's created_at (the Prometheus blog's key) is read when there is no
date: nanoc shows it on the page, and the URL comes from the file name.
Not checked under Hugo (site.generator: hugo, or a Hugo config beside the
posts), which reads no dates from file names by default.

Bad:

    _posts/2019-05-21-kubecon-day-1.md:
    ---
    date: 2019-05-20 09:00:00
    ---

Good:

    _posts/2019-05-21-kubecon-day-1.md:
    ---
    date: 2019-05-21 09:00:00
    ---
`,
}

// publishDate is the date the site publishes the post at, as the
// generator reads it (see FutureDate's documentation).
func publishDate(doc *rules.Document, gen Generator) (rules.PostDate, bool) {
	if gen != Jekyll {
		if pd, ok := doc.DateField("publishDate", "pubdate", "published"); ok {
			return pd, true
		}
	}
	if pd, ok := doc.DateField("date"); ok {
		return pd, true
	}
	if fd, ok := rules.FileNameDate(doc.Path); ok {
		return rules.PostDate{Date: fd}, true
	}
	return rules.PostDate{}, false
}

func runFutureDate(pass *rules.Pass) {
	doc := pass.Doc
	if isDraft(doc) {
		return
	}
	st := settingsOf(pass)
	if st.future {
		return
	}
	pd, ok := publishDate(doc, st.generator)
	if !ok {
		return
	}
	at := pd.In(st.loc)
	if !at.After(pass.Now) {
		return
	}
	when := fmt.Sprintf("%s %s is", pd.Key, formatDate(pd.Date, at))
	start, end := pd.Span.Start, pd.Span.End
	if pd.Key == "" {
		when = fmt.Sprintf("the file name dates the post %s,", formatDate(pd.Date, at))
		first := doc.FirstLine()
		start, end = first.Start, first.End
	}
	var who string
	switch st.generator {
	case Jekyll:
		who = "Jekyll leaves the post out until then (unless built with --future)"
	case Hugo:
		who = "Hugo leaves the post out until then (unless built with --buildFuture)"
	default:
		who = "Jekyll and Hugo leave the post out until then (unless built with --future or --buildFuture)"
	}
	// The time of the run stays out of the message: the same post gives
	// the same diagnostic on every run until its date comes.
	pass.Reportf(start, end, "%s in the future: %s", when, who)
}

// formatDate writes a date as the message shows it: the day alone when no
// time was written, else the time at, in its zone.
func formatDate(d rules.Date, at time.Time) string {
	if d.DateOnly {
		return at.Format("2006-01-02")
	}
	return at.Format("2006-01-02 15:04 MST")
}

// isoDay is the day at the start of a date value, after a quote.
var isoDay = regexp.MustCompile(`^["']?(\d{4}-\d{1,2}-\d{1,2})`)

func runDateMismatch(pass *rules.Pass) {
	doc := pass.Doc
	fd, ok := rules.FileNameDate(doc.Path)
	if !ok {
		return
	}
	st := settingsOf(pass)
	if st.generator == Hugo {
		return
	}
	pd, ok := doc.DateField("date", "created_at")
	if !ok {
		return
	}
	day := fd.Time.Format("2006-01-02")
	written := pd.Time.Format("2006-01-02")
	inSite := pd.In(st.loc).In(st.loc).Format("2006-01-02")
	if written == day || inSite == day {
		return
	}
	zone := ""
	if inSite != written {
		zone = fmt.Sprintf(" (%s in %s)", inSite, st.loc)
	}
	d := rules.Diagnostic{
		Start: pd.Span.Start, End: pd.Span.End,
		Message: fmt.Sprintf("%s %s%s is not the day in the file name, %s: the post gets one date on its page and the other in its URL or in links to it; make them agree", pd.Key, written, zone, day),
	}
	value := doc.Src[pd.Span.Start:pd.Span.End]
	if m := isoDay.FindSubmatchIndex(value); m != nil {
		d.Fixes = []rules.Fix{{
			Message: fmt.Sprintf("Write %s, the file name's day (or rename the file to the front matter's)", day),
			Edits:   []rules.Edit{{Start: pd.Span.Start + m[2], End: pd.Span.Start + m[3], NewText: day}},
		}}
	}
	pass.Report(d)
}
