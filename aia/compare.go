package aia

import (
	"slices"

	"github.com/gc-aia/aia/internal/jsoncodec"
	"github.com/gc-aia/aia/questionnaire"
	"github.com/gc-aia/aia/questionnaire/condition"
)

// Comparison is what changed between two versions of one assessment: what a team
// reviews when it updates its AIA because the system's functionality or scope changed.
type Comparison struct {
	Before Snapshot `json:"before"`
	After  Snapshot `json:"after"`
	// MigratedFrom names the questionnaire version of the file that was migrated before
	// the comparison, when the two name different versions ("" otherwise); Migration
	// says what that migration changed.
	MigratedFrom string     `json:"migratedFrom,omitempty"`
	Migration    *Migration `json:"migration,omitempty"`
	// Questionnaire is the questionnaire both sides were compared in: the newer one's.
	// Changes and Sections name its questions and pages.
	Questionnaire *questionnaire.Questionnaire `json:"-"`
	// Changes lists the answers that differ, in questionnaire order.
	Changes []AnswerChange `json:"changes"`
	// Sections lists the score of every section shown in either version.
	Sections []SectionChange `json:"sections"`
	// Requirements lists the Appendix C requirements that differ between the two levels.
	Requirements []RequirementChange `json:"requirements"`
	Measures     MeasureChanges      `json:"measures"`
}

// Snapshot is the outcome of one version of the assessment.
type Snapshot struct {
	Questionnaire string `json:"questionnaire"`
	Level         Level  `json:"level"`
	Raw           int    `json:"raw"`
	Mitigation    int    `json:"mitigation"`
	Current       int    `json:"current"`
}

// AnswerChange is one answer that differs.
type AnswerChange struct {
	Question string `json:"question"`
	// Kind is the question's scoring kind (written "none" in JSON when not scored).
	Kind          questionnaire.Kind `json:"kind"`
	Before, After condition.Value    `json:"-"`
	// PointsBefore and PointsAfter are the points the answer earns (0 when hidden).
	PointsBefore int `json:"pointsBefore"`
	PointsAfter  int `json:"pointsAfter"`
}

// MarshalJSON writes Before and After as in a saved file: a string, a list of strings,
// or null for no answer.
func (c AnswerChange) MarshalJSON() ([]byte, error) {
	type plain AnswerChange // without this method
	kind := string(c.Kind)
	if kind == "" {
		kind = "none"
	}
	return jsoncodec.Marshal(struct {
		plain
		Kind   string `json:"kind"`
		Before any    `json:"before"`
		After  any    `json:"after"`
	}{plain(c), kind, answerJSON(c.Before), answerJSON(c.After)})
}

func answerJSON(v condition.Value) any {
	switch {
	case v.Empty():
		return nil
	case v.IsList:
		return v.List
	}
	return v.Str
}

// SectionChange is the score of one section before and after.
type SectionChange struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"`
	Before int    `json:"before"`
	After  int    `json:"after"`
	Max    int    `json:"max"`
}

// RequirementChange is an Appendix C area whose requirement differs between the two
// levels; Before or After is nil when the area applies to one level only.
type RequirementChange struct {
	Area   string       `json:"area"`
	Before *Requirement `json:"before"`
	After  *Requirement `json:"after"`
}

// MeasureChanges lists the committed mitigation measures added and dropped.
type MeasureChanges struct {
	Added   []Measure `json:"added"`
	Removed []Measure `json:"removed"`
}

