package dossier

import (
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/calendar"
	"github.com/egov-vn/egov/internal/errs"
)

func local(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, vietnam)
}

func TestPlanReception(t *testing.T) {
	cal := calendar.National()
	tests := []struct {
		id         string
		received   time.Time
		d          calendar.Duration
		paper      bool
		due        time.Time
		transferBy time.Time
	}{
		{"E1", local(2025, 3, 3, 9, 0), calendar.WorkingDaysOf(3), true, local(2025, 3, 6, 9, 0), local(2025, 3, 3, 17, 0)},
		{"E4", local(2025, 3, 8, 10, 0), calendar.WorkingDaysOf(1), true, local(2025, 3, 11, 8, 0), local(2025, 3, 10, 17, 0)},
		{"E6", local(2025, 3, 4, 17, 45), calendar.WorkingDaysOf(2), true, local(2025, 3, 7, 8, 0), local(2025, 3, 5, 17, 0)},
		{"E12", local(2025, 12, 31, 10, 0), calendar.WorkingDaysOf(1), false, local(2026, 1, 5, 10, 0), time.Time{}},
		{"E23", local(2025, 3, 4, 14, 59), calendar.SameDayBy(0), true, local(2025, 3, 4, 17, 0), local(2025, 3, 4, 17, 0)},
		{"TV-DL-27", local(2025, 3, 3, 9, 0), calendar.WorkingDaysOf(0), false, local(2025, 3, 3, 9, 0), time.Time{}},
		// G6: after 15:00 the paper dossier may go the next working day; Friday → Monday.
		{"G6 15:00", local(2025, 3, 4, 15, 0), calendar.WorkingDaysOf(1), true, local(2025, 3, 5, 15, 0), local(2025, 3, 4, 17, 0)},
		{"G6 15:01", local(2025, 3, 4, 15, 1), calendar.WorkingDaysOf(1), true, local(2025, 3, 5, 15, 1), local(2025, 3, 5, 17, 0)},
		{"G6 Friday", local(2025, 3, 7, 16, 0), calendar.WorkingDaysOf(1), true, local(2025, 3, 10, 16, 0), local(2025, 3, 10, 17, 0)},
		{"G6 before 30/04", local(2025, 4, 29, 15, 30), calendar.WorkingDaysOf(2), true, local(2025, 5, 6, 15, 30), local(2025, 5, 5, 17, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			r, err := PlanReception(cal, tt.received, tt.d, tt.paper)
			if err != nil {
				t.Fatal(err)
			}
			if !r.DueAt.Equal(tt.due) || !r.OriginalDueAt.Equal(tt.due) || !r.ReceivedAt.Equal(tt.received) || !r.Due.Due.Equal(tt.due) {
				t.Errorf("due %v (original %v), want %v", r.DueAt, r.OriginalDueAt, tt.due)
			}
			if !r.TransferDueAt.Equal(tt.transferBy) {
				t.Errorf("transfer due %v, want %v", r.TransferDueAt, tt.transferBy)
			}
		})
	}
	if _, err := PlanReception(cal, local(2025, 3, 3, 9, 0), calendar.WorkingDaysOf(-1), false); calendar.ErrorCode(err) != calendar.CodeInvalidDuration {
		t.Errorf("negative duration: %v", err)
	}
}

// G6 end to end: a paper dossier received at 15:30 may be transferred until 17:00 the next
// working day; after that only with a reason.
func TestTransferDeadlineGuard(t *testing.T) {
	cal := calendar.National()
	r, err := PlanReception(cal, local(2025, 3, 4, 15, 30), calendar.WorkingDaysOf(5), true)
	if err != nil {
		t.Fatal(err)
	}
	s := Snapshot{State: Received, Paper: true, TransferDueAt: r.TransferDueAt}
	if to, err := Transition(s, ActionTransfer, deskOrSys, local(2025, 3, 5, 16, 59)); err != nil || to != InProcessing {
		t.Errorf("on time: %s, %v", to, err)
	}
	_, err = Transition(s, ActionTransfer, deskOrSys, local(2025, 3, 6, 8, 0))
	wantErr(t, err, errs.Invalid, CodeLateTransfer)
}

