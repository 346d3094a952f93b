package questionnaire

import (
	"iter"
	"slices"
	"strings"

	"github.com/gc-aia/aia/internal/scoring"
	"github.com/gc-aia/aia/internal/shared"
	"github.com/gc-aia/aia/internal/visibility"
	"github.com/gc-aia/aia/questionnaire/condition"
)

// Lang is a text language: "en" or "fr".
type Lang string

// The two official languages.
const (
	English Lang = "en"
	French  Lang = "fr"
)

// ParseLang returns the language named by s ("en" or "fr", in any case).
func ParseLang(s string) (Lang, bool) {
	switch {
	case strings.EqualFold(s, "en"):
		return English, true
	case strings.EqualFold(s, "fr"):
		return French, true
	}
	return "", false
}

// Text is a text in both official languages.
type Text struct {
	EN string `json:"en,omitempty"`
	FR string `json:"fr,omitempty"`
}

// In returns the text in lang, or in the other language when it has none in lang.
func (t Text) In(lang Lang) string {
	if lang == French && t.FR != "" || t.EN == "" {
		return t.FR
	}
	return t.EN
}

// IsZero reports whether the text is empty in both languages.
func (t Text) IsZero() bool { return t.EN == "" && t.FR == "" }

// Type is how a question is answered.
type Type string

// Question types. The SurveyJS names are in parentheses.
const (
	Single   Type = "single"   // one choice among radio buttons (radiogroup)
	Dropdown Type = "dropdown" // one choice in a list (dropdown)
	Multiple Type = "multiple" // any number of choices (checkbox)
	Line     Type = "text"     // a line of free text (text)
	Comment  Type = "comment"  // free text on several lines (comment)
	Info     Type = "info"     // information only, no answer (html)
)

// HasChoices reports whether questions of this type are answered with choices.
func (t Type) HasChoices() bool { return t == Single || t == Dropdown || t == Multiple }

// Kind is the score a question contributes to.
type Kind string

// Scoring kinds.
const (
	NotScored  Kind = ""
	RawImpact  Kind = "raw"
	Mitigation Kind = "mitigation"
)

// Choice is one possible answer to a choice question.
type Choice struct {
	Value  string `json:"value"`
	Weight int    `json:"weight"`
	// Numeric is set when the official file writes the value as a JSON number
	// (saved files then hold a number too).
	Numeric bool `json:"numeric,omitempty"`
	Text    Text `json:"text,omitzero"`
}

// Question is one element of a page: a question or an information block.
type Question struct {
	ID        string   `json:"id"`
	Type      Type     `json:"type"`
	Kind      Kind     `json:"kind,omitempty"`
	Required  bool     `json:"required,omitempty"`
	VisibleIf string   `json:"visibleIf,omitempty"`
	Other     bool     `json:"other,omitempty"` // accepts the value "other" with a text in "<ID>-Comment"
	Title     Text     `json:"title,omitzero"`
	Help      Text     `json:"help,omitzero"`
	Choices   []Choice `json:"choices,omitempty"`

	index      int // position in Questionnaire.questions
	page       int
	visible    *condition.Expr
	referenced bool
	score      *scoring.Question // what it scores, as built; nil when it scores nothing
}

// Index returns the question's position among all questions of its questionnaire,
// the index of its answer in Answers.
func (q *Question) Index() int { return q.index }

// Scored reports whether the question contributes to a score, as built.
func (q *Question) Scored() bool { return q.score != nil }

// ScoreKind returns the score the question contributes to, as built: its Kind when
// the questionnaire was built, or NotScored.
func (q *Question) ScoreKind() Kind {
	switch {
	case q.score == nil:
		return NotScored
	case q.score.Kind == scoring.Raw:
		return RawImpact
	}
	return Mitigation
}

// Max returns the most points the question can contribute, as built: its heaviest
// choice, or for a multiple-choice question the sum of its choices. It is 0 for
// unscored questions.
func (q *Question) Max() int {
	if q.score == nil {
		return 0
	}
	return q.score.Max
}

// Points returns the points an answer earns, as built: the points of its choice, or
// for a multiple-choice question the sum of its choices', each counted once. Other
// values ("other", free text) and unanswered questions earn nothing, and so does a list
// answering a question of one choice: only answers edited by hand hold one. So no
// answer earns more than Max.
func (q *Question) Points(v condition.Value) int {
	if q.score == nil {
		return 0
	}
	return q.score.Points(&v)
}

// Points returns the points the choice earns: its Weight, within 0 to 1000 (a
// questionnaire with other weights does not build).
func (c Choice) Points() int { return min(max(c.Weight, 0), maxWeight) }

// Choice returns the choice with the given value.
func (q *Question) Choice(value string) (Choice, bool) {
	if value == "" {
		return Choice{}, false
	}
	last := value[len(value)-1]
	for i := range q.Choices {
		// Values such as "item1-3" differ most often in their last byte: test it
		// before comparing whole strings, on this path of every score.
		if c := &q.Choices[i]; len(c.Value) == len(value) && c.Value[len(value)-1] == last && c.Value == value {
			return *c, true
		}
	}
	return Choice{}, false
}

