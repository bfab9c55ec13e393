package site_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/registry"
	"github.com/postlint/postlint/rules/rulestest"
	"github.com/postlint/postlint/rules/site"
)

// now is the time the tests lint at: 18:00 UTC on 2 December 2026.
var now = time.Date(2026, time.December, 2, 18, 0, 0, 0, time.UTC)

// TestDates covers future-date and date-mismatch with no site config
// beside the posts: dates without an offset are in UTC. Traps: drafts in
// the future, offsets that cross midnight either way, a date that is not
// one, CRLF and a BOM.
func TestDates(t *testing.T) {
	rulestest.RunAt(t, registry.Default(), "../../testdata/site/dates", now, "future-date", "date-mismatch")
}

// TestSiteConfig covers the site's own config files, found from the
// post's directory upwards: Jekyll's timezone and future, Hugo's timeZone
// in hugo.toml and buildFuture in config/_default/, a config.toml that is
// not Hugo's.
func TestSiteConfig(t *testing.T) {
	for _, dir := range []string{"jekyll", "jekyll-future", "hugo", "hugo-dir", "zola"} {
		t.Run(dir, func(t *testing.T) {
			rulestest.RunAt(t, registry.Default(), "../../testdata/site/"+dir, now, "future-date", "date-mismatch")
		})
	}
}

func TestConfigErrors(t *testing.T) {
	for _, c := range []struct{ yaml, want string }{
		{"site:\n  generator: gatsby\n", `.postlint.yml:2: site: generator: unknown generator "gatsby" (want jekyll, hugo or auto)`},
		{"site:\n  timezone: Mars/Olympus\n", `.postlint.yml:2: site: timezone: unknown time zone "Mars/Olympus"`},
		{"site:\n  timezone: Local\n", `.postlint.yml:2: site: timezone: unknown time zone "Local"`},
		{"site:\n\n  future: maybe\n", `.postlint.yml:3: cannot unmarshal !!str`},
		{"site:\n  futur: true\n", `.postlint.yml:2: unknown key "futur" (known: generator, future, timezone)`},
		{"rules:\n  description: {min: 10, maxx: 20}\n", `.postlint.yml:2: unknown key "maxx"`},
		{"rules:\n  image-alt:\n    languages: en\n", `.postlint.yml:3: cannot unmarshal`},
	} {
		_, err := rules.ParseConfig(registry.Default(), ".postlint.yml", []byte(c.yaml))
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q: error %v; want %s...", c.yaml, err, c.want)
		}
	}
	cfg, err := rules.ParseConfig(registry.Default(), ".postlint.yml", []byte("site:\n  generator: Hugo\n  future: false\n  timezone: Europe/Oslo\n"))
	if err != nil {
		t.Fatal(err)
	}
	sc := cfg.Section("site").(*site.Config)
	if sc.Generator != site.Hugo || sc.Future == nil || *sc.Future || sc.Timezone.Name != "Europe/Oslo" {
		t.Errorf("site section decoded as %+v", sc)
	}
}

