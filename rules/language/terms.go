package language

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/yuin/goldmark/ast"
	"gopkg.in/yaml.v3"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/language/prose"
)

var Terms = &rules.Rule{
	Name:     "terms",
	Summary:  "a product or project name with the wrong casing (\"Kubecon\" for \"KubeCon\")",
	Severity: rules.Warning,
	Fixes:    rules.SafeFixes,
	Run:      runTerms,
	Options:  func() any { return &TermsOptions{} },
	Doc: `Reports product, project and conference names written with the wrong casing:
"Kubecon" for "KubeCon", "Github" for "GitHub", "Javascript" for "JavaScript".
The built-in vocabulary covers the cloud-native and developer-conference
world (KubeCon, CloudNativeCon, Kubernetes, OpenTelemetry, GitHub, GitLab,
JavaScript, TypeScript, PostgreSQL, YouTube, LinkedIn, gRPC, macOS, ...).

Only whole words of prose are read: never code, URLs, file or package names
("github.com/..."). A lower-case name is taken for the name of a repository,
package or command, not the product, in the text of a link to it, in a
hyphenated name ("opentelemetry-collector"), in quotes, before words like
"package" or "command" ("the oauth package"), and in parentheses when a
code block nearby has it as a key or value ("(github)"); but "github repo"
names the product. Names that are also
commands or plain English words (Docker, Helm, Envoy, Linux, Prometheus) may
be written in lower case; lower-case names (etcd, containerd) may start a
sentence with a capital; a few former spellings are accepted (CloudFlare).
Every other casing is reported.

Options, in the config file:

    rules:
      terms:
        vocabulary:          # the correct form: the wrong forms to report
          Backstage: []      # [] means any other casing
          KubeCon: [Kubecon] # only these forms (overrides the built-in entry)
        ignore: [kubernetes] # names (any casing) never reported

vocabulary may also be a list of correct forms: [Backstage, Crossplane].

Bad:

    The last day of Kubecon started with a keynote.

Good:

    The last day of KubeCon started with a keynote.
`,
}

// builtinTerms is the built-in vocabulary, one correct form a line,
// maybe followed by "lower", which also accepts the all-lower-case form
// (the name of a command, or an English word), and by other forms that
// are right too (an earlier name: CloudFlare until 2017).
const builtinTerms = `
Alertmanager lower
Ansible lower
BigQuery
Bitbucket
BoringSSL
ChatGPT
CloudFormation
CloudNativeCon
CloudWatch
Cloudflare CloudFlare
CoreDNS
DevOps
DigitalOcean
Docker lower
DynamoDB
Elasticsearch
Envoy lower
FOSDEM
FreeBSD
GitHub
GitLab
GitOps
GoLand
GopherCon
Grafana lower
GraphQL
HAProxy
HashiCorp
Helm lower
IntelliJ
Istio lower
Jaeger lower
JavaScript
JetBrains
Jupyter lower
Kafka lower
KubeCon
Kubernetes
LibreSSL
LinkedIn
Linkerd lower
Linux lower
MongoDB
MySQL
NetBSD
NumPy
OAuth
OpenBSD
OpenCensus
OpenMetrics
OpenSSF
OpenSSL
OpenSearch
OpenShift
OpenStack
OpenTelemetry
OpenTracing
PagerDuty
PostgreSQL
PowerShell
PromCon
PromQL
Prometheus lower
PyPI
PyTorch
RabbitMQ
Redis lower
SQLite
TensorFlow
Terraform lower
TypeScript
WebAssembly
WebGPU
WebRTC
WordPress
YouTube
containerd
eBPF
etcd
gRPC
macOS
`

// A term is a correct form and what counts as wrong.
type term struct {
	correct string
	lower   bool            // the all-lower-case form is fine too
	also    []string        // other right forms
	wrong   map[string]bool // only these forms are wrong; nil: any other
}

// TermsOptions are the options of the terms rule.
type TermsOptions struct {
	Vocabulary Vocabulary `yaml:"vocabulary"`
	Ignore     []string   `yaml:"ignore"`

	once  sync.Once
	vocab *vocab
}

