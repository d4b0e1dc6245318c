package gen_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
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

// TestScale generates EGOV_BENCH_SCALE_DOSSIERS dossiers once (10,000,000 for the figures in
// BENCHMARKS.md) and measures on them both the officials' inboxes (as TestInboxLatency) and the
// city's yearly dashboard (as TestStatsDashboardLatency). Before generating, it measures the
// limit of the generation's rate in the same run: up to 1,000,000 of the same dossiers written
// into index-free scratch tables and rolled back (gen.Options.Scratch). Skipped unless the
// variable is set, so CI never runs it:
//
//	EGOV_TEST_POSTGRES=postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable \
//	EGOV_BENCH_SCALE_DOSSIERS=10000000 go test ./internal/gen -run TestScale -v -timeout 180m
//
// EGOV_BENCH_SCALE_DATABASE_URL instead measures an existing database already filled by
// `egov gen` (left as it is, but for its rebuilt statistics), without generating.
func TestScale(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("EGOV_BENCH_SCALE_DOSSIERS"))
	existing := os.Getenv("EGOV_BENCH_SCALE_DATABASE_URL")
	if n <= 0 && existing == "" {
		t.Skip("EGOV_BENCH_SCALE_DOSSIERS not set")
	}
	clk := clock.NewFixed(time.Date(2026, 11, 30, 10, 30, 0, 0, vn))
	ctx := app.WithActor(context.Background(), org.SystemActor)
	if existing != "" {
		db, err := store.Open(context.Background(), existing, "")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		svc := app.New(db, clk, slog.New(slog.NewTextHandler(io.Discard, nil)))
		reportInbox(t, db, svc, 300)
		reportDashboard(t, ctx, db, svc, clk, 200)
		return
	}
	db := storetest.Postgres(t)
	svc := demoService(t, db, clk)
	limit, err := gen.Generate(ctx, svc, gen.Options{N: min(n, 1_000_000), Seed: 1, Scratch: true})
	if err != nil {
		t.Fatal(err)
	}
	limitRate := float64(limit.N) / limit.Elapsed.Seconds()
	fmt.Printf("limit: %d dossiers into index-free scratch tables (rolled back) in %v: %.0f dossiers/s\n",
		limit.N, limit.Elapsed.Round(time.Millisecond), limitRate)
	last := time.Now()
	res, err := gen.Generate(ctx, svc, gen.Options{N: n, Seed: 1, Progress: func(d int) {
		if time.Since(last) > 30*time.Second {
			last = time.Now()
			fmt.Printf("… %d dossiers\n", d)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	rate := float64(res.N) / res.Elapsed.Seconds()
	fmt.Printf("generation: %d dossiers, %d control-sheet rows, %d events in %v (indexes rebuilt: %v, in %v): %.0f dossiers/s (target 50000/s: ratio %.2f; limit %.0f/s: ratio %.2f)\n",
		res.N, res.Steps, res.Events, res.Elapsed.Round(time.Millisecond), res.IndexesRebuilt, res.IndexTime.Round(time.Millisecond),
		rate, rate/50000, limitRate, rate/limitRate)
	began := time.Now()
	if _, err := db.SQL.Exec(`ANALYZE`); err != nil {
		t.Fatal(err)
	}
	fmt.Printf("ANALYZE: %v\n", time.Since(began).Round(time.Millisecond))
	reportInbox(t, db, svc, 300)
	reportDashboard(t, ctx, db, svc, clk, 200)
}
