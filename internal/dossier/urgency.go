package dossier

import (
	"time"

	"github.com/egov-vn/egov/internal/calendar"
)

// Urgency is how close a due instant is, as the reminders (nhắc việc) tell officials.
type Urgency int

// The urgencies.
const (
	NotYetDue Urgency = iota // more than one working day left
	DueSoon                  // sắp đến hạn: due within one working day
	Overdue                  // quá hạn: working time has run past the due
)

// WorkingDay is the working time of one working day on cal: the sum of its working periods
// (8 hours with the default 08:00–12:00 and 13:00–17:00).
func WorkingDay(cal *calendar.Calendar) time.Duration {
	ps := cal.Periods
	if len(ps) == 0 {
		ps = calendar.DefaultPeriods()
	}
	var d time.Duration
	for _, p := range ps {
		d += time.Duration(p.End-p.Start) * time.Minute
	}
	return d
}

// UrgencyOf tells how urgent a due is at now on cal, comparing working time on the canonical
// form (§6.4): Overdue when working time has passed since due (a due at 17:00 Friday is not yet
// overdue at 17:30 Friday or on Saturday: no working time has passed); DueSoon when at most one
// working day (WorkingDay) of working time is left, so that a step due Monday 09:00 is due soon
// from Friday 09:00 on, and one due on the working day after a holiday is due soon on the
// working day before it; NotYetDue otherwise. It also returns the working time left (positive)
// or past the due (negative). Errors: those of calendar.WorkingTimeBetween (out_of_range).
func UrgencyOf(cal *calendar.Calendar, now, due time.Time) (Urgency, time.Duration, error) {
	left, err := cal.WorkingTimeBetween(now, due)
	if err != nil {
		return NotYetDue, 0, err
	}
	switch {
	case left < 0:
		return Overdue, left, nil
	case left <= WorkingDay(cal):
		return DueSoon, left, nil
	}
	return NotYetDue, left, nil
}
