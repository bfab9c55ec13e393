package linkcheck

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// A Cache keeps results between runs in a JSON file, so that a re-run in
// CI makes almost no requests. Successes live for TTL; failures, which
// may be passing troubles, for FailTTL.
type Cache struct {
	Path         string
	TTL, FailTTL time.Duration

	mu      sync.Mutex
	entries map[string]Result
	dirty   bool
	now     func() time.Time
}

type cacheFile struct {
	Version int               `json:"version"`
	Entries map[string]Result `json:"entries"`
}

const cacheVersion = 1

// OpenCache reads the cache file at path, if there is one. A file that
// cannot be read or decoded gives an empty cache and an error to report;
// the cache still works and will replace the file.
func OpenCache(path string, ttl, failTTL time.Duration) (*Cache, error) {
	c := &Cache{Path: path, TTL: ttl, FailTTL: failTTL, entries: map[string]Result{}, now: time.Now}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return c, err
	}
	var f cacheFile
	if err := json.Unmarshal(data, &f); err != nil {
		return c, fmt.Errorf("%s: %v (starting afresh)", path, err)
	}
	if f.Version == cacheVersion {
		for k, r := range f.Entries {
			if c.fresh(r) {
				c.entries[k] = r
			}
		}
	}
	return c, nil
}

func (c *Cache) fresh(r Result) bool {
	ttl := c.TTL
	if r.Status != OK && r.Status != Redirected {
		ttl = c.FailTTL
	}
	return c.now().Sub(r.Checked) < ttl
}

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

// Put keeps a result.
func (c *Cache) Put(key string, r Result) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries[key] = r
	c.dirty = true
}

// Len returns the number of results kept.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

// Save writes the cache file if anything changed, atomically: a run that
// is killed, or two runs at once, never leave a half-written file.
func (c *Cache) Save() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.dirty {
		return nil
	}
	f := cacheFile{Version: cacheVersion, Entries: map[string]Result{}}
	for k, r := range c.entries {
		if c.fresh(r) {
			f.Entries[k] = r
		}
	}
	data, err := json.MarshalIndent(f, "", " ")
	if err != nil {
		return err
	}
	dir := filepath.Dir(c.Path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, filepath.Base(c.Path)+".*.tmp")
	if err != nil {
		return err
	}
	_, err = tmp.Write(append(data, '\n'))
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
	c.dirty = false
	return nil
}
