package aia

import (
	"bytes"
	"fmt"
	"strings"
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
	// Message says what is wrong.
	Message string
	// Err is the underlying error, if any.
	Err error
}

func (e *FileError) Error() string {
	var b strings.Builder
	if e.Pointer != "" {
		b.WriteString(e.Pointer)
		b.WriteString(": ")
	}
	b.WriteString(e.Message)
	if e.Err != nil {
		if e.Message != "" {
			b.WriteString(": ")
		}
		b.WriteString(e.Err.Error())
	}
	if e.Pointer != "" && e.Line > 0 {
		fmt.Fprintf(&b, " (line %d, column %d)", e.Line, e.Column)
	}
	return b.String()
}

func (e *FileError) Unwrap() error { return e.Err }

// fileError returns a FileError at a pointer; at, when not nil, is the sub-slice of src
// the problem is at, to give its line and column.
func fileError(src, at []byte, ptr, format string, args ...any) *FileError {
	e := &FileError{Pointer: ptr, Message: fmt.Sprintf(format, args...)}
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

func (e *SchemaError) Error() string {
	var b bytes.Buffer
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.Error())
	}
	return b.String()
}

// StrictError is the error of a strict read (Options.Strict): the answers that do not
// fit the questionnaire, which a read that is not strict would report as Problems.
type StrictError struct {
	Problems []Warning
}

func (e *StrictError) Error() string {
	msgs := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		// In a strict read, nothing is ignored: the file is rejected.
		msg := strings.Replace(p.String(), ignored.EN, "", 1)
		msgs[i] = strings.Replace(msg, valueIgnored.EN, "", 1)
	}
	n := "answer does not"
	if len(e.Problems) != 1 {
		n = "answers do not"
	}
	return fmt.Sprintf("strict: %d %s fit the questionnaire: %s", len(e.Problems), n, strings.Join(msgs, "; "))
}
