package aia_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gc-aia/aia/aia"
	"github.com/gc-aia/aia/questionnaire"
)

func TestFileErrorsAreTyped(t *testing.T) {
	for _, tt := range []struct {
		file string
		want aia.FileError // Message and Err not compared
	}{
		{"{\n  \"data\": {\n    \"a\": 1,\n    \"a\": 2}}", aia.FileError{Pointer: "/data/a", Line: 4, Column: 6}},
		{"{\"data\": [1]}", aia.FileError{Pointer: "/data", Line: 1, Column: 10}},
		{"{\"version\": 1, \"data\": {}}", aia.FileError{Pointer: "/version", Line: 1, Column: 13}},
		{"{\"data\": {},\n\"currentPage\": -1}", aia.FileError{Pointer: "/currentPage", Line: 2, Column: 16}},
		{"\xef\xbb\xbf[1]", aia.FileError{Pointer: "/", Line: 1, Column: 1}},
		{"{\"data\": {}\n,}", aia.FileError{Line: 2, Column: 2}},
		{"{\"data\": {\n", aia.FileError{Line: 2, Column: 1}},
		{"{\"data\": {}, \"x\": \"\xff\"}", aia.FileError{Line: 1, Column: 20}},
		{"", aia.FileError{}},
		{`{}`, aia.FileError{Pointer: "/data"}},
		{`{"version": "v7", "data": {}}`, aia.FileError{Pointer: "/version", Line: 1, Column: 13}},
		{"{\"data\": {},\n  \"version\": \"v7\"}", aia.FileError{Pointer: "/version", Line: 2, Column: 14}},
	} {
		for i, score := range []func([]byte) error{
			func(b []byte) error { _, err := threeStep(b, aia.Options{}); return err },
			func(b []byte) error { _, err := aia.ScoreFile(b, aia.Options{}); return err },
		} {
			err := score([]byte(tt.file))
			var fe *aia.FileError
			if !errors.As(err, &fe) {
				t.Errorf("%q, path %d: %v (%T) is not a *FileError", tt.file, i, err, err)
				continue
			}
			got := aia.FileError{Pointer: fe.Pointer, Line: fe.Line, Column: fe.Column}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%q, path %d: %v (-want +got):\n%s", tt.file, i, err, diff)
			}
		}
	}
}

func TestUnknownVersionError(t *testing.T) {
	_, err := aia.ScoreFile([]byte(`{"version": "v1.0.2", "data": {}}`), aia.Options{})
	var ve *questionnaire.UnknownVersionError
	if !errors.As(err, &ve) {
		t.Fatalf("%v (%T) does not wrap an *UnknownVersionError", err, err)
	}
	if ve.Name != "v1.0.2" || ve.Suggestion == "" || len(ve.Known) != len(questionnaire.VersionNames()) {
		t.Errorf("unknown version error %+v", ve)
	}

	// With a registry, the registered versions are known too.
	custom, err := questionnaire.Version("v1.0.1")
	if err != nil {
		t.Fatal(err)
	}
	custom.Version, custom.Aliases = "custom-1", nil
	if custom, err = questionnaire.New(custom); err != nil {
		t.Fatal(err)
	}
	versions, err := questionnaire.NewRegistry(custom)
	if err != nil {
		t.Fatal(err)
	}
	_, err = aia.ScoreFile([]byte(`{"version": "custom-2", "data": {}}`), aia.Options{Versions: versions})
	if !errors.As(err, &ve) || ve.Suggestion != "custom-1" || !slices.Contains(ve.Known, "custom-1") {
		t.Errorf("unknown version with a registry: %v (%T), want an *UnknownVersionError suggesting custom-1", err, err)
	}
}

func TestValidateSavedFileError(t *testing.T) {
	err := aia.ValidateSavedFile([]byte(`{"data": {}, "currentPage": "x"}`))
	var se *aia.SchemaError
	if !errors.As(err, &se) || len(se.Problems) == 0 || se.Problems[0].Pointer != "/currentPage" {
		t.Fatalf("ValidateSavedFile: %v (%T)", err, err)
	}
	if aia.ValidateSavedFile([]byte(`{"data": {}}`)) != nil {
		t.Error("a valid file fails the schema")
	}
}

// Errors a French user reads are French: the file's problems, the JSON syntax, an
// unknown version and a strict read, with the French typography.
func TestErrorsInFrench(t *testing.T) {
	for _, tt := range []struct {
		file string
		opts aia.Options
		want string
	}{
		{"{\"data\": {}\n,}", aia.Options{}, "JSON non valide à la ligne 2, colonne 2\u00a0: "},
		{"{\n  \"data\": {\n    \"a\": 1,\n    \"a\": 2}}", aia.Options{}, "/data/a\u00a0: clé en double (ligne 4, colonne 6)"},
		{`{"data": [1]}`, aia.Options{}, "/data\u00a0: objet JSON attendu, trouvé\u00a0: une liste (ligne 1, colonne 10)"},
		{`{"data": {`, aia.Options{}, "JSON tronqué\u00a0: le fichier se termine avant la fin de l’objet"},
		{"", aia.Options{}, "fichier vide\u00a0: un objet JSON est attendu"},
		{`{"version": "v1.0.2", "data": {}}`, aia.Options{}, "/version\u00a0: version du questionnaire inconnue «\u00a0v1.0.2\u00a0» (versions connues\u00a0: "},
		{`{"version": "v1.0.2", "data": {}}`, aia.Options{}, "\u202f; vouliez-vous dire v1.0.1\u202f?"},
		{`{"version": "v1.0.1", "data": {"noSuchQuestion": "x"}}`, aia.Options{Strict: true},
			"lecture stricte\u00a0: 1 réponse ne correspond pas au questionnaire\u00a0: question noSuchQuestion\u00a0: "},
	} {
		_, err := aia.ScoreFile([]byte(tt.file), tt.opts)
		l, ok := err.(interface {
			In(questionnaire.Lang) string
		})
		if !ok {
			t.Errorf("%q: %v (%T) has no In method", tt.file, err, err)
			continue
		}
		if got := l.In(questionnaire.French); !strings.Contains(got, tt.want) {
			t.Errorf("%q: %q, want it to contain %q", tt.file, got, tt.want)
		}
		if got := l.In(questionnaire.English); got != err.Error() {
			t.Errorf("%q: In(English) %q, Error %q", tt.file, got, err.Error())
		}
	}
}
