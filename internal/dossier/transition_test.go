package dossier

import (
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
)

var (
	now      = time.Date(2025, 3, 4, 10, 0, 0, 0, vietnam)
	dueAt    = time.Date(2025, 3, 10, 9, 0, 0, 0, vietnam)
	allRoles = append(slices.Clone(org.Roles), RoleApplicant, RoleSystem)
)

// ready returns a snapshot in state from in which every guard passes.
func ready(from State) Snapshot {
	return Snapshot{
		State: from, ComponentsComplete: true, FeeMode: FeeAtReception, FeesPaid: true,
		DueAt: dueAt, OriginalDueAt: dueAt, HasResult: true,
		Paper: true, TransferDueAt: now.Add(time.Hour),
		Input: Input{Reason: "Lý do ghi rõ bằng văn bản.", OverrideReason: "Cần thêm giấy tờ do thay đổi quy định."},
	}
}

// readyFor is ready with HasResult chosen so that r's When selects r.
func readyFor(t *testing.T, r Rule) Snapshot {
	t.Helper()
	s := ready(r.From)
	for _, has := range []bool{true, false} {
		s.HasResult = has
		if r.When == nil || r.When(s) {
			return s
		}
	}
	t.Fatalf("no snapshot selects %s --%s--> %s", r.From, r.Action, r.To)
	return s
}

func hasRow(s State, a Action) bool {
	for _, r := range table {
		if r.From == s && r.Action == a {
			return true
		}
	}
	return false
}

func wantErr(t *testing.T, err error, kind errs.Kind, code string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want %s error %s, got nil", kind, code)
	}
	if errs.KindOf(err) != kind || errs.CodeOf(err) != code {
		t.Fatalf("got %v (kind %s, code %s), want %s %s", err, errs.KindOf(err), errs.CodeOf(err), kind, code)
	}
	if p := errs.Public(err); p.Message == "" || p.English == "" {
		t.Fatalf("error %v lacks a message", err)
	}
}

// Every row: allowed from its state with each of its roles, refused to every other role, and the
// action refused from every state that has no row for it, with the state unchanged.
func TestEveryTransition(t *testing.T) {
	for _, r := range table {
		name := r.From.String() + "/" + string(r.Action) + "/" + r.To.String()
		t.Run(name, func(t *testing.T) {
			s := readyFor(t, r)
			for _, role := range r.Roles {
				to, err := Transition(s, r.Action, []org.Role{role}, now)
				if err != nil || to != r.To {
					t.Errorf("as %s: %s, %v; want %s", role, to, err, r.To)
				}
			}
			for _, role := range allRoles {
				if slices.Contains(r.Roles, role) {
					continue
				}
				to, err := Transition(s, r.Action, []org.Role{role}, now)
				if to != r.From {
					t.Errorf("as %s: state changed to %s", role, to)
				}
				wantErr(t, err, errs.Forbidden, CodeRoleNotAllowed)
			}
			if to, err := Transition(s, r.Action, nil, now); to != r.From || errs.CodeOf(err) != CodeRoleNotAllowed {
				t.Errorf("no roles: %s, %v", to, err)
			}
			for _, other := range States {
				if hasRow(other, r.Action) {
					continue
				}
				o := s
				o.State = other
				to, err := Transition(o, r.Action, allRoles, now)
				if to != other {
					t.Errorf("from %s: state changed to %s", other, to)
				}
				wantErr(t, err, errs.Conflict, CodeIllegalTransition)
				want := "Không thể " + r.Action.Label() + " khi hồ sơ đang ở trạng thái " + other.Label() + "."
				if msg := errs.Public(err).Message; msg != want {
					t.Errorf("message %q, want %q", msg, want)
				}
			}
		})
	}
}

func TestUnknownAction(t *testing.T) {
	to, err := Transition(ready(InProcessing), Action("approve"), allRoles, now)
	if to != InProcessing {
		t.Errorf("state changed to %s", to)
	}
	wantErr(t, err, errs.Invalid, CodeUnknownAction)
}

func TestActionsAndStatesComplete(t *testing.T) {
	used := map[Action]bool{}
	from := map[State]bool{}
	for _, r := range table {
		used[r.Action] = true
		from[r.From] = true
	}
	for _, a := range Actions {
		if !used[a] || a.Label() == string(a) {
			t.Errorf("action %s unused or unlabelled", a)
		}
	}
	if len(Actions) != len(actionLabels) {
		t.Errorf("Actions and labels differ")
	}
	for _, s := range States {
		if s.Closed() == from[s] {
			t.Errorf("%s: Closed() = %v but has outgoing rows = %v", s, s.Closed(), from[s])
		}
	}
}

