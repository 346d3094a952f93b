package questionnaire

import (
	"fmt"
	"strings"
)

// Difference is what changed between two questionnaires.
type Difference struct {
	From string `json:"from"`
	To   string `json:"to"`
	// Added and Removed list answerable questions by ID, in questionnaire order.
	Added   []string `json:"added"`
	Removed []string `json:"removed"`
	// Changed describes, per question present in both, what changed: type, scoring
	// kind, choices and their weights, condition, page.
	Changed []QuestionChange `json:"changed"`
	// PagesAdded and PagesRemoved list page IDs.
	PagesAdded    []string `json:"pagesAdded"`
	PagesRemoved  []string `json:"pagesRemoved"`
	MaxRaw        [2]int   `json:"maxRaw"`        // from, to
	MaxMitigation [2]int   `json:"maxMitigation"` // from, to
}

// QuestionChange is one question's changes between two versions.
type QuestionChange struct {
	ID      string   `json:"id"`
	Changes []string `json:"changes"`
}

// Diff compares two questionnaires by question ID.
func Diff(from, to *Questionnaire) Difference {
	d := Difference{
		From: from.Version, To: to.Version,
		MaxRaw:        [2]int{from.MaxRaw(), to.MaxRaw()},
		MaxMitigation: [2]int{from.MaxMitigation(), to.MaxMitigation()},
	}
	for _, p := range to.Pages {
		if _, ok := from.Page(p.ID); !ok {
			d.PagesAdded = append(d.PagesAdded, p.ID)
		}
	}
	for _, p := range from.Pages {
		if _, ok := to.Page(p.ID); !ok {
			d.PagesRemoved = append(d.PagesRemoved, p.ID)
		}
	}
	for _, x := range from.Questions() {
		if x.Type == Info {
			continue
		}
		y, ok := to.Question(x.ID)
		if !ok {
			d.Removed = append(d.Removed, x.ID)
			continue
		}
		if changes := questionChanges(from, to, x, y); len(changes) > 0 {
			d.Changed = append(d.Changed, QuestionChange{ID: x.ID, Changes: changes})
		}
	}
	for _, y := range to.Questions() {
		if _, ok := from.Question(y.ID); !ok && y.Type != Info {
			d.Added = append(d.Added, y.ID)
		}
	}
	return d
}

func questionChanges(from, to *Questionnaire, x, y *Question) []string {
	var c []string
	if x.Type != y.Type {
		c = append(c, fmt.Sprintf("type %s → %s", x.Type, y.Type))
	}
	if x.Kind != y.Kind {
		c = append(c, fmt.Sprintf("scoring %s → %s", kindLabel(x.Kind), kindLabel(y.Kind)))
	}
	if pf, pt := from.PageOf(x).ID, to.PageOf(y).ID; pf != pt {
		c = append(c, fmt.Sprintf("moved from page %s to %s", pf, pt))
	}
	if x.VisibleIf != y.VisibleIf {
		c = append(c, fmt.Sprintf("condition %s → %s", quoteOrNone(x.VisibleIf), quoteOrNone(y.VisibleIf)))
	}
	if x.Required != y.Required {
		c = append(c, fmt.Sprintf("required %v → %v", x.Required, y.Required))
	}
	var added, removed, reweighted []string
	for _, cx := range x.Choices {
		cy, ok := y.Choice(cx.Value)
		switch {
		case !ok:
			removed = append(removed, cx.Value)
		case cx.Weight != cy.Weight:
			reweighted = append(reweighted, fmt.Sprintf("%s %d → %d", cx.Value, cx.Weight, cy.Weight))
		}
	}
	for _, cy := range y.Choices {
		if _, ok := x.Choice(cy.Value); !ok {
			added = append(added, cy.Value)
		}
	}
	if len(added) > 0 {
		c = append(c, "choices added: "+strings.Join(added, ", "))
	}
	if len(removed) > 0 {
		c = append(c, "choices removed: "+strings.Join(removed, ", "))
	}
	if len(reweighted) > 0 {
		c = append(c, "re-weighted: "+strings.Join(reweighted, ", "))
	}
	if x.Max() != y.Max() {
		c = append(c, fmt.Sprintf("maximum %d → %d", x.Max(), y.Max()))
	}
	return c
}

func kindLabel(k Kind) string {
	if k == NotScored {
		return "none"
	}
	return string(k)
}

func quoteOrNone(s string) string {
	if s == "" {
		return "(always shown)"
	}
	return fmt.Sprintf("%q", s)
}
