package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/gc-aia/aia/aia"
	"github.com/gc-aia/aia/questionnaire"
)

const questionnaireHelp = `Usage:
  aia questionnaire list                          embedded versions with their maxima
  aia questionnaire show [--format json|text] [--lang en|fr] VERSION
                                                  the native JSON, or a readable listing
  aia questionnaire diff A B                      what changed from version A to version B
  aia questionnaire schema [questionnaire|savedfile]
                                                  the JSON Schemas (both when none is named)

Examples:
  aia questionnaire show --format text --lang fr v1.0.1
  aia questionnaire diff v0.10.0 v1.0.1
  aia questionnaire schema savedfile > savedfile.schema.json
`

func runQuestionnaire(_ context.Context, e *env) (int, error) {
	if len(e.args) == 0 {
		fmt.Fprint(e.stderr, questionnaireHelp)
		return exitUsage, fmt.Errorf("%w: missing subcommand (list, show, diff, schema)", errUsage)
	}
	sub, args := e.args[0], e.args[1:]
	switch sub {
	case "-h", "--help", "help":
		fmt.Fprint(e.stdout, questionnaireHelp)
		return exitOK, nil
	case "list":
		return exitOK, listQuestionnaires(e.stdout)
	case "show":
		return showQuestionnaire(e, args)
	case "diff":
		if len(args) != 2 {
			return exitUsage, fmt.Errorf("%w: diff takes two versions", errUsage)
		}
		from, err := questionnaire.Version(args[0])
		if err != nil {
			return exitUsage, fmt.Errorf("%w: %v", errUsage, err)
		}
		to, err := questionnaire.Version(args[1])
		if err != nil {
			return exitUsage, fmt.Errorf("%w: %v", errUsage, err)
		}
		return exitOK, writeDiff(e.stdout, questionnaire.Diff(from, to))
	case "schema":
		schemas := map[string][]byte{"questionnaire": questionnaire.Schema(), "savedfile": aia.SavedFileSchema()}
		if len(args) == 0 {
			for _, name := range []string{"questionnaire", "savedfile"} {
				if _, err := e.stdout.Write(schemas[name]); err != nil {
					return exitFailed, err
				}
			}
			return exitOK, nil
		}
		s, ok := schemas[args[0]]
		if !ok || len(args) > 1 {
			return exitUsage, fmt.Errorf("%w: schema takes questionnaire or savedfile", errUsage)
		}
		_, err := e.stdout.Write(s)
		return exitOK, err
	}
	return exitUsage, fmt.Errorf("%w: unknown subcommand %q (list, show, diff, schema)", errUsage, sub)
}

func listQuestionnaires(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION\tALIASES\tDIRECTIVE\tSCORED QUESTIONS\tMAX RAW\tMAX MITIGATION\tDEDUCTION FROM")
	for _, q := range questionnaire.Versions() {
		scored := 0
		for _, x := range q.Questions() {
			if x.Scored() {
				scored++
			}
		}
		current := ""
		if q.Version == questionnaire.Current {
			current = " (current)"
		}
		aliases := strings.Join(q.Aliases, ", ")
		if aliases == "" {
			aliases = "-"
		}
		fmt.Fprintf(tw, "%s%s\t%s\t%s\t%d\t%d\t%d\t%d\n", q.Version, current, aliases, q.Directive, scored, q.MaxRaw(), q.MaxMitigation(), aia.MitigationThreshold(q.MaxMitigation()))
	}
	return tw.Flush()
}

func showQuestionnaire(e *env, args []string) (int, error) {
	fs := newFlags("questionnaire show", questionnaireHelp, e)
	format := fs.String("format", "json", "json (the native format) or text")
	lang := fs.String("lang", "en", "language of the text listing: en or fr")
	if done, status, err := parseFlags(fs, args); done {
		return status, err
	}
	if fs.NArg() != 1 {
		return exitUsage, fmt.Errorf("%w: show takes one VERSION", errUsage)
	}
	q, err := questionnaire.Version(fs.Arg(0))
	if err != nil {
		return exitUsage, fmt.Errorf("%w: %v", errUsage, err)
	}
	l, ok := questionnaire.ParseLang(*lang)
	if !ok {
		return exitUsage, fmt.Errorf("%w: --lang must be en or fr", errUsage)
	}
	switch *format {
	case "json":
		b, err := q.MarshalIndent()
		if err != nil {
			return exitFailed, err
		}
		_, err = e.stdout.Write(append(b, '\n'))
		return exitOK, err
	case "text":
		return exitOK, writeQuestionnaireText(e.stdout, q, l)
	}
	return exitUsage, fmt.Errorf("%w: --format must be json or text", errUsage)
}

func writeQuestionnaireText(w io.Writer, q *questionnaire.Questionnaire, lang questionnaire.Lang) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (directive %s): max raw %d, max mitigation %d\n", q.Title.In(lang), q.Directive, q.MaxRaw(), q.MaxMitigation())
	for _, p := range q.Pages {
		fmt.Fprintf(&b, "\n== %s  [%s]", p.Title.In(lang), p.ID)
		if p.VisibleIf != "" {
			fmt.Fprintf(&b, "  shown when %s", p.VisibleIf)
		}
		b.WriteString("\n")
		for _, x := range p.Questions {
			if x.Type == questionnaire.Info {
				continue
			}
			fmt.Fprintf(&b, "\n  %s  (%s", x.ID, x.Type)
			if x.Scored() {
				fmt.Fprintf(&b, ", %s, max %d", x.Kind, x.Max())
			}
			if x.Required {
				b.WriteString(", required")
			}
			b.WriteString(")\n")
			fmt.Fprintf(&b, "    %s\n", x.Title.In(lang))
			if x.VisibleIf != "" {
				fmt.Fprintf(&b, "    shown when %s\n", x.VisibleIf)
			}
			for _, c := range x.Choices {
				fmt.Fprintf(&b, "    - %-10s %2d  %s\n", c.Value, c.Weight, c.Text.In(lang))
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeDiff(w io.Writer, d questionnaire.Difference) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s → %s\n", d.From, d.To)
	fmt.Fprintf(&b, "max raw %d → %d, max mitigation %d → %d\n", d.MaxRaw[0], d.MaxRaw[1], d.MaxMitigation[0], d.MaxMitigation[1])
	list := func(title string, ids []string) {
		if len(ids) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n%s (%d):\n", title, len(ids))
		for _, id := range ids {
			fmt.Fprintf(&b, "  %s\n", id)
		}
	}
	list("Pages added", d.PagesAdded)
	list("Pages removed", d.PagesRemoved)
	list("Questions added", d.Added)
	list("Questions removed", d.Removed)
	if len(d.Changed) > 0 {
		fmt.Fprintf(&b, "\nQuestions changed (%d):\n", len(d.Changed))
		for _, c := range d.Changed {
			fmt.Fprintf(&b, "  %s\n", c.ID)
			for _, s := range c.Changes {
				fmt.Fprintf(&b, "    %s\n", s)
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeJSONLine writes v as one line of JSON.
func writeJSONLine(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}
