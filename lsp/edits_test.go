package lsp

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/registry"
)

// lintAlone lints one text with the defaults, offline.
func lintAlone(t *testing.T, path, src string) []rules.Diagnostic {
	t.Helper()
	cfg := rules.DefaultConfig(registry.Default())
	return (&rules.Engine{Config: cfg, Offline: true}).Run([]rules.Input{{Path: path, Src: []byte(src)}}).Diagnostics
}

func ruleDiags(ds []rules.Diagnostic, rule string) []rules.Diagnostic {
	var out []rules.Diagnostic
	for _, d := range ds {
		if d.Rule == rule {
			out = append(out, d)
		}
	}
	return out
}

// Each front matter style gets the word in its spelling_ignore, and the
// post then has no misspelling and no new front-matter problem.
func TestIgnoreInPost(t *testing.T) {
	body := "\nWe had to sovle it.\n"
	for _, c := range []struct{ name, src, want string }{
		{"none", "# Title\n" + body, "---\nspelling_ignore: [sovle]\n---\n# Title\n"},
		{"yaml-absent", "---\ntitle: T\ndate: 2024-01-01\ntags: [a]\n---\n" + body, "tags: [a]\nspelling_ignore: [sovle]\n---\n"},
		{"yaml-flow", "---\ntitle: T\ndate: 2024-01-01\ntags: [a]\nspelling_ignore: [grafana]\n---\n" + body, "spelling_ignore: [grafana, sovle]\n"},
		{"yaml-flow-empty", "---\ntitle: T\ndate: 2024-01-01\ntags: [a]\nspelling_ignore: []\n---\n" + body, "spelling_ignore: [sovle]\n"},
		{"yaml-block", "---\ntitle: T\ndate: 2024-01-01\ntags: [a]\nspelling_ignore:\n  - grafana\n  - kubelet\n---\n" + body, "  - kubelet\n  - sovle\n---"},
		{"yaml-string", "---\ntitle: T\ndate: 2024-01-01\ntags: [a]\nspelling_ignore: grafana\n---\n" + body, "spelling_ignore: grafana sovle\n"},
		{"yaml-quoted", "---\ntitle: T\ndate: 2024-01-01\ntags: [a]\nspelling_ignore: \"grafana\"\n---\n" + body, "spelling_ignore: \"grafana sovle\"\n"},
		{"yaml-null", "---\ntitle: T\ndate: 2024-01-01\ntags: [a]\nspelling_ignore:\n---\n" + body, "spelling_ignore: [sovle]\n"},
		{"yaml-crlf", "---\r\ntitle: T\r\ndate: 2024-01-01\r\ntags: [a]\r\n---\r\n\r\nWe had to sovle it.\r\n", "tags: [a]\r\nspelling_ignore: [sovle]\r\n---"},
		{"toml-absent", "+++\ntitle = \"T\"\ndate = 2024-01-01\ntags = [\"a\"]\n[extra]\nx = 1\n+++\n" + body, "+++\nspelling_ignore = [\"sovle\"]\ntitle"},
		{"toml-list", "+++\ntitle = \"T\"\ndate = 2024-01-01\ntags = [\"a\"]\nspelling_ignore = [\"grafana\"]\n+++\n" + body, "spelling_ignore = [\"grafana\", \"sovle\"]"},
		{"json-absent", "{\n  \"title\": \"T\",\n  \"date\": \"2024-01-01\",\n  \"tags\": [\"a\"]\n}\n" + body, "{\n  \"spelling_ignore\": [\"sovle\"],\n  \"title\""},
		{"json-list", "{\n  \"title\": \"T\",\n  \"date\": \"2024-01-01\",\n  \"tags\": [\"a\"],\n  \"spelling_ignore\": []\n}\n" + body, "\"spelling_ignore\": [\"sovle\"]\n}"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "post.md")
			before := lintAlone(t, path, c.src)
			if len(ruleDiags(before, "misspelling")) != 1 {
				t.Fatalf("the post should have one misspelling: %+v", before)
			}
			e, ok := spellingIgnoreEdit(path, []byte(c.src), rules.DefaultLimits(), "sovle")
			if !ok {
				t.Fatalf("no edit")
			}
			after := string(rules.ApplyEdits([]byte(c.src), []rules.Edit{e}))
			if !strings.Contains(after, c.want) {
				t.Fatalf("edited:\n%s\nwant it to hold:\n%s", after, c.want)
			}
			ds := lintAlone(t, path, after)
			if m := ruleDiags(ds, "misspelling"); len(m) != 0 {
				t.Errorf("still misspelt: %+v", m)
			}
			if b, a := len(ruleDiags(before, "front-matter")), len(ruleDiags(ds, "front-matter")); a > b && c.name != "none" {
				t.Errorf("front-matter problems went from %d to %d: %+v", b, a, ds)
			}
		})
	}
	// A front matter that does not decode is left alone.
	if _, ok := spellingIgnoreEdit("p.md", []byte("---\ntitle: [\n---\n"+body), rules.DefaultLimits(), "sovle"); ok {
		t.Error("an edit for a broken front matter")
	}
}

