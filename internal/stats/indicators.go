package stats

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/calendar"
	"github.com/egov-vn/egov/internal/errs"
)

// Mode is how KPI 2.1 judges a dossier that waited for a supplement (domain-vn §8, §13.7 K4).
type Mode string

// The modes.
const (
	// Literal766 subtracts the calendar time of the supplement from the end, as QĐ 766 writes it.
	Literal766 Mode = "literal766"
	// WorkingTime compares in canonical working time, the pauses extending the due date (default).
	WorkingTime Mode = "workingTime"
)

// ParseMode reads a mode; "" is WorkingTime. Errors: Invalid "invalid_kpi_mode".
func ParseMode(s string) (Mode, error) {
	switch Mode(strings.TrimSpace(s)) {
	case "", WorkingTime:
		return WorkingTime, nil
	case Literal766:
		return Literal766, nil
	}
	return "", errs.Invalidf("mode", CodeInvalidMode,
		fmt.Sprintf("Cách tính chỉ số 2.1 %q không hợp lệ: dùng workingTime (thời gian làm việc) hoặc literal766 (đúng văn bản QĐ 766).", s),
		"Unknown KPI 2.1 mode: use workingTime or literal766.")
}

// Definition describes one indicator of QĐ 766 (domain-vn §8).
type Definition struct {
	ID      string  // "2.1", "3.3", …
	Group   int     // 1 … 5
	Name    string  // the Vietnamese name
	Formula string  // numerator / denominator, in Vietnamese
	Full    float64 // the rate (percent) that earns the full score; 0 when the document gives none
	// Unavailable says, in Vietnamese, why egov has no data for the indicator yet ("" when it has).
	Unavailable string
}

// Definitions lists the indicators egov reports, in the document's order. Those egov has no data
// for are listed with Unavailable set, so that a dashboard can say so.
var Definitions = []Definition{
	{ID: "1.3", Group: 1, Name: "Tỷ lệ TTHC công khai đầy đủ các bộ phận tạo thành",
		Formula: "Số TTHC công khai đủ tên, trình tự, cách thức, thành phần và số lượng hồ sơ, thời hạn, đối tượng, cơ quan thực hiện / Số TTHC đang công khai"},
	{ID: "2.1", Group: 2, Name: "Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn",
		Formula: "Số hồ sơ đã xử lý hoặc đang xử lý trước hạn, đúng hạn / Số hồ sơ tiếp nhận hoặc xử lý trong kỳ"},
	{ID: "2.2", Group: 2, Name: "Thời gian giải quyết TTHC trung bình",
		Formula: "Tổng thời gian giải quyết các hồ sơ đã xử lý xong (tiếp nhận trong kỳ) / Số hồ sơ đó; chỉ tính khi chọn một thủ tục"},
	{ID: "3.1", Group: 3, Name: "Tỷ lệ TTHC cung cấp DVCTT", Full: 80,
		Formula: "Số TTHC cung cấp DVCTT một phần hoặc toàn trình / Số TTHC thuộc thẩm quyền"},
	{ID: "3.2", Group: 3, Name: "Tỷ lệ DVCTT có phát sinh hồ sơ",
		Formula: "Số DVCTT có ít nhất một hồ sơ trực tuyến tiếp nhận trong kỳ / Số DVCTT"},
	{ID: "3.3", Group: 3, Name: "Tỷ lệ hồ sơ TTHC được xử lý trực tuyến", Full: 50,
		Formula: "Số hồ sơ nộp trực tuyến tiếp nhận trong kỳ (có kết quả điện tử nếu thủ tục trả kết quả giấy) / Số hồ sơ tiếp nhận trong kỳ"},
	{ID: "3.5", Group: 3, Name: "Tỷ lệ TTHC có nghĩa vụ tài chính được tích hợp thanh toán trực tuyến", Full: 80,
		Formula: "Số TTHC có phí, lệ phí có hồ sơ tiếp nhận trong kỳ được thanh toán trực tuyến qua cổng thanh toán / Số TTHC đang hiệu lực có thông tin phí, lệ phí (mức thu cố định hoặc theo từng trường hợp)"},
	{ID: "3.6", Group: 3, Name: "Tỷ lệ hồ sơ thanh toán trực tuyến",
		Formula: "Số hồ sơ tiếp nhận trong kỳ đã thanh toán qua cổng thanh toán trực tuyến (DuocThanhToanTrucTuyen = 2) / Số hồ sơ tiếp nhận trong kỳ có phí, lệ phí khác 0; chuyển khoản VietQR do cán bộ đối chiếu sao kê không tính là thanh toán trực tuyến"},
	{ID: "4.1", Group: 4, Name: "Tỷ lệ hồ sơ có cấp kết quả giải quyết điện tử",
		Formula: "Số hồ sơ của TTHC trả kết quả giấy có tệp kết quả điện tử / Số hồ sơ của TTHC trả kết quả giấy (tiếp nhận trong kỳ)"},
	{ID: "4.2", Group: 4, Name: "Tỷ lệ hồ sơ thực hiện số hóa", Full: 80,
		Formula: "Số hồ sơ có tệp đính kèm thành phần (và kết quả điện tử khi thủ tục trả kết quả giấy) / Số hồ sơ tiếp nhận trong kỳ"},
	{ID: "4.3", Group: 4, Name: "Tỷ lệ hồ sơ khai thác, sử dụng lại dữ liệu số hóa", Full: 80,
		Unavailable: "Chưa đánh dấu thành phần hồ sơ được tái sử dụng."},
	{ID: "4.4", Group: 4, Name: "Tỷ lệ hồ sơ số hóa có kết nối, chia sẻ dữ liệu phục vụ tái sử dụng",
		Unavailable: "Chưa kết nối kho dữ liệu của công dân."},
	{ID: "5.4", Group: 5, Name: "Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC", Full: 90,
		Formula: "100% − (tỷ lệ hồ sơ quá hạn + tỷ lệ hồ sơ có phản ánh, kiến nghị hoặc đánh giá không hài lòng), cùng mẫu số là số hồ sơ tiếp nhận hoặc xử lý trong kỳ; đánh giá không hài lòng tính vào kỳ tiếp nhận hồ sơ; hồ sơ vừa quá hạn vừa không hài lòng bị trừ hai lần; phản ánh, kiến nghị chưa có dữ liệu nên tính là 0; không nhỏ hơn 0%"},
}

