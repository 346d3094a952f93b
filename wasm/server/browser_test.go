//go:build !js

package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/gc-aia/aia/internal/browsertest"
	"github.com/gc-aia/aia/wasm/server"
)

// The browser tests need Chromium (see package browsertest).
var (
	chromium   = browsertest.Chromium
	skipOrFail = browsertest.SkipOrFail
	js         = browsertest.JS
)

var shared struct {
	once sync.Once
	url  string
	h    *server.Handler
	w    *server.Wasm
	err  error
	log  bytes.Buffer
}

// appURL builds the engine (or finds it in the cache) and serves the app in-process,
// once for all tests, as "aia serve" does.
func appURL(t *testing.T) string {
	t.Helper()
	shared.once.Do(func() {
		ctx := context.Background()
		start := time.Now()
		shared.w, shared.err = server.Build(ctx, server.BuildOptions{Log: &shared.log})
		if shared.err != nil {
			return
		}
		shared.log.WriteString(fmt.Sprintf("engine ready in %s (cached: %v)\n", time.Since(start).Round(time.Millisecond), shared.w.Cached))
		ready := make(chan string, 1)
		errc := make(chan error, 1)
		go func() {
			errc <- server.Serve(ctx, server.Options{Addr: "127.0.0.1:0", Build: server.BuildOptions{}, Ready: func(u string) { ready <- u }})
		}()
		select {
		case shared.url = <-ready:
		case shared.err = <-errc:
		case <-time.After(3 * time.Minute):
			shared.err = fmt.Errorf("the server did not start")
		}
		site, err := server.NewSite(shared.w)
		if err != nil {
			shared.err = err
			return
		}
		shared.h, _ = server.NewHandler(site)
	})
	if shared.err != nil {
		t.Fatalf("serving the app: %v\n%s", shared.err, shared.log.Bytes())
	}
	return shared.url
}

// page is one browser with a fresh profile, on the app.
type page struct {
	browsertest.Page
	stop      func()
	exe       string
	url       string
	downloads string
	profile   string
}

// newPage starts Chromium with a fresh profile (headless, no sandbox, no GPU, no QUIC,
// no background networking) and opens the app.
func newPage(t *testing.T) *page {
	t.Helper()
	exe := chromium(t)
	u := appURL(t)
	p := &page{Page: browsertest.Page{T: t}, exe: exe, url: u, downloads: browsertest.BrowserDir(t), profile: browsertest.BrowserDir(t)}
	t.Cleanup(func() { p.stop() })
	p.start()
	p.open()
	return p
}

// restart closes the browser and starts a new one on the same profile.
func (p *page) restart() {
	p.stop()
	p.start()
}

func (p *page) start() {
	p.Ctx, p.stop = browsertest.Start(p.T, p.exe, p.profile, 4*time.Minute)
	p.Describe = p.state
	events := true
	if _, err := chromedp.CallBrowser(p.Ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: p.downloads, EventsEnabled: &events}); err != nil {
		p.T.Fatal(err)
	}
}

// open navigates to the app and waits until it shows a view.
func (p *page) open() {
	p.T.Helper()
	p.Do(chromedp.Navigate(p.url))
	p.waitReady()
}

func (p *page) waitReady() {
	p.T.Helper()
	p.Poll(`document.body.dataset.view === 'welcome' || document.body.dataset.view === 'form'`)
}

// eval evaluates a JavaScript expression (awaiting a Promise) and decodes its value.
func eval[T any](p *page, expr string) T { return browsertest.Eval[T](&p.Page, expr) }

// state describes the page for a failure message: its view, its alert, a screenshot.
func (p *page) state() string {
	ctx, cancel := context.WithTimeout(p.Ctx, 5*time.Second)
	defer cancel()
	state, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.dataset.view + ' ' + (document.querySelector('[role=alert]:not([hidden])') || {}).textContent`))
	return "page: " + state + "\n" + p.screenshot()
}

// screenshot saves a screenshot for a failing test and says where.
func (p *page) screenshot() string {
	ctx, cancel := context.WithTimeout(p.Ctx, 5*time.Second)
	defer cancel()
	buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil || len(buf) == 0 {
		return ""
	}
	path := filepath.Join(os.TempDir(), strings.NewReplacer("/", "_", " ", "_").Replace(p.T.Name())+".png")
	if os.WriteFile(path, buf, 0o644) != nil {
		return ""
	}
	return "screenshot: " + path
}

// score reads the live score bar: level, current, raw, mitigation.
func (p *page) score() [4]int {
	p.T.Helper()
	return eval[[4]int](p, `(() => { const d = document.getElementById('score').dataset; return [+d.level, +d.current, +d.raw, +d.mitigation]; })()`)
}

// waitSaved waits until the app has written the last change to IndexedDB.
func (p *page) waitSaved() {
	p.T.Helper()
	p.Poll(`document.body.dataset.saving !== 'true'`)
}

// download runs an action that downloads a file, and returns the file's contents.
func (p *page) download(action func()) []byte {
	p.T.Helper()
	before, _ := os.ReadDir(p.downloads)
	action()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		entries, _ := os.ReadDir(p.downloads)
		for _, e := range entries {
			// Files are named by their download GUID; a partial one ends in .crdownload.
			if strings.HasSuffix(e.Name(), ".crdownload") || containsEntry(before, e.Name()) {
				continue
			}
			data, err := os.ReadFile(filepath.Join(p.downloads, e.Name()))
			if err == nil && len(data) > 0 && json.Valid(data) {
				return data
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	entries, _ := os.ReadDir(p.downloads)
	var names []string
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(p.downloads, e.Name()))
		names = append(names, fmt.Sprintf("%s %d %v %v before=%v %.100q", e.Name(), len(data), err, json.Valid(data), containsEntry(before, e.Name()), data))
	}
	p.T.Fatalf("no file downloaded into %s (%q)\n%s", p.downloads, names, p.screenshot())
	return nil
}

func containsEntry(entries []os.DirEntry, name string) bool {
	for _, e := range entries {
		if e.Name() == name {
			return true
		}
	}
	return false
}

// upload opens a saved file with the import control, and waits for the form.
func (p *page) upload(name string, data []byte) {
	p.T.Helper()
	path := filepath.Join(p.T.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		p.T.Fatal(err)
	}
	p.home()
	before := eval[string](p, `document.body.dataset.opened || ''`)
	p.Do(chromedp.SetUploadFiles(chromedp.CSS("#import-file"), []string{path}))
	p.Poll(`document.body.dataset.view === 'form' && (document.body.dataset.opened || '') !== ` + js(before))
	p.waitSaved()
}

// home shows the list of assessments.
func (p *page) home() {
	p.T.Helper()
	if eval[string](p, `document.body.dataset.view`) != "welcome" {
		p.Click("#nav-home")
	}
	p.Poll(`document.body.dataset.view === 'welcome' && !!document.getElementById('import-file')`)
}

func host(u string) string {
	parsed, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return parsed.Host
}
