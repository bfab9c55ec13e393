package rules

import (
	"fmt"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// yamlCases are front matters whose decoding must match yaml.v3's own.
var yamlCases = []string{
	"title: Hello\ndate: 2020-01-02\ntags: [go, yaml]\n",
	"n: 1\nf: 1.50\nb: true\nnull1: ~\nnull2:\ns: '1'\nbig: 12345678901234567890\n",
	"nested:\n  a: 1\n  b: [x, {c: d}]\n  1: int key\n",
	"1: top-level int key\ntrue: bool key\n~: null key\n1.50: float key\n",
	"base: &b {x: 1, y: 2}\nderived:\n  <<: *b\n  y: 3\n",
	"a: &a {k: 1}\nb: &b {k: 2, l: 2}\nc:\n  <<: [*a, *b]\n  m: 3\n",
	"<<: {merged: yes}\nown: 1\n",
	"list: &l [1, 2]\ncopy: *l\n",
	"stamp: !!timestamp 2001-12-14t21:59:43.10-05:00\nbin: !!binary aGVsbG8=\nstr: !!str 12\n",
	"? [complex, key]\n: value\n",
	"dup: 1\nother: 2\ndup: 3\n",
	"a: 1\nb: 2\nb: 3\na: 4\n",
	"outer:\n  x: 1\n  x: 2\n",
	"bad: !!int notanumber\n",
	"nan: .nan\ninf: -.inf\n",
	"k: {a: 1, a: 2}\n",
	"merge_bad:\n  <<: 3\n",
	"anchor_key: &k name\n*k : value\n",
	"<<: {1: a, ~: b, true: c}\nown: 2\n",
	"x: &x {1: a}\ny:\n  <<: *x\n  2: b\n",
	"m: {1: a, 01: b, 0x1: c}\n",
	"1: a\n01: b\n",
	"!!str 1: a\n'2': b\n\"t\": !!str true\nu: !<tag:yaml.org,2002:str> 3\nl: |\n  x\n",
	"s: &s !!str 1\nt: *s\n*s : k\n",
	"d: 2024-02-30\ne: 0000-01-01\nf: 2024-1-2\ng: 2024-01-02x\nh: '2024-01-02'\ni: 9999-12-31\nj: 2024-00-10\nk: !!timestamp 2024-01-02\n",
}

func TestYAMLValueMatchesYAMLv3(t *testing.T) {
	for _, src := range yamlCases {
		compareYAML(t, src)
	}
}

// compareYAML checks that decodeYAMLMapping gives what yaml.v3's Decode
// into a map[string]any gives, or fails where it fails.
func compareYAML(t *testing.T, src string) {
	t.Helper()
	var doc yaml.Node
	if yaml.Unmarshal([]byte(src), &doc) != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return
	}
	root := doc.Content[0]
	var want map[string]any
	errWant := func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("panic: %v", r)
			}
		}()
		return root.Decode(&want)
	}()
	got, errGot := decodeYAMLMapping(root)
	aliasing := errWant != nil && strings.Contains(errWant.Error(), "aliasing") ||
		errGot != nil && strings.Contains(errGot.Error(), "alias")
	switch {
	case aliasing:
		// yaml.v3 bounds aliases by a ratio, postlint by a count: either
		// may refuse first.
	case (errWant == nil) != (errGot == nil):
		t.Errorf("%q:\nyaml.v3 error: %v\npostlint error: %v", src, errWant, errGot)
	case errWant == nil:
		if want == nil {
			want = map[string]any{}
		}
		if w, g := fmt.Sprintf("%#v", want), fmt.Sprintf("%#v", got); w != g {
			t.Errorf("%q:\nyaml.v3:  %s\npostlint: %s", src, w, g)
		}
	}
}

func TestYAMLDuplicateKeyMessage(t *testing.T) {
	src := []byte("---\ntitle: T\na: 1\nb: 2\nb: 3\na: 4\n---\n")
	d := Parse("dup.md", src)
	fm := d.FrontMatter
	// yaml.v3's first error: the first key given twice, at its repeat.
	if fm.Err == nil || fm.Err.Error() != `mapping key "a" already defined at line 3` || fm.ErrLine != 6 {
		t.Errorf("got %v at line %d", fm.Err, fm.ErrLine)
	}
}

// TestYAMLLinear: yaml.v3's decoder compares every key of a mapping with
// every other; 200,000 keys took it minutes. Ours finds repeats with a
// map. The test is not timed (speed is for benchmarks): were the decoding
// quadratic again, it would run into go test's timeout and fail.
func TestYAMLLinear(t *testing.T) {
	var b strings.Builder
	b.WriteString("---\ntitle: T\n")
	for i := range 200_000 {
		fmt.Fprintf(&b, "k%d: v\n", i)
	}
	b.WriteString("---\nbody\n")
	d := Parse("many.md", []byte(b.String()))
	if d.FrontMatter.Err != nil || len(d.FrontMatter.Data) != 200_001 {
		t.Fatalf("err %v, %d keys", d.FrontMatter.Err, len(d.FrontMatter.Data))
	}
}

func TestYAMLAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("---\ntitle: T\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	prev := "a"
	for _, name := range strings.Split("bcdefghijk", "") {
		fmt.Fprintf(&b, "%s: &%s [%s]\n", name, name, strings.TrimSuffix(strings.Repeat("*"+prev+", ", 10), ", "))
		prev = name
	}
	b.WriteString("---\nBody.\n")
	d := Parse("bomb.md", []byte(b.String()))
	fm := d.FrontMatter
	if fm.Err == nil || !strings.Contains(fm.Err.Error(), "aliases expand to more than 100000 values") {
		t.Fatalf("got %v", fm.Err)
	}
	// The line of the alias where the budget ran out.
	if fm.ErrLine < 4 || fm.ErrLine > 13 {
		t.Errorf("error on line %d", fm.ErrLine)
	}
	if d.AST == nil || d.AST.FirstChild() == nil {
		t.Error("the body was not parsed")
	}

	// A recursive alias is an error, not a hang.
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte("a: &a [x, *a]\n"), &doc); err == nil {
		if _, err := decodeYAMLMapping(doc.Content[0]); err == nil {
			t.Error("recursive alias decoded")
		}
	}
}

// FuzzYAMLValue checks the decoder against yaml.v3 on any input.
func FuzzYAMLValue(f *testing.F) {
	for _, s := range yamlCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 4096 {
			return
		}
		compareYAML(t, src)
	})
}
