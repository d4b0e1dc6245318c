// Package storetest runs tests on both databases. Each call gets a fresh, migrated database: a
// SQLite file in a temporary directory, and a PostgreSQL database created on the server named by
// EGOV_TEST_POSTGRES and dropped when the test ends.
//
// Without EGOV_TEST_POSTGRES the PostgreSQL half is skipped, unless EGOV_TEST_REQUIRE_POSTGRES is
// set (CI sets it), in which case the skip is a failure.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	"github.com/egov-vn/egov/internal/store"
)

// Each runs fn as two subtests, "sqlite" and "postgres", each with a fresh migrated database.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// SQLite returns a fresh migrated SQLite database in a temporary directory.
func SQLite(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

// Postgres returns a fresh migrated PostgreSQL database, or skips (fails under
// EGOV_TEST_REQUIRE_POSTGRES) when no server is configured.
func Postgres(t testing.TB) *store.DB {
	t.Helper()
	dbURL := NewPostgresURL(t)
	db, err := store.Open(context.Background(), dbURL, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

// NewPostgresURL creates an empty database on the test server and returns its URL; the database
// is dropped when the test ends. It skips or fails as Postgres does when no server is configured.
func NewPostgresURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv("EGOV_TEST_POSTGRES")
	if base == "" {
		if os.Getenv("EGOV_TEST_REQUIRE_POSTGRES") != "" {
			t.Fatal("EGOV_TEST_REQUIRE_POSTGRES is set but EGOV_TEST_POSTGRES is empty")
		}
		t.Skip("EGOV_TEST_POSTGRES not set: PostgreSQL half skipped")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	rand.Read(b)
	name := "egov_test_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", base)
		if err != nil {
			t.Error(err)
			return
		}
		defer admin.Close()
		if _, err := admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			t.Errorf("drop test database: %v", err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}
