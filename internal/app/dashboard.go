package app

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/catalog"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/stats"
	"github.com/egov-vn/egov/internal/store"
)

// Dashboards: the public one (công khai kết quả giải quyết TTHC) and the leaders' one read the
// same figures as Indicators, plus the months of the period and the units under the scope, each
// with its own report, for the trends and the rankings.

// Dashboard is what the dashboards show for one scope and period.
type Dashboard struct {
	*StatsReport
	Publicity *Publicity
	// Points is the scope's composite score out of 100 (stats.Report.Points), Counted the number
	// of indicators in it.
	Points  float64
	Counted int
	// Trend is one report per month, from the period's first month (or, for a one-month period,
	// eleven months before it) to its last month or the current month, whichever is earlier: the
	// months of Trend.
	Trend []TrendMonth
	// Units are the units directly under the scope (the city's communes, wards and departments),
	// each with its report and ranks, in the order of level and name: the units of UnitRanking.
	// Units with no dossier in the period are listed when in force at its cutoff.
	Units []*UnitFigures
	// RankedAt is when Units were computed (StatsRanking.ComputedAt): up to the ranking
	// snapshots' maximum age before the other figures.
	RankedAt time.Time
	// Choices are the units a filter may choose: the city's root units and the units directly
	// under them, in force at the cutoff. Fields are the fields of the procedures in force.
	Choices []*org.Unit
	Fields  []string
}

// TrendMonth is one month of a trend.
type TrendMonth struct {
	Month  stats.Month
	Report *stats.Report
}

// UnitFigures is one unit's report in a dashboard.
type UnitFigures struct {
	Unit *org.Unit
	// Level is the unit's level: commune, district (until 2025-06-30) or province (departments,
	// centres, and the city itself for the dossiers it received directly).
	Level     catalog.Level
	Report    *stats.Report
	Points    float64
	Counted   int
	Situation stats.Situation
	// Rank is the unit's place among the units of its level by KPI 2.1 (the units with dossiers
	// first, the best rate first, then the most dossiers); ScoreRank its place by Points.
	Rank, ScoreRank int
}

// HasRate says whether the unit had dossiers to compute KPI 2.1 from.
func (u *UnitFigures) HasRate() bool { return u.Situation.Total > 0 }

// PublicDashboard is the dashboard of the city or a unit for the period of q. It is public, like
// Indicators: counts only, no personal data. Errors as Indicators.
func (s *Service) PublicDashboard(ctx context.Context, q StatsQuery) (*Dashboard, error) {
	return s.dashboard(ctx, q)
}

// LeaderDashboard is the dashboard an official sees: the same figures, limited to the units where
// the official works on dossiers. Without a unit in q it is the official's widest scope (the city
// for the city's officials). Errors: Unauthorized without an actor; Forbidden (not_your_unit) for
// a unit outside the official's units or an official who works on no dossiers; else as
// Indicators.
func (s *Service) LeaderDashboard(ctx context.Context, q StatsQuery) (*Dashboard, error) {
	q, err := s.leaderScope(ctx, q)
	if err != nil {
		return nil, err
	}
	return s.dashboard(ctx, q)
}

// LeaderScope is the scope LeaderDashboard reads for q: the unit checked against the official's
// units, or the official's widest scope when q has none. Errors as LeaderDashboard.
func (s *Service) LeaderScope(ctx context.Context, q StatsQuery) (StatsQuery, error) {
	return s.leaderScope(ctx, q)
}

// errNotYourUnit is the answer to a dashboard of a unit the official may not see.
var errNotYourUnit = errs.New(errs.Forbidden, "not_your_unit",
	"Bạn chỉ xem được số liệu của đơn vị mình phụ trách.", "You may only see the figures of your own units.")

// leaderScope checks the unit of q against the official's dossier scopes, choosing the widest
// one when q has none.
func (s *Service) leaderScope(ctx context.Context, q StatsQuery) (StatsQuery, error) {
	a, err := actor(ctx)
	if err != nil {
		return q, err
	}
	scopes := dossierScopes(a)
	if len(scopes) == 0 {
		return q, errNotYourUnit
	}
	sort.Slice(scopes, func(i, j int) bool { return strings.Count(scopes[i], "/") < strings.Count(scopes[j], "/") })
	whole := slices.ContainsFunc(scopes, func(p string) bool { return p == "/" || strings.Count(p, "/") == 2 })
	if q.UnitID == 0 {
		if whole {
			return q, nil
		}
		q.UnitID = lastID(scopes[0])
		return q, nil
	}
	if whole {
		return q, nil
	}
	var u *org.Unit
	if err := s.read(ctx, func(tx *store.Tx) error {
		u, err = tx.Unit(ctx, q.UnitID)
		return err
	}); errs.KindOf(err) == errs.NotFound {
		return q, errs.New(errs.NotFound, stats.CodeUnknownUnit, fmt.Sprintf("Không có đơn vị mã số %d.", q.UnitID), "No such unit.")
	} else if err != nil {
		return q, err
	}
	if !slices.ContainsFunc(scopes, func(p string) bool { return strings.HasPrefix(u.Path, p) }) {
		return q, errNotYourUnit
	}
	return q, nil
}

