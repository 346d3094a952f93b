package localize_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/gc-aia/aia/internal/localize"
	"github.com/gc-aia/aia/questionnaire"
)

func TestError(t *testing.T) {
	_, notFound := os.Open(filepath.Join(t.TempDir(), "absent.json"))
	inner := localize.Errorf("file larger than %d bytes", "fichier plus gros que %d octets", 10)
	for _, tt := range []struct {
		err    error
		en, fr string
	}{
		{inner, "file larger than 10 bytes", "fichier plus gros que 10 octets"},
		// A wrapper keeps its words (a file name) and gives what it wraps in French.
		{fmt.Errorf("x.json: %w", inner), "x.json: file larger than 10 bytes", "x.json\u00a0: fichier plus gros que 10 octets"},
		{localize.Errorf("cannot write %s: %w", "impossible d’écrire %s\u00a0: %w", "out.csv", inner),
			"cannot write out.csv: file larger than 10 bytes", "impossible d’écrire out.csv\u00a0: fichier plus gros que 10 octets"},
		{notFound, notFound.Error(), "ouverture de " + filepath.Join(filepath.Dir(notFound.(*os.PathError).Path), "absent.json") + "\u00a0: fichier ou répertoire introuvable"},
		// A value with words in both languages is given in each.
		{localize.Errorf("%s must be %s", "%s doit être %s", "text", questionnaire.Text{EN: "a string", FR: "une chaîne"}),
			"text must be a string", "text doit être une chaîne"},
		// An error without French words stays English.
		{errors.New("something else"), "something else", "something else"},
	} {
		if got := localize.Error(tt.err, questionnaire.English); got != tt.en {
			t.Errorf("English: %q, want %q", got, tt.en)
		}
		if got := localize.Error(tt.err, questionnaire.French); got != tt.fr {
			t.Errorf("French: %q, want %q", got, tt.fr)
		}
	}
	if !errors.Is(localize.Errorf("a: %w", "a\u00a0: %w", os.ErrNotExist), os.ErrNotExist) {
		t.Error("Errorf does not wrap its error argument")
	}
}
