package aia

import (
	"fmt"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/gc-aia/aia/internal/scoring"
	"github.com/gc-aia/aia/internal/shared"
	"github.com/gc-aia/aia/internal/visibility"
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
	var r Result
	ScoreTo(&r, a)
	return r
}

// ScoreTo is Score into r, reusing the memory of r.Sections and r.Warnings: a program
// that scores many assessments in turn with the same r allocates nothing once r has
// grown (a result without warnings has nil Warnings, as Score's has, which lets their
// memory go). Every field of r is replaced, so the Sections and Warnings of its
// previous result are overwritten: copy them first to keep them.
func ScoreTo(r *Result, a *Assessment) {
	a = a.complete()
	var buf [512]bool // the official questionnaires have up to 299 questions: no allocation
	score(r, a, visibilityPlan(a.Questionnaire).Eval(a.Answers, buf[:0], true), nil)
}

// visibilityPlan is how q computes which questions are shown. Score and a Scorer call
// it directly, to ask only what a score reads (see visibility.Plan.Eval); calling the
// plan rather than Questionnaire.Visibility also keeps Score's buffer on the stack.
func visibilityPlan(q *questionnaire.Questionnaire) *visibility.Plan {
	return shared.VisibilityPlan(q).(*visibility.Plan)
}

func init() {
	// For the browser, which computes the visibility anyway: Score without computing it
	// again.
	shared.ScoreVisible = func(a any, visible []bool) any {
		b := a.(*Assessment).complete()
		if len(visible) < len(b.Answers) {
			visible = b.Questionnaire.Visibility(b.Answers, nil)
		}
		var r Result
		score(&r, b, visible, nil)
		return r
	}
}

// score computes the result into r with the visibility of every question already
// known, reusing the memory of r.Sections and r.Warnings. A Scorer passes its cache of
// warning messages; nil builds them.
func score(r *Result, a *Assessment, visible []bool, msgs *hiddenMessages) {
	q := a.Questionnaire
	plan := shared.ScorePlan(q).(*scoring.Plan)
	sections := r.Sections[:0]
	if cap(sections) < len(plan.Sections) {
		sections = make([]Section, 0, len(plan.Sections))
	}
	for _, s := range plan.Sections {
		sections = append(sections, Section{ID: s.ID, Kind: s.Kind, Questions: s.Questions, Max: s.Max})
	}
	warnings := r.Warnings
	*r = Result{
		Questionnaire: q.Version,
		MaxRaw:        plan.MaxRaw,
		MaxMitigation: plan.MaxMitigation,
		Sections:      sections,
	}
	answers := a.Answers[:len(visible)]
	for _, st := range plan.Steps {
		if !visible[st.Index] {
			continue
		}
		s := &r.Sections[st.Section]
		s.Visible = true
		v := &answers[st.Index]
		if !answered(v) {
			continue
		}
		s.Answered++
		pts := st.Question.Points(v)
		s.Score += pts
		if st.Question.Kind == scoring.Raw {
			r.Raw += pts
		} else {
			r.Mitigation += pts
		}
	}
	r.Warnings = warningsOf(a, visible, msgs, warnings)
	r.Deduction = DeductionApplies(r.Mitigation, r.MaxMitigation)
	r.Current = CurrentScore(r.Raw, r.Deduction)
	r.Level = LevelOf(r.Current, r.MaxRaw)
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
		qs := QuestionScore{ID: x.ID, Kind: x.ScoreKind(), Visible: visible[x.Index()], Answered: answered(&v), Max: x.Max()}
		if qs.Visible {
			qs.Points = x.Points(v)
		} else if qs.Answered {
			qs.HiddenPoints = x.Points(v)
		}
		out = append(out, qs)
	}
	return out
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

// warningsOf lists the answers that do not count, in questionnaire order: the
// assessment's problems, then its hidden answers, reusing the memory of buf. With
// none, it returns nil, as Score always has.
func warningsOf(a *Assessment, visible []bool, msgs *hiddenMessages, buf []Warning) []Warning {
	hidden := 0
	answers := a.Answers[:len(visible)]
	for i, shown := range visible {
		if !shown && answers[i].Set && answered(&answers[i]) { // most hidden questions are unanswered: no call
			hidden++
		}
	}
	if hidden == 0 && len(a.Problems) == 0 {
		return nil
	}
	out := append(slices.Grow(buf[:0], len(a.Problems)+hidden), a.Problems...)
	if hidden == 0 {
		return out
	}
	return appendHidden(out, a, visible, msgs)
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
			if pts := x.Points(*v); pts > 0 {
				w.Message = msgs.get(x.ScoreKind(), pts)
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

// answered reports whether a value is an answer: not empty (see condition.Value.Empty),
// deciding the common cases (a list, a text that starts with a visible ASCII character)
// without a call, on this path of every score.
func answered(v *condition.Value) bool {
	switch {
	case !v.Set:
		return false
	case v.IsList:
		return len(v.List) > 0
	case v.Str != "" && v.Str[0] > ' ' && v.Str[0] < utf8.RuneSelf, v.Str == unreadText:
		return true
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
		// Values repeated in Answers set directly, not read from a file (whose
		// Problems already say so): they count once.
		if v := a.Answers[x.Index()]; v.IsList && !slices.ContainsFunc(a.Problems, func(w Warning) bool { return w.Code == RepeatedValue && w.Question == x.ID }) {
			var repeated []string
			for i, value := range v.List {
				if slices.Contains(v.List[:i], value) && !slices.Contains(repeated, value) {
					repeated = append(repeated, value)
				}
			}
			if repeated != nil {
				out = append(out, repeatedValues(x.ID, repeated))
			}
		}
		if x.Required && visible[x.Index()] && !answered(&a.Answers[x.Index()]) {
			out = append(out, warn(Unanswered, x.ID, "required but unanswered", "obligatoire mais sans réponse"))
		}
	}
	return out
}
