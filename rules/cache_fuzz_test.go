package rules_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/registry"
)

// A result cache entry that is not what postlint wrote (a result file made
// by hand or by another program, its checksum right) never stops a run: it
// is served or the post is linted again, no rule fails on the facts it
// gives, and the other posts are linted as ever. The seeds are real
// entries, served as the first post's.
func FuzzCacheEntry(f *testing.F) {
	var inputs []rules.Input
	for _, rel := range []string{"links/local/guide.md", "links/local/other.md", "directives/ranges.md"} {
		p := filepath.Join("..", "testdata", rel)
		src, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		inputs = append(inputs, rules.Input{Path: p, Src: src})
	}
	later := time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return later }
	cfg := quietConfig()
	for _, b := range (&rules.Engine{Config: cfg, Offline: true, Now: clock}).EncodedResults(inputs) {
		f.Add(b)
	}
	key := rules.CacheKey("fuzz", cfg, true, later)
	reg := registry.Default()
	f.Fuzz(func(t *testing.T, result []byte) {
		c := rules.CacheWithEntry(key, reg, inputs[0].Path, inputs[0].Src, result)
		res := (&rules.Engine{Config: cfg, Offline: true, Now: clock, Cache: c}).Run(inputs)
		for _, err := range res.Errors {
			if strings.Contains(err.Error(), "internal error") {
				t.Errorf("%v", err)
			}
		}
		if res.Files != len(inputs) {
			t.Errorf("%d files linted, want %d", res.Files, len(inputs))
		}
	})
}
