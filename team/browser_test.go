//go:build !js

package team_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/gc-aia/aia/examples"
	"github.com/gc-aia/aia/internal/browsertest"
	"github.com/gc-aia/aia/team"
	"github.com/gc-aia/aia/team/storage"
	"github.com/gc-aia/aia/wasm/server"
)

// The team app in Chromium: sign-in, the shared list, saving to the server, offline
// edits merged with another member's when back online, a conflict shown with both
// values, comments, the invitation link, and a service worker that keeps the API out of
// Cache Storage. Like wasm/server's browser tests, it skips without Chromium unless
// AIA_REQUIRE_BROWSER=1 (CI), which turns a skip into a failure.

var (
	chromium = browsertest.Chromium
	js       = browsertest.JS
)

// axeSource returns axe-core, or "" (the accessibility checks are then left out) when it
// is missing and the browser tests are not required.
func axeSource(t *testing.T) string {
	src, err := browsertest.AxeSource()
	if err != nil {
		if browsertest.Required() {
			t.Fatal(err)
		}
		t.Logf("%v: accessibility not checked", err)
	}
	return src
}

var site struct {
	once sync.Once
	h    *server.Handler
	err  error
	log  bytes.Buffer
}

// app builds the engine (or finds it in the cache) and the site, once.
func app(t *testing.T) *server.Handler {
	t.Helper()
	site.once.Do(func() {
		w, err := server.Build(context.Background(), server.BuildOptions{Log: &site.log})
		if err != nil {
			site.err = err
			return
		}
		s, err := server.NewSite(w)
		if err != nil {
			site.err = err
			return
		}
		site.h, site.err = server.NewHandler(s)
	})
	if site.err != nil {
		t.Fatalf("building the app: %v\n%s", site.err, site.log.Bytes())
	}
	return site.h
}

type page struct{ browsertest.Page }

func newBrowser(t *testing.T, exe string) *page {
	ctx, stop := browsertest.Start(t, exe, browsertest.BrowserDir(t), 6*time.Minute)
	t.Cleanup(stop)
	p := &page{browsertest.Page{T: t, Ctx: ctx}}
	p.Describe = p.state
	return p
}

func eval[T any](p *page, expr string) T { return browsertest.Eval[T](&p.Page, expr) }

