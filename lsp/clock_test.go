package lsp

import (
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"
)

// A post dated tomorrow is reported by future-date; once the clock passes
// its date the diagnostic goes without an edit, as it would from a new
// run of the command line.
func TestClockRulesLintAgain(t *testing.T) {
	const dated = "---\ntitle: Tomorrow\ndate: 2026-12-04\ntags: [events]\n---\n\nSoon.\n"
	dir := writeFiles(t, map[string]string{"a.md": dated})
	uri := pathURI(filepath.Join(dir, "a.md"))
	var now atomic.Pointer[time.Time]
	day := time.Date(2026, 12, 3, 23, 59, 0, 0, time.UTC)
	now.Store(&day)
	c := startServer(t, Options{Offline: true, ClockTick: 10 * time.Millisecond, Now: func() time.Time { return *now.Load() }})
	c.initialize(dir, `{}`)
	from := c.mark()
	c.open(uri, dated)
	p := c.diagnostics(uri, from, func(p PublishDiagnosticsParams) bool { return find(p.Diagnostics, "future-date") != nil })
	if find(p.Diagnostics, "future-date") == nil {
		t.Fatalf("dated tomorrow: %v", codes(p.Diagnostics))
	}
	// The next afternoon in UTC: past midnight in every time zone.
	next := day.Add(14*time.Hour + 2*time.Minute)
	from = c.mark()
	now.Store(&next)
	c.diagnostics(uri, from, func(p PublishDiagnosticsParams) bool { return find(p.Diagnostics, "future-date") == nil })
}
