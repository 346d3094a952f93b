package condition_test

import (
	"testing"

	"github.com/gc-aia/aia/questionnaire/condition"
)

// FuzzParseEval parses arbitrary conditions and evaluates those that parse: neither may
// panic, and evaluation must not depend on anything but the answers.
func FuzzParseEval(f *testing.F) {
	for _, seed := range []string{
		`{a} = "item1"`, `{a} contains ["item6"]`, `({a} = "x" or {b} notempty) and not {c} empty`,
		`{a} anyof ['x', 'y'] && {b} allof [1, 2] || !{c} > 3`, `{a} <= -1.5e3`, `((({a})))`, `{`, `"`, `[`,
		`({a} = "x") = "true"`, `{a} = ' '`, `"x" contains ({b} empty)`, `not ({a} or {b}) notempty`,
	} {
		f.Add(seed, "item1", "x")
	}
	f.Fuzz(func(t *testing.T, src, a, b string) {
		e, err := condition.Parse(src, nil)
		if err != nil {
			if _, ok := err.(*condition.SyntaxError); !ok {
				t.Fatalf("Parse(%q) returned %T, want *SyntaxError", src, err)
			}
			return
		}
		values := make([]condition.Value, len(e.Refs()))
		for i := range values {
			switch i % 3 {
			case 0:
				values[i] = condition.Text(a)
			case 1:
				values[i] = condition.List(a, b)
			}
		}
		shown := make([]bool, len(values))
		for i := range shown {
			shown[i] = i%2 == 0
		}
		for _, env := range []*condition.Env{
			{Values: values},
			{Values: values, Shown: shown}, // every other answer hidden
			{Values: values[:len(values)/2], Shown: shown[:len(shown)/3]}, // answers and Shown too short
		} {
			first := e.Eval(env)
			if again := e.Eval(env); again != first {
				t.Fatalf("%q evaluated %v then %v", src, first, again)
			}
		}
	})
}
