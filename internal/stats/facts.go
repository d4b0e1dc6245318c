package stats

import (
	"time"

	"github.com/egov-vn/egov/internal/calendar"
	"github.com/egov-vn/egov/internal/dossier"
)

// Event is one entry of a dossier's timeline that the indicators read: the clock pauses
// (supplement, payment) and the moments a dossier reaches 7 or 8.
type Event struct {
	At       time.Time
	From, To dossier.State
}

// Dossier is what Classify reads about one dossier: its stored fields, the relevant part of its
// timeline in order, and what its procedure and files say.
type Dossier struct {
	ID            int64
	State         dossier.State
	Channel       int // 1 trực tiếp, 2 trực tuyến, 3 bưu chính
	ReceivedAt    time.Time
	DueAt         time.Time
	OriginalDueAt time.Time
	ProcessedAt   time.Time
	ReturnedAt    time.Time
	PausedAt      time.Time
	// SupplementCount is the number of supplement requests during processing.
	SupplementCount int
	Events          []Event
	// PaperResult: the procedure issues a paper result (catalog.ResultPaper).
	PaperResult bool
	// EResult: an electronic result file is attached; Digitised: component files are attached.
	EResult, Digitised bool
	// Disliked: the applicant rated the dossier "không hài lòng" (indicator 5.4).
	Disliked bool
	// FeeAmount is the dossier's fee in VND (DanhSachLePhi): the fixed fees of its variant at
	// reception, or the amount a payment request asked for; 0 when its fee list is all zero.
	FeeAmount int64
	// PaidOnline: a fee payment of the dossier went through the payment gateway
	// (DuocThanhToanTrucTuyen = 2, indicators 3.5 and 3.6).
	PaidOnline bool
}

// Facts are what the indicators need to know about one received dossier, fixed by its stored data
// and recomputed whenever it changes. Months are in Vietnam. The aggregates (Counter) are sums of
// Facts with the same key.
type Facts struct {
	DossierID int64
	// Where and what: the receiving unit (reports count dossiers where they were received), its
	// level (province, district, commune) and the procedure.
	UnitID        int64
	UnitPath      string
	Level         string
	ProcedureCode string
	Field         string
	Channel       int

	ReceivedAt time.Time
	RecvMonth  Month
	// EndAt is the end of processing for KPI 2.1 (rules 1 and 2), zero while processing goes on;
	// EndMonth is its month, 0 while open.
	EndAt    time.Time
	EndMonth Month
	// Outcome766 and OutcomeWT are the lateness of an ended dossier in each mode (0 while open).
	Outcome766, OutcomeWT calendar.Outcome
	// Deadline766 and DeadlineWT are the instants after which a dossier still in processing is
	// late in each mode; the received instant when it is late whatever happens (more than one
	// supplement request). Dl766Month and DlWTMonth are their months clamped to the months in which
	// the dossier can be in processing at a month's end: late at the end of month M ⇔ DlMonth ≤ M.
	Deadline766, DeadlineWT time.Time
	Dl766Month, DlWTMonth   Month
	// Completed: status 9 or 10 reached (KPI 2.2), with the processing time in working minutes
	// (pauses removed) and in calendar minutes (supplement time removed).
	Completed                       bool
	WorkingMinutes, CalendarMinutes int64
	PaperResult, EResult, Digitised bool
	// Disliked: rated "không hài lòng" (5.4). HasFee: the dossier's fee is above 0 (the 3.6
	// denominator); PaidOnline: paid through the payment gateway (3.5, 3.6 numerators).
	Disliked, HasFee, PaidOnline bool
}

