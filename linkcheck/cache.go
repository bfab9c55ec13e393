package linkcheck

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/postlint/postlint/regularfile"
)

// A Cache keeps results between runs in a JSON file, so that a re-run in
// CI makes almost no requests. Successes answer for TTL; failures, which
// may be passing troubles, for FailTTL. A failure is remembered longer,
// for Keep, so that a later run can tell since when a link fails (see
// Options.ConfirmAfter).
//
// Runs at once share the file: Save takes a lock, merges what the others
// wrote since, the newer result of a URL winning, and replaces the file
// atomically.
type Cache struct {
	Path         string
	TTL, FailTTL time.Duration
	Keep         time.Duration // how long a failure is remembered (90 days)
	MaxSize      int64         // the largest file read, in bytes (64 MiB)

	mu        sync.Mutex
	entries   map[string]Result
	dirty     map[string]bool // keys put since the file was read
	snapshots map[string]Snapshot
	dirtySnap map[string]bool
	now       func() time.Time
}

type cacheFile struct {
	Version   int                 `json:"version"`
	Entries   map[string]Result   `json:"entries"`
	Snapshots map[string]Snapshot `json:"snapshots,omitempty"`
}

// snapshotTTL is how long the archive's answer is kept: a copy, for a
// month; none, for a week (the archive may make one meanwhile).
const snapshotTTL, noSnapshotTTL = 30 * 24 * time.Hour, 7 * 24 * time.Hour

// cacheVersion 2 added failure streaks (since, transient); version 1
// files, which could hold failures cached while the network was down,
// are not read.
const cacheVersion = 2

// DefaultCacheMaxSize is the largest cache file read: about 300,000 URLs.
const DefaultCacheMaxSize = 64 << 20

// lockWait is how long Save waits for another run's save.
const lockWait = 30 * time.Second

var errLockTimeout = errors.New("another run holds the lock")

// OpenCache reads the cache file at path, if there is one. A file that
// cannot be read or decoded (or is not a regular file, or is larger than
// DefaultCacheMaxSize) gives an empty cache and an error to report; the
// cache still works and will replace the file.
func OpenCache(path string, ttl, failTTL time.Duration) (*Cache, error) {
	c := &Cache{Path: path, TTL: ttl, FailTTL: failTTL, Keep: 90 * 24 * time.Hour, MaxSize: DefaultCacheMaxSize,
		entries: map[string]Result{}, dirty: map[string]bool{},
		snapshots: map[string]Snapshot{}, dirtySnap: map[string]bool{}, now: time.Now}
	f, err := c.read()
	if err != nil {
		return c, fmt.Errorf("%v (starting afresh)", err)
	}
	c.entries, c.snapshots = f.Entries, f.Snapshots
	return c, nil
}

// read returns what the file holds that is worth keeping; nothing, and no
// error, when there is no file.
func (c *Cache) read() (cacheFile, error) {
	f := cacheFile{Version: cacheVersion, Entries: map[string]Result{}, Snapshots: map[string]Snapshot{}}
	entries, snapshots, err := c.readFile()
	for k, r := range entries {
		if c.kept(r) && validEntry(k, r) {
			f.Entries[k] = r
		}
	}
	for k, s := range snapshots {
		if c.snapshotFresh(s) && validSnapshot(k, s) {
			f.Snapshots[k] = s
		}
	}
	return f, err
}

func (c *Cache) readFile() (map[string]Result, map[string]Snapshot, error) {
	data, _, err := regularfile.Read(c.Path, c.MaxSize)
	var tl *regularfile.TooLargeError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil, nil
	case errors.As(err, &tl):
		return nil, nil, fmt.Errorf("%s: %d MB, larger than the %d MB a links cache may be", c.Path, tl.Size>>20, tl.Max>>20)
	case err != nil:
		return nil, nil, err
	}
	var f cacheFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, nil, fmt.Errorf("%s: %v", c.Path, err)
	}
	if f.Version != cacheVersion {
		return nil, nil, nil
	}
	return f.Entries, f.Snapshots, nil
}

func (c *Cache) snapshotFresh(s Snapshot) bool {
	ttl := snapshotTTL
	if s.URL == "" {
		ttl = noSnapshotTTL
	}
	d := c.now().Sub(s.Checked)
	return d >= 0 && d < ttl && !s.Checked.IsZero()
}

// validSnapshot accepts only the URL this package makes of a timestamp.
func validSnapshot(key string, s Snapshot) bool {
	if s.URL == "" {
		return s.Timestamp == ""
	}
	return len(s.Timestamp) == 14 && digits(s.Timestamp) && s.URL == "https://web.archive.org/web/"+s.Timestamp+"/"+key
}

