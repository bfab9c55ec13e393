package links

import (
	"slices"
	"strings"

	"github.com/postlint/postlint/rules"
)

// A suggester finds, for a #fragment that names no anchor, the id of the
// target post that was likely meant: "did you mean #keynotes?".
//
// An exact search compares the fragment with every id of about its
// length, so a post with 20,000 headings linked by 20,000 near misses
// costs 400 million comparisons (over a minute). The search is exact, but
// the work of the whole run is bounded: a budget of edit-distance cells
// that grows with the size of the ids and fragments looked at, so the
// pass stays linear in its input. Once it is spent, the remaining
// fragments are reported without a suggestion, and one notice says so.
type suggester struct {
	budget  int64 // cells left
	skipped int   // fragments left without a search
	memo    map[suggestKey]string
	index   map[suggestKey]*idIndex // by post path and style
}

type suggestKey struct {
	path  string
	style anchorStyle
	frag  string // "" for an index
}

// idIndex is the ids of one post in one style, by case-folded form and by
// length in bytes, each list sorted.
type idIndex struct {
	fold  map[string]string // lower-case id -> the least id of that form
	byLen map[int][]string
}

// Base and per-byte budget, in cells of the edit-distance table: the first
// is far more than real posts ever need (a miss among 200 headings costs
// some 100,000), the second keeps hostile input to a fraction of a second
// per megabyte of ids and fragments.
const (
	suggestBaseBudget    = 32 << 20
	suggestBudgetPerByte = 256
)

func newSuggester() *suggester {
	return &suggester{budget: suggestBaseBudget, memo: map[suggestKey]string{}, index: map[suggestKey]*idIndex{}}
}

func (sg *suggester) ids(p *post, style anchorStyle) *idIndex {
	k := suggestKey{path: p.path, style: style}
	if x := sg.index[k]; x != nil {
		return x
	}
	x := &idIndex{fold: map[string]string{}, byLen: map[int][]string{}}
	for id := range p.anchorSet(style) {
		sg.budget += suggestBudgetPerByte * int64(len(id))
		f := strings.ToLower(id)
		if cur, ok := x.fold[f]; !ok || id < cur {
			x.fold[f] = id
		}
		x.byLen[len(id)] = append(x.byLen[len(id)], id)
	}
	for _, ids := range x.byLen {
		slices.Sort(ids)
	}
	sg.index[k] = x
	return x
}

// closest returns the id of p nearest to frag, if one is near enough to be
// the one meant: the same in other capitals, else the least id at the
// smallest edit distance below min(3, len(frag)/4+1).
func (sg *suggester) closest(p *post, style anchorStyle, frag string) string {
	k := suggestKey{path: p.path, style: style, frag: frag}
	if s, ok := sg.memo[k]; ok {
		return s
	}
	s := sg.search(sg.ids(p, style), frag)
	sg.memo[k] = s
	return s
}

func (sg *suggester) search(x *idIndex, frag string) string {
	sg.budget += suggestBudgetPerByte * int64(len(frag))
	if id, ok := x.fold[strings.ToLower(frag)]; ok {
		return id
	}
	// The least id at the smallest distance below k. An id whose length
	// differs by delta is at least delta away: look at the nearest lengths
	// first, and stop past the best distance found (equal ones may still
	// win on order).
	best, bestD := "", min(3, len(frag)/4+1)
	for delta := 0; delta < bestD || best != "" && delta == bestD; delta++ {
		lengths := []int{len(frag) - delta, len(frag) + delta}
		if delta == 0 {
			lengths = lengths[:1]
		}
		for _, n := range lengths {
			for _, id := range x.byLen[n] {
				cost := int64(len(frag)+1) * int64(len(id)+1)
				if sg.budget < cost {
					sg.skipped++
					return ""
				}
				sg.budget -= cost
				// With limit bestD+1, a distance of bestD is exact.
				if d := rules.EditDistance([]byte(frag), []byte(id), bestD+1); d < bestD || d == bestD && best != "" && id < best {
					best, bestD = id, d
				}
			}
		}
	}
	return best
}
