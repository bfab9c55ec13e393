package language_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postlint/postlint/internal/benchcpu"
	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/language"
	"github.com/postlint/postlint/rules/language/prose"
	"github.com/postlint/postlint/rules/registry"
	"github.com/postlint/postlint/rules/rulestest"
)

func names() []string {
	var ns []string
	for _, r := range language.Rules {
		ns = append(ns, r.Name)
	}
	return ns
}

func TestBasic(t *testing.T) {
	rulestest.Run(t, registry.Default(), "../../testdata/language/basic", names()...)
}

// runWithConfig lints dir with its config.yml and only the language rules
// switched on, so that the files need not satisfy every other rule.
func runWithConfig(t *testing.T, dir string) {
	t.Helper()
	reg := registry.Default()
	cfg, err := rules.LoadConfig(reg, filepath.Join(dir, "config.yml"))
	if err != nil {
		t.Fatal(err)
	}
	rulestest.Only(t, cfg, reg, names()...)
	var inputs []rules.Input
	files, _ := filepath.Glob(filepath.Join(dir, "*.md"))
	for _, f := range files {
		inputs = append(inputs, rules.Input{Path: f})
	}
	if len(inputs) == 0 {
		t.Fatalf("no posts in %s", dir)
	}
	res := (&rules.Engine{Config: cfg, Offline: true}).Run(inputs)
	for _, err := range res.Errors {
		t.Error(err)
	}
	rulestest.Check(t, inputs, res.Diagnostics)
}

func TestLocaleUS(t *testing.T) { runWithConfig(t, "../../testdata/language/locale-us") }
func TestLocaleUK(t *testing.T) { runWithConfig(t, "../../testdata/language/locale-uk") }
func TestConfig(t *testing.T)   { runWithConfig(t, "../../testdata/language/config") }

func TestConfigErrors(t *testing.T) {
	for _, tc := range []struct{ yml, want string }{
		{"spelling:\n  locale: DE\n", `:2: spelling: locale: unknown locale "DE"`},
		{"spelling:\n  ignores: [x]\n", `:2: unknown key "ignores"`},
		{"rules:\n  terms:\n    vocabulary:\n      KubeCon: [Kube Con]\n", `:4: rules: terms: vocabulary: want a single word, not "Kube Con"`},
		{"rules:\n  terms:\n    vocabulary: KubeCon\n", `:3: rules: terms: vocabulary: want a mapping`},
		{"rules:\n  terms:\n    vocab: [KubeCon]\n", `:3: unknown key "vocab"`},
	} {
		_, err := rules.ParseConfig(registry.Default(), "c.yml", []byte(tc.yml))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got error %v, want one containing %q", tc.yml, err, tc.want)
		}
	}
	for _, yml := range []string{
		"spelling:\n  locale: us\n  ignore: [grafana]\n  languages: [en, de]\n",
		"spelling:\n  locale: en-GB\n",
		"rules:\n  terms:\n    severity: error\n    vocabulary: [Backstage]\n    ignore: [kubernetes]\n",
		"rules:\n  terms:\n    vocabulary: {KubeCon: [Kubecon], Backstage: [], Crossplane: crossplane}\n",
	} {
		if _, err := rules.ParseConfig(registry.Default(), "c.yml", []byte(yml)); err != nil {
			t.Errorf("%q: %v", yml, err)
		}
	}
}

// corpus lists the posts of the shared corpus, or skips.
func corpus(tb testing.TB) []rules.Input {
	tb.Helper()
	root := "../../../shared/corpus"
	if _, err := os.Stat(root); err != nil {
		tb.Skip("no corpus at", root)
	}
	var inputs []rules.Input
	_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			src, err := os.ReadFile(p)
			if err != nil {
				tb.Fatal(err)
			}
			inputs = append(inputs, rules.Input{Path: p, Src: src})
		}
		return nil
	})
	return inputs
}

func languageOnly(tb testing.TB) *rules.Config {
	reg := registry.Default()
	cfg := rules.DefaultConfig(reg)
	rulestest.Only(tb, cfg, reg, names()...)
	return cfg
}

