// Package site holds the checks only a blog linter can make, against the
// post as the site generator will publish it: a post dated in the future
// (future-date), a front-matter date that disagrees with the file name
// (date-mismatch), images without a text alternative (image-alt) and the
// description search engines show (description).
//
// They read the site: config section (generator, future, timezone). What
// it leaves unsaid is taken from the site's own config, found beside the
// posts: Jekyll's _config.yml, Hugo's hugo.toml (or config.toml, and
// their YAML and JSON forms, also under config/_default/). So the results
// of future-date and date-mismatch depend on that file as well as on the
// post and .postlint.yml, and future-date's on the time of the run.
package site

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // time zone names work where the system has no zoneinfo

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"

	"github.com/postlint/postlint/regularfile"
	"github.com/postlint/postlint/rules"
)

// Rules are the site rules, in the order `postlint rules` lists them.
var Rules = []*rules.Rule{FutureDate, DateMismatch, ImageAlt, Description}

// Sections are the config sections of the site rules.
var Sections = []rules.Section{{Key: "site", New: func() any { return &Config{Generator: Auto} }}}

// A Generator is the site generator that publishes the posts.
type Generator string

const (
	Auto   Generator = "auto" // found from the site's config file; unknown when there is none
	Jekyll Generator = "jekyll"
	Hugo   Generator = "hugo"
)

// UnmarshalYAML accepts auto, jekyll or hugo, in any case.
func (g *Generator) UnmarshalYAML(n *yaml.Node) error {
	switch v := Generator(strings.ToLower(strings.TrimSpace(n.Value))); v {
	case Auto, Jekyll, Hugo:
		*g = v
		return nil
	}
	return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: site: generator: unknown generator %q (want jekyll, hugo or auto)", n.Line, n.Value)}}
}

// A Timezone is an IANA time zone name, such as Europe/Oslo, or UTC.
type Timezone struct {
	Name string
	loc  *time.Location
}

// UnmarshalYAML accepts a time zone name the time zone database knows.
func (z *Timezone) UnmarshalYAML(n *yaml.Node) error {
	name := strings.TrimSpace(n.Value)
	loc, err := loadLocation(name)
	if n.Kind != yaml.ScalarNode || err != nil {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: site: timezone: unknown time zone %q (want a name such as Europe/Oslo or America/New_York, or UTC)", n.Line, n.Value)}}
	}
	*z = Timezone{Name: name, loc: loc}
	return nil
}

// loadLocation is time.LoadLocation without "Local" (the machine's zone,
// which differs between a laptop and CI) and the empty name.
func loadLocation(name string) (*time.Location, error) {
	if name == "" || strings.EqualFold(name, "local") {
		return nil, fmt.Errorf("no time zone %q", name)
	}
	return time.LoadLocation(name)
}

// Config is the site section of .postlint.yml.
type Config struct {
	// Generator is jekyll, hugo or auto (the default): taken from the
	// site's config file, unknown when there is none.
	Generator Generator `yaml:"generator"`
	// Future says the site is built with future posts (Jekyll's
	// --future, Hugo's buildFuture); unset, the site's config says.
	Future *bool `yaml:"future"`
	// Timezone is where dates written without a UTC offset are; unset,
	// the site's config says, else UTC (Hugo's default, and GitHub
	// Pages').
	Timezone Timezone `yaml:"timezone"`

	found sync.Map // directory → *siteFile (nil: none at or above it)

	// The working directory, asked for once: filepath.Abs asks each time,
	// two stat calls a post.
	cwdOnce sync.Once
	cwd     string
}

// abs is filepath.Abs with the working directory asked for once.
func (c *Config) abs(p string) (string, error) {
	if filepath.IsAbs(p) {
		return filepath.Clean(p), nil
	}
	c.cwdOnce.Do(func() { c.cwd, _ = os.Getwd() })
	if c.cwd == "" {
		return filepath.Abs(p)
	}
	return filepath.Join(c.cwd, p), nil
}

