package dossier

import (
	"fmt"
	"time"

	"github.com/egov-vn/egov/internal/calendar"
	"github.com/egov-vn/egov/internal/errs"
)

// vietnam is UTC+7, where every instant is evaluated.
var vietnam = time.FixedZone("ICT", 7*3600)

// vnInstant formats t as "15:04 ngày 02/01/2006" in Vietnam.
func vnInstant(t time.Time) string { return t.In(vietnam).Format("15:04 ngày 02/01/2006") }

// Reception is what accepting a dossier fixes (Mẫu 01, domain-vn §3.3, §6.2): the clock starts at
// ReceivedAt, not at online submission.
type Reception struct {
	ReceivedAt    time.Time
	DueAt         time.Time // ngày hẹn trả
	OriginalDueAt time.Time // equal to DueAt at reception, never changed afterwards
	// TransferDueAt is the deadline to hand a paper dossier to the processing agency (G6), zero for
	// an electronic dossier, which is transferred at once.
	TransferDueAt time.Time
	Due           calendar.Result // the explanation of DueAt
}

// PlanReception computes the dates fixed when a dossier is received at receivedAt with the
// procedure's duration d under cal: DueAt = OriginalDueAt = cal.Due(receivedAt, d), and for a paper
// dossier TransferDueAt = TransferDue(cal, receivedAt). Errors are those of calendar.Due.
func PlanReception(cal *calendar.Calendar, receivedAt time.Time, d calendar.Duration, paper bool) (Reception, error) {
	r, err := cal.Due(receivedAt, d)
	if err != nil {
		return Reception{}, err
	}
	rec := Reception{ReceivedAt: receivedAt, DueAt: r.Due, OriginalDueAt: r.Due, Due: r}
	if paper {
		if rec.TransferDueAt, err = TransferDue(cal, receivedAt); err != nil {
			return Reception{}, err
		}
	}
	return rec, nil
}

// TransferDue is the deadline to transfer a paper dossier received at receivedAt to the processing
// agency (G6, NĐ 61 Art. 20, UNCONFIRMED): the end of the working day of reception, or of the next
// working day when received after 15:00 (exactly 15:00 is in time) or outside a working day — the
// same-day rule of §6.5 with the default cut-off.
func TransferDue(cal *calendar.Calendar, receivedAt time.Time) (time.Time, error) {
	r, err := cal.Due(receivedAt, calendar.SameDayBy(calendar.DefaultCutoff))
	if err != nil {
		return time.Time{}, err
	}
	return r.Due, nil
}

// Resumption is the outcome of ending a clock pause (domain-vn §6.6).
type Resumption struct {
	DueAt         time.Time      // the new due instant DueAt'
	OriginalDueAt time.Time      // unchanged
	Pause         calendar.Pause // the interval to store with the dossier
	// Remaining is the working time that was left until DueAt at the request.
	Remaining time.Duration
	// PausedWorkingTime is the working time inside the pause, to add to PausedWorkingMinutes.
	PausedWorkingTime time.Duration
	// Extended is false when the request came after DueAt (the dossier was already late): the due
	// is then not extended.
	Extended bool
}

// ResumeAfterSupplement applies the supplement pause p (From = request, To = completion) to the
// current dueAt (§6.6, precise rule): remaining = workingTime(p.From, dueAt); DueAt' = p.To +
// remaining in working time, in canonical form. originalDueAt is returned unchanged. A request
// after dueAt does not extend it. dueAt is the current DueAt, which already includes earlier pauses
// and a reschedule.
//
// Example P1: due Mon 17/03/2025 09:00, request Wed 05/03 10:00 (63 working hours left), completion
// Wed 12/03 14:00 → Mon 24/03/2025 13:00.
//
// Errors: "invalid_pause" for an open pause or one that ends before it starts; the calendar's
// errors otherwise.
func ResumeAfterSupplement(cal *calendar.Calendar, dueAt, originalDueAt time.Time, p calendar.Pause) (Resumption, error) {
	ext, err := cal.ExtendForPauses(dueAt, []calendar.Pause{p})
	if err != nil {
		return Resumption{}, err
	}
	res := Resumption{DueAt: ext.Due, OriginalDueAt: originalDueAt, Pause: p, PausedWorkingTime: ext.PausedWorkingTime}
	if !p.From.After(dueAt) {
		res.Extended = true
		if res.Remaining, err = cal.WorkingTimeBetween(p.From, dueAt); err != nil {
			return Resumption{}, err
		}
	}
	return res, nil
}

