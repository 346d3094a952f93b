// Package aia scores Algorithmic Impact Assessments exactly as the Government of Canada's
// official AIA tool does, and says what the resulting impact level requires under the
// Directive on Automated Decision-Making (Appendix C).
//
// An Assessment is a questionnaire version with its answers; Score computes the raw
// impact, mitigation and current scores, the impact level and per-section results;
// Requirements and Measures say what the level requires and which mitigation measures
// the answers commit to; Explain says how far the assessment is from the neighbouring
// levels. ParseSavedFile and FromFile read the official tool's saved files.
package aia

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/gc-aia/aia/questionnaire"
	"github.com/gc-aia/aia/questionnaire/condition"
)

// Assessment is a questionnaire version with its answers.
type Assessment struct {
	Questionnaire *questionnaire.Questionnaire
	Answers       questionnaire.Answers
	// Problems are the answers that were ignored when the assessment was read:
	// unknown questions, values that are not choices, values of the wrong type.
	Problems []Problem
}

// Problem is an answer that does not fit its questionnaire.
type Problem struct {
	Question string // the question ID (the key in the saved file's "data")
	Message  string
}

func (p Problem) String() string { return fmt.Sprintf("question %s: %s", p.Question, p.Message) }

// New returns an assessment of q without answers.
func New(q *questionnaire.Questionnaire) *Assessment {
	return &Assessment{Questionnaire: q, Answers: q.NewAnswers()}
}

// Set answers a question: a choice value for a single-choice or dropdown question, any
// number of values for a multiple-choice question, a text for a free-text question.
// Values must be choices of the question (or "other" where the question allows it).
func (a *Assessment) Set(id string, values ...string) error {
	x, ok := a.Questionnaire.Question(id)
	if !ok {
		return fmt.Errorf("unknown question %q in questionnaire %s", id, a.Questionnaire.Version)
	}
	a.Answers = a.complete().Answers
	switch {
	case x.Type == questionnaire.Multiple:
		for _, v := range values {
			if !validChoice(x, v) {
				return fmt.Errorf("question %s: %q is not one of its choices", id, v)
			}
		}
		a.Answers[x.Index()] = condition.List(append([]string(nil), values...)...)
	case len(values) != 1:
		return fmt.Errorf("question %s takes one value, not %d", id, len(values))
	case x.Type.HasChoices() && !validChoice(x, values[0]):
		return fmt.Errorf("question %s: %q is not one of its choices", id, values[0])
	default:
		a.Answers[x.Index()] = condition.Text(values[0])
	}
	return nil
}

// complete returns a with one answer slot per question of its questionnaire: an
// Assessment built by hand may hold fewer, which then read as unanswered.
func (a *Assessment) complete() *Assessment {
	n := len(a.Questionnaire.Questions())
	if len(a.Answers) >= n {
		return a
	}
	answers := a.Questionnaire.NewAnswers()
	copy(answers, a.Answers)
	return &Assessment{Questionnaire: a.Questionnaire, Answers: answers, Problems: a.Problems}
}

// Clear removes the answer to a question.
func (a *Assessment) Clear(id string) {
	if x, ok := a.Questionnaire.Question(id); ok && x.Index() < len(a.Answers) {
		a.Answers[x.Index()] = condition.Value{}
	}
}

func validChoice(x *questionnaire.Question, v string) bool {
	_, ok := x.Choice(v)
	return ok || (x.Other && v == questionnaire.OtherValue)
}

// Options control how a saved file becomes an assessment.
type Options struct {
	// Questionnaire, when set, is used whatever version the file names.
	Questionnaire *questionnaire.Questionnaire
	// Versions resolves the version a file names; nil knows the embedded versions only.
	Versions *questionnaire.Registry
	// Strict makes any answer problem an error instead of a Problem.
	Strict bool
}

// NoVersion is the questionnaire used for files that name no version: the official
// tool added "version" to saved files in September 2020, when v0.8 was current.
const NoVersion = "v0.8a1"

// versionOf returns the questionnaire a saved file's version names.
func (o Options) versionOf(version string) (*questionnaire.Questionnaire, error) {
	if version == "" {
		version = NoVersion
	}
	q, err := o.Versions.Version(version)
	if err != nil {
		return nil, fmt.Errorf("/version: %w", err)
	}
	return q, nil
}

// FromFile builds the assessment a saved file holds, with the questionnaire version it
// names (NoVersion when it names none) unless opts.Questionnaire is set. The official
// tool's legacy fixes are applied where the questionnaire needs them: an answer under
// "impact4" moves to "decisionSector3", and the aboutSystem1 value "item6-1" becomes
// "item6". Answers that do not fit are reported in Problems (errors with opts.Strict).
func FromFile(f *SavedFile, opts Options) (*Assessment, error) {
	q := opts.Questionnaire
	if q == nil {
		var err error
		if q, err = opts.versionOf(f.Version); err != nil {
			return nil, err
		}
	}
	a := New(q)
	d := decoder{keepText: true}
	for _, fl := range f.Data {
		x, skip, problem := resolve(q, []byte(fl.Key))
		if x != nil {
			a.Answers[x.Index()], problem = d.answer(x, fl.Value)
		}
		if problem != "" && !skip {
			a.Problems = append(a.Problems, Problem{Question: fl.Key, Message: problem})
		}
	}
	if opts.Strict && len(a.Problems) > 0 {
		return nil, strictError(a.Problems)
	}
	return a, nil
}

func choiceList(x *questionnaire.Question) string {
	var b strings.Builder
	for i, c := range x.Choices {
		if i > 0 {
			b.WriteString(", ")
		}
		if i == 8 {
			fmt.Fprintf(&b, "… %d in all", len(x.Choices))
			break
		}
		b.WriteString(c.Value)
	}
	return b.String()
}

// File returns the assessment as a saved file in the official format, for the
// questionnaire's version. Answers are written in questionnaire order.
func (a *Assessment) File() *SavedFile {
	a = a.complete()
	f := &SavedFile{Version: a.Questionnaire.Version, Translations: json.RawMessage("{}")}
	for _, x := range a.Questionnaire.Questions() {
		v := a.Answers[x.Index()]
		if !v.Set {
			continue
		}
		var raw []byte
		if v.IsList {
			items := make([]json.RawMessage, len(v.List))
			for i, s := range v.List {
				items[i] = choiceJSON(x, s)
			}
			raw, _ = json.Marshal(items)
		} else {
			raw = choiceJSON(x, v.Str)
		}
		f.Data = append(f.Data, Field{Key: x.ID, Value: raw})
	}
	if f.Data == nil {
		f.Data = []Field{}
	}
	return f
}

// choiceJSON writes a value as the official files do: numeric choices as numbers.
func choiceJSON(x *questionnaire.Question, s string) json.RawMessage {
	if c, ok := x.Choice(s); ok && c.Numeric {
		return json.RawMessage(s)
	}
	b, _ := json.Marshal(s)
	return b
}
