package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gc-aia/aia/aia"
	"github.com/gc-aia/aia/internal/localize"
	"github.com/gc-aia/aia/questionnaire"
)

const migrateHelp = `
Rewrites saved AIA files for another questionnaire version, keeping every answer whose
question and value still exist (and applying the official renames), and prints a change
report per file: answers dropped, questions or values renamed, points that changed, the
questions to answer now, and the impact level under both versions.

Where the output goes:
  one FILE, no flag    the migrated file on standard output, the report on standard error
                       (FILE may be -, a saved file on standard input)
  --out-dir DIR        each file below DIR at its path relative to the inputs' common
                       directory (a/x.json and b/x.json stay apart); DIR is created if needed
  --in-place           each file replaced, atomically, keeping its mode and owner (through
                       a symbolic link, the file it points to)
  --dry-run            only the reports

No output is ever written over an input but with --in-place, and output paths are
checked before any file is read: an output that is an input, or two inputs that would
share an output, are usage errors (exit 2).

--in-place refuses a file (exit 1, listing what would be lost) when migrating it would
drop or change any answer: a question the target version removed, a value that is no
longer a choice, an unknown key, a value that cannot be written back unchanged. With
--allow-loss it migrates such a file anyway, after copying the original, byte for byte,
beside it as FILE.bak (FILE.bak.2, … when that exists); nothing is ever lost.

Ctrl-C or SIGTERM stops between two files: the files done are whole, the others are
untouched, and the exit status is 130 or 143.`

const migrateExamples = `  aia migrate --to v1.0.1 old.json > new.json
  aia migrate --to v1.0.1 --out-dir migrated/ archive/*.json
  aia migrate --to v1.0.1 --dry-run archive/*.json
  aia migrate --to v1.0.1 --in-place old.json
  aia migrate --to v1.0.1 --in-place --allow-loss old.json    # keeps old.json.bak`

type migrateOptions struct {
	to        string
	inPlace   bool
	allowLoss bool
	outDir    string
	dryRun    bool
	maxSize   int64
	files     *questionnaireFlags
	lang      questionnaire.Lang
}

func newMigrateCommand(e *env) *cobra.Command {
	c := &cobra.Command{Short: "rewrite saved assessments for another questionnaire version"}
	var o migrateOptions
	c.Flags().StringVar(&o.to, "to", questionnaire.Current, "target questionnaire `VERSION`, or a native questionnaire FILE")
	o.files = addQuestionnairesFlag(c)
	c.Flags().BoolVar(&o.inPlace, "in-place", false, "replace each FILE with its migrated version (refused when answers would be lost)")
	c.Flags().BoolVar(&o.allowLoss, "allow-loss", false, "with --in-place, migrate even when answers are lost; the original is kept as FILE.bak")
	c.Flags().StringVar(&o.outDir, "out-dir", "", "write migrated files below `DIR`, at their relative paths")
	c.Flags().BoolVar(&o.dryRun, "dry-run", false, "only print the change reports; write nothing")
	c.Flags().Int64Var(&o.maxSize, "max-size", aia.DefaultMaxFileSize, "largest accepted input, in `bytes`")
	lang := addLangFlag(c, "language of the change reports")
	c.RegisterFlagCompletionFunc("to", completeVersions)
	c.MarkFlagDirname("out-dir")
	c.RunE = action(func(ctx context.Context, files []string) (int, error) {
		o.lang = lang()
		return runMigrate(ctx, e, files, o)
	})
	return setUsage(c, "migrate --to VERSION [flags] FILE...", migrateHelp, migrateExamples)
}

