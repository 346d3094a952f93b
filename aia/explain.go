package aia

// Explanation says why an assessment has its level and how far it is from the others.
type Explanation struct {
	Level Level `json:"level"`
	// LevelBounds are the highest current scores of levels I, II and III.
	LevelBounds [3]int `json:"levelBounds"`
	// RawToNextLevel is the fewest raw impact points more that would raise the level
	// (with the deduction as it stands); 0 at level IV.
	RawToNextLevel int `json:"rawToNextLevel"`
	// RawToPreviousLevel is the fewest raw impact points fewer that would lower the
	// level; 0 at level I.
	RawToPreviousLevel int `json:"rawToPreviousLevel"`
	// MitigationThreshold is the mitigation score that earns the deduction.
	MitigationThreshold int `json:"mitigationThreshold"`
	// MitigationToDeduction is how many mitigation points are missing for the
	// deduction; 0 when it applies.
	MitigationToDeduction int `json:"mitigationToDeduction"`
	// MitigationMargin is how many mitigation points could be lost while keeping
	// the deduction; 0 when it does not apply.
	MitigationMargin int `json:"mitigationMargin"`
	// LevelIfDeductionToggled is the level the raw score would have if the deduction
	// were the other way (earned when it is not, lost when it is).
	LevelIfDeductionToggled Level `json:"levelIfDeductionToggled"`
	// Questions is what every scored question contributed, in questionnaire order.
	Questions []QuestionScore `json:"questions"`
}

// Explain explains the result of an assessment (as Score computed it).
func Explain(a *Assessment, r Result) Explanation {
	a = a.complete()
	return explain(a, r, a.Questionnaire.Visibility(a.Answers, nil), true)
}

// explain explains r; questions says whether to list what every scored question
// contributed.
func explain(a *Assessment, r Result, visible []bool, questions bool) Explanation {
	e := Explanation{
		Level:               r.Level,
		LevelBounds:         [3]int{r.MaxRaw / 4, r.MaxRaw / 2, 3 * r.MaxRaw / 4},
		MitigationThreshold: MitigationThreshold(r.MaxMitigation),
	}
	if questions {
		e.Questions = questionScores(a, visible)
	}
	levelAt := func(raw int) Level { return LevelOf(CurrentScore(raw, r.Deduction), r.MaxRaw) }
	for raw := r.Raw + 1; raw <= r.MaxRaw; raw++ {
		if levelAt(raw) > r.Level {
			e.RawToNextLevel = raw - r.Raw
			break
		}
	}
	for raw := r.Raw - 1; raw >= 0; raw-- {
		if levelAt(raw) < r.Level {
			e.RawToPreviousLevel = r.Raw - raw
			break
		}
	}
	if r.Deduction {
		e.MitigationMargin = r.Mitigation - e.MitigationThreshold
	} else {
		e.MitigationToDeduction = e.MitigationThreshold - r.Mitigation
	}
	e.LevelIfDeductionToggled = LevelOf(CurrentScore(r.Raw, !r.Deduction), r.MaxRaw)
	return e
}
