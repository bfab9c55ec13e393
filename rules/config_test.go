package rules_test

import (
	"strings"
	"testing"
	"time"

	"github.com/postlint/postlint/rules"
)

type linksSection struct {
	CheckPrivate bool          `yaml:"check_private"`
	Timeout      time.Duration `yaml:"timeout"`
	Exclude      []string      `yaml:"exclude"`
}

type termsOptions struct {
	Vocabulary map[string][]string `yaml:"vocabulary"`
}

func testRegistry() *rules.Registry {
	return &rules.Registry{
		Rules: []*rules.Rule{
			{Name: "single-h1", Severity: rules.Warning},
			{Name: "terms", Severity: rules.Warning, Options: func() any { return &termsOptions{} }},
		},
		Sections: []rules.Section{{Key: "links", New: func() any { return &linksSection{Timeout: 10 * time.Second} }}},
	}
}

func TestParseConfig(t *testing.T) {
	cfg, err := rules.ParseConfig(testRegistry(), "c.yml", []byte(`
ignore: ["drafts/**"]
rules:
  single-h1: error
  terms: {severity: info, vocabulary: {KubeCon: [Kubecon]}}
links:
  timeout: 3s
  check_private: true
`))
	if err != nil {
		t.Fatal(err)
	}
	if s := cfg.Rule("single-h1"); s.Severity != rules.Error || !s.Set {
		t.Errorf("single-h1: %+v", s)
	}
	terms := cfg.Rule("terms")
	if terms.Severity != rules.Info || terms.Options.(*termsOptions).Vocabulary["KubeCon"][0] != "Kubecon" {
		t.Errorf("terms: %+v", terms)
	}
	links := cfg.Section("links").(*linksSection)
	if links.Timeout != 3*time.Second || !links.CheckPrivate {
		t.Errorf("links: %+v", links)
	}
	if !cfg.Ignored(".", "drafts/a/b.md") || cfg.Ignored(".", "posts/b.md") {
		t.Error("ignore globs do not match as they should")
	}
}

func TestConfigErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"rules:\n  single-h1: loud\n", `c.yml:2: rules: single-h1: unknown severity "loud"`},
		{"rules:\n  singel-h1: off\n", `c.yml:2: rules: unknown rule "singel-h1"`},
		{"colour: true\n", `c.yml:1: unknown key "colour"`},
		{"links:\n  timeout: 3s\n  check_privat: true\n", `c.yml:3: unknown key "check_privat"`},
		{"links:\n  check_private: maybe\n", `c.yml:2: cannot unmarshal !!str ` + "`maybe`" + ` into bool`},
		{"links:\n  exclude: [a, {b: c}]\n", `c.yml:2: cannot unmarshal !!map into string`},
		{"rules:\n  single-h1: {severity: info, level: 2}\n", `c.yml:2: rules: single-h1: unknown key "level" (this rule has no options)`},
		{"rules: [a]\n", `c.yml:1: rules: want a mapping`},
		{"ignore: \"drafts\n", `c.yml:`},
		{"- a\n", `c.yml:1: the config must be a mapping`},
	} {
		_, err := rules.ParseConfig(testRegistry(), "c.yml", []byte(tc.src))
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("config %q: error %v, want prefix %q", tc.src, err, tc.want)
		}
	}
}

func TestMatchGlob(t *testing.T) {
	for _, tc := range []struct {
		glob, name string
		want       bool
	}{
		{"drafts/**", "drafts/a.md", true},
		{"drafts/**", "drafts/x/y/a.md", true},
		{"**/draft-*.md", "posts/2017/draft-x.md", true},
		{"**/draft-*.md", "draft-x.md", true},
		{"*.md", "posts/a.md", false},
		{"posts/*.md", "posts/a.md", true},
	} {
		if got := rules.MatchGlob(tc.glob, tc.name); got != tc.want {
			t.Errorf("MatchGlob(%q, %q) = %v", tc.glob, tc.name, got)
		}
	}
}
