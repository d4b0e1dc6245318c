package web

import (
	"maps"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/catalog"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/stats"
)

// The statistics API: the QĐ 766 indicators, the monthly trend, the ranking of units and the
// publicity figure are public (the city's published figures, no personal data); the dossiers
// behind a figure are for officials, scoped to the dossiers they may see. A unit filter that
// names no unit is bad input there (400 unknown_unit), as on the dashboards.

var (
	statsScopeParams = []apiParam{
		{"period", "query", "string", "required: a year (2025), a quarter (2025-Q1), a month (2025-03) or months from..to (2025-01..2025-06), at most 5 years"},
		{"unit", "query", "integer", "unit id; the whole city when absent"},
		{"current_units", "query", "boolean", "report by current units: add the dossiers of the unit versions it took over (successor links)"},
		{"level", "query", "string", "province, district or commune: only dossiers received at units of that level"},
		{"field", "query", "string", "field (lĩnh vực) of the procedures"},
		{"procedure", "query", "string", "one procedure, by national code (needed for indicator 2.2)"},
		{"mode", "query", "string", "KPI 2.1 mode for the 2.1 and 5.4 values: workingTime (default) or literal766"},
	}
	statsDossierParams = append(append([]apiParam{}, statsScopeParams...),
		apiParam{"figure", "query", "string", "required: the figure, one of " + figureNames()},
		apiParam{"after", "query", "integer", "cursor: the next value of the previous page"},
		apiParam{"limit", "query", "integer", "1–500, default 50"})
	statsUnitParam = []apiParam{{"unit", "query", "integer", "unit id; the whole city when absent"}}
)

func figureNames() string {
	var out []string
	for _, f := range stats.Figures {
		out = append(out, string(f.Figure))
	}
	return strings.Join(out, ", ")
}

// statsQuery reads the scope and period of a statistics request.
func statsQuery(r *http.Request) (app.StatsQuery, error) {
	q := r.URL.Query()
	var out app.StatsQuery
	if q.Get("period") == "" {
		return out, errs.Invalidf("period", stats.CodeInvalidPeriod, "Cần chọn kỳ báo cáo (period), ví dụ 2025, 2025-Q1, 2025-03 hoặc 2025-01..2025-06.",
			"period is required, e.g. 2025, 2025-Q1, 2025-03 or 2025-01..2025-06.")
	}
	p, err := stats.ParsePeriod(q.Get("period"))
	if err != nil {
		return out, err
	}
	unit, err := intParam(r, "unit", 1, 1<<62)
	if err != nil {
		return out, err
	}
	mode, err := stats.ParseMode(q.Get("mode"))
	if err != nil {
		return out, err
	}
	cur := false
	if v := q.Get("current_units"); v != "" {
		if cur, err = strconv.ParseBool(v); err != nil {
			return out, errs.Invalidf("current_units", "invalid_parameter", "Tham số current_units phải là true hoặc false.", "current_units must be true or false.")
		}
	}
	return app.StatsQuery{Period: p, UnitID: unit, CurrentUnits: cur, Level: catalog.Level(q.Get("level")), Field: q.Get("field"),
		ProcedureCode: q.Get("procedure"), Mode: mode}, nil
}

type progressJSON struct {
	Early      int64   `json:"early"`
	OnTime     int64   `json:"on_time"`
	Late       int64   `json:"late"`
	OpenOnTime int64   `json:"open_on_time"`
	OpenLate   int64   `json:"open_late"`
	Total      int64   `json:"total"`
	Percent    float64 `json:"percent"`
}

func toProgress(p stats.Progress) progressJSON {
	return progressJSON{Early: p.Early, OnTime: p.OnTime, Late: p.Late, OpenOnTime: p.OpenOnTime, OpenLate: p.OpenLate,
		Total: p.Total(), Percent: stats.Percent(p.Good(), p.Total())}
}