// vocab is a vocabulary ready for lookups.
type vocab struct {
	table map[string]*term // by lower-case form
	first firstLetters
}

func newVocab(table map[string]*term) *vocab {
	v := &vocab{table: table}
	for k := range table {
		v.first.add(k)
	}
	return v
}

// Vocabulary is the user's terms: correct form to wrong forms (none: any
// other casing is wrong).
type Vocabulary map[string][]string

// UnmarshalYAML reads a mapping of correct forms to lists of wrong forms,
// or a list of correct forms.
func (v *Vocabulary) UnmarshalYAML(n *yaml.Node) error {
	bad := func(n *yaml.Node, format string, args ...any) error {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: rules: terms: vocabulary: ", n.Line) + fmt.Sprintf(format, args...)}}
	}
	word := func(n *yaml.Node) (string, error) {
		s := strings.TrimSpace(n.Value)
		if n.Kind != yaml.ScalarNode || s == "" || strings.ContainsAny(s, " \t") {
			return "", bad(n, "want a single word, not %q", n.Value)
		}
		return s, nil
	}
	*v = Vocabulary{}
	switch n.Kind {
	case yaml.SequenceNode:
		for _, c := range n.Content {
			w, err := word(c)
			if err != nil {
				return err
			}
			(*v)[w] = nil
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			w, err := word(k)
			if err != nil {
				return err
			}
			var forms []string
			switch val.Kind {
			case yaml.SequenceNode:
				for _, c := range val.Content {
					f, err := word(c)
					if err != nil {
						return err
					}
					forms = append(forms, f)
				}
			case yaml.ScalarNode:
				if val.Tag != "!!null" {
					f, err := word(val)
					if err != nil {
						return err
					}
					forms = append(forms, f)
				}
			default:
				return bad(val, "want a list of wrong forms of %q", w)
			}
			(*v)[w] = forms
		}
	default:
		return bad(n, "want a mapping of correct forms to wrong forms, or a list of correct forms")
	}
	return nil
}

var (
	builtinOnce  sync.Once
	builtinTable map[string]*term
	builtinVocab *vocab
)

func builtin() map[string]*term {
	builtinOnce.Do(func() {
		builtinTable = map[string]*term{}
		for _, line := range strings.Split(builtinTerms, "\n") {
			f := strings.Fields(line)
			if len(f) == 0 {
				continue
			}
			t := &term{correct: f[0]}
			for _, x := range f[1:] {
				if x == "lower" {
					t.lower = true
				} else {
					t.also = append(t.also, x)
				}
			}
			builtinTable[strings.ToLower(f[0])] = t
		}
		builtinVocab = newVocab(builtinTable)
	})
	return builtinTable
}

// vocabulary is the built-in table with the user's entries over it.
func (o *TermsOptions) vocabulary() *vocab {
	o.once.Do(func() {
		builtin()
		if len(o.Vocabulary) == 0 && len(o.Ignore) == 0 {
			o.vocab = builtinVocab
			return
		}
		table := map[string]*term{}
		for k, t := range builtinTable {
			table[k] = t
		}
		for correct, forms := range o.Vocabulary {
			t := &term{correct: correct}
			table[strings.ToLower(correct)] = t
			if len(forms) > 0 {
				t.wrong = map[string]bool{}
				for _, f := range forms {
					t.wrong[f] = true
					table[strings.ToLower(f)] = t
				}
			}
		}
		for _, w := range o.Ignore {
			delete(table, strings.ToLower(w))
		}
		o.vocab = newVocab(table)
	})
	return o.vocab
}

// namedThings are nouns after which a lower-case name is the name of the
// thing: "the oauth package", "the prometheus binary".
var namedThings = set(`package packages module modules library command commands binary binaries tool cli
	crate gem plugin repository repo directory folder label namespace field flag option attribute
	exporter receiver processor extension job image container`)

// hosts are the products a "repo" is on: "the github repo" names GitHub,
// not a repository called github.
var (
	hosts  = set(`github gitlab bitbucket`)
	hosted = set(`repo repos repository repositories`)
)

