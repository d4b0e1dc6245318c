package app_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/stats"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

// TestRankingSnapshots checks the dashboards' ranking snapshots: a ranking is computed once and
// served as it was until it is older than the maximum age, never older; the background job
// computes again the rankings asked for and the city's current year even before anybody asks,
// and forgets those nobody asks for; callers at once share one computation; and without
// snapshots every call is current.
func TestRankingSnapshots(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDossierWorld(t, db)
		svc := w.svc
		year, err := stats.ParsePeriod("2026")
		if err != nil {
			t.Fatal(err)
		}
		q := app.StatsQuery{Period: year}
		received := func(r *app.StatsRanking) (n int64) {
			t.Helper()
			for _, u := range r.Units {
				if u.Unit.ID == w.a.unit.ID {
					n = u.Report.Received
				}
			}
			return n
		}
		receive := func() {
			t.Helper()
			if _, err := svc.ReceiveDossier(w.a.desk, reception("1.004873")); err != nil {
				t.Fatal(err)
			}
		}
		receive()

		// Without snapshots: always current.
		r, err := svc.UnitRanking(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if got := received(r); got != 1 {
			t.Fatalf("ward A received %d, want 1", got)
		}
		receive()
		if r, _ = svc.UnitRanking(context.Background(), q); received(r) != 2 {
			t.Fatalf("without snapshots: ward A received %d, want 2", received(r))
		}

		svc.EnableRankingSnapshots(time.Minute)
		first, err := svc.UnitRanking(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if received(first) != 2 || !first.ComputedAt.Equal(w.clk.Now()) {
			t.Fatalf("first snapshot: received %d at %v", received(first), first.ComputedAt)
		}
		receive() // 3 now
		w.clk.Advance(59 * time.Second)
		r, _ = svc.UnitRanking(context.Background(), q)
		if r != first || received(r) != 2 {
			t.Errorf("within the maximum age: a new ranking (received %d), want the snapshot", received(r))
		}
		// The background job, half the maximum age later: computes it again.
		n, err := svc.RefreshRankings(context.Background())
		if err != nil || n != 1 {
			t.Fatalf("refresh computed %d (%v), want 1", n, err)
		}
		r, _ = svc.UnitRanking(context.Background(), q)
		if received(r) != 3 || !r.ComputedAt.Equal(w.clk.Now()) {
			t.Errorf("after a refresh: received %d computed at %v, want 3 at %v", received(r), r.ComputedAt, w.clk.Now())
		}
		// Never older than the maximum age, even without the job.
		receive() // 4
		w.clk.Advance(time.Minute)
		if r, _ = svc.UnitRanking(context.Background(), q); received(r) != 4 {
			t.Errorf("past the maximum age: received %d, want 4", received(r))
		}

		// Many callers at once, past the maximum age: one computation, the same answer.
		receive() // 5
		w.clk.Advance(2 * time.Minute)
		var wg sync.WaitGroup
		got := make([]*app.StatsRanking, 8)
		for i := range got {
			wg.Go(func() {
				var err error
				if got[i], err = svc.UnitRanking(context.Background(), q); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		for i, r := range got {
			if r == nil || received(r) != 5 {
				t.Fatalf("caller %d: %v", i, r)
			}
		}

		// A ward's ranking asked for once is refreshed while asked for, then forgotten; the
		// city's current year is kept.
		qa := app.StatsQuery{Period: year, UnitID: w.a.unit.ID}
		if _, err := svc.UnitRanking(context.Background(), qa); err != nil {
			t.Fatal(err)
		}
		w.clk.Advance(40 * time.Second)
		if n, err := svc.RefreshRankings(context.Background()); err != nil || n != 2 {
			t.Errorf("refresh of two stale rankings computed %d (%v)", n, err)
		}
		w.clk.Advance(16 * time.Minute)
		if n, err := svc.RefreshRankings(context.Background()); err != nil || n != 1 {
			t.Errorf("refresh after 16 idle minutes computed %d (%v), want only the city's", n, err)
		}

		// The pages spell the default mode; the job's snapshot of the city serves them.
		w.clk.Advance(40 * time.Second)
		if _, err := svc.RefreshRankings(context.Background()); err != nil {
			t.Fatal(err)
		}
		spelled, err := svc.UnitRanking(context.Background(), app.StatsQuery{Period: year, Mode: stats.WorkingTime})
		if err != nil {
			t.Fatal(err)
		}
		plain, _ := svc.UnitRanking(context.Background(), q)
		if spelled != plain {
			t.Error("the page's query (mode spelled) and the job's (mode left out) have two snapshots")
		}

		// Bad input is refused before any snapshot.
		if _, err := svc.UnitRanking(context.Background(), app.StatsQuery{Period: year, UnitID: 999999}); err == nil {
			t.Error("an unknown unit was answered")
		}
	})
}
