package rules

import (
	"path/filepath"
	"strings"
)

// skippedDirs are never walked into (a path named explicitly still is).
var skippedDirs = map[string]bool{"node_modules": true, "vendor": true, "_site": true, "public": true}

// IsMarkdown reports whether a file of this name is linted: *.md and
// *.markdown, in any case.
func IsMarkdown(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".md" || ext == ".markdown"
}

// SkipDir reports whether a directory of this name, met while walking, is
// left out: hidden directories and generated or vendored trees. The
// command line and the language server's workspace index walk alike.
func SkipDir(name string) bool {
	return strings.HasPrefix(name, ".") || skippedDirs[name]
}
