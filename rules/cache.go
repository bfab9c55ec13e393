package rules

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/postlint/postlint/internal/reuse"
	"github.com/postlint/postlint/regularfile"
)

// A Cache keeps each file's result (its diagnostics and facts) between
// runs, so that a run over unchanged posts reads them back and runs only
// the whole-set pass. Set Engine.Cache to use one; Save writes it back.
//
// Results are kept for one key (see CacheKey: the postlint build, the
// effective config, the rules that run) in one file of the cache
// directory, results-KEY.bin; an entry is a file's path, the hash of its
// bytes and what linting them gave. A file is taken as unchanged when its
// size, modification time, inode and change time are those seen when it
// was last hashed, and that was well after its last change (as git's index
// does); otherwise it is read and hashed again.
//
// The file is written to a temporary name then renamed, so a reader sees
// an old cache or a new one, never half of one; two runs at once each
// write what they saw, and the last one stays. The results a run makes
// go to its temporary file as they are made (see store), and Save adds
// those it read back or did not see. (Kept in memory until Save, they
// were half of the 20 MB a cold run of the corpus x7 kept live, and on
// 10,617 posts cost 2 of its 17 collections and 1.5% of its time.)
// A run killed before Save leaves its temporary file, which a later Save
// removes (see prune). It is checked with a hash when read: a damaged
// one is ignored (OpenCache says so).
type Cache struct {
	dir, file string
	key       []byte
	limit     int64
	reg       *Registry

	mu      sync.Mutex
	old     map[string]*cacheEntry         // read from the file
	check   map[string]func(string) string // the dependencies' checkers, made as needed
	seen    map[[2]string]string           // what they gave this run, by name and argument
	entries map[string]*cacheEntry         // seen or made this run
	changed bool
	out     *resultFile // where this run's results are written, once there is one
	outErr  error       // why there is none: results are then kept in memory for Save
}

type cacheEntry struct {
	stat   fileStat
	trust  bool // stat may stand for the bytes: the file was hashed well after it last changed
	sum    [sha256.Size]byte
	result []byte // encoded; nil once written to this run's file, or dropped for the size bound
}

// A resultFile is a result file being written: the magic and key, then
// entries, each a path, the stat, trust and sum, and the result; an empty
// path ends them, and the CRC-32C of all that follows (a check for
// damage: SHA-256 made too took 6 ms of every warm run's 230 of CPU on
// the corpus x7).
type resultFile struct {
	f    *os.File
	crc  hash.Hash32
	w    *bufio.Writer
	size int64 // bytes written, counting what w holds
	err  error // the first write's that failed
}

// fileStat is what says a file has not changed since it was hashed.
type fileStat struct {
	size, mtime, ino, ctime int64
}

// racy is how long after a change a file's times cannot yet vouch for its
// bytes: a change within the same tick of a coarse clock leaves them as
// they were.
const racy = 2 * time.Second

// castagnoli is the CRC-32C table, which the CPU computes where it can.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

const (
	cacheMagic   = "postlint results v4\n"
	maxPacks     = 4        // result files kept in the directory, for as many configs
	maxCacheSize = 64 << 20 // bytes of one result file
)

// CacheKey is the key results are kept under: the build of postlint
// (which decides what every rule does), the effective config (the config
// file's bytes and place, and each rule's severity after --enable and
// --disable), whether the network rules run, and, when a rule reads the
// clock, the day (see Rule.Clock).
func CacheKey(build string, cfg *Config, offline bool, now time.Time) []byte {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%v\x00%d\x00", build, cfg.File, cfg.Dir, offline, len(cfg.source))
	h.Write(cfg.source)
	fmt.Fprintf(h, "%+v\x00", cfg.Limits)
	clock := false
	for _, r := range cfg.reg.Rules {
		s := cfg.Rule(r.Name)
		fmt.Fprintf(h, "%s %d %v %v\x00", r.Name, s.Severity, s.Set, r.Network)
		clock = clock || r.Clock && s.Severity != Off
	}
	if clock {
		fmt.Fprintf(h, "%s\x00", now.UTC().Format(time.DateOnly))
	}
	return h.Sum(nil)
}