// lastID is the id at the end of a unit path ("/1/17/" gives 17).
func lastID(path string) int64 {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	id, _ := strconv.ParseInt(parts[len(parts)-1], 10, 64)
	return id
}

func (s *Service) dashboard(ctx context.Context, q StatsQuery) (*Dashboard, error) {
	rep, err := s.Indicators(ctx, q)
	if err != nil {
		return nil, err
	}
	pub, err := s.Publicity(ctx, q.UnitID)
	if err != nil {
		return nil, err
	}
	out := &Dashboard{StatsReport: rep, Publicity: pub}
	out.Points, out.Counted = rep.Report.Points()
	trend, err := s.Trend(ctx, q)
	if err != nil {
		return nil, err
	}
	out.Trend = trend.Months
	ranking, err := s.UnitRanking(ctx, q)
	if err != nil {
		return nil, err
	}
	out.Units, out.RankedAt = ranking.Units, ranking.ComputedAt
	w := stats.WindowOf(q.Period, s.clock.Now())
	err = s.read(ctx, func(tx *store.Tx) error {
		out.Choices, out.Fields, err = s.dashboardChoices(ctx, tx, org.DateOf(w.At.Add(-1)))
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// StatsTrend is the monthly trend of a scope.
type StatsTrend struct {
	Query StatsQuery
	Unit  *org.Unit // nil for the whole city
	Paths []string  // the unit subtrees counted
	// Months has one report per month (the dossier figures only: the catalogue does not change by
	// month), from the period's first month (or, for a one-month period, eleven months before it)
	// to its last month or the current month, whichever is earlier; empty for a period that has
	// not begun. Each month is read as Indicators reads that month alone.
	Months []TrendMonth
}

// Trend computes the monthly trend of the scope of q, as the dashboards show it: one query for
// every month. It is public, like Indicators. Errors: Invalid (invalid_period, invalid_level),
// NotFound (unknown_unit).
func (s *Service) Trend(ctx context.Context, q StatsQuery) (*StatsTrend, error) {
	if err := checkPeriod(q); err != nil {
		return nil, err
	}
	out := &StatsTrend{Query: q}
	err := s.read(ctx, func(tx *store.Tx) error {
		f, u, _, err := s.statsFilter(ctx, tx, &out.Query)
		if err != nil {
			return err
		}
		out.Unit, out.Paths = u, f.Paths
		out.Months, err = s.trend(ctx, tx, f, out.Query)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// checkPeriod refuses a query without a period (stats.ParsePeriod checks the others).
func checkPeriod(q StatsQuery) error {
	if q.Period.From == 0 {
		return errs.Invalidf("period", stats.CodeInvalidPeriod, "Cần chọn kỳ báo cáo.", "A period is required.")
	}
	return nil
}

// trend computes the months of a trend: the buckets of every month in one query, and the exact
// lateness of the current month's dossiers due this month.
func (s *Service) trend(ctx context.Context, tx *store.Tx, f store.StatsFilter, q StatsQuery) ([]TrendMonth, error) {
	now := s.clock.Now()
	from, to := q.Period.From, q.Period.To
	if from == to {
		from = to.Add(-11)
	}
	if cur := stats.MonthOf(now); to > cur {
		to = cur
	}
	var ws []stats.Window
	for m := from; m <= to; m = m.Add(1) {
		p, err := stats.CustomPeriod(m, m)
		if err != nil {
			return nil, err
		}
		p.Kind = stats.PeriodMonth
		ws = append(ws, stats.WindowOf(p, now))
	}
	buckets, err := tx.StatsBucketsByWindow(ctx, f, ws)
	if err != nil {
		return nil, err
	}
	out := []TrendMonth{}
	for i, w := range ws {
		t := stats.Tally{Window: w, Mode: q.Mode, Buckets: buckets[i]}
		if w.Current {
			if t.ExactLate766, t.ExactLateWT, err = tx.StatsExactLate(ctx, f, w); err != nil {
				return nil, err
			}
		}
		out = append(out, TrendMonth{Month: w.M0, Report: t.Compute()})
	}
	return out, nil
}

// StatsRanking is the ranking of the units under a scope.
type StatsRanking struct {
	Query   StatsQuery
	Unit    *org.Unit // the scope; nil for the whole city
	Paths   []string
	At      time.Time // the cutoff the dossiers in processing were judged at
	Current bool
	// Units are the units directly under the scope (under the city's root units for the whole
	// city), each with its report and ranks, in the order of level (province, district, commune)
	// and name. Units with no dossier in the period are listed when in force at its cutoff.
	Units []*UnitFigures
	// ComputedAt is when the figures were computed: earlier than now when they come from the
	// ranking snapshots (EnableRankingSnapshots), by at most their refresh interval.
	ComputedAt time.Time
}

// UnitRanking computes the report of every unit directly under the scope of q and ranks them
// within their level, as the dashboards show them. It is public, like Indicators. With ranking
// snapshots enabled (EnableRankingSnapshots) the answer may be a snapshot computed up to the
// snapshots' maximum age ago (its ComputedAt says when); it must then not be changed. Errors:
// Invalid (invalid_period, invalid_level), NotFound (unknown_unit).
func (s *Service) UnitRanking(ctx context.Context, q StatsQuery) (*StatsRanking, error) {
	if err := checkPeriod(q); err != nil {
		return nil, err
	}
	if s.rankings != nil {
		return s.rankings.get(ctx, q, s.computeRanking)
	}
	return s.computeRanking(ctx, q)
}

// computeRanking is UnitRanking without snapshots.
func (s *Service) computeRanking(ctx context.Context, q StatsQuery) (*StatsRanking, error) {
	now := s.clock.Now()
	w := stats.WindowOf(q.Period, now)
	out := &StatsRanking{Query: q, At: w.At, Current: w.Current, ComputedAt: now}
	err := s.read(ctx, func(tx *store.Tx) error {
		f, u, _, err := s.statsFilter(ctx, tx, &out.Query)
		if err != nil {
			return err
		}
		out.Unit, out.Paths = u, f.Paths
		out.Units, err = s.unitFigures(ctx, tx, f, out.Query, w, u)
		return err
	})
	if err != nil {
		return nil, err
	}
	rankUnits(out.Units)
	return out, nil
}

// rankUnits sets the ranks of units within their level: Rank by KPI 2.1 (the units with dossiers
// first, the best rate first, then the most dossiers; ties keep the order of the names), ScoreRank
// by points (ties likewise).
func rankUnits(units []*UnitFigures) {
	byLevel := map[catalog.Level][]*UnitFigures{}
	for _, u := range units {
		byLevel[u.Level] = append(byLevel[u.Level], u)
	}
	for _, us := range byLevel {
		sort.SliceStable(us, func(i, j int) bool { return us[i].Unit.Name < us[j].Unit.Name })
		byScore := slices.Clone(us)
		sort.SliceStable(byScore, func(i, j int) bool { return byScore[i].Points > byScore[j].Points })
		for k, u := range byScore {
			u.ScoreRank = k + 1
		}
		sort.SliceStable(us, func(i, j int) bool {
			a, b := us[i], us[j]
			if a.HasRate() != b.HasRate() {
				return a.HasRate()
			}
			if a.Situation.OnTimePercent != b.Situation.OnTimePercent {
				return a.Situation.OnTimePercent > b.Situation.OnTimePercent
			}
			return a.Situation.Total > b.Situation.Total
		})
		for k, u := range us {
			u.Rank = k + 1
		}
	}
}

// unitFigures computes the report of every unit directly under the scope (under the city's root
// units for the whole city), from four grouped queries, in the order of level and name.
func (s *Service) unitFigures(ctx context.Context, tx *store.Tx, f store.StatsFilter, q StatsQuery, w stats.Window, scope *org.Unit) ([]*UnitFigures, error) {
	buckets, err := tx.StatsBucketsByUnit(ctx, f, w)
	if err != nil {
		return nil, err
	}
	exact, err := tx.StatsExactLateByUnit(ctx, f, w)
	if err != nil {
		return nil, err
	}
	online, err := tx.StatsOnlineProceduresByUnit(ctx, f, w)
	if err != nil {
		return nil, err
	}
	paidOnline, err := tx.StatsPaidOnlineProceduresByUnit(ctx, f, w)
	if err != nil {
		return nil, err
	}
	// The units to list: the children of the scope (of the roots for the city) in force at the
	// cutoff, and every unit dossiers were received under.
	depth := 1 // path segments of the scope: the child is the segment after them
	var parents []int64
	if scope != nil {
		depth = strings.Count(scope.Path, "/") - 1
		parents = []int64{scope.ID}
	} else {
		roots, err := tx.Units(ctx, store.UnitFilter{Kinds: []org.Kind{org.KindCity}})
		if err != nil {
			return nil, err
		}
		for _, r := range roots {
			if r.ParentID == 0 {
				parents = append(parents, r.ID)
			}
		}
	}
	group := func(path string) int64 {
		parts := strings.Split(strings.Trim(path, "/"), "/")
		if len(parts) > depth {
			id, _ := strconv.ParseInt(parts[depth], 10, 64)
			return id
		}
		id, _ := strconv.ParseInt(parts[len(parts)-1], 10, 64)
		return id
	}
	type acc struct {
		t          stats.Tally
		used, paid []string
	}
	accs := map[int64]*acc{}
	get := func(id int64) *acc {
		if accs[id] == nil {
			accs[id] = &acc{t: stats.Tally{Window: w, Mode: q.Mode, ProcedureSelected: f.ProcedureCode != ""}}
		}
		return accs[id]
	}
	for path, bs := range buckets {
		a := get(group(path))
		a.t.Buckets = append(a.t.Buckets, bs...)
	}
	for path, e := range exact {
		a := get(group(path))
		a.t.ExactLate766 += e.Late766
		a.t.ExactLateWT += e.LateWT
	}
	for path, codes := range online {
		a := get(group(path))
		for _, c := range codes {
			if !slices.Contains(a.used, c) {
				a.used = append(a.used, c)
			}
		}
	}
	for path, codes := range paidOnline {
		a := get(group(path))
		for _, c := range codes {
			if !slices.Contains(a.paid, c) {
				a.paid = append(a.paid, c)
			}
		}
	}
	on := org.DateOf(w.At.Add(-1))
	for _, p := range parents {
		children, err := tx.Units(ctx, store.UnitFilter{ParentID: p, On: on, Limit: 5000})
		if err != nil {
			return nil, err
		}
		for _, c := range children {
			get(c.ID)
		}
	}
	ids := make([]int64, 0, len(accs))
	for id := range accs {
		ids = append(ids, id)
	}
	units, err := tx.UnitsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	cat, err := s.catalogue(ctx, tx)
	if err != nil {
		return nil, err
	}
	var out []*UnitFigures
	for id, a := range accs {
		u := units[id]
		if u == nil {
			continue
		}
		level, err := levelOfPath(ctx, tx, u.Path)
		if err != nil {
			return nil, err
		}
		if q.Level != "" && level != q.Level && len(a.t.Buckets) == 0 {
			continue // a unit of another level, listed only because it is in force
		}
		a.t.Catalogue = cat.count(scopeLevels(u, level, q.Level), f.Field, f.ProcedureCode, a.used, a.paid)
		r := a.t.Compute()
		uf := &UnitFigures{Unit: u, Level: level, Report: r, Situation: stats.SituationOf(r)}
		uf.Points, uf.Counted = r.Points()
		out = append(out, uf)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Level != out[j].Level {
			return levelOrder(out[i].Level) < levelOrder(out[j].Level)
		}
		return out[i].Unit.Name < out[j].Unit.Name
	})
	return out, nil
}

func levelOrder(l catalog.Level) int {
	switch l {
	case catalog.LevelProvince:
		return 0
	case catalog.LevelDistrict:
		return 1
	}
	return 2
}

// dashboardChoices lists the units and fields a dashboard's filters offer.
func (s *Service) dashboardChoices(ctx context.Context, tx *store.Tx, on org.Date) ([]*org.Unit, []string, error) {
	roots, err := tx.Units(ctx, store.UnitFilter{Kinds: []org.Kind{org.KindCity}})
	if err != nil {
		return nil, nil, err
	}
	var units []*org.Unit
	for _, r := range roots {
		if r.ParentID != 0 {
			continue
		}
		units = append(units, r)
		children, err := tx.Units(ctx, store.UnitFilter{ParentID: r.ID, On: on, Limit: 5000})
		if err != nil {
			return nil, nil, err
		}
		units = append(units, children...)
	}
	cat, err := s.catalogue(ctx, tx)
	if err != nil {
		return nil, nil, err
	}
	var fields []string
	for _, p := range cat.procs {
		if p.field != "" && !slices.Contains(fields, p.field) {
			fields = append(fields, p.field)
		}
	}
	slices.Sort(fields)
	return units, fields, nil
}
