// Package shared gives the module's own packages what their public APIs do not offer.
//
// Package questionnaire sets the questionnaire functions when it is initialized, and
// package aia ScoreVisible. Their values are typed any to avoid an import cycle: each
// comment says what the any holds.
package shared

var (
	// Version returns the shared questionnaire of a version, embedded or registered in
	// versions (a *questionnaire.Registry, or nil for the embedded versions only): a
	// *questionnaire.Questionnaire that must be neither changed nor handed out.
	// questionnaire.Version and Registry.Version give each caller its own copy, which a
	// Scorer, which never hands its questionnaire out, can spare on every file.
	Version func(versions any, name string) (any, error)
	// Lookup returns the answerable question (a *questionnaire.Question) of q (a
	// *questionnaire.Questionnaire) with an ID held as bytes, without allocating.
	Lookup func(q any, id []byte) (any, bool)
	// Referenced reports whether a condition of its questionnaire reads the answer to
	// x (a *questionnaire.Question).
	Referenced func(x any) bool
	// Nearest returns the ID of the answerable question of q (a
	// *questionnaire.Questionnaire) at most two edits from id, or "".
	Nearest func(q any, id string) string
	// ScorePlan returns what q (a *questionnaire.Questionnaire) scores, as built: a
	// *scoring.Plan, which must not be changed.
	ScorePlan func(q any) any
	// VisibilityPlan returns how q (a *questionnaire.Questionnaire) computes
	// visibility: a *visibility.Plan, which must not be changed.
	VisibilityPlan func(q any) any
	// ScoreVisible scores a (an *aia.Assessment) with the visibility of its questions
	// already computed, and returns an aia.Result: for the browser, which computes the
	// visibility anyway.
	ScoreVisible func(a any, visible []bool) any
)
