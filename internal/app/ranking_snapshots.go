package app

import (
	"context"
	"sync"
	"time"

	"github.com/egov-vn/egov/internal/stats"
)

// Ranking snapshots. A dashboard ranks every unit under its scope by the QĐ 766 indicators, which
// reads every aggregate row of the period grouped by unit: about a second at a million dossiers,
// several at ten million, where the dashboard's own figures take milliseconds. The rankings are
// therefore served from snapshots: a ranking asked for is computed once and kept; a background job
// (RefreshRankings, run by `egov serve` every half of the maximum age) computes again every
// ranking asked for recently, so that a visitor of a dashboard almost never waits for one; and a
// snapshot older than the maximum age is never served (it is computed again on the spot). The
// figures a dashboard shows next to the ranking are always current; the ranking says when it was
// computed (StatsRanking.ComputedAt). The aggregates themselves are never stale: only this view of
// them lags, by at most the maximum age.

// rankingSnapshots are the kept rankings, by query.
type rankingSnapshots struct {
	maxAge time.Duration
	now    func() time.Time

	mu      sync.Mutex
	entries map[StatsQuery]*rankingSnapshot
	flights map[StatsQuery]*rankingFlight
}

// rankingSnapshot is one kept ranking.
type rankingSnapshot struct {
	r    *StatsRanking
	used time.Time // when it was last asked for
}

// rankingFlight is a computation in progress, which other callers of the same query wait for.
type rankingFlight struct {
	done chan struct{}
	r    *StatsRanking
	err  error
}

// Bounds of the snapshots: how long a ranking nobody asks for is kept refreshed, and how many are
// kept at most (the least recently asked for go first).
const (
	rankingIdle       = 15 * time.Minute
	maxRankingEntries = 256
)

// EnableRankingSnapshots makes UnitRanking serve snapshots at most maxAge old (see above), and
// keeps the whole city's ranking of the current year (the dashboards' first page) among them from
// the first RefreshRankings on. Call it before serving.
func (s *Service) EnableRankingSnapshots(maxAge time.Duration) {
	s.rankings = &rankingSnapshots{maxAge: maxAge, now: s.clock.Now,
		entries: map[StatsQuery]*rankingSnapshot{}, flights: map[StatsQuery]*rankingFlight{}}
}

// RefreshRankings computes again every kept ranking asked for within the last 15 minutes and
// older than a quarter of the maximum age, one after the other, and the whole city's ranking of the
// current year; it drops the rankings nobody asked for since. It is the background job of the
// snapshots (a no-op without them) and returns how many it computed, or the first error (the
// others are still tried).
func (s *Service) RefreshRankings(ctx context.Context) (int, error) {
	rs := s.rankings
	if rs == nil {
		return 0, nil
	}
	now := rs.now()
	year, err := stats.ParsePeriod(now.In(vietnam).Format("2006"))
	if err != nil {
		return 0, err
	}
	city := rankingKey(StatsQuery{Period: year})
	rs.mu.Lock()
	var due []StatsQuery
	if _, ok := rs.entries[city]; !ok {
		due = append(due, city)
	}
	for q, e := range rs.entries {
		switch {
		case now.Sub(e.used) > rankingIdle && q != city:
			delete(rs.entries, q)
		case now.Sub(e.r.ComputedAt) >= rs.maxAge/4:
			// Computed at the previous run or before: the job runs every half of the maximum
			// age, so each ranking is computed again long before it expires.
			due = append(due, q)
		}
	}
	rs.mu.Unlock()
	n := 0
	var first error
	for _, q := range due {
		if ctx.Err() != nil {
			return n, ctx.Err()
		}
		if _, err := rs.compute(ctx, q, s.computeRanking, false); err != nil {
			if first == nil {
				first = err
			}
			continue
		}
		n++
	}
	return n, first
}

// get answers q from a snapshot younger than the maximum age, or computes it (once, whoever else
// asks meanwhile).
func (rs *rankingSnapshots) get(ctx context.Context, q StatsQuery, compute func(context.Context, StatsQuery) (*StatsRanking, error)) (*StatsRanking, error) {
	q = rankingKey(q)
	rs.mu.Lock()
	if e, ok := rs.entries[q]; ok && rs.now().Sub(e.r.ComputedAt) < rs.maxAge {
		e.used = rs.now()
		rs.mu.Unlock()
		return e.r, nil
	}
	rs.mu.Unlock()
	return rs.compute(ctx, q, compute, true)
}

// compute computes q, or waits for the computation of q already in progress, and keeps the
// answer. asked tells whether a visitor asked for it (rather than the background job).
func (rs *rankingSnapshots) compute(ctx context.Context, q StatsQuery, compute func(context.Context, StatsQuery) (*StatsRanking, error), asked bool) (*StatsRanking, error) {
	rs.mu.Lock()
	if f, ok := rs.flights[q]; ok {
		rs.mu.Unlock()
		select {
		case <-f.done:
			return f.r, f.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	f := &rankingFlight{done: make(chan struct{})}
	rs.flights[q] = f
	rs.mu.Unlock()

	// Whatever happens to the computation (a panic included), its waiters are released.
	defer func() {
		rs.mu.Lock()
		delete(rs.flights, q)
		rs.mu.Unlock()
		close(f.done)
	}()
	// The computation belongs to every caller waiting for it: it does not stop with the first
	// caller's request.
	f.r, f.err = compute(context.WithoutCancel(ctx), q)

	rs.mu.Lock()
	if f.err == nil {
		e := rs.entries[q]
		if e == nil {
			e = &rankingSnapshot{used: rs.now()}
			rs.entries[q] = e
		}
		e.r = f.r
		if asked {
			e.used = rs.now()
		}
		rs.evict()
	}
	rs.mu.Unlock()
	return f.r, f.err
}

// rankingKey is q as the snapshots are kept: the default KPI 2.1 mode spelled one way, so that
// the dashboards' pages (which spell it) and the background job share one snapshot.
func rankingKey(q StatsQuery) StatsQuery {
	if q.Mode == "" {
		q.Mode = stats.WorkingTime
	}
	return q
}

// evict drops the least recently asked-for snapshots beyond the bound. Called with mu held.
func (rs *rankingSnapshots) evict() {
	for len(rs.entries) > maxRankingEntries {
		var oldest StatsQuery
		var at time.Time
		first := true
		for q, e := range rs.entries {
			if first || e.used.Before(at) {
				oldest, at, first = q, e.used, false
			}
		}
		delete(rs.entries, oldest)
	}
}
