// Package calendar is the working calendar (lịch làm việc) of Vietnamese state agencies and the
// deadline arithmetic built on it (domain spec §6, §10): which days are working days once Tết,
// public holidays, swapped days off and make-up Saturdays are taken into account, when a dossier
// received at a given instant is due, and whether a result returned at a given instant was early,
// on time or late. Every due date explains itself (the non-working days it skipped and why) and
// says when it rests on a provisional schedule.
//
// Holidays are data, never code: a Calendar is loaded from a small text file (see Parse) and the
// official 2024–2026 schedule ships with the package (National). For a year without official data
// the statutory schedule of Labour Code 2019 Art. 112 is proposed from the Vietnamese lunar
// calendar and every result that touches it is marked Provisional.
//
// All instants are evaluated in the calendar's time zone (Asia/Ho_Chi_Minh, UTC+7, no daylight
// saving time); results are returned in that zone. The package imports only the standard library.
package calendar

import (
	_ "embed"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// Kind says what a dated calendar entry does to its day.
type Kind string

// The entry kinds (HolidayKind in the domain glossary).
const (
	Holiday       Kind = "holiday"   // ngày nghỉ lễ, Tết, including its compensatory day (nghỉ bù)
	SwapOff       Kind = "swap-off"  // ngày nghỉ hoán đổi: a weekday off, worked on a make-up day
	MakeUpWorkday Kind = "make-up"   // ngày làm bù: a weekly day off that is worked
	LocalOff      Kind = "local-off" // ngày nghỉ do địa phương quyết định
)

// Valid reports whether k is one of the kinds.
func (k Kind) Valid() bool {
	return k == Holiday || k == SwapOff || k == MakeUpWorkday || k == LocalOff
}

// Off reports whether an entry of this kind makes its day a non-working day.
func (k Kind) Off() bool { return k == Holiday || k == SwapOff || k == LocalOff }

// Entry is one dated line of a calendar: a day off or a make-up working day, with its Vietnamese
// name (shown to citizens, e.g. "Tết Nguyên đán", "Nghỉ bù Giỗ Tổ Hùng Vương") and the legal text
// that decided it (may be empty).
type Entry struct {
	Date     Date
	Kind     Kind
	Name     string
	LegalRef string
}

// TimeOfDay is a wall-clock time as minutes after midnight, 0 (00:00) … 1440 (24:00).
type TimeOfDay int

// Clock returns the TimeOfDay h:m.
func Clock(h, m int) TimeOfDay { return TimeOfDay(h*60 + m) }

// ParseTimeOfDay parses HH:MM (00:00 … 24:00). It returns an *Error with code "invalid_time".
func ParseTimeOfDay(s string) (TimeOfDay, error) {
	bad := func() (TimeOfDay, error) {
		return 0, errorf(CodeInvalidTime, "Giờ %q không hợp lệ, cần dạng GG:PP từ 00:00 đến 24:00.", s)
	}
	if len(s) != 5 || s[2] != ':' {
		return bad()
	}
	for _, i := range []int{0, 1, 3, 4} {
		if s[i] < '0' || s[i] > '9' {
			return bad()
		}
	}
	h, m := int(s[0]-'0')*10+int(s[1]-'0'), int(s[3]-'0')*10+int(s[4]-'0')
	if m > 59 || h > 24 || (h == 24 && m != 0) {
		return bad()
	}
	return Clock(h, m), nil
}

// String formats t as HH:MM.
func (t TimeOfDay) String() string {
	return string([]byte{byte('0' + t/600), byte('0' + t/60%10), ':', byte('0' + t%60/10), byte('0' + t%10)})
}

// Period is one working period of a day, [Start, End).
type Period struct {
	Start, End TimeOfDay
}

// String formats p as HH:MM-HH:MM.
func (p Period) String() string { return p.Start.String() + "-" + p.End.String() }

// DefaultPeriods returns the default working hours, 08:00–12:00 and 13:00–17:00 (domain spec §6.1).
func DefaultPeriods() []Period {
	return []Period{{Clock(8, 0), Clock(12, 0)}, {Clock(13, 0), Clock(17, 0)}}
}

// DateRange is an inclusive range of dates.
type DateRange struct {
	From, To Date
}

// Contains reports whether d lies within r.
func (r DateRange) Contains(d Date) bool { return !d.Before(r.From) && !d.After(r.To) }

// String formats r as YYYY-MM-DD..YYYY-MM-DD, or as one date when From equals To.
func (r DateRange) String() string {
	if r.From == r.To {
		return r.From.String()
	}
	return r.From.String() + ".." + r.To.String()
}

// Policy selects how a duration in working days is counted (domain spec §6.4).
type Policy string

// The deadline policies.
const (
	// WorkingTime (Model A, the default): the due instant is the reception instant plus N×8
	// working hours, in canonical form (a result at the end of a period is the start of the next).
	WorkingTime Policy = "workingTime"
	// CivilCodeDays (Model B): the reception day is not counted; the due instant is the end of the
	// N-th working day after it.
	CivilCodeDays Policy = "civilCodeDays"
)

// DefaultTimeZone is the zone of every Vietnamese calendar.
const DefaultTimeZone = "Asia/Ho_Chi_Minh"

const vnOffset = 7 * 3600

// vietnam is Asia/Ho_Chi_Minh as a fixed zone: Vietnam has used UTC+7 without daylight saving time
// since 1975, so no time zone database is needed.
var vietnam = time.FixedZone("ICT", vnOffset)

// Calendar is the working calendar of one agency or of the whole country (WorkCalendar, §3.6):
// working periods of a day, weekly days off, and dated entries for the years it has official data
// for. Build one with New, Parse or National, or as a literal followed by Validate.
//
// A Calendar must not be modified once it has been used for a computation (like tls.Config): the
// first computation indexes it. Use Clone to derive a changed copy. Methods are safe for
// concurrent use.
type Calendar struct {
	Name     string
	TimeZone string   // IANA name; "Asia/Ho_Chi_Minh" (the default) needs no time zone database
	Periods  []Period // working periods of a working day, in order, not overlapping
	// WeeklyOff lists the weekly days off (ngày nghỉ hằng tuần), normally Saturday and Sunday.
	WeeklyOff []time.Weekday
	// CountMakeUpSaturday (countMakeUpSaturday, §6.1): make-up days are working days. New, Parse and
	// National set it to true; when false, MakeUpWorkday entries are ignored.
	CountMakeUpSaturday bool
	Policy              Policy // "" means WorkingTime
	// Years lists, ascending, the years for which the entries are the official schedule. A day of
	// any other year, or of an Unconfirmed range, follows the statutory schedule proposed from the
	// lunar calendar (plus any entry loaded for that day) and makes results Provisional.
	Years       []int
	Unconfirmed []DateRange
	Entries     []Entry

	once  sync.Once
	state *state
}

// New returns an empty calendar with the defaults: Vietnam time, 08:00–12:00 and 13:00–17:00,
// Saturday and Sunday off, make-up Saturdays counted, Model A.
func New(name string) *Calendar {
	return &Calendar{
		Name:                name,
		TimeZone:            DefaultTimeZone,
		Periods:             DefaultPeriods(),
		WeeklyOff:           []time.Weekday{time.Saturday, time.Sunday},
		CountMakeUpSaturday: true,
		Policy:              WorkingTime,
	}
}

//go:embed national.txt
var nationalData string

var national = sync.OnceValue(func() *Calendar {
	c, err := Parse(strings.NewReader(nationalData))
	if err != nil {
		panic("calendar: built-in national.txt: " + err.Error())
	}
	return c
})

// National returns a fresh copy of the built-in national calendar of state agencies: the official
// schedules of 2024–2026 (domain spec §10.2). Quốc khánh 2026 is listed as Unconfirmed (29/08 to
// 06/09/2026): only 02/09 is certain until the official notice is loaded.
func National() *Calendar { return national().Clone() }

// Clone returns a deep copy of c's data, not yet indexed.
func (c *Calendar) Clone() *Calendar {
	return &Calendar{
		Name:                c.Name,
		TimeZone:            c.TimeZone,
		Periods:             slices.Clone(c.Periods),
		WeeklyOff:           slices.Clone(c.WeeklyOff),
		CountMakeUpSaturday: c.CountMakeUpSaturday,
		Policy:              c.Policy,
		Years:               slices.Clone(c.Years),
		Unconfirmed:         slices.Clone(c.Unconfirmed),
		Entries:             slices.Clone(c.Entries),
	}
}

// Equal reports whether c and o hold the same data (nil and empty lists are equal; an empty
// Policy equals WorkingTime).
func (c *Calendar) Equal(o *Calendar) bool {
	return c.Name == o.Name && c.TimeZone == o.TimeZone &&
		slices.Equal(c.Periods, o.Periods) && slices.Equal(c.WeeklyOff, o.WeeklyOff) &&
		c.CountMakeUpSaturday == o.CountMakeUpSaturday && c.policy() == o.policy() &&
		slices.Equal(c.Years, o.Years) && slices.Equal(c.Unconfirmed, o.Unconfirmed) &&
		slices.Equal(c.Entries, o.Entries)
}

func (c *Calendar) policy() Policy {
	if c.Policy == "" {
		return WorkingTime
	}
	return c.Policy
}

// Location returns the calendar's time zone, or nil if TimeZone cannot be loaded.
func (c *Calendar) Location() *time.Location {
	loc, _ := loadZone(c.TimeZone)
	return loc
}

func loadZone(name string) (*time.Location, bool) {
	switch name {
	case DefaultTimeZone, "Asia/Saigon":
		return vietnam, true
	case "":
		return nil, false
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, false
	}
	return loc, false
}

// Validate checks the calendar. It returns nil or an *Error with code "invalid_calendar" and a
// Vietnamese message naming the first problem found.
func (c *Calendar) Validate() error {
	if err := checkText(c.Name, "Tên lịch", false); err != nil {
		return err
	}
	if loc, _ := loadZone(c.TimeZone); loc == nil {
		return invalid("Múi giờ %q không hợp lệ.", c.TimeZone)
	}
	if err := checkPeriods(c.Periods); err != nil {
		return err
	}
	off, err := checkWeeklyOff(c.WeeklyOff)
	if err != nil {
		return err
	}
	if p := c.Policy; p != "" && p != WorkingTime && p != CivilCodeDays {
		return invalid("Cách tính hạn %q không hợp lệ (workingTime hoặc civilCodeDays).", string(p))
	}
	if err := checkYears(c.Years); err != nil {
		return err
	}
	for _, r := range c.Unconfirmed {
		if err := checkRange(r); err != nil {
			return err
		}
	}
	seen := make(map[Date]bool, len(c.Entries))
	for _, e := range c.Entries {
		if err := checkEntry(e, off); err != nil {
			return err
		}
		if seen[e.Date] {
			return invalid("Ngày %s được khai báo hai lần.", e.Date)
		}
		seen[e.Date] = true
	}
	return nil
}

func invalid(format string, args ...any) *Error { return errorf(CodeInvalidCalendar, format, args...) }

// checkText accepts a one-line text without control characters or surrounding spaces.
func checkText(s, what string, mayBeEmpty bool) *Error {
	if s == "" {
		if mayBeEmpty {
			return nil
		}
		return invalid("%s không được để trống.", what)
	}
	if !utf8.ValidString(s) {
		return invalid("%s không phải văn bản UTF-8 hợp lệ.", what)
	}
	for _, r := range s {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return invalid("%s %q chứa ký tự điều khiển.", what, s)
		}
	}
	if strings.TrimSpace(s) != s {
		return invalid("%s %q có khoảng trắng ở đầu hoặc cuối.", what, s)
	}
	return nil
}

