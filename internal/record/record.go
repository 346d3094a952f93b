// Package record writes the score record of an assessment: one JSON object with its
// scores, level, sections, Appendix C requirement areas, committed measures,
// explanation and warnings. It is the line of `aia score --format jsonl` and the
// "report" of the team server's API, described by the JSON Schema [Schema].
package record

import (
	_ "embed"
	"strconv"
	"sync"

	"github.com/gc-aia/aia/aia"
	"github.com/gc-aia/aia/internal/jsoncodec"
	"github.com/gc-aia/aia/internal/localize"
	"github.com/gc-aia/aia/internal/richtext"
	"github.com/gc-aia/aia/questionnaire"
)

// Schema is the JSON Schema of a record.
//
//go:embed score-record.schema.json
var Schema []byte

// Encoder writes records in one language, with or without the wording of requirements,
// measures and warnings. The requirements of a level are the same for every assessment
// of a Directive edition: they are encoded once and reused. An Encoder is safe for
// concurrent use.
type Encoder struct {
	lang         questionnaire.Lang
	texts        bool
	mu           sync.Mutex
	requirements map[requirementsKey][]byte
}

type requirementsKey struct {
	edition string
	level   aia.Level
}

// NewEncoder returns an Encoder of records in lang; texts adds the wording, not only the
// IDs.
func NewEncoder(lang questionnaire.Lang, texts bool) *Encoder {
	return &Encoder{lang: lang, texts: texts, requirements: map[requirementsKey][]byte{}}
}

// Append appends the record of r, read from source, and a newline to b.
func (e *Encoder) Append(b []byte, source string, r *aia.Report) []byte {
	key := requirementsKey{r.Directive.ID, r.Level}
	e.mu.Lock()
	reqs, ok := e.requirements[key]
	if !ok {
		reqs = appendRequirements(nil, r.Requirements, e.lang, e.texts)
		e.requirements[key] = reqs
	}
	e.mu.Unlock()
	return appendRecord(b, source, r, e.lang, e.texts, reqs)
}

// AppendError appends the record of an input that could not be scored: its source and
// the error in the Encoder's language, and a newline.
func (e *Encoder) AppendError(b []byte, source string, err error) []byte {
	b = append(b, `{"source":`...)
	b = jsoncodec.AppendString(b, source, true)
	b = append(b, `,"error":`...)
	b = jsoncodec.AppendString(b, localize.Error(err, e.lang), true)
	return append(b, "}\n"...)
}

// appendRequirements appends the areas of reqs as a JSON array of {"area"}, with
// "title" and "text" when texts is set and the wording is not empty.
func appendRequirements(b []byte, reqs []aia.Requirement, lang questionnaire.Lang, texts bool) []byte {
	b = append(b, '[')
	for i, q := range reqs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"area":`...)
		b = jsoncodec.AppendString(b, q.Area, true)
		if texts {
			if t := q.Title.In(lang); t != "" {
				b = append(b, `,"title":`...)
				b = jsoncodec.AppendString(b, t, true)
			}
			if t := q.Text.In(lang); t != "" {
				b = append(b, `,"text":`...)
				b = jsoncodec.AppendString(b, t, true)
			}
		}
		b = append(b, '}')
	}
	return append(b, ']')
}

// appendRecord appends one line of --format jsonl: an object with the source, the
// questionnaire version, the scores, level and maxima, the sections, the requirements
// (reqs, already encoded), the committed measures (with their wording when texts is
// set), a summary of the explanation and the warnings (codes and questions, with their
// messages when texts is set). It is written by hand because it is the hot path of batch scoring: the
// reflection of encoding/json costs more than the scoring itself.
func appendRecord(b []byte, source string, r *aia.Report, lang questionnaire.Lang, texts bool, reqs []byte) []byte {
	b = append(b, `{"source":`...)
	b = jsoncodec.AppendString(b, source, true)
	b = append(b, `,"questionnaire":`...)
	b = jsoncodec.AppendString(b, r.Questionnaire, true)
	b = appendIntField(b, "raw", r.Raw)
	b = appendIntField(b, "mitigation", r.Mitigation)
	b = appendIntField(b, "current", r.Current)
	b = appendIntField(b, "level", int(r.Level))
	b = appendIntField(b, "maxRaw", r.MaxRaw)
	b = appendIntField(b, "maxMitigation", r.MaxMitigation)
	b = append(b, `,"deduction":`...)
	b = strconv.AppendBool(b, r.Deduction)
	b = append(b, `,"sections":[`...)
	for i, s := range r.Sections {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"id":`...)
		b = jsoncodec.AppendString(b, s.ID, true)
		b = append(b, `,"kind":`...)
		b = jsoncodec.AppendString(b, s.Kind, true)
		b = append(b, `,"visible":`...)
		b = strconv.AppendBool(b, s.Visible)
		b = appendIntField(b, "questions", s.Questions)
		b = appendIntField(b, "answered", s.Answered)
		b = appendIntField(b, "score", s.Score)
		b = appendIntField(b, "max", s.Max)
		b = append(b, '}')
	}
	b = append(b, `],"requirements":`...)
	b = append(b, reqs...)
	b = append(b, `,"measures":[`...)
	for i, m := range r.Measures {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"question":`...)
		b = jsoncodec.AppendString(b, m.Question, true)
		if texts {
			b = append(b, `,"title":`...)
			b = jsoncodec.AppendString(b, richtext.Plain(m.Title.In(lang)), true)
			b = append(b, `,"answers":[`...)
			for j, t := range m.Answers {
				if j > 0 {
					b = append(b, ',')
				}
				b = jsoncodec.AppendString(b, richtext.Plain(t.In(lang)), true)
			}
			b = append(b, ']')
		}
		b = appendIntField(b, "points", m.Points)
		b = append(b, '}')
	}
	e := r.Explanation
	b = append(b, `],"explanation":{"rawToNextLevel":`...)
	b = strconv.AppendInt(b, int64(e.RawToNextLevel), 10)
	b = appendIntField(b, "rawToPreviousLevel", e.RawToPreviousLevel)
	b = appendIntField(b, "mitigationThreshold", e.MitigationThreshold)
	b = appendIntField(b, "mitigationToDeduction", e.MitigationToDeduction)
	b = append(b, `},"warnings":[`...)
	for i, w := range r.Warnings {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"code":`...)
		b = jsoncodec.AppendString(b, string(w.Code), true)
		b = append(b, `,"question":`...)
		b = jsoncodec.AppendString(b, w.Question, true)
		if texts {
			b = append(b, `,"message":`...)
			b = jsoncodec.AppendString(b, w.Message.In(lang), true)
		}
		b = append(b, '}')
	}
	return append(b, "]}\n"...)
}

func appendIntField(b []byte, name string, n int) []byte {
	b = append(b, ',', '"')
	b = append(b, name...)
	b = append(b, '"', ':')
	return strconv.AppendInt(b, int64(n), 10)
}