func TestGuards(t *testing.T) {
	type tc struct {
		name   string
		state  State
		action Action
		edit   func(*Snapshot)
		at     time.Time
		kind   errs.Kind
		code   string // "" = passes
		to     State
	}
	late := now.Add(-time.Minute) // a transfer deadline just passed
	tests := []tc{
		// G1
		{"G1 complete", Submitted, ActionAccept, nil, now, "", "", Received},
		{"G1 missing component", Submitted, ActionAccept, func(s *Snapshot) { s.ComponentsComplete = false }, now, errs.Conflict, CodeComponentsMissing, ""},
		{"G1 unpaid fee at reception", Submitted, ActionAccept, func(s *Snapshot) { s.FeesPaid = false }, now, errs.Conflict, CodeFeesUnpaid, ""},
		{"G1 fee at return not needed yet", Submitted, ActionAccept, func(s *Snapshot) { s.FeesPaid, s.FeeMode = false, FeeAtReturn }, now, "", "", Received},
		{"G1 no fee", Submitted, ActionAccept, func(s *Snapshot) { s.FeesPaid, s.FeeMode = false, FeeNone }, now, "", "", Received},
		{"G1 direct missing", Initial, ActionReceiveDirect, func(s *Snapshot) { s.ComponentsComplete = false }, now, errs.Conflict, CodeComponentsMissing, ""},
		{"G1 direct ok", Initial, ActionReceiveDirect, nil, now, "", "", Received},
		// G2
		{"G2 first request", InProcessing, ActionRequestSupplement, func(s *Snapshot) { s.Input.OverrideReason = "" }, now, "", "", AwaitingSupplement},
		{"G2 second without override", InProcessing, ActionRequestSupplement, func(s *Snapshot) { s.SupplementCount, s.Input.OverrideReason = 1, " " }, now, errs.Invalid, CodeSecondSupplementRequest, ""},
		{"G2 second with override", InProcessing, ActionRequestSupplement, func(s *Snapshot) { s.SupplementCount = 1 }, now, "", "", AwaitingSupplement},
		{"G2 from interconnection", InInterconnection, ActionRequestSupplement, func(s *Snapshot) { s.SupplementCount, s.Input.OverrideReason = 2, "" }, now, errs.Invalid, CodeSecondSupplementRequest, ""},
		{"items missing", InProcessing, ActionRequestSupplement, func(s *Snapshot) { s.Input.Reason = "" }, now, errs.Invalid, CodeReasonRequired, ""},
		{"items at reception missing", Submitted, ActionRequestReceptionSupplement, func(s *Snapshot) { s.Input.Reason = "\t" }, now, errs.Invalid, CodeReasonRequired, ""},
		{"items at reception", Submitted, ActionRequestReceptionSupplement, nil, now, "", "", ReceptionSupplement},
		// G3
		{"G3 refuse without reason", Submitted, ActionRefuse, func(s *Snapshot) { s.Input.Reason = "" }, now, errs.Invalid, CodeReasonRequired, ""},
		{"G3 refuse blank reason", ReceptionSupplement, ActionRefuse, func(s *Snapshot) { s.Input.Reason = "   " }, now, errs.Invalid, CodeReasonRequired, ""},
		{"G3 refuse with reason", ReceptionSupplement, ActionRefuse, nil, now, "", "", Refused},
		{"G3 stop without reason", AwaitingSupplement, ActionStop, func(s *Snapshot) { s.Input.Reason = "" }, now, errs.Invalid, CodeReasonRequired, ""},
		{"G3 stop with reason", InInterconnection, ActionStop, nil, now, "", "", Stopped},
		// G4
		{"G4 stop from 9", ResultReady, ActionStop, nil, now, errs.Conflict, CodeIllegalTransition, ""},
		{"G4 stop from 10", Returned, ActionStop, nil, now, errs.Conflict, CodeIllegalTransition, ""},
		{"G4 withdraw from 9", ResultReady, ActionWithdraw, nil, now, errs.Conflict, CodeIllegalTransition, ""},
		{"G4 withdraw from 10", Returned, ActionWithdraw, nil, now, errs.Conflict, CodeIllegalTransition, ""},
		{"G4 withdraw before 9", AwaitingPayment, ActionWithdraw, nil, now, "", "", WithdrawalRequested},
		{"G4 stop before 9", InProcessing, ActionStop, nil, now, "", "", Stopped},
		// G5
		{"G5 first, before due", InProcessing, ActionReschedule, nil, now, "", "", InProcessing},
		{"G5 exactly at due", InProcessing, ActionReschedule, nil, dueAt, "", "", InProcessing},
		{"G5 twice", InProcessing, ActionReschedule, func(s *Snapshot) { s.ApologyCount = 1 }, now, errs.Conflict, CodeApologyTwice, ""},
		{"G5 after original due", InProcessing, ActionReschedule, nil, dueAt.Add(time.Minute), errs.Conflict, CodeApologyAfterDue, ""},
		{"G5 original due, not extended due", AwaitingSupplement, ActionReschedule, func(s *Snapshot) { s.DueAt = dueAt.Add(72 * time.Hour) }, dueAt.Add(time.Hour), errs.Conflict, CodeApologyAfterDue, ""},
		{"G5 falls back to DueAt", Received, ActionReschedule, func(s *Snapshot) { s.OriginalDueAt = time.Time{} }, now, "", "", Received},
		{"G5 no due", Received, ActionReschedule, func(s *Snapshot) { s.OriginalDueAt, s.DueAt = time.Time{}, time.Time{} }, now, errs.Conflict, CodeNoDueDate, ""},
		{"G5 terminal", ResultReady, ActionReschedule, nil, now, errs.Conflict, CodeIllegalTransition, ""},
		{"G5 not received", Submitted, ActionReschedule, nil, now, errs.Conflict, CodeIllegalTransition, ""},
		{"lateness reason missing", AwaitingPayment, ActionReschedule, func(s *Snapshot) { s.Input.Reason = "" }, now, errs.Invalid, CodeReasonRequired, ""},
		// G6
		{"G6 paper on time", Received, ActionTransfer, func(s *Snapshot) { s.Input.Reason = "" }, now, "", "", InProcessing},
		{"G6 paper at deadline", Received, ActionTransfer, func(s *Snapshot) { s.Input.Reason, s.TransferDueAt = "", now }, now, "", "", InProcessing},
		{"G6 paper late without reason", Received, ActionTransfer, func(s *Snapshot) { s.Input.Reason, s.TransferDueAt = "", late }, now, errs.Invalid, CodeLateTransfer, ""},
		{"G6 paper late with reason", Received, ActionTransfer, func(s *Snapshot) { s.TransferDueAt = late }, now, "", "", InProcessing},
		{"G6 electronic", Received, ActionTransfer, func(s *Snapshot) { s.Input.Reason, s.TransferDueAt, s.Paper = "", late, false }, now, "", "", InProcessing},
		// result and fees
		{"complete without result", InProcessing, ActionComplete, func(s *Snapshot) { s.HasResult = false }, now, errs.Conflict, CodeResultMissing, ""},
		{"complete with result", InProcessing, ActionComplete, nil, now, "", "", ResultReady},
		{"return unpaid at return", ResultReady, ActionReturn, func(s *Snapshot) { s.FeeMode, s.FeesPaid = FeeAtReturn, false }, now, errs.Conflict, CodeFeesUnpaid, ""},
		{"return paid at return", ResultReady, ActionReturn, func(s *Snapshot) { s.FeeMode = FeeAtReturn }, now, "", "", Returned},
		{"return fee at reception", ResultReady, ActionReturn, func(s *Snapshot) { s.FeesPaid = false }, now, "", "", Returned},
		// pay routes
		{"pay with result", AwaitingPayment, ActionPay, nil, now, "", "", ResultReady},
		{"pay without result", AwaitingPayment, ActionPay, func(s *Snapshot) { s.HasResult = false }, now, "", "", InProcessing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := ready(tt.state)
			if tt.edit != nil {
				tt.edit(&s)
			}
			to, err := Transition(s, tt.action, allRoles, tt.at)
			if tt.code == "" {
				if err != nil || to != tt.to {
					t.Fatalf("Transition = %s, %v; want %s", to, err, tt.to)
				}
				return
			}
			if to != tt.state {
				t.Errorf("state changed to %s", to)
			}
			wantErr(t, err, tt.kind, tt.code)
		})
	}
}

