package aia

import "io"

// Report is everything the engine says about one assessment: its score, what its level
// requires, the mitigation measures it commits to, and how far it is from other levels.
type Report struct {
	Result
	// Directive names the edition of the Directive whose requirements the report lists;
	// DirectiveEdition gives the whole edition.
	Directive    EditionRef    `json:"-"`
	Requirements []Requirement `json:"requirements"`
	Measures     []Measure     `json:"measures"`
	Explanation  Explanation   `json:"explanation"`
}

// NewReport scores an assessment and gathers its report.
func NewReport(a *Assessment) (*Report, error) {
	a = a.complete()
	return newReport(a, a.Questionnaire.Visibility(a.Answers, nil), reportOptions{})
}

// reportOptions are what a Scorer asks of the reports it gives.
type reportOptions struct {
	noQuestionScores bool            // Options.NoQuestionScores
	messages         *hiddenMessages // the Scorer's, or nil
}

func newReport(a *Assessment, visible []bool, opts reportOptions) (*Report, error) {
	r := &Report{}
	score(&r.Result, a, visible, opts.messages)
	e, err := edition(a.Questionnaire)
	if err != nil {
		return nil, err
	}
	r.Directive = EditionRef{ID: e.ID, Name: e.Name}
	if r.Requirements, err = Requirements(a.Questionnaire, r.Level); err != nil {
		return nil, err
	}
	r.Measures = measures(a, visible)
	r.Explanation = explain(a, r.Result, visible, !opts.noQuestionScores)
	return r, nil
}

// ScoreFile reads a saved file and reports on it. It gives the same report, and the same
// error, as ParseSavedFile, FromFile and NewReport in turn, on every input (the tests
// check it), but faster. To score many files, reuse a Scorer.
func ScoreFile(data []byte, opts Options) (*Report, error) {
	return NewScorer(opts).ScoreFile(data)
}

// ScoreReader is ScoreFile for a file read from r, up to opts.MaxFileSize bytes.
func ScoreReader(r io.Reader, opts Options) (*Report, error) {
	return NewScorer(opts).ScoreReader(r)
}
