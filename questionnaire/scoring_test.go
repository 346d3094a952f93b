package questionnaire_test

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/gc-aia/aia/questionnaire"
	"github.com/gc-aia/aia/questionnaire/condition"
)

// wantMax is a question's maximum computed from its definition: its heaviest choice,
// or for a multiple-choice question the sum of its choices.
func wantMax(x *questionnaire.Question) int {
	if !x.Type.HasChoices() || (x.Kind != questionnaire.RawImpact && x.Kind != questionnaire.Mitigation) {
		return 0
	}
	best, sum := 0, 0
	for _, c := range x.Choices {
		best = max(best, c.Weight)
		sum += c.Weight
	}
	if x.Type == questionnaire.Multiple {
		return sum
	}
	return best
}

// wantPoints is the points of an answer computed from the question's definition.
func wantPoints(x *questionnaire.Question, v condition.Value) int {
	if !x.Type.HasChoices() || (x.Kind != questionnaire.RawImpact && x.Kind != questionnaire.Mitigation) {
		return 0
	}
	weight := func(value string) int {
		for _, c := range x.Choices {
			if c.Value == value {
				return c.Weight
			}
		}
		return 0
	}
	if !v.IsList {
		return weight(v.Str)
	}
	if x.Type != questionnaire.Multiple {
		return 0
	}
	sum := 0
	seen := map[string]bool{}
	for _, value := range v.List {
		if !seen[value] {
			seen[value] = true
			sum += weight(value)
		}
	}
	return sum
}

// randomAnswer returns a value for x: unanswered, one choice, a list of choices with
// repeats, or values that are no choice.
func randomAnswer(rng *rand.Rand, x *questionnaire.Question) condition.Value {
	value := func() string {
		if len(x.Choices) == 0 || rng.IntN(6) == 0 {
			return []string{"", "other", "nope", "item1", "item1-"}[rng.IntN(5)]
		}
		return x.Choices[rng.IntN(len(x.Choices))].Value
	}
	switch rng.IntN(4) {
	case 0:
		return condition.Value{}
	case 1:
		return condition.Text(value())
	}
	var items []string
	for range rng.IntN(6) {
		items = append(items, value())
	}
	return condition.List(items...)
}

// TestScoringFollowsTheDefinition: Max, Points, MaxRaw and MaxMitigation of every
// embedded version are what the definitions give, for every question and random answers.
func TestScoringFollowsTheDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, q := range questionnaire.Versions() {
		wantRaw, wantMitigation := 0, 0
		for _, x := range q.Questions() {
			if got, want := x.Max(), wantMax(x); got != want {
				t.Errorf("%s %s: Max %d, want %d", q.Version, x.ID, got, want)
			}
			if got, want := x.Scored(), x.Kind != questionnaire.NotScored; got != want {
				t.Errorf("%s %s: Scored %v, want %v", q.Version, x.ID, got, want)
			}
			if x.ScoreKind() != x.Kind {
				t.Errorf("%s %s: ScoreKind %q, Kind %q", q.Version, x.ID, x.ScoreKind(), x.Kind)
			}
			switch x.Kind {
			case questionnaire.RawImpact:
				wantRaw += wantMax(x)
			case questionnaire.Mitigation:
				wantMitigation += wantMax(x)
			}
			for range 30 {
				v := randomAnswer(rng, x)
				got, want := x.Points(v), wantPoints(x, v)
				if got != want {
					t.Fatalf("%s %s %+v: Points %d, want %d", q.Version, x.ID, v, got, want)
				}
				if got > x.Max() {
					t.Fatalf("%s %s %+v: Points %d above Max %d", q.Version, x.ID, v, got, x.Max())
				}
			}
		}
		if q.MaxRaw() != wantRaw || q.MaxMitigation() != wantMitigation {
			t.Errorf("%s: maxima %d, %d; want %d, %d", q.Version, q.MaxRaw(), q.MaxMitigation(), wantRaw, wantMitigation)
		}
	}
}

// TestScoringIsFixedWhenBuilt: changing the kinds, types and weights of a built
// questionnaire changes nothing of what it scores; building the changed definition with
// New scores with the new ones.
func TestScoringIsFixedWhenBuilt(t *testing.T) {
	q, err := questionnaire.Version("v1.0.1")
	if err != nil {
		t.Fatal(err)
	}
	maxRaw, maxMitigation := q.MaxRaw(), q.MaxMitigation()
	type facts struct {
		kind    questionnaire.Kind
		max, pt int
	}
	answer := func(x *questionnaire.Question) condition.Value {
		values := make([]string, 0, len(x.Choices))
		for _, c := range x.Choices {
			values = append(values, c.Value)
		}
		return condition.List(values...)
	}
	before := map[string]facts{}
	for _, x := range q.Questions() {
		before[x.ID] = facts{x.ScoreKind(), x.Max(), x.Points(answer(x))}
	}
	for _, x := range q.Questions() {
		for i := range x.Choices {
			x.Choices[i].Weight = 900
		}
		if x.Kind == questionnaire.RawImpact && x.Type == questionnaire.Single {
			x.Type = questionnaire.Multiple
		}
	}
	x, _ := q.Question("riskProfile2")
	x.Kind = questionnaire.Mitigation
	for _, x := range q.Questions() {
		if got := (facts{x.ScoreKind(), x.Max(), x.Points(answer(x))}); got != before[x.ID] {
			t.Fatalf("%s: %+v after the change, %+v before", x.ID, got, before[x.ID])
		}
	}
	if q.MaxRaw() != maxRaw || q.MaxMitigation() != maxMitigation {
		t.Errorf("maxima %d, %d after the change; %d, %d before", q.MaxRaw(), q.MaxMitigation(), maxRaw, maxMitigation)
	}

	changed, err := questionnaire.New(q)
	if err != nil {
		t.Fatal(err)
	}
	wantRaw, wantMitigation := 0, 0
	for _, x := range changed.Questions() {
		if x.Max() != wantMax(x) {
			t.Errorf("rebuilt %s: Max %d, want %d", x.ID, x.Max(), wantMax(x))
		}
		if x.Scored() {
			if got, want := x.Points(answer(x)), wantPoints(x, answer(x)); got != want {
				t.Errorf("rebuilt %s: Points %d, want %d", x.ID, got, want)
			}
		}
		switch x.ScoreKind() {
		case questionnaire.RawImpact:
			wantRaw += x.Max()
		case questionnaire.Mitigation:
			wantMitigation += x.Max()
		}
	}
	if changed.MaxRaw() != wantRaw || changed.MaxMitigation() != wantMitigation || wantRaw <= maxRaw {
		t.Errorf("rebuilt maxima %d, %d; want %d, %d, above %d", changed.MaxRaw(), changed.MaxMitigation(), wantRaw, wantMitigation, maxRaw)
	}
	if y, _ := changed.Question("riskProfile2"); y.ScoreKind() != questionnaire.Mitigation {
		t.Errorf("rebuilt riskProfile2 scores %q", y.ScoreKind())
	}
	if !slices.ContainsFunc(changed.Questions(), func(x *questionnaire.Question) bool {
		return x.Scored() && x.Type == questionnaire.Multiple && x.Kind == questionnaire.RawImpact
	}) {
		t.Error("no rebuilt raw impact question is multiple-choice")
	}
}
