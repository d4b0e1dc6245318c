package app

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/calendar"
	"github.com/egov-vn/egov/internal/catalog"
	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/ident"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

// The dossier engine of the one-stop shop (một cửa điện tử): reception, routing along the pinned
// procedure version's workflow, and every action of the transition table (internal/dossier). An
// official sees a dossier when it is, or was received, inside a unit subtree where they hold a
// role that works on dossiers; anyone else is told it does not exist.

// The channels (KenhThucHien).
const (
	ChannelDirect = 1 // trực tiếp
	ChannelOnline = 2 // trực tuyến
	ChannelPost   = 3 // bưu chính công ích
)

// Applicant is the chủ hồ sơ.
type Applicant struct {
	Name string `json:"name"`
	// IDNumber is a personal identification number (12 digits) for a citizen, a tax code for a
	// business (SubjectKind 1) or household business (2, which may also give a personal ID).
	IDNumber  string `json:"id_number"`
	BirthDate string `json:"birth_date,omitempty"` // YYYY-MM-DD
	Address   string `json:"address,omitempty"`
	Phone     string `json:"phone,omitempty"`
	Email     string `json:"email,omitempty"`
}

// ReceptionInput is a dossier received at the counter (walk-in or by post): accepted at once.
type ReceptionInput struct {
	ProcedureCode string
	Variant       string // "" for a version with one variant
	Channel       int    // ChannelDirect (default) or ChannelPost
	SubjectKind   int    // 0 công dân, 1 doanh nghiệp, 2 hộ kinh doanh
	Applicant     Applicant
	// Components are the codes of the documents handed in.
	Components []string
	// UnitID is the receiving unit; 0 picks the one where the official holds the reception role
	// (when there is exactly one).
	UnitID int64
	// FeesPaid records fees collected at the counter.
	FeesPaid bool
	// Electronic marks a dossier digitised at reception and transferred electronically (no paper
	// transfer deadline, G6).
	Electronic bool
}

// DossierDetail is a dossier with everything its page shows.
type DossierDetail struct {
	*store.DossierRow
	Version    *store.VersionRow
	Components []store.ComponentRow
	Steps      []*store.StepRow
	Events     []*store.EventRow
	Files      []*store.FileRow
	// Allowed are the actions the viewer may take now.
	Allowed []dossier.Action
	// Due explains the current due date (the original computation; pauses and a reschedule are
	// in the timeline).
	Units map[int64]*org.Unit
}

var dossierRoles = []org.Role{org.RoleReception, org.RoleProcessing, org.RoleDivisionLeader, org.RoleAgencyLeader,
	org.RoleClerk, org.RoleSupervisor}

// dossierScopes returns the unit paths where a may see dossiers.
func dossierScopes(a *org.Actor) []string {
	if a == nil {
		return nil
	}
	if a.System {
		return []string{"/"}
	}
	var out []string
	for _, g := range a.Grants {
		if slices.Contains(dossierRoles, g.Role) {
			out = append(out, g.UnitPath)
		}
	}
	return out
}

// canSeeDossier reports whether a may see d.
func canSeeDossier(a *org.Actor, d *store.DossierRow) bool {
	for _, sc := range dossierScopes(a) {
		if strings.HasPrefix(d.CurrentUnitPath, sc) || strings.HasPrefix(d.ReceivingUnitPath, sc) {
			return true
		}
	}
	return false
}

// actingRoles returns the roles a acts with on d: those held over the dossier's current unit,
// plus reception when a holds it over the receiving unit (the desk acts for the applicant and
// returns the result wherever the dossier is processed).
func actingRoles(a *org.Actor, d *store.DossierRow) []org.Role {
	roles := rolesOn(a, d.CurrentUnitPath)
	if !slices.Contains(roles, org.RoleReception) && slices.Contains(rolesOn(a, d.ReceivingUnitPath), org.RoleReception) {
		roles = append(roles, org.RoleReception)
	}
	return roles
}

// rolesOn returns the roles a holds on units containing the unit at path.
func rolesOn(a *org.Actor, path string) []org.Role {
	if a.System {
		return []org.Role{dossier.RoleSystem}
	}
	var out []org.Role
	for _, g := range a.Grants {
		if strings.HasPrefix(path, g.UnitPath) && !slices.Contains(out, g.Role) {
			out = append(out, g.Role)
		}
	}
	return out
}

func (s *Service) unitCalendar(ctx context.Context, unitID int64) (string, *calendar.Calendar, error) {
	key, err := s.UnitCalendar(ctx, unitID)
	if err != nil {
		return "", nil, err
	}
	cal, err := s.Calendar(ctx, key)
	return key, cal, err
}

