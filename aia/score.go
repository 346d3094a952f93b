package aia

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/gc-aia/aia/internal/shared"
	"github.com/gc-aia/aia/questionnaire"
	"github.com/gc-aia/aia/questionnaire/condition"
)

// Level is an impact level, from I (little to no impact) to IV (very high impact).
type Level int

// The four impact levels.
const (
	LevelI   Level = 1
	LevelII  Level = 2
	LevelIII Level = 3
	LevelIV  Level = 4
)

// String returns the level as a Roman numeral.
func (l Level) String() string {
	switch l {
	case LevelI:
		return "I"
	case LevelII:
		return "II"
	case LevelIII:
		return "III"
	case LevelIV:
		return "IV"
	}
	return fmt.Sprintf("Level(%d)", int(l))
}

// Result is the score of an assessment.
type Result struct {
	Questionnaire string `json:"questionnaire"`
	// Raw is the raw impact score: the points of the visible raw impact answers.
	Raw int `json:"raw"`
	// Mitigation is the points of the visible mitigation answers.
	Mitigation int `json:"mitigation"`
	// Current is the score the level follows: Raw, less 15 % when Deduction applies.
	Current int   `json:"current"`
	Level   Level `json:"level"`
	// MaxRaw and MaxMitigation are the questionnaire's maxima (every scored question,
	// both phases, shown or not, as the official tool counts them).
	MaxRaw        int `json:"maxRaw"`
	MaxMitigation int `json:"maxMitigation"`
	// Deduction reports whether Mitigation reached 80 % of half MaxMitigation, so
	// that Current is Raw × 0.85 rounded half up.
	Deduction bool `json:"deduction"`
	// Sections has one entry per page that holds scored questions, in page order.
	Sections []Section `json:"sections"`
	// Warnings lists the answers that do not count as written: the assessment's
	// Problems, then answers to questions their conditions hide.
	Warnings []Warning `json:"warnings"`
}

// Section is the score of one page.
type Section struct {
	ID string `json:"id"`
	// Kind is "raw", "mitigation", or "mixed" when the page has both.
	Kind      string `json:"kind"`
	Visible   bool   `json:"visible"`
	Questions int    `json:"questions"` // scored questions on the page
	Answered  int    `json:"answered"`  // of which answered and shown
	Score     int    `json:"score"`
	Max       int    `json:"max"`
}

// QuestionScore is what one scored question contributed.
type QuestionScore struct {
	ID       string             `json:"id"`
	Kind     questionnaire.Kind `json:"kind"`
	Visible  bool               `json:"visible"`
	Answered bool               `json:"answered"`
	// Points counts only when the question is visible; a hidden question's answer
	// would have given HiddenPoints.
	Points       int `json:"points"`
	HiddenPoints int `json:"hiddenPoints,omitempty"`
	Max          int `json:"max"`
}

// Score computes the result of an assessment. Only answers to visible questions count.
func Score(a *Assessment) Result {
	a = a.complete()
	return score(a, a.Questionnaire.Visibility(a.Answers, nil))
}

func init() {
	// For the browser, which computes the visibility anyway: Score without computing it
	// again.
	shared.ScoreVisible = func(a any, visible []bool) any {
		b := a.(*Assessment).complete()
		if len(visible) < len(b.Answers) {
			visible = b.Questionnaire.Visibility(b.Answers, nil)
		}
		return score(b, visible)
	}
}

// score computes the result with the visibility of every question already known.
func score(a *Assessment, visible []bool) Result {
	q := a.Questionnaire
	// The maxima are summed in the same pass as the scores: they are q.MaxRaw() and
	// q.MaxMitigation(), without going over every question's choices twice more.
	r := Result{
		Questionnaire: q.Version,
		Sections:      make([]Section, 0, len(q.Pages)),
	}
	var s Section
	var page *questionnaire.Page
	for _, x := range q.All() {
		if x.Kind != questionnaire.RawImpact && x.Kind != questionnaire.Mitigation {
			continue
		}
		if p := q.PageOf(x); p != page { // questions come page by page
			if s.Questions > 0 {
				r.Sections = append(r.Sections, s)
			}
			s, page = Section{}, p
		}
		shown := visible[x.Index()]
		if s.Questions == 0 {
			s.ID, s.Kind = page.ID, string(x.Kind)
		} else if s.Kind != string(x.Kind) {
			s.Kind = "mixed"
		}
		s.Questions++
		m := x.Max()
		s.Max += m
		if x.Kind == questionnaire.RawImpact {
			r.MaxRaw += m
		} else {
			r.MaxMitigation += m
		}
		s.Visible = s.Visible || shown
		if !shown {
			continue
		}
		v := &a.Answers[x.Index()]
		if !v.Set {
			continue
		}
		if answered(*v) {
			s.Answered++
		}
		pts := points(x, v)
		s.Score += pts
		if x.Kind == questionnaire.RawImpact {
			r.Raw += pts
		} else {
			r.Mitigation += pts
		}
	}
	if s.Questions > 0 {
		r.Sections = append(r.Sections, s)
	}
	r.Warnings = warnings(a, visible)
	r.Deduction = DeductionApplies(r.Mitigation, r.MaxMitigation)
	r.Current = CurrentScore(r.Raw, r.Deduction)
	r.Level = LevelOf(r.Current, r.MaxRaw)
	return r
}

