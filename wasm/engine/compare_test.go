package engine_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/gc-aia/aia/aia"
	"github.com/gc-aia/aia/questionnaire"
	"github.com/gc-aia/aia/wasm/engine"
)

// withAnswers returns a saved file's text with some answers replaced.
func withAnswers(t *testing.T, text []byte, answers map[string]any) []byte {
	t.Helper()
	var f map[string]any
	if err := json.Unmarshal(text, &f); err != nil {
		t.Fatal(err)
	}
	data := f["data"].(map[string]any)
	for k, v := range answers {
		data[k] = v
	}
	out, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestCompare(t *testing.T) {
	after := samples(t)["level2-implementation.json"]
	before := withAnswers(t, after, map[string]any{
		"riskProfile1":                "item1-3", // 3 raw points; now item2-0, 0
		"consultationImplementation6": "item2-0", // 0 mitigation points; now item1-3, 3
		"projectDetailsDescription":   strings.Repeat("word ", 60),
	})
	for _, c := range []struct {
		lang, yes, no string
	}{
		{"en", "Yes", "No"},
		{"fr", "Oui", "Non"},
	} {
		got, err := engine.Compare(before, after, c.lang)
		if err != nil {
			t.Fatal(err)
		}
		// By hand: after scores raw 68, mitigation 76, current 58; before raw 71,
		// mitigation 73 (still above the threshold of 62), current round(71 × 0.85) = 60.
		want := engine.Comparison{
			Before:       engine.Snapshot{Version: "v1.0.1", Level: 2, Current: 60, Raw: 71, Mitigation: 73},
			After:        engine.Snapshot{Version: "v1.0.1", Level: 2, Current: 58, Raw: 68, Mitigation: 76},
			Requirements: []engine.RequirementChange{},
			Removed:      []engine.Measure{},
		}
		if diff := cmp.Diff(want, *got, cmpopts.IgnoreFields(engine.Comparison{}, "Changes", "Sections", "Added")); diff != "" {
			t.Errorf("%s: comparison (-want +got):\n%s", c.lang, diff)
		}
		type change struct {
			ID, Kind      string
			Before, After []engine.AnswerValue
			PB, PA        int
		}
		var changes []change
		for _, x := range got.Changes {
			if x.Title == "" || x.Section == "" {
				t.Errorf("%s: change of %s without its title or section", c.lang, x.ID)
			}
			changes = append(changes, change{x.ID, x.Kind, x.Before, x.After, x.PointsBefore, x.PointsAfter})
		}
		var f struct{ Data map[string]any }
		if err := json.Unmarshal(after, &f); err != nil {
			t.Fatal(err)
		}
		wantChanges := []change{
			{"projectDetailsDescription", "", []engine.AnswerValue{{Value: strings.Repeat("word ", engine.MaxFreeText/5) + "…", Free: true}}, []engine.AnswerValue{{Value: f.Data["projectDetailsDescription"].(string), Free: true}}, 0, 0},
			{"riskProfile1", "raw", []engine.AnswerValue{{Value: "item1-3", Text: c.yes}}, []engine.AnswerValue{{Value: "item2-0", Text: c.no}}, 3, 0},
			{"consultationImplementation6", "mitigation", []engine.AnswerValue{{Value: "item2-0", Text: c.no}}, []engine.AnswerValue{{Value: "item1-3", Text: c.yes}}, 0, 3},
		}
		if diff := cmp.Diff(wantChanges, changes); diff != "" {
			t.Errorf("%s: changes (-want +got):\n%s", c.lang, diff)
		}
		var sections [][3]any
		for _, s := range got.Sections {
			if s.Before != s.After {
				sections = append(sections, [3]any{s.ID, s.Before, s.After})
			}
		}
		if diff := cmp.Diff([][3]any{{"riskProfile", 3, 0}, {"consultationImplementation", 7, 10}}, sections); diff != "" {
			t.Errorf("%s: sections that changed (-want +got):\n%s", c.lang, diff)
		}
		if len(got.Added) != 1 || got.Added[0].Question != "consultationImplementation6" || got.Added[0].Points != 3 {
			t.Errorf("%s: measures added %+v", c.lang, got.Added)
		}
	}
}

func TestCompareLevelsAndVersions(t *testing.T) {
	low, high := samples(t)["level1-design.json"], samples(t)["level4-implementation.json"]
	got, err := engine.Compare(low, high, "fr")
	if err != nil {
		t.Fatal(err)
	}
	if got.Before.Level != 1 || got.After.Level != 4 || len(got.Requirements) == 0 {
		t.Fatalf("levels %d → %d, %d requirements that differ", got.Before.Level, got.After.Level, len(got.Requirements))
	}
	for _, r := range got.Requirements {
		if r.Title == "" || (r.Before == "" && r.After == "") || r.Before == r.After {
			t.Errorf("requirement change %+v", r)
		}
	}

	// An older questionnaire's file is migrated first, and the comparison says so.
	cur := samples(t)["level3-design.json"]
	f, _ := aia.ParseSavedFile(cur)
	a, _ := aia.FromFile(f, aia.Options{})
	v09, _ := questionnaire.Version("v0.9")
	oldA, _ := aia.Migrate(a, v09)
	old, _ := json.Marshal(oldA.File())
	got, err = engine.Compare(old, cur, "en")
	if err != nil {
		t.Fatal(err)
	}
	if got.MigratedFrom != "v0.9" || got.MigratedTo != "v1.0.1" || got.Before.Version != "v1.0.1" {
		t.Errorf("migrated from %q to %q, before in %q", got.MigratedFrom, got.MigratedTo, got.Before.Version)
	}

	for _, c := range []struct {
		before, after []byte
		lang, want    string
	}{
		{[]byte(`{"data": [1]}`), cur, "en", "the saved file: "},
		{cur, []byte(`not json`), "en", "the open assessment: "},
		{cur, cur, "de", "language must be en or fr"},
	} {
		if _, err := engine.Compare(c.before, c.after, c.lang); err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("Compare(%.20s, %.20s, %s): %v, want an error starting %q", c.before, c.after, c.lang, err, c.want)
		}
	}
}
