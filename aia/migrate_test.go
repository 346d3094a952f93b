package aia_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gc-aia/aia/aia"
	"github.com/gc-aia/aia/questionnaire"
)

func TestMigrateV08ToCurrent(t *testing.T) {
	f, err := aia.ParseSavedFile([]byte(`{"data":{
	  "projectDetailsPhase": "item1",
	  "impact4": "Legacy sector comment",
	  "aboutSystem1": ["item1", "item6-1"],
	  "riskProfile1": "item1-3",
	  "impact9": 3}}`))
	if err != nil {
		t.Fatal(err)
	}
	a, err := aia.FromFile(f, aia.Options{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	b, m := aia.Migrate(a, current(t))
	if m.From != "v0.8a1" || m.To != "v1.0.1" {
		t.Errorf("from %s to %s", m.From, m.To)
	}
	wantRenamed := []aia.Change{
		{Question: "aboutSystem1", Detail: questionnaire.Text{EN: `value "item6-1" is now "item6"`, FR: "la valeur «\u00a0item6-1\u00a0» devient «\u00a0item6\u00a0»"}},
		{Question: "impact4", NewQuestion: "decisionSector3", Detail: questionnaire.Text{EN: "now decisionSector3", FR: "désormais decisionSector3"}},
	}
	if diff := cmp.Diff(wantRenamed, m.Renamed); diff != "" {
		t.Errorf("renamed (-want +got):\n%s", diff)
	}
	// v1.0.1's impact9 is a dropdown of item1-1 … item4-4: the numeric 3 is gone.
	wantDropped := []aia.Change{{Question: "impact9", Detail: questionnaire.Text{EN: `value "3" is no longer a choice`, FR: "la valeur «\u00a03\u00a0» ne fait plus partie des choix"}}}
	if diff := cmp.Diff(wantDropped, m.Dropped); diff != "" {
		t.Errorf("dropped (-want +got):\n%s", diff)
	}
	if m.Kept != 4 || len(m.ToAnswer) == 0 {
		t.Errorf("kept %d, to answer %d", m.Kept, len(m.ToAnswer))
	}
	ds3, _ := b.Questionnaire.Question("decisionSector3")
	if b.Answers[ds3.Index()].Str != "Legacy sector comment" {
		t.Error("decisionSector3 not carried over")
	}
	if r := aia.Score(b); r.Raw != 3 {
		t.Errorf("migrated raw = %d, want 3 (riskProfile1)", r.Raw)
	}
}

func TestMigrateSameVersionKeepsEverything(t *testing.T) {
	a := designAssessment(t)
	b, m := aia.Migrate(a, a.Questionnaire)
	if len(m.Dropped)+len(m.Renamed)+len(m.Reweighted) != 0 || m.LevelBefore != m.LevelAfter {
		t.Errorf("same-version migration changed things: %+v", m)
	}
	if diff := cmp.Diff(aia.Score(a), aia.Score(b)); diff != "" {
		t.Errorf("score changed:\n%s", diff)
	}
	old, _ := questionnaire.Version("v0.10.0")
	if _, m := aia.Migrate(a, old); m.LevelBefore == 0 || m.LevelAfter == 0 {
		t.Errorf("levels missing: %+v", m)
	}
}
