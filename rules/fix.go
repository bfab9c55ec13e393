package rules

import (
	"cmp"
	"slices"
)

// FixEdits gathers the edits of the first fix of each diagnostic, keeping
// only safe fixes when safeOnly is set. Overlapping edits are resolved
// deterministically: after sorting by offset, an edit that overlaps one
// already kept is dropped (its diagnostic remains and is fixed next run).
func FixEdits(diags []Diagnostic, safeOnly bool) []Edit {
	var groups [][]Edit
	for _, d := range diags {
		if len(d.Fixes) == 0 || (safeOnly && !d.Fixes[0].Safe) {
			continue
		}
		groups = append(groups, d.Fixes[0].Edits)
	}
	// A fix's edits are kept all or none.
	slices.SortStableFunc(groups, func(a, b []Edit) int {
		return cmp.Or(cmp.Compare(minStart(a), minStart(b)), cmp.Compare(len(a), len(b)))
	})
	var kept []Edit
	for _, g := range groups {
		ok := true
		for _, e := range g {
			for _, k := range kept {
				if e.Start < k.End && k.Start < e.End || e.Start == k.Start && e.End == k.End {
					ok = false
				}
			}
		}
		if ok {
			kept = append(kept, g...)
		}
	}
	slices.SortStableFunc(kept, func(a, b Edit) int { return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End)) })
	return kept
}

func minStart(es []Edit) int {
	m := int(^uint(0) >> 1)
	for _, e := range es {
		m = min(m, e.Start)
	}
	return m
}

// ApplyEdits returns src with non-overlapping, sorted edits applied.
func ApplyEdits(src []byte, edits []Edit) []byte {
	out := make([]byte, 0, len(src))
	last := 0
	for _, e := range edits {
		if e.Start < last || e.End > len(src) || e.Start > e.End {
			continue
		}
		out = append(out, src[last:e.Start]...)
		out = append(out, e.NewText...)
		last = e.End
	}
	return append(out, src[last:]...)
}

// CountFixed counts the diagnostics whose first safe fix is among the
// applied edits (each applied edit counted once).
func CountFixed(diags []Diagnostic, applied []Edit) int {
	left := map[Edit]int{}
	for _, e := range applied {
		left[e]++
	}
	n := 0
	for _, d := range diags {
		if len(d.Fixes) == 0 || !d.Fixes[0].Safe || len(d.Fixes[0].Edits) == 0 {
			continue
		}
		ok := true
		for _, e := range d.Fixes[0].Edits {
			ok = ok && left[e] > 0
		}
		if ok {
			for _, e := range d.Fixes[0].Edits {
				left[e]--
			}
			n++
		}
	}
	return n
}
