package main

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/gc-aia/aia/internal/record"
	"github.com/gc-aia/aia/internal/schema"
	"github.com/google/go-cmp/cmp"
)

// TestScoreRecordsMatchSchema scores the generated corpus (every version, hidden and
// invalid answers, invalid lines) and checks every jsonl record, lean and with --texts,
// against the published schema; the two differ only by the wording.
func TestScoreRecordsMatchSchema(t *testing.T) {
	s := schema.MustCompile("score-record.schema.json", record.Schema)
	stdin := string(newCorpus(3).jsonLines(600))
	outputs := map[bool][]string{}
	for _, texts := range []bool{false, true} {
		args := []string{"score", "--format", "jsonl", "-"}
		if texts {
			args = append(args, "--texts", "--lang", "fr")
		}
		status, out, _ := runCLI(t, stdin, args...)
		if status != 1 { // the corpus holds a few invalid lines
			t.Fatalf("--texts=%v: status %d", texts, status)
		}
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		for _, line := range lines {
			if err := s.ValidateBytes([]byte(line)); err != nil {
				t.Fatalf("--texts=%v: %v\n%.300s", texts, err, line)
			}
		}
		outputs[texts] = lines
	}
	lean, full := outputs[false], outputs[true]
	if len(lean) != 600 || len(full) != 600 {
		t.Fatalf("%d and %d records for 600 lines", len(lean), len(full))
	}
	var failures, withTexts int
	for i := range lean {
		var l, f map[string]any
		json.Unmarshal([]byte(lean[i]), &l)
		json.Unmarshal([]byte(full[i]), &f)
		if l["error"] != nil {
			failures++
		}
		if strings.Contains(full[i], `"title":`) || strings.Contains(full[i], `"message":`) {
			withTexts++
		}
		for _, word := range []string{`"title":`, `"text":`, `"answers":`, `"message":`} {
			if strings.Contains(lean[i], word) {
				t.Fatalf("lean record %d holds %s", i, word)
			}
		}
		dropTexts(l)
		dropTexts(f)
		if diff := cmp.Diff(l, f); diff != "" {
			t.Fatalf("record %d: lean and --texts differ beyond the wording (-lean +texts):\n%s", i, diff)
		}
	}
	if failures == 0 || failures > 30 || withTexts < 500 {
		t.Errorf("%d failures, %d records with texts: the corpus is not what the test expects", failures, withTexts)
	}
}

// dropTexts removes what --texts adds to a record.
func dropTexts(rec map[string]any) {
	if _, ok := rec["error"]; ok {
		rec["error"] = "the message, in the record's language"
	}
	for _, list := range []string{"requirements", "measures", "warnings"} {
		items, _ := rec[list].([]any)
		for _, item := range items {
			for _, k := range []string{"title", "text", "answers", "message"} {
				delete(item.(map[string]any), k)
			}
		}
	}
}

func TestScoreRecordFields(t *testing.T) {
	stdin := `{"version": "v1.0.1", "data": {"riskProfile1": "item9-9", "projectDetailsPhase": "item1"}}`
	_, out, _ := runCLI(t, stdin, "score", "--format", "jsonl", "-")
	rec := decodeLines(t, out)[0]
	want := []string{"current", "deduction", "explanation", "level", "maxMitigation", "maxRaw", "measures", "mitigation", "questionnaire", "raw", "requirements", "sections", "source", "warnings"}
	if got := slices.Sorted(maps.Keys(rec)); !slices.Equal(got, want) {
		t.Errorf("fields %v, want %v", got, want)
	}
	if got := rec["warnings"]; !cmp.Equal(got, []any{map[string]any{"code": "invalid-value", "question": "riskProfile1"}}) {
		t.Errorf("warnings %v", got)
	}
	if got := rec["requirements"].([]any)[0]; !cmp.Equal(got, map[string]any{"area": "notice"}) {
		t.Errorf("first requirement %v, want its area only", got)
	}
	_, out, _ = runCLI(t, stdin, "score", "--format", "jsonl", "--texts", "-")
	rec = decodeLines(t, out)[0]
	if w := rec["warnings"].([]any)[0].(map[string]any); !strings.Contains(w["message"].(string), "item9-9") {
		t.Errorf("--texts: warning %v", w)
	}
	if r := rec["requirements"].([]any)[0].(map[string]any); r["title"] != "Notice" || r["text"] == "" {
		t.Errorf("--texts: first requirement %v", r)
	}
	for _, args := range [][]string{{"-f", "csv", "--texts"}, {"--texts"}, {"-f", "jsonl", "--summary", "--texts"}} {
		if status, _, _ := runCLI(t, stdin, append(append([]string{"score"}, args...), "-")...); status != exitUsage {
			t.Errorf("%v: status %d, want a usage error", args, status)
		}
	}
}
