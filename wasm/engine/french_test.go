package engine_test

import (
	"strings"
	"testing"

	"github.com/gc-aia/aia/internal/frenchtypo"
	"github.com/gc-aia/aia/internal/futurerelease"
	"github.com/gc-aia/aia/internal/localize"
	"github.com/gc-aia/aia/internal/reference"
	"github.com/gc-aia/aia/questionnaire"
	"github.com/gc-aia/aia/wasm/engine"
)

// TestErrorsInFrench: the errors the browser app shows, the engine's own and those of
// the library it passes on, read in French (localize.Error, as wasm/main.go gives them
// to the page) follow the project's typography and glossary and hold no English.
func TestErrorsInFrench(t *testing.T) {
	glossary, err := frenchtypo.ReadGlossary("../../docs/glossary.md")
	if err != nil {
		t.Fatal(err)
	}
	survey, err := futurerelease.Build(reference.Survey(t, "v1.0.1"))
	if err != nil {
		t.Fatal(err)
	}
	const taken = "v9-fr"
	if _, err := engine.RegisterFile(survey, taken); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { engine.UnregisterFile(taken) })

	big := make([]byte, engine.MaxFileSize+1)
	cur := []byte(`{"version": "v1.0.1", "data": {}}`)
	broken := []byte("{\"data\": {}\n,}")
	unknown := []byte(`{"version": "v1.0.9", "data": {}}`)
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"oversized saved file", errOf(engine.Evaluate(big)), "fichier plus grand que la limite de 10\u00a0Mio"},
		{"oversized questionnaire file", errOf(engine.CheckFile(big, "v9")), "fichier plus grand que la limite de 10\u00a0Mio"},
		{"SurveyJS file without a version", errOf(engine.CheckFile(survey, "")), "un fichier SurveyJS officiel ne nomme aucune version\u00a0: "},
		{"embedded version name", errOf(engine.CheckFile(survey, questionnaire.Current)), "«\u00a0" + questionnaire.Current + "\u00a0» est celui d’un questionnaire intégré"},
		{"version name taken", errOf(engine.CheckFile(survey, taken)), "«\u00a0" + taken + "\u00a0» est déjà pris par le fichier de questionnaire"},
		{"broken saved file", errOf(engine.Import(broken, "fr")), "JSON non valide à la ligne 2"},
		{"broken saved file compared", errOf(engine.Compare(broken, cur, "fr")), "le fichier enregistré\u00a0: JSON non valide"},
		{"broken open assessment compared", errOf(engine.Compare(cur, []byte(`{"data": [1]}`), "fr")), "l’évaluation ouverte\u00a0: /data\u00a0: "},
		{"unknown version", errOf(engine.QuestionnaireJSON("v1.0.9", "fr")), "version du questionnaire inconnue «\u00a0v1.0.9\u00a0»"},
		{"saved file of an unknown version", errOf(engine.Evaluate(unknown)), "version du questionnaire inconnue"},
		{"migration to an unknown version", errOf(engine.Migrate(cur, "v1.0.9")), "vouliez-vous dire v1.0.1\u202f?"},
	} {
		if c.err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		en, fr := c.err.Error(), localize.Error(c.err, questionnaire.French)
		if !strings.Contains(fr, c.want) {
			t.Errorf("%s: French %q, want it to contain %q", c.name, fr, c.want)
		}
		if localize.Error(c.err, questionnaire.English) != en {
			t.Errorf("%s: English %q, Error %q", c.name, localize.Error(c.err, questionnaire.English), en)
		}
		for _, p := range frenchtypo.MessageProblems(en, fr, glossary) {
			t.Errorf("%s: %s", c.name, p)
		}
	}
}

func errOf[T any](_ T, err error) error { return err }
