package cli_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/egov-vn/egov/internal/app"
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
		testCitizenTokens(t, tg)
		if r := tg.mustRun(t, 0, "audit", "verify"); !strings.Contains(r.stdout, "intact") {
			t.Errorf("audit verify: %s", r.stdout)
		}
	})
}

// testCitizenTokens: `token create --citizens K` prints the K accounts owning the most dossiers,
// most first, each with a portal token that acts as it; `--citizen CONTACT` one account's token.
func testCitizenTokens(t *testing.T, tg *target) {
	_, svc := tg.open(t)
	ctx := context.Background()
	r := tg.mustRun(t, 0, "token", "create", "--citizens", "3")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 3 || !strings.Contains(r.stderr, "3 portal sessions") {
		t.Fatalf("--citizens 3: %q, %q", r.stdout, r.stderr)
	}
	prev := 1 << 30
	for _, l := range lines {
		f := strings.Fields(l)
		if len(f) != 3 || !strings.HasSuffix(f[0], "@example.invalid") {
			t.Fatalf("line %q: want CONTACT DOSSIERS TOKEN", l)
		}
		n, _ := strconv.Atoi(f[1])
		if n < 1 || n > prev {
			t.Errorf("line %q: %d dossiers after %d", l, n, prev)
		}
		prev = n
		a, err := svc.AuthenticateCitizen(ctx, f[2])
		if err != nil || a.Account.Email != f[0] {
			t.Fatalf("token of %s: %v", f[0], err)
		}
		mine, err := svc.MyDossiers(app.WithCitizen(ctx, a))
		if err != nil || len(mine) != n {
			t.Errorf("%s sees %d dossiers (%v), owns %d", f[0], len(mine), err, n)
		}
	}
	contact := strings.Fields(lines[0])[0]
	r = tg.mustRun(t, 0, "token", "create", "--citizen", strings.ToUpper(contact))
	if a, err := svc.AuthenticateCitizen(ctx, strings.TrimSpace(r.stdout)); err != nil || a.Account.Email != contact || !strings.Contains(r.stderr, contact) {
		t.Errorf("--citizen %s: %q %q: %v", contact, r.stdout, r.stderr, err)
	}
}
