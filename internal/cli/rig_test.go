package cli_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/cli"
	"github.com/egov-vn/egov/internal/clock"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

// target is one empty database for the program: a SQLite data directory, or a fresh PostgreSQL
// database named by EGOV_DATABASE_URL. The program finds it through the environment only.
type target struct {
	env map[string]string
}

// each runs fn on a fresh SQLite target and a fresh PostgreSQL one.
func each(t *testing.T, fn func(t *testing.T, tg *target)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, sqliteTarget(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, postgresTarget(t)) })
}

func sqliteTarget(t *testing.T) *target {
	return &target{env: map[string]string{"EGOV_DATA": t.TempDir(), "EGOV_LOG_LEVEL": "warn"}}
}

func postgresTarget(t *testing.T) *target {
	return &target{env: map[string]string{"EGOV_DATABASE_URL": storetest.NewPostgresURL(t), "EGOV_DATA": t.TempDir(), "EGOV_LOG_LEVEL": "warn"}}
}

// result is what one run of the program gave.
type result struct {
	code           int
	stdout, stderr string
}

// run runs the program with args and no input.
func (tg *target) run(t *testing.T, args ...string) result {
	t.Helper()
	return tg.runIn(t, "", args...)
}

// runIn runs the program with args and stdin.
func (tg *target) runIn(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := cli.Run(context.Background(), args, tg.getenv, strings.NewReader(stdin), &out, &errb)
	return result{code, out.String(), errb.String()}
}

func (tg *target) getenv(k string) string { return tg.env[k] }

// open connects the test itself to the target's database (migrated by the program already).
func (tg *target) open(t *testing.T) (*store.DB, *app.Service) {
	t.Helper()
	db, err := store.Open(context.Background(), tg.env["EGOV_DATABASE_URL"], tg.env["EGOV_DATA"])
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, app.New(db, clock.System{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
}

// mustRun runs the program and fails the test unless it exits with want.
func (tg *target) mustRun(t *testing.T, want int, args ...string) result {
	t.Helper()
	r := tg.run(t, args...)
	if r.code != want {
		t.Fatalf("egov %s: exit %d, want %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.code, want, r.stdout, r.stderr)
	}
	return r
}

// dataFile is the path of one of the shared data files (kept byte-identical in the demo).
func dataFile(name string) string {
	return filepath.Join("..", "demo", "data", name)
}

// writeFile writes a temporary file and returns its path.
func writeFile(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// syncBuffer is a bytes.Buffer safe for one writer and one reader at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
