//go:build !unix

package linkcheck

import "time"

// lockFile does not lock where flock is missing: Save still merges what
// is on disk before it writes, so runs at once lose little.
func lockFile(string, time.Duration) (unlock func(), err error) { return func() {}, nil }
