package jsoncodec_test

import (
	"encoding/json"
	"io/fs"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gc-aia/aia/aia"
	"github.com/gc-aia/aia/examples"
	"github.com/gc-aia/aia/internal/jsoncodec"
	"github.com/gc-aia/aia/questionnaire"
	"github.com/gc-aia/aia/wasm/engine"
)

// TestModuleTypesAsEncodingJSON marshals what the module's packages marshal (every
// embedded questionnaire, and every engine result in both languages for the sample
// assessments and their migrations to every version) with both packages, and decodes
// every embedded questionnaire with both, comparing the bytes.
func TestModuleTypesAsEncodingJSON(t *testing.T) {
	var values []any
	for _, q := range questionnaire.Versions() {
		values = append(values, q)
		for _, l := range []questionnaire.Lang{questionnaire.English, questionnaire.French} {
			values = append(values, engine.QuestionnaireView(q, l))
		}
		native, err := q.MarshalIndent()
		if err != nil {
			t.Fatal(err)
		}
		// Under a name of its own: a built-in version's names are refused.
		var doc map[string]any
		if err := json.Unmarshal(native, &doc); err != nil {
			t.Fatal(err)
		}
		doc["version"] = "file-" + q.Version
		delete(doc, "aliases")
		renamed, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		info, err := engine.CheckFile(renamed, "")
		if err != nil {
			t.Fatal(err)
		}
		values = append(values, info)

		// Decoding: the native file read back by both packages, then marshalled.
		var viaJSON, viaCodec questionnaire.Questionnaire
		if err := json.Unmarshal(native, &viaJSON); err != nil {
			t.Fatal(err)
		}
		if err := jsoncodec.Unmarshal(native, &viaCodec); err != nil {
			t.Fatal(err)
		}
		values = append(values, &viaJSON, &viaCodec)
	}
	values = append(values, engine.Versions())
	samples, err := fs.ReadDir(examples.Assessments(), ".")
	if err != nil {
		t.Fatal(err)
	}
	var texts [][]byte
	for _, s := range samples {
		data, err := fs.ReadFile(examples.Assessments(), s.Name())
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, data)
		for _, q := range questionnaire.Versions() {
			m, err := engine.Migrate(data, q.Version)
			if err != nil {
				t.Fatal(err)
			}
			values = append(values, m)
			texts = append(texts, m.File)
		}
	}
	for i, text := range texts {
		a, err := aia.ScoreFile(text, aia.Options{})
		if err != nil {
			t.Fatal(err)
		}
		values = append(values, a)
		ev, err := engine.Evaluate(text)
		if err != nil {
			t.Fatal(err)
		}
		values = append(values, ev)
		for _, lang := range []string{"en", "fr"} {
			r, err := engine.NewReport(text, lang)
			if err != nil {
				t.Fatal(err)
			}
			im, err := engine.Import(text, lang)
			if err != nil {
				t.Fatal(err)
			}
			c, err := engine.Compare(texts[(i+1)%len(texts)], text, lang)
			if err != nil {
				t.Fatal(err)
			}
			values = append(values, r, im, c)
		}
	}
	for _, v := range values {
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		got, err := jsoncodec.Marshal(v)
		if err != nil {
			t.Fatalf("Marshal(%T): %v", v, err)
		}
		if string(got) != string(want) {
			t.Errorf("Marshal(%T) (-encoding/json +jsoncodec):\n%s", v, cmp.Diff(string(want), string(got)))
		}
	}
	if len(values) < 100 {
		t.Errorf("only %d values compared", len(values))
	}
}
