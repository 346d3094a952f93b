package aia_test

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gc-aia/aia/aia"
	"github.com/gc-aia/aia/questionnaire"
	"github.com/gc-aia/aia/questionnaire/condition"
)

// randomAssessment answers a random subset of the scored questions of q with random
// choices, in a random phase. The generator is seeded: the tests are repeatable.
func randomAssessment(t *testing.T, q *questionnaire.Questionnaire, rng *rand.Rand) *aia.Assessment {
	t.Helper()
	a := aia.New(q)
	set(t, a, "projectDetailsPhase", []string{"item1", "item2"}[rng.IntN(2)])
	for _, x := range q.Questions() {
		if !x.Scored() || rng.IntN(3) == 0 {
			continue
		}
		if x.Type == questionnaire.Multiple {
			var values []string
			for _, c := range x.Choices {
				if rng.IntN(2) == 0 {
					values = append(values, c.Value)
				}
			}
			set(t, a, x.ID, values...)
			continue
		}
		set(t, a, x.ID, x.Choices[rng.IntN(len(x.Choices))].Value)
	}
	return a
}

func TestScoreProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, q := range questionnaire.Versions() {
		for range 200 {
			a := randomAssessment(t, q, rng)
			r := aia.Score(a)
			if r.Raw < 0 || r.Raw > r.MaxRaw || r.Mitigation < 0 || r.Mitigation > r.MaxMitigation || r.Current > r.Raw || r.Current < 0 {
				t.Fatalf("%s: scores out of bounds: %+v", q.Version, r)
			}
			if r.MaxRaw != q.MaxRaw() || r.MaxMitigation != q.MaxMitigation() {
				t.Fatalf("%s: maxima %d/%d, the questionnaire's are %d/%d", q.Version, r.MaxRaw, r.MaxMitigation, q.MaxRaw(), q.MaxMitigation())
			}
			// Answering one more mitigation question never raises the level.
			for _, x := range q.Questions() {
				if x.Kind != questionnaire.Mitigation || a.Answers[x.Index()].Set {
					continue
				}
				b := aia.New(q)
				copy(b.Answers, a.Answers)
				set(t, b, x.ID, x.Choices[len(x.Choices)-1].Value)
				if rb := aia.Score(b); rb.Level > r.Level || rb.Raw != r.Raw {
					t.Fatalf("%s: answering mitigation question %s changed level %v → %v, raw %d → %d", q.Version, x.ID, r.Level, rb.Level, r.Raw, rb.Raw)
				}
				break
			}
			// Removing a raw impact answer never raises the level.
			for _, x := range q.Questions() {
				if x.Kind != questionnaire.RawImpact || !a.Answers[x.Index()].Set {
					continue
				}
				b := aia.New(q)
				copy(b.Answers, a.Answers)
				b.Clear(x.ID)
				if rb := aia.Score(b); rb.Level > r.Level || rb.Raw > r.Raw {
					t.Fatalf("%s: removing raw answer %s raised level %v → %v", q.Version, x.ID, r.Level, rb.Level)
				}
				break
			}
			// Saving and reading back gives the same result.
			data, err := json.Marshal(a.File())
			if err != nil {
				t.Fatal(err)
			}
			back, err := aia.ScoreFile(data, aia.Options{Strict: true})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(r, back.Result); diff != "" {
				t.Fatalf("%s: result changed through a saved file:\n%s", q.Version, diff)
			}
		}
	}
}

func TestLevelIsMonotonic(t *testing.T) {
	for _, maxRaw := range []int{1, 4, 99, 100, 107, 126, 167, 1000} {
		prev := aia.LevelI
		for c := 0; c <= maxRaw; c++ {
			l := aia.LevelOf(c, maxRaw)
			if l < prev || l < aia.LevelI || l > aia.LevelIV {
				t.Fatalf("LevelOf(%d, %d) = %v after %v", c, maxRaw, l, prev)
			}
			prev = l
		}
		if aia.LevelOf(maxRaw, maxRaw) != aia.LevelIV || aia.LevelOf(0, maxRaw) != aia.LevelI {
			t.Errorf("max raw %d: the ends are not levels I and IV", maxRaw)
		}
	}
	for raw := 0; raw <= 200; raw++ {
		if aia.CurrentScore(raw+1, true) < aia.CurrentScore(raw, true) {
			t.Fatalf("CurrentScore is not monotonic at %d", raw)
		}
	}
}

