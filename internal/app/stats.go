package app

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/egov-vn/egov/internal/calendar"
	"github.com/egov-vn/egov/internal/catalog"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/stats"
	"github.com/egov-vn/egov/internal/store"
)

// Statistics: the QĐ 766 indicators of the city, a unit or a procedure over a period, the
// publicity figure of the catalogue, and the dossiers behind every number. The figures read the
// aggregates that refreshStats keeps in each dossier's own transaction; RebuildStats recomputes
// them from the dossiers.

// StatsQuery selects the scope and the period of a report. Its zero value but Period is the
// whole city, every level, field and procedure, KPI 2.1 in working time.
type StatsQuery struct {
	Period stats.Period
	// UnitID limits the report to the dossiers received in the unit's subtree; 0 is the whole city.
	UnitID int64
	// CurrentUnits reports "theo đơn vị mới" (R11.6): the unit's own dossiers plus those of the
	// unit versions it took over, through the successor links, transitively. A commune that took
	// over part of a district counts the whole district's history.
	CurrentUnits bool
	// Level keeps dossiers received at units of one level: province (the city, its departments
	// and centres), district (until 2025-06-30) or commune.
	Level catalog.Level
	// Field and ProcedureCode keep one field (lĩnh vực) or one procedure (national code).
	Field         string
	ProcedureCode string
	// Mode is the mode of the 2.1 and 5.4 values; the report gives both modes' buckets anyway.
	Mode stats.Mode
}

// StatsReport is a report with the scope it covers.
type StatsReport struct {
	*stats.Report
	Unit  *org.Unit // nil for the whole city
	Query StatsQuery
	// Paths are the unit subtrees counted (more than one with CurrentUnits).
	Paths []string
}

// statsFilter checks q and resolves its unit into the store's filter. Errors: Invalid
// (invalid_level), NotFound (unknown_unit).
func (s *Service) statsFilter(ctx context.Context, tx *store.Tx, q *StatsQuery) (store.StatsFilter, *org.Unit, catalog.Level, error) {
	var f store.StatsFilter
	if q.Level != "" && q.Level != catalog.LevelProvince && q.Level != catalog.LevelDistrict && q.Level != catalog.LevelCommune {
		return f, nil, "", errs.Invalidf("level", stats.CodeInvalidLevel,
			fmt.Sprintf("Cấp %q không hợp lệ: dùng province (cấp tỉnh), district (cấp huyện) hoặc commune (cấp xã).", q.Level),
			"Unknown level: use province, district or commune.")
	}
	if q.Mode == "" {
		q.Mode = stats.WorkingTime
	}
	q.Field = org.NormalizeText(q.Field)
	q.ProcedureCode = strings.TrimSpace(q.ProcedureCode)
	f.Level, f.Field, f.ProcedureCode = string(q.Level), q.Field, q.ProcedureCode
	if q.UnitID == 0 {
		return f, nil, "", nil
	}
	u, err := tx.Unit(ctx, q.UnitID)
	if errs.KindOf(err) == errs.NotFound {
		return f, nil, "", errs.New(errs.NotFound, stats.CodeUnknownUnit, fmt.Sprintf("Không có đơn vị mã số %d.", q.UnitID), "No such unit.")
	}
	if err != nil {
		return f, nil, "", err
	}
	level, err := levelOfPath(ctx, tx, u.Path)
	if err != nil {
		return f, nil, "", err
	}
	f.Paths = []string{u.Path}
	if q.CurrentUnits {
		seen := map[int64]bool{u.ID: true}
		queue := []int64{u.ID}
		for len(queue) > 0 {
			preds, err := tx.Predecessors(ctx, queue[0])
			if err != nil {
				return f, nil, "", err
			}
			queue = queue[1:]
			for _, p := range preds {
				if !seen[p.ID] {
					seen[p.ID] = true
					queue = append(queue, p.ID)
					f.Paths = append(f.Paths, p.Path)
				}
			}
		}
	}
	return f, u, level, nil
}

