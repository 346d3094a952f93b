package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/gc-aia/aia/aia"
	"github.com/gc-aia/aia/questionnaire"
)

const scoreHelp = `Usage: aia score [flags] PATH...

Scores saved AIA files. PATH is a saved file, a directory (every *.json file below it,
recursively, in lexical order) or - (JSON Lines on standard input: one saved file per
line, named -:LINE). Inputs are scored in parallel on all cores; the output keeps the
input order and memory stays flat however many inputs pass through.

An input that cannot be read or scored is reported (on standard error, and in the output)
and the others are still scored. Exit status: 0 all scored, 1 some inputs failed (or a
--fail-on-warning, --min-level or --max-level gate tripped), 2 bad usage.

Formats: text (for people), jsonl (one JSON object per assessment), csv (RFC 4180, one
row per assessment, one column per section score). --summary prints only counts per level
and per questionnaire version, the failures, and the slowest and largest inputs (as one
JSON object with --format jsonl).

Examples:
  aia score --sample
  aia score examples/assessments/level2-implementation.json
  aia score --format jsonl --lang fr examples/assessments
  aia score --format csv --output scores.csv /data/aia
  find /data/aia -name '*.json' -exec jq -c . {} + | aia score --format jsonl -
  aia score --summary --max-level 2 --fail-on-warning submissions/

Flags:
`

type scoreOptions struct {
	format        string
	lang          questionnaire.Lang
	questionnaire *questionnaire.Questionnaire
	strict        bool
	maxSize       int64
}

// gates are the conditions under which a run that scored everything still fails.
type gates struct {
	failOnWarning      bool
	minLevel, maxLevel int
}

// scored is one assessment's report and its encoding in the output format.
type scored struct {
	rep *aia.Report
	out []byte
}

func (g gates) check(r *aia.Report) string {
	if r == nil {
		return ""
	}
	switch {
	case g.failOnWarning && len(r.Warnings) > 0:
		return fmt.Sprintf("%d warnings (--fail-on-warning)", len(r.Warnings))
	case g.minLevel > 0 && int(r.Level) < g.minLevel:
		return fmt.Sprintf("level %v is below --min-level %d", r.Level, g.minLevel)
	case g.maxLevel > 0 && int(r.Level) > g.maxLevel:
		return fmt.Sprintf("level %v is above --max-level %d", r.Level, g.maxLevel)
	}
	return ""
}

