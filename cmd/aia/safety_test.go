package main

// Tests that no command loses or overwrites a user's file, and that no input can forge
// what the user reads (issue 14).

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// writeFile writes a test file and returns its path.
func writeFile(t *testing.T, path, content string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func readString(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func sample(t *testing.T) string {
	return readString(t, "../../examples/assessments/level1-design.json")
}

// dirEntries lists the names below dir, relative to it.
func dirEntries(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && p != dir {
			rel, _ := filepath.Rel(dir, p)
			names = append(names, filepath.ToSlash(rel))
		}
		return nil
	})
	return names
}

// Finding 3 and "a test that runs every command with its output named as its input".
func TestNoCommandWritesOverItsInput(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, filepath.Join(dir, "in.json"), sample(t))
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink(in, link); err != nil {
		t.Fatal(err)
	}
	original := sample(t)
	for _, args := range [][]string{
		{"score", "--format", "jsonl", "--output", in, in},
		{"score", "-f", "csv", "-o", in, in},
		{"score", "--output", link, in},              // through a link
		{"score", "--output", in, dir},               // a saved file below an input directory
		{"score", "--output=" + in, "--summary", in}, // --flag=value
		{"report", "--output", in, in},
		{"report", "-f", "html", "-o", link, in},
		{"migrate", "--to", "v1.0.1", "--out-dir", dir, in},
		{"migrate", "--to", "v1.0.0", "--out-dir", dir, in},
	} {
		status, out, stderr := runCLI(t, "", args...)
		if status != exitUsage || !strings.Contains(stderr, "in.json") || !strings.Contains(stderr, "never") {
			t.Errorf("aia %s: status %d, stderr %q; want 2 and a message naming the input", strings.Join(args, " "), status, stderr)
		}
		if out != "" {
			t.Errorf("aia %s: worked anyway: %q", strings.Join(args, " "), out)
		}
		if got := readString(t, in); got != original {
			t.Fatalf("aia %s overwrote its input", strings.Join(args, " "))
		}
	}
	if got := dirEntries(t, dir); !cmp.Equal(got, []string{"in.json", "link.json"}) {
		t.Errorf("files left: %v", got)
	}

	// A questionnaire file is an input too.
	survey := `{"pages":[{"name":"p1","elements":[{"type":"radiogroup","name":"q1-RS","title":{"en":"Q","fr":"Q"},"choices":[{"value":"item1-1","text":{"en":"a","fr":"b"}}]}]}]}`
	s := writeFile(t, filepath.Join(dir, "survey.json"), survey)
	status, _, stderr := runCLI(t, "", "questionnaire", "import", "--version", "v9", "-o", s, s)
	if status != exitUsage || !strings.Contains(stderr, "never") || readString(t, s) != survey {
		t.Errorf("questionnaire import -o over its input: status %d, %s", status, stderr)
	}
	status, _, stderr = runCLI(t, "", "score", "--questionnaire", s, "-o", s, in)
	if status != exitUsage || readString(t, s) != survey {
		t.Errorf("score -o over the questionnaire file: status %d, %s", status, stderr)
	}
}

// Findings 1 and 2: --out-dir keeps relative paths, never collides, never writes
// over an input.
func TestMigrateOutDir(t *testing.T) {
	dir := t.TempDir()
	a := writeFile(t, filepath.Join(dir, "a", "x.json"), `{"version":"v1.0.0","data":{"projectDetailsPhase":"item1"}}`)
	b := writeFile(t, filepath.Join(dir, "b", "x.json"), `{"version":"v1.0.0","data":{"projectDetailsPhase":"item2"}}`)
	out := filepath.Join(dir, "out")
	status, _, stderr := runCLI(t, "", "migrate", "--to", "v1.0.1", "--out-dir", out, a, b)
	if status != 0 {
		t.Fatalf("status %d: %s", status, stderr)
	}
	if got := dirEntries(t, out); !cmp.Equal(got, []string{"a", "a/x.json", "b", "b/x.json"}) {
		t.Errorf("out-dir holds %v", got)
	}
	for _, c := range []struct{ path, phase string }{{"a/x.json", "item1"}, {"b/x.json", "item2"}} {
		var f struct {
			Version string            `json:"version"`
			Data    map[string]string `json:"data"`
		}
		if err := json.Unmarshal([]byte(readString(t, filepath.Join(out, c.path))), &f); err != nil {
			t.Fatal(err)
		}
		if f.Version != "v1.0.1" || f.Data["projectDetailsPhase"] != c.phase {
			t.Errorf("%s: %+v", c.path, f)
		}
	}
	// One input: its own name, directly below DIR.
	single := filepath.Join(dir, "single")
	if status, _, _ := runCLI(t, "", "migrate", "--to", "v1.0.1", "--out-dir", single, a); status != 0 || !exists(filepath.Join(single, "x.json")) {
		t.Errorf("single input: status %d, files %v", status, dirEntries(t, single))
	}
	// The same file twice would be written twice to one output.
	status, _, stderr = runCLI(t, "", "migrate", "--to", "v1.0.1", "--out-dir", filepath.Join(dir, "twice"), a, filepath.Join(dir, "a", ".", "x.json"))
	if status != exitUsage || !strings.Contains(stderr, "would both be written") {
		t.Errorf("same input twice: status %d, %s", status, stderr)
	}
	if exists(filepath.Join(dir, "twice")) {
		t.Error("a refused run created its output directory")
	}
}