// TestConcurrentUse scores shared questionnaires from many goroutines; with -race it
// proves the library safe for concurrent use.
func TestConcurrentUse(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	q := current(t)
	var files [][]byte
	var want []aia.Result
	for range 20 {
		a := randomAssessment(t, q, rng)
		data, _ := json.Marshal(a.File())
		files = append(files, data)
		want = append(want, aia.Score(a))
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			s := aia.NewScorer(aia.Options{})
			for i := range files {
				k := (i + g) % len(files)
				rep, err := s.ScoreFile(files[k])
				if err != nil {
					t.Error(err)
					return
				}
				if !cmp.Equal(want[k], rep.Result) {
					t.Errorf("goroutine %d, file %d: different result", g, k)
				}
				_ = rep.Explanation
				if _, err := aia.Requirements(q, rep.Level); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
}

// TestScoresNeverExceedTheMaxima gives every scored question random answers, repeated
// values and values of other questions included, both written straight into Answers and
// read from a saved file: Raw ≤ MaxRaw and Mitigation ≤ MaxMitigation whatever the answers.
func TestScoresNeverExceedTheMaxima(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, q := range questionnaire.Versions() {
		var pool []string // every choice value of the questionnaire
		for _, x := range q.Questions() {
			for _, c := range x.Choices {
				pool = append(pool, c.Value)
			}
		}
		for range 100 {
			a := aia.New(q)
			data := map[string]any{"projectDetailsPhase": []string{"item1", "item2"}[rng.IntN(2)]}
			for _, x := range q.Questions() {
				if !x.Scored() {
					continue
				}
				var values []string
				for range rng.IntN(8) {
					if rng.IntN(2) == 0 || len(x.Choices) == 0 {
						values = append(values, pool[rng.IntN(len(pool))])
					} else { // a choice of its own, often heavy and repeated
						values = append(values, x.Choices[rng.IntN(len(x.Choices))].Value)
					}
				}
				switch {
				case len(values) > 1 || x.Type == questionnaire.Multiple && rng.IntN(2) == 0:
					a.Answers[x.Index()] = condition.List(values...)
					data[x.ID] = values
				case len(values) == 1:
					a.Answers[x.Index()] = condition.Text(values[0])
					data[x.ID] = values[0]
				}
			}
			file, err := json.Marshal(map[string]any{"version": q.Version, "data": data})
			if err != nil {
				t.Fatal(err)
			}
			fromFile, err := aia.ScoreFile(file, aia.Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range []aia.Result{aia.Score(a), fromFile.Result} {
				if r.Raw < 0 || r.Raw > r.MaxRaw || r.Mitigation < 0 || r.Mitigation > r.MaxMitigation {
					t.Fatalf("%s: raw %d of %d, mitigation %d of %d", q.Version, r.Raw, r.MaxRaw, r.Mitigation, r.MaxMitigation)
				}
				for _, s := range r.Sections {
					if s.Score > s.Max {
						t.Fatalf("%s: section %s scores %d of %d", q.Version, s.ID, s.Score, s.Max)
					}
				}
			}
			for _, m := range aia.Measures(a) {
				x, _ := q.Question(m.Question)
				if m.Points > x.Max() {
					t.Fatalf("%s: measure %s earns %d of %d", q.Version, m.Question, m.Points, x.Max())
				}
			}
		}
	}
}

func TestRepeatedValuesCountOnce(t *testing.T) {
	file := []byte(`{"version":"v1.0.1","data":{"projectDetailsPhase":"item1",` +
		`"businessDrivers11":["item1-2","item1-2","item1-2","item1-2"]}}`)
	rep, err := aia.ScoreFile(file, aia.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Raw != 2 {
		t.Errorf("raw %d, want 2: a repeated value counts once", rep.Raw)
	}
	if diff := cmp.Diff([]string{`question businessDrivers11: "item1-2" repeated; counted once`}, warningTexts(rep.Warnings)); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	if _, err := aia.ScoreFile(file, aia.Options{Strict: true}); err == nil {
		t.Error("strict mode accepts a repeated value")
	}
	a := aia.New(current(t))
	if err := a.Set("businessDrivers11", "item1-2", "item2-0", "item1-2"); err == nil || !strings.Contains(err.Error(), `"item1-2" is repeated`) {
		t.Errorf("Set with a repeated value: %v", err)
	}
	a.Answers[mustQuestion(t, a.Questionnaire, "businessDrivers11").Index()] = condition.List("item1-2", "item1-2")
	if r := aia.Score(a); r.Raw != 2 {
		t.Errorf("a repeated value written into Answers scores %d, want 2", r.Raw)
	}
	if diff := cmp.Diff([]string{"question projectDetailsPhase: required but unanswered", `question businessDrivers11: "item1-2" repeated; counted once`}, warningTexts(aia.Check(a))); diff != "" {
		t.Errorf("Check of a repeated value written into Answers (-want +got):\n%s", diff)
	}
	if raw, _ := a.File().Answer("businessDrivers11"); string(raw) != `["item1-2"]` {
		t.Errorf("File writes %s, want the value once", raw)
	}
}

func mustQuestion(t *testing.T, q *questionnaire.Questionnaire, id string) *questionnaire.Question {
	t.Helper()
	x, ok := q.Question(id)
	if !ok {
		t.Fatalf("no question %s", id)
	}
	return x
}

func warningTexts(w []aia.Warning) []string { return problemTexts(w) }

// TestScoreEqualsReport checks that Score, which evaluates only the conditions a score
// reads, gives the result a report computes from the visibility of every question. The
// assessments answer any question, scored or not, hidden or shown, with choices, texts,
// blanks, and values a caller may write into Answers directly.
func TestScoreEqualsReport(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	// A page whose scored questions all have conditions: shown or not, unanswered, they
	// decide whether its section is visible.
	conditioned, err := questionnaire.Load([]byte(`{"format": "aia-questionnaire/1", "version": "t", "pages": [
	  {"id": "a", "questions": [
	    {"id": "gate", "type": "single", "choices": [{"value": "yes", "weight": 0}, {"value": "no", "weight": 0}]},
	    {"id": "q1", "type": "single", "kind": "raw", "visibleIf": "{gate} = 'yes'", "choices": [{"value": "item1-3", "weight": 3}]}]},
	  {"id": "b", "questions": [
	    {"id": "q2", "type": "multiple", "kind": "mitigation", "visibleIf": "{gate} = 'no'", "choices": [{"value": "item1-1", "weight": 1}]},
	    {"id": "q3", "type": "dropdown", "kind": "raw", "choices": [{"value": "item1-2", "weight": 2}]}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	var reused aia.Result // ScoreTo's, from one assessment to the next of every version
	for _, q := range append(questionnaire.Versions(), conditioned) {
		for i := range 400 {
			a := aia.New(q)
			density := []float64{0, 0.03, 0.1, 0.5, 0.9}[i%5] // of answers: few leave sections unanswered
			for _, x := range q.Questions() {
				if x.Type == questionnaire.Info || rng.Float64() >= density {
					continue
				}
				v := &a.Answers[x.Index()]
				switch n := rng.IntN(10); {
				case n == 0:
					*v = condition.Text("  ")
				case n == 1:
					*v = condition.Value{Str: "not set"}
				case n == 2:
					*v = condition.List()
				case len(x.Choices) == 0:
					*v = condition.Text("texte libre « é »")
				case x.Type == questionnaire.Multiple:
					*v = condition.List(x.Choices[rng.IntN(len(x.Choices))].Value, x.Choices[rng.IntN(len(x.Choices))].Value)
				default:
					*v = condition.Text(x.Choices[rng.IntN(len(x.Choices))].Value)
				}
			}
			r, err := aia.NewReport(a)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(r.Result, aia.Score(a)); diff != "" {
				t.Fatalf("%s: Score differs from the report's result (-report +score):\n%s", q.Version, diff)
			}
			aia.ScoreTo(&reused, a)
			if diff := cmp.Diff(r.Result, reused); diff != "" {
				t.Fatalf("%s: ScoreTo into a reused result differs from the report's result (-report +ScoreTo):\n%s", q.Version, diff)
			}
			// A Scorer that lists no question scores reads as little of the
			// visibility as Score, and reports the rest alike.
			data, err := json.Marshal(a.File())
			if err != nil {
				t.Fatal(err)
			}
			saved, err := aia.ScoreFile(data, aia.Options{Questionnaire: q})
			if err != nil {
				t.Fatal(err)
			}
			saved.Explanation.Questions = nil
			got, err := aia.NewScorer(aia.Options{Questionnaire: q, NoQuestionScores: true}).ScoreFile(data)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(saved, got); diff != "" {
				t.Fatalf("%s: a Scorer without question scores differs (-full +lean):\n%s", q.Version, diff)
			}
		}
	}
}
