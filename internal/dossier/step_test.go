package dossier

import (
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/calendar"
	"github.com/egov-vn/egov/internal/errs"
)

func TestStepDue(t *testing.T) {
	cal := calendar.National()
	tests := []struct {
		id    string
		start time.Time
		d     calendar.Duration
		due   time.Time
	}{
		{"E21 4 h", local(2025, 3, 4, 10, 0), calendar.WorkingHoursOf(4), local(2025, 3, 4, 15, 0)},
		{"E5 half day", local(2025, 3, 4, 12, 30), calendar.WorkingDaysOf(0.5), local(2025, 3, 5, 8, 0)},
		{"E9 holidays", local(2025, 4, 29, 9, 0), calendar.WorkingDaysOf(2), local(2025, 5, 6, 9, 0)},
		{"E10 make-up Saturday", local(2025, 4, 25, 9, 0), calendar.WorkingDaysOf(1), local(2025, 4, 26, 9, 0)},
	}
	for _, tt := range tests {
		got, err := StepDue(cal, tt.start, tt.d)
		if err != nil || !got.Equal(tt.due) {
			t.Errorf("%s: %v, %v; want %v", tt.id, got, err, tt.due)
		}
	}
	if _, err := StepDue(cal, local(2025, 3, 4, 10, 0), calendar.Duration{Unit: "week"}); calendar.ErrorCode(err) != calendar.CodeUnknownUnit {
		t.Errorf("bad unit: %v", err)
	}
}

// The K1–K3 facts of §13.7 as step outcomes: due Thu 06/03/2025 09:00.
func TestStepOutcome(t *testing.T) {
	cal := calendar.National()
	due := local(2025, 3, 6, 9, 0)
	for done, want := range map[time.Time]calendar.Outcome{
		local(2025, 3, 5, 15, 0):  calendar.Early,
		local(2025, 3, 5, 17, 30): calendar.OnTime, // canonical form: 17:30 Wed is 08:00 Thu, the due day (§6.4)
		local(2025, 3, 6, 8, 30):  calendar.OnTime,
		local(2025, 3, 6, 9, 0):   calendar.OnTime,
		local(2025, 3, 6, 10, 0):  calendar.Late,
	} {
		if got := StepOutcome(cal, done, due); got != want {
			t.Errorf("done %v: %v, want %v", done, got, want)
		}
	}
}

func TestStepLifecycle(t *testing.T) {
	cal := calendar.National()
	s := Step{No: 2, ToUnitID: 7, Allotted: calendar.WorkingDaysOf(3)}
	if err := s.Finish(cal, local(2025, 3, 3, 9, 0)); errs.CodeOf(err) != CodeIllegalTransition {
		t.Fatalf("finish a pending step: %v", err)
	}
	if err := s.Assign(cal, local(2025, 3, 3, 9, 0)); err != nil {
		t.Fatal(err)
	}
	if s.Status != StepAssigned || !s.DueAt.Equal(local(2025, 3, 6, 9, 0)) || !s.HandedAt.Equal(local(2025, 3, 3, 9, 0)) {
		t.Fatalf("assigned: %+v", s)
	}
	if err := s.Assign(cal, local(2025, 3, 3, 10, 0)); errs.CodeOf(err) != CodeIllegalTransition || !s.HandedAt.Equal(local(2025, 3, 3, 9, 0)) {
		t.Fatalf("assign twice: %v", err)
	}
	if err := s.Start(local(2025, 3, 3, 10, 0)); err != nil || s.Status != StepInProgress {
		t.Fatal(err)
	}
	if err := s.Resume(cal, calendar.Pause{}); errs.CodeOf(err) != CodeIllegalTransition {
		t.Fatalf("resume a running step: %v", err)
	}
	// A supplement pause of one working day moves the step's due by one working day.
	if err := s.RequestSupplement(); err != nil || s.Status != StepSupplementRequested {
		t.Fatal(err)
	}
	if err := s.Resume(cal, calendar.Pause{From: local(2025, 3, 4, 9, 0), To: local(2025, 3, 5, 9, 0)}); err != nil {
		t.Fatal(err)
	}
	if s.Status != StepInProgress || !s.DueAt.Equal(local(2025, 3, 7, 9, 0)) {
		t.Fatalf("resumed: %+v", s)
	}
	if err := s.Finish(cal, local(2025, 3, 7, 10, 0)); err != nil {
		t.Fatal(err)
	}
	if s.Status != StepDone || s.Outcome != calendar.Late || !s.DoneAt.Equal(local(2025, 3, 7, 10, 0)) {
		t.Errorf("done: %+v", s)
	}
	if err := s.Finish(cal, local(2025, 3, 7, 11, 0)); errs.CodeOf(err) != CodeIllegalTransition {
		t.Errorf("finish twice: %v", err)
	}

	r := Step{Allotted: calendar.WorkingDaysOf(1)}
	_ = r.Assign(cal, local(2025, 3, 3, 9, 0))
	_ = r.Start(local(2025, 3, 3, 9, 5))
	if err := r.ReturnToPrevious(cal, local(2025, 3, 3, 11, 0), "Thiếu ý kiến thẩm định."); err != nil {
		t.Fatal(err)
	}
	if r.Status != StepReturnedToPrevious || r.Outcome != calendar.Early || r.Note != "Thiếu ý kiến thẩm định." {
		t.Errorf("returned: %+v", r)
	}
}

func TestNextStepStatus(t *testing.T) {
	statuses := []StepStatus{StepPending, StepAssigned, StepInProgress, StepDone, StepReturnedToPrevious, StepSupplementRequested}
	actions := []StepAction{StepAssign, StepStart, StepFinish, StepReturnToPrevious, StepRequestSupplement, StepResume}
	allowed := 0
	for _, from := range statuses {
		for _, a := range actions {
			to, err := NextStepStatus(from, a)
			if err == nil {
				allowed++
				continue
			}
			if to != from || errs.CodeOf(err) != CodeIllegalTransition {
				t.Errorf("%s on %s: %s, %v", from, a, to, err)
			}
		}
	}
	if allowed != len(stepTable) {
		t.Errorf("%d allowed, table has %d", allowed, len(stepTable))
	}
	if to, err := NextStepStatus("", StepAssign); err != nil || to != StepAssigned {
		t.Errorf("zero status: %s, %v", to, err)
	}
}
