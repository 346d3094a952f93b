package schema

import (
	"fmt"
	"strings"
)

// Problem is one way a document breaks its schema.
type Problem struct {
	Pointer string // JSON pointer of the offending value ("" is the whole document)
	Message string
}

// Error lists every problem of a document.
type Error struct {
	Problems []Problem
}

func (e *Error) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		ptr := p.Pointer
		if ptr == "" {
			ptr = "/"
		}
		fmt.Fprintf(&b, "%s: %s", ptr, p.Message)
	}
	return b.String()
}
