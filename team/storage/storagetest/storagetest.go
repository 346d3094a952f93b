//go:build !js

// Package storagetest runs tests on every database the team server supports: SQLite
// always, and PostgreSQL when AIA_POSTGRES_URL names a server (each test in a schema of
// its own, dropped after). With AIA_REQUIRE_POSTGRES=1, as in CI, a missing PostgreSQL
// fails the tests instead of skipping them.
package storagetest

import (
	"context"
	"database/sql"
	"net/url"
	"os"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/gc-aia/aia/team/storage"
)

// Databases returns "sqlite" and, when a server is configured, "postgres".
func Databases(t testing.TB) []string {
	if os.Getenv("AIA_POSTGRES_URL") != "" {
		return []string{"sqlite", "postgres"}
	}
	if os.Getenv("AIA_REQUIRE_POSTGRES") == "1" {
		t.Fatal("AIA_REQUIRE_POSTGRES=1 but AIA_POSTGRES_URL names no PostgreSQL server")
	}
	t.Log("PostgreSQL tests skipped: set AIA_POSTGRES_URL=postgres://user:password@host/db to run them")
	return []string{"sqlite"}
}

// Database returns what storage.Open takes for a new, empty database of the kind
// ("sqlite" or "postgres"), removed when the test ends.
func Database(t testing.TB, kind string) string {
	if kind == "sqlite" {
		return t.TempDir()
	}
	base := os.Getenv("AIA_POSTGRES_URL")
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	schema := "t_" + storage.NewID()
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("PostgreSQL at AIA_POSTGRES_URL: %v", err)
	}
	t.Cleanup(func() { admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`) })
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Run runs f as a subtest on a new store of every database.
func Run(t *testing.T, f func(t *testing.T, s storage.Store)) {
	for _, kind := range Databases(t) {
		t.Run(kind, func(t *testing.T) {
			s, err := storage.Open(context.Background(), Database(t, kind))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			f(t, s)
		})
	}
}
