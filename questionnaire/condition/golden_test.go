package condition_test

import (
	"encoding/json"
	"flag"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/gc-aia/aia/questionnaire/condition"
	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite testdata/eval-golden.json from the current implementation")

const goldenFile = "testdata/eval-golden.json"

// goldenCase is one generated condition with its results on the environments
// generated after it: "1" true, "0" false, one character each.
type goldenCase struct {
	Src     string `json:"src"`
	Err     string `json:"err,omitempty"`
	Results string `json:"results,omitempty"`
}

// goldenIDs are the questions conditions may reference: three answers, one index past
// the end of Values and one negative index, which both read as unanswered.
var goldenIDs = map[string]int{"a": 0, "b": 1, "c": 2, "far": 7, "neg": -1}

// goldenGen generates conditions and environments from a fixed seed, so that the
// recorded results stay comparable from one implementation to the next.
type goldenGen struct{ rng *rand.Rand }

var goldenWords = []string{"", " ", " \t", "item1", "item1-2", "item2", "1", "1.0", "01", "-1", "+1", "1e0", ".5", "0.5", "0", "2", "10", "true", "false", "a,b", "a", "b", "é", "item1-2 ", "x y"}

func (g *goldenGen) word() string { return goldenWords[g.rng.IntN(len(goldenWords))] }

func (g *goldenGen) pick(s ...string) string { return s[g.rng.IntN(len(s))] }

// operand is a reference, a literal (string, number, true/false, array) or a
// parenthesized condition.
func (g *goldenGen) operand(depth int) string {
	switch g.rng.IntN(10) {
	case 0, 1, 2, 3:
		return "{" + g.pick("a", "a", "b", "b", "c", "far", "neg", " a ") + "}"
	case 4, 5:
		q := g.pick(`"`, `'`)
		return q + g.word() + q
	case 6:
		return g.pick("1", "1.0", "-1", ".5", "1e0", "0", "2", "10", "-0.5e1")
	case 7:
		return g.pick("true", "false", "TRUE")
	case 8:
		var items []string
		for range g.rng.IntN(4) {
			if g.rng.IntN(4) == 0 {
				items = append(items, g.pick("1", "2", "1.0", "-1"))
			} else {
				items = append(items, `"`+g.word()+`"`)
			}
		}
		return "[" + strings.Join(items, ", ") + "]"
	}
	if depth <= 0 {
		return "{a}"
	}
	return "(" + g.cond(depth-1) + ")"
}

func (g *goldenGen) comparison(depth int) string {
	l := g.operand(depth)
	if g.rng.IntN(2) == 0 { // the shape of most official conditions: {question} OP literal
		l = "{" + g.pick("a", "b", "c") + "}"
	}
	switch g.rng.IntN(12) {
	case 0:
		return l
	case 1:
		return l + " " + g.pick("empty", "notempty", "NotEmpty", "EMPTY")
	}
	op := g.pick("=", "==", "!=", "<>", "<", "<=", ">", ">=", "contains", "notcontains", "anyof", "allof", "Contains", "=", "contains")
	return l + " " + op + " " + g.operand(depth)
}

func (g *goldenGen) cond(depth int) string {
	if depth <= 0 {
		return g.comparison(0)
	}
	switch g.rng.IntN(8) {
	case 0:
		return g.pick("not ", "!", "NOT ") + g.cond(depth-1)
	case 1, 2:
		return g.cond(depth-1) + g.pick(" and ", " && ", " AND ") + g.cond(depth-1)
	case 3, 4:
		return g.cond(depth-1) + g.pick(" or ", " || ", " Or ") + g.cond(depth-1)
	}
	return g.comparison(depth - 1)
}

// value is an answer of any shape, including those that Text and List never build:
// unset texts and lists, and lists that also carry a text.
func (g *goldenGen) value() condition.Value {
	items := func() []string {
		var s []string
		for range g.rng.IntN(4) {
			s = append(s, g.word())
		}
		return s
	}
	switch g.rng.IntN(10) {
	case 0:
		return condition.Value{}
	case 1:
		return condition.Value{Str: g.word()} // unset
	case 2:
		return condition.Value{List: items(), IsList: true} // unset list
	case 3:
		return condition.Value{Str: g.word(), List: items(), IsList: true, Set: true}
	case 4, 5, 6:
		return condition.Text(g.word())
	}
	return condition.List(items()...)
}

func (g *goldenGen) env() *condition.Env {
	env := &condition.Env{Values: []condition.Value{g.value(), g.value(), g.value()}}
	switch g.rng.IntN(4) {
	case 0:
		env.Shown = []bool{g.rng.IntN(4) > 0, g.rng.IntN(4) > 0, g.rng.IntN(4) > 0}
	case 1:
		env.Shown = []bool{g.rng.IntN(4) > 0, g.rng.IntN(4) > 0} // shorter than Values
	}
	return env
}

// goldenCases generates the conditions and evaluates each on 16 environments.
func goldenCases() []goldenCase {
	g := &goldenGen{rng: rand.New(rand.NewPCG(2024, 6))}
	resolve := func(id string) (int, bool) {
		i, ok := goldenIDs[id]
		return i, ok
	}
	var cases []goldenCase
	for range 2000 {
		c := goldenCase{Src: g.cond(g.rng.IntN(4))}
		e, err := condition.Parse(c.Src, resolve)
		var results []byte
		for range 16 {
			env := g.env() // generated even on errors, to keep the sequence
			if err == nil {
				results = append(results, "01"[b2i(e.Eval(env))])
			}
		}
		if err != nil {
			c.Err = err.Error()
		}
		c.Results = string(results)
		cases = append(cases, c)
	}
	return cases
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestEvalGolden compares the evaluation of thousands of generated conditions on
// generated environments with the results recorded in testdata/eval-golden.json
// (run with -update to record them again).
func TestEvalGolden(t *testing.T) {
	got := goldenCases()
	if *update {
		data, err := json.MarshalIndent(got, "", "\t")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(goldenFile, append(data, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	data, err := os.ReadFile(goldenFile)
	if err != nil {
		t.Fatal(err)
	}
	var want []goldenCase
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("evaluation differs from %s (-want +got):\n%s", goldenFile, diff)
	}
}
