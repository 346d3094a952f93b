//go:build !js

package server_test

import (
	"testing"

	"github.com/gc-aia/aia/internal/browsertest"
)

// axeSource returns axe-core, or skips the test without it (see browsertest.SkipOrFail).
func axeSource(t *testing.T) string {
	t.Helper()
	src, err := browsertest.AxeSource()
	if err != nil {
		skipOrFail(t, "%v", err)
	}
	return src
}

// TestAccessibility runs axe-core on every state of the page: the empty and the filled
// list, each kind of question, the required-answer errors, the dialogs, an older
// version with its migration offer, the results, in English and in French.
func TestAccessibility(t *testing.T) {
	axe := axeSource(t)
	p := newPage(t)
	p.CheckA11y(axe, "welcome, empty")

	p.Click("#new-assessment")
	p.Poll(`document.body.dataset.view === 'form'`)
	p.CheckA11y(axe, "form, welcome section")
	p.Click(`.section-link[data-page="projectDetails"]`)
	p.Click("#next")
	p.Poll(`!document.getElementById('error-summary').hidden`)
	p.CheckA11y(axe, "form, required answer missing")
	p.Click(`input[name=projectDetailsPhase][value=item1]`)
	p.Poll(`document.getElementById('error-summary').hidden`)
	for _, pg := range []string{"businessDrivers", "aboutSystem", "impact", "fairnessDesign"} {
		p.Click(`.section-link[data-page="` + pg + `"]`)
		p.CheckA11y(axe, "form, section "+pg)
	}
	p.Click("#lang-toggle")
	p.Poll(`document.documentElement.lang === 'fr'`)
	p.CheckA11y(axe, "form, French")
	p.Click("#nav-results")
	p.Poll(`document.body.dataset.view === 'results'`)
	p.CheckA11y(axe, "results, French")
	p.Click("#lang-toggle")
	p.Poll(`document.documentElement.lang === 'en'`)

	p.upload("level4.json", sample(t, "level4-implementation.json"))
	p.CheckA11y(axe, "form, imported assessment")
	p.Click("#nav-results")
	p.Poll(`document.body.dataset.view === 'results'`)
	p.CheckA11y(axe, "results, level IV")

	p.upload("old.json", []byte(`{"version":"v0.9","data":{"projectDetailsPhase":"item2","unknown":"x"}}`))
	p.CheckA11y(axe, "form, older version with problems")
	p.Click("#migrate")
	p.Poll(`document.getElementById('dialog').open`)
	p.CheckA11y(axe, "migration dialog")
	p.Click("#dialog-cancel")
	p.Poll(`!document.getElementById('dialog').open`)

	p.home()
	p.CheckA11y(axe, "welcome, list")
	p.Click(`#saved-list button.delete`)
	p.Poll(`document.getElementById('dialog').open`)
	p.CheckA11y(axe, "delete dialog")
	p.Click("#dialog-cancel")
	p.Click("#lang-toggle")
	p.Poll(`document.documentElement.lang === 'fr'`)
	p.CheckA11y(axe, "welcome, list, French")
}