// questionScores lists what every scored question contributed, in questionnaire order.
func questionScores(a *Assessment, visible []bool) []QuestionScore {
	n := 0
	for _, x := range a.Questionnaire.All() {
		if x.Scored() {
			n++
		}
	}
	out := make([]QuestionScore, 0, n)
	for _, x := range a.Questionnaire.All() {
		if !x.Scored() {
			continue
		}
		v := a.Answers[x.Index()]
		qs := QuestionScore{ID: x.ID, Kind: x.Kind, Visible: visible[x.Index()], Answered: answered(v), Max: x.Max()}
		if qs.Visible {
			qs.Points = points(x, &v)
		} else if qs.Answered {
			qs.HiddenPoints = points(x, &v)
		}
		out = append(out, qs)
	}
	return out
}

// points returns the points of an answer to a scored question: its choice's, or the sum of its choices', each
// choice counted once. A list answering a question of one choice weighs nothing: only an
// Assessment edited by hand holds one. So no answer weighs more than x.Max().
func points(x *questionnaire.Question, v *condition.Value) int {
	if !v.IsList {
		c, _ := x.Choice(v.Str) // "other" and unanswered weigh nothing
		return c.Points()
	}
	if x.Type != questionnaire.Multiple {
		return 0
	}
	sum := 0
	for i, value := range v.List {
		if slices.Contains(v.List[:i], value) {
			continue
		}
		c, _ := x.Choice(value)
		sum += c.Points()
	}
	return sum
}

// DeductionApplies reports whether a mitigation score earns the 15 % deduction:
// mitigation ≥ 80 % of half the maximum mitigation score.
func DeductionApplies(mitigation, maxMitigation int) bool {
	// mitigation ≥ 0.8 × max/2  ⇔  10 × mitigation ≥ 4 × max, in exact integers.
	return 10*mitigation >= 4*maxMitigation
}

// MitigationThreshold returns the smallest mitigation score that earns the deduction.
func MitigationThreshold(maxMitigation int) int {
	return (4*maxMitigation + 9) / 10 // ⌈0.4 × max⌉
}

// CurrentScore returns the current score for a raw impact score: raw, or with the
// deduction 0.85 × raw rounded half up.
func CurrentScore(raw int, deduction bool) int {
	if !deduction {
		return raw
	}
	return (85*raw + 50) / 100
}

// LevelOf returns the impact level of a current score: up to 25 % of the maximum raw
// score is level I, up to 50 % level II, up to 75 % level III, above that level IV.
func LevelOf(current, maxRaw int) Level {
	switch {
	case 4*current <= maxRaw:
		return LevelI
	case 2*current <= maxRaw:
		return LevelII
	case 4*current <= 3*maxRaw:
		return LevelIII
	}
	return LevelIV
}

// warnings describes the answers that do not count, in questionnaire order.
func warnings(a *Assessment, visible []bool) []Warning {
	w := append([]Warning(nil), a.Problems...)
	for i, v := range a.Answers {
		if v.Set && !visible[i] && answered(v) { // rare: build the messages only then
			return append(w, hiddenAnswers(a, visible)...)
		}
	}
	return w
}

// hiddenAnswers reports the answers to questions their conditions hide.
func hiddenAnswers(a *Assessment, visible []bool) []Warning {
	var out []Warning
	for _, x := range a.Questionnaire.All() {
		v := a.Answers[x.Index()]
		if visible[x.Index()] || !answered(v) {
			continue
		}
		// The messages are put together without fmt: a batch can hold many of them.
		w := Warning{Code: HiddenAnswer, Question: x.ID, Message: hiddenMessage}
		if x.Scored() {
			if pts := points(x, &v); pts > 0 {
				n := strconv.Itoa(pts)
				kind := "d’impact brut"
				if x.Kind == questionnaire.Mitigation {
					kind = "d’atténuation"
				}
				w.Message.EN += " (" + n + " " + string(x.Kind) + " points)"
				w.Message.FR += " (" + n + " points " + kind + ")"
			}
		}
		out = append(out, w)
	}
	return out
}

var hiddenMessage = questionnaire.Text{
	EN: "answered but hidden by its condition; the answer does not count",
	FR: "réponse donnée mais question masquée par sa condition" + nnbsp + "; la réponse ne compte pas",
}

func answered(v condition.Value) bool { return !v.Empty() }

// Check lists everything wrong with an assessment, in questionnaire order after the
// problems found when it was read: answers that did not fit, answers to hidden
// questions, and required questions that are shown but unanswered.
func Check(a *Assessment) []Warning {
	a = a.complete()
	visible := a.Questionnaire.Visibility(a.Answers, nil)
	out := append([]Warning(nil), a.Problems...)
	out = append(out, hiddenAnswers(a, visible)...)
	for _, x := range a.Questionnaire.All() {
		if x.Required && visible[x.Index()] && !answered(a.Answers[x.Index()]) {
			out = append(out, warn(Unanswered, x.ID, "required but unanswered", "obligatoire mais sans réponse"))
		}
	}
	return out
}
