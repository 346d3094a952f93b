package aia_test

import (
	"os"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gc-aia/aia/aia"
	"github.com/gc-aia/aia/questionnaire"
)

// heaviest answers every scored question of a with its heaviest choices.
func heaviest(t *testing.T, a *aia.Assessment) {
	t.Helper()
	set(t, a, "projectDetailsPhase", "item1")
	for _, x := range a.Questionnaire.Questions() {
		if !x.Scored() || x.ID == "projectDetailsPhase" {
			continue
		}
		if x.Type == questionnaire.Multiple {
			var all []string
			for _, c := range x.Choices {
				all = append(all, c.Value)
			}
			set(t, a, x.ID, all...)
		} else {
			set(t, a, x.ID, x.Choices[len(x.Choices)-1].Value)
		}
	}
}

// TestNothingSharedCanBeChanged changes everything a caller is handed and checks that
// no other caller sees it.
func TestNothingSharedCanBeChanged(t *testing.T) {
	file := mustRead(t, "../examples/assessments/level3-design.json")
	before, err := aia.ScoreFile(file, aia.Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantRequirements, _ := aia.Requirements(current(t), before.Level)

	// Change a questionnaire from Version, the pages and questions it hands out, an
	// edition and a report.
	q := current(t)
	for _, x := range q.Questions() {
		for i := range x.Choices {
			x.Choices[i].Weight = 900
			x.Choices[i].Text.EN = "changed"
		}
		x.Title.EN = "changed"
	}
	for _, p := range q.Pages {
		for _, x := range p.Scored() {
			x.Kind = questionnaire.Mitigation
		}
	}
	all := q.Questions()
	all[0] = nil
	e, err := aia.DirectiveEdition(q)
	if err != nil {
		t.Fatal(err)
	}
	e.Name.EN = "changed"
	for i := range e.Areas {
		e.Areas[i].Levels[0].EN = "changed"
	}
	before.Directive.Name.EN = "changed"
	before.Requirements[0].Text.EN = "changed"

	after, err := aia.ScoreFile(file, aia.Options{})
	if err != nil {
		t.Fatal(err)
	}
	again, _ := aia.ScoreFile(file, aia.Options{})
	if diff := cmp.Diff(again, after); diff != "" {
		t.Fatalf("ScoreFile is not repeatable:\n%s", diff)
	}
	if after.Raw != before.Raw || after.Directive.Name.EN == "changed" || after.Requirements[0].Text.EN == "changed" {
		t.Errorf("a change to what one caller holds reached another: raw %d then %d, directive %q", before.Raw, after.Raw, after.Directive.Name.EN)
	}
	other := current(t)
	if x, _ := other.Question("riskProfile1"); x.Choices[0].Weight == 900 || x.Title.EN == "changed" || x.Kind != questionnaire.RawImpact {
		t.Errorf("another caller's questionnaire changed: %+v", x)
	}
	if other.Questions()[0] == nil {
		t.Error("Questions hands out the questionnaire's own slice")
	}
	if got, _ := aia.Requirements(other, before.Level); !cmp.Equal(wantRequirements, got) {
		t.Error("a change to an edition reached Requirements")
	}
	if e2, _ := aia.DirectiveEdition(other); e2.Name.EN == "changed" || e2.Areas[0].Levels[0].EN == "changed" {
		t.Error("DirectiveEdition hands out the shared edition")
	}
}

// TestChangedQuestionnaireScoresAsBuilt: a caller who changes the weights and kinds
// of their own built questionnaire changes none of its scores, which so stay within its
// maxima; the changed definition, built with New, scores with the new weights.
func TestChangedQuestionnaireScoresAsBuilt(t *testing.T) {
	q := current(t)
	a := aia.New(q)
	heaviest(t, a)
	want := aia.Score(a)
	for _, x := range q.Questions() {
		for i := range x.Choices {
			x.Choices[i].Weight = 900
		}
		if x.Kind == questionnaire.RawImpact && x.Type == questionnaire.Single {
			x.Type = questionnaire.Multiple
		}
	}
	x, _ := q.Question("riskProfile2")
	x.Kind = questionnaire.NotScored
	y, _ := q.Question("consultationDesign1")
	y.Kind = "bogus"
	if diff := cmp.Diff(want, aia.Score(a)); diff != "" {
		t.Errorf("the changes reached the score (-before +after):\n%s", diff)
	}

	y.Kind = questionnaire.Mitigation
	changed, err := questionnaire.New(q)
	if err != nil {
		t.Fatal(err)
	}
	b := aia.New(changed)
	heaviest(t, b)
	r := aia.Score(b)
	if r.Raw > r.MaxRaw || r.Mitigation > r.MaxMitigation || r.MaxRaw <= want.MaxRaw || r.Raw <= want.Raw {
		t.Errorf("rebuilt: raw %d of %d, mitigation %d of %d: the maxima do not follow the weights", r.Raw, r.MaxRaw, r.Mitigation, r.MaxMitigation)
	}
	for _, s := range r.Sections {
		if s.Score > s.Max {
			t.Errorf("section %s: %d of %d", s.ID, s.Score, s.Max)
		}
	}
}

// TestConcurrentChangesStayPrivate runs, under -race in CI, callers that change their
// own questionnaires while others score with theirs and with Scorers.
func TestConcurrentChangesStayPrivate(t *testing.T) {
	file := mustRead(t, "../examples/assessments/level2-implementation.json")
	want, err := aia.ScoreFile(file, aia.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			q, err := questionnaire.Version("v1.0.1")
			if err != nil {
				t.Error(err)
				return
			}
			if g%2 == 0 {
				for _, x := range q.Questions() {
					for i := range x.Choices {
						x.Choices[i].Weight++
					}
				}
				aia.Score(aia.New(q))
				return
			}
			s := aia.NewScorer(aia.Options{})
			for range 20 {
				got, err := s.ScoreFile(file)
				if err != nil || !cmp.Equal(want, got) {
					t.Errorf("goroutine %d: a different report (%v)", g, err)
					return
				}
			}
		})
	}
	wg.Wait()
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
