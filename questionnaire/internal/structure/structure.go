// Package structure strips a questionnaire to the facts that decide scores and
// visibility, for the generator of the embedded versions and the tests that compare
// them with the official files.
package structure

import "github.com/gc-aia/aia/questionnaire"

// Of returns a copy of q without its texts: IDs, types, kinds, values, weights,
// conditions and order, built by questionnaire.New.
func Of(q *questionnaire.Questionnaire) (*questionnaire.Questionnaire, error) {
	s := &questionnaire.Questionnaire{Format: q.Format, Version: q.Version, Aliases: q.Aliases, Directive: q.Directive}
	for _, p := range q.Pages {
		sp := &questionnaire.Page{ID: p.ID, VisibleIf: p.VisibleIf, Questions: []*questionnaire.Question{}}
		for _, x := range p.Questions {
			sx := *x
			sx.Title, sx.Help = questionnaire.Text{}, questionnaire.Text{}
			sx.Choices = nil
			for _, c := range x.Choices {
				c.Text = questionnaire.Text{}
				sx.Choices = append(sx.Choices, c)
			}
			sp.Questions = append(sp.Questions, &sx)
		}
		s.Pages = append(s.Pages, sp)
	}
	return questionnaire.New(s)
}