func checkPeriods(ps []Period) *Error {
	if len(ps) == 0 {
		return invalid("Chưa khai báo giờ làm việc.")
	}
	for i, p := range ps {
		if p.Start < 0 || p.End > Clock(24, 0) || p.Start >= p.End {
			return invalid("Khung giờ làm việc %s không hợp lệ: giờ bắt đầu phải trước giờ kết thúc, trong khoảng 00:00–24:00.", p)
		}
		if i > 0 && p.Start < ps[i-1].End {
			return invalid("Các khung giờ làm việc phải theo thứ tự và không chồng lấn nhau (%s, %s).", ps[i-1], p)
		}
	}
	return nil
}

func checkWeeklyOff(ws []time.Weekday) ([7]bool, *Error) {
	var off [7]bool
	for _, w := range ws {
		if w < time.Sunday || w > time.Saturday {
			return off, invalid("Ngày trong tuần %d không hợp lệ.", int(w))
		}
		if off[w] {
			return off, invalid("Ngày nghỉ hằng tuần %s bị lặp.", weekdayName(w))
		}
		off[w] = true
	}
	if len(ws) == 7 {
		return off, invalid("Không thể nghỉ cả bảy ngày trong tuần.")
	}
	return off, nil
}

func checkYears(ys []int) *Error {
	for i, y := range ys {
		if y < MinYear || y > MaxYear {
			return invalid("Năm %d nằm ngoài phạm vi %d–%d.", y, MinYear, MaxYear)
		}
		if i > 0 && y <= ys[i-1] {
			return invalid("Danh sách năm có lịch chính thức phải tăng dần, không lặp (%d sau %d).", y, ys[i-1])
		}
	}
	return nil
}