// OpenCache opens the results kept under key in dir (which need not
// exist). A result file that cannot be read or is damaged is left for
// Save to replace: the cache is then empty, and the error says why.
func OpenCache(dir string, key []byte, reg *Registry) (*Cache, error) {
	c := newCache(dir, key, reg)
	data, _, err := regularfile.Read(c.file, c.limit)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err == nil {
		err = c.decode(data)
	}
	if err != nil {
		c.old = map[string]*cacheEntry{}
		return c, fmt.Errorf("%s: %v; ignored, it is rewritten after this run", c.file, err)
	}
	return c, nil
}

// newCache returns an empty cache of key in dir.
func newCache(dir string, key []byte, reg *Registry) *Cache {
	return &Cache{dir: dir, key: key, limit: maxCacheSize, reg: reg,
		file:    filepath.Join(dir, "results-"+hex.EncodeToString(key[:8])+".bin"),
		old:     map[string]*cacheEntry{},
		entries: map[string]*cacheEntry{}}
}

func (c *Cache) decode(data []byte) error {
	if len(data) < len(cacheMagic)+crc32.Size || !bytes.HasPrefix(data, []byte(cacheMagic)) {
		return errors.New("not a postlint result cache")
	}
	body, sum := data[:len(data)-crc32.Size], data[len(data)-crc32.Size:]
	if crc32.Checksum(body, castagnoli) != binary.BigEndian.Uint32(sum) {
		return errors.New("damaged (its checksum does not match)")
	}
	// The file's bytes are never changed: paths and results are slices
	// of them.
	r := NewSharedFactReader(body[len(cacheMagic):])
	if key := r.String(); key != string(c.key) {
		return errors.New("made for another key")
	}
	for {
		path := r.String()
		if path == "" || r.err != nil {
			break // the end, or damage the checksum missed
		}
		e := &cacheEntry{}
		e.stat = fileStat{size: int64(r.Int()), mtime: int64(r.Int()), ino: int64(r.Int()), ctime: int64(r.Int())}
		e.trust = r.Bool()
		copy(e.sum[:], r.bytes())
		// The file's bytes are never changed: entries point into them.
		e.result = r.bytes()
		if r.err != nil {
			break
		}
		c.old[path] = e
	}
	return r.Close()
}

// holds reports whether the cache read holds a result for path: if not,
// its stat is of no use before it is read.
func (c *Cache) holds(path string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.old[path] != nil
}

