package main

import (
	"unicode/utf8"

	"context"
	_ "embed"
	"fmt"
	"html"
	htmltemplate "html/template"
	"io"
	"strings"
	texttemplate "text/template"

	"github.com/spf13/cobra"

	"github.com/gc-aia/aia/aia"
	"github.com/gc-aia/aia/internal/richtext"
	"github.com/gc-aia/aia/questionnaire"
)

const reportHelp = `
Writes the full result of one saved assessment as a document to circulate or publish:
the impact level, the scores, a per-section table, the Directive's requirements for the
level, the committed mitigation measures, and every question shown with its answer and
points. Markdown is editable; HTML is one self-contained, accessible page with a print
stylesheet. FILE may be - (a saved file on standard input). Answers are escaped: they
never become markup in either format.`

const reportExamples = `  aia report examples/assessments/level3-design.json > report.md
  aia report saved.json -f html --lang fr -o rapport.html
  curl -s https://intranet.example/aia/123.json | aia report - > report.md`

//go:embed report.md.tmpl
var reportMarkdown string

//go:embed report.html.tmpl
var reportHTML string

func newReportCommand(e *env) *cobra.Command {
	c := &cobra.Command{Short: "write the full result of one assessment as Markdown or HTML"}
	format := addChoiceFlag(c, "format", "f", "document format: md (Markdown) or html", "md", "html")
	lang := addLangFlag(c, "language")
	version := c.Flags().String("questionnaire", "", "use this questionnaire `VERSION` or FILE (native or SurveyJS), whatever the file says")
	qf := addQuestionnairesFlag(c)
	var output string
	addOutputFlag(c, &output)
	c.RegisterFlagCompletionFunc("questionnaire", completeVersions)
	c.RunE = action(func(_ context.Context, files []string) (int, error) {
		return runReport(e, files, *format, lang(), *version, output, qf)
	})
	return setUsage(c, "report [flags] FILE", reportHelp, reportExamples)
}

func runReport(e *env, files []string, format string, l questionnaire.Lang, version, output string, qf *questionnaireFlags) (int, error) {
	if len(files) != 1 {
		return exitUsage, usageError("report takes one FILE (or - for standard input), not %d", len(files))
	}
	var opts aia.Options
	var err error
	if err := qf.load(); err != nil {
		return exitUsage, err
	}
	if opts.Questionnaire, err = qf.choose("--questionnaire", version, false); err != nil {
		return exitUsage, err
	}
	opts.Versions = qf.versions
	if err := checkOutputFile("--output", output, qf.inputs(files)); err != nil {
		return exitUsage, err
	}
	name := files[0]
	in := readStdinOrFile(e, name, aia.DefaultMaxFileSize)
	if in.err != nil {
		return exitFailed, fmt.Errorf("%s: %w", clean(name), in.err)
	}
	doc, err := newReportDoc(name, in.data, opts, l)
	if err != nil {
		return exitFailed, fmt.Errorf("%s: %w", clean(name), err)
	}
	var b strings.Builder
	if err := renderReport(&b, doc, format); err != nil {
		return exitFailed, err
	}
	if output != "" && output != "-" {
		return exitOK, writeAtomic(output, []byte(b.String()))
	}
	_, err = io.WriteString(e.stdout, b.String())
	return exitOK, err
}

// reportDoc is what the report templates show, in one language.
type reportDoc struct {
	Lang          string
	L             map[string]string // labels
	Source        string
	Title         string
	Questionnaire string
	Directive     string
	Report        *aia.Report
	Level         string
	Sections      []reportSection
	Requirements  []reportRequirement
	Measures      []reportMeasure
	Warnings      []string
}

// rich is a text of the questionnaire, which may hold HTML (the official files' texts
// do), ready for each format: allow-listed HTML, or escaped Markdown of its plain text.
// An answer's own text becomes a rich text with all of it escaped.
type rich struct {
	HTML htmltemplate.HTML
	MD   string
}

// questionnaireText renders a text from the questionnaire.
func questionnaireText(s string) rich {
	// trimmed: "** Title**" is not bold in Markdown, and official French titles may start with a space
	return rich{HTML: htmltemplate.HTML(richtext.HTML(s)), MD: markdownEscape(strings.TrimSpace(richtext.Plain(s)))}
}

// answerRich renders a text from the saved file: never markup, nor characters that
// drive a terminal.
func answerRich(s string) rich {
	return rich{HTML: htmltemplate.HTML(html.EscapeString(withoutUnsafe(s))), MD: markdownEscape(s)}
}

