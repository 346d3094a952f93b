//go:build !js

package server_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

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

type axeResult struct {
	Violations []struct {
		ID     string `json:"id"`
		Impact string `json:"impact"`
		Help   string `json:"help"`
		Nodes  []struct {
			Target  []any  `json:"target"`
			Summary string `json:"failureSummary"`
		} `json:"nodes"`
	} `json:"violations"`
}

// checkA11y runs axe-core on the page as it is and fails on any violation of WCAG 2.0
// and 2.1, levels A and AA, or of axe's best practices.
func (p *page) checkA11y(axe, state string) {
	p.t.Helper()
	if !eval[bool](p, `typeof window.axe === 'object'`) {
		// Runtime.evaluate runs the library as DevTools would, outside the page's
		// Content-Security-Policy, which forbids any script but the app's own.
		if _, err := chromedp.Run(p.ctx, chromedp.Evaluate[chromedp.Void](axe)); err != nil {
			p.t.Fatalf("loading axe-core: %v", err)
		}
	}
	res := eval[axeResult](p, `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}, resultTypes: ['violations']})`)
	for _, v := range res.Violations {
		var nodes []string
		for _, n := range v.Nodes {
			target, _ := json.Marshal(n.Target)
			nodes = append(nodes, fmt.Sprintf("%s: %s", target, strings.ReplaceAll(n.Summary, "\n", " ")))
		}
		p.t.Errorf("%s: axe %s (%s): %s\n  %s", state, v.ID, v.Impact, v.Help, strings.Join(nodes, "\n  "))
	}
	if len(res.Violations) == 0 {
		p.t.Logf("%s: no accessibility violation", state)
	}
}

// TestAccessibility runs axe-core on every state of the page: the empty and the filled
// list, each kind of question, the required-answer errors, the dialogs, an older
// version with its migration offer, the results, in English and in French.
func TestAccessibility(t *testing.T) {
	axe := axeSource(t)
	p := newPage(t)
	p.checkA11y(axe, "welcome, empty")

	p.click("#new-assessment")
	p.poll(`document.body.dataset.view === 'form'`)
	p.checkA11y(axe, "form, welcome section")
	p.click(`.section-link[data-page="projectDetails"]`)
	p.click("#next")
	p.poll(`!document.getElementById('error-summary').hidden`)
	p.checkA11y(axe, "form, required answer missing")
	p.click(`input[name=projectDetailsPhase][value=item1]`)
	p.poll(`document.getElementById('error-summary').hidden`)
	for _, pg := range []string{"businessDrivers", "aboutSystem", "impact", "fairnessDesign"} {
		p.click(`.section-link[data-page="` + pg + `"]`)
		p.checkA11y(axe, "form, section "+pg)
	}
	p.click("#lang-toggle")
	p.poll(`document.documentElement.lang === 'fr'`)
	p.checkA11y(axe, "form, French")
	p.click("#nav-results")
	p.poll(`document.body.dataset.view === 'results'`)
	p.checkA11y(axe, "results, French")
	p.click("#lang-toggle")
	p.poll(`document.documentElement.lang === 'en'`)

	p.upload("level4.json", sample(t, "level4-implementation.json"))
	p.checkA11y(axe, "form, imported assessment")
	p.click("#nav-results")
	p.poll(`document.body.dataset.view === 'results'`)
	p.checkA11y(axe, "results, level IV")

	p.upload("old.json", []byte(`{"version":"v0.9","data":{"projectDetailsPhase":"item2","unknown":"x"}}`))
	p.checkA11y(axe, "form, older version with problems")
	p.click("#migrate")
	p.poll(`document.getElementById('dialog').open`)
	p.checkA11y(axe, "migration dialog")
	p.click("#dialog-cancel")
	p.poll(`!document.getElementById('dialog').open`)

	p.home()
	p.checkA11y(axe, "welcome, list")
	p.click(`#saved-list button.delete`)
	p.poll(`document.getElementById('dialog').open`)
	p.checkA11y(axe, "delete dialog")
	p.click("#dialog-cancel")
	p.click("#lang-toggle")
	p.poll(`document.documentElement.lang === 'fr'`)
	p.checkA11y(axe, "welcome, list, French")
}
