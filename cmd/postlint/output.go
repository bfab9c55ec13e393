package main

import (
	"crypto/rand"
	"encoding/hex"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/postlint/postlint/report"
	"github.com/postlint/postlint/rules"
)

// formats are the values --format takes.
var formats = map[string]bool{"text": true, "json": true, "github": true, "sarif": true, "checkstyle": true, "html": true}

// outputOptions are what output needs besides the result.
type outputOptions struct {
	format     string
	color      bool
	excerpt    bool   // the text format's excerpts (not --no-excerpt)
	configFile string // the config in use, for the summary; "" for the defaults
	fixed      bool   // this is what --fix left
	failed     bool   // a named path could not be read, or a file not linted
	// For the HTML report: what was linted, whether external links were
	// checked, and the limit files are read again within for diffs.
	title       string
	offline     bool
	maxFileSize rules.ByteSize
}

// output writes res in the chosen format to w. Summary lines, and in
// GitHub Actions the step summary, go to the side.
func output(w io.Writer, oo outputOptions, res *rules.Result, reg *rules.Registry, sources map[string][]byte, e *env) error {
	summary := func() {
		// After paths that could not be read and nothing linted, "no
		// problems in 0 files" would only mislead.
		if res.Files == 0 && len(res.Diagnostics) == 0 && oo.failed {
			return
		}
		_ = report.WriteSummary(e.stderr, res.Diagnostics, report.SummaryOptions{
			Files: res.Files, ConfigFile: oo.configFile, Fixed: oo.fixed})
	}
	switch oo.format {
	case "json":
		return report.JSON(w, res.Diagnostics, res.Files)
	case "github":
		opt := report.GitHubOptions{Workspace: e.getenv("GITHUB_WORKSPACE")}
		if err := report.GitHub(w, res.Diagnostics, opt); err != nil {
			return err
		}
		if p := e.getenv("GITHUB_STEP_SUMMARY"); p != "" && report.GitHubNeedsSummary(res.Diagnostics) {
			if err := appendStepSummary(p, res, opt); err != nil {
				e.notef("writing the step summary: %v", err)
			}
		}
		summary()
		return nil
	case "sarif":
		base := e.getenv("GITHUB_WORKSPACE")
		if base == "" {
			base = "."
		}
		return report.SARIF(w, res.Diagnostics, reg, report.SARIFOptions{
			ToolVersion: versionString(),
			BaseDir:     base,
			// Only a diagnostic spanning lines needs its file's text; a file
			// is read from disk at most once.
			Source: sourceReader(sources, oo.maxFileSize),
		})
	case "html":
		err := report.HTML(w, res.Diagnostics, report.HTMLOptions{
			Title: oo.title, Files: res.Files, Posts: res.Posts, Registry: reg,
			Source: sourceReader(sources, oo.maxFileSize), Generated: time.Now(), Offline: oo.offline,
		})
		summary()
		return err
	case "checkstyle":
		return report.Checkstyle(w, res.Diagnostics)
	}
	err := report.Text(w, res.Diagnostics, report.TextOptions{Color: oo.color, Excerpt: oo.excerpt, Width: textWidth(e)})
	summary()
	return err
}

// sourceReader returns a file's bytes for a report: those given (stdin),
// else read from disk at most once, as a regular file within the limit
// the files were linted under; nil when it cannot be.
func sourceReader(sources map[string][]byte, limit rules.ByteSize) func(string) []byte {
	return func(p string) []byte {
		if src, ok := sources[p]; ok {
			return src
		}
		src, tooLarge, err := rules.ReadFile(p, limit)
		if err != nil || tooLarge != nil {
			src = nil
		}
		sources[p] = src
		return src
	}
}

func appendStepSummary(p string, res *rules.Result, opt report.GitHubOptions) error {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	if err := report.GitHubSummary(f, res.Diagnostics, res.Files, opt); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

// useColor decides --color: auto means colour on a terminal, unless
// NO_COLOR is set or TERM is dumb; FORCE_COLOR (other than 0 or false)
// asks for it anywhere, NO_COLOR still winning. ok is false for a value
// --color does not take.
func useColor(mode string, e *env) (color, ok bool) {
	switch mode {
	case "always":
		return true, true
	case "never":
		return false, true
	case "auto":
	default:
		return false, false
	}
	if e.getenv("NO_COLOR") != "" {
		return false, true
	}
	if f := e.getenv("FORCE_COLOR"); f != "" && f != "0" && f != "false" {
		return true, true
	}
	return e.isTerminal && e.getenv("TERM") != "dumb", true
}

// textWidth is the width excerpts are clipped to: $COLUMNS when it is a
// number, else the terminal's width, else report.DefaultWidth.
func textWidth(e *env) int {
	if n, err := strconv.Atoi(e.getenv("COLUMNS")); err == nil && n > 0 {
		return n
	}
	if e.width > 0 {
		return e.width
	}
	return report.DefaultWidth
}

// stopCommandsToken returns a fresh random token when this run, in GitHub
// Actions, prints text on stdout that is not workflow commands: the text
// format, or a --diff. The runner then ignores every command until it
// reads the token again, and the token cannot be known to the files that
// are printed. JSON, SARIF and Checkstyle are left as they are: they must
// stay one document, and their lines start with markup, not with post
// text. With --stdin --fix, stdout is the fixed file and is left alone.
func stopCommandsToken(o options, e *env) string {
	if e.getenv("GITHUB_ACTIONS") != "true" || o.format != "text" && !o.diff || o.stdin && o.fix && !o.diff {
		return ""
	}
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return ""
	}
	return "postlint-" + hex.EncodeToString(b[:])
}
