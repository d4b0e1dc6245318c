package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/clock"
	"github.com/egov-vn/egov/internal/store"
)

// storeConfig is where the data are. The database URL is read from the environment only, so
// that a password in it never shows in the process list.
type storeConfig struct {
	dataDir  string
	logLevel string
	getenv   func(string) string
}

// addStoreFlags adds the flags every command that uses the database takes.
func addStoreFlags(f *flagSet, c *storeConfig) {
	c.getenv = f.getenv
	f.String(&c.dataDir, "data", "EGOV_DATA", "./egov-data", "DIR", "data directory holding the SQLite database egov.db")
	f.EnvOnly("EGOV_DATABASE_URL", "PostgreSQL connection URL; when set, it is used instead of SQLite")
	f.String(&c.logLevel, "log-level", "EGOV_LOG_LEVEL", "info", "LEVEL", "log level: debug, info, warn or error")
}

// databaseURL is the PostgreSQL connection URL, "" for SQLite.
func (c *storeConfig) databaseURL() string { return strings.TrimSpace(c.getenv("EGOV_DATABASE_URL")) }

// logger returns the JSON logger writing to w at the configured level.
func (c *storeConfig) logger(w io.Writer) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.logLevel)); err != nil {
		return nil, usageError{fmt.Sprintf("--log-level %q: want debug, info, warn or error", c.logLevel)}
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level})), nil
}

// open connects to the database, applies the pending migrations and returns the service over it.
// The caller closes the database.
func (c *storeConfig) open(ctx context.Context, log *slog.Logger) (*store.DB, *app.Service, error) {
	db, err := store.Open(ctx, c.databaseURL(), c.dataDir)
	if err != nil {
		return nil, nil, err
	}
	applied, err := db.Migrate(ctx)
	if err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("migrate %s: %w", db.Location, err)
	}
	if len(applied) > 0 {
		log.Info("migrations applied", "database", db.Location, "migrations", applied)
	}
	return db, app.New(db, clock.System{}, log), nil
}

// openService parses nothing: it builds the logger on stderr and opens the database.
func (c *storeConfig) openService(ctx context.Context, e *env) (*store.DB, *app.Service, error) {
	log, err := c.logger(e.stderr)
	if err != nil {
		return nil, nil, err
	}
	return c.open(ctx, log)
}
