package rules

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// sameYAML fails when fastYAML accepts raw and builds another tree than
// yaml.Unmarshal does, or accepts what yaml.v3 refuses. It reports whether
// fastYAML accepted raw.
func sameYAML(t *testing.T, raw []byte) bool {
	t.Helper()
	var got yaml.Node
	if !fastYAML(raw, &got) {
		return false
	}
	var want yaml.Node
	if err := yaml.Unmarshal(raw, &want); err != nil {
		t.Fatalf("%q: fastYAML took what yaml.v3 refuses: %v", raw, err)
	}
	if !reflect.DeepEqual(&got, &want) {
		t.Fatalf("%q:\nfastYAML:%s\nyaml.v3:%s", raw, dumpYAML(&got, "\n"), dumpYAML(&want, "\n"))
	}
	return true
}

func dumpYAML(n *yaml.Node, ind string) string {
	s := fmt.Sprintf("%skind %d style %d tag %q value %q anchor %q comments %q %q %q at %d:%d",
		ind, n.Kind, n.Style, n.Tag, n.Value, n.Anchor, n.HeadComment, n.LineComment, n.FootComment, n.Line, n.Column)
	for _, c := range n.Content {
		s += dumpYAML(c, ind+"  ")
	}
	return s
}

var fastYAMLSeeds = []string{
	"title: a\n", "title: a\n\ntags:\n- x\n- 'y'\nk:\n  - \"z\"\n", "\n\na: b\n", "a:\nb: c\n", "a:\n", "a:\n\n\nb: c\n",
	"a:\n\n- x\n\n- y\nb:\n", "date: 2020-01-02\nn: 1\nf: 1.5\nb: yes\nnull: ~\nx: null\n", "1: a\ntrue: b\n~: c\n",
	"a: 'it''s'\nb: ''\nc: \"\"\nd: 'x' \ne: \"a\\tb\"\n",
	"a: 'it''s'\nb: ''\nc: \"\"\n", "a: b: c\n", "a: b:\n", "a:b: c\n", "a :b\n", "a  b: c  d\n",
	"a: [x]\n", "a: {x: 1}\n", "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: |\n  x\n", "a: >-\n  x\n", "a: x\n  y\n",
	"a: x # c\n", "# c\na: x\n", "a:\tx\n", "a: x\r\n", "...\n", "---\na: x\n", "a: ---\n", "- x\n", "a: x\n- y\n",
	"a:\n- x\n  - y\n", "a:\n  - x\n- y\n", "a:\n-\n", "a:\n- \n", "a:\n-  x\n", "a:\n- - x\n", "a:\n- x: y\n",
	"ä: ö\nb:\n- ü\n", "é:\n", "a: x\u00a0\n", "a: \u2028\n", "a: \ufeff\n", "a: \u0085\n", "a: \xff\n", "<<: x\n",
	"a: <<\n", "? a\n", "a: ?x\n", "a: -x\n", "a: :x\n", "a: 0x1F\nb: 1_000\nc: .inf\nd: -1\ne: +1\nf: 0o17\n",
	"a: x]\nb: x}\nc: x,y\nd: x[y]\n", "a: \"x'y\"\nb: 'x\"y'\n", "%YAML 1.1\n", "a: @x\n", "a: `x`\n",
	"a: b\na: c\n", "a: x\n# c\nb: y\n", "# c\na: x\n", "# c\n\na: x\n", "a: x\n\n# c\nb: y\n", "a:\n- x\n# c\nb: y\n",
	"a: x\n# c\n", "a: x\n# c\n# d\nb: y\n", "a: x\n#c\nb: y\n", "a: x\n#  c \nb: y\n", "a: x\n#\nb: y\n", "a: x#y\n",
	"a: >-\n  x y\n  z\nb: c\n", "a: >\n  x\n   z\nb: c\n", "a: |\n  x\n  z\n\nb: c\n", "a: |-\n  x\n", "a: >\n  x\n",
	"a: >\n  x\n\n  y\n", "a: >\n  x\n  \n  y\n", "a: >\n  x \n", "a: >\nb: c\n", "a: >+\n  x\n", "a: >2\n  x\n",
	"a: |\n  x\n# c\nb: y\n", "a: >-\n    x\n  y\n", "a: |\n  - x\n  y: z\n  'q'\n",
	"title:\n  Achieve a 10x\n  Reduction\nb: c\n", "a: x\n  y\n   z\n", "a: x\n y\n", "a:\n  x\n\n  y\n", "a: 'x'\n  y\n",
	"a: x\n  - y\n", "a:\n  b: c\n", "a:\n  b:\n", "a: 1\n  2\n", "a:\n  true\n", "a: x\n  # c\n", "d: 2024-02-30\ne: 0000-01-01\nf: 2024-1-2\ng: 2024-01-02x\nh: 9999-12-31\nj: 2024-00-10\nk: 2024-12-01\n", strings.Repeat("k", 1100) + ": v\n", strings.Repeat("k", 600) + ": v\n",
	"weight: -2019\n", "a: -\n", "a: --\n", "a: ---\n", "a: -- x\n", "a: -[x]\n", "a: -{x}\n", "a: -#x\n", "a: -:x\n", "a: -x: y\n",
	"a: -.inf\n", "a: -0x1F\n", "a: -2020-01-02\n", "a:\n- -1\n- -x\n", "a: -x\n  -y\n", "-a: b\n",
	"tags: [go, news]\n", "t: []\n", "t: [ ]\n", "t: [ a ,  b ]\n", "t: [\"a\", 'b''c', 1, 2020-01-02, ä, x]\n", "t: [a,b]\n",
	"t: [a, b,]\n", "t: [a b, c]\n", "t:   [a]\n", "t: [a]\nx: y\n", "t: [-x, .5, ~, y, -, - a]\n", "t: [a:b]\n", "t: [a: b]\n",
	"t: [a]x\n", "t: [a] \n", "t: [,]\n", "t: [a,,b]\n", "t: [a]\n  b\n", "t: [a\\b]\n", "t: [日本, b, ä]\n", "t: [[a]]\n",
	"t: [{a: b}]\n", "t: [a\n", "t: [a,\n  b]\n", "t: ['a, b', c]\n", "t: [\"a, b\", c]\n", "t: [\"a,\", \"b\"]\n", "t: ['a'', ''b']\n",
	"t: [x\"y, 'z']\n", "t: [\"\", '']\n", "t: [ 'a ' , \" b\" ]\n", "t: [a  b]\n", "t: [?a, *a, &a, !a, |a, >a, %a, @a, `a]\n",
	"t: [a?, a*, a&, a!, a|, a>, a%, a@]\n", "t: [a]\nu:\n- [b]\n", "t: [yes, No, null, true, 0x1F, 1_000]\n", "t: [\u00a0a]\n",
	"t: [-]\n", "t: [a, -]\n", "t: [ -x]\n",
}

