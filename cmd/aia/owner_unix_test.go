//go:build unix

package main

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// Root migrating a user's file in place leaves the migrated file and the backup of what
// it lost to the user (finding 11: mode and owner kept).
func TestMigrateInPlaceKeepsTheOwner(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("only root can give a file to another user")
	}
	const nobody = 65534
	dir := t.TempDir()
	f := writeFile(t, filepath.Join(dir, "f.json"), `{"version":"v1.0.0","data":{"projectDetailsPhase":"item1","removedText":"kept in the backup"}}`)
	if err := os.Chmod(f, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(f, nobody, nobody); err != nil {
		t.Skipf("cannot give the file away here: %v", err)
	}
	if status, _, stderr := runCLI(t, "", "migrate", "--to", "v1.0.1", "--in-place", "--allow-loss", f); status != 0 {
		t.Fatalf("status %d: %s", status, stderr)
	}
	for _, path := range []string{f, f + ".bak"} {
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		st := info.Sys().(*syscall.Stat_t)
		if st.Uid != nobody || st.Gid != nobody || info.Mode().Perm() != 0o600 {
			t.Errorf("%s: owner %d:%d, mode %v; want %d:%d and 0600", filepath.Base(path), st.Uid, st.Gid, info.Mode().Perm(), nobody, nobody)
		}
	}
}
