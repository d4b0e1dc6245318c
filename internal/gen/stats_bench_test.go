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
	"github.com/egov-vn/egov/internal/stats"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

// dashboardTarget is the latency target of the city's yearly dashboard figures.
const dashboardTarget = 100 * time.Millisecond

// TestStatsDashboardLatency generates EGOV_BENCH_STATS_DOSSIERS dossiers (e.g. 1000000) into a
// fresh PostgreSQL database, rebuilds the statistics, and measures app.Service.Indicators for the
// whole city over a year (every indicator, both KPI 2.1 modes), for the current year and the
// previous one, EGOV_BENCH_STATS_CALLS calls each (default 200). It prints p50/p95/p99 with the
// ratio of p95 to the 100 ms target, next to the floor of an empty read transaction. Skipped
// unless the variable is set, so CI never runs it:
//
//	EGOV_TEST_POSTGRES=postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable \
//	EGOV_BENCH_STATS_DOSSIERS=1000000 go test ./internal/gen -run StatsDashboardLatency -v -timeout 60m
func TestStatsDashboardLatency(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("EGOV_BENCH_STATS_DOSSIERS"))
	if n <= 0 {
		t.Skip("EGOV_BENCH_STATS_DOSSIERS not set")
	}
	calls, _ := strconv.Atoi(os.Getenv("EGOV_BENCH_STATS_CALLS"))
	if calls <= 0 {
		calls = 200
	}
	// Monday 30/11/2026 10:30 in Hà Nội.
	clk := clock.NewFixed(time.Date(2026, 11, 30, 10, 30, 0, 0, vn))
	db := storetest.Postgres(t)
	svc := demoService(t, db, clk)
	ctx := app.WithActor(context.Background(), org.SystemActor)

	res, err := gen.Generate(ctx, svc, gen.Options{N: n, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("generation: %d dossiers in %v\n", res.N, res.Elapsed.Round(time.Millisecond))
	reportDashboard(t, ctx, db, svc, clk, calls)
}

// reportDashboard rebuilds the statistics and prints the city's yearly dashboard latencies.
func reportDashboard(t *testing.T, ctx context.Context, db *store.DB, svc *app.Service, clk *clock.Fixed, calls int) {
	began := time.Now()
	counted, err := svc.RebuildStats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	el := time.Since(began)
	var rows int
	if err := db.SQL.QueryRow(`SELECT COUNT(*) FROM stats_counts`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	var procRows int
	if err := db.SQL.QueryRow(`SELECT COUNT(*) FROM stats_procedure_months`).Scan(&procRows); err != nil {
		t.Fatal(err)
	}
	fmt.Printf("rebuild: %d dossiers in %v (%.0f dossiers/s), %d aggregate rows, %d per-procedure rows\n", counted,
		el.Round(time.Millisecond), float64(counted)/el.Seconds(), rows, procRows)
	if _, err := db.SQL.Exec(`ANALYZE`); err != nil {
		t.Fatal(err)
	}
	floor := measure(calls, func() error {
		return db.Read(context.Background(), func(tx *store.Tx) error { return nil })
	})
	fmt.Printf("floor (empty read transaction): p50 %v p95 %v p99 %v\n", floor[0], floor[1], floor[2])
	for _, year := range []string{"2026", "2025"} {
		p, err := stats.ParsePeriod(year)
		if err != nil {
			t.Fatal(err)
		}
		var rep *app.StatsReport
		lat := measure(calls, func() error {
			rep, err = svc.Indicators(context.Background(), app.StatsQuery{Period: p})
			return err
		})
		v21, _ := rep.Value("2.1")
		v33, _ := rep.Value("3.3")
		// The parts of one report, each in its own read transaction.
		w := stats.WindowOf(p, clk.Now())
		for _, part := range []struct {
			name string
			fn   func(tx *store.Tx) error
		}{
			{"buckets (city aggregate)", func(tx *store.Tx) error { _, err := tx.StatsBuckets(ctx, store.StatsFilter{}, w); return err }},
			{"exact lateness (facts)", func(tx *store.Tx) error { _, _, err := tx.StatsExactLate(ctx, store.StatsFilter{}, w); return err }},
			{"online procedures (3.2)", func(tx *store.Tx) error { _, err := tx.StatsOnlineProcedures(ctx, store.StatsFilter{}, w); return err }},
			{"paid-online procedures (3.5)", func(tx *store.Tx) error {
				_, err := tx.StatsPaidOnlineProcedures(ctx, store.StatsFilter{}, w)
				return err
			}},
			{"catalogue stamp", func(tx *store.Tx) error { _, err := tx.CatalogueStamp(ctx); return err }},
		} {
			l := measure(calls/2, func() error { return db.Read(context.Background(), part.fn) })
			fmt.Printf("  part %-30s p50 %v p95 %v\n", part.name, l[0], l[1])
		}
		fmt.Printf("city dashboard %s: received %d, 2.1 %s (literal766 %.2f%%), 3.3 %s: p50 %v p95 %v p99 %v  p95/target %.2f  p95/floor %.0f\n",
			year, rep.Received, v21.Text(), stats.Percent(rep.Literal766.Good(), rep.Literal766.Total()), v33.Text(),
			lat[0], lat[1], lat[2], float64(lat[1])/float64(dashboardTarget), float64(lat[1])/float64(floor[1]))
		// The whole public dashboard page's figures: the report, the publicity figure, the monthly
		// trend and the ranking of every unit under the city, the ranking computed at every call.
		page := measure(max(calls/10, 5), func() error {
			_, err := svc.PublicDashboard(context.Background(), app.StatsQuery{Period: p})
			return err
		})
		fmt.Printf("public dashboard %s (report, trend, rankings computed): p50 %v p95 %v\n", year, page[0], page[1])
		// As `egov serve` serves it: the rankings from snapshots refreshed in the background.
		snap := app.New(db, clk, slog.New(slog.NewTextHandler(io.Discard, nil)))
		snap.EnableRankingSnapshots(time.Minute)
		if _, err := snap.RefreshRankings(context.Background()); err != nil {
			t.Fatal(err)
		}
		if _, err := snap.UnitRanking(context.Background(), app.StatsQuery{Period: p}); err != nil {
			t.Fatal(err)
		}
		served := measure(calls, func() error {
			_, err := snap.PublicDashboard(context.Background(), app.StatsQuery{Period: p})
			return err
		})
		fmt.Printf("public dashboard %s as served (rankings from snapshots): p50 %v p95 %v p99 %v  p95/target %.2f\n",
			year, served[0], served[1], served[2], float64(served[1])/float64(dashboardTarget))
	}
}
