package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gc-aia/aia/questionnaire"
)

const importHelp = `
Converts an official questionnaire in the SurveyJS format of the official tool
(survey-enfr.json) into the native format, with the file's own English and French
wording (HTML included: reports keep only a small allow-list of it). A SurveyJS file
names no version, so --version is required; it is the name saved files of this
questionnaire give in their "version" field. It may not be an embedded version's name.

The native file can then be given wherever a questionnaire is chosen, or kept in a
directory read with --questionnaires DIR. Output goes to standard output, or atomically
to --output FILE (never over the input).`

const importExamples = `  aia questionnaire import --version v1.1.0 -o questionnaires/v1.1.0.json survey-enfr.json
  aia score --questionnaires questionnaires/ submissions/`

func newImportCommand(e *env) *cobra.Command {
	c := &cobra.Command{}
	version := c.Flags().String("version", "", "the questionnaire's version `NAME`, as saved files give it (required)")
	directive := c.Flags().String("directive", "", "the `EDITION` of the Directive the questionnaire serves (2019, 2021, 2023, 2025; default: the one in force)")
	var output string
	addOutputFlag(c, &output)
	c.RunE = action(func(_ context.Context, args []string) (int, error) {
		if len(args) != 1 {
			return exitUsage, usageError("import takes one SURVEY file (or - for standard input), not %d", len(args))
		}
		name := strings.TrimSpace(*version)
		if name == "" {
			return exitUsage, usageError("--version NAME is required: a SurveyJS file names no version")
		}
		if _, err := questionnaire.Version(name); err == nil {
			return exitUsage, usageError("--version %s names an embedded version; choose another name (such as %s-official)", clean(name), clean(name))
		}
		if d := *directive; d != "" && !slices.Contains([]string{"2019", "2021", "2023", "2025"}, d) {
			return exitUsage, usageError("--directive must be 2019, 2021, 2023 or 2025, not %q", d)
		}
		if err := checkOutputFile("--output", output, args); err != nil {
			return exitUsage, err
		}
		in := readStdinOrFile(e, args[0], questionnaire.MaxFileSize)
		if in.err != nil {
			return exitFailed, fmt.Errorf("%s: %w", clean(args[0]), in.err)
		}
		if f, err := questionnaire.DetectFormat(in.data); err == nil && f == questionnaire.NativeFormat {
			return exitFailed, fmt.Errorf("%s is already a native questionnaire; use it as it is (aia questionnaire check %s)", clean(args[0]), clean(args[0]))
		}
		q, err := questionnaire.LoadFile(in.data, name)
		if err != nil {
			return exitFailed, fmt.Errorf("%s: %w", clean(args[0]), err)
		}
		q.Directive = *directive
		b, err := q.MarshalIndent()
		if err != nil {
			return exitFailed, err
		}
		b = append(b, '\n')
		if _, err := questionnaire.LoadFile(b, name); err != nil { // what is written must read back
			return exitFailed, fmt.Errorf("%s: the native file would not load: %w", clean(args[0]), err)
		}
		if output != "" && output != "-" {
			return exitOK, writeAtomic(output, b)
		}
		_, err = e.stdout.Write(b)
		return exitOK, err
	})
	return setUsage(c, "import --version NAME [--output FILE] SURVEY", importHelp, importExamples)
}

const checkHelp = `
Checks questionnaire files, native or SurveyJS (told apart by their content): the JSON
Schema (native files), IDs, references and cycles between visibility conditions, choice
values and weights. Each problem names the file, the JSON pointer in it and the
question. Exit status: 0 every file valid, 1 some file is not, 2 bad usage.`

func newCheckCommand(e *env) *cobra.Command {
	c := &cobra.Command{}
	c.RunE = action(func(_ context.Context, files []string) (int, error) {
		if len(files) == 0 {
			return exitUsage, usageError("check takes one or more FILEs")
		}
		status := exitOK
		for _, path := range files {
			if msg := checkQuestionnaireFile(e, path); msg != nil {
				status = exitFailed
				for _, m := range msg {
					fmt.Fprintf(e.stdout, "%s: %s\n", clean(path), clean(m))
				}
			}
		}
		return status, nil
	})
	return setUsage(c, "check FILE...", checkHelp,
		"  aia questionnaire check survey-enfr.json\n  aia questionnaire check questionnaires/*.json")
}

// checkQuestionnaireFile prints what a valid file holds and returns nil, or returns
// its problems.
func checkQuestionnaireFile(e *env, path string) []string {
	in := readStdinOrFile(e, path, questionnaire.MaxFileSize)
	if in.err != nil {
		return []string{in.err.Error()}
	}
	format, err := questionnaire.DetectFormat(in.data)
	version := ""
	if err == nil && format == questionnaire.SurveyJSFormat {
		version = surveyJSName(path)
	}
	q, err := questionnaire.LoadFile(in.data, version)
	if err != nil {
		var ve *questionnaire.ValidationError
		if errors.As(err, &ve) {
			return ve.Problems
		}
		return []string{err.Error()}
	}
	scored := 0
	for _, x := range q.Questions() {
		if x.Scored() {
			scored++
		}
	}
	what := "version " + q.Version
	if format == questionnaire.SurveyJSFormat {
		what = "no version: import it with --version NAME"
	}
	fmt.Fprintf(e.stdout, "%s: valid %s questionnaire (%s): %d pages, %d scored questions, max raw %d, max mitigation %d\n",
		clean(path), format, clean(what), len(q.Pages), scored, q.MaxRaw(), q.MaxMitigation())
	return nil
}
