package rules

import (
	"os"
	"path/filepath"
	"testing"
)

// A directory is read once however it is named, what a walk put is what
// is given back, and a nil Listings reads every time.
func TestListings(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.md"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	l := NewListings()
	first, err := l.ReadDir(dir)
	if err != nil || len(first) != 1 {
		t.Fatalf("ReadDir: %v, %v", first, err)
	}
	if err := os.WriteFile(filepath.Join(dir, "b.md"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	wd, _ := os.Getwd()
	rel, err := filepath.Rel(wd, dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{dir, dir + string(filepath.Separator), rel} {
		if ents, _ := l.ReadDir(name); len(ents) != 1 {
			t.Errorf("ReadDir(%q) read the directory again: %d entries", name, len(ents))
		}
	}
	if ents, _ := (*Listings)(nil).ReadDir(dir); len(ents) != 2 {
		t.Errorf("nil Listings: %d entries, want the 2 there now", len(ents))
	}
	other := filepath.Join(dir, "sub")
	l.Put(other, first, nil)
	if ents, err := l.ReadDir(other); err != nil || len(ents) != 1 || ents[0].Name() != "a.md" {
		t.Errorf("ReadDir of a folder put: %v, %v", ents, err)
	}
}
