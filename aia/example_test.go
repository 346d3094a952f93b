package aia_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/gc-aia/aia/aia"
	"github.com/gc-aia/aia/questionnaire"
)

// Warnings say, in English and French, which answers do not count as written.
func ExampleWarning() {
	data := []byte(`{"version": "v1.0.1", "data": {
		"projectDetailsPhase": "item1",
		"businessDrivers11": ["item1-2", "item1-2"],
		"riskProfil1": "item1-3"}}`)
	rep, err := aia.ScoreFile(data, aia.Options{})
	if err != nil {
		panic(err)
	}
	for _, w := range rep.Warnings {
		fmt.Println(w.Code, "|", w.In(questionnaire.English))
		// (no-break spaces shown as spaces here, for the example's Output check)
		fr := strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(w.In(questionnaire.French))
		fmt.Println(w.Code, "|", fr)
	}
	// Output:
	// repeated-value | question businessDrivers11: "item1-2" repeated; counted once
	// repeated-value | question businessDrivers11 : répété : « item1-2 » ; compté une fois
	// unknown-question | question riskProfil1: not a question of questionnaire v1.0.1; answer ignored (did you mean riskProfile1?)
	// unknown-question | question riskProfil1 : ne fait pas partie du questionnaire v1.0.1 ; réponse ignorée (vouliez-vous dire riskProfile1 ?)
}

// Requirements lists what the Directive requires at a level, area by area.
func ExampleRequirements() {
	q, err := questionnaire.Version("v1.0.1")
	if err != nil {
		panic(err)
	}
	reqs, err := aia.Requirements(q, aia.LevelIII)
	if err != nil {
		panic(err)
	}
	var areas []string
	for _, r := range reqs {
		areas = append(areas, r.Area)
	}
	fmt.Println(strings.Join(areas, ", "))
	// Output: notice, explanation, peer-review, gba-plus, training, human-involvement, approval
}

// Explain says how far an assessment is from the neighbouring levels.
func ExampleExplain() {
	q, _ := questionnaire.Version("v1.0.1")
	a := aia.New(q)
	_ = a.Set("projectDetailsPhase", "item1")
	_ = a.Set("riskProfile1", "item1-3")
	_ = a.Set("impact6", "item4-4")
	r := aia.Score(a)
	e := aia.Explain(a, r)
	fmt.Printf("level %v with raw %d: %d raw points more reach level II; %d mitigation points earn the deduction\n",
		e.Level, r.Raw, e.RawToNextLevel, e.MitigationToDeduction)
	// Output: level I with raw 7: 35 raw points more reach level II; 62 mitigation points earn the deduction
}

// A questionnaire written in Go is built by questionnaire.New, then scored like the
// embedded ones.
func Example_customQuestionnaire() {
	q, err := questionnaire.New(&questionnaire.Questionnaire{
		Version: "my-assessment-1",
		Pages: []*questionnaire.Page{{
			ID: "impact",
			Questions: []*questionnaire.Question{
				{ID: "reach", Type: questionnaire.Single, Kind: questionnaire.RawImpact,
					Choices: []questionnaire.Choice{{Value: "few", Weight: 1}, {Value: "many", Weight: 4}}},
				{ID: "review", Type: questionnaire.Multiple, Kind: questionnaire.Mitigation,
					VisibleIf: "{reach} = 'many'",
					Choices:   []questionnaire.Choice{{Value: "peer", Weight: 2}, {Value: "audit", Weight: 2}}},
			},
		}},
	})
	if err != nil {
		panic(err)
	}
	a := aia.New(q)
	_ = a.Set("reach", "many")
	_ = a.Set("review", "peer", "audit")
	r := aia.Score(a)
	fmt.Printf("raw %d/%d, mitigation %d/%d, deduction %v, level %v\n", r.Raw, r.MaxRaw, r.Mitigation, r.MaxMitigation, r.Deduction, r.Level)
	// Output: raw 4/4, mitigation 4/4, deduction true, level III
}

// Errors are typed: errors.As reaches the details.
func Example_errors() {
	_, err := aia.ScoreFile([]byte("{\"data\": {\n  \"riskProfile1\": \"item1-3\",\n  \"riskProfile1\": \"item2-0\"}}"), aia.Options{})
	var fe *aia.FileError
	if errors.As(err, &fe) {
		fmt.Printf("%s at line %d, column %d: %s\n", fe.Pointer, fe.Line, fe.Column, fe.Message)
	}

	_, err = aia.ScoreFile([]byte(`{"version": "v1.1", "data": {}}`), aia.Options{})
	var ve *questionnaire.UnknownVersionError
	if errors.As(err, &ve) {
		fmt.Println("known versions:", strings.Join(ve.Known, " "))
	}

	_, err = aia.ScoreFile([]byte(`{"data": {"nope": 1, "riskProfile1": "x"}}`), aia.Options{Strict: true})
	var se *aia.StrictError
	if errors.As(err, &se) {
		for _, p := range se.Problems {
			fmt.Println(p.Code, p.Question)
		}
	}
	// Output:
	// /data/riskProfile1 at line 3, column 4: duplicate key
	// known versions: v0.8a1 v0.9 v0.9.1 v0.10.0 v1.0.0 v1.0.1
	// unknown-question nope
	// invalid-value riskProfile1
}
