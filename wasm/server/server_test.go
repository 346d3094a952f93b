package server_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"

	"github.com/gc-aia/aia/wasm/server"
)

// fakeWasm stands for a built engine in the handler's tests.
func fakeWasm() *server.Wasm {
	return &server.Wasm{
		Wasm: server.Encode(append([]byte("\x00asm\x01\x00\x00\x00"), bytes.Repeat([]byte("engine "), 1000)...)),
		// Large enough, once minified, to be served compressed as the real one is.
		WasmExec: server.Encode([]byte("globalThis.Go = class {};" + strings.Repeat("globalThis.engineReady = false;", 50))),
	}
}

// fakeSite is the site with fakeWasm for an engine.
func fakeSite(t *testing.T) *server.Site {
	t.Helper()
	site, err := server.NewSite(fakeWasm())
	if err != nil {
		t.Fatal(err)
	}
	return site
}

func get(t *testing.T, h http.Handler, method, path string, header map[string]string) *http.Response {
	t.Helper()
	r := httptest.NewRequest(method, "http://127.0.0.1:8080"+path, nil)
	for k, v := range header {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Result()
}

func decode(t *testing.T, resp *http.Response) []byte {
	t.Helper()
	var r io.Reader = resp.Body
	switch resp.Header.Get("Content-Encoding") {
	case "br":
		r = brotli.NewReader(resp.Body)
	case "gzip":
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestHandlerServesAssets(t *testing.T) {
	w := fakeWasm()
	site, err := server.NewSite(w)
	if err != nil {
		t.Fatal(err)
	}
	h, err := server.NewHandler(site)
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		"/":             "text/html; charset=utf-8",
		"/index.html":   "text/html; charset=utf-8",
		"/app.css":      "text/css; charset=utf-8",
		"/js/main.js":   "text/javascript; charset=utf-8",
		"/wasm_exec.js": "text/javascript; charset=utf-8",
		"/aia.wasm":     "application/wasm",
	} {
		for _, enc := range []string{"br", "gzip", ""} {
			resp := get(t, h, "GET", path, map[string]string{"Accept-Encoding": enc})
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != want {
				t.Errorf("%s (%q): %d %q, want 200 %q", path, enc, resp.StatusCode, resp.Header.Get("Content-Type"), want)
			}
			if got := resp.Header.Get("Content-Encoding"); got != enc {
				t.Errorf("%s: Content-Encoding %q for Accept-Encoding %q", path, got, enc)
			}
			body := decode(t, resp)
			if path == "/aia.wasm" && !bytes.Equal(body, w.Wasm.Raw) {
				t.Errorf("aia.wasm (%q) does not decode to the engine", enc)
			}
			if path == "/" && !bytes.Contains(body, []byte(`<script type="module" src="js/main.js"></script>`)) {
				t.Errorf("index (%q) is not the app's page", enc)
			}
			if resp.Header.Get("Vary") != "Accept-Encoding" || resp.Header.Get("Cache-Control") != "no-cache" || resp.Header.Get("ETag") == "" {
				t.Errorf("%s: caching headers %v", path, resp.Header)
			}
		}
	}
	if got := h.Size("br"); got >= h.Size("gzip") || h.Size("gzip") >= h.Size("") {
		t.Errorf("sizes: br %d, gzip %d, raw %d", got, h.Size("gzip"), h.Size(""))
	}
}

func TestHandlerSecurityHeaders(t *testing.T) {
	h, err := server.NewHandler(fakeSite(t))
	if err != nil {
		t.Fatal(err)
	}
	resp := get(t, h, "GET", "/", nil)
	csp := resp.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "script-src 'self' 'wasm-unsafe-eval'", "connect-src 'self'", "frame-ancestors 'none'", "require-trusted-types-for 'script'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	for _, bad := range []string{"'unsafe-inline'", "'unsafe-eval'", "http:", "https:", "*"} {
		if strings.Contains(strings.ReplaceAll(csp, "'wasm-unsafe-eval'", ""), bad) {
			t.Errorf("CSP %q allows %s", csp, bad)
		}
	}
	for k, v := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"} {
		if resp.Header.Get(k) != v {
			t.Errorf("%s = %q, want %q", k, resp.Header.Get(k), v)
		}
	}
	// The policy governs documents and workers; the engine, scripts and data go without
	// it (it has no effect there), never without nosniff.
	for path, document := range map[string]bool{"/sw.js": true, "/icon.svg": true, "/nothing-here": true, "/aia.wasm": false, "/js/main.js": false, "/app.css": false} {
		resp := get(t, h, "GET", path, nil)
		if got := resp.Header.Get("Content-Security-Policy") != ""; got != document {
			t.Errorf("%s: CSP sent %v, want %v", path, got, document)
		}
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" || resp.Header.Get("Cross-Origin-Resource-Policy") != "same-origin" {
			t.Errorf("%s: nosniff %q, CORP %q", path, resp.Header.Get("X-Content-Type-Options"), resp.Header.Get("Cross-Origin-Resource-Policy"))
		}
	}
}

