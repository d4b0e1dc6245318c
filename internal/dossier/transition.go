package dossier

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
)

// Roles that act on dossiers besides the officials' roles of package org.
const (
	// RoleApplicant is the chủ hồ sơ (or their proxy) acting on their own dossier through the
	// portal. It is not an official's role and is never granted on a unit.
	RoleApplicant org.Role = "applicant"
	// RoleSystem is egov itself: the payment gateway's confirmation, the automatic transfer of
	// electronic dossiers, electronic delivery of results.
	RoleSystem org.Role = "system"
)

// Action is something done to a dossier that may change its state (thao tác xử lý hồ sơ).
type Action string

// The actions. Each is allowed only from the states listed in the transition table (Rules).
const (
	ActionCreate                     Action = "create"                       // tạo hồ sơ trực tuyến (nháp)
	ActionSubmit                     Action = "submit"                       // nộp hồ sơ trực tuyến; the code is assigned
	ActionReceiveDirect              Action = "receive_direct"               // tiếp nhận trực tiếp / qua bưu chính: create and accept at once
	ActionAccept                     Action = "accept"                       // tiếp nhận hồ sơ (Mẫu 01): ReceivedAt and DueAt are set
	ActionRequestReceptionSupplement Action = "request_reception_supplement" // yêu cầu bổ sung trước khi tiếp nhận (Mẫu 02)
	ActionResubmit                   Action = "resubmit"                     // nộp lại sau khi bổ sung
	ActionRefuse                     Action = "refuse"                       // từ chối tiếp nhận (Mẫu 03)
	ActionWithdraw                   Action = "withdraw"                     // rút hồ sơ, at the applicant's request
	ActionTransfer                   Action = "transfer"                     // chuyển hồ sơ đến cơ quan giải quyết (control sheet row 1)
	ActionForward                    Action = "forward"                      // chuyển bước xử lý tiếp theo / phân công lại
	ActionSendToCoop                 Action = "send_to_coop"                 // chuyển cơ quan phối hợp (liên thông)
	ActionCoopReturn                 Action = "coop_return"                  // cơ quan phối hợp trả kết quả
	ActionRequestSupplement          Action = "request_supplement"           // yêu cầu bổ sung trong quá trình giải quyết (Mẫu 02); clock paused
	ActionSupplement                 Action = "supplement"                   // bổ sung hồ sơ; clock resumes (§6.6)
	ActionRequestPayment             Action = "request_payment"              // thông báo nghĩa vụ tài chính
	ActionPay                        Action = "pay"                          // nghĩa vụ tài chính đã thực hiện
	ActionComplete                   Action = "complete"                     // hoàn thành xử lý, kết quả đã ban hành; ProcessedAt
	ActionReturn                     Action = "return"                       // trả kết quả; ReturnedAt
	ActionConfirmWithdrawal          Action = "confirm_withdrawal"           // xác nhận rút hồ sơ
	ActionStop                       Action = "stop"                         // dừng xử lý, with written reasons
	ActionReschedule                 Action = "reschedule"                   // xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04)
)

// Actions lists every action in table order.
var Actions = []Action{ActionCreate, ActionSubmit, ActionReceiveDirect, ActionAccept,
	ActionRequestReceptionSupplement, ActionResubmit, ActionRefuse, ActionWithdraw, ActionTransfer,
	ActionForward, ActionSendToCoop, ActionCoopReturn, ActionRequestSupplement, ActionSupplement,
	ActionRequestPayment, ActionPay, ActionComplete, ActionReturn, ActionConfirmWithdrawal,
	ActionStop, ActionReschedule}

