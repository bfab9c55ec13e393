package detect

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// apply puts every fixable finding's repair in place.
func apply(s string, fs []Finding) string {
	var b strings.Builder
	last := 0
	for _, f := range fs {
		if !f.Fixable || f.Start < last {
			continue
		}
		b.WriteString(s[last:f.Start])
		b.WriteString(f.Repair)
		last = f.End
	}
	b.WriteString(s[last:])
	return b.String()
}

func mojibakeIn(fs []Finding) int {
	n := 0
	for _, f := range fs {
		if f.Kind == Mojibake {
			n++
		}
	}
	return n
}

func TestRepairs(t *testing.T) {
	for _, tc := range []struct {
		in, want, decodings string
		lossy               bool
	}{
		{"Bj√∂rn", "Björn", "Mac OS Roman", false},
		{"donâ€™t", "don’t", "Windows-1252", false},
		{"SeÃ±ores", "Señores", "Latin-1", false},
		{"cafÃ©", "café", "Latin-1", false},
		{"BjÃ¶rn Rabenstein", "Björn Rabenstein", "Latin-1", false},
		{"donÃ¢â‚¬â„¢t", "don’t", "Windows-1252 Windows-1252", false},
		{"Ã¢â‚¬Å“quotedÃ¢â‚¬Â\u009d", "“quoted”", "Windows-1252 Windows-1252", false},
		{"The café’s owner, BjÃ¶rn, said: â€œhiâ€\u009d.", "The café’s owner, Björn, said: “hi”.", "", false},
		{"ÄŒeÅ¡tina", "Čeština", "Windows-1252", false},
		{"SlovenÄ�ina", "Sloven\ufffdina", "Windows-1252", true},
		{"SlovenÄ\u008dina", "Slovenčina", "Latin-1", false},
		{"ï»¿Hello", "Hello", "Latin-1", false},
		{"parlé\u0085 Tu", "parlé… Tu", "Latin-1", false},
		{"Ã©tÃ© Ã  Paris", "été à Paris", "", false},
		{"Party time ðŸ˜€!", "Party time 😀!", "Windows-1252", false},
		{"Collectivesâ„¢ on Stack Overflow", "Collectives™ on Stack Overflow", "Windows-1252", false},
		{"H. Osterer, Birkh√§user, 2001", "H. Osterer, Birkhäuser, 2001", "Mac OS Roman", false},
		{"Robert PajƒÖk", "Robert Pająk", "Mac OS Roman", false},
		{"–ö–∏—ó–≤ — it’s “fine”", "Київ — it’s “fine”", "Mac OS Roman", false},
		{"‚ÄúQuoted‚Äù, she said.", "“Quoted”, she said.", "", false},
		{"Tiáº¿ng Viá»‡t", "Tiếng Việt", "", false},
	} {
		fs := Scan([]byte(tc.in))
		if got := apply(tc.in, fs); got != tc.want {
			t.Errorf("%q: repaired to %q, want %q (%+v)", tc.in, got, tc.want, fs)
			continue
		}
		if tc.decodings != "" && len(fs) == 1 {
			if got := strings.Join(fs[0].Decodings, " "); got != tc.decodings {
				t.Errorf("%q: decodings %q, want %q", tc.in, got, tc.decodings)
			}
		}
		for _, f := range fs {
			if f.Lossy != tc.lossy {
				t.Errorf("%q: lossy = %v, want %v", tc.in, f.Lossy, tc.lossy)
			}
		}
	}
}