// Example P1 of §6.8.
func TestResumeAfterSupplement(t *testing.T) {
	cal := calendar.National()
	r, err := PlanReception(cal, local(2025, 3, 3, 9, 0), calendar.WorkingDaysOf(10), false)
	if err != nil {
		t.Fatal(err)
	}
	if !r.DueAt.Equal(local(2025, 3, 17, 9, 0)) {
		t.Fatalf("due %v", r.DueAt)
	}
	p := calendar.Pause{From: local(2025, 3, 5, 10, 0), To: local(2025, 3, 12, 14, 0)}
	res, err := ResumeAfterSupplement(cal, r.DueAt, r.OriginalDueAt, p)
	if err != nil {
		t.Fatal(err)
	}
	if !res.DueAt.Equal(local(2025, 3, 24, 13, 0)) {
		t.Errorf("new due %v, want Mon 24/03/2025 13:00", res.DueAt)
	}
	if !res.OriginalDueAt.Equal(local(2025, 3, 17, 9, 0)) {
		t.Errorf("original due changed: %v", res.OriginalDueAt)
	}
	if res.Remaining != 63*time.Hour || res.PausedWorkingTime != 43*time.Hour || !res.Extended || res.Pause != p {
		t.Errorf("remaining %v, paused %v, extended %v", res.Remaining, res.PausedWorkingTime, res.Extended)
	}

	// A request after the due does not extend it.
	late := calendar.Pause{From: local(2025, 3, 18, 9, 0), To: local(2025, 3, 20, 9, 0)}
	res, err = ResumeAfterSupplement(cal, r.DueAt, r.OriginalDueAt, late)
	if err != nil || !res.DueAt.Equal(r.DueAt) || res.Extended || res.Remaining != 0 {
		t.Errorf("late request: %+v, %v", res, err)
	}
	// A second pause extends the already extended due, the original never moves.
	res1, _ := ResumeAfterSupplement(cal, r.DueAt, r.OriginalDueAt, p)
	p2 := calendar.Pause{From: local(2025, 3, 20, 9, 0), To: local(2025, 3, 21, 9, 0)}
	res2, err := ResumeAfterSupplement(cal, res1.DueAt, r.OriginalDueAt, p2)
	if err != nil || !res2.DueAt.Equal(local(2025, 3, 25, 13, 0)) || !res2.OriginalDueAt.Equal(r.OriginalDueAt) {
		t.Errorf("second pause: %v, %v", res2.DueAt, err)
	}
	// Open or reversed pauses are rejected.
	for _, bad := range []calendar.Pause{{From: p.From}, {From: p.To, To: p.From}} {
		if _, err := ResumeAfterSupplement(cal, r.DueAt, r.OriginalDueAt, bad); calendar.ErrorCode(err) != calendar.CodeInvalidPause {
			t.Errorf("pause %+v: %v", bad, err)
		}
	}
}

func TestResumeAfterPayment(t *testing.T) {
	cal := calendar.National()
	due := local(2025, 3, 17, 9, 0)
	p := calendar.Pause{From: local(2025, 3, 5, 10, 0), To: local(2025, 3, 12, 14, 0)}
	res, err := ResumeAfterPayment(cal, due, due, p, true)
	if err != nil || !res.DueAt.Equal(local(2025, 3, 24, 13, 0)) {
		t.Errorf("paused: %v, %v", res.DueAt, err)
	}
	res, err = ResumeAfterPayment(cal, due, due, p, false)
	if err != nil || !res.DueAt.Equal(due) || res.PausedWorkingTime != 0 {
		t.Errorf("not paused: %+v, %v", res, err)
	}
	if _, err := ResumeAfterPayment(cal, due, due, calendar.Pause{From: p.To, To: p.From}, false); calendar.ErrorCode(err) != calendar.CodeInvalidPause {
		t.Errorf("reversed pause: %v", err)
	}
}

