package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/postlint/postlint/report"
	"github.com/postlint/postlint/rules"
)

// skippedDirs are never walked into (a path named explicitly still is).
var skippedDirs = map[string]bool{"node_modules": true, "vendor": true, "_site": true, "public": true}

func isMarkdown(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".md" || ext == ".markdown"
}

func lint(paths []string, o options, reg *rules.Registry, e *env) int {
	if !o.formatSet && e.getenv("GITHUB_ACTIONS") == "true" {
		o.format = "github"
	}
	switch o.format {
	case "text", "json":
	case "github", "sarif":
		fmt.Fprintf(e.stderr, "postlint: --format %s is not available in this build\n", o.format)
		return exitError
	default:
		fmt.Fprintf(e.stderr, "postlint: unknown --format %q (want text, json, github or sarif)\n", o.format)
		return exitError
	}
	failLevel, err := rules.ParseSeverity(o.failLevel)
	if err != nil || failLevel == rules.Off {
		fmt.Fprintf(e.stderr, "postlint: bad --fail-level %q (want error, warning or info)\n", o.failLevel)
		return exitError
	}
	var color bool
	switch o.color {
	case "auto":
		color = e.isTerminal && e.getenv("NO_COLOR") == ""
	case "always":
		color = true
	case "never":
	default:
		fmt.Fprintf(e.stderr, "postlint: bad --color %q (want auto, always or never)\n", o.color)
		return exitError
	}
	if o.fix {
		fmt.Fprintln(e.stderr, "postlint: --fix is not available in this build")
		return exitError
	}
	if o.stdin && o.stdinName == "" {
		fmt.Fprintln(e.stderr, "postlint: --stdin needs --stdin-filename PATH")
		return exitError
	}
	if o.stdin && len(paths) > 0 {
		fmt.Fprintln(e.stderr, "postlint: --stdin lints standard input only; remove the paths")
		return exitError
	}

	// The config is found from the current directory, or for standard
	// input from the directory of the path it stands for.
	cfgFile := o.config
	if cfgFile == "" {
		from := "."
		if o.stdin {
			from = filepath.Dir(o.stdinName)
		}
		cfgFile = rules.FindConfig(from)
	}
	cfg := rules.DefaultConfig(reg)
	if cfgFile != "" {
		if cfg, err = rules.LoadConfig(reg, cfgFile); err != nil {
			fmt.Fprintf(e.stderr, "postlint: invalid config: %v\n", err)
			return exitError
		}
	}
	for _, sw := range []struct {
		list string
		on   bool
	}{{o.enable, true}, {o.disable, false}} {
		for _, name := range strings.Split(sw.list, ",") {
			if name = strings.TrimSpace(name); name == "" {
				continue
			}
			if err := cfg.SetEnabled(name, sw.on); err != nil {
				fmt.Fprintf(e.stderr, "postlint: %v\n", err)
				return exitError
			}
		}
	}

	status := exitOK
	var inputs []rules.Input
	if o.stdin {
		src, err := io.ReadAll(e.stdin)
		if err != nil {
			fmt.Fprintf(e.stderr, "postlint: reading standard input: %v\n", err)
			return exitError
		}
		inputs = []rules.Input{{Path: o.stdinName, Src: src}}
	} else {
		if len(paths) == 0 {
			paths = []string{"."}
		}
		var errs []error
		inputs, errs = collect(paths, cfg)
		for _, err := range errs {
			fmt.Fprintf(e.stderr, "postlint: %v\n", err)
			status = exitError
		}
	}

	eng := &rules.Engine{Config: cfg, Offline: o.offline}
	res := eng.Run(inputs)
	for _, err := range res.Errors {
		fmt.Fprintf(e.stderr, "postlint: %v\n", err)
		status = exitError
	}

	switch o.format {
	case "json":
		err = report.JSON(e.stdout, res.Diagnostics, res.Files)
	default:
		err = report.Text(e.stdout, res.Diagnostics, report.TextOptions{Color: color, Excerpt: true})
		fmt.Fprintln(e.stderr, report.Summary(res.Diagnostics, res.Files))
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "postlint: writing output: %v\n", err)
		return exitError
	}
	if status == exitOK {
		for _, d := range res.Diagnostics {
			if d.Severity >= failLevel {
				status = exitProblems
				break
			}
		}
	}
	return status
}

// collect expands the named paths into the Markdown files to lint. A
// named file is always linted; walking skips hidden and generated
// directories and the config's ignore globs.
func collect(paths []string, cfg *rules.Config) ([]rules.Input, []error) {
	var inputs []rules.Input
	var errs []error
	seen := map[string]bool{}
	add := func(p string) {
		key := p
		if abs, err := filepath.Abs(p); err == nil {
			key = abs
		}
		if !seen[key] {
			seen[key] = true
			inputs = append(inputs, rules.Input{Path: p})
		}
	}
	for _, root := range paths {
		st, err := os.Stat(root)
		if err != nil {
			errs = append(errs, pathError(root, err))
			continue
		}
		if !st.IsDir() {
			add(root)
			continue
		}
		var found []string
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p == root {
					return err
				}
				errs = append(errs, pathError(p, err))
				return nil
			}
			if d.IsDir() {
				name := d.Name()
				if p != root && (strings.HasPrefix(name, ".") || skippedDirs[name] || cfg.Ignored(root, p)) {
					return filepath.SkipDir
				}
				return nil
			}
			if isMarkdown(d.Name()) && d.Type().IsRegular() && !cfg.Ignored(root, p) {
				found = append(found, p)
			}
			return nil
		})
		if err != nil {
			errs = append(errs, pathError(root, err))
		}
		slices.Sort(found)
		for _, p := range found {
			add(p)
		}
	}
	return inputs, errs
}

func pathError(p string, err error) error {
	switch {
	case os.IsNotExist(err):
		return fmt.Errorf("%s: no such file or directory", p)
	case os.IsPermission(err):
		return fmt.Errorf("%s: permission denied", p)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %v", p, pe.Err)
	}
	return fmt.Errorf("%s: %v", p, err)
}
