package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gc-aia/aia/questionnaire"
	"github.com/gc-aia/aia/wasm/engine"
	"github.com/gc-aia/aia/wasm/web"
)

// Site is the complete browser app as static files: the page, its scripts and styles,
// wasm_exec.js, the engine, the service worker, the web app manifest and the icons.
// Every URL in it is relative, so it works under any path of any static host. It is
// what "aia site" writes and what "aia serve" serves.
type Site struct {
	// Files maps each file's name (a path relative to the site's root, with slashes) to
	// its contents and their compressed encodings.
	Files map[string]Encoded
	// Version is a hash of every file: the service worker's cache is named after it, so
	// that a new build replaces the cached app as a whole.
	Version string
}

// precompressMin is the size from which a written site has .br and .gz copies beside a
// file, for hosts that serve them (nginx gzip_static and brotli_static, Caddy's
// precompressed).
const precompressMin = 1024

// serviceWorker is the name of the service worker file; its contents depend on every
// other file, so it is generated last.
const serviceWorker = "sw.js"

// NewSite assembles the site from the app's files (package web) and the built engine.
func NewSite(w *Wasm) (*Site, error) {
	raw := map[string][]byte{"aia.wasm": w.Wasm.Raw, "wasm_exec.js": w.WasmExec.Raw}
	err := fs.WalkDir(web.Files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(web.Files, name)
		raw[name] = data
		return err
	})
	if err != nil {
		return nil, err
	}
	raw["index.html"], err = withMetaCSP(raw["index.html"])
	if err != nil {
		return nil, err
	}
	for _, size := range []int{192, 512} {
		raw[fmt.Sprintf("icon-%d.png", size)] = iconPNG(size)
	}
	for _, lang := range []string{"en", "fr"} {
		if raw[startFile(lang)], err = StartData(lang); err != nil {
			return nil, err
		}
	}
	encoded := map[string]Encoded{"aia.wasm": w.Wasm, "wasm_exec.js": w.WasmExec} // compressed once, when built
	return assemble(raw, encoded)
}

// assemble computes the version, fills in the service worker and compresses the files
// not already in encoded.
func assemble(raw map[string][]byte, encoded map[string]Encoded) (*Site, error) {
	template, ok := raw[serviceWorker]
	if !ok {
		return nil, errors.New("the app has no service worker (" + serviceWorker + ")")
	}
	delete(raw, serviceWorker)
	m := minifier()
	names := make([]string, 0, len(raw))
	for name, data := range raw {
		small, err := minified(m, name, data)
		if err != nil {
			return nil, err
		}
		raw[name] = small
		names = append(names, name)
	}
	slices.Sort(names)
	h := sha256.New()
	h.Write(template)
	for _, name := range names {
		fmt.Fprintf(h, "%s %d\n", name, len(raw[name]))
		h.Write(raw[name])
	}
	s := &Site{Files: map[string]Encoded{}, Version: hex.EncodeToString(h.Sum(nil))[:16]}
	// The page is cached as the site's directory ("./"), the URL people open: hosts
	// redirect ".../index.html" to it (Go's file server does), and a service worker
	// cannot answer a navigation with a redirect.
	urls := slices.Clone(names)
	urls[slices.Index(urls, "index.html")] = "./"
	files, _ := json.Marshal(urls)
	sw := bytes.Replace(template, []byte("'__AIA_VERSION__'"), []byte("'"+s.Version+"'"), 1)
	sw = bytes.Replace(sw, []byte("__AIA_FILES__"), files, 1)
	raw[serviceWorker] = sw // as written: aia serve --site reads its VERSION and FILES back
	for name, data := range raw {
		if e, ok := encoded[name]; ok && bytes.Equal(e.Raw, data) {
			s.Files[name] = e
		} else if len(data) >= precompressMin && compressible(name) {
			s.Files[name] = Encode(data)
		} else {
			s.Files[name] = Encoded{Raw: data}
		}
	}
	return s, nil
}

