//go:build !js

package server_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"

	"github.com/gc-aia/aia/internal/browsertest"
	"github.com/gc-aia/aia/wasm/server"
)

// staticHost serves a directory under a sub-path with the standard library's plain
// file server (no compression, no headers of ours), as any static host would, and can
// switch to another directory (a new build) or drop every connection (the network cut).
type staticHost struct {
	mu      sync.Mutex
	dir     string
	offline bool
}

func (h *staticHost) set(dir string, offline bool) {
	h.mu.Lock()
	h.dir, h.offline = dir, offline
	h.mu.Unlock()
}

func (h *staticHost) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	dir, offline := h.dir, h.offline
	h.mu.Unlock()
	if offline {
		if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
			conn.(*net.TCPConn).SetLinger(0)
			conn.Close() // a reset, as when the network is gone
		}
		return
	}
	http.StripPrefix("/tools/aia/", http.FileServer(http.Dir(dir))).ServeHTTP(w, r)
}

// writeSite writes the site of the shared engine build into a new directory.
func writeSite(t *testing.T) (dir string, site *server.Site) {
	t.Helper()
	appURL(t) // builds the engine once for all tests
	site, err := server.NewSite(shared.w)
	if err != nil {
		t.Fatal(err)
	}
	dir = t.TempDir()
	if err := site.WriteDir(dir); err != nil {
		t.Fatal(err)
	}
	return dir, site
}

// newBuild copies a written site and changes it as a new release would: another style
// sheet, hence another version in the service worker.
func newBuild(t *testing.T, from string, site *server.Site, marker string) string {
	t.Helper()
	dir := t.TempDir()
	for name, e := range site.Files {
		data := e.Raw
		switch name {
		case "app.css":
			data = append(append([]byte(nil), data...), []byte("\n/* "+marker+" */\n")...)
		case "sw.js":
			data = []byte(strings.Replace(string(data), site.Version, marker, 1))
		}
		file := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// The built site under a sub-path of a plain file server: it works, keeps working with
// the network cut (open, score, save, restore), and moves to a new build only when the
// user accepts it, as a whole.
func TestSiteOfflineAndUpdate(t *testing.T) {
	exe := chromium(t)
	dir, site := writeSite(t)
	host := &staticHost{}
	host.set(dir, false)
	srv := httptest.NewServer(host)
	defer srv.Close()
	url := srv.URL + "/tools/aia/"

	p := &page{Page: browsertest.Page{T: t}, exe: exe, url: url, downloads: browsertest.BrowserDir(t), profile: browsertest.BrowserDir(t)}
	t.Cleanup(func() { p.stop() })
	p.start()
	p.open()
	p.Poll(`document.documentElement.dataset.offline === 'ready' && !!navigator.serviceWorker.controller`)

	// The cache holds the app's files, and nothing else.
	var want []string
	for name := range site.Files {
		switch name {
		case "sw.js":
		case "index.html":
			want = append(want, "/tools/aia/") // the page, as people open it
		default:
			want = append(want, "/tools/aia/"+name)
		}
	}
	sort.Strings(want)
	cached := eval[map[string][]string](p, `(async () => {
		const out = {};
		for (const k of await caches.keys()) out[k] = (await (await caches.open(k)).keys()).map((r) => new URL(r.url).pathname).sort();
		return out;
	})()`)
	if diff := cmp.Diff(map[string][]string{"aia-app-" + site.Version: want}, cached); diff != "" {
		t.Errorf("Cache Storage (-want +got):\n%s", diff)
	}

	// The network goes away: the app still opens, scores and saves, and a reload
	// restores the assessment from IndexedDB.
	host.set(dir, true)
	p.Do(chromedp.Navigate(url))
	p.waitReady()
	p.Click("#new-assessment")
	p.Poll(`document.body.dataset.view === 'form'`)
	p.Click(`.section-link[data-page="riskProfile"]`)
	p.Click(`input[name="riskProfile1"][value="item1-3"]`)
	p.waitSaved()
	if got, want := p.score(), [4]int{1, 3, 3, 0}; got != want { // item1-3 weighs 3 raw points
		t.Errorf("offline score bar (level, current, raw, mitigation) %v, want %v", got, want)
	}
	answered := `document.body.dataset.view === 'form' && document.getElementById('score').dataset.raw === '3'`
	p.Do(chromedp.Navigate(url))
	p.Poll(answered)
	if _, err := http.Get(url); err == nil {
		t.Fatal("the test's network cut does not cut")
	}

	// A new build is published: the page says so and keeps running the old one until
	// the user reloads; then the new build replaces the old one as a whole.
	const marker = "b2b2b2b2b2b2b2b2"
	host.set(newBuild(t, dir, site, marker), false)
	p.Do(chromedp.Navigate(url))
	p.waitReady()
	p.Poll(`!!document.getElementById('update-banner')`)
	if eval[bool](p, `fetch('app.css').then((r) => r.text()).then((s) => s.includes('`+marker+`'))`) {
		t.Error("the new build's files are in use before the user reloaded")
	}
	p.Click("#update-reload")
	p.pollThroughReload(`document.documentElement.dataset.offline === 'ready' && !document.getElementById('update-banner') &&
		fetch('app.css').then((r) => r.text()).then((s) => s.includes('` + marker + `'))`)
	keys := eval[[]string](p, `caches.keys()`)
	if diff := cmp.Diff([]string{"aia-app-" + marker}, keys); diff != "" {
		t.Errorf("caches after the update (-want +got):\n%s", diff)
	}
	// The assessment survived the update.
	p.Poll(answered)
}

// pollThroughReload waits until an expression (which may be a Promise) is true, while the
// page may be reloading: evaluation errors only mean "not yet".
func (p *page) pollThroughReload(expr string) {
	p.T.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		ctx, cancel := context.WithTimeout(p.Ctx, 5*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr, chromedp.EvalAwaitPromise))
		cancel()
		if err == nil && ok {
			return
		}
	}
	p.T.Fatalf("waiting for %s: timeout\n%s", expr, p.screenshot())
}
