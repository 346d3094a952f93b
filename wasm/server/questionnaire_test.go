//go:build !js

package server_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/gc-aia/aia/internal/futurerelease"
	"github.com/gc-aia/aia/internal/reference"
	"github.com/gc-aia/aia/questionnaire"
	"github.com/gc-aia/aia/wasm/engine"
)

// useQuestionnaire chooses a questionnaire file with "Use a questionnaire file…", the
// version name field holding version, and waits for the app's message about it.
func (p *page) useQuestionnaire(name, version string, data []byte) string {
	p.T.Helper()
	path := filepath.Join(p.T.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		p.T.Fatal(err)
	}
	p.home()
	eval[bool](p, `(() => { document.getElementById('questionnaire-version').value = `+js(version)+`; document.getElementById('questionnaire-message').textContent = ''; return true; })()`)
	p.Do(chromedp.SetUploadFiles(chromedp.CSS("#questionnaire-file"), []string{path}))
	p.Poll(`document.getElementById('questionnaire-message').textContent !== ''`)
	return eval[string](p, `document.getElementById('questionnaire-message').textContent`)
}

// TestQuestionnaireFile loads the synthetic future release (an official SurveyJS file)
// with "Use a questionnaire file…", scores saved files of it against the hand-computed
// expectations, starts a new assessment with it, shows its own wording in English and
// French, refuses a bad file with the pointer and the question, and removes it after
// confirmation, keeping its assessments. axe-core checks each new state.
func TestQuestionnaireFile(t *testing.T) {
	axe := axeSource(t)
	survey, err := futurerelease.Build(reference.Survey(t, "v1.0.1"))
	if err != nil {
		t.Fatal(err)
	}
	release, err := questionnaire.LoadFile(survey, futurerelease.Version)
	if err != nil {
		t.Fatal(err)
	}
	p := newPage(t)
	p.home()
	rows := `document.querySelectorAll('#questionnaire-list tbody tr').length`
	embedded := len(questionnaire.VersionNames())
	if n := eval[int](p, rows); n != embedded {
		t.Errorf("%d questionnaires listed, want the %d embedded versions", n, embedded)
	}
	p.CheckA11y(axe, "welcome, questionnaires")

	// A bad file: a condition on a question that does not exist.
	bad := strings.Replace(string(survey), `"{riskProfile1} = 'item1-4'"`, `"{noSuchQuestion} = 'item1-4'"`, 1)
	msg := p.useQuestionnaire("bad.json", "v9-bad", []byte(bad))
	if !strings.Contains(msg, "/pages/") || !strings.Contains(msg, "noSuchQuestion") || eval[string](p, `document.getElementById('questionnaire-message').getAttribute('role')`) != "alert" {
		t.Errorf("bad file: message %q, want an alert naming the JSON pointer and the question", msg)
	}
	if n := eval[int](p, rows); n != embedded {
		t.Errorf("bad file: %d questionnaires listed, want %d", n, embedded)
	}
	p.CheckA11y(axe, "welcome, bad questionnaire file")
	// An official file needs a version name, and not that of an embedded version.
	if msg := p.useQuestionnaire("survey-enfr.json", "", survey); !strings.Contains(msg, "version name") || eval[string](p, `document.activeElement.id`) != "questionnaire-version" {
		t.Errorf("SurveyJS file without a name: message %q, focus on %q", msg, eval[string](p, `document.activeElement.id`))
	}
	if msg := p.useQuestionnaire("survey-enfr.json", questionnaire.Current, survey); !strings.Contains(msg, "built into") {
		t.Errorf("SurveyJS file named %s: message %q", questionnaire.Current, msg)
	}
	if n := eval[int](p, rows); n != embedded {
		t.Errorf("refused files: %d questionnaires listed, want %d", n, embedded)
	}

	// The release.
	msg = p.useQuestionnaire("survey-enfr.json", futurerelease.Version, survey)
	row := `#questionnaire-list tr[data-version="` + futurerelease.Version + `"]`
	if !strings.Contains(msg, futurerelease.Version) || !eval[bool](p, `!!document.querySelector('`+row+`')`) {
		t.Fatalf("release not listed (message %q)", msg)
	}
	origin := eval[string](p, `document.querySelector('`+row+` .q-origin').textContent`)
	if !strings.Contains(origin, "survey-enfr.json") || !strings.Contains(origin, "SurveyJS") {
		t.Errorf("origin %q, want the file name and the official SurveyJS format", origin)
	}
	p.CheckA11y(axe, "welcome, questionnaire file listed")

	// Saved files of the release open and score as computed by hand.
	for _, c := range futurerelease.Cases {
		p.upload(c.Name, []byte(c.File))
		if got, want := p.score(), [4]int{c.Level, c.Current, c.Raw, c.Mitigation}; got != want {
			t.Errorf("%s: score bar %v, want %v", c.Name, got, want)
		}
		text := eval[string](p, `document.querySelector('#score .score-text').textContent`)
		if !strings.Contains(text, strconv.Itoa(futurerelease.MaxRaw)) || !strings.Contains(text, strconv.Itoa(futurerelease.MaxMitigation)) {
			t.Errorf("%s: score text %q lacks the maxima %d and %d", c.Name, text, futurerelease.MaxRaw, futurerelease.MaxMitigation)
		}
	}
	if !eval[bool](p, `!!document.getElementById('file-questionnaire') && !document.getElementById('outdated')`) {
		t.Error("an assessment of the release should say it uses a questionnaire file, and offer no migration")
	}
	p.CheckA11y(axe, "form, questionnaire file")
	// Its own wording, in English and French, as text only.
	p.Click(`.section-link[data-page="futureOversight"]`)
	p.Poll(`!!document.querySelector('#q-futureReview-MS .q-title')`)
	review, _ := release.Question("futureReview-MS")
	if got, want := eval[string](p, `document.querySelector('#q-futureReview-MS .q-title').textContent`), engine.PlainText(review.Title.EN); got != want {
		t.Errorf("futureReview-MS title %q, want %q", got, want)
	}
	if n := eval[int](p, `document.querySelectorAll('#form img, #form script, #form strong').length`); n != 0 {
		t.Errorf("%d elements from the file's markup in the form", n)
	}
	p.Click(`.section-link[data-page="riskProfile"]`)
	x, _ := release.Question("riskProfile1")
	en := eval[string](p, `document.querySelector('#q-riskProfile1 .q-title').textContent`)
	p.Click("#lang-toggle")
	p.Poll(`document.documentElement.lang === 'fr'`)
	fr := eval[string](p, `document.querySelector('#q-riskProfile1 .q-title').textContent`)
	if en != engine.PlainText(x.Title.EN) || fr != engine.PlainText(x.Title.FR) || en == fr {
		t.Errorf("riskProfile1: English %q, French %q; want the file's %q and %q", en, fr, x.Title.EN, x.Title.FR)
	}
	p.CheckA11y(axe, "form, questionnaire file, French")
	// A file refused while the page is in French: the engine's reason is in French.
	if msg, want := p.useQuestionnaire("survey-enfr.json", questionnaire.Current, survey), "Ce fichier de questionnaire n’a pas été ajouté\u00a0: le nom de version «\u00a0"+questionnaire.Current+"\u00a0» est celui d’un questionnaire intégré à l’application\u00a0: choisissez-en un autre"; msg != want {
		t.Errorf("SurveyJS file named %s, in French: message %q, want %q", questionnaire.Current, msg, want)
	}
	p.Click("#lang-toggle") // the list is drawn again, in English
	p.Poll(`document.documentElement.lang === 'en' && document.getElementById('new-assessment').textContent === 'Start a new assessment'`)

	// A new assessment with the release; the chooser keeps the version in force first.
	p.home()
	if got := eval[string](p, `document.getElementById('new-version').value`); got != questionnaire.Current {
		t.Errorf("new assessment chooser defaults to %q, want %s", got, questionnaire.Current)
	}
	eval[bool](p, `(() => { document.getElementById('new-version').value = `+js(futurerelease.Version)+`; return true; })()`)
	before := eval[string](p, `document.body.dataset.opened || ''`)
	p.Click("#new-assessment")
	p.Poll(`document.body.dataset.view === 'form' && document.body.dataset.opened !== ` + js(before))
	p.waitSaved()
	if meta := eval[string](p, `document.querySelector('#form .meta').textContent`); !strings.Contains(meta, futurerelease.Version) {
		t.Errorf("new assessment uses %q, want %s", meta, futurerelease.Version)
	}
	if got := p.score(); got != [4]int{1, 0, 0, 0} {
		t.Errorf("new assessment: score %v", got)
	}
	// riskProfile1 item1-4 (4, the re-weighted choice) shows riskProfileFuture; its
	// item2-2 adds 2: raw 6.
	p.Click(`.section-link[data-page="riskProfile"]`)
	p.Click(`input[name=riskProfile1][value="item1-4"]`)
	p.Poll(`!!document.querySelector('#q-riskProfileFuture') && !document.querySelector('#q-riskProfileFuture').hidden`)
	p.Click(`input[name=riskProfileFuture][value="item2-2"]`)
	p.Poll(`document.getElementById('score').dataset.raw === '6'`)
	p.waitSaved()

	// Kept across a reload.
	p.Do(chromedp.Reload())
	p.waitReady()
	p.home()
	if !eval[bool](p, `!!document.querySelector('`+row+`')`) {
		t.Fatal("the release is not listed after a reload")
	}
	p.Click(`#saved-list tbody tr:first-child button.open`)
	p.Poll(`document.body.dataset.view === 'form'`)
	if got := p.score(); got[2] != 6 {
		t.Errorf("after a reload: score %v, want raw 6", got)
	}

	// Removal asks first, and keeps the assessments.
	p.home()
	saved := eval[int](p, `document.querySelectorAll('#saved-list tbody tr').length`)
	p.Click(row + ` button.remove-questionnaire`)
	p.Poll(`document.getElementById('dialog').open`)
	p.CheckA11y(axe, "remove questionnaire dialog")
	p.Click("#dialog-cancel")
	p.Poll(`!document.getElementById('dialog').open`)
	if !eval[bool](p, `!!document.querySelector('`+row+`')`) {
		t.Fatal("cancelling removed the release")
	}
	p.Click(row + ` button.remove-questionnaire`)
	p.Poll(`document.getElementById('dialog').open`)
	p.Click("#dialog-ok")
	p.Poll(`!document.querySelector('` + row + `') && document.getElementById('questionnaire-message').textContent !== ''`)
	if n := eval[int](p, `document.querySelectorAll('#saved-list tbody tr').length`); n != saved {
		t.Errorf("%d assessments after removing the questionnaire, want %d", n, saved)
	}
	if n := eval[int](p, rows); n != embedded {
		t.Errorf("%d questionnaires listed after removal, want %d", n, embedded)
	}
	if !strings.Contains(eval[string](p, `document.querySelector('#saved-list tbody tr:first-child .saved-version').textContent`), "not in this browser") {
		t.Error("an assessment of the removed questionnaire is not marked")
	}
	p.Click(`#saved-list tbody tr:first-child button.open`)
	p.Poll(`document.getElementById('welcome-message').textContent.includes(` + js(futurerelease.Version) + `)`)
	if view := eval[string](p, `document.body.dataset.view`); view != "welcome" {
		t.Errorf("view %q after opening an assessment of a removed questionnaire", view)
	}
	p.CheckA11y(axe, "welcome, questionnaire removed")
	// Used again, it opens them again.
	p.useQuestionnaire("survey-enfr.json", futurerelease.Version, survey)
	p.Click(`#saved-list tbody tr:first-child button.open`)
	p.Poll(`document.body.dataset.view === 'form'`)
	if got := p.score(); got[2] != 6 {
		t.Errorf("used again: score %v, want raw 6", got)
	}

	// The same release in the native format, as "aia questionnaire import" writes it. It
	// names its own version: another name in the field is refused, an empty one takes it.
	native, err := release.MarshalIndent()
	if err != nil {
		t.Fatal(err)
	}
	p.home()
	p.Click(row + ` button.remove-questionnaire`)
	p.Poll(`document.getElementById('dialog').open`)
	p.Click("#dialog-ok")
	p.Poll(`!document.querySelector('` + row + `')`)
	if msg := p.useQuestionnaire("release.json", "v-other", native); !strings.Contains(msg, "/version") || !strings.Contains(msg, futurerelease.Version) {
		t.Errorf("native file under another name: message %q, want the /version problem", msg)
	}
	if n := eval[int](p, rows); n != embedded {
		t.Errorf("refused native file: %d questionnaires listed, want %d", n, embedded)
	}
	p.useQuestionnaire("release.json", "", native)
	origin = eval[string](p, `document.querySelector('`+row+` .q-origin').textContent`)
	if !strings.Contains(origin, "release.json") || !strings.Contains(origin, "Native") {
		t.Errorf("native file: origin %q, want the file name and the native format", origin)
	}
	p.Click(`#saved-list tbody tr:first-child button.open`)
	p.Poll(`document.body.dataset.view === 'form'`)
	if got := p.score(); got[2] != 6 {
		t.Errorf("native file: score %v, want raw 6", got)
	}
	p.CheckA11y(axe, "form, native questionnaire file")
}
