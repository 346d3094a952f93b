package engine

import (
	"fmt"
	"strings"

	"github.com/gc-aia/aia/aia"
	"github.com/gc-aia/aia/internal/localize"
	"github.com/gc-aia/aia/questionnaire"
	"github.com/gc-aia/aia/questionnaire/condition"
)

// Comparison is aia.Comparison in one language, as the page renders it: what changed
// from an older saved file of an assessment (before) to the open one (after). Texts are
// plain text.
type Comparison struct {
	Before Snapshot `json:"before"`
	After  Snapshot `json:"after"`
	// MigratedFrom is the questionnaire version of the file that was migrated to
	// MigratedTo before the comparison, "" when both use the same version; Dropped
	// counts the answers the migration could not keep.
	MigratedFrom string `json:"migratedFrom,omitempty"`
	MigratedTo   string `json:"migratedTo,omitempty"`
	Dropped      int    `json:"dropped"`
	// Changes lists the answers that differ, in questionnaire order.
	Changes      []AnswerChange      `json:"changes"`
	Sections     []SectionChange     `json:"sections"`
	Requirements []RequirementChange `json:"requirements"`
	Added        []Measure           `json:"added"`
	Removed      []Measure           `json:"removed"`
}

// Snapshot is the outcome of one side of a comparison.
type Snapshot struct {
	Version    string `json:"version"`
	Level      int    `json:"level"`
	Current    int    `json:"current"`
	Raw        int    `json:"raw"`
	Mitigation int    `json:"mitigation"`
}

// AnswerChange is one answer that differs. Before and After are empty for no answer.
type AnswerChange struct {
	ID           string        `json:"id"`
	Title        string        `json:"title"`
	Section      string        `json:"section"`
	Kind         string        `json:"kind"` // "raw", "mitigation" or "" (not scored)
	Before       []AnswerValue `json:"before"`
	After        []AnswerValue `json:"after"`
	PointsBefore int           `json:"pointsBefore"`
	PointsAfter  int           `json:"pointsAfter"`
}

// AnswerValue is one value of an answer: a choice's value and text (no text for a value
// that is not one of the choices), or a free text (Free, Value only, cut to MaxFreeText
// characters).
type AnswerValue struct {
	Value string `json:"value"`
	Text  string `json:"text,omitempty"`
	Free  bool   `json:"free,omitempty"`
}

// MaxFreeText is the length, in characters, to which a comparison cuts free texts.
const MaxFreeText = 200

// SectionChange is the score of one section before and after.
type SectionChange struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Kind   string `json:"kind"`
	Before int    `json:"before"`
	After  int    `json:"after"`
	Max    int    `json:"max"`
}

// RequirementChange is an Appendix C area whose requirement differs between the two
// levels; Before or After is "" when the area applies to one level only.
type RequirementChange struct {
	Area   string `json:"area"`
	Title  string `json:"title"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// Compare compares an older saved file of an assessment (before) with the open one
// (after), in a language. Files of different questionnaire versions are compared after
// migrating the older one to the newer version (aia.Compare). An error names the file
// at fault: "the saved file" (before) or "the open assessment" (after).
func Compare(before, after []byte, lang string) (*Comparison, error) {
	l, ok := questionnaire.ParseLang(lang)
	if !ok {
		return nil, fmt.Errorf("language must be en or fr, not %q", lang)
	}
	_, b, err := load(before)
	if err != nil {
		return nil, localize.Errorf("the saved file: %w", "le fichier enregistré\u00a0: %w", err)
	}
	_, a, err := load(after)
	if err != nil {
		return nil, localize.Errorf("the open assessment: %w", "l’évaluation ouverte\u00a0: %w", err)
	}
	c, err := aia.Compare(b, a)
	if err != nil {
		return nil, err
	}
	q := c.Questionnaire
	out := &Comparison{
		Before:       snapshot(c.Before),
		After:        snapshot(c.After),
		Changes:      []AnswerChange{},
		Sections:     []SectionChange{},
		Requirements: []RequirementChange{},
		Added:        measures(c.Measures.Added, l),
		Removed:      measures(c.Measures.Removed, l),
	}
	if c.MigratedFrom != "" {
		out.MigratedFrom, out.MigratedTo = c.MigratedFrom, q.Version
		if c.Migration != nil {
			out.Dropped = len(c.Migration.Dropped)
		}
	}
	for _, ch := range c.Changes {
		x, ok := q.Question(ch.Question)
		if !ok {
			continue
		}
		out.Changes = append(out.Changes, AnswerChange{ID: ch.Question, Title: x.Title.In(l), Section: q.PageOf(x).Title.In(l),
			Kind: string(ch.Kind), Before: values(x, ch.Before, l), After: values(x, ch.After, l),
			PointsBefore: ch.PointsBefore, PointsAfter: ch.PointsAfter})
	}
	for _, s := range c.Sections {
		title := s.ID
		if p, ok := q.Page(s.ID); ok {
			title = p.Title.In(l)
		}
		out.Sections = append(out.Sections, SectionChange{ID: s.ID, Title: title, Kind: s.Kind, Before: s.Before, After: s.After, Max: s.Max})
	}
	for _, r := range c.Requirements {
		rc := RequirementChange{Area: r.Area}
		for _, x := range []*aia.Requirement{r.After, r.Before} {
			if x != nil {
				rc.Title = x.Title.In(l)
				break
			}
		}
		if r.Before != nil {
			rc.Before = r.Before.Text.In(l)
		}
		if r.After != nil {
			rc.After = r.After.Text.In(l)
		}
		out.Requirements = append(out.Requirements, rc)
	}
	return out, nil
}

func snapshot(s aia.Snapshot) Snapshot {
	return Snapshot{Version: s.Questionnaire, Level: int(s.Level), Current: s.Current, Raw: s.Raw, Mitigation: s.Mitigation}
}

func measures(ms []aia.Measure, l questionnaire.Lang) []Measure {
	out := []Measure{}
	for _, m := range ms {
		mv := Measure{Question: m.Question, Title: m.Title.In(l), Points: m.Points, Answers: []string{}}
		for _, t := range m.Answers {
			mv.Answers = append(mv.Answers, t.In(l))
		}
		out = append(out, mv)
	}
	return out
}

// values gives an answer's values with their choice texts; a free text is cut to
// MaxFreeText characters.
func values(x *questionnaire.Question, v condition.Value, l questionnaire.Lang) []AnswerValue {
	out := []AnswerValue{}
	if v.Empty() {
		return out
	}
	if !x.Type.HasChoices() {
		text := []rune(strings.Join(strings.Fields(v.Str), " "))
		if len(text) > MaxFreeText {
			text = append(text[:MaxFreeText], '…')
		}
		return append(out, AnswerValue{Value: string(text), Free: true})
	}
	list := v.List
	if !v.IsList {
		list = []string{v.Str}
	}
	for _, value := range list {
		av := AnswerValue{Value: value}
		if c, ok := x.Choice(value); ok {
			av.Text = c.Text.In(l)
		}
		out = append(out, av)
	}
	return out
}
