package demo_test

import (
	"context"
	"io"
	"log/slog"
	"regexp"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/clock"
	"github.com/egov-vn/egov/internal/demo"
	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

// demoNow is the instant the test histories end: Monday 02/03/2026, 10:00 in Hà Nội.
var demoNow = time.Date(2026, 3, 2, 10, 0, 0, 0, clock.Vietnam)

// loadCity loads the demo city and n demo dossiers ending at demoNow.
func loadCity(t *testing.T, db *store.DB, n int) (*app.Service, *demo.Result, *demo.DossierStats) {
	t.Helper()
	svc, res := loadCityOnly(t, db)
	ctx := context.Background()
	var calls, last int
	stats, err := demo.LoadDossiers(ctx, db, demoNow, n, func(done, total int) {
		if total != n || done != last+1 {
			t.Fatalf("progress %d/%d after %d", done, total, last)
		}
		calls, last = calls+1, done
	})
	if err != nil {
		t.Fatal(err)
	}
	if calls != n {
		t.Errorf("progress called %d times for %d dossiers", calls, n)
	}
	t.Logf("%d dossiers, %d actions in %v: %v; late %d, apologies %d, supplements %d, inter-agency %d, %s … %s",
		stats.Received, stats.Actions, stats.Elapsed.Round(time.Millisecond), stats.States, stats.Late, stats.Apologies,
		stats.Supplements, stats.InterAgency, stats.From.Format(time.DateTime), stats.To.Format(time.DateTime))
	return svc, res, stats
}

// loadCityOnly loads the demo city without dossiers.
func loadCityOnly(t testing.TB, db *store.DB) (*app.Service, *demo.Result) {
	t.Helper()
	svc := app.New(db, clock.NewFixed(demoNow), slog.New(slog.NewTextHandler(io.Discard, nil)))
	res, err := demo.Load(context.Background(), svc, demo.Options{OrganRoot: "H24", Password: "Demo-2026-Hn!"})
	if err != nil {
		t.Fatal(err)
	}
	return svc, res
}

// loadDossiersOnly loads the city untimed, then n dossiers.
func loadDossiersOnly(b *testing.B, db *store.DB, n int) *demo.DossierStats {
	b.Helper()
	b.StopTimer()
	loadCityOnly(b, db)
	b.StartTimer()
	stats, err := demo.LoadDossiers(context.Background(), db, demoNow, n, nil)
	if err != nil {
		b.Fatal(err)
	}
	return stats
}

var codeFormat = regexp.MustCompile(`^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4}$`)

// codes returns the dossier codes in the order they were issued.
func codes(t *testing.T, db *store.DB) []string {
	t.Helper()
	rows, err := db.SQL.Query(`SELECT code FROM dossiers ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	return out
}

func count(t *testing.T, db *store.DB, query string) int {
	t.Helper()
	var n int
	if err := db.SQL.QueryRow(query).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestLoadDossiers(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		const n = 300
		svc, _, stats := loadCity(t, db, n)
		ctx := context.Background()

		// Every state officials can reach occurs, and online submissions refused at the desk.
		reachable := []dossier.State{dossier.Refused, dossier.Received, dossier.InProcessing, dossier.InInterconnection, dossier.AwaitingSupplement,
			dossier.AwaitingPayment, dossier.WithdrawalRequested, dossier.Stopped, dossier.ResultReady, dossier.Returned}
		for _, s := range reachable {
			if stats.States[s] == 0 {
				t.Errorf("no dossier in state %s", s)
			}
		}
		if stats.Received != n || stats.States[dossier.Returned] < n*3/4 {
			t.Errorf("%d received, %d returned", stats.Received, stats.States[dossier.Returned])
		}
		// Online submissions: accepted ones have their clock started at acceptance, after submission.
		var online, accepted int
		if err := db.SQL.QueryRow(`SELECT COUNT(*), COUNT(received_at) FROM dossiers WHERE channel = 2 AND submitted_at IS NOT NULL`).Scan(&online, &accepted); err != nil {
			t.Fatal(err)
		}
		if online != stats.Online || online < n/20 || accepted == 0 || accepted >= online {
			t.Errorf("%d online dossiers (%d counted), %d accepted", online, stats.Online, accepted)
		}

		// Codes are well formed (§5.1), unique, and numbered from 0001 per unit and day.
		cs := codes(t, db)
		if len(cs) != n {
			t.Fatalf("%d dossiers stored", len(cs))
		}
		seen := map[string]bool{}
		next := map[string]int{}
		for _, c := range cs {
			if !codeFormat.MatchString(c) {
				t.Errorf("malformed code %q", c)
			}
			if seen[c] {
				t.Errorf("code %s issued twice", c)
			}
			seen[c] = true
			p, err := dossier.ParseCode(c)
			if err != nil {
				t.Fatal(err)
			}
			key := c[:len(c)-5]
			if next[key]++; p.Seq != next[key] {
				t.Errorf("code %s: sequence %d, want %d", c, p.Seq, next[key])
			}
		}

		// The history is the service's: dated within the last 18 months, in office hours, with
		// late results, supplements, apologies and inter-agency steps.
		from := demoNow.AddDate(0, -18, 0)
		if stats.From.Before(from) || !stats.To.Before(demoNow) {
			t.Errorf("received from %v to %v", stats.From, stats.To)
		}
		if c := count(t, db, `SELECT COUNT(*) FROM dossiers WHERE processed_at IS NOT NULL AND has_result AND processed_at > due_at`); c == 0 || c > n/8 {
			t.Errorf("%d dossiers processed after their due date", c)
		}
		for what, q := range map[string]string{
			"supplement":                   `SELECT COUNT(*) FROM dossiers WHERE supplement_count > 0`,
			"second supplement or apology": `SELECT COUNT(*) FROM dossiers WHERE supplement_count > 1 OR apology_count > 0`,
			"apology":                      `SELECT COUNT(*) FROM dossiers WHERE apology_count > 0`,
			"inter-agency step":            `SELECT COUNT(*) FROM dossier_steps WHERE inter_agency`,
			"postal":                       `SELECT COUNT(*) FROM dossiers WHERE channel = 3`,
			"late step":                    `SELECT COUNT(*) FROM dossier_steps WHERE outcome = 3`,
			"early step":                   `SELECT COUNT(*) FROM dossier_steps WHERE outcome = 1`,
		} {
			if count(t, db, q) == 0 {
				t.Errorf("no %s", what)
			}
		}
		if stats.Apologies == 0 || stats.Supplements == 0 || stats.InterAgency == 0 || stats.Late == 0 {
			t.Errorf("stats %+v", stats)
		}

		// A ward's officials find work in their inbox.
		u, err := svc.Users(app.WithActor(ctx, org.SystemActor), store.UserFilter{Query: "caugiay.chuyenvien"})
		if err != nil || len(u) != 1 {
			t.Fatalf("%v %v", u, err)
		}
		official := app.WithActor(ctx, &org.Actor{UserID: u[0].ID, Username: u[0].Username, Grants: u[0].Grants})
		page, err := svc.Inbox(official, app.InboxQuery{})
		if err != nil || len(page.Items) == 0 {
			t.Errorf("inbox of a ward official: %v %v", page, err)
		}

		// Every change is in the audit log, whose chain verifies.
		v, problem, err := db.VerifyAudit(ctx)
		if err != nil || problem != nil {
			t.Fatalf("audit: %v %v", err, problem)
		}
		if int(v.Count()) < n+stats.Actions {
			t.Errorf("%d audit records for %d receptions and %d actions", v.Count(), n, stats.Actions)
		}
	})
}

// TestLoadDossiersDeterministic: two loads with the same seed, now and count make the same codes.
func TestLoadDossiersDeterministic(t *testing.T) {
	t.Parallel()
	a, b := storetest.SQLite(t), storetest.SQLite(t)
	loadCity(t, a, 60)
	loadCity(t, b, 60)
	ca, cb := codes(t, a), codes(t, b)
	if len(ca) != 60 || len(ca) != len(cb) {
		t.Fatalf("%d and %d codes", len(ca), len(cb))
	}
	for i := range ca {
		if ca[i] != cb[i] {
			t.Fatalf("code %d: %s and %s", i, ca[i], cb[i])
		}
	}
}