type indicatorJSON struct {
	ID          string  `json:"id"`
	Group       int     `json:"group"`
	Name        string  `json:"name"`
	Formula     string  `json:"formula,omitempty"`
	Numerator   int64   `json:"numerator"`
	Denominator int64   `json:"denominator"`
	Percent     float64 `json:"percent"`
	NA          bool    `json:"na"`
	FullAt      float64 `json:"full_score_at,omitempty"`
	ScoreRatio  float64 `json:"score_ratio"`
	Text        string  `json:"text"`
	Note        string  `json:"note,omitempty"`
	Unavailable string  `json:"unavailable,omitempty"`
}

type indicatorsJSON struct {
	Period       string          `json:"period"`
	PeriodLabel  string          `json:"period_label"`
	At           time.Time       `json:"at"`
	Current      bool            `json:"current"`
	UnitID       int64           `json:"unit_id,omitempty"`
	UnitName     string          `json:"unit_name"`
	Paths        []string        `json:"unit_paths,omitempty"`
	Mode         stats.Mode      `json:"mode"`
	Received     int64           `json:"received"`
	Direct       int64           `json:"direct"`
	Online       int64           `json:"online"`
	Post         int64           `json:"post"`
	Disliked     int64           `json:"disliked"`
	WithFee      int64           `json:"with_fee"`
	PaidOnline   int64           `json:"paid_online"`
	KPI21        progressJSON    `json:"kpi21_working_time"`
	KPI21Literal progressJSON    `json:"kpi21_literal766"`
	AvgWorking   float64         `json:"average_working_days,omitempty"`
	AvgCalendar  float64         `json:"average_calendar_days,omitempty"`
	Indicators   []indicatorJSON `json:"indicators"`
}

// statsInputErr answers a unit filter that names no unit (NotFound unknown_unit from the
// service) as bad input, with the same code and message.
func statsInputErr(err error) error {
	if errs.CodeOf(err) == stats.CodeUnknownUnit && errs.KindOf(err) == errs.NotFound {
		pub := errs.Public(err)
		return errs.Invalidf("unit", pub.Code, pub.Message, pub.English)
	}
	return err
}

// apiStatsIndicators: GET /api/v1/stats/indicators.
func (s *Server) apiStatsIndicators(r *http.Request) (int, any, error) {
	q, err := statsQuery(r)
	if err != nil {
		return 0, nil, err
	}
	rep, err := s.svc.Indicators(r.Context(), q)
	if err != nil {
		return 0, nil, statsInputErr(err)
	}
	out := indicatorsJSON{Period: rep.Period.String(), PeriodLabel: rep.Period.Label(), At: rep.At, Current: rep.Current,
		UnitName: "Thành phố", Paths: rep.Paths, Mode: rep.Mode, Received: rep.Received, Direct: rep.Direct, Online: rep.Online,
		Post: rep.Post, Disliked: rep.Disliked, WithFee: rep.WithFee, PaidOnline: rep.PaidOnline, KPI21: toProgress(rep.WorkingTime), KPI21Literal: toProgress(rep.Literal766),
		AvgWorking: rep.AverageWorkingDays, AvgCalendar: rep.AverageCalendarDays, Indicators: []indicatorJSON{}}
	if rep.Unit != nil {
		out.UnitID, out.UnitName = rep.Unit.ID, rep.Unit.Name
	}
	for _, v := range rep.Indicators {
		out.Indicators = append(out.Indicators, indicatorJSON{ID: v.ID, Group: v.Group, Name: v.Name, Formula: v.Formula,
			Numerator: v.Numerator, Denominator: v.Denominator, Percent: v.Percent, NA: v.NA, FullAt: v.Full,
			ScoreRatio: v.ScoreRatio, Text: v.Text(), Note: v.Note, Unavailable: v.Unavailable})
	}
	return http.StatusOK, out, nil
}