// withoutUnsafe drops the characters unsafeRune reports, but line breaks and tabs.
func withoutUnsafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r != '\n' && r != '\t' && unsafeRune(r) {
			return -1
		}
		return r
	}, s)
}

func joinRich(parts []rich, sep string) rich {
	var h, m []string
	for _, p := range parts {
		h, m = append(h, string(p.HTML)), append(m, p.MD)
	}
	return rich{HTML: htmltemplate.HTML(strings.Join(h, html.EscapeString(sep))), MD: strings.Join(m, markdownEscape(sep))}
}

type reportSection struct {
	ID, Kind        string
	Title           rich
	Score, Max      int
	Answered, Count int
	Questions       []reportQuestion
}

type reportQuestion struct {
	ID      string
	Title   rich
	Answers []string
	Answer  rich // the answers, joined
	Scored  bool
	Points  int
	Max     int
}

type reportRequirement struct {
	Title  string
	Blocks []textBlock
}

// textBlock is a paragraph, or a list when Items is set.
type textBlock struct {
	Para  string
	Items []string
}

type reportMeasure struct {
	Title   rich
	Answers []string
	Answer  rich
	Points  int
}

func newReportDoc(source string, data []byte, opts aia.Options, lang questionnaire.Lang) (*reportDoc, error) {
	f, err := aia.ParseSavedFile(data)
	if err != nil {
		return nil, err
	}
	a, err := aia.FromFile(f, opts)
	if err != nil {
		return nil, err
	}
	rep, err := aia.NewReport(a)
	if err != nil {
		return nil, err
	}
	q := a.Questionnaire
	doc := &reportDoc{
		Lang: string(lang), L: reportLabels(lang), Source: withoutUnsafe(source), Report: rep,
		Questionnaire: q.Version, Directive: rep.Directive.Name.In(lang), Level: rep.Level.String(),
		Warnings: warningTexts(rep.Warnings, lang),
	}
	if x, ok := q.Question("projectDetailsTitle"); ok {
		doc.Title = withoutUnsafe(a.Answers[x.Index()].Str)
	}
	visible := q.Visibility(a.Answers, nil)
	points := map[string]aia.QuestionScore{}
	for _, qs := range rep.Explanation.Questions {
		points[qs.ID] = qs
	}
	scores := map[string]aia.Section{}
	for _, s := range rep.Sections {
		scores[s.ID] = s
	}
	for _, p := range q.Pages {
		sec := reportSection{ID: p.ID, Title: questionnaireText(p.Title.In(lang))}
		if s, ok := scores[p.ID]; ok {
			sec.Kind, sec.Score, sec.Max, sec.Answered, sec.Count = s.Kind, s.Score, s.Max, s.Answered, s.Questions
		}
		for _, x := range p.Questions {
			if x.Type == questionnaire.Info || !visible[x.Index()] {
				continue
			}
			v := a.Answers[x.Index()]
			rq := reportQuestion{ID: x.ID, Title: questionnaireText(x.Title.In(lang)), Scored: x.Scored(), Max: x.Max(), Points: points[x.ID].Points}
			values := v.List
			if !v.IsList && v.Set && v.Str != "" {
				values = []string{v.Str}
			}
			var answers []rich
			for _, value := range values {
				if c, ok := x.Choice(value); ok {
					rq.Answers = append(rq.Answers, c.Text.In(lang))
					answers = append(answers, questionnaireText(c.Text.In(lang)))
				} else {
					rq.Answers = append(rq.Answers, value)
					answers = append(answers, answerRich(value))
				}
			}
			rq.Answer = joinRich(answers, doc.L["sep"])
			sec.Questions = append(sec.Questions, rq)
		}
		if len(sec.Questions) > 0 || sec.Count > 0 && visible[p.Questions[0].Index()] {
			doc.Sections = append(doc.Sections, sec)
		}
	}
	for _, r := range rep.Requirements {
		doc.Requirements = append(doc.Requirements, reportRequirement{Title: r.Title.In(lang), Blocks: textBlocks(r.Text.In(lang))})
	}
	for _, m := range rep.Measures {
		rm := reportMeasure{Title: questionnaireText(m.Title.In(lang)), Points: m.Points}
		var answers []rich
		for _, t := range m.Answers {
			rm.Answers = append(rm.Answers, t.In(lang))
			answers = append(answers, questionnaireText(t.In(lang)))
		}
		rm.Answer = joinRich(answers, doc.L["sep"])
		doc.Measures = append(doc.Measures, rm)
	}
	return doc, nil
}

