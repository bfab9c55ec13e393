package main

import (
	"github.com/postlint/postlint/lsp"
	"github.com/postlint/postlint/rules"
)

// serveLSP runs the language server on standard input and output until
// the client exits.
func serveLSP(o options, reg *rules.Registry, e *env) int {
	srv := lsp.NewServer(lsp.Options{Registry: reg, Version: versionString(), Offline: o.offline, Stderr: e.stderr})
	return srv.Serve(e.stdin, e.stdout)
}
