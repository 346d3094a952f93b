package questionnaire_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/gc-aia/aia/internal/reference"
	"github.com/gc-aia/aia/questionnaire"
	"github.com/gc-aia/aia/questionnaire/internal/structure"
)

// officialFolders maps each embedded version to its folder in the official repository.
var officialFolders = map[string]string{
	"v0.8a1": "v0.8a1", "v0.9": "v0.9", "v0.9.1": "v0.9.1",
	"v0.10.0": "v0.10.0", "v1.0.0": "v1.0.0", "v1.0.1": "v1.0.1",
}

var ignoreUnexported = cmpopts.IgnoreUnexported(questionnaire.Questionnaire{}, questionnaire.Page{}, questionnaire.Question{})

// TestEmbeddedStructureMatchesOfficial proves that every embedded version has exactly
// the structure of the official file: IDs, types, kinds, values, weights, conditions
// and order.
func TestEmbeddedStructureMatchesOfficial(t *testing.T) {
	versions := questionnaire.Versions()
	if len(versions) != len(officialFolders) {
		t.Fatalf("%d embedded versions, want %d", len(versions), len(officialFolders))
	}
	for _, q := range versions {
		t.Run(q.Version, func(t *testing.T) {
			official, err := questionnaire.ImportSurveyJS(reference.Survey(t, officialFolders[q.Version]), q.Version)
			if err != nil {
				t.Fatal(err)
			}
			want, err := structure.Of(official)
			if err != nil {
				t.Fatal(err)
			}
			got, err := structure.Of(q)
			if err != nil {
				t.Fatal(err)
			}
			ignoreMeta := cmpopts.IgnoreFields(questionnaire.Questionnaire{}, "Aliases", "Directive")
			if diff := cmp.Diff(want, got, ignoreUnexported, ignoreMeta); diff != "" {
				t.Errorf("embedded structure differs from the official file (-official +embedded):\n%s", diff)
			}
		})
	}
}

// TestOfficialMaxima checks the maxima of the imported official files against the
// figures the official tool shows (reference README).
func TestOfficialMaxima(t *testing.T) {
	want := map[string][2]int{
		"v0.8a1": {100, 86}, "v0.9": {107, 90}, "v0.9.1": {107, 90},
		"v0.10.0": {126, 92}, "v1.0.0": {167, 154}, "v1.0.1": {167, 154},
	}
	for version, folder := range officialFolders {
		q, err := questionnaire.ImportSurveyJS(reference.Survey(t, folder), version)
		if err != nil {
			t.Fatal(err)
		}
		if got := [2]int{q.MaxRaw(), q.MaxMitigation()}; got != want[version] {
			t.Errorf("%s: max raw, mitigation = %v, want %v", version, got, want[version])
		}
	}
}

// TestEmbeddedFactsFromRawOfficialFiles reads the official files as plain JSON, without
// the importer, and checks the embedded versions against them: every element's name,
// type and condition, and every choice value, in order.
func TestEmbeddedFactsFromRawOfficialFiles(t *testing.T) {
	types := map[string]questionnaire.Type{"radiogroup": "single", "dropdown": "dropdown", "checkbox": "multiple", "text": "text", "comment": "comment", "html": "info"}
	for version, folder := range officialFolders {
		var doc struct {
			Pages []struct {
				Name      string
				VisibleIf string
				Elements  []map[string]any
			}
		}
		if err := json.Unmarshal(reference.Survey(t, folder), &doc); err != nil {
			t.Fatal(err)
		}
		type fact struct{ Page, ID, Type, If, Values string }
		var want []fact
		var walk func(page string, elements []map[string]any, panelIf string)
		walk = func(page string, elements []map[string]any, panelIf string) {
			for _, e := range elements {
				cond, _ := e["visibleIf"].(string)
				if e["type"] == "panel" {
					var children []map[string]any
					for _, c := range e["elements"].([]any) {
						children = append(children, c.(map[string]any))
					}
					walk(page, children, cond)
					continue
				}
				if panelIf != "" {
					t.Fatalf("%s: a panel condition: extend this test", version)
				}
				var values []string
				if choices, ok := e["choices"].([]any); ok {
					for _, c := range choices {
						v := c
						if m, ok := c.(map[string]any); ok {
							v = m["value"]
						}
						values = append(values, fmt.Sprint(v))
					}
				}
				want = append(want, fact{page, e["name"].(string), string(types[e["type"].(string)]), strings.TrimSpace(cond), strings.Join(values, " ")})
			}
		}
		var pageIfs []string
		for _, p := range doc.Pages {
			walk(p.Name, p.Elements, "")
			pageIfs = append(pageIfs, p.Name+": "+strings.TrimSpace(p.VisibleIf))
		}
		q, err := questionnaire.Version(version)
		if err != nil {
			t.Fatal(err)
		}
		var got []fact
		var gotPageIfs []string
		for _, p := range q.Pages {
			gotPageIfs = append(gotPageIfs, p.ID+": "+p.VisibleIf)
			for _, x := range p.Questions {
				var values []string
				for _, c := range x.Choices {
					values = append(values, c.Value)
					if c.Weight != questionnaire.ChoiceWeight(c.Value) {
						t.Errorf("%s %s %s: weight %d, value says %d", version, x.ID, c.Value, c.Weight, questionnaire.ChoiceWeight(c.Value))
					}
				}
				got = append(got, fact{p.ID, x.ID, string(x.Type), x.VisibleIf, strings.Join(values, " ")})
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: embedded elements differ from the raw official file (-official +embedded):\n%s", version, diff)
		}
		if diff := cmp.Diff(pageIfs, gotPageIfs); diff != "" {
			t.Errorf("%s: pages (-official +embedded):\n%s", version, diff)
		}
	}
}
