package rules

import (
	"crypto/sha256"
	"os"
)

// Hooks for the tests of package rules_test, which can import the rule
// families (and so the registry) that this package cannot.

// An ExportedFact is a fact a rule's Run exported.
type ExportedFact struct {
	Rule *Rule
	Fact any
}

// FileFacts runs the per-file pass alone over inputs and returns the facts
// of each file, in order.
func (e *Engine) FileFacts(inputs []Input) [][]ExportedFact {
	var out [][]ExportedFact
	for _, f := range e.lintFiles(inputs, nil) {
		var fs []ExportedFact
		for _, rf := range f.facts {
			fs = append(fs, ExportedFact{rf.rule, rf.fact})
		}
		out = append(out, fs)
	}
	return out
}

// EncodeFact encodes a fact as the result cache does.
func EncodeFact(r *Rule, fact any) ([]byte, error) { return appendFact(nil, r, fact) }

// DecodeFact decodes what EncodeFact wrote.
func DecodeFact(reg *Registry, b []byte) (ExportedFact, error) {
	r := NewFactReader(b)
	rf, err := readFact(r, reg, &readFacts{})
	if err == nil {
		err = r.Close()
	}
	return ExportedFact{rf.rule, rf.fact}, err
}

// WalkSteps makes the flat walk of a document's tree afresh, as its first
// Walk does.
func WalkSteps(d *Document) int { return len(walkSteps(d.AST, nil)) }

// SetCacheLimit bounds the size of the result file c writes.
func SetCacheLimit(c *Cache, n int64) { c.limit = n }

// KeepsStat reports whether c, as read, keeps the stat os.Stat gives of
// path now: the stat by which a run serves the file without reading it,
// once its times are older than a tick of a coarse clock.
func (c *Cache) KeepsStat(path string) bool {
	e := c.old[path]
	if e == nil {
		return false
	}
	info, err := os.Stat(path)
	return err == nil && statOf(info) == e.stat
}

// EncodedResults lints inputs and returns each one's result as the result
// cache encodes it.
func (e *Engine) EncodedResults(inputs []Input) [][]byte {
	var out [][]byte
	for _, f := range e.lintFiles(inputs, nil) {
		b, err := appendResult(nil, f)
		if err != nil {
			panic(err)
		}
		out = append(out, b)
	}
	return out
}

// CacheWithEntry returns a cache, as if read from a result file for key,
// that holds one entry: path, whose bytes are src, with result as what
// linting it gave.
func CacheWithEntry(key []byte, reg *Registry, path string, src, result []byte) *Cache {
	c := newCache("", key, reg)
	c.old[path] = &cacheEntry{sum: sha256.Sum256(src), result: result}
	return c
}
