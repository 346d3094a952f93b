//go:build !js

package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/gc-aia/aia/internal/browsertest"
)

// storePage runs a js/wasm test binary in the page and keeps what it prints and its
// exit code.
const storePage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>wasm test</title>
<script src="wasm_exec.js"></script></head><body><script>
window.testOutput = '';
const decoder = new TextDecoder();
const write = globalThis.fs.writeSync.bind(globalThis.fs);
globalThis.fs.writeSync = (fd, buf) => { window.testOutput += decoder.decode(buf); return write(fd, buf); };
const go = new Go();
go.argv = ['store.test', '-test.v', '-test.timeout=60s'];
go.exit = (code) => { window.testExit = code; };
WebAssembly.instantiateStreaming(fetch('store.test.wasm'), go.importObject)
  .then((r) => go.run(r.instance))
  .catch((e) => { window.testOutput += String(e); window.testExit = -1; });
</script></body></html>`

// TestStoreInBrowser runs wasm/store's tests (IndexedDB through go-indexeddb), compiled
// for js/wasm, in headless Chromium: IndexedDB exists only in a browser.
func TestStoreInBrowser(t *testing.T) {
	exe := chromium(t)
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build the js/wasm test binary")
	}
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	build := exec.CommandContext(ctx, goCmd, "test", "-c", "-o", filepath.Join(dir, "store.test.wasm"), "../store")
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("GOOS=js GOARCH=wasm go test -c ../store: %v\n%s", err, out)
	}
	goroot, err := exec.CommandContext(ctx, goCmd, "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	wasmExec, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		t.Fatal(err)
	}
	testWasm, err := os.ReadFile(filepath.Join(dir, "store.test.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(storePage))
		case "/wasm_exec.js":
			w.Header().Set("Content-Type", "text/javascript")
			w.Write(wasmExec)
		case "/store.test.wasm":
			w.Header().Set("Content-Type", "application/wasm")
			w.Write(testWasm)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	p := &page{Page: browsertest.Page{T: t}, exe: exe, url: srv.URL + "/", downloads: browsertest.BrowserDir(t), profile: browsertest.BrowserDir(t)}
	t.Cleanup(func() { p.stop() })
	p.start()
	p.Do(chromedp.Navigate(p.url))
	p.Poll(`window.testExit !== undefined`)
	out := eval[string](p, `window.testOutput`)
	code := eval[int](p, `window.testExit`)
	t.Logf("js/wasm store tests in Chromium:\n%s", out)
	if code != 0 {
		t.Fatalf("store tests exited with %d", code)
	}
	for _, name := range []string{"TestPutGetList", "TestDuplicateRemove", "TestSettingsAndReopen", "TestCancelledContext", "TestSaveMergesTabs", "TestSaveConcurrent", "TestMerge", "TestSameFile", "TestQuestionnaires", "TestUpgradeFromVersion1"} {
		if !strings.Contains(out, "--- PASS: "+name) {
			t.Errorf("%s did not pass", name)
		}
	}
}
