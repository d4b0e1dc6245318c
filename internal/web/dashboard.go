package web

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/catalog"
	"github.com/egov-vn/egov/internal/chart"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/stats"
	"github.com/egov-vn/egov/internal/xlsx"
)

// The dashboards: the public one (/cong-khai, công khai kết quả giải quyết TTHC) and the leaders'
// one (/bang-dieu-khien), their tables as CSV and XLSX, the periodic report as PDF and XLSX, and
// the dossiers behind a leader's number. Both pages are GET forms that work without JavaScript;
// the charts are SVG drawn here, each followed by its numbers as a table.

// dashQuery reads a dashboard's filters: the API's parameters (statsQuery), where the period may
// also be given as a range of months from the form (from, to: YYYY-MM) and defaults to the
// current year.
func (s *Server) dashQuery(r *http.Request) (app.StatsQuery, error) {
	q := r.URL.Query()
	if from, to := q.Get("from"), q.Get("to"); from != "" || to != "" {
		if from == "" {
			from = to
		}
		if to == "" {
			to = from
		}
		q.Set("period", from+".."+to)
	}
	if q.Get("period") == "" {
		q.Set("period", strconv.Itoa(s.svc.Clock().Now().In(vietnam).Year()))
	}
	if q.Get("unit") == "0" {
		q.Del("unit")
	}
	r2 := r.Clone(r.Context())
	r2.URL.RawQuery = q.Encode()
	return statsQuery(r2)
}

// dashData is what the dashboard template gets.
type dashData struct {
	Leader bool
	D      *app.Dashboard
	Q      app.StatsQuery
	Sit    stats.Situation
	// Trend charts, as SVG, and the groups of the rankings.
	VolumeChart, RateChart template.HTML
	RankChart              template.HTML
	Groups                 []rankGroup
	Late                   []*app.UnitFigures
	PeriodOptions          []option
	Base                   string // the page's path
	Export                 string // the exports' path
}

type option struct{ Value, Label string }

// rankGroup is one ranking table: the units of one level, best on-time rate first.
type rankGroup struct {
	Title string
	Rows  []rankRow
}

type rankRow struct {
	*app.UnitFigures
	Rate    float64
	HasRate bool
}

// Params is the filter query of the page without paging, to build links: the figure and the
// unit of a link are set by Link.
func (d *dashData) Params() url.Values {
	v := url.Values{}
	v.Set("period", d.Q.Period.String())
	if d.Q.UnitID != 0 {
		v.Set("unit", strconv.FormatInt(d.Q.UnitID, 10))
	}
	if d.Q.Level != "" {
		v.Set("level", string(d.Q.Level))
	}
	if d.Q.Field != "" {
		v.Set("field", d.Q.Field)
	}
	if d.Q.ProcedureCode != "" {
		v.Set("procedure", d.Q.ProcedureCode)
	}
	if d.Q.Mode != "" && d.Q.Mode != stats.WorkingTime {
		v.Set("mode", string(d.Q.Mode))
	}
	return v
}

// Link is the address of the dossiers behind a figure of the scope (unit 0) or of one unit, in
// a KPI 2.1 mode ("" for the page's).
func (d *dashData) Link(fig string, unit int64, mode string) string {
	v := d.Params()
	v.Set("figure", fig)
	if unit != 0 {
		v.Set("unit", strconv.FormatInt(unit, 10))
	}
	if mode != "" {
		v.Set("mode", mode)
	}
	return "/bang-dieu-khien/ho-so?" + v.Encode()
}

// A is a count as the page shows it: on the leaders' page a link to the dossiers behind it
// (figure fig of the unit, 0 for the scope, in mode, "" for the page's), plain text elsewhere.
func (d *dashData) A(fig string, unit int64, mode string, n int64) template.HTML {
	text := template.HTMLEscapeString(stats.Thousands(n))
	if !d.Leader || fig == "" {
		return template.HTML(text)
	}
	return template.HTML(`<a href="` + template.HTMLEscapeString(d.Link(fig, unit, mode)) + `">` + text + `</a>`)
}