// settings is what the site rules know of the site a post belongs to.
type settings struct {
	generator Generator // Jekyll, Hugo, or Auto when unknown
	future    bool
	loc       *time.Location
	file      string // the site's config file that told, or ""
}

type settingsKey struct{}

// settingsOf returns the settings of the site of the post: the postlint
// config's, then the site's config file's, then the defaults.
func settingsOf(pass *rules.Pass) settings {
	return pass.Doc.Memo(settingsKey{}, func() any {
		c := pass.Section("site").(*Config)
		st := settings{generator: c.Generator, loc: time.UTC}
		if st.generator == "" {
			st.generator = Auto
		}
		if c.Future != nil && c.Timezone.loc != nil && st.generator != Auto {
			st.future, st.loc = *c.Future, c.Timezone.loc
			return st
		}
		var sf *siteFile
		if dir, err := c.abs(filepath.Dir(pass.Doc.Path)); err == nil {
			sf = findSite(&c.found, pass.Doc.ReadDir, dir)
			pass.Doc.Depend(SiteFile, dir, sf.String())
		}
		if sf != nil && (st.generator == Auto || st.generator == sf.generator) {
			st.generator, st.future, st.file = sf.generator, sf.future, sf.path
			if sf.loc != nil {
				st.loc = sf.loc
			}
		}
		if c.Future != nil {
			st.future = *c.Future
		}
		if c.Timezone.loc != nil {
			st.loc = c.Timezone.loc
		}
		return st
	}).(settings)
}

// A siteFile is what a site generator's config file says.
type siteFile struct {
	path      string
	generator Generator
	future    bool
	loc       *time.Location // nil: not said, or not a zone we know
}

// findSite returns the site config file of the nearest directory at or
// above dir that has one, up to the root of the repository (a directory
// with .git) or of the file system; nil when there is none. Each
// directory is looked at once per found (directory → *siteFile).
func findSite(found *sync.Map, readDir func(string) ([]fs.DirEntry, error), dir string) *siteFile {
	if v, ok := found.Load(dir); ok {
		return v.(*siteFile)
	}
	sf, top := readSiteDir(readDir, dir)
	if sf == nil && !top {
		if parent := filepath.Dir(dir); parent != dir {
			sf = findSite(found, readDir, parent)
		}
	}
	found.Store(dir, sf)
	return sf
}

// SiteFile is the dependency of a post's date verdicts on its site's
// config file: its argument is the post's folder, its value what
// findSite read there (see siteFile.String), so that a result cache lints
// the post again when the file, or which file is nearest, changes.
var SiteFile = &rules.Dependency{
	Name: "site-config",
	New: func(dirs *rules.Listings) func(string) string {
		var found sync.Map
		return func(dir string) string { return findSite(&found, dirs.ReadDir, dir).String() }
	},
}

