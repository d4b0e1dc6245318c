package calendar

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Unit is the unit of a processing duration (DonViTinh, domain spec §6.3).
type Unit string

// The duration units.
const (
	WorkingDays  Unit = "workingDay"  // ngày làm việc: one day is the working time of a day (8 h)
	WorkingHours Unit = "workingHour" // giờ làm việc
	CalendarDays Unit = "calendarDay" // ngày (theo lịch): all days count, the end moves off a day off
	SameDay      Unit = "sameDay"     // trong ngày: by the end of the day, or of the next one after the cut-off
)

// Valid reports whether u is one of the units.
func (u Unit) Valid() bool {
	return u == WorkingDays || u == WorkingHours || u == CalendarDays || u == SameDay
}

// DefaultCutoff is the usual same-day cut-off (15:00, domain spec §6.5).
const DefaultCutoff = TimeOfDay(15 * 60)

// MaxDays bounds durations: at most MaxDays days (working or calendar) or MaxDays×24 hours.
const MaxDays = 3660

// Duration is a processing time (thời hạn giải quyết).
type Duration struct {
	// Value is N in Unit: a non-negative number, fractional for working days and hours (0.5
	// working days is half a day's working minutes), whole for calendar days; ignored for SameDay.
	Value float64
	Unit  Unit
	// Cutoff is the same-day cut-off time of the procedure (SameDay only); 0 means DefaultCutoff.
	Cutoff TimeOfDay
}

// WorkingDaysOf returns a duration of n working days.
func WorkingDaysOf(n float64) Duration { return Duration{Value: n, Unit: WorkingDays} }

// WorkingHoursOf returns a duration of n working hours.
func WorkingHoursOf(n float64) Duration { return Duration{Value: n, Unit: WorkingHours} }

// CalendarDaysOf returns a duration of n calendar days.
func CalendarDaysOf(n int) Duration { return Duration{Value: float64(n), Unit: CalendarDays} }

// SameDayBy returns a same-day duration with the given cut-off (0 for 15:00).
func SameDayBy(cutoff TimeOfDay) Duration { return Duration{Unit: SameDay, Cutoff: cutoff} }

func (d Duration) cutoff() TimeOfDay {
	if d.Cutoff == 0 {
		return DefaultCutoff
	}
	return d.Cutoff
}

// Check returns nil or an *Error: "unknown_duration_unit" for an unknown Unit, "invalid_duration"
// for a value that is negative, not finite, above MaxDays, or not whole for calendar days, or a
// cut-off outside 00:00–24:00.
func (d Duration) Check() error {
	if !d.Unit.Valid() {
		return errorf(CodeUnknownUnit, "Đơn vị thời hạn %q không hợp lệ (workingDay, workingHour, calendarDay hoặc sameDay).", string(d.Unit))
	}
	if d.Unit == SameDay {
		if d.Cutoff < 0 || d.Cutoff > Clock(24, 0) {
			return errorf(CodeInvalidDuration, "Giờ chốt tiếp nhận trong ngày %d phút không hợp lệ.", int(d.Cutoff))
		}
		return nil
	}
	v := d.Value
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return errorf(CodeInvalidDuration, "Thời hạn không phải là một số hợp lệ.")
	case v < 0:
		return errorf(CodeInvalidDuration, "Thời hạn không được âm (%s).", formatNumber(v))
	case d.Unit == WorkingHours && v > MaxDays*24, d.Unit != WorkingHours && v > MaxDays:
		return errorf(CodeInvalidDuration, "Thời hạn %s quá lớn (tối đa %d ngày).", d, MaxDays)
	case d.Unit == CalendarDays && v != math.Trunc(v):
		return errorf(CodeInvalidDuration, "Thời hạn tính theo ngày lịch phải là số nguyên ngày (%s).", formatNumber(v))
	}
	return nil
}

// workingTime converts a duration in working days or hours to working time, rounded to the minute.
func (d Duration) workingTime(perDay time.Duration) time.Duration {
	if d.Unit == WorkingHours {
		return time.Duration(math.Round(d.Value*60)) * time.Minute
	}
	return time.Duration(math.Round(d.Value*float64(perDay/time.Minute))) * time.Minute
}

