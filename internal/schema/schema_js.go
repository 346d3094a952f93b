//go:build js

package schema

import "github.com/gc-aia/aia/internal/jsonscan"

// Schema stands for a compiled JSON Schema; the WebAssembly build does not validate
// against it (see the package documentation).
type Schema struct{}

// MustCompile returns a placeholder schema.
func MustCompile(string, []byte) *Schema { return &Schema{} }

// Validate accepts any decoded document.
func (s *Schema) Validate(any) error { return nil }

// ValidateBytes checks only that data is one JSON value, nested at most 64 levels.
func (s *Schema) ValidateBytes(data []byte) error {
	return jsonscan.Value(data, jsonscan.MaxDepth)
}

// French translates a problem's message; the WebAssembly build's own checks give none.
func French(string) string { return "" }
