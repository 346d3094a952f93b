package aia

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/gc-aia/aia/internal/jsonscan"
	"github.com/gc-aia/aia/questionnaire"
	"github.com/gc-aia/aia/questionnaire/condition"
)

// Scorer scores saved files one after another, reusing its memory from one file to the
// next: it decodes a file straight into answers, without building a SavedFile, and does
// not keep free-text answers that no condition reads. It gives the same reports as
// ScoreFile. A Scorer is not safe for concurrent use: give each goroutine its own.
type Scorer struct {
	opts     Options
	maxSize  int64
	top      []jsonscan.Field
	data     []jsonscan.Field
	unknown  [][]byte
	answers  map[*questionnaire.Questionnaire]questionnaire.Answers
	visible  []bool
	decoder  decoder
	versions map[string]*questionnaire.Questionnaire
}

// NewScorer returns a Scorer that reads files with opts, of at most maxSize bytes
// (DefaultMaxFileSize when maxSize ≤ 0).
func NewScorer(opts Options, maxSize int64) *Scorer {
	if maxSize <= 0 {
		maxSize = DefaultMaxFileSize
	}
	return &Scorer{
		opts: opts, maxSize: maxSize,
		answers:  map[*questionnaire.Questionnaire]questionnaire.Answers{},
		versions: map[string]*questionnaire.Questionnaire{},
	}
}

// ScoreFile reads one saved file and reports on it. The report does not refer to data,
// which the caller may reuse once ScoreFile returns.
func (s *Scorer) ScoreFile(data []byte) (*Report, error) {
	env, err := scanEnvelope(data, s.maxSize, s.top, s.data)
	if err != nil {
		return nil, err
	}
	s.top, s.data = env.top, env.answers
	q, err := s.questionnaire(env.version)
	if err != nil {
		return nil, err
	}
	a := &Assessment{Questionnaire: q, Answers: s.answersFor(q)}
	s.decoder.lists = s.decoder.lists[:0]
	s.unknown = s.unknown[:0]
	for _, f := range s.data {
		key := f.RawKey
		if !f.PlainKey() {
			key = []byte(f.Key())
		}
		x, skip, problem := resolve(q, key)
		if x == nil {
			for _, k := range s.unknown {
				if bytes.Equal(k, key) {
					return nil, fmt.Errorf("/data/%s: duplicate key", escapePointer(string(key)))
				}
			}
			s.unknown = append(s.unknown, key)
		} else {
			if a.Answers[x.Index()].Set {
				return nil, fmt.Errorf("/data/%s: duplicate key", escapePointer(string(key)))
			}
			var v condition.Value
			v, problem = s.decoder.answer(x, f.Value)
			v.Set = true // a null answer still marks the key as seen, to catch duplicates
			a.Answers[x.Index()] = v
		}
		if problem != "" && !skip {
			a.Problems = append(a.Problems, Problem{Question: string(key), Message: problem})
		}
	}
	if s.opts.Strict && len(a.Problems) > 0 {
		return nil, strictError(a.Problems)
	}
	s.visible = q.Visibility(a.Answers, s.visible)
	return newReport(a, s.visible)
}

// questionnaire returns the questionnaire a file's version names, remembering it.
func (s *Scorer) questionnaire(version string) (*questionnaire.Questionnaire, error) {
	if s.opts.Questionnaire != nil {
		return s.opts.Questionnaire, nil
	}
	if q, ok := s.versions[version]; ok {
		return q, nil
	}
	q, err := s.opts.versionOf(version)
	if err != nil {
		return nil, err
	}
	s.versions[version] = q
	return q, nil
}

// answersFor returns the Scorer's cleared answer set for q.
func (s *Scorer) answersFor(q *questionnaire.Questionnaire) questionnaire.Answers {
	a, ok := s.answers[q]
	if !ok {
		a = q.NewAnswers()
		s.answers[q] = a
	}
	clear(a)
	return a
}

func strictError(problems []Problem) error {
	msgs := make([]string, len(problems))
	for i, p := range problems {
		msgs[i] = p.String()
	}
	return errors.New(strings.Join(msgs, "; "))
}
