package aia_test

import (
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gc-aia/aia/aia"
	"github.com/gc-aia/aia/internal/futurerelease"
	"github.com/gc-aia/aia/internal/reference"
	"github.com/gc-aia/aia/questionnaire"
)

// score is what the future-release tests compare.
type score struct {
	Questionnaire                    string
	Raw, Mitigation, Current, Level  int
	Deduction                        bool
	Warnings                         int
	Oversight                        aia.Section
	MaxRaw, MaxMitigation, Threshold int
}

func wantScore(c futurerelease.Case) score {
	return score{
		Questionnaire: futurerelease.Version, Raw: c.Raw, Mitigation: c.Mitigation, Current: c.Current, Level: c.Level,
		Deduction: c.Deduction, Warnings: c.Warnings,
		Oversight: aia.Section{ID: "futureOversight", Kind: "mixed", Visible: true, Questions: 3, Answered: c.Oversight[0], Score: c.Oversight[1], Max: futurerelease.OversightMax},
		MaxRaw:    futurerelease.MaxRaw, MaxMitigation: futurerelease.MaxMitigation, Threshold: futurerelease.Threshold,
	}
}

func gotScore(t *testing.T, rep *aia.Report) score {
	t.Helper()
	s := score{Questionnaire: rep.Questionnaire, Raw: rep.Raw, Mitigation: rep.Mitigation, Current: rep.Current, Level: int(rep.Level),
		Deduction: rep.Deduction, Warnings: len(rep.Warnings), MaxRaw: rep.MaxRaw, MaxMitigation: rep.MaxMitigation,
		Threshold: rep.Explanation.MitigationThreshold}
	for _, sec := range rep.Sections {
		if sec.ID == "futureOversight" {
			s.Oversight = sec
		}
	}
	return s
}

// TestFutureReleaseLibrary scores saved files of a synthetic future release, loaded from
// its SurveyJS file and registered, against hand-computed scores; a v1.0.1 file scores
// as before in the same registry.
func TestFutureReleaseLibrary(t *testing.T) {
	survey, err := futurerelease.Build(reference.Survey(t, "v1.0.1"))
	if err != nil {
		t.Fatal(err)
	}
	q, err := questionnaire.LoadFile(survey, futurerelease.Version)
	if err != nil {
		t.Fatal(err)
	}
	if q.MaxRaw() != futurerelease.MaxRaw || q.MaxMitigation() != futurerelease.MaxMitigation || aia.MitigationThreshold(q.MaxMitigation()) != futurerelease.Threshold {
		t.Fatalf("maxima %d/%d, threshold %d; want %d/%d, %d", q.MaxRaw(), q.MaxMitigation(), aia.MitigationThreshold(q.MaxMitigation()),
			futurerelease.MaxRaw, futurerelease.MaxMitigation, futurerelease.Threshold)
	}
	if 10*futurerelease.Threshold == 4*futurerelease.MaxMitigation {
		t.Fatal("the synthetic release must have a threshold that is not a whole number")
	}
	versions, err := questionnaire.NewRegistry(q)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range futurerelease.Cases {
		t.Run(c.Name, func(t *testing.T) {
			// Without the registry, the version is unknown.
			if _, err := aia.ScoreFile([]byte(c.File), aia.Options{}); err == nil {
				t.Error("scored a file of an unregistered version")
			}
			rep, err := aia.ScoreFile([]byte(c.File), aia.Options{Versions: versions})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(wantScore(c), gotScore(t, rep)); diff != "" {
				t.Errorf("ScoreFile (-want +got):\n%s\nwarnings: %q", diff, rep.Warnings)
			}
			// The slower path through a parsed file agrees.
			f, err := aia.ParseSavedFile([]byte(c.File))
			if err != nil {
				t.Fatal(err)
			}
			a, err := aia.FromFile(f, aia.Options{Versions: versions})
			if err != nil {
				t.Fatal(err)
			}
			rep2, err := aia.NewReport(a)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(gotScore(t, rep), gotScore(t, rep2)); diff != "" {
				t.Errorf("FromFile + NewReport differ from ScoreFile (-ScoreFile +NewReport):\n%s", diff)
			}
		})
	}
	// A v1.0.1 file in the same run keeps its embedded questionnaire and score.
	embedded, err := aia.ScoreFile(sampleFile(t), aia.Options{})
	if err != nil {
		t.Fatal(err)
	}
	viaRegistry, err := aia.ScoreFile(sampleFile(t), aia.Options{Versions: versions})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(embedded, viaRegistry); diff != "" {
		t.Errorf("a v1.0.1 file scores differently through the registry (-embedded +registry):\n%s", diff)
	}
}

func sampleFile(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile("../examples/assessments/level2-implementation.json")
	if err != nil {
		t.Fatal(err)
	}
	return data
}