// state describes the page for a failure message.
func (p *page) state() string {
	ctx, cancel := context.WithTimeout(p.Ctx, 5*time.Second)
	defer cancel()
	s, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify({view: document.body.dataset.view, sync: document.body.dataset.teamSync, busy: document.body.dataset.teamBusy, status: (document.getElementById('team-sync') || {}).textContent, message: (document.getElementById('team-message') || {}).textContent, alert: (document.querySelector('[role=alert]:not([hidden])') || {}).textContent, conflicts: [...document.querySelectorAll('#team-conflicts fieldset')].map((f) => f.dataset.question + ': ' + f.textContent)})`))
	return "page: " + s
}

// setText types a value into a text control of the page, as the input event reports it.
func (p *page) setText(sel, value string) {
	p.T.Helper()
	b, _ := json.Marshal(value)
	eval[bool](p, `(() => { const c = document.querySelector(`+js(sel)+`); c.value = `+string(b)+`; c.dispatchEvent(new Event('input', {bubbles: true})); return true; })()`)
}

// network cuts (offline) or restores the browser's network, navigator.onLine included.
func (p *page) network(offline bool) {
	p.T.Helper()
	var conditions []*network.Conditions
	if offline {
		conditions = []*network.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}}
	}
	if _, err := chromedp.Call(p.Ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{MatchedNetworkConditions: conditions}); err != nil {
		p.T.Fatal(err)
	}
	if _, err := chromedp.Call(p.Ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: offline, DownloadThroughput: -1, UploadThroughput: -1}); err != nil {
		p.T.Fatal(err)
	}
}

// script calls the API with an API token, as a script would.
type script struct {
	t     *testing.T
	base  string
	token string
}

func (c script) call(method, path string, body any) (int, []byte) {
	c.t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		r = bytes.NewReader(b)
	default:
		j, _ := json.Marshal(b)
		r = bytes.NewReader(j)
	}
	req, _ := http.NewRequest(method, c.base+"api/v1/"+path, r)
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out
}

type latest struct {
	Revision int `json:"revision"`
	File     struct {
		Version string         `json:"version"`
		Data    map[string]any `json:"data"`
	} `json:"file"`
	Raw map[string]any `json:"-"`
}

func (c script) latest(id string) (latest, map[string]any) {
	c.t.Helper()
	code, body := c.call("GET", "assessments/"+id, nil)
	if code != http.StatusOK {
		c.t.Fatalf("GET assessments/%s: %d %s", id, code, body)
	}
	var l latest
	var raw struct {
		File map[string]any `json:"file"`
	}
	json.Unmarshal(body, &l)
	json.Unmarshal(body, &raw)
	return l, raw.File
}

// edit changes answers of the latest revision, as another member's script would.
func (c script) edit(id string, answers map[string]string) {
	c.t.Helper()
	l, file := c.latest(id)
	data := file["data"].(map[string]any)
	for k, v := range answers {
		data[k] = v
	}
	if code, body := c.call("PUT", "assessments/"+id, map[string]any{"revision": l.Revision, "file": file}); code != http.StatusOK {
		c.t.Fatalf("PUT: %d %s", code, body)
	}
}

// waitServer waits until the latest revision's answers satisfy ok.
func (c script) waitServer(p *page, id string, what string, ok func(map[string]any) bool) {
	c.t.Helper()
	var data map[string]any
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		l, _ := c.latest(id)
		data = l.File.Data
		if ok(data) {
			return
		}
	}
	c.t.Fatalf("the server never had %s; latest answers: %v\n%s", what, data, p.state())
}

const password = "correct horse battery staple"

func TestTeamInBrowser(t *testing.T) {
	exe := chromium(t)
	ctx := context.Background()
	h := app(t)
	st, err := storage.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srv, err := team.NewServer(team.Options{Store: st, App: h})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	defer hs.Close()
	base := hs.URL + "/"
	user := func(email string) (storage.User, string) {
		u, _, err := team.AddUser(ctx, st, email, false, base)
		if err != nil {
			t.Fatal(err)
		}
		if err := team.SetPassword(ctx, st, u, password); err != nil {
			t.Fatal(err)
		}
		_, token, err := team.NewToken(ctx, st, u, "test")
		if err != nil {
			t.Fatal(err)
		}
		return u, token
	}
	_, anaToken := user("ana@example.gc.ca")
	_, benToken := user("ben@example.gc.ca")
	ana := script{t, base, anaToken}
	ben := script{t, base, benToken}
	sample, err := fs.ReadFile(examples.Assessments(), "level2-implementation.json")
	if err != nil {
		t.Fatal(err)
	}
	code, body := ana.call("POST", "assessments", sample)
	if code != http.StatusCreated {
		t.Fatalf("creating: %d %s", code, body)
	}
	var created struct{ ID string }
	json.Unmarshal(body, &created)
	id := created.ID
	if code, body := ana.call("POST", "assessments/"+id+"/members", map[string]any{"email": "ben@example.gc.ca", "role": "editor"}); code != http.StatusOK {
		t.Fatalf("sharing: %d %s", code, body)
	}

	axe := axeSource(t)
	p := newBrowser(t, exe)

	// Sign-in.
	p.Do(chromedp.Navigate(base))
	p.Poll(`document.body.dataset.view === 'welcome' && !!document.getElementById('team-signin')`)
	p.CheckA11y(axe, "sign-in")
	p.setText("#team-email", "ana@example.gc.ca")
	p.setText("#team-password", "not the password")
	p.Click("#team-signin-button")
	p.Poll(`document.getElementById('team-message').textContent.includes('Wrong')`)
	p.setText("#team-password", password)
	p.Click("#team-signin-button")
	p.Poll(`(document.getElementById('team-user') || {}).textContent === 'Signed in as ana@example.gc.ca'`)

	// The shared list, with the level.
	row := `#team-list tr[data-id="` + id + `"]`
	p.Poll(`!!document.querySelector('` + row + ` .team-level')`)
	if got := eval[string](p, `document.querySelector('`+row+` .team-level').dataset.level + ' ' + document.querySelector('`+row+` .team-role').textContent`); got != "2 Owner" {
		t.Errorf("list row: level and role %q, want 2 Owner", got)
	}
	p.CheckA11y(axe, "shared list")

	// Open and edit: saved on the server.
	p.Click(row + ` button.team-open`)
	p.Poll(`document.body.dataset.view === 'form' && !!document.getElementById('team-bar')`)
	p.Click(`.section-link[data-page="projectDetails"]`)
	p.Poll(`document.getElementById('page').dataset.page === 'projectDetails' && !!document.getElementById('team-cb-projectDetailsRespondent')`)
	p.setText("#c-projectDetailsRespondent", "Ana Online")
	ana.waitServer(p, id, "the edit made online", func(d map[string]any) bool { return d["projectDetailsRespondent"] == "Ana Online" })
	p.Poll(`document.body.dataset.teamSync === 'saved'`)
	p.CheckA11y(axe, "shared assessment")

	// Offline: Ana changes one answer while Ben changes another on the server; back
	// online, both are in the latest revision and in Ana's page.
	p.network(true)
	p.setText("#c-projectDetailsRespondent", "Ana Offline")
	p.Poll(`document.body.dataset.teamSync === 'pending'`)
	ben.edit(id, map[string]string{"projectDetailsBranch": "Ben's branch"})
	p.network(false)
	eval[bool](p, `window.dispatchEvent(new Event('online')), true`)
	ana.waitServer(p, id, "both offline changes", func(d map[string]any) bool {
		return d["projectDetailsRespondent"] == "Ana Offline" && d["projectDetailsBranch"] == "Ben's branch"
	})
	p.Poll(`document.getElementById('c-projectDetailsBranch').value === "Ben's branch"`)

	// The same answer changed on both sides: both values are shown; the one chosen
	// (the server's here) is saved, and the other changes are kept.
	p.network(true)
	p.setText("#c-projectDetailsProgram", "Ana's program")
	p.Poll(`document.body.dataset.teamSync === 'pending'`)
	ben.edit(id, map[string]string{"projectDetailsProgram": "Ben's program"})
	p.network(false)
	eval[bool](p, `window.dispatchEvent(new Event('online')), true`)
	p.Poll(`!!document.querySelector('#team-conflicts[open] fieldset[data-question="projectDetailsProgram"]')`)
	shown := eval[string](p, `document.querySelector('#team-conflicts fieldset[data-question="projectDetailsProgram"]').textContent`)
	if !strings.Contains(shown, "Ana's program") || !strings.Contains(shown, "Ben's program") {
		t.Errorf("the conflict does not show both values: %q", shown)
	}
	p.CheckA11y(axe, "conflict dialog")
	p.Click(`#team-conflict-0-theirs`)
	p.Click(`#team-conflicts-save`)
	ana.waitServer(p, id, "the value chosen", func(d map[string]any) bool {
		return d["projectDetailsProgram"] == "Ben's program" && d["projectDetailsRespondent"] == "Ana Offline" && d["projectDetailsBranch"] == "Ben's branch"
	})
	p.Poll(`document.getElementById('c-projectDetailsProgram').value === "Ben's program" && document.body.dataset.teamBusy === 'false'`)

	// A comment beside a question, counted in the section navigation, then resolved.
	p.Click("#team-cb-projectDetailsRespondent")
	p.Poll(`!!document.getElementById('team-ct-projectDetailsRespondent')`)
	p.setText("#team-ct-projectDetailsRespondent", "Is <b>this</b> the right person?")
	p.Click("#team-ca-projectDetailsRespondent")
	p.Poll(`document.getElementById('team-cb-projectDetailsRespondent').dataset.open === '1' && document.querySelector('.section-link[data-page="projectDetails"] .team-count').dataset.count === '1'`)
	if got := eval[string](p, `document.querySelector('#team-cp-projectDetailsRespondent .team-comment-text').innerHTML`); got != "Is &lt;b&gt;this&lt;/b&gt; the right person?" {
		t.Errorf("comment shown as %q: not as text", got)
	}
	p.CheckA11y(axe, "comments")
	_, cbody := ana.call("GET", "assessments/"+id+"/comments", nil)
	var comments []struct {
		Question, Text string
		Resolved       bool
	}
	json.Unmarshal(cbody, &comments)
	if len(comments) != 1 || comments[0].Question != "projectDetailsRespondent" || comments[0].Resolved {
		t.Fatalf("comments on the server: %s", cbody)
	}
	p.Click("#team-cp-projectDetailsRespondent .team-resolve")
	p.Poll(`document.getElementById('team-cb-projectDetailsRespondent').dataset.open === '0' && document.querySelector('.section-link[data-page="projectDetails"] .team-count').dataset.count === '0'`)
	_, cbody = ana.call("GET", "assessments/"+id+"/comments", nil)
	json.Unmarshal(cbody, &comments)
	if len(comments) != 1 || !comments[0].Resolved {
		t.Errorf("the comment is not resolved on the server: %s", cbody)
	}

	// Revisions: compare revision 1 with the current answers, then restore it.
	p.Click("#team-history-button")
	p.Poll(`!!document.querySelector('#team-revisions tr[data-n="1"] .team-rev-restore')`)
	p.Click(`#team-revisions tr[data-n="1"] .team-rev-compare`)
	p.Poll(`!!document.querySelector('#team-compare-changes tr[data-question="projectDetailsRespondent"]')`)
	p.CheckA11y(axe, "revisions")
	p.Click(`#team-revisions tr[data-n="1"] .team-rev-restore`)
	p.Poll(`document.getElementById('dialog').open`)
	p.Click("#dialog-ok")
	ana.waitServer(p, id, "revision 1 restored", func(d map[string]any) bool {
		return d["projectDetailsRespondent"] == "Samira Haddad" && d["projectDetailsBranch"] == "Programs Branch"
	})
	p.Poll(`document.getElementById('c-projectDetailsRespondent').value === 'Samira Haddad'`)

	// Members: the owner gives herself the reviewer flag.
	p.Click("#team-members-button")
	anaRow := `#team-members tr[data-email="ana@example.gc.ca"]`
	p.Poll(`!!document.getElementById('team-add-member') && !!document.querySelector('` + anaRow + ` input[type=checkbox]')`)
	p.CheckA11y(axe, "members")
	p.Click(anaRow + ` input[type=checkbox]`)
	// A sync (Ben changed an answer) leaves the panel as Ana left it: the flag ticked,
	// an e-mail half typed.
	p.setText("#team-new-email", "half-typed@example")
	ben.edit(id, map[string]string{"projectDetailsBranch": "Ben's second branch"})
	eval[bool](p, `window.dispatchEvent(new Event('online')), true`)
	p.Poll(`document.getElementById('c-projectDetailsBranch').value === "Ben's second branch"`)
	if kept := eval[string](p, `document.getElementById('team-new-email').value + ' ' + document.querySelector('`+anaRow+` input[type=checkbox]').checked`); kept != "half-typed@example true" {
		t.Errorf("after a sync, the members panel holds %q, want what Ana had entered", kept)
	}
	p.Click(anaRow + ` .team-member-save`)
	p.Poll(`document.getElementById('team-role').textContent.includes('You are a reviewer')`)
	// The open panel follows the language, although the bar keeps it otherwise.
	p.Click("#lang-toggle")
	p.Poll(`(document.getElementById('team-panel-title') || {}).textContent === 'Membres' && document.getElementById('team-panel').lang === 'fr'`)
	// The server refuses in the page's language (errorFr).
	p.setText("#team-new-email", "nobody@example.gc.ca")
	p.Click("#team-add-member-button")
	p.Poll(`(document.getElementById('team-members-message') || {textContent: ''}).textContent !== ''`)
	if msg, want := eval[string](p, `document.getElementById('team-members-message').textContent`), "Le serveur d’équipe a refusé\u00a0: aucun compte n’a ce courriel\u00a0: un administrateur ou une administratrice doit d’abord l’ajouter (aia team users add)"; msg != want {
		t.Errorf("sharing with no account, in French: %q, want %q", msg, want)
	}
	p.Click("#lang-toggle")
	p.Poll(`(document.getElementById('team-panel-title') || {}).textContent === 'Members'`)

	// Review: submitted by the owner, a section accepted with a note, approved; the
	// header and the list say who approved.
	p.Click("#team-review-button")
	p.Poll(`!!document.getElementById('team-submit')`)
	p.Click("#team-submit")
	first := `#team-review-sections tbody tr:first-child`
	p.Poll(`!!document.querySelector('` + first + ` form')`)
	p.CheckA11y(axe, "review")
	section := eval[string](p, `document.querySelector('`+first+`').dataset.section`)
	p.setText(first+` textarea`, "Clear enough.")
	p.Click(first + ` .team-review-save`)
	sectionRow := `#team-review-sections tr[data-section="` + section + `"]`
	p.Poll(`(document.querySelector('` + sectionRow + ` .team-section-status') || {}).textContent === 'Accepted' && !!document.getElementById('team-approve')`)
	p.Click("#team-approve")
	p.Poll(`document.getElementById('team-review-status').dataset.review === 'approved' && document.getElementById('team-review-status').textContent.includes('Approved by ana@example.gc.ca')`)
	_, rbody := ana.call("GET", "assessments/"+id+"/review", nil)
	var review struct {
		Status, ApprovedBy string
		Sections           []struct{ Section, Status, Comment string }
	}
	json.Unmarshal(rbody, &review)
	if review.Status != "approved" || review.ApprovedBy != "ana@example.gc.ca" || len(review.Sections) != 1 || review.Sections[0].Comment != "Clear enough." {
		t.Errorf("review on the server: %s", rbody)
	}
	p.Click("#nav-home")
	p.Poll(`(document.querySelector('` + row + ` .team-review') || {dataset: {}}).dataset.review === 'approved'`)
	p.Click("#lang-toggle")
	p.Poll(`document.documentElement.lang === 'fr'`)
	p.Poll(`document.getElementById('team-user').textContent === 'Connecté en tant que ana@example.gc.ca'`)
	p.Poll(`(document.querySelector('` + row + ` .team-review') || {textContent: ''}).textContent.startsWith('Approuvée par ana@example.gc.ca')`)
	p.CheckA11y(axe, "shared list, French")
	p.Click("#lang-toggle")
	p.Poll(`document.documentElement.lang === 'en'`)

	// The service worker keeps only the app's files: no API response in Cache Storage,
	// and a navigation to auth/ reaches the server, not the cached page.
	p.Poll(`document.documentElement.dataset.offline === 'ready' && !!navigator.serviceWorker.controller`)
	cached := eval[[]string](p, `(async () => { const out = []; for (const k of await caches.keys()) { const c = await caches.open(k); for (const r of await c.keys()) out.push(r.url); } return out; })()`)
	if len(cached) == 0 {
		t.Error("nothing in Cache Storage: the service worker did not precache the app")
	}
	for _, u := range cached {
		if strings.Contains(u, "/api/") || strings.Contains(u, "/auth/") {
			t.Errorf("Cache Storage holds %s", u)
		}
	}
	p.Do(chromedp.Navigate(base + "auth/oidc/login"))
	if eval[bool](p, `!!document.getElementById('main')`) {
		t.Error("a navigation to auth/ got the app's page (from the service worker's cache), not the server's answer")
	}

	// An invitation link: the page asks for a password, signs in, and clears the
	// fragment.
	_, link, err := team.AddUser(ctx, st, "cam@example.gc.ca", false, base)
	if err != nil {
		t.Fatal(err)
	}
	p.Do(chromedp.Navigate("about:blank"))
	p.Do(chromedp.Navigate(link))
	p.Poll(`!!document.getElementById('team-invitation') && location.hash === ''`)
	p.setText("#team-new-password", password)
	p.setText("#team-new-password2", password)
	p.Click("#team-set-password")
	p.Poll(`(document.getElementById('team-user') || {}).textContent === 'Signed in as cam@example.gc.ca'`)
}
