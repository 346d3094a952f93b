package server

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/andybalholm/brotli"
)

// ModulePath is the module the WebAssembly is built from.
const ModulePath = "github.com/gc-aia/aia"

// Package is the js/wasm main package, relative to the module root.
const Package = "./wasm"

// buildFlags are the flags of the js/wasm build: no file paths in the binary, no symbol
// table nor debug information (the browser needs neither), and no inlining: the binary
// (its data segments merged, see coalesceDataSegments) is 5 % larger raw but 12 %
// smaller with brotli (about 850 KB instead of 965 KB), which keeps a first visit well
// within 1 MB, while a recompute after an answer still takes about 1.2 ms instead of
// 0.9 ms (budget 2 ms). The end-to-end tests measure both. No version control stamp
// either: the engine is then a function of what the cache key hashes (the sources and
// the toolchain), the same in every checkout and at every commit that leaves them
// unchanged, which also keeps a site's version (and the browsers' caches) unchanged.
var buildFlags = []string{"-trimpath", "-buildvcs=false", "-ldflags=-s -w", "-gcflags=all=-l"}

// cacheFormat changes when the cache's layout, the processing of the linked engine or
// the compression settings change, so that older caches are rebuilt.
const cacheFormat = "aia-wasm-cache/2 coalesced-data brotli-11 gzip-9"

// Wasm is the built engine: aia.wasm and the wasm_exec.js of the Go that built it, each
// with its brotli and gzip encodings.
type Wasm struct {
	Wasm, WasmExec Encoded
	// Key is the hash of the sources and toolchain the build came from.
	Key string
	// Cached reports whether the build was found in the cache.
	Cached bool
}

// Encoded is a file and its compressed encodings.
type Encoded struct {
	Raw, Brotli, Gzip []byte
}

// BuildOptions say where to build the engine from and where to cache it.
type BuildOptions struct {
	// Source is the root of a checkout of the module; "" finds it (FindSource).
	Source string
	// CacheDir holds the builds, one directory per key; "" is <user cache dir>/aia/wasm.
	CacheDir string
	// Go is the go command; "" finds it.
	Go string
	// Log receives progress messages; nil discards them.
	Log io.Writer
}