// G4 and the other invariants are enforced on the table itself.
func TestCheckTable(t *testing.T) {
	if err := checkTable(table); err != nil {
		t.Fatal(err)
	}
	bad := map[string]Rule{
		"G4 stop from 9":         {From: ResultReady, Action: ActionStop, To: Stopped, Roles: leaders},
		"G4 withdraw from 10":    {From: Returned, Action: ActionWithdraw, To: WithdrawalRequested, Roles: applicant},
		"from closed":            {From: Stopped, Action: ActionForward, To: InProcessing, Roles: processors},
		"G5 reschedule terminal": {From: WithdrawalRequested, Action: ActionReschedule, To: WithdrawalRequested, Roles: leaders},
		"no roles":               {From: InProcessing, Action: ActionForward, To: InProcessing},
		"unknown role":           {From: InProcessing, Action: ActionForward, To: InProcessing, Roles: []org.Role{"mayor"}},
		"unknown state":          {From: "archived", Action: ActionForward, To: InProcessing, Roles: processors},
		"to initial":             {From: InProcessing, Action: ActionForward, To: Initial, Roles: processors},
		"unknown action":         {From: InProcessing, Action: "approve", To: InProcessing, Roles: processors},
		"ambiguous without When": {From: InProcessing, Action: ActionForward, To: InInterconnection, Roles: processors},
	}
	for name, r := range bad {
		if err := checkTable(append(slices.Clone(table), r)); err == nil {
			t.Errorf("%s: checkTable accepted %+v", name, r)
		}
	}
}