var actionLabels = map[Action][2]string{
	ActionCreate:                     {"tạo hồ sơ", "create the dossier"},
	ActionSubmit:                     {"nộp hồ sơ", "submit"},
	ActionReceiveDirect:              {"tiếp nhận trực tiếp hồ sơ", "receive the dossier at the desk"},
	ActionAccept:                     {"tiếp nhận hồ sơ", "accept"},
	ActionRequestReceptionSupplement: {"yêu cầu bổ sung, hoàn thiện hồ sơ trước khi tiếp nhận", "request completion before reception"},
	ActionResubmit:                   {"nộp lại hồ sơ", "resubmit"},
	ActionRefuse:                     {"từ chối tiếp nhận hồ sơ", "refuse"},
	ActionWithdraw:                   {"rút hồ sơ", "withdraw"},
	ActionTransfer:                   {"chuyển hồ sơ đến cơ quan giải quyết", "transfer to the processing agency"},
	ActionForward:                    {"chuyển bước xử lý", "forward to the next step"},
	ActionSendToCoop:                 {"chuyển cơ quan phối hợp xử lý liên thông", "send to a cooperating agency"},
	ActionCoopReturn:                 {"trả kết quả xử lý liên thông", "return the cooperating agency's result"},
	ActionRequestSupplement:          {"yêu cầu bổ sung hồ sơ", "request a supplement"},
	ActionSupplement:                 {"bổ sung hồ sơ", "supplement"},
	ActionRequestPayment:             {"yêu cầu thực hiện nghĩa vụ tài chính", "request payment"},
	ActionPay:                        {"xác nhận đã thực hiện nghĩa vụ tài chính", "confirm payment"},
	ActionComplete:                   {"hoàn thành xử lý hồ sơ", "complete processing"},
	ActionReturn:                     {"trả kết quả", "return the result"},
	ActionConfirmWithdrawal:          {"xác nhận rút hồ sơ", "confirm the withdrawal"},
	ActionStop:                       {"dừng xử lý hồ sơ", "stop processing"},
	ActionReschedule:                 {"xin lỗi và hẹn lại ngày trả kết quả", "apologise and reschedule"},
}

// Valid reports whether a is one of the Actions.
func (a Action) Valid() bool {
	_, ok := actionLabels[a]
	return ok
}

// Label returns the Vietnamese verb phrase of the action ("tiếp nhận hồ sơ", "dừng xử lý hồ sơ").
func (a Action) Label() string {
	if l, ok := actionLabels[a]; ok {
		return l[0]
	}
	return string(a)
}

// FeeMode is when fees (phí, lệ phí) are collected (HinhThucThu, domain-vn §4.2 G1).
type FeeMode int

// The fee modes; the codes are those of the national portal.
const (
	FeeNone         FeeMode = 0 // no fee, or collected outside the one-stop process
	FeeAtReception  FeeMode = 1 // thu trước: at reception
	FeeAtSupplement FeeMode = 2 // khi bổ sung: kept for the national sync; no transition checks it
	FeeAtReturn     FeeMode = 4 // khi trả kết quả
)

// Snapshot is what the transition rules need to know about a dossier, read by the caller from the
// store at the moment of the action, together with what the actor supplies with the action.
type Snapshot struct {
	State State

	// G1 (accept, receive_direct): every required component is present, or marked "sẽ bổ sung"
	// where the procedure allows it; computed by the caller from the procedure's components.
	ComponentsComplete bool
	FeeMode            FeeMode
	FeesPaid           bool

	// G5: the due dates (§3.3). OriginalDueAt never changes; DueAt changes only by a reschedule
	// (and is extended by supplement pauses, §6.6).
	DueAt         time.Time
	OriginalDueAt time.Time
	// G2: supplement requests made during processing so far (those at reception do not count).
	SupplementCount int
	// G5: apologies with a new appointment issued so far.
	ApologyCount int

	// G6: Paper is true for a dossier handed over on paper (not transferred electronically);
	// TransferDueAt is its transfer deadline, from TransferDue.
	Paper         bool
	TransferDueAt time.Time

	// HasResult: a result (signed decision, certificate, letter) has been issued for the dossier.
	HasResult bool

	// Input is what the actor supplies with the action. Allowed ignores it.
	Input Input
}

// Input is what an actor supplies with an action.
type Input struct {
	// Reason is the written reason: of a refusal or stop (G3, never only a code), of a supplement
	// request (what to supplement), of a reschedule (why the result is late), of a late paper
	// transfer (G6).
	Reason string
	// OverrideReason justifies a second supplement request during processing (G2).
	OverrideReason string
}

