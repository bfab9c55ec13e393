package main

import (
	"os"
	"runtime/debug"

	"github.com/postlint/postlint/rules"
)

// tuneGC sets the garbage collector for a lint of files posts by eng,
// unless the user set GOGC or GOMEMLIMIT. Linting allocates about 25
// times the bytes it reads, nearly all of it garbage by the next file,
// while what is kept (each post's diagnostics and facts) is a few KB per
// post: with Go's default GOGC=100 the collector ran 126 times over 5,593
// posts and took over a quarter of the instructions. GOGC=400 lets the
// heap grow to five times what is kept before a collection; the memory
// limit (of the heap: peak RSS stays under 150 MB on the corpus x7)
// bounds that at 128 MiB. (Corpus x7: 110 MiB, 18 collections, 361 ms of
// GC CPU, peak RSS 120 MB; 120 MiB, 17, 309 ms, 128 MB; 130 MiB, 15, 260
// ms, 140 MB. With the posts read into reused buffers, 120 MiB made a
// peak RSS of 133 MB and 130 MiB one of 144 MB.)
//
// The limit must stay well above the live heap, or the collector runs
// all the time (a 20 MB post, whose parse keeps about 21 times its size
// live, took 3.3 times as long under a 110 MiB limit). So it is also at
// least three times what a large set of posts is likely to keep, and
// memPerByte times the bytes of the files linted at once. Those the
// engine says as it lets each file in (Engine.InFlight), before the
// file is parsed: a stat of every post beforehand, to find the largest,
// cost 12 ms of CPU on the corpus x7.
//
// When the result cache holds nearly every post, the run reads results
// back rather than parsing posts: it allocates little, and what it
// allocates it mostly keeps. The collector then waits for the memory
// limit alone (GOGC=off): a warm run of the corpus x7 took 130 ms instead
// of 145 (medians of 15), at a peak RSS of 98 MB instead of 90. A cold
// run keeps GOGC=400: collecting only at the limit gained 1% on the
// corpus x7, lost 3% on a set of small posts and doubled the RSS of a
// lint of 800 posts (64 to 118 MB).
func tuneGC(inputs []rules.Input, eng *rules.Engine) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	files := len(inputs)
	if files > 0 && eng.Cache.Holds(inputs) >= files*9/10 {
		debug.SetGCPercent(-1)
	} else {
		debug.SetGCPercent(400)
	}
	floor := memoryLimit(files, 0)
	debug.SetMemoryLimit(floor)
	eng.InFlight = func(bytes int64) {
		// Called one at a time, with a larger number each time.
		if limit := memoryLimit(files, bytes); limit > floor {
			debug.SetMemoryLimit(limit)
		}
	}
}

const (
	// keptPerPost is what one post's result keeps, measured: the live
	// heap after a cold run was 1.8 KB per post of the corpus x7 and 1.5
	// of the corpus x7 with 5,024 small posts beside it (3.6 KB before
	// the result cache wrote results out as they were made).
	keptPerPost = 2 << 10
	// memPerByte is the heap allowed per byte of the files linted at
	// once: about twice what parsing and linting one keeps live (a 20 MB
	// post: 380 to 420 MB live at its peak), so that a collection comes
	// only after that much again has been allocated.
	memPerByte = 48
)

// memoryLimit is the soft memory limit for files posts of which at most
// inFlight bytes are linted at once.
func memoryLimit(files int, inFlight int64) int64 {
	return max(128<<20, int64(files)*3*keptPerPost, inFlight*memPerByte)
}
