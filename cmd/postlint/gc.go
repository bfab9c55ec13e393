package main

import (
	"os"
	"runtime/debug"
)

// tuneGC sets the garbage collector for a lint of files posts, unless the
// user set GOGC or GOMEMLIMIT. Linting allocates about 25 times the bytes
// it reads, nearly all of it garbage by the next file, while what is kept
// (each post's diagnostics and facts) is a few KB per post: with Go's
// default GOGC=100 the collector ran 126 times over 5,593 posts and took
// over a quarter of the instructions. GOGC=400 lets the heap grow to five
// times what is kept before a collection; the memory limit (of the heap:
// peak RSS stays under 150 MB on the corpus x7) bounds that at 110 MiB,
// or for a large set at three times what its posts are likely to keep, so
// that the collector is never made to run all the time.
func tuneGC(files int) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	const keptPerPost = 4 << 10 // measured: about 3.5 KB per post of the corpus
	debug.SetGCPercent(400)
	debug.SetMemoryLimit(max(110<<20, int64(files)*3*keptPerPost))
}
