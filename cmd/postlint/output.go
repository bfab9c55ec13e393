package main

import (
	"fmt"
	"io"
	"os"

	"github.com/postlint/postlint/report"
	"github.com/postlint/postlint/rules"
)

// formats are the values --format takes.
var formats = map[string]bool{"text": true, "json": true, "github": true, "sarif": true, "checkstyle": true}

// output writes res in the chosen format to w. Summary lines, and in
// GitHub Actions the step summary, go to the side.
func output(w io.Writer, format string, res *rules.Result, reg *rules.Registry, color bool, sources map[string][]byte, e *env) error {
	switch format {
	case "json":
		return report.JSON(w, res.Diagnostics, res.Files)
	case "github":
		opt := report.GitHubOptions{Workspace: e.getenv("GITHUB_WORKSPACE")}
		if err := report.GitHub(w, res.Diagnostics, opt); err != nil {
			return err
		}
		if p := e.getenv("GITHUB_STEP_SUMMARY"); p != "" && report.GitHubNeedsSummary(res.Diagnostics) {
			if err := appendStepSummary(p, res, opt); err != nil {
				fmt.Fprintf(e.stderr, "postlint: writing the step summary: %v\n", err)
			}
		}
		fmt.Fprintln(e.stderr, report.Summary(res.Diagnostics, res.Files))
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
			Source: func(p string) []byte {
				if src, ok := sources[p]; ok {
					return src
				}
				src, _ := os.ReadFile(p)
				sources[p] = src
				return src
			},
		})
	case "checkstyle":
		return report.Checkstyle(w, res.Diagnostics)
	}
	err := report.Text(w, res.Diagnostics, report.TextOptions{Color: color, Excerpt: true})
	fmt.Fprintln(e.stderr, report.Summary(res.Diagnostics, res.Files))
	return err
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
