// Package links checks the links of a set of posts: local files, posts
// and #anchors (broken-link, offline and cheap), and external http(s)
// URLs (dead-link, redirected-link, over the network with the polite,
// cached checker of package linkcheck).
//
// Each post's Run collects its links, with the byte offsets goldmark
// gives, and its anchors into a small fact; the whole-set pass resolves
// local links against an in-memory index of the set, and checks every
// distinct external URL once.
package links

import (
	"fmt"
	"io"
	"regexp"
	"sync"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/postlint/postlint/linkcheck"
	"github.com/postlint/postlint/rules"
)

// Rules are the link rules, in the contract's order.
var Rules = []*rules.Rule{DeadLink, BrokenLink, RedirectedLink}

// Sections are the config sections the link rules read.
var Sections = []rules.Section{{Key: "links", New: func() any { return NewConfig() }}}

var DeadLink = &rules.Rule{
	Name:     "dead-link",
	Summary:  "an external link that answers 404 or 410, or whose host does not exist",
	Severity: rules.Error,
	Network:  true,
	// With --offline, the dead links the cache knows are still reported.
	CachedOffline: true,
	Run:           runExport,
	NewFact:       func() any { return new(extLinks) },
	RunSet:        runDead,
	Doc: `Every distinct http(s) URL of the posts is requested once (HEAD, then GET
when HEAD is refused, fails or answers 404), following up to 10 redirects.
A flaky network never makes this rule an error; only a verdict on the link
does:

- dead (error): 404 Not Found, 410 Gone, a host name under a public suffix
  that does not exist, a redirect loop, a removed YouTube video (checked
  with YouTube's oEmbed: the video's page answers 200 either way); or a
  transient failure that is confirmed.
- unreachable (warning): a transient failure (timeout, reset, refused
  connection, 5xx, TLS error) after retries, which says since when it
  fails. It is confirmed, and dead, once it fails again at least
  links.confirm_after (24h) after the first failure the cache remembers;
  with --no-cache, when every attempt of the run failed. Other refusals
  (400, a plain 403, 429) stay warnings.
- could not be verified (info): sites that tell robots nothing
  (twitter.com, x.com, linkedin.com, instagram.com, facebook.com, ... and
  links.unverifiable), bot walls' challenge pages, redirects to a login
  page, private videos.

A page linked with a #fragment is fetched with GET and read for its
anchors (id= and <a name=>, in any capitals, GitHub's user-content- prefix
aside); a fragment it does not define is a warning. Pages that are not HTML
or define no anchor at all (made by scripts) are not judged, nor text
fragments (#:~:text=), routes (#/path), parameters (#t=30), line anchors
(#L10) or github.com pages.

Results are cached (links.cache, links.cache_ttl), so re-runs make almost no
requests; --offline skips this rule, --no-cache ignores the cache. Hosts
that are placeholders or local (localhost, *.local, *.test, *.example,
example.com, ...) and addresses that are not public (every IANA
special-purpose range, checked on the address actually dialled, after every
redirect too) are never requested; see links.check_private. When no server
answers and no well-known host can be reached either, one notice says the
network seems to be down; nothing is reported or cached.

Bad:

    The slides are [here](https://speakerdeck.com/someone/deleted-talk).

Good:

    The slides are [here](https://speakerdeck.com/someone/kubecon-2017).
`,
}

var BrokenLink = &rules.Rule{
	Name:     "broken-link",
	Summary:  "a relative link to a file that does not exist, or a #fragment that names no heading",
	Severity: rules.Error,
	Fixes:    rules.SomeSafe,
	FixNote:  "Rewriting a malformed Jekyll tag as {% post_url NAME %} is safe; the nearest heading for a #fragment that names none is a suggestion.",
	Run:      runBrokenFile,
	NewFact:  func() any { return new(fileLinks) },
	RunSet:   runBroken,
	Doc: `Local links are checked without the network, against the set of posts being
linted and the files beside them:

- a relative link or image to a file that does not exist, resolved from the
  post's directory (and, for Hugo-style "../other-post/" links, from the
  page's own URL); "/site/absolute" links are resolved against links.root
  when it is set, skipped otherwise;
- a #fragment that names no heading or anchor, in the same post or in a
  linked post. Heading ids are made as the site generator makes them
  (links.anchors: github, hugo or kramdown; by default the style that fits
  the posts' own anchors best); explicit {#id} attributes, kramdown's
  {: #id} attribute lists and HTML id= and <a name=> anchors count;
- a Jekyll {% post_url 2017-03-29-slug %} naming no post, a {% link path %}
  to no file, a #fragment after either naming no heading in that post, and
  a malformed tag such as { post_url ... } (a "%" missing);
- a reference-style link [text][ref] whose [ref]: definition is missing.

When not one of many links to images and other files resolves, the files
are plainly not part of the tree being linted (a Markdown-only copy): one
notice says so and those links are not reported.

Bad:

    See [the keynote notes](#keynote-notes) and ![the hall](hall.jpg).

    ## Keynotes

Good:

    See [the keynote notes](#keynotes) and ![the hall](images/hall.jpg).

    ## Keynotes
`,
}

