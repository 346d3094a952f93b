//go:build !js

package engine_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gc-aia/aia/questionnaire"
)

// TestNativeAndWasmIdentical runs internal/dump natively and compiled to js/wasm under
// Node, and requires the same bytes: the browser scores with exactly the code the CLI
// uses.
func TestNativeAndWasmIdentical(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the engine for js/wasm; skipped with -short")
	}
	if _, err := exec.LookPath("node"); err != nil {
		if os.Getenv("AIA_REQUIRE_BROWSER") == "1" {
			t.Fatal("node not found, and AIA_REQUIRE_BROWSER=1 requires the js/wasm tests")
		}
		t.Skip("node not found: the js/wasm engine is not compared with the native one (CI sets AIA_REQUIRE_BROWSER=1 to require it)")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH to build the engine for js/wasm")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	run := func(env ...string) []byte {
		var args []string
		if len(env) > 0 {
			out, err := exec.CommandContext(ctx, goCmd, "env", "GOROOT").Output()
			if err != nil {
				t.Fatal(err)
			}
			args = append(args, "-exec="+filepath.Join(strings.TrimSpace(string(out)), "lib", "wasm", "go_js_wasm_exec"))
		}
		cmd := exec.CommandContext(ctx, goCmd, append(append([]string{"run"}, args...), "./internal/dump")...)
		cmd.Env = append(os.Environ(), env...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go run %v ./internal/dump (%v): %v\n%s", args, env, err, stderr.Bytes())
		}
		return out
	}
	native := run()
	wasm := run("GOOS=js", "GOARCH=wasm")
	lines := bytes.Count(native, []byte("\n"))
	// Two questionnaire views per version, one line per sample, 20 generated files per version.
	if want := 2*len(questionnaire.Versions()) + len(samples(t)) + 20*len(questionnaire.Versions()); lines != want {
		t.Fatalf("native output has %d lines, want %d", lines, want)
	}
	if !bytes.Equal(native, wasm) {
		nl, wl := bytes.Split(native, []byte("\n")), bytes.Split(wasm, []byte("\n"))
		for i := range nl {
			if i >= len(wl) || !bytes.Equal(nl[i], wl[i]) {
				t.Fatalf("js/wasm output differs from native at line %d:\nnative %.400s\nwasm   %.400s", i+1, nl[i], wl[min(i, len(wl)-1)])
			}
		}
		t.Fatalf("js/wasm output (%d bytes) differs from native (%d bytes)", len(wasm), len(native))
	}
	t.Logf("native and js/wasm agree on %d bytes (%d lines)", len(native), lines)
}