// checkApplicant validates the applicant's data (domain-vn §12) and returns the birth date.
func checkApplicant(ap *Applicant, subject int, now time.Time) (time.Time, error) {
	ap.Name = org.NormalizeText(ap.Name)
	ap.IDNumber = strings.TrimSpace(ap.IDNumber)
	ap.Address = org.NormalizeText(ap.Address)
	ap.Phone = strings.TrimSpace(ap.Phone)
	ap.Email = strings.TrimSpace(ap.Email)
	if ap.Name == "" || len([]rune(ap.Name)) > 200 {
		return time.Time{}, errs.Invalidf("applicant.name", "invalid_applicant_name", "Cần nhập họ tên người nộp (tối đa 200 ký tự).",
			"The applicant's name is required (200 characters at most).")
	}
	if subject < 0 || subject > 2 {
		return time.Time{}, errs.Invalidf("subject_kind", "invalid_subject_kind", "Loại đối tượng phải là 0 (công dân), 1 (doanh nghiệp) hoặc 2 (hộ kinh doanh).",
			"subject_kind must be 0 (citizen), 1 (enterprise) or 2 (household business).")
	}
	var birth time.Time
	if ap.BirthDate != "" {
		d, err := org.ParseDate(ap.BirthDate)
		if err != nil || d.After(now) {
			return time.Time{}, errs.Invalidf("applicant.birth_date", "invalid_birth_date", "Ngày sinh không hợp lệ (dạng NNNN-TT-NN, không sau hôm nay).",
				"The birth date is not valid (YYYY-MM-DD, not in the future).")
		}
		birth = d.Time
	}
	if subject == 1 {
		if _, err := ident.ParseTaxCode(ap.IDNumber, ident.TaxCodeOptions{Now: now}); err != nil {
			return time.Time{}, fieldErr(err, "applicant.id_number")
		}
		return birth, nil
	}
	if subject == 2 && len(ap.IDNumber) != 12 {
		if _, err := ident.ParseTaxCode(ap.IDNumber, ident.TaxCodeOptions{Now: now}); err != nil {
			return time.Time{}, fieldErr(err, "applicant.id_number")
		}
		return birth, nil
	}
	id, err := ident.ParsePersonalID(ap.IDNumber, now)
	if err != nil {
		return time.Time{}, fieldErr(err, "applicant.id_number")
	}
	if !birth.IsZero() {
		if err := id.CheckBirthDate(birth); err != nil {
			return time.Time{}, fieldErr(err, "applicant.birth_date")
		}
	}
	return birth, nil
}

// fieldErr sets the field of an *errs.Error.
func fieldErr(err error, field string) error {
	if e := errs.Public(err); e != nil && e.Kind != errs.Internal {
		c := *e
		c.Field = field
		return &c
	}
	return err
}

// receivingUnit resolves the unit a reception happens at.
func (s *Service) receivingUnit(ctx context.Context, a *org.Actor, unitID int64) (*org.Unit, error) {
	unitID, err := receptionUnitID(a, unitID)
	if err != nil {
		return nil, err
	}
	var u *org.Unit
	err = s.read(ctx, func(tx *store.Tx) (err error) {
		u, err = tx.Unit(ctx, unitID)
		return err
	})
	if errs.KindOf(err) == errs.NotFound {
		return nil, errUnknownReceivingUnit
	}
	if err != nil {
		return nil, err
	}
	return u, s.checkReceivingUnit(a, u)
}

var errUnknownReceivingUnit = errs.Invalidf("unit_id", "unknown_unit", "Không có đơn vị tiếp nhận này.", "No such receiving unit.")

// receptionUnitID is the unit a reception by a happens at: unitID, or when 0 the one unit where a
// holds the reception role.
func receptionUnitID(a *org.Actor, unitID int64) (int64, error) {
	if unitID != 0 {
		return unitID, nil
	}
	for _, g := range a.Grants {
		if g.Role == org.RoleReception {
			if unitID != 0 && unitID != g.UnitID {
				return 0, errs.Invalidf("unit_id", "unit_required", "Bạn tiếp nhận ở nhiều đơn vị: hãy chọn đơn vị tiếp nhận.",
					"You receive at several units: choose the receiving unit.")
			}
			unitID = g.UnitID
		}
	}
	if unitID == 0 {
		return 0, errs.ErrForbidden
	}
	return unitID, nil
}

// checkReceivingUnit tells whether a may receive at u today and u can issue dossier codes.
func (s *Service) checkReceivingUnit(a *org.Actor, u *org.Unit) error {
	if !slices.Contains(rolesOn(a, u.Path), org.RoleReception) && !a.System {
		return errs.ErrForbidden
	}
	if !u.ValidOn(org.DateOf(s.clock.Now())) {
		return errs.Invalidf("unit_id", "unit_not_in_force", "Đơn vị "+u.Name+" không còn hoạt động.", "The unit is no longer in force.")
	}
	if u.OrganID == "" {
		return errs.Invalidf("unit_id", "unit_without_organ_id", "Đơn vị "+u.Name+" chưa có mã định danh nên chưa cấp được mã hồ sơ.",
			"The unit has no agency code, so no dossier code can be issued.")
	}
	return nil
}

// receptionPlace is what a reception needs of its unit.
type receptionPlace struct {
	unit   *org.Unit
	calKey string
	cal    *calendar.Calendar
	level  catalog.Level
}

// receptionPlaceIn reads, inside the reception's transaction tx, the unit (checked as
// receivingUnit does), its calendar and its level: one statement, plus the calendar's body only
// when it changed since last parsed.
func (s *Service) receptionPlaceIn(ctx context.Context, tx *store.Tx, a *org.Actor, unitID int64) (*receptionPlace, error) {
	unitID, err := receptionUnitID(a, unitID)
	if err != nil {
		return nil, err
	}
	chain, err := tx.UnitChain(ctx, unitID, NationalCalendar)
	if errs.KindOf(err) == errs.NotFound {
		return nil, errUnknownReceivingUnit
	}
	if err != nil {
		return nil, err
	}
	p := &receptionPlace{unit: chain[0].Unit}
	if err := s.checkReceivingUnit(a, p.unit); err != nil {
		return nil, err
	}
	// The root names the national calendar when it names none: a key is always found.
	key, version := store.ChainCalendar(chain)
	p.calKey = key
	if p.cal, err = s.calendarAt(ctx, tx, p.calKey, version); err != nil {
		return nil, err
	}
	path := make([]*org.Unit, len(chain))
	for i, c := range chain {
		path[len(chain)-1-i] = c.Unit
	}
	p.level = unitLevel(path)
	return p, nil
}

