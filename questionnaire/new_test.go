package questionnaire_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gc-aia/aia/questionnaire"
)

func smallDefinition() *questionnaire.Questionnaire {
	return &questionnaire.Questionnaire{
		Version: "custom-1",
		Pages: []*questionnaire.Page{{
			ID: "risk",
			Questions: []*questionnaire.Question{
				{ID: "q1", Type: questionnaire.Single, Kind: questionnaire.RawImpact,
					Choices: []questionnaire.Choice{{Value: "low", Weight: 0}, {Value: "high", Weight: 3}}},
				{ID: "q2", Type: questionnaire.Multiple, Kind: questionnaire.Mitigation, VisibleIf: "{q1} = 'high'",
					Choices: []questionnaire.Choice{{Value: "a", Weight: 1}, {Value: "b", Weight: 2}}},
			},
		}},
	}
}

func TestNewBuildsAQuestionnaireWrittenInGo(t *testing.T) {
	def := smallDefinition()
	if _, ok := def.Question("q1"); ok || def.MaxRaw() != 0 {
		t.Fatal("a literal answers questions before New")
	}
	q, err := questionnaire.New(def)
	if err != nil {
		t.Fatal(err)
	}
	if q.MaxRaw() != 3 || q.MaxMitigation() != 3 || q.Len() != 2 || q.Format != questionnaire.FormatID {
		t.Errorf("built: max raw %d, max mitigation %d, %d questions, format %q", q.MaxRaw(), q.MaxMitigation(), q.Len(), q.Format)
	}
	if _, ok := q.Question("q2"); !ok {
		t.Error("q2 not found")
	}
	if _, ok := def.Question("q1"); ok {
		t.Error("New changed its argument")
	}
}

// TestNewGivesLoadsErrors: for every broken definition, New fails exactly as Load
// does on its JSON.
func TestNewGivesLoadsErrors(t *testing.T) {
	for name, breakIt := range map[string]func(q *questionnaire.Questionnaire){
		"no version":        func(q *questionnaire.Questionnaire) { q.Version = "" },
		"duplicate ID":      func(q *questionnaire.Questionnaire) { q.Pages[0].Questions[1].ID = "q1" },
		"unknown reference": func(q *questionnaire.Questionnaire) { q.Pages[0].Questions[1].VisibleIf = "{nope} = 1" },
		"negative weight":   func(q *questionnaire.Questionnaire) { q.Pages[0].Questions[0].Choices[0].Weight = -1 },
		"bad type":          func(q *questionnaire.Questionnaire) { q.Pages[0].Questions[0].Type = "slider" },
		"null page":         func(q *questionnaire.Questionnaire) { q.Pages = append(q.Pages, nil) },
		"cycle":             func(q *questionnaire.Questionnaire) { q.Pages[0].Questions[0].VisibleIf = "{q2} notempty" },
	} {
		def := smallDefinition()
		breakIt(def)
		def.Format = questionnaire.FormatID
		_, newErr := questionnaire.New(def)
		data, _ := json.Marshal(def)
		_, loadErr := questionnaire.Load(data)
		var ve *questionnaire.ValidationError
		if !errors.As(newErr, &ve) {
			t.Errorf("%s: New gives %v (%T), want a *ValidationError", name, newErr, newErr)
			continue
		}
		if diff := cmp.Diff(loadErr, newErr, cmp.Comparer(func(a, b error) bool { return a.Error() == b.Error() })); diff != "" {
			t.Errorf("%s: New and Load disagree (-Load +New):\n%s", name, diff)
		}
	}
}

func TestParseLangAnyCase(t *testing.T) {
	for s, want := range map[string]questionnaire.Lang{"en": "en", "eN": "en", "EN": "en", "Fr": "fr", "fR": "fr", "de": "", "": "", "english": ""} {
		if got, ok := questionnaire.ParseLang(s); got != want || ok != (want != "") {
			t.Errorf("ParseLang(%q) = %q, %v", s, got, ok)
		}
	}
}

func TestDifferenceJSON(t *testing.T) {
	from, _ := questionnaire.Version("v0.10.0")
	to, _ := questionnaire.Version("v1.0.1")
	data, err := json.Marshal(questionnaire.Diff(from, to))
	if err != nil {
		t.Fatal(err)
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(data, &keys); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"from", "to", "added", "removed", "changed", "pagesAdded", "pagesRemoved", "maxRaw", "maxMitigation"} {
		if _, ok := keys[k]; !ok {
			t.Errorf("no %q in %s", k, data)
		}
	}
}

func ExampleNew() {
	q, err := questionnaire.New(&questionnaire.Questionnaire{
		Version: "my-assessment-1",
		Pages: []*questionnaire.Page{{
			ID: "impact",
			Questions: []*questionnaire.Question{
				{ID: "reach", Type: questionnaire.Single, Kind: questionnaire.RawImpact,
					Choices: []questionnaire.Choice{{Value: "few", Weight: 1}, {Value: "many", Weight: 4}}},
			},
		}},
	})
	fmt.Println(q.MaxRaw(), err)

	_, err = questionnaire.New(&questionnaire.Questionnaire{Version: "broken", Pages: []*questionnaire.Page{{
		ID:        "impact",
		Questions: []*questionnaire.Question{{ID: "reach", Type: questionnaire.Line, VisibleIf: "{nope} = 1"}},
	}}})
	var ve *questionnaire.ValidationError
	if errors.As(err, &ve) {
		fmt.Println(ve.Problems)
	}
	// Output:
	// 4 <nil>
	// [/pages/0/questions/0/visibleIf: question "reach": condition "{nope} = 1": at offset 0: unknown question {nope}]
}