// TestCorpus holds the rules to the precision and recall they were
// measured at: on the English posts of the corpus, the misspelling and
// wrong-word diagnostics are exactly the known typos below.
func TestCorpus(t *testing.T) {
	inputs := corpus(t)
	res := (&rules.Engine{Config: languageOnly(t), Offline: true}).Run(inputs)
	// Each was read in context and judged a real error.
	known := map[string]bool{
		"prometheus-blog/2021-11-16-agent.md capabitilies":                              true, // two letters one apart
		"golang-blog/16years.md cleanup":                                                true, // "easy to cleanup" in tests
		"golang-blog/survey2025.md pacakges":                                            true,
		"otel-blog/en/blog/2024/scaling-collectors.md Incase":                           true,
		"otel-blog/en/blog/2025/devex-survey/index.md setup":                            true, // "easier to setup local environment"
		"otel-blog/en/blog/2025/expose-otel-collector-gateway-api/index.md setup":       true, // "In order to setup mTLS"
		"otel-blog/en/blog/2026/introducing-the-ecosystem-explorer/index.md sneak peak": true,
		"prometheus-blog/2017-04-10-promehteus-20-sneak-peak.md Sneak Peak":             true,
		// Found by the single-edit check and the typos project's list.
		"golang-blog/4years.md Infastructure":                                               true, // in a quoted tweet
		"golang-blog/jsonv2-exp.md disapppointed":                                           true,
		"golang-blog/pgo.md inling":                                                         true, // "inlining": two letters away, so the suggestions are wrong
		"golang-blog/survey2025.md pojects":                                                 true,
		"golang-blog/testing-time.md asynchrounous":                                         true,
		"golang-blog/type-inference.md unfication":                                          true, // twice
		"prometheus-blog/2019-10-10-remote-read-meets-streaming.md marshsal":                true,
		"prometheus-blog/2021-05-03-introducing-prometheus-conformance-program.md suprises": true,
		"otel-blog/en/blog/2025/devex-survey/index.md informations":                         true, // a regular form of words, in the typos project's list
		// Real-word confusions.
		"golang-blog/survey2024-h1-results.md its":                               true, // "but its a lot of faff", in a quoted answer
		"otel-blog/en/blog/2024/collector-roadmap/index.md checkout":             true, // "you can checkout the tracking"
		"otel-blog/en/blog/2025/kotlin-multiplatform-opentelemetry.md checkout":  true, // "please checkout the"
		"golang-blog/survey2025.md dependant on":                                 true, // "is dependant on the use case"
		"prometheus-blog/2021-11-16-agent.md patters":                            true, // "enables new usage patters"
		"golang-blog/appengine-gopath.md an":                                     true, // "an stand-alone binary-specific part"
		"golang-blog/go119runtime.md an":                                         true, // "comes an long-requested feature"
		"golang-blog/intro-generics.md a":                                        true, // "the type of a operand"
		"otel-blog/en/blog/2023/opamp-status/index.md an":                        true, // "as an collector extension"
		"prometheus-blog/2016-10-12-interview-with-justwatch.md a":               true, // "combined with a external services"
		"otel-blog/en/blog/2023/jmx-metric-insight/index.md It's":                true, // "It's unit will be"
		"otel-blog/en/blog/2022/instrument-apache-httpd-server/index.md startup": true, // "We need to startup the container"
		"golang-blog/loopvar-preview.md Lets Encrypt":                            true, // "issue at Lets Encrypt"
		// Words written twice.
		"otel-blog/en/blog/2023/contribfest-na/index.md of":                         true, // across a line break
		"otel-blog/en/blog/2023/end-user-q-and-a-03.md at":                          true,
		"otel-blog/en/blog/2023/euwg-future-of-observability-panel.md tool":         true, // "[... tool](...) tool"
		"otel-blog/en/blog/2023/opamp-status/index.md as":                           true,
		"otel-blog/en/blog/2024/java-metric-systems-compared/index.md measurements": true,
		"otel-blog/en/blog/2023/contributing-to-otel/index.md is":                   true, // "code to OTel is is a trivial task"
		"otel-blog/en/blog/2025/humans-of-otel-eu.md was":                           true, // "observability was was really crucial"
		// An interview transcribed word for word: the speakers' own
		// repetitions, which an editor may well keep.
		"otel-blog/en/blog/2025/humans-of-otel-eu.md to":       true,
		"otel-blog/en/blog/2025/humans-of-otel-eu.md so":       true,
		"otel-blog/en/blog/2025/humans-of-otel-eu.md why":      true,
		"otel-blog/en/blog/2025/humans-of-otel-eu.md pinpoint": true,
		"otel-blog/en/blog/2025/humans-of-otel-eu.md this":     true,
		"otel-blog/en/blog/2025/humans-of-otel-eu.md it":       true,
		"otel-blog/en/blog/2025/humans-of-otel-eu.md it's":     true,
	}
	// Each was read in context and judged a false alarm.
	falseAlarms := map[string]bool{}
	seen := map[string]bool{}
	for _, d := range res.Diagnostics {
		rel, _ := filepath.Rel("../../../shared/corpus", d.Path)
		if strings.Contains(rel, "otel-blog/") && !strings.Contains(rel, "otel-blog/en/") {
			t.Errorf("%s:%d: a post not in English was checked: %s", rel, d.Line, d.Message)
		}
		if d.Rule == "terms" {
			continue
		}
		word := strings.SplitN(d.Message, `"`, 3)[1]
		if !known[rel+" "+word] && !falseAlarms[rel+" "+word] {
			t.Errorf("%s:%d: new %s diagnostic: %s", rel, d.Line, d.Rule, d.Message)
		}
		seen[rel+" "+word] = true
	}
	english := 0
	for _, in := range inputs {
		if rel, _ := filepath.Rel("../../../shared/corpus", in.Path); !strings.Contains(rel, "otel-blog/") || strings.Contains(rel, "otel-blog/en/") {
			english++
		}
	}
	if len(falseAlarms)*20 > english {
		t.Errorf("%d false alarms in %d English posts: more than one in twenty", len(falseAlarms), english)
	}
	for k := range known {
		if !seen[k] {
			t.Errorf("%s: no longer reported", k)
		}
	}
}

