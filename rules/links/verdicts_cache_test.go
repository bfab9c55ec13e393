package links_test

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/links"
	"github.com/postlint/postlint/rules/registry"
	"github.com/postlint/postlint/rules/rulestest"
)

// TestOfflineCachedVerdictsWarm reports the dead links the links cache
// knows, offline, the same with the result cache cold and warm as without
// it: read back, each post's external links (decoded only when asked for)
// are those it was linted with.
func TestOfflineCachedVerdictsWarm(t *testing.T) {
	w, r := faultyWeb(t)
	linkCache := t.TempDir()
	dir := "../../testdata/links/verdicts"
	lintDirRaw(t, dir, false, tuneFaulty(w, r, linkCache), "dead-link")
	_, want, _ := lintDirRaw(t, dir, true, tuneFaulty(w, r, linkCache), "dead-link")
	if len(want) == 0 {
		t.Fatal("no dead link known offline: nothing to compare")
	}

	reg := registry.Default()
	var inputs []rules.Input
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			inputs = append(inputs, rules.Input{Path: p})
		}
		return err
	})
	resultCache := t.TempDir()
	now := time.Now()
	run := func(name string) *rules.Result {
		cfg := rules.DefaultConfig(reg)
		rulestest.Only(t, cfg, reg, "dead-link")
		lc := cfg.Section("links").(*links.Config)
		lc.Log = &bytes.Buffer{}
		tuneFaulty(w, r, linkCache)(lc)
		c, err := rules.OpenCache(resultCache, rules.CacheKey("test", cfg, true, now), reg)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		eng := &rules.Engine{Config: cfg, Offline: true, Cache: c}
		res := eng.Run(inputs)
		if err := c.Save(); err != nil {
			t.Fatal(err)
		}
		for _, err := range res.Errors {
			t.Errorf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(messages(res.Diagnostics), messages(want)) {
			t.Errorf("%s:\n%s\nwant\n%s", name, strings.Join(messages(res.Diagnostics), "\n"), strings.Join(messages(want), "\n"))
		}
		return res
	}
	run("cold")
	if warm := run("warm"); warm.Cached != warm.Files || warm.Files == 0 {
		t.Errorf("warm: %d of %d files from the result cache", warm.Cached, warm.Files)
	}
}
