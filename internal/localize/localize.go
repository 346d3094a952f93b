// Package localize gives an error's message in the user's language: the module's
// errors carry their words in English and French (an In method, or jsonscan's French
// text), and the common errors of the operating system are translated here, so that a
// French user of the CLI or the browser app reads French.
package localize

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"syscall"

	"github.com/gc-aia/aia/internal/jsonscan"
	"github.com/gc-aia/aia/questionnaire"
)

// bilingual is an error with its words in English and French.
type bilingual interface {
	In(questionnaire.Lang) string
}

// Error returns err's message in lang. An error with words of its own in both
// languages gives them; a wrapper (fmt.Errorf with %w) keeps its own words, a file
// name say, and gives what it wraps in lang; other errors give their English message.
func Error(err error, lang questionnaire.Lang) string {
	if err == nil {
		return ""
	}
	if l, ok := err.(bilingual); ok {
		return l.In(lang)
	}
	if lang != questionnaire.French {
		return err.Error()
	}
	if se, ok := err.(*jsonscan.SyntaxError); ok && se.FR != "" {
		return se.FR
	}
	if pe, ok := err.(*fs.PathError); ok {
		if msg, ok := osFrench(pe.Err); ok {
			return opFrench(pe.Op) + " " + pe.Path + "\u00a0: " + msg
		}
	}
	if msg, ok := osFrench(err); ok {
		return msg
	}
	if inner := errors.Unwrap(err); inner != nil {
		if prefix, ok := strings.CutSuffix(err.Error(), inner.Error()); ok {
			if p, ok := strings.CutSuffix(prefix, ": "); ok {
				prefix = p + "\u00a0: " // French typography before a colon
			}
			return prefix + Error(inner, lang)
		}
	}
	return err.Error()
}

// osFrench translates the operating system's errors a user meets with files.
func osFrench(err error) (string, bool) {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "fichier ou répertoire introuvable", true
	case errors.Is(err, fs.ErrPermission):
		return "permission refusée", true
	case errors.Is(err, fs.ErrExist):
		return "le fichier existe déjà", true
	case errors.Is(err, syscall.EISDIR):
		return "c’est un répertoire", true
	case errors.Is(err, syscall.ENOTDIR):
		return "ce n’est pas un répertoire", true
	case errors.Is(err, syscall.ENOSPC):
		return "plus d’espace libre sur le disque", true
	}
	return "", false
}

func opFrench(op string) string {
	switch op {
	case "open":
		return "ouverture de"
	case "read":
		return "lecture de"
	case "write":
		return "écriture de"
	case "stat", "lstat":
		return "accès à"
	case "mkdir":
		return "création du répertoire"
	case "remove", "unlinkat":
		return "suppression de"
	case "rename":
		return "renommage de"
	}
	return op
}

// Errorf returns an error in English and French, formatted with the same arguments
// (see Args): an error argument (%w) is wrapped.
func Errorf(en, fr string, args ...any) error {
	e := &bilingualError{}
	for _, a := range args {
		if err, ok := a.(error); ok {
			e.errs = append(e.errs, err)
		}
	}
	e.en = fmt.Errorf(en, Args(questionnaire.English, args)...).Error()
	e.fr = fmt.Errorf(fr, Args(questionnaire.French, args)...).Error()
	return e
}

// Args gives format arguments in lang: a value with words in both languages (an In
// method, as questionnaire.Text has) gives those of lang, and in French an error
// gives its French (Error); an English error stays itself, for %w.
func Args(lang questionnaire.Lang, args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		err, isErr := a.(error)
		switch b, ok := a.(bilingual); {
		case isErr && lang == questionnaire.French:
			a = errors.New(Error(err, lang))
		case ok && !isErr:
			a = b.In(lang)
		}
		out[i] = a
	}
	return out
}

type bilingualError struct {
	en, fr string
	errs   []error
}

func (e *bilingualError) Error() string   { return e.en }
func (e *bilingualError) Unwrap() []error { return e.errs }

func (e *bilingualError) In(lang questionnaire.Lang) string {
	if lang == questionnaire.French {
		return e.fr
	}
	return e.en
}
