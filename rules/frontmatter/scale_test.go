package frontmatter_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/registry"
	"github.com/postlint/postlint/rules/rulestest"
)

// word turns i into four letters, so that no two tags differ in digits.
func word(i int) string {
	var b []byte
	for range 4 {
		b = append(b, byte('a'+i%26))
		i /= 26
	}
	return string(b)
}

// The whole-set passes of duplicate-title and tag-near-duplicate must be
// about linear: 30,000 posts with one title and 20,000 tags took a minute
// when each post or tag was compared with every other (24-32 s and 27-35 s
// on their own), and take a few seconds now, parsing included, under the
// race detector too (with a fifth of the posts); a minute is the bound.
// A third of the tags are used by one post each, the others by two, every
// rare one a letter away from a common one.
func TestWholeSetOfManyPosts(t *testing.T) {
	n := 30_000
	if raceEnabled {
		n = 6_000
	}
	rare := n / 3
	var inputs []rules.Input
	post := func(tag string) {
		inputs = append(inputs, rules.Input{Path: fmt.Sprintf("posts/p%05d.md", len(inputs)),
			Src: fmt.Appendf(nil, "---\ntitle: One title\ntags: [%s]\n---\n\nText.\n", tag)})
	}
	for i := range rare {
		post("topic" + word(i))
		post("topic" + word(i))
	}
	for i := range rare {
		post("topiq" + word(i))
	}
	reg := registry.Default()
	cfg := rules.DefaultConfig(reg)
	rulestest.Only(t, cfg, reg, "duplicate-title", "tag-near-duplicate")
	done := make(chan *rules.Result, 1)
	go func() { done <- (&rules.Engine{Config: cfg, Offline: true}).Run(inputs) }()
	var res *rules.Result
	select {
	case res = <-done:
	case <-time.After(time.Minute):
		t.Fatalf("%d posts not linted in a minute", n)
	}
	for _, err := range res.Errors {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, d := range res.Diagnostics {
		count[d.Rule]++
		var want string
		last := fmt.Sprintf("posts/p%05d.md", n-1)
		switch {
		case d.Rule == "duplicate-title" && d.Path == "posts/p00000.md":
			want = fmt.Sprintf(`title "One title" is also the title of posts/p00001.md and %d more`, n-2)
		case d.Rule == "duplicate-title" && (d.Path == "posts/p00001.md" || d.Path == last):
			want = fmt.Sprintf(`title "One title" is also the title of posts/p00000.md and %d more`, n-2)
		case d.Rule == "tag-near-duplicate" && d.Path == fmt.Sprintf("posts/p%05d.md", 2*rare):
			want = `tag "topiqaaaa", used by this post only, looks like "topicaaaa" (2 posts)`
		case d.Rule == "tag-near-duplicate" && d.Path == last:
			want = fmt.Sprintf(`tag "topiq%s", used by this post only, looks like "topic%s" (2 posts)`, word(rare-1), word(rare-1))
		}
		if want != "" && d.Message != want {
			t.Errorf("%s: %s, want %s", d.Path, d.Message, want)
		}
	}
	if count["duplicate-title"] != n || count["tag-near-duplicate"] != rare || len(count) != 2 {
		t.Errorf("diagnostics per rule: %v, want %d duplicate-title, %d tag-near-duplicate", count, n, rare)
	}
}
