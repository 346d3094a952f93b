package engine

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/gc-aia/aia/aia"
	"github.com/gc-aia/aia/internal/jsoncodec"
	"github.com/gc-aia/aia/questionnaire"
)

// Report is the results view of an assessment in one language. Texts are plain text.
type Report struct {
	Version   string `json:"version"`
	Directive string `json:"directive"`
	Title     string `json:"title"`
	Score
	LevelName   string          `json:"levelName"`
	Sections    []SectionReport `json:"sections"`
	Require     []Requirement   `json:"requirements"`
	Measures    []Measure       `json:"measures"`
	Explanation Explanation     `json:"explanation"`
	Questions   []QuestionPts   `json:"questions"`
	Answers     []AnswerSection `json:"answers"`
	Warnings    []string        `json:"warnings"`
}

// SectionReport is the score of one page.
type SectionReport struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Kind      string `json:"kind"`
	Visible   bool   `json:"visible"`
	Questions int    `json:"questions"`
	Answered  int    `json:"answered"`
	Score     int    `json:"score"`
	Max       int    `json:"max"`
}

// Requirement is what Appendix C requires in one area at the assessment's level.
type Requirement struct {
	Area  string `json:"area"`
	Title string `json:"title"`
	// Text is plain text; list items start with "- ".
	Text string `json:"text"`
}

// Measure is a committed mitigation measure.
type Measure struct {
	Question string   `json:"question"`
	Title    string   `json:"title"`
	Answers  []string `json:"answers"`
	Points   int      `json:"points"`
}

// Explanation says how far the assessment is from the other levels.
type Explanation struct {
	LevelBounds             [3]int `json:"levelBounds"`
	RawToNextLevel          int    `json:"rawToNextLevel"`
	RawToPreviousLevel      int    `json:"rawToPreviousLevel"`
	MitigationToDeduction   int    `json:"mitigationToDeduction"`
	MitigationMargin        int    `json:"mitigationMargin"`
	LevelIfDeductionToggled int    `json:"levelIfDeductionToggled"`
}

// QuestionPts is what one scored question contributed.
type QuestionPts struct {
	ID           string `json:"id"`
	Title        string `json:"title"`
	Section      string `json:"section"`
	Kind         string `json:"kind"`
	Visible      bool   `json:"visible"`
	Answered     bool   `json:"answered"`
	Points       int    `json:"points"`
	HiddenPoints int    `json:"hiddenPoints,omitempty"`
	Max          int    `json:"max"`
}

// AnswerSection lists the questions of one shown page with their answers.
type AnswerSection struct {
	ID      string       `json:"id"`
	Title   string       `json:"title"`
	Answers []AnswerItem `json:"answers"`
}

// AnswerItem is one shown question and its answer: the texts of the chosen choices,
// or the free text (and its translation into the other language, when given).
type AnswerItem struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Answered    bool     `json:"answered"`
	Values      []string `json:"values"`
	Translation string   `json:"translation,omitempty"`
}

