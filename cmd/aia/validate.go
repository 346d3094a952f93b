package main

import (
	"bufio"

	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/gc-aia/aia/aia"
	"github.com/gc-aia/aia/internal/localize"
	"github.com/gc-aia/aia/questionnaire"
)

const validateHelp = `
Checks saved AIA files without scoring them: the JSON Schema of the saved-file format,
then against their questionnaire version: unknown questions, values that are not choices,
answers to questions their conditions hide, required questions left unanswered.
PATH is a file, a directory (every *.json file below it) or - (JSON Lines on stdin).
Exit status: 0 every file valid, 1 some file has a problem or cannot be read, 2 bad usage.`

const validateExamples = `  aia validate submissions/
  aia validate old.json --format jsonl --questionnaire v1.0.1
  aia validate submissions/ --lang fr`

type validation struct {
	Source        string   `json:"source"`
	Questionnaire string   `json:"questionnaire,omitempty"`
	Valid         bool     `json:"valid"`
	Problems      []string `json:"problems"`
}

func newValidateCommand(e *env) *cobra.Command {
	c := &cobra.Command{Short: "check saved assessments without scoring them"}
	format := addFormatFlag(c, "output format", "text", "jsonl")
	version := c.Flags().String("questionnaire", "", "check against this questionnaire `VERSION` or FILE (native or SurveyJS), whatever the files say")
	qf := addQuestionnairesFlag(c)
	maxSize := c.Flags().Int64("max-size", aia.DefaultMaxFileSize, "largest accepted input, in `bytes`")
	lang := addLangFlag(c, "language of the problems")
	c.RegisterFlagCompletionFunc("questionnaire", completeVersions)
	c.RunE = action(func(ctx context.Context, paths []string) (int, error) {
		return runValidate(ctx, e, paths, *format, *version, *maxSize, qf, lang())
	})
	return setUsage(c, "validate [flags] PATH...", validateHelp, validateExamples)
}

func runValidate(ctx context.Context, e *env, paths []string, format, version string, maxSize int64, qf *questionnaireFlags, lang questionnaire.Lang) (int, error) {
	if err := qf.load(); err != nil {
		return exitUsage, err
	}
	q, err := qf.choose("--questionnaire", version, false)
	if err != nil {
		return exitUsage, err
	}
	if len(paths) == 0 {
		return exitUsage, usageError("no PATH given")
	}
	out := bufio.NewWriter(e.stdout)
	defer out.Flush()
	checked, invalid := 0, 0
	each := func(yield func(input) bool) { readInputs(ctx, paths, e.stdin, maxSize, yield) }
	work := func(in input) (validation, error) {
		return validateInput(in, aia.Options{Questionnaire: q, Versions: qf.versions}, lang), nil
	}
	emit := func(o outcome[validation]) error {
		v := o.value
		if o.err != nil { // unreadable input
			v = validation{Source: o.source, Problems: []string{localize.Error(o.err, lang)}}
		}
		checked++
		if !v.Valid {
			invalid++
		}
		if format == "jsonl" {
			return writeJSONLine(out, v)
		}
		if v.Valid {
			_, err := fmt.Fprintf(out, "%s%s%s (%s)\n", clean(v.Source), label(lang, "colon"), label(lang, "valid"), clean(v.Questionnaire))
			return err
		}
		for _, p := range v.Problems {
			if _, err := fmt.Fprintf(out, "%s%s%s\n", clean(v.Source), label(lang, "colon"), clean(p)); err != nil {
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
		return exitFailed, newMessage("interruptedValidate", checked, invalid)
	}
	if invalid > 0 {
		return exitFailed, nil
	}
	return exitOK, nil
}

func validateInput(in input, opts aia.Options, lang questionnaire.Lang) validation {
	v := validation{Source: in.source, Problems: []string{}}
	if json.Valid(bytes.TrimPrefix(in.data, []byte("\xef\xbb\xbf"))) { // syntax errors are reported once, below
		if err := aia.ValidateSavedFile(in.data); err != nil {
			v.Problems = append(v.Problems, label(lang, "schema")+label(lang, "colon")+localize.Error(err, lang))
		}
	}
	f, err := aia.ParseSavedFile(in.data)
	if err != nil {
		v.Problems = append(v.Problems, localize.Error(err, lang))
		return v
	}
	a, err := aia.FromFile(f, opts)
	if err != nil {
		v.Problems = append(v.Problems, localize.Error(err, lang))
		return v
	}
	v.Questionnaire = a.Questionnaire.Version
	for _, p := range aia.Check(a) {
		v.Problems = append(v.Problems, p.In(lang))
	}
	v.Valid = len(v.Problems) == 0
	return v
}
