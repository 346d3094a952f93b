package aia_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gc-aia/aia/aia"
	"github.com/gc-aia/aia/questionnaire"
)

// threeStep scores a file the long way: ParseSavedFile, FromFile, NewReport.
func threeStep(data []byte, opts aia.Options) (*aia.Report, error) {
	f, err := aia.ParseSavedFile(data)
	if err != nil {
		return nil, err
	}
	a, err := aia.FromFile(f, opts)
	if err != nil {
		return nil, err
	}
	return aia.NewReport(a)
}

// pathInputs are the samples, the seeds and saved inputs of FuzzSavedFile, and files
// that probe where the paths could part: keys repeated, legacy keys beside new ones,
// escaped keys, null answers, unknown versions.
func pathInputs(t *testing.T) map[string][]byte {
	t.Helper()
	in := map[string][]byte{}
	samples, _ := filepath.Glob("../examples/assessments/*.json")
	corpus, _ := filepath.Glob("testdata/fuzz/FuzzSavedFile/*")
	for _, name := range append(samples, corpus...) {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(name, "testdata/fuzz") {
			data = corpusValue(t, data)
		}
		in[name] = data
	}
	if len(samples) == 0 {
		t.Fatal("no samples")
	}
	for i, s := range fuzzSeeds {
		in["seed "+string(rune('a'+i))] = []byte(s)
	}
	for _, s := range []string{
		`{"data":{"impact4":"item1","decisionSector3":"item2"}}`,
		`{"version":"v1.0.1","data":{"impact4":"item1","decisionSector3":"item2"}}`,
		`{"version":"v1.0.1","data":{"decisionSector3":"item2","impact4":"item1"}}`,
		`{"version":"v1.0.1","data":{"impact4":"item1","decisionSector3":"item2","impact4":"item3"}}`,
		`{"version":"v1.0.1","data":{"decisionSector3":"item2","decisionSector3":"item2"}}`,
		`{"version":"v1.0.1","data":{"impact4":"x","decisionSector3":["item2"]}}`,
		`{"version":"v0.9","data":{"impact4":"item1","decisionSector3":"item2"}}`,
		`{"version":"v9","data":{"a":1,"a":2}}`,
		`{"version":"v9","data":{"a":1}}`,
		`{"version":"v1.0.1","data":{"risk\u0050rofile1":"item1-3","riskProfile1":"item1-3"}}`,
		`{"version":"v1.0.1","data":{"riskProfile1":null,"riskProfile1":"item1-3"}}`,
		`{"version":"v1.0.1","data":{"nope":1,"nope":2}}`,
		`{"version":"v1.0.1","data":{"aboutSystem1-Comment":"a","aboutSystem1-Comment":"b"}}`,
		`{"version":"v1.0.1","data":{"businessDrivers11":["item1-2","item1-2","bad",{}]}}`,
		`{"version":"v1.0.1","data":{"projectDetailsPhase":"item1","riskProfile1":["item1-3"],"riskProfile2":{"x":1}}}`,
		`{"version":1,"data":{}}`,
		`{"data":[]}`,
		`{"version":"v1.0.1"}`,
		`[]`,
		``,
		`{"data":{},"data":{}}`,
		`{"data":{"x":1}`,
	} {
		in[s] = []byte(s)
	}
	return in
}

// TestOneScoringPath: ScoreFile, Scorer.ScoreFile and the three steps give the same
// report and the same error on every input, in both modes.
func TestOneScoringPath(t *testing.T) {
	q, _ := questionnaire.Version("v0.9")
	for name, data := range pathInputs(t) {
		for _, opts := range []aia.Options{{}, {Strict: true}, {Questionnaire: q}, {NoQuestionScores: true}} {
			want, wantErr := threeStep(data, opts)
			if want != nil && opts.NoQuestionScores {
				lean := *want
				lean.Explanation.Questions = nil
				want = &lean
			}
			scorer := aia.NewScorer(opts)
			for i, got := range []func() (*aia.Report, error){
				func() (*aia.Report, error) { return aia.ScoreFile(data, opts) },
				func() (*aia.Report, error) { return scorer.ScoreFile(data) },
				func() (*aia.Report, error) { return scorer.ScoreFile(data) }, // reused
			} {
				rep, err := got()
				if diff := cmp.Diff(errorText(wantErr), errorText(err)); diff != "" {
					t.Errorf("%s, %+v, path %d: errors differ (-three steps +other):\n%s", name, opts, i, diff)
				}
				if diff := cmp.Diff(want, rep); diff != "" {
					t.Errorf("%s, %+v, path %d: reports differ (-three steps +other):\n%s", name, opts, i, diff)
				}
			}
		}
	}
}

func errorText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestLegacyAndNewKey(t *testing.T) {
	for _, file := range []string{
		`{"version":"v1.0.1","data":{"impact4":"item1-3","decisionSector3":"item2-0"}}`,
		`{"version":"v1.0.1","data":{"decisionSector3":"item2-0","impact4":"item1-3"}}`,
	} {
		f, err := aia.ParseSavedFile([]byte(file))
		if err != nil {
			t.Fatal(err)
		}
		a, err := aia.FromFile(f, aia.Options{})
		if err != nil {
			t.Fatal(err)
		}
		x, _ := a.Questionnaire.Question("decisionSector3")
		if got := a.Answers[x.Index()].Str; got != "item2-0" {
			t.Errorf("%s: decisionSector3 = %q, want the answer under its own key", file, got)
		}
		want := []string{"question impact4: answered under both the legacy key impact4 and its new name decisionSector3; the answer under decisionSector3 counts"}
		if diff := cmp.Diff(want, problemTexts(a.Problems)); diff != "" {
			t.Errorf("%s: problems (-want +got):\n%s", file, diff)
		}
	}
}

func problemTexts(ps []aia.Warning) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.String())
	}
	return out
}

// corpusValue decodes a saved fuzz input ("go test fuzz v1" then []byte("…")).
func corpusValue(t *testing.T, file []byte) []byte {
	t.Helper()
	_, rest, _ := strings.Cut(string(file), "\n")
	rest = strings.TrimSpace(rest)
	body, ok := strings.CutPrefix(rest, "[]byte(")
	if !ok || !strings.HasSuffix(body, ")") {
		t.Fatalf("unexpected corpus file: %q", file)
	}
	s, err := strconv.Unquote(strings.TrimSuffix(body, ")"))
	if err != nil {
		t.Fatal(err)
	}
	return []byte(s)
}