// Snapshot returns the archive's answer kept for a URL, if still fresh.
func (c *Cache) Snapshot(key string) (Snapshot, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.snapshots[key]
	return s, ok && c.snapshotFresh(s)
}

// PutSnapshot keeps the archive's answer for a URL.
func (c *Cache) PutSnapshot(key string, s Snapshot) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.snapshots[key] = s
	c.dirtySnap[key] = true
}

// validEntry rejects what no run of this checker writes: a file is input
// like any other, and a redirect's final URL ends up in a post.
func validEntry(key string, r Result) bool {
	switch r.Status {
	case OK, Dead, Unreachable, Unverified:
	case Redirected:
		u, err := url.Parse(r.Final)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || r.Final != u.String() {
			return false
		}
	default:
		return false
	}
	u, err := url.Parse(key)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func (c *Cache) age(r Result) (time.Duration, bool) {
	d := c.now().Sub(r.Checked)
	// A time in the future is a clock set wrong, or a file made up.
	return d, d >= 0 && !r.Checked.IsZero()
}

func (c *Cache) fresh(r Result) bool {
	ttl := c.TTL
	if r.Status != OK && r.Status != Redirected {
		ttl = c.FailTTL
	}
	d, ok := c.age(r)
	return ok && d < ttl
}

// kept says whether r is still worth keeping: fresh, or a failure
// remembered for its streak.
func (c *Cache) kept(r Result) bool {
	if c.fresh(r) {
		return true
	}
	d, ok := c.age(r)
	return ok && failed(r.Status) && d < c.Keep
}

func failed(s Status) bool { return s == Dead || s == Unreachable }

// Get returns the result kept for key, if it is still fresh.
func (c *Cache) Get(key string) (Result, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.entries[key]
	if !ok || !c.fresh(r) {
		return Result{}, false
	}
	r.Cached = true
	return r, true
}

// Last returns the last result kept for key, fresh or not (a failure is
// kept for Keep), and its age.
func (c *Cache) Last(key string) (Result, time.Duration, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.entries[key]
	if !ok || !c.kept(r) {
		return Result{}, 0, false
	}
	d, _ := c.age(r)
	r.Cached = true
	return r, d, true
}

// Put keeps a result.
func (c *Cache) Put(key string, r Result) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r.Cached = false
	c.entries[key] = r
	c.dirty[key] = true
}

// Len returns the number of results kept.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

// Save writes the cache file if anything was put, under a lock shared
// with other runs: what they saved since this cache was read is merged
// in, the newer result of a URL winning. The file is replaced atomically:
// a run that is killed never leaves a half-written one.
func (c *Cache) Save() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.dirty) == 0 && len(c.dirtySnap) == 0 {
		return nil
	}
	dir := filepath.Dir(c.Path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	unlock, err := lockFile(c.Path+".lock", lockWait)
	if err != nil {
		return fmt.Errorf("%s: not saved: %w", c.Path, err)
	}
	defer unlock()
	// What is on disk now, with this run's results over it where they are
	// newer. A file that cannot be read is replaced.
	f, _ := c.read()
	merged := f.Entries
	for k := range c.dirty {
		r := c.entries[k]
		if d, ok := merged[k]; !ok || !d.Checked.After(r.Checked) {
			merged[k] = r
		}
	}
	for k := range c.dirtySnap {
		s := c.snapshots[k]
		if d, ok := f.Snapshots[k]; !ok || !d.Checked.After(s.Checked) {
			f.Snapshots[k] = s
		}
	}
	data, err := c.encode(f)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, filepath.Base(c.Path)+".*.tmp")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), c.Path)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
		return err
	}
	c.entries, c.snapshots = f.Entries, f.Snapshots
	clear(c.dirty)
	clear(c.dirtySnap)
	return nil
}

// encode writes entries as the cache file, dropping the oldest results
// while it would be larger than MaxSize, so that the next run reads it.
func (c *Cache) encode(f cacheFile) ([]byte, error) {
	entries := f.Entries
	for {
		data, err := json.Marshal(f)
		if err != nil || int64(len(data)) < c.MaxSize || len(entries) == 0 {
			return append(data, '\n'), err
		}
		keys := make([]string, 0, len(entries))
		for k := range entries {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(a, b string) int { return entries[a].Checked.Compare(entries[b].Checked) })
		for _, k := range keys[:len(keys)/4+1] {
			delete(entries, k)
		}
	}
}