// ExportURL is the address of a table's export.
func (d *dashData) ExportURL(table, format string) string {
	v := d.Params()
	v.Set("table", table)
	v.Set("format", format)
	return d.Export + "?" + v.Encode()
}

// ReportURL is the address of the periodic report.
func (d *dashData) ReportURL(format string) string {
	v := d.Params()
	v.Set("format", format)
	return "/bang-dieu-khien/bao-cao?" + v.Encode()
}

// Selected reports whether an option is the current choice of a filter.
func (d *dashData) Selected(name, value string) bool {
	switch name {
	case "period":
		return d.Q.Period.String() == value
	case "unit":
		return strconv.FormatInt(d.Q.UnitID, 10) == value
	case "level":
		return string(d.Q.Level) == value
	case "field":
		return d.Q.Field == value
	case "mode":
		return string(d.Q.Mode) == value || value == "workingTime" && d.Q.Mode == ""
	}
	return false
}

// CustomFrom and CustomTo fill the range inputs for a custom period.
func (d *dashData) CustomFrom() string {
	if d.Q.Period.Kind == stats.PeriodCustom {
		return d.Q.Period.From.String()
	}
	return ""
}

func (d *dashData) CustomTo() string {
	if d.Q.Period.Kind == stats.PeriodCustom {
		return d.Q.Period.To.String()
	}
	return ""
}

// N writes a count with dots between thousands; Pct a percent with a decimal comma.
func (d *dashData) N(n int64) string     { return stats.Thousands(n) }
func (d *dashData) Pct(f float64) string { return stats.DecimalVN(f) + "%" }
func (d *dashData) Share(n, of int64) string {
	if of == 0 {
		return "N/A"
	}
	return d.Pct(stats.Percent(n, of))
}

// Sum adds counts; SitOf is the situation row of a report.
func (d *dashData) Sum(ns ...int64) int64 {
	var t int64
	for _, n := range ns {
		t += n
	}
	return t
}

func (d *dashData) SitOf(r *stats.Report) stats.Situation { return stats.SituationOf(r) }

// UnitQuery is the page's query for one unit (a ranking's unit on the leaders' page).
func (d *dashData) UnitQuery(unit int64) string {
	v := d.Params()
	v.Set("unit", strconv.FormatInt(unit, 10))
	return v.Encode()
}

// AtText is the instant the figures are read at: the last minute of a past period, or now.
func (d *dashData) AtText() string {
	at := d.D.At
	if !d.D.Current {
		at = at.Add(-time.Minute)
	}
	return at.In(vietnam).Format("15:04 02/01/2006")
}

// Score is a composite score with a decimal comma.
func (d *dashData) Score(f float64) string { return stats.DecimalVN(f) }

// Progress is KPI 2.1 in a mode.
func (d *dashData) Progress(mode string) stats.Progress {
	if mode == string(stats.Literal766) {
		return d.D.Literal766
	}
	return d.D.WorkingTime
}

// IndicatorFigures are the drill-down figures of an indicator's numerator and denominator ("" when
// the number is not a list of dossiers: catalogue counts, sums of several buckets).
func (d *dashData) IndicatorFigures(id string) [2]string {
	switch id {
	case "2.1", "5.4":
		return [2]string{"", string(stats.FigTotal)}
	case "2.2":
		return [2]string{"", string(stats.FigCompleted)}
	case "3.3":
		return [2]string{string(stats.FigOnlineCounted), string(stats.FigReceived)}
	case "4.1":
		return [2]string{string(stats.FigEResult), string(stats.FigPaperResult)}
	case "4.2":
		return [2]string{string(stats.FigDigitised), string(stats.FigReceived)}
	}
	return [2]string{}
}

// Points of an indicator: its share of the maximum by the scoring rule, as a percent.
func (d *dashData) Points(v stats.Value) string {
	if v.NA || v.Unavailable != "" || v.ID == "2.2" {
		return "—"
	}
	return d.Pct(stats.Score(v.Percent, v.Full, 100))
}

