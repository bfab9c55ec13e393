package mojibake_test

import (
	"os"
	"strings"
	"testing"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/mojibake"
	"github.com/postlint/postlint/rules/registry"
	"github.com/postlint/postlint/rules/rulestest"
)

func names() []string {
	var ns []string
	for _, r := range mojibake.Rules {
		ns = append(ns, r.Name)
	}
	return ns
}

func TestMojibake(t *testing.T) {
	rulestest.Run(t, registry.Default(), "../../testdata/mojibake/default", names()...)
}

// With include_code, code spans and blocks are checked too.
func TestIncludeCode(t *testing.T) {
	reg := registry.Default()
	cfg, err := rules.ParseConfig(reg, "inline.yml", []byte("rules:\n  mojibake:\n    include_code: true\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range reg.Rules {
		if err := cfg.SetEnabled(r.Name, r == mojibake.Mojibake); err != nil {
			t.Fatal(err)
		}
	}
	inputs := []rules.Input{{Path: "../../testdata/mojibake/include-code/code.md"}}
	res := (&rules.Engine{Config: cfg, Offline: true}).Run(inputs)
	for _, err := range res.Errors {
		t.Error(err)
	}
	rulestest.Check(t, inputs, res.Diagnostics)
}

func TestUnknownOption(t *testing.T) {
	_, err := rules.ParseConfig(registry.Default(), "x.yml", []byte("rules:\n  mojibake:\n    include_codes: true\n"))
	if err == nil || !strings.Contains(err.Error(), "include_codes") {
		t.Errorf("want an error naming the unknown option, got %v", err)
	}
}

const corpus = "../../../shared/corpus"

// The corpus has no garbled text; its one U+FFFD is in a code sample.
func TestCorpusClean(t *testing.T) {
	if _, err := os.Stat(corpus); err != nil {
		t.Skip("no corpus at", corpus)
	}
	diags := rulestest.Run(t, registry.Default(), corpus, names()...)
	if len(diags) > 0 {
		t.Errorf("%d diagnostics on the corpus", len(diags))
	}
}
