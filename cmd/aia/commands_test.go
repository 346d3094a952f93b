package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestScoreCSV(t *testing.T) {
	status, out, _ := runCLI(t, "", "score", "--format", "csv", "../../examples/assessments")
	if status != 0 {
		t.Fatalf("status %d", status)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("not RFC 4180: %v", err)
	}
	if len(rows) != 5 {
		t.Fatalf("%d rows, want a header and 4", len(rows))
	}
	header := rows[0]
	col := func(name string) int {
		for i, h := range header {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %q in %v", name, header)
		return -1
	}
	if got := rows[2][col("level")]; got != "2" {
		t.Errorf("level2 row level = %s", got)
	}
	if got := rows[2][col("section:riskProfile")]; got == "" {
		t.Error("no riskProfile section score")
	}
	if got := rows[2][col("section:consultationDesign")]; got != "0" {
		t.Errorf("hidden design section of an implementation assessment = %q, want 0", got)
	}
	for _, r := range rows {
		if len(r) != len(header) {
			t.Errorf("row of %d cells, header of %d", len(r), len(header))
		}
	}
}

func TestScoreSummaryAndGates(t *testing.T) {
	stdin := `{"version":"v1.0.1","data":{"projectDetailsPhase":"item1"}}` + "\nnot json\n"
	status, out, _ := runCLI(t, stdin, "score", "--summary", "--format", "jsonl", "-")
	if status != 1 {
		t.Errorf("status %d, want 1 (a failed line)", status)
	}
	var sum struct {
		Inputs, Scored, Failed int
		ByLevel                map[string]int
		ByQuestionnaire        map[string]int
		Failures               []struct{ Source, Error string }
	}
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("summary is not one JSON object: %v\n%s", err, out)
	}
	if sum.Inputs != 2 || sum.Scored != 1 || sum.Failed != 1 || sum.ByLevel["I"] != 1 || sum.ByQuestionnaire["v1.0.1"] != 1 {
		t.Errorf("summary %+v", sum)
	}
	if len(sum.Failures) != 1 || sum.Failures[0].Source != "-:2" {
		t.Errorf("failures %+v", sum.Failures)
	}
	// Gates: the level-3 example crosses --max-level 2.
	status, _, stderr := runCLI(t, "", "score", "--summary", "--max-level", "2", "../../examples/assessments")
	if status != 1 || !strings.Contains(stderr, "level3-design.json: level III is above --max-level 2") {
		t.Errorf("max-level gate: status %d, stderr %s", status, stderr)
	}
	status, _, stderr = runCLI(t, "", "score", "--summary", "--min-level", "2", "../../examples/assessments")
	if status != 1 || !strings.Contains(stderr, "level1-design.json: level I is below --min-level 2") {
		t.Errorf("min-level gate: status %d, stderr %s", status, stderr)
	}
	hidden := `{"version":"v1.0.1","data":{"projectDetailsPhase":"item1","consultationImplementation1":"item1-2"}}`
	if status, _, _ := runCLI(t, hidden, "score", "--summary", "--fail-on-warning", "-"); status != 1 {
		t.Errorf("fail-on-warning: status %d", status)
	}
	if status, _, _ := runCLI(t, hidden, "score", "--summary", "-"); status != 0 {
		t.Errorf("warnings alone: status %d", status)
	}
}

func TestScoreOutputIsAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.jsonl")
	if err := os.WriteFile(path, []byte("previous report\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A usage error happens before anything is written: the old report stays.
	if status, _, _ := runCLI(t, "", "score", "--output", path, "--format", "bogus", "x"); status != 2 {
		t.Fatalf("status %d", status)
	}
	if b, _ := os.ReadFile(path); string(b) != "previous report\n" {
		t.Errorf("failed run changed the output file: %q", b)
	}
	if status, out, _ := runCLI(t, "", "score", "--output", path, "--format", "jsonl", "../../examples/assessments"); status != 0 || out != "" {
		t.Fatalf("status %d, stdout %q", status, out)
	}
	b, _ := os.ReadFile(path)
	if n := strings.Count(string(b), "\n"); n != 4 {
		t.Errorf("output file has %d lines, want 4", n)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestScoreOrderUnderParallelism(t *testing.T) {
	var stdin strings.Builder
	var want []string
	for i := 1; i <= 300; i++ {
		phase := []string{"item1", "item2"}[i%2]
		stdin.WriteString(`{"version":"v1.0.1","data":{"projectDetailsPhase":"` + phase + `","riskProfile1":"item1-3"}}` + "\n")
		want = append(want, "-:"+strconv.Itoa(i))
	}
	_, out, _ := runCLI(t, stdin.String(), "score", "--format", "jsonl", "-")
	var got []string
	for _, r := range decodeLines(t, out) {
		got = append(got, r["source"].(string))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("output order (-want +got):\n%s", diff)
	}
}

func TestValidate(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.json", `{"version":"v1.0.1","data":{"projectDetailsPhase":"item1"}}`)
	bad := write("bad.json", `{"version":"v1.0.1","data":{"riskProfile1":"item9","consultationImplementation1":"item1-2","x":{"a":1}}}`)
	status, out, _ := runCLI(t, "", "validate", "--format", "jsonl", good, bad)
	if status != 1 {
		t.Errorf("status %d, want 1", status)
	}
	recs := decodeLines(t, out)
	if recs[0]["valid"] != true {
		t.Errorf("good file: %v", recs[0])
	}
	problems := strings.Join(toStrings(recs[1]["problems"]), "\n")
	for _, want := range []string{
		"schema: /data/x",
		`question riskProfile1: "item9" is not one of its choices`,
		"question x: not a question",
		"question consultationImplementation1: answered but hidden",
		"question projectDetailsPhase: required but unanswered",
	} {
		if !strings.Contains(problems, want) {
			t.Errorf("problems lack %q:\n%s", want, problems)
		}
	}
	if status, _, _ := runCLI(t, "", "validate", good); status != 0 {
		t.Errorf("valid file: status %d", status)
	}
}

func toStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

func TestMigrate(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "old.json")
	content := `{"currentPage":2,"data":{"projectDetailsPhase":"item1","impact4":"legacy","impact9":3},"completed":true}`
	if err := os.WriteFile(old, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	status, out, stderr := runCLI(t, "", "migrate", "--to", "v1.0.1", old)
	if status != 0 {
		t.Fatalf("status %d: %s", status, stderr)
	}
	var f map[string]any
	if err := json.Unmarshal([]byte(out), &f); err != nil {
		t.Fatalf("migrated file is not JSON: %v", err)
	}
	data := f["data"].(map[string]any)
	if f["version"] != "v1.0.1" || data["decisionSector3"] != "legacy" || data["impact9"] != nil || f["completed"] != true {
		t.Errorf("migrated file %v", f)
	}
	for _, want := range []string{"v0.8a1 → v1.0.1", "renamed impact4: now decisionSector3", `dropped impact9: value "3" is no longer a choice`} {
		if !strings.Contains(stderr, want) {
			t.Errorf("report lacks %q:\n%s", want, stderr)
		}
	}
	if b, _ := os.ReadFile(old); string(b) != content {
		t.Error("input overwritten without --in-place")
	}
	if status, _, _ := runCLI(t, "", "migrate", "--to", "v1.0.1", "--in-place", old); status != 1 {
		t.Fatalf("in-place dropping impact9: status %d, want 1 (refused)", status)
	}
	if status, _, _ := runCLI(t, "", "migrate", "--to", "v1.0.1", "--in-place", "--allow-loss", old); status != 0 {
		t.Fatalf("in-place --allow-loss: status %d", status)
	}
	b, _ := os.ReadFile(old)
	if !strings.Contains(string(b), `"version": "v1.0.1"`) {
		t.Errorf("in-place result: %s", b)
	}
	if info, _ := os.Stat(old); info.Mode().Perm() != 0o600 {
		t.Errorf("permissions changed to %v", info.Mode().Perm())
	}
	if status, _, _ := runCLI(t, "", "migrate", old, old); status != 2 {
		t.Errorf("two files without a mode: status %d, want 2", status)
	}
}

func TestQuestionnaireCommands(t *testing.T) {
	status, out, _ := runCLI(t, "", "questionnaire", "diff", "v0.9", "v0.9.1")
	if status != 0 || !strings.Contains(out, "v0.9 → v0.9.1") || !strings.Contains(out, "max raw 107 → 107") {
		t.Errorf("diff: %d\n%s", status, out)
	}
	status, out, _ = runCLI(t, "", "questionnaire", "diff", "v0.10.0", "v1.0.1")
	if status != 0 || !strings.Contains(out, "Questions added") || !strings.Contains(out, "max raw 126 → 167") {
		t.Errorf("diff: %d\n%s", status, out)
	}
	status, out, _ = runCLI(t, "", "questionnaire", "show", "v1.0.1")
	var native map[string]any
	if status != 0 || json.Unmarshal([]byte(out), &native) != nil || native["version"] != "v1.0.1" {
		t.Errorf("show json: %d", status)
	}
	status, out, _ = runCLI(t, "", "questionnaire", "show", "--format", "text", "--lang", "fr", "v1.0.1")
	if status != 0 || !strings.Contains(out, "riskProfile1  (single, incidence brute, max 3)") {
		t.Errorf("show text: %d\n%.500s", status, out)
	}
	status, out, _ = runCLI(t, "", "questionnaire", "schema", "savedfile")
	if status != 0 || !strings.Contains(out, "2020-12") {
		t.Errorf("schema: %d", status)
	}
	status, out, _ = runCLI(t, "", "questionnaire", "schema", "score-record")
	if status != 0 || !strings.Contains(out, "aia score --format jsonl record") {
		t.Errorf("schema score-record: %d", status)
	}
}

func TestReport(t *testing.T) {
	status, out, _ := runCLI(t, "", "report", "../../examples/assessments/level3-design.json")
	if status != 0 {
		t.Fatalf("status %d", status)
	}
	for _, want := range []string{"# Algorithmic Impact Assessment: Benefit overpayment risk scoring", "| **Impact level** | **III** |", "## What level III requires", "### Peer review", "## Committed mitigation measures"} {
		if !strings.Contains(out, want) {
			t.Errorf("Markdown lacks %q", want)
		}
	}
	// Hostile content stays inert in HTML.
	dir := t.TempDir()
	p := filepath.Join(dir, "x.json")
	os.WriteFile(p, []byte(`{"version":"v1.0.1","data":{"projectDetailsPhase":"item1","projectDetailsTitle":"<script>alert(1)</script><img src=x onerror=alert(2)>"}}`), 0o644)
	status, out, _ = runCLI(t, "", "report", "--format", "html", "--lang", "fr", p)
	if status != 0 {
		t.Fatalf("status %d", status)
	}
	if strings.Contains(out, "<script>") || strings.Contains(out, "<img") {
		t.Error("answer text inserted as HTML")
	}
	for _, want := range []string{`<html lang="fr">`, "&lt;script&gt;", "Niveau d’incidence\u00a0: I", "@media print"} {
		if !strings.Contains(out, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	status, out, _ = runCLI(t, "", "report", p)
	if status != 0 || strings.Contains(out, "<script>") {
		t.Errorf("Markdown lets HTML through: %s", out[:200])
	}
}

// TestOutputIndependentOfCores checks that the batch output is byte for byte the same
// whatever the number of cores.
func TestOutputIndependentOfCores(t *testing.T) {
	var stdin strings.Builder
	for i := range 200 {
		stdin.WriteString(`{"version":"v1.0.1","data":{"projectDetailsPhase":"item` + strconv.Itoa(1+i%2) + `","riskProfile1":"item1-3","impact6":"item` + strconv.Itoa(1+i%4) + `-` + strconv.Itoa(1+i%4) + `"}}` + "\n")
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var outputs []string
	for _, procs := range []int{1, 2, 8} {
		runtime.GOMAXPROCS(procs)
		for _, format := range []string{"jsonl", "csv", "text"} {
			_, out, _ := runCLI(t, stdin.String(), "score", "--format", format, "-")
			outputs = append(outputs, format+"\n"+out)
		}
	}
	for i := 3; i < len(outputs); i++ {
		if outputs[i] != outputs[i%3] {
			t.Fatalf("output %d differs with another number of cores", i)
		}
	}
}

func TestDirectoryTroubles(t *testing.T) {
	if os.Getuid() == 0 {
		t.Log("running as root: unreadable files are readable; that case is skipped")
	}
	dir := t.TempDir()
	good, _ := os.ReadFile("../../examples/assessments/level1-design.json")
	os.WriteFile(filepath.Join(dir, "a.json"), good, 0o644)
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	os.WriteFile(filepath.Join(dir, "sub", "b.json"), []byte("{truncated"), 0o644)
	os.WriteFile(filepath.Join(dir, "sub", "notes.txt"), []byte("ignored"), 0o644)
	os.WriteFile(filepath.Join(dir, "empty.json"), nil, 0o644)
	// A symbolic link back to the top: a walk that followed it would never end.
	if err := os.Symlink(dir, filepath.Join(dir, "sub", "loop")); err != nil {
		t.Fatal(err)
	}
	locked := filepath.Join(dir, "z-locked.json")
	os.WriteFile(locked, good, 0o000)
	status, out, stderr := runCLI(t, "", "score", "--format", "jsonl", dir)
	if status != 1 {
		t.Errorf("status %d, want 1", status)
	}
	recs := decodeLines(t, out)
	var got []string
	for _, r := range recs {
		rel, _ := filepath.Rel(dir, r["source"].(string))
		state := "ok"
		if e, ok := r["error"].(string); ok {
			state = e
		}
		got = append(got, rel+": "+state)
	}
	want := []string{
		"a.json: ok",
		"empty.json: empty file: expected a JSON object",
		"sub/b.json: invalid JSON at line 1, column 2: expected a string key",
	}
	if os.Getuid() == 0 {
		want = append(want, "z-locked.json: ok")
	} else {
		want = append(want, "z-locked.json: open "+locked+": permission denied")
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("records (-want +got):\n%s\nstderr: %s", diff, stderr)
	}
}

func TestTooLargeInputs(t *testing.T) {
	big := `{"data":{"projectDetailsDescription":"` + strings.Repeat("x", 5000) + `"}}`
	stdin := big + "\n" + `{"data":{}}` + "\n"
	status, out, _ := runCLI(t, stdin, "score", "--format", "jsonl", "--max-size", "1000", "-")
	recs := decodeLines(t, out)
	if status != 1 || len(recs) != 2 || !strings.Contains(recs[0]["error"].(string), "longer than the limit of 1000 bytes") || recs[1]["level"] != 1.0 {
		t.Errorf("status %d, records %v", status, recs)
	}
}

func TestInterruptedRunWritesNoOutputFile(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // as if Ctrl-C came at once
	path := filepath.Join(t.TempDir(), "out.jsonl")
	var out, errOut bytes.Buffer
	status := run(ctx, &env{args: []string{"score", "--format", "jsonl", "--output", path, "../../examples/assessments"}, stdin: strings.NewReader(""), stdout: &out, stderr: &errOut})
	if status != 1 || !strings.Contains(errOut.String(), "interrupted after") {
		t.Errorf("status %d, stderr %q", status, errOut.String())
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("an interrupted run left %s behind", path)
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 0 {
		t.Errorf("temporary files left: %v", entries)
	}
}
