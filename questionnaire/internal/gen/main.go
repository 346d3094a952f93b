// Command gen writes the structure of every official AIA questionnaire version (IDs,
// values, weights, kinds, conditions, page order, without texts) into the native format,
// from the official SurveyJS files. Run it with go generate in package questionnaire.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/gc-aia/aia/questionnaire"
	"github.com/gc-aia/aia/questionnaire/internal/structure"
)

// versions lists the official releases: the reference folder, the version name, the
// other names saved files give it, and the Directive edition it serves.
var versions = []struct {
	folder, name string
	aliases      []string
	directive    string
}{
	{"v0.8a1", "v0.8a1", []string{"v0.8", "v0.8a"}, "2019"},
	{"v0.9", "v0.9", []string{"v0.9.0"}, "2021"},
	{"v0.9.1", "v0.9.1", nil, "2021"},
	{"v0.10.0", "v0.10.0", []string{"v0.10"}, "2023"},
	{"v1.0.0", "v1.0.0", []string{"v1.0"}, "2025"},
	{"v1.0.1", "v1.0.1", nil, "2025"},
}

func main() {
	ref := flag.String("reference", "../../shared/reference/aia-eia-js", "folder of the official aia-eia-js releases")
	out := flag.String("out", "data/structure", "output folder")
	flag.Parse()
	if err := run(*ref, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// indexEntry is one line of data/structure/index.json.
type indexEntry struct {
	Version   string   `json:"version"`
	Aliases   []string `json:"aliases"`
	Directive string   `json:"directive"`
}

func run(ref, out string) error {
	var index []indexEntry
	for _, v := range versions {
		index = append(index, indexEntry{v.name, v.aliases, v.directive})
		src := filepath.Join(ref, v.folder, "survey-enfr.json")
		data, err := os.ReadFile(src)
		if err != nil {
			return err
		}
		q, err := questionnaire.ImportSurveyJS(data, v.name)
		if err != nil {
			return fmt.Errorf("%s: %w", src, err)
		}
		q.Aliases, q.Directive = v.aliases, v.directive
		s, err := structure.Of(q)
		if err != nil {
			return fmt.Errorf("%s: %w", src, err)
		}
		js, err := s.MarshalIndent()
		if err != nil {
			return err
		}
		dst := filepath.Join(out, v.name+".json")
		if err := os.WriteFile(dst, append(js, '\n'), 0o644); err != nil {
			return err
		}
		fmt.Printf("%s: %d pages, %d questions, max raw %d, max mitigation %d\n", dst, len(s.Pages), s.Len(), s.MaxRaw(), s.MaxMitigation())
	}
	js, err := json.MarshalIndent(index, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, "index.json"), append(js, '\n'), 0o644)
}
