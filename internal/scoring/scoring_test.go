package scoring

import (
	"testing"

	"github.com/gc-aia/aia/questionnaire/condition"
	"github.com/google/go-cmp/cmp"
)

func TestPoints(t *testing.T) {
	single := NewQuestion(Raw, false, []string{"item1", "item2", "item10", "item2"}, []int{0, 2, 3, 9})
	multiple := NewQuestion(Mitigation, true, []string{"item1", "item2", "item3"}, []int{1, 2, 4})
	if single.Max != 9 || multiple.Max != 7 {
		t.Fatalf("maxima %d and %d, want 9 (the heaviest choice) and 7 (the sum)", single.Max, multiple.Max)
	}
	for _, tc := range []struct {
		name string
		q    *Question
		v    condition.Value
		want int
	}{
		{"a choice", &single, condition.Text("item10"), 3},
		{"the first choice of a value", &single, condition.Text("item2"), 2},
		{"same length and last byte, no choice", &single, condition.Text("itemX0"), 0},
		{"no choice", &single, condition.Text("other"), 0},
		{"empty", &single, condition.Text(""), 0},
		{"unanswered", &single, condition.Value{}, 0},
		{"a list for one choice", &single, condition.List("item2"), 0},
		{"a list", &multiple, condition.List("item1", "item3"), 5},
		{"a list with repeats", &multiple, condition.List("item3", "item3", "item1", "item3"), 5},
		{"a list with values that are no choice", &multiple, condition.List("x", "item2", ""), 2},
		{"one choice of a multiple-choice question", &multiple, condition.Text("item3"), 4},
	} {
		if got := tc.q.Points(&tc.v); got != tc.want {
			t.Errorf("%s: Points = %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestBuilder(t *testing.T) {
	raw := NewQuestion(Raw, false, []string{"a", "b"}, []int{1, 3})
	mitigation := NewQuestion(Mitigation, true, []string{"a", "b"}, []int{1, 2})
	var b Builder
	b.Add(0, 0, "p0", &raw)
	b.Add(2, 0, "p0", &raw)
	b.Add(5, 2, "p2", &mitigation)
	b.Add(6, 3, "p3", &raw)
	b.Add(7, 3, "p3", &mitigation)
	want := &Plan{
		Steps: []Step{
			{Index: 0, Section: 0, Question: &raw}, {Index: 2, Section: 0, Question: &raw},
			{Index: 5, Section: 1, Question: &mitigation},
			{Index: 6, Section: 2, Question: &raw}, {Index: 7, Section: 2, Question: &mitigation},
		},
		Sections: []Section{
			{ID: "p0", Kind: "raw", Questions: 2, Max: 6},
			{ID: "p2", Kind: "mitigation", Questions: 1, Max: 3},
			{ID: "p3", Kind: "mixed", Questions: 2, Max: 6},
		},
		MaxRaw:        9,
		MaxMitigation: 6,
	}
	if diff := cmp.Diff(want, b.Plan(), cmp.AllowUnexported(Question{}, choice{})); diff != "" {
		t.Errorf("plan (-want +got):\n%s", diff)
	}
}
