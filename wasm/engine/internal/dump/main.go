// Command dump prints what the engine computes for every sample assessment: the JSON of
// aia.NewReport and of the browser app's engine calls, one JSON object a line. The
// determinism test runs it natively and as js/wasm under Node and compares the outputs
// byte for byte.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"

	"github.com/gc-aia/aia/aia"
	"github.com/gc-aia/aia/examples"
	"github.com/gc-aia/aia/questionnaire"
	"github.com/gc-aia/aia/wasm/engine"
)

type line struct {
	Sample   string          `json:"sample"`
	Report   json.RawMessage `json:"report"`             // aia.NewReport
	Evaluate json.RawMessage `json:"evaluate"`           // engine.Evaluate
	Results  json.RawMessage `json:"results"`            // engine.NewReport, en and fr
	Export   string          `json:"export"`             // engine.Export
	Migrated json.RawMessage `json:"migrated,omitempty"` // to every other version
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "dump:", err)
		os.Exit(1)
	}
}

func run() error {
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	names, err := fs.Glob(examples.Assessments(), "*.json")
	if err != nil {
		return err
	}
	for _, lang := range []string{"en", "fr"} {
		for _, q := range questionnaire.Versions() {
			b, err := engine.QuestionnaireJSON(q.Version, lang)
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "%s\n", b)
		}
	}
	for _, name := range names {
		text, err := fs.ReadFile(examples.Assessments(), name)
		if err != nil {
			return err
		}
		l := line{Sample: name}
		f, err := aia.ParseSavedFile(text)
		if err != nil {
			return err
		}
		a, err := aia.FromFile(f, aia.Options{})
		if err != nil {
			return err
		}
		rep, err := aia.NewReport(a)
		if err != nil {
			return err
		}
		if l.Report, err = json.Marshal(rep); err != nil {
			return err
		}
		ev, err := engine.Evaluate(text)
		if err != nil {
			return err
		}
		l.Evaluate = ev.AppendJSON(nil)
		var results []*engine.Report
		for _, lang := range []string{"en", "fr"} {
			r, err := engine.NewReport(text, lang)
			if err != nil {
				return err
			}
			results = append(results, r)
		}
		if l.Results, err = json.Marshal(results); err != nil {
			return err
		}
		out, err := engine.Export(text)
		if err != nil {
			return err
		}
		l.Export = string(out)
		var migrated []*engine.Migrated
		for _, q := range questionnaire.Versions() {
			if q.Version == a.Questionnaire.Version {
				continue
			}
			m, err := engine.Migrate(text, q.Version)
			if err != nil {
				return err
			}
			migrated = append(migrated, m)
		}
		if l.Migrated, err = json.Marshal(migrated); err != nil {
			return err
		}
		b, err := json.Marshal(l)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%s\n", b)
	}
	return w.Flush()
}