// Classify computes the Facts of a received dossier under cal (the calendar of its receiving
// unit); ok is false for a dossier never received (submitted, refused at reception, withdrawn
// before reception), which no indicator of group 2–4 counts. The where-and-what fields are left
// to the caller.
//
// End of processing (QĐ 766, KPI 2.1): the time of 9 (ProcessedAt) before that of 10
// (ReturnedAt); for 7 and 8 the first time the dossier reached either; for a dossier waiting for a
// supplement the applicant has not brought, the time of the request; else none yet.
//
// Mode literal766 compares End − (calendar time of completed supplement pauses) with the original
// due date (ngày hẹn trả); mode workingTime compares End with the original due extended by the
// working time of every completed pause (supplement and payment), in canonical working time
// (calendar.Compare). More than one supplement request makes the dossier late in both modes.
// A reschedule (apology) never moves the due date the indicators use.
//
// Disliked, HasFee (fee above 0, or paid online) and PaidOnline are copied from what the caller
// read: the rating, the fee and the gateway payments (indicators 5.4, 3.5, 3.6).
func Classify(d Dossier, cal *calendar.Calendar) (Facts, bool, error) {
	if d.ReceivedAt.IsZero() {
		return Facts{}, false, nil
	}
	f := Facts{DossierID: d.ID, Channel: d.Channel, ReceivedAt: d.ReceivedAt, RecvMonth: MonthOf(d.ReceivedAt),
		PaperResult: d.PaperResult, EResult: d.EResult, Digitised: d.Digitised,
		Disliked: d.Disliked, HasFee: d.FeeAmount > 0 || d.PaidOnline, PaidOnline: d.PaidOnline}
	due := d.OriginalDueAt
	if due.IsZero() {
		due = d.DueAt
	}

	// The pauses that ended, from the timeline.
	var pauses []calendar.Pause
	var suppCal time.Duration
	var open time.Time
	var openState dossier.State
	var terminal time.Time
	for _, e := range d.Events {
		if (e.From == dossier.AwaitingSupplement || e.From == dossier.AwaitingPayment) && !open.IsZero() && e.From == openState {
			if e.To != dossier.Stopped && e.To != dossier.WithdrawalRequested && !e.At.Before(open) {
				pauses = append(pauses, calendar.Pause{From: open, To: e.At})
				if openState == dossier.AwaitingSupplement {
					suppCal += e.At.Sub(open)
				}
			}
			open = time.Time{}
		}
		if e.To == dossier.AwaitingSupplement || e.To == dossier.AwaitingPayment {
			open, openState = e.At, e.To
		}
		if (e.To == dossier.WithdrawalRequested || e.To == dossier.Stopped) && terminal.IsZero() {
			terminal = e.At
		}
	}

	switch {
	case !d.ProcessedAt.IsZero():
		f.EndAt, f.Completed = d.ProcessedAt, true
	case !d.ReturnedAt.IsZero():
		f.EndAt, f.Completed = d.ReturnedAt, true
	case d.State == dossier.Stopped || d.State == dossier.WithdrawalRequested:
		f.EndAt = terminal
		if f.EndAt.IsZero() {
			f.EndAt = d.ReceivedAt
		}
	case d.State == dossier.AwaitingSupplement:
		f.EndAt = d.PausedAt
		if f.EndAt.IsZero() {
			f.EndAt = open
		}
	}
	f.EndMonth = MonthOf(f.EndAt)

	forcedLate := d.SupplementCount > 1 || due.IsZero()
	if forcedLate {
		f.Deadline766, f.DeadlineWT = d.ReceivedAt, d.ReceivedAt
	} else {
		f.Deadline766 = due.Add(suppCal)
		ext, err := cal.ExtendForPauses(due, pauses)
		if err != nil {
			return Facts{}, false, err
		}
		f.DeadlineWT = ext.Due
	}
	if !f.EndAt.IsZero() {
		if forcedLate {
			f.Outcome766, f.OutcomeWT = calendar.Late, calendar.Late
		} else {
			f.Outcome766 = literalOutcome(f.EndAt.Add(-suppCal), due)
			f.OutcomeWT = cal.Compare(f.EndAt, f.DeadlineWT)
		}
	}
	if f.Completed {
		var paused time.Duration
		for _, p := range pauses {
			w, err := cal.WorkingTimeBetween(p.From, p.To)
			if err != nil {
				return Facts{}, false, err
			}
			paused += w
		}
		w, err := cal.WorkingTimeBetween(d.ReceivedAt, f.EndAt)
		if err != nil {
			return Facts{}, false, err
		}
		f.WorkingMinutes = max(int64((w-paused)/time.Minute), 0)
		f.CalendarMinutes = max(int64((f.EndAt.Sub(d.ReceivedAt)-suppCal)/time.Minute), 0)
	}
	f.Dl766Month = clampMonth(MonthOf(f.Deadline766), f.RecvMonth, f.EndMonth)
	f.DlWTMonth = clampMonth(MonthOf(f.DeadlineWT), f.RecvMonth, f.EndMonth)
	return f, true, nil
}

// literalOutcome is the QĐ 766 comparison of an end with a due date as written: late when after
// it, early (trước hạn) when on an earlier date in Vietnam, on time otherwise.
func literalOutcome(end, due time.Time) calendar.Outcome {
	switch {
	case end.After(due):
		return calendar.Late
	case calendar.DateOf(end.In(vietnam)).Before(calendar.DateOf(due.In(vietnam))):
		return calendar.Early
	}
	return calendar.OnTime
}

// clampMonth keeps a deadline month within the months at whose end the dossier can be in
// processing (from recv to the month before end; every month from recv on while open), so that
// dossiers judged alike share one aggregate row: late at the end of month M ⇔ result ≤ M.
func clampMonth(dl, recv, end Month) Month {
	if dl < recv {
		dl = recv
	}
	if end != 0 && dl > end {
		dl = end
	}
	return dl
}