// lookup returns the kept result of path when its bytes are those hashed
// as sum, or, when sum is nil, when its stat says it has not changed.
func (c *Cache) lookup(path string, st fileStat, sum *[sha256.Size]byte, dirs *Listings) *fileResult {
	c.mu.Lock()
	e := c.old[path]
	c.mu.Unlock()
	if e == nil {
		return nil
	}
	switch {
	case sum == nil && (!e.trust || e.stat != st):
		return nil
	case sum != nil && *sum != e.sum:
		return nil
	}
	f, err := readResult(e.result, c.reg, path)
	if err != nil {
		return nil // linted again, and the entry replaced
	}
	for _, d := range f.deps {
		if c.depends(d, dirs) != d.value {
			return nil // what the verdict read has changed
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if sum != nil && (e.stat != st || !e.trust) {
		// The same bytes under new times (a fresh checkout): keep the
		// new times, trusted once they are old enough.
		e = &cacheEntry{stat: st, trust: st.settled(), sum: e.sum, result: e.result}
		c.changed = true
	}
	c.entries[path] = e
	return f
}

// depends returns what the dependency d.name gives for d.arg in this
// run, and a value no result records ("\x00") when no rule has it. The
// checkers run outside c.mu, on the workers' goroutines: each reads the
// file system, and under the lock they held up every lookup (about 28 ms
// of CPU in a warm run of the corpus x7, one directory listing at a
// time). Two workers may ask for the same argument at once and both call
// the checker, which is safe (see Dependency.New).
func (c *Cache) depends(d dep, dirs *Listings) string {
	k := [2]string{d.name, d.arg}
	c.mu.Lock()
	if v, ok := c.seen[k]; ok {
		c.mu.Unlock()
		return v
	}
	if c.check == nil {
		c.check, c.seen = map[string]func(string) string{}, map[[2]string]string{}
	}
	fn, ok := c.check[d.name]
	if !ok {
		if rd := c.reg.dependency(d.name); rd != nil {
			fn = rd.New(dirs)
		}
		c.check[d.name] = fn
	}
	c.mu.Unlock()
	v := "\x00"
	if fn != nil {
		v = fn(d.arg)
	}
	c.mu.Lock()
	c.seen[k] = v
	c.mu.Unlock()
	return v
}

// dependency returns the first rule's Dependency of that name, or nil.
func (r *Registry) dependency(name string) *Dependency {
	for _, rule := range r.Rules {
		for _, rd := range rule.Depends {
			if rd.Name == name {
				return rd
			}
		}
	}
	return nil
}

// Holds reports how many of the inputs read from disk the cache holds a
// result of, whether or not the file changed since: what a run is likely
// to find there. A nil cache holds none.
func (c *Cache) Holds(inputs []Input) int {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, in := range inputs {
		if in.Src == nil && c.old[in.Path] != nil {
			n++
		}
	}
	return n
}

// encodeBufs are where results are encoded before they are written to the
// run's result file (or copied, when there is none).
var encodeBufs = reuse.NewBytes(1 << 20)

// store keeps the result of path, linted from bytes hashed as sum: it is
// written to this run's result file, or kept for Save when there is none.
func (c *Cache) store(path string, st fileStat, sum [sha256.Size]byte, f *fileResult) {
	enc, err := appendResult(encodeBufs.Get(0), f)
	if err != nil {
		return // a fact without a codec: linted every time
	}
	defer encodeBufs.Put(enc)
	e := &cacheEntry{stat: st, trust: st.settled(), sum: sum}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.out == nil && c.outErr == nil {
		c.out, c.outErr = c.create()
	}
	if c.out != nil {
		c.out.add(path, e, enc, c.limit)
	} else {
		e.result = bytes.Clone(enc) // at its size, not append's
	}
	c.entries[path] = e
	c.changed = true
}

// create starts a result file in the cache directory, making the
// directory if need be.
func (c *Cache) create() (*resultFile, error) {
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return nil, err
	}
	// Nothing in the directory belongs in the repository, as with
	// .ruff_cache and .pytest_cache.
	if ignore := filepath.Join(c.dir, ".gitignore"); !exists(ignore) {
		_ = os.WriteFile(ignore, []byte("# Made by postlint: results and link checks kept between runs.\n*\n"), 0o644)
	}
	f, err := os.CreateTemp(c.dir, ".results-*.tmp")
	if err != nil {
		return nil, err
	}
	rf := &resultFile{f: f, crc: crc32.New(castagnoli)}
	// Written through a small buffer as it is hashed: made whole in
	// memory first, the 10 MB of the corpus x7 were copied five times
	// over as the buffer grew.
	rf.w = bufio.NewWriterSize(io.MultiWriter(f, rf.crc), 64<<10)
	w := FactWriter(append(make([]byte, 0, 64), cacheMagic...))
	w.Bytes(c.key)
	rf.write(w)
	return rf, nil
}

// entryBound is at most what an entry takes besides its path and result:
// the stat, trust, the sum and three lengths.
const entryBound = 7*binary.MaxVarintLen64 + 1 + sha256.Size

// add writes the entry of path, unless that would take the file past
// limit bytes (with room for its end).
func (rf *resultFile) add(path string, e *cacheEntry, result []byte, limit int64) {
	if rf.err != nil || rf.size+int64(entryBound+len(path)+len(result)+binary.MaxVarintLen64+crc32.Size) > limit {
		return
	}
	var buf [entryBound + 256]byte
	w := FactWriter(buf[:0])
	w.String(path)
	w.Int(int(e.stat.size))
	w.Int(int(e.stat.mtime))
	w.Int(int(e.stat.ino))
	w.Int(int(e.stat.ctime))
	w.Bool(e.trust)
	w.Bytes(e.sum[:])
	w.Len(len(result))
	rf.write(w)
	rf.write(result)
}

func (rf *resultFile) write(b []byte) {
	if rf.err == nil {
		_, rf.err = rf.w.Write(b)
		rf.size += int64(len(b))
	}
}

// finish ends the file and closes it.
func (rf *resultFile) finish() error {
	var end FactWriter
	end.String("")
	rf.write(end)
	if rf.err == nil {
		rf.err = rf.w.Flush()
	}
	if rf.err == nil {
		_, rf.err = rf.f.Write(rf.crc.Sum(nil))
	}
	if err := rf.f.Close(); rf.err == nil {
		rf.err = err
	}
	return rf.err
}

// settled reports whether a file last changed long enough ago that its
// stat can stand for its bytes from now on.
func (st fileStat) settled() bool {
	return st.mtime != 0 && time.Since(time.Unix(0, st.mtime)) > racy && time.Since(time.Unix(0, st.ctime)) > racy
}

// Save writes the results of this run back, with those of files this run
// did not see as far as the size bound allows, unless nothing changed.
// Older result files of other keys beyond the few kept are removed. A
// result written before an earlier Save is not written again.
func (c *Cache) Save() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for p := range c.old {
		if _, seen := c.entries[p]; !seen {
			// Kept for a later run over those files, unless too big.
			c.entries[p] = c.old[p]
		}
	}
	rf := c.out
	c.out, c.outErr = nil, nil // a store after this starts another file
	if !c.changed {
		return nil // nothing was stored: rf is nil
	}
	if rf == nil {
		var err error
		if rf, err = c.create(); err != nil {
			return err
		}
	}
	// The entries not written yet, read back or kept in memory, in path
	// order while the file stays under the size bound.
	var kept []string
	for p, e := range c.entries {
		if e.result != nil {
			kept = append(kept, p)
		}
	}
	slices.Sort(kept)
	for _, p := range kept {
		rf.add(p, c.entries[p], c.entries[p].result, c.limit)
	}
	err := rf.finish()
	if err == nil {
		err = os.Rename(rf.f.Name(), c.file)
	}
	if err != nil {
		_ = os.Remove(rf.f.Name())
		return err
	}
	c.changed = false
	c.prune()
	return nil
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

// prune removes the oldest result files beyond maxPacks, and temporary
// files of runs that were killed before they renamed theirs.
func (c *Cache) prune() {
	ents, err := os.ReadDir(c.dir)
	if err != nil {
		return
	}
	type pack struct {
		path string
		mod  time.Time
	}
	var packs []pack
	for _, e := range ents {
		name := e.Name()
		info, err := e.Info()
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		switch {
		case strings.HasPrefix(name, "results-") && strings.HasSuffix(name, ".bin"):
			packs = append(packs, pack{filepath.Join(c.dir, name), info.ModTime()})
		case strings.HasPrefix(name, ".results-") && strings.HasSuffix(name, ".tmp") && time.Since(info.ModTime()) > time.Hour:
			_ = os.Remove(filepath.Join(c.dir, name))
		}
	}
	sort.Slice(packs, func(i, j int) bool { return packs[i].mod.After(packs[j].mod) })
	for _, p := range packs[min(len(packs), maxPacks):] {
		if p.path != c.file {
			_ = os.Remove(p.path)
		}
	}
}
