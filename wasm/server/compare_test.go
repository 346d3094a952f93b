//go:build !js

package server_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"

	"github.com/gc-aia/aia/aia"
	"github.com/gc-aia/aia/questionnaire"
)

// compareWith chooses a saved file with the results page's comparison control.
func (p *page) compareWith(name string, data []byte) {
	p.T.Helper()
	path := filepath.Join(p.T.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		p.T.Fatal(err)
	}
	p.Do(chromedp.SetUploadFiles(chromedp.CSS("#compare-file"), []string{path}))
}

// tableRows reads the text of every cell of a table's body, row by row.
func tableRows(p *page, sel string) [][]string {
	p.T.Helper()
	return eval[[][]string](p, `Array.from(document.querySelectorAll(`+js(sel+" tbody tr")+`)).map((r) => Array.from(r.cells).map((c) => c.textContent))`)
}

// TestCompareWithSavedFile opens an assessment, compares it on the results page with
// an earlier saved file of it whose answers differ in known ways, and checks the
// before and after scores and the changed answers against values computed by hand, in
// English and French; then a file of an older questionnaire (the note on its
// migration) and a file that is not a saved file (the message naming the problem).
func TestCompareWithSavedFile(t *testing.T) {
	axe := axeSource(t)
	p := newPage(t)
	newText := sample(t, "level2-implementation.json")
	var old map[string]any
	if err := json.Unmarshal(newText, &old); err != nil {
		t.Fatal(err)
	}
	// The earlier file: riskProfile1 was "Yes" (item1-3: 3 raw points, now "No": 0),
	// consultationImplementation6 was "No" (item2-0: 0 mitigation points, now "Yes",
	// item1-3: 3), and the description (not scored) was another text.
	data := old["data"].(map[string]any)
	data["riskProfile1"] = "item1-3"
	data["consultationImplementation6"] = "item2-0"
	data["projectDetailsDescription"] = "An earlier <b>description</b>."
	oldText, err := json.Marshal(old)
	if err != nil {
		t.Fatal(err)
	}

	p.upload("new.json", newText)
	p.Click("#nav-results")
	p.Poll(`document.body.dataset.view === 'results' && !!document.getElementById('compare-file')`)
	if got := eval[string](p, `document.querySelector('label[for="compare-file"]').textContent`); got != "Compare with a saved file…" {
		t.Errorf("the file control's label is %q", got)
	}
	p.compareWith("old.json", oldText)
	p.Poll(`!!document.getElementById('compare-summary')`)
	if got := eval[string](p, `document.activeElement.id`); got != "compare-title" {
		t.Errorf("focus after comparing is on #%s, want the comparison's heading", got)
	}

	// By hand: the new file scores raw 68, mitigation 76, current 58 (level II; the
	// CLI's score). Before: raw 68 + 3 = 71, mitigation 76 - 3 = 73, still above the
	// threshold of 62, so current = round(71 × 0.85) = 60, level II.
	q, err := questionnaire.Version(assessment(t, newText).Questionnaire.Version)
	if err != nil {
		t.Fatal(err)
	}
	title := func(id string, l questionnaire.Lang) string {
		x, ok := q.Question(id)
		if !ok {
			t.Fatalf("no question %s", id)
		}
		return x.Title.In(l) + " " + id
	}
	description := data["projectDetailsDescription"].(string)
	var fresh struct{ Data map[string]any }
	if err := json.Unmarshal(newText, &fresh); err != nil {
		t.Fatal(err)
	}
	current := fresh.Data["projectDetailsDescription"].(string)
	for _, c := range []struct {
		lang                              questionnaire.Lang
		summary, changes, sections        [][]string
		quote                             func(string) string
		migrated, caption, badFile, added string
	}{{
		lang: questionnaire.English,
		summary: [][]string{
			{"Impact level", "II (Moderate impact)", "II (Moderate impact)"},
			{"Current score", "60", "58"},
			{"Raw impact score", "71", "68"},
			{"Mitigation score", "73", "76"},
		},
		changes: [][]string{
			{title("projectDetailsDescription", questionnaire.English), "Not scored", "“" + description + "”", "“" + current + "”", "0", "0"},
			{title("riskProfile1", questionnaire.English), "Raw impact", "Yes item1-3", "No item2-0", "3", "0"},
			{title("consultationImplementation6", questionnaire.English), "Mitigation", "No item2-0", "Yes item1-3", "0", "3"},
		},
		caption: "Answers changed (3)",
		added:   "Mitigation measures added (1)",
	}, {
		lang: questionnaire.French,
		summary: [][]string{
			{"Niveau d’incidence", "II (Incidence modérée)", "II (Incidence modérée)"},
			{"Cote actuelle", "60", "58"},
			{"Cote d’incidence brute", "71", "68"},
			{"Cote d’atténuation", "73", "76"},
		},
		changes: [][]string{
			{title("projectDetailsDescription", questionnaire.French), "Sans points", "«\u00a0" + description + "\u00a0»", "«\u00a0" + current + "\u00a0»", "0", "0"},
			{title("riskProfile1", questionnaire.French), "Incidence brute", "Oui item1-3", "Non item2-0", "3", "0"},
			{title("consultationImplementation6", questionnaire.French), "Atténuation", "Non item2-0", "Oui item1-3", "0", "3"},
		},
		caption: "Réponses modifiées (3)",
		added:   "Mesures d’atténuation ajoutées (1)",
	}} {
		t.Run(string(c.lang), func(t *testing.T) {
			p.T = t
			if eval[string](p, `document.documentElement.lang`) != string(c.lang) {
				p.Click("#lang-toggle")
				p.Poll(`document.documentElement.lang === ` + js(string(c.lang)) + ` && !!document.getElementById('compare-summary')`)
			}
			if diff := cmp.Diff(c.summary, tableRows(p, "#compare-summary")); diff != "" {
				t.Errorf("level and scores before and after (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(c.changes, tableRows(p, "#compare-changes")); diff != "" {
				t.Errorf("answers changed (-want +got):\n%s", diff)
			}
			if got := eval[string](p, `document.querySelector('#compare-changes caption').textContent`); got != c.caption {
				t.Errorf("caption %q, want %q", got, c.caption)
			}
			// Only the two sections whose answers changed changed score.
			changed := eval[[][]string](p, `Array.from(document.querySelectorAll('#compare-sections tbody tr.changed')).map((r) => [r.dataset.section, r.cells[2].textContent, r.cells[3].textContent])`)
			if diff := cmp.Diff([][]string{{"riskProfile", "3", "0"}, {"consultationImplementation", "7", "10"}}, changed); diff != "" {
				t.Errorf("sections whose score changed (-want +got):\n%s", diff)
			}
			if got := eval[[]string](p, `[document.querySelector('#compare-added h4').textContent, ...Array.from(document.querySelectorAll('#compare-added li')).map((li) => li.dataset.question)]`); !cmp.Equal(got, []string{c.added, "consultationImplementation6"}) {
				t.Errorf("measures added: %q", got)
			}
			if n := eval[int](p, `document.querySelectorAll('#compare-dropped li, #compare-requirements .requirement, #compare-migrated').length`); n != 0 {
				t.Errorf("%d measures dropped, requirements or migration notes shown, want none (same level, same version)", n)
			}
			if eval[bool](p, `!!document.querySelector('#comparison b')`) {
				t.Error("markup from the saved file became HTML")
			}
			p.CheckA11y(axe, "results, comparison, "+string(c.lang))
		})
	}
	p.T = t

	// A file of an older questionnaire is migrated before the comparison, and the page
	// says so.
	older, err := questionnaire.Version("v0.9")
	if err != nil {
		t.Fatal(err)
	}
	a, _ := aia.Migrate(assessment(t, oldText), older)
	olderText, err := json.Marshal(a.File())
	if err != nil {
		t.Fatal(err)
	}
	p.compareWith("older.json", olderText)
	p.Poll(`!!document.getElementById('compare-migrated')`)
	note := eval[string](p, `document.getElementById('compare-migrated').textContent`)
	if !strings.Contains(note, "v0.9") || !strings.Contains(note, q.Version) {
		t.Errorf("migration note %q does not name v0.9 and %s", note, q.Version)
	}

	// A file that is not a saved file: a message names the file and the problem, in
	// the page's language, and no comparison is left on the page.
	p.compareWith("notes.json", []byte(`{"version": "v1.0.1", "data": [1, 2]}`))
	p.Poll(`!!document.getElementById('compare-error')`)
	msg := eval[string](p, `document.getElementById('compare-error').textContent`)
	if want := "La comparaison avec «\u00a0notes.json\u00a0» est impossible\u00a0: le fichier enregistré\u00a0: /data\u00a0: objet JSON attendu, trouvé\u00a0: une liste"; !strings.HasPrefix(msg, want) {
		t.Errorf("error message %q, want it to start %q", msg, want)
	}
	// The language switch shows it again, in English.
	p.Click("#lang-toggle")
	p.Poll(`document.documentElement.lang === 'en' && !!document.getElementById('compare-error')`)
	msg = eval[string](p, `document.getElementById('compare-error').textContent`)
	if want := "“notes.json” could not be compared: the saved file: /data: expected a JSON object, found an array"; !strings.HasPrefix(msg, want) {
		t.Errorf("error message %q, want it to start %q", msg, want)
	}
	if eval[bool](p, `!!document.getElementById('compare-summary')`) {
		t.Error("a comparison is still shown after a bad file")
	}
	if role := eval[string](p, `document.getElementById('compare-message').getAttribute('role')`); role != "alert" {
		t.Errorf("the message is in a region of role %q, want alert", role)
	}
}
