package dossier

import (
	"fmt"
	"time"

	"github.com/egov-vn/egov/internal/calendar"
	"github.com/egov-vn/egov/internal/errs"
)

// StepStatus is the state of a processing step (bước xử lý, domain-vn §4.3).
type StepStatus string

// The step statuses.
const (
	StepPending             StepStatus = "pending"              // not yet handed to its unit
	StepAssigned            StepStatus = "assigned"             // handed over; its clock runs
	StepInProgress          StepStatus = "in_progress"          // taken up by the officer
	StepDone                StepStatus = "done"                 // finished (Outcome says early, on time or late)
	StepReturnedToPrevious  StepStatus = "returned_to_previous" // trả lại bước trước, with a reason
	StepSupplementRequested StepStatus = "supplement_requested" // the dossier went to AwaitingSupplement
)

// StepAction is what happens to a step.
type StepAction string

// The step actions.
const (
	StepAssign            StepAction = "assign"
	StepStart             StepAction = "start"
	StepFinish            StepAction = "finish"
	StepReturnToPrevious  StepAction = "return_to_previous"
	StepRequestSupplement StepAction = "request_supplement"
	StepResume            StepAction = "resume" // after the supplement (DESIGN: the step continues)
)

// stepTable is the step state machine (§4.3): Pending → Assigned → InProgress → Done; InProgress
// → ReturnedToPrevious or SupplementRequested; SupplementRequested → InProgress on resume.
var stepTable = []struct {
	from   StepStatus
	action StepAction
	to     StepStatus
}{
	{StepPending, StepAssign, StepAssigned},
	{StepAssigned, StepStart, StepInProgress},
	{StepInProgress, StepFinish, StepDone},
	{StepInProgress, StepReturnToPrevious, StepReturnedToPrevious},
	{StepInProgress, StepRequestSupplement, StepSupplementRequested},
	{StepSupplementRequested, StepResume, StepInProgress},
}

// NextStepStatus returns the status a step goes to on a, or errs.Conflict "illegal_transition".
// The zero StepStatus is StepPending.
func NextStepStatus(from StepStatus, a StepAction) (StepStatus, error) {
	if from == "" {
		from = StepPending
	}
	for _, t := range stepTable {
		if t.from == from && t.action == a {
			return t.to, nil
		}
	}
	return from, errs.New(errs.Conflict, CodeIllegalTransition,
		fmt.Sprintf("Không thể thực hiện thao tác %q khi bước xử lý đang ở trạng thái %q.", string(a), string(from)),
		fmt.Sprintf("Cannot %s a step that is %s.", string(a), string(from)))
}

// Step is one row of the processing control sheet (Phiếu kiểm soát quá trình giải quyết hồ sơ,
// Mẫu 05, §3.4): who handed the dossier to whom, when, by when it was due, and whether it was
// finished early, on time or late.
type Step struct {
	No                     int
	FromUnitID, FromUserID int64
	ToUnitID, ToUserID     int64
	Allotted               calendar.Duration // the step's time limit in the workflow
	HandedAt               time.Time         // the step's clock starts here
	ReceivedAt             time.Time         // taken up by the officer
	DueAt                  time.Time         // StepDueAt = HandedAt + Allotted in working time
	DoneAt                 time.Time
	Status                 StepStatus
	Outcome                calendar.Outcome // set when the step ends; zero before
	Note                   string
}

// StepDue computes a step's due from its start and allotted time on cal: StepDueAt =
// addWorking(start, allotted), as calendar.Due computes a dossier's due.
func StepDue(cal *calendar.Calendar, start time.Time, allotted calendar.Duration) (time.Time, error) {
	r, err := cal.Due(start, allotted)
	if err != nil {
		return time.Time{}, err
	}
	return r.Due, nil
}

// StepOutcome is the outcome of a step finished at done against its due, by calendar.Compare:
// early when finished on an earlier working day, late when after the due in working time.
func StepOutcome(cal *calendar.Calendar, done, due time.Time) calendar.Outcome {
	return cal.Compare(done, due)
}

func (s *Step) move(a StepAction) error {
	to, err := NextStepStatus(s.Status, a)
	if err != nil {
		return err
	}
	s.Status = to
	return nil
}

// Assign hands the step to its unit at `at` and computes DueAt from Allotted.
func (s *Step) Assign(cal *calendar.Calendar, at time.Time) error {
	due, err := StepDue(cal, at, s.Allotted)
	if err != nil {
		return err
	}
	if err := s.move(StepAssign); err != nil {
		return err
	}
	s.HandedAt, s.DueAt = at, due
	return nil
}

// Start records that the officer took the step up at `at`.
func (s *Step) Start(at time.Time) error {
	if err := s.move(StepStart); err != nil {
		return err
	}
	s.ReceivedAt = at
	return nil
}

// Finish ends the step at `at` and sets its Outcome.
func (s *Step) Finish(cal *calendar.Calendar, at time.Time) error { return s.end(cal, StepFinish, at) }

// ReturnToPrevious ends the step at `at` by sending the dossier back to the previous step, with a
// reason in Note; its Outcome is set as for Finish.
func (s *Step) ReturnToPrevious(cal *calendar.Calendar, at time.Time, reason string) error {
	if err := s.end(cal, StepReturnToPrevious, at); err != nil {
		return err
	}
	s.Note = reason
	return nil
}

func (s *Step) end(cal *calendar.Calendar, a StepAction, at time.Time) error {
	if err := s.move(a); err != nil {
		return err
	}
	s.DoneAt, s.Outcome = at, StepOutcome(cal, at, s.DueAt)
	return nil
}

// RequestSupplement pauses the step while the dossier waits for the applicant.
func (s *Step) RequestSupplement() error { return s.move(StepRequestSupplement) }

// Resume continues the step after the supplement pause p; its DueAt is extended as the dossier's
// is (ResumeAfterSupplement).
func (s *Step) Resume(cal *calendar.Calendar, p calendar.Pause) error {
	if s.Status != StepSupplementRequested {
		_, err := NextStepStatus(s.Status, StepResume)
		return err
	}
	r, err := ResumeAfterSupplement(cal, s.DueAt, s.DueAt, p)
	if err != nil {
		return err
	}
	s.Status, s.DueAt = StepInProgress, r.DueAt
	return nil
}