// String describes d in Vietnamese: "3 ngày làm việc", "0,5 ngày làm việc", "4 giờ làm việc",
// "10 ngày", "trong ngày (tiếp nhận sau 15:00 trả ngày làm việc tiếp theo)".
func (d Duration) String() string {
	switch d.Unit {
	case WorkingDays:
		return formatNumber(d.Value) + " ngày làm việc"
	case WorkingHours:
		return formatNumber(d.Value) + " giờ làm việc"
	case CalendarDays:
		return formatNumber(d.Value) + " ngày"
	case SameDay:
		return "trong ngày (tiếp nhận sau " + d.cutoff().String() + " trả ngày làm việc tiếp theo)"
	}
	return formatNumber(d.Value) + " " + string(d.Unit)
}

func formatNumber(v float64) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", ",", 1)
}

// Due computes when a dossier received at start is due (ngày hẹn trả, DueAt) under the
// calendar's Policy. start is any instant; it is evaluated in the calendar's time zone and the
// result is in that zone.
//
// The clock starts at the normalised reception time (§6.2): before the first period it starts at
// the first period start, between periods at the next period start, after the last period or on a
// non-working day at the first period start of the next working day. Then, by unit:
//
//   - WorkingDays, WorkingHours (Model A, §6.4): the clock start plus N×(working time of a day),
//     or N hours, of working time. The due instant is canonical: always inside a working period,
//     never at its end (work ending exactly at 12:00 is due at 13:00, at 17:00 the next working
//     day at 08:00).
//   - WorkingDays under CivilCodeDays (Model B): the end of the ⌈N⌉-th working day after the day
//     of the clock start, which is not counted.
//   - SameDay (§6.5): the end of the reception day, or the end of the next working day when
//     received after the cut-off (exactly the cut-off is in time) or outside working days.
//   - CalendarDays (§6.3): the end of the N-th day after the day of the clock start; if that day
//     is not a working day, the end of the next working day.
//
// A duration of 0 returns the normalised start (a start inside working time comes back
// unchanged). Errors: an invalid calendar ("invalid_calendar"), an invalid duration
// ("invalid_duration", "unknown_duration_unit"), or a start or due outside MinYear … MaxYear
// ("out_of_range"). The Result lists the days skipped and is Provisional when any day from the
// reception to the due day lacks an official schedule.
func (c *Calendar) Due(start time.Time, d Duration) (Result, error) {
	s, err := c.index()
	if err != nil {
		return Result{}, err
	}
	if err := d.Check(); err != nil {
		return Result{}, err
	}
	p0, err := s.canon(start)
	if err != nil {
		return Result{}, err
	}
	startDay, startSOD := s.split(start)
	r := Result{Start: start.In(s.loc), ClockStart: s.at(p0), Duration: d, Policy: s.policy}
	r.Normalized = !r.ClockStart.Equal(start)

	var dueDay int64
	var skipped []SkippedDay
	switch d.Unit {
	case WorkingDays, WorkingHours:
		m := d.workingTime(s.perDay)
		if d.Unit == WorkingDays && s.policy == CivilCodeDays && d.Value > 0 {
			if dueDay, err = s.kthWorkingAfter(p0.day, int(math.Ceil(d.Value))); err != nil {
				return Result{}, err
			}
			r.Due = s.join(dueDay, s.last)
		} else {
			p, err := s.add(p0, m)
			if err != nil {
				return Result{}, err
			}
			r.Due, dueDay = s.at(p), p.day
		}
		skipped = s.skipped(nil, startDay, dueDay)
	case SameDay:
		dueDay = startDay
		if p0.day != startDay || startSOD > time.Duration(d.cutoff())*time.Minute {
			if dueDay, err = s.kthWorkingAfter(startDay, 1); err != nil {
				return Result{}, err
			}
		}
		r.Due = s.join(dueDay, s.last)
		skipped = s.skipped(nil, startDay, dueDay)
	case CalendarDays:
		n := int64(d.Value)
		if n == 0 {
			r.Due, dueDay = r.ClockStart, p0.day
			skipped = s.skipped(nil, startDay, dueDay)
			break
		}
		nominal := p0.day + n
		if dueDay, err = s.firstWorkingFrom(nominal); err != nil {
			return Result{}, err
		}
		r.Due = s.join(dueDay, s.last)
		skipped = s.skipped(s.skipped(nil, startDay, p0.day-1), nominal, dueDay)
	}
	r.Skipped = skipped
	if s.provisional(min(startDay, p0.day), dueDay) {
		r.Provisional = true
		r.Notes = s.provisionalNotes(min(startDay, p0.day), dueDay)
	}
	return r, nil
}

