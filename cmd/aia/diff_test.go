package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Two versions of a small assessment, the older one saved with v1.0.0. By hand, with the
// weights in the choice values (item1-3 weighs 3): before, raw = riskProfile1 3; after,
// raw = 3 + impact6 3 = 6, and the free-text title changed. Both are level I (6 of 167
// is below 25 %), no mitigation, so current = raw.
const (
	diffOld = `{"version":"v1.0.0","data":{"projectDetailsPhase":"item1","projectDetailsTitle":"Old name","riskProfile1":"item1-3"}}`
	diffNew = `{"version":"v1.0.1","data":{"projectDetailsPhase":"item1","projectDetailsTitle":"New name","riskProfile1":"item1-3","impact6":"item3-3"}}`
)

func TestDiffJSONAcrossVersions(t *testing.T) {
	dir := t.TempDir()
	old := writeFile(t, filepath.Join(dir, "old.json"), diffOld)
	status, out, stderr := runCLI(t, diffNew, "diff", old, "-", "-f", "jsonl")
	if status != 0 {
		t.Fatalf("status %d: %s", status, stderr)
	}
	var got struct {
		Before, After map[string]any
		MigratedFrom  string `json:"migratedFrom"`
		Changes       []map[string]any
		Sections      []map[string]any
		Requirements  []any
		Measures      map[string][]any
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil || strings.Count(out, "\n") != 1 {
		t.Fatalf("not one JSON line: %v\n%s", err, out)
	}
	wantBefore := map[string]any{"questionnaire": "v1.0.1", "level": 1.0, "raw": 3.0, "mitigation": 0.0, "current": 3.0}
	wantAfter := map[string]any{"questionnaire": "v1.0.1", "level": 1.0, "raw": 6.0, "mitigation": 0.0, "current": 6.0}
	if diff := cmp.Diff(wantBefore, got.Before); diff != "" {
		t.Errorf("before (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantAfter, got.After); diff != "" {
		t.Errorf("after (-want +got):\n%s", diff)
	}
	if got.MigratedFrom != "v1.0.0" {
		t.Errorf("migratedFrom %q", got.MigratedFrom)
	}
	wantChanges := []map[string]any{
		{"question": "projectDetailsTitle", "kind": "none", "before": "Old name", "after": "New name", "pointsBefore": 0.0, "pointsAfter": 0.0},
		{"question": "impact6", "kind": "raw", "before": nil, "after": "item3-3", "pointsBefore": 0.0, "pointsAfter": 3.0},
	}
	if diff := cmp.Diff(wantChanges, got.Changes); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
	sections := map[string][2]float64{}
	for _, s := range got.Sections {
		sections[s["id"].(string)] = [2]float64{s["before"].(float64), s["after"].(float64)}
	}
	if sections["riskProfile"] != [2]float64{3, 3} || sections["impact"] != [2]float64{0, 3} {
		t.Errorf("sections %v", sections)
	}
	if len(got.Requirements) != 0 || len(got.Measures["added"]) != 0 || len(got.Measures["removed"]) != 0 {
		t.Errorf("same level, no measures: requirements %v, measures %v", got.Requirements, got.Measures)
	}
}

func TestDiffTextAndMarkdown(t *testing.T) {
	dir := t.TempDir()
	old := writeFile(t, filepath.Join(dir, "old.json"), diffOld)
	nw := writeFile(t, filepath.Join(dir, "new.json"), diffNew)
	outputsHold(t, []outputCase{
		{[]string{"diff", old, nw}, []string{
			"Changes: " + old + " → " + nw,
			"The file of version v1.0.0 was migrated to v1.0.1 before the comparison (0 answers dropped).",
			"  Raw impact score       3        6",
			"  impact6  (raw impact)  Can the impacts of the decision be reversed?",
			"    after:   item3-3 (Hard to reverse)  (3 points)",
			"    before:  “Old name”  (0 points)",
			"Requirements that differ (level I → I)\n  None.",
		}},
		{[]string{"diff", "--lang", "fr", old, nw}, []string{
			"Modifications\u00a0: ",
			"  Cote d’incidence brute 3        6",
			"    avant\u00a0:  «\u00a0Old name\u00a0»  (0 point)",
			"avant la comparaison (0 réponse abandonnée).",
		}},
		{[]string{"diff", "-f", "md", old, nw}, []string{
			"# Changes: ",
			"| Raw impact score | 3 | 6 |",
			"- **Can the impacts of the decision be reversed?** `impact6` (raw impact)\n  - before: (no answer) (0 points)\n  - after: item3-3 (Hard to reverse) (3 points)",
		}},
	})
}

// outputCase is a command line and texts its output must hold.
type outputCase struct {
	args []string
	want []string
}

// outputsHold runs each command line, which must succeed, and checks its output.
func outputsHold(t *testing.T, cases []outputCase) {
	t.Helper()
	for _, c := range cases {
		status, out, stderr := runCLI(t, "", c.args...)
		if status != 0 {
			t.Fatalf("aia %v: status %d: %s", c.args, status, stderr)
		}
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("aia %v: output lacks %q:\n%s", c.args, w, out)
			}
		}
	}
}