var RedirectedLink = &rules.Rule{
	Name:     "redirected-link",
	Summary:  "a link that answers a permanent redirect (301/308); the fix rewrites it to the final URL",
	Severity: rules.Info,
	Fixes:    rules.SomeSafe,
	FixNote:  "Rewriting to the final URL is safe when it is an http(s) URL on the same site that reads as itself where it is written; a move to another site or to the site's home page, or a URL that Markdown or HTML would read otherwise, is a suggestion.",
	Network:  true,
	Run:      runExport,
	NewFact:  func() any { return new(extLinks) },
	RunSet:   runRedirected,
	Doc: `A URL that answers 301 Moved Permanently or 308 Permanent Redirect (and
then a page) has a new address: link to it directly, before the old one
stops redirecting. The fix rewrites the URL in the file to the location
after the permanent redirects, keeping the #fragment; when the link text is
the URL itself, it is rewritten too. Temporary redirects (302, 303, 307)
are fine and not reported, nor are redirects to a login page.

The final URL is what the linked site sent: it is written percent-encoded
wherever Markdown, HTML, Liquid, Hugo or a table would read it otherwise,
and --fix applies it only for a move on the same site (not to its home
page) that reads as itself where it is written; any other is a suggestion,
and the message says why to look first.

Bad:

    [Prometheus docs](http://prometheus.io/docs/introduction/overview/)

Good:

    [Prometheus docs](https://prometheus.io/docs/introduction/overview/)
`,
}

// Config is the links: section of .postlint.yml.
type Config struct {
	// CheckPrivate lets the checker request loopback and private-range
	// addresses and local host names (never link-local ones).
	CheckPrivate bool `yaml:"check_private"`
	// Cache is the directory where external results are kept (in
	// links.json), relative to the config file; "" or "off" for none.
	Cache    string   `yaml:"cache"`
	CacheTTL Duration `yaml:"cache_ttl"`
	Timeout  Duration `yaml:"timeout"`
	Retries  int      `yaml:"retries"`
	// Exclude are regular expressions of URLs never checked.
	Exclude []Pattern `yaml:"exclude"`
	// Anchors is the heading id style: auto, github, hugo or kramdown.
	Anchors Style `yaml:"anchors"`
	// Root is the directory that site-absolute links (/path) start from,
	// relative to the config file; "" to skip such links.
	Root            string   `yaml:"root"`
	Concurrency     int      `yaml:"concurrency"`
	HostConcurrency int      `yaml:"host_concurrency"`
	HostInterval    Duration `yaml:"host_interval"`
	Deadline        Duration `yaml:"deadline"`
	// ConfirmAfter is how long a transient failure (timeout, reset, 5xx,
	// TLS error) must last, across runs that share the cache, before it
	// is reported as dead.
	ConfirmAfter Duration `yaml:"confirm_after"`
	// Unverifiable are more host names, besides linkcheck's defaults, whose
	// answers to a robot say nothing: their failures are an info.
	Unverifiable []string `yaml:"unverifiable"`
	// Archive: for each dead link, ask the Internet Archive for its copy
	// nearest the post's date and suggest it as a fix.
	Archive bool `yaml:"archive"`
	// Soft404: tell pages that answer 200 with the site's "not found" page
	// by asking for a made-up sibling (one request a directory, one more
	// a page).
	Soft404 bool `yaml:"soft_404"`

	// Set by the command line, not by the config file.
	NoCache bool      `yaml:"-"` // --no-cache
	Log     io.Writer `yaml:"-"` // notices and progress; nil means os.Stderr
	// Tune, if set, adjusts the checker's options before a run: tests and
	// benchmarks point it at servers on loopback with it.
	Tune func(*linkcheck.Options) `yaml:"-"`
	// Tree is the directories being linted (with their Git work trees):
	// local links are followed inside them, links.root, the config's
	// directory and the posts' own directories, and nowhere else.
	Tree []string `yaml:"-"`

	noticesOnce sync.Once
	noticed     *notices

	ext externalOnce
}

type externalOnce struct {
	once sync.Once
	run  *externalRun
}

// NewConfig returns the defaults.
func NewConfig() *Config {
	return &Config{
		Cache:           ".postlint-cache",
		CacheTTL:        Duration(24 * time.Hour),
		Timeout:         Duration(10 * time.Second),
		Retries:         2,
		Anchors:         Style(styleAuto),
		Concurrency:     64,
		HostConcurrency: 8,
		HostInterval:    Duration(20 * time.Millisecond),
		Deadline:        Duration(5 * time.Minute),
		ConfirmAfter:    Duration(24 * time.Hour),
	}
}

func section(c *rules.Config) *Config { return c.Section("links").(*Config) }

// Duration is a time.Duration written as "10s", "24h" or "250ms".
type Duration time.Duration

func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := time.ParseDuration(n.Value)
	if err != nil || v < 0 {
		return fmt.Errorf("line %d: want a duration such as 10s, 5m or 24h, not %q", n.Line, n.Value)
	}
	*d = Duration(v)
	return nil
}

func (d Duration) String() string { return time.Duration(d).String() }

// Pattern is a regular expression, checked when the config is read.
type Pattern struct{ *regexp.Regexp }

func (p *Pattern) UnmarshalYAML(n *yaml.Node) error {
	re, err := regexp.Compile(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: links.exclude: %v", n.Line, err)
	}
	p.Regexp = re
	return nil
}

// Style is an anchor style name, checked when the config is read.
type Style anchorStyle

func (s *Style) UnmarshalYAML(n *yaml.Node) error {
	switch anchorStyle(n.Value) {
	case styleAuto, styleGitHub, styleHugo, styleKramdown:
		*s = Style(n.Value)
		return nil
	}
	return fmt.Errorf("line %d: links.anchors: want auto, github, hugo or kramdown, not %q", n.Line, n.Value)
}
