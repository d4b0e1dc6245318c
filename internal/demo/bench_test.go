package demo_test

import (
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

// BenchmarkLoadDossiers measures LoadDossiers on each database: EGOV_BENCH_DOSSIERS dossiers
// (default 2000) per iteration, into a fresh demo city. It reports dossiers and service calls
// per second.
//
//	EGOV_BENCH_DOSSIERS=20000 go test ./internal/demo -run '^$' -bench LoadDossiers -benchtime 1x
func BenchmarkLoadDossiers(b *testing.B) {
	n := 2000
	if v, err := strconv.Atoi(os.Getenv("EGOV_BENCH_DOSSIERS")); err == nil && v > 0 {
		n = v
	}
	for _, dbc := range []struct {
		name string
		open func(testing.TB) *store.DB
	}{{"sqlite", storetest.SQLite}, {"postgres", storetest.Postgres}} {
		b.Run(dbc.name, func(b *testing.B) {
			var secs float64
			var calls int
			for range b.N {
				b.StopTimer()
				db := dbc.open(b)
				b.StartTimer()
				stats := loadDossiersOnly(b, db, n)
				b.Logf("%d dossiers, %d actions in %v: %v; late %d, apologies %d, supplements %d, inter-agency %d",
					stats.Received, stats.Actions, stats.Elapsed.Round(time.Millisecond), stats.States, stats.Late,
					stats.Apologies, stats.Supplements, stats.InterAgency)
				secs += stats.Elapsed.Seconds()
				calls += stats.Received + stats.Actions
			}
			b.ReportMetric(float64(n*b.N)/secs, "dossiers/s")
			b.ReportMetric(float64(calls)/secs, "calls/s")
			b.ReportMetric(secs/float64(b.N), "s/load")
		})
	}
}
