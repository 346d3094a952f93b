package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gc-aia/aia/aia"
	"github.com/gc-aia/aia/internal/richtext"
	"github.com/gc-aia/aia/questionnaire"
	"github.com/gc-aia/aia/questionnaire/condition"
)

const diffHelp = `
Compares two saved files of the same assessment, OLD and NEW: what a reassessment
changed. The Directive asks for the AIA to be updated when the system's functionality or
scope changes; this shows what the update did:
  - the impact level and the raw, mitigation and current scores, before and after;
  - every answer that changed: the question, the values before and after with their
    texts, the points before and after, and whether it counts as raw impact or mitigation;
  - the score of each section, before and after;
  - the Appendix C requirements that differ between the two levels;
  - the committed mitigation measures added and dropped.
Files of different questionnaire versions are compared after migrating the older one to
the newer version, and the comparison says so. Either file may be - (standard input).

Exit status: 0 whether or not the files differ; 1 when --fail-on-level-increase is given
and the level went up (a gate for teams that keep their AIA in git), or a file cannot be
read; 2 bad usage.`

const diffExamples = `  aia diff aia-2025.json aia-2026.json
  aia diff old.json new.json --lang fr -f md > changes.md
  git show HEAD~1:aia.json | aia diff - aia.json --fail-on-level-increase
  aia diff old.json new.json -f jsonl | jq '.changes[].question'`

func newDiffCommand(e *env) *cobra.Command {
	c := &cobra.Command{Short: "compare two saved files of one assessment (a reassessment)"}
	format := addFormatFlag(c, "output format", "text", "md", "jsonl")
	lang := addLangFlag(c, "language of texts")
	failOnIncrease := c.Flags().Bool("fail-on-level-increase", false, "exit 1 when the impact level went up")
	qf := addQuestionnairesFlag(c)
	c.RunE = action(func(_ context.Context, files []string) (int, error) {
		if len(files) != 2 {
			return exitUsage, usageError("diff takes two files, OLD and NEW, not %d", len(files))
		}
		if files[0] == "-" && files[1] == "-" {
			return exitUsage, usageError("only one of OLD and NEW can be standard input")
		}
		if err := qf.load(); err != nil {
			return exitUsage, err
		}
		var assessments [2]*aia.Assessment
		for i, name := range files {
			a, err := readAssessment(e, name, qf.versions)
			if err != nil {
				return exitFailed, err
			}
			assessments[i] = a
		}
		cmp, err := aia.Compare(assessments[0], assessments[1])
		if err != nil {
			return exitFailed, err
		}
		var b strings.Builder
		switch *format {
		case "jsonl":
			out, err := json.Marshal(cmp)
			if err != nil {
				return exitFailed, err
			}
			b.Write(append(out, '\n'))
		default:
			writeComparison(&b, files[0], files[1], cmp, lang(), *format == "md")
		}
		if _, err := io.WriteString(e.stdout, b.String()); err != nil {
			return exitFailed, err
		}
		if *failOnIncrease && cmp.After.Level > cmp.Before.Level {
			fmt.Fprintln(e.stderr, say(lang(), "levelUp", clean(files[1]), cmp.Before.Level, cmp.After.Level))
			return exitFailed, nil
		}
		return exitOK, nil
	})
	return setUsage(c, "diff [flags] OLD NEW", diffHelp, diffExamples)
}

// readAssessment reads a saved file (or standard input, for "-") as an assessment.
func readAssessment(e *env, name string, versions *questionnaire.Registry) (*aia.Assessment, error) {
	in := readStdinOrFile(e, name, aia.DefaultMaxFileSize)
	if in.err != nil {
		return nil, fmt.Errorf("%s: %w", clean(name), in.err)
	}
	f, err := aia.ParseSavedFile(in.data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", clean(name), err)
	}
	a, err := aia.FromFile(f, aia.Options{Versions: versions})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", clean(name), err)
	}
	return a, nil
}

