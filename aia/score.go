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
	return score(a, a.Questionnaire.Visibility(a.Answers, nil), nil)
}

func init() {
	// For the browser, which computes the visibility anyway: Score without computing it
	// again.
	shared.ScoreVisible = func(a any, visible []bool) any {
		b := a.(*Assessment).complete()
		if len(visible) < len(b.Answers) {
			visible = b.Questionnaire.Visibility(b.Answers, nil)
		}
		return score(b, visible, nil)
	}
}

// score computes the result with the visibility of every question already known. A
// Scorer passes its cache of warning messages; nil builds them.
func score(a *Assessment, visible []bool, msgs *hiddenMessages) Result {
	q := a.Questionnaire
	// The maxima are summed in the same pass as the scores: they are q.MaxRaw() and
	// q.MaxMitigation(), without going over every question's choices twice more.
	r := Result{
		Questionnaire: q.Version,
		Sections:      make([]Section, 0, len(q.Pages)),
	}
	var s Section
	var page *questionnaire.Page
	var kinds uint8 // of the page's scored questions: 1 raw impact, 2 mitigation
	flush := func() {
		if s.Questions > 0 {
			s.Kind = [...]string{1: string(questionnaire.RawImpact), 2: string(questionnaire.Mitigation), 3: "mixed"}[kinds]
			r.Sections = append(r.Sections, s)
		}
	}
	for _, x := range q.All() {
		raw := x.Kind == questionnaire.RawImpact
		if !raw && x.Kind != questionnaire.Mitigation {
			continue
		}
		if p := q.PageOf(x); p != page { // questions come page by page
			flush()
			s, page, kinds = Section{ID: p.ID}, p, 0
		}
		shown := visible[x.Index()]
		if raw {
			kinds |= 1
		} else {
			kinds |= 2
		}
		s.Questions++
		v := &a.Answers[x.Index()]
		counts := shown && v.Set
		m, pts := weigh(x, v, counts)
		s.Max += m
		if raw {
			r.MaxRaw += m
		} else {
			r.MaxMitigation += m
		}
		s.Visible = s.Visible || shown
		if !counts {
			continue
		}
		if answered(v) {
			s.Answered++
		}
		s.Score += pts
		if raw {
			r.Raw += pts
		} else {
			r.Mitigation += pts
		}
	}
	flush()
	r.Warnings = warnings(a, visible, msgs)
	r.Deduction = DeductionApplies(r.Mitigation, r.MaxMitigation)
	r.Current = CurrentScore(r.Raw, r.Deduction)
	r.Level = LevelOf(r.Current, r.MaxRaw)
	return r
}

// maxWeight is the most points a choice earns, as Choice.Points counts them.
const maxWeight = 1000