func checkRange(r DateRange) *Error {
	for _, d := range []Date{r.From, r.To} {
		if !d.Valid() {
			return invalid("Ngày %s không tồn tại.", d)
		}
		if !d.inRange() {
			return invalid("Ngày %s nằm ngoài phạm vi %d–%d.", d, MinYear, MaxYear)
		}
	}
	if r.To.Before(r.From) {
		return invalid("Khoảng ngày %s..%s không hợp lệ: ngày cuối trước ngày đầu.", r.From, r.To)
	}
	return nil
}

func checkEntry(e Entry, weeklyOff [7]bool) *Error {
	if !e.Date.Valid() {
		return invalid("Ngày %s không tồn tại.", e.Date)
	}
	if !e.Date.inRange() {
		return invalid("Ngày %s nằm ngoài phạm vi %d–%d.", e.Date, MinYear, MaxYear)
	}
	if !e.Kind.Valid() {
		return invalid("Loại ngày %q không hợp lệ (holiday, swap-off, make-up hoặc local-off).", string(e.Kind))
	}
	if err := checkText(e.Name, "Tên ngày nghỉ", false); err != nil {
		return err
	}
	if err := checkText(e.LegalRef, "Căn cứ pháp lý", true); err != nil {
		return err
	}
	if e.Kind == MakeUpWorkday && !weeklyOff[e.Date.Weekday()] {
		return invalid("Ngày làm bù %s (%s) phải là một ngày nghỉ hằng tuần.", e.Date, weekdayName(e.Date.Weekday()))
	}
	return nil
}

