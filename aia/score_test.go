package aia_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gc-aia/aia/aia"
	"github.com/gc-aia/aia/questionnaire"
)

func current(t *testing.T) *questionnaire.Questionnaire {
	t.Helper()
	q, err := questionnaire.Version("v1.0.1")
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func set(t *testing.T, a *aia.Assessment, id string, values ...string) {
	t.Helper()
	if err := a.Set(id, values...); err != nil {
		t.Fatal(err)
	}
}

// designAssessment is scored by hand in TestScoreHandComputed.
func designAssessment(t *testing.T) *aia.Assessment {
	a := aia.New(current(t))
	set(t, a, "projectDetailsPhase", "item1")                 // design: the *Design pages show
	set(t, a, "riskProfile1", "item1-3")                      // raw 3
	set(t, a, "riskProfile2", "item1-3")                      // raw 3
	set(t, a, "riskProfile3", "item1-1")                      // raw 1
	set(t, a, "businessDrivers11", "item1-2", "item2-0")      // raw 2 + 0
	set(t, a, "impact6", "item4-4")                           // raw 4
	set(t, a, "aboutSystem1", "item2", "item6")               // values without weights: 0
	set(t, a, "consultationDesign1", "item1-2")               // mitigation 2
	set(t, a, "consultationDesign6", "item1-3")               // mitigation 3
	set(t, a, "dataQualityDesign1", "item1-3")                // mitigation 3
	set(t, a, "dataQualityDesign2", "item1-1")                // mitigation 1 (shown: dataQualityDesign1 = item1-3)
	set(t, a, "dataQualityDesign4", "item1-1")                // hidden: dataQualityDesign3 unanswered
	set(t, a, "consultationImplementation1", "item1-2")       // hidden: implementation page
	set(t, a, "projectDetailsTitle", "Fictional test system") // text: never scores
	return a
}

func TestScoreHandComputed(t *testing.T) {
	r := aia.Score(designAssessment(t))
	// raw 3+3+1+2+4 = 13; mitigation 2+3+3+1 = 9 < 0.4 × 154 = 61.6, so no deduction;
	// current 13 ≤ 167/4 = 41.75: level I.
	got := []int{r.Raw, r.Mitigation, r.Current, int(r.Level), r.MaxRaw, r.MaxMitigation}
	if diff := cmp.Diff([]int{13, 9, 13, 1, 167, 154}, got); diff != "" {
		t.Errorf("raw, mitigation, current, level, maxima (-want +got):\n%s", diff)
	}
	if r.Deduction {
		t.Error("deduction applied below the threshold")
	}
	want := []string{
		"question consultationImplementation1: answered but hidden by its condition; the answer does not count (2 mitigation points)",
		"question dataQualityDesign4: answered but hidden by its condition; the answer does not count (1 mitigation points)",
	}
	if diff := cmp.Diff(want, warningTexts(r.Warnings)); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	sections := map[string]aia.Section{}
	for _, s := range r.Sections {
		sections[s.ID] = s
	}
	if s := sections["riskProfile"]; s.Score != 7 || s.Kind != "raw" || !s.Visible || s.Answered != 3 {
		t.Errorf("riskProfile section = %+v, want score 7, 3 answered", s)
	}
	if s := sections["consultationImplementation"]; s.Score != 0 || s.Visible {
		t.Errorf("consultationImplementation section = %+v, want hidden with score 0", s)
	}
	if s := sections["dataQualityDesign"]; s.Score != 4 || s.Kind != "mitigation" {
		t.Errorf("dataQualityDesign section = %+v, want score 4", s)
	}
	sumMax := 0
	for _, s := range r.Sections {
		sumMax += s.Max
	}
	if sumMax != r.MaxRaw+r.MaxMitigation {
		t.Errorf("section maxima add up to %d, want %d", sumMax, r.MaxRaw+r.MaxMitigation)
	}
}

func TestPhaseSwitchChangesWhatCounts(t *testing.T) {
	a := designAssessment(t)
	set(t, a, "projectDetailsPhase", "item2")
	r := aia.Score(a)
	// Implementation: the design mitigation answers are hidden; consultationImplementation1 counts.
	if r.Raw != 13 || r.Mitigation != 2 {
		t.Errorf("raw %d, mitigation %d; want 13 and 2", r.Raw, r.Mitigation)
	}
	if len(r.Warnings) != 5 {
		t.Errorf("%d warnings, want 5 (four design answers and dataQualityDesign4): %q", len(r.Warnings), r.Warnings)
	}
}

func TestFormulaBoundaries(t *testing.T) {
	// v1.0.x: max mitigation 154, threshold 0.8 × 154/2 = 61.6.
	for _, tt := range []struct {
		mitigation int
		want       bool
	}{{61, false}, {62, true}, {154, true}, {0, false}} {
		if got := aia.DeductionApplies(tt.mitigation, 154); got != tt.want {
			t.Errorf("DeductionApplies(%d, 154) = %v", tt.mitigation, got)
		}
	}
	// v0.9.x: max 90, threshold exactly 36.
	if !aia.DeductionApplies(36, 90) || aia.DeductionApplies(35, 90) {
		t.Error("threshold 36 of 90 is not inclusive")
	}
	if aia.MitigationThreshold(154) != 62 || aia.MitigationThreshold(90) != 36 || aia.MitigationThreshold(86) != 35 {
		t.Error("MitigationThreshold")
	}
	// 0.85 × raw rounded half up: 10 → 8.5 → 9; 30 → 25.5 → 26; 20 → 17; 13 → 11.05 → 11; 7 → 5.95 → 6.
	for raw, want := range map[int]int{10: 9, 30: 26, 20: 17, 13: 11, 7: 6, 0: 0, 167: 142} {
		if got := aia.CurrentScore(raw, true); got != want {
			t.Errorf("CurrentScore(%d, true) = %d, want %d", raw, got, want)
		}
		if got := aia.CurrentScore(raw, false); got != raw {
			t.Errorf("CurrentScore(%d, false) = %d", raw, got)
		}
	}
	// Levels of max raw 167: I ≤ 41.75, II ≤ 83.5, III ≤ 125.25.
	for current, want := range map[int]aia.Level{0: 1, 41: 1, 42: 2, 83: 2, 84: 3, 125: 3, 126: 4, 167: 4} {
		if got := aia.LevelOf(current, 167); got != want {
			t.Errorf("LevelOf(%d, 167) = %v, want %v", current, got, want)
		}
	}
	// Max raw 100 (v0.8a1): boundaries fall on integers and are inclusive.
	for current, want := range map[int]aia.Level{25: 1, 26: 2, 50: 2, 51: 3, 75: 3, 76: 4} {
		if got := aia.LevelOf(current, 100); got != want {
			t.Errorf("LevelOf(%d, 100) = %v, want %v", current, got, want)
		}
	}
}

func TestExplain(t *testing.T) {
	a := designAssessment(t)
	r := aia.Score(a)
	e := aia.Explain(a, r)
	// raw 13, no deduction: level II starts at 42, so 29 more raw points.
	if e.RawToNextLevel != 29 || e.RawToPreviousLevel != 0 {
		t.Errorf("to next %d, to previous %d; want 29 and 0", e.RawToNextLevel, e.RawToPreviousLevel)
	}
	if e.MitigationThreshold != 62 || e.MitigationToDeduction != 53 || e.MitigationMargin != 0 {
		t.Errorf("threshold %d, to deduction %d, margin %d; want 62, 53, 0", e.MitigationThreshold, e.MitigationToDeduction, e.MitigationMargin)
	}
	if e.LevelBounds != [3]int{41, 83, 125} {
		t.Errorf("bounds %v", e.LevelBounds)
	}
	points := map[string][2]int{}
	for _, qs := range e.Questions {
		if qs.Points > 0 || qs.HiddenPoints > 0 {
			points[qs.ID] = [2]int{qs.Points, qs.HiddenPoints}
		}
	}
	want := map[string][2]int{
		"riskProfile1": {3, 0}, "riskProfile2": {3, 0}, "riskProfile3": {1, 0}, "businessDrivers11": {2, 0}, "impact6": {4, 0},
		"consultationDesign1": {2, 0}, "consultationDesign6": {3, 0}, "dataQualityDesign1": {3, 0}, "dataQualityDesign2": {1, 0},
		"dataQualityDesign4": {0, 1}, "consultationImplementation1": {0, 2},
	}
	if diff := cmp.Diff(want, points); diff != "" {
		t.Errorf("per-question points [counted, hidden] (-want +got):\n%s", diff)
	}
	// With the deduction, raw 50 → current 43 (42.5 rounded up): level II; 49 → 42 (41.65): II;
	// 48 → 41 (40.8): I. So two raw points fewer reach level I.
	r2 := aia.Result{Raw: 50, Mitigation: 70, MaxRaw: 167, MaxMitigation: 154, Deduction: true, Current: 43, Level: 2}
	e2 := aia.Explain(a, r2)
	if e2.RawToPreviousLevel != 2 || e2.MitigationMargin != 8 || e2.LevelIfDeductionToggled != 2 {
		t.Errorf("explain raw 50 with deduction: %+v", e2)
	}
	// Up: level III starts at current 84 = 0.85 × raw ≥ 83.5 → raw 99 (84.15 → 84); 98 → 83.3 → 83.
	if e2.RawToNextLevel != 49 {
		t.Errorf("to next level = %d, want 49", e2.RawToNextLevel)
	}
}

func TestRequirementsAndMeasures(t *testing.T) {
	a := designAssessment(t)
	r, err := aia.NewReport(a)
	if err != nil {
		t.Fatal(err)
	}
	var areas []string
	for _, q := range r.Requirements {
		areas = append(areas, q.Area)
		if q.Text.EN == "" || q.Text.FR == "" {
			t.Errorf("requirement %s has no text in one language", q.Area)
		}
	}
	want := []string{"notice", "explanation", "peer-review", "gba-plus", "training", "human-involvement", "approval"}
	if diff := cmp.Diff(want, areas); diff != "" {
		t.Errorf("2025 areas (-want +got):\n%s", diff)
	}
	var measures []string
	for _, m := range r.Measures {
		measures = append(measures, m.Question)
	}
	// dataQualityDesign4 and consultationImplementation1 are hidden: not committed.
	if diff := cmp.Diff([]string{"consultationDesign1", "consultationDesign6", "dataQualityDesign1", "dataQualityDesign2"}, measures); diff != "" {
		t.Errorf("measures (-want +got):\n%s", diff)
	}
	old, _ := questionnaire.Version("v0.8a1")
	reqs, err := aia.Requirements(old, aia.LevelIV)
	if err != nil || len(reqs) != 9 || reqs[0].Area != "peer-review" {
		t.Errorf("2019 requirements: %d areas, first %v, err %v; want 9 starting with peer-review", len(reqs), reqs, err)
	}
	if _, err := aia.Requirements(old, 5); err == nil {
		t.Error("level 5 accepted")
	}
}

func TestSetRejects(t *testing.T) {
	a := aia.New(current(t))
	for _, tt := range []struct {
		id     string
		values []string
		want   string
	}{
		{"nope", []string{"x"}, `unknown question "nope"`},
		{"riskProfile1", []string{"item9-9"}, `"item9-9" is not one of its choices`},
		{"riskProfile1", []string{"item1-3", "item2-0"}, "takes one value, not 2"},
		{"businessDrivers11", []string{"item1-2", "bad"}, `"bad" is not one of its choices`},
	} {
		if err := a.Set(tt.id, tt.values...); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Set(%s, %v) = %v, want %q", tt.id, tt.values, err, tt.want)
		}
	}
}

