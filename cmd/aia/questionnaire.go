package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/gc-aia/aia/aia"
	"github.com/gc-aia/aia/internal/record"
	"github.com/gc-aia/aia/questionnaire"
)

func newQuestionnaireCommand(e *env) *cobra.Command {
	c := &cobra.Command{Short: "list, show, compare, import and check questionnaires; print the JSON Schemas"}
	setUsage(c, "questionnaire COMMAND", `
Works with the questionnaire versions the program knows: lists them, shows one as its
native JSON or as a readable listing, compares two, imports an official SurveyJS file
into the native format, checks a questionnaire file, and prints the JSON Schemas of the
questionnaire and saved-file formats.

Wherever a version is asked for, a questionnaire file may be given instead: native or
the official SurveyJS survey-enfr.json, told apart by their content. A name is first
looked up as a version (embedded, or in --questionnaires DIR), then as a file; a SurveyJS
file, which names no version, is called "surveyjs:" and its file name without ".json".`, `  aia questionnaire list --questionnaires my-questionnaires/
  aia questionnaire show v1.0.1 --format text --lang fr
  aia questionnaire diff v1.0.1 survey-enfr.json
  aia questionnaire import --version v1.1.0 -o my-questionnaires/v1.1.0.json survey-enfr.json
  aia questionnaire check survey-enfr.json
  aia questionnaire schema savedfile > savedfile.schema.json`)

	list := &cobra.Command{Args: cobra.NoArgs}
	listQF := addQuestionnairesFlag(list)
	list.RunE = action(func(context.Context, []string) (int, error) {
		if err := listQF.load(); err != nil {
			return exitUsage, err
		}
		return exitOK, listQuestionnaires(e.stdout, listQF.versions)
	})
	setUsage(list, "list [--questionnaires DIR]", "Lists the embedded questionnaire versions, and those of --questionnaires DIR, with their aliases, Directive edition and maxima.",
		"  aia questionnaire list\n  aia questionnaire list --questionnaires my-questionnaires/")

	show := &cobra.Command{ValidArgsFunction: completeVersions}
	format := addFormatFlag(show, "json (the native format) or text (a readable listing)", "json", "text")
	lang := addLangFlag(show, "language of the text listing")
	showQF := addQuestionnairesFlag(show)
	show.RunE = action(func(_ context.Context, args []string) (int, error) {
		if len(args) != 1 {
			return exitUsage, usageError("show takes one VERSION or FILE")
		}
		if err := showQF.load(); err != nil {
			return exitUsage, err
		}
		q, err := showQF.choose("VERSION", args[0], false)
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
	setUsage(show, "show [flags] VERSION|FILE", "Shows a questionnaire version, or a questionnaire file (native or SurveyJS): its native JSON (the default), or a readable listing of its pages, questions, conditions, choices and weights, texts as plain text.",
		"  aia questionnaire show v1.0.1 > v1.0.1.json\n  aia questionnaire show v1.0.1 --format text --lang fr\n  aia questionnaire show survey-enfr.json --format text")

	diff := &cobra.Command{ValidArgsFunction: completeVersions}
	diffQF := addQuestionnairesFlag(diff)
	diff.RunE = action(func(_ context.Context, args []string) (int, error) {
		if len(args) != 2 {
			return exitUsage, usageError("diff takes two versions or files")
		}
		if err := diffQF.load(); err != nil {
			return exitUsage, err
		}
		from, err := diffQF.choose("A", args[0], false)
		if err != nil {
			return exitUsage, err
		}
		to, err := diffQF.choose("B", args[1], false)
		if err != nil {
			return exitUsage, err
		}
		return exitOK, writeDiff(e.stdout, questionnaire.Diff(from, to))
	})
	setUsage(diff, "diff [flags] A B", "Lists what changed from A to B (versions or questionnaire files): pages and questions added and removed, choices re-weighted, conditions changed, and the maxima.",
		"  aia questionnaire diff v0.10.0 v1.0.1\n  aia questionnaire diff v1.0.1 new/survey-enfr.json")

	schemas := map[string][]byte{"questionnaire": questionnaire.Schema(), "savedfile": aia.SavedFileSchema(), "score-record": record.Schema}
	schema := &cobra.Command{ValidArgs: []string{"questionnaire", "savedfile", "score-record"}}
	schema.RunE = action(func(_ context.Context, args []string) (int, error) {
		names := args
		if len(names) == 0 {
			names = []string{"questionnaire", "savedfile", "score-record"}
		}
		for _, name := range names {
			if _, ok := schemas[name]; !ok || len(args) > 1 {
				return exitUsage, usageError("schema takes questionnaire, savedfile or score-record")
			}
		}
		for _, name := range names {
			if _, err := e.stdout.Write(schemas[name]); err != nil {
				return exitFailed, err
			}
		}
		return exitOK, nil
	})
	setUsage(schema, "schema [questionnaire|savedfile|score-record]", "Prints the JSON Schemas (draft 2020-12) of the native questionnaire format, of the saved-file format and of a record of aia score --format jsonl (all three when none is named).",
		"  aia questionnaire schema savedfile > savedfile.schema.json")

	c.AddCommand(list, show, diff, newImportCommand(e), newCheckCommand(e), schema)
	return c
}

func listQuestionnaires(w io.Writer, versions *questionnaire.Registry) error {
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION\tALIASES\tDIRECTIVE\tSCORED QUESTIONS\tMAX RAW\tMAX MITIGATION\tDEDUCTION FROM")
	registered := versions.Registered()
	for _, q := range append(questionnaire.Versions(), registered...) {
		scored := 0
		for _, x := range q.Questions() {
			if x.Scored() {
				scored++
			}
		}
		current := ""
		if q.Version == questionnaire.Current {
			current = " (current)"
		} else if slices.Contains(registered, q) {
			current = " (file)"
		}
		aliases := strings.Join(q.Aliases, ", ")
		if aliases == "" {
			aliases = "-"
		}
		directive := q.Directive
		if directive == "" {
			directive = "-"
		}
		fmt.Fprintf(tw, "%s%s\t%s\t%s\t%d\t%d\t%d\t%d\n", clean(q.Version), current, clean(aliases), clean(directive), scored, q.MaxRaw(), q.MaxMitigation(), aia.MitigationThreshold(q.MaxMitigation()))
	}
	return tw.Flush()
}

func writeQuestionnaireText(w io.Writer, q *questionnaire.Questionnaire, lang questionnaire.Lang) error {
	l := func(key string) string { return label(lang, key) }
	var b strings.Builder
	name := clean(q.Version) // an imported file may have no title or directive
	if title := plain(q.Title.In(lang)); title != "" {
		name += " — " + title
	}
	if q.Directive != "" {
		name += fmt.Sprintf(l("qDirective"), clean(q.Directive))
	}
	fmt.Fprintf(&b, l("qHeader")+"\n", name, q.MaxRaw(), q.MaxMitigation())
	for _, p := range q.Pages {
		fmt.Fprintf(&b, "\n== %s  [%s]", plain(p.Title.In(lang)), clean(p.ID))
		if p.VisibleIf != "" {
			fmt.Fprintf(&b, "  %s %s", l("qShownWhen"), clean(p.VisibleIf))
		}
		b.WriteString("\n")
		for _, x := range p.Questions {
			if x.Type == questionnaire.Info {
				continue
			}
			fmt.Fprintf(&b, "\n  %s  (%s", clean(x.ID), x.Type)
			if x.Scored() {
				fmt.Fprintf(&b, ", %s, max %d", l("kind_"+string(x.Kind)), x.Max())
			}
			if x.Required {
				b.WriteString(", " + l("qRequired"))
			}
			b.WriteString(")\n")
			fmt.Fprintf(&b, "    %s\n", plain(x.Title.In(lang)))
			if x.VisibleIf != "" {
				fmt.Fprintf(&b, "    %s %s\n", l("qShownWhen"), clean(x.VisibleIf))
			}
			for _, c := range x.Choices {
				fmt.Fprintf(&b, "    - %-10s %2d  %s\n", clean(c.Value), c.Weight, plain(c.Text.In(lang)))
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeDiff(w io.Writer, d questionnaire.Difference) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s → %s\n", clean(d.From), clean(d.To))
	fmt.Fprintf(&b, "max raw %d → %d, max mitigation %d → %d\n", d.MaxRaw[0], d.MaxRaw[1], d.MaxMitigation[0], d.MaxMitigation[1])
	list := func(title string, ids []string) {
		if len(ids) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n%s (%d):\n", title, len(ids))
		for _, id := range ids {
			fmt.Fprintf(&b, "  %s\n", clean(id))
		}
	}
	list("Pages added", d.PagesAdded)
	list("Pages removed", d.PagesRemoved)
	list("Questions added", d.Added)
	list("Questions removed", d.Removed)
	if len(d.Changed) > 0 {
		fmt.Fprintf(&b, "\nQuestions changed (%d):\n", len(d.Changed))
		for _, c := range d.Changed {
			fmt.Fprintf(&b, "  %s\n", clean(c.ID))
			for _, s := range c.Changes {
				fmt.Fprintf(&b, "    %s\n", clean(s))
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
