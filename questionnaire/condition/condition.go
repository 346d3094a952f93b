package condition

import (
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
func (v Value) Empty() bool {
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

// items returns the value as a list: a single text is a one-item list, kept in buf so
// that evaluation does not allocate.
func (v Value) items(buf *[1]string) []string {
	if v.IsList {
		return v.List
	}
	if !v.Set {
		return nil
	}
	buf[0] = v.Str
	return buf[:]
}

// Env supplies the answers a condition reads. Values[i] is the answer of the question
// that the resolver mapped to index i. When Shown is non-nil, a question with Shown[i]
// false is hidden and reads as unanswered: hidden answers do not count.
type Env struct {
	Values []Value
	Shown  []bool
}

// at returns the answer a reference reads, or nil when it reads as unanswered.
func (e *Env) at(i int) *Value {
	if i < 0 || i >= len(e.Values) || (e.Shown != nil && (i >= len(e.Shown) || !e.Shown[i])) || !e.Values[i].Set {
		return nil
	}
	return &e.Values[i]
}

func (e *Env) value(i int) Value {
	if i < 0 || i >= len(e.Values) || (e.Shown != nil && (i >= len(e.Shown) || !e.Shown[i])) {
		return Value{}
	}
	return e.Values[i]
}

// Resolver maps a referenced question ID to the index its answer has in Env.Values.
// It reports false for an unknown question.
type Resolver func(id string) (index int, ok bool)

// Expr is a parsed condition. It is immutable and safe for concurrent use.
type Expr struct {
	src  string
	root node
	refs []string
}

// String returns the source text the expression was parsed from.
func (e *Expr) String() string { return e.src }

// Refs returns the distinct question IDs the expression references, in order of appearance.
func (e *Expr) Refs() []string { return append([]string(nil), e.refs...) }

// Eval reports whether the condition holds for the answers in env.
func (e *Expr) Eval(env *Env) bool { return e.root.test(env) }

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
	root, err := p.parseOr(0)
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tEOF {
		return nil, p.errorf(p.tok.pos, "unexpected %s", p.tok.describe())
	}
	return &Expr{src: src, root: root, refs: p.refs}, nil
}

// --- evaluation ---

// node is one node of a parsed condition. Operands produce values; operators produce
// truth, which test returns without building a value.
type node interface {
	eval(env *Env) Value
	test(env *Env) bool
}

type refNode struct{ index int }

func (n refNode) eval(env *Env) Value { return env.value(n.index) }
func (n refNode) test(env *Env) bool  { return truthy(env.value(n.index)) }

type litNode struct{ v Value }

func (n litNode) eval(*Env) Value    { return n.v }
func (n litNode) test(env *Env) bool { return truthy(n.v) }

type notNode struct{ x node }

func (n notNode) eval(env *Env) Value { return boolValue(n.test(env)) }
func (n notNode) test(env *Env) bool  { return !n.x.test(env) }

type logicNode struct {
	and  bool
	l, r node
}

func (n logicNode) eval(env *Env) Value { return boolValue(n.test(env)) }

func (n logicNode) test(env *Env) bool {
	if l := n.l.test(env); n.and != l { // and with false, or with true: short-circuit
		return l
	}
	return n.r.test(env)
}

type unaryNode struct {
	op string // "empty" or "notempty"
	x  node
}

func (n unaryNode) eval(env *Env) Value { return boolValue(n.test(env)) }
func (n unaryNode) test(env *Env) bool  { return n.x.eval(env).Empty() == (n.op == "empty") }

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

type binaryNode struct {
	op   binaryOp
	l, r node
}

func (n binaryNode) eval(env *Env) Value { return boolValue(n.test(env)) }
func (n binaryNode) test(env *Env) bool  { return apply(n.op, n.l.eval(env), n.r.eval(env)) }

// refOpText is the common shape {question} OP "text" (most conditions of the official
// questionnaires), evaluated without copying values.
type refOpText struct {
	op    binaryOp
	index int
	text  Value
}

func (n *refOpText) eval(env *Env) Value { return boolValue(n.test(env)) }

func (n *refOpText) test(env *Env) bool {
	if n.op == opEq && !n.text.IsList && n.text.Str != "" {
		// {question} = "value": a single answer equal to the text, or equal as numbers.
		v := env.at(n.index)
		if v == nil || v.Str == "" && !v.IsList {
			return false
		}
		if !v.IsList {
			return v.Str == n.text.Str || equalText(v.Str, n.text.Str)
		}
	}
	return apply(n.op, env.value(n.index), n.text)
}

// specialize returns a node that evaluates as n does, faster, for the shapes the
// official questionnaires use: {question} = "value" and {question} contains "value"
// (or ["value", …]). What can be known from the literal is worked out here, once: whether
// it may read as a number (else equal texts are equal strings) and its text form.
func specialize(n *refOpText) node {
	switch {
	case n.op == opEq && !n.text.IsList && n.text.Str != "":
		return &refEq{index: n.index, text: n.text.Str, numeric: looksNumeric(n.text.Str), blank: n.text.Empty()}
	case n.op == opContains:
		c := &refContains{index: n.index, items: n.text.List, needle: n.text.Str, numeric: false}
		if !n.text.IsList {
			c.items = []string{n.text.Str}
		} else {
			c.needle = strings.Join(n.text.List, ",")
		}
		for _, x := range c.items {
			c.numeric = c.numeric || looksNumeric(x)
		}
		return c
	}
	return n
}

// refEq is {question} = "text" with a text that is not empty: refOpText's fast path,
// with equalText reduced to string equality when the text cannot read as a number.
type refEq struct {
	index   int
	text    string
	numeric bool // looksNumeric(text)
	blank   bool // the text is only spaces, so reads as empty
}

func (n *refEq) eval(env *Env) Value { return boolValue(n.test(env)) }

func (n *refEq) test(env *Env) bool {
	v := env.at(n.index)
	if v == nil {
		return false
	}
	if !v.IsList {
		if v.Str == "" {
			return false
		}
		return sameText(v.Str, n.text) || n.numeric && equalText(v.Str, n.text)
	}
	// equal(list, Text(text)): a list of one item equal to the text.
	if len(v.List) == 0 || n.blank {
		return len(v.List) == 0 && n.blank
	}
	return len(v.List) == 1 && n.same(v.List[0])
}

func (n *refEq) same(x string) bool {
	return sameText(x, n.text) || n.numeric && equalText(x, n.text)
}

// sameText is a == b, testing the last bytes first: choice values such as "item1-3"
// most often differ there, and most tests of conditions are between different values
// of the same length.
func sameText(a, b string) bool {
	return len(a) == len(b) && (len(a) == 0 || a[len(a)-1] == b[len(b)-1] && a == b)
}

// refContains is {question} contains "text" or ["text", …].
type refContains struct {
	index   int
	items   []string // the text, or the array's items
	needle  string   // the text form: the text, or the items joined by commas
	numeric bool     // some item may read as a number
}

func (n *refContains) eval(env *Env) Value { return boolValue(n.test(env)) }

func (n *refContains) test(env *Env) bool {
	v := env.at(n.index)
	if v == nil || v.Empty() {
		return false
	}
	if !v.IsList { // a text answer: substring test against the text form
		return n.needle != "" && strings.Contains(v.Str, n.needle)
	}
	if len(n.items) == 0 {
		return false
	}
	for _, x := range n.items {
		if !n.member(v.List, x) {
			return false
		}
	}
	return true
}

// member is member(list, x), with equalText reduced to string equality when no item
// of the literal can read as a number.
func (n *refContains) member(list []string, x string) bool {
	if n.numeric {
		return member(list, x)
	}
	for _, y := range list {
		if sameText(y, x) {
			return true
		}
	}
	return false
}

func apply(op binaryOp, l, r Value) bool {
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

func boolValue(b bool) Value {
	if b {
		return trueValue
	}
	return falseValue
}

// truthy is how a value used as a condition is read: a missing, empty, "false" or
// zero value is false.
func truthy(v Value) bool {
	if v.Empty() {
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

func equal(l, r Value) bool {
	if l.Empty() || r.Empty() {
		return l.Empty() && r.Empty()
	}
	if l.IsList || r.IsList {
		var lb, rb [1]string
		li, ri := l.items(&lb), r.items(&rb)
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

func contains(l, r Value) bool {
	if l.Empty() {
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
	var rb [1]string
	ri := r.items(&rb)
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

func anyOf(l, r Value) bool {
	var lb, rb [1]string
	li := l.items(&lb)
	for _, x := range r.items(&rb) {
		if member(li, x) {
			return true
		}
	}
	return false
}

func allOf(l, r Value) bool {
	var lb, rb [1]string
	li, ri := l.items(&lb), r.items(&rb)
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

func compare(op binaryOp, l, r Value) bool {
	if l.Empty() || r.Empty() || l.IsList || r.IsList {
		return false
	}
	c := strings.Compare(l.Str, r.Str)
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
