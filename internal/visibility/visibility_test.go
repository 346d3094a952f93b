package visibility

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gc-aia/aia/questionnaire/condition"
)

// TestEval evaluates a two-page plan: page 0 holds "gate" (0) and "why" (1, shown when
// gate is "other"); page 1, shown when gate is set, holds "score" (2, scored, shown
// when why is not empty) and "note" (3).
func TestEval(t *testing.T) {
	parse := func(src string) *condition.Expr {
		e, err := condition.Parse(src, func(id string) (int, bool) {
			return map[string]int{"gate": 0, "why": 1}[id], true
		})
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	b := NewBuilder(4, 2)
	b.Page(0, 0, 2, nil)
	b.Question(0, 1, parse("{gate} = 'other'"), false)
	b.Page(1, 2, 4, parse("{gate} notempty"))
	b.Question(1, 2, parse("{why} notempty"), true)
	plan := b.Plan()

	for _, tc := range []struct {
		name     string
		answers  []condition.Value
		want     []bool
		forScore []bool // where it differs from want
	}{
		{"nothing answered", nil, []bool{true, false, false, false}, nil},
		{"gate only", []condition.Value{condition.Text("yes")}, []bool{true, false, false, true}, nil},
		{"a hidden why reads empty", []condition.Value{condition.Text("yes"), condition.Text("because")}, []bool{true, false, false, true}, nil},
		{"why shown shows score", []condition.Value{condition.Text("other"), condition.Text("because")}, []bool{true, true, true, true}, nil},
		// why is shown but has no answer: a score leaves it unevaluated, hidden; score,
		// which decides its section, is still evaluated.
		{"why shown, unanswered", []condition.Value{condition.Text("other")}, []bool{true, true, false, true}, []bool{true, false, false, true}},
	} {
		if got := plan.Eval(tc.answers, nil, false); !cmp.Equal(got, tc.want) {
			t.Errorf("%s: Eval = %v, want %v", tc.name, got, tc.want)
		}
		want := tc.want
		if tc.forScore != nil {
			want = tc.forScore
		}
		if got := plan.Eval(tc.answers, make([]bool, 0, 8), true); !cmp.Equal(got, want) {
			t.Errorf("%s: Eval for a score = %v, want %v", tc.name, got, want)
		}
	}
	if got := (*Plan)(nil).Eval(nil, nil, false); len(got) != 0 {
		t.Errorf("a nil plan shows %v", got)
	}
}