// periodOptions are the periods offered in the form: five years, eight quarters, 24 months, up
// to the current one, and the current choice if it is not among them.
func (s *Server) periodOptions(cur stats.Period) []option {
	now := stats.MonthOf(s.svc.Clock().Now())
	var out []option
	for y := now.Year(); y > now.Year()-5; y-- {
		out = append(out, option{strconv.Itoa(y), fmt.Sprintf("Năm %d", y)})
	}
	q := stats.MonthAt(now.Year(), now.Mon()-(now.Mon()-1)%3)
	for k := 0; k < 8; k++ {
		p, _ := stats.ParsePeriod(fmt.Sprintf("%d-Q%d", q.Year(), (int(q.Mon())+2)/3))
		out = append(out, option{p.String(), p.Label()})
		q = q.Add(-3)
	}
	for k := 0; k < 24; k++ {
		m := now.Add(-k)
		out = append(out, option{m.String(), "Tháng " + fmt.Sprintf("%02d/%d", int(m.Mon()), m.Year())})
	}
	found := false
	for _, o := range out {
		if o.Value == cur.String() {
			found = true
		}
	}
	if !found && cur.Kind != stats.PeriodCustom && cur.From != 0 {
		out = append([]option{{cur.String(), cur.Label()}}, out...)
	}
	return out
}

// dashboardData builds the page's data from a dashboard.
func (s *Server) dashboardData(d *app.Dashboard, q app.StatsQuery, leader bool) *dashData {
	dd := &dashData{Leader: leader, D: d, Q: d.Query, Sit: stats.SituationOf(d.Report), PeriodOptions: s.periodOptions(q.Period),
		Base: "/cong-khai", Export: "/cong-khai/xuat"}
	if leader {
		dd.Base, dd.Export = "/bang-dieu-khien", "/bang-dieu-khien/xuat"
	}
	dd.Q.Period = q.Period

	// The trend charts.
	var labels []string
	var recv, handled, rate []float64
	var best, bestN = "", int64(-1)
	for _, m := range d.Trend {
		sit := stats.SituationOf(m.Report)
		labels = append(labels, fmt.Sprintf("%02d/%d", int(m.Month.Mon()), m.Month.Year()%100))
		recv = append(recv, float64(sit.Received))
		handled = append(handled, float64(sit.Handled))
		if sit.Total == 0 {
			rate = append(rate, math.NaN()) // no dossier: no rate, a gap rather than 0%
		} else {
			rate = append(rate, sit.OnTimePercent)
		}
		if sit.Received > bestN {
			best, bestN = fmt.Sprintf("%02d/%d", int(m.Month.Mon()), m.Month.Year()), sit.Received
		}
	}
	desc := "Chưa có hồ sơ."
	if bestN > 0 {
		desc = fmt.Sprintf("Từ %s đến %s. Tháng tiếp nhận nhiều nhất: %s với %s hồ sơ. Số liệu chi tiết ở bảng ngay sau biểu đồ.",
			labels[0], labels[len(labels)-1], best, stats.Thousands(bestN))
	}
	dd.VolumeChart = template.HTML(chart.Bar(chart.Chart{ID: "chart-volume", Title: "Số hồ sơ tiếp nhận và đã giải quyết theo tháng",
		Desc: desc, XLabel: "Tháng", YLabel: "Số hồ sơ", Labels: labels,
		Series: []chart.Series{{Name: "Tiếp nhận", Values: recv}, {Name: "Đã giải quyết", Values: handled}}}))
	dd.RateChart = template.HTML(chart.Line(chart.Chart{ID: "chart-rate", Title: "Tỷ lệ hồ sơ đúng hạn theo tháng (chỉ số 2.1)",
		Desc:   "Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn và đang giải quyết trong hạn, theo tháng. Số liệu chi tiết ở bảng ngay sau biểu đồ.",
		XLabel: "Tháng", YLabel: "Tỷ lệ đúng hạn", Labels: labels, Percent: true,
		Series: []chart.Series{{Name: "Tỷ lệ đúng hạn", Values: rate}}}))

	// Rankings, by level, in the order of the units' ranks (the best on-time rate first).
	groups := map[catalog.Level]*rankGroup{}
	var order []catalog.Level
	for _, u := range d.Units {
		g := groups[u.Level]
		if g == nil {
			title := map[catalog.Level]string{catalog.LevelProvince: "Sở, ban, ngành và đơn vị cấp thành phố",
				catalog.LevelDistrict: "Quận, huyện, thị xã (trước 01/7/2025)", catalog.LevelCommune: "Xã, phường"}[u.Level]
			g = &rankGroup{Title: title}
			groups[u.Level] = g
			order = append(order, u.Level)
		}
		g.Rows = append(g.Rows, rankRow{UnitFigures: u, Rate: u.Situation.OnTimePercent, HasRate: u.HasRate()})
	}
	for _, l := range order {
		g := groups[l]
		sort.SliceStable(g.Rows, func(i, j int) bool { return g.Rows[i].Rank < g.Rows[j].Rank })
		dd.Groups = append(dd.Groups, *g)
	}
	// The ranking chart: on-time rate of the units with dossiers, at most 20, best first.
	var names []string
	var rates []float64
	for _, g := range dd.Groups {
		for _, r := range g.Rows {
			if r.HasRate && len(names) < 20 {
				names = append(names, strconv.Itoa(len(names)+1))
				rates = append(rates, r.Rate)
			}
		}
	}
	if len(names) > 0 {
		dd.RankChart = template.HTML(chart.Bar(chart.Chart{ID: "chart-rank", Title: "Tỷ lệ đúng hạn của các đơn vị",
			Desc: "Mỗi cột là một đơn vị, đánh số theo thứ tự trong bảng xếp hạng ngay sau biểu đồ.", XLabel: "Đơn vị (số thứ tự trong bảng xếp hạng)",
			YLabel: "Tỷ lệ đúng hạn", Labels: names, Percent: true, Series: []chart.Series{{Name: "Tỷ lệ đúng hạn", Values: rates}}}))
	}

	// Late dossiers by unit, the most first.
	for _, u := range d.Units {
		if u.Situation.Late+u.Situation.OpenLate > 0 {
			dd.Late = append(dd.Late, u)
		}
	}
	sort.SliceStable(dd.Late, func(i, j int) bool {
		return dd.Late[i].Situation.Late+dd.Late[i].Situation.OpenLate > dd.Late[j].Situation.Late+dd.Late[j].Situation.OpenLate
	})
	return dd
}

