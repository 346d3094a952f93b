package aia

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/gc-aia/aia/internal/localize"
	"github.com/gc-aia/aia/questionnaire"
)

// FileError is what is wrong with a saved file: its syntax, its encoding, its size, or
// the value at a JSON pointer. ParseSavedFile, FromFile, ScoreFile and Scorer return
// it (errors.As reaches it); for an unknown version it wraps the questionnaire's
// *questionnaire.UnknownVersionError.
type FileError struct {
	// Pointer is the JSON pointer (RFC 6901) of the value at fault: "/data/riskProfile1",
	// "/version", "/" for the top level; "" when the problem is not at a value (invalid
	// JSON, invalid UTF-8, a file too large or empty).
	Pointer string
	// Line and Column locate the problem in the file (1-based; the column counts bytes
	// from the start of the line, after any byte-order mark); 0 when unknown, as for a
	// SavedFile built in Go.
	Line, Column int
	// Message says what is wrong, in English, and MessageFR in French ("" when not
	// given: In then gives the English).
	Message, MessageFR string
	// Err is the underlying error, if any.
	Err error
}

func (e *FileError) Error() string { return e.In(questionnaire.English) }

// In returns the error in a language: Error's message in English, or in French.
func (e *FileError) In(lang questionnaire.Lang) string {
	fr := lang == questionnaire.French && (e.MessageFR != "" || e.Message == "")
	colon, msg, at := ": ", e.Message, " (line %d, column %d)"
	if fr {
		colon, msg, at = nbsp+": ", e.MessageFR, " (ligne %d, colonne %d)"
	}
	var b strings.Builder
	if e.Pointer != "" {
		b.WriteString(e.Pointer)
		b.WriteString(colon)
	}
	b.WriteString(msg)
	if e.Err != nil {
		if msg != "" {
			b.WriteString(colon)
		}
		if fr {
			b.WriteString(localize.Error(e.Err, lang))
		} else {
			b.WriteString(e.Err.Error())
		}
	}
	if e.Pointer != "" && e.Line > 0 {
		fmt.Fprintf(&b, at, e.Line, e.Column)
	}
	return b.String()
}

func (e *FileError) Unwrap() error { return e.Err }

// newFileError returns a FileError whose English and French messages are formatted with
// the same arguments; a questionnaire.Text argument is given in each language.
func newFileError(ptr, en, fr string, args ...any) *FileError {
	return &FileError{Pointer: ptr,
		Message:   fmt.Sprintf(en, localize.Args(questionnaire.English, args)...),
		MessageFR: fmt.Sprintf(fr, localize.Args(questionnaire.French, args)...)}
}

// fileError returns a FileError at a pointer (see newFileError); at, when not nil, is
// the sub-slice of src the problem is at, to give its line and column.
func fileError(src, at []byte, ptr, en, fr string, args ...any) *FileError {
	e := newFileError(ptr, en, fr, args...)
	if at != nil && cap(at) <= cap(src) && cap(src)-cap(at) <= len(src) {
		e.Line, e.Column = lineCol(src, int64(cap(src)-cap(at)))
	}
	return e
}

// SchemaError lists the ways a saved file breaks the saved-file JSON Schema
// (ValidateSavedFile).
type SchemaError struct {
	Problems []FileError // each with its Pointer and Message
}

func (e *SchemaError) Error() string { return e.In(questionnaire.English) }

// In returns the problems in a language (the schema validator's own words stay English).
func (e *SchemaError) In(lang questionnaire.Lang) string {
	sep := "; "
	if lang == questionnaire.French {
		sep = nnbsp + "; "
	}
	var b bytes.Buffer
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(p.In(lang))
	}
	return b.String()
}

// StrictError is the error of a strict read (Options.Strict): the answers that do not
// fit the questionnaire, which a read that is not strict would report as Problems.
type StrictError struct {
	Problems []Warning
}

func (e *StrictError) Error() string { return e.In(questionnaire.English) }

// In returns the error in a language: how many answers do not fit, and each problem.
func (e *StrictError) In(lang questionnaire.Lang) string {
	msgs := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		// In a strict read, nothing is ignored: the file is rejected.
		msg := strings.Replace(p.In(lang), ignored.In(lang), "", 1)
		msgs[i] = strings.Replace(msg, valueIgnored.In(lang), "", 1)
	}
	n := len(e.Problems)
	if lang == questionnaire.French {
		what := "réponses ne correspondent"
		if n == 1 {
			what = "réponse ne correspond"
		}
		return fmt.Sprintf("lecture stricte"+nbsp+": %d %s pas au questionnaire"+nbsp+": %s", n, what, strings.Join(msgs, nnbsp+"; "))
	}
	what := "answers do not"
	if n == 1 {
		what = "answer does not"
	}
	return fmt.Sprintf("strict: %d %s fit the questionnaire: %s", n, what, strings.Join(msgs, "; "))
}
