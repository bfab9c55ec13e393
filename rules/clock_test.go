package rules

import (
	"testing"
	"time"
)

// TestEngineClock checks that rules see the engine's clock, read once per
// run: every file of a run at the same instant, the next run afresh.
func TestEngineClock(t *testing.T) {
	clock := &Rule{Name: "clock", Severity: Warning, Clock: true, Run: func(p *Pass) {
		p.Reportf(0, 1, "%s", p.Now.Format(time.RFC3339Nano))
	}}
	cfg := DefaultConfig(&Registry{Rules: []*Rule{clock}})
	ticks := 0
	base := time.Date(2019, 5, 20, 23, 30, 0, 0, time.FixedZone("", -7*3600))
	eng := &Engine{Config: cfg, Jobs: 2, Now: func() time.Time {
		ticks++
		return base.Add(time.Duration(ticks) * time.Hour)
	}}
	inputs := []Input{{Path: "a.md", Src: []byte("a\n")}, {Path: "b.md", Src: []byte("b\n")}, {Path: "c.md", Src: []byte("c\n")}}
	for round := 1; round <= 2; round++ {
		res := eng.Run(inputs)
		if len(res.Diagnostics) != len(inputs) {
			t.Fatalf("round %d: %d diagnostics, want %d", round, len(res.Diagnostics), len(inputs))
		}
		want := base.Add(time.Duration(round) * time.Hour).Format(time.RFC3339Nano)
		for _, d := range res.Diagnostics {
			if d.Message != want {
				t.Errorf("round %d: %s linted at %s; want %s", round, d.Path, d.Message, want)
			}
		}
	}
	if ticks != 2 {
		t.Errorf("the clock was read %d times in 2 runs; want once a run", ticks)
	}

	// No clock given: the time of day.
	before := time.Now()
	res := (&Engine{Config: cfg}).Run(inputs[:1])
	got, err := time.Parse(time.RFC3339Nano, res.Diagnostics[0].Message)
	if err != nil || got.Before(before.Add(-time.Second)) || got.After(time.Now().Add(time.Second)) {
		t.Errorf("without a clock the run is at %s (%v); want about %s", res.Diagnostics[0].Message, err, before)
	}
}