// String is what a result cache compares: everything the rules use.
func (sf *siteFile) String() string {
	if sf == nil {
		return ""
	}
	loc := ""
	if sf.loc != nil {
		loc = sf.loc.String()
	}
	return fmt.Sprintf("%s\x00%s\x00%v\x00%s", sf.path, sf.generator, sf.future, loc)
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

// siteFileNames are the config files of Jekyll and Hugo, in the order
// their generators read them.
var siteFileNames = []struct {
	name      string
	generator Generator
}{
	{"_config.yml", Jekyll}, {"_config.yaml", Jekyll}, {"_config.toml", Jekyll},
	{"hugo.toml", Hugo}, {"hugo.yaml", Hugo}, {"hugo.yml", Hugo}, {"hugo.json", Hugo},
	{"config.toml", Hugo}, {"config.yaml", Hugo}, {"config.yml", Hugo}, {"config.json", Hugo},
}

// maxSiteFile bounds what is read of a site's config file.
const maxSiteFile = 1 << 20

// readSiteDir reads the site config file of dir, or of dir/config/_default
// (Hugo's config directory); nil when there is none. top says whether dir
// is the root of a repository (holds .git). The names are read from one
// listing of dir (readDir, the run's: the folders of the posts are
// listed by other rules too), and a name is not opened unless it is one
// of siteFileNames.
func readSiteDir(readDir func(string) ([]fs.DirEntry, error), dir string) (sf *siteFile, top bool) {
	ents, err := readDir(dir)
	if err != nil && len(ents) == 0 {
		return nil, exists(filepath.Join(dir, ".git"))
	}
	var have uint32 // bit i: siteFileNames[i]
	config := false
	for _, e := range ents {
		switch name := e.Name(); name {
		case ".git":
			top = true
		case "config":
			config = true
		default:
			if i := siteFileIndex(name); i >= 0 {
				have |= 1 << i
			}
		}
	}
	for i, f := range siteFileNames {
		if have&(1<<i) != 0 {
			if sf := readSiteFile(filepath.Join(dir, f.name), f.generator); sf != nil {
				return sf, top
			}
		}
	}
	if config {
		for _, name := range []string{"hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.yml", "config.json"} {
			if sf := readSiteFile(filepath.Join(dir, "config", "_default", name), Hugo); sf != nil {
				return sf, top
			}
		}
	}
	return nil, top
}

// siteFileIndex is the index of name in siteFileNames, or -1.
func siteFileIndex(name string) int {
	for i, f := range siteFileNames {
		if f.name == name {
			return i
		}
	}
	return -1
}

// hugoKeys are keys of Hugo's config that a config.toml of another tool
// (Zola's, say) is unlikely to have, lower-cased as Hugo reads them.
var hugoKeys = []string{"baseurl", "languagecode", "buildfuture", "builddrafts", "timezone",
	"contentdir", "defaultcontentlanguage", "module", "markup", "params", "permalinks"}

// readSiteFile reads one config file; nil when it is not a regular file,
// or is a config.* file that is not Hugo's. A _config.yml or hugo.* file
// that does not decode still names its generator: the build would fail,
// not this check.
func readSiteFile(path string, gen Generator) *siteFile {
	data, _, err := regularfile.Read(path, maxSiteFile)
	if err != nil {
		return nil
	}
	m := map[string]any{}
	switch filepath.Ext(path) {
	case ".toml":
		err = toml.Unmarshal(data, &m)
	case ".json":
		err = json.Unmarshal(data, &m)
	default:
		err = yaml.Unmarshal(data, &m)
	}
	keys := map[string]any{}
	for k, v := range m {
		if gen == Hugo {
			k = strings.ToLower(k) // Hugo reads keys in any case
		}
		keys[k] = v
	}
	base := filepath.Base(path)
	if gen == Hugo && strings.HasPrefix(base, "config.") && (err != nil || !anyKey(keys, hugoKeys)) {
		return nil
	}
	sf := &siteFile{path: path, generator: gen}
	futureKey, zoneKey := "future", "timezone"
	if gen == Hugo {
		futureKey = "buildfuture"
	}
	if b, ok := keys[futureKey].(bool); ok {
		sf.future = b
	}
	if s, ok := keys[zoneKey].(string); ok {
		sf.loc, _ = loadLocation(strings.TrimSpace(s))
	}
	return sf
}

func anyKey(m map[string]any, keys []string) bool {
	for _, k := range keys {
		if _, ok := m[k]; ok {
			return true
		}
	}
	return false
}

// isDraft says whether the post is not to be published yet anyway: a
// draft (draft: true), Jekyll's published: false, or a file in Jekyll's
// _drafts folder.
func isDraft(doc *rules.Document) bool {
	if v, ok := doc.Field("draft"); ok && (v == true || v == "true") {
		return true
	}
	if v, ok := doc.Field("published"); ok && (v == false || v == "false") {
		return true
	}
	for _, part := range strings.Split(filepath.ToSlash(filepath.Dir(doc.Path)), "/") {
		if part == "_drafts" {
			return true
		}
	}
	return false
}
