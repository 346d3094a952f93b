package condition

import (
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSpecializedNodesAgree: the specialized nodes of {question} = "text" and
// {question} contains … give what the general refOpText (and apply) gives, on many
// generated literals and answers: texts, numbers written differently, blank texts,
// lists with repeats, missing, unset and hidden answers.
func TestSpecializedNodesAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	words := []string{"", " ", "  \t", "item1", "item1-2", "item2", "1", "1.0", "01", "-1", "+1", "1e0", ".5", "0.5", "é", "a,b", "a", "b", "true", "false", "0", "item1-2 "}
	word := func() string { return words[rng.IntN(len(words))] }
	literal := func() Value {
		if rng.IntN(3) == 0 {
			var items []string
			for range rng.IntN(4) {
				items = append(items, word())
			}
			return List(items...)
		}
		return Text(word())
	}
	answer := func() Value {
		switch rng.IntN(6) {
		case 0:
			return Value{}
		case 1:
			return Value{Str: word()} // not set
		case 2, 3:
			return Text(word())
		}
		var items []string
		for range rng.IntN(4) {
			items = append(items, word())
		}
		return List(items...)
	}
	specialized := 0
	for range 200000 {
		ref := &refOpText{op: []binaryOp{opEq, opContains, opNe, opAnyOf}[rng.IntN(4)], index: rng.IntN(3) - 1 + rng.IntN(2), text: literal()}
		fast := specialize(ref)
		if fast != node(ref) {
			specialized++
		}
		env := &Env{Values: []Value{answer(), answer()}}
		if rng.IntN(2) == 0 {
			env.Shown = []bool{rng.IntN(3) > 0, rng.IntN(3) > 0}
		}
		if got, want := fast.test(env), ref.test(env); got != want {
			t.Fatalf("op %d, literal %+v, env %+v: specialized %v, refOpText %v", ref.op, ref.text, env, got, want)
		}
		if diff := cmp.Diff(ref.eval(env), fast.eval(env)); diff != "" {
			t.Fatalf("eval differs:\n%s", diff)
		}
	}
	if specialized < 50000 {
		t.Fatalf("only %d specialized nodes tested", specialized)
	}
}
