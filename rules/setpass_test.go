package rules_test

import (
	"strings"
	"testing"
	"time"

	"github.com/postlint/postlint/rules"
)

// A whole-set rule that never returns is stopped at limits.max_time: the
// run ends, says which rule was stopped, and keeps what the other rules
// found; a whole-set rule that panics is reported the same way.
func TestSetPassTimeLimit(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	mark := func(p *rules.Pass) { p.Export(true) }
	reg := &rules.Registry{Rules: []*rules.Rule{
		{Name: "stuck", Severity: rules.Error, Run: mark, RunSet: func(sp *rules.SetPass) {
			sp.Report(rules.Diagnostic{Path: sp.Files[0].Path, Message: "reported before it stalled"})
			<-release
			sp.Report(rules.Diagnostic{Path: sp.Files[0].Path, Message: "reported after it was stopped"})
		}},
		{Name: "crash", Severity: rules.Error, Run: mark, RunSet: func(sp *rules.SetPass) { panic("boom") }},
		{Name: "fine", Severity: rules.Error, Run: mark, RunSet: func(sp *rules.SetPass) {
			for _, f := range sp.Files {
				sp.Report(rules.Diagnostic{Path: f.Path, Message: "seen by the whole-set pass"})
			}
		}},
		rules.FileLimits,
	}}
	cfg := rules.DefaultConfig(reg)
	cfg.Limits.MaxTime = rules.Duration(100 * time.Millisecond)
	eng := &rules.Engine{Config: cfg}
	done := make(chan *rules.Result, 1)
	go func() {
		done <- eng.Run([]rules.Input{{Path: "a.md", Src: []byte("a\n")}, {Path: "b.md", Src: []byte("b\n")}})
	}()
	var res *rules.Result
	select {
	case res = <-done:
	case <-time.After(time.Minute):
		t.Fatal("the run did not end: the whole-set pass is not bounded")
	}
	if len(res.Errors) != 2 {
		t.Fatalf("errors %q, want one for stuck and one for crash", res.Errors)
	}
	if msg := res.Errors[0].Error(); !strings.Contains(msg, "rule stuck: comparing the 2 files took longer than 100ms and was stopped") ||
		!strings.Contains(msg, "limits.max_time") {
		t.Errorf("error %q", msg)
	}
	if msg := res.Errors[1].Error(); !strings.HasPrefix(msg, "internal error in rule crash: boom") {
		t.Errorf("error %q", msg)
	}
	var got []string
	for _, d := range res.Diagnostics {
		got = append(got, d.Path+": "+d.Message+" ["+d.Rule+"]")
	}
	want := []string{"a.md: seen by the whole-set pass [fine]", "b.md: seen by the whole-set pass [fine]"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
