package rules_test

import (
	"strings"
	"testing"

	"github.com/postlint/postlint/rules"
)

// TestPostMeta: the result gives each linted post its title and date, from
// the front matter or a Jekyll file name, also for a file too large to be
// parsed, and a Snapshot updated with an edit gives the edited ones.
func TestPostMeta(t *testing.T) {
	reg := &rules.Registry{Rules: []*rules.Rule{rules.FileLimits}}
	cfg := rules.DefaultConfig(reg)
	cfg.Limits.MaxFileSize = 1000
	inputs := []rules.Input{
		{Path: "posts/a.md", Src: []byte("---\ntitle: \" Hello, world \"\ndate: 2019-05-21 10:00:00 +0200\n---\n\nText.\n")},
		{Path: "_posts/2017-03-30-kubecon.md", Src: []byte("---\ntitle: KubeCon\n---\n")},
		{Path: "_posts/2016-01-02-huge.md", Src: []byte(strings.Repeat("x", 2000))},
		{Path: "notes.md", Src: []byte("# No front matter\n")},
	}
	eng := &rules.Engine{Config: cfg, Offline: true}
	snap := eng.Lint(inputs)
	res := snap.Result()
	day := func(m rules.PostMeta) string {
		if !m.HasDate {
			return "-"
		}
		return m.Date.Time.Format("2006-01-02")
	}
	for path, want := range map[string]string{
		"posts/a.md": "Hello, world 2019-05-21", "_posts/2017-03-30-kubecon.md": "KubeCon 2017-03-30",
		"_posts/2016-01-02-huge.md": " 2016-01-02", "notes.md": " -",
	} {
		m, ok := res.Posts[path]
		if got := m.Title + " " + day(m); !ok || got != want {
			t.Errorf("%s: %q (%v), want %q", path, got, ok, want)
		}
	}
	if len(res.Posts) != 4 {
		t.Errorf("%d posts, want 4", len(res.Posts))
	}
	next, _ := snap.Update(rules.Input{Path: "notes.md", Src: []byte("---\ntitle: Notes\ndate: 2020-02-02\n---\n")})
	if m := next.Result().Posts["notes.md"]; m.Title != "Notes" || day(m) != "2020-02-02" {
		t.Errorf("after the edit: %+v", m)
	}
	if m := snap.Result().Posts["notes.md"]; m.Title != "" {
		t.Errorf("the old snapshot changed: %+v", m)
	}
}