func compressible(name string) bool {
	return !strings.HasSuffix(name, ".png")
}

// withMetaCSP carries the Content-Security-Policy in the page itself, for hosts that
// set no headers. A <meta> cannot carry frame-ancestors (browsers ignore it there):
// that one needs the header, which the README lists.
func withMetaCSP(page []byte) ([]byte, error) {
	const charset = `<meta charset="utf-8">`
	if !bytes.Contains(page, []byte(charset)) {
		return nil, errors.New("index.html has no " + charset)
	}
	meta := fmt.Sprintf("%s\n<meta http-equiv=\"Content-Security-Policy\" content=\"%s\">", charset, MetaContentSecurityPolicy)
	return bytes.Replace(page, []byte(charset), []byte(meta), 1), nil
}

// MetaContentSecurityPolicy is ContentSecurityPolicy without what a <meta> cannot say.
var MetaContentSecurityPolicy = strings.Replace(ContentSecurityPolicy, " frame-ancestors 'none';", "", 1)

// iconPNG draws the app's icon (three white bars on the app's blue) at size × size.
func iconPNG(size int) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	blue := color.NRGBA{0x26, 0x37, 0x4a, 0xff}
	white := color.NRGBA{0xff, 0xff, 0xff, 0xff}
	unit := float64(size) / 64
	bars := [][4]float64{{14, 34, 22, 50}, {28, 24, 36, 50}, {42, 14, 50, 50}}
	for y := range size {
		for x := range size {
			c := blue
			fx, fy := float64(x)/unit, float64(y)/unit
			for _, b := range bars {
				if fx >= b[0] && fx < b[2] && fy >= b[1] && fy < b[3] {
					c = white
				}
			}
			img.SetNRGBA(x, y, c)
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img) // encoding to memory cannot fail
	return b.Bytes()
}

// startFile is the name of the start data in a language (see StartData).
func startFile(lang string) string { return "start-" + lang + ".json" }

// StartData is what the page shows before the engine has compiled, in a language ("en"
// or "fr"), as JSON: the questionnaire versions the engine embeds ("versions", as
// aia.versions() gives them), the questionnaire in force as the page renders it
// ("questionnaire", as aia.questionnaire(version, lang) gives it), and the evaluation
// of a new, empty assessment of that version ("empty", as aia.evaluate gives it for
// NewAssessment). The page opens the welcome view and a new assessment from it at
// once, and the engine, when it is ready, takes over (and evaluates again).
func StartData(lang string) ([]byte, error) {
	versions, err := json.Marshal(engine.Versions())
	if err != nil {
		return nil, err
	}
	q, err := engine.QuestionnaireJSON(questionnaire.Current, lang)
	if err != nil {
		return nil, err
	}
	ev, err := engine.Evaluate([]byte(NewAssessment))
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString(`{"versions":`)
	b.Write(versions)
	b.WriteString(`,"newAssessment":`)
	text, _ := json.Marshal(NewAssessment)
	b.Write(text)
	b.WriteString(`,"questionnaire":`)
	b.Write(q)
	b.WriteString(`,"empty":`)
	b.Write(ev.AppendJSON(nil))
	b.WriteString("}\n")
	return b.Bytes(), nil
}

// NewAssessment is the saved file of a new assessment of the questionnaire in force, as
// the page creates it ("Start a new assessment").
var NewAssessment = `{"version":"` + questionnaire.Current + `","currentPage":0,"data":{},"translationsOnResult":{}}`

// Size returns the bytes a first visit transfers with an encoding ("br", "gzip" or ""):
// the files the page loads before it is usable (the page, the style sheet, every script
// module, boot.js, offline.js, wasm_exec.js, the engine and the start data in English),
// added up.
func (s *Site) Size(encoding string) int {
	n := 0
	for name, e := range s.Files {
		switch {
		case name == "index.html", name == "app.css", name == "boot.js", name == "offline.js", name == "wasm_exec.js", name == "aia.wasm", name == startFile("en"),
			strings.HasPrefix(name, "js/") && strings.HasSuffix(name, ".js"):
			n += len(e.body(encoding))
		}
	}
	return n
}

