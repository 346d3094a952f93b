package aia_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gc-aia/aia/aia"
)

// FuzzSavedFile feeds arbitrary bytes to the saved-file reader and scorer: no panic,
// scores within their bounds, and re-saving an accepted file gives the same result.
func FuzzSavedFile(f *testing.F) {
	if data, err := os.ReadFile("../examples/assessments/level3-design.json"); err == nil {
		f.Add(data)
	}
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		three, threeErr := threeStep(data, aia.Options{})
		fast, err := aia.NewScorer(aia.Options{}).ScoreFile(data)
		if errorText(err) != errorText(threeErr) || !cmp.Equal(three, fast) {
			t.Fatalf("Scorer and the three steps disagree: %v, %v\n%s", err, threeErr, cmp.Diff(three, fast))
		}
		if lean, _ := aia.NewScorer(aia.Options{NoQuestionScores: true}).ScoreFile(data); lean != nil {
			full := *fast
			full.Explanation.Questions = nil
			if diff := cmp.Diff(&full, lean); diff != "" {
				t.Fatalf("NoQuestionScores changes more than the question scores:\n%s", diff)
			}
		}
		sf, err := aia.ParseSavedFile(data)
		if err != nil {
			return
		}
		a, err := aia.FromFile(sf, aia.Options{})
		if err != nil {
			return
		}
		r := aia.Score(a)
		if r.Raw < 0 || r.Raw > r.MaxRaw || r.Mitigation < 0 || r.Mitigation > r.MaxMitigation || r.Level < 1 || r.Level > 4 {
			t.Fatalf("result out of bounds: %+v", r)
		}
		again, err := json.Marshal(sf)
		if err != nil {
			t.Fatal(err)
		}
		sf2, err := aia.ParseSavedFile(again)
		if err != nil {
			t.Fatalf("re-reading a re-saved file: %v\n%s", err, again)
		}
		a2, err := aia.FromFile(sf2, aia.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(r, aia.Score(a2)); diff != "" {
			t.Fatalf("re-saved file scores differently:\n%s", diff)
		}
	})
}

var fuzzSeeds = []string{
	`{"currentPage":1,"data":{"impact4":"x","aboutSystem1":["item6-1"]}}`,
	`{"version":"v0.9","data":{"riskProfile1":3,"x":[1,{"a":2}]},"extra":null}`,
	"\xef\xbb\xbf{\"data\":{}}",
	`{"version":"v1.0.1","data":{"projectDetailsPhase":"item1","consultationImplementation1":"item1-2","aboutSystem1":["item6-1","x"],"impact4":"t","q-Comment":"c","riskProfile1":null}}`,
}
