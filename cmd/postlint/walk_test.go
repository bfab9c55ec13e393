package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/registry"
)

// walkSerial is what collect did before walkPosts: filepath.WalkDir with
// the same filter, one folder after the other.
func walkSerial(root string, cfg *rules.Config) (found []string, errs []error, err error) {
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == root {
				return err
			}
			errs = append(errs, pathError(p, err))
			return nil
		}
		if d.IsDir() {
			if p != root && (rules.SkipDir(d.Name()) || cfg.Ignored(root, p)) {
				return filepath.SkipDir
			}
			return nil
		}
		if rules.IsMarkdown(d.Name()) && d.Type().IsRegular() && !cfg.Ignored(root, p) {
			found = append(found, p)
		}
		return nil
	})
	slices.Sort(found)
	return found, errs, err
}

// walkPosts finds what a serial walk finds, and reports the same
// unreadable folders in the same order, on a tree with hidden and
// generated folders, ignore globs, symlinks to a post and to a folder,
// and names that sort differently as paths and as names ("a-c" and "a/b").
func TestWalkPostsAsWalkDir(t *testing.T) {
	root := t.TempDir()
	files := []string{"a.md", "a/b.md", "a-c/d.md", "a/x/y/z.markdown", "b.txt", ".hidden/h.md",
		"node_modules/n.md", "drafts/skip.md", "c/keep.md", "c/skip-me.md", "d/e/f/g/h.md", "d/e/f/g/i.md"}
	for _, f := range files {
		p := filepath.Join(root, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("# x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 40 { // enough folders for the workers to overlap
		p := filepath.Join(root, "many", string(rune('a'+i%26))+string(rune('a'+i/26)), "post.md")
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("# x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(root, "a.md"), filepath.Join(root, "link.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "c"), filepath.Join(root, "linkdir")); err != nil {
		t.Fatal(err)
	}
	cfg := rules.DefaultConfig(registry.Default())
	cfg.Ignore = []string{"drafts", "**/skip-me.md"}
	for _, r := range []string{root, filepath.Join(root, "linkdir") + string(filepath.Separator), filepath.Join(root, "missing")} {
		want, wantErrs, wantErr := walkSerial(r, cfg)
		got, gotErrs, gotErr := walkPosts(r, cfg, nil)
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotErrs, wantErrs) || (gotErr == nil) != (wantErr == nil) {
			t.Errorf("%s:\nwalkPosts %q %v %v\nWalkDir   %q %v %v", r, got, gotErrs, gotErr, want, wantErrs, wantErr)
		}
	}

	t.Run("relative roots", func(t *testing.T) {
		// The paths of a root given unclean are cleaned as Join cleans
		// them, and those below it too.
		t.Chdir(root)
		for _, r := range []string{".", "./", "a", "a/", "./a", "a/../a", "d/e/", "a//x", "linkdir/"} {
			r = filepath.FromSlash(r)
			want, wantErrs, _ := walkSerial(r, cfg)
			got, gotErrs, _ := walkPosts(r, cfg, nil)
			if len(want) == 0 || !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotErrs, wantErrs) {
				t.Errorf("%s:\nwalkPosts %q %v\nWalkDir   %q %v", r, got, gotErrs, want, wantErrs)
			}
		}
	})

	t.Run("unreadable folders", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("as root, folder permissions are not enforced: this case needs another user")
		}
		for _, d := range []string{"a/x", "a-c", "d/e/f"} {
			p := filepath.Join(root, filepath.FromSlash(d))
			if err := os.Chmod(p, 0o000); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = os.Chmod(p, 0o755) })
		}
		want, wantErrs, _ := walkSerial(root, cfg)
		got, gotErrs, _ := walkPosts(root, cfg, nil)
		if len(wantErrs) != 3 || !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotErrs, wantErrs) {
			t.Errorf("with unreadable folders:\nwalkPosts %q %v\nWalkDir   %q %v", got, gotErrs, want, wantErrs)
		}
	})
}

func TestWalkOrder(t *testing.T) {
	sep := string(filepath.Separator)
	in := []string{"a-c", "a" + sep + "b", "a", "a" + sep + "b" + sep + "c", "b", "a.md", "a" + sep + "a"}
	want := []string{"a", "a" + sep + "a", "a" + sep + "b", "a" + sep + "b" + sep + "c", "a-c", "a.md", "b"}
	slices.SortFunc(in, walkOrder)
	if !slices.Equal(in, want) {
		t.Errorf("walkOrder sorts %q, want %q", in, want)
	}
}
