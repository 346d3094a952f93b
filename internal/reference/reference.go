// Package reference locates the official AIA tool's files (../shared/reference beside
// the checkout) for tests. When they are absent, tests skip, unless the environment
// variable AIA_REQUIRE_REFERENCE is set (as CI does), and then they fail.
package reference

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Dir returns the folder holding one folder per official release (v0.8a1, …, v1.0.1).
func Dir(t testing.TB) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..", "..", "..", "shared", "reference", "aia-eia-js")
	if env := os.Getenv("AIA_REFERENCE_DIR"); env != "" {
		dir = env
	}
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("AIA_REQUIRE_REFERENCE") != "" {
			t.Fatalf("official reference files required (AIA_REQUIRE_REFERENCE is set) but %s is missing: %v", dir, err)
		}
		t.Skipf("official reference files not found at %s: skipping (set AIA_REFERENCE_DIR to point elsewhere)", dir)
	}
	return dir
}

// Survey returns the official survey-enfr.json of a release folder.
func Survey(t testing.TB, folder string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(Dir(t), folder, "survey-enfr.json"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}
