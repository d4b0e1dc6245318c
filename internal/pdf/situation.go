package pdf

import (
	"io"
	"strconv"
	"time"

	"github.com/egov-vn/egov/internal/stats"
	"github.com/egov-vn/egov/internal/xlsx"
)

// SituationRow is one line of the situation report: a unit and its figures.
type SituationRow struct {
	Unit string
	stats.Situation
}

// Situation is the periodic report on the reception and handling of dossiers (báo cáo tình hình,
// kết quả giải quyết thủ tục hành chính) that a unit sends upward: one row per unit under it and a
// total row, landscape A4, the column headings repeated on every page, pages numbered. The
// columns are those of stats.Situation (the form's exact number and layout are UNCONFIRMED,
// domain-vn §8).
type Situation struct {
	Agency Agency // the issuing unit. Required.
	Place  string // the place in the date line ("Hà Nội"); may be empty
	// Period is the report's period in words ("Tháng 03/2026"); From and To its first and last days.
	Period   string
	From, To time.Time
	// At is the instant the dossiers in processing were judged at (the period's end, or now).
	At       time.Time
	ModeNote string // how on time was judged, printed under the title
	IssuedAt time.Time
	Rows     []SituationRow
	Total    SituationRow
}

var situationColumns = []column{
	{title: "STT", w: 9, align: alignCenter},
	{title: "Đơn vị", w: 54, align: alignLeft},
	{title: "Tổng số", w: 14, align: alignCenter, group: "Số hồ sơ nhận giải quyết"},
	{title: "Kỳ trước chuyển sang", w: 16, align: alignCenter, group: "Số hồ sơ nhận giải quyết"},
	{title: "Mới tiếp nhận trực tuyến", w: 15, align: alignCenter, group: "Số hồ sơ nhận giải quyết"},
	{title: "Mới tiếp nhận trực tiếp", w: 15, align: alignCenter, group: "Số hồ sơ nhận giải quyết"},
	{title: "Mới tiếp nhận qua bưu chính", w: 14, align: alignCenter, group: "Số hồ sơ nhận giải quyết"},
	{title: "Tổng số", w: 14, align: alignCenter, group: "Số hồ sơ đã giải quyết"},
	{title: "Trước hạn", w: 14, align: alignCenter, group: "Số hồ sơ đã giải quyết"},
	{title: "Đúng hạn", w: 14, align: alignCenter, group: "Số hồ sơ đã giải quyết"},
	{title: "Quá hạn", w: 14, align: alignCenter, group: "Số hồ sơ đã giải quyết"},
	{title: "Tổng số", w: 14, align: alignCenter, group: "Số hồ sơ đang giải quyết"},
	{title: "Trong hạn", w: 14, align: alignCenter, group: "Số hồ sơ đang giải quyết"},
	{title: "Quá hạn", w: 14, align: alignCenter, group: "Số hồ sơ đang giải quyết"},
	{title: "Tỷ lệ đúng hạn (%)", w: 17, align: alignCenter},
}

// SituationHeaders are the column headings of the report as one line each, for spreadsheets and
// CSV: the group before the title.
func SituationHeaders() []string {
	out := make([]string, len(situationColumns))
	for k, c := range situationColumns {
		out[k] = c.title
		if c.group != "" {
			out[k] = c.group + " - " + c.title
		}
	}
	return out
}

// SituationValues are the figures of a row in the order of the columns after STT and Đơn vị; the
// last is the percent.
func SituationValues(s stats.Situation) []float64 {
	return []float64{float64(s.Total), float64(s.CarriedOver), float64(s.Online), float64(s.Direct), float64(s.Post),
		float64(s.Handled), float64(s.Early), float64(s.OnTime), float64(s.Late),
		float64(s.InProgress), float64(s.OpenOnTime), float64(s.OpenLate), s.OnTimePercent}
}

const sizeSituation = 9.5

// WriteSituation writes the report as a landscape A4 PDF. Errors: errs.Invalid "required"
// naming the field; errs.Internal when drawing fails.
func WriteSituation(w io.Writer, f Situation) error {
	c := checker{form: "Báo cáo tình hình, kết quả giải quyết TTHC"}
	c.text("Agency.Name", "tên đơn vị", f.Agency.Name)
	c.text("Period", "kỳ báo cáo", f.Period)
	c.time("IssuedAt", "ngày lập báo cáo", f.IssuedAt)
	if c.err != nil {
		return c.err
	}
	d := newDoc(a4Landscape, meta{title: "Báo cáo tình hình, kết quả giải quyết TTHC - " + f.Period,
		subject: f.Agency.Name, author: f.Agency.Name, created: f.IssuedAt})
	d.header(f.Agency, nil, []span{i(PlaceDate(f.Place, f.IssuedAt))})
	sub := []span{i("Kỳ báo cáo: " + f.Period)}
	if !f.From.IsZero() && !f.To.IsZero() {
		sub = append(sub, i(" (từ ngày "+ShortDate(f.From)+" đến ngày "+ShortDate(f.To)+")"))
	}
	d.title(d.left(), d.width(), "Báo cáo tình hình, kết quả giải quyết thủ tục hành chính", sub...)
	if !f.At.IsZero() || f.ModeNote != "" {
		note := ""
		if !f.At.IsZero() {
			note = "Hồ sơ đang giải quyết tính đến " + ShortDateTime(f.At) + ". "
		}
		d.para([]span{i(note + f.ModeNote)}, d.left(), d.width(), sizeNote, alignCenter, 0)
		d.space(2)
	}
	t := newTable(sizeSituation, situationColumns...)
	rows := make([][]cell, 0, len(f.Rows)+1)
	for k, r := range f.Rows {
		rows = append(rows, situationCells(strconv.Itoa(k+1), r, regular))
	}
	rows = append(rows, situationCells("", SituationRow{Unit: "Tổng cộng", Situation: f.Total.Situation}, bold))
	t.rows(d, rows)
	d.numberPages(1, false, func(k, n int) string { return "Trang " + strconv.Itoa(k) + "/" + strconv.Itoa(n) })
	return d.finish(w, "situation")
}

func situationCells(stt string, r SituationRow, st style) []cell {
	out := []cell{{{text: stt, st: st}}, {{text: r.Unit, st: st}}}
	vs := SituationValues(r.Situation)
	for k, v := range vs {
		s := stats.Thousands(int64(v))
		if k == len(vs)-1 {
			s = stats.DecimalVN(v)
			if r.Total == 0 {
				s = "N/A"
			}
		}
		out = append(out, cell{{text: s, st: st}})
	}
	return out
}

// SituationSheet is the report as a spreadsheet: the same columns, figures as numbers, the total
// row last.
func SituationSheet(f Situation) xlsx.Sheet {
	s := xlsx.Sheet{Name: "Báo cáo tình hình"}
	for k, h := range SituationHeaders() {
		width := 14.0
		if k == 1 {
			width = 40
		}
		s.Columns = append(s.Columns, xlsx.Column{Header: h, Width: width})
	}
	row := func(stt xlsx.Cell, r SituationRow) []xlsx.Cell {
		out := []xlsx.Cell{stt, xlsx.Text(r.Unit)}
		for _, v := range SituationValues(r.Situation) {
			out = append(out, xlsx.Number(v))
		}
		return out
	}
	for k, r := range f.Rows {
		s.Rows = append(s.Rows, row(xlsx.Int(k+1), r))
	}
	s.Rows = append(s.Rows, row(xlsx.Cell{}, SituationRow{Unit: "Tổng cộng", Situation: f.Total.Situation}))
	return s
}