// DayInfo describes one day of a calendar.
type DayInfo struct {
	Date    Date
	Working bool
	// Reason names why the day is off (the entry name, or the weekday of a weekly day off), or
	// why a weekly day off is worked (the make-up entry); empty for an ordinary working day.
	Reason string
	Kind   Kind // the kind of the entry that decided the day, or "" for none
	// Provisional is true when the day has no official schedule (see Calendar.Years).
	Provisional bool
}

// Day describes d. It returns an error for an invalid calendar, or a date that does not exist
// ("invalid_date") or lies outside MinYear … MaxYear ("out_of_range").
func (c *Calendar) Day(d Date) (DayInfo, error) {
	s, err := c.index()
	if err != nil {
		return DayInfo{}, err
	}
	if !d.Valid() {
		return DayInfo{}, errorf(CodeInvalidDate, "Ngày %s không tồn tại.", d)
	}
	if !d.inRange() {
		return DayInfo{}, outOfRange(d)
	}
	yi, i, err := s.locate(d.days())
	if err != nil {
		return DayInfo{}, err
	}
	return yi.info(i), nil
}

// IsWorkingDay reports whether d is a working day. It is false for an invalid calendar or date.
func (c *Calendar) IsWorkingDay(d Date) bool {
	info, err := c.Day(d)
	return err == nil && info.Working
}

// Official reports whether the calendar has an official schedule for d (its year is listed in
// Years and d lies in no Unconfirmed range).
func (c *Calendar) Official(d Date) bool {
	if !slices.Contains(c.Years, d.Year) {
		return false
	}
	for _, r := range c.Unconfirmed {
		if r.Contains(d) {
			return false
		}
	}
	return true
}

// DateOf returns the civil date of t in the calendar's time zone (Vietnam if it cannot be loaded).
func (c *Calendar) DateOf(t time.Time) Date {
	loc := c.Location()
	if loc == nil {
		return DateOf(t)
	}
	y, m, d := t.In(loc).Date()
	return Date{y, m, d}
}
