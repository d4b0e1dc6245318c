package stats

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/errs"
)

// vietnam is the zone in which months begin and end.
var vietnam = time.FixedZone("ICT", 7*3600)

// Month is a calendar month in Vietnam as the number yyyymm (202503 is March 2025). The zero
// Month means "none" (a dossier not ended yet).
type Month int

// MonthOf returns the month of t in Vietnam; the zero time gives 0.
func MonthOf(t time.Time) Month {
	if t.IsZero() {
		return 0
	}
	l := t.In(vietnam)
	return Month(l.Year()*100 + int(l.Month()))
}

// MonthAt returns the Month of a year and a month.
func MonthAt(year int, m time.Month) Month { return Month(year*100 + int(m)) }

// Year and Mon split the month.
func (m Month) Year() int       { return int(m) / 100 }
func (m Month) Mon() time.Month { return time.Month(int(m) % 100) }
func (m Month) Valid() bool {
	return m.Year() >= 1900 && m.Year() <= 9999 && m.Mon() >= 1 && m.Mon() <= 12
}
func (m Month) String() string   { return fmt.Sprintf("%04d-%02d", m.Year(), int(m.Mon())) }
func (m Month) index() int       { return m.Year()*12 + int(m.Mon()) - 1 }
func monthFromIndex(i int) Month { return Month((i/12)*100 + i%12 + 1) }

// Add returns the month n months later (earlier for negative n).
func (m Month) Add(n int) Month { return monthFromIndex(m.index() + n) }

// Start returns the first instant of the month in Vietnam.
func (m Month) Start() time.Time { return time.Date(m.Year(), m.Mon(), 1, 0, 0, 0, 0, vietnam) }

// PeriodKind is how a reporting period (kỳ báo cáo) was chosen.
type PeriodKind string

// The period kinds.
const (
	PeriodMonth   PeriodKind = "month"   // one month: "2025-03"
	PeriodQuarter PeriodKind = "quarter" // one quarter: "2025-Q1"
	PeriodYear    PeriodKind = "year"    // one calendar year: "2025"
	PeriodCustom  PeriodKind = "custom"  // whole months from one to another: "2025-01..2025-06"
)

// MaxPeriodMonths is the longest period a report covers: five years.
const MaxPeriodMonths = 60

// Period is a reporting period of whole months in Vietnam, From and To included. Every indicator
// counts "in the period" from the first instant of From to the last instant of To. Custom periods
// are whole months too, so that every figure reads from the monthly aggregates.
type Period struct {
	Kind     PeriodKind
	From, To Month
}

// Error codes of periods.
const (
	CodeInvalidPeriod = "invalid_period"   // a period that does not parse, or ends before it starts
	CodePeriodTooLong = "period_too_long"  // longer than MaxPeriodMonths
	CodeUnknownUnit   = "unknown_unit"     // no such unit (the service returns it)
	CodeUnknownFigure = "unknown_figure"   // a drill-down figure that does not exist
	CodeInvalidLevel  = "invalid_level"    // a level other than province, district, commune
	CodeInvalidMode   = "invalid_kpi_mode" // a KPI 2.1 mode other than literal766, workingTime
	CodeInvalidCursor = "invalid_cursor"   // a drill-down cursor that does not parse
)

var (
	reYear    = regexp.MustCompile(`^(\d{4})$`)
	reQuarter = regexp.MustCompile(`^(\d{4})-[Qq]([1-4])$`)
	reMonth   = regexp.MustCompile(`^(\d{4})-(\d{2})$`)
)

func invalidPeriod(s string) error {
	return errs.Invalidf("period", CodeInvalidPeriod,
		fmt.Sprintf("Kỳ báo cáo %q không hợp lệ: dùng năm (2025), quý (2025-Q1), tháng (2025-03) hoặc khoảng tháng (2025-01..2025-06).", s),
		fmt.Sprintf("Invalid period %q: use a year (2025), a quarter (2025-Q1), a month (2025-03) or a range of months (2025-01..2025-06).", s))
}

