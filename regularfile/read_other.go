//go:build !linux

package regularfile

import "io/fs"

func readSeen(path string, seen fs.FileInfo, limit int64, buf []byte) ([]byte, fs.FileInfo, error) {
	return readOS(path, seen, limit, buf)
}
