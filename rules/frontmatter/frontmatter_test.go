package frontmatter_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/frontmatter"
	"github.com/postlint/postlint/rules/registry"
	"github.com/postlint/postlint/rules/rulestest"
)

// TestPosts covers the per-post rules in YAML, TOML and JSON. The
// heading rule runs too: broken front matter must not stop the body from
// being linted.
func TestPosts(t *testing.T) {
	rulestest.Run(t, registry.Default(), "../../testdata/frontmatter/posts", "front-matter", "tags", "heading-increment")
}

// TestCrossPost covers the whole-set rules: duplicate titles and slugs,
// and near-duplicate tags, with translations and redirects as traps.
func TestCrossPost(t *testing.T) {
	rulestest.Run(t, registry.Default(), "../../testdata/frontmatter/crosspost", "duplicate-title", "duplicate-slug", "tag-near-duplicate")
}

// TestConfig runs the rules with the settings of each folder's
// postlint.yml (not named .postlint.yml, so that only these rules run,
// whatever rules are added later).
func TestConfig(t *testing.T) {
	for _, dir := range []string{"allowed", "allowed-many", "optional", "key"} {
		t.Run(dir, func(t *testing.T) {
			lintDir(t, filepath.Join("../../testdata/frontmatter", dir), "front-matter", "tags")
		})
	}
}

func lintDir(t *testing.T, dir string, names ...string) []rules.Diagnostic {
	t.Helper()
	reg := registry.Default()
	file := filepath.Join(dir, "postlint.yml")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := rules.ParseConfig(reg, file, data)
	if err != nil {
		t.Fatal(err)
	}
	rulestest.Only(t, cfg, reg, names...)
	var inputs []rules.Input
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".md") {
			inputs = append(inputs, rules.Input{Path: filepath.Join(dir, e.Name())})
		}
	}
	res := (&rules.Engine{Config: cfg, Offline: true}).Run(inputs)
	for _, err := range res.Errors {
		t.Error(err)
	}
	rulestest.Check(t, inputs, res.Diagnostics)
	return res.Diagnostics
}

// TestSections: the config sections decode strictly, with defaults kept
// for keys not given.
func TestSections(t *testing.T) {
	reg := registry.Default()
	cfg, err := rules.ParseConfig(reg, "c.yml", []byte("front_matter:\n  required: [title]\ntags:\n  required: false\n"))
	if err != nil {
		t.Fatal(err)
	}
	if fm := cfg.Section("front_matter").(*frontmatter.Config); len(fm.Required) != 1 || fm.Required[0] != "title" {
		t.Errorf("front_matter.required %v, want [title]", fm.Required)
	}
	if tc := cfg.Section("tags").(*frontmatter.TagsConfig); tc.Required || tc.Key != "tags" || len(tc.Allowed) != 0 {
		t.Errorf("tags %+v, want required false and the default key", tc)
	}
	def := rules.DefaultConfig(reg)
	if fm := def.Section("front_matter").(*frontmatter.Config); strings.Join(fm.Required, ",") != "title,date" {
		t.Errorf("default front_matter.required %v", fm.Required)
	}
	if tc := def.Section("tags").(*frontmatter.TagsConfig); !tc.Required {
		t.Error("tags.required is off by default")
	}
	for _, bad := range []string{"tags:\n  requird: true\n", "front_matter:\n  required: title\n", "tags:\n  allowed: {a: b}\n"} {
		_, err := rules.ParseConfig(reg, "c.yml", []byte(bad))
		var ce *rules.ConfigError
		if !errors.As(err, &ce) || ce.Line != 2 {
			t.Errorf("%q: error %v, want a config error on line 2", bad, err)
		}
	}
}

// TestDocExamples: the Bad example of each per-post rule's documentation
// is reported and the Good one is not.
func TestDocExamples(t *testing.T) {
	for _, r := range []*rules.Rule{frontmatter.FrontMatter, frontmatter.Tags} {
		bad, good := example(r.Doc, "Bad:"), example(r.Doc, "Good:")
		if bad == "" || good == "" {
			t.Fatalf("%s: no Bad or Good example", r.Name)
		}
		if ds := lintSrc(t, "post.md", bad, r.Name); len(ds) == 0 {
			t.Errorf("%s: the Bad example is not reported:\n%s", r.Name, bad)
		}
		if ds := lintSrc(t, "post.md", good, r.Name); len(ds) != 0 {
			t.Errorf("%s: the Good example is reported: %s", r.Name, ds[0].Message)
		}
	}
}

// example returns the indented block after the line label in doc.
func example(doc, label string) string {
	_, rest, ok := strings.Cut(doc, "\n"+label+"\n")
	if !ok {
		return ""
	}
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimLeft(rest, "\n"), "\n") {
		if !strings.HasPrefix(line, "    ") && line != "" {
			break
		}
		b.WriteString(strings.TrimPrefix(line, "    ") + "\n")
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}
