//go:build unix

package main

import (
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"testing"
)

// TestStartupIsLight checks what the packages linked into aia allocate when they are
// initialized, which every command pays before it starts, however small its input:
// no package may allocate more than 2 MiB (the team server's argon2id dummy hash once
// took 19 MiB and a tenth of a second here). Bytes, not time, so that the check holds
// on any machine.
func TestStartupIsLight(t *testing.T) {
	cmd := exec.Command(builtBinary(t), "version")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("aia version: %v\n%s", err, out)
	}
	// "init PACKAGE @0.5 ms, 0.1 ms clock, 1234 bytes, 5 allocs"
	lines := regexp.MustCompile(`(?m)^init (\S+) @.*?, (\d+) bytes, \d+ allocs$`).FindAllSubmatch(out, -1)
	if len(lines) == 0 {
		t.Fatalf("no init trace in the output of aia version:\n%s", out)
	}
	total := 0
	for _, m := range lines {
		n, _ := strconv.Atoi(string(m[2]))
		total += n
		if n > 2<<20 {
			t.Errorf("initializing %s allocates %d bytes", m[1], n)
		}
	}
	t.Logf("%d packages initialized, %d bytes allocated", len(lines), total)
}
