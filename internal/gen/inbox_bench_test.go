package gen_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/clock"
	"github.com/egov-vn/egov/internal/gen"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

// inboxTarget is the latency target of one inbox page.
const inboxTarget = 50 * time.Millisecond

// TestInboxLatency generates EGOV_BENCH_INBOX_DOSSIERS dossiers (e.g. 1000000) into a fresh
// PostgreSQL database and measures app.Service.Inbox for an official of a ward and one of a city
// department: views todo, due_soon and overdue, the first page and the third (keyset cursor),
// EGOV_BENCH_INBOX_CALLS calls each (default 300). It prints the generation rate and p50/p95/p99
// with the ratio of p95 to the 50 ms target, next to the floor of an empty read transaction on
// the same connection pool. Skipped unless the variable is set, so CI never runs it:
//
//	EGOV_TEST_POSTGRES=postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable \
//	EGOV_BENCH_INBOX_DOSSIERS=1000000 go test ./internal/gen -run InboxLatency -v -timeout 30m
func TestInboxLatency(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("EGOV_BENCH_INBOX_DOSSIERS"))
	if n <= 0 {
		t.Skip("EGOV_BENCH_INBOX_DOSSIERS not set")
	}
	calls, _ := strconv.Atoi(os.Getenv("EGOV_BENCH_INBOX_CALLS"))
	if calls <= 0 {
		calls = 300
	}
	// Monday 30/11/2026 10:30 in Hà Nội.
	clk := clock.NewFixed(time.Date(2026, 11, 30, 10, 30, 0, 0, vn))
	db := storetest.Postgres(t)
	svc := demoService(t, db, clk)
	ctx := app.WithActor(context.Background(), org.SystemActor)

	lastPrint := time.Now()
	res, err := gen.Generate(ctx, svc, gen.Options{N: n, Seed: 1, Progress: func(d int) {
		if time.Since(lastPrint) > 5*time.Second {
			lastPrint = time.Now()
			t.Logf("… %d dossiers", d)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("generation: %d dossiers, %d control-sheet rows, %d events in %v: %.0f dossiers/s (target 50000/s: ratio %.2f)\n",
		res.N, res.Steps, res.Events, res.Elapsed.Round(time.Millisecond), float64(res.N)/res.Elapsed.Seconds(),
		float64(res.N)/res.Elapsed.Seconds()/50000)
	fmt.Printf("states: %v, late %d\n", res.States, res.Late)
	began := time.Now()
	if _, err := db.SQL.Exec(`ANALYZE`); err != nil {
		t.Fatal(err)
	}
	fmt.Printf("ANALYZE: %v\n", time.Since(began).Round(time.Millisecond))

	reportInbox(t, db, svc, calls)
}

// reportInbox prints the inbox latencies of a ward official and a city department's director.
func reportInbox(t *testing.T, db *store.DB, svc *app.Service, calls int) {
	floor := measure(calls, func() error {
		return db.Read(context.Background(), func(tx *store.Tx) error { return nil })
	})
	fmt.Printf("floor (empty read transaction): p50 %v p95 %v p99 %v\n", floor[0], floor[1], floor[2])

	for _, who := range []string{"badinh.chuyenvien", "stp.giamdoc"} {
		var u *org.User
		err := db.Read(context.Background(), func(tx *store.Tx) (err error) {
			u, err = tx.UserByUsername(context.Background(), who)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		actx := app.WithActor(context.Background(), &org.Actor{UserID: u.ID, Username: u.Username, Grants: u.Grants})
		for _, view := range []string{app.ViewTodo, app.ViewDueSoon, app.ViewOverdue} {
			// The cursor of page 3, if there is one.
			cursor := ""
			p, err := svc.Inbox(actx, app.InboxQuery{View: view})
			if err != nil {
				t.Fatal(err)
			}
			first := len(p.Items)
			if p.Next != "" {
				if p, err = svc.Inbox(actx, app.InboxQuery{View: view, Cursor: p.Next}); err != nil {
					t.Fatal(err)
				}
				cursor = p.Next
			}
			pages := []string{""}
			if cursor != "" {
				pages = append(pages, cursor)
			}
			for _, c := range pages {
				q := app.InboxQuery{View: view, Cursor: c}
				var items int
				lat := measure(calls, func() error {
					p, err := svc.Inbox(actx, q)
					if p != nil {
						items = len(p.Items)
					}
					return err
				})
				page := "page 1"
				if c != "" {
					page = "page 3"
				}
				fmt.Printf("inbox %-18s %-9s %s (%2d rows; page 1 had %d): p50 %7v p95 %7v p99 %7v  p95/target %.2f\n",
					who, view, page, items, first, lat[0], lat[1], lat[2], float64(lat[1])/float64(inboxTarget))
			}
		}
	}
}

// measure calls fn n times after a few warm-up calls and returns p50, p95 and p99.
func measure(n int, fn func() error) [3]time.Duration {
	for range 5 {
		if err := fn(); err != nil {
			panic(err)
		}
	}
	d := make([]time.Duration, n)
	for i := range d {
		t0 := time.Now()
		if err := fn(); err != nil {
			panic(err)
		}
		d[i] = time.Since(t0)
	}
	slices.Sort(d)
	q := func(p float64) time.Duration {
		return d[min(len(d)-1, int(p*float64(len(d))))].Round(10 * time.Microsecond)
	}
	return [3]time.Duration{q(0.50), q(0.95), q(0.99)}
}
