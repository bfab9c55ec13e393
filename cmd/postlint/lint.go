package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/postlint/postlint/regularfile"
	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/links"
)

func lint(paths []string, o options, reg *rules.Registry, e *env) int {
	if !o.formatSet && e.getenv("GITHUB_ACTIONS") == "true" {
		o.format = "github"
	}
	if !formats[o.format] {
		e.notef("unknown --format %q (want text, json, github, sarif, checkstyle or html)", o.format)
		return exitError
	}
	failLevel, err := rules.ParseSeverity(o.failLevel)
	if err != nil || failLevel == rules.Off {
		e.notef("bad --fail-level %q (want error, warning or info)", o.failLevel)
		return exitError
	}
	color, ok := useColor(o.color, e)
	if !ok {
		e.notef("bad --color %q (want auto, always or never)", o.color)
		return exitError
	}
	// In GitHub Actions, text on stdout is fenced off from the runner, which
	// would otherwise run any line of a post or file name that reads as a
	// workflow command.
	if token := stopCommandsToken(o, e); token != "" {
		fmt.Fprintf(e.stdout, "::stop-commands::%s\n", token)
		defer fmt.Fprintf(e.stdout, "::%s::\n", token)
	}
	o.fix = o.fix || o.diff
	if o.stdin && o.stdinName == "" {
		fmt.Fprintln(e.stderr, "postlint: --stdin needs --stdin-filename PATH")
		return exitError
	}
	if o.stdin && len(paths) > 0 {
		fmt.Fprintln(e.stderr, "postlint: --stdin lints standard input only; remove the paths")
		return exitError
	}
	if o.changedSince != "" && (o.stdin || o.fix) {
		fmt.Fprintln(e.stderr, "postlint: --changed-since does not go with --stdin or --fix: name the files instead")
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
		load := rules.LoadConfig
		if o.config == "" {
			load = rules.LoadFoundConfig
		}
		var untrusted *rules.UntrustedConfigError
		switch cfg, err = load(reg, cfgFile); {
		case errors.As(err, &untrusted):
			// As git does with a repository another user owns: say so,
			// and go on with the defaults.
			e.notef("ignoring %v; name it with --config to use it", err)
			cfg = rules.DefaultConfig(reg)
		case err != nil:
			e.notef("invalid config: %v", err)
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
				e.notef("%v", err)
				return exitError
			}
		}
	}

	lc, _ := cfg.Section("links").(*links.Config)
	if lc != nil {
		lc.NoCache = o.noCache
	}
	resultCache := openResultCache(cfg, o.offline, e)
	// The folders the walk lists, read again by the rules of this run
	// (not by --fix's, which lints the posts again after writing them).
	var dirs *rules.Listings
	if !o.fix {
		dirs = rules.NewListings()
	}

	status := exitOK
	var inputs []rules.Input
	if o.stdin {
		// Read within limits.max_file_size: an endless stream costs that
		// much memory, no more.
		src, err := regularfile.ReadAll(e.stdin, int64(cfg.Limits.MaxFileSize))
		var tl *regularfile.TooLargeError
		switch {
		case errors.As(err, &tl):
			e.notef("standard input: larger than %s; not linted (limits.max_file_size)", cfg.Limits.MaxFileSize)
			return exitError
		case err != nil:
			e.notef("reading standard input: %v", err)
			return exitError
		}
		inputs = []rules.Input{{Path: o.stdinName, Src: src}}
	} else {
		if len(paths) == 0 {
			paths = []string{"."}
		}
		var errs []error
		var empty []string
		inputs, empty, errs = collect(paths, cfg, dirs)
		for _, err := range errs {
			e.notef("%v", err)
			status = exitError
		}
		for _, dir := range empty {
			e.notef("%s: no Markdown files (*.md, *.markdown) in it to lint", dir)
		}
	}

	if lc != nil {
		if o.stdin {
			lc.Tree = siteTree([]string{o.stdinName})
		} else {
			lc.Tree = siteTree(paths)
		}
		lc.Log = e.stderr // notices, and progress when it is a terminal
	}
	eng := &rules.Engine{Config: cfg, Offline: o.offline, Cache: resultCache(), Dirs: dirs}
	tuneGC(inputs, eng)
	// saved, once set, is the Save begun while the output is written
	// (the two took about 18 and 12 ms on the corpus x7).
	var saved chan error
	if eng.Cache != nil {
		defer func() {
			var err error
			if saved != nil {
				err = <-saved
			} else {
				err = eng.Cache.Save()
			}
			if err != nil {
				e.notef("result cache: not saved: %v", err)
			}
		}()
	}
	oo := outputOptions{format: o.format, color: color, excerpt: !o.noExcerpt, configFile: shortPath(cfgFile),
		title: reportTitle(paths, o), offline: o.offline, maxFileSize: cfg.Limits.MaxFileSize}
	if o.fix {
		return fixAndReport(eng, inputs, paths, o, oo, reg, failLevel, status, e)
	}
	changed := -1
	if o.changedSince != "" {
		set, err := changedSince(o.changedSince)
		if err != nil {
			e.notef("%v", err)
			return exitError
		}
		changed = markUnchanged(inputs, set)
	}
	res := eng.Run(inputs)
	if eng.Cache != nil {
		saved = make(chan error, 1)
		go func() { saved <- eng.Cache.Save() }()
	}
	if changed >= 0 {
		onlyChanged(res, inputs, changed)
	}
	for _, err := range res.Errors {
		e.notef("%v", err)
		status = exitError
	}

	oo.failed = status == exitError
	if err := output(e.stdout, oo, res, reg, sourcesOf(inputs), e); err != nil {
		e.notef("writing output: %v", err)
		return exitError
	}
	return exitStatus(res, failLevel, status)
}

