package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"slices"

	"github.com/postlint/postlint/rules"
)

// tuneGC sets the garbage collector for a lint of inputs, unless the user
// set GOGC or GOMEMLIMIT. Linting allocates about 25 times the bytes it
// reads, nearly all of it garbage by the next file, while what is kept
// (each post's diagnostics and facts) is a few KB per post: with Go's
// default GOGC=100 the collector ran 126 times over 5,593 posts and took
// over a quarter of the instructions. GOGC=400 lets the heap grow to five
// times what is kept before a collection; the memory limit (of the heap:
// peak RSS stays under 150 MB on the corpus x7) bounds that at 120 MiB.
// (110 MiB: 18 collections and 361 ms of GC CPU on the corpus x7, peak
// RSS 120 MB; 120 MiB: 17, 309 ms, 128 MB; 130 MiB: 15, 260 ms, 140 MB.)
//
// The limit must stay well above the live heap, or the collector runs
// all the time (a 20 MB post, whose parse keeps about 21 times its size
// live, took 3.3 times as long under a 110 MiB limit). So it is also at
// least three times what a large set of posts is likely to keep, and
// memPerByte times the bytes of the largest files linted at once.
//
// A file's size is taken from the result cache when it holds the file
// (cached may be nil): a warm run then stats nothing here, where stat'ing
// every post cost about 11 ms of the corpus x7's 0.3 s. A size that is out
// of date (the file changed) only makes the limit a little off; the
// engine looks at the file itself.
//
// The sizes are gathered beside the lint, not before it: the limit for a
// set of small posts is the floor, set at once, and the stat calls of a
// cold run (12 ms on the corpus x7) then wait for nobody. A set with a
// large post raises the limit a few milliseconds into the run, before the
// parse of that post can have grown the heap far. cached is only read.
func tuneGC(inputs []rules.Input, maxFileSize int64, cached *rules.Cache) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(400)
	debug.SetMemoryLimit(memoryLimit(len(inputs), 0))
	// A copy: --changed-since and --fix change the inputs while this runs.
	inputs = slices.Clone(inputs)
	go func() {
		if limit := memoryLimit(len(inputs), largestAtOnce(inputs, runtime.GOMAXPROCS(0), maxFileSize, cached.Size)); limit > memoryLimit(len(inputs), 0) {
			debug.SetMemoryLimit(limit)
		}
	}()
}

const (
	// keptPerPost is what one post's result keeps, measured: about
	// 3.5 KB per post of the corpus.
	keptPerPost = 4 << 10
	// memPerByte is the heap allowed per byte of the files linted at
	// once: about twice what parsing and linting one keeps live (a 20 MB
	// post: 380 to 420 MB live at its peak), so that a collection comes
	// only after that much again has been allocated.
	memPerByte = 48
)

// memoryLimit is the soft memory limit for files posts of which at most
// inFlight bytes are linted at once.
func memoryLimit(files int, inFlight int64) int64 {
	return max(120<<20, int64(files)*3*keptPerPost, inFlight*memPerByte)
}

// largestAtOnce bounds the bytes of the files linted at the same time by
// jobs workers: the sum of the jobs largest inputs. The sizes are those
// known (known may be nil), else those of the files as they are now, a
// stat each; a file that cannot be stat'ed, or larger than maxFileSize
// (when it is not 0), counts as empty: it is not linted.
func largestAtOnce(inputs []rules.Input, jobs int, maxFileSize int64, known func(path string) (int64, bool)) int64 {
	var top []int64 // the largest sizes, at most jobs of them, smallest first
	for _, in := range inputs {
		n := int64(len(in.Src))
		if in.Src == nil {
			var ok bool
			if known != nil {
				n, ok = known(in.Path)
			}
			if !ok {
				st, err := os.Stat(in.Path)
				if err != nil || !st.Mode().IsRegular() {
					continue
				}
				n = st.Size()
			}
		}
		if maxFileSize > 0 && n > maxFileSize {
			continue
		}
		if len(top) < jobs {
			top = append(top, n)
			slices.Sort(top)
		} else if jobs > 0 && n > top[0] {
			top[0] = n
			slices.Sort(top)
		}
	}
	var sum int64
	for _, n := range top {
		sum += n
	}
	return sum
}
