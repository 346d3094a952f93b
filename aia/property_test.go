package aia_test

import (
	"encoding/json"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gc-aia/aia/aia"
	"github.com/gc-aia/aia/questionnaire"
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
			s := aia.NewScorer(aia.Options{}, 0)
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
