package aia

import (
	"io"

	"github.com/gc-aia/aia/internal/jsonscan"
	"github.com/gc-aia/aia/questionnaire"
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
	answers  map[*questionnaire.Questionnaire]questionnaire.Answers
	visible  []bool
	decoder  decoder
	versions map[string]*questionnaire.Questionnaire
	messages hiddenMessages
}

// NewScorer returns a Scorer that reads files with opts.
func NewScorer(opts Options) *Scorer {
	maxSize := opts.MaxFileSize
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
	q, ferr := s.questionnaire(env.version)
	if ferr != nil {
		if dup := checkDuplicates(env.src, s.data); dup != nil {
			return nil, dup // the error ParseSavedFile gives first
		}
		if env.versionAt >= 0 {
			ferr.Line, ferr.Column = lineCol(env.src, int64(env.versionAt))
		}
		return nil, ferr
	}
	a := &Assessment{Questionnaire: q, Answers: s.answersFor(q)}
	s.decoder.lists = s.decoder.lists[:0]
	err = s.decoder.fill(a, len(s.data), func(i int) (key, value []byte) {
		f := &s.data[i]
		if !f.PlainKey() {
			return []byte(f.Key()), f.Value
		}
		return f.RawKey, f.Value
	})
	if err != nil {
		if dup := checkDuplicates(env.src, s.data); dup != nil {
			return nil, dup // with its line and column, as ParseSavedFile gives it
		}
		return nil, err
	}
	if s.opts.Strict && len(a.Problems) > 0 {
		return nil, strictError(a.Problems)
	}
	// Without the question scores, a report reads the visibility a score reads.
	s.visible = visibilityPlan(q).Eval(a.Answers, s.visible, s.opts.NoQuestionScores)
	return newReport(a, s.visible, reportOptions{noQuestionScores: s.opts.NoQuestionScores, messages: &s.messages})
}

// ScoreReader reads one saved file from r, up to the size limit, and reports on it.
func (s *Scorer) ScoreReader(r io.Reader) (*Report, error) {
	data, err := io.ReadAll(io.LimitReader(r, s.maxSize+1))
	if err != nil {
		return nil, err
	}
	return s.ScoreFile(data)
}

// questionnaire returns the questionnaire a file's version names, remembering it.
func (s *Scorer) questionnaire(version string) (*questionnaire.Questionnaire, *FileError) {
	if s.opts.Questionnaire != nil {
		return s.opts.Questionnaire, nil
	}
	if q, ok := s.versions[version]; ok {
		return q, nil
	}
	q, err := s.opts.versionOf(version, true)
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

func strictError(problems []Warning) error {
	return &StrictError{Problems: problems}
}
