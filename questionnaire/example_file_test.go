package questionnaire_test

import (
	"fmt"
	"io"
	"os"
	"testing"

	"github.com/gc-aia/aia/aia"
	"github.com/gc-aia/aia/internal/reference"
	"github.com/gc-aia/aia/questionnaire"
)

// A newly published official questionnaire, read from its SurveyJS file, is registered
// so that saved files naming its version are scored with it. The file here is the
// official v1.0.1 survey, registered under a name of its own.
func ExampleRegistry() {
	data, err := os.ReadFile("../../shared/reference/aia-eia-js/v1.0.1/survey-enfr.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	q, err := questionnaire.LoadFile(data, "v1.0.1-official") // SurveyJS files name no version
	if err != nil {
		fmt.Println(err) // a *questionnaire.ValidationError naming each JSON pointer and question
		return
	}
	versions, err := questionnaire.NewRegistry(q)
	if err != nil {
		fmt.Println(err) // a name clash with an embedded or registered version
		return
	}
	saved := []byte(`{"version": "v1.0.1-official", "data": {"projectDetailsPhase": "item2", "riskProfile1": "item1-3"}}`)
	rep, err := aia.ScoreFile(saved, aia.Options{Versions: versions})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rep.Questionnaire, rep.Raw, rep.MaxRaw, rep.Level) // v1.0.1-official 3 167 I
	// No "Output:" line: the official file is not part of the module, so go test only
	// compiles this example; TestRegistryExample runs it where the file is.
}

// LoadFile reads either format, told apart by the content.
func ExampleLoadFile() {
	survey := []byte(`{"pages": [{"name": "impact", "elements": [
	  {"type": "radiogroup", "name": "reach-RS", "title": {"default": "Who is <em>affected</em>?", "fr": "Qui est <em>touché</em> ?"},
	   "choices": [{"value": "item1-0", "text": "Few"}, {"value": "item2-3", "text": "Many"}]}]}]}`)
	q, err := questionnaire.LoadFile(survey, "v9")
	if err != nil {
		fmt.Println(err)
		return
	}
	x, _ := q.Question("reach-RS")
	fmt.Println(q.Version, q.MaxRaw(), x.Kind, x.Title.In(questionnaire.French))

	_, err = questionnaire.LoadFile([]byte(`{"pages": [{"name": "impact", "elements": [{"type": "radiogroup", "name": "reach-RS", "choices": [{"text": "Few"}]}]}]}`), "v9")
	fmt.Println(err)
	// Output:
	// v9 3 raw Qui est <em>touché</em> ?
	// questionnaire v9: /pages/0/elements/0/choices/0: question "reach-RS": choice without a value
}

// TestRegistryExample runs ExampleRegistry where the official file is, and checks what
// it prints: the official v1.0.1 scores riskProfile1 "item1-3" as 3 of 167, level I.
func TestRegistryExample(t *testing.T) {
	reference.Survey(t, "v1.0.1") // skips, saying why, without the reference files
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout := os.Stdout
	os.Stdout = w
	ExampleRegistry()
	os.Stdout = stdout
	w.Close()
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(out), "v1.0.1-official 3 167 I\n"; got != want {
		t.Errorf("ExampleRegistry printed %q, want %q", got, want)
	}
}