func runScore(ctx context.Context, e *env) (int, error) {
	fs := newFlags("score", scoreHelp, e)
	format := fs.String("format", "text", "output `format`: text, jsonl or csv")
	lang := fs.String("lang", "en", "language of texts: en or fr")
	version := fs.String("questionnaire", "", "score with this questionnaire `VERSION`, whatever the files say")
	strict := fs.Bool("strict", false, "treat unknown questions and invalid values as errors")
	maxSize := fs.Int64("max-size", aia.DefaultMaxFileSize, "largest accepted input, in `bytes`")
	sample := fs.Bool("sample", false, "score the embedded sample assessments (no PATH needed)")
	summaryOnly := fs.Bool("summary", false, "print only a summary of the run")
	output := fs.String("output", "", "write to `FILE` (atomically: all or nothing) instead of standard output")
	quiet := fs.Bool("quiet", false, "no progress line on standard error")
	var g gates
	fs.BoolVar(&g.failOnWarning, "fail-on-warning", false, "exit 1 when an assessment has warnings")
	fs.IntVar(&g.minLevel, "min-level", 0, "exit 1 when an assessment's impact level is below `N` (1-4)")
	fs.IntVar(&g.maxLevel, "max-level", 0, "exit 1 when an assessment's impact level is above `N` (1-4)")
	if done, status, err := parseFlags(fs, e.args); done {
		return status, err
	}
	opts := scoreOptions{format: *format, strict: *strict, maxSize: *maxSize}
	var ok bool
	if opts.lang, ok = questionnaire.ParseLang(*lang); !ok {
		return exitUsage, fmt.Errorf("%w: --lang must be en or fr, not %q", errUsage, *lang)
	}
	if *version != "" {
		q, err := questionnaire.Version(*version)
		if err != nil {
			return exitUsage, fmt.Errorf("%w: --questionnaire: %v", errUsage, err)
		}
		opts.questionnaire = q
	}
	if g.minLevel < 0 || g.minLevel > 4 || g.maxLevel < 0 || g.maxLevel > 4 {
		return exitUsage, fmt.Errorf("%w: --min-level and --max-level take 1 to 4", errUsage)
	}
	if opts.maxSize <= 0 {
		return exitUsage, fmt.Errorf("%w: --max-size must be positive", errUsage)
	}
	if fs.NArg() == 0 && !*sample {
		return exitUsage, fmt.Errorf("%w: no PATH given (use - to read JSON Lines from standard input, or --sample)", errUsage)
	}

	var out io.Writer = e.stdout
	var file *atomicFile
	if *output != "" {
		var err error
		if file, err = createAtomic(*output); err != nil {
			return exitFailed, err
		}
		defer file.abort() // a no-op once committed
		out = file
	}
	bw := bufio.NewWriterSize(out, 64<<10)
	form, err := newFormat(opts.format, opts.lang, *summaryOnly)
	if err != nil {
		return exitUsage, err
	}
	if _, err := bw.Write(form.header()); err != nil {
		return exitFailed, err
	}

	sum := newSummary()
	prog := startProgress(e.stderr, *quiet)
	if prog.show {
		go func() { prog.setTotal(countInputs(ctx, fs.Args())) }()
	}
	gateTripped := 0
	each := func(yield func(input) bool) {
		if *sample && !readSamples(yield) {
			return
		}
		readInputs(ctx, fs.Args(), e.stdin, opts.maxSize, yield)
	}
	scorers := sync.Pool{New: func() any {
		return aia.NewScorer(aia.Options{Questionnaire: opts.questionnaire, Strict: opts.strict, MaxFileSize: opts.maxSize})
	}}
	work := func(in input) (scored, error) {
		sc := scorers.Get().(*aia.Scorer)
		rep, err := sc.ScoreFile(in.data)
		scorers.Put(sc)
		out, ferr := form.record(in.source, rep, err)
		if ferr != nil {
			return scored{}, ferr
		}
		return scored{rep, out}, err
	}
	emit := func(o outcome[scored]) error {
		sum.add(o.source, o.size, o.duration, o.value.rep, o.err)
		prog.add(o.size)
		out := o.value.out
		if o.err != nil {
			prog.printf("%s: %v\n", o.source, o.err)
			if out == nil { // the input could not be read: the workers never saw it
				var err error
				if out, err = form.record(o.source, nil, o.err); err != nil {
					return err
				}
			}
		} else if msg := g.check(o.value.rep); msg != "" {
			gateTripped++
			prog.printf("%s: %s\n", o.source, msg)
		}
		_, err := bw.Write(out)
		return err
	}
	runErr := process(ctx, each, work, emit)
	prog.stop()
	sum.Seconds = time.Since(sum.start).Seconds()
	sum.Interrupted = ctx.Err() != nil
	if runErr == nil {
		var footer []byte
		if footer, runErr = form.footer(sum); runErr == nil {
			_, runErr = bw.Write(footer)
		}
	}
	if runErr == nil {
		runErr = bw.Flush()
	}
	if runErr != nil {
		return exitFailed, runErr
	}
	if sum.Interrupted {
		return exitFailed, fmt.Errorf("interrupted after %d inputs (%d scored, %d failed); no output file written", sum.Inputs, sum.Scored, sum.Failed)
	}
	if file != nil {
		if err := file.commit(); err != nil {
			return exitFailed, err
		}
	}
	if sum.Failed > 0 || gateTripped > 0 {
		return exitFailed, nil
	}
	return exitOK, nil
}

type requirementText struct {
	Area  string `json:"area"`
	Title string `json:"title"`
	Text  string `json:"text"`
}

func requirementTexts(reqs []aia.Requirement, lang questionnaire.Lang) []requirementText {
	out := make([]requirementText, len(reqs))
	for i, q := range reqs {
		out[i] = requirementText{Area: q.Area, Title: q.Title.In(lang), Text: q.Text.In(lang)}
	}
	return out
}