// TestFastYAMLAsYAMLv3 compares fastYAML with yaml.v3 on the seeds and on
// the front matter of the posts of testdata and the corpus, most of which
// fastYAML must take.
func TestFastYAMLAsYAMLv3(t *testing.T) {
	for _, s := range fastYAMLSeeds {
		sameYAML(t, []byte(s))
	}
	took, tookFlow, flows := 0, 0, 0
	raws := yamlFrontMatters(filepath.Join("..", "testdata"), filepath.Join("..", "..", "shared", "corpus"))
	for _, raw := range raws {
		if sameYAML(t, raw) {
			took++
		}
		if flow, ok := asFlowLists(raw); ok {
			flows++
			if sameYAML(t, flow) {
				tookFlow++
			}
		}
	}
	t.Logf("fastYAML took %d of %d YAML front matters, and %d of the %d with lists, their lists written as flow lists", took, len(raws), tookFlow, flows)
}

// yamlFrontMatters returns the closed YAML front matters of the posts under
// the roots (a root that is not there gives none).
func yamlFrontMatters(roots ...string) [][]byte {
	var raws [][]byte
	for _, root := range roots {
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
				return nil
			}
			src, err := os.ReadFile(p)
			if err != nil {
				return nil
			}
			if fm, _ := findFrontMatter(src); fm != nil && !fm.Unclosed && fm.Format == "yaml" {
				raws = append(raws, fm.Raw(src))
			}
			return nil
		})
	}
	return raws
}

// asFlowLists writes the block lists of one-line items of raw, a key's
// value, as flow lists: "tags:\n- a\n- b" as "tags: [a, b]", an item
// holding a comma single-quoted. It reports whether it found one.
func asFlowLists(raw []byte) ([]byte, bool) {
	lines := strings.SplitAfter(string(raw), "\n")
	var b strings.Builder
	found := false
	for i := 0; i < len(lines); i++ {
		key, ok := strings.CutSuffix(lines[i], ":\n")
		var items []string
		for j := i + 1; ok && j < len(lines); j++ {
			item, isItem := strings.CutPrefix(strings.TrimLeft(lines[j], " "), "- ")
			if !isItem || !strings.HasSuffix(item, "\n") {
				break
			}
			item = strings.TrimSuffix(item, "\n")
			if strings.Contains(item, ",") && !strings.HasPrefix(item, "'") && !strings.HasPrefix(item, `"`) {
				item = "'" + strings.ReplaceAll(item, "'", "''") + "'"
			}
			items = append(items, item)
		}
		if !ok || len(items) == 0 || strings.HasPrefix(key, " ") {
			b.WriteString(lines[i])
			continue
		}
		found = true
		fmt.Fprintf(&b, "%s: [%s]\n", key, strings.Join(items, ", "))
		i += len(items)
	}
	return []byte(b.String()), found
}