// Finding 4: --in-place refuses to lose answers, keeps them in a backup with
// --allow-loss, and writes only what was asked for.
func TestMigrateInPlaceNeverLosesAnswers(t *testing.T) {
	dir := t.TempDir()
	content := `{"currentPage":2,"data":{"projectDetailsPhase":"item1","impact4":"legacy","impact9":3,` +
		`"removedText":"free text of a removed question","projectDetailsTitle":"bad \ud800 escape","x-note":{"keep":true}},"completed":true}`
	f := writeFile(t, filepath.Join(dir, "f.json"), content)
	os.Chmod(f, 0o640)
	status, out, stderr := runCLI(t, "", "migrate", "--to", "v1.0.1", "--in-place", f)
	if status != exitFailed {
		t.Errorf("status %d, want 1", status)
	}
	for _, want := range []string{"not migrated: 4 answers would be lost", "impact9", "removedText", "x-note", "projectDetailsTitle: holds an invalid \\u escape", "--allow-loss"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("refusal does not say %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "impact4") {
		t.Errorf("an official rename counted as a loss:\n%s", stderr)
	}
	if readString(t, f) != content || out != "" {
		t.Fatalf("refused file changed, or a report printed: %q", out)
	}

	status, out, stderr = runCLI(t, "", "migrate", "--to", "v1.0.1", "--in-place", "--allow-loss", f)
	if status != 0 {
		t.Fatalf("--allow-loss: status %d: %s", status, stderr)
	}
	if readString(t, f+".bak") != content {
		t.Error("the backup is not the original, byte for byte")
	}
	if info, _ := os.Stat(f + ".bak"); info.Mode().Perm() != 0o640 {
		t.Errorf("backup mode %v", info.Mode().Perm())
	}
	if info, _ := os.Stat(f); info.Mode().Perm() != 0o640 {
		t.Errorf("migrated file mode %v, want the original's 0640", info.Mode().Perm())
	}
	if !strings.Contains(out, "4 answers lost in the migration are kept in "+f+".bak") {
		t.Errorf("report does not name the backup:\n%s", out)
	}
	for _, lost := range []string{"dropped impact9", "dropped removedText", "dropped x-note", "rewritten projectDetailsTitle"} {
		if !strings.Contains(out, lost) { // each of the 4 answers lost is named
			t.Errorf("report does not say %q:\n%s", lost, out)
		}
	}
	var migrated map[string]any
	if err := json.Unmarshal([]byte(readString(t, f)), &migrated); err != nil {
		t.Fatal(err)
	}
	if migrated["version"] != "v1.0.1" || migrated["completed"] != true || migrated["data"].(map[string]any)["decisionSector3"] != "legacy" {
		t.Errorf("migrated: %v", migrated)
	}
	// A second lossy run keeps the first backup and adds another.
	writeFile(t, f, content)
	if status, _, _ := runCLI(t, "", "migrate", "--to", "v1.0.1", "--in-place", "--allow-loss", f); status != 0 || readString(t, f+".bak.2") != content {
		t.Errorf("second backup: status %d, files %v", status, dirEntries(t, dir))
	}

	// A file that loses nothing migrates without --allow-loss and without a backup.
	clean := writeFile(t, filepath.Join(dir, "clean.json"), `{"version":"v1.0.0","data":{"projectDetailsPhase":"item1","projectDetailsTitle":"caf\u00e9 \"q\""}}`)
	if status, _, stderr := runCLI(t, "", "migrate", "--to", "v1.0.1", "--in-place", clean); status != 0 || exists(clean+".bak") {
		t.Errorf("lossless file: status %d %s", status, stderr)
	}
	if !strings.Contains(readString(t, clean), `"version": "v1.0.1"`) {
		t.Error("lossless file not migrated")
	}
}

// Finding 11: through a symbolic link, the target is migrated and the link stays.
func TestMigrateInPlaceFollowsLinks(t *testing.T) {
	dir := t.TempDir()
	target := writeFile(t, filepath.Join(dir, "real", "t.json"), `{"version":"v1.0.0","data":{"projectDetailsPhase":"item1"}}`)
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if status, _, stderr := runCLI(t, "", "migrate", "--in-place", link, "--to", "v1.0.1"); status != 0 {
		t.Fatalf("status %d: %s", status, stderr)
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced by a regular file")
	}
	if !strings.Contains(readString(t, target), `"version": "v1.0.1"`) {
		t.Error("the link's target was not migrated")
	}
	if got := dirEntries(t, filepath.Join(dir, "real")); !cmp.Equal(got, []string{"t.json"}) {
		t.Errorf("files beside the target: %v", got)
	}
}

// Finding 5: flags after file names are flags, in every position; a slip never writes.
func TestFlagsAnywhere(t *testing.T) {
	dir := t.TempDir()
	content := `{"version":"v1.0.0","data":{"projectDetailsPhase":"item1","gone":"x"}}`
	f := writeFile(t, filepath.Join(dir, "f.json"), content)
	// Two modes, whatever the order: a usage error, and nothing written.
	if status, _, _ := runCLI(t, "", "migrate", "--to", "v1.0.1", "--in-place", f, "--dry-run"); status != exitUsage || readString(t, f) != content {
		t.Errorf("--dry-run after the file: status %d", status)
	}
	// --to after the file is the target.
	status, out, _ := runCLI(t, "", "migrate", f, "--to", "v0.10.0", "--dry-run")
	if status != 0 || !strings.Contains(out, "v1.0.0 → v0.10.0") {
		t.Errorf("--to after the file: status %d, %s", status, out)
	}
	// Before, between and after operands; --flag=value; short forms; --.
	s1 := "../../examples/assessments/level1-design.json"
	s2 := "../../examples/assessments/level2-implementation.json"
	want := ""
	for i, args := range [][]string{
		{"score", "--format", "jsonl", s1, s2},
		{"score", s1, "--format", "jsonl", s2},
		{"score", s1, s2, "--format", "jsonl"},
		{"score", s1, s2, "--format=jsonl"},
		{"score", "-f", "jsonl", s1, s2},
		{"score", "-fjsonl", s1, s2},
		{"score", "-format", "jsonl", s1, s2}, // the Go flag package's single dash, as before
		{"score", "-f", "JSONL", "-q", "--", s1, s2},
	} {
		status, out, stderr := runCLI(t, "", args...)
		if status != 0 {
			t.Errorf("aia %v: status %d: %s", args, status, stderr)
		}
		if i == 0 {
			want = out
		} else if out != want {
			t.Errorf("aia %v: output differs from the first form", args)
		}
	}
	if n := len(decodeLines(t, want)); n != 2 {
		t.Errorf("%d records", n)
	}
	// After --, a file named like a flag is a file.
	writeFile(t, filepath.Join(dir, "-x.json"), sample(t))
	t.Chdir(dir)
	if status, out, stderr := runCLI(t, "", "score", "-f", "jsonl", "--", "-x.json"); status != 0 || !strings.Contains(out, `"source":"-x.json"`) {
		t.Errorf("-- then -x.json: status %d %s %s", status, out, stderr)
	}
}

func TestUnknownFlagSuggestsTheNearest(t *testing.T) {
	status, _, stderr := runCLI(t, "", "score", "x.json", "--fromat", "jsonl")
	if status != exitUsage || !strings.Contains(stderr, "unknown flag: --fromat") || !strings.Contains(stderr, "did you mean --format?") {
		t.Errorf("status %d: %s", status, stderr)
	}
	status, _, stderr = runCLI(t, "", "scroe", "x.json")
	if status != exitUsage || !strings.Contains(stderr, "score") {
		t.Errorf("unknown command: status %d: %s", status, stderr)
	}
}

// Finding 8: nothing from an input reaches the terminal as a control character, and
// no input can forge a line of output.
func TestTextOutputEscapesInputs(t *testing.T) {
	dir := t.TempDir()
	forged := "x\nother.json: valid (v1.0.1)\nz"
	osc := "\x1b]0;owned\x07"
	bidi := "a\u202eb"
	data, _ := json.Marshal(map[string]any{"version": "v1.0.1", "data": map[string]any{"projectDetailsPhase": "item1", forged: "1", osc: "2", bidi: "3"}})
	f := writeFile(t, filepath.Join(dir, "evil\x1b[31m.json"), string(data))
	for _, args := range [][]string{{"validate", f}, {"score", f}, {"score", "--strict", f}, {"score", "--summary", f}, {"migrate", "--dry-run", f}, {"migrate", "--in-place", f}} {
		_, out, stderr := runCLI(t, "", args...)
		all := out + stderr
		if strings.ContainsAny(all, "\x1b\x07\u202e") {
			t.Errorf("aia %s: a control character reached the output: %q", args[0], all)
		}
		for _, line := range strings.Split(all, "\n") {
			if strings.HasPrefix(line, "other.json") {
				t.Errorf("aia %s: an input forged a line: %q", args[0], line)
			}
		}
	}
	_, out, _ := runCLI(t, "", "validate", f)
	for _, want := range []string{`x\nother.json: valid (v1.0.1)\nz`, `\x1b]0;owned\x07`, `a\u202eb`, `evil\x1b[31m.json`} {
		if !strings.Contains(out, want) {
			t.Errorf("validate does not show %s escaped:\n%s", want, out)
		}
	}
}

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"plain.json":       "plain.json",
		"café – ok":        "café – ok",
		"a\nb\tc\rd":       `a\nb\tc\rd`,
		"\x1b[31m\x07\x00": `\x1b[31m\x07\x00`,
		"\u0085 \u202e":    `\x85 \u202e`,
		"bad\xffutf8":      `bad\xffutf8`,
		"zero\u200bwidth":  `zero\u200bwidth`,
	} {
		if got := clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
}

