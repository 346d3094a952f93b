//go:build unix

package main

import (
	"bufio"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A binary built with -trimpath, run where there is no go command and no source, serves
// a site that "aia site" wrote; without one, it says how to get the app.
func TestServeSiteWithoutGo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the engine")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "aia")
	if out, err := exec.Command("go", "build", "-trimpath", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build -trimpath: %v\n%s", err, out)
	}
	site := filepath.Join(dir, "site")
	if out, err := exec.Command(bin, "site", "--out", site).CombinedOutput(); err != nil {
		t.Fatalf("aia site: %v\n%s", err, out)
	}
	elsewhere := t.TempDir() // no checkout here
	noGo := []string{"PATH=" + filepath.Join(elsewhere, "empty"), "HOME=" + elsewhere}

	cmd := exec.Command(bin, "serve", "--site", site, "--addr", "127.0.0.1:0")
	cmd.Dir, cmd.Env = elsewhere, noGo
	stdout, _ := cmd.StdoutPipe()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("no URL printed: %v; stderr %s", err, stderr.String())
	}
	_, url, _ := strings.Cut(strings.TrimSpace(line), ": ")
	url, _, _ = strings.Cut(url, " ")
	for _, path := range []string{"", "aia.wasm", "sw.js", "manifest.webmanifest", "icon.svg"} {
		resp, err := http.Get(url + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		want, _ := os.ReadFile(filepath.Join(site, map[string]string{"": "index.html"}[path]+path))
		document := path == "" || path == "sw.js" || path == "icon.svg" // where a CSP has effect
		if resp.StatusCode != 200 || string(body) != string(want) || (resp.Header.Get("Content-Security-Policy") != "") != document || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET /%s: %d, %d bytes (want %d), CSP %q, nosniff %q", path, resp.StatusCode, len(body), len(want), resp.Header.Get("Content-Security-Policy"), resp.Header.Get("X-Content-Type-Options"))
		}
	}

	// Without a site, Go or source, the message names the three ways to get the app.
	cmd = exec.Command(bin, "serve", "--addr", "127.0.0.1:0")
	cmd.Dir, cmd.Env = elsewhere, noGo
	out, err := cmd.CombinedOutput()
	if err == nil || cmd.ProcessState.ExitCode() != 1 {
		t.Errorf("serve without a way to get the app: %v", err)
	}
	for _, want := range []string{"release of aia", "aia site --out DIR", "aia serve --site DIR", "go install github.com/gc-aia/aia/cmd/aia@latest"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the message does not name %q:\n%s", want, out)
		}
	}
}