type publicityLineJSON struct {
	Level   string  `json:"level"`
	Label   string  `json:"label"`
	Online  int64   `json:"online"`
	Full    int64   `json:"full"`
	Total   int64   `json:"total"`
	Percent float64 `json:"percent"`
	Text    string  `json:"text"`
}

func toPublicityLine(l app.PublicityLine) publicityLineJSON {
	return publicityLineJSON{Level: string(l.Level), Label: l.Label, Online: l.Online, Full: l.Full, Total: l.Total, Percent: l.Percent, Text: l.Text()}
}

// apiStatsPublicity: GET /api/v1/stats/publicity.
func (s *Server) apiStatsPublicity(r *http.Request) (int, any, error) {
	unit, err := intParam(r, "unit", 1, 1<<62)
	if err != nil {
		return 0, nil, err
	}
	p, err := s.svc.Publicity(r.Context(), unit)
	if err != nil {
		return 0, nil, err
	}
	out := map[string]any{"on": p.On.String(), "all": toPublicityLine(p.All), "levels": []publicityLineJSON{}, "unit_name": "Thành phố"}
	if p.Unit != nil {
		out["unit_id"], out["unit_name"] = p.Unit.ID, p.Unit.Name
	}
	for _, l := range p.Lines {
		out["levels"] = append(out["levels"].([]publicityLineJSON), toPublicityLine(l))
	}
	return http.StatusOK, out, nil
}

type statsDossierJSON struct {
	Code          string    `json:"code"`
	ProcedureCode string    `json:"procedure_code"`
	ReceivedAt    time.Time `json:"received_at"`
	EndAt         time.Time `json:"end_at,omitzero"`
	Deadline      time.Time `json:"deadline"`
}

// apiStatsDossiers: GET /api/v1/stats/dossiers.
func (s *Server) apiStatsDossiers(r *http.Request) (int, any, error) {
	q, err := statsQuery(r)
	if err != nil {
		return 0, nil, err
	}
	fig, err := stats.ParseFigure(r.URL.Query().Get("figure"))
	if err != nil {
		return 0, nil, err
	}
	after, err := intParam(r, "after", 0, 1<<62)
	if err != nil {
		return 0, nil, err
	}
	limit, err := intParam(r, "limit", 1, 500)
	if err != nil {
		return 0, nil, err
	}
	page, err := s.svc.StatsDossiers(r.Context(), q, fig, after, int(limit))
	if err != nil {
		return 0, nil, statsInputErr(err)
	}
	items := []statsDossierJSON{}
	for _, d := range page.Dossiers {
		items = append(items, statsDossierJSON{Code: d.Code, ProcedureCode: d.ProcedureCode, ReceivedAt: d.ReceivedAt, EndAt: d.EndAt, Deadline: d.Deadline})
	}
	return http.StatusOK, map[string]any{"figure": fig, "items": items, "next": page.Next}, nil
}

// situationJSON is a situation row (stats.Situation): the trend's months and the ranked units.
type situationJSON struct {
	Total         int64   `json:"total"`
	CarriedOver   int64   `json:"carried_over"`
	Received      int64   `json:"received"`
	Online        int64   `json:"online"`
	Direct        int64   `json:"direct"`
	Post          int64   `json:"post"`
	Resolved      int64   `json:"resolved"`
	Early         int64   `json:"early"`
	OnTime        int64   `json:"on_time"`
	Late          int64   `json:"late"`
	InProgress    int64   `json:"in_progress"`
	OpenOnTime    int64   `json:"open_on_time"`
	OpenLate      int64   `json:"open_late"`
	LateTotal     int64   `json:"late_total"`
	OnTimePercent float64 `json:"on_time_percent"`
}

func toSituation(s stats.Situation) situationJSON {
	return situationJSON{Total: s.Total, CarriedOver: s.CarriedOver, Received: s.Received, Online: s.Online, Direct: s.Direct,
		Post: s.Post, Resolved: s.Handled, Early: s.Early, OnTime: s.OnTime, Late: s.Late, InProgress: s.InProgress,
		OpenOnTime: s.OpenOnTime, OpenLate: s.OpenLate, LateTotal: s.Late + s.OpenLate, OnTimePercent: s.OnTimePercent}
}

