// Package server serves the browser AIA app: the embedded page (wasm/web), the engine
// built for WebAssembly (wasm) and Go's wasm_exec.js, compressed, under a strict
// Content-Security-Policy, on the loopback interface by default. "aia serve" runs it.
package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// ContentSecurityPolicy allows the page's own scripts, styles and WebAssembly
// ('wasm-unsafe-eval' lets it compile; 'unsafe-eval' stays off), nothing inline and
// nothing from another origin, and makes the DOM refuse HTML strings (Trusted Types).
const ContentSecurityPolicy = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types aia-service-worker"

// asset is one file the handler serves.
type asset struct {
	contentType string
	enc         Encoded
	etag        string
	document    bool // a page, an image that can be one, or the service worker (documentHeaders)
}

// Handler serves the app.
type Handler struct {
	assets map[string]*asset
	site   *Site
	// LoopbackOnly refuses requests whose Host is not a loopback name or address, so
	// that other sites cannot reach the app through DNS rebinding.
	LoopbackOnly bool
}

// NewHandler returns a handler that serves the site.
func NewHandler(site *Site) (*Handler, error) {
	if _, ok := site.Files["index.html"]; !ok {
		return nil, errors.New("the site has no index.html")
	}
	h := &Handler{assets: map[string]*asset{}, site: site, LoopbackOnly: true}
	for name, enc := range site.Files {
		sum := sha256.Sum256(enc.Raw)
		ct := contentType(name)
		document := strings.HasPrefix(ct, "text/html") || strings.HasPrefix(ct, "image/svg+xml") || name == "sw.js"
		h.assets["/"+name] = &asset{contentType: ct, enc: enc, etag: hex.EncodeToString(sum[:8]), document: document}
	}
	h.assets["/"] = h.assets["/index.html"]
	return h, nil
}

func (a *asset) body(encoding string) []byte { return a.enc.body(encoding) }

// Size returns the bytes a first visit transfers with an encoding (see Site.Size).
func (h *Handler) Size(encoding string) int { return h.site.Size(encoding) }

// documentHeaders are the headers that govern a document or a worker: the page, the
// service worker, an SVG opened on its own, an error page. The engine, scripts, styles
// and data files go without them: there they have no effect, and they would add about
// 500 bytes to each of a first visit's twenty responses.
func documentHeaders(hd http.Header) {
	hd.Set("Content-Security-Policy", ContentSecurityPolicy)
	hd.Set("Referrer-Policy", "no-referrer")
	hd.Set("X-Frame-Options", "DENY")
	hd.Set("Cross-Origin-Opener-Policy", "same-origin")
	hd.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()")
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Cross-Origin-Resource-Policy", "same-origin")
	if h.LoopbackOnly && !loopbackHost(r.Host) {
		documentHeaders(hd)
		http.Error(w, "this server answers only to localhost, 127.0.0.1 or [::1]", http.StatusMisdirectedRequest)
		return
	}
	a, ok := h.assets[r.URL.Path]
	if !ok {
		documentHeaders(hd)
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	if a.document {
		documentHeaders(hd)
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		hd.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	encoding := negotiate(r.Header.Get("Accept-Encoding"))
	if (encoding == "br" && a.enc.Brotli == nil) || (encoding == "gzip" && a.enc.Gzip == nil) {
		encoding = "" // a small file has no compressed copy
	}
	body := a.body(encoding)
	etag := `"` + a.etag
	if encoding != "" {
		etag += "-" + encoding
	}
	etag += `"`
	hd.Set("Vary", "Accept-Encoding")
	hd.Set("Cache-Control", "no-cache") // revalidate: a rebuilt engine shows at once
	hd.Set("ETag", etag)
	if match := r.Header.Get("If-None-Match"); match != "" && etagMatches(match, etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	hd.Set("Content-Type", a.contentType)
	if encoding != "" {
		hd.Set("Content-Encoding", encoding)
	}
	hd.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodGet {
		w.Write(body)
	}
}

// negotiate picks the encoding to send: brotli, else gzip, else none.
func negotiate(accept string) string {
	q := map[string]float64{}
	for _, part := range strings.Split(accept, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		weight := 1.0
		for _, p := range strings.Split(params, ";") {
			if v, ok := strings.CutPrefix(strings.TrimSpace(p), "q="); ok {
				if f, err := strconv.ParseFloat(v, 64); err == nil {
					weight = f
				}
			}
		}
		if name != "" {
			q[name] = weight
		}
	}
	accepts := func(enc string) bool {
		if w, ok := q[enc]; ok {
			return w > 0
		}
		w, ok := q["*"]
		return ok && w > 0
	}
	switch {
	case accepts("br"):
		return "br"
	case accepts("gzip"):
		return "gzip"
	}
	return ""
}

func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

// loopbackHost reports whether a Host header names this machine's loopback interface.
func loopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.Trim(host, "[]"), ".")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Options configure Serve.
type Options struct {
	// Addr is the address to listen on; "" is DefaultAddr.
	Addr string
	// AllowRemote allows an address that is not a loopback one. Without it the server
	// listens on this machine only, and answers only requests addressed to it.
	AllowRemote bool
	// Site is the directory of a site built by "aia site"; "" serves the site embedded
	// in a release build, or else builds it from the source (Build).
	Site  string
	Build BuildOptions
	// Ready, when set, is called with the app's URL once the server listens.
	Ready func(url string)
}

// site finds the app to serve: the built site in the directory given, the site embedded
// in a release build, or else a site built from the source.
func (o Options) site(ctx context.Context) (*Site, error) {
	if o.Site != "" {
		return ReadSite(o.Site)
	}
	if s, err := EmbeddedSite(); s != nil || err != nil {
		return s, err
	}
	w, err := Build(ctx, o.Build)
	if err != nil {
		return nil, fmt.Errorf("%w\n\n%s", err, WaysToGetTheApp)
	}
	return NewSite(w)
}

// WaysToGetTheApp is said when none of them applies.
const WaysToGetTheApp = `The browser app comes three ways:
  1. a release of aia (GitHub releases): its aia embeds the app, and "aia serve" serves it;
  2. a built site: "aia site --out DIR" (run once where Go and the source are), then
     "aia serve --site DIR" here, or any static web host serving DIR;
  3. from the source, with the go command on PATH: in a clone of the repository, or after
     "go install ` + ModulePath + `/cmd/aia@latest" (the source is then in the module cache).`

// DefaultAddr is where the app is served by default: the loopback interface only.
const DefaultAddr = "127.0.0.1:8080"

// Serve builds (or finds in the cache) the engine, then serves the app until ctx is
// done.
func Serve(ctx context.Context, opts Options) error {
	addr := opts.Addr
	if addr == "" {
		addr = DefaultAddr
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("address %q: %v", addr, err)
	}
	if !opts.AllowRemote && !loopbackHost(host) {
		return fmt.Errorf("address %q is not a loopback address: the app serves this machine only unless remote access is allowed explicitly", addr)
	}
	site, err := opts.site(ctx)
	if err != nil {
		return err
	}
	h, err := NewHandler(site)
	if err != nil {
		return err
	}
	h.LoopbackOnly = !opts.AllowRemote
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if opts.Ready != nil {
		opts.Ready("http://" + displayAddr(ln.Addr()) + "/")
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func displayAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		return a.String()
	}
	if tcp.IP.IsUnspecified() {
		return net.JoinHostPort("localhost", strconv.Itoa(tcp.Port))
	}
	return net.JoinHostPort(tcp.IP.String(), strconv.Itoa(tcp.Port))
}
