// Package shared lets package aia read the embedded questionnaires without copying them.
//
// questionnaire.Version gives each caller its own copy, which the caller may change.
// A Scorer never hands its questionnaire out, so it can use the one shared, unchanged
// original instead, and spare the copy on every file.
package shared

// Version returns the shared embedded questionnaire of a version, as a
// *questionnaire.Questionnaire that must not be changed nor handed out. Package
// questionnaire sets it when it is initialized.
var Version func(name string) (any, error)
