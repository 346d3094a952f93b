package aia_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/gc-aia/aia/internal/frenchtypo"

	"github.com/google/go-cmp/cmp"

	"github.com/gc-aia/aia/aia"
	"github.com/gc-aia/aia/questionnaire"
)

// warningsFile gives one warning of every code a read can give, and a hidden answer.
const warningsFile = `{"version":"v1.0.1","data":{
	"projectDetailsPhase":"item1",
	"riskProfil1":"item1-3",
	"riskProfile1":"item9-9",
	"riskProfile2":{"x":1},
	"projectDetailsTitle":[1],
	"businessDrivers11":["item1-2","item1-2","bad"],
	"impact4":"item1",
	"decisionSector3":"item2",
	"consultationImplementation1":"item1-2"}}`

func TestWarningsAreStructured(t *testing.T) {
	rep, err := aia.ScoreFile([]byte(warningsFile), aia.Options{})
	if err != nil {
		t.Fatal(err)
	}
	type key struct {
		Code     aia.Code
		Question string
	}
	var got []key
	for _, w := range rep.Warnings {
		got = append(got, key{w.Code, w.Question})
	}
	want := []key{
		{aia.UnknownQuestion, "riskProfil1"},
		{aia.InvalidValue, "riskProfile1"},
		{aia.InvalidValue, "riskProfile2"},
		{aia.InvalidValue, "projectDetailsTitle"},
		{aia.InvalidValue, "businessDrivers11"},
		{aia.RepeatedValue, "businessDrivers11"},
		{aia.LegacyKey, "impact4"},
		{aia.HiddenAnswer, "consultationImplementation1"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("warnings (-want +got):\n%s", diff)
	}
	// French: the project's typography (docs/glossary.md).
	for _, w := range rep.Warnings {
		fr := w.In(questionnaire.French)
		if w.Message.FR == "" || w.Message.FR == w.Message.EN {
			t.Errorf("%s: no French message: %q", w.Question, fr)
		}
		for _, p := range frenchtypo.Check(fr) {
			t.Errorf("%s: French typography: %s in %q", w.Question, p.Message, fr)
		}
		if en := w.In(questionnaire.English); en != w.String() || !strings.HasPrefix(en, "question "+w.Question+": ") {
			t.Errorf("%s: English text %q, String %q", w.Question, en, w.String())
		}
	}
	if got, want := rep.Warnings[0].In(questionnaire.French), "question riskProfil1\u00a0: ne fait pas partie du questionnaire v1.0.1\u202f; réponse ignorée (vouliez-vous dire riskProfile1\u202f?)"; got != want {
		t.Errorf("French warning:\n got %q\nwant %q", got, want)
	}
}

func TestStrictErrorListsTheProblems(t *testing.T) {
	_, err := aia.ScoreFile([]byte(warningsFile), aia.Options{Strict: true})
	var se *aia.StrictError
	if !errors.As(err, &se) {
		t.Fatalf("error %v (%T) is not a *StrictError", err, err)
	}
	if len(se.Problems) != 7 || se.Problems[0].Code != aia.UnknownQuestion {
		t.Errorf("problems %v, want the 7 answers that do not fit", se.Problems)
	}
	if msg := err.Error(); strings.Contains(msg, "ignored") || !strings.HasPrefix(msg, "strict: 7 answers do not fit") {
		t.Errorf("strict error says %q", msg)
	}
}