func runMigrate(ctx context.Context, e *env, files []string, o migrateOptions) (int, error) {
	if err := o.files.load(); err != nil {
		return exitUsage, err
	}
	target, err := o.files.choose("--to", o.to, true)
	if err != nil {
		return exitUsage, err
	}
	modes := 0
	for _, on := range []bool{o.inPlace, o.outDir != "", o.dryRun} {
		if on {
			modes++
		}
	}
	switch {
	case len(files) == 0:
		return exitUsage, usageError("no FILE given")
	case modes > 1:
		return exitUsage, usageError("--in-place, --out-dir and --dry-run exclude each other")
	case modes == 0 && len(files) > 1:
		return exitUsage, usageError("several files need --out-dir, --in-place or --dry-run")
	case o.allowLoss && !o.inPlace:
		return exitUsage, usageError("--allow-loss goes with --in-place (the other modes never touch the inputs)")
	}
	for _, f := range files {
		if f == "-" && (o.inPlace || o.outDir != "") {
			return exitUsage, usageError("- (standard input) cannot be migrated --in-place or into --out-dir; redirect standard output instead")
		}
		if isDir(f) {
			return exitUsage, usageError("%s is a directory; migrate takes files (e.g. %s/*.json)", clean(f), clean(f))
		}
	}
	var outs []string
	if o.outDir != "" {
		if outs, err = outDirPaths(o.outDir, files); err != nil {
			return exitUsage, err
		}
	}
	for _, q := range o.files.files { // questionnaire files are inputs too
		for i, f := range files {
			if o.inPlace && sameFile(f, q) || outs != nil && sameFile(outs[i], q) {
				return exitUsage, usageError("%s is a questionnaire file this run reads; it is never overwritten", clean(q))
			}
		}
	}
	reportTo := e.stdout
	if modes == 0 {
		reportTo = e.stderr // the migrated file takes standard output
	}
	done, failed := 0, 0
	for i, path := range files {
		if ctx.Err() != nil {
			return exitFailed, newMessage("interruptedMigrate", done, len(files), failed)
		}
		in := readStdinOrFile(e, path, o.maxSize)
		mig, err := migrateInput(in, target, o.files.versions)
		if err == nil {
			switch {
			case o.dryRun:
			case o.inPlace:
				err = replaceInPlace(path, in.data, mig, o.allowLoss, reportTo, o.lang)
			case o.outDir != "":
				if err = os.MkdirAll(filepath.Dir(outs[i]), 0o755); err == nil {
					err = writeAtomic(outs[i], mig.out)
				}
			default:
				_, err = e.stdout.Write(mig.out)
			}
		}
		if err != nil {
			failed++
			fmt.Fprintf(e.stderr, "%s%s%s\n", clean(path), label(o.lang, "colon"), cleanLines(localize.Error(err, o.lang)))
			continue
		}
		done++
		if err := writeMigration(reportTo, path, mig, o.lang); err != nil {
			return exitFailed, err
		}
	}
	if failed > 0 {
		return exitFailed, nil
	}
	return exitOK, nil
}

// migrated is one saved file migrated: the new file's bytes, the engine's account of
// the change, and the answers the new file does not hold as they were.
type migrated struct {
	out       []byte
	migration *aia.Migration
	lost      []aia.Change
}

// migrateInput migrates one saved file; the other keys of the file are kept.
func migrateInput(in input, to *questionnaire.Questionnaire, versions *questionnaire.Registry) (*migrated, error) {
	if in.err != nil {
		return nil, in.err
	}
	f, err := aia.ParseSavedFile(in.data)
	if err != nil {
		return nil, err
	}
	a, err := aia.FromFile(f, aia.Options{Versions: versions})
	if err != nil {
		return nil, err
	}
	original := append([]aia.Field(nil), f.Data...)
	b, m := aia.Migrate(a, to)
	for _, p := range a.Problems { // answers the old version already ignored are not carried over
		m.Dropped = append(m.Dropped, aia.Change{Question: p.Question, Detail: p.Message})
	}
	newFile := b.File()
	f.Version, f.Data = newFile.Version, newFile.Data
	out, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, err
	}
	return &migrated{out: append(out, '\n'), migration: m, lost: lostAnswers(original, f.Data, m)}, nil
}

// lostAnswers lists the answers of before that after does not hold as they were: gone
// (but under an official new name), or with another value (but an official rename of
// the value). An empty answer (null, "", [], {}) is not an answer.
func lostAnswers(before, after []aia.Field, m *aia.Migration) []aia.Change {
	newName := map[string]string{}
	valueRenamed := map[string]bool{}
	for _, r := range m.Renamed {
		if r.NewQuestion != "" {
			newName[r.Question] = r.NewQuestion
		} else {
			valueRenamed[r.Question] = true
		}
	}
	reason := map[string]questionnaire.Text{}
	for _, d := range m.Dropped {
		if _, seen := reason[d.Question]; !seen {
			reason[d.Question] = d.Detail
		}
	}
	kept := map[string]json.RawMessage{}
	for _, fl := range after {
		kept[fl.Key] = fl.Value
	}
	var lost []aia.Change
	for _, fl := range before {
		if isEmptyJSON(fl.Value) {
			continue
		}
		key := fl.Key
		if to, ok := newName[key]; ok {
			key = to
		}
		now, ok := kept[key]
		switch {
		case !ok:
			detail, known := reason[fl.Key]
			if !known {
				detail = questionnaire.Text{EN: "not carried over", FR: "non reportée"}
			}
			was := abbreviate(fl.Value)
			lost = append(lost, aia.Change{Question: fl.Key, Detail: questionnaire.Text{
				EN: detail.EN + " (was " + was + ")", FR: detail.FR + " (c’était " + was + ")"}})
		case hasLoneSurrogate(fl.Value):
			lost = append(lost, aia.Change{Question: fl.Key, Detail: questionnaire.Text{
				EN: "holds an invalid \\u escape (a lone UTF-16 surrogate) that would be rewritten as U+FFFD",
				FR: "contient un échappement \\u invalide (une moitié de paire UTF-16 seule) qui deviendrait U+FFFD"}})
		case !valueRenamed[fl.Key] && !sameJSON(fl.Value, now):
			from, to := abbreviate(fl.Value), abbreviate(now)
			lost = append(lost, aia.Change{Question: fl.Key, Detail: questionnaire.Text{
				EN: fmt.Sprintf("value %s would become %s", from, to), FR: fmt.Sprintf("la valeur %s deviendrait %s", from, to)}})
		}
	}
	return lost
}

