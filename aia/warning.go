package aia

import (
	"fmt"
	"strings"

	"github.com/gc-aia/aia/internal/jsonscan"
	"github.com/gc-aia/aia/questionnaire"
)

// Code says what a Warning is about.
type Code string

// Warning codes.
const (
	// UnknownQuestion: the file answers a question the questionnaire does not have;
	// the answer is ignored.
	UnknownQuestion Code = "unknown-question"
	// InvalidValue: a value that is not one of the question's choices, or a JSON value of
	// the wrong type; the value (for a multiple-choice answer) or the answer is ignored.
	InvalidValue Code = "invalid-value"
	// RepeatedValue: a multiple-choice answer holds a value more than once; it counts once.
	RepeatedValue Code = "repeated-value"
	// LegacyKey: a file answers a question under both its legacy key (impact4) and its
	// own (decisionSector3); the answer under its own key counts.
	LegacyKey Code = "legacy-key"
	// HiddenAnswer: an answer to a question its condition hides; it does not count.
	HiddenAnswer Code = "hidden-answer"
	// Unanswered: a required question that is shown has no answer (Check only).
	Unanswered Code = "unanswered"
)

// Warning is an answer that does not count as written, or is missing: what Check
// reports, what an Assessment's Problems hold and what a Result's Warnings list.
type Warning struct {
	Code     Code   `json:"code"`
	Question string `json:"question"` // the question ID (the key in the saved file's "data")
	// Message says what is wrong, in English and French, without the question ID.
	Message questionnaire.Text `json:"message"`
}

// String returns the warning in English: "question ID: message".
func (w Warning) String() string { return w.In(questionnaire.English) }

// In returns the warning in a language: "question ID: message" in English,
// "question ID : message" in French.
func (w Warning) In(lang questionnaire.Lang) string {
	if lang == questionnaire.French {
		return "question " + w.Question + nbsp + ": " + w.Message.In(lang)
	}
	return "question " + w.Question + ": " + w.Message.In(lang)
}

// French typography (docs/glossary.md): a no-break space before : and %, a narrow
// no-break space before ; ? and !.
const (
	nbsp  = "\u00a0"
	nnbsp = "\u202f"
)

// warn returns a warning whose English and French messages are formatted with the
// same arguments; French texts keep the typographic apostrophe ’ and a non-breaking
// space before : ; ? ! %.
func warn(code Code, question string, en, fr string, args ...any) Warning {
	return Warning{Code: code, Question: question, Message: questionnaire.Text{
		EN: fmt.Sprintf(en, args...), FR: fmt.Sprintf(fr, args...),
	}}
}

// ignored is the consequence the messages of answers left out end with; a strict read
// rejects the file instead, and its error leaves it out.
var (
	ignored      = questionnaire.Text{EN: "; answer ignored", FR: nnbsp + "; réponse ignorée"}
	valueIgnored = questionnaire.Text{EN: "; ignored", FR: nnbsp + "; ignoré"}
)

// repeatedValues is the warning for values a multiple-choice answer holds more than once.
func repeatedValues(question string, repeated []string) Warning {
	return Warning{Code: RepeatedValue, Question: question, Message: questionnaire.Text{
		EN: joinEN(repeated) + " repeated; counted once",
		FR: "répété" + nbsp + ": " + joinFR(repeated) + nnbsp + "; compté une fois",
	}}
}

// kindText names the kind of a raw JSON value in English and French.
func kindText(raw []byte) questionnaire.Text {
	return questionnaire.Text{EN: jsonscan.Kind(raw), FR: jsonscan.KindFR(raw)}
}

// quoteFR quotes values the French way: « value ».
func quoteFR(s string) string { return "«" + nbsp + s + nbsp + "»" }

func joinFR(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = quoteFR(v)
	}
	return strings.Join(quoted, ", ")
}

func joinEN(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(quoted, ", ")
}