// Correct text that has the characters mojibake is made of.
var clean = []string{
	"NÃO", "HÃY", "√2", "€", "Łukasz", "“quotes”", `¯\_(ツ)_/¯`,
	"SÃO PAULO", "IRMÃ E IRMÃO", "C O N C L U S Ã O", "√π ≈ 1.77", "5 × 3 = 15 ± 1",
	"日本語のテキスト、「引用」と句読点。", "Привет, мир! Всё хорошо, её тоже.", "Київ, Україна — її столиця",
	"Ελληνικά: η ανατροφή", "Crème brûlée à la française, déjà vu", "Ærøskøbing på Ærø",
	"Zürich, Müller, Straße", "Łódź, Kraków, Gdańsk — Wałęsa", "Čeština, Slovenčina, Hrvatski",
	"Türkçe: İstanbul, ığdır", "Tiếng Việt có dấu", "© 2024 ACME™ — “Naïve” résumé…",
	"½ cup, ¼ tsp, 30°C, 5 µm", "árvíztűrő tükörfúrógép", "Ñandú, España, ¿qué tal? ¡Olé!",
	"¡Hola! «Bonjour» ‹ok›", "I'm not such a fan of Charlotte Brontë…”", "“×” and “+” curves",
	"à l’école, où l’on étudie", "Português: ação, não, pão, irmã, àquele",
	"att tilldela en specifik ”ändelse” till dem", "„Äpfel“ und ‚Öl‘", "x ≈ 1°, √x, ∑ ≠ ∏",
	"Emoji ✌️ ❤️ 👍🏽 🎉", "ℹ️ Note ⚠️ — ✅ ❌", "φ-クォンタイル推定",
}

func TestClean(t *testing.T) {
	for _, s := range clean {
		if fs := Scan([]byte(s)); len(fs) > 0 {
			t.Errorf("%q: reported %+v", s, fs)
		}
	}
}

func TestControlsAndReplacement(t *testing.T) {
	s := "a\u0093quote\u0094 and \ufffd and \u0081"
	fs := Scan([]byte(s))
	if len(fs) != 4 {
		t.Fatalf("got %+v", fs)
	}
	if fs[0].Kind != C1Control || fs[0].Repair != "“" || fs[1].Repair != "”" {
		t.Errorf("C1 repairs: %+v", fs[:2])
	}
	if fs[2].Kind != Replacement || fs[2].Fixable {
		t.Errorf("U+FFFD: %+v", fs[2])
	}
	if fs[3].Kind != C1Control || fs[3].Fixable {
		t.Errorf("U+0081 has no Windows-1252 meaning: %+v", fs[3])
	}
}

func TestInvalidUTF8IsNotReported(t *testing.T) {
	for _, s := range []string{"caf\xe9", "\xc3", "Ã\xa9", "\xff\xfe", "â€\x99"} {
		for _, f := range Scan([]byte(s)) {
			if f.Kind == Replacement {
				t.Errorf("%q: invalid byte taken for U+FFFD: %+v", s, f)
			}
		}
	}
}

type ftfyCase struct {
	Label         string `json:"label"`
	Original      string `json:"original"`
	Fixed         string `json:"fixed"`
	FixedEncoding string `json:"fixed-encoding"`
}

// TestFtfyCases runs python-ftfy's test cases (Apache-2.0, copied to
// ../shared/ftfy): every garbled case must be flagged and repaired to
// ftfy's result, and no clean case may be flagged as mojibake.
func TestFtfyCases(t *testing.T) {
	files, _ := filepath.Glob("../../../../shared/ftfy/*.json")
	if len(files) == 0 {
		t.Skip("no ../shared/ftfy test cases")
	}
	var garbled, flagged, repaired, cleanCases, falsePos, c1Only int
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var cases []ftfyCase
		if err := json.Unmarshal(data, &cases); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for _, c := range cases {
			// ftfy also straightens quotes and removes control characters;
			// "fixed-encoding", when given, is the result of the decoding
			// repair alone.
			want := c.Fixed
			if c.FixedEncoding != "" {
				want = c.FixedEncoding
			}
			fs := Scan([]byte(c.Original))
			name := filepath.Base(file) + ": " + c.Label
			if want == c.Original {
				cleanCases++
				if mojibakeIn(fs) > 0 {
					falsePos++
					t.Errorf("%s: clean text %q flagged: %+v", name, c.Original, fs)
					continue
				}
				for _, f := range fs {
					if f.Fixable {
						falsePos++
						t.Errorf("%s: clean text %q given a fix: %+v", name, c.Original, f)
					}
				}
				if len(fs) > 0 {
					c1Only++ // an invisible control character with no repair
					t.Logf("%s: reports %d unrepairable control character(s) in %q", name, len(fs), c.Original)
				}
				continue
			}
			garbled++
			if len(fs) == 0 {
				t.Errorf("%s: %q not flagged", name, c.Original)
				continue
			}
			flagged++
			if got := apply(c.Original, fs); got != want {
				t.Errorf("%s: %q repaired to %q, want %q", name, c.Original, got, want)
				continue
			}
			repaired++
		}
	}
	if garbled == 0 || cleanCases == 0 {
		t.Fatalf("read %d garbled and %d clean cases: the test data changed shape", garbled, cleanCases)
	}
	t.Logf("garbled cases flagged %d/%d, repaired exactly %d/%d; clean cases %d, flagged as mojibake or given a fix %d, with an unrepairable control character reported %d",
		flagged, garbled, repaired, garbled, cleanCases, falsePos, c1Only)
}