// statsScopeJSON is the scope and period of a trend or a ranking.
type statsScopeJSON struct {
	Period      string     `json:"period"`
	PeriodLabel string     `json:"period_label"`
	UnitID      int64      `json:"unit_id,omitempty"`
	UnitName    string     `json:"unit_name"`
	Paths       []string   `json:"unit_paths,omitempty"`
	Mode        stats.Mode `json:"mode"`
}

func toStatsScope(q app.StatsQuery, u *org.Unit, paths []string) statsScopeJSON {
	out := statsScopeJSON{Period: q.Period.String(), PeriodLabel: q.Period.Label(), UnitName: "Thành phố", Paths: paths, Mode: q.Mode}
	if u != nil {
		out.UnitID, out.UnitName = u.ID, u.Name
	}
	return out
}

type trendMonthJSON struct {
	Month   string    `json:"month"`
	At      time.Time `json:"at"`
	Current bool      `json:"current"`
	situationJSON
}

// apiStatsTrend: GET /api/v1/stats/trend.
func (s *Server) apiStatsTrend(r *http.Request) (int, any, error) {
	q, err := statsQuery(r)
	if err != nil {
		return 0, nil, err
	}
	tr, err := s.svc.Trend(r.Context(), q)
	if err != nil {
		return 0, nil, statsInputErr(err)
	}
	months := []trendMonthJSON{}
	for _, m := range tr.Months {
		months = append(months, trendMonthJSON{Month: m.Month.String(), At: m.Report.At, Current: m.Report.Current,
			situationJSON: toSituation(stats.SituationOf(m.Report))})
	}
	return http.StatusOK, struct {
		statsScopeJSON
		Months []trendMonthJSON `json:"months"`
	}{toStatsScope(tr.Query, tr.Unit, tr.Paths), months}, nil
}

type rankedUnitJSON struct {
	UnitID    int64   `json:"unit_id"`
	UnitName  string  `json:"unit_name"`
	Level     string  `json:"level"`
	Rank      int     `json:"rank"`
	ScoreRank int     `json:"score_rank"`
	HasRate   bool    `json:"has_rate"`
	Points    float64 `json:"points"`
	Counted   int     `json:"counted"`
	situationJSON
}

// apiStatsUnits: GET /api/v1/stats/units.
func (s *Server) apiStatsUnits(r *http.Request) (int, any, error) {
	q, err := statsQuery(r)
	if err != nil {
		return 0, nil, err
	}
	rk, err := s.svc.UnitRanking(r.Context(), q)
	if err != nil {
		return 0, nil, statsInputErr(err)
	}
	units := []rankedUnitJSON{}
	for _, u := range rk.Units {
		units = append(units, rankedUnitJSON{UnitID: u.Unit.ID, UnitName: u.Unit.Name, Level: string(u.Level), Rank: u.Rank,
			ScoreRank: u.ScoreRank, HasRate: u.HasRate(), Points: u.Points, Counted: u.Counted, situationJSON: toSituation(u.Situation)})
	}
	// By level (province, district, commune, as the dashboards group them), then by rank.
	levels := map[string]int{string(catalog.LevelProvince): 0, string(catalog.LevelDistrict): 1, string(catalog.LevelCommune): 2}
	sort.SliceStable(units, func(i, j int) bool {
		if units[i].Level != units[j].Level {
			return levels[units[i].Level] < levels[units[j].Level]
		}
		return units[i].Rank < units[j].Rank
	})
	return http.StatusOK, struct {
		statsScopeJSON
		At         time.Time        `json:"at"`
		Current    bool             `json:"current"`
		ComputedAt time.Time        `json:"computed_at"`
		Units      []rankedUnitJSON `json:"units"`
	}{toStatsScope(rk.Query, rk.Unit, rk.Paths), rk.At, rk.Current, rk.ComputedAt, units}, nil
}

