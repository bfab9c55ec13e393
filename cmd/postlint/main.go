// Command postlint lints Markdown blog posts. See the README for its
// rules, flags, config and output formats.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"runtime/debug"
	"strings"

	"github.com/mattn/go-isatty"
	"golang.org/x/term"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/registry"
)

// version is set by -ldflags "-X main.version=..." in release builds;
// `go install ...@vX` builds report the module version instead.
var version = ""

func main() {
	e := &env{
		stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr,
		getenv: os.Getenv, isTerminal: isatty.IsTerminal(os.Stdout.Fd()) || isatty.IsCygwinTerminal(os.Stdout.Fd()),
	}
	if e.isTerminal {
		if w, _, err := term.GetSize(int(os.Stdout.Fd())); err == nil {
			e.width = w
		}
	}
	os.Exit(run(os.Args[1:], e))
}

// env is the outside world of one run, so tests can run it in-process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	isTerminal     bool
	width          int // columns of the terminal on stdout; 0 when it is not one
}

const (
	exitOK       = 0
	exitProblems = 1
	exitError    = 2
)

type options struct {
	format, config, failLevel, color string
	stdinName                        string
	changedSince                     string // --changed-since REV: report on the posts changed since REV only
	enable, disable                  string
	offline, fix, stdin, showVersion bool
	diff                             bool // --diff or --dry-run: with --fix, print a diff, write nothing
	formatSet                        bool
	noCache                          bool // --no-cache: neither the result cache nor the links cache is read or written
	noExcerpt                        bool // --no-excerpt: the text format prints one line per diagnostic
}

func usage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, `Usage:
  postlint [flags] [path ...]   lint Markdown posts; a directory is walked recursively (default ".")
  postlint rules                list every rule
  postlint explain RULE         show the documentation of a rule
  postlint version              print the version
  postlint lsp                  run the language server (LSP over stdio)

Flags:
`)
	// As flag.PrintDefaults, with the two dashes postlint's flags take.
	fs.VisitAll(func(f *flag.Flag) {
		name, help := flag.UnquoteUsage(f)
		line := "  --" + f.Name
		if name != "" {
			line += " " + name
		}
		if f.DefValue != "" && f.DefValue != "false" {
			help += fmt.Sprintf(" (default %q)", f.DefValue)
		}
		fmt.Fprintf(w, "%s\n      %s\n", line, help)
	})
}

func run(args []string, e *env) int {
	var o options
	fs := flag.NewFlagSet("postlint", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&o.format, "format", "text", "output `format`: text, json, github, sarif, checkstyle or html")
	fs.StringVar(&o.config, "config", "", "config `file` (default: nearest .postlint.yml or .postlint.yaml)")
	fs.BoolVar(&o.offline, "offline", false, "make no request: external links only from the links cache")
	fs.BoolVar(&o.noCache, "no-cache", false, "lint every file and check every link afresh: neither read nor write the result and links caches")
	fs.BoolVar(&o.fix, "fix", false, "apply safe fixes in place")
	fs.BoolVar(&o.diff, "diff", false, "print the fixes as a unified diff and write nothing (alone or with --fix)")
	fs.BoolVar(&o.diff, "dry-run", false, "the same as --diff")
	fs.BoolVar(&o.stdin, "stdin", false, "lint standard input (with --stdin-filename)")
	fs.StringVar(&o.stdinName, "stdin-filename", "", "the `path` standard input is linted as")
	fs.StringVar(&o.changedSince, "changed-since", "", "report only on posts changed since the git `revision` (and untracked ones); the others are read for links and titles")
	fs.StringVar(&o.enable, "enable", "", "switch `rules` on (comma-separated)")
	fs.StringVar(&o.disable, "disable", "", "switch `rules` off (comma-separated)")
	fs.StringVar(&o.failLevel, "fail-level", "error", "lowest `severity` that makes the exit status 1: error, warning or info")
	fs.StringVar(&o.color, "color", "auto", "colour output: `auto`, always or never")
	fs.BoolVar(&o.noExcerpt, "no-excerpt", false, "text format: one line per diagnostic, without the source excerpt and fixes")
	fs.BoolVar(&o.showVersion, "version", false, "print the version")

	paths, err := parseArgs(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		usage(e.stdout, fs)
		return exitOK
	}
	if err != nil {
		e.notef("%s", gnuFlags.ReplaceAllString(err.Error(), "$1--$2"))
		fmt.Fprintln(e.stderr, "Run 'postlint --help' for usage.")
		return exitError
	}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "format" {
			o.formatSet = true
		}
	})
	reg := registry.Default()

	if o.showVersion {
		fmt.Fprintln(e.stdout, "postlint", versionString())
		return exitOK
	}
	if len(paths) > 0 {
		switch paths[0] {
		case "version":
			fmt.Fprintln(e.stdout, "postlint", versionString())
			return exitOK
		case "rules":
			printRules(e.stdout, reg)
			return exitOK
		case "explain":
			if len(paths) != 2 {
				fmt.Fprintln(e.stderr, "postlint: usage: postlint explain RULE")
				return exitError
			}
			r := reg.Rule(paths[1])
			if r == nil {
				e.notef("%v", reg.UnknownRule(paths[1]))
				return exitError
			}
			explain(e.stdout, r)
			return exitOK
		case "lsp":
			if len(paths) != 1 {
				fmt.Fprintln(e.stderr, "postlint: usage: postlint lsp [--offline]")
				return exitError
			}
			return serveLSP(o, reg, e)
		}
	}
	return lint(paths, o, reg, e)
}

// gnuFlags finds the flag names in the flag package's errors, which it
// writes with one dash ("flag needs an argument: -format"), to give them
// the two that --help shows.
var gnuFlags = regexp.MustCompile(`(: |flag |for )-([A-Za-z][\w-]*)`)

// parseArgs parses GNU-style arguments: flags may come after paths, and
// "--" ends the flags.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var paths []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(paths, rest...), nil
		}
		if len(rest) == 0 {
			return paths, nil
		}
		paths = append(paths, rest[0])
		args = rest[1:]
	}
}

func versionString() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

func printRules(w io.Writer, reg *rules.Registry) {
	width := 0
	for _, r := range reg.Rules {
		width = max(width, len(r.Name))
	}
	fmt.Fprintf(w, "%-*s  %-8s  %s\n", width, "RULE", "SEVERITY", "SUMMARY")
	for _, r := range reg.Rules {
		fmt.Fprintf(w, "%-*s  %-8s  %s\n", width, r.Name, r.Severity, r.Summary)
	}
}

func explain(w io.Writer, r *rules.Rule) {
	fmt.Fprintf(w, "%s (default severity: %s)\n\n%s\n\n%s", r.Name, r.Severity, r.Summary, r.Doc)
	if !strings.HasSuffix(r.Doc, "\n") {
		fmt.Fprintln(w)
	}
	if fixes := r.DescribeFixes(); fixes != "" {
		fmt.Fprintf(w, "\n%s\n", wrap(fixes, 80))
	}
}

// wrap breaks text into lines of at most width columns, between words.
func wrap(text string, width int) string {
	var b strings.Builder
	col := 0
	for _, word := range strings.Fields(text) {
		switch {
		case col == 0:
		case col+1+len(word) > width:
			b.WriteByte('\n')
			col = 0
		default:
			b.WriteByte(' ')
			col++
		}
		b.WriteString(word)
		col += len(word)
	}
	return b.String()
}