// Indicators computes every indicator of stats.Definitions for the scope and period of q, read
// now: dossiers still in processing are judged at the period's end, or at now while the period
// runs. It is public (the published figures carry no personal data) and needs no actor. Errors:
// Invalid (invalid_level), NotFound (unknown_unit). The period is checked by stats.ParsePeriod.
func (s *Service) Indicators(ctx context.Context, q StatsQuery) (*StatsReport, error) {
	if q.Period.From == 0 {
		return nil, errs.Invalidf("period", stats.CodeInvalidPeriod, "Cần chọn kỳ báo cáo.", "A period is required.")
	}
	w := stats.WindowOf(q.Period, s.clock.Now())
	out := &StatsReport{Query: q}
	err := s.read(ctx, func(tx *store.Tx) error {
		f, u, level, err := s.statsFilter(ctx, tx, &out.Query)
		if err != nil {
			return err
		}
		out.Unit, out.Paths = u, f.Paths
		t := stats.Tally{Window: w, Mode: out.Query.Mode, ProcedureSelected: f.ProcedureCode != ""}
		if t.Buckets, err = tx.StatsBuckets(ctx, f, w); err != nil {
			return err
		}
		if t.ExactLate766, t.ExactLateWT, err = tx.StatsExactLate(ctx, f, w); err != nil {
			return err
		}
		cat, err := s.catalogue(ctx, tx)
		if err != nil {
			return err
		}
		levels := scopeLevels(u, level, out.Query.Level)
		used, err := tx.StatsOnlineProcedures(ctx, f, w)
		if err != nil {
			return err
		}
		paid, err := tx.StatsPaidOnlineProcedures(ctx, f, w)
		if err != nil {
			return err
		}
		t.Catalogue = cat.count(levels, f.Field, f.ProcedureCode, used, paid)
		out.Report = t.Compute()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// StatsPage is one page of the dossiers behind a figure. Next is the cursor of the next page,
// 0 on the last.
type StatsPage struct {
	Figure   stats.Figure
	Dossiers []store.StatsDossier
	Next     int64
}

// StatsDossiers lists the dossiers behind one figure of Indicators(q), in id order after the
// cursor after (0 for the first page), limit per page (1–500, default 50). Only officials may
// list them, and only the dossiers they may see (received at or now at a unit of their
// dossier roles). Errors: Unauthorized without an actor, Invalid (unknown_figure, invalid_level),
// NotFound (unknown_unit).
func (s *Service) StatsDossiers(ctx context.Context, q StatsQuery, fig stats.Figure, after int64, limit int) (*StatsPage, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := stats.ParseFigure(string(fig)); err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 500)
	w := stats.WindowOf(q.Period, s.clock.Now())
	page := &StatsPage{Figure: fig, Dossiers: []store.StatsDossier{}}
	err = s.read(ctx, func(tx *store.Tx) error {
		f, _, _, err := s.statsFilter(ctx, tx, &q)
		if err != nil {
			return err
		}
		f.Visible = dossierScopes(a)
		if f.Visible == nil {
			f.Visible = []string{}
		}
		ds, err := tx.StatsDossiers(ctx, f, w, fig, q.Mode, after, limit+1)
		if err != nil {
			return err
		}
		if len(ds) > limit {
			ds = ds[:limit]
			page.Next = ds[limit-1].ID
		}
		page.Dossiers = append(page.Dossiers, ds...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return page, nil
}

// PublicityLine is the publicity figure of one level: procedures offered online (DVCTT, partly
// or fully) out of the procedures in force.
type PublicityLine struct {
	Level        catalog.Level // "" for every level together
	Label        string        // "Cấp tỉnh", "Cấp xã", "Tất cả"
	Online, Full int64
	Total        int64
	Percent      float64
}

// Text is the figure as published: "1.427 DVCTT / 1.839 TTHC (77,60%)".
func (l PublicityLine) Text() string {
	return fmt.Sprintf("%s DVCTT / %s TTHC (%s%%)", stats.Thousands(l.Online), stats.Thousands(l.Total),
		strings.Replace(fmt.Sprintf("%.2f", l.Percent), ".", ",", 1))
}

// Publicity is the publicity figure of a unit's procedures today, by level.
type Publicity struct {
	On    org.Date
	Unit  *org.Unit // nil for the city
	All   PublicityLine
	Lines []PublicityLine // one per level the unit has procedures of
}

// Publicity counts the procedures in force today that the unit (0: the whole city) is competent
// for — those of its level; every level for the city — and of them those offered online, by
// level. It is public. Errors: NotFound (unknown_unit).
func (s *Service) Publicity(ctx context.Context, unitID int64) (*Publicity, error) {
	out := &Publicity{On: org.DateOf(s.clock.Now())}
	err := s.read(ctx, func(tx *store.Tx) error {
		q := StatsQuery{UnitID: unitID}
		_, u, level, err := s.statsFilter(ctx, tx, &q)
		if err != nil {
			return err
		}
		out.Unit = u
		cat, err := s.catalogue(ctx, tx)
		if err != nil {
			return err
		}
		levels := scopeLevels(u, level, "")
		out.All = cat.line("", "Tất cả", levels)
		for _, l := range levels {
			if line := cat.line(l, levelLabels[l], []catalog.Level{l}); line.Total > 0 {
				out.Lines = append(out.Lines, line)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

var levelLabels = map[catalog.Level]string{catalog.LevelProvince: "Cấp tỉnh", catalog.LevelDistrict: "Cấp huyện", catalog.LevelCommune: "Cấp xã"}

// unitLevel is the level of a unit: that of the nearest commune or district on its path, else
// province (the city, its departments and centres).
func unitLevel(path []*org.Unit) catalog.Level {
	for i := len(path) - 1; i >= 0; i-- {
		switch path[i].Kind {
		case org.KindCommune:
			return catalog.LevelCommune
		case org.KindDistrict:
			return catalog.LevelDistrict
		}
	}
	return catalog.LevelProvince
}

// levelOfPath is the level of the unit at path (unitLevel of the units on it).
func levelOfPath(ctx context.Context, tx *store.Tx, path string) (catalog.Level, error) {
	var ids []int64
	for _, p := range strings.Split(strings.Trim(path, "/"), "/") {
		if id, err := strconv.ParseInt(p, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	us, err := tx.UnitsByID(ctx, ids)
	if err != nil {
		return "", err
	}
	var units []*org.Unit
	for _, id := range ids {
		if u := us[id]; u != nil {
			units = append(units, u)
		}
	}
	return unitLevel(units), nil
}

// scopeLevels are the procedure levels a scope is competent for: every level for the city, the
// unit's level otherwise; only one when the query keeps one level.
func scopeLevels(u *org.Unit, level, only catalog.Level) []catalog.Level {
	all := []catalog.Level{catalog.LevelProvince, catalog.LevelDistrict, catalog.LevelCommune}
	if only != "" {
		return []catalog.Level{only}
	}
	if u == nil || u.ParentID == 0 {
		return all
	}
	return []catalog.Level{level}
}

// catalogueFigures are the catalogue counts by procedure, computed once per catalogue state.
type catalogueFigures struct {
	stamp string
	on    org.Date
	procs []catalogueProc
}

type catalogueProc struct {
	code, field string
	levels      []catalog.Level
	online      catalog.OnlineLevel
	complete    bool
	// fees: a variant has a fee of a fixed amount or one set case by case (indicator 3.5).
	fees bool
}

var catalogueCache sync.Map // *store.DB → *catalogueFigures

// catalogue returns the figures of the procedures in force today, from a cache while the
// catalogue is unchanged.
func (s *Service) catalogue(ctx context.Context, tx *store.Tx) (*catalogueFigures, error) {
	stamp, err := tx.CatalogueStamp(ctx)
	if err != nil {
		return nil, err
	}
	today := org.DateOf(s.clock.Now())
	if c, ok := catalogueCache.Load(s.db); ok {
		if cf := c.(*catalogueFigures); cf.stamp == stamp && cf.on == today {
			return cf, nil
		}
	}
	vs, err := tx.VersionsInForce(ctx, today)
	if err != nil {
		return nil, err
	}
	cf := &catalogueFigures{stamp: stamp, on: today}
	for _, v := range vs {
		cf.procs = append(cf.procs, catalogueProc{code: v.NationalCode, field: v.Field, levels: v.Levels, online: v.OnlineLevel,
			complete: completePublication(&v.Version), fees: hasFees(&v.Version)})
	}
	catalogueCache.Store(s.db, cf)
	return cf, nil
}

// completePublication says whether a version publishes every part of a procedure that NĐ
// 63/2010 Art. 8.2 names (indicator 1.3): its name; its sequence (a workflow in each case);
// the way it is done (the online level is always stated, the desk always offered); the
// components and their quantities; the time limit; who it is for (the cases); the competent
// agency; and the result.
func completePublication(v *catalog.Version) bool {
	if strings.TrimSpace(v.Name) == "" || len(v.Variants) == 0 || v.CompetentUnitKind == "" || len(v.Results) == 0 || !v.OnlineLevel.Valid() {
		return false
	}
	for _, vr := range v.Variants {
		if len(vr.Components) == 0 || len(vr.Workflow) == 0 || vr.Duration.Unit == "" || strings.TrimSpace(vr.Name) == "" {
			return false
		}
	}
	return true
}

// hasFees says whether a version has fee information in the sense of indicator 3.5 (fee ≠ 0 or
// null in the national database): a variant with a fee of a fixed amount, or one the competent
// body sets case by case (the amount is then stated in words, not 0).
func hasFees(v *catalog.Version) bool {
	for _, vr := range v.Variants {
		for _, f := range vr.Fees {
			if f.Kind == catalog.FeeFixed || f.Kind == catalog.FeeByCase {
				return true
			}
		}
	}
	return false
}

func (cf *catalogueFigures) matches(p catalogueProc, levels []catalog.Level, field, code string) bool {
	if field != "" && p.field != field || code != "" && p.code != code {
		return false
	}
	return slices.ContainsFunc(p.levels, func(l catalog.Level) bool { return slices.Contains(levels, l) })
}

// count is the catalogue part of a report: the procedures of the levels (and field, procedure);
// of the online ones, those in used (with an online dossier in the period); of those with fees,
// those in paid (with a dossier in the period paid through the payment gateway).
func (cf *catalogueFigures) count(levels []catalog.Level, field, code string, used, paid []string) stats.Catalogue {
	var c stats.Catalogue
	for _, p := range cf.procs {
		if !cf.matches(p, levels, field, code) {
			continue
		}
		c.Procedures++
		if p.complete {
			c.Complete++
		}
		if p.online == catalog.OnlinePartial || p.online == catalog.OnlineFull {
			c.Online++
			if p.online == catalog.OnlineFull {
				c.Full++
			}
			if slices.Contains(used, p.code) {
				c.OnlineUsed++
			}
		}
		if p.fees {
			c.WithFees++
			if slices.Contains(paid, p.code) {
				c.PaidOnline++
			}
		}
	}
	return c
}

func (cf *catalogueFigures) line(l catalog.Level, label string, levels []catalog.Level) PublicityLine {
	c := cf.count(levels, "", "", nil, nil)
	return PublicityLine{Level: l, Label: label, Online: c.Online, Full: c.Full, Total: c.Procedures, Percent: stats.Percent(c.Online, c.Procedures)}
}

// statsContext caches what refreshing many dossiers' facts reads again and again.
type statsContext struct {
	levels   map[int64]catalog.Level // by unit
	versions map[int64]*store.VersionRow
	cals     map[string]*calendar.Calendar
}

func newStatsContext() *statsContext {
	return &statsContext{levels: map[int64]catalog.Level{}, versions: map[int64]*store.VersionRow{}, cals: map[string]*calendar.Calendar{}}
}

// facts computes the facts of one dossier (nil when it was never received).
func (s *Service) facts(ctx context.Context, tx *store.Tx, sc *statsContext, in *store.StatsInput, cal *calendar.Calendar) (*stats.Facts, error) {
	d := in.Dossier
	if d.ReceivedAt.IsZero() {
		return nil, nil
	}
	var err error
	if cal == nil {
		if cal = sc.cals[d.CalendarKey]; cal == nil {
			if cal, err = s.calendarIn(ctx, tx, d.CalendarKey); err != nil {
				return nil, err
			}
			sc.cals[d.CalendarKey] = cal
		}
	}
	v := sc.versions[d.ProcedureVersionID]
	if v == nil {
		if v, err = tx.VersionByID(ctx, d.ProcedureVersionID); err != nil {
			return nil, err
		}
		sc.versions[d.ProcedureVersionID] = v
	}
	level, ok := sc.levels[d.ReceivingUnitID]
	if !ok {
		if level, err = levelOfPath(ctx, tx, d.ReceivingUnitPath); err != nil {
			return nil, err
		}
		sc.levels[d.ReceivingUnitID] = level
	}
	f, ok, err := stats.Classify(stats.Dossier{ID: d.ID, State: d.State, Channel: d.Channel, ReceivedAt: d.ReceivedAt, DueAt: d.DueAt,
		OriginalDueAt: d.OriginalDueAt, ProcessedAt: d.ProcessedAt, ReturnedAt: d.ReturnedAt, PausedAt: d.PausedAt,
		SupplementCount: d.SupplementCount, Events: in.Events, PaperResult: v.ResultKind == catalog.ResultPaper,
		EResult: d.ResultFile != "", Digitised: in.ComponentFiles, Disliked: in.Disliked, FeeAmount: d.FeeAmount,
		PaidOnline: in.PaidOnline}, cal)
	if err != nil || !ok {
		return nil, err
	}
	f.UnitID, f.UnitPath, f.Level = d.ReceivingUnitID, d.ReceivingUnitPath, string(level)
	f.ProcedureCode, f.Field = d.ProcedureCode, v.Field
	return &f, nil
}

// refreshStats recomputes the facts of dossier d after a change and moves its count in the
// aggregates, in the transaction that changed it. cal is its calendar when the caller has it
// (nil: read by its key). Every change of a received dossier calls it, and so do its rating
// (RateDossier) and the settling of its payments (through the pay action, or directly when the
// dossier no longer awaits payment).
func (s *Service) refreshStats(ctx context.Context, tx *store.Tx, d *store.DossierRow, cal *calendar.Calendar) error {
	if d.ReceivedAt.IsZero() {
		return nil
	}
	in, err := tx.StatsInputOf(ctx, d)
	if err != nil {
		return err
	}
	f, err := s.facts(ctx, tx, newStatsContext(), in, cal)
	if err != nil {
		return err
	}
	return tx.PutStatsFacts(ctx, d.ID, f)
}

// receivedStats counts a dossier received a moment ago in this transaction (ReceiveDossier) in
// the aggregates: refreshStats without its reads, since such a dossier has no facts, file,
// rating, payment or pause yet, and its procedure version v and its unit's level are in hand.
func (s *Service) receivedStats(ctx context.Context, tx *store.Tx, d *store.DossierRow, cal *calendar.Calendar, v *store.VersionRow, level catalog.Level) error {
	sc := newStatsContext()
	sc.versions[v.ID] = v
	sc.levels[d.ReceivingUnitID] = level
	f, err := s.facts(ctx, tx, sc, &store.StatsInput{Dossier: d}, cal)
	if err != nil {
		return err
	}
	return tx.PutNewStatsFacts(ctx, d.ID, f)
}

// RebuildStats recomputes the facts of every received dossier and the aggregates from scratch,
// in one transaction (readers see the old figures until it commits; dossiers changed meanwhile
// wait for it on PostgreSQL). It is needed after `egov gen`, which writes dossiers directly. It
// returns the number of dossiers counted. Only the system or an administrator of a root unit
// may run it (Forbidden otherwise).
func (s *Service) RebuildStats(ctx context.Context) (int, error) {
	a, err := actor(ctx)
	if err != nil {
		return 0, err
	}
	if !a.System && !slices.ContainsFunc(a.Grants, func(g org.Grant) bool { return g.Role == org.RoleAdmin && strings.Count(g.UnitPath, "/") == 2 }) {
		return 0, errs.ErrForbidden
	}
	var n int
	started := s.clock.Now()
	err = s.write(ctx, func(tx *store.Tx) ([]change, error) {
		n = 0
		if err := tx.ClearStats(ctx); err != nil {
			return nil, err
		}
		sc := newStatsContext()
		var after int64
		for {
			ins, err := tx.StatsInputs(ctx, after, 5000)
			if err != nil {
				return nil, err
			}
			if len(ins) == 0 {
				break
			}
			fs := make([]*stats.Facts, 0, len(ins))
			for _, in := range ins {
				f, err := s.facts(ctx, tx, sc, in, nil)
				if err != nil {
					return nil, fmt.Errorf("dossier %s: %w", in.Dossier.Code, err)
				}
				if f != nil {
					fs = append(fs, f)
				}
			}
			if err := tx.InsertStatsFacts(ctx, fs); err != nil {
				return nil, err
			}
			n += len(fs)
			after = ins[len(ins)-1].Dossier.ID
		}
		if err := tx.RecountStats(ctx); err != nil {
			return nil, err
		}
		return []change{{Action: "stats.rebuild", ObjectType: "stats", UnitPath: "/",
			After: map[string]any{"dossiers": n, "seconds": s.clock.Now().Sub(started).Seconds()}}}, nil
	})
	return n, err
}
