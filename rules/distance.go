package rules

import (
	"errors"
	"fmt"
	"strings"
)

// EditDistance is the Levenshtein distance of a and b (insertions,
// deletions and substitutions of one element), or limit when it is at
// least limit: rules that look for a near miss stop early.
func EditDistance[E comparable](a, b []E, limit int) int {
	if d := len(a) - len(b); d >= limit || -d >= limit {
		return limit
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= limit {
			return limit
		}
		prev, cur = cur, prev
	}
	return min(prev[len(b)], limit)
}

// Nearest returns the rule name closest to a misspelt one, for "did you
// mean": within two edits (one for names of four letters or fewer), or a
// name that holds it or that it holds ("spelling", "single-h1s"). "" when
// nothing is close, or when two names are equally close.
func (r *Registry) Nearest(name string) string {
	name = strings.ToLower(strings.TrimSpace(name))
	if len(name) < 2 {
		return ""
	}
	limit := 3
	if len(name) <= 4 {
		limit = 2
	}
	best, bestD, tie := "", limit, false
	for _, rule := range r.Rules {
		d := EditDistance([]byte(name), []byte(rule.Name), limit)
		if d >= limit && len(name) >= 4 && (strings.Contains(rule.Name, name) || strings.Contains(name, rule.Name)) {
			d = limit - 1
		}
		switch {
		case d < bestD:
			best, bestD, tie = rule.Name, d, false
		case d == bestD && d < limit:
			tie = true
		}
	}
	if tie {
		return ""
	}
	return best
}

// unknownRule is the message for a rule name no rule has, with the
// nearest one when there is one.
func (r *Registry) unknownRule(name string) string {
	msg := fmt.Sprintf("unknown rule %q", name)
	if near := r.Nearest(name); near != "" {
		return msg + fmt.Sprintf("; did you mean %q?", near)
	}
	return msg + " (see `postlint rules`)"
}

// UnknownRule is the error for a rule name no rule has, with the nearest
// one when there is one.
func (r *Registry) UnknownRule(name string) error { return errors.New(r.unknownRule(name)) }
