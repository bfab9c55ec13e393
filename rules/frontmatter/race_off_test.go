//go:build !race

package frontmatter_test

const raceEnabled = false