func (e Encoded) body(encoding string) []byte {
	switch {
	case encoding == "br" && e.Brotli != nil:
		return e.Brotli
	case encoding == "gzip" && e.Gzip != nil:
		return e.Gzip
	}
	return e.Raw
}

// WriteDir writes the site into dir (created when missing), with .br and .gz copies
// beside the large files. Each file is written under a temporary name and renamed, and
// the service worker last, so that a host serving dir meanwhile never offers a new
// service worker with old files.
func (s *Site) WriteDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	names := make([]string, 0, len(s.Files))
	for name := range s.Files {
		if name != serviceWorker {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range append(names, serviceWorker) {
		e := s.Files[name]
		for suffix, data := range map[string][]byte{"": e.Raw, ".br": e.Brotli, ".gz": e.Gzip} {
			if data == nil {
				continue
			}
			if err := writeFileAtomic(filepath.Join(dir, filepath.FromSlash(name+suffix)), data); err != nil {
				return err
			}
		}
	}
	return nil
}

func writeFileAtomic(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp-*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("writing %s: %w", name, err)
	}
	return nil
}

// ReadSite reads a site that WriteDir wrote (or any copy of it on a static host's
// disk), checking that every file the service worker lists is there.
func ReadSite(dir string) (*Site, error) {
	return readSite(os.DirFS(dir), dir)
}

// readSite reads a site from fsys; where names the site in errors.
func readSite(fsys fs.FS, where string) (*Site, error) {
	sw, err := fs.ReadFile(fsys, serviceWorker)
	if err != nil {
		return nil, fmt.Errorf("%s is not a site built by \"aia site\": %w", where, err)
	}
	version, files, err := parseServiceWorker(sw)
	if err != nil {
		return nil, fmt.Errorf("%s/%s: %w", where, serviceWorker, err)
	}
	s := &Site{Files: map[string]Encoded{}, Version: version}
	for _, name := range append(files, serviceWorker) {
		if !fs.ValidPath(name) {
			return nil, fmt.Errorf("%s/%s lists %q, which is not a file of the site", where, serviceWorker, name)
		}
		var e Encoded
		if e.Raw, err = fs.ReadFile(fsys, name); err != nil {
			return nil, fmt.Errorf("%s: incomplete site: %w", where, err)
		}
		e.Brotli, _ = fs.ReadFile(fsys, name+".br") // optional
		e.Gzip, _ = fs.ReadFile(fsys, name+".gz")
		s.Files[name] = e
	}
	return s, nil
}

// parseServiceWorker reads back the version and file list "aia site" wrote into sw.js.
func parseServiceWorker(sw []byte) (version string, files []string, err error) {
	text := string(sw)
	_, rest, ok := strings.Cut(text, "const VERSION = '")
	if !ok {
		return "", nil, errors.New("no VERSION")
	}
	version, _, _ = strings.Cut(rest, "'")
	_, rest, ok = strings.Cut(text, "const FILES = ")
	if !ok {
		return "", nil, errors.New("no FILES")
	}
	list, _, _ := strings.Cut(rest, ";\n")
	if err := json.Unmarshal([]byte(list), &files); err != nil {
		return "", nil, fmt.Errorf("FILES: %w", err)
	}
	if i := slices.Index(files, "./"); i >= 0 {
		files[i] = "index.html"
	}
	if version == "" || version == "__AIA_VERSION__" || len(files) == 0 {
		return "", nil, errors.New("the service worker was not filled in by \"aia site\"")
	}
	return version, files, nil
}

// contentType returns the Content-Type of a site file.
func contentType(name string) string {
	switch path.Ext(name) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".wasm":
		return "application/wasm"
	case ".json":
		return "application/json"
	case ".webmanifest":
		return "application/manifest+json"
	case ".svg":
		return "image/svg+xml"
	case ".png":
		return "image/png"
	}
	return "application/octet-stream"
}