// exitStatus is status, or exitProblems when it is exitOK and res holds a
// diagnostic at or above the fail level.
func exitStatus(res *rules.Result, failLevel rules.Severity, status int) int {
	if status == exitOK {
		for _, d := range res.Diagnostics {
			if d.Severity >= failLevel {
				return exitProblems
			}
		}
	}
	return status
}

// sourcesOf maps the paths of inputs given as bytes to those bytes.
func sourcesOf(inputs []rules.Input) map[string][]byte {
	m := map[string][]byte{}
	for _, in := range inputs {
		if in.Src != nil {
			m[in.Path] = in.Src
		}
	}
	return m
}

// collect expands the named paths into the Markdown files to lint. A
// named file is always linted; walking skips hidden and generated
// directories and the config's ignore globs. It also returns the named
// directories that hold nothing to lint.
func collect(paths []string, cfg *rules.Config, dirs *rules.Listings) (inputs []rules.Input, empty []string, errs []error) {
	seen := map[string]bool{}
	// filepath.Abs asks for the working directory each time, two stat
	// calls: ask once.
	wd, wdErr := os.Getwd()
	// listed: the walk, or the stat of a named file, has just seen a
	// regular file at p.
	add := func(p string, listed bool) {
		key := p
		switch {
		case filepath.IsAbs(p):
			key = filepath.Clean(p)
		case wdErr == nil:
			key = filepath.Join(wd, p)
		}
		if !seen[key] {
			seen[key] = true
			inputs = append(inputs, rules.Input{Path: p, Listed: listed})
		}
	}
	for _, root := range paths {
		st, err := os.Stat(root)
		if err != nil {
			errs = append(errs, pathError(root, err))
			continue
		}
		if !st.IsDir() {
			add(root, st.Mode().IsRegular())
			continue
		}
		// A symbolic link to a directory named on the command line is
		// walked, as find -H does; links met while walking are not.
		if lst, err := os.Lstat(root); err == nil && lst.Mode()&fs.ModeSymlink != 0 {
			root += string(filepath.Separator)
		}
		found, walkErrs, err := walkPosts(root, cfg, dirs)
		errs = append(errs, walkErrs...)
		if err != nil {
			errs = append(errs, pathError(root, err))
		}
		if len(found) == 0 && err == nil {
			empty = append(empty, strings.TrimSuffix(root, string(filepath.Separator)))
		}
		for _, p := range found {
			add(p, true)
		}
	}
	return inputs, empty, errs
}

// reportTitle names what was linted, for the HTML report: the paths as
// given, or the name of the current directory for ".".
func reportTitle(paths []string, o options) string {
	if o.stdin {
		return o.stdinName
	}
	if len(paths) == 1 && (paths[0] == "." || paths[0] == "./") {
		if wd, err := os.Getwd(); err == nil {
			return filepath.Base(wd)
		}
	}
	return strings.Join(paths, " ")
}

// shortPath is p relative to the current directory when it lies inside
// it, else p.
func shortPath(p string) string {
	wd, err := os.Getwd()
	if err != nil || !filepath.IsAbs(p) {
		return p
	}
	if rel, err := filepath.Rel(wd, p); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return rel
	}
	return p
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
