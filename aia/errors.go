package aia

import (
	"fmt"
	"strings"
)

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
	return fmt.Sprintf("strict: %d %s fit the questionnaire:\n\t%s", len(e.Problems), n, strings.Join(msgs, "\n\t"))
}
