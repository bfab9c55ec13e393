package lsp

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/postlint/postlint/internal/benchcpu"
)

// The corpus of real posts beside the repository (../shared/corpus), and
// in it a post of about 20 KB.
const (
	corpusDir  = "../../shared/corpus"
	corpusPost = "golang-blog/constants.md"
)

func corpusRoot(b *testing.B) (root, post string, text []byte) {
	b.Helper()
	root, err := filepath.Abs(corpusDir)
	if err == nil {
		root, err = filepath.EvalSymlinks(root)
	}
	if err != nil {
		b.Skip("no corpus at", corpusDir)
	}
	post = filepath.Join(root, corpusPost)
	text, err = os.ReadFile(post)
	if err != nil {
		b.Skip("no corpus post at", post)
	}
	return root, post, text
}

// indexed starts a server on the corpus and waits until the post is
// linted against the whole indexed folder.
func indexed(b *testing.B, c *testClient, root, post string, text []byte) {
	b.Helper()
	from := c.mark()
	var res InitializeResult
	c.request("initialize", map[string]any{
		"rootUri": pathURI(root), "capabilities": map[string]any{"window": map[string]any{"workDoneProgress": true}},
		"initializationOptions": map[string]any{"debounceMs": 0},
	}, &res)
	c.notify("initialized", struct{}{})
	c.progressKinds(from)
	uri := pathURI(post)
	c.open(uri, string(text))
	// A post of a folder being indexed is linted once the index is in
	// force, against the whole folder.
	c.diagnostics(uri, from, ofVersion(1))
}

// BenchmarkChangeToDiagnostics is the latency the issue bounds: from a
// keystroke's didChange to its publishDiagnostics, for a 20 KB post of a
// workspace of 799 indexed posts, over pipes, JSON both ways, the debounce
// set to zero. Each iteration types one character.
func BenchmarkChangeToDiagnostics(b *testing.B) {
	root, post, text := corpusRoot(b)
	c := startServer(b, Options{Offline: true})
	indexed(b, c, root, post, text)
	uri := pathURI(post)
	version := 1
	at := Position{Line: strings.Count(string(text), "\n") / 2}
	b.SetBytes(int64(len(text)))
	report := benchcpu.Report(b)
	b.ResetTimer()
	for i := range b.N {
		version++
		ch := "x"
		if i%2 == 1 {
			ch = " " // so that the text does not grow one long word
		}
		from := c.mark()
		c.notify("textDocument/didChange", DidChangeTextDocumentParams{
			TextDocument: VersionedTextDocumentIdentifier{URI: uri, Version: version},
			ContentChanges: []TextDocumentContentChangeEvent{{
				Range: &Range{Start: at, End: at}, Text: ch}}})
		c.diagnostics(uri, from, ofVersion(version))
		at.Character++
	}
	b.StopTimer()
	// On a machine shared with other work the wall time per change says
	// as much about the others as about us: the CPU time this process
	// spent (server and client, every goroutine) is reported beside it.
	report()
}

// BenchmarkIndexCorpus is the workspace index of ../shared/corpus: from
// initialized to the end of its $/progress, in a new server each time.
// (Memory is measured on the real process, below: in-process, the test's
// cleanups keep every server of the loop alive.)
func BenchmarkIndexCorpus(b *testing.B) {
	root, post, text := corpusRoot(b)
	for range b.N {
		c := startServer(b, Options{Offline: true})
		from := c.mark()
		c.request("initialize", map[string]any{"rootUri": pathURI(root),
			"capabilities": map[string]any{"window": map[string]any{"workDoneProgress": true}}}, nil)
		c.notify("initialized", struct{}{})
		c.progressKinds(from)
		b.StopTimer()
		c.open(pathURI(post), string(text))
		c.diagnostics(pathURI(post), from, ofVersion(1))
		c.shutdown()
		b.StartTimer()
	}
}

// BenchmarkServerMemory measures the real process: postlint lsp built
// from this tree, the corpus indexed and a post open, then its resident
// memory and its peak (VmRSS, VmHWM in /proc). Linux only.
func BenchmarkServerMemory(b *testing.B) {
	root, post, text := corpusRoot(b)
	if _, err := os.Stat("/proc/self/status"); err != nil {
		b.Skip("no /proc")
	}
	bin := filepath.Join(b.TempDir(), "postlint")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/postlint/postlint/cmd/postlint").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	var rss, hwm float64
	for range b.N {
		cmd := exec.Command(bin, "lsp", "--offline")
		cmd.Dir = root
		in, err := cmd.StdinPipe()
		if err != nil {
			b.Fatal(err)
		}
		out, err := cmd.StdoutPipe()
		if err != nil {
			b.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		c := newClient(b, in, out)
		indexed(b, c, root, post, text)
		rss, hwm = procStatus(b, cmd.Process.Pid, "VmRSS"), procStatus(b, cmd.Process.Pid, "VmHWM")
		c.request("shutdown", nil, nil)
		c.notify("exit", nil)
		if err := cmd.Wait(); err != nil {
			b.Fatalf("postlint lsp: %v", err)
		}
	}
	b.ReportMetric(rss, "MB-rss")
	b.ReportMetric(hwm, "MB-peak-rss")
}

// procStatus reads a "kB" line of /proc/PID/status, in MB.
func procStatus(b *testing.B, pid int, key string) float64 {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), key+":"); ok {
			kb, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			if err != nil {
				b.Fatal(err)
			}
			return float64(kb) / 1024
		}
	}
	b.Fatalf("no %s in /proc/%d/status", key, pid)
	return 0
}