func TestEveryVersionScoresItsMaximum(t *testing.T) {
	// Answering every scored question with its heaviest choices on the design pages
	// gives the raw maximum and the design half of the mitigation maximum.
	for _, q := range questionnaire.Versions() {
		a := aia.New(q)
		if err := a.Set("projectDetailsPhase", "item1"); err != nil {
			t.Fatalf("%s: %v", q.Version, err)
		}
		for _, x := range q.Questions() {
			if !x.Scored() {
				continue
			}
			if x.Type == questionnaire.Multiple {
				var all []string
				for _, c := range x.Choices {
					all = append(all, c.Value)
				}
				set(t, a, x.ID, all...)
				continue
			}
			best := x.Choices[0]
			for _, c := range x.Choices {
				if c.Weight > best.Weight {
					best = c
				}
			}
			set(t, a, x.ID, best.Value)
		}
		r := aia.Score(a)
		if r.Raw > r.MaxRaw || r.Mitigation > r.MaxMitigation/2+r.MaxMitigation%2 {
			t.Errorf("%s: raw %d of %d, mitigation %d of %d: beyond the maxima", q.Version, r.Raw, r.MaxRaw, r.Mitigation, r.MaxMitigation)
		}
		if r.Level != aia.LevelIV {
			t.Errorf("%s: every heaviest answer gives level %v", q.Version, r.Level)
		}
	}
}