// Between the level I and level II samples: the gate, and the requirements that differ.
func TestDiffLevelGateAndRequirements(t *testing.T) {
	l1 := "../../examples/assessments/level1-design.json"
	l2 := "../../examples/assessments/level2-implementation.json"
	status, _, stderr := runCLI(t, "", "diff", l1, l2, "--fail-on-level-increase")
	if status != 1 || !strings.Contains(stderr, "level went up from I to II") {
		t.Errorf("level increase: status %d, %s", status, stderr)
	}
	if status, _, _ := runCLI(t, "", "diff", l2, l1, "--fail-on-level-increase"); status != 0 {
		t.Errorf("level decrease: status %d, want 0", status)
	}
	if status, _, _ := runCLI(t, "", "diff", l1, l2); status != 0 {
		t.Errorf("without the gate: status %d, want 0", status)
	}
	_, out, _ := runCLI(t, "", "diff", l1, l2, "-f", "jsonl")
	var got struct {
		Requirements []struct {
			Area   string
			Before struct{ Text struct{ EN string } }
		}
	}
	json.Unmarshal([]byte(out), &got)
	var areas []string
	for _, r := range got.Requirements {
		areas = append(areas, r.Area)
		if r.Area == "peer-review" && r.Before.Text.EN != "None" {
			t.Errorf("peer review at level I: %q, want None", r.Before.Text.EN)
		}
	}
	// Appendix C: from level I to II, the explanation grows, and peer review and GBA Plus
	// start; notice, training, human involvement and approval stay the same.
	if diff := cmp.Diff([]string{"explanation", "peer-review", "gba-plus"}, areas); diff != "" {
		t.Errorf("requirements that differ (-want +got):\n%s", diff)
	}
	// The same in the formats for people.
	for format, want := range map[string]string{
		"text": "  Peer review\n    before:  None\n    after:   Have the system reviewed by at least one",
		"md":   "- **Peer review**\n  - before: None\n  - after: Have the system reviewed by at least one",
	} {
		_, out, _ := runCLI(t, "", "diff", "-f", format, l1, l2)
		if !strings.Contains(out, "Requirements that differ (level I → II)") || !strings.Contains(out, want) {
			t.Errorf("%s: the peer review requirement is not shown as %q:\n%s", format, want, out)
		}
	}
	if status, _, _ := runCLI(t, "", "diff", l1); status != exitUsage {
		t.Errorf("one file: status %d, want 2", status)
	}
}

