package main

import (
	"bufio"

	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/gc-aia/aia/aia"
	"github.com/gc-aia/aia/internal/localize"
	"github.com/gc-aia/aia/questionnaire"
)

const scoreHelp = `
Scores saved AIA files. PATH is a saved file, a directory (every *.json file below it,
recursively, in lexical order) or - (JSON Lines on standard input: one saved file per
line, named -:LINE). Inputs are scored in parallel on all cores; the output keeps the
input order and memory stays flat however many inputs pass through.

An input that cannot be read or scored is reported (on standard error, and in the output)
and the others are still scored. Exit status: 0 all scored, 1 some inputs failed (or a
--fail-on-warning, --min-level or --max-level gate tripped), 2 bad usage, 130 or 143
stopped by Ctrl-C or SIGTERM (then --output leaves no file).

Formats: text (for people), jsonl (one JSON object per assessment, with IDs; --texts adds
the wording of requirements, measures and warnings; the record's JSON Schema is printed by
aia questionnaire schema score-record), csv (RFC 4180, one row per assessment, one column
per section score). --summary prints only counts per level
and per questionnaire version, the failures, and the slowest and largest inputs (as one
JSON object with --format jsonl).`

const scoreExamples = `  aia score --sample
  aia score examples/assessments/level2-implementation.json
  aia score examples/assessments --format jsonl --lang fr
  aia score -f csv -o scores.csv /data/aia
  find /data/aia -name '*.json' -exec jq -c . {} + | aia score -f jsonl -
  aia score --summary --max-level 2 --fail-on-warning submissions/`