// FindSource returns the root of a copy of the module's source: the checkout this file
// was compiled from when it is still there (go run, go test); the module cache's copy
// of the version this program was installed from ("go install …@version"), found
// through the program's build information, not through paths recorded at compile
// time; or the checkout holding the working directory.
func FindSource() (string, error) {
	if _, file, _, ok := runtime.Caller(0); ok && filepath.IsAbs(file) {
		root := filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
		if isModuleRoot(root) {
			return root, nil
		}
	}
	if root := moduleCacheSource(); root != "" {
		return root, nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if isModuleRoot(dir) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return "", errors.New("the WebAssembly engine is built from the source, and no copy of " + ModulePath + " was found (no checkout here, and this program was not installed with go install from a release)")
}

// moduleCacheSource returns the module cache's copy of the module version this program
// was built from, when it was built by "go install …@version" and the copy is
// still there; "" otherwise.
func moduleCacheSource() string {
	info, ok := debug.ReadBuildInfo()
	if !ok || info.Main.Path != ModulePath || info.Main.Version == "" || info.Main.Version == "(devel)" {
		return ""
	}
	goCmd, err := goCommand("")
	if err != nil {
		return ""
	}
	out, err := exec.Command(goCmd, "env", "GOMODCACHE").Output()
	if err != nil {
		return ""
	}
	root := filepath.Join(strings.TrimSpace(string(out)), filepath.FromSlash(escapeModulePath(ModulePath))+"@"+info.Main.Version)
	if !isModuleRoot(root) {
		return ""
	}
	return root
}

// escapeModulePath writes a module path as the module cache does: each upper-case
// letter becomes "!" and its lower case.
func escapeModulePath(p string) string {
	var b strings.Builder
	for _, r := range p {
		if 'A' <= r && r <= 'Z' {
			b.WriteByte('!')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isModuleRoot(dir string) bool {
	f, err := os.Open(filepath.Join(dir, "go.mod"))
	if err != nil {
		return false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if rest, ok := strings.CutPrefix(line, "module"); ok {
			return strings.Trim(strings.TrimSpace(rest), `"`) == ModulePath
		}
	}
	return false
}

// goCommand returns the go command: the one named, or the one on PATH.
func goCommand(name string) (string, error) {
	if name != "" {
		return name, nil
	}
	p, err := exec.LookPath("go")
	if err != nil {
		return "", errors.New("the go command is needed to build the WebAssembly engine, and none is on PATH")
	}
	return p, nil
}

// Build returns the engine built for js/wasm from the sources, from the cache when the
// sources, the Go toolchain and the build settings are unchanged, else building it with
// GOOS=js GOARCH=wasm go build, merging its data segments (coalesceDataSegments),
// compressing it once, and caching it.
func Build(ctx context.Context, opts BuildOptions) (*Wasm, error) {
	logf := func(format string, args ...any) {
		if opts.Log != nil {
			fmt.Fprintf(opts.Log, format+"\n", args...)
		}
	}
	src := opts.Source
	if src == "" {
		var err error
		if src, err = FindSource(); err != nil {
			return nil, err
		}
	}
	if !isModuleRoot(src) {
		return nil, fmt.Errorf("%s is not the root of a checkout of %s", src, ModulePath)
	}
	goCmd, err := goCommand(opts.Go)
	if err != nil {
		return nil, err
	}
	cacheDir := opts.CacheDir
	if cacheDir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return nil, fmt.Errorf("no cache directory for the WebAssembly build: %w", err)
		}
		cacheDir = filepath.Join(base, "aia", "wasm")
	}
	env := wasmEnv()
	goEnv, err := goOutput(ctx, src, env, goCmd, "env", "GOVERSION", "GOROOT", "GOFLAGS", "GOEXPERIMENT")
	if err != nil {
		return nil, err
	}
	lines := strings.Split(strings.TrimRight(goEnv, "\n"), "\n")
	if len(lines) < 2 {
		return nil, fmt.Errorf("go env printed %q", goEnv)
	}
	goroot := lines[1]
	wasmExecPath := filepath.Join(goroot, "lib", "wasm", "wasm_exec.js")
	if _, err := os.Stat(wasmExecPath); err != nil {
		wasmExecPath = filepath.Join(goroot, "misc", "wasm", "wasm_exec.js") // before Go 1.24
	}
	key, err := sourceKey(src, cacheFormat+"\n"+goEnv+strings.Join(buildFlags, " ")+"\n", wasmExecPath)
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(cacheDir, key)
	if w, err := readCache(dir); err == nil {
		w.Key, w.Cached = key, true
		return w, nil
	}

	logf("Building the WebAssembly engine (GOOS=js GOARCH=wasm go build %s) into %s …", Package, dir)
	start := time.Now()
	if err := os.MkdirAll(cacheDir, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(cacheDir, "build-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "aia.wasm")
	args := append(append([]string{"build"}, buildFlags...), "-o", out, Package)
	if _, err := goOutput(ctx, src, env, goCmd, args...); err != nil {
		return nil, err
	}
	w := &Wasm{Key: key}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	linked, err := os.ReadFile(out)
	if err != nil {
		return nil, err
	}
	if w.Wasm.Raw, err = coalesceDataSegments(linked); err != nil {
		return nil, fmt.Errorf("coalescing the data segments of the engine built by %s: %w", goCmd, err)
	}
	if w.WasmExec.Raw, err = os.ReadFile(wasmExecPath); err != nil {
		return nil, fmt.Errorf("wasm_exec.js of the Go toolchain: %w", err)
	}
	logf("Compressing it once (brotli, gzip) …")
	if w.Wasm, err = encode(ctx, w.Wasm.Raw); err != nil {
		return nil, err
	}
	if w.WasmExec, err = encode(ctx, w.WasmExec.Raw); err != nil {
		return nil, err
	}
	for name, data := range map[string][]byte{
		"aia.wasm": w.Wasm.Raw, "aia.wasm.br": w.Wasm.Brotli, "aia.wasm.gz": w.Wasm.Gzip,
		"wasm_exec.js": w.WasmExec.Raw, "wasm_exec.js.br": w.WasmExec.Brotli, "wasm_exec.js.gz": w.WasmExec.Gzip,
	} {
		if err := os.WriteFile(filepath.Join(tmp, name), data, 0o644); err != nil {
			return nil, err
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		// Another process may have cached the same build meanwhile.
		if cached, rerr := readCache(dir); rerr == nil {
			cached.Key = key
			return cached, nil
		}
		return nil, err
	}
	logf("Built in %s: aia.wasm %d bytes, %d with brotli, %d with gzip.", time.Since(start).Round(100*time.Millisecond), len(w.Wasm.Raw), len(w.Wasm.Brotli), len(w.Wasm.Gzip))
	return w, nil
}

// wasmEnv is the environment of the js/wasm build.
func wasmEnv() []string {
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "GOOS=") || strings.HasPrefix(kv, "GOARCH=") || strings.HasPrefix(kv, "GOWASM=")
	})
	return append(env, "GOOS=js", "GOARCH=wasm")
}

func goOutput(ctx context.Context, dir string, env []string, goCmd string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, goCmd, args...)
	cmd.Dir, cmd.Env = dir, env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("GOOS=js GOARCH=wasm go %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return string(out), nil
}

// sourceKey hashes what the build depends on: the Go files, embedded data and module
// files of the checkout, wasm_exec.js, and the toolchain description.
func sourceKey(root, toolchain, wasmExec string) (string, error) {
	h := sha256.New()
	io.WriteString(h, toolchain)
	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if name == "go.mod" || name == "go.sum" || (strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go")) || strings.HasSuffix(name, ".json") || strings.HasSuffix(name, ".s") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	files = append(files, wasmExec)
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			return "", err
		}
		rel, _ := filepath.Rel(root, path)
		fmt.Fprintf(h, "%s %d\n", filepath.ToSlash(rel), len(data))
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil))[:24], nil
}

