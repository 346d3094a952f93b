// Package questionnaire models Algorithmic Impact Assessment questionnaires: their pages,
// questions, choices and weights, what each question scores, when it is shown, and their
// English and French texts.
//
// # Where a questionnaire comes from
//
//   - Version and Versions return the versions embedded in this package ("v1.0.1",
//     Current, and the older ones saved files name);
//   - Load reads a file in the project's native JSON format, checked against the JSON
//     Schema of Schema and for what a schema cannot express (unique IDs, conditions
//     that parse and refer to answerable questions, no cycles);
//   - New checks and builds a questionnaire written as a Go value, with the errors Load
//     gives;
//   - ImportSurveyJS reads the official tool's SurveyJS file.
//
// A Questionnaire, Page or Question literal is only a definition: New builds it.
// Load and New report every problem in a *ValidationError; Version reports an unknown
// name with an *UnknownVersionError.
//
// # Reading one
//
// Questions lists every question, page by page, and All iterates over them; Question
// finds one by ID, PageOf its page. MaxRaw and MaxMitigation are the highest scores.
// Visibility computes which questions are shown for a set of Answers. Diff compares two
// versions.
//
// # Ownership and concurrency
//
// Every *Questionnaire the package returns is the caller's own: Version, Versions,
// Registry.Version and Registry.Registered return a new copy on each call, and a
// Registry keeps a copy of what is registered, so that changing one changes nothing for
// anyone else.
// A questionnaire is safe for concurrent use as long as no goroutine changes it.
//
// Everything a questionnaire scores and shows is fixed when it is built: the questions'
// IDs, conditions and places (the pages and their questions), and what each question
// scores (its Kind, Type and Choices' values and weights). Scored, ScoreKind, Max,
// Points, MaxRaw, MaxMitigation and every score read the questionnaire as built, so
// scores always stay within its maxima; changing those fields afterwards changes none
// of them. To score with other weights, change a copy and build it with New.
package questionnaire
