package questionnaire_test

import (
	"errors"
	"testing"

	"github.com/gc-aia/aia/questionnaire"
)

// FuzzLoad feeds arbitrary bytes to the native loader: it must return a questionnaire or
// an error, never panic, and what it accepts must survive a round trip.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(small))
	f.Add([]byte(`{"format":"aia-questionnaire/1","version":"x","pages":[{"id":"p","questions":[{"id":"a","type":"text","visibleIf":"{a} empty"}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		q, err := questionnaire.Load(data)
		if err != nil {
			return
		}
		out, err := q.MarshalIndent()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := questionnaire.Load(out); err != nil {
			t.Fatalf("reloading an accepted questionnaire: %v", err)
		}
		q.Visibility(q.NewAnswers(), nil)
	})
}

// FuzzImportSurveyJS feeds arbitrary bytes to the SurveyJS importer.
func FuzzImportSurveyJS(f *testing.F) {
	f.Add([]byte(`{"pages":[{"name":"p","elements":[{"type":"panel","name":"x-RS","elements":[{"type":"radiogroup","name":"r","choices":["item1-2",3,{"value":"item2-0","text":{"default":"a","fr":"b"}}]}]}]}]}`))
	f.Add([]byte(`{"pages":[{"name":"p","visibleIf":"{r} = 1","elements":[{"type":"text","name":"r"}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		q, err := questionnaire.ImportSurveyJS(data, "fuzz")
		if err != nil {
			return
		}
		out, err := q.MarshalIndent()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := questionnaire.Load(out); err != nil {
			t.Fatalf("an imported questionnaire is not valid in the native format: %v\n%s", err, out)
		}
	})
}

// FuzzLoadFile feeds arbitrary bytes to LoadFile: every error must be a
// *ValidationError, and what it accepts must load again from its native form.
func FuzzLoadFile(f *testing.F) {
	f.Add([]byte(small), "")
	f.Add([]byte(tinySurvey), "v9")
	f.Add([]byte(`{"pages":[{"name":"p","elements":[{"type":"panel","name":"x-RS","elements":[{"type":"radiogroup","name":"r","visibleIf":"{q} = 1","choices":[{"text":"x"}]}]}]}]}`), "v")
	f.Fuzz(func(t *testing.T, data []byte, version string) {
		q, err := questionnaire.LoadFile(data, version)
		if err != nil {
			var ve *questionnaire.ValidationError
			if !errors.As(err, &ve) || len(ve.Problems) == 0 {
				t.Fatalf("error %v (%T) is not a *ValidationError with problems", err, err)
			}
			return
		}
		out, err := q.MarshalIndent()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := questionnaire.LoadFile(out, ""); err != nil {
			t.Fatalf("reloading an accepted questionnaire: %v", err)
		}
	})
}