func TestHandlerErrorsAndCaching(t *testing.T) {
	h, err := server.NewHandler(fakeSite(t))
	if err != nil {
		t.Fatal(err)
	}
	if resp := get(t, h, "GET", "/nope.js", nil); resp.StatusCode != 404 {
		t.Errorf("unknown path: %d", resp.StatusCode)
	}
	if resp := get(t, h, "POST", "/js/main.js", nil); resp.StatusCode != 405 || resp.Header.Get("Allow") != "GET, HEAD" {
		t.Errorf("POST: %d, Allow %q", resp.StatusCode, resp.Header.Get("Allow"))
	}
	head := get(t, h, "HEAD", "/aia.wasm", map[string]string{"Accept-Encoding": "gzip"})
	if b, _ := io.ReadAll(head.Body); head.StatusCode != 200 || len(b) != 0 || head.Header.Get("Content-Length") == "0" {
		t.Errorf("HEAD: %d, %d bytes, Content-Length %s", head.StatusCode, len(b), head.Header.Get("Content-Length"))
	}
	first := get(t, h, "GET", "/aia.wasm", map[string]string{"Accept-Encoding": "gzip, br"})
	etag := first.Header.Get("ETag")
	if again := get(t, h, "GET", "/aia.wasm", map[string]string{"Accept-Encoding": "gzip, br", "If-None-Match": etag}); again.StatusCode != 304 {
		t.Errorf("revalidation with %s: %d, want 304", etag, again.StatusCode)
	}
	if other := get(t, h, "GET", "/aia.wasm", map[string]string{"Accept-Encoding": "gzip", "If-None-Match": etag}); other.StatusCode != 200 {
		t.Errorf("the brotli ETag matched the gzip encoding: %d", other.StatusCode)
	}
}

func TestHandlerNegotiation(t *testing.T) {
	h, err := server.NewHandler(fakeSite(t))
	if err != nil {
		t.Fatal(err)
	}
	for accept, want := range map[string]string{
		"gzip, deflate, br, zstd": "br",
		"gzip":                    "gzip",
		"br;q=0, gzip;q=0.5":      "gzip",
		"*":                       "br",
		"br;q=0, *;q=0.1":         "gzip",
		"identity":                "",
		"gzip;q=0":                "",
		"":                        "",
	} {
		if got := get(t, h, "GET", "/js/form.js", map[string]string{"Accept-Encoding": accept}).Header.Get("Content-Encoding"); got != want {
			t.Errorf("Accept-Encoding %q: %q, want %q", accept, got, want)
		}
	}
}

func TestHandlerLoopbackOnly(t *testing.T) {
	h, err := server.NewHandler(fakeSite(t))
	if err != nil {
		t.Fatal(err)
	}
	for hostport, ok := range map[string]bool{
		"127.0.0.1:8080": true, "localhost:8080": true, "[::1]:8080": true, "127.0.0.2": true, "LOCALHOST": true,
		"evil.example:8080": false, "192.168.1.4:8080": false, "attacker.localhost.example": false,
	} {
		r := httptest.NewRequest("GET", "http://127.0.0.1:8080/", nil)
		r.Host = hostport
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if (w.Code == 200) != ok {
			t.Errorf("Host %s: status %d", hostport, w.Code)
		}
	}
	h.LoopbackOnly = false
	r := httptest.NewRequest("GET", "http://evil.example/", nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != 200 {
		t.Errorf("with remote access allowed: %d", w.Code)
	}
}

func TestServeRefusesRemoteAddress(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.1:8080"} {
		err := server.Serve(context.Background(), server.Options{Addr: addr, Build: server.BuildOptions{Source: t.TempDir()}})
		if err == nil || !strings.Contains(err.Error(), "not a loopback address") {
			t.Errorf("Serve(%s): %v, want a refusal", addr, err)
		}
	}
	if err := server.Serve(context.Background(), server.Options{Addr: "nonsense"}); err == nil {
		t.Error("Serve(nonsense) succeeded")
	}
}