// Guard is a rule checked before a transition (domain-vn §4.2 G1–G6 and the result and fee
// checks). Check returns nil or the *errs.Error to return.
type Guard struct {
	Name  string   // "G1" … "G6", or a short name for the extra checks
	Doc   string   // what it checks, in English
	Codes []string // the error codes it returns
	// Input guards check what the actor supplies (Snapshot.Input); Allowed skips them, so the
	// button is shown and the form asks for the reason.
	Input bool
	Check func(s Snapshot, now time.Time) error
}

// Rule is one row of the transition table: From, on Action, by one of Roles, goes To, if When
// (nil = always) selects the row and every guard passes.
type Rule struct {
	From   State
	Action Action
	To     State
	Roles  []org.Role
	// When distinguishes rows with the same From and Action (AwaitingPayment on pay goes to
	// ResultReady when a result exists, to InProcessing otherwise); the rows of a pair are
	// exclusive. WhenDoc describes it for the diagram.
	When    func(Snapshot) bool
	WhenDoc string
	Guards  []Guard
}

// The guards.
var (
	// G1: reception requires a complete dossier and, with fees collected at reception, payment.
	guardComplete = Guard{Name: "G1",
		Doc:   "every required component present; fees paid when collected at reception",
		Codes: []string{CodeComponentsMissing, CodeFeesUnpaid},
		Check: func(s Snapshot, _ time.Time) error {
			if !s.ComponentsComplete {
				return errs.New(errs.Conflict, CodeComponentsMissing,
					"Không thể tiếp nhận: hồ sơ còn thiếu thành phần bắt buộc (chỉ được ghi “sẽ bổ sung” khi thủ tục cho phép).",
					"Cannot accept: a required component is missing.")
			}
			if s.FeeMode == FeeAtReception && !s.FeesPaid {
				return errs.New(errs.Conflict, CodeFeesUnpaid,
					"Không thể tiếp nhận: thủ tục thu phí, lệ phí trước khi tiếp nhận nhưng hồ sơ chưa nộp phí, lệ phí.",
					"Cannot accept: fees are collected at reception and are not paid.")
			}
			return nil
		}}
	// G2: at most one supplement request during processing, unless justified.
	guardOneSupplement = Guard{Name: "G2",
		Doc:   "at most one supplement request during processing; a second needs an override reason (then late for KPI 2.1)",
		Codes: []string{CodeSecondSupplementRequest},
		Input: true,
		Check: func(s Snapshot, _ time.Time) error {
			if s.SupplementCount >= 1 && strings.TrimSpace(s.Input.OverrideReason) == "" {
				return errs.Invalidf("override_reason", CodeSecondSupplementRequest,
					fmt.Sprintf("Hồ sơ đã được yêu cầu bổ sung %d lần trong quá trình giải quyết; chỉ được yêu cầu bổ sung thêm khi ghi rõ lý do, và hồ sơ sẽ bị tính là quá hạn.", s.SupplementCount),
					"The dossier already had a supplement request during processing; another one needs a written reason and makes it late for KPI 2.1.")
			}
			return nil
		}}
	// G3: a refusal or a stop carries a human-readable reason.
	guardReason = Guard{Name: "G3",
		Doc:   "a written reason (never only a code)",
		Codes: []string{CodeReasonRequired},
		Input: true,
		Check: func(s Snapshot, _ time.Time) error {
			return requireReason(s, "Phải ghi rõ lý do bằng văn bản (không chỉ ghi mã lỗi).")
		}}
	// Supplement requests say what to supplement (Mẫu 02).
	guardSupplementItems = Guard{Name: "items",
		Doc:   "the supplement request says what to supplement",
		Codes: []string{CodeReasonRequired},
		Input: true,
		Check: func(s Snapshot, _ time.Time) error {
			return requireReason(s, "Phải ghi rõ nội dung cần bổ sung, hoàn thiện và lý do.")
		}}
	// G5: one reschedule, before the original due, with the reason for lateness (Mẫu 04).
	guardReschedule = Guard{Name: "G5",
		Doc:   "at most once, not after OriginalDueAt (a due date must exist)",
		Codes: []string{CodeApologyTwice, CodeApologyAfterDue, CodeNoDueDate},
		Check: func(s Snapshot, now time.Time) error {
			if s.ApologyCount >= 1 {
				return errs.New(errs.Conflict, CodeApologyTwice,
					"Hồ sơ đã được xin lỗi và hẹn lại ngày trả kết quả một lần; không được hẹn lại lần thứ hai.",
					"The dossier was already rescheduled once; it cannot be rescheduled again.")
			}
			due := s.OriginalDueAt
			if due.IsZero() {
				due = s.DueAt
			}
			if due.IsZero() {
				return errs.New(errs.Conflict, CodeNoDueDate, "Hồ sơ chưa có ngày hẹn trả kết quả.", "The dossier has no due date.")
			}
			if now.After(due) {
				return errs.New(errs.Conflict, CodeApologyAfterDue,
					fmt.Sprintf("Đã quá hạn trả kết quả ban đầu (%s); phiếu xin lỗi và hẹn lại phải được gửi trước khi hết hạn.", vnInstant(due)),
					fmt.Sprintf("The original due (%s) has passed; the apology must be issued before it.", due.In(vietnam).Format(time.DateTime)))
			}
			return nil
		}}
	// Mẫu 04 states why the result is late.
	guardLatenessReason = Guard{Name: "lateness_reason",
		Doc:   "the apology states the reason for lateness",
		Codes: []string{CodeReasonRequired},
		Input: true,
		Check: func(s Snapshot, _ time.Time) error {
			return requireReason(s, "Phải ghi rõ lý do chậm trả kết quả.")
		}}
	// G6: a paper dossier is transferred the day it was received, or the next working day after 15:00.
	guardTransferOnTime = Guard{Name: "G6",
		Doc:   "a paper dossier transferred after its transfer deadline needs a reason; electronic transfer is immediate",
		Codes: []string{CodeLateTransfer},
		Input: true,
		Check: func(s Snapshot, now time.Time) error {
			if !s.Paper || s.TransferDueAt.IsZero() || !now.After(s.TransferDueAt) || strings.TrimSpace(s.Input.Reason) != "" {
				return nil
			}
			return errs.Invalidf("reason", CodeLateTransfer,
				fmt.Sprintf("Hồ sơ giấy phải được chuyển đến cơ quan giải quyết chậm nhất %s; chuyển muộn phải ghi rõ lý do.", vnInstant(s.TransferDueAt)),
				fmt.Sprintf("Paper dossiers must be transferred by %s; a late transfer needs a reason.", s.TransferDueAt.In(vietnam).Format(time.DateTime)))
		}}
	// Processing completes with an issued result.
	guardResult = Guard{Name: "result",
		Doc:   "a result has been issued",
		Codes: []string{CodeResultMissing},
		Check: func(s Snapshot, _ time.Time) error {
			if !s.HasResult {
				return errs.New(errs.Conflict, CodeResultMissing,
					"Chưa có kết quả giải quyết (văn bản, giấy tờ đã ký ban hành); không thể hoàn thành xử lý.",
					"No result has been issued; processing cannot be completed.")
			}
			return nil
		}}
	// Fees collected at return are paid before the result is handed over.
	guardFeesAtReturn = Guard{Name: "fees",
		Doc:   "fees collected at return are paid",
		Codes: []string{CodeFeesUnpaid},
		Check: func(s Snapshot, _ time.Time) error {
			if s.FeeMode == FeeAtReturn && !s.FeesPaid {
				return errs.New(errs.Conflict, CodeFeesUnpaid,
					"Phải thu phí, lệ phí trước khi trả kết quả.", "Fees must be paid before the result is returned.")
			}
			return nil
		}}
)

