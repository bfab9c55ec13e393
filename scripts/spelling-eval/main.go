// Command spelling-eval measures spelling checkers on typos injected into
// real English sentences: it takes sentences from the English posts of a
// corpus (../shared/corpus), puts one single-edit typo into a common word of
// each (a letter left out, put in, changed, or two letters swapped; the four
// kinds equally often), keeps a clean twin of every sentence, and reports
// for each tool the share of typos found per kind, the share of found typos
// whose first suggestion is the word meant, and the false alarms on the
// clean twins.
//
//	go run ./scripts/spelling-eval                # postlint, and the peers installed
//	go run ./scripts/spelling-eval --install      # first install cspell 9 (npm) and misspell (go)
//
// The peers are codespell (apt install codespell), cspell 9.x and
// misspell v0.8.0; one that is not installed is skipped. The sample is the
// same on every run (--seed).
//
// How typos are made, so that the numbers can be read: the word is a common
// English word (SCOWL's small lists) of five letters or more written in
// lower case, not the sentence's first word, not quoted; the typo is five
// letters or more (so a letter is left out of words of six or more) and is
// no word of any list postlint knows (a typo that is a real word is a
// confusion no spelling checker can see). Positions are uniform over the
// word; an inserted letter doubles the letter before it or is a key next
// to it, a changed letter becomes a key next to it, half and half.
// Sentences are plain text: 8 to 40 words of ASCII, no markup, links or
// code, from paragraphs; each post of the sample holds 20 of them.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/language/wordlist"
)

var (
	verbose  bool
	selected map[string]bool // nil: every tool
)

var kinds = []string{"deletion", "insertion", "substitution", "transposition"}

func main() {
	corpus := flag.String("corpus", "../shared/corpus", "directory of Markdown posts")
	perKind := flag.Int("n", 250, "typos of each kind")
	seed := flag.Uint64("seed", 1, "seed of the sample")
	keep := flag.String("out", "", "directory to write the sample to (default: a temporary one, removed)")
	install := flag.Bool("install", false, "install cspell 9 with npm and misspell with go install, then run")
	flag.BoolVar(&verbose, "v", false, "list each tool's misses and wrong fixes on stderr")
	only := flag.String("tools", "", "comma-separated names of the tools to run (default: postlint and every peer installed)")
	flag.Parse()
	if *install {
		if err := installPeers(); err != nil {
			fmt.Fprintln(os.Stderr, "spelling-eval:", err)
			os.Exit(1)
		}
	}
	if *only != "" {
		selected = map[string]bool{}
		for _, t := range strings.Split(*only, ",") {
			selected[strings.TrimSpace(t)] = true
		}
	}
	if err := run(*corpus, *perKind, *seed, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "spelling-eval:", err)
		os.Exit(1)
	}
}

// peerDir is where --install puts cspell.
func peerDir() string {
	d, err := os.UserCacheDir()
	if err != nil {
		d = os.TempDir()
	}
	return filepath.Join(d, "postlint-spelling-eval")
}

func installPeers() error {
	if err := os.MkdirAll(peerDir(), 0o755); err != nil {
		return err
	}
	for _, c := range [][]string{
		{"npm", "install", "--prefix", peerDir(), "--no-audit", "--no-fund", "cspell@9"},
		{"go", "install", "github.com/golangci/misspell/cmd/misspell@v0.8.0"},
	} {
		cmd := exec.Command(c[0], c[1:]...)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("%s: %v", strings.Join(c, " "), err)
		}
	}
	return nil
}

// A typo is one injected typo and where it is.
type typo struct {
	kind, word, typo string
	file             string // relative to the sample's directory
	line, col        int    // 1-based; col in bytes
}

