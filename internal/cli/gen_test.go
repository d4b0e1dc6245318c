package cli_test

import (
	"context"
	"strings"
	"testing"
)

// TestGen runs `egov gen` on an empty PostgreSQL database: it loads the demo base data, then the
// dossiers, with a progress line on standard error; SQLite is refused with a clear message.
func TestGen(t *testing.T) {
	t.Parallel()
	t.Run("sqlite", func(t *testing.T) {
		r := sqliteTarget(t).run(t, "gen", "--dossiers", "10")
		if r.code != 1 || !strings.Contains(r.stderr, "PostgreSQL") {
			t.Errorf("exit %d, stderr %q", r.code, r.stderr)
		}
	})
	t.Run("postgres", func(t *testing.T) {
		tg := postgresTarget(t)
		if r := tg.run(t, "gen"); r.code != 2 || !strings.Contains(r.stderr, "--dossiers") {
			t.Errorf("no count: exit %d, stderr %q", r.code, r.stderr)
		}
		r := tg.mustRun(t, 0, "gen", "--dossiers", "800", "--seed", "3")
		if !strings.Contains(r.stdout, "Every demo account has the password") || !strings.Contains(r.stdout, "Đã sinh 800 hồ sơ") {
			t.Errorf("stdout: %s", r.stdout)
		}
		if !strings.Contains(r.stderr, "800/800 hồ sơ") {
			t.Errorf("no progress line on stderr: %q", r.stderr)
		}
		// A second run adds to the same base data.
		r = tg.mustRun(t, 0, "gen", "--dossiers", "200", "--seed", "4")
		if strings.Contains(r.stdout, "password") || !strings.Contains(r.stdout, "Đã sinh 200 hồ sơ") {
			t.Errorf("second run: %s", r.stdout)
		}
		db, _ := tg.open(t)
		var n, codes int
		if err := db.SQL.QueryRowContext(context.Background(), `SELECT count(*), count(DISTINCT code) FROM dossiers`).Scan(&n, &codes); err != nil {
			t.Fatal(err)
		}
		if n != 1000 || codes != 1000 {
			t.Errorf("%d dossiers, %d codes; want 1000", n, codes)
		}
		if r := tg.mustRun(t, 0, "audit", "verify"); !strings.Contains(r.stdout, "intact") {
			t.Errorf("audit verify: %s", r.stdout)
		}
	})
}
