package condition_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/gc-aia/aia/questionnaire/condition"
)

// env builds an environment from named answers; names are resolved in the order given.
type namedEnv struct {
	names  []string
	values []condition.Value
}

func (n *namedEnv) resolve(id string) (int, bool) {
	for i, name := range n.names {
		if name == id {
			return i, true
		}
	}
	return 0, false
}

func answers(pairs ...any) *namedEnv {
	n := &namedEnv{}
	for i := 0; i < len(pairs); i += 2 {
		n.names = append(n.names, pairs[i].(string))
		n.values = append(n.values, pairs[i+1].(condition.Value))
	}
	return n
}

var (
	text = condition.Text
	list = condition.List
	none = condition.Value{}
)

func TestEval(t *testing.T) {
	tests := []struct {
		expr string
		env  *namedEnv
		want bool
	}{
		{`{a} = "item1"`, answers("a", text("item1")), true},
		{`{a} = "item1"`, answers("a", text("item2")), false},
		{`{a} = "item1"`, answers("a", none), false},
		{`{a} == 'item1'`, answers("a", text("item1")), true},
		{`{a} != "item1"`, answers("a", none), true},
		{`{a} <> "item1"`, answers("a", text("item1")), false},
		{`{a} = 3`, answers("a", text("3")), true},
		{`{a} = 3`, answers("a", text("3.0")), true},
		// contains on a multiple-choice answer: membership of every right-hand item.
		{`{a} contains "item6"`, answers("a", list("item1", "item6")), true},
		{`{a} contains "item6"`, answers("a", list("item1", "item16")), false},
		{`{a} contains ["item1", "item6"]`, answers("a", list("item1", "item6")), true},
		{`{a} contains ["item1", "item7"]`, answers("a", list("item1", "item6")), false},
		{`{a} contains "item6"`, answers("a", none), false},
		// contains on a single answer is a substring test: the official files rely on
		// {aboutSystem3} contains ["item2"] matching the value "item2-0".
		{`{a} contains ["item2"]`, answers("a", text("item2-0")), true},
		{`{a} contains ["item3"]`, answers("a", text("item2-0")), false},
		{`{a} notcontains "item6"`, answers("a", list("item1")), true},
		{`{a} notcontains "item6"`, answers("a", list("item6")), false},
		{`{a} anyof ["x", "y"]`, answers("a", list("y", "z")), true},
		{`{a} anyof ["x", "y"]`, answers("a", text("x")), true},
		{`{a} anyof ["x", "y"]`, answers("a", list("z")), false},
		{`{a} allof ["x", "y"]`, answers("a", list("y", "x", "z")), true},
		{`{a} allof ["x", "y"]`, answers("a", list("x")), false},
		{`{a} empty`, answers("a", none), true},
		{`{a} empty`, answers("a", list()), true},
		{`{a} empty`, answers("a", text("")), true},
		{`{a} empty`, answers("a", text(" \t\n")), true}, // texts are trimmed, as in SurveyJS
		{`{a} notempty`, answers("a", text("x")), true},
		{`{a} notEmpty`, answers("a", none), false},
		{`{a} = "1" and {b} = "2"`, answers("a", text("1"), "b", text("2")), true},
		{`{a} = "1" and {b} = "2"`, answers("a", text("1"), "b", text("3")), false},
		{`{a} = "1" or {b} = "2"`, answers("a", text("0"), "b", text("2")), true},
		{`{a} = "1" || {b} = "2" && {c} = "3"`, answers("a", text("1"), "b", none, "c", none), true},
		{`({a} = "1" or {b} = "2") and {c} = "3"`, answers("a", text("1"), "b", none, "c", none), false},
		{`not {a} = "1"`, answers("a", text("1")), false},
		{`!({a} = "1")`, answers("a", text("2")), true},
		{`NOT NOT {a} notempty`, answers("a", text("2")), true},
		{`{a} > 2 and {a} <= 5`, answers("a", text("5")), true},
		{`{a} >= 10`, answers("a", text("9")), false},
		{`{a} < "b"`, answers("a", text("a")), true},
		{`{a} = ["x", "y"]`, answers("a", list("y", "x")), true},
		{`{a} = ["x", "y"]`, answers("a", list("x")), false},
		{`{ a } = "x"`, answers("a", text("x")), true},
		{`{a}`, answers("a", text("x")), true},
		{`{a}`, answers("a", text("false")), false},
		{`true`, answers(), true},
	}
	for _, tt := range tests {
		e, err := condition.Parse(tt.expr, tt.env.resolve)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.expr, err)
			continue
		}
		if got := e.Eval(&condition.Env{Values: tt.env.values}); got != tt.want {
			t.Errorf("%s with %v = %v, want %v", tt.expr, tt.env.values, got, tt.want)
		}
	}
}