// Normalize returns the instant from which the clock runs for a reception at t (§6.2), in the
// calendar's zone; see Due. Errors as for Due.
func (c *Calendar) Normalize(t time.Time) (time.Time, error) {
	s, err := c.index()
	if err != nil {
		return time.Time{}, err
	}
	p, err := s.canon(t)
	if err != nil {
		return time.Time{}, err
	}
	return s.at(p), nil
}

// WorkingTimeBetween returns the working time from a to b (negative when b is before a); instants
// outside working time count from their canonical form, so 17:30 Monday to 08:00 Tuesday is 0.
// Errors: an invalid calendar, or an instant outside MinYear … MaxYear ("out_of_range").
func (c *Calendar) WorkingTimeBetween(a, b time.Time) (time.Duration, error) {
	s, err := c.index()
	if err != nil {
		return 0, err
	}
	pa, err := s.canon(a)
	if err != nil {
		return 0, err
	}
	pb, err := s.canon(b)
	if err != nil {
		return 0, err
	}
	if pb.less(pa) {
		d, err := s.between(pb, pa)
		return -d, err
	}
	return s.between(pa, pb)
}

// WorkingMinutesBetween is WorkingTimeBetween in whole minutes (truncated towards zero).
func (c *Calendar) WorkingMinutesBetween(a, b time.Time) (int64, error) {
	d, err := c.WorkingTimeBetween(a, b)
	return int64(d / time.Minute), err
}

// Outcome is the lateness of a result: Early (trước hạn), OnTime (đúng hạn) or Late (quá hạn).
type Outcome int

// The outcomes; the zero Outcome is not one of them.
const (
	Early Outcome = iota + 1
	OnTime
	Late
)

// String returns "early", "onTime" or "late".
func (o Outcome) String() string {
	switch o {
	case Early:
		return "early"
	case OnTime:
		return "onTime"
	case Late:
		return "late"
	}
	return "unknown"
}

// Label returns the Vietnamese label: "Trước hạn", "Đúng hạn" or "Quá hạn".
func (o Outcome) Label() string {
	switch o {
	case Early:
		return "Trước hạn"
	case OnTime:
		return "Đúng hạn"
	case Late:
		return "Quá hạn"
	}
	return ""
}

// Compare decides whether a result finished at done was early, on time or late against due. It
// compares working time on canonical forms (§6.4), so time outside working hours never counts:
//
//   - Late when done is after due by any working time (done on the due day but after the due
//     instant is late; 17:30 on a day whose due was 17:00 is not, nor is 08:00 the next working day).
//   - Early when done is before the start of the working day of due (trước hạn: finished on an
//     earlier working day), i.e. at least some working time before that day began. The working day
//     of due is its own day when due falls on a working day up to the end of its last period
//     (17:00 under Model B is still that day), else the next working day.
//   - OnTime otherwise.
//
// Every report and inbox uses this one rule. With an invalid calendar or instants outside
// MinYear … MaxYear, it falls back to comparing the instants and their dates in Vietnam.
func (c *Calendar) Compare(done, due time.Time) Outcome {
	if s, err := c.index(); err == nil {
		pd, err1 := s.canon(done)
		pu, err2 := s.canon(due)
		dueDay, err3 := s.workingDayOf(due)
		if err1 == nil && err2 == nil && err3 == nil {
			switch {
			case pu.less(pd):
				return Late
			case pd.day < dueDay:
				return Early
			}
			return OnTime
		}
	}
	switch {
	case done.After(due):
		return Late
	case DateOf(done).Before(DateOf(due)):
		return Early
	}
	return OnTime
}

// workingDayOf returns the working day a due instant belongs to (see Compare).
func (s *state) workingDayOf(t time.Time) (int64, error) {
	day, sod := s.split(t)
	working, err := s.isWorking(day)
	if err != nil {
		return 0, err
	}
	if working && sod <= s.last {
		return day, nil
	}
	return s.firstWorkingFrom(day + 1)
}