// TestConfigOverrides checks that the postlint config's site section wins
// over the site's own config file, key by key.
func TestConfigOverrides(t *testing.T) {
	for _, c := range []struct {
		name, yaml, dir string
		want            []string
	}{
		{"future true", "site: {future: true, generator: hugo}", "dates", nil}, // hugo: no date-mismatch
		{"timezone", "site: {timezone: Asia/Tokyo}", "jekyll",
			[]string{"2019-05-22-tokyo-off.md: date 2019-05-20 (2019-05-21 in Asia/Tokyo)", "2026-12-04-next-day.md: the file name dates the post 2026-12-04"}},
		{"timezone over the site's", "site: {timezone: UTC}", "jekyll",
			[]string{"2019-05-21-tokyo-day.md: date 2019-05-20", "2019-05-22-tokyo-off.md: date 2019-05-20", "2026-12-03-tokyo-morning.md: the file name dates the post 2026-12-03", "2026-12-04-next-day.md: the file name dates the post 2026-12-04"}},
		{"generator other than the site file's", "site: {generator: jekyll}", "hugo",
			[]string{"2019-05-21-jekyll-name.md: date 2019-05-30 is not the day in the file name", "evening.md: date 2026-12-02 20:00 UTC is in the future"}},
		{"future false over the site's", "site: {future: false}", "jekyll-future",
			[]string{"2027-01-05-scheduled.md: the file name dates the post 2027-01-05"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			reg := registry.Default()
			cfg, err := rules.ParseConfig(reg, ".postlint.yml", []byte(c.yaml))
			if err != nil {
				t.Fatal(err)
			}
			rulestest.Only(t, cfg, reg, "future-date", "date-mismatch")
			var inputs []rules.Input
			root := filepath.Join("../../testdata/site", c.dir)
			_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
				if err == nil && strings.HasSuffix(p, ".md") {
					inputs = append(inputs, rules.Input{Path: p})
				}
				return err
			})
			res := (&rules.Engine{Config: cfg, Now: func() time.Time { return now }}).Run(inputs)
			var got []string
			for _, d := range res.Diagnostics {
				got = append(got, filepath.Base(d.Path)+": "+d.Message)
			}
			if len(got) != len(c.want) {
				t.Fatalf("got %d diagnostics, want %d:\n%s", len(got), len(c.want), strings.Join(got, "\n"))
			}
			for i := range got {
				if !strings.HasPrefix(got[i], c.want[i]) {
					t.Errorf("got  %s\nwant %s...", got[i], c.want[i])
				}
			}
		})
	}
}

// TestImages covers image-alt on Markdown, HTML, Hugo shortcodes and
// Jekyll includes. Traps: images in code and comments, links that look
// like images, decoration, captioned figures, non-English posts.
func TestImages(t *testing.T) {
	rulestest.Run(t, registry.Default(), "../../testdata/site/images", "image-alt")
	rulestest.Run(t, registry.Default(), "../../testdata/site/images-languages", "image-alt")
}

// TestDescription covers description, switched on by the folder's
// postlint.yml, in YAML, TOML and JSON.
func TestDescription(t *testing.T) {
	rulestest.Run(t, registry.Default(), "../../testdata/site/description", "description")
}

func TestDescriptionOptions(t *testing.T) {
	diags := rulestest.Run(t, registry.Default(), "../../testdata/site/description-options", "description")
	for _, d := range diags {
		if d.Severity != rules.Info {
			t.Errorf("%s: severity %s; the config says info", d.Path, d.Severity)
		}
	}
}

// TestFutureDateStable checks that the time of the run is not in the
// message: two runs an hour apart, with no post's date between them, give
// the same diagnostics (baselines, SARIF fingerprints and result caches
// compare them).
func TestFutureDateStable(t *testing.T) {
	lint := func(at time.Time) []string {
		reg := registry.Default()
		cfg := rules.DefaultConfig(reg)
		rulestest.Only(t, cfg, reg, "future-date")
		var inputs []rules.Input
		for _, name := range []string{"tomorrow.md", "crosses-midnight.md", "2027-01-05-file-name-only.md"} {
			inputs = append(inputs, rules.Input{Path: filepath.Join("../../testdata/site/dates", name)})
		}
		var got []string
		for _, d := range (&rules.Engine{Config: cfg, Now: func() time.Time { return at }}).Run(inputs).Diagnostics {
			got = append(got, d.Path+": "+d.Message)
		}
		return got
	}
	a, b := lint(now), lint(now.Add(time.Hour+17*time.Minute))
	if len(a) != 3 || strings.Join(a, "\n") != strings.Join(b, "\n") {
		t.Errorf("at %s:\n%s\nan hour later:\n%s", now, strings.Join(a, "\n"), strings.Join(b, "\n"))
	}
}