// writeComparison writes c for people, as text or Markdown.
func writeComparison(b *strings.Builder, oldName, newName string, c *aia.Comparison, lang questionnaire.Lang, md bool) {
	q := c.Questionnaire
	l := func(key string) string { return diffLabel(lang, key) }
	esc := clean
	if md {
		esc = markdownEscape
	}
	// qt shows a text of the questionnaire (which may hold HTML) as plain text
	qt := func(s string) string { return esc(oneLine(richtext.Plain(s))) }
	colon := ": "
	if lang == questionnaire.French {
		colon = "\u00a0: "
	}
	heading := func(level int, text string) {
		if md {
			fmt.Fprintf(b, "\n%s %s\n\n", strings.Repeat("#", level), text)
		} else if level == 1 {
			fmt.Fprintf(b, "%s\n", text)
		} else {
			fmt.Fprintf(b, "\n%s\n", text)
		}
	}
	heading(1, fmt.Sprintf("%s%s%s → %s", l("title"), colon, esc(oldName), esc(newName)))
	if c.MigratedFrom != "" {
		fmt.Fprintf(b, "%s\n", fmt.Sprintf(l(plural(lang, "migrated", len(c.Migration.Dropped))), esc(c.MigratedFrom), esc(q.Version), len(c.Migration.Dropped)))
	}
	rows := [][3]string{
		{l("level"), c.Before.Level.String(), c.After.Level.String()},
		{l("current"), fmt.Sprint(c.Before.Current), fmt.Sprint(c.After.Current)},
		{l("raw"), fmt.Sprint(c.Before.Raw), fmt.Sprint(c.After.Raw)},
		{l("mitigation"), fmt.Sprint(c.Before.Mitigation), fmt.Sprint(c.After.Mitigation)},
	}
	if md {
		fmt.Fprintf(b, "\n| | %s | %s |\n|---|---|---|\n", l("before"), l("after"))
		for _, r := range rows {
			fmt.Fprintf(b, "| %s | %s | %s |\n", r[0], r[1], r[2])
		}
	} else {
		fmt.Fprintf(b, "  %-22s %-8s %s\n", "", l("before"), l("after"))
		for _, r := range rows {
			fmt.Fprintf(b, "  %-22s %-8s %s\n", r[0], r[1], r[2])
		}
	}

	heading(2, fmt.Sprintf("%s (%d)", l("changes"), len(c.Changes)))
	if len(c.Changes) == 0 {
		fmt.Fprintf(b, "  %s\n", l("none"))
	}
	for _, ch := range c.Changes {
		x, _ := q.Question(ch.Question)
		kind := l("kind_" + string(ch.Kind))
		if md {
			fmt.Fprintf(b, "- **%s** `%s` (%s)\n  - %s%s%s (%s)\n  - %s%s%s (%s)\n", qt(x.Title.In(lang)), esc(ch.Question), kind,
				l("before"), colon, answerText(x, ch.Before, lang, esc), points(lang, ch.PointsBefore),
				l("after"), colon, answerText(x, ch.After, lang, esc), points(lang, ch.PointsAfter))
			continue
		}
		fmt.Fprintf(b, "  %s  (%s)  %s\n    %-8s %s  (%s)\n    %-8s %s  (%s)\n", esc(ch.Question), kind, qt(x.Title.In(lang)),
			l("before")+colon, answerText(x, ch.Before, lang, esc), points(lang, ch.PointsBefore),
			l("after")+colon, answerText(x, ch.After, lang, esc), points(lang, ch.PointsAfter))
	}

	heading(2, l("sections"))
	if md {
		fmt.Fprintf(b, "| %s | %s | %s | %s |\n|---|---|---|---|\n", l("section"), l("before"), l("after"), l("max"))
	}
	for _, s := range c.Sections {
		title := esc(s.ID)
		if p, ok := q.Page(s.ID); ok {
			title = qt(p.Title.In(lang))
		}
		mark := ""
		if s.Before != s.After {
			mark = " *"
		}
		if md {
			fmt.Fprintf(b, "| %s | %d | %d | %d |\n", title, s.Before, s.After, s.Max)
		} else {
			fmt.Fprintf(b, "  %3d → %3d / %-3d  %s%s\n", s.Before, s.After, s.Max, title, mark)
		}
	}

	heading(2, fmt.Sprintf(l("requirements"), c.Before.Level, c.After.Level))
	if len(c.Requirements) == 0 {
		fmt.Fprintf(b, "  %s\n", l("none"))
	}
	for _, r := range c.Requirements {
		title := r.Area
		for _, x := range []*aia.Requirement{r.After, r.Before} {
			if x != nil {
				title = x.Title.In(lang)
				break
			}
		}
		text := func(x *aia.Requirement) string {
			if x == nil {
				return l("notRequired")
			}
			return oneLine(x.Text.In(lang))
		}
		if md {
			fmt.Fprintf(b, "- **%s**\n  - %s%s%s\n  - %s%s%s\n", esc(title), l("before"), colon, esc(text(r.Before)), l("after"), colon, esc(text(r.After)))
		} else {
			fmt.Fprintf(b, "  %s\n    %-8s %s\n    %-8s %s\n", title, l("before")+colon, text(r.Before), l("after")+colon, text(r.After))
		}
	}

	for _, list := range []struct {
		key      string
		measures []aia.Measure
	}{{"added", c.Measures.Added}, {"removed", c.Measures.Removed}} {
		heading(2, fmt.Sprintf("%s (%d)", l("measures_"+list.key), len(list.measures)))
		if len(list.measures) == 0 {
			fmt.Fprintf(b, "  %s\n", l("none"))
		}
		for _, m := range list.measures {
			if md {
				fmt.Fprintf(b, "- %s (+%d)\n", qt(m.Title.In(lang)), m.Points)
			} else {
				fmt.Fprintf(b, "  [+%d] %s\n", m.Points, qt(m.Title.In(lang)))
			}
		}
	}
}

