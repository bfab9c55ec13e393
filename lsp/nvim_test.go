package lsp

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestNeovim runs a real editor: headless Neovim (0.7 or later, Debian's
// neovim package) with its built-in LSP client and postlint lsp built
// from this tree, on a post with known defects (testdata/nvim.lua says
// what it does). It needs nvim and go on PATH and skips without nvim.
func TestNeovim(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		t.Skip("nvim not on PATH: install Debian's neovim package to run the editor test")
	}
	if testing.Short() {
		t.Skip("-short: the editor test builds postlint and starts Neovim")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "postlint")
	build := exec.Command("go", "build", "-o", bin, "github.com/postlint/postlint/cmd/postlint")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dir := writeFiles(t, map[string]string{"_posts/2024-05-01-day.md": post})
	file := filepath.Join(dir, "_posts/2024-05-01-day.md")
	outPath := filepath.Join(tmp, "out.json")
	script, err := filepath.Abs("testdata/nvim.lua")
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "--clean", "-n", "-c", "luafile "+script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "POSTLINT_BIN="+bin, "POSTLINT_FILE="+file, "POSTLINT_ROOT="+dir,
		"POSTLINT_OUT="+outPath, "XDG_STATE_HOME="+tmp, "XDG_DATA_HOME="+tmp, "XDG_CACHE_HOME="+tmp)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nvim: %v\n%s", err, out)
	}
	data, err := os.ReadFile(outPath)
	if err != nil {
		t.Fatalf("Neovim wrote nothing: %v", err)
	}
	type diag struct {
		Code     string `json:"code"`
		Lnum     int    `json:"lnum"`
		Col      int    `json:"col"`
		EndCol   int    `json:"end_col"`
		Severity int    `json:"severity"`
		Source   string `json:"source"`
	}
	var got struct {
		Error       string     `json:"error"`
		Before      []diag     `json:"before"`
		AfterFix    []diag     `json:"after_fix"`
		AfterFixAll []diag     `json:"after_fix_all"`
		Lines       []string   `json:"lines"`
		Menus       [][]string `json:"menus"`
	}
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatalf("%s: %v", data, err)
	}
	if got.Error != "" {
		t.Fatalf("in Neovim: %s\n%s", got.Error, data)
	}

	// Neovim turned the UTF-16 positions into byte columns of its buffer:
	// they must land on the word, after "Café 🎉 ".
	lines := strings.Split(post, "\n")
	var miss *diag
	for i := range got.Before {
		if got.Before[i].Code == "misspelling" {
			miss = &got.Before[i]
		}
	}
	if miss == nil || miss.Lnum != 6 || miss.Col != strings.Index(lines[6], "sovle") ||
		miss.EndCol != miss.Col+len("sovle") || miss.Source != "postlint" || miss.Severity != 2 {
		t.Fatalf("the misspelling as Neovim has it: %+v (all: %+v)", miss, got.Before)
	}
	t.Logf("menus: %q", got.Menus)
	if len(got.Menus) != 2 || len(got.Menus[0]) < 4 {
		t.Errorf("the code action menus: %q", got.Menus)
	}
	want := strings.Split(strings.TrimSuffix(strings.NewReplacer("sovle", "solve", "##Slides", "## Slides").Replace(post), "\n"), "\n")
	if strings.Join(got.Lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("the buffer after the fixes:\n%s\nwant:\n%s", strings.Join(got.Lines, "\n"), strings.Join(want, "\n"))
	}
	if len(got.AfterFixAll) != 0 {
		t.Errorf("diagnostics left: %+v", got.AfterFixAll)
	}
}
