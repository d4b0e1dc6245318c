// Package dossier is the life of a hồ sơ (dossier: one application for one administrative
// procedure) in the one-stop shop: its code (mã số hồ sơ), its internal states and their mapping to
// the ten national status codes, the one table of allowed transitions with its guards, the
// processing steps of the control sheet, and the clock rules for supplements and rescheduling.
// It is pure domain logic: it imports no storage and no HTTP and never reads the wall clock.
//
// Error codes returned by this package (all *errs.Error; the constants Code… hold them):
//
//	illegal_transition          Conflict   the action is not possible in the dossier's (or step's) state
//	unknown_action              Invalid    not one of the actions
//	role_not_allowed            Forbidden  none of the actor's roles may take the action
//	components_missing          Conflict   G1: a required component is missing
//	fees_unpaid                 Conflict   G1, return: fees due before this step are not paid
//	second_supplement_request   Invalid    G2: a second supplement request without an override reason
//	reason_required             Invalid    G3, supplement requests, reschedules: no written reason
//	apology_twice               Conflict   G5: the dossier was already rescheduled once
//	apology_after_due           Conflict   G5: the original due has passed
//	no_due_date                 Conflict   G5: the dossier has no due date to reschedule
//	late_transfer               Invalid    G6: a paper dossier transferred after its deadline without a reason
//	result_missing              Conflict   no result was issued to complete processing with
//	invalid_new_due_date        Invalid    a new appointment not later, or outside working hours
//	invalid_dossier_code        Invalid    a dossier code that does not parse
//	invalid_sequence            Invalid    a daily sequence number below 1
//	invalid_date                Invalid    a reception date a dossier code cannot carry
//	daily_sequence_exhausted    Conflict   more than 9999 dossiers in one unit on one day
//	sequence_date_backwards     Conflict   the daily counter asked for a date before its own
//
// FormatCode also returns org's "invalid_organ_id". The functions that compute with a calendar
// (PlanReception, TransferDue, StepDue, ResumeAfter…, Reschedule) pass on its *calendar.Error
// ("invalid_duration", "invalid_pause", "out_of_range", …).
package dossier

import "time"

// State is the internal state of a dossier (trạng thái xử lý nội bộ, domain-vn §4.2). Internal
// states are finer than the national status codes; each maps to exactly one of them (National).
type State string

// The internal states. Initial, the zero State, is a dossier that does not exist yet: the first
// transitions (create online, or receive at the desk) start from it.
const (
	Initial             State = ""
	Draft               State = "draft"                // online, being filled in, not submitted; not synced
	Submitted           State = "submitted"            // submitted online, not yet accepted by the desk
	ReceptionSupplement State = "reception_supplement" // the desk asked to complete it before accepting (Mẫu 02 at reception)
	Refused             State = "refused"              // refused at reception (Mẫu 03)
	Received            State = "received"             // accepted by the desk; the clock runs
	InProcessing        State = "in_processing"        // at a step of the lead agency
	InInterconnection   State = "in_interconnection"   // at a cooperating agency (liên thông)
	AwaitingSupplement  State = "awaiting_supplement"  // waiting for the applicant's supplement; clock paused
	AwaitingPayment     State = "awaiting_payment"     // waiting for taxes or fees; clock paused
	WithdrawalRequested State = "withdrawal_requested" // the applicant asked to withdraw
	Stopped             State = "stopped"              // processing stopped
	ResultReady         State = "result_ready"         // result issued, handed back to the desk
	Returned            State = "returned"             // result given to the applicant
)

// States lists every state in lifecycle order, Initial first.
var States = []State{Initial, Draft, Submitted, ReceptionSupplement, Refused, Received, InProcessing,
	InInterconnection, AwaitingSupplement, AwaitingPayment, WithdrawalRequested, Stopped, ResultReady, Returned}

// NationalStatus is a TrangThaiHoSo of the National Public Service Portal (DVCQG, domain-vn §4.1):
// the sync contract, 1 … 10. The zero value means "not synced".
type NationalStatus int

// The ten national status codes.
const (
	StatusNew                 NationalStatus = 1  // Mới đăng ký
	StatusReceived            NationalStatus = 2  // Được tiếp nhận
	StatusNotReceived         NationalStatus = 3  // Không được tiếp nhận
	StatusProcessing          NationalStatus = 4  // Đang xử lý
	StatusSupplementRequested NationalStatus = 5  // Yêu cầu bổ sung giấy tờ
	StatusFinancialObligation NationalStatus = 6  // Yêu cầu thực hiện nghĩa vụ tài chính
	StatusWithdrawalRequested NationalStatus = 7  // Công dân yêu cầu rút hồ sơ
	StatusStopped             NationalStatus = 8  // Dừng xử lý
	StatusProcessed           NationalStatus = 9  // Đã xử lý xong
	StatusReturned            NationalStatus = 10 // Đã trả kết quả
	minNational, maxNational                 = StatusNew, StatusReturned
)