func init() {
	situation := map[string]any{"total": num, "carried_over": num, "received": num, "online": num, "direct": num, "post": num,
		"resolved": num, "early": num, "on_time": num, "late": num, "in_progress": num, "open_on_time": num, "open_late": num,
		"late_total": num, "on_time_percent": flt}
	situationRequired := []string{"total", "carried_over", "received", "online", "direct", "post", "resolved", "early", "on_time",
		"late", "in_progress", "open_on_time", "open_late", "late_total", "on_time_percent"}
	with := func(extra map[string]any, required ...string) map[string]any {
		props := maps.Clone(situation)
		maps.Copy(props, extra)
		return obj(props, append(required, situationRequired...)...)
	}
	scope := map[string]any{"period": str, "period_label": str, "unit_id": num, "unit_name": str, "unit_paths": arr(str), "mode": str}
	scopeWith := func(extra map[string]any, required ...string) map[string]any {
		props := maps.Clone(scope)
		maps.Copy(props, extra)
		return obj(props, append(required, "period", "period_label", "unit_name", "mode")...)
	}
	openAPISchemas["StatsTrend"] = scopeWith(map[string]any{"months": arr(with(map[string]any{"month": str, "at": dt, "current": bl},
		"month", "at", "current"))}, "months")
	openAPISchemas["StatsUnits"] = scopeWith(map[string]any{"at": dt, "current": bl, "computed_at": dt, "units": arr(with(map[string]any{"unit_id": num,
		"unit_name": str, "level": str, "rank": num, "score_rank": num, "has_rate": bl, "points": flt, "counted": num},
		"unit_id", "unit_name", "level", "rank", "score_rank", "has_rate", "points", "counted"))}, "at", "current", "units")

	progress := obj(map[string]any{"early": num, "on_time": num, "late": num, "open_on_time": num, "open_late": num, "total": num, "percent": flt},
		"early", "on_time", "late", "open_on_time", "open_late", "total", "percent")
	indicator := obj(map[string]any{"id": str, "group": num, "name": str, "formula": str, "numerator": num, "denominator": num,
		"percent": flt, "na": bl, "full_score_at": flt, "score_ratio": flt, "text": str, "note": str, "unavailable": str},
		"id", "group", "name", "numerator", "denominator", "percent", "na", "score_ratio", "text")
	openAPISchemas["Indicators"] = obj(map[string]any{"period": str, "period_label": str, "at": dt, "current": bl, "unit_id": num,
		"unit_name": str, "unit_paths": arr(str), "mode": str, "received": num, "direct": num, "online": num, "post": num,
		"disliked": num, "with_fee": num, "paid_online": num, "kpi21_working_time": progress, "kpi21_literal766": progress, "average_working_days": flt, "average_calendar_days": flt,
		"indicators": arr(indicator)}, "period", "period_label", "at", "current", "mode", "received", "kpi21_working_time",
		"kpi21_literal766", "indicators")
	line := obj(map[string]any{"level": str, "label": str, "online": num, "full": num, "total": num, "percent": flt, "text": str},
		"level", "label", "online", "full", "total", "percent", "text")
	openAPISchemas["Publicity"] = obj(map[string]any{"on": map[string]any{"type": "string", "format": "date"}, "unit_id": num,
		"unit_name": str, "all": line, "levels": arr(line)}, "on", "unit_name", "all", "levels")
	openAPISchemas["StatsDossiers"] = obj(map[string]any{"figure": str, "next": num, "items": arr(obj(map[string]any{"code": str,
		"procedure_code": str, "received_at": dt, "end_at": dt, "deadline": dt}, "code", "procedure_code", "received_at", "deadline"))},
		"figure", "items", "next")
}