// textBlocks splits a requirement text into paragraphs and lists ("- " lines).
func textBlocks(s string) []textBlock {
	var out []textBlock
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		switch item, isItem := strings.CutPrefix(line, "- "); {
		case line == "":
		case isItem && len(out) > 0 && out[len(out)-1].Items != nil:
			out[len(out)-1].Items = append(out[len(out)-1].Items, item)
		case isItem:
			out = append(out, textBlock{Items: []string{item}})
		default:
			out = append(out, textBlock{Para: line})
		}
	}
	return out
}

func renderReport(w io.Writer, doc *reportDoc, format string) error {
	funcs := map[string]any{
		"join": strings.Join,
		"md":   markdownEscape,
		"percent": func(n, max int) int {
			if max == 0 {
				return 0
			}
			return n * 100 / max
		},
	}
	if format == "html" {
		t, err := htmltemplate.New("report").Funcs(funcs).Parse(reportHTML)
		if err != nil {
			return err
		}
		return t.Execute(w, doc)
	}
	t, err := texttemplate.New("report").Funcs(funcs).Parse(reportMarkdown)
	if err != nil {
		return err
	}
	return t.Execute(w, doc)
}

// markdownEscape keeps a text from an input from being read as Markdown or HTML: the
// characters that start markup are escaped (& and < as HTML entities, which Markdown
// passes through as text), line breaks become <br>, and control characters, which no
// document should hold, are dropped.
func markdownEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '\n':
			b.WriteString("<br>")
		case r == '\t':
			b.WriteByte(' ')
		case unsafeRune(r) || r == utf8.RuneError:
			// dropped
		case strings.ContainsRune("\\`*_[]#|{}!~", r):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func reportLabels(lang questionnaire.Lang) map[string]string {
	if lang != questionnaire.French {
		return map[string]string{
			"title": "Algorithmic Impact Assessment", "untitled": "Untitled project", "level": "Impact level",
			"current": "Current score", "raw": "Raw impact score", "mitigation": "Mitigation score",
			"deduction": "Mitigation deduction (15%)", "applied": "applied", "notApplied": "not applied",
			"threshold": "threshold", "of": "of", "sections": "Scores by section", "section": "Section",
			"kind": "Kind", "score": "Score", "max": "Maximum", "answered": "Answered",
			"requirements": "What level %s requires", "measures": "Committed mitigation measures",
			"noMeasures": "None.", "questions": "Questions and answers", "question": "Question",
			"answer": "Answer", "points": "Points", "noAnswer": "(no answer)", "warnings": "Warnings",
			"questionnaire": "Questionnaire", "source": "Source file", "generated": "Generated by aia",
			"toNext": "More raw impact points that would raise the level", "toPrevious": "Fewer raw impact points that would lower the level",
			"raw_kind": "raw impact", "mitigation_kind": "mitigation", "mixed_kind": "mixed", "summary": "Summary",
			"colon": ": ", "sep": "; ", "percent": "%d%%",
		}
	}
	// French typography (docs/glossary.md): ’, a no-break space before : and %, a narrow
	// one before ; ? !.
	return map[string]string{
		"title": "Évaluation de l’incidence algorithmique", "untitled": "Projet sans titre", "level": "Niveau d’incidence",
		"current": "Cote actuelle", "raw": "Cote d’incidence brute", "mitigation": "Cote d’atténuation",
		"deduction": "Réduction pour atténuation (15\u00a0%)", "applied": "appliquée", "notApplied": "non appliquée",
		"threshold": "seuil", "of": "sur", "sections": "Cotes par section", "section": "Section",
		"kind": "Type", "score": "Cote", "max": "Maximum", "answered": "Réponses",
		"requirements": "Exigences du niveau %s", "measures": "Mesures d’atténuation auxquelles vous vous engagez",
		"noMeasures": "Aucune.", "questions": "Questions et réponses", "question": "Question",
		"answer": "Réponse", "points": "Points", "noAnswer": "(sans réponse)", "warnings": "Avertissements",
		"questionnaire": "Questionnaire", "source": "Fichier source", "generated": "Produit par aia",
		"toNext": "Points d’incidence brute de plus qui élèveraient le niveau", "toPrevious": "Points d’incidence brute de moins qui abaisseraient le niveau",
		"raw_kind": "incidence brute", "mitigation_kind": "atténuation", "mixed_kind": "mixte", "summary": "Sommaire",
		"colon": "\u00a0: ", "sep": "\u202f; ", "percent": "%d\u00a0%%",
	}
}

// warningTexts returns warnings in a language.
func warningTexts(ws []aia.Warning, lang questionnaire.Lang) []string {
	if len(ws) == 0 {
		return nil
	}
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.In(lang)
	}
	return out
}