// ParsePeriod reads a period: "2025" (year), "2025-Q1" (quarter), "2025-03" (month) or
// "2025-01..2025-06" (custom, months included). Errors: Invalid "invalid_period" (syntax, an
// impossible month, or a range that ends before it starts), Invalid "period_too_long" (more than
// five years).
func ParsePeriod(s string) (Period, error) {
	s = strings.TrimSpace(s)
	if from, to, ok := strings.Cut(s, ".."); ok {
		a, err1 := parseMonth(from)
		b, err2 := parseMonth(to)
		if err1 != nil || err2 != nil {
			return Period{}, invalidPeriod(s)
		}
		return CustomPeriod(a, b)
	}
	if m := reYear.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		p := Period{PeriodYear, MonthAt(y, 1), MonthAt(y, 12)}
		if !p.From.Valid() {
			return Period{}, invalidPeriod(s)
		}
		return p, nil
	}
	if m := reQuarter.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		q, _ := strconv.Atoi(m[2])
		p := Period{PeriodQuarter, MonthAt(y, time.Month(3*q-2)), MonthAt(y, time.Month(3*q))}
		if !p.From.Valid() {
			return Period{}, invalidPeriod(s)
		}
		return p, nil
	}
	if m, err := parseMonth(s); err == nil {
		return Period{PeriodMonth, m, m}, nil
	}
	return Period{}, invalidPeriod(s)
}

func parseMonth(s string) (Month, error) {
	m := reMonth.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, invalidPeriod(s)
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	r := MonthAt(y, time.Month(mo))
	if mo < 1 || mo > 12 || !r.Valid() {
		return 0, invalidPeriod(s)
	}
	return r, nil
}

// CustomPeriod is the period of the months from … to, both included. Errors as ParsePeriod.
func CustomPeriod(from, to Month) (Period, error) {
	if !from.Valid() || !to.Valid() {
		return Period{}, invalidPeriod(from.String() + ".." + to.String())
	}
	if to < from {
		return Period{}, errs.Invalidf("period", CodeInvalidPeriod,
			fmt.Sprintf("Kỳ báo cáo không hợp lệ: tháng kết thúc (%s) trước tháng bắt đầu (%s).", to.vn(), from.vn()),
			"The period ends before it starts.")
	}
	p := Period{PeriodCustom, from, to}
	if p.Months() > MaxPeriodMonths {
		return Period{}, errs.Invalidf("period", CodePeriodTooLong,
			fmt.Sprintf("Kỳ báo cáo dài %d tháng, quá 5 năm (%d tháng): hãy chọn kỳ ngắn hơn.", p.Months(), MaxPeriodMonths),
			"The period is longer than five years.")
	}
	return p, nil
}

func (m Month) vn() string { return fmt.Sprintf("%02d/%04d", int(m.Mon()), m.Year()) }

// Months is the number of months in the period.
func (p Period) Months() int { return p.To.index() - p.From.index() + 1 }

// Start is the first instant of the period, End the first instant after it (in Vietnam).
func (p Period) Start() time.Time { return p.From.Start() }
func (p Period) End() time.Time   { return p.To.Add(1).Start() }

// String is the period in the form ParsePeriod reads.
func (p Period) String() string {
	switch p.Kind {
	case PeriodYear:
		return strconv.Itoa(p.From.Year())
	case PeriodQuarter:
		return fmt.Sprintf("%d-Q%d", p.From.Year(), (int(p.From.Mon())+2)/3)
	case PeriodMonth:
		return p.From.String()
	}
	return p.From.String() + ".." + p.To.String()
}

// Label is the period in Vietnamese: "Tháng 03/2025", "Quý I/2025", "Năm 2025",
// "Từ tháng 01/2025 đến tháng 06/2025".
func (p Period) Label() string {
	switch p.Kind {
	case PeriodYear:
		return fmt.Sprintf("Năm %d", p.From.Year())
	case PeriodQuarter:
		return fmt.Sprintf("Quý %s/%d", [...]string{"I", "II", "III", "IV"}[(int(p.From.Mon())-1)/3], p.From.Year())
	case PeriodMonth:
		return "Tháng " + p.From.vn()
	}
	return "Từ tháng " + p.From.vn() + " đến tháng " + p.To.vn()
}

// cutoff is the instant the period is read at: its end, or now when the period is current (the
// dossiers still in processing are then judged at now, domain-vn §8 KPI 2.1 rule 4).
func (p Period) cutoff(now time.Time) (at time.Time, current bool) {
	if now.Before(p.End()) {
		return now, true
	}
	return p.End(), false
}