// writeText writes a report for a person to read.
func writeText(w io.Writer, source string, rep *aia.Report, lang questionnaire.Lang) error {
	var b strings.Builder
	l := func(key string) string { return label(lang, key) }
	colon := ": "
	if lang == questionnaire.French {
		colon = " : " // French typography
	}
	fmt.Fprintf(&b, "%s  (%s %s)\n", source, l("questionnaire"), rep.Questionnaire)
	fmt.Fprintf(&b, "  %s%s%s\n", l("level"), colon, rep.Level)
	fmt.Fprintf(&b, "  %s%s%d", l("current"), colon, rep.Current)
	if rep.Deduction {
		fmt.Fprintf(&b, "  (%s)\n", fmt.Sprintf(l("deducted"), rep.Raw))
	} else {
		fmt.Fprintf(&b, "  (%s)\n", fmt.Sprintf(l("notDeducted"), rep.Explanation.MitigationToDeduction))
	}
	fmt.Fprintf(&b, "  %s%s%d / %d    %s%s%d / %d (%s %d)\n", l("raw"), colon, rep.Raw, rep.MaxRaw,
		l("mitigation"), colon, rep.Mitigation, rep.MaxMitigation, l("threshold"), rep.Explanation.MitigationThreshold)
	if n := rep.Explanation.RawToNextLevel; n > 0 {
		fmt.Fprintf(&b, "  %s\n", fmt.Sprintf(l("toNext"), n))
	}
	if n := rep.Explanation.RawToPreviousLevel; n > 0 {
		fmt.Fprintf(&b, "  %s\n", fmt.Sprintf(l("toPrevious"), n))
	}
	q, _ := questionnaire.Version(rep.Questionnaire) // for section titles; nil falls back to IDs
	fmt.Fprintf(&b, "\n  %s\n", l("sections"))
	for _, s := range rep.Sections {
		if !s.Visible {
			continue
		}
		title := s.ID
		if q != nil {
			if p, ok := q.Page(s.ID); ok {
				title = p.Title.In(lang)
			}
		}
		fmt.Fprintf(&b, "    %3d / %-3d  %s (%s, %d/%d %s)\n", s.Score, s.Max, title, l("kind_"+s.Kind), s.Answered, s.Questions, l("answered"))
	}
	fmt.Fprintf(&b, "\n  %s (%s)\n", fmt.Sprintf(l("requirements"), rep.Level), rep.Directive.Name.In(lang))
	for _, q := range rep.Requirements {
		fmt.Fprintf(&b, "    %s\n", q.Title.In(lang))
		for _, line := range strings.Split(q.Text.In(lang), "\n") {
			if line != "" {
				fmt.Fprintf(&b, "      %s\n", line)
			}
		}
	}
	if len(rep.Measures) > 0 {
		fmt.Fprintf(&b, "\n  %s\n", l("measures"))
		for _, m := range rep.Measures {
			fmt.Fprintf(&b, "    [+%d] %s\n", m.Points, m.Title.In(lang))
		}
	}
	if len(rep.Warnings) > 0 {
		fmt.Fprintf(&b, "\n  %s\n", l("warnings"))
		for _, warn := range rep.Warnings {
			fmt.Fprintf(&b, "    - %s\n", warn.In(lang))
		}
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// labels are the words of the text report, in both languages.
var labels = map[string][2]string{
	"questionnaire":   {"questionnaire", "questionnaire"},
	"level":           {"Impact level", "Niveau d'incidence"},
	"current":         {"Current score", "Note actuelle"},
	"deducted":        {"raw score %d less 15 %% for mitigation", "note brute %d moins 15 %% pour l'atténuation"},
	"notDeducted":     {"no deduction: %d more mitigation points needed", "aucune réduction : il manque %d points d'atténuation"},
	"raw":             {"Raw impact", "Incidence brute"},
	"mitigation":      {"Mitigation", "Atténuation"},
	"threshold":       {"threshold", "seuil"},
	"toNext":          {"%d more raw impact points would raise the level", "%d points d'incidence brute de plus élèveraient le niveau"},
	"toPrevious":      {"%d fewer raw impact points would lower the level", "%d points d'incidence brute de moins abaisseraient le niveau"},
	"sections":        {"Sections", "Sections"},
	"answered":        {"answered", "répondues"},
	"kind_raw":        {"raw impact", "incidence brute"},
	"kind_mitigation": {"mitigation", "atténuation"},
	"kind_mixed":      {"mixed", "mixte"},
	"requirements":    {"Requirements for level %s", "Exigences du niveau %s"},
	"measures":        {"Committed mitigation measures", "Mesures d'atténuation prévues"},
	"warnings":        {"Warnings", "Avertissements"},
	"error":           {"error", "erreur"},
}

func label(lang questionnaire.Lang, key string) string {
	if lang == questionnaire.French {
		return labels[key][1]
	}
	return labels[key][0]
}