func readCache(dir string) (*Wasm, error) {
	w := &Wasm{}
	for _, f := range []struct {
		name string
		dst  *[]byte
	}{
		{"aia.wasm", &w.Wasm.Raw}, {"aia.wasm.br", &w.Wasm.Brotli}, {"aia.wasm.gz", &w.Wasm.Gzip},
		{"wasm_exec.js", &w.WasmExec.Raw}, {"wasm_exec.js.br", &w.WasmExec.Brotli}, {"wasm_exec.js.gz", &w.WasmExec.Gzip},
	} {
		data, err := os.ReadFile(filepath.Join(dir, f.name))
		if err != nil {
			return nil, err
		}
		*f.dst = data
	}
	if len(w.Wasm.Raw) < 8 || !bytes.Equal(w.Wasm.Raw[:4], []byte("\x00asm")) {
		return nil, errors.New("cached aia.wasm is not WebAssembly")
	}
	return w, nil
}

// Encode compresses data with brotli (quality 11) and gzip (level 9).
func Encode(data []byte) Encoded {
	e, _ := encode(context.Background(), data)
	return e
}

// encode is Encode, stopping when ctx is done: compressing the engine takes seconds,
// which Ctrl-C must not have to wait for.
func encode(ctx context.Context, data []byte) (Encoded, error) {
	e := Encoded{Raw: data}
	var b bytes.Buffer
	compress := func(w io.WriteCloser) ([]byte, error) {
		b.Reset()
		for rest := data; len(rest) > 0; {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			n := min(len(rest), 256<<10)
			w.Write(rest[:n]) // writing to memory cannot fail
			rest = rest[n:]
		}
		w.Close()
		return bytes.Clone(b.Bytes()), nil
	}
	var err error
	if e.Brotli, err = compress(brotli.NewWriterLevel(&b, brotli.BestCompression)); err != nil {
		return Encoded{}, err
	}
	gw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if e.Gzip, err = compress(gw); err != nil {
		return Encoded{}, err
	}
	return e, nil
}