// ResumeAfterPayment is ResumeAfterSupplement for the wait in AwaitingPayment, from the payment
// request to the payment. The clock pauses there only when pauseOnPayment (flag pauseOnPayment,
// default true, DESIGN); otherwise DueAt is returned unchanged and nothing is extended.
func ResumeAfterPayment(cal *calendar.Calendar, dueAt, originalDueAt time.Time, p calendar.Pause, pauseOnPayment bool) (Resumption, error) {
	if pauseOnPayment {
		return ResumeAfterSupplement(cal, dueAt, originalDueAt, p)
	}
	if _, err := cal.ExtendForPauses(dueAt, []calendar.Pause{p}); err != nil {
		return Resumption{}, err // the same checks of the interval
	}
	return Resumption{DueAt: dueAt, OriginalDueAt: originalDueAt, Pause: p}, nil
}

// RescheduleRequest is the new appointment asked for in an apology (Mẫu 04): either an explicit
// NewDueAt, or Extra working time added to the current due.
type RescheduleRequest struct {
	NewDueAt time.Time
	Extra    calendar.Duration
}

// Appointment is the outcome of a reschedule (xin lỗi và hẹn lại ngày trả kết quả, §6.7).
type Appointment struct {
	OriginalDueAt time.Time // unchanged; lateness KPIs use it
	PreviousDueAt time.Time // DueAt before the reschedule
	DueAt         time.Time // the new DueAt, also stored as RescheduledDueAt ("trễ hẹn lần 2")
	Reason        string    // the reason for lateness, printed on the apology
}

// CodeInvalidNewDueDate is returned for a new appointment that is not later than the current due
// and now, or not inside the working hours of a working day.
const CodeInvalidNewDueDate = "invalid_new_due_date"

// Reschedule computes the new appointment of an apology. It enforces what the transition table
// does for ActionReschedule, roles aside: the state must allow it ("illegal_transition": not in a
// terminal state, nor before reception), G5 ("apology_twice", "apology_after_due": at most once and
// not after OriginalDueAt) and a reason for lateness in s.Input.Reason ("reason_required"). The new
// due is req.NewDueAt, which must be after both the current DueAt and now and within the working
// hours of a working day of cal, or the current DueAt plus req.Extra under cal
// ("invalid_new_due_date" otherwise). OriginalDueAt never changes.
func Reschedule(cal *calendar.Calendar, s Snapshot, req RescheduleRequest, now time.Time) (Appointment, error) {
	r, ok := rule(s, ActionReschedule)
	if !ok {
		return Appointment{}, IllegalTransition(s.State, ActionReschedule)
	}
	for _, g := range r.Guards {
		if err := g.Check(s, now); err != nil {
			return Appointment{}, err
		}
	}
	current := s.DueAt
	if current.IsZero() {
		current = s.OriginalDueAt
	}
	original := s.OriginalDueAt
	if original.IsZero() {
		original = current
	}
	app := Appointment{OriginalDueAt: original, PreviousDueAt: current, Reason: s.Input.Reason}
	switch {
	case req.NewDueAt.IsZero() == (req.Extra.Unit == ""):
		return Appointment{}, errs.Invalidf("new_due_at", CodeInvalidNewDueDate,
			"Cần chọn đúng một cách hẹn lại: ngày giờ trả kết quả mới, hoặc thời gian gia hạn thêm.",
			"Give either a new due date or an extra duration, not both.")
	case req.Extra.Unit != "":
		res, err := cal.Due(current, req.Extra)
		if err != nil {
			return Appointment{}, err
		}
		app.DueAt = res.Due
	default:
		app.DueAt = req.NewDueAt
	}
	if !app.DueAt.After(current) || !app.DueAt.After(now) {
		return Appointment{}, errs.Invalidf("new_due_at", CodeInvalidNewDueDate,
			fmt.Sprintf("Ngày hẹn trả mới (%s) phải sau ngày hẹn hiện tại (%s) và sau thời điểm hiện tại.", vnInstant(app.DueAt), vnInstant(current)),
			"The new due date must be after the current due date and after now.")
	}
	if !inWorkingHours(cal, app.DueAt) {
		return Appointment{}, errs.Invalidf("new_due_at", CodeInvalidNewDueDate,
			fmt.Sprintf("Ngày hẹn trả mới (%s) phải là ngày làm việc, trong giờ làm việc.", vnInstant(app.DueAt)),
			"The new due date must be within the working hours of a working day.")
	}
	return app, nil
}

// inWorkingHours reports whether t falls on a working day of cal between the start of its first
// working period and the end of its last (both included).
func inWorkingHours(cal *calendar.Calendar, t time.Time) bool {
	d := cal.DateOf(t)
	if !cal.IsWorkingDay(d) || len(cal.Periods) == 0 {
		return false
	}
	loc := cal.Location()
	if loc == nil {
		loc = vietnam
	}
	lt := t.In(loc)
	m := calendar.TimeOfDay(lt.Hour()*60 + lt.Minute())
	if lt.Second() != 0 || lt.Nanosecond() != 0 {
		m++ // past the minute: 17:00:30 is after 17:00
	}
	return m >= cal.Periods[0].Start && m <= cal.Periods[len(cal.Periods)-1].End
}
