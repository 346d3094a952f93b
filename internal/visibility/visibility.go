// Package visibility evaluates which questions of a built questionnaire are shown:
// package questionnaire builds a Plan once per questionnaire and evaluates it for
// Questionnaire.Visibility; package aia evaluates it (through internal/shared) for
// scores, which read less of it. Calling the Plan directly, rather than through a
// function value, lets the compiler keep the caller's buffers on the stack.
package visibility

import "github.com/gc-aia/aia/questionnaire/condition"

// Plan is the pass that computes visibility: a page's condition, then the questions
// that have one of their own, in the dependency order of the questions. It never
// changes once built.
type Plan struct {
	steps     []step
	questions int // the length of the visibility computed
	pages     int
}

// step is a page's condition, which decides the questions of the page that have none
// of their own, or a question's own condition.
type step struct {
	page int32
	// index is the question whose condition this is, or -1 for the page's condition:
	// then questions [first, end) are the page's.
	index, first, end int32
	cond              *condition.Expr // nil: always shown
	// decidesSection: the question is scored and its page has no scored question
	// without a condition, so that its visibility, answered or not, may decide
	// whether the page's section is visible.
	decidesSection bool
}

// Builder makes a Plan. Its calls follow the dependency order of the questions: a
// page is added before its first question in that order, once (its condition's
// references come before all of the page's questions), and each question that has a
// condition at its place.
type Builder struct {
	plan Plan
}

// NewBuilder returns a Builder for a questionnaire of the given numbers of questions
// and pages.
func NewBuilder(questions, pages int) *Builder {
	return &Builder{plan: Plan{questions: questions, pages: pages}}
}

// Page adds the condition of the page (nil for none), whose questions are the indexes
// [first, end).
func (b *Builder) Page(page, first, end int, cond *condition.Expr) {
	b.plan.steps = append(b.plan.steps, step{page: int32(page), index: -1, first: int32(first), end: int32(end), cond: cond})
}

// Question adds the condition of the question of the given index on the page.
// decidesSection tells that a score reads its visibility even when it has no answer.
func (b *Builder) Question(page, index int, cond *condition.Expr, decidesSection bool) {
	b.plan.steps = append(b.plan.steps, step{page: int32(page), index: int32(index), cond: cond, decidesSection: decidesSection})
}

// Plan returns the plan built.
func (b *Builder) Plan() *Plan {
	p := b.plan
	p.steps = p.steps[:len(p.steps):len(p.steps)]
	return &p
}

// Eval computes which questions are shown for the answers in values, into visible
// (reused when it has the capacity). Values shorter than the questionnaire read as
// unanswered. A nil Plan has no questions.
//
// With forScore, the questions without any answer (the zero Value) whose visibility
// cannot decide a section's are left hidden, unevaluated: a score reads the
// visibility of answered questions and of sections only, and a condition reads a
// missing answer alike whether it is shown or not. Most conditions are of such
// questions ("specify", "explain"): a score of the example assessment evaluates 14
// of its 116.
func (p *Plan) Eval(values []condition.Value, visible []bool, forScore bool) []bool {
	if p == nil {
		return visible[:0]
	}
	n := p.questions
	if cap(visible) < n {
		visible = make([]bool, n)
	}
	visible = visible[:n]
	if len(values) < n {
		padded := make([]condition.Value, n)
		copy(padded, values)
		values = padded
	}
	// Evaluating in dependency order means every answer a condition reads already has
	// its own visibility in visible. A page's condition is evaluated once, for its
	// first question in that order: its later questions cannot change what it reads,
	// since those would then depend on themselves.
	env := condition.Env{Values: values, Shown: visible}
	var small [64]bool // no allocation for questionnaires of up to 64 pages
	var pageShown []bool
	if p.pages <= len(small) {
		pageShown = small[:p.pages]
	} else {
		pageShown = make([]bool, p.pages)
	}
	for i := range p.steps {
		st := &p.steps[i]
		if st.index >= 0 {
			if forScore && !st.decidesSection && noValue(&values[st.index]) {
				visible[st.index] = false
				continue
			}
			visible[st.index] = pageShown[st.page] && st.cond.Eval(&env)
			continue
		}
		shown := st.cond == nil || st.cond.Eval(&env)
		pageShown[st.page] = shown
		questions := visible[st.first:st.end]
		for j := range questions {
			questions[j] = shown // a question's own condition comes later
		}
	}
	return visible
}

// noValue reports whether v is the zero Value, what a hidden answer reads as.
func noValue(v *condition.Value) bool {
	return !v.Set && !v.IsList && v.Str == "" && v.List == nil
}