// Finding 9: CSV cells a spreadsheet would run are neutralised; numbers keep their sign.
func TestCSVFormulaInjection(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{`=HYPERLINK("http://x").json`, "+1+1.json", "@SUM(1).json", "-2+3.json", "ok.json"} {
		writeFile(t, filepath.Join(dir, name), sample(t))
	}
	t.Chdir(dir)
	status, out, _ := runCLI(t, "", "score", "-f", "csv", "--", `=HYPERLINK("http://x").json`, "+1+1.json", "@SUM(1).json", "-2+3.json", "ok.json")
	if status != 0 {
		t.Fatalf("status %d", status)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var sources []string
	for _, r := range rows[1:] {
		sources = append(sources, r[0])
	}
	want := []string{`'=HYPERLINK("http://x").json`, "'+1+1.json", "'@SUM(1).json", "'-2+3.json", "ok.json"}
	if diff := cmp.Diff(want, sources); diff != "" {
		t.Errorf("source cells (-want +got):\n%s", diff)
	}
	// Standard input's line names are the program's own, and stay as they are.
	_, out, _ = runCLI(t, `{"version":"v1.0.1","data":{}}`+"\n", "score", "-f", "csv", "-")
	if rows, _ := csv.NewReader(strings.NewReader(out)).ReadAll(); len(rows) != 2 || rows[1][0] != "-:1" {
		t.Errorf("stdin rows %v", rows)
	}
	for _, c := range []struct{ in, want string }{{"=1", "'=1"}, {"\t=1", `'\t=1`}, {"\r=1", `'\r=1`}, {"\x1b]0;title\a.json", `\x1b]0;title\x07.json`}, {"-:12", "-:12"}, {"-:x", "'-:x"}, {"a=1", "a=1"}, {"", ""}} {
		if got := csvCell(c.in); got != c.want {
			t.Errorf("csvCell(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// Finding 10: messages that say what is wrong, in the user's terms.
func TestClearMessages(t *testing.T) {
	dir := t.TempDir()
	utf16 := []byte{0xFF, 0xFE}
	for _, r := range `{"version":"v1.0.1"}` {
		utf16 = append(utf16, byte(r), 0)
	}
	u := filepath.Join(dir, "u16.json")
	os.WriteFile(u, utf16, 0o644)
	_, out, _ := runCLI(t, "", "score", "-f", "jsonl", u)
	if !strings.Contains(out, "not UTF-8: looks like UTF-16") || !strings.Contains(out, "save the file as UTF-8") {
		t.Errorf("UTF-16: %s", out)
	}
	_, out, _ = runCLI(t, "foo\n[1]\n", "score", "-f", "jsonl", "-")
	recs := decodeLines(t, out)
	if len(recs) != 2 || !strings.Contains(recs[0]["error"].(string), `not JSON: the text begins with "foo"`) || !strings.Contains(recs[1]["error"].(string), "expected a JSON object, found an array") {
		t.Errorf("words on stdin: %v", recs)
	}
	in := writeFile(t, filepath.Join(dir, "in.json"), sample(t))
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"score", "-o", filepath.Join(dir, "nodir", "out.csv"), in}, "directory " + filepath.Join(dir, "nodir") + " does not exist"},
		{[]string{"score", "-o", dir, in}, "is a directory; name a file"},
		{[]string{"report", "-o", dir, in}, "is a directory; name a file"},
		{[]string{"score", "--summary", "-f", "csv", in}, "--summary writes text"},
		{[]string{"score", "--max-level", "0", in}, "--max-level takes 1 to 4, not 0"},
		{[]string{"score", "--min-level", "5", in}, "--min-level takes 1 to 4, not 5"},
		{[]string{"score", "--lang", "de", in}, "must be en or fr"},
		{[]string{"migrate", "--in-place", "-"}, "standard input"},
		{[]string{"migrate", "--allow-loss", in}, "--allow-loss goes with --in-place"},
	} {
		status, _, stderr := runCLI(t, "", c.args...)
		if status != exitUsage || !strings.Contains(stderr, c.want) || strings.Contains(stderr, ".tmp-") {
			t.Errorf("aia %v: status %d, stderr %q; want 2 and %q", c.args, status, stderr, c.want)
		}
	}
	// Case does not matter in flag values, for any of them.
	if status, out, _ := runCLI(t, "", "score", "--lang", "FR", "--format", "JSONL", in); status != 0 || !strings.HasPrefix(out, "{") {
		t.Errorf("--lang FR --format JSONL: status %d", status)
	}
	if os.Getuid() != 0 { // root writes anywhere
		ro := filepath.Join(dir, "ro")
		os.Mkdir(ro, 0o555)
		status, _, stderr := runCLI(t, "", "score", "-o", filepath.Join(ro, "out.csv"), in)
		if status == 0 || !strings.Contains(stderr, "cannot write "+filepath.Join(ro, "out.csv")) || strings.Contains(stderr, ".tmp-") {
			t.Errorf("read-only directory: status %d, %s", status, stderr)
		}
	}
}

// Finding 10 and item 6: report and migrate read a saved file on standard input.
func TestStdinForReportAndMigrate(t *testing.T) {
	status, out, stderr := runCLI(t, sample(t), "report", "-")
	if status != 0 || !strings.Contains(out, "# Algorithmic Impact Assessment: Campground reservation reminder assistant") || !strings.Contains(out, "Source file: -") {
		t.Errorf("report -: status %d %s\n%.300s", status, stderr, out)
	}
	status, out, stderr = runCLI(t, `{"version":"v1.0.0","data":{"projectDetailsPhase":"item1"}}`, "migrate", "--to", "v1.0.1", "-")
	if status != 0 || !strings.Contains(out, `"version": "v1.0.1"`) || !strings.Contains(stderr, "-: v1.0.0 → v1.0.1") {
		t.Errorf("migrate -: status %d\n%s\n%s", status, out, stderr)
	}
}

// Finding 12: reports keep answers inert and readable.
func TestReportEscaping(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("x", 3000)
	title := "A & B <b>bold</b> *em* [link](http://e) \x00nul\x1b\nline"
	data, _ := json.Marshal(map[string]any{"version": "v1.0.1", "data": map[string]any{"projectDetailsPhase": "item1", "projectDetailsTitle": title, "projectDetailsDescription": long}})
	f := writeFile(t, filepath.Join(dir, "r.json"), string(data))
	_, md, _ := runCLI(t, "", "report", f)
	heading, _, _ := strings.Cut(md, "\n\n")
	wantHeading := `# Algorithmic Impact Assessment: A &amp; B &lt;b&gt;bold&lt;/b&gt; \*em\* \[link\](http://e) nul<br>line`
	if heading != wantHeading {
		t.Errorf("Markdown heading\n got %q\nwant %q", heading, wantHeading)
	}
	if strings.ContainsAny(md, "\x00\x1b") {
		t.Error("control characters in the Markdown report")
	}
	_, html, _ := runCLI(t, "", "report", "-f", "html", f)
	if !strings.Contains(html, "overflow-wrap: anywhere") {
		t.Error("the HTML report does not wrap long words")
	}
	if strings.Contains(html, "<b>bold") {
		t.Error("answer markup in the HTML report")
	}
	if strings.ContainsAny(html, "\x00\x1b") || !strings.Contains(html, "nul") {
		t.Error("control characters in the HTML report, which reaches the terminal by default")
	}
}