// codeNear is how many lines away a code block may be to be nearby.
const codeNear = 15

type codeKey struct{}

// A codeBlock is the line range and text of a code block.
type codeBlock struct {
	first, last int
	text        string
}

// nearCode reports whether word is a whole word of a code block within
// codeNear lines of the offset at.
func nearCode(doc *rules.Document, at int, word string) bool {
	blocks := doc.Memo(codeKey{}, func() any {
		var bs []codeBlock
		_ = ast.Walk(doc.AST, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			switch n.(type) {
			case *ast.FencedCodeBlock, *ast.CodeBlock:
				if entering && n.Lines().Len() > 0 {
					lines := n.Lines()
					first, _ := doc.Lines.Position(lines.At(0).Start)
					last, _ := doc.Lines.Position(lines.At(lines.Len() - 1).Start)
					var b strings.Builder
					for k := range lines.Len() {
						b.Write(doc.Text(lines.At(k)))
					}
					bs = append(bs, codeBlock{first, last, strings.ToLower(b.String())})
				}
				return ast.WalkSkipChildren, nil
			}
			return ast.WalkContinue, nil
		})
		return bs
	}).([]codeBlock)
	line, _ := doc.Lines.Position(at)
	for _, b := range blocks {
		if line < b.first-codeNear || line > b.last+codeNear {
			continue
		}
		for rest := b.text; ; {
			k := strings.Index(rest, word)
			if k < 0 {
				break
			}
			before, after := k == 0 || !wordByte(rest[k-1]), k+len(word) == len(rest) || !wordByte(rest[k+len(word)])
			if before && after {
				return true
			}
			rest = rest[k+len(word):]
		}
	}
	return false
}

func wordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// sentenceStart reports whether ws[i] starts a block or a sentence.
func sentenceStart(ws []prose.Word, i int) bool {
	return i == 0 || ws[i].Block != ws[i-1].Block || ws[i].Before&prose.SepStop != 0
}

func isQuote(r rune) bool {
	return r == '"' || r == '\'' || r == '“' || r == '”' || r == '‘' || r == '’'
}

func runTerms(pass *rules.Pass) {
	p := postOf(pass)
	if !p.english {
		return
	}
	opts, _ := pass.Options.(*TermsOptions)
	if opts == nil {
		opts = &TermsOptions{}
	}
	vocab := opts.vocabulary()
	var buf [64]byte
	for i := range p.prose.Words {
		w := &p.prose.Words[i]
		if w.Kind == prose.Number {
			continue
		}
		text := w.Text[:len(w.Text)-possessive(w.Text)]
		if !vocab.first.may(text) {
			continue
		}
		low, ok := lowerASCII(buf[:], text)
		if !ok {
			continue
		}
		t := vocab.table[string(low)]
		if t == nil || text == t.correct || t.wrong != nil && !t.wrong[text] || slices.Contains(t.also, text) {
			continue
		}
		if string(low) == text { // all lower case
			if t.lower && t.wrong == nil {
				continue
			}
			// A lower-case name is often the name of a repository,
			// package or label rather than the product: in a
			// hyphenated name, in quotes, before "package" or
			// "command", or as the text of a link whose address holds it.
			next := nextWord(p.prose.Words, i)
			if w.Hyphen || isQuote(w.Prev) && isQuote(w.Next) || strings.Contains(p.prose.Link(w), text) ||
				inSet(next, namedThings) && !(hosts[text] && inSet(next, hosted)) {
				continue
			}
			// "(github)" naming a key or value of a code block nearby.
			if w.Prev == '(' && w.Next == ')' && nearCode(pass.Doc, w.Start, text) {
				continue
			}
		}
		if sentenceStart(p.prose.Words, i) && t.correct == string(low) && text[1:] == t.correct[1:] {
			continue // "Etcd is ..." at the start of a sentence
		}
		reportWord(pass, p.prose, w, text, fmt.Sprintf("%q should be written %q", text, t.correct), t.correct)
	}
}
