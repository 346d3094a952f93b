package questionnaire

// ChoiceWeight is choiceWeight, for the tests of package questionnaire_test.
var ChoiceWeight = choiceWeight
