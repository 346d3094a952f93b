package condition

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Value is an answer or literal as conditions see it: a text, a list (the answer to a
// multiple-choice question, or an array literal), or nothing.
type Value struct {
	Str    string   // the text, when !IsList
	List   []string // the items, when IsList
	IsList bool
	Set    bool // false for a missing answer
}

// Text returns a set single value.
func Text(s string) Value { return Value{Str: s, Set: true} }

// List returns a set list value.
func List(items ...string) Value { return Value{List: items, IsList: true, Set: true} }

// Empty reports whether the value is no answer: missing, an empty list, or a text of
// nothing but spaces (SurveyJS trims texts before this test, as the official tool does).
func (v Value) Empty() bool { return v.empty() }

func (v *Value) empty() bool {
	if !v.Set {
		return true
	}
	if v.IsList {
		return len(v.List) == 0
	}
	if v.Str == "" {
		return true
	}
	if c := v.Str[0]; c > ' ' && c < utf8.RuneSelf { // a visible ASCII character first
		return false
	}
	return strings.TrimSpace(v.Str) == ""
}

// items returns the value as a list: a single text is the one-item list one, which
// the caller fills with the text in an array of its own, so that evaluation neither
// allocates nor, by storing through a pointer, lets the answers escape.
func (v *Value) items(one []string) []string {
	if v.IsList {
		return v.List
	}
	if !v.Set {
		return nil
	}
	return one
}

// Env supplies the answers a condition reads. Values[i] is the answer of the question
// that the resolver mapped to index i. When Shown is non-nil, a question with Shown[i]
// false is hidden and reads as unanswered: hidden answers do not count.
type Env struct {
	Values []Value
	Shown  []bool
}

// unanswered is what a hidden or unknown question reads as. It is never written.
var unanswered Value

// value returns the answer a reference reads.
func (e *Env) value(i int) *Value {
	if i < 0 || i >= len(e.Values) || (e.Shown != nil && (i >= len(e.Shown) || !e.Shown[i])) {
		return &unanswered
	}
	return &e.Values[i]
}

// at returns the answer a reference reads, or nil when it reads as unanswered.
func (e *Env) at(i int) *Value {
	if v := e.value(i); v.Set {
		return v
	}
	return nil
}

// Resolver maps a referenced question ID to the index its answer has in Env.Values.
// It reports false for an unknown question.
type Resolver func(id string) (index int, ok bool)

// Expr is a parsed condition. It is immutable and safe for concurrent use.
type Expr struct {
	src  string
	code []instr // operands before their operator: the root is last
	refs []string
}

// String returns the source text the expression was parsed from.
func (e *Expr) String() string { return e.src }

// Refs returns the distinct question IDs the expression references, in order of appearance.
func (e *Expr) Refs() []string { return append([]string(nil), e.refs...) }

// Eval reports whether the condition holds for the answers in env.
func (e *Expr) Eval(env *Env) bool { return e.test(len(e.code)-1, env) }

// SyntaxError is a condition that cannot be parsed, or that references an unknown question.
type SyntaxError struct {
	Src    string
	Offset int // byte offset in Src
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("condition %q: at offset %d: %s", e.Src, e.Offset, e.Msg)
}

// maxDepth bounds nesting so that hostile input cannot exhaust the stack.
const maxDepth = 100

// maxLen bounds the length of a condition's source text.
const maxLen = 64 << 10

// Parse parses src. Every {reference} is mapped to an index with resolve; an unknown
// reference is a *SyntaxError. A nil resolve numbers references in order of first appearance.
func Parse(src string, resolve Resolver) (*Expr, error) {
	if len(src) > maxLen {
		return nil, &SyntaxError{Src: src[:64] + "…", Msg: fmt.Sprintf("longer than %d bytes", maxLen)}
	}
	p := &parser{lx: lexer{src: src}, resolve: resolve, seen: map[string]int{}}
	if err := p.next(); err != nil {
		return nil, err
	}
	if p.tok.kind == tEOF {
		return nil, p.errorf(0, "empty condition")
	}
	if _, err := p.parseOr(0); err != nil {
		return nil, err
	}
	if p.tok.kind != tEOF {
		return nil, p.errorf(p.tok.pos, "unexpected %s", p.tok.describe())
	}
	return &Expr{src: src, code: p.code, refs: p.refs}, nil
}

// --- evaluation ---

// A parsed condition is compiled to a flat slice of instructions evaluated by one
// switch, rather than to a tree of interface values: no dynamic call per node, and env
// does not escape to the heap, so callers can keep the slices it holds on the stack.

// opcode is what an instruction computes. Operands (opRef, opLit) produce values;
// the others produce truth, which test returns without building a value.
type opcode uint8

const (
	opRef         opcode = iota // the answer at index
	opLit                       // lit
	opNot                       // not x
	opAnd                       // x and y
	opOr                        // x or y
	opEmpty                     // x empty
	opNotEmpty                  // x notempty
	opBinary                    // x bin y
	opRefLit                    // {index} bin lit: the common shape {question} OP "text"
	opRefEq                     // {index} = text, a text that is not empty (see test)
	opRefContains               // {index} contains items (see refContains)
)

// binaryOp is the operator of a comparison.
type binaryOp uint8

const (
	opEq binaryOp = iota
	opNe
	opContains
	opNotContains
	opAnyOf
	opAllOf
	opLt
	opLe
	opGt
	opGe
)

var binaryOps = map[string]binaryOp{
	"=": opEq, "!=": opNe, "contains": opContains, "notcontains": opNotContains,
	"anyof": opAnyOf, "allof": opAllOf, "<": opLt, "<=": opLe, ">": opGt, ">=": opGe,
}

// instr is one instruction: an operand, or an operator over instructions before it.
type instr struct {
	op      opcode
	bin     binaryOp // opBinary, opRefLit
	numeric bool     // opRefEq, opRefContains: the text, or some item, may read as a number
	blank   bool     // opRefEq: the text is only spaces, so reads as empty
	index   int      // opRef and opRef…: the answer's index in Env.Values
	x, y    int      // operators: the operands' instructions, indexes in Expr.code
	text    string   // opRefEq: the text; opRefContains: the literal's text form
	items   []string // opRefContains: the text, or the array's items
	lit     Value    // opLit, opRefLit
}

// test reports whether instruction i holds. The instructions that need a value kept
// across a call are tested by functions of their own, so that the common ones cost no
// spill to the stack.
func (e *Expr) test(i int, env *Env) bool {
	in := &e.code[i]
	switch in.op {
	case opRef:
		return truthy(env.value(in.index))
	case opLit:
		return truthy(&in.lit)
	case opNot:
		return !e.test(in.x, env)
	case opAnd:
		return e.logic(in, env)
	case opOr:
		return e.logic(in, env)
	case opEmpty:
		return e.compare(in, env)
	case opNotEmpty:
		return e.compare(in, env)
	case opBinary:
		return e.compare(in, env)
	case opRefLit:
		return apply(in.bin, env.value(in.index), &in.lit)
	case opRefEq: // the most common instruction, tested here to spare a call
		// apply(opEq, answer, Text(text)) for a text that is not empty, with equalText
		// reduced to string equality when the text cannot read as a number; but a
		// missing or empty answer is unequal even to a blank text, as it always was.
		v := env.at(in.index)
		switch {
		case v == nil || !v.IsList && v.Str == "":
			return false
		case v.IsList:
			return in.refEqList(v.List)
		case in.numeric:
			return equalText(v.Str, in.text)
		}
		return sameText(v.Str, in.text)
	}
	return in.refContains(env)
}

// logic tests opAnd and opOr, short-circuit.
func (e *Expr) logic(in *instr, env *Env) bool {
	if x := e.test(in.x, env); x != (in.op == opAnd) { // false and, true or
		return x
	}
	return e.test(in.y, env)
}

// compare tests opEmpty, opNotEmpty and opBinary, whose operands may be operators,
// read as their truth. That is worked out here rather than by operand: returning
// pointers into env from within a recursive cycle would make the compiler let env
// escape.
func (e *Expr) compare(in *instr, env *Env) bool {
	x := e.operand(in.x, env)
	if x == nil {
		x = boolValue(e.test(in.x, env))
	}
	if in.op != opBinary {
		return x.empty() == (in.op == opEmpty)
	}
	y := e.operand(in.y, env)
	if y == nil {
		y = boolValue(e.test(in.y, env))
	}
	return apply(in.bin, x, y)
}

// operand returns the value of instruction i when it is an operand (a reference or a
// literal), nil when it is an operator. The result must not be written.
func (e *Expr) operand(i int, env *Env) *Value {
	switch in := &e.code[i]; in.op {
	case opRef:
		return env.value(in.index)
	case opLit:
		return &in.lit
	}
	return nil
}

// refLit compiles {question} OP literal. For the shapes the official questionnaires
// use, {question} = "value" and {question} contains "value" (or ["value", …]), what can
// be known from the literal is worked out here, once: whether it may read as a number
// (else equal texts are equal strings) and its text form.
func refLit(op binaryOp, index int, lit Value) instr {
	switch {
	case op == opEq && !lit.IsList && lit.Str != "":
		return instr{op: opRefEq, index: index, text: lit.Str, numeric: looksNumeric(lit.Str), blank: lit.empty()}
	case op == opContains:
		in := instr{op: opRefContains, index: index, items: lit.List, text: lit.Str}
		if !lit.IsList {
			in.items = []string{lit.Str}
		} else {
			in.text = strings.Join(lit.List, ",")
		}
		for _, x := range in.items {
			in.numeric = in.numeric || looksNumeric(x)
		}
		return in
	}
	return instr{op: opRefLit, bin: op, index: index, lit: lit}
}

// refEqList is opRefEq's test of a list answer: equal(list, Text(text)), true for a
// list of one item equal to the text.
func (in *instr) refEqList(list []string) bool {
	if len(list) == 0 || in.blank {
		return len(list) == 0 && in.blank
	}
	return len(list) == 1 && (sameText(list[0], in.text) || in.numeric && equalText(list[0], in.text))
}

// sameText is a == b, testing the last bytes first: choice values such as "item1-3"
// most often differ there, and most tests of conditions are between different values
// of the same length.
func sameText(a, b string) bool {
	return len(a) == len(b) && (len(a) == 0 || a[len(a)-1] == b[len(b)-1] && a == b)
}

// refContains is apply(opContains, answer, literal).
func (in *instr) refContains(env *Env) bool {
	v := env.at(in.index)
	if v == nil || v.empty() {
		return false
	}
	if !v.IsList { // a text answer: substring test against the text form
		return in.text != "" && strings.Contains(v.Str, in.text)
	}
	if len(in.items) == 0 {
		return false
	}
	for _, x := range in.items {
		if !in.member(v.List, x) {
			return false
		}
	}
	return true
}

// member is member(list, x), with equalText reduced to string equality when no item
// of the literal can read as a number.
func (in *instr) member(list []string, x string) bool {
	if in.numeric {
		return member(list, x)
	}
	for _, y := range list {
		if sameText(y, x) {
			return true
		}
	}
	return false
}

func apply(op binaryOp, l, r *Value) bool {
	switch op {
	case opEq:
		return equal(l, r)
	case opNe:
		return !equal(l, r)
	case opContains:
		return contains(l, r)
	case opNotContains:
		return !contains(l, r)
	case opAnyOf:
		return anyOf(l, r)
	case opAllOf:
		return allOf(l, r)
	}
	return compare(op, l, r)
}

var (
	trueValue  = Text("true")
	falseValue = Value{Str: "false", Set: true}
)

// boolValue returns the value of a truth. The result must not be written.
func boolValue(b bool) *Value {
	if b {
		return &trueValue
	}
	return &falseValue
}

// truthy is how a value used as a condition is read: a missing, empty, "false" or
// zero value is false.
func truthy(v *Value) bool {
	if v.empty() {
		return false
	}
	if v.IsList {
		return true
	}
	return v.Str != "false" && v.Str != "0"
}

func equalText(a, b string) bool {
	if a == b {
		return true
	}
	if !looksNumeric(a) || !looksNumeric(b) { // spare ParseFloat, which allocates its errors
		return false
	}
	fa, errA := strconv.ParseFloat(a, 64)
	fb, errB := strconv.ParseFloat(b, 64)
	return errA == nil && errB == nil && fa == fb
}

// looksNumeric reports whether s may be a number: every choice value such as "item1-2"
// fails at its first byte.
func looksNumeric(s string) bool {
	if s == "" {
		return false
	}
	c := s[0]
	return c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.'
}

func equal(l, r *Value) bool {
	if l.empty() || r.empty() {
		return l.empty() && r.empty()
	}
	if l.IsList || r.IsList {
		lb, rb := [1]string{l.Str}, [1]string{r.Str}
		li, ri := l.items(lb[:]), r.items(rb[:])
		if len(li) != len(ri) {
			return false
		}
		for _, x := range ri { // order does not matter, as in SurveyJS
			if !member(li, x) {
				return false
			}
		}
		return true
	}
	return equalText(l.Str, r.Str)
}

func member(list []string, x string) bool {
	for _, y := range list {
		if equalText(y, x) {
			return true
		}
	}
	return false
}

func contains(l, r *Value) bool {
	if l.empty() {
		return false
	}
	if !l.IsList {
		// A text answer: substring test against the right side's text form
		// (an array literal reads as its items joined by commas, as in JavaScript).
		needle := r.Str
		if r.IsList {
			needle = strings.Join(r.List, ",")
		}
		return needle != "" && strings.Contains(l.Str, needle)
	}
	rb := [1]string{r.Str}
	ri := r.items(rb[:])
	if len(ri) == 0 {
		return false
	}
	for _, x := range ri {
		if !member(l.List, x) {
			return false
		}
	}
	return true
}

func anyOf(l, r *Value) bool {
	lb, rb := [1]string{l.Str}, [1]string{r.Str}
	li := l.items(lb[:])
	for _, x := range r.items(rb[:]) {
		if member(li, x) {
			return true
		}
	}
	return false
}

func allOf(l, r *Value) bool {
	lb, rb := [1]string{l.Str}, [1]string{r.Str}
	li, ri := l.items(lb[:]), r.items(rb[:])
	if len(li) == 0 || len(ri) == 0 {
		return false
	}
	for _, x := range ri {
		if !member(li, x) {
			return false
		}
	}
	return true
}

func compare(op binaryOp, l, r *Value) bool {
	if l.empty() || r.empty() || l.IsList || r.IsList {
		return false
	}
	c := cmp.Compare(l.Str, r.Str) // not strings.Compare, which lets its operands escape
	if looksNumeric(l.Str) && looksNumeric(r.Str) {
		fl, errL := strconv.ParseFloat(l.Str, 64)
		fr, errR := strconv.ParseFloat(r.Str, 64)
		if errL == nil && errR == nil {
			c = cmpFloat(fl, fr)
		}
	}
	switch op {
	case opLt:
		return c < 0
	case opLe:
		return c <= 0
	case opGt:
		return c > 0
	default:
		return c >= 0
	}
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
