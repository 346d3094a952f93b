package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// completions asks the program, as a shell's completion script does, what may follow
// args (the last one being the word typed so far).
func completions(t *testing.T, args ...string) []string {
	t.Helper()
	status, out, stderr := runCLI(t, "", append([]string{"__complete"}, args...)...)
	if status != 0 {
		t.Fatalf("__complete %v: status %d: %s", args, status, stderr)
	}
	var words []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.HasPrefix(line, ":") { // the directive
			continue
		}
		word, _, _ := strings.Cut(line, "\t")
		words = append(words, word)
	}
	return words
}

func TestCompletionWords(t *testing.T) {
	versions := []string{"v0.8a1", "v0.9", "v0.9.1", "v0.10.0", "v1.0.0", "v1.0.1"}
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"sc"}, []string{"score"}},
		{[]string{"questionnaire", ""}, []string{"list", "show", "diff", "import", "check", "schema"}},
		{[]string{"score", "--format", ""}, []string{"text", "jsonl", "csv"}},
		{[]string{"score", "x.json", "-f", ""}, []string{"text", "jsonl", "csv"}},
		{[]string{"report", "--format", ""}, []string{"md", "html"}},
		{[]string{"score", "--lang", ""}, []string{"en", "fr"}},
		{[]string{"score", "--questionnaire", ""}, versions},
		{[]string{"migrate", "--to", ""}, versions},
		{[]string{"questionnaire", "show", ""}, versions},
		{[]string{"completion", ""}, []string{"bash", "zsh", "fish", "powershell"}},
		{[]string{"score", "--fail-on"}, []string{"--fail-on-warning"}},
	} {
		if diff := cmp.Diff(c.want, completions(t, c.args...)); diff != "" {
			t.Errorf("completing %v (-want +got):\n%s", c.args, diff)
		}
	}
}

// Each completion script loads in its shell, where that shell is installed (CI installs
// bash, zsh and fish), and registers a completion for aia.
func TestCompletionScriptsLoad(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ shell, check string }{
		{"bash", `source "$1" && complete -p aia`},
		{"zsh", `autoload -Uz compinit && compinit -u -d "$2/zcompdump" && source "$1" && (( $+functions[_aia] )) && echo loaded`},
		{"fish", `source $argv[1]; and complete -c aia | string match -q '*__aia_prepare_completions*'; and echo loaded`},
	} {
		t.Run(c.shell, func(t *testing.T) {
			status, script, stderr := runCLI(t, "", "completion", c.shell)
			if status != 0 || len(script) < 500 {
				t.Fatalf("aia completion %s: status %d, %d bytes: %s", c.shell, status, len(script), stderr)
			}
			path, err := exec.LookPath(c.shell)
			if err != nil {
				if os.Getenv("AIA_REQUIRE_SHELLS") == "1" {
					t.Fatalf("%s is not installed (AIA_REQUIRE_SHELLS=1)", c.shell)
				}
				t.Skipf("%s is not installed: the script is generated but not loaded", c.shell)
			}
			file := filepath.Join(dir, "aia."+c.shell)
			if err := os.WriteFile(file, []byte(script), 0o644); err != nil {
				t.Fatal(err)
			}
			args := []string{"-c", c.check, c.shell, file, dir}
			if c.shell == "fish" {
				args = []string{"-c", c.check, file}
			}
			cmd := exec.Command(path, args...)
			cmd.Env = append(os.Environ(), "HOME="+dir)
			out, err := cmd.CombinedOutput()
			if err != nil || !strings.Contains(string(out), "aia") && !strings.Contains(string(out), "loaded") {
				t.Errorf("%s did not load the script: %v\n%s", c.shell, err, out)
			}
		})
	}
}

func TestManPages(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "man")
	if status, _, stderr := runCLI(t, "", "man", dir); status != 0 {
		t.Fatalf("status %d: %s", status, stderr)
	}
	for _, page := range []string{"aia.1", "aia-score.1", "aia-migrate.1", "aia-questionnaire-show.1"} {
		b, err := os.ReadFile(filepath.Join(dir, page))
		if err != nil {
			t.Errorf("no page %s", page)
			continue
		}
		if page == "aia-migrate.1" && (!strings.Contains(string(b), "--allow-loss") || !strings.Contains(string(b), "EXAMPLE")) {
			t.Errorf("%s lacks the flags or the examples:\n%.600s", page, b)
		}
	}
}
