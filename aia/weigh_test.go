package aia

import (
	"math/rand/v2"
	"testing"

	"github.com/gc-aia/aia/questionnaire"
	"github.com/gc-aia/aia/questionnaire/condition"
)

// TestWeighIsMaxAndPoints: the one pass of score over a question's choices gives what
// Question.Max and points give, whatever the weights (also out of range, as a
// questionnaire changed after it was built has) and the answer.
func TestWeighIsMaxAndPoints(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	if (questionnaire.Choice{Weight: 1 << 20}).Points() != maxWeight {
		t.Fatalf("maxWeight is not what Choice.Points clamps at")
	}
	types := []questionnaire.Type{questionnaire.Single, questionnaire.Dropdown, questionnaire.Multiple, questionnaire.Line}
	for _, q := range questionnaire.Versions() {
		for _, x := range q.Questions() {
			if !x.Scored() {
				continue
			}
			for range 20 {
				for i := range x.Choices {
					x.Choices[i].Weight = rng.IntN(1500) - 100
				}
				if rng.IntN(5) == 0 {
					x.Type = types[rng.IntN(len(types))]
				}
				var v condition.Value
				value := func() string {
					if len(x.Choices) == 0 || rng.IntN(6) == 0 {
						return []string{"", "other", "nope", "item1"}[rng.IntN(4)]
					}
					return x.Choices[rng.IntN(len(x.Choices))].Value
				}
				switch rng.IntN(4) {
				case 0:
				case 1:
					v = condition.Text(value())
				default:
					var items []string
					for range rng.IntN(5) {
						items = append(items, value())
					}
					v = condition.List(items...)
				}
				m, pts := weigh(x, &v, true)
				if m != x.Max() || pts != points(x, &v) {
					t.Fatalf("%s %s %+v: weigh = %d, %d; want %d, %d", q.Version, x.ID, v, m, pts, x.Max(), points(x, &v))
				}
				if m, pts := weigh(x, &v, false); m != x.Max() || pts != 0 {
					t.Fatalf("%s %s: weigh without counting = %d, %d", q.Version, x.ID, m, pts)
				}
			}
		}
	}
}