var nationalNames = [...]string{
	StatusNew:                 "Mới đăng ký",
	StatusReceived:            "Được tiếp nhận",
	StatusNotReceived:         "Không được tiếp nhận",
	StatusProcessing:          "Đang xử lý",
	StatusSupplementRequested: "Yêu cầu bổ sung giấy tờ",
	StatusFinancialObligation: "Yêu cầu thực hiện nghĩa vụ tài chính",
	StatusWithdrawalRequested: "Công dân yêu cầu rút hồ sơ",
	StatusStopped:             "Dừng xử lý",
	StatusProcessed:           "Đã xử lý xong",
	StatusReturned:            "Đã trả kết quả",
}

// Valid reports whether n is one of the ten codes.
func (n NationalStatus) Valid() bool { return n >= minNational && n <= maxNational }

// Name returns the exact Vietnamese name of the code ("Mới đăng ký" … "Đã trả kết quả"), or "" for
// an invalid code.
func (n NationalStatus) Name() string {
	if !n.Valid() {
		return ""
	}
	return nationalNames[n]
}

// Final reports whether the code ends processing for the KPIs (7, 8, 9, 10; domain-vn §4.1). No
// stop or withdrawal is possible once a dossier is in 9 or 10 (§15 rule 6).
func (n NationalStatus) Final() bool { return n >= StatusWithdrawalRequested && n <= StatusReturned }

type stateInfo struct {
	national NationalStatus
	label    string // Vietnamese, for messages: "… khi hồ sơ đang ở trạng thái <label>"
	english  string
}

var stateInfos = map[State]stateInfo{
	Initial:             {0, "Chưa tạo", "not created"},
	Draft:               {0, "Nháp", "draft"},
	Submitted:           {StatusNew, "Mới đăng ký", "submitted"},
	ReceptionSupplement: {StatusNew, "Chờ bổ sung trước khi tiếp nhận", "awaiting completion before reception"},
	Refused:             {StatusNotReceived, "Không được tiếp nhận", "refused"},
	Received:            {StatusReceived, "Được tiếp nhận", "received"},
	InProcessing:        {StatusProcessing, "Đang xử lý", "in processing"},
	InInterconnection:   {StatusProcessing, "Đang xử lý liên thông", "at a cooperating agency"},
	AwaitingSupplement:  {StatusSupplementRequested, "Yêu cầu bổ sung giấy tờ", "awaiting supplement"},
	AwaitingPayment:     {StatusFinancialObligation, "Yêu cầu thực hiện nghĩa vụ tài chính", "awaiting payment"},
	WithdrawalRequested: {StatusWithdrawalRequested, "Công dân yêu cầu rút hồ sơ", "withdrawal requested"},
	Stopped:             {StatusStopped, "Dừng xử lý", "stopped"},
	ResultReady:         {StatusProcessed, "Đã xử lý xong", "result ready"},
	Returned:            {StatusReturned, "Đã trả kết quả", "returned"},
}

// Valid reports whether s is one of the States.
func (s State) Valid() bool {
	_, ok := stateInfos[s]
	return ok
}

// National returns the national status code of s, synced on every transition: 0 for Initial and
// Draft, which are not synced. Submitted and ReceptionSupplement are both 1 (the dossier is not yet
// received); InProcessing and InInterconnection are both 4.
func (s State) National() NationalStatus { return stateInfos[s].national }

// Label returns the Vietnamese name of the state, as shown to officials and in error messages.
func (s State) Label() string {
	if i, ok := stateInfos[s]; ok {
		return i.label
	}
	return string(s)
}

// String returns the state's identifier, "initial" for Initial.
func (s State) String() string {
	if s == Initial {
		return "initial"
	}
	return string(s)
}

// Terminal reports whether processing has ended in s: the states whose national code is final
// (7 WithdrawalRequested, 8 Stopped, 9 ResultReady, 10 Returned) and Refused (3, never received).
// A terminal dossier cannot be rescheduled; WithdrawalRequested may still be confirmed (→ Stopped)
// and ResultReady returned (→ Returned).
func (s State) Terminal() bool { return s == Refused || s.National().Final() }

// Closed reports whether no transition leaves s: Refused, Stopped and Returned.
func (s State) Closed() bool { return s == Refused || s == Stopped || s == Returned }

// ClockRunning reports whether the deadline clock runs in s (Received, InProcessing,
// InInterconnection). It is paused in AwaitingSupplement and AwaitingPayment, not started before
// reception, and stopped once processing ended.
func (s State) ClockRunning() bool {
	return s == Received || s == InProcessing || s == InInterconnection
}

// PastDue reports whether a dossier in state s with due date due is past it at now while its
// clock runs (it is being processed late now).
func PastDue(s State, due, now time.Time) bool {
	return s.ClockRunning() && !due.IsZero() && now.After(due)
}

// Late reports whether a dossier is late at now: processed after its due date, or not yet
// processed and overdue (domain-vn §8: on time ⇔ End ≤ NgayHenTra). The QĐ 766 statistics
// classify with working time and both KPI 2.1 modes (internal/stats); this is the plain reading
// shown on pages, in the API and in the register.
func Late(s State, due, processed, now time.Time) bool {
	if due.IsZero() {
		return false
	}
	if !processed.IsZero() {
		return processed.After(due)
	}
	return PastDue(s, due, now)
}
