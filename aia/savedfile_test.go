package aia_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gc-aia/aia/aia"
	"github.com/gc-aia/aia/questionnaire"
)

func TestSavedFileRoundTripKeepsEverything(t *testing.T) {
	in := `{"version":"v1.0.1","currentPage":4,"zeta":{"kept":[1,2]},"data":{"projectDetailsPhase":"item1","riskProfile1":"item1-3","unknownQuestion":"x"},"translationsOnResult":{"projectDetailsTitle":"Titre"},"completed":true,"answerLanguage":"fr"}`
	f, err := aia.ParseSavedFile([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != in {
		t.Errorf("round trip changed the file:\n got %s\nwant %s", out, in)
	}
	if f.Version != "v1.0.1" || f.CurrentPage != 4 || len(f.Data) != 3 || len(f.Extra) != 3 {
		t.Errorf("parsed %+v", f)
	}
}

func TestSavedFileLegacy(t *testing.T) {
	// No version: saved before September 2020, so v0.8, where impact4 and item6-1 exist.
	f, err := aia.ParseSavedFile([]byte(`{"currentPage":1,"data":{"impact4":"A legacy comment","aboutSystem1":["item6-1"]}}`))
	if err != nil {
		t.Fatal(err)
	}
	a, err := aia.FromFile(f, aia.Options{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	if a.Questionnaire.Version != "v0.8a1" {
		t.Errorf("version %s, want v0.8a1", a.Questionnaire.Version)
	}
	// Read with a newer questionnaire, the official fixes apply: impact4 is now
	// decisionSector3 and item6-1 is item6.
	a, err = aia.FromFile(f, aia.Options{Questionnaire: current(t), Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	ds3, _ := a.Questionnaire.Question("decisionSector3")
	if got := a.Answers[ds3.Index()].Str; got != "A legacy comment" {
		t.Errorf("decisionSector3 = %q", got)
	}
	as1, _ := a.Questionnaire.Question("aboutSystem1")
	if got := a.Answers[as1.Index()].List; !cmp.Equal(got, []string{"item6"}) {
		t.Errorf("aboutSystem1 = %q, want [item6]", got)
	}
}

func TestFromFileProblems(t *testing.T) {
	data := `{"version":"v1.0.1","data":{
	  "riskProfile1": 3,
	  "riskProfile2": "item7-7",
	  "businessDrivers11": "item1-2",
	  "aboutSystem1": ["item1", {"x":1}, "zzz"],
	  "projectDetailsTitle": ["not", "text"],
	  "noSuchQuestion": "x",
	  "riskProfil1": "item1-3",
	  "welcome1": "x"}}`
	f, err := aia.ParseSavedFile([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	a, err := aia.FromFile(f, aia.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range a.Problems {
		got = append(got, p.String())
	}
	want := []string{
		`question riskProfile1: "3" is not one of its choices (item1-3, item2-0); answer ignored`,
		`question riskProfile2: "item7-7" is not one of its choices (item1-3, item2-0); answer ignored`,
		`question businessDrivers11: expected a list of choice values, found a string; answer ignored`,
		`question aboutSystem1: {"x":1}, "zzz" not among its choices (item1, item2, item3, item4, item5, item6); ignored`,
		`question projectDetailsTitle: expected a text, found an array; answer ignored`,
		`question noSuchQuestion: not a question of questionnaire v1.0.1; answer ignored`,
		`question riskProfil1: not a question of questionnaire v1.0.1; answer ignored (did you mean riskProfile1?)`,
		`question welcome1: not a question of questionnaire v1.0.1; answer ignored`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if _, err := aia.FromFile(f, aia.Options{Strict: true}); err == nil || !strings.Contains(err.Error(), "riskProfile2") {
		t.Errorf("strict mode error = %v", err)
	}
	r := aia.Score(a)
	if r.Raw != 0 || len(r.Warnings) != len(want) {
		t.Errorf("raw %d with %d warnings; want 0 and %d", r.Raw, len(r.Warnings), len(want))
	}
}

func TestParseSavedFileRejects(t *testing.T) {
	tests := []struct{ name, data, want string }{
		{"empty", "", "empty file"},
		{"blank", " \n ", "empty file"},
		{"truncated", `{"version":"v1.0.1","data":{"a":"b"`, "truncated JSON"},
		{"trailing garbage", `{"data":{}} x`, "unexpected data after the JSON object"},
		{"array", `[1,2]`, "/: expected a JSON object, found an array"},
		{"data array", `{"data":[1]}`, "/data: expected a JSON object, found an array"},
		{"no data", `{"version":"v1.0.1"}`, `/data: missing`},
		{"version number", `{"version":1,"data":{}}`, "/version: expected a string, found a number"},
		{"page text", `{"currentPage":"x","data":{}}`, "/currentPage: expected a page number"},
		{"duplicate key", `{"data":{"a":"1","a":"2"}}`, "/data/a: duplicate key"},
		{"duplicate top key", `{"data":{},"data":{}}`, "/data: duplicate key"},
		{"duplicate escaped key", `{"data":{},"d\u0061ta":{}}`, "/data: duplicate key"},
		{"invalid UTF-8", "{\"data\":{\"a\":\"\xff\"}}", "invalid UTF-8 at byte 14"},
		{"syntax", "{\n\"data\": {,}}", "line 2"},
		{"deep", `{"data":{"a":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}}`, "nested deeper than 64"},
		{"translations", `{"data":{},"translationsOnResult":[]}`, "/translationsOnResult: expected an object"},
	}
	for _, tt := range tests {
		_, err := aia.ParseSavedFile([]byte(tt.data))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error = %v, want it to contain %q", tt.name, err, tt.want)
		}
	}
	if _, err := aia.ParseSavedFile([]byte("\xef\xbb\xbf{\"data\":{}}")); err != nil {
		t.Errorf("BOM: %v", err)
	}
	f, err := aia.ParseSavedFile([]byte(`{"d\u0061ta":{"riskProfile1":"item1-3"},"\u0076ersion":"v1.0.1"}`))
	if err != nil || f.Version != "v1.0.1" || len(f.Data) != 1 {
		t.Errorf("escaped keys: %+v, %v", f, err)
	}
	if _, err := aia.FromFile(&aia.SavedFile{Version: "v9.9", Data: []aia.Field{}}, aia.Options{}); err == nil || !strings.Contains(err.Error(), `/version: unknown questionnaire version "v9.9"`) {
		t.Errorf("unknown version: %v", err)
	}
}

func TestReadSavedFileLimit(t *testing.T) {
	big := `{"data":{"a":"` + strings.Repeat("x", 2000) + `"}}`
	if _, err := aia.ReadSavedFile(strings.NewReader(big), 1000); err == nil || !strings.Contains(err.Error(), "limit of 1000 bytes") {
		t.Errorf("error = %v", err)
	}
}

func TestAssessmentFileRoundTrip(t *testing.T) {
	a := designAssessment(t)
	data, err := json.Marshal(a.File())
	if err != nil {
		t.Fatal(err)
	}
	if err := aia.ValidateSavedFile(data); err != nil {
		t.Fatalf("written file breaks the schema: %v", err)
	}
	f, err := aia.ParseSavedFile(data)
	if err != nil {
		t.Fatal(err)
	}
	b, err := aia.FromFile(f, aia.Options{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(aia.Score(a), aia.Score(b)); diff != "" {
		t.Errorf("score changed through the saved file:\n%s", diff)
	}
}

func TestSavedFileSchema(t *testing.T) {
	if err := aia.ValidateSavedFile([]byte(`{"version":"v1.0.1","data":{"a":["x",1],"b":"y"},"other":1}`)); err != nil {
		t.Errorf("valid file rejected: %v", err)
	}
	err := aia.ValidateSavedFile([]byte(`{"version":2,"data":{"a":{"x":1}}}`))
	if err == nil || !strings.Contains(err.Error(), "/version") || !strings.Contains(err.Error(), "/data/a") {
		t.Errorf("schema error = %v, want /version and /data/a named", err)
	}
}

// TestExamples scores the sample assessments: each is named after the level it has.
func TestExamples(t *testing.T) {
	files, err := filepath.Glob("../examples/assessments/*.json")
	if err != nil || len(files) < 4 {
		t.Fatalf("examples: %v, %v", files, err)
	}
	levels := map[string]aia.Level{"level1": 1, "level2": 2, "level3": 3, "level4": 4}
	phases := map[string]bool{}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if err := aia.ValidateSavedFile(data); err != nil {
			t.Errorf("%s: %v", file, err)
		}
		rep, err := aia.ScoreFile(data, aia.Options{Strict: true})
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		name := filepath.Base(file)
		if want, ok := levels[strings.SplitN(name, "-", 2)[0]]; ok && rep.Level != want {
			t.Errorf("%s: level %v, want %v", name, rep.Level, want)
		}
		if len(rep.Warnings) != 0 {
			t.Errorf("%s: warnings %q", name, rep.Warnings)
		}
		phases[strings.TrimSuffix(strings.SplitN(name, "-", 2)[1], ".json")] = true
	}
	if !phases["design"] || !phases["implementation"] {
		t.Errorf("examples cover phases %v, want both", phases)
	}
}

// TestScorerAgreesWithFromFile checks the fast path against the general one, reusing
// one Scorer across files of several versions.
func TestScorerAgreesWithFromFile(t *testing.T) {
	files, _ := filepath.Glob("../examples/assessments/*.json")
	inputs := [][]byte{
		[]byte(`{"currentPage":1,"data":{"impact4":"legacy","aboutSystem1":["item6-1"],"riskProfile1":"item1-3"}}`),
		[]byte(`{"version":"v1.0.1","data":{"projectDetailsPhase":"item1","consultationImplementation1":"item1-2","bogus":1,"riskProfile2":"zz"}}`),
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, data)
	}
	s := aia.NewScorer(aia.Options{})
	for round := 0; round < 2; round++ {
		for _, data := range inputs {
			sf, err := aia.ParseSavedFile(data)
			if err != nil {
				t.Fatal(err)
			}
			a, err := aia.FromFile(sf, aia.Options{})
			if err != nil {
				t.Fatal(err)
			}
			want, err := aia.NewReport(a)
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.ScoreFile(data)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("round %d: Scorer differs (-FromFile +Scorer):\n%s", round, diff)
			}
		}
	}
	if _, err := s.ScoreFile([]byte(`{"data":{"riskProfile1":"item1-3","riskProfile1":"item2-0"}}`)); err == nil || !strings.Contains(err.Error(), "/data/riskProfile1: duplicate key") {
		t.Errorf("duplicate answer: %v", err)
	}
	if _, err := s.ScoreFile([]byte(`{"data":{"x":1,"x":2}}`)); err == nil || !strings.Contains(err.Error(), "/data/x: duplicate key") {
		t.Errorf("duplicate unknown key: %v", err)
	}
}

func ExampleScoreFile() {
	data := []byte(`{"version": "v1.0.1", "currentPage": 2, "data": {
		"projectDetailsPhase": "item1", "riskProfile1": "item1-3", "riskProfile2": "item1-3"}}`)
	rep, err := aia.ScoreFile(data, aia.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Println(rep.Level, rep.Current, rep.Requirements[0].Title.In(questionnaire.French))
	// Output: I 6 Avis
}

func TestSavedFileWithEncodingJSON(t *testing.T) {
	in := `{"extra":[1,{"b":2}],"data":{"riskProfile1":"item1-3","unknown":{"x":null}},"version":"v1.0.1","currentPage":2,"translationsOnResult":{}}`
	var f aia.SavedFile
	if err := json.Unmarshal([]byte(in), &f); err != nil {
		t.Fatal(err)
	}
	if f.Version != "v1.0.1" || f.CurrentPage != 2 || len(f.Data) != 2 || len(f.Extra) != 1 {
		t.Fatalf("decoded %+v", f)
	}
	for _, v := range []any{f, &f, struct {
		File aia.SavedFile `json:"file"`
	}{f}} {
		out, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		want := in
		if _, ok := v.(struct {
			File aia.SavedFile `json:"file"`
		}); ok {
			want = `{"file":` + in + `}`
		}
		if string(out) != want {
			t.Errorf("json.Marshal(%T):\n got %s\nwant %s", v, out, want)
		}
	}
	var wrapped struct {
		File aia.SavedFile `json:"file"`
	}
	if err := json.Unmarshal([]byte(`{"file":{"data":{"a":1,"a":2}}}`), &wrapped); err == nil {
		t.Error("json.Unmarshal accepts a file ParseSavedFile rejects")
	}
	if err := json.Unmarshal([]byte(`{"file":`+in+`}`), &wrapped); err != nil || !cmp.Equal(wrapped.File.Data, f.Data) {
		t.Errorf("decoding a SavedFile inside a struct: %v", err)
	}
}

func TestScoreReader(t *testing.T) {
	data, err := os.ReadFile("../examples/assessments/level3-design.json")
	if err != nil {
		t.Fatal(err)
	}
	want, err := aia.ScoreFile(data, aia.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := aia.ScoreReader(bytes.NewReader(data), aia.Options{})
	if err != nil || !cmp.Equal(want, got) {
		t.Errorf("ScoreReader differs from ScoreFile: %v", err)
	}
	_, err = aia.ScoreReader(bytes.NewReader(data), aia.Options{MaxFileSize: int64(len(data) - 1)})
	var fe *aia.FileError
	if !errors.As(err, &fe) || !strings.Contains(fe.Message, "larger than the limit") {
		t.Errorf("a file over Options.MaxFileSize: %v", err)
	}
}

// Text that is not a saved file's JSON says what it looks like.
func TestParseSavedFileNamesWhatTheTextIs(t *testing.T) {
	utf16 := []byte{0xFF, 0xFE}
	for _, r := range `{"version":"v1.0.1"}` {
		utf16 = append(utf16, byte(r), 0)
	}
	for _, c := range []struct {
		data []byte
		want string
	}{
		{utf16, "not UTF-8: looks like UTF-16 (or UTF-32); save the file as UTF-8"},
		{[]byte("foo bar"), `not JSON: the text begins with "foo bar"; a saved file is a JSON object {…}`},
		{[]byte("[1]"), "/: expected a JSON object, found an array (line 1, column 1)"},
	} {
		_, err := aia.ParseSavedFile(c.data)
		var fe *aia.FileError
		if !errors.As(err, &fe) || err.Error() != c.want {
			t.Errorf("ParseSavedFile(%q) = %v, want the FileError %q", c.data, err, c.want)
		}
	}
}
