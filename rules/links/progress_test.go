package links

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"
)

func TestProgressLine(t *testing.T) {
	for _, tc := range []struct {
		done, total, failed int
		elapsed             time.Duration
		want                string
	}{
		{120, 2000, 0, 4300 * time.Millisecond, "postlint: checked 120 of 2,000 URLs, 4s"},
		{1999, 1234567, 3, 75 * time.Second, "postlint: checked 1,999 of 1,234,567 URLs, 3 failing, 1m15s"},
	} {
		if got := progressLine(tc.done, tc.total, tc.failed, tc.elapsed); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
}

// On a terminal the line is rewritten in place and cleared at the end; the
// last count is always shown, however soon it comes.
func TestProgressOnATerminal(t *testing.T) {
	var b bytes.Buffer
	p := progress(&b, time.Now())
	p(1, 3, 0)
	p(2, 3, 1) // within 100ms of the first: not shown
	p(3, 3, 1)
	got := b.String()
	if strings.Count(got, "\r") != 2 || !strings.Contains(got, "checked 3 of 3 URLs, 1 failing, 0s\x1b[K") ||
		strings.Contains(got, "checked 2 of 3") {
		t.Errorf("%q", got)
	}
	// Not a terminal (a pipe, a file, a buffer): nothing at all.
	if isTerminal(io.Discard) || isTerminal(&b) {
		t.Error("a buffer taken for a terminal")
	}
}
