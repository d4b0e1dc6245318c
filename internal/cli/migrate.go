package cli

import (
	"context"
	"fmt"

	"github.com/egov-vn/egov/internal/store"
)

// runMigrate applies the pending migrations and says which.
func runMigrate(ctx context.Context, e *env, args []string) error {
	var c storeConfig
	f := newFlagSet("migrate", "egov migrate [flags]",
		"Applies the embedded database migrations that are not applied yet, then exits. Every other\ncommand does the same at its start; this one is for deployment scripts.", e)
	addStoreFlags(f, &c)
	pos, err := f.Parse(args)
	if err != nil {
		return err
	}
	if err := needArgs(pos, 0, ""); err != nil {
		return err
	}
	log, err := c.logger(e.stderr)
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, c.databaseURL(), c.dataDir)
	if err != nil {
		return err
	}
	defer db.Close()
	applied, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	log.Debug("migrate", "database", db.Location, "applied", applied)
	if len(applied) == 0 {
		fmt.Fprintf(e.stdout, "%s: up to date\n", db.Location)
		return nil
	}
	for _, name := range applied {
		fmt.Fprintf(e.stdout, "%s: applied %s\n", db.Location, name)
	}
	return nil
}
