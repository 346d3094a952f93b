package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/cobra"
)

// runCLI runs the command line with its own streams and returns its exit status and output.
func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	status := run(context.Background(), &env{args: args, stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut})
	return status, out.String(), errOut.String()
}

func decodeLines(t *testing.T, out string) []map[string]any {
	t.Helper()
	var recs []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("output line is not JSON: %q: %v", line, err)
		}
		recs = append(recs, m)
	}
	return recs
}

func TestScoreJSONLDirectory(t *testing.T) {
	status, out, stderr := runCLI(t, "", "score", "--format", "jsonl", "../../examples/assessments")
	if status != 0 {
		t.Fatalf("status %d, stderr %s", status, stderr)
	}
	recs := decodeLines(t, out)
	var got [][2]any
	for _, r := range recs {
		got = append(got, [2]any{filepath.Base(r["source"].(string)), r["level"]})
		for _, field := range []string{"questionnaire", "raw", "mitigation", "current", "level", "maxRaw", "maxMitigation", "deduction", "sections", "requirements", "measures", "explanation", "warnings"} {
			if _, ok := r[field]; !ok {
				t.Errorf("%s: no field %q", r["source"], field)
			}
		}
	}
	want := [][2]any{{"level1-design.json", 1.0}, {"level2-implementation.json", 2.0}, {"level3-design.json", 3.0}, {"level4-implementation.json", 4.0}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("records in lexical order (-want +got):\n%s", diff)
	}
}

func TestScoreStdinWithFailures(t *testing.T) {
	good, err := os.ReadFile("../../examples/assessments/level3-design.json")
	if err != nil {
		t.Fatal(err)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, good); err != nil {
		t.Fatal(err)
	}
	stdin := compact.String() + "\n" + `{"data": [1]}` + "\n\n" + `{"version": "v7", "data": {}}` + "\r\n" + compact.String() + "\n"
	status, out, stderr := runCLI(t, stdin, "score", "--format", "jsonl", "-")
	if status != 1 {
		t.Errorf("status %d, want 1 when some inputs fail", status)
	}
	recs := decodeLines(t, out)
	var sources []string
	for _, r := range recs {
		sources = append(sources, r["source"].(string))
	}
	if diff := cmp.Diff([]string{"-:1", "-:2", "-:4", "-:5"}, sources); diff != "" {
		t.Errorf("sources (-want +got):\n%s", diff)
	}
	if recs[0]["level"] != 3.0 || recs[3]["level"] != 3.0 {
		t.Errorf("good lines not scored: %v / %v", recs[0]["level"], recs[3]["level"])
	}
	if e, _ := recs[1]["error"].(string); !strings.Contains(e, "/data: expected a JSON object") {
		t.Errorf("line 2 error = %q", e)
	}
	if e, _ := recs[2]["error"].(string); !strings.Contains(e, `unknown questionnaire version "v7"`) {
		t.Errorf("line 4 error = %q", e)
	}
	if !strings.Contains(stderr, "-:2: ") || !strings.Contains(stderr, "-:4: ") {
		t.Errorf("stderr does not name the failed lines: %s", stderr)
	}
}

func TestScoreText(t *testing.T) {
	status, out, _ := runCLI(t, "", "score", "--lang", "fr", "../../examples/assessments/level2-implementation.json")
	if status != 0 {
		t.Fatalf("status %d", status)
	}
	for _, want := range []string{"Niveau d’incidence\u00a0: II", "Cote actuelle\u00a0: 58", "Exigences du niveau II", "Avis", "Contexte de risque (incidence brute, 7 réponses sur 8)"} {
		if !strings.Contains(out, want) {
			t.Errorf("French report lacks %q:\n%s", want, out)
		}
	}
}

func TestScoreQuestionnaireOverride(t *testing.T) {
	stdin := `{"version": "v1.0.1", "data": {"projectDetailsPhase": "item1", "riskProfile1": "item1-3"}}`
	_, out, _ := runCLI(t, stdin, "score", "--format", "jsonl", "--questionnaire", "v0.10.0", "-")
	rec := decodeLines(t, out)[0]
	if rec["questionnaire"] != "v0.10.0" || rec["maxRaw"] != 126.0 {
		t.Errorf("override ignored: %v, max raw %v", rec["questionnaire"], rec["maxRaw"])
	}
}

func TestScoreStrict(t *testing.T) {
	stdin := `{"version": "v1.0.1", "data": {"riskProfile1": "item9-9"}}`
	status, out, _ := runCLI(t, stdin, "score", "--format", "jsonl", "--strict", "-")
	if status != 1 || !strings.Contains(out, `"error"`) {
		t.Errorf("strict: status %d, output %s", status, out)
	}
	status, out, _ = runCLI(t, stdin, "score", "--format", "jsonl", "-")
	if status != 0 || !strings.Contains(out, `{"code":"invalid-value","question":"riskProfile1"}`) {
		t.Errorf("lenient: status %d, output %s (want the problem as a warning)", status, out)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"nope"},
		{"score"},
		{"score", "--format", "xml", "x.json"},
		{"score", "--lang", "de", "x.json"},
		{"score", "--questionnaire", "v9", "x.json"},
		{"score", "--no-such-flag"},
		{"questionnaire", "frobnicate"},
		{"questionnaire"},
		{"completion"},
		{"completion", "nope"},
		{"team"},
		{"team", "nope"},
		{"team", "users", "nope"},
		{"team", "tokens"},
	} {
		if status, _, stderr := runCLI(t, "", args...); status != 2 || stderr == "" {
			t.Errorf("aia %v: status %d, stderr %q; want 2 and a message", args, status, stderr)
		}
	}
}

func TestMissingFile(t *testing.T) {
	status, out, stderr := runCLI(t, "", "score", "--format", "jsonl", "does-not-exist.json")
	if status != 1 || !strings.Contains(out, `"source":"does-not-exist.json"`) || !strings.Contains(stderr, "does-not-exist.json") {
		t.Errorf("status %d, out %s, stderr %s", status, out, stderr)
	}
}

func TestQuestionnaireList(t *testing.T) {
	status, out, _ := runCLI(t, "", "questionnaire", "list")
	if status != 0 || !strings.Contains(out, "v1.0.1 (current)") || !strings.Contains(out, "167") {
		t.Errorf("status %d:\n%s", status, out)
	}
}

func TestHelp(t *testing.T) {
	var visit func(c *cobra.Command)
	visit = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			if sub.Name() == "help" || sub.Hidden {
				continue
			}
			args := append(strings.Fields(strings.TrimPrefix(sub.CommandPath(), "aia ")), "--help")
			status, out, errOut := runCLI(t, "", args...)
			if status != 0 || !strings.Contains(out+errOut, "Examples:") {
				t.Errorf("aia %v: status %d, no examples:\n%s%s", args, status, out, errOut)
			}
			visit(sub)
		}
	}
	visit(newRootCommand(&env{})) // aia completion included
	if status, out, _ := runCLI(t, "", "version"); status != 0 || !strings.HasPrefix(out, "aia ") {
		t.Errorf("version: %d %q", status, out)
	}
}