// NEW may be the older file: it is then the one migrated, and the changes still name
// the newer questionnaire's questions (impact6 is new in v1.0.1 and answered in OLD only).
func TestDiffNewerFileFirst(t *testing.T) {
	dir := t.TempDir()
	old := writeFile(t, filepath.Join(dir, "old.json"), diffOld)
	nw := writeFile(t, filepath.Join(dir, "new.json"), diffNew)
	outputsHold(t, []outputCase{
		{[]string{"diff", nw, old}, []string{
			"The file of version v1.0.0 was migrated to v1.0.1 before the comparison (0 answers dropped).",
			"  Raw impact score       6        3",
			"  impact6  (raw impact)  Can the impacts of the decision be reversed?\n    before:  item3-3 (Hard to reverse)  (3 points)\n    after:   (no answer)  (0 points)",
		}},
		{[]string{"diff", "-f", "md", nw, old}, []string{
			"- **Can the impacts of the decision be reversed?** `impact6` (raw impact)\n  - before: item3-3 (Hard to reverse) (3 points)\n  - after: (no answer) (0 points)",
		}},
		{[]string{"diff", "-f", "jsonl", nw, old}, []string{
			`"migratedFrom":"v1.0.0"`,
			`{"question":"impact6","pointsBefore":3,"pointsAfter":0,"kind":"raw","before":"item3-3","after":null}`,
		}},
	})
}

// A design-phase assessment whose team dropped one commitment and made another. By hand:
// consultationDesign1 "item1-2" (Yes, 2 points) → "item2-0" (No, 0), dataQualityDesign1
// "item2-0" (No, 0) → "item1-3" (Yes, 3): mitigation 2 → 3; raw stays 3 (riskProfile1).
func TestDiffMeasures(t *testing.T) {
	dir := t.TempDir()
	old := writeFile(t, filepath.Join(dir, "old.json"), `{"version":"v1.0.1","data":{"projectDetailsPhase":"item1","riskProfile1":"item1-3","consultationDesign1":"item1-2","dataQualityDesign1":"item2-0"}}`)
	nw := writeFile(t, filepath.Join(dir, "new.json"), `{"version":"v1.0.1","data":{"projectDetailsPhase":"item1","riskProfile1":"item1-3","consultationDesign1":"item2-0","dataQualityDesign1":"item1-3"}}`)

	_, out, _ := runCLI(t, "", "diff", old, nw, "-f", "jsonl")
	type measure struct {
		Question string
		Points   int
		Answers  []struct{ EN string }
	}
	var got struct {
		Before, After struct{ Raw, Mitigation, Current int }
		Changes       []struct {
			Question, Kind            string
			PointsBefore, PointsAfter int
		}
		Measures struct{ Added, Removed []measure }
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	want := got
	want.Before.Raw, want.Before.Mitigation, want.Before.Current = 3, 2, 3
	want.After.Raw, want.After.Mitigation, want.After.Current = 3, 3, 3
	want.Changes = []struct {
		Question, Kind            string
		PointsBefore, PointsAfter int
	}{{"consultationDesign1", "mitigation", 2, 0}, {"dataQualityDesign1", "mitigation", 0, 3}}
	yes := []struct{ EN string }{{"Yes"}}
	want.Measures.Added = []measure{{"dataQualityDesign1", 3, yes}}
	want.Measures.Removed = []measure{{"consultationDesign1", 2, yes}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("jsonl (-want +got):\n%s", diff)
	}

	outputsHold(t, []outputCase{
		{[]string{"diff", old, nw}, []string{
			"  Mitigation score       2        3",
			"Mitigation measures added (1)\n  [+3] Will you have documented processes to check datasets for bias",
			"Mitigation measures dropped (1)\n  [+2] Will you engage internal partners or consultees",
		}},
		{[]string{"diff", "-f", "md", "--lang", "fr", old, nw}, []string{
			"| Cote d’atténuation | 2 | 3 |",
			"## Mesures d’atténuation ajoutées (1)\n\n- Aurez-vous des processus documentés",
			"## Mesures d’atténuation abandonnées (1)\n\n- Allez-vous mobiliser des partenaires",
		}},
	})
}
