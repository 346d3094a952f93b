//go:build !js

package server_test

import (
	"testing"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/gc-aia/aia/internal/browsertest"
	"github.com/google/go-cmp/cmp"
)

// newTab opens another tab of p's browser, in the same browser context (so sharing its
// IndexedDB), on the app. With noMessages, the page has no BroadcastChannel: the tab
// hears nothing from the others, as a tab that missed their messages.
func (p *page) newTab(noMessages bool) *page {
	p.T.Helper()
	ctx, cancel := chromedp.NewContext(p.Ctx)
	tab := &page{Page: browsertest.Page{T: p.T, Ctx: ctx}, stop: cancel, exe: p.exe, url: p.url, downloads: p.downloads, profile: p.profile}
	tab.Describe = tab.state
	p.T.Cleanup(cancel)
	if err := chromedp.Do(ctx, chromedp.Sleep(0)); err != nil { // open the tab
		p.T.Fatal(err)
	}
	if noMessages {
		tab.deafen()
	}
	tab.open()
	return tab
}

// deafen takes BroadcastChannel away from the pages the tab loads from now on.
func (p *page) deafen() {
	p.T.Helper()
	if _, err := chromedp.Call(p.Ctx, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: `delete window.BroadcastChannel;`}); err != nil {
		p.T.Fatal(err)
	}
}

// setAnswer gives a text answer on the shown page as typing would (an input event),
// and waits until it is saved.
func (p *page) setAnswer(name, value string) {
	p.T.Helper()
	if !eval[bool](p, `(() => { const c = document.querySelector('#page [name="`+name+`"]'); if (!c) return false; c.value = `+js(value)+`; c.dispatchEvent(new Event('input', {bubbles: true})); return true; })()`) {
		p.T.Fatalf("no control %s on the page", name)
	}
	p.waitSaved()
}

// showPage shows a section of the open assessment.
func (p *page) showPage(id string) {
	p.T.Helper()
	p.Click(`.section-link[data-page="` + id + `"]`)
	p.Poll(`document.getElementById('page').dataset.page === ` + js(id))
}

// projectAnswers returns the answers a tab shows on the project page.
func (p *page) projectAnswers() []string {
	p.T.Helper()
	p.showPage("projectDetails")
	return p.pageAnswers()
}

// freshAnswers opens the app in a new tab, which reads the assessment from IndexedDB,
// and returns the answers it shows on the project page.
func (p *page) freshAnswers() []string {
	p.T.Helper()
	fresh := p.newTab(false)
	defer fresh.stop()
	return fresh.projectAnswers()
}

