package main

import (
	"strconv"
	"unicode/utf8"

	"github.com/gc-aia/aia/aia"
	"github.com/gc-aia/aia/internal/richtext"
	"github.com/gc-aia/aia/questionnaire"
)

// appendRecord appends one line of --format jsonl: an object with the source, the
// questionnaire version, the scores, level and maxima, the sections, the requirements
// (reqs, already encoded), the committed measures (with their wording when texts is
// set), a summary of the explanation and the warnings (codes and questions, with their
// messages when texts is set). It is written by hand because it is the hot path of batch scoring: the
// reflection of encoding/json costs more than the scoring itself.
func appendRecord(b []byte, source string, r *aia.Report, lang questionnaire.Lang, texts bool, reqs []byte) []byte {
	b = append(b, `{"source":`...)
	b = appendJSONString(b, source)
	b = append(b, `,"questionnaire":`...)
	b = appendJSONString(b, r.Questionnaire)
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
		b = appendJSONString(b, s.ID)
		b = append(b, `,"kind":`...)
		b = appendJSONString(b, s.Kind)
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
		b = appendJSONString(b, m.Question)
		if texts {
			b = append(b, `,"title":`...)
			b = appendJSONString(b, richtext.Plain(m.Title.In(lang)))
			b = append(b, `,"answers":[`...)
			for j, t := range m.Answers {
				if j > 0 {
					b = append(b, ',')
				}
				b = appendJSONString(b, richtext.Plain(t.In(lang)))
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
		b = appendJSONString(b, string(w.Code))
		b = append(b, `,"question":`...)
		b = appendJSONString(b, w.Question)
		if texts {
			b = append(b, `,"message":`...)
			b = appendJSONString(b, w.Message.In(lang))
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

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string, escaped as encoding/json does
// (control characters, quotes, backslashes, <, >, &, U+2028 and U+2029; invalid UTF-8
// becomes U+FFFD).
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