func TestHiddenAnswersReadAsEmpty(t *testing.T) {
	env := answers("a", text("x"))
	e, err := condition.Parse(`{a} notempty`, env.resolve)
	if err != nil {
		t.Fatal(err)
	}
	if !e.Eval(&condition.Env{Values: env.values, Shown: []bool{true}}) {
		t.Error("shown answer reads as empty")
	}
	if e.Eval(&condition.Env{Values: env.values, Shown: []bool{false}}) {
		t.Error("hidden answer still counts")
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		expr   string
		offset int
		msg    string
	}{
		{``, 0, "empty condition"},
		{`{a} = `, 6, "expected a question reference"},
		{`{a} = "x`, 6, "string without closing quote"},
		{`{a = "x"`, 0, "reference without closing"},
		{`{} = "x"`, 0, "empty reference"},
		{`{zzz} = "x"`, 0, "unknown question {zzz}"},
		{`({a} = "x"`, 10, `expected ")"`},
		{`{a} = "x")`, 9, `unexpected ")"`},
		{`{a} = "x" "y"`, 10, `unexpected string "y"`},
		{`{a} = ["x" "y"]`, 11, `expected "," or "]"`},
		{`{a} = [{a}]`, 7, "expected a string or number in array"},
		{`iif({a}, 1, 2)`, 0, `unknown word "iif"`},
		{`{a} = "x" # 1`, 10, "unexpected character '#'"},
		{`{a} = 1.2.3`, 6, "invalid number"},
		{`{a} and`, 7, "expected a question reference"},
		{strings.Repeat("(", 150) + `{a}` + strings.Repeat(")", 150), 100, "nested deeper than 100"},
		{strings.Repeat("not ", 150) + `{a}`, 400, "nested deeper than 100"},
	}
	resolve := func(id string) (int, bool) { return 0, id == "a" }
	for _, tt := range tests {
		_, err := condition.Parse(tt.expr, resolve)
		var se *condition.SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Parse(%q) error = %v, want a *SyntaxError", tt.expr, err)
			continue
		}
		if se.Offset != tt.offset || !strings.Contains(se.Msg, tt.msg) {
			t.Errorf("Parse(%q) = offset %d %q, want offset %d containing %q", tt.expr, se.Offset, se.Msg, tt.offset, tt.msg)
		}
	}
}

func TestRefs(t *testing.T) {
	e, err := condition.Parse(`{b} = "1" or {a} contains "x" or {b} empty`, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(e.Refs(), ","); got != "b,a" {
		t.Errorf("Refs = %s, want b,a", got)
	}
	if e.String() != `{b} = "1" or {a} contains "x" or {b} empty` {
		t.Errorf("String = %q", e.String())
	}
}

func ExampleParse() {
	names := []string{"projectDetailsPhase", "aboutSystem1"}
	resolve := func(id string) (int, bool) {
		for i, n := range names {
			if n == id {
				return i, true
			}
		}
		return 0, false
	}
	e, err := condition.Parse(`{projectDetailsPhase} = "item1" and {aboutSystem1} contains "item6"`, resolve)
	if err != nil {
		panic(err)
	}
	env := &condition.Env{Values: []condition.Value{condition.Text("item1"), condition.List("item2", "item6")}}
	fmt.Println(e.Eval(env))
	env.Values[1] = condition.List("item2")
	fmt.Println(e.Eval(env))
	// Output:
	// true
	// false
}