// ReceiveDossier receives a dossier at the counter and accepts it at once (receive_direct): the
// pinned procedure version is the one in force today, the code is the receiving unit's next
// daily number (§5.1), the due date comes from the unit's calendar, and the first control-sheet
// row (the reception) is recorded. Errors: Invalid (unknown variant or component, applicant data,
// …), NotFound (unknown_procedure, no_version_in_force), Conflict (components_missing,
// daily_sequence_exhausted), Forbidden.
func (s *Service) ReceiveDossier(ctx context.Context, in ReceptionInput) (*store.DossierRow, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	if in.Channel == 0 {
		in.Channel = ChannelDirect
	}
	if in.Channel != ChannelDirect && in.Channel != ChannelPost {
		return nil, errs.Invalidf("channel", "invalid_channel", "Tại quầy chỉ tiếp nhận hồ sơ trực tiếp (1) hoặc qua bưu chính (3).",
			"The counter receives direct (1) or postal (3) dossiers only.")
	}
	birth, err := checkApplicant(&in.Applicant, in.SubjectKind, now)
	if err != nil {
		return nil, err
	}
	var out *store.DossierRow
	err = s.write(ctx, func(tx *store.Tx) ([]change, error) {
		place, err := s.receptionPlaceIn(ctx, tx, a, in.UnitID)
		if err != nil {
			return nil, err
		}
		unit, calKey, cal := place.unit, place.calKey, place.cal
		v, err := s.pinnedVersion(ctx, tx, strings.TrimSpace(in.ProcedureCode), org.DateOf(now.In(vietnam)))
		if err != nil {
			return nil, err
		}
		vr := v.Variant(in.Variant)
		if vr == nil {
			return nil, errs.Invalidf("variant", "unknown_variant", "Thủ tục có nhiều trường hợp hoặc không có trường hợp "+in.Variant+": hãy chọn đúng trường hợp.",
				"Choose one of the procedure's variants.")
		}
		comps, complete, err := componentRows(vr, in.Components)
		if err != nil {
			return nil, err
		}
		fees := feeTotal(vr)
		feeMode := dossier.FeeNone
		if fees > 0 {
			feeMode = dossier.FeeAtReturn
			if in.FeesPaid {
				feeMode = dossier.FeeAtReception
			}
		}
		snap := dossier.Snapshot{State: dossier.Initial, ComponentsComplete: complete, FeeMode: feeMode, FeesPaid: in.FeesPaid}
		to, err := dossier.Transition(snap, dossier.ActionReceiveDirect, rolesOn(a, unit.Path), now)
		if err != nil {
			return nil, err
		}
		d, err := vr.For(false).Calendar()
		if err != nil {
			return nil, err
		}
		plan, err := dossier.PlanReception(cal, now, d, !in.Electronic)
		if err != nil {
			return nil, calErr(err, "received_at")
		}
		seq, err := tx.TakeDossierSequence(ctx, unit.OrganID, dossier.LocalDate(now))
		if err != nil {
			return nil, err
		}
		code, err := dossier.FormatCode(unit.OrganID, now, seq)
		if err != nil {
			return nil, err
		}
		row := &store.DossierRow{Code: code, ProcedureVersionID: v.ID, ProcedureCode: v.NationalCode, ProcedureName: v.Name,
			VariantCode: vr.Code, Channel: in.Channel, SubjectKind: in.SubjectKind,
			ApplicantName: in.Applicant.Name, ApplicantIDNumber: in.Applicant.IDNumber, ApplicantBirthDate: birth,
			ApplicantAddress: in.Applicant.Address, ApplicantPhone: in.Applicant.Phone, ApplicantEmail: in.Applicant.Email,
			ReceivingUnitID: unit.ID, ReceivingUnitPath: unit.Path, CurrentUnitID: unit.ID, CurrentUnitPath: unit.Path,
			CalendarKey: calKey, State: to, NationalStatus: to.National(), Paper: !in.Electronic, FeeMode: feeMode,
			FeeAmount: fees, FeesPaid: in.FeesPaid || fees == 0, ReceivedAt: now, DueAt: plan.DueAt, OriginalDueAt: plan.OriginalDueAt,
			TransferDueAt: plan.TransferDueAt, CreatedAt: now, UpdatedAt: now}
		if a.UserID != 0 {
			row.CurrentUserID = a.UserID
		}
		st, err := receptionStep(row, vr, cal, a, now)
		if err != nil {
			return nil, err
		}
		ev := &store.EventRow{At: now, ActorID: a.UserID, ActorName: a.DisplayName(),
			Action: string(dossier.ActionReceiveDirect), From: dossier.Initial, To: to}
		if err := tx.InsertReceived(ctx, row, comps, st, ev); err != nil {
			return nil, err
		}
		if err := s.notifyReceived(ctx, tx, row, ev, unit); err != nil {
			return nil, err
		}
		if err := s.receivedStats(ctx, tx, row, cal, v, place.level); err != nil {
			return nil, err
		}
		out = row
		return []change{{Action: "dossier.receive_direct", ObjectType: "dossier", ObjectID: row.ID, UnitPath: unit.Path,
			After: map[string]any{"code": code, "procedure": v.NationalCode, "version": v.Number, "variant": vr.Code,
				"state": to, "due_at": plan.DueAt}}}, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// vietnam is the zone dossier dates are read in.
var vietnam = time.FixedZone("ICT", 7*3600)

// componentRows checks the codes handed in against the variant's components and tells whether
// every required one is there (G1).
func componentRows(vr *catalog.Variant, given []string) ([]store.ComponentRow, bool, error) {
	have := map[string]bool{}
	for _, c := range given {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		if !slices.ContainsFunc(vr.Components, func(x catalog.Component) bool { return x.Code == c }) {
			return nil, false, errs.Invalidf("components", "unknown_component", "Thủ tục không có thành phần hồ sơ mã "+c+".",
				"The procedure has no component "+c+".")
		}
		have[c] = true
	}
	complete := true
	var rows []store.ComponentRow
	for _, c := range vr.Components {
		if c.Required && !have[c.Code] {
			complete = false
		}
		rows = append(rows, store.ComponentRow{Code: c.Code, Name: c.Name, Required: c.Required, Provided: have[c.Code],
			Originals: c.Originals, CertifiedCopies: c.CertifiedCopies, Photocopies: c.Photocopies})
	}
	return rows, complete, nil
}

// feeTotal is the sum of the variant's fixed fees in VND.
func feeTotal(vr *catalog.Variant) int64 {
	var n int64
	for _, f := range vr.Fees {
		if f.Kind == catalog.FeeFixed {
			n += f.Amount
		}
	}
	return n
}

// receptionStep is control-sheet row 1 of dossier d: the reception at the desk, done at once.
func receptionStep(d *store.DossierRow, vr *catalog.Variant, cal *calendar.Calendar, a *org.Actor, now time.Time) (*store.StepRow, error) {
	st := &store.StepRow{WorkflowIndex: 0, Name: "Tiếp nhận hồ sơ", Role: string(org.RoleReception)}
	allotted := calendar.WorkingHoursOf(0)
	if len(vr.Workflow) > 0 {
		w := vr.Workflow[0]
		st.Name, st.Role = w.Name, string(w.Role)
		if ad, err := w.Allotted.Calendar(); err == nil {
			allotted = ad
		}
	}
	st.Step = dossier.Step{No: 1, ToUnitID: d.ReceivingUnitID, ToUserID: a.UserID, Allotted: allotted, Status: dossier.StepPending}
	if err := st.Assign(cal, now); err != nil {
		return nil, calErr(err, "received_at")
	}
	if err := st.Start(now); err != nil {
		return nil, err
	}
	if err := st.Finish(cal, now); err != nil {
		return nil, calErr(err, "received_at")
	}
	return st, nil
}

// Dossier returns a dossier with its components, control sheet, timeline and the actions the
// caller may take now. A dossier the caller may not see is reported as unknown. Errors: NotFound,
// Invalid (malformed code), Unauthorized.
func (s *Service) Dossier(ctx context.Context, code string) (*DossierDetail, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := dossier.ParseCode(strings.TrimSpace(code)); err != nil {
		return nil, err
	}
	code = strings.TrimSpace(code)
	out := &DossierDetail{}
	err = s.read(ctx, func(tx *store.Tx) error {
		d, err := tx.Dossier(ctx, code)
		if err != nil {
			return err
		}
		if !canSeeDossier(a, d) {
			return store.ErrUnknownDossier(code)
		}
		out.DossierRow = d
		if out.Version, err = tx.VersionByID(ctx, d.ProcedureVersionID); err != nil {
			return err
		}
		if out.Components, err = tx.Components(ctx, d.ID); err != nil {
			return err
		}
		if out.Steps, err = tx.Steps(ctx, d.ID); err != nil {
			return err
		}
		if out.Events, err = tx.Events(ctx, d.ID); err != nil {
			return err
		}
		if out.Files, err = tx.DossierFiles(ctx, d.ID); err != nil {
			return err
		}
		ids := []int64{d.ReceivingUnitID, d.CurrentUnitID}
		for _, st := range out.Steps {
			ids = append(ids, st.ToUnitID, st.FromUnitID)
		}
		out.Units, err = tx.UnitsByID(ctx, ids)
		return err
	})
	if err != nil {
		return nil, err
	}
	snap, roles, now := snapshot(out.DossierRow, out.Components, dossier.Input{}), actingRoles(a, out.DossierRow), s.clock.Now()
	out.Allowed = dossier.Allowed(snap, roles, now)
	if !snap.HasResult {
		// The result is issued by "complete" itself (Act), so it is offered before there is one.
		snap.HasResult = true
		if slices.Contains(dossier.Allowed(snap, roles, now), dossier.ActionComplete) && !slices.Contains(out.Allowed, dossier.ActionComplete) {
			out.Allowed = append(out.Allowed, dossier.ActionComplete)
		}
	}
	return out, nil
}

// snapshot is what the transition rules need to know about d.
func snapshot(d *store.DossierRow, comps []store.ComponentRow, in dossier.Input) dossier.Snapshot {
	complete := true
	for _, c := range comps {
		if c.Required && !c.Provided {
			complete = false
		}
	}
	return dossier.Snapshot{State: d.State, ComponentsComplete: complete, FeeMode: d.FeeMode, FeesPaid: d.FeesPaid,
		DueAt: d.DueAt, OriginalDueAt: d.OriginalDueAt, SupplementCount: d.SupplementCount, ApologyCount: d.ApologyCount,
		Paper: d.Paper, TransferDueAt: d.TransferDueAt, HasResult: d.HasResult, Input: in}
}

// ActionInput is an action on a dossier with what the actor supplies.
type ActionInput struct {
	Action dossier.Action `json:"action"`
	// Revision, when set, must be the dossier's current revision: the action was decided on what
	// the official saw (else Conflict "dossier_changed").
	Revision       int64  `json:"revision,omitempty"`
	Reason         string `json:"reason,omitempty"`
	OverrideReason string `json:"override_reason,omitempty"`
	// ToUnitID and ToUserID choose where a transfer or forward goes; 0 lets egov choose when only
	// one unit fits the next workflow step.
	ToUnitID int64 `json:"to_unit_id,omitempty"`
	ToUserID int64 `json:"to_user_id,omitempty"`
	// Back sends a forward to the previous step instead of the next (trả lại bước trước).
	Back bool `json:"back,omitempty"`
	// Items lists what to supplement (request_supplement) or the components handed in (supplement).
	Items []string `json:"items,omitempty"`
	// ResultNote describes the result issued (complete).
	ResultNote string `json:"result_note,omitempty"`
	// NewDueAt or ExtraDays set the new appointment of a reschedule.
	NewDueAt  time.Time `json:"new_due_at,omitzero"`
	ExtraDays float64   `json:"extra_days,omitempty"`
	// Amount is the amount asked for (request_payment), in VND.
	Amount int64 `json:"amount,omitempty"`
}

// Act takes an action on a dossier, if the transition table allows it now for the actor's roles
// on the dossier's current unit, and applies its effects (dates, counters, control sheet,
// timeline) in one transaction with the audit record. Errors: Conflict (illegal_transition,
// dossier_changed, a guard's code), Forbidden (role_not_allowed), Invalid (unknown_action,
// reason_required, unit_required, …), NotFound.
func (s *Service) Act(ctx context.Context, code string, in ActionInput) (*store.DossierRow, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	code = strings.TrimSpace(code)
	if _, err := dossier.ParseCode(code); err != nil {
		return nil, err
	}
	if !in.Action.Valid() {
		return nil, errs.Invalidf("action", dossier.CodeUnknownAction, fmt.Sprintf("Thao tác %q không tồn tại.", in.Action),
			fmt.Sprintf("Unknown action %q.", in.Action))
	}
	in.Reason = org.NormalizeText(in.Reason)
	in.OverrideReason = org.NormalizeText(in.OverrideReason)
	in.ResultNote = org.NormalizeText(in.ResultNote)
	if len([]rune(in.Reason)) > 4000 || len([]rune(in.ResultNote)) > 4000 || len(in.Items) > 100 {
		return nil, errs.Invalidf("reason", "text_too_long", "Nội dung quá dài (tối đa 4000 ký tự, 100 mục).", "Text too long (4000 characters, 100 items at most).")
	}
	var out *store.DossierRow
	err = s.write(ctx, func(tx *store.Tx) ([]change, error) {
		d, err := tx.Dossier(ctx, code)
		if err != nil {
			return nil, err
		}
		if !canSeeDossier(a, d) {
			return nil, store.ErrUnknownDossier(code)
		}
		c, err := s.act(ctx, tx, a, d, in)
		if err != nil {
			return nil, err
		}
		out = d
		return []change{c}, nil
	})
	if err != nil {
		return nil, err
	}
	if in.Action == dossier.ActionComplete && s.SigningEnabled() {
		// The electronic result is signed once the result is issued. A failure leaves the
		// result issued and unsigned: "ký số kết quả" (SignResult) signs it later.
		if _, err := s.signResult(ctx, code, false); err != nil {
			s.log.Error("signing the result", "code", code, "err", err, "request_id", RequestIDFrom(ctx))
		}
	}
	return out, nil
}

// act takes the action in on d inside tx as a, after the caller checked that a may see d: the
// transition check, its effects, the stored dossier (d is updated in place) and the timeline
// event. It returns the audit change for the caller's write to record. Payment confirmations call
// it in the same transaction that settles the payment.
func (s *Service) act(ctx context.Context, tx *store.Tx, a *org.Actor, d *store.DossierRow, in ActionInput) (change, error) {
	return s.actAs(ctx, tx, a, actingRoles(a, d), d, in)
}

// actAs is act with the roles given: the applicant's role for a portal account acting on its
// own dossier, the roles a holds on d otherwise.
func (s *Service) actAs(ctx context.Context, tx *store.Tx, a *org.Actor, roles []org.Role, d *store.DossierRow, in ActionInput) (change, error) {
	var none change
	if in.Revision != 0 && in.Revision != d.Revision {
		return none, errs.New(errs.Conflict, "dossier_changed", "Hồ sơ "+d.Code+" vừa được người khác xử lý; vui lòng tải lại trang và thử lại.",
			"Dossier "+d.Code+" was changed by someone else meanwhile; reload and try again.")
	}
	cal, err := s.calendarIn(ctx, tx, d.CalendarKey)
	if err != nil {
		return none, err
	}
	comps, err := tx.Components(ctx, d.ID)
	if err != nil {
		return none, err
	}
	now := s.clock.Now()
	from := d.State
	snap := snapshot(d, comps, dossier.Input{Reason: firstNonEmpty(in.Reason, strings.Join(in.Items, "; ")), OverrideReason: in.OverrideReason})
	if in.Action == dossier.ActionComplete {
		snap.HasResult = true // the result is issued with this action
	}
	to, err := dossier.Transition(snap, in.Action, roles, now)
	if err != nil {
		return none, err
	}
	steps, err := tx.Steps(ctx, d.ID)
	if err != nil {
		return none, err
	}
	v, err := tx.VersionByID(ctx, d.ProcedureVersionID)
	if err != nil {
		return none, err
	}
	vr := v.Variant(d.VariantCode)
	if vr == nil {
		return none, errs.Wrap(fmt.Errorf("variant %s missing from version %d", d.VariantCode, v.ID), "act")
	}
	e := &effects{s: s, tx: tx, a: a, d: d, v: v, vr: vr, cal: cal, steps: steps, in: in, now: now, data: map[string]any{}}
	if err := e.apply(ctx, to); err != nil {
		return none, err
	}
	d.State, d.NationalStatus, d.UpdatedAt = to, to.National(), now
	if err := tx.UpdateDossier(ctx, d); err != nil {
		return none, err
	}
	data, _ := json.Marshal(e.data)
	ev := &store.EventRow{DossierID: d.ID, At: now, ActorID: a.UserID, ActorName: a.DisplayName(),
		Action: string(in.Action), From: from, To: to, Reason: firstNonEmpty(in.Reason, in.ResultNote), Data: string(data)}
	if err := tx.InsertEvent(ctx, ev); err != nil {
		return none, err
	}
	if err := s.notifyEvent(ctx, tx, d, ev); err != nil {
		return none, err
	}
	if err := s.refreshStats(ctx, tx, d, cal); err != nil {
		return none, err
	}
	return change{Action: "dossier." + string(in.Action), ObjectType: "dossier", ObjectID: d.ID, UnitPath: d.CurrentUnitPath,
		Before: map[string]any{"code": d.Code, "state": from}, After: map[string]any{"code": d.Code, "state": to, "due_at": d.DueAt, "details": e.data}}, nil
}

func firstNonEmpty(xs ...string) string {
	for _, x := range xs {
		if x != "" {
			return x
		}
	}
	return ""
}

// effects applies what an allowed action does besides changing the state.
type effects struct {
	s     *Service
	tx    *store.Tx
	a     *org.Actor
	d     *store.DossierRow
	v     *store.VersionRow
	vr    *catalog.Variant
	cal   *calendar.Calendar
	steps []*store.StepRow
	in    ActionInput
	now   time.Time
	data  map[string]any // recorded in the timeline event; the forms print it
}

// open returns the open control-sheet row (the last one not finished), or nil.
func (e *effects) open() *store.StepRow {
	for i := len(e.steps) - 1; i >= 0; i-- {
		st := e.steps[i]
		if st.Status == dossier.StepAssigned || st.Status == dossier.StepInProgress || st.Status == dossier.StepSupplementRequested {
			return st
		}
	}
	return nil
}

func (e *effects) apply(ctx context.Context, to dossier.State) error {
	d := e.d
	switch e.in.Action {
	case dossier.ActionTransfer:
		return e.handTo(ctx, 1, false)
	case dossier.ActionForward:
		cur := e.open()
		if cur == nil {
			return errs.Wrap(fmt.Errorf("no open step"), "forward")
		}
		if e.in.Back {
			if e.in.Reason == "" {
				return errs.Invalidf("reason", dossier.CodeReasonRequired, "Phải ghi lý do trả lại bước trước.", "A reason is required to send a dossier back.")
			}
			if cur.WorkflowIndex <= 1 {
				return errs.Invalidf("back", "no_previous_step", "Hồ sơ đang ở bước xử lý đầu tiên, không có bước trước để trả lại.",
					"The dossier is at the first processing step; there is no step to send it back to.")
			}
			if err := cur.ReturnToPrevious(e.cal, e.now, e.in.Reason); err != nil {
				return calErr(err, "at")
			}
			if err := e.tx.UpdateStep(ctx, cur); err != nil {
				return err
			}
			return e.handTo(ctx, cur.WorkflowIndex-1, false)
		}
		next := cur.WorkflowIndex + 1
		if next < len(e.vr.Workflow) && e.vr.Workflow[next].InterAgency {
			return errs.Invalidf("action", "use_send_to_coop", "Bước tiếp theo do cơ quan phối hợp thực hiện: hãy dùng thao tác chuyển liên thông.",
				"The next step is done by another agency: use send_to_coop.")
		}
		if next >= e.lastIndex() {
			return errs.Invalidf("action", "use_complete", "Đây là bước xử lý cuối: hãy hoàn thành xử lý và ban hành kết quả.",
				"This is the last processing step: complete it with the result.")
		}
		if err := e.finish(ctx, cur); err != nil {
			return err
		}
		return e.handTo(ctx, next, false)
	case dossier.ActionSendToCoop:
		cur := e.open()
		next := cur.WorkflowIndex + 1
		if next >= len(e.vr.Workflow) || !e.vr.Workflow[next].InterAgency {
			return errs.Invalidf("action", "no_inter_agency_step", "Quy trình của thủ tục không có bước liên thông ở đây.",
				"The procedure's workflow has no inter-agency step here.")
		}
		if err := e.finish(ctx, cur); err != nil {
			return err
		}
		return e.handTo(ctx, next, true)
	case dossier.ActionCoopReturn:
		cur := e.open()
		if err := e.finish(ctx, cur); err != nil {
			return err
		}
		next := cur.WorkflowIndex + 1
		if next < e.lastIndex() && !e.vr.Workflow[next].InterAgency {
			return e.handTo(ctx, next, false)
		}
		// Another agency's step follows: the dossier goes back to the official who sent it, who
		// sends it on (DESIGN: that turn is allotted half a working day).
		var sender *store.StepRow
		for i := len(e.steps) - 1; i >= 0; i-- {
			if !e.steps[i].InterAgency && e.steps[i].ID != cur.ID {
				sender = e.steps[i]
				break
			}
		}
		if sender == nil {
			return errs.Wrap(fmt.Errorf("no sender for the coop return"), "coop_return")
		}
		u, err := e.tx.Unit(ctx, sender.ToUnitID)
		if err != nil {
			return err
		}
		e.in.ToUserID = sender.ToUserID
		return e.openRow(ctx, u, cur.WorkflowIndex, "Nhận kết quả liên thông, chuyển bước tiếp theo", sender.Role,
			calendar.WorkingDaysOf(0.5), false)
	case dossier.ActionRequestSupplement:
		cur := e.open()
		if cur != nil {
			if cur.Status == dossier.StepAssigned {
				if err := cur.Start(e.now); err != nil {
					return err
				}
			}
			if err := cur.RequestSupplement(); err != nil {
				return err
			}
			if err := e.tx.UpdateStep(ctx, cur); err != nil {
				return err
			}
		}
		d.SupplementCount++
		d.PausedAt = e.now
		e.data["items"] = e.itemsOrReason()
		e.data["override_reason"] = e.in.OverrideReason
	case dossier.ActionAccept:
		return e.accept(ctx)
	case dossier.ActionResubmit:
		d.SubmittedAt = e.now
		if err := e.tx.SetComponentsProvided(ctx, d.ID, e.in.Items); err != nil {
			return err
		}
	case dossier.ActionRequestReceptionSupplement:
		e.data["items"] = e.itemsOrReason()
	case dossier.ActionSupplement:
		res, err := dossier.ResumeAfterSupplement(e.cal, d.DueAt, d.OriginalDueAt, calendar.Pause{From: d.PausedAt, To: e.now})
		if err != nil {
			return calErr(err, "at")
		}
		e.data["previous_due_at"], e.data["due_at"] = d.DueAt, res.DueAt
		d.DueAt = res.DueAt
		d.PausedMinutes += int64(res.PausedWorkingTime / time.Minute)
		if cur := e.open(); cur != nil {
			if err := cur.Resume(e.cal, res.Pause); err != nil {
				return calErr(err, "at")
			}
			if err := e.tx.UpdateStep(ctx, cur); err != nil {
				return err
			}
		}
		d.PausedAt = time.Time{}
		if err := e.tx.SetComponentsProvided(ctx, d.ID, e.in.Items); err != nil {
			return err
		}
	case dossier.ActionRequestPayment:
		if e.in.Amount < 0 {
			return errs.Invalidf("amount", "invalid_amount", "Số tiền không hợp lệ.", "Invalid amount.")
		}
		if e.in.Amount > 0 {
			d.FeeAmount = e.in.Amount
		}
		d.FeesPaid = false
		d.PausedAt = e.now
		e.data["amount"] = d.FeeAmount
	case dossier.ActionPay:
		if !d.PausedAt.IsZero() {
			res, err := dossier.ResumeAfterPayment(e.cal, d.DueAt, d.OriginalDueAt, calendar.Pause{From: d.PausedAt, To: e.now}, true)
			if err != nil {
				return calErr(err, "at")
			}
			d.DueAt = res.DueAt
			d.PausedMinutes += int64(res.PausedWorkingTime / time.Minute)
			d.PausedAt = time.Time{}
		}
		d.FeesPaid = true
	case dossier.ActionComplete:
		cur := e.open()
		if e.in.ResultNote == "" {
			return errs.Invalidf("result_note", dossier.CodeResultMissing, "Phải ghi kết quả giải quyết (số, ký hiệu văn bản hoặc nội dung).",
				"Describe the result issued.")
		}
		if cur != nil {
			if err := e.finish(ctx, cur); err != nil {
				return err
			}
		}
		d.HasResult, d.ResultNote, d.ProcessedAt = true, e.in.ResultNote, e.now
		return e.handTo(ctx, e.lastIndex(), false)
	case dossier.ActionReturn:
		if cur := e.open(); cur != nil {
			if err := e.finish(ctx, cur); err != nil {
				return err
			}
		}
		d.ReturnedAt = e.now
		d.CurrentUserID = 0
	case dossier.ActionRefuse, dossier.ActionStop, dossier.ActionConfirmWithdrawal:
		if cur := e.open(); cur != nil {
			cur.Note = e.in.Reason
			if err := e.finish(ctx, cur); err != nil {
				return err
			}
		}
		if e.in.Action != dossier.ActionRefuse {
			d.ProcessedAt = e.now
		}
		d.CurrentUserID = 0
	case dossier.ActionWithdraw:
		e.data["requested_by"] = e.a.DisplayName()
	case dossier.ActionReschedule:
		req := dossier.RescheduleRequest{NewDueAt: e.in.NewDueAt}
		if e.in.NewDueAt.IsZero() {
			req.Extra = calendar.WorkingDaysOf(e.in.ExtraDays)
		}
		snap := snapshot(d, nil, dossier.Input{Reason: e.in.Reason})
		ap, err := dossier.Reschedule(e.cal, snap, req, e.now)
		if err != nil {
			return calErr(err, "new_due_at")
		}
		e.data["original_due_at"], e.data["previous_due_at"], e.data["new_due_at"] = ap.OriginalDueAt, ap.PreviousDueAt, ap.DueAt
		d.DueAt = ap.DueAt
		d.ApologyCount++
	}
	_ = to
	return nil
}

func (e *effects) itemsOrReason() []string {
	if len(e.in.Items) > 0 {
		return e.in.Items
	}
	return []string{e.in.Reason}
}

// lastIndex is the workflow index of the final step (the return at the desk).
func (e *effects) lastIndex() int { return max(len(e.vr.Workflow)-1, 1) }

// finish ends a control-sheet row now.
func (e *effects) finish(ctx context.Context, st *store.StepRow) error {
	if st == nil {
		return nil
	}
	if st.Status == dossier.StepAssigned {
		// Taken up and finished at once when nobody opened it first.
		if err := st.Start(e.now); err != nil {
			return err
		}
	}
	if st.Status == dossier.StepSupplementRequested {
		// Ended while waiting for the applicant (a stop, a confirmed withdrawal): the pause ends
		// now and the step's due moves by it, as the dossier's would.
		from := e.d.PausedAt
		if from.IsZero() || from.After(e.now) {
			from = e.now
		}
		if err := st.Resume(e.cal, calendar.Pause{From: from, To: e.now}); err != nil {
			return calErr(err, "at")
		}
	}
	if err := st.Finish(e.cal, e.now); err != nil {
		return calErr(err, "at")
	}
	return e.tx.UpdateStep(ctx, st)
}

// handTo opens the control-sheet row for workflow step idx at the chosen (or only possible) unit
// and moves the dossier there.
func (e *effects) handTo(ctx context.Context, idx int, interAgency bool) error {
	d := e.d
	var w catalog.WorkflowStep
	if idx < len(e.vr.Workflow) {
		w = e.vr.Workflow[idx]
	} else {
		w = catalog.WorkflowStep{Name: "Xử lý hồ sơ", UnitKind: e.v.CompetentUnitKind, Role: org.RoleProcessing,
			Allotted: catalog.Duration{Value: 1, Unit: catalog.WorkingDays}}
	}
	var unit *org.Unit
	if idx == e.lastIndex() && !interAgency && (w.UnitKind == org.KindOneStopDesk || w.UnitKind == org.KindServiceCentre || w.Role == org.RoleReception) {
		u, err := e.tx.Unit(ctx, d.ReceivingUnitID)
		if err != nil {
			return err
		}
		unit = u
	} else {
		cands, err := e.s.stepCandidates(ctx, e.tx, d, e.v, w)
		if err != nil {
			return err
		}
		switch {
		case e.in.ToUnitID != 0:
			i := slices.IndexFunc(cands, func(u *org.Unit) bool { return u.ID == e.in.ToUnitID })
			if i < 0 {
				return errs.Invalidf("to_unit_id", "unit_not_allowed", "Đơn vị được chọn không thực hiện được bước \""+w.Name+"\".",
					"The chosen unit cannot do the step \""+w.Name+"\".")
			}
			unit = cands[i]
		case len(cands) == 1:
			unit = cands[0]
		case len(cands) == 0:
			return errs.New(errs.Conflict, "no_unit_for_step", "Không tìm thấy đơn vị thực hiện bước \""+w.Name+"\" ("+string(w.UnitKind)+").",
				"No unit can do the step \""+w.Name+"\".")
		default:
			return errs.Invalidf("to_unit_id", "unit_required", fmt.Sprintf("Có %d đơn vị có thể thực hiện bước \"%s\": hãy chọn đơn vị chuyển đến.", len(cands), w.Name),
				fmt.Sprintf("%d units can do the step %q: choose one.", len(cands), w.Name))
		}
	}
	if e.in.ToUserID != 0 {
		u, err := e.tx.User(ctx, e.in.ToUserID)
		if err != nil || u.Disabled || !slices.ContainsFunc(u.Grants, func(g org.Grant) bool {
			return strings.HasPrefix(unit.Path, g.UnitPath) || strings.HasPrefix(g.UnitPath, unit.Path)
		}) {
			return errs.Invalidf("to_user_id", "user_not_allowed", "Cán bộ được chọn không thuộc đơn vị "+unit.Name+".",
				"The chosen official does not work at "+unit.Name+".")
		}
	}
	allotted, err := w.Allotted.Calendar()
	if err != nil {
		allotted = calendar.WorkingDaysOf(1)
	}
	if err := e.openRow(ctx, unit, idx, w.Name, string(w.Role), allotted, interAgency); err != nil {
		return err
	}
	if d.LeadUnitID == 0 && !interAgency {
		if lead := e.s.nearestOfKind(ctx, e.tx, unit, e.v.CompetentUnitKind); lead != nil {
			d.LeadUnitID = lead.ID
		}
	}
	return nil
}

// openRow adds the control-sheet row that hands the dossier to unit now, and moves it there.
func (e *effects) openRow(ctx context.Context, unit *org.Unit, idx int, name, role string, allotted calendar.Duration, interAgency bool) error {
	d := e.d
	st := &store.StepRow{DossierID: d.ID, WorkflowIndex: idx, Name: name, Role: role, InterAgency: interAgency}
	st.Step = dossier.Step{No: len(e.steps) + 1, FromUnitID: d.CurrentUnitID, FromUserID: e.a.UserID, ToUnitID: unit.ID,
		ToUserID: e.in.ToUserID, Allotted: allotted, Status: dossier.StepPending}
	if err := st.Assign(e.cal, e.now); err != nil {
		return calErr(err, "at")
	}
	if err := e.tx.InsertStep(ctx, st); err != nil {
		return err
	}
	e.steps = append(e.steps, st)
	d.CurrentUnitID, d.CurrentUnitPath, d.CurrentUserID = unit.ID, unit.Path, e.in.ToUserID
	e.data["to_unit"] = unit.Name
	e.data["step"] = name
	e.data["step_due_at"] = st.DueAt
	return nil
}