func run(corpus string, perKind int, seed uint64, keep string) error {
	sentences, err := collect(corpus)
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	rng.Shuffle(len(sentences), func(i, j int) { sentences[i], sentences[j] = sentences[j], sentences[i] })

	var typos []typo
	var dirty, clean []string
	for _, s := range sentences {
		if len(typos) == 4*perKind {
			break
		}
		kind := kinds[len(typos)%4]
		t, text, ok := inject(rng, s, kind)
		if !ok {
			continue
		}
		t.kind = kind
		typos = append(typos, t)
		dirty = append(dirty, text)
		clean = append(clean, s)
	}
	if len(typos) < 4*perKind {
		return fmt.Errorf("only %d sentences could take a typo, want %d", len(typos), 4*perKind)
	}

	dir := keep
	if dir == "" {
		if dir, err = os.MkdirTemp("", "spelling-eval"); err != nil {
			return err
		}
		defer func() { _ = os.RemoveAll(dir) }()
	}
	if err := writePosts(filepath.Join(dir, "typos"), dirty, typos); err != nil {
		return err
	}
	if err := writePosts(filepath.Join(dir, "clean"), clean, nil); err != nil {
		return err
	}

	postlint := filepath.Join(dir, "postlint")
	if out, err := exec.Command("go", "build", "-o", postlint, "./cmd/postlint").CombinedOutput(); err != nil {
		return fmt.Errorf("building postlint: %v\n%s", err, out)
	}
	fmt.Printf("%d sentences from %s, %d typos of each kind (seed %d)\n\n", len(typos), corpus, perKind, seed)
	fmt.Println("| tool | deletion | insertion | substitution | transposition | right fix | false alarms on clean twins |")
	fmt.Println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, tool := range tools(postlint) {
		if selected != nil && !selected[strings.Fields(tool.name)[0]] {
			continue
		}
		found, ferr := tool.run(filepath.Join(dir, "typos"))
		alarms, cerr := tool.run(filepath.Join(dir, "clean"))
		if ferr != nil || cerr != nil {
			fmt.Printf("| %s | not run: %v |\n", tool.name, firstErr(ferr, cerr))
			continue
		}
		fmt.Println(row(tool.name, typos, found, alarms))
	}
	return nil
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// A report is one word a tool flagged, with its first suggestion.
type report struct {
	file      string
	line, col int // col 0: the tool gives none
	word, fix string
}

func row(name string, typos []typo, found, alarms []report) string {
	byLine := map[string][]report{}
	for _, r := range found {
		k := r.file + ":" + strconv.Itoa(r.line)
		byLine[k] = append(byLine[k], r)
	}
	hit, right := map[string]int{}, 0
	total := 0
	for _, t := range typos {
		found := false
		for _, r := range byLine[t.file+":"+strconv.Itoa(t.line)] {
			if r.col == t.col || r.col == 0 && strings.EqualFold(r.word, t.typo) {
				found = true
				hit[t.kind]++
				total++
				if strings.EqualFold(r.fix, t.word) {
					right++
				} else if verbose {
					fmt.Fprintf(os.Stderr, "%s: %s %s:%d: %q for %q: fix %q\n", name, t.kind, t.file, t.line, t.typo, t.word, r.fix)
				}
				break
			}
		}
		if !found && verbose {
			fmt.Fprintf(os.Stderr, "%s: %s %s:%d: %q for %q: missed\n", name, t.kind, t.file, t.line, t.typo, t.word)
		}
	}
	if verbose {
		for _, r := range alarms {
			fmt.Fprintf(os.Stderr, "%s: clean %s:%d: %q\n", name, r.file, r.line, r.word)
		}
	}
	n := len(typos) / 4
	cells := []string{name}
	for _, k := range kinds {
		cells = append(cells, fmt.Sprintf("%.1f%%", 100*float64(hit[k])/float64(n)))
	}
	rightShare := "–"
	if total > 0 {
		rightShare = fmt.Sprintf("%.1f%%", 100*float64(right)/float64(total))
	}
	sentences := map[string]bool{}
	real := 0
	for _, r := range alarms {
		if corpusTypos[strings.ToLower(r.word)] {
			real++ // not a false alarm
			continue
		}
		sentences[r.file+":"+strconv.Itoa(r.line)] = true
	}
	cell := fmt.Sprintf("%d in %d sentences", len(alarms)-real, len(sentences))
	if real > 0 {
		cell += fmt.Sprintf(" (+%d real typo of the corpus)", real)
	}
	cells = append(cells, rightShare, cell)
	return "| " + strings.Join(cells, " | ") + " |"
}

// corpusTypos are the real typos of ../shared/corpus, each read in context
// (rules/language's TestCorpus lists where): a tool that flags one in a clean
// twin is right, and it is not counted as a false alarm.
var corpusTypos = map[string]bool{
	"capabitilies": true, "pacakges": true, "incase": true, "infastructure": true, "disapppointed": true,
	"inling": true, "pojects": true, "asynchrounous": true, "unfication": true, "marshsal": true, "suprises": true,
}

// postsOf is how many sentences each post of the sample holds.
const postsOf = 20

// writePosts writes the sentences as posts of postsOf paragraphs each, and
// fills in where each typo is.
func writePosts(dir string, sentences []string, typos []typo) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for p := 0; p*postsOf < len(sentences); p++ {
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: Sentences %d\n---\n\n", p+1)
		line := 5
		name := fmt.Sprintf("post%03d.md", p+1)
		for i := p * postsOf; i < min(len(sentences), (p+1)*postsOf); i++ {
			if typos != nil {
				typos[i].file, typos[i].line = name, line // the column is set by inject
			}
			b.WriteString(sentences[i])
			b.WriteString("\n\n")
			line += 2
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(b.String()), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// collect returns the plain sentences of the corpus's English posts, in a
// fixed order.
func collect(corpus string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(corpus, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(corpus, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() && strings.HasPrefix(rel, "otel-blog/") && strings.Count(rel, "/") == 1 && rel != "otel-blog/en" {
			return filepath.SkipDir // the otel blog's translations
		}
		if !d.IsDir() && strings.HasSuffix(p, ".md") && filepath.Base(p) != "README.md" {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	seen := map[string]bool{}
	var out []string
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		doc := rules.Parse(f, src)
		_ = ast.Walk(doc.AST, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering {
				return ast.WalkContinue, nil
			}
			if _, ok := n.(*ast.Paragraph); !ok {
				return ast.WalkContinue, nil
			}
			if _, inList := n.Parent().(*ast.ListItem); inList {
				return ast.WalkSkipChildren, nil
			}
			var text []string
			lines := n.Lines()
			for i := range lines.Len() {
				seg := lines.At(i)
				text = append(text, strings.TrimSpace(string(src[seg.Start:seg.Stop])))
			}
			for _, s := range sentencesOf(strings.Join(text, " ")) {
				if !seen[s] {
					seen[s] = true
					out = append(out, s)
				}
			}
			return ast.WalkSkipChildren, nil
		})
	}
	return out, nil
}

var (
	sentenceEnd = regexp.MustCompile(`[.!?] +[A-Z]`)
	markup      = regexp.MustCompile("[`\\[\\]<>*_{}|#\\\\$~^=/@]|https?:|www\\.|\\w\\.\\w") // and names like fmt.Println
)

// sentencesOf splits a paragraph into sentences and keeps the plain ones.
func sentencesOf(p string) []string {
	if markup.MatchString(p) {
		return nil
	}
	var out []string
	for p != "" {
		end := len(p)
		if loc := sentenceEnd.FindStringIndex(p); loc != nil {
			end = loc[0] + 1
		}
		s := strings.TrimSpace(p[:end])
		p = strings.TrimSpace(p[end:])
		words := len(strings.Fields(s))
		if words < 8 || words > 40 || !strings.ContainsAny(s[len(s)-1:], ".!?") || !ascii(s) {
			continue
		}
		out = append(out, s)
	}
	return out
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 || s[i] < ' ' {
			return false
		}
	}
	return true
}

// keyboard lists the keys next to each letter on a QWERTY keyboard.
var keyboard = map[byte]string{
	'q': "wa", 'w': "qase", 'e': "wsdr", 'r': "edft", 't': "rfgy", 'y': "tghu", 'u': "yhji", 'i': "ujko",
	'o': "iklp", 'p': "ol", 'a': "qwsz", 's': "awedxz", 'd': "serfcx", 'f': "drtgvc", 'g': "ftyhbv",
	'h': "gyujnb", 'j': "huikmn", 'k': "jiolm", 'l': "kop", 'z': "asx", 'x': "zsdc", 'c': "xdfv",
	'v': "cfgb", 'b': "vghn", 'n': "bhjm", 'm': "njk",
}

var wordRE = regexp.MustCompile(`[A-Za-z]+`)

// inject puts a typo of the kind into a word of s, and returns the typo and
// the new sentence.
func inject(rng *rand.Rand, s, kind string) (typo, string, bool) {
	var targets [][]int
	for _, loc := range wordRE.FindAllStringIndex(s, -1) {
		w := s[loc[0]:loc[1]]
		if loc[0] == 0 || len(w) < 5 || kind == "deletion" && len(w) < 6 || strings.ToLower(w) != w ||
			!wordlist.Common([]byte(w)) || loc[0] > 0 && strings.ContainsAny(s[loc[0]-1:loc[0]], `"'`) ||
			loc[1] < len(s) && strings.ContainsAny(s[loc[1]:loc[1]+1], `"'-`) || loc[0] > 0 && s[loc[0]-1] == '-' {
			continue
		}
		targets = append(targets, loc)
	}
	if len(targets) == 0 {
		return typo{}, "", false
	}
	loc := targets[rng.IntN(len(targets))]
	w := s[loc[0]:loc[1]]
	for range 20 {
		t := edit(rng, w, kind)
		if t == w || len(t) < 5 || wordlist.Word([]byte(t)) {
			continue
		}
		return typo{word: w, typo: t, col: loc[0] + 1}, s[:loc[0]] + t + s[loc[1]:], true
	}
	return typo{}, "", false
}

func edit(rng *rand.Rand, w, kind string) string {
	n := len(w)
	neighbor := func(c byte) byte {
		keys := keyboard[c]
		return keys[rng.IntN(len(keys))]
	}
	switch kind {
	case "deletion":
		i := rng.IntN(n)
		return w[:i] + w[i+1:]
	case "insertion":
		i := 1 + rng.IntN(n) // after w[i-1]
		c := w[i-1]
		if rng.IntN(2) == 1 {
			c = neighbor(c)
		}
		return w[:i] + string(c) + w[i:]
	case "substitution":
		i := rng.IntN(n)
		return w[:i] + string(neighbor(w[i])) + w[i+1:]
	default:
		i := rng.IntN(n - 1)
		return w[:i] + string(w[i+1]) + string(w[i]) + w[i+2:]
	}
}

// A tool runs over a directory of posts and says what it flagged.
type tool struct {
	name string
	run  func(dir string) ([]report, error)
}

func tools(postlint string) []tool {
	ts := []tool{{"postlint", func(dir string) ([]report, error) { return runPostlint(postlint, dir) }}}
	if p, err := exec.LookPath("codespell"); err == nil {
		ts = append(ts, tool{"codespell " + version(p, "--version"), func(dir string) ([]report, error) { return runCodespell(p, dir) }})
	}
	cspell := filepath.Join(peerDir(), "node_modules", ".bin", "cspell")
	if _, err := os.Stat(cspell); err != nil {
		cspell, _ = exec.LookPath("cspell")
	}
	if cspell != "" {
		ts = append(ts, tool{"cspell " + version(cspell, "--version"), func(dir string) ([]report, error) { return runCSpell(cspell, dir) }})
	}
	misspell, err := exec.LookPath("misspell")
	if err != nil {
		if gopath, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
			if p := filepath.Join(strings.TrimSpace(string(gopath)), "bin", "misspell"); exists(p) {
				misspell = p
			}
		}
	}
	if misspell != "" {
		ts = append(ts, tool{"misspell " + version(misspell, "-v"), func(dir string) ([]report, error) { return runMisspell(misspell, dir) }})
	} else {
		fmt.Fprintln(os.Stderr, "spelling-eval: misspell not installed: skipped (go install github.com/golangci/misspell/cmd/misspell@v0.8.0)")
	}
	return ts
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func version(bin, flag string) string {
	out, _ := exec.Command(bin, flag).CombinedOutput()
	v := strings.TrimSpace(string(out))
	if i := strings.IndexByte(v, '\n'); i >= 0 {
		v = v[:i]
	}
	return strings.TrimPrefix(v, "v")
}

// spellingRules are the rules of postlint that the evaluation counts.
var spellingRules = map[string]bool{"misspelling": true, "repeated-word": true}

func runPostlint(bin, dir string) ([]report, error) {
	cmd := exec.Command(bin, "--offline", "--no-cache", "--format", "json", dir)
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil && cmd.ProcessState.ExitCode() != 1 {
		return nil, err
	}
	var doc struct {
		Diagnostics []struct {
			Path    string `json:"path"`
			Line    int    `json:"line"`
			Column  int    `json:"column"`
			Rule    string `json:"rule"`
			Message string `json:"message"`
			Fixes   []struct {
				Edits []struct {
					NewText string `json:"newText"`
				} `json:"edits"`
			} `json:"fixes"`
		} `json:"diagnostics"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		return nil, err
	}
	var rs []report
	for _, d := range doc.Diagnostics {
		if !spellingRules[d.Rule] {
			continue
		}
		r := report{file: filepath.Base(d.Path), line: d.Line, col: d.Column}
		if q := strings.SplitN(d.Message, `"`, 3); len(q) == 3 {
			r.word = q[1]
		}
		// A fix's edit may change only the letters that differ; the
		// message names the whole word.
		if q := strings.Split(d.Message, `"`); len(q) >= 5 {
			r.fix = q[3]
		}
		rs = append(rs, r)
	}
	return rs, nil
}

var codespellLine = regexp.MustCompile(`^(.*):(\d+): (\S+) ==> ([^,\n]+)`)

func runCodespell(bin, dir string) ([]report, error) {
	out, err := exec.Command(bin, dir).Output()
	if err != nil && len(out) == 0 {
		if _, ok := err.(*exec.ExitError); !ok {
			return nil, err
		}
	}
	var rs []report
	for _, l := range lines(out) {
		if m := codespellLine.FindStringSubmatch(l); m != nil {
			n, _ := strconv.Atoi(m[2])
			rs = append(rs, report{file: filepath.Base(m[1]), line: n, word: m[3], fix: strings.TrimSpace(m[4])})
		}
	}
	return rs, nil
}

var cspellLine = regexp.MustCompile(`^(.*):(\d+):(\d+) - Unknown word \((\S+)\)(?: fix: \((\S+)\))?(?:.*Suggestions: \[([^\],]*))?`)

func runCSpell(bin, dir string) ([]report, error) {
	cmd := exec.Command(bin, "--no-progress", "--no-summary", "--no-color", "--show-suggestions", "--no-gitignore", "**/*.md")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil && len(out) == 0 {
		if _, ok := err.(*exec.ExitError); !ok {
			return nil, err
		}
	}
	var rs []report
	for _, l := range lines(out) {
		if m := cspellLine.FindStringSubmatch(l); m != nil {
			n, _ := strconv.Atoi(m[2])
			c, _ := strconv.Atoi(m[3])
			fix := m[5]
			if fix == "" {
				fix = strings.TrimSuffix(strings.TrimSpace(m[6]), "*") // * marks a preferred suggestion
			}
			rs = append(rs, report{file: filepath.Base(m[1]), line: n, col: c, word: m[4], fix: fix})
		}
	}
	return rs, nil
}

var misspellLine = regexp.MustCompile(`^(.*):(\d+):(\d+): "([^"]+)" is a misspelling of "([^"]+)"`)

func runMisspell(bin, dir string) ([]report, error) {
	files, _ := filepath.Glob(filepath.Join(dir, "*.md"))
	out, err := exec.Command(bin, files...).Output()
	if err != nil && len(out) == 0 {
		if _, ok := err.(*exec.ExitError); !ok {
			return nil, err
		}
	}
	var rs []report
	for _, l := range lines(out) {
		if m := misspellLine.FindStringSubmatch(l); m != nil {
			n, _ := strconv.Atoi(m[2])
			c, _ := strconv.Atoi(m[3])
			rs = append(rs, report{file: filepath.Base(m[1]), line: n, col: c + 1, word: m[4], fix: m[5]})
		}
	}
	return rs, nil
}

func lines(b []byte) []string {
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	return out
}