// BenchmarkCorpus times the language rules over the corpus, parsing
// included (the engine parses each post once for all rules).
func BenchmarkCorpus(b *testing.B) {
	inputs := corpus(b)
	cfg := languageOnly(b)
	b.ResetTimer()
	defer benchcpu.Report(b)()
	for b.Loop() {
		(&rules.Engine{Config: cfg, Offline: true, Jobs: 1}).Run(inputs)
	}
}

// BenchmarkCorpusParseOnly is the same run with every rule off: the
// difference from BenchmarkCorpus is the cost of the language pass.
func BenchmarkCorpusParseOnly(b *testing.B) {
	inputs := corpus(b)
	cfg := languageOnly(b)
	for _, n := range names() {
		_ = cfg.SetEnabled(n, false)
	}
	b.ResetTimer()
	defer benchcpu.Report(b)()
	for b.Loop() {
		(&rules.Engine{Config: cfg, Offline: true, Jobs: 1}).Run(inputs)
	}
}

// TestSite lints two posts of one site: a word used in both, or three
// times in one, is the site's own.
func TestSite(t *testing.T) {
	rulestest.Run(t, registry.Default(), "../../testdata/language/site", names()...)
}

// TestFixSafety checks which fixes --fix applies: one clear correction is
// safe, a choice between several is only suggested.
func TestFixSafety(t *testing.T) {
	src := "---\ntitle: x\n---\n\nThe certficate of the caree, we dont know, the infrastrucuture.\n"
	res := (&rules.Engine{Config: languageOnly(t), Offline: true}).Run([]rules.Input{{Path: "post.md", Src: []byte(src)}})
	want := map[string]struct {
		safe  bool
		fixes int
	}{"certficate": {true, 1}, "caree": {false, 3}, "dont": {true, 1}, "infrastrucuture": {true, 1}}
	for _, d := range res.Diagnostics {
		word := src[d.Start:d.End]
		w, ok := want[word]
		if !ok {
			t.Errorf("unexpected diagnostic: %s", d.Message)
			continue
		}
		delete(want, word)
		if len(d.Fixes) != w.fixes {
			t.Errorf("%s: %d fixes, want %d", word, len(d.Fixes), w.fixes)
		}
		for i, f := range d.Fixes {
			if f.Safe != (w.safe && i == 0) {
				t.Errorf("%s: fix %d (%s) safe = %v", word, i, f.Message, f.Safe)
			}
		}
	}
	for word := range want {
		t.Errorf("%s: not reported", word)
	}
}

// TestLooksEnglish checks the language test on every post of the corpus:
// the English ones read as English, the others (es, ja, pt, uk, zh), taken
// without their labels, do not. It prints the closest calls.
func TestLooksEnglish(t *testing.T) {
	inputs := corpus(t)
	minEnglish, maxOther, maxNonASCII := 1.0, 0.0, 0.0
	mixed := 0
	for _, in := range inputs {
		rel, _ := filepath.Rel("../../../shared/corpus", in.Path)
		other := strings.HasPrefix(rel, "otel-blog/") && !strings.HasPrefix(rel, "otel-blog/en/")
		doc := rules.Parse(in.Path, in.Src)
		ws := prose.Extract(doc).Words
		got := language.LooksEnglish(ws)
		r, nonASCII := language.FunctionShare(ws)
		if other {
			maxOther = max(maxOther, r)
		} else if len(ws) >= 40 {
			minEnglish = min(minEnglish, r)
		}
		switch {
		case !other && !got:
			t.Errorf("%s: an English post does not look English (function words %.2f, letters not Latin %.2f)", rel, r, nonASCII)
		case other && got && len(ws) >= 40:
			// Japanese posts that are mostly lists of English talk titles:
			// TestUnlabelled checks that nothing is reported in them.
			mixed++
			t.Logf("%s: looks English (function words %.2f, letters not Latin %.2f)", rel, r, nonASCII)
		}
		if !other {
			maxNonASCII = max(maxNonASCII, nonASCII)
		}
		if other && r > 0.10 || !other && nonASCII > 0.01 {
			t.Logf("%s: function words %.2f, letters not Latin %.2f", rel, r, nonASCII)
		}
	}
	if mixed > 5 {
		t.Errorf("%d posts in other languages look English", mixed)
	}
	t.Logf("share of function words: English posts %.2f or more, other languages %.2f or less; letters not Latin in English posts: %.2f or less",
		minEnglish, maxOther, maxNonASCII)
}