// Compare compares two versions of one assessment. When they use different
// questionnaire versions, the older one (in the order of the embedded versions, which
// come before any other) is first migrated to the newer one's version, so that answers
// compare question by question.
func Compare(before, after *Assessment) (*Comparison, error) {
	c := &Comparison{Changes: []AnswerChange{}, Sections: []SectionChange{}, Requirements: []RequirementChange{}}
	c.Measures.Added, c.Measures.Removed = []Measure{}, []Measure{}
	if vb, va := before.Questionnaire.Version, after.Questionnaire.Version; vb != va {
		names := questionnaire.VersionNames()
		order := func(v string) int { // versions loaded from files come after the embedded ones
			if i := slices.Index(names, v); i >= 0 {
				return i
			}
			return len(names)
		}
		if order(vb) > order(va) {
			c.MigratedFrom = va
			after, c.Migration = Migrate(after, before.Questionnaire)
		} else {
			c.MigratedFrom = vb
			before, c.Migration = Migrate(before, after.Questionnaire)
		}
	}
	c.Questionnaire = after.Questionnaire
	rb, err := NewReport(before)
	if err != nil {
		return nil, err
	}
	ra, err := NewReport(after)
	if err != nil {
		return nil, err
	}
	c.Before, c.After = snapshot(rb), snapshot(ra)

	q := c.Questionnaire
	pointsB, pointsA := questionPoints(rb), questionPoints(ra)
	for _, x := range q.Questions() {
		if x.Type == questionnaire.Info {
			continue
		}
		vb, va := before.Answers[x.Index()], after.Answers[x.Index()]
		if sameAnswer(vb, va) {
			continue
		}
		c.Changes = append(c.Changes, AnswerChange{Question: x.ID, Kind: x.ScoreKind(), Before: vb, After: va,
			PointsBefore: pointsB[x.ID], PointsAfter: pointsA[x.ID]})
	}

	sectionsB := map[string]Section{}
	for _, s := range rb.Sections {
		sectionsB[s.ID] = s
	}
	for _, s := range ra.Sections {
		b := sectionsB[s.ID]
		if s.Visible || b.Visible {
			c.Sections = append(c.Sections, SectionChange{ID: s.ID, Kind: s.Kind, Before: b.Score, After: s.Score, Max: s.Max})
		}
	}

	c.Requirements = requirementChanges(rb.Requirements, ra.Requirements)
	c.Measures.Added = measuresNotIn(ra.Measures, rb.Measures)
	c.Measures.Removed = measuresNotIn(rb.Measures, ra.Measures)
	return c, nil
}

func snapshot(r *Report) Snapshot {
	return Snapshot{Questionnaire: r.Questionnaire, Level: r.Level, Raw: r.Raw, Mitigation: r.Mitigation, Current: r.Current}
}

func questionPoints(r *Report) map[string]int {
	m := make(map[string]int, len(r.Explanation.Questions))
	for _, qs := range r.Explanation.Questions {
		m[qs.ID] = qs.Points
	}
	return m
}

// sameAnswer compares two answers as answers: no answer equals an empty one, and the
// order of a multiple choice does not matter.
func sameAnswer(a, b condition.Value) bool {
	if a.Empty() || b.Empty() {
		return a.Empty() == b.Empty()
	}
	if a.IsList != b.IsList {
		return false
	}
	if !a.IsList {
		return a.Str == b.Str
	}
	x, y := slices.Clone(a.List), slices.Clone(b.List)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

// requirementChanges pairs the requirements of two levels by area, in the order of
// after's (then before's) areas, and keeps those that differ.
func requirementChanges(before, after []Requirement) []RequirementChange {
	var areas []string
	byArea := map[string]*RequirementChange{}
	add := func(reqs []Requirement, set func(*RequirementChange, *Requirement)) {
		for i := range reqs {
			r := &reqs[i]
			rc, ok := byArea[r.Area]
			if !ok {
				rc = &RequirementChange{Area: r.Area}
				byArea[r.Area] = rc
				areas = append(areas, r.Area)
			}
			set(rc, r)
		}
	}
	add(after, func(rc *RequirementChange, r *Requirement) { rc.After = r })
	add(before, func(rc *RequirementChange, r *Requirement) { rc.Before = r })
	out := []RequirementChange{}
	for _, area := range areas {
		rc := byArea[area]
		if rc.Before == nil || rc.After == nil || rc.Before.Text != rc.After.Text || rc.Before.Title != rc.After.Title {
			out = append(out, *rc)
		}
	}
	return out
}

// measuresNotIn returns the measures of a whose question has no measure in b.
func measuresNotIn(a, b []Measure) []Measure {
	out := []Measure{}
	for _, m := range a {
		if !slices.ContainsFunc(b, func(n Measure) bool { return n.Question == m.Question }) {
			out = append(out, m)
		}
	}
	return out
}
