//go:build unix

package regularfile

import (
	"os"
	"syscall"
)

// openNonBlocking opens path read-only with O_NONBLOCK, which makes
// opening a FIFO return at once, and O_NOCTTY, so that a terminal never
// becomes the process's controlling terminal. Reads of a regular file do
// not heed O_NONBLOCK.
func openNonBlocking(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOCTTY, 0)
}