// The vectors of domain-vn §13.6.
func TestStateMachineVectors(t *testing.T) {
	desk := []org.Role{org.RoleReception}
	specialist := []org.Role{org.RoleProcessing}
	director := []org.Role{org.RoleAgencyLeader}

	// TV-SM-01
	to, err := Transition(ready(Submitted), ActionAccept, desk, now)
	if err != nil || to != Received || to.National() != 2 {
		t.Errorf("TV-SM-01: %s, %v", to, err)
	}
	// TV-SM-02
	s := ready(Submitted)
	s.Input.Reason = ""
	_, err = Transition(s, ActionRefuse, desk, now)
	wantErr(t, err, errs.Invalid, CodeReasonRequired)
	// TV-SM-03
	to, err = Transition(ready(Submitted), ActionRefuse, desk, now)
	if err != nil || to != Refused || to.National() != 3 {
		t.Errorf("TV-SM-03: %s, %v", to, err)
	}
	// TV-SM-04
	to, err = Transition(ready(InProcessing), ActionRequestSupplement, specialist, now)
	if err != nil || to != AwaitingSupplement || to.National() != 5 || to.ClockRunning() {
		t.Errorf("TV-SM-04: %s, %v", to, err)
	}
	// TV-SM-05
	s = ready(InProcessing)
	s.SupplementCount, s.Input.OverrideReason = 1, ""
	_, err = Transition(s, ActionRequestSupplement, specialist, now)
	wantErr(t, err, errs.Invalid, CodeSecondSupplementRequest)
	s.Input.OverrideReason = "Quy định mới yêu cầu thêm bản vẽ."
	if to, err = Transition(s, ActionRequestSupplement, specialist, now); err != nil || to != AwaitingSupplement {
		t.Errorf("TV-SM-05 with override: %s, %v", to, err)
	}
	if !LateBySupplements(s.SupplementCount+1) || LateBySupplements(1) || LateBySupplements(0) {
		t.Error("TV-SM-05: a second request makes the dossier late for KPI 2.1")
	}
	// TV-SM-06, TV-SM-07, TV-SM-11
	for _, v := range []struct {
		state  State
		action Action
	}{{ResultReady, ActionStop}, {Returned, ActionWithdraw}, {Refused, ActionAccept}} {
		to, err = Transition(ready(v.state), v.action, allRoles, now)
		if to != v.state {
			t.Errorf("%s/%s: state changed", v.state, v.action)
		}
		wantErr(t, err, errs.Conflict, CodeIllegalTransition)
	}
	_, err = Transition(ready(ResultReady), ActionStop, director, now)
	if msg := errs.Public(err).Message; msg != "Không thể dừng xử lý hồ sơ khi hồ sơ đang ở trạng thái Đã xử lý xong." {
		t.Errorf("TV-SM-06 message: %s", msg)
	}
	// TV-SM-08
	s = ready(InProcessing)
	if to, err = Transition(s, ActionReschedule, director, now); err != nil || to != InProcessing {
		t.Fatalf("TV-SM-08 first: %s, %v", to, err)
	}
	s.ApologyCount++
	_, err = Transition(s, ActionReschedule, director, now)
	wantErr(t, err, errs.Conflict, CodeApologyTwice)
	// TV-SM-09
	_, err = Transition(ready(InProcessing), ActionReschedule, director, dueAt.Add(time.Second))
	wantErr(t, err, errs.Conflict, CodeApologyAfterDue)
	// TV-SM-10: every target maps to exactly one national code, the one synced.
	for _, r := range table {
		if n := r.To.National(); r.To != Draft && !n.Valid() {
			t.Errorf("TV-SM-10: %s has no national code", r.To)
		}
	}
}