// Pause is a clock pause while the applicant supplements the dossier (§6.6): From is the supplement
// request (yêu cầu bổ sung), To its completion (hoàn thành bổ sung).
type Pause struct {
	From, To time.Time
}

// Extension is the due date after supplement pauses.
type Extension struct {
	OriginalDue time.Time // unchanged, used for KPIs (OriginalDueAt)
	Due         time.Time // the extended due instant (DueAt')
	// PausedWorkingTime is the working time inside the pauses (PausedWorkingMinutes).
	PausedWorkingTime time.Duration
	Pauses            []Pause // the pauses, sorted, to be stored with the dossier
	// MultipleRequests is true with more than one supplement request: KPI 2.1 then counts the
	// dossier as late (§6.6, QĐ 766).
	MultipleRequests bool
	Provisional      bool
	Notes            []string
}

// ExtendForPauses applies supplement pauses to originalDue (§6.6). For each pause in order, the
// working time remaining at the request, workingTime(From, due), restarts at the completion:
// due = To + remaining in working time (canonical form). A request made after the due instant
// (the dossier was already overdue) does not extend it, and a note says so. Without any effective
// pause Due equals originalDue.
//
// Errors: "invalid_pause" for an open pause (zero To), one that ends before it starts, or pauses
// that overlap; otherwise as for Due.
func (c *Calendar) ExtendForPauses(originalDue time.Time, pauses []Pause) (Extension, error) {
	s, err := c.index()
	if err != nil {
		return Extension{}, err
	}
	ps := slices.Clone(pauses)
	slices.SortStableFunc(ps, func(a, b Pause) int { return a.From.Compare(b.From) })
	for i, p := range ps {
		switch {
		case p.From.IsZero() || p.To.IsZero():
			return Extension{}, errorf(CodeInvalidPause, "Lần tạm dừng thứ %d chưa có thời điểm yêu cầu hoặc hoàn thành bổ sung.", i+1)
		case p.To.Before(p.From):
			return Extension{}, errorf(CodeInvalidPause, "Lần tạm dừng thứ %d kết thúc (%s) trước khi bắt đầu (%s).", i+1, instant(p.To.In(s.loc)), instant(p.From.In(s.loc)))
		case i > 0 && p.From.Before(ps[i-1].To):
			return Extension{}, errorf(CodeInvalidPause, "Lần tạm dừng thứ %d bắt đầu trước khi lần trước kết thúc.", i+1)
		}
	}
	ext := Extension{OriginalDue: originalDue.In(s.loc), Due: originalDue.In(s.loc), Pauses: ps, MultipleRequests: len(ps) > 1}
	due, err := s.canon(originalDue)
	if err != nil {
		return Extension{}, err
	}
	first := due.day
	for _, p := range ps {
		from, err := s.canon(p.From)
		if err != nil {
			return Extension{}, err
		}
		to, err := s.canon(p.To)
		if err != nil {
			return Extension{}, err
		}
		first = min(first, from.day)
		paused, err := s.between(from, to)
		if err != nil {
			return Extension{}, err
		}
		ext.PausedWorkingTime += paused
		if due.less(from) {
			ext.Notes = append(ext.Notes, "Yêu cầu bổ sung lúc "+instant(p.From.In(s.loc))+" sau hạn "+instant(s.at(due))+": không gia hạn.")
			continue
		}
		remaining, err := s.between(from, due)
		if err != nil {
			return Extension{}, err
		}
		if due, err = s.add(to, remaining); err != nil {
			return Extension{}, err
		}
		ext.Due = s.at(due)
	}
	if s.provisional(first, due.day) {
		ext.Provisional = true
		ext.Notes = append(ext.Notes, s.provisionalNotes(first, due.day)...)
	}
	return ext, nil
}

// SupplementDeadline returns the applicant's supplement deadline (ThoiHanBoSung): the request plus
// days calendar days, as the real systems count it (§6.6).
func SupplementDeadline(requestedAt time.Time, days int) time.Time {
	return requestedAt.In(vietnam).AddDate(0, 0, days)
}
