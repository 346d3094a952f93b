//go:build !js

// Package browsertest finds what the browser tests need, Chromium and axe-core, for the
// test packages that drive the app in a browser (wasm/server, team). Without them the
// tests skip; AIA_REQUIRE_BROWSER=1 (CI) turns a skip into a failure.
package browsertest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// RequireEnv is the environment variable that makes the browser tests required.
const RequireEnv = "AIA_REQUIRE_BROWSER"

// Required reports whether the browser tests must run.
func Required() bool { return os.Getenv(RequireEnv) == "1" }

// SkipOrFail skips the test, or fails it when the browser tests are required.
func SkipOrFail(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if Required() {
		t.Fatalf("%s, and %s=1 requires the browser tests", msg, RequireEnv)
	}
	t.Skipf("%s: browser test skipped (install Debian's chromium, or set AIA_CHROMIUM; CI sets %s=1)", msg, RequireEnv)
}

// Chromium returns the Chromium to drive: $AIA_CHROMIUM, or the first one on PATH. It
// skips the test with -short, or when there is none (see SkipOrFail).
func Chromium(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("browser tests are skipped with -short")
	}
	if p := os.Getenv("AIA_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless_shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	SkipOrFail(t, "no Chromium found on PATH")
	return ""
}

// AxeSource returns axe-core's axe.min.js: $AIA_AXE_CORE, or where .ci/run installs it
// with npm (<user cache dir>/aia-ci/npm/node_modules/axe-core/axe.min.js).
func AxeSource() (string, error) {
	path := os.Getenv("AIA_AXE_CORE")
	if path == "" {
		if dir, err := os.UserCacheDir(); err == nil {
			path = filepath.Join(dir, "aia-ci", "npm", "node_modules", "axe-core", "axe.min.js")
		}
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("axe-core not found at %s (npm install --prefix <user cache>/aia-ci/npm axe-core, or set AIA_AXE_CORE)", path)
	}
	return string(src), nil
}
