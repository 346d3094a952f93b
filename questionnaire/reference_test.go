package questionnaire_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/gc-aia/aia/internal/reference"
	"github.com/gc-aia/aia/questionnaire"
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
			want, err := official.Structure()
			if err != nil {
				t.Fatal(err)
			}
			got, err := q.Structure()
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