// The error codes of transitions.
const (
	CodeIllegalTransition       = "illegal_transition"
	CodeUnknownAction           = "unknown_action"
	CodeRoleNotAllowed          = "role_not_allowed"
	CodeComponentsMissing       = "components_missing"
	CodeFeesUnpaid              = "fees_unpaid"
	CodeSecondSupplementRequest = "second_supplement_request"
	CodeReasonRequired          = "reason_required"
	CodeApologyAfterDue         = "apology_after_due"
	CodeApologyTwice            = "apology_twice"
	CodeNoDueDate               = "no_due_date"
	CodeLateTransfer            = "late_transfer"
	CodeResultMissing           = "result_missing"
)

func requireReason(s Snapshot, vi string) error {
	if strings.TrimSpace(s.Input.Reason) == "" {
		return errs.Invalidf("reason", CodeReasonRequired, vi, "A written reason is required.")
	}
	return nil
}

// Role sets of the table.
var (
	applicant  = []org.Role{RoleApplicant}
	desk       = []org.Role{org.RoleReception}
	deskOrSys  = []org.Role{org.RoleReception, RoleSystem}
	processors = []org.Role{org.RoleProcessing, org.RoleDivisionLeader, org.RoleAgencyLeader}
	leaders    = []org.Role{org.RoleDivisionLeader, org.RoleAgencyLeader}
	byCitizen  = []org.Role{RoleApplicant, org.RoleReception} // the applicant online, or the desk on their written request
	officers   = []org.Role{org.RoleReception, org.RoleProcessing, org.RoleDivisionLeader, org.RoleAgencyLeader}
	issuers    = []org.Role{org.RoleProcessing, org.RoleDivisionLeader, org.RoleAgencyLeader, org.RoleClerk}
	returners  = []org.Role{org.RoleReception, RoleSystem}
)