// Each shape of config gets the word in spelling.ignore and still parses.
func TestAddToConfig(t *testing.T) {
	reg := registry.Default()
	for _, c := range []struct{ name, src, want string }{
		{"empty", "", "spelling:\n  ignore: [sovle]\n"},
		{"comments", "# nothing yet\n", "# nothing yet\nspelling:\n  ignore: [sovle]\n"},
		{"other-keys", "rules:\n  terms: off", "rules:\n  terms: off\nspelling:\n  ignore: [sovle]\n"},
		{"spelling-keys", "spelling:\n    locale: US\n", "spelling:\n    ignore: [sovle]\n    locale: US\n"},
		{"spelling-flow", "spelling: {locale: US}\n", "spelling: {ignore: [sovle], locale: US}\n"},
		{"spelling-null", "spelling:\nrules: {}\n", "spelling:\n  ignore: [sovle]\nrules: {}\n"},
		{"ignore-flow", "spelling:\n  ignore: [grafana, \"a]b\"] # ours\n", "spelling:\n  ignore: [grafana, \"a]b\", sovle] # ours\n"},
		{"ignore-empty", "spelling:\n  ignore: []\n", "spelling:\n  ignore: [sovle]\n"},
		{"ignore-block", "spelling:\n  ignore:\n    - grafana\n  locale: UK\n", "spelling:\n  ignore:\n    - grafana\n    - sovle\n  locale: UK\n"},
		{"ignore-null", "spelling:\n  ignore:\n", "spelling:\n  ignore: [sovle]\n"},
		{"crlf", "spelling:\r\n  locale: US\r\n", "spelling:\r\n  ignore: [sovle]\r\n  locale: US\r\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e, ok := configIgnoreEdit(reg, ".postlint.yml", []byte(c.src), "sovle")
			if !ok {
				t.Fatalf("no edit for %q", c.src)
			}
			if got := string(rules.ApplyEdits([]byte(c.src), []rules.Edit{e})); got != c.want {
				t.Fatalf("got\n%q\nwant\n%q", got, c.want)
			}
		})
	}
	for _, src := range []string{"{rules: {}}\n", "spelling: [a]\n", "rules: [\n"} {
		if _, ok := configIgnoreEdit(reg, ".postlint.yml", []byte(src), "sovle"); ok {
			t.Errorf("an edit for %q", src)
		}
	}
	if got := string(configWithWord(nil, "don’t")); got != "spelling:\n  ignore: [don’t]\n" {
		t.Errorf("a new config: %q", got)
	}
	if got := yamlWord("yes"); got != `"yes"` {
		t.Errorf("yamlWord(yes) = %s", got)
	}
}

// The directive covers the diagnostic's line, leaves the post's blocks as
// they were, and is not itself reported.
func TestDisableOnLine(t *testing.T) {
	const fm = "---\ntitle: T\ndate: 2024-01-01\ntags: [a]\n---\n\n"
	for _, c := range []struct {
		name, body string
		want       string // the directive's place, as text around it
	}{
		{"paragraph-middle", "First line of text,\nthen we had to sovle it.\n", "First line of text, <!-- postlint-disable-next-line misspelling -->\nthen"},
		{"paragraph-first", "Intro.\n\nWe had to sovle it.\n", "\n\n<!-- postlint-disable-next-line misspelling -->\nWe had"},
		{"first-line-of-body", "We had to sovle it.\n", "---\n\n<!-- postlint-disable-next-line misspelling -->\nWe"},
		{"list-item", "- one\n- we had to sovle it\n- three\n", "- one <!-- postlint-disable-next-line misspelling -->\n- we"},
		{"heading", "Some text.\n## We sovle it\n", "Some text. <!-- postlint-disable-next-line misspelling -->\n## We"},
		{"after-code", "```\ncode\n```\nWe had to sovle it.\n", "```\n<!-- postlint-disable-next-line misspelling -->\nWe"},
		{"quote", "> Quoted,\n> we had to sovle it.\n", "> Quoted, <!-- postlint-disable-next-line misspelling -->\n> we"},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := fm + c.body
			path := filepath.Join(t.TempDir(), "post.md")
			miss := ruleDiags(lintAlone(t, path, src), "misspelling")
			if len(miss) != 1 {
				t.Fatalf("want one misspelling in %q: %+v", src, miss)
			}
			e, ok := disableEdit(path, []byte(src), miss[0])
			if !ok {
				t.Fatal("no edit")
			}
			after := string(rules.ApplyEdits([]byte(src), []rules.Edit{e}))
			if !strings.Contains(after, c.want) {
				t.Fatalf("edited:\n%s\nwant:\n%s", after, c.want)
			}
			for _, d := range lintAlone(t, path, after) {
				if d.Rule == "misspelling" || d.Rule == "unused-directive" || d.Rule == "bad-directive" {
					t.Errorf("after the directive: %s: %s", d.Rule, d.Message)
				}
			}
		})
	}
	// No directive can sit in the front matter, nor in a table without
	// breaking it.
	for _, src := range []string{
		"---\ntitle: We sovle it\ndate: 2024-01-01\ntags: [a]\n---\n\nText.\n",
		fm + "| a | b |\n| - | - |\n| x | we sovle |\n",
	} {
		path := filepath.Join(t.TempDir(), "post.md")
		miss := ruleDiags(lintAlone(t, path, src), "misspelling")
		if len(miss) != 1 {
			t.Fatalf("want one misspelling in %q: %+v", src, miss)
		}
		if e, ok := disableEdit(path, []byte(src), miss[0]); ok {
			t.Errorf("an edit for %q: %+v", src, e)
		}
	}
}

func TestSpelledWord(t *testing.T) {
	for span, want := range map[string]string{"sovle": "sovle", "so*vle*": "sovle", "don’t": "don’t", "a b": "", "x.y": ""} {
		got, ok := spelledWord([]byte(span))
		if ok != (want != "") || got != want {
			t.Errorf("spelledWord(%q) = %q, %v", span, got, ok)
		}
	}
}
