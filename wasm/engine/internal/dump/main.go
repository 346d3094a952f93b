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
	"math/rand/v2"
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
	// A generated corpus: random answers (some hidden, some invalid) for every version,
	// from a seeded generator, so both builds see the same files.
	rng := rand.New(rand.NewPCG(2026, 11))
	for _, q := range questionnaire.Versions() {
		for i := range GeneratedPerVersion {
			text := generate(q, rng)
			rep, err := aia.ScoreFile(text, aia.Options{})
			if err != nil {
				return fmt.Errorf("generated %s #%d: %w", q.Version, i, err)
			}
			b, err := json.Marshal(struct {
				File   string      `json:"file"`
				Report *aia.Report `json:"report"`
			}{string(text), rep})
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "%s\n", b)
		}
	}
	return w.Flush()
}

// GeneratedPerVersion is how many random assessments each version gets.
const GeneratedPerVersion = 20

// generate writes a saved file of q with random answers: most choice questions answered
// with one of their values (or, rarely, a value that is not a choice), some free text.
func generate(q *questionnaire.Questionnaire, rng *rand.Rand) []byte {
	data := map[string]any{}
	for _, x := range q.Questions() {
		if rng.IntN(4) == 0 {
			continue
		}
		switch {
		case x.Type == questionnaire.Info:
		case x.Type == questionnaire.Multiple:
			var values []string
			for _, c := range x.Choices {
				if rng.IntN(2) == 0 {
					values = append(values, c.Value)
				}
			}
			data[x.ID] = values
		case x.Type.HasChoices():
			if rng.IntN(40) == 0 {
				data[x.ID] = "not-a-choice"
			} else {
				data[x.ID] = x.Choices[rng.IntN(len(x.Choices))].Value
			}
		default:
			data[x.ID] = fmt.Sprintf("Texte libre n° %d <b>", rng.IntN(1000))
		}
	}
	b, _ := json.Marshal(map[string]any{"version": q.Version, "currentPage": rng.IntN(18), "data": data})
	return b
}
