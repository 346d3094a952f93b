//go:build !js

package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gc-aia/aia/team"
	"github.com/gc-aia/aia/team/storage"
	"github.com/gc-aia/aia/team/storage/storagetest"
)

// TestTeamCommands runs the account, token and backup commands as an administrator
// would type them, on both databases.
func TestTeamCommands(t *testing.T) {
	for _, kind := range storagetest.Databases(t) {
		t.Run(kind, func(t *testing.T) {
			db := storagetest.Database(t, kind)
			where := []string{"--data", db}
			if kind == "postgres" {
				where = []string{"--database", db}
			}
			cli := func(stdin string, args ...string) (int, string, string) {
				t.Helper()
				return runCLI(t, stdin, append(args, where...)...)
			}
			status, out, errOut := cli("", "team", "users", "add", "Ana@Example.gc.ca", "--admin", "--url", "https://aia.example.gc.ca/tools/aia")
			if status != 0 || !strings.Contains(out, "https://aia.example.gc.ca/tools/aia/#invitation=") {
				t.Fatalf("users add: %d %q %q", status, out, errOut)
			}
			if status, _, errOut := cli("", "team", "users", "add", "ana@example.gc.ca"); status != 1 || !strings.Contains(errOut, "exists") {
				t.Fatalf("a second account for one e-mail: %d %q", status, errOut)
			}
			if status, _, errOut := cli("", "team", "users", "add", "not an e-mail"); status != 2 || !strings.Contains(errOut, "not an e-mail address") {
				t.Fatalf("a bad e-mail: %d %q", status, errOut)
			}
			if status, out, errOut := cli("short\n", "team", "users", "add", "bot@example.gc.ca", "--password-stdin"); status != 2 || !strings.Contains(errOut, "at least 12 characters") || out != "" {
				t.Fatalf("a short password: %d %q %q", status, out, errOut)
			}
			if status, out, errOut := cli("a password long enough\n", "team", "users", "add", "cat@example.gc.ca", "--password-stdin"); status != 0 || !strings.Contains(out, "password set") {
				t.Fatalf("--password-stdin: %d %q %q", status, out, errOut)
			}
			status, out, _ = cli("", "team", "users", "list")
			want := "ana@example.gc.ca\tadmin, invited\ncat@example.gc.ca\t\n" // no account for a refused password
			if status != 0 || out != want {
				t.Fatalf("users list: %d\n%s\nwant\n%s", status, out, want)
			}

			status, out, _ = cli("", "team", "tokens", "create", "cat@example.gc.ca", "--name", "nightly")
			lines := strings.Split(strings.TrimSpace(out), "\n")
			token := lines[len(lines)-1]
			if status != 0 || !strings.HasPrefix(token, team.TokenPrefix) || strings.Contains(token, " ") {
				t.Fatalf("tokens create: the last line %q is not the token alone", token)
			}
			s, err := storage.Open(context.Background(), db)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			list, _ := s.Tokens(context.Background(), mustUser(t, s, "cat@example.gc.ca").ID)
			if len(list) != 1 {
				t.Fatalf("%d tokens", len(list))
			}
			status, out, _ = cli("", "team", "tokens", "list", "cat@example.gc.ca")
			if status != 0 || !strings.Contains(out, list[0].ID+"\t") || !strings.Contains(out, "active\tnightly") {
				t.Fatalf("tokens list: %q", out)
			}
			if status, _, _ := cli("", "team", "tokens", "revoke", "cat@example.gc.ca", list[0].ID); status != 0 {
				t.Fatalf("tokens revoke: %d", status)
			}
			if _, err := s.TokenUser(context.Background(), "x"); err == nil {
				t.Fatal("an unknown token has a user")
			}
			if status, _, errOut := cli("", "team", "tokens", "revoke", "cat@example.gc.ca", list[0].ID); status != 1 || !strings.Contains(errOut, "no active token") {
				t.Fatalf("revoking twice: %d %q", status, errOut)
			}
			if status, _, _ := cli("", "team", "users", "disable", "cat@example.gc.ca"); status != 0 || !mustUser(t, s, "cat@example.gc.ca").Disabled {
				t.Fatal("users disable")
			}

			backup := filepath.Join(t.TempDir(), "aia-team-backup.db")
			if kind == "postgres" {
				if status, _, errOut := cli("", "team", "backup", "--out", backup); status != 2 || !strings.Contains(errOut, "pg_dump") {
					t.Fatalf("backup of PostgreSQL: %d %q", status, errOut)
				}
				return
			}
			if status, out, errOut := cli("", "team", "backup", "--out", backup); status != 0 || !strings.Contains(out, "backup written") {
				t.Fatalf("backup: %d %q %q", status, out, errOut)
			}
			restored := t.TempDir()
			data, _ := os.ReadFile(backup)
			os.WriteFile(filepath.Join(restored, storage.DatabaseFile), data, 0o600)
			r, err := storage.Open(context.Background(), restored)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if users, _ := r.Users(context.Background()); len(users) != 2 {
				t.Fatalf("the backup holds %d accounts", len(users))
			}
			if status, _, errOut := cli("", "team", "backup", "--out", backup); status != 1 || !strings.Contains(errOut, "never overwrites") {
				t.Fatalf("a backup over a file: %d %q", status, errOut)
			}
		})
	}
}

func mustUser(t *testing.T, s storage.Store, email string) storage.User {
	t.Helper()
	u, err := s.UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
