package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/gc-aia/aia/aia"
	"github.com/gc-aia/aia/questionnaire"
)

const migrateHelp = `Usage: aia migrate --to VERSION [flags] FILE...

Rewrites saved AIA files for another questionnaire version, keeping every answer whose
question and value still exist (and applying the official renames), and prints a change
report per file: answers dropped, questions or values renamed, points that changed, the
questions to answer now, and the impact level under both versions.

The input is never overwritten unless --in-place is given (then it is replaced
atomically). With one FILE and neither --in-place nor --out-dir, the migrated file goes to
standard output and the report to standard error.

Examples:
  aia migrate --to v1.0.1 old.json > new.json
  aia migrate --to v1.0.1 --out-dir migrated/ archive/*.json
  aia migrate --to v1.0.1 --dry-run archive/*.json
  aia migrate --to v1.0.1 --in-place old.json

Flags:
`

func runMigrate(_ context.Context, e *env) (int, error) {
	fs := newFlags("migrate", migrateHelp, e)
	to := fs.String("to", questionnaire.Current, "target questionnaire `VERSION`")
	inPlace := fs.Bool("in-place", false, "replace each FILE with its migrated version (atomically)")
	outDir := fs.String("out-dir", "", "write migrated files into `DIR`, under their own names")
	dryRun := fs.Bool("dry-run", false, "only print the change reports")
	maxSize := fs.Int64("max-size", aia.DefaultMaxFileSize, "largest accepted input, in `bytes`")
	if done, status, err := parseFlags(fs, e.args); done {
		return status, err
	}
	target, err := questionnaire.Version(*to)
	if err != nil {
		return exitUsage, fmt.Errorf("%w: --to: %v", errUsage, err)
	}
	files := fs.Args()
	modes := 0
	for _, on := range []bool{*inPlace, *outDir != "", *dryRun} {
		if on {
			modes++
		}
	}
	switch {
	case len(files) == 0:
		return exitUsage, fmt.Errorf("%w: no FILE given", errUsage)
	case modes > 1:
		return exitUsage, fmt.Errorf("%w: --in-place, --out-dir and --dry-run exclude each other", errUsage)
	case modes == 0 && len(files) > 1:
		return exitUsage, fmt.Errorf("%w: several files need --out-dir, --in-place or --dry-run", errUsage)
	}
	reportTo := e.stdout
	if modes == 0 {
		reportTo = e.stderr // the migrated file takes standard output
	}
	failed := 0
	for _, path := range files {
		in := readFile(path, *maxSize)
		out, m, err := migrateInput(in, target)
		if err != nil {
			failed++
			fmt.Fprintf(e.stderr, "%s: %v\n", path, err)
			continue
		}
		switch {
		case *dryRun:
		case *inPlace:
			err = writeAtomic(path, out)
		case *outDir != "":
			err = writeAtomic(filepath.Join(*outDir, filepath.Base(path)), out)
		default:
			_, err = e.stdout.Write(out)
		}
		if err != nil {
			failed++
			fmt.Fprintf(e.stderr, "%s: %v\n", path, err)
			continue
		}
		if err := writeMigration(reportTo, path, m); err != nil {
			return exitFailed, err
		}
	}
	if failed > 0 {
		return exitFailed, nil
	}
	return exitOK, nil
}

// migrateInput migrates one saved file; the other keys of the file are kept.
func migrateInput(in input, to *questionnaire.Questionnaire) ([]byte, *aia.Migration, error) {
	if in.err != nil {
		return nil, nil, in.err
	}
	f, err := aia.ParseSavedFile(in.data)
	if err != nil {
		return nil, nil, err
	}
	a, err := aia.FromFile(f, aia.Options{})
	if err != nil {
		return nil, nil, err
	}
	b, m := aia.Migrate(a, to)
	for _, p := range a.Problems { // answers the old version already ignored are not carried over
		m.Dropped = append(m.Dropped, aia.Change{Question: p.Question, Detail: p.Message.EN})
	}
	migrated := b.File()
	f.Version, f.Data = migrated.Version, migrated.Data
	out, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, nil, err
	}
	return append(out, '\n'), m, nil
}

func writeMigration(w io.Writer, path string, m *aia.Migration) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s → %s, level %v → %v, %d answers kept\n", path, m.From, m.To, m.LevelBefore, m.LevelAfter, m.Kept)
	section := func(title string, changes []aia.Change) {
		for _, c := range changes {
			fmt.Fprintf(&b, "  %s %s: %s\n", title, c.Question, c.Detail)
		}
	}
	section("dropped", m.Dropped)
	section("renamed", m.Renamed)
	section("re-weighted", m.Reweighted)
	if len(m.ToAnswer) > 0 {
		fmt.Fprintf(&b, "  to answer (%d): %s\n", len(m.ToAnswer), strings.Join(m.ToAnswer, ", "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeAtomic replaces path with data, all or nothing.
func writeAtomic(path string, data []byte) error {
	f, err := createAtomic(path)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.abort()
		return err
	}
	if info, err := os.Stat(path); err == nil { // keep the permissions of a replaced file
		defer os.Chmod(path, info.Mode().Perm())
	}
	return f.commit()
}
