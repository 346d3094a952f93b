// Package condition parses and evaluates the visibility conditions of AIA questionnaires.
//
// The language is the subset of SurveyJS expressions that questionnaires use:
//
//	{businessDrivers1} contains "item6" or ({impact26} = "item1-0" and not {impact27} empty)
//
// Operands are question references ({id}), string literals ("…" or '…'), numbers and
// arrays of literals (["a", "b"]). Operators, case-insensitive: = (==), != (<>), <, <=, >, >=,
// contains, notcontains, anyof, allof, the postfix empty and notempty, and, or, not (also
// &&, || and !), with parentheses. Anything else is a *SyntaxError giving the byte offset.
//
// Semantics follow SurveyJS: contains on a text answer tests for a substring, on a
// multiple-choice answer for membership of every right-hand item; a missing answer is
// empty, equals nothing but the empty string, and contains nothing.
package condition