func hasResult(s Snapshot) bool     { return s.HasResult }
func withoutResult(s Snapshot) bool { return !s.HasResult }

// table is the dossier state machine: the only place that says what may happen (domain-vn §4.2).
// Anything not listed is an illegal transition. G4 (no stop or withdrawal from 9 or 10) holds
// because no such row exists; checkTable enforces it.
var table = []Rule{
	{From: Initial, Action: ActionCreate, To: Draft, Roles: applicant},
	{From: Draft, Action: ActionSubmit, To: Submitted, Roles: applicant},
	{From: Initial, Action: ActionReceiveDirect, To: Received, Roles: desk, Guards: []Guard{guardComplete}},
	{From: Submitted, Action: ActionAccept, To: Received, Roles: desk, Guards: []Guard{guardComplete}},
	{From: Submitted, Action: ActionRequestReceptionSupplement, To: ReceptionSupplement, Roles: desk, Guards: []Guard{guardSupplementItems}},
	{From: ReceptionSupplement, Action: ActionResubmit, To: Submitted, Roles: byCitizen},
	{From: Submitted, Action: ActionRefuse, To: Refused, Roles: desk, Guards: []Guard{guardReason}},
	{From: ReceptionSupplement, Action: ActionRefuse, To: Refused, Roles: desk, Guards: []Guard{guardReason}},
	{From: Submitted, Action: ActionWithdraw, To: WithdrawalRequested, Roles: byCitizen},
	{From: ReceptionSupplement, Action: ActionWithdraw, To: WithdrawalRequested, Roles: byCitizen},
	{From: Received, Action: ActionTransfer, To: InProcessing, Roles: deskOrSys, Guards: []Guard{guardTransferOnTime}},
	{From: InProcessing, Action: ActionForward, To: InProcessing, Roles: processors},
	{From: InProcessing, Action: ActionSendToCoop, To: InInterconnection, Roles: processors},
	{From: InInterconnection, Action: ActionCoopReturn, To: InProcessing, Roles: processors},
	{From: InProcessing, Action: ActionRequestSupplement, To: AwaitingSupplement, Roles: processors, Guards: []Guard{guardSupplementItems, guardOneSupplement}},
	{From: InInterconnection, Action: ActionRequestSupplement, To: AwaitingSupplement, Roles: processors, Guards: []Guard{guardSupplementItems, guardOneSupplement}},
	{From: AwaitingSupplement, Action: ActionSupplement, To: InProcessing, Roles: byCitizen},
	{From: InProcessing, Action: ActionRequestPayment, To: AwaitingPayment, Roles: processors},
	{From: AwaitingPayment, Action: ActionPay, To: InProcessing, Roles: deskOrSys, When: withoutResult, WhenDoc: "no result yet"},
	{From: AwaitingPayment, Action: ActionPay, To: ResultReady, Roles: deskOrSys, When: hasResult, WhenDoc: "result issued"},
	{From: InProcessing, Action: ActionComplete, To: ResultReady, Roles: issuers, Guards: []Guard{guardResult}},
	{From: ResultReady, Action: ActionReturn, To: Returned, Roles: returners, Guards: []Guard{guardFeesAtReturn}},
	{From: Received, Action: ActionWithdraw, To: WithdrawalRequested, Roles: byCitizen},
	{From: InProcessing, Action: ActionWithdraw, To: WithdrawalRequested, Roles: byCitizen},
	{From: InInterconnection, Action: ActionWithdraw, To: WithdrawalRequested, Roles: byCitizen},
	{From: AwaitingSupplement, Action: ActionWithdraw, To: WithdrawalRequested, Roles: byCitizen},
	{From: AwaitingPayment, Action: ActionWithdraw, To: WithdrawalRequested, Roles: byCitizen},
	{From: WithdrawalRequested, Action: ActionConfirmWithdrawal, To: Stopped, Roles: officers},
	{From: InProcessing, Action: ActionStop, To: Stopped, Roles: leaders, Guards: []Guard{guardReason}},
	{From: InInterconnection, Action: ActionStop, To: Stopped, Roles: leaders, Guards: []Guard{guardReason}},
	{From: AwaitingSupplement, Action: ActionStop, To: Stopped, Roles: leaders, Guards: []Guard{guardReason}},
	{From: Received, Action: ActionReschedule, To: Received, Roles: leaders, Guards: []Guard{guardReschedule, guardLatenessReason}},
	{From: InProcessing, Action: ActionReschedule, To: InProcessing, Roles: leaders, Guards: []Guard{guardReschedule, guardLatenessReason}},
	{From: InInterconnection, Action: ActionReschedule, To: InInterconnection, Roles: leaders, Guards: []Guard{guardReschedule, guardLatenessReason}},
	{From: AwaitingSupplement, Action: ActionReschedule, To: AwaitingSupplement, Roles: leaders, Guards: []Guard{guardReschedule, guardLatenessReason}},
	{From: AwaitingPayment, Action: ActionReschedule, To: AwaitingPayment, Roles: leaders, Guards: []Guard{guardReschedule, guardLatenessReason}},
}