// weigh returns x.Max() of a scored question and, when counts is set, points(x, v),
// going over the choices once for a single answer.
func weigh(x *questionnaire.Question, v *condition.Value, counts bool) (maxPoints, pts int) {
	best, sum := 0, 0
	choices := x.Choices
	for i := range choices {
		w := min(max(choices[i].Weight, 0), maxWeight) // Points, without a copy of the choice and its texts
		best = max(best, w)
		sum += w
	}
	if counts && !v.IsList && v.Str != "" {
		for i := range choices {
			if c := &choices[i]; c.Value == v.Str { // the first choice of that value, as Choice finds it
				pts = min(max(c.Weight, 0), maxWeight)
				break
			}
		}
	}
	switch x.Type {
	case questionnaire.Multiple:
		maxPoints = sum
	case questionnaire.Single, questionnaire.Dropdown:
		maxPoints = best
	}
	if counts && v.IsList {
		pts = points(x, v)
	}
	return maxPoints, pts
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
		qs := QuestionScore{ID: x.ID, Kind: x.Kind, Visible: visible[x.Index()], Answered: answered(&v), Max: x.Max()}
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

// warnings describes the answers that do not count, in questionnaire order: the
// assessment's problems, then its hidden answers.
func warnings(a *Assessment, visible []bool, msgs *hiddenMessages) []Warning {
	hidden := 0
	for i := range visible {
		if v := &a.Answers[i]; v.Set && !visible[i] && answered(v) {
			hidden++
		}
	}
	if hidden == 0 {
		return append([]Warning(nil), a.Problems...)
	}
	w := make([]Warning, len(a.Problems), len(a.Problems)+hidden)
	copy(w, a.Problems)
	return appendHidden(w, a, visible, msgs)
}

// hiddenAnswers reports the answers to questions their conditions hide.
func hiddenAnswers(a *Assessment, visible []bool) []Warning {
	return appendHidden(nil, a, visible, nil)
}

// appendHidden appends the warnings of the answers to questions their conditions hide,
// taking their messages from msgs when it is not nil.
func appendHidden(out []Warning, a *Assessment, visible []bool, msgs *hiddenMessages) []Warning {
	for _, x := range a.Questionnaire.All() {
		v := &a.Answers[x.Index()]
		if visible[x.Index()] || !answered(v) {
			continue
		}
		w := Warning{Code: HiddenAnswer, Question: x.ID, Message: hiddenMessage}
		if x.Scored() {
			if pts := points(x, v); pts > 0 {
				w.Message = msgs.get(x.Kind, pts)
			}
		}
		out = append(out, w)
	}
	return out
}

// hiddenMessages keeps the messages of hidden scored answers by kind and points, so that
// a Scorer puts each together once: a batch can hold many of them.
type hiddenMessages struct {
	m map[hiddenKey]questionnaire.Text
}

type hiddenKey struct {
	kind questionnaire.Kind
	pts  int
}

// maxHiddenMessages bounds a cache: points are bounded by the weights, but a Scorer
// may meet many questionnaires.
const maxHiddenMessages = 1 << 12

// get returns the message of a hidden answer that would have scored pts points of kind;
// a nil cache builds it.
func (h *hiddenMessages) get(kind questionnaire.Kind, pts int) questionnaire.Text {
	if h == nil {
		return hiddenPointsMessage(kind, pts)
	}
	k := hiddenKey{kind, pts}
	if t, ok := h.m[k]; ok {
		return t
	}
	t := hiddenPointsMessage(kind, pts)
	if h.m == nil {
		h.m = map[hiddenKey]questionnaire.Text{}
	}
	if len(h.m) < maxHiddenMessages {
		h.m[k] = t
	}
	return t
}

// hiddenPointsMessage is the message of a hidden answer that would have scored pts
// points of kind, put together without fmt.
func hiddenPointsMessage(kind questionnaire.Kind, pts int) questionnaire.Text {
	n := strconv.Itoa(pts)
	fr := "d’impact brut"
	if kind == questionnaire.Mitigation {
		fr = "d’atténuation"
	}
	return questionnaire.Text{
		EN: hiddenMessage.EN + " (" + n + " " + string(kind) + " points)",
		FR: hiddenMessage.FR + " (" + n + " points " + fr + ")",
	}
}

var hiddenMessage = questionnaire.Text{
	EN: "answered but hidden by its condition; the answer does not count",
	FR: "réponse donnée mais question masquée par sa condition" + nnbsp + "; la réponse ne compte pas",
}

// answered reports whether a value is an answer: not empty (see condition.Value.Empty).
func answered(v *condition.Value) bool {
	if !v.IsList && v.Str == unreadText { // spares Empty a rune that is no space
		return v.Set
	}
	return !v.Empty()
}

// Check lists everything wrong with an assessment, in questionnaire order after the
// problems found when it was read: answers that did not fit, answers to hidden
// questions, and required questions that are shown but unanswered.
func Check(a *Assessment) []Warning {
	a = a.complete()
	visible := a.Questionnaire.Visibility(a.Answers, nil)
	out := append([]Warning(nil), a.Problems...)
	out = append(out, hiddenAnswers(a, visible)...)
	for _, x := range a.Questionnaire.All() {
		if x.Required && visible[x.Index()] && !answered(&a.Answers[x.Index()]) {
			out = append(out, warn(Unanswered, x.ID, "required but unanswered", "obligatoire mais sans réponse"))
		}
	}
	return out
}
