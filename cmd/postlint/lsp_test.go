package main

import (
	"fmt"
	"strings"
	"testing"
)

func frame(body string) string { return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body) }

// postlint lsp serves the protocol on standard input and output, and
// exits 0 after shutdown and exit.
func TestLSPCommand(t *testing.T) {
	in := frame(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`) +
		frame(`{"jsonrpc":"2.0","id":2,"method":"shutdown"}`) +
		frame(`{"jsonrpc":"2.0","method":"exit"}`)
	stdout, stderr, code := runCLI(t, t.TempDir(), in, nil, "lsp", "--offline")
	if code != 0 || !strings.Contains(stdout, `"serverInfo":{"name":"postlint"`) || !strings.Contains(stdout, `"id":2,"result":null`) {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
	if _, stderr, code := runCLI(t, t.TempDir(), "", nil, "lsp", "posts"); code != 2 || !strings.Contains(stderr, "usage: postlint lsp") {
		t.Errorf("lsp with a path: exit %d, %s", code, stderr)
	}
}
