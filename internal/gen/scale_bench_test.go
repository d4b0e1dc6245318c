package gen_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/clock"
	"github.com/egov-vn/egov/internal/gen"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store/storetest"
)

// TestScale generates EGOV_BENCH_SCALE_DOSSIERS dossiers once (10,000,000 for the figures in
// BENCHMARKS.md) and measures on them both the officials' inboxes (as TestInboxLatency) and the
// city's yearly dashboard (as TestStatsDashboardLatency). Skipped unless the variable is set, so
// CI never runs it:
//
//	EGOV_TEST_POSTGRES=postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable \
//	EGOV_BENCH_SCALE_DOSSIERS=10000000 go test ./internal/gen -run TestScale -v -timeout 180m
func TestScale(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("EGOV_BENCH_SCALE_DOSSIERS"))
	if n <= 0 {
		t.Skip("EGOV_BENCH_SCALE_DOSSIERS not set")
	}
	clk := clock.NewFixed(time.Date(2026, 11, 30, 10, 30, 0, 0, vn))
	db := storetest.Postgres(t)
	svc := demoService(t, db, clk)
	ctx := app.WithActor(context.Background(), org.SystemActor)
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
	fmt.Printf("generation: %d dossiers, %d control-sheet rows, %d events in %v: %.0f dossiers/s (target 50000/s: ratio %.2f)\n",
		res.N, res.Steps, res.Events, res.Elapsed.Round(time.Millisecond), float64(res.N)/res.Elapsed.Seconds(),
		float64(res.N)/res.Elapsed.Seconds()/50000)
	began := time.Now()
	if _, err := db.SQL.Exec(`ANALYZE`); err != nil {
		t.Fatal(err)
	}
	fmt.Printf("ANALYZE: %v\n", time.Since(began).Round(time.Millisecond))
	reportInbox(t, db, svc, 300)
	reportDashboard(t, ctx, db, svc, clk, 200)
}
