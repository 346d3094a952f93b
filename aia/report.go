package aia

// Report is everything the engine says about one assessment: its score, what its level
// requires, the mitigation measures it commits to, and how far it is from other levels.
type Report struct {
	Result
	Directive    *Edition      `json:"-"`
	Requirements []Requirement `json:"requirements"`
	Measures     []Measure     `json:"measures"`
	Explanation  Explanation   `json:"explanation"`
}

// NewReport scores an assessment and gathers its report.
func NewReport(a *Assessment) (*Report, error) {
	r := &Report{Result: Score(a)}
	var err error
	if r.Directive, err = DirectiveEdition(a.Questionnaire); err != nil {
		return nil, err
	}
	if r.Requirements, err = Requirements(a.Questionnaire, r.Level); err != nil {
		return nil, err
	}
	r.Measures = Measures(a)
	r.Explanation = Explain(r.Result)
	return r, nil
}

// ScoreFile reads a saved file and reports on it: ParseSavedFile, FromFile and NewReport
// in one call.
func ScoreFile(data []byte, opts Options) (*Report, error) {
	f, err := ParseSavedFile(data)
	if err != nil {
		return nil, err
	}
	a, err := FromFile(f, opts)
	if err != nil {
		return nil, err
	}
	return NewReport(a)
}
