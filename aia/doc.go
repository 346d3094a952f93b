// Package aia scores Algorithmic Impact Assessments exactly as the Government of Canada's
// official AIA tool does, and says what the resulting impact level requires under the
// Directive on Automated Decision-Making (Appendix C).
//
// # Scoring a saved file
//
// The official tool's Save button writes a JSON file. ScoreFile reads one and returns a
// Report: the Result (raw impact, mitigation and current scores, impact level, sections,
// warnings), the Requirements of the level, the mitigation Measures the answers commit
// to, and an Explanation of how far the assessment is from the neighbouring levels.
// ScoreReader does the same from an io.Reader. To score many files, reuse a Scorer: it
// gives the same reports with less memory.
//
// ScoreFile is ParseSavedFile, FromFile and NewReport in one step; the three steps give
// the same report and the same error on every input, and let a caller look at or change
// the SavedFile and the Assessment in between.
//
// # Building an assessment
//
// New returns an Assessment of a questionnaire (see package questionnaire) without
// answers; Set answers a question, Clear removes an answer, File writes the official
// saved file. Score, NewReport, Requirements, Measures, Explain, Check and Migrate
// work on an Assessment however it was made. ScoreTo is Score into a Result it reuses,
// for a program that scores many assessments in turn without allocating.
//
// # Warnings and errors
//
// Answers that do not count as written (an unknown question, a value that is not a
// choice, a repeated value, a question answered under its legacy and its new key, an
// answer to a hidden question) are Warnings, each with a Code, the question ID and
// its message in English and French (Warning.In). Options.Strict turns the answers
// that do not fit into a *StrictError. A file that cannot be read gives a *FileError
// with the JSON pointer, line and column of the problem; an unknown version wraps a
// *questionnaire.UnknownVersionError. Use errors.As to reach them.
//
// # Concurrency
//
// The functions of the package are safe for concurrent use, as long as no goroutine
// changes the values they are given. A Scorer is not: give each goroutine its own,
// as with the Result that ScoreTo writes to.
// Assessments, SavedFiles and Reports are the caller's own values, shared with nothing
// the package keeps.
package aia