// replaceInPlace writes the migrated file over path (the file a link points to),
// keeping its mode and owner; when answers would be lost it refuses, unless allowLoss,
// and then first keeps the original beside it.
func replaceInPlace(path string, original []byte, mig *migrated, allowLoss bool, report io.Writer, lang questionnaire.Lang) error {
	if len(mig.lost) > 0 {
		if !allowLoss {
			var b strings.Builder
			fmt.Fprintf(&b, label(lang, plural(lang, "migNotMigrated", len(mig.lost))), len(mig.lost), filepath.Base(path))
			for _, l := range mig.lost {
				fmt.Fprintf(&b, "\n  %s%s%s", clean(l.Question), label(lang, "colon"), clean(l.Detail.In(lang)))
			}
			return fmt.Errorf("%s", b.String())
		}
		info, err := os.Stat(path)
		if err != nil {
			return err
		}
		target := path
		if r, err := filepath.EvalSymlinks(path); err == nil {
			target = r
		}
		backup, err := writeBackup(target, original, info)
		if err != nil {
			return err
		}
		fmt.Fprintf(report, "%s%s%s\n", clean(path), label(lang, "colon"), say(lang, plural(lang, "migBackup", len(mig.lost)), len(mig.lost), clean(backup)))
	}
	return writeAtomic(path, mig.out)
}

func writeMigration(w io.Writer, path string, mig *migrated, lang questionnaire.Lang) error {
	m := mig.migration
	l := func(key string) string { return label(lang, key) }
	colon := l("colon")
	var b strings.Builder
	fmt.Fprintf(&b, "%s%s%s → %s, %s\n", clean(path), colon, m.From, m.To, say(lang, plural(lang, "migSummary", m.Kept), m.LevelBefore, m.LevelAfter, m.Kept))
	section := func(title string, changes []aia.Change) {
		for _, c := range changes {
			fmt.Fprintf(&b, "  %s %s%s%s\n", title, clean(c.Question), colon, clean(c.Detail.In(lang)))
		}
	}
	section(l("migDropped"), m.Dropped)
	// Losses the migration itself does not list (an answer rewritten, say): every
	// answer counted as lost is named.
	var rewritten []aia.Change
	for _, c := range mig.lost {
		if !slices.ContainsFunc(m.Dropped, func(d aia.Change) bool { return d.Question == c.Question }) {
			rewritten = append(rewritten, c)
		}
	}
	section(l("migRewritten"), rewritten)
	section(l("migRenamed"), m.Renamed)
	section(l("migReweighted"), m.Reweighted)
	if len(m.ToAnswer) > 0 {
		fmt.Fprintf(&b, "  %s (%d)%s%s\n", l("migToAnswer"), len(m.ToAnswer), colon, strings.Join(m.ToAnswer, ", "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// isEmptyJSON reports the JSON values that hold no answer: null, "", [] and {}.
func isEmptyJSON(v json.RawMessage) bool {
	switch string(bytes.Join(bytes.Fields(v), nil)) {
	case "null", `""`, "[]", "{}":
		return true
	}
	return false
}

// sameJSON reports whether two JSON values are equal as values (escapes, spacing and
// key order aside).
func sameJSON(a, b json.RawMessage) bool {
	decode := func(raw json.RawMessage) (any, bool) {
		d := json.NewDecoder(bytes.NewReader(raw))
		d.UseNumber()
		var v any
		return v, d.Decode(&v) == nil
	}
	va, okA := decode(a)
	vb, okB := decode(b)
	return okA && okB && reflect.DeepEqual(va, vb)
}

// hasLoneSurrogate reports a \uD800–\uDFFF escape that is not half of a pair: valid
// JSON that no UTF-8 text can hold, so decoding turns it into U+FFFD.
func hasLoneSurrogate(raw json.RawMessage) bool {
	s := string(raw)
	for i := 0; i+6 <= len(s); i++ {
		if s[i] == '\\' {
			if s[i+1] != 'u' {
				i++ // skip the escaped character (it may be a backslash)
				continue
			}
			var r rune
			if _, err := fmt.Sscanf(s[i+2:i+6], "%04x", &r); err != nil {
				continue
			}
			switch {
			case r >= 0xD800 && r < 0xDC00: // high half: a low half must follow
				if i+12 <= len(s) && s[i+6] == '\\' && s[i+7] == 'u' {
					var low rune
					if _, err := fmt.Sscanf(s[i+8:i+12], "%04x", &low); err == nil && low >= 0xDC00 && low < 0xE000 {
						i += 11
						continue
					}
				}
				return true
			case r >= 0xDC00 && r < 0xE000:
				return true
			}
			i += 5
		}
	}
	return false
}

// abbreviate shows a JSON value in a message, cut after 60 bytes.
func abbreviate(v json.RawMessage) string {
	s := string(bytes.TrimSpace(v))
	if len(s) > 60 {
		cut := 60
		for cut > 0 && s[cut]&0xC0 == 0x80 { // not inside a UTF-8 sequence
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}
