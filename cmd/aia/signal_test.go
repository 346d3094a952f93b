//go:build unix

package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var (
	binaryOnce sync.Once
	binaryPath string
	binaryErr  error
)

// builtBinary builds the program once per test run, for tests that need a real process
// (signals).
func builtBinary(t testing.TB) string {
	t.Helper()
	binaryOnce.Do(func() {
		dir, err := os.MkdirTemp("", "aia-bin-")
		if err != nil {
			binaryErr = err
			return
		}
		binaryPath = filepath.Join(dir, "aia")
		out, err := exec.Command("go", "build", "-o", binaryPath, ".").CombinedOutput()
		if err != nil {
			binaryErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binaryErr != nil {
		t.Fatal(binaryErr)
	}
	return binaryPath
}

// exitStatus waits for cmd and returns its exit status.
func exitStatus(t *testing.T, cmd *exec.Cmd) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return exit.ExitCode()
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0
	case <-time.After(30 * time.Second): // a generous bound: the test must not hang
		cmd.Process.Kill()
		t.Fatal("the program did not stop after the signal")
		return -1
	}
}

// A signal in the middle of migrating thousands of files in place: the files done are
// migrated and whole, the others untouched, no temporary file is left, and the exit
// status follows the shell's convention.
func TestSignalStopsMigrateInPlace(t *testing.T) {
	bin := builtBinary(t)
	for _, c := range []struct {
		signal syscall.Signal
		status int
	}{{syscall.SIGINT, 130}, {syscall.SIGTERM, 143}} {
		t.Run(c.signal.String(), func(t *testing.T) {
			dir := t.TempDir()
			const n = 3000
			files := make([]string, n)
			for i := range files {
				files[i] = writeFile(t, filepath.Join(dir, fmt.Sprintf("f%04d.json", i)),
					fmt.Sprintf(`{"version":"v1.0.0","data":{"projectDetailsPhase":"item1","projectDetailsTitle":"Système n°%d"}}`, i))
			}
			cmd := exec.Command(bin, append([]string{"migrate", "--to", "v1.0.1", "--in-place"}, files...)...)
			stdout, _ := cmd.StdoutPipe()
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			reports := bufio.NewScanner(stdout)
			for seen := 0; seen < 50 && reports.Scan(); {
				if strings.HasPrefix(reports.Text(), dir) {
					seen++
				}
			}
			cmd.Process.Signal(c.signal)
			go func() {
				for reports.Scan() { // keep the pipe flowing until the end
				}
			}()
			if status := exitStatus(t, cmd); status != c.status {
				t.Errorf("exit status %d, want %d; stderr %s", status, c.status, stderr.String())
			}
			if !strings.Contains(stderr.String(), "interrupted:") || !strings.Contains(stderr.String(), "the others are untouched") {
				t.Errorf("no summary line: %q", stderr.String())
			}
			migrated := 0
			for i, f := range files {
				var saved struct {
					Version string            `json:"version"`
					Data    map[string]string `json:"data"`
				}
				if err := json.Unmarshal([]byte(readString(t, f)), &saved); err != nil {
					t.Fatalf("%s is not whole after the signal: %v", f, err)
				}
				if saved.Data["projectDetailsTitle"] != fmt.Sprintf("Système n°%d", i) {
					t.Fatalf("%s lost its answer", f)
				}
				if saved.Version == "v1.0.1" {
					migrated++
				}
			}
			if migrated == 0 || migrated == n {
				t.Errorf("%d of %d files migrated: the signal came too late or too early to test anything", migrated, n)
			}
			if !strings.Contains(stderr.String(), fmt.Sprintf("interrupted: %d of %d files migrated", migrated, n)) {
				t.Errorf("the summary does not count the %d files migrated: %q", migrated, stderr.String())
			}
			if got := len(dirEntries(t, dir)); got != n {
				t.Errorf("%d files in the directory, want %d (temporary files left?)", got, n)
			}
		})
	}
}

// A signal while score --output streams: no output file and no temporary file.
func TestSignalStopsScoreWithoutOutputFile(t *testing.T) {
	bin := builtBinary(t)
	for _, c := range []struct {
		signal syscall.Signal
		status int
	}{{syscall.SIGINT, 130}, {syscall.SIGTERM, 143}} {
		t.Run(c.signal.String(), func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "out.csv")
			cmd := exec.Command(bin, "score", "-f", "csv", "-o", out, "-")
			stdin, _ := cmd.StdinPipe()
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			w := bufio.NewWriter(stdin)
			for range 2000 {
				w.WriteString(`{"version":"v1.0.1","data":{"projectDetailsPhase":"item1","riskProfile1":"item1-3"}}` + "\n")
			}
			w.Flush()
			// Standard input stays open: the run is still going when the signal comes.
			for deadline := time.Now().Add(10 * time.Second); len(dirEntries(t, dir)) == 0 && time.Now().Before(deadline); {
				time.Sleep(10 * time.Millisecond)
			}
			cmd.Process.Signal(c.signal)
			status := exitStatus(t, cmd)
			stdin.Close()
			if status != c.status {
				t.Errorf("exit status %d, want %d; stderr %s", status, c.status, stderr.String())
			}
			if !strings.Contains(stderr.String(), "interrupted after") || !strings.Contains(stderr.String(), "no output file written") {
				t.Errorf("stderr %q", stderr.String())
			}
			if got := dirEntries(t, dir); len(got) != 0 {
				t.Errorf("files left: %v", got)
			}
		})
	}
}

// A command waiting for standard input (a terminal, a silent pipe) stops at the first
// signal: the wait is what is interrupted, not a read that cannot be.
func TestSignalStopsCommandsWaitingForStdin(t *testing.T) {
	bin := builtBinary(t)
	saved := writeFile(t, filepath.Join(t.TempDir(), "f.json"), `{"version":"v1.0.1","data":{}}`)
	for _, args := range [][]string{
		{"score", "-"},
		{"score", "-f", "csv", "-o", filepath.Join(t.TempDir(), "out.csv"), "-"},
		{"validate", "-"},
		{"report", "-"},
		{"migrate", "--to", "v1.0.1", "-"},
		{"diff", "-", saved},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			cmd := exec.Command(bin, args...)
			stdin, _ := cmd.StdinPipe() // open, and silent
			defer stdin.Close()
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(300 * time.Millisecond) // let it reach the read; sooner is fine too
			cmd.Process.Signal(syscall.SIGINT)
			if status := exitStatus(t, cmd); status != 130 {
				t.Errorf("exit status %d, want 130; stderr %s", status, stderr.String())
			}
		})
	}
}

// A second Ctrl-C stops at once; the temporary output file goes too.
func TestSecondSignalLeavesNoTemporaryFile(t *testing.T) {
	bin := builtBinary(t)
	dir := t.TempDir()
	cmd := exec.Command(bin, "score", "-f", "csv", "-o", filepath.Join(dir, "out.csv"), "-")
	stdin, _ := cmd.StdinPipe()
	defer stdin.Close()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stdin.Write([]byte(`{"version":"v1.0.1","data":{"riskProfile1":"item1-3"}}` + "\n"))
	for deadline := time.Now().Add(10 * time.Second); len(dirEntries(t, dir)) == 0 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGINT)
	cmd.Process.Signal(syscall.SIGINT)
	if status := exitStatus(t, cmd); status != 130 {
		t.Errorf("exit status %d, want 130", status)
	}
	if got := dirEntries(t, dir); len(got) != 0 {
		t.Errorf("files left: %v", got)
	}
}