func TestNationalCodes(t *testing.T) {
	names := map[NationalStatus]string{
		1: "Mới đăng ký", 2: "Được tiếp nhận", 3: "Không được tiếp nhận", 4: "Đang xử lý",
		5: "Yêu cầu bổ sung giấy tờ", 6: "Yêu cầu thực hiện nghĩa vụ tài chính",
		7: "Công dân yêu cầu rút hồ sơ", 8: "Dừng xử lý", 9: "Đã xử lý xong", 10: "Đã trả kết quả",
	}
	for n := NationalStatus(-1); n <= 12; n++ {
		if got := n.Name(); got != names[n] || n.Valid() != (names[n] != "") {
			t.Errorf("NationalStatus(%d).Name() = %q, want %q", n, got, names[n])
		}
		if n.Final() != (n >= 7 && n <= 10) {
			t.Errorf("NationalStatus(%d).Final()", n)
		}
	}
	want := map[State]NationalStatus{
		Initial: 0, Draft: 0, Submitted: 1, ReceptionSupplement: 1, Refused: 3, Received: 2,
		InProcessing: 4, InInterconnection: 4, AwaitingSupplement: 5, AwaitingPayment: 6,
		WithdrawalRequested: 7, Stopped: 8, ResultReady: 9, Returned: 10,
	}
	covered := map[NationalStatus]bool{}
	for _, s := range States {
		if s.National() != want[s] || !s.Valid() || s.Label() == "" {
			t.Errorf("%s: national %d, want %d", s, s.National(), want[s])
		}
		covered[s.National()] = true
		if s.Terminal() != (s == Refused || s == WithdrawalRequested || s == Stopped || s == ResultReady || s == Returned) {
			t.Errorf("%s.Terminal() = %v", s, s.Terminal())
		}
	}
	for n := range names {
		if !covered[n] {
			t.Errorf("national code %d has no state", n)
		}
	}
	if len(States) != len(stateInfos) || State("archived").Valid() {
		t.Error("States and stateInfos differ")
	}
}

func TestAllowed(t *testing.T) {
	s := ready(InProcessing)
	s.HasResult = false
	got := Allowed(s, []org.Role{org.RoleProcessing}, now)
	want := []Action{ActionForward, ActionSendToCoop, ActionRequestSupplement, ActionRequestPayment}
	if !slices.Equal(got, want) {
		t.Errorf("Allowed(specialist, no result) = %v, want %v", got, want)
	}
	s.HasResult = true
	got = Allowed(s, []org.Role{org.RoleAgencyLeader}, now)
	want = []Action{ActionForward, ActionSendToCoop, ActionRequestSupplement, ActionRequestPayment, ActionComplete, ActionStop, ActionReschedule}
	if !slices.Equal(got, want) {
		t.Errorf("Allowed(director) = %v, want %v", got, want)
	}
	// Input guards do not hide buttons; state guards do.
	s.Input = Input{}
	s.ApologyCount = 1
	s.SupplementCount = 3
	got = Allowed(s, []org.Role{org.RoleAgencyLeader}, now)
	want = []Action{ActionForward, ActionSendToCoop, ActionRequestSupplement, ActionRequestPayment, ActionComplete, ActionStop}
	if !slices.Equal(got, want) {
		t.Errorf("Allowed(director, rescheduled) = %v, want %v", got, want)
	}
	if got := Allowed(ready(Returned), allRoles, now); len(got) != 0 {
		t.Errorf("Allowed(Returned) = %v", got)
	}
	if got := Allowed(ready(ResultReady), []org.Role{RoleApplicant}, now); len(got) != 0 {
		t.Errorf("Allowed(ResultReady, applicant) = %v", got)
	}
	if got := Allowed(Snapshot{}, []org.Role{RoleApplicant, org.RoleReception}, now); !slices.Equal(got, []Action{ActionCreate}) {
		t.Errorf("Allowed(initial, incomplete) = %v", got)
	}
}