type scoreOptions struct {
	format            string
	lang              questionnaire.Lang
	questionnaireName string // --questionnaire
	questionnaire     *questionnaire.Questionnaire
	files             *questionnaireFlags // --questionnaires DIR and the files read
	strict            bool
	maxSize           int64
	sample            bool   // score the embedded samples too
	summary           bool   // print only the summary
	texts             bool   // jsonl: the wording of requirements and measures too
	output            string // "" for standard output
	quiet             bool
	gates             gates
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

func (g gates) check(r *aia.Report, lang questionnaire.Lang) string {
	if r == nil {
		return ""
	}
	switch {
	case g.failOnWarning && len(r.Warnings) > 0:
		return say(lang, "gateWarnings", len(r.Warnings))
	case g.minLevel > 0 && int(r.Level) < g.minLevel:
		return say(lang, "gateMin", r.Level, g.minLevel)
	case g.maxLevel > 0 && int(r.Level) > g.maxLevel:
		return say(lang, "gateMax", r.Level, g.maxLevel)
	}
	return ""
}

func newScoreCommand(e *env) *cobra.Command {
	c := &cobra.Command{Short: "score saved assessments (files, directories, JSON Lines on stdin)"}
	var opts scoreOptions
	g := &opts.gates
	format := addFormatFlag(c, "output format", "text", "jsonl", "csv")
	lang := addLangFlag(c, "language of texts")
	c.Flags().StringVar(&opts.questionnaireName, "questionnaire", "", "score with this questionnaire `VERSION` or FILE (native or SurveyJS), whatever the files say")
	opts.files = addQuestionnairesFlag(c)
	c.Flags().BoolVar(&opts.strict, "strict", false, "treat unknown questions and invalid values as errors")
	c.Flags().Int64Var(&opts.maxSize, "max-size", aia.DefaultMaxFileSize, "largest accepted input, in `bytes`")
	c.Flags().BoolVar(&opts.sample, "sample", false, "score the embedded sample assessments (no PATH needed)")
	c.Flags().BoolVar(&opts.summary, "summary", false, "print only a summary of the run (text, or one JSON object with --format jsonl)")
	c.Flags().BoolVar(&opts.texts, "texts", false, "with --format jsonl, include the wording of requirements and measures (IDs only without it)")
	addOutputFlag(c, &opts.output)
	c.Flags().BoolVarP(&opts.quiet, "quiet", "q", false, "no progress line on standard error")
	c.Flags().BoolVar(&g.failOnWarning, "fail-on-warning", false, "exit 1 when an assessment has warnings")
	c.Flags().IntVar(&g.minLevel, "min-level", 0, "exit 1 when an assessment's impact level is below `N` (1-4)")
	c.Flags().IntVar(&g.maxLevel, "max-level", 0, "exit 1 when an assessment's impact level is above `N` (1-4)")
	c.RunE = action(func(ctx context.Context, paths []string) (int, error) {
		opts.format, opts.lang = *format, lang()
		for _, level := range []string{"min-level", "max-level"} {
			if n, _ := c.Flags().GetInt(level); c.Flags().Changed(level) && (n < 1 || n > 4) {
				return exitUsage, usageError("--%s takes 1 to 4, not %d", level, n)
			}
		}
		if opts.summary && opts.format == "csv" {
			return exitUsage, usageError("--summary writes text, or JSON with --format jsonl; not csv")
		}
		if opts.texts && (opts.format != "jsonl" || opts.summary) {
			return exitUsage, usageError("--texts is for the records of --format jsonl")
		}
		return runScore(ctx, e, paths, opts)
	})
	c.RegisterFlagCompletionFunc("questionnaire", completeVersions)
	return setUsage(c, "score [flags] PATH...", scoreHelp, scoreExamples)
}

func runScore(ctx context.Context, e *env, paths []string, opts scoreOptions) (int, error) {
	var err error
	g := opts.gates
	if err := opts.files.load(); err != nil {
		return exitUsage, err
	}
	if opts.questionnaire, err = opts.files.choose("--questionnaire", opts.questionnaireName, false); err != nil {
		return exitUsage, err
	}
	if opts.maxSize <= 0 {
		return exitUsage, usageError("--max-size must be positive")
	}
	if len(paths) == 0 && !opts.sample {
		return exitUsage, usageError("no PATH given (use - to read JSON Lines from standard input, or --sample)")
	}
	if err := checkOutputFile("--output", opts.output, opts.files.inputs(paths)); err != nil {
		return exitUsage, err
	}

	lang := opts.lang
	var out io.Writer = e.stdout
	var file *atomicFile
	if opts.output != "" && opts.output != "-" {
		if file, err = createAtomic(opts.output); err != nil {
			return exitFailed, err
		}
		defer file.abort() // a no-op once committed
		out = file
	}
	bw := bufio.NewWriterSize(out, 256<<10)
	form, err := newFormat(opts.format, opts.lang, opts.summary, opts.texts, newKnown(opts.files.versions, opts.questionnaire))
	if err != nil {
		return exitUsage, err
	}
	if _, err := bw.Write(form.header()); err != nil {
		return exitFailed, err
	}

	sum := newSummary(lang)
	prog := startProgress(e.stderr, opts.quiet, lang)
	if prog.show {
		go func() { prog.setTotal(countInputs(ctx, paths)) }()
	}
	gateTripped := 0
	each := func(yield func(input) bool) {
		if opts.sample && !readSamples(yield) {
			return
		}
		readInputs(ctx, paths, e.stdin, opts.maxSize, yield)
	}
	scorers := sync.Pool{New: func() any {
		// No format of aia score prints what every question contributed (aia report does).
		return aia.NewScorer(aia.Options{Questionnaire: opts.questionnaire, Versions: opts.files.versions, Strict: opts.strict, MaxFileSize: opts.maxSize,
			NoQuestionScores: true})
	}}
	work := func(in input) (scored, error) {
		sc := scorers.Get().(*aia.Scorer)
		rep, err := sc.ScoreFile(in.data)
		scorers.Put(sc)
		putBuffer(in.data) // neither the report nor its record refers to it
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
			prog.printf("%s%s%s\n", clean(o.source), label(lang, "colon"), clean(localize.Error(o.err, lang)))
			if out == nil { // the input could not be read: the workers never saw it
				var err error
				if out, err = form.record(o.source, nil, o.err); err != nil {
					return err
				}
			}
		} else if msg := g.check(o.value.rep, lang); msg != "" {
			gateTripped++
			prog.printf("%s%s%s\n", clean(o.source), label(lang, "colon"), msg)
		}
		_, err := bw.Write(out)
		putBuffer(out)
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
		written := "outputHolds"
		if file != nil {
			written = "noOutput"
		}
		return exitFailed, newMessage("interrupted", sum.Inputs, sum.Scored, sum.Failed, say(lang, written))
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

// writeText writes a report for a person to read.
func writeText(w io.Writer, source string, rep *aia.Report, lang questionnaire.Lang, q *questionnaire.Questionnaire) error {
	var b strings.Builder
	l := func(key string) string { return label(lang, key) }
	colon := l("colon")
	fmt.Fprintf(&b, "%s  (%s %s)\n", clean(source), l("questionnaire"), clean(rep.Questionnaire))
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
	fmt.Fprintf(&b, "\n  %s\n", l("sections"))
	for _, s := range rep.Sections {
		if !s.Visible {
			continue
		}
		title := s.ID
		if q != nil {
			if p, ok := q.Page(s.ID); ok {
				title = plain(p.Title.In(lang))
			}
		}
		fmt.Fprintf(&b, "    %3d / %-3d  %s (%s, %s)\n", s.Score, s.Max, title, l("kind_"+s.Kind), say(lang, plural(lang, "answeredOf", s.Answered), s.Answered, s.Questions))
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
			fmt.Fprintf(&b, "    [+%d] %s\n", m.Points, plain(m.Title.In(lang)))
		}
	}
	if len(rep.Warnings) > 0 {
		fmt.Fprintf(&b, "\n  %s\n", l("warnings"))
		for _, warn := range rep.Warnings {
			fmt.Fprintf(&b, "    - %s\n", clean(warn.In(lang)))
		}
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// labels are the words of the text report, in both languages (French typography as in
// docs/glossary.md).
var labels = map[string][2]string{
	"questionnaire":   {"questionnaire", "questionnaire"},
	"level":           {"Impact level", "Niveau d’incidence"},
	"current":         {"Current score", "Cote actuelle"},
	"deducted":        {"raw score %d less 15%% for mitigation", "cote brute %d moins 15\u00a0%% pour l’atténuation"},
	"notDeducted":     {"no deduction: %d more mitigation points needed", "aucune réduction\u00a0: il manque %d points d’atténuation"},
	"raw":             {"Raw impact", "Incidence brute"},
	"mitigation":      {"Mitigation", "Atténuation"},
	"threshold":       {"threshold", "seuil"},
	"toNext":          {"%d more raw impact points would raise the level", "%d points d’incidence brute de plus élèveraient le niveau"},
	"toPrevious":      {"%d fewer raw impact points would lower the level", "%d points d’incidence brute de moins abaisseraient le niveau"},
	"sections":        {"Sections", "Sections"},
	"answeredOf":      {"%d of %d answered", "%d réponses sur %d"},
	"answeredOf1":     {"%d of %d answered", "%d réponse sur %d"},
	"kind_raw":        {"raw impact", "incidence brute"},
	"kind_mitigation": {"mitigation", "atténuation"},
	"kind_mixed":      {"mixed", "mixte"},
	"requirements":    {"Requirements for level %s", "Exigences du niveau %s"},
	"measures":        {"Committed mitigation measures", "Mesures d’atténuation auxquelles vous vous engagez"},
	"warnings":        {"Warnings", "Avertissements"},
	"error":           {"error", "erreur"},
	"colon":           {": ", "\u00a0: "},
	"valid":           {"valid", "valide"},
	"schema":          {"schema", "schéma"},
	// questionnaire show --format text
	"qHeader":    {"%s: max raw %d, max mitigation %d", "%s\u00a0: incidence brute max. %d, atténuation max. %d"},
	"qDirective": {" (directive %s)", " (directive %s)"},
	"qShownWhen": {"shown when", "affichée si"},
	"qRequired":  {"required", "obligatoire"},
	// migrate
	"migSummary":      {"level %v → %v, %d answers kept", "niveau %v → %v, %d réponses conservées"},
	"migSummary1":     {"level %v → %v, %d answer kept", "niveau %v → %v, %d réponse conservée"},
	"migDropped":      {"dropped", "abandonnée"},
	"migRenamed":      {"renamed", "renommée"},
	"migRewritten":    {"rewritten", "réécrite"},
	"migReweighted":   {"re-weighted", "repondérée"},
	"migToAnswer":     {"to answer", "à répondre"},
	"migNotMigrated":  {"not migrated: %d answers would be lost (the file is unchanged; --allow-loss migrates it and keeps the original as %s.bak):", "non migré\u00a0: %d réponses seraient perdues (le fichier est inchangé\u202f; --allow-loss le migre et garde l’original sous %s.bak)\u00a0:"},
	"migBackup":       {"%d answers lost in the migration are kept in %s", "les %d réponses perdues à la migration sont gardées dans %s"},
	"migBackup1":      {"%d answer lost in the migration is kept in %s", "la réponse perdue à la migration est gardée dans %[2]s"},
	"migNotMigrated1": {"not migrated: %d answer would be lost (the file is unchanged; --allow-loss migrates it and keeps the original as %s.bak):", "non migré\u00a0: %d réponse serait perdue (le fichier est inchangé\u202f; --allow-loss le migre et garde l’original sous %s.bak)\u00a0:"},
	// --summary
	"sumInputs":      {"Inputs: %d (%s) in %ss, %.0f/s", "Entrées\u00a0: %d (%s) en %s\u00a0s, %.0f/s"},
	"sumCounts":      {"Scored: %d   Failed: %d   With warnings: %d", "Cotées\u00a0: %d   En échec\u00a0: %d   Avec avertissements\u00a0: %d"},
	"sumInterrupted": {"Interrupted: the counts cover the inputs read before the interruption.", "Interrompu\u00a0: les nombres portent sur les entrées lues avant l’interruption."},
	"sumByLevel":     {"By level:", "Par niveau\u00a0:"},
	"sumByVersion":   {"By questionnaire:", "Par questionnaire\u00a0:"},
	"sumFailures":    {"Failures:", "Échecs\u00a0:"},
	"sumMore":        {"… and %d more", "… et %d autres"},
	"sumSlowest":     {"Slowest inputs:", "Entrées les plus lentes\u00a0:"},
	"sumLargest":     {"Largest inputs:", "Entrées les plus volumineuses\u00a0:"},
	// messages about the inputs and the run
	"tooLargeFile":        {"file larger than the limit of %d bytes (see --max-size)", "fichier plus gros que la limite de %d octets (voir --max-size)"},
	"tooLargeStdin":       {"standard input larger than the limit of %d bytes (see --max-size)", "entrée standard plus grosse que la limite de %d octets (voir --max-size)"},
	"tooLongLine":         {"line longer than the limit of %d bytes (see --max-size)", "ligne plus longue que la limite de %d octets (voir --max-size)"},
	"readingStdin":        {"reading standard input: %w", "lecture de l’entrée standard\u00a0: %w"},
	"cannotWrite":         {"cannot write %s: %w", "impossible d’écrire %s\u00a0: %w"},
	"gateWarnings":        {"%d warnings (--fail-on-warning)", "%d avertissements (--fail-on-warning)"},
	"gateMin":             {"level %v is below --min-level %d", "le niveau %v est inférieur à --min-level %d"},
	"gateMax":             {"level %v is above --max-level %d", "le niveau %v est supérieur à --max-level %d"},
	"levelUp":             {"%s: level went up from %v to %v (--fail-on-level-increase)", "%s\u00a0: le niveau est passé de %v à %v (--fail-on-level-increase)"},
	"progress":            {" assessments, %.0f/s, %s", " évaluations, %.0f/s, %s"},
	"progressLeft":        {", about %s left", ", environ %s restant"},
	"interrupted":         {"interrupted after %d inputs (%d scored, %d failed); %s", "interrompu après %d entrées (%d cotées, %d en échec)\u202f; %s"},
	"outputHolds":         {"the output holds them", "la sortie les contient"},
	"noOutput":            {"no output file written", "aucun fichier de sortie écrit"},
	"interruptedValidate": {"interrupted after %d inputs (%d invalid)", "interrompu après %d entrées (%d non valides)"},
	"notVersionNorFile":   {"%s %s: not a questionnaire file (%w), nor a version: %w", "%s %s\u00a0: ni un fichier de questionnaire (%w) ni une version\u00a0: %w"},
	"notVersion":          {"%s: %w; nor is there a file %s", "%s\u00a0: %w\u202f; il n’y a pas non plus de fichier %s"},
	"interruptedMigrate":  {"interrupted: %d of %d files migrated, %d failed; the others are untouched", "interrompu\u00a0: %d fichiers sur %d migrés, %d en échec\u202f; les autres sont intacts"},
}

// newMessage returns the label key as an error in English and French, formatted with
// the same arguments: it reaches the user in the language of --lang (localize.Error).
func newMessage(key string, args ...any) error {
	return localize.Errorf(labels[key][0], labels[key][1], args...)
}

// newUsageMessage is newMessage for a usage error (exit status 2).
func newUsageMessage(key string, args ...any) error {
	return usageMessage{newMessage(key, args...)}
}

type usageMessage struct{ error }

func (m usageMessage) Unwrap() []error { return []error{m.error, errUsage} }
func (m usageMessage) In(lang questionnaire.Lang) string {
	return localize.Error(m.error, lang)
}

// plural returns the label key for n things: key, or key+"1" for a singular, which is
// one thing in English, and zero or one in French.
func plural(lang questionnaire.Lang, key string, n int) string {
	if n == 1 || n == 0 && lang == questionnaire.French {
		return key + "1"
	}
	return key
}

// say formats the label key in a language.
func say(lang questionnaire.Lang, key string, args ...any) string {
	return fmt.Sprintf(label(lang, key), args...)
}

func label(lang questionnaire.Lang, key string) string {
	if lang == questionnaire.French {
		return labels[key][1]
	}
	return labels[key][0]
}
