// Package benchcpu reports what a benchmark costs in CPU time, for the
// benchmarks of postlint's packages: on a machine shared with other work
// the wall time says as much about the others as about the code.
package benchcpu

import (
	"syscall"
	"testing"
	"time"
)

// Report starts counting the CPU time (user and system) of the process,
// and returns the function that reports it per iteration as cpu-ms/op:
// call it when the benchmark's loop is done.
func Report(b *testing.B) func() {
	start := used()
	return func() {
		b.ReportMetric(float64((used()-start).Microseconds())/1000/float64(b.N), "cpu-ms/op")
	}
}

func used() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