// Random walks from Initial: the state never leaves States, an error never changes it, Allowed
// agrees with Transition, and once the dossier is in 9 or 10 no stop or withdrawal succeeds.
func TestRandomWalks(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for walk := range 3000 {
		s := Snapshot{}
		at := now
		reached := false
		for step := range 40 {
			at = at.Add(time.Duration(rng.IntN(48*60)) * time.Minute)
			s.ComponentsComplete = rng.IntN(4) > 0
			s.FeeMode = []FeeMode{FeeNone, FeeAtReception, FeeAtSupplement, FeeAtReturn}[rng.IntN(4)]
			s.FeesPaid = rng.IntN(3) > 0
			s.HasResult = rng.IntN(2) == 0
			s.Paper = rng.IntN(2) == 0
			s.Input = Input{}
			if rng.IntN(3) > 0 {
				s.Input.Reason = "Lý do"
			}
			if rng.IntN(2) == 0 {
				s.Input.OverrideReason = "Lý do yêu cầu thêm"
			}
			var roles []org.Role
			for _, r := range allRoles {
				if rng.IntN(4) == 0 {
					roles = append(roles, r)
				}
			}
			a := Actions[rng.IntN(len(Actions))]
			if rng.IntN(50) == 0 {
				a = Action("bogus")
			}
			allowed := Allowed(s, roles, at)
			full := s
			full.Input = Input{Reason: "x", OverrideReason: "y"}
			to, err := Transition(s, a, roles, at)
			if _, errFull := Transition(full, a, roles, at); (errFull == nil) != slices.Contains(allowed, a) {
				t.Fatalf("walk %d step %d: %s on %s: Allowed %v disagrees with Transition (%v)", walk, step, a, s.State, allowed, errFull)
			}
			if !to.Valid() {
				t.Fatalf("walk %d: left the states: %q", walk, to)
			}
			if err != nil {
				var e *errs.Error
				if to != s.State || !errors.As(err, &e) {
					t.Fatalf("walk %d: failed %s changed %s to %s (%v)", walk, a, s.State, to, err)
				}
				continue
			}
			if reached && (a == ActionStop || a == ActionWithdraw) {
				t.Fatalf("walk %d: %s succeeded after 9/10 (%s -> %s)", walk, a, s.State, to)
			}
			if s.State.Closed() {
				t.Fatalf("walk %d: left closed state %s", walk, s.State)
			}
			switch a {
			case ActionReceiveDirect, ActionAccept:
				s.DueAt = at.Add(time.Duration(rng.IntN(20*24)) * time.Hour)
				s.OriginalDueAt = s.DueAt
				s.TransferDueAt = at.Add(8 * time.Hour)
			case ActionRequestSupplement:
				s.SupplementCount++
			case ActionReschedule:
				s.ApologyCount++
				s.DueAt = s.DueAt.Add(48 * time.Hour)
			}
			if n := to.National(); n == StatusProcessed || n == StatusReturned {
				reached = true
			}
			if reached && to.National() != StatusProcessed && to.National() != StatusReturned {
				t.Fatalf("walk %d: left 9/10 for %s", walk, to)
			}
			s.State = to
		}
	}
}

func TestIllegalTransitionMessage(t *testing.T) {
	err := IllegalTransition(Returned, ActionWithdraw)
	if p := errs.Public(err); p.Message != "Không thể rút hồ sơ khi hồ sơ đang ở trạng thái Đã trả kết quả." || !strings.Contains(p.English, "returned") {
		t.Errorf("%q / %q", p.Message, p.English)
	}
}

func TestRulesIsACopy(t *testing.T) {
	rs := Rules()
	if len(rs) != len(table) {
		t.Fatalf("%d rules, table has %d", len(rs), len(table))
	}
	rs[0].To = Stopped
	rs[0].Roles[0] = org.RoleAdmin
	if table[0].To != Draft || table[0].Roles[0] != RoleApplicant {
		t.Error("Rules shares the table")
	}
	for _, r := range Rules() {
		for _, g := range r.Guards {
			if g.Name == "" || g.Doc == "" || len(g.Codes) == 0 || g.Check == nil {
				t.Errorf("guard %+v incomplete", g.Name)
			}
		}
	}
}