// Definition returns the indicator with the given ID.
func DefinitionOf(id string) (Definition, bool) {
	for _, d := range Definitions {
		if d.ID == id {
			return d, true
		}
	}
	return Definition{}, false
}

// Score applies the QĐ 766 scoring rule: the maximum when rate ≥ full, else rate × max / full.
// With no threshold (full ≤ 0) it returns max × rate / 100. Rates are percents.
func Score(rate, full, maxPoints float64) float64 {
	if full <= 0 {
		return maxPoints * rate / 100
	}
	if rate >= full {
		return maxPoints
	}
	return rate * maxPoints / full
}

// Percent is n / d × 100 rounded to 2 decimals; 0 when d is 0 (the document allows 0 or N/A:
// Value.NA says which).
func Percent(n, d int64) float64 {
	if d == 0 {
		return 0
	}
	return math.Round(float64(n)*10000/float64(d)) / 100
}

// Value is one indicator for one scope and period.
type Value struct {
	Definition
	Numerator, Denominator int64
	Percent                float64 // Numerator / Denominator in percent, 2 decimals
	NA                     bool    // the denominator is 0 (or the indicator needs a procedure)
	// ScoreRatio is Score(Percent, Full, 1): the share of the indicator's points earned (QĐ 766
	// gives no maximum points; multiply by them).
	ScoreRatio float64
	Note       string
}

// Text is the figure as the dashboards write it: "1.427 / 1.839 (77,60%)".
func (v Value) Text() string {
	if v.Unavailable != "" {
		return "Chưa có dữ liệu"
	}
	if v.NA {
		return "N/A"
	}
	if v.ID == "2.2" { // an average, not a rate
		return v.Note
	}
	return fmt.Sprintf("%s / %s (%s%%)", Thousands(v.Numerator), Thousands(v.Denominator), decimalVN(v.Percent))
}

