package aia

import (
	"fmt"

	"github.com/gc-aia/aia/questionnaire"
	"github.com/gc-aia/aia/questionnaire/condition"
)

// Migration describes what moving an assessment to another questionnaire version changed.
type Migration struct {
	From string `json:"from"`
	To   string `json:"to"`
	// Kept counts the answers carried over unchanged.
	Kept int `json:"kept"`
	// Dropped lists answers that could not be kept: their question is gone, or their
	// value is no longer one of its choices.
	Dropped []Change `json:"dropped"`
	// Renamed lists answers moved to a question or value of another name.
	Renamed []Change `json:"renamed"`
	// Reweighted lists kept choice answers whose points changed.
	Reweighted []Change `json:"reweighted"`
	// ToAnswer lists the questions of the new version that are shown and unanswered.
	ToAnswer    []string `json:"toAnswer"`
	LevelBefore Level    `json:"levelBefore"`
	LevelAfter  Level    `json:"levelAfter"`
}

// Change is one answer's fate in a migration.
type Change struct {
	Question string `json:"question"`
	// NewQuestion is the new ID of a question the official renames moved the answer to.
	NewQuestion string `json:"newQuestion,omitempty"`
	// Detail says what happened, in English and French.
	Detail questionnaire.Text `json:"detail"`
}

// Migrate returns a copy of a with its answers carried over to questionnaire to: every
// answer whose question and value still exist is kept, the official renames are applied
// (impact4 → decisionSector3, aboutSystem1 item6-1 → item6), and the rest is reported.
// Problems of a are carried over unchanged.
func Migrate(a *Assessment, to *questionnaire.Questionnaire) (*Assessment, *Migration) {
	a = a.complete()
	from := a.Questionnaire
	b := New(to)
	b.Problems = append([]Warning(nil), a.Problems...)
	m := &Migration{From: from.Version, To: to.Version, Dropped: []Change{}, Renamed: []Change{}, Reweighted: []Change{}, ToAnswer: []string{}}
	for _, x := range from.All() {
		v := a.Answers[x.Index()]
		if !v.Set || x.Type == questionnaire.Info {
			continue
		}
		id := x.ID
		y, ok := to.Question(id)
		if !ok {
			if newID, renamed := legacyRenames[id]; renamed {
				if y, ok = to.Question(newID); ok {
					m.Renamed = append(m.Renamed, Change{Question: id, NewQuestion: newID, Detail: bilingual("now %s", "désormais %s", newID)})
				}
			}
		}
		if !ok {
			m.Dropped = append(m.Dropped, Change{Question: id, Detail: bilingual("question removed in %s", "question retirée dans la version %s", to.Version)})
			continue
		}
		if y.Type.HasChoices() != x.Type.HasChoices() || (y.Type == questionnaire.Multiple) != v.IsList {
			m.Dropped = append(m.Dropped, Change{Question: id, Detail: bilingual("question changed from %s to %s", "question passée du type %s au type %s", x.Type, y.Type)})
			continue
		}
		if !y.Type.HasChoices() {
			b.Answers[y.Index()] = v
			m.Kept++
			continue
		}
		values := v.List
		if !v.IsList {
			values = []string{v.Str}
		}
		var kept []string
		before, after := 0, 0
		for _, value := range values {
			newValue := legacyValue(y, value)
			if !validChoice(y, newValue) {
				m.Dropped = append(m.Dropped, Change{Question: id, Detail: questionnaire.Text{EN: fmt.Sprintf("value %q is no longer a choice", value), FR: "la valeur " + quoteFR(value) + " ne fait plus partie des choix"}})
				continue
			}
			if newValue != value {
				m.Renamed = append(m.Renamed, Change{Question: id, Detail: questionnaire.Text{EN: fmt.Sprintf("value %q is now %q", value, newValue), FR: "la valeur " + quoteFR(value) + " devient " + quoteFR(newValue)}})
			}
			kept = append(kept, newValue)
			before += x.Points(condition.Text(value))
			after += y.Points(condition.Text(newValue))
		}
		if len(kept) == 0 && len(values) > 0 {
			continue
		}
		if v.IsList {
			b.Answers[y.Index()] = condition.List(kept...)
		} else {
			b.Answers[y.Index()] = condition.Text(kept[0])
		}
		m.Kept++
		if xk, yk := x.ScoreKind(), y.ScoreKind(); xk != yk || (x.Scored() && before != after) {
			m.Reweighted = append(m.Reweighted, Change{Question: id, Detail: questionnaire.Text{
				EN: fmt.Sprintf("%d %s points become %d %s points", before, kindName(xk), after, kindName(yk)),
				FR: fmt.Sprintf("%d points (%s) deviennent %d points (%s)", before, kindNameFR(xk), after, kindNameFR(yk)),
			}})
		}
	}
	visible := to.Visibility(b.Answers, nil)
	for _, y := range to.All() {
		if y.Type != questionnaire.Info && visible[y.Index()] && !b.Answers[y.Index()].Set {
			m.ToAnswer = append(m.ToAnswer, y.ID)
		}
	}
	m.LevelBefore, m.LevelAfter = Score(a).Level, Score(b).Level
	return b, m
}

// bilingual formats a detail in both languages with the same arguments.
func bilingual(en, fr string, args ...any) questionnaire.Text {
	return questionnaire.Text{EN: fmt.Sprintf(en, args...), FR: fmt.Sprintf(fr, args...)}
}

func kindNameFR(k questionnaire.Kind) string {
	switch k {
	case questionnaire.RawImpact:
		return "incidence brute"
	case questionnaire.Mitigation:
		return "atténuation"
	}
	return "sans points"
}

func kindName(k questionnaire.Kind) string {
	if k == questionnaire.NotScored {
		return "unscored"
	}
	return string(k)
}