// publicDashboard: GET /cong-khai.
func (s *Server) publicDashboard(w http.ResponseWriter, r *http.Request) {
	s.dashboardPage(w, r, false)
}

// leaderDashboard: GET /bang-dieu-khien.
func (s *Server) leaderDashboard(w http.ResponseWriter, r *http.Request) {
	s.dashboardPage(w, r, true)
}

func (s *Server) dashboardPage(w http.ResponseWriter, r *http.Request, leader bool) {
	title := "Công khai kết quả giải quyết thủ tục hành chính"
	if leader {
		title = "Bảng điều khiển lãnh đạo"
	}
	q, err := s.dashQuery(r)
	var d *app.Dashboard
	if err == nil {
		if leader {
			d, err = s.svc.LeaderDashboard(r.Context(), q)
		} else {
			d, err = s.svc.PublicDashboard(r.Context(), q)
		}
	}
	if err != nil {
		if errs.KindOf(err) != errs.Invalid && errs.KindOf(err) != errs.NotFound {
			s.fail(w, r, err)
			return
		}
		// The filters again, with the message, and no figures.
		pub := errs.Public(err)
		status := statusOf(err)
		if pub.Code == stats.CodeUnknownUnit {
			status = http.StatusBadRequest // a filter naming no unit is bad input on this page
		}
		s.render(w, r, status, "dashboard", &page{Title: title, Error: pub,
			Data: &dashData{Leader: leader, Q: q, PeriodOptions: s.periodOptions(q.Period), Base: r.URL.Path}})
		return
	}
	s.render(w, r, http.StatusOK, "dashboard", &page{Title: title, Data: s.dashboardData(d, q, leader)})
}

