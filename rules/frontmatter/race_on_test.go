//go:build race

package frontmatter_test

// raceEnabled is set under the race detector, which makes linting many
// times slower: the longest tests do less then.
const raceEnabled = true
