package aia

import (
	_ "embed"
	"fmt"
	"slices"
	"sync"

	"github.com/gc-aia/aia/internal/jsoncodec"
	"github.com/gc-aia/aia/questionnaire"
	"github.com/gc-aia/aia/questionnaire/condition"
)

// Requirement is what the Directive on Automated Decision-Making (Appendix C) requires
// in one area (notice, explanation, peer review, …) at one impact level.
type Requirement struct {
	Area  string             `json:"area"` // a stable ID: "notice", "peer-review", "gba-plus", …
	Title questionnaire.Text `json:"title"`
	Text  questionnaire.Text `json:"text"` // plain text; list items start with "- "
}

// Edition is one edition of the Directive's Appendix C.
type Edition struct {
	ID    string             `json:"id"` // "2019", "2021", "2023", "2025"
	Name  questionnaire.Text `json:"name"`
	Areas []struct {
		ID     string               `json:"id"`
		Title  questionnaire.Text   `json:"title"`
		Levels []questionnaire.Text `json:"levels"`
	} `json:"areas"`
}

//go:embed data/requirements.json
var requirementsJSON []byte

var editions = sync.OnceValues(func() (map[string]*Edition, error) {
	var doc struct {
		Editions []*Edition `json:"editions"`
	}
	if err := jsoncodec.Unmarshal(requirementsJSON, &doc); err != nil {
		return nil, fmt.Errorf("embedded requirements: %w", err)
	}
	m := map[string]*Edition{}
	for _, e := range doc.Editions {
		for _, a := range e.Areas {
			if len(a.Levels) != 4 {
				return nil, fmt.Errorf("embedded requirements: edition %s, area %s: %d levels, want 4", e.ID, a.ID, len(a.Levels))
			}
		}
		m[e.ID] = e
	}
	return m, nil
})

// EditionRef names an edition of the Directive.
type EditionRef struct {
	ID   string             `json:"id"` // "2019", "2021", "2023", "2025"
	Name questionnaire.Text `json:"name"`
}

// DirectiveEdition returns the edition of the Directive a questionnaire version serves:
// a new copy, the caller's own.
func DirectiveEdition(q *questionnaire.Questionnaire) (*Edition, error) {
	e, err := edition(q)
	if err != nil {
		return nil, err
	}
	c := *e
	c.Areas = slices.Clone(e.Areas)
	for i := range c.Areas {
		c.Areas[i].Levels = slices.Clone(c.Areas[i].Levels)
	}
	return &c, nil
}

// edition returns the shared edition a questionnaire version serves, which must not be
// changed nor handed out.
func edition(q *questionnaire.Questionnaire) (*Edition, error) {
	m, err := editions()
	if err != nil {
		return nil, err
	}
	id := q.Directive
	if id == "" {
		id = "2025" // a questionnaire that does not say follows the Directive in force
	}
	e, ok := m[id]
	if !ok {
		return nil, fmt.Errorf("no requirements for Directive edition %q", id)
	}
	return e, nil
}

// Requirements returns what the Directive edition of the questionnaire requires at
// a level, area by area in the Directive's order.
func Requirements(q *questionnaire.Questionnaire, level Level) ([]Requirement, error) {
	if level < LevelI || level > LevelIV {
		return nil, fmt.Errorf("no impact level %d", int(level))
	}
	e, err := edition(q)
	if err != nil {
		return nil, err
	}
	out := make([]Requirement, len(e.Areas))
	for i, a := range e.Areas {
		out[i] = Requirement{Area: a.ID, Title: a.Title, Text: a.Levels[level-1]}
	}
	return out, nil
}

// Measure is a mitigation measure the answers commit to: a visible mitigation question
// answered with choices that earn points.
type Measure struct {
	Question string               `json:"question"`
	Title    questionnaire.Text   `json:"title"`
	Answers  []questionnaire.Text `json:"answers"` // the texts of the choices that earn points
	Points   int                  `json:"points"`
}

// Measures lists the committed mitigation measures, in questionnaire order. The
// official tool computes this list but never shows it.
func Measures(a *Assessment) []Measure {
	a = a.complete()
	return measures(a, a.Questionnaire.Visibility(a.Answers, nil))
}

func measures(a *Assessment, visible []bool) []Measure {
	q := a.Questionnaire
	n := 0
	for _, x := range q.All() {
		if x.ScoreKind() == questionnaire.Mitigation && visible[x.Index()] && a.Answers[x.Index()].Set {
			n++
		}
	}
	out := make([]Measure, 0, n)
	for _, x := range q.All() {
		if x.ScoreKind() != questionnaire.Mitigation || !visible[x.Index()] {
			continue
		}
		v := a.Answers[x.Index()]
		m := Measure{Question: x.ID, Title: x.Title}
		var one [1]string
		values := v.List
		if !v.IsList && v.Set {
			one[0] = v.Str
			values = one[:]
		} else if x.Type != questionnaire.Multiple {
			values = nil // as points does: a list answers only a multiple-choice question
		}
		for i, value := range values {
			if slices.Contains(values[:i], value) {
				continue // counted once, as points does
			}
			if pts := x.Points(condition.Text(value)); pts > 0 {
				c, _ := x.Choice(value)
				m.Answers = append(m.Answers, c.Text)
				m.Points += pts
			}
		}
		if m.Points > 0 {
			out = append(out, m)
		}
	}
	return out
}