func TestReschedule(t *testing.T) {
	cal := calendar.National()
	// Received Mon 03/03/2025 09:00 with 5 WD: due Mon 10/03/2025 09:00.
	base := Snapshot{State: InProcessing, DueAt: local(2025, 3, 10, 9, 0), OriginalDueAt: local(2025, 3, 10, 9, 0),
		Input: Input{Reason: "Chờ ý kiến của cơ quan phối hợp."}}
	at := local(2025, 3, 7, 10, 0)

	app, err := Reschedule(cal, base, RescheduleRequest{Extra: calendar.WorkingDaysOf(2)}, at)
	if err != nil {
		t.Fatal(err)
	}
	if !app.DueAt.Equal(local(2025, 3, 12, 9, 0)) || !app.OriginalDueAt.Equal(base.OriginalDueAt) || !app.PreviousDueAt.Equal(base.DueAt) || app.Reason != base.Input.Reason {
		t.Errorf("extra 2 WD: %+v", app)
	}
	app, err = Reschedule(cal, base, RescheduleRequest{NewDueAt: local(2025, 3, 14, 17, 0)}, at)
	if err != nil || !app.DueAt.Equal(local(2025, 3, 14, 17, 0)) {
		t.Errorf("explicit Friday 17:00: %+v, %v", app, err)
	}
	// After a supplement pause the current due is later than the original: the new one must be
	// after the current one, and G5 still looks at the original.
	ext := base
	ext.DueAt = local(2025, 3, 13, 9, 0)
	if _, err := Reschedule(cal, ext, RescheduleRequest{NewDueAt: local(2025, 3, 12, 9, 0)}, at); errs.CodeOf(err) != CodeInvalidNewDueDate {
		t.Errorf("before the current due: %v", err)
	}
	if app, err := Reschedule(cal, ext, RescheduleRequest{Extra: calendar.WorkingDaysOf(1)}, at); err != nil || !app.DueAt.Equal(local(2025, 3, 14, 9, 0)) || !app.OriginalDueAt.Equal(base.OriginalDueAt) {
		t.Errorf("after pause: %+v, %v", app, err)
	}

	tests := []struct {
		name string
		edit func(*Snapshot)
		req  RescheduleRequest
		at   time.Time
		code string
	}{
		{"twice", func(s *Snapshot) { s.ApologyCount = 1 }, RescheduleRequest{Extra: calendar.WorkingDaysOf(2)}, at, CodeApologyTwice},
		{"after original due", nil, RescheduleRequest{Extra: calendar.WorkingDaysOf(2)}, local(2025, 3, 10, 9, 1), CodeApologyAfterDue},
		{"no reason", func(s *Snapshot) { s.Input.Reason = "" }, RescheduleRequest{Extra: calendar.WorkingDaysOf(2)}, at, CodeReasonRequired},
		{"terminal", func(s *Snapshot) { s.State = ResultReady }, RescheduleRequest{Extra: calendar.WorkingDaysOf(2)}, at, CodeIllegalTransition},
		{"withdrawal requested", func(s *Snapshot) { s.State = WithdrawalRequested }, RescheduleRequest{Extra: calendar.WorkingDaysOf(2)}, at, CodeIllegalTransition},
		{"neither", nil, RescheduleRequest{}, at, CodeInvalidNewDueDate},
		{"both", nil, RescheduleRequest{NewDueAt: local(2025, 3, 14, 9, 0), Extra: calendar.WorkingDaysOf(2)}, at, CodeInvalidNewDueDate},
		{"not later", nil, RescheduleRequest{NewDueAt: local(2025, 3, 10, 9, 0)}, at, CodeInvalidNewDueDate},
		{"Sunday", nil, RescheduleRequest{NewDueAt: local(2025, 3, 16, 9, 0)}, at, CodeInvalidNewDueDate},
		{"holiday", nil, RescheduleRequest{NewDueAt: local(2025, 4, 30, 9, 0)}, at, CodeInvalidNewDueDate},
		{"evening", nil, RescheduleRequest{NewDueAt: local(2025, 3, 14, 18, 0)}, at, CodeInvalidNewDueDate},
		{"early morning", nil, RescheduleRequest{NewDueAt: local(2025, 3, 14, 7, 59)}, at, CodeInvalidNewDueDate},
		{"bad duration", nil, RescheduleRequest{Extra: calendar.WorkingDaysOf(-1)}, at, calendar.CodeInvalidDuration},
	}
	for _, tt := range tests {
		s := base
		if tt.edit != nil {
			tt.edit(&s)
		}
		app, err := Reschedule(cal, s, tt.req, tt.at)
		code := errs.CodeOf(err)
		if c := calendar.ErrorCode(err); c != "" {
			code = c
		}
		if code != tt.code {
			t.Errorf("%s: %+v, %v; want %s", tt.name, app, err, tt.code)
		}
	}
	// Make-up Saturday 26/04/2025 is a working day.
	s := base
	s.DueAt, s.OriginalDueAt = local(2025, 4, 25, 9, 0), local(2025, 4, 25, 9, 0)
	if _, err := Reschedule(cal, s, RescheduleRequest{NewDueAt: local(2025, 4, 26, 10, 0)}, local(2025, 4, 24, 9, 0)); err != nil {
		t.Errorf("make-up Saturday: %v", err)
	}
}
