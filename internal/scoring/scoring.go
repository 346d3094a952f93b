// Package scoring holds what the questions of a built questionnaire score, laid out for
// the scoring loop of every assessment: package questionnaire builds it once per
// questionnaire, package aia reads it (through internal/shared), and neither hands it
// out. It holds facts only, taken when the questionnaire is built, and never changes.
package scoring

import (
	"slices"

	"github.com/gc-aia/aia/questionnaire/condition"
)

// Kind is the score a question contributes to.
type Kind uint8

// The kinds of scores.
const (
	None Kind = iota
	Raw
	Mitigation
)

// Question is what one question scores.
type Question struct {
	Kind     Kind
	Multiple bool // a list answer sums its choices
	Max      int
	choices  []choice // in the question's order: the first of a value counts
}

// choice is a choice as scores read it.
type choice struct {
	// key is the value's length and last byte, which tell apart most values ("item1-3"):
	// a lookup compares whole strings only where keys match.
	key    uint32
	points int32
	value  string
}

func keyOf(value string) uint32 { return uint32(len(value))<<8 | uint32(value[len(value)-1]) }

// NewQuestion returns what a question of kind scores with choices of the given values
// and points (each within 0 to 1000).
func NewQuestion(kind Kind, multiple bool, values []string, points []int) Question {
	s := Question{Kind: kind, Multiple: multiple, choices: make([]choice, len(values))}
	best, sum := 0, 0
	for i, value := range values {
		s.choices[i] = choice{value: value, points: int32(points[i])}
		if value != "" {
			s.choices[i].key = keyOf(value)
		}
		best = max(best, points[i])
		sum += points[i]
	}
	s.Max = best
	if multiple {
		s.Max = sum
	}
	return s
}

// Points returns the points of an answer: those of its choice, or for a multiple-choice
// question the sum of its choices', each counted once. Other values and lists answering
// a question of one choice earn nothing.
func (s *Question) Points(v *condition.Value) int {
	if !v.IsList {
		return s.PointsOf(v.Str)
	}
	if !s.Multiple {
		return 0
	}
	sum := 0
	for i, value := range v.List {
		if !slices.Contains(v.List[:i], value) {
			sum += s.PointsOf(value)
		}
	}
	return sum
}

// PointsOf returns the points of the first choice of the value, or 0.
func (s *Question) PointsOf(value string) int {
	if value == "" {
		return 0
	}
	key := keyOf(value)
	for _, c := range s.choices {
		if c.key == key && c.value == value {
			return int(c.points)
		}
	}
	return 0
}

// Plan is what a questionnaire scores: its scored questions in order, and the sections
// they make, one per page that holds scored questions.
type Plan struct {
	Steps                 []Step
	Sections              []Section
	MaxRaw, MaxMitigation int
}

// Step is one scored question of a Plan.
type Step struct {
	Index    int // the question's index, that of its answer
	Section  int // its section in Plan.Sections
	Question *Question
}

// Section is a page that holds scored questions.
type Section struct {
	ID        string // the page's
	Kind      string // "raw", "mitigation", or "mixed" when the page has both
	Questions int    // scored questions on the page
	Max       int
}

// Builder makes a Plan from the scored questions of a questionnaire, given page by page.
type Builder struct {
	plan  Plan
	page  int
	kinds uint8 // of the current section's questions: 1 raw, 2 mitigation
}

// Add adds the scored question of the given index, on the page of the given position
// and ID. It holds on to q, which must not change.
func (b *Builder) Add(index, page int, pageID string, q *Question) {
	if len(b.plan.Sections) == 0 || page != b.page {
		b.closeSection()
		b.plan.Sections = append(b.plan.Sections, Section{ID: pageID})
		b.page, b.kinds = page, 0
	}
	s := &b.plan.Sections[len(b.plan.Sections)-1]
	s.Questions++
	s.Max += q.Max
	if q.Kind == Raw {
		b.kinds |= 1
		b.plan.MaxRaw += q.Max
	} else {
		b.kinds |= 2
		b.plan.MaxMitigation += q.Max
	}
	b.plan.Steps = append(b.plan.Steps, Step{Index: index, Section: len(b.plan.Sections) - 1, Question: q})
}

func (b *Builder) closeSection() {
	if n := len(b.plan.Sections); n > 0 {
		b.plan.Sections[n-1].Kind = [...]string{1: "raw", 2: "mitigation", 3: "mixed"}[b.kinds]
	}
}

// Plan returns the plan of the questions added.
func (b *Builder) Plan() *Plan {
	b.closeSection()
	p := b.plan
	p.Steps, p.Sections = slices.Clip(p.Steps), slices.Clip(p.Sections)
	return &p
}