func FuzzFastYAML(f *testing.F) {
	for _, s := range fastYAMLSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) { sameYAML(t, raw) })
}

// TestFastYAMLMixed compares fastYAML with yaml.v3 on many blocks made of
// lines fastYAML takes, and lines near them, in random order: most blocks
// fuzzing makes are refused at their first odd byte.
func TestFastYAMLMixed(t *testing.T) {
	keys := []string{"title", "a", "cSpell:ignore", "a b", "1", "01", "0x1", "true", "no", "~", "null", "1.5", ".5",
		"2020-01-02", "ä", "日本", "a:b", "x.y", "-a", "a-", "a_b", "<", "a<<", "=", "%", "a%", "(a)", "$a", "...a"}
	vals := []string{"x", "Hello, World", "2020-01-02", "2020-01-02 10:00:00", "2001-12-14t21:59:43.10-05:00",
		"1", "-1", "-2019", "-x", "--", "-[a]", "+1", "1_000", "0b101", "0o17", "017", "0x1F", "1e3", "1.5", ".inf", "-.Inf", ".nan", "NaN",
		"yes", "No", "on", "OFF", "y", "n", "true", "False", "~", "null", "Null", "NULL", "''", `""`, "'a''b'",
		`"a'b"`, "'a\"b'", "x]", "x}", "a, b", "a [b] c", "https://go.dev/blog", "a:b", "a :b", "ä ö", "日本語",
		"a\u00a0", "\u00a0a", "x  y", "=", "<", "a<<b", "a?b", "a-b", "a - b", "a ? b", "a | b", "a > b", "a & b",
		"a * b", "a ! b", "a % b", "a @ b", "a ` b", "1:2", "12:30", "1:20:30", "-", "'", `"`, "'a", `"a`,
		"[a, b]", "[]", "[ ]", "[a,b ,  c]", "['a', \"b\"]", "[1, 2020-01-02, ~, yes]", "[a, b,]", "[a, [b]]", "[a b]", "[ä, 日本]",
		"['a, b']", "[a:b]", "[-, -x]", "[x]y", "[", "]", "[a", "[,]"}
	rnd := rand.New(rand.NewPCG(1, 2))
	const blocks = 20000
	took := 0
	for range blocks {
		var b strings.Builder
		for range 1 + rnd.IntN(6) {
			switch rnd.IntN(12) {
			case 0:
				b.WriteString("\n")
			case 8:
				fmt.Fprintf(&b, "#%s\n", vals[rnd.IntN(len(vals))])
			case 9:
				fmt.Fprintf(&b, "%s: %s\n", keys[rnd.IntN(len(keys))], [...]string{">", ">-", "|", "|-", "", "x"}[rnd.IntN(6)])
				indent := strings.Repeat(" ", 1+rnd.IntN(2))
				for range rnd.IntN(4) {
					fmt.Fprintf(&b, "%s%s%s\n", indent, strings.Repeat(" ", rnd.IntN(5)/4), vals[rnd.IntN(len(vals))])
				}
			case 1, 2:
				fmt.Fprintf(&b, "%s:\n", keys[rnd.IntN(len(keys))])
				indent := strings.Repeat(" ", rnd.IntN(3))
				for range rnd.IntN(4) {
					fmt.Fprintf(&b, "%s- %s\n", indent, vals[rnd.IntN(len(vals))])
				}
			default:
				fmt.Fprintf(&b, "%s: %s\n", keys[rnd.IntN(len(keys))], vals[rnd.IntN(len(vals))])
			}
		}
		if sameYAML(t, []byte(b.String())) {
			took++
		}
	}
	t.Logf("fastYAML took %d of %d", took, blocks)
}

// BenchmarkFrontMatterYAML decodes the YAML front matter of the corpus's
// posts that have lists (block lists, as written, and the same lists
// written as flow lists, as Jekyll's users often write them): fastYAML
// where it takes the block, else yaml.v3.
func BenchmarkFrontMatterYAML(b *testing.B) {
	root := filepath.Join("..", "..", "shared", "corpus")
	var block, flow [][]byte
	for _, raw := range yamlFrontMatters(root) {
		if f, ok := asFlowLists(raw); ok {
			block, flow = append(block, raw), append(flow, f)
		}
	}
	if len(block) == 0 {
		b.Skip("no corpus at", root)
	}
	for _, set := range []struct {
		name string
		raws [][]byte
	}{{"block", block}, {"flow", flow}} {
		b.Run(set.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, raw := range set.raws {
					fm := &FrontMatter{Format: "yaml", End: len(raw)}
					fm.decodeYAML(raw, raw)
					if fm.Err != nil {
						b.Fatalf("%q: %v", raw, fm.Err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(set.raws)), "ns/block")
		})
	}
}