// TestUnlabelled lints the corpus's posts in other languages with nothing
// saying their language (no lang field, no language in the path): the
// language rules must find nothing in them.
func TestUnlabelled(t *testing.T) {
	var inputs []rules.Input
	for _, in := range corpus(t) {
		rel, _ := filepath.Rel("../../../shared/corpus", in.Path)
		if !strings.HasPrefix(rel, "otel-blog/") || strings.HasPrefix(rel, "otel-blog/en/") {
			continue
		}
		var kept []string
		for _, l := range strings.SplitAfter(string(in.Src), "\n") {
			if !strings.HasPrefix(l, "lang:") && !strings.HasPrefix(l, "language:") {
				kept = append(kept, l)
			}
		}
		name := strings.NewReplacer("/", "-").Replace(strings.SplitN(rel, "/", 3)[2])
		inputs = append(inputs, rules.Input{Path: filepath.Join("unlabelled", fmt.Sprintf("%d-%s", len(inputs), name)), Src: []byte(strings.Join(kept, ""))})
	}
	if len(inputs) < 100 {
		t.Fatalf("only %d posts in other languages", len(inputs))
	}
	// Each post alone, as an editor lints it: the other posts' words do
	// not make a word the site's own.
	cfg := languageOnly(t)
	for _, in := range inputs {
		res := (&rules.Engine{Config: cfg, Offline: true}).Run([]rules.Input{in})
		for _, d := range res.Diagnostics {
			t.Errorf("%s:%d: %s [%s]", d.Path, d.Line, d.Message, d.Rule)
		}
	}
	t.Logf("%d posts", len(inputs))
}

// TestConfusions runs wrong-word over sixty sentences with a real-word
// confusion of the kinds blog authors make, and over their clean twins:
// it must find at least half, with the word meant, and nothing in the
// twins.
func TestConfusions(t *testing.T) {
	found, n := confusions(t, "sentences.txt")
	if n != 60 || found*2 < n {
		t.Errorf("found %d of %d confusions; want at least half of 60", found, n)
	}
	found, n = confusions(t, "held-out.txt")
	t.Logf("held out: found %d of %d", found, n)
	found, n = confusions(t, "held-out-2.txt")
	t.Logf("held out, second set: found %d of %d", found, n)
}

// confusions lints each sentence of a file of confusions and its clean
// twin with wrong-word alone, and returns how many confusions it found.
func confusions(t *testing.T, name string) (found, n int) {
	data, err := os.ReadFile(filepath.Join("../../testdata/language/confusions", name))
	if err != nil {
		t.Fatal(err)
	}
	reg := registry.Default()
	cfg := rules.DefaultConfig(reg)
	rulestest.Only(t, cfg, reg, "wrong-word")
	lint := func(s string) []rules.Diagnostic {
		src := "---\ntitle: A post\n---\n\n" + s + "\n"
		return (&rules.Engine{Config: cfg, Offline: true}).Run([]rules.Input{{Path: "post.md", Src: []byte(src)}}).Diagnostics
	}
	for line := range strings.SplitSeq(strings.TrimSpace(string(data)), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, " | ")
		if len(f) != 3 {
			t.Fatalf("%s: bad line %q", name, line)
		}
		n++
		hit := false
		for _, d := range lint(f[0]) {
			// "X" should be "Y" (why): Y holds the word meant.
			if q := strings.Split(d.Message, `"`); len(q) >= 4 && strings.Contains(strings.ToLower(q[3]), strings.ToLower(f[2])) {
				hit = true
			}
		}
		if hit {
			found++
		} else {
			t.Logf("%s: not found: %s", name, f[0])
		}
		for _, d := range lint(f[1]) {
			t.Errorf("%s: clean twin %q: %s", name, f[1], d.Message)
		}
	}
	t.Logf("%s: found %d of %d confusions", name, found, n)
	return found, n
}