func init() {
	if err := checkTable(table); err != nil {
		panic("dossier: " + err.Error())
	}
}

// checkTable verifies the invariants of a transition table: known states, actions and roles;
// every target mapped to a national code (except Draft); no stop or withdrawal out of a state in
// national 9 or 10 (G4) nor out of a closed state; no reschedule from a terminal state (G5); rows
// sharing From and Action all have When.
func checkTable(rules []Rule) error {
	type key struct {
		s State
		a Action
	}
	count := map[key]int{}
	for i, r := range rules {
		switch {
		case !r.From.Valid() || !r.To.Valid() || r.To == Initial:
			return fmt.Errorf("row %d: bad state %q -> %q", i, r.From, r.To)
		case !r.Action.Valid():
			return fmt.Errorf("row %d: unknown action %q", i, r.Action)
		case len(r.Roles) == 0:
			return fmt.Errorf("row %d: no roles", i)
		case r.To != Draft && !r.To.National().Valid():
			return fmt.Errorf("row %d: %s has no national code", i, r.To)
		case (r.Action == ActionStop || r.Action == ActionWithdraw) && (r.From.National() == StatusProcessed || r.From.National() == StatusReturned):
			return fmt.Errorf("row %d: G4 forbids %s from %s", i, r.Action, r.From)
		case r.From.Closed():
			return fmt.Errorf("row %d: %s is closed", i, r.From)
		case r.Action == ActionReschedule && (r.From.Terminal() || r.To != r.From):
			return fmt.Errorf("row %d: G5 forbids reschedule from %s", i, r.From)
		}
		for _, role := range r.Roles {
			if !role.Valid() && role != RoleApplicant && role != RoleSystem {
				return fmt.Errorf("row %d: unknown role %q", i, role)
			}
		}
		count[key{r.From, r.Action}]++
	}
	for _, r := range rules {
		if count[key{r.From, r.Action}] > 1 && r.When == nil {
			return fmt.Errorf("%s on %s: several rows need When", r.From, r.Action)
		}
	}
	return nil
}

