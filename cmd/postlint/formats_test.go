package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postlint/postlint/report/sariftest"
)

// TestStdinMatchesFile: an editor piping the buffer gets exactly what
// linting the saved file gives.
func TestStdinMatchesFile(t *testing.T) {
	post := "\ufeff---\r\ntitle: Ünïcödé\r\n---\r\n\r\n##Slides\r\n\r\n#### Deep 😀\r\n"
	dir := headingFiles(t, map[string]string{"posts/a.md": post})
	fromFile, _, code1 := runCLI(t, dir, "", nil, "--offline", "--format", "json", "posts/a.md")
	fromStdin, _, code2 := runCLI(t, dir, post, nil, "--offline", "--format", "json", "--stdin", "--stdin-filename", "posts/a.md")
	if fromFile != fromStdin || code1 != code2 {
		t.Errorf("file (exit %d):\n%s\nstdin (exit %d):\n%s", code1, fromFile, code2, fromStdin)
	}
	if !strings.Contains(fromFile, `"path": "posts/a.md"`) || strings.Count(fromFile, `"rule"`) != 2 {
		t.Errorf("expected two diagnostics on posts/a.md:\n%s", fromFile)
	}
	// The text format too, excerpts included.
	fromFile, _, _ = runCLI(t, dir, "", nil, "--offline", "posts/a.md")
	fromStdin, _, _ = runCLI(t, dir, post, nil, "--offline", "--stdin", "--stdin-filename", "posts/a.md")
	if fromFile != fromStdin {
		t.Errorf("text differs:\n%s\n%s", fromFile, fromStdin)
	}
}

// TestStdinConfigFromPath: the config is the one of the directory the
// buffer's file lives in, wherever the editor runs postlint from; and the
// rules see the buffer under that path.
func TestStdinConfigFromPath(t *testing.T) {
	post := "---\ntitle: T\n---\n\n#### Deep\n"
	dir := headingFiles(t, map[string]string{
		"blog/.postlint.yml": "rules:\n  heading-increment: error\n" + strings.TrimPrefix(onlyRules("heading-increment"), "rules:\n"),
	})
	out, _, code := runCLI(t, dir, post, nil, "--offline", "--stdin", "--stdin-filename", "blog/posts/x.md")
	if code != 1 || !strings.HasPrefix(out, "blog/posts/x.md:5:1: error: heading level 4") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	// From the top, without --stdin-filename's directory, the top config
	// (warning) applies.
	out, _, code = runCLI(t, dir, post, nil, "--offline", "--stdin", "--stdin-filename", "x.md")
	if code != 0 || !strings.HasPrefix(out, "x.md:5:1: warning: heading level 4") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	// --stdin without a name is a usage error.
	if _, errOut, code := runCLI(t, dir, post, nil, "--stdin"); code != exitError || !strings.Contains(errOut, "--stdin-filename") {
		t.Errorf("exit %d: %q", code, errOut)
	}
}

func TestGitHubFormatCLI(t *testing.T) {
	dir := headingFiles(t, map[string]string{"posts/a,b.md": fixable})
	gh := map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": dir}
	out, errOut, code := runCLI(t, filepath.Join(dir, "posts"), "", gh, "--offline", ".")
	want := "::group::posts/a,b.md\n" +
		"::warning file=posts/a%2Cb.md,line=5,col=1,endLine=5,endColumn=9,title=heading-missing-space::\"##Slides\" is not a heading: add a space after the ##\n" +
		"::endgroup::\n"
	if out != want || code != 0 {
		t.Errorf("exit %d, got\n%s\nwant\n%s\nstderr %s", code, out, want, errOut)
	}
	// --format wins over the environment (and the text is fenced off from
	// the runner: TestTextInActions).
	out, _, _ = runCLI(t, dir, "", gh, "--offline", "--format", "text", ".")
	if _, rest, _ := strings.Cut(out, "\n"); !strings.HasPrefix(out, "::stop-commands::") || !strings.HasPrefix(rest, "posts/a,b.md:5:1: warning:") {
		t.Errorf("--format text in Actions:\n%s", out)
	}
	// And the explicit format works outside Actions.
	out, _, _ = runCLI(t, dir, "", nil, "--offline", "--format", "github", ".")
	if !strings.HasPrefix(out, "::group::posts/a,b.md\n::warning file=posts/a%2Cb.md,") {
		t.Errorf("--format github:\n%s", out)
	}
}

func TestGitHubStepSummaryCLI(t *testing.T) {
	summary := filepath.Join(t.TempDir(), "summary.md")
	if err := os.WriteFile(summary, []byte("earlier step\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	gh := map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary}
	ten := strings.Repeat("##X\n\n", 10)
	dir := headingFiles(t, map[string]string{"a.md": ten})
	runCLI(t, dir, "", gh, "--offline")
	if got := readFile(t, summary); got != "earlier step\n" {
		t.Errorf("a summary for 10 annotations:\n%s", got)
	}
	dir = headingFiles(t, map[string]string{"a.md": ten + "##Eleventh\n"})
	out, _, _ := runCLI(t, dir, "", gh, "--offline")
	got := readFile(t, summary)
	if !strings.HasPrefix(got, "earlier step\n### postlint: 11 warnings in 1 file") || strings.Count(got, "\n| a.md | ") != 11 {
		t.Errorf("summary:\n%s", got)
	}
	if strings.Count(out, "::warning ") != 11 {
		t.Errorf("every annotation is still printed:\n%s", out)
	}
}

func TestSARIFCLI(t *testing.T) {
	dir := headingFiles(t, map[string]string{"posts/a.md": fixable + "\n#### Déjà 😀\n"})
	out, errOut, code := runCLI(t, dir, "", nil, "--offline", "--format", "sarif", "--fail-level", "warning", "posts")
	if code != 1 || errOut != "" {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	sariftest.Validate(t, []byte(out))
	var log struct {
		Runs []struct {
			OriginalURIBaseIDs map[string]struct{ URI string } `json:"originalUriBaseIds"`
			Tool               struct {
				Driver struct{ Rules []struct{ ID string } }
			}
			Results []struct {
				RuleID    string
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI, URIBaseID string }
						Region           struct{ StartColumn, EndColumn int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if len(run.Tool.Driver.Rules) < 6 || len(run.Results) != 2 {
		t.Fatalf("%d rules, %d results", len(run.Tool.Driver.Rules), len(run.Results))
	}
	if base := run.OriginalURIBaseIDs["%SRCROOT%"].URI; !strings.HasPrefix(base, "file:///") || !strings.HasSuffix(base, "/") {
		t.Errorf("%%SRCROOT%% = %q", base)
	}
	deep := run.Results[1].Locations[0].PhysicalLocation
	if deep.ArtifactLocation.URI != "posts/a.md" || deep.ArtifactLocation.URIBaseID != "%SRCROOT%" {
		t.Errorf("location %+v", deep.ArtifactLocation)
	}
	// "#### Déjà 😀" is 16 bytes but 12 UTF-16 units.
	if deep.Region.StartColumn != 1 || deep.Region.EndColumn != 13 {
		t.Errorf("region %+v", deep.Region)
	}
}

func TestCheckstyleCLI(t *testing.T) {
	dir := headingFiles(t, map[string]string{"a.md": fixable})
	out, _, _ := runCLI(t, dir, "", nil, "--offline", "--format", "checkstyle", "a.md")
	if !strings.Contains(out, `<file name="a.md">`) || !strings.Contains(out, `source="postlint.heading-missing-space"`) {
		t.Errorf("checkstyle:\n%s", out)
	}
}
