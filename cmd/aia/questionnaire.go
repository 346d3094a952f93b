package main

import (
	"context"
	"encoding/json"
	"fmt"
	"github.com/spf13/cobra"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/gc-aia/aia/aia"
	"github.com/gc-aia/aia/questionnaire"
)

func newQuestionnaireCommand(e *env) *cobra.Command {
	c := &cobra.Command{
		Short: "list, show, compare questionnaire versions; print the JSON Schemas",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return usageError("missing subcommand (list, show, diff, schema)")
		},
	}
	setUsage(c, "questionnaire COMMAND", `
Works with the questionnaire versions the program knows: lists them, shows one as its
native JSON or as a readable listing, compares two, and prints the JSON Schemas of the
questionnaire and saved-file formats.`, `  aia questionnaire list
  aia questionnaire show v1.0.1 --format text --lang fr
  aia questionnaire diff v0.10.0 v1.0.1
  aia questionnaire schema savedfile > savedfile.schema.json`)

	list := &cobra.Command{
		Args: cobra.NoArgs,
		RunE: action(func(context.Context, []string) (int, error) { return exitOK, listQuestionnaires(e.stdout) }),
	}
	setUsage(list, "list", "Lists the embedded questionnaire versions with their aliases, Directive edition and maxima.", "  aia questionnaire list")

	show := &cobra.Command{ValidArgsFunction: completeVersions}
	format := addFormatFlag(show, "json (the native format) or text (a readable listing)", "json", "text")
	lang := addLangFlag(show, "language of the text listing")
	show.RunE = action(func(_ context.Context, args []string) (int, error) {
		if len(args) != 1 {
			return exitUsage, usageError("show takes one VERSION")
		}
		q, err := chooseQuestionnaire("VERSION", args[0])
		if err != nil {
			return exitUsage, err
		}
		if *format == "text" {
			return exitOK, writeQuestionnaireText(e.stdout, q, lang())
		}
		b, err := q.MarshalIndent()
		if err != nil {
			return exitFailed, err
		}
		_, err = e.stdout.Write(append(b, '\n'))
		return exitOK, err
	})
	setUsage(show, "show [flags] VERSION", "Shows a questionnaire version: its native JSON (the default), or a readable listing of its pages, questions, conditions, choices and weights.",
		"  aia questionnaire show v1.0.1 > v1.0.1.json\n  aia questionnaire show v1.0.1 --format text --lang fr")

	diff := &cobra.Command{ValidArgsFunction: completeVersions}
	diff.RunE = action(func(_ context.Context, args []string) (int, error) {
		if len(args) != 2 {
			return exitUsage, usageError("diff takes two versions")
		}
		from, err := chooseQuestionnaire("A", args[0])
		if err != nil {
			return exitUsage, err
		}
		to, err := chooseQuestionnaire("B", args[1])
		if err != nil {
			return exitUsage, err
		}
		return exitOK, writeDiff(e.stdout, questionnaire.Diff(from, to))
	})
	setUsage(diff, "diff A B", "Lists what changed from version A to version B: pages and questions added and removed, choices re-weighted, conditions changed, and the maxima.",
		"  aia questionnaire diff v0.10.0 v1.0.1")

	schemas := map[string][]byte{"questionnaire": questionnaire.Schema(), "savedfile": aia.SavedFileSchema()}
	schema := &cobra.Command{ValidArgs: []string{"questionnaire", "savedfile"}}
	schema.RunE = action(func(_ context.Context, args []string) (int, error) {
		names := args
		if len(names) == 0 {
			names = []string{"questionnaire", "savedfile"}
		}
		for _, name := range names {
			if _, ok := schemas[name]; !ok || len(args) > 1 {
				return exitUsage, usageError("schema takes questionnaire or savedfile")
			}
		}
		for _, name := range names {
			if _, err := e.stdout.Write(schemas[name]); err != nil {
				return exitFailed, err
			}
		}
		return exitOK, nil
	})
	setUsage(schema, "schema [questionnaire|savedfile]", "Prints the JSON Schemas (draft 2020-12) of the native questionnaire format and of the saved-file format (both when none is named).",
		"  aia questionnaire schema savedfile > savedfile.schema.json")

	c.AddCommand(list, show, diff, schema)
	return c
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

func writeQuestionnaireText(w io.Writer, q *questionnaire.Questionnaire, lang questionnaire.Lang) error {
	l := func(key string) string { return label(lang, key) }
	var b strings.Builder
	fmt.Fprintf(&b, l("qHeader")+"\n", q.Title.In(lang), q.Directive, q.MaxRaw(), q.MaxMitigation())
	for _, p := range q.Pages {
		fmt.Fprintf(&b, "\n== %s  [%s]", p.Title.In(lang), p.ID)
		if p.VisibleIf != "" {
			fmt.Fprintf(&b, "  %s %s", l("qShownWhen"), p.VisibleIf)
		}
		b.WriteString("\n")
		for _, x := range p.Questions {
			if x.Type == questionnaire.Info {
				continue
			}
			fmt.Fprintf(&b, "\n  %s  (%s", x.ID, x.Type)
			if x.Scored() {
				fmt.Fprintf(&b, ", %s, max %d", l("kind_"+string(x.Kind)), x.Max())
			}
			if x.Required {
				b.WriteString(", " + l("qRequired"))
			}
			b.WriteString(")\n")
			fmt.Fprintf(&b, "    %s\n", x.Title.In(lang))
			if x.VisibleIf != "" {
				fmt.Fprintf(&b, "    %s %s\n", l("qShownWhen"), x.VisibleIf)
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
