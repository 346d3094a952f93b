package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/gc-aia/aia/aia"
	"github.com/gc-aia/aia/questionnaire"
)

const validateHelp = `Usage: aia validate [flags] PATH...

Checks saved AIA files without scoring them: the JSON Schema of the saved-file format,
then against their questionnaire version: unknown questions, values that are not choices,
answers to questions their conditions hide, required questions left unanswered.
PATH is a file, a directory (every *.json file below it) or - (JSON Lines on stdin).
Exit status: 0 every file valid, 1 some file has a problem or cannot be read, 2 bad usage.

Examples:
  aia validate submissions/
  aia validate --format jsonl --questionnaire v1.0.1 old.json

Flags:
`

type validation struct {
	Source        string   `json:"source"`
	Questionnaire string   `json:"questionnaire,omitempty"`
	Valid         bool     `json:"valid"`
	Problems      []string `json:"problems"`
}

func runValidate(ctx context.Context, e *env) (int, error) {
	fs := newFlags("validate", validateHelp, e)
	format := fs.String("format", "text", "output `format`: text or jsonl")
	version := fs.String("questionnaire", "", "check against this questionnaire `VERSION`, whatever the files say")
	maxSize := fs.Int64("max-size", aia.DefaultMaxFileSize, "largest accepted input, in `bytes`")
	if done, status, err := parseFlags(fs, e.args); done {
		return status, err
	}
	if *format != "text" && *format != "jsonl" {
		return exitUsage, fmt.Errorf("%w: --format must be text or jsonl", errUsage)
	}
	var q *questionnaire.Questionnaire
	if *version != "" {
		var err error
		if q, err = questionnaire.Version(*version); err != nil {
			return exitUsage, fmt.Errorf("%w: --questionnaire: %v", errUsage, err)
		}
	}
	if fs.NArg() == 0 {
		return exitUsage, fmt.Errorf("%w: no PATH given", errUsage)
	}
	out := bufio.NewWriter(e.stdout)
	defer out.Flush()
	invalid := 0
	each := func(yield func(input) bool) { readInputs(ctx, fs.Args(), e.stdin, *maxSize, yield) }
	work := func(in input) (validation, error) { return validateInput(in, q), nil }
	emit := func(o outcome[validation]) error {
		v := o.value
		if o.err != nil { // unreadable input
			v = validation{Source: o.source, Problems: []string{o.err.Error()}}
		}
		if !v.Valid {
			invalid++
		}
		if *format == "jsonl" {
			return writeJSONLine(out, v)
		}
		if v.Valid {
			_, err := fmt.Fprintf(out, "%s: valid (%s)\n", v.Source, v.Questionnaire)
			return err
		}
		for _, p := range v.Problems {
			if _, err := fmt.Fprintf(out, "%s: %s\n", v.Source, p); err != nil {
				return err
			}
		}
		return nil
	}
	if err := process(ctx, each, work, emit); err != nil {
		return exitFailed, err
	}
	if err := out.Flush(); err != nil {
		return exitFailed, err
	}
	if ctx.Err() != nil {
		return exitFailed, fmt.Errorf("interrupted")
	}
	if invalid > 0 {
		return exitFailed, nil
	}
	return exitOK, nil
}

func validateInput(in input, q *questionnaire.Questionnaire) validation {
	v := validation{Source: in.source, Problems: []string{}}
	if json.Valid(bytes.TrimPrefix(in.data, []byte("\xef\xbb\xbf"))) { // syntax errors are reported once, below
		if err := aia.ValidateSavedFile(in.data); err != nil {
			v.Problems = append(v.Problems, "schema: "+err.Error())
		}
	}
	f, err := aia.ParseSavedFile(in.data)
	if err != nil {
		v.Problems = append(v.Problems, err.Error())
		return v
	}
	a, err := aia.FromFile(f, aia.Options{Questionnaire: q})
	if err != nil {
		v.Problems = append(v.Problems, err.Error())
		return v
	}
	v.Questionnaire = a.Questionnaire.Version
	for _, p := range aia.Check(a) {
		v.Problems = append(v.Problems, p.String())
	}
	v.Valid = len(v.Problems) == 0
	return v
}