func ExampleScore() {
	q, _ := questionnaire.Version("v1.0.1")
	a := aia.New(q)
	_ = a.Set("projectDetailsPhase", "item2") // implementation
	_ = a.Set("riskProfile1", "item1-3")
	_ = a.Set("impact6", "item4-4")
	_ = a.Set("consultationImplementation1", "item1-2")
	r := aia.Score(a)
	fmt.Printf("level %v: current %d, raw %d/%d, mitigation %d/%d, deduction %v\n",
		r.Level, r.Current, r.Raw, r.MaxRaw, r.Mitigation, r.MaxMitigation, r.Deduction)
	// Output: level I: current 7, raw 7/167, mitigation 2/154, deduction false
}

// ExampleScoreTo scores assessments in turn into one Result, whose memory each call
// reuses.
func ExampleScoreTo() {
	q, _ := questionnaire.Version("v1.0.1")
	var r aia.Result
	for _, answer := range []string{"item2-0", "item1-3"} {
		a := aia.New(q)
		_ = a.Set("riskProfile1", answer)
		aia.ScoreTo(&r, a)
		fmt.Printf("%s: raw %d, level %v\n", answer, r.Raw, r.Level)
	}
	// Output:
	// item2-0: raw 0, level I
	// item1-3: raw 3, level I
}