// dashboardDossiers: GET /bang-dieu-khien/ho-so, the dossiers behind one number.
func (s *Server) dashboardDossiers(w http.ResponseWriter, r *http.Request) {
	q, err := s.dashQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	fig, err := stats.ParseFigure(r.URL.Query().Get("figure"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	after, err := intParam(r, "after", 0, 1<<62)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if q, err = s.svc.LeaderScope(r.Context(), q); err != nil {
		s.fail(w, r, err)
		return
	}
	page1, err := s.svc.StatsDossiers(r.Context(), q, fig, after, 100)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	label := string(fig)
	for _, f := range stats.Figures {
		if f.Figure == fig {
			label = f.Label
		}
	}
	dd := &dashData{Leader: true, Q: q}
	back := "/bang-dieu-khien?" + dd.Params().Encode()
	next := ""
	if page1.Next != 0 {
		v := r.URL.Query()
		v.Set("after", strconv.FormatInt(page1.Next, 10))
		next = "/bang-dieu-khien/ho-so?" + v.Encode()
	}
	s.render(w, r, http.StatusOK, "dashboard_dossiers", &page{Title: label, Data: &drillData{Label: label, Period: q.Period,
		Mode: q.Mode, Page: page1, Back: back, Next: next, First: after == 0}})
}

type drillData struct {
	Label      string
	Period     stats.Period
	Mode       stats.Mode
	Page       *app.StatsPage
	Back, Next string
	First      bool
}

// --- Exports: GET /cong-khai/xuat and /bang-dieu-khien/xuat?table=…&format=csv|xlsx.

// table is an exported table: a title, headers, and rows of text or numbers.
type exportTable struct {
	Name    string
	Headers []string
	Rows    [][]any // string, int64 or float64
}

func (s *Server) publicExport(w http.ResponseWriter, r *http.Request) { s.export(w, r, false) }
func (s *Server) leaderExport(w http.ResponseWriter, r *http.Request) { s.export(w, r, true) }

func (s *Server) export(w http.ResponseWriter, r *http.Request, leader bool) {
	format := r.URL.Query().Get("format")
	if format != "csv" && format != "xlsx" {
		s.fail(w, r, errs.Invalidf("format", "invalid_format", "Định dạng tải về phải là csv hoặc xlsx.", "The format must be csv or xlsx."))
		return
	}
	name := r.URL.Query().Get("table")
	tables := []string{"trend", "rankings", "late"}
	if leader {
		tables = append(tables, "indicators")
	}
	known := false
	for _, t := range tables {
		known = known || t == name
	}
	if !known {
		s.fail(w, r, errs.Invalidf("table", "unknown_table", "Bảng "+strconv.Quote(name)+" không có; chọn một trong: "+strings.Join(tables, ", ")+".",
			"Unknown table."))
		return
	}
	q, err := s.dashQuery(r)
	var d *app.Dashboard
	if err == nil {
		if leader {
			d, err = s.svc.LeaderDashboard(r.Context(), q)
		} else {
			d, err = s.svc.PublicDashboard(r.Context(), q)
		}
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	dd := s.dashboardData(d, q, leader)
	t := dd.table(name)
	file := "cong-khai-" + name + "-" + q.Period.String()
	if leader {
		file = "bang-dieu-khien-" + name + "-" + q.Period.String()
	}
	file = strings.ReplaceAll(file, "..", "_")
	var b bytes.Buffer
	if format == "csv" {
		b.WriteString("\ufeff") // for spreadsheets to read UTF-8
		cw := csv.NewWriter(&b)
		cw.Write(t.Headers)
		for _, row := range t.Rows {
			rec := make([]string, len(row))
			for k, c := range row {
				switch v := c.(type) {
				case string:
					rec[k] = v
				case int64:
					rec[k] = strconv.FormatInt(v, 10)
				case float64:
					rec[k] = strconv.FormatFloat(v, 'f', 2, 64)
				}
			}
			cw.Write(rec)
		}
		cw.Flush()
		writeFile(w, fileBody{"text/csv; charset=utf-8", file + ".csv", b.Bytes(), false})
		return
	}
	sh := xlsx.Sheet{Name: t.Name}
	for k, h := range t.Headers {
		width := 14.0
		if k < 2 {
			width = 30
		}
		sh.Columns = append(sh.Columns, xlsx.Column{Header: h, Width: width})
	}
	for _, row := range t.Rows {
		var cells []xlsx.Cell
		for _, c := range row {
			switch v := c.(type) {
			case string:
				cells = append(cells, xlsx.Text(v))
			case int64:
				cells = append(cells, xlsx.Number(float64(v)))
			case float64:
				cells = append(cells, xlsx.Number(v))
			}
		}
		sh.Rows = append(sh.Rows, cells)
	}
	if err := xlsx.Write(&b, sh); err != nil {
		s.fail(w, r, err)
		return
	}
	writeFile(w, fileBody{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file + ".xlsx", b.Bytes(), false})
}

// table is one of the page's tables for export, with the same numbers.
func (d *dashData) table(name string) exportTable {
	switch name {
	case "trend":
		t := exportTable{Name: "Theo tháng", Headers: []string{"Tháng", "Tiếp nhận", "Đã giải quyết", "Trước hạn", "Đúng hạn", "Quá hạn",
			"Đang giải quyết trong hạn", "Đang giải quyết quá hạn", "Tỷ lệ đúng hạn (%)"}}
		for _, m := range d.D.Trend {
			s := stats.SituationOf(m.Report)
			t.Rows = append(t.Rows, []any{m.Month.String(), s.Received, s.Handled, s.Early, s.OnTime, s.Late, s.OpenOnTime, s.OpenLate, s.OnTimePercent})
		}
		return t
	case "rankings":
		t := exportTable{Name: "Xếp hạng", Headers: []string{"Nhóm", "Đơn vị", "Hạng theo tỷ lệ đúng hạn", "Hồ sơ tiếp nhận hoặc xử lý",
			"Đúng hạn (kể cả trước hạn, đang trong hạn)", "Tỷ lệ đúng hạn (%)", "Điểm (trên 100)", "Hạng theo điểm"}}
		for _, g := range d.Groups {
			for _, r := range g.Rows {
				t.Rows = append(t.Rows, []any{g.Title, r.Unit.Name, int64(r.Rank), r.Situation.Total,
					r.Situation.Early + r.Situation.OnTime + r.Situation.OpenOnTime, r.Rate, r.Points, int64(r.ScoreRank)})
			}
		}
		return t
	case "late":
		t := exportTable{Name: "Quá hạn theo đơn vị", Headers: []string{"Đơn vị", "Đã giải quyết quá hạn", "Đang giải quyết quá hạn", "Tổng số quá hạn"}}
		for _, u := range d.Late {
			t.Rows = append(t.Rows, []any{u.Unit.Name, u.Situation.Late, u.Situation.OpenLate, u.Situation.Late + u.Situation.OpenLate})
		}
		return t
	}
	t := exportTable{Name: "Chỉ số QĐ 766", Headers: []string{"Chỉ số", "Tên chỉ số", "Tử số", "Mẫu số", "Tỷ lệ (%)", "Đạt điểm tối đa khi (%)",
		"Tỷ lệ điểm đạt (%)", "Ghi chú"}}
	for _, v := range d.D.Indicators {
		pts := ""
		if !(v.NA || v.Unavailable != "" || v.ID == "2.2") {
			pts = strconv.FormatFloat(stats.Score(v.Percent, v.Full, 100), 'f', 2, 64)
		}
		note := v.Note
		if v.Unavailable != "" {
			note = v.Unavailable
		}
		var full any = ""
		if v.Full > 0 {
			full = v.Full
		}
		var pct any = "N/A"
		if !v.NA {
			pct = v.Percent
		}
		t.Rows = append(t.Rows, []any{v.ID, v.Name, v.Numerator, v.Denominator, pct, full, pts, note})
	}
	return t
}

// situationReport: GET /bang-dieu-khien/bao-cao?format=pdf|xlsx.
func (s *Server) situationReport(w http.ResponseWriter, r *http.Request) {
	q, err := s.dashQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	format := r.URL.Query().Get("format")
	if format == "" {
		format = app.ReportPDF
	}
	b, err := s.svc.SituationReport(r.Context(), q, format)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ct := "application/pdf"
	if format == app.ReportXLSX {
		ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	writeFile(w, fileBody{ct, strings.ReplaceAll("bao-cao-tinh-hinh-"+q.Period.String(), "..", "_") + "." + format, b, false})
}
