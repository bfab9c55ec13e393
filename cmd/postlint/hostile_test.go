package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// A hostile file is whatever may land in a pull request: postlint must
// finish on it, in bounded time and memory, say what is wrong, exit as the
// contract says, and still lint every other file.
type hostile struct {
	name  string
	gen   func() []byte                  // hostile.md; nil for none
	setup func(t *testing.T, dir string) // more files: symlinks, FIFOs...
	args  []string                       // paths to lint; default "."
	// config is the .postlint.yml; default none, so the built-in defaults.
	config string
	want   string // regexp the output (stdout, then stderr) must match
	count  int    // how many times; 0 means at least once
	code   int
	// binary cases run the built command: inputs of megabytes, whose
	// time and memory are measured, or work left running when given up.
	binary bool
	maxMB  int64 // the most memory (RSS) a binary case may take
	heavy  bool  // skipped with -short
}

// fm is front matter every rule is content with.
const fm = "---\ntitle: Hostile\ndate: 2020-01-01\ntags: [go]\n---\n\n"

func repeat(s string, n int) []byte { return bytes.Repeat([]byte(s), n) }

func join(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

func lines(n int, f func(i int) string) []byte {
	var b bytes.Buffer
	for i := range n {
		b.WriteString(f(i))
	}
	return b.Bytes()
}

var hostileCases = []hostile{
	{name: "random bytes", gen: func() []byte {
		r := rand.New(rand.NewPCG(1, 2))
		b := make([]byte, 200_000)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		return b
	}, want: `hostile.md:1:\d+: error: .*\[invalid-utf8\]`, code: 1},
	{name: "NUL bytes", gen: func() []byte { return []byte(fm + "# T\x00itle\n\x00\x00 text\x00\n") },
		want: `hostile.md:7:1: warning: .*\[single-h1\]`, code: 0},
	{name: "NUL in front matter", gen: func() []byte { return []byte("---\ntitle: T\x00\n---\nbody\n") },
		want: `hostile.md:\d+:\d+: error: front matter is not valid YAML: .*control characters`, code: 1},
	{name: "invalid UTF-8", gen: func() []byte { return []byte(fm + "Caf\xe9 cr\xe8me, \xff\xfe.\n") },
		want: `hostile.md:7:4: error: .*\[invalid-utf8\]`, code: 1},
	{name: "BOM", gen: func() []byte { return []byte("\ufeff" + fm + "### Skipped\n") },
		want: `hostile.md:7:1: warning: heading level 3 follows`, code: 0},
	{name: "empty", gen: func() []byte { return nil },
		want: `hostile.md:1:1: error: no front matter: title, date are required \[front-matter\]`, code: 1},
	{name: "only ---", gen: func() []byte { return []byte("---") },
		want: `hostile.md:1:1: error: front matter opened with "---" is never closed`, code: 1},
	{name: "20,000 nested block quotes", gen: func() []byte { return join([]byte(fm), repeat(">", 20_000), []byte(" x\n")) },
		want: `hostile.md:7:1: error: lists or block quotes nest more than 100 levels deep; the file is not linted \(limits.max_nesting\) \[file-limits\]`, code: 1},
	{name: "block quotes nesting line by line", gen: func() []byte {
		return join([]byte(fm), lines(3000, func(i int) string { return strings.Repeat(">", i) + " x\n" }))
	}, want: `hostile.md:108:1: error: lists or block quotes nest more than 100 levels deep`, code: 1},
	{name: "3,000 nested list levels", gen: func() []byte {
		return join([]byte(fm), lines(3000, func(i int) string { return strings.Repeat("  ", i) + "- item\n" }))
	}, want: `hostile.md:107:1: error: lists or block quotes nest more than 100 levels deep`, code: 1},
	{name: "nested list with a million blank lines", gen: func() []byte {
		return join([]byte(fm), lines(50, func(i int) string { return strings.Repeat("  ", i) + "- item\n" }), repeat("\n", 1_000_000))
	}, want: `hostile.md:\d+:1: error: lists or block quotes run over so many lines that parsing them could take over 4\d\dMB of memory; the file is not linted \(limits.max_file_size\)`,
		code: 1},
	{name: "20 MB post", gen: func() []byte {
		return join([]byte(fm), repeat("## Heading\n\nSome text with a [link](https://example.com/x) and *emphasis*.\n\n", 250_000))
	}, want: `hostile.md:1:1: error: the file is 18.\dMB, larger than 10MB; the file is not linted \(limits.max_file_size\) \[file-limits\]`,
		code: 1, binary: true, maxMB: 100},
	{name: "20 MB post, limit raised", gen: func() []byte {
		return join([]byte(fm), repeat("## Heading\n\nSome text with a [link](https://example.com/x) and *emphasis*.\n\n", 250_000))
	}, config: "limits: {max_file_size: 30MB}\n",
		want: `hostile.md:\d+:1: warning: .*\[duplicate-heading|single-h1|heading-increment`, code: 0, binary: true, maxMB: 2000, heavy: true},
	{name: "8 MB single line", gen: func() []byte { return join([]byte(fm), repeat("word ", 1_600_000), []byte("sovle\n")) },
		want: `hostile.md:7:8000001: warning: "sovle" is a misspelling of "solve"`, code: 0, binary: true, maxMB: 1500},
	{name: "100,000 links", gen: func() []byte {
		return join([]byte(fm), lines(100_000, func(i int) string {
			if i%10_000 == 5 {
				return fmt.Sprintf("[missing %d](missing-%d.md)\n", i, i)
			}
			return fmt.Sprintf("[link %d](https://host%d.example.org/page/%d) ", i, i%1000, i)
		}))
	}, want: `hostile.md:\d+:\d+: error: "missing-\d+.md" does not exist \[broken-link\]`, count: 10, code: 1, binary: true, maxMB: 1000},
	{name: "3,000 diagnostics on one long line", gen: func() []byte { return join([]byte(fm), repeat("**x [a*b**c*](d)", 3000), []byte("\n")) },
		want: `hostile.md:7:\d+: error: "d" does not exist \[broken-link\]`, count: 3000, code: 1},
	{name: "YAML alias bomb", gen: func() []byte {
		var b strings.Builder
		b.WriteString("---\ntitle: Bomb\ndate: 2020-01-01\ntags: [go]\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
		prev := "a"
		for _, name := range strings.Split("bcdefghi", "") {
			fmt.Fprintf(&b, "%s: &%s [%s]\n", name, name, strings.TrimSuffix(strings.Repeat("*"+prev+",", 9), ","))
			prev = name
		}
		b.WriteString("---\n\nA sovle in the body.\n")
		return []byte(b.String())
	}, want: `(?s)hostile.md:10:1: error: front matter is not valid YAML: its aliases expand to more than 100000 values \(an alias bomb\?\).*hostile.md:16:3: warning: "sovle"`,
		code: 1},
	{name: "YAML with 200,000 keys", gen: func() []byte {
		return join([]byte("---\ntitle: Keys\ndate: 2020-01-01\ntags: [go]\n"), lines(200_000, func(i int) string { return fmt.Sprintf("k%d: v\n", i) }), []byte("---\n\n### Skipped\n"))
	}, want: `hostile.md:200007:1: warning: heading level 3`, code: 0, binary: true, maxMB: 1000},
	{name: "TOML nested inline tables", gen: func() []byte {
		return join([]byte("+++\ntitle = \"T\"\na = "), repeat("{b=", 100_000), []byte("1"), repeat("}", 100_000), []byte("\n+++\n\nA sovle in the body.\n"))
	}, want: `(?s)hostile.md:3:305: error: front matter is not valid TOML: it nests deeper than 100 levels \(limits.max_nesting\); not decoded.*hostile.md:6:3: warning: "sovle"`,
		code: 1},
	{name: "TOML dotted key of 100,000 parts", gen: func() []byte {
		return join([]byte("+++\ntitle = \"T\"\n"), repeat("a.", 100_000), []byte("a = 1\n+++\n"))
	}, want: `hostile.md:3:200: error: front matter is not valid TOML: it nests deeper than 100 levels`, code: 1},
	{name: "TOML with 300,000 keys", gen: func() []byte {
		return join([]byte("+++\ntitle = \"T\"\ndate = 2020-01-01\ntags = [\"go\"]\n"), lines(300_000, func(i int) string { return fmt.Sprintf("k%d = \"v\"\n", i) }), []byte("+++\n\n### Skipped\n"))
	}, want: `hostile.md:300007:1: warning: heading level 3`, code: 0, binary: true, maxMB: 1000},
	{name: "JSON nested 100,000 deep", gen: func() []byte {
		return join([]byte("{\n\"title\": \"T\",\n\"a\": "), repeat("[", 100_000), repeat("]", 100_000), []byte("\n}\n\nbody\n"))
	}, want: `hostile.md:3:10005: error: front matter is not valid JSON: .*exceeded max depth`, code: 1},
	{name: "JSON with 300,000 keys", gen: func() []byte {
		return join([]byte("{\n\"title\": \"T\",\n\"date\": \"2020-01-01\",\n\"tags\": [\"go\"],\n"), lines(300_000, func(i int) string { return fmt.Sprintf("\"k%d\": \"v\",\n", i) }), []byte("\"last\": 1\n}\n\n### Skipped\n"))
	}, want: `hostile.md:300008:1: warning: heading level 3`, code: 0, binary: true, maxMB: 1000},
	{name: "quadratic inline parse, stopped by max_time", gen: func() []byte { return join([]byte(fm), repeat("[a](b", 200_000), []byte("\n")) },
		config: "limits: {max_time: 1s}\n",
		want:   `hostile.md:1:1: error: linting took longer than 1s and was stopped; the file is not linted \(limits.max_time\) \[file-limits\]`,
		code:   1, binary: true, maxMB: 1000},
	{name: "symlink loops", setup: func(t *testing.T, dir string) {
		symlink(t, ".", filepath.Join(dir, "sub", "loop"))
		symlink(t, "b.md", filepath.Join(dir, "a.md"))
		symlink(t, "a.md", filepath.Join(dir, "b.md"))
	}, want: `(?s)^clean.md:7:1: warning: .*no problems|1 warning in 1 file`, code: 0},
	{name: "symlink loop named", setup: func(t *testing.T, dir string) {
		symlink(t, "b.md", filepath.Join(dir, "a.md"))
		symlink(t, "a.md", filepath.Join(dir, "b.md"))
	}, args: []string{".", "a.md"}, want: `postlint: a.md: too many levels of symbolic links`, code: 2},
	{name: "FIFO", setup: func(t *testing.T, dir string) {
		if runtime.GOOS == "windows" {
			t.Skip("no FIFOs")
		}
		if err := syscall.Mkfifo(filepath.Join(dir, "pipe.md"), 0o644); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
	}, args: []string{".", "pipe.md"}, want: `postlint: read pipe.md: not a regular file`, code: 2},
	{name: "unreadable: read error", setup: func(t *testing.T, dir string) {
		// Reading /proc/self/mem at offset 0 fails, for root too.
		if _, err := os.Stat("/proc/self/mem"); err != nil {
			t.Skip("no /proc/self/mem")
		}
		symlink(t, "/proc/self/mem", filepath.Join(dir, "mem.md"))
	}, args: []string{".", "mem.md"}, want: `postlint: read mem.md: input/output error`, code: 2},
	{name: "unreadable: permission", setup: func(t *testing.T, dir string) {
		if runtime.GOOS == "windows" || os.Geteuid() == 0 {
			t.Skip("root reads any file whatever its mode: see the read-error case")
		}
		p := filepath.Join(dir, "locked.md")
		if err := os.WriteFile(p, []byte(fm), 0o000); err != nil {
			t.Fatal(err)
		}
	}, args: []string{".", "locked.md"}, want: `postlint: open locked.md: permission denied`, code: 2},
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("no symlinks: %v", err)
	}
}

// allBinary runs every case through the built binary, to measure them all.
var allBinary = flag.Bool("hostile.binary", false, "run every hostile case through the built binary, measuring its memory")

var (
	binaryOnce sync.Once
	binaryPath string
	binaryErr  error
)

// postlintBinary builds the command once for every test that runs it.
func postlintBinary(t *testing.T) string {
	t.Helper()
	binaryOnce.Do(func() {
		dir, err := os.MkdirTemp("", "postlint-test-")
		if err != nil {
			binaryErr = err
			return
		}
		binaryPath = filepath.Join(dir, "postlint")
		if runtime.GOOS == "windows" {
			binaryPath += ".exe"
		}
		if out, err := exec.Command("go", "build", "-o", binaryPath, ".").CombinedOutput(); err != nil {
			binaryErr = fmt.Errorf("build: %v\n%s", err, out)
		}
	})
	if binaryErr != nil {
		t.Fatal(binaryErr)
	}
	return binaryPath
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binaryPath != "" {
		_ = os.RemoveAll(filepath.Dir(binaryPath))
	}
	os.Exit(code)
}

func TestHostileFiles(t *testing.T) {
	for _, tc := range hostileCases {
		t.Run(tc.name, func(t *testing.T) {
			if (tc.heavy || tc.binary) && testing.Short() {
				t.Skip("megabytes of input: skipped with -short")
			}
			files := map[string]string{"clean.md": skipPost}
			if tc.config != "" {
				files[".postlint.yml"] = tc.config
			}
			dir := writeFiles(t, files)
			if tc.gen != nil {
				if err := os.WriteFile(filepath.Join(dir, "hostile.md"), tc.gen(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if tc.setup != nil {
				tc.setup(t, dir)
			}
			binary := tc.binary || *allBinary
			if binary {
				postlintBinary(t) // built before the clock starts
			}
			args := append([]string{"--offline"}, tc.args...)
			if len(tc.args) == 0 {
				args = append(args, ".")
			}
			start := time.Now()
			var out, errOut string
			var code int
			var rssMB int64
			if binary {
				out, errOut, code, rssMB = runBinary(t, dir, 60*time.Second, args...)
			} else {
				out, errOut, code = runWithin(t, dir, 60*time.Second, args...)
			}
			elapsed := time.Since(start)
			t.Logf("%s: %v, %d MB, exit %d, %d bytes out", tc.name, elapsed.Round(time.Millisecond), rssMB, code, len(out))
			if code != tc.code {
				t.Errorf("exit %d, want %d\nstderr: %s", code, tc.code, errOut)
			}
			n := len(regexp.MustCompile(tc.want).FindAllStringIndex(out+errOut, -1))
			if n == 0 || tc.count > 0 && n != tc.count {
				t.Errorf("output matches %s %d times:\n%.3000s\nstderr: %.1000s", tc.want, n, out, errOut)
			}
			// The other file is linted, whatever happened to this one.
			if !strings.Contains(out, "clean.md:7:1: warning: heading level 3 follows") {
				t.Errorf("clean.md not linted:\n%.2000s", out)
			}
			if strings.Contains(errOut, "internal error") || strings.Contains(errOut, "panic") {
				t.Errorf("stderr: %s", errOut)
			}
			// Excerpts of long lines are cut: output stays small.
			if len(out) > 2<<20 {
				t.Errorf("%d bytes of output", len(out))
			}
			if tc.maxMB > 0 && rssMB > tc.maxMB {
				t.Errorf("took %d MB of memory, more than %d", rssMB, tc.maxMB)
			}
		})
	}
}

// runWithin runs postlint in-process from dir, failing if it takes longer
// than limit: a hang must fail the test, not stall the suite.
func runWithin(t *testing.T, dir string, limit time.Duration, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	t.Chdir(dir)
	type result struct {
		out, err string
		code     int
	}
	done := make(chan result, 1)
	go func() {
		var out, errb bytes.Buffer
		code := run(args, &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb,
			getenv: func(string) string { return "" }})
		done <- result{out.String(), errb.String(), code}
	}()
	select {
	case r := <-done:
		return r.out, r.err, r.code
	case <-time.After(limit):
		t.Fatalf("postlint %s did not finish within %v", strings.Join(args, " "), limit)
	}
	return "", "", 0
}

// runBinary runs the built command from dir, killing it after limit, and
// returns its peak memory in MB (0 where /proc does not tell).
func runBinary(t *testing.T, dir string, limit time.Duration, args ...string) (stdout, stderr string, code int, rssMB int64) {
	t.Helper()
	cmd := exec.Command(postlintBinary(t), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GITHUB_ACTIONS=", "NO_COLOR=1")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	peak := peakMemory(cmd.Process.Pid, stop)
	timer := time.AfterFunc(limit, func() { _ = cmd.Process.Kill() })
	err := cmd.Wait()
	if !timer.Stop() {
		t.Fatalf("postlint %s did not finish within %v", strings.Join(args, " "), limit)
	}
	close(stop)
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	return out.String(), errb.String(), code, (<-peak) >> 10
}

// peakMemory polls the high-water mark of a process's memory (VmHWM, in
// KB) until stop is closed. The rusage of the child is no use here: the
// child starts as a vfork of this process and inherits its peak.
func peakMemory(pid int, stop chan struct{}) chan int64 {
	peak := make(chan int64, 1)
	status := fmt.Sprintf("/proc/%d/status", pid)
	go func() {
		var kb int64
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			if b, err := os.ReadFile(status); err == nil {
				if i := bytes.Index(b, []byte("VmHWM:")); i >= 0 {
					var v int64
					if _, err := fmt.Sscan(string(b[i+len("VmHWM:"):]), &v); err == nil {
						kb = max(kb, v)
					}
				}
			}
			select {
			case <-stop:
				peak <- kb
				return
			case <-tick.C:
			}
		}
	}()
	return peak
}
