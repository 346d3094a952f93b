//go:build !js

// Package schema validates JSON documents against the project's JSON Schemas
// (draft 2020-12) and reports each problem with the JSON pointer it concerns.
//
// The WebAssembly build (GOOS=js) leaves the JSON Schema validator out to keep the
// download small: there, Validate only checks that the document is JSON, and callers
// rely on their own structural checks (the questionnaire and saved-file readers make
// them in every build). The native build validates fully.
package schema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// Schema is a compiled JSON Schema, safe for concurrent use.
type Schema struct {
	s *jsonschema.Schema
}

// MustCompile compiles a schema embedded in the program; it panics when the embedded
// text is invalid, which is a bug caught by the package's tests.
func MustCompile(name string, text []byte) *Schema {
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	if err := c.AddResource(name, bytes.NewReader(text)); err != nil {
		panic(fmt.Sprintf("schema %s: %v", name, err))
	}
	s, err := c.Compile(name)
	if err != nil {
		panic(fmt.Sprintf("schema %s: %v", name, err))
	}
	return &Schema{s}
}

// Validate checks a decoded document (as produced by encoding/json with UseNumber)
// and returns an *Error naming each problem, or nil.
func (s *Schema) Validate(doc any) error {
	err := s.s.Validate(doc)
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	var out Error
	seen := map[Problem]bool{}
	var walk func(*jsonschema.ValidationError)
	walk = func(v *jsonschema.ValidationError) {
		if len(v.Causes) == 0 {
			p := Problem{Pointer: v.InstanceLocation, Message: v.Message}
			if !seen[p] {
				seen[p] = true
				out.Problems = append(out.Problems, p)
			}
		}
		for _, c := range v.Causes {
			walk(c)
		}
	}
	walk(ve)
	sort.SliceStable(out.Problems, func(i, j int) bool { return out.Problems[i].Pointer < out.Problems[j].Pointer })
	return &out
}

// ValidateBytes decodes data as JSON and validates it.
func (s *Schema) ValidateBytes(data []byte) error {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var doc any
	if err := d.Decode(&doc); err != nil {
		return err
	}
	return s.Validate(doc)
}