// answerText shows an answer: each value with its choice text, or the free text cut to
// a readable length; esc makes text from the file safe for the output format.
func answerText(x *questionnaire.Question, v condition.Value, lang questionnaire.Lang, esc func(string) string) string {
	if v.Empty() {
		return diffLabel(lang, "noAnswer")
	}
	if !x.Type.HasChoices() {
		text := []rune(oneLine(v.Str))
		if len(text) > 200 {
			text = append(text[:200], '…')
		}
		if lang == questionnaire.French {
			return "«\u00a0" + esc(string(text)) + "\u00a0»"
		}
		return "“" + esc(string(text)) + "”"
	}
	values := v.List
	if !v.IsList {
		values = []string{v.Str}
	}
	parts := make([]string, len(values))
	for i, value := range values {
		parts[i] = esc(value)
		if c, ok := x.Choice(value); ok {
			parts[i] += " (" + esc(oneLine(richtext.Plain(c.Text.In(lang)))) + ")"
		}
	}
	return strings.Join(parts, diffLabel(lang, "sep"))
}

// oneLine joins the lines of a text with spaces. Only ASCII white space is folded:
// French no-break spaces stay where they are.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\n' || r == '\r' || r == '\t' }), " ")
}

func points(lang questionnaire.Lang, n int) string {
	if plural(lang, "points", n) == "points1" {
		return fmt.Sprintf(diffLabel(lang, "point"), n)
	}
	return fmt.Sprintf(diffLabel(lang, "points"), n)
}

var diffLabels = map[string][2]string{
	"title":            {"Changes", "Modifications"},
	"migrated":         {"The file of version %s was migrated to %s before the comparison (%d answers dropped).", "Le fichier de la version %s a été migré vers la version %s avant la comparaison (%d réponses abandonnées)."},
	"migrated1":        {"The file of version %s was migrated to %s before the comparison (%d answer dropped).", "Le fichier de la version %s a été migré vers la version %s avant la comparaison (%d réponse abandonnée)."},
	"level":            {"Impact level", "Niveau d’incidence"},
	"current":          {"Current score", "Cote actuelle"},
	"raw":              {"Raw impact score", "Cote d’incidence brute"},
	"mitigation":       {"Mitigation score", "Cote d’atténuation"},
	"before":           {"before", "avant"},
	"after":            {"after", "après"},
	"changes":          {"Answers changed", "Réponses modifiées"},
	"none":             {"None.", "Aucune."},
	"kind_raw":         {"raw impact", "incidence brute"},
	"kind_mitigation":  {"mitigation", "atténuation"},
	"kind_":            {"not scored", "sans points"},
	"noAnswer":         {"(no answer)", "(sans réponse)"},
	"point":            {"%d point", "%d point"},
	"points":           {"%d points", "%d points"},
	"sections":         {"Scores by section", "Cotes par section"},
	"section":          {"Section", "Section"},
	"max":              {"Maximum", "Maximum"},
	"requirements":     {"Requirements that differ (level %v → %v)", "Exigences qui diffèrent (niveau %v → %v)"},
	"notRequired":      {"(not required at this level)", "(non exigé à ce niveau)"},
	"measures_added":   {"Mitigation measures added", "Mesures d’atténuation ajoutées"},
	"measures_removed": {"Mitigation measures dropped", "Mesures d’atténuation abandonnées"},
	"sep":              {"; ", "\u202f; "},
}

func diffLabel(lang questionnaire.Lang, key string) string {
	if lang == questionnaire.French {
		return diffLabels[key][1]
	}
	return diffLabels[key][0]
}
