package aia

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/gc-aia/aia/internal/jsoncodec"
	"github.com/gc-aia/aia/internal/shared"
	"github.com/gc-aia/aia/questionnaire"
	"github.com/gc-aia/aia/questionnaire/condition"
)

// Assessment is a questionnaire version with its answers.
type Assessment struct {
	Questionnaire *questionnaire.Questionnaire
	Answers       questionnaire.Answers
	// Problems are the answers that did not count as written when the assessment was
	// read: unknown questions, values that are not choices, values of the wrong type,
	// repeated values, a question answered under two keys.
	Problems []Warning
}

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
		for i, v := range values {
			if !validChoice(x, v) {
				return fmt.Errorf("question %s: %q is not one of its choices", id, v)
			}
			if slices.Contains(values[:i], v) {
				return fmt.Errorf("question %s: %q is repeated", id, v)
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
	n := a.Questionnaire.Len()
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
	// Strict makes any answer problem an error (a *StrictError) instead of a Problem.
	Strict bool
	// MaxFileSize is the largest file ScoreFile, ScoreReader and a Scorer read, in
	// bytes; DefaultMaxFileSize when ≤ 0.
	MaxFileSize int64
	// NoQuestionScores leaves Report.Explanation.Questions nil in the reports of
	// ScoreFile, ScoreReader and a Scorer: a batch that prints only the scores and the
	// summary of the explanation (RawToNextLevel and the others, which stay) skips
	// building what every scored question contributed. Explain gives it in full.
	NoQuestionScores bool
}

// NoVersion is the questionnaire used for files that name no version: the official
// tool added "version" to saved files in September 2020, when v0.8 was current.
const NoVersion = "v0.8a1"

// versionOf returns the questionnaire a saved file's version names, from o.Versions
// when set: the caller's own copy, or with original the one shared original, which
// must be neither changed nor handed out.
func (o Options) versionOf(version string, original bool) (*questionnaire.Questionnaire, *FileError) {
	if version == "" {
		version = NoVersion
	}
	var q *questionnaire.Questionnaire
	var err error
	if original {
		var v any
		if v, err = shared.Version(o.Versions, version); err == nil {
			q = v.(*questionnaire.Questionnaire)
		}
	} else {
		q, err = o.Versions.Version(version) // a nil Registry knows the embedded versions
	}
	if err != nil {
		return nil, &FileError{Pointer: "/version", Err: err}
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
		var ferr *FileError
		if q, ferr = opts.versionOf(f.Version, false); ferr != nil {
			ferr.Line, ferr.Column = f.versionLine, f.versionColumn
			return nil, ferr
		}
	}
	a := New(q)
	d := decoder{keepText: true}
	err := d.fill(a, len(f.Data), func(i int) (key, value []byte) {
		return []byte(f.Data[i].Key), f.Data[i].Value
	})
	if err != nil {
		return nil, err
	}
	if opts.Strict && len(a.Problems) > 0 {
		return nil, strictError(a.Problems)
	}
	return a, nil
}

func choiceList(x *questionnaire.Question, lang questionnaire.Lang) string {
	var b strings.Builder
	for i, c := range x.Choices {
		if i > 0 {
			b.WriteString(", ")
		}
		if i == 8 {
			if lang == questionnaire.French {
				fmt.Fprintf(&b, "… %d en tout", len(x.Choices))
			} else {
				fmt.Fprintf(&b, "… %d in all", len(x.Choices))
			}
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
	for _, x := range a.Questionnaire.All() {
		v := a.Answers[x.Index()]
		if !v.Set {
			continue
		}
		var raw []byte
		if v.IsList {
			items := make([]json.RawMessage, 0, len(v.List))
			for i, s := range v.List {
				if !slices.Contains(v.List[:i], s) { // a value written into Answers twice counts once
					items = append(items, choiceJSON(x, s))
				}
			}
			raw, _ = jsoncodec.Marshal(items)
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
	return jsoncodec.AppendString(nil, s, true)
}