// garble returns text as a program that read its UTF-8 with cm would
// show it (keeping undefined bytes as C1 controls, as sloppy decoders do).
func garble(text []byte, cm *charmap.Charmap) []byte {
	var out []byte
	for _, b := range text {
		r := cm.DecodeByte(b)
		if r == utf8.RuneError {
			r = rune(b)
		}
		out = utf8.AppendRune(out, r)
	}
	return out
}

// TestCorpusRoundTrip garbles every line of real posts (in six languages)
// that has non-ASCII text, and checks that the garbled line is repaired to
// the original. Then it garbles the line and adds correct text after it,
// so that the line is no longer garbled as a whole: every repair must then
// still put back original text, if not all of it. What is missed is
// logged; a wrong repair fails.
func TestCorpusRoundTrip(t *testing.T) {
	const corpus = "../../../../shared/corpus"
	if _, err := os.Stat(corpus); err != nil {
		t.Skip("no corpus at", corpus)
	}
	var lines [][]byte
	_ = filepath.WalkDir(corpus, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".md" {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		for _, line := range bytes.Split(src, []byte("\n")) {
			if !isASCII(line) && !bytes.ContainsRune(line, utf8.RuneError) {
				lines = append(lines, line)
			}
		}
		return nil
	})
	const tail = " — it’s “fine”"
	for _, tc := range []struct {
		cm       *charmap.Charmap
		minShare float64 // of lines repaired exactly
	}{
		{charmap.ISO8859_1, 0.999},
		{charmap.Windows1252, 0.995},
		{charmap.Macintosh, 0.99},
		{charmap.Windows1251, 0},
		{charmap.Windows1250, 0},
		{charmap.CodePage437, 0},
	} {
		repaired, missed, mixedWhole, mixedPart := 0, 0, 0, 0
		for _, line := range lines {
			g := garble(line, tc.cm)
			fs := Scan(g)
			switch got := apply(string(g), fs); {
			case got == string(line):
				repaired++
			case mojibakeIn(fs) == 0:
				missed++
			default:
				t.Errorf("%s: %q repaired to %q", tc.cm, g, got)
			}

			g = append(g, tail...)
			got := apply(string(g), Scan(g))
			switch {
			case got == string(line)+tail:
				mixedWhole++
			case strings.HasSuffix(got, tail) && partly(string(line), strings.TrimSuffix(got, tail), tc.cm):
				mixedPart++
			default:
				t.Errorf("%s: %q repaired to %q", tc.cm, g, got)
			}
		}
		share := float64(repaired) / float64(len(lines))
		t.Logf("%s: %d lines with non-ASCII text, repaired %d (%.2f%%), missed %d; with correct text after: repaired %d, in part or not at all %d",
			tc.cm, len(lines), repaired, 100*share, missed, mixedWhole, mixedPart)
		if share < tc.minShare {
			t.Errorf("%s: repaired %.2f%% of lines, want at least %.1f%%", tc.cm, 100*share, 100*tc.minShare)
		}
	}
}

// partly reports whether got is want with some of its characters still
// garbled as cm garbles them, and no other change.
func partly(want, got string, cm *charmap.Charmap) bool {
	rs := []rune(want)
	seen := map[[2]int]bool{}
	var match func(i, pos int) bool
	match = func(i, pos int) bool {
		if i == len(rs) {
			return pos == len(got)
		}
		if seen[[2]int{i, pos}] {
			return false
		}
		seen[[2]int{i, pos}] = true
		c := string(rs[i])
		g := string(garble([]byte(c), cm))
		return strings.HasPrefix(got[pos:], c) && match(i+1, pos+len(c)) ||
			g != c && strings.HasPrefix(got[pos:], g) && match(i+1, pos+len(g))
	}
	return match(0, 0)
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