// TestTwoTabsKeepEachOthersAnswers opens one assessment in two tabs that hear nothing
// from each other. Tab A saves an answer; tab B saves another from its stale copy: both
// answers are kept, in storage and in B's form. When both change the same answer, the
// later write wins for that answer alone. With messages between two tabs, a tab shows
// the other's saved answers at once, keeps the focus and the field being typed in, and
// announces the change politely.
func TestTwoTabsKeepEachOthersAnswers(t *testing.T) {
	a := newPage(t)
	a.deafen()
	a.Do(chromedp.Reload())
	a.waitReady()
	if eval[bool](a, `'BroadcastChannel' in window`) {
		t.Fatal("tab A still has BroadcastChannel")
	}
	a.Click("#new-assessment")
	a.Poll(`document.body.dataset.view === 'form'`)
	a.waitSaved()
	a.showPage("projectDetails")

	b := a.newTab(true)
	b.Poll(`document.body.dataset.view === 'form'`) // the current assessment, restored
	b.showPage("projectDetails")
	if got, want := eval[string](b, `document.body.dataset.opened`), eval[string](a, `document.body.dataset.opened`); got != want {
		t.Fatalf("tab B opened %s, tab A %s", got, want)
	}

	t.Run("stale tab", func(t *testing.T) {
		a.T, b.T = t, t
		a.setAnswer("projectDetailsBranch", "Branch from A")
		if got := eval[string](b, `document.querySelector('[name=projectDetailsBranch]').value`); got != "" {
			t.Fatalf("tab B already shows the branch %q: it should be stale for this test", got)
		}
		b.setAnswer("projectDetailsProgram", "Program from B")
		b.setAnswer("projectDetailsID", "ID from B")
		want := []string{"projectDetailsBranch=Branch from A", "projectDetailsID=ID from B", "projectDetailsProgram=Program from B"}
		if diff := cmp.Diff(want, a.freshAnswers()); diff != "" {
			t.Errorf("a fresh tab after A's then B's save (-want +got):\n%s", diff)
		}
		// B's own form took in A's answer when it saved, and said so.
		b.Poll(`document.querySelector('[name=projectDetailsBranch]').value === 'Branch from A'`)
		if diff := cmp.Diff(want, b.pageAnswers()); diff != "" {
			t.Errorf("tab B after its save (-want +got):\n%s", diff)
		}
		b.Poll(`document.getElementById('sync-status').textContent === 'Answers saved in another tab were brought in here.'`)
	})

	t.Run("same answer in both", func(t *testing.T) {
		a.T, b.T = t, t
		// B tells nobody (it has no channel), so A is stale too now: it still shows no
		// program. A changes the program: the later write (A's) wins for the program,
		// and B's identifier stays.
		if got := eval[string](a, `document.querySelector('[name=projectDetailsProgram]').value`); got != "" {
			t.Fatalf("tab A already shows the program %q: it should be stale for this test", got)
		}
		a.setAnswer("projectDetailsProgram", "Program from A")
		want := []string{"projectDetailsBranch=Branch from A", "projectDetailsID=ID from B", "projectDetailsProgram=Program from A"}
		if diff := cmp.Diff(want, a.freshAnswers()); diff != "" {
			t.Errorf("a fresh tab after both changed the program (-want +got):\n%s", diff)
		}
		a.Poll(`document.querySelector('[name=projectDetailsID]').value === 'ID from B'`)
		// And the other way: B (stale again) changes the branch, A's answer.
		b.setAnswer("projectDetailsBranch", "Branch from B")
		want = []string{"projectDetailsBranch=Branch from B", "projectDetailsID=ID from B", "projectDetailsProgram=Program from A"}
		if diff := cmp.Diff(want, a.freshAnswers()); diff != "" {
			t.Errorf("a fresh tab after B changed A's branch (-want +got):\n%s", diff)
		}
		// A removal is a change too: A clears the identifier.
		a.setAnswer("projectDetailsID", "")
		want = []string{"projectDetailsBranch=Branch from B", "projectDetailsProgram=Program from A"}
		if diff := cmp.Diff(want, a.freshAnswers()); diff != "" {
			t.Errorf("a fresh tab after A cleared the identifier (-want +got):\n%s", diff)
		}
	})

	t.Run("live", func(t *testing.T) {
		a.T = t
		c, d := a.newTab(false), a.newTab(false)
		defer c.stop()
		defer d.stop()
		d.Poll(`document.body.dataset.view === 'form'`)
		d.showPage("projectDetails")
		c.Poll(`document.body.dataset.view === 'form'`)
		c.showPage("projectDetails")
		// C types in the title; D changes the branch meanwhile: C shows D's branch at
		// once, with the focus, the caret and the typed text where they were.
		c.Do(chromedp.SendKeys(chromedp.CSS(`#page input[name=projectDetailsTitle]`), "Typed in C", chromedp.NodeVisible))
		c.waitSaved()
		d.Poll(`document.querySelector('[name=projectDetailsTitle]').value === 'Typed in C'`)
		c.Do(chromedp.SendKeys(chromedp.CSS(`#page input[name=projectDetailsTitle]`), "!", chromedp.NodeVisible))
		before := eval[int](c, `window.aiaStats.synced`)
		d.setAnswer("projectDetailsBranch", "Branch live")
		c.Poll(`document.querySelector('[name=projectDetailsBranch]').value === 'Branch live'`)
		if got := eval[int](c, `window.aiaStats.synced`); got <= before {
			t.Errorf("tab C synced %d times, want more than %d", got, before)
		}
		state := eval[[]string](c, `[document.activeElement.name, document.activeElement.value, String(document.activeElement.selectionStart)]`)
		if diff := cmp.Diff([]string{"projectDetailsTitle", "Typed in C!", "11"}, state); diff != "" {
			t.Errorf("tab C's focused field after the refresh (-want +got):\n%s", diff)
		}
		c.Poll(`document.getElementById('sync-status').textContent === 'Answers saved in another tab were brought in here.'`)
		if got := eval[string](c, `document.getElementById('sync-status').getAttribute('role')`); got != "status" {
			t.Errorf("the refresh is announced in a region of role %q, want status (polite)", got)
		}
		c.waitSaved()
		d.Poll(`document.querySelector('[name=projectDetailsTitle]').value === 'Typed in C!'`)
		// In French too.
		c.Click("#lang-toggle")
		c.Poll(`document.documentElement.lang === 'fr'`)
		d.setAnswer("projectDetailsBranch", "Direction")
		c.Poll(`document.querySelector('[name=projectDetailsBranch]').value === 'Direction'`)
		c.Poll("document.getElementById('sync-status').textContent === 'Les réponses enregistrées dans un autre onglet ont été reprises ici.'")
		c.Click("#lang-toggle")
		c.Poll(`document.documentElement.lang === 'en'`)
		want := []string{"projectDetailsBranch=Direction", "projectDetailsProgram=Program from A", "projectDetailsTitle=Typed in C!"}
		if diff := cmp.Diff(want, a.freshAnswers()); diff != "" {
			t.Errorf("a fresh tab after the live changes (-want +got):\n%s", diff)
		}
		c.Poll(`document.getElementById('sync-status').textContent !== ''`)
		c.CheckA11y(axeSource(t), "form, answers brought in from another tab")
	})
}