func TestFindSourceAndBuildErrors(t *testing.T) {
	root, err := server.FindSource()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "wasm", "main.go")); err != nil {
		t.Errorf("FindSource() = %s, which has no wasm/main.go", root)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/other\n"), 0o644)
	if _, err := server.Build(context.Background(), server.BuildOptions{Source: dir, CacheDir: t.TempDir()}); err == nil || !strings.Contains(err.Error(), "not the root of a checkout") {
		t.Errorf("Build from another module: %v", err)
	}
}

// TestBuildCache builds the engine (or finds it built) and checks that a second build
// comes from the cache under the same key, with the files of a real build.
func TestBuildCache(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("builds and compresses the engine for js/wasm afresh; skipped with -short and -race")
	}
	cache := t.TempDir()
	var log bytes.Buffer
	w1, err := server.Build(context.Background(), server.BuildOptions{CacheDir: cache, Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	if w1.Cached || !strings.Contains(log.String(), "Building the WebAssembly engine") {
		t.Errorf("first build in an empty cache: cached %v, log %q", w1.Cached, log.String())
	}
	w2, err := server.Build(context.Background(), server.BuildOptions{CacheDir: cache})
	if err != nil {
		t.Fatal(err)
	}
	if !w2.Cached || w2.Key != w1.Key || !bytes.Equal(w2.Wasm.Brotli, w1.Wasm.Brotli) {
		t.Errorf("second build: cached %v, key %s vs %s", w2.Cached, w2.Key, w1.Key)
	}
	if !bytes.HasPrefix(w1.Wasm.Raw, []byte("\x00asm")) || !bytes.Contains(w1.WasmExec.Raw, []byte("globalThis.Go = class")) {
		t.Error("the build is not WebAssembly with Go's wasm_exec.js")
	}
	dec, err := io.ReadAll(brotli.NewReader(bytes.NewReader(w1.Wasm.Brotli)))
	if err != nil || !bytes.Equal(dec, w1.Wasm.Raw) {
		t.Errorf("the brotli encoding does not decode to the engine (%v)", err)
	}
	entries, _ := os.ReadDir(cache)
	if len(entries) != 1 || entries[0].Name() != w1.Key {
		t.Errorf("cache holds %v, want one directory named by the key %s", entries, w1.Key)
	}
}

// Files too small to have compressed copies go out as they are, whatever the client
// accepts, and every file of the site is served.
func TestHandlerServesEverySiteFile(t *testing.T) {
	site := fakeSite(t)
	h, err := server.NewHandler(site)
	if err != nil {
		t.Fatal(err)
	}
	for name, e := range site.Files {
		for _, enc := range []string{"br", "gzip", ""} {
			resp := get(t, h, "GET", "/"+name, map[string]string{"Accept-Encoding": enc})
			if resp.StatusCode != 200 {
				t.Errorf("%s: status %d", name, resp.StatusCode)
				continue
			}
			if got := decode(t, resp); !bytes.Equal(got, e.Raw) {
				t.Errorf("%s (Accept-Encoding %q, Content-Encoding %q): %d bytes, want %d", name, enc, resp.Header.Get("Content-Encoding"), len(got), len(e.Raw))
			}
		}
	}
	for _, name := range []string{"manifest.webmanifest", "icon.svg", "sw.js", "icon-192.png"} {
		if _, ok := site.Files[name]; !ok {
			t.Errorf("the site has no %s", name)
		}
	}
}

// A written site reads back as it was, and a directory that is not a site is refused.
func TestSiteWriteRead(t *testing.T) {
	site := fakeSite(t)
	dir := t.TempDir()
	if err := site.WriteDir(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "aia.wasm.br")); err != nil {
		t.Error("no precompressed copy beside the engine")
	}
	if _, err := os.Stat(filepath.Join(dir, "icon.svg.br")); err == nil {
		t.Error("a small file got a compressed copy")
	}
	back, err := server.ReadSite(dir)
	if err != nil {
		t.Fatal(err)
	}
	if back.Version != site.Version || len(back.Files) != len(site.Files) {
		t.Fatalf("read back version %s with %d files, want %s with %d", back.Version, len(back.Files), site.Version, len(site.Files))
	}
	for name, e := range site.Files {
		if !bytes.Equal(back.Files[name].Raw, e.Raw) || !bytes.Equal(back.Files[name].Brotli, e.Brotli) {
			t.Errorf("%s differs once read back", name)
		}
	}
	os.Remove(filepath.Join(dir, "js", "main.js"))
	if _, err := server.ReadSite(dir); err == nil || !strings.Contains(err.Error(), "incomplete site") {
		t.Errorf("a site without js/main.js: %v", err)
	}
	if _, err := server.ReadSite(t.TempDir()); err == nil || !strings.Contains(err.Error(), "not a site built by") {
		t.Errorf("an empty directory: %v", err)
	}
}