// NewReport returns the results view of a saved file in a language.
func NewReport(text []byte, lang string) (*Report, error) {
	l, ok := questionnaire.ParseLang(lang)
	if !ok {
		return nil, fmt.Errorf("language must be en or fr, not %q", lang)
	}
	f, a, err := load(text)
	if err != nil {
		return nil, err
	}
	r, err := aia.NewReport(a)
	if err != nil {
		return nil, err
	}
	q := a.Questionnaire
	rep := &Report{Version: q.Version, Title: titleOf(f), Score: scoreOf(r.Result), LevelName: r.Level.String(), Warnings: []string{}}
	if r.Directive.ID != "" {
		rep.Directive = r.Directive.Name.In(l)
	}
	for _, w := range r.Warnings {
		rep.Warnings = append(rep.Warnings, w.In(l))
	}
	for _, s := range r.Sections {
		p, _ := q.Page(s.ID)
		rep.Sections = append(rep.Sections, SectionReport{ID: s.ID, Title: textIn(q, p.Title, l), Kind: s.Kind, Visible: s.Visible, Questions: s.Questions, Answered: s.Answered, Score: s.Score, Max: s.Max})
	}
	for _, req := range r.Requirements {
		rep.Require = append(rep.Require, Requirement{Area: req.Area, Title: textIn(q, req.Title, l), Text: textIn(q, req.Text, l)})
	}
	rep.Measures = []Measure{}
	for _, m := range r.Measures {
		mv := Measure{Question: m.Question, Title: textIn(q, m.Title, l), Points: m.Points}
		for _, t := range m.Answers {
			mv.Answers = append(mv.Answers, textIn(q, t, l))
		}
		rep.Measures = append(rep.Measures, mv)
	}
	e := r.Explanation
	rep.Explanation = Explanation{LevelBounds: e.LevelBounds, RawToNextLevel: e.RawToNextLevel, RawToPreviousLevel: e.RawToPreviousLevel, MitigationToDeduction: e.MitigationToDeduction, MitigationMargin: e.MitigationMargin, LevelIfDeductionToggled: int(e.LevelIfDeductionToggled)}
	for _, s := range r.Explanation.Questions {
		x, _ := q.Question(s.ID)
		rep.Questions = append(rep.Questions, QuestionPts{ID: s.ID, Title: textIn(q, x.Title, l), Section: textIn(q, q.PageOf(x).Title, l), Kind: string(s.Kind), Visible: s.Visible, Answered: s.Answered, Points: s.Points, HiddenPoints: s.HiddenPoints, Max: s.Max})
	}
	rep.Answers = answers(f, a, l)
	return rep, nil
}

// answers lists every shown question of every shown page with its answer.
func answers(f *aia.SavedFile, a *aia.Assessment, l questionnaire.Lang) []AnswerSection {
	q := a.Questionnaire
	visible := q.Visibility(a.Answers, nil)
	translations := map[string]json.RawMessage{}
	_ = jsoncodec.Unmarshal(f.Translations, &translations)
	out := []AnswerSection{}
	for _, p := range q.Pages {
		sec := AnswerSection{ID: p.ID, Title: textIn(q, p.Title, l), Answers: []AnswerItem{}}
		for _, x := range p.Questions {
			if x.Type == questionnaire.Info || !visible[x.Index()] {
				continue
			}
			item := AnswerItem{ID: x.ID, Title: textIn(q, x.Title, l), Answered: !a.Answers[x.Index()].Empty(), Values: []string{}}
			v := a.Answers[x.Index()]
			switch {
			case !item.Answered:
			case x.Type.HasChoices():
				values := v.List
				if !v.IsList {
					values = []string{v.Str}
				}
				for _, value := range values {
					if c, ok := x.Choice(value); ok {
						item.Values = append(item.Values, textIn(q, c.Text, l))
					} else if value == questionnaire.OtherValue {
						item.Values = append(item.Values, otherText(f, x.ID))
					}
				}
			default:
				item.Values = append(item.Values, v.Str)
				var t string
				if raw, ok := translations[x.ID]; ok && jsoncodec.Unmarshal(raw, &t) == nil {
					item.Translation = strings.TrimSpace(t)
				}
			}
			sec.Answers = append(sec.Answers, item)
		}
		if len(sec.Answers) > 0 {
			out = append(out, sec)
		}
	}
	return out
}

func otherText(f *aia.SavedFile, id string) string {
	raw, ok := f.Answer(id + "-Comment")
	var s string
	if !ok || jsoncodec.Unmarshal(raw, &s) != nil {
		return "—"
	}
	return s
}

// textIn returns t in language l: as plain text when q was read from a file (the
// official texts hold HTML).
func textIn(q *questionnaire.Questionnaire, t questionnaire.Text, l questionnaire.Lang) string {
	if isFile(q) {
		return PlainText(t.In(l))
	}
	return t.In(l)
}
