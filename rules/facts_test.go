package rules_test

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/registry"
)

// Every fact of every rule, from the test data and the corpus, comes back
// from the result cache's encoding as it was. A field added to a fact but
// not to its AppendBinary and UnmarshalBinary fails here.
func TestFactsRoundTrip(t *testing.T) {
	reg := registry.Default()
	for _, r := range reg.Rules {
		if r.RunSet != nil && r.Run != nil && r.NewFact == nil {
			t.Errorf("rule %s has a RunSet but no NewFact: the result cache cannot keep its facts", r.Name)
		}
	}
	inputs := readSet(t, filepath.Join("..", "testdata"))
	if corpus := filepath.Join("..", "..", "shared", "corpus"); !raceEnabled {
		if _, err := os.Stat(corpus); err == nil {
			inputs = append(inputs, readSet(t, corpus)...)
		}
	}
	// Not offline: the network rules export facts too; no whole-set pass
	// runs, so nothing is requested.
	eng := &rules.Engine{Config: quietConfig()}
	n := 0
	kinds := map[string]int{}
	for i, facts := range eng.FileFacts(inputs) {
		for _, f := range facts {
			b, err := rules.EncodeFact(f.Rule, f.Fact)
			if err != nil {
				t.Errorf("%s: %v", inputs[i].Path, err)
				continue
			}
			got, err := rules.DecodeFact(reg, b)
			if err != nil {
				t.Errorf("%s: %s: decoding: %v", inputs[i].Path, f.Rule.Name, err)
				continue
			}
			want := f.Fact
			// A fact kept encoded until the whole-set pass reads it
			// (the link rules') is compared as it decodes.
			if u, ok := want.(interface{ Unpacked() any }); ok {
				want = u.Unpacked()
			}
			if got.Rule != f.Rule || !reflect.DeepEqual(got.Fact, want) {
				t.Errorf("%s: %s: the fact\n%#v\ncomes back as\n%#v", inputs[i].Path, f.Rule.Name, want, got.Fact)
			}
			n++
			kinds[f.Rule.Name]++
		}
	}
	for _, r := range reg.Rules {
		if r.RunSet != nil && kinds[r.Name] == 0 {
			t.Errorf("no fact of %s in the test data: its encoding is not tested", r.Name)
		}
	}
	t.Logf("%d facts of %d rules", n, len(kinds))
}

// Bytes that are not what EncodeFact wrote (a cache file cut short or
// damaged) are an error, never a panic or a wrong fact taken for good.
func TestFactsDamaged(t *testing.T) {
	reg := registry.Default()
	eng := &rules.Engine{Config: quietConfig()}
	inputs := readSet(t, filepath.Join("..", "testdata", "links"))
	var encoded [][]byte
	for _, facts := range eng.FileFacts(inputs) {
		for _, f := range facts {
			b, err := rules.EncodeFact(f.Rule, f.Fact)
			if err != nil {
				t.Fatal(err)
			}
			encoded = append(encoded, b)
		}
	}
	if len(encoded) == 0 {
		t.Fatal("no facts")
	}
	for _, b := range encoded {
		for cut := range len(b) {
			if _, err := rules.DecodeFact(reg, b[:cut]); err == nil {
				t.Errorf("%q cut to %d bytes decodes without error", b, cut)
			}
		}
		for i := range b {
			damaged := append([]byte(nil), b...)
			damaged[i] ^= 0xff
			_, _ = rules.DecodeFact(reg, damaged) // must not panic
		}
		if _, err := rules.DecodeFact(reg, append(append([]byte(nil), b...), 0)); err == nil {
			t.Errorf("%q with a byte more decodes without error", b)
		}
	}
}