// Thousands writes n with dots between thousands, as Vietnamese does: 1.427.
func Thousands(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func decimalVN(f float64) string { return strings.Replace(fmt.Sprintf("%.2f", f), ".", ",", 1) }

func value(id string, n, d int64) Value {
	def, _ := DefinitionOf(id)
	v := Value{Definition: def, Numerator: n, Denominator: d, Percent: Percent(n, d), NA: d == 0}
	if def.Full > 0 && !v.NA {
		v.ScoreRatio = Score(v.Percent, def.Full, 1)
	}
	return v
}

// Progress is KPI 2.1 in one mode, in the buckets of the national reports: processed early
// (daXuLyTruocHan), on time (daXuLyDungHan), late (daXuLyQuaHan), and in processing at the
// cutoff within (dangXuLyTrongHan) or past (dangXuLyQuaHan) the due date.
type Progress struct {
	Early, OnTime, Late, OpenOnTime, OpenLate int64
}

// Total is every dossier received or processed in the period.
func (p Progress) Total() int64 { return p.Early + p.OnTime + p.Late + p.OpenOnTime + p.OpenLate }

// Good is the numerator of KPI 2.1: early, on time, or in processing within the due date.
func (p Progress) Good() int64 { return p.Early + p.OnTime + p.OpenOnTime }

// Counter is one row of the aggregates: the number of received dossiers sharing a key, with the
// sums of their processing times. Its key is the Facts without the dossier and its exact instants.
type Counter struct {
	UnitPath, Level, ProcedureCode, Field string
	Channel                               int
	RecvMonth, EndMonth                   Month
	Outcome766, OutcomeWT                 calendar.Outcome
	Dl766Month, DlWTMonth                 Month
	Completed, PaperResult, EResult       bool
	Digitised                             bool
	Disliked, HasFee, PaidOnline          bool
	N, WorkingMinutes, CalendarMinutes    int64
}

// CounterOf is the aggregate row of one dossier (N = 1).
func CounterOf(f Facts) Counter {
	c := Counter{UnitPath: f.UnitPath, Level: f.Level, ProcedureCode: f.ProcedureCode, Field: f.Field, Channel: f.Channel,
		RecvMonth: f.RecvMonth, EndMonth: f.EndMonth, Outcome766: f.Outcome766, OutcomeWT: f.OutcomeWT,
		Dl766Month: f.Dl766Month, DlWTMonth: f.DlWTMonth, Completed: f.Completed, PaperResult: f.PaperResult,
		EResult: f.EResult, Digitised: f.Digitised, Disliked: f.Disliked, HasFee: f.HasFee, PaidOnline: f.PaidOnline, N: 1}
	if f.Completed {
		c.WorkingMinutes, c.CalendarMinutes = f.WorkingMinutes, f.CalendarMinutes
	}
	return c
}

// Standing is where a dossier stands for KPI 2.1 in a period.
type Standing int

// The standings.
const (
	Outside Standing = iota // ended before the period, or received after it
	Ended                   // ended within the period
	Open                    // received by the cutoff and still in processing then
)

// Lateness of a dossier in processing at the cutoff.
const (
	InTime  = 0
	Overdue = 1
	// Exact: the period is current and the deadline falls in this month: only the exact instant
	// tells (the store counts those one by one).
	Exact = 2
)

// Bucket is the sum of the aggregate rows that a period reads alike: what the figures are made of.
type Bucket struct {
	Channel               int
	Received              bool // received within the period
	Standing              Standing
	Outcome766, OutcomeWT calendar.Outcome // for Ended
	Late766, LateWT       int              // InTime, Overdue or Exact, for Open
	Completed             bool
	PaperResult, EResult  bool
	Digitised             bool
	Disliked              bool
	HasFee, PaidOnline    bool
	N                     int64
	WorkingMinutes        int64
	CalendarMinutes       int64
}

// Window is a period read at an instant: the months of the period and of the cutoff.
type Window struct {
	Period  Period
	At      time.Time // the cutoff: the period's end, or now while it is current
	Current bool
	M0, M1  Month // the period's first and last months
	Now     Month // the cutoff's month (M1 unless current)
}

// WindowOf is the period p read at now.
func WindowOf(p Period, now time.Time) Window {
	at, cur := p.cutoff(now)
	w := Window{Period: p, At: at, Current: cur, M0: p.From, M1: p.To, Now: p.To}
	if cur {
		w.Now = MonthOf(now)
	}
	return w
}

// BucketOf reads a counter in a window. The store computes the same in SQL; the two are tested
// equal.
func (w Window) BucketOf(c Counter) Bucket {
	b := Bucket{Channel: c.Channel, Received: c.RecvMonth >= w.M0 && c.RecvMonth <= w.M1, Completed: c.Completed,
		PaperResult: c.PaperResult, EResult: c.EResult, Digitised: c.Digitised, Disliked: c.Disliked, HasFee: c.HasFee,
		PaidOnline: c.PaidOnline, N: c.N,
		WorkingMinutes: c.WorkingMinutes, CalendarMinutes: c.CalendarMinutes}
	switch {
	case c.RecvMonth > w.Now:
		b.Standing = Outside
	case c.EndMonth != 0 && c.EndMonth >= w.M0 && c.EndMonth <= w.Now:
		b.Standing, b.Outcome766, b.OutcomeWT = Ended, c.Outcome766, c.OutcomeWT
	case c.EndMonth == 0 || c.EndMonth > w.Now:
		b.Standing = Open
		b.Late766, b.LateWT = w.lateness(c.Dl766Month), w.lateness(c.DlWTMonth)
	}
	return b
}

func (w Window) lateness(dl Month) int {
	switch {
	case w.Current && dl == w.Now:
		return Exact
	case dl <= w.Now:
		return Overdue
	}
	return InTime
}

// Catalogue is what the catalogue says for a scope (indicators 1.3, 3.1, 3.2).
type Catalogue struct {
	Procedures int64 // procedures in force under the scope's authority
	Complete   int64 // of which public with every part (1.3)
	Online     int64 // offered online, partly or fully (3.1)
	Full       int64 // offered fully online (toàn trình)
	// OnlineUsed is the online procedures with at least one online dossier received in the period.
	OnlineUsed int64
	// WithFees is the procedures with fee information: a fee of a fixed amount or one set case by
	// case (3.5 denominator); PaidOnline is those of them with at least one dossier received in
	// the period and paid through the payment gateway (3.5 numerator).
	WithFees, PaidOnline int64
}

// Tally is what a report is made of: the buckets of the scope and period, the dossiers in
// processing whose lateness needed the exact instant (ExactLate… of ExactOpen…), and the catalogue.
type Tally struct {
	Window            Window
	Buckets           []Bucket
	ExactLate766      int64 // of the Exact ones in mode literal766, those past their deadline at the cutoff
	ExactLateWT       int64
	Catalogue         Catalogue
	Mode              Mode // the mode of the 2.1 and 5.4 values
	ProcedureSelected bool // 2.2 is given only for one procedure
}

// Report is every indicator for one scope and one period.
type Report struct {
	Period      Period
	At          time.Time // the cutoff the dossiers in processing were judged at
	Current     bool
	Mode        Mode
	Literal766  Progress
	WorkingTime Progress
	// Received, by channel: 1 trực tiếp, 2 trực tuyến, 3 bưu chính.
	Received, Direct, Online, Post int64
	// Disliked is the dossiers received in the period rated "không hài lòng" (5.4).
	Disliked int64
	// WithFee is the dossiers received in the period whose fee is above 0, PaidOnline those of
	// them paid through the payment gateway (3.6).
	WithFee, PaidOnline int64
	// AverageWorkingDays and AverageCalendarDays are KPI 2.2 (working days of 8 hours; calendar
	// days), for one procedure only.
	AverageWorkingDays, AverageCalendarDays float64
	Indicators                              []Value
}

// Value returns the indicator with the given ID.
func (r *Report) Value(id string) (Value, bool) {
	for _, v := range r.Indicators {
		if v.ID == id {
			return v, true
		}
	}
	return Value{}, false
}

// Compute makes the report of a tally. It is the one place where the formulas of §8 are applied.
func (t Tally) Compute() *Report {
	r := &Report{Period: t.Window.Period, At: t.Window.At, Current: t.Window.Current, Mode: t.Mode}
	if r.Mode == "" {
		r.Mode = WorkingTime
	}
	var exactOpen766, exactOpenWT int64
	var completed, wtMin, calMin int64
	var paper, paperE, digitised int64
	var onlineCounted int64
	for _, b := range t.Buckets {
		switch b.Standing {
		case Ended:
			addOutcome(&r.Literal766, b.Outcome766, b.N)
			addOutcome(&r.WorkingTime, b.OutcomeWT, b.N)
		case Open:
			addLateness(&r.Literal766, b.Late766, b.N, &exactOpen766)
			addLateness(&r.WorkingTime, b.LateWT, b.N, &exactOpenWT)
		}
		if !b.Received {
			continue
		}
		r.Received += b.N
		switch b.Channel {
		case 2:
			r.Online += b.N
			if !b.PaperResult || b.EResult {
				onlineCounted += b.N
			}
		case 3:
			r.Post += b.N
		default:
			r.Direct += b.N
		}
		if b.Completed {
			completed += b.N
			wtMin += b.WorkingMinutes
			calMin += b.CalendarMinutes
		}
		if b.PaperResult {
			paper += b.N
			if b.EResult {
				paperE += b.N
			}
		}
		if b.Digitised && (!b.PaperResult || b.EResult) {
			digitised += b.N
		}
		if b.Disliked {
			r.Disliked += b.N
		}
		if b.HasFee {
			r.WithFee += b.N
			if b.PaidOnline {
				r.PaidOnline += b.N
			}
		}
	}
	r.Literal766.OpenLate += t.ExactLate766
	r.Literal766.OpenOnTime += exactOpen766 - t.ExactLate766
	r.WorkingTime.OpenLate += t.ExactLateWT
	r.WorkingTime.OpenOnTime += exactOpenWT - t.ExactLateWT

	p := r.WorkingTime
	if r.Mode == Literal766 {
		p = r.Literal766
	}
	c := t.Catalogue
	v13 := value("1.3", c.Complete, c.Procedures)
	v21 := value("2.1", p.Good(), p.Total())
	v22 := value("2.2", 0, completed)
	if completed > 0 {
		r.AverageWorkingDays = math.Round(float64(wtMin)/float64(completed)/480*100) / 100
		r.AverageCalendarDays = math.Round(float64(calMin)/float64(completed)/1440*100) / 100
	}
	v22.Numerator, v22.Percent = wtMin, 0
	if !t.ProcedureSelected {
		v22.NA, v22.Note = true, "Chỉ tính khi chọn một thủ tục."
	} else if completed > 0 {
		v22.Note = fmt.Sprintf("%s ngày làm việc (%s ngày theo lịch)", decimalVN(r.AverageWorkingDays), decimalVN(r.AverageCalendarDays))
	}
	v31 := value("3.1", c.Online, c.Procedures)
	v31.Note = fmt.Sprintf("%s DVCTT / %s TTHC, trong đó %s toàn trình", Thousands(c.Online), Thousands(c.Procedures), Thousands(c.Full))
	v32 := value("3.2", c.OnlineUsed, c.Online)
	v33 := value("3.3", onlineCounted, r.Received)
	v33.Note = fmt.Sprintf("Trực tiếp %s, trực tuyến %s, bưu chính %s", Thousands(r.Direct), Thousands(r.Online), Thousands(r.Post))
	v41 := value("4.1", paperE, paper)
	v42 := value("4.2", digitised, r.Received)
	v35 := value("3.5", c.PaidOnline, c.WithFees)
	v36 := value("3.6", r.PaidOnline, r.WithFee)
	// 5.4 = 100% − (late rate + rate of dossiers with feedback or a dislike), both rates over the
	// dossiers received or processed in the period (those of 2.1). A dislike counts in the period
	// the dossier was received in (each dossier's in one period only, however long it took); a
	// dossier late and disliked is subtracted twice, as the formula adds the two rates. Feedback
	// (PAKN) is not collected yet and counts 0. The rate is not shown below 0%.
	late := p.Late + p.OpenLate
	v54 := value("5.4", max(p.Total()-late-r.Disliked, 0), p.Total())
	v54.Note = fmt.Sprintf("Quá hạn %s, không hài lòng %s, phản ánh, kiến nghị 0 (chưa có dữ liệu)", Thousands(late), Thousands(r.Disliked))
	r.Indicators = []Value{v13, v21, v22, v31, v32, v33, v35, v36, v41, v42,
		unavailable("4.3"), unavailable("4.4"), v54}
	return r
}

func unavailable(id string) Value {
	def, _ := DefinitionOf(id)
	return Value{Definition: def, NA: true, Note: def.Unavailable}
}

func addOutcome(p *Progress, o calendar.Outcome, n int64) {
	switch o {
	case calendar.Early:
		p.Early += n
	case calendar.OnTime:
		p.OnTime += n
	default:
		p.Late += n
	}
}

func addLateness(p *Progress, l int, n int64, exact *int64) {
	switch l {
	case Overdue:
		p.OpenLate += n
	case Exact:
		*exact += n
	default:
		p.OpenOnTime += n
	}
}