// Rules returns a copy of the transition table, in order.
func Rules() []Rule {
	out := slices.Clone(table)
	for i := range out {
		out[i].Roles = slices.Clone(out[i].Roles)
		out[i].Guards = slices.Clone(out[i].Guards)
	}
	return out
}

// rule returns the row for s on a, or false when the action is not possible from s.State.
func rule(s Snapshot, a Action) (Rule, bool) {
	for _, r := range table {
		if r.From == s.State && r.Action == a && (r.When == nil || r.When(s)) {
			return r, true
		}
	}
	return Rule{}, false
}

// Transition decides the state a dossier goes to when an actor holding actorRoles takes action at
// now. It checks, in order: the action exists ("unknown_action", Invalid); the table has a row for
// the dossier's state and the action ("illegal_transition", Conflict, "Không thể <action> khi hồ
// sơ đang ở trạng thái <state>."); one of actorRoles may take it ("role_not_allowed", Forbidden);
// each guard of the row (its own code, see the package documentation).
//
// On error it returns s.State unchanged. The caller applies the effects of the action (codes,
// dates, counters, forms, the audit record and the national sync event of the new state's code)
// in the same transaction.
func Transition(s Snapshot, action Action, actorRoles []org.Role, now time.Time) (State, error) {
	if !action.Valid() {
		return s.State, errs.Invalidf("action", CodeUnknownAction,
			fmt.Sprintf("Thao tác %q không tồn tại.", string(action)), fmt.Sprintf("Unknown action %q.", string(action)))
	}
	r, ok := rule(s, action)
	if !ok {
		return s.State, IllegalTransition(s.State, action)
	}
	if !mayAct(r, actorRoles) {
		return s.State, errs.New(errs.Forbidden, CodeRoleNotAllowed,
			fmt.Sprintf("Bạn không có vai trò được phép %s.", action.Label()),
			fmt.Sprintf("None of your roles may %s.", actionLabels[action][1]))
	}
	for _, g := range r.Guards {
		if err := g.Check(s, now); err != nil {
			return s.State, err
		}
	}
	return r.To, nil
}

// IllegalTransition returns the error for action not being possible in state: errs.Conflict
// "illegal_transition", "Không thể <action> khi hồ sơ đang ở trạng thái <state>."
func IllegalTransition(state State, action Action) error {
	en := stateInfos[state].english
	if en == "" {
		en = string(state)
	}
	return errs.New(errs.Conflict, CodeIllegalTransition,
		fmt.Sprintf("Không thể %s khi hồ sơ đang ở trạng thái %s.", action.Label(), state.Label()),
		fmt.Sprintf("Cannot %s while the dossier is %s.", actionLabels[action][1], en))
}

func mayAct(r Rule, roles []org.Role) bool {
	for _, role := range roles {
		if slices.Contains(r.Roles, role) {
			return true
		}
	}
	return false
}

// Allowed lists the actions an actor holding roles may take on the dossier at now, in table order:
// those with a row from s.State whose roles include one of roles and whose non-input guards pass.
// Guards on what the actor supplies (reasons) are left to Transition, so the UI shows the button
// and asks for them. With the input supplied, Transition succeeds exactly for these actions.
func Allowed(s Snapshot, roles []org.Role, now time.Time) []Action {
	var out []Action
	for _, a := range Actions {
		r, ok := rule(s, a)
		if !ok || !mayAct(r, roles) {
			continue
		}
		pass := true
		for _, g := range r.Guards {
			if !g.Input && g.Check(s, now) != nil {
				pass = false
				break
			}
		}
		if pass {
			out = append(out, a)
		}
	}
	return out
}

// LateBySupplements reports whether a dossier with n supplement requests during processing is
// counted late by KPI 2.1 whatever its dates ("Yêu cầu bổ sung hồ sơ hơn 01 lần thì tính quá hạn",
// QĐ 766): n > 1.
func LateBySupplements(n int) bool { return n > 1 }
