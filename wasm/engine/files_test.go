package engine_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/gc-aia/aia/internal/futurerelease"
	"github.com/gc-aia/aia/internal/reference"
	"github.com/gc-aia/aia/questionnaire"
	"github.com/gc-aia/aia/wasm/engine"
)

// TestQuestionnaireFile registers the synthetic future release from its SurveyJS file,
// scores its saved files against the hand-computed expectations, and removes it.
func TestQuestionnaireFile(t *testing.T) {
	survey, err := futurerelease.Build(reference.Survey(t, "v1.0.1"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := engine.CheckFile(survey, ""); err == nil || !strings.Contains(err.Error(), "version name") {
		t.Errorf("SurveyJS file without a version name: %v, want an error asking for one", err)
	}
	if _, err := engine.CheckFile(survey, questionnaire.Current); err == nil || !strings.Contains(err.Error(), "built into") {
		t.Errorf("SurveyJS file named as an embedded version: %v, want an error", err)
	}
	info, err := engine.CheckFile(survey, futurerelease.Version)
	if err != nil {
		t.Fatal(err)
	}
	if info.Format != "surveyjs" || info.Version != futurerelease.Version || info.MaxRaw != futurerelease.MaxRaw || info.MaxMitigation != futurerelease.MaxMitigation {
		t.Errorf("CheckFile = %+v", info)
	}
	if _, err := engine.Evaluate([]byte(futurerelease.Cases[0].File)); err == nil {
		t.Fatal("a saved file of the release was read before the release was registered")
	}
	if _, err := engine.RegisterFile(survey, futurerelease.Version); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { engine.UnregisterFile(futurerelease.Version) })
	if _, err := engine.RegisterFile(survey, futurerelease.Version); err == nil || !strings.Contains(err.Error(), "already taken") {
		t.Errorf("registering twice: %v, want an error", err)
	}
	found := false
	for _, v := range engine.Versions() {
		if v.Version == futurerelease.Version {
			found = v.File && !v.Current
		}
	}
	if !found {
		t.Errorf("Versions() = %+v, want the release as a file", engine.Versions())
	}
	for _, c := range futurerelease.Cases {
		ev, err := engine.Evaluate([]byte(c.File))
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		s := ev.Score
		if s.Raw != c.Raw || s.Mitigation != c.Mitigation || s.Current != c.Current || s.Level != c.Level || s.Deduction != c.Deduction ||
			s.MaxRaw != futurerelease.MaxRaw || s.MaxMitigation != futurerelease.MaxMitigation || s.Threshold != futurerelease.Threshold {
			t.Errorf("%s: score %+v, want raw %d mitigation %d current %d level %d deduction %v", c.Name, s, c.Raw, c.Mitigation, c.Current, c.Level, c.Deduction)
		}
	}
	// The file's own texts, in both languages, as plain text (the markup the allow-list
	// keeps is turned into text; the page inserts every text with textContent).
	for _, lang := range []string{"en", "fr"} {
		b, err := engine.QuestionnaireJSON(futurerelease.Version, lang)
		if err != nil {
			t.Fatal(err)
		}
		var q engine.Questionnaire
		if err := json.Unmarshal(b, &q); err != nil {
			t.Fatal(err)
		}
		if !q.File || q.Current || q.Version != futurerelease.Version {
			t.Errorf("%s: questionnaire %s file %v current %v", lang, q.Version, q.File, q.Current)
		}
		for _, p := range q.Pages {
			if strings.TrimSpace(p.Title) == "" {
				t.Errorf("%s: page %s without a title", lang, p.ID)
			}
			for _, x := range p.Questions {
				if strings.Contains(x.Title, "<strong>") || strings.Contains(x.Title, "<p>") {
					t.Errorf("%s: %s: title with markup: %q", lang, x.ID, x.Title)
				}
				if x.ID == "futureReview-MS" && lang == "en" && !strings.Contains(x.Title, "human review") {
					t.Errorf("futureReview-MS title %q", x.Title)
				}
			}
		}
	}
	en, _ := engine.QuestionnaireJSON(futurerelease.Version, "en")
	fr, _ := engine.QuestionnaireJSON(futurerelease.Version, "fr")
	if string(en) == string(fr) {
		t.Error("the English and French views are the same")
	}
	if !engine.UnregisterFile(futurerelease.Version) {
		t.Fatal("UnregisterFile found nothing")
	}
	if _, err := engine.Evaluate([]byte(futurerelease.Cases[0].File)); err == nil {
		t.Error("a saved file of the removed release was still read")
	}
	if engine.UnregisterFile(futurerelease.Version) {
		t.Error("UnregisterFile removed the release twice")
	}
	// Registered again after removal.
	if _, err := engine.RegisterFile(survey, futurerelease.Version); err != nil {
		t.Fatal(err)
	}
	if _, err := engine.Evaluate([]byte(futurerelease.Cases[0].File)); err != nil {
		t.Error(err)
	}
}

// TestQuestionnaireFileErrors: a bad file is refused with the JSON pointer and the
// question, and registers nothing.
func TestQuestionnaireFileErrors(t *testing.T) {
	survey, err := futurerelease.Build(reference.Survey(t, "v1.0.1"))
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(survey), `"{riskProfile1} = 'item1-4'"`, `"{noSuchQuestion} = 'item1-4'"`, 1)
	if bad == string(survey) {
		t.Fatal("the release has no condition on riskProfile1 to break")
	}
	_, err = engine.RegisterFile([]byte(bad), "v9-bad")
	if err == nil || !strings.Contains(err.Error(), "/pages/") || !strings.Contains(err.Error(), "noSuchQuestion") {
		t.Errorf("bad condition: %v, want an error naming the pointer and the question", err)
	}
	for _, v := range engine.Versions() {
		if v.Version == "v9-bad" {
			t.Error("the bad file was registered")
		}
	}
	if _, err := engine.CheckFile([]byte(`{"pages": 3`), "v9"); err == nil || !strings.Contains(err.Error(), "not JSON") {
		t.Errorf("not JSON: %v", err)
	}
	if _, err := engine.CheckFile([]byte(`{"pages": []}`), "v9"); err == nil || !strings.Contains(err.Error(), "/:") {
		t.Errorf("no pages: %v", err)
	}
}

func TestRegisteredInfo(t *testing.T) {
	survey, err := futurerelease.Build(reference.Survey(t, "v1.0.1"))
	if err != nil {
		t.Fatal(err)
	}
	if f, err := engine.FileFormat(survey); err != nil || f != "surveyjs" {
		t.Errorf("FileFormat = %q, %v", f, err)
	}
	if engine.Registered("v7-info") != nil {
		t.Fatal("registered before RegisterFile")
	}
	info, err := engine.RegisterFile(survey, "v7-info")
	if err != nil {
		t.Fatal(err)
	}
	defer engine.UnregisterFile("v7-info")
	if got := engine.Registered("V7-INFO"); got == nil || *got != *info {
		t.Errorf("Registered = %+v, want %+v", got, info)
	}
}
