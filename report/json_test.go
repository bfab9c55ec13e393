package report

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestJSONSafe: each fix says whether --fix applies it, as the rule marked
// it, true and false alike; a fix-less diagnostic still has no "fixes".
func TestJSONSafe(t *testing.T) {
	diags := lintFiles(t, map[string]string{"a.md": "---\ntitle: A\ndate: 2024-01-01\ntags: [x]\n---\n\n" +
		"We sovle it; Kubernetes is intimating to the average user.\n\n#### Deep\n"}, "misspelling", "wrong-word", "heading-increment")
	var b bytes.Buffer
	if err := JSON(&b, diags, 1); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "json-safe.golden", b.Bytes())
	var doc struct {
		Diagnostics []struct {
			Rule  string
			Fixes []map[string]any
		}
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Diagnostics) != len(diags) || len(diags) != 3 {
		t.Fatalf("%d diagnostics, want 3", len(doc.Diagnostics))
	}
	for i, d := range doc.Diagnostics {
		if len(d.Fixes) != len(diags[i].Fixes) {
			t.Errorf("%s: %d fixes, want %d", d.Rule, len(d.Fixes), len(diags[i].Fixes))
			continue
		}
		for j, f := range d.Fixes {
			if safe, ok := f["safe"].(bool); !ok || safe != diags[i].Fixes[j].Safe {
				t.Errorf("%s: fix %d has safe = %v, the rule says %v", d.Rule, j, f["safe"], diags[i].Fixes[j].Safe)
			}
		}
	}
	safe := map[string]bool{}
	for _, d := range diags {
		for _, f := range d.Fixes {
			safe[d.Rule] = f.Safe
		}
	}
	if !safe["misspelling"] || safe["wrong-word"] {
		t.Errorf("want a safe misspelling fix and an unsafe wrong-word one: %v", safe)
	}
}
