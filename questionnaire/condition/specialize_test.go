package condition

import (
	"math/rand/v2"
	"testing"
)

// TestSpecializedInstrsAgree: the instructions refLit compiles {question} OP literal
// to give what the general comparison of a reference with a literal gives (apply on
// both operands' values, but see = below), on many generated literals and answers:
// texts, numbers written differently, blank texts, lists with repeats, missing, unset
// and hidden answers.
func TestSpecializedInstrsAgree(t *testing.T) {
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
		op, index, lit := []binaryOp{opEq, opContains, opNe, opAnyOf}[rng.IntN(4)], rng.IntN(3)-1+rng.IntN(2), literal()
		general := &Expr{code: []instr{{op: opRef, index: index}, {op: opLit, lit: lit}, {op: opBinary, bin: op, x: 0, y: 1}}}
		fast := &Expr{code: []instr{refLit(op, index, lit)}}
		if fast.code[0].op != opRefLit {
			specialized++
		}
		env := &Env{Values: []Value{answer(), answer()}}
		if rng.IntN(2) == 0 {
			env.Shown = []bool{rng.IntN(3) > 0, rng.IntN(3) > 0}
		}
		want := general.Eval(env)
		if op == opEq && !lit.IsList && lit.Str != "" {
			// = with a text that is not empty has always read a missing or empty text
			// answer as unequal, even to a blank text that apply finds equal to them.
			if v := env.at(index); v == nil || !v.IsList {
				want = v != nil && v.Str != "" && equalText(v.Str, lit.Str)
			}
		}
		if got := fast.Eval(env); got != want {
			t.Fatalf("op %d, literal %+v, env %+v: compiled %+v gives %v, general %v", op, lit, env, fast.code[0], got, want)
		}
	}
	if specialized < 50000 {
		t.Fatalf("only %d specialized instructions tested", specialized)
	}
}