// TestScoreToReusesMemory scores a second assessment into the Result of a first, which
// had warnings: nothing is allocated and nothing of the first is left.
func TestScoreToReusesMemory(t *testing.T) {
	q := current(t)
	first := aia.New(q)
	set(t, first, "projectDetailsPhase", "item1") // design phase: the next answer is hidden
	set(t, first, "consultationImplementation1", "item1-2")
	set(t, first, "riskProfile1", "item1-3")
	var r aia.Result
	aia.ScoreTo(&r, first)
	if diff := cmp.Diff(aia.Score(first), r); diff != "" {
		t.Fatalf("ScoreTo differs from Score (-Score +ScoreTo):\n%s", diff)
	}
	if len(r.Warnings) == 0 {
		t.Fatal("the first assessment has no warning: the test no longer reuses them")
	}
	second := aia.New(q)
	set(t, second, "riskProfile1", "item2-0")
	if allocs := testing.AllocsPerRun(10, func() { aia.ScoreTo(&r, second) }); allocs != 0 {
		t.Errorf("ScoreTo into a grown Result allocates %v times", allocs)
	}
	if diff := cmp.Diff(aia.Score(second), r); diff != "" {
		t.Errorf("ScoreTo into a used Result differs from Score (-Score +ScoreTo):\n%s", diff)
	}
}

func TestShortAnswerSetsReadAsUnanswered(t *testing.T) {
	q := current(t)
	a := &aia.Assessment{Questionnaire: q} // built by hand, without answer slots
	r := aia.Score(a)
	if r.Raw != 0 || r.Level != aia.LevelI || r.MaxRaw != 167 {
		t.Errorf("empty hand-made assessment: %+v", r)
	}
	if _, err := aia.NewReport(a); err != nil {
		t.Error(err)
	}
	aia.Explain(a, r)
	aia.Check(a)
	aia.Measures(a)
	aia.Migrate(a, q)
	a.File()
	a.Clear("riskProfile1")
	set(t, a, "riskProfile1", "item1-3")
	if r := aia.Score(a); r.Raw != 3 {
		t.Errorf("raw %d after Set on a hand-made assessment", r.Raw)
	}
}