// Page is a section of the questionnaire, shown when VisibleIf holds.
type Page struct {
	ID        string      `json:"id"`
	VisibleIf string      `json:"visibleIf,omitempty"`
	Title     Text        `json:"title,omitzero"`
	Questions []*Question `json:"questions"`

	index     int
	visible   *condition.Expr
	questions []*Question // as built
}

// Index returns the page's position in its questionnaire.
func (p *Page) Index() int { return p.index }

// Scored returns the page's scored questions, in order, in a new slice.
func (p *Page) Scored() []*Question {
	var out []*Question
	for _, x := range p.questions {
		if x.Scored() {
			out = append(out, x)
		}
	}
	return out
}

// Questionnaire is one version of the AIA questionnaire. Its IDs, conditions and pages
// are fixed once it is built (see the package documentation).
type Questionnaire struct {
	Format  string `json:"format"`
	Version string `json:"version"`
	// Aliases are other names saved files give this version ("v0.8", "0.10.0", …).
	Aliases []string `json:"aliases,omitempty"`
	// Directive is the edition of the Directive on Automated Decision-Making the
	// version serves ("2019", "2021", "2023", "2025").
	Directive string  `json:"directive,omitempty"`
	Title     Text    `json:"title,omitzero"`
	Pages     []*Page `json:"pages"`

	pages     []*Page              // as built
	questions []*Question          // all elements, page by page
	byID      map[string]*Question // answerable questions
	plan      *visibility.Plan     // what Visibility evaluates; never changed once built

	scoring *scoring.Plan // what it scores, as built; shared by its copies, never changed
}

// visibilityPlan makes Visibility's pass from the dependency order of the questions:
// each page's condition at its first question in that order, and each question's own
// condition at its place. The questions without a condition, two thirds of the
// official ones, then cost no step of their own.
func (q *Questionnaire) visibilityPlan(order []int) *visibility.Plan {
	b := visibility.NewBuilder(len(q.questions), len(q.pages))
	started := make([]bool, len(q.pages))
	plainScored := make([]bool, len(q.pages)) // the page has a scored question without a condition
	for _, x := range q.questions {
		if x.Scored() && x.visible == nil {
			plainScored[x.page] = true
		}
	}
	for _, i := range order {
		x := q.questions[i]
		if !started[x.page] {
			started[x.page] = true
			p := q.pages[x.page]
			first := p.questions[0].index
			b.Page(x.page, first, first+len(p.questions), p.visible)
		}
		if x.visible != nil {
			b.Question(x.page, i, x.visible, x.Scored() && !plainScored[x.page])
		}
	}
	return b.Plan()
}

// FormatID identifies the native questionnaire format in its "format" field.
const FormatID = "aia-questionnaire/1"

// Questions returns every question and information block, page by page, in a new slice.
func (q *Questionnaire) Questions() []*Question { return slices.Clone(q.questions) }

// All yields every question and information block with its index, page by page,
// without allocating.
func (q *Questionnaire) All() iter.Seq2[int, *Question] { return slices.All(q.questions) }

// Len returns the number of questions and information blocks: the length of Answers.
func (q *Questionnaire) Len() int { return len(q.questions) }

// Question returns the answerable question with the given ID.
func (q *Questionnaire) Question(id string) (*Question, bool) {
	x, ok := q.byID[id]
	return x, ok
}

func init() {
	shared.Lookup = func(q any, id []byte) (any, bool) {
		x, ok := q.(*Questionnaire).byID[string(id)]
		return x, ok
	}
	shared.Referenced = func(x any) bool { return x.(*Question).referenced }
	shared.Nearest = func(q any, id string) string { return q.(*Questionnaire).nearest(id) }
	shared.ScorePlan = func(q any) any { return q.(*Questionnaire).scoring }
	shared.VisibilityPlan = func(q any) any { return q.(*Questionnaire).plan }
}

// Page returns the page with the given ID.
func (q *Questionnaire) Page(id string) (*Page, bool) {
	for _, p := range q.Pages {
		if p.ID == id {
			return p, true
		}
	}
	return nil, false
}

// PageOf returns the page that holds the question.
func (q *Questionnaire) PageOf(x *Question) *Page { return q.pages[x.page] }

// MaxRaw returns the highest raw impact score: the sum of the maxima of every raw impact
// question, shown or not.
func (q *Questionnaire) MaxRaw() int {
	if q.scoring == nil {
		return 0
	}
	return q.scoring.MaxRaw
}

// MaxMitigation returns the highest mitigation score, over every mitigation question of
// both the design and the implementation pages.
func (q *Questionnaire) MaxMitigation() int {
	if q.scoring == nil {
		return 0
	}
	return q.scoring.MaxMitigation
}

// Answers holds one answer per question of a questionnaire, indexed by Question.Index.
// The zero Value is "not answered".
type Answers []condition.Value

// NewAnswers returns an empty set of answers for q.
func (q *Questionnaire) NewAnswers() Answers { return make(Answers, len(q.questions)) }

// Visibility computes which questions are shown for the answers, into visible (reused
// when it has the capacity) indexed by Question.Index. A question is shown when its page
// and its own condition hold; conditions read the answers of hidden questions as empty,
// so hiding cascades the way the official tool clears hidden answers on completion.
func (q *Questionnaire) Visibility(a Answers, visible []bool) []bool {
	return q.plan.Eval(a, visible, false)
}
