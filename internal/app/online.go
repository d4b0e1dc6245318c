package app

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/citizen"
	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

// Online submissions (hồ sơ nộp trực tuyến): a dossier arrives in state Submitted (national status
// 1, Mới đăng ký) with its code, and waits for the desk of its receiving unit to accept it
// (the clock starts then, with the procedure's online duration, domain-vn §6.2), ask for it to be
// completed before reception (Mẫu 02), or refuse it (Mẫu 03). Until then it has no due date.

// SubmissionInput is an online submission, made by the applicant through the portal or handed
// over by a connected portal (the national public-service portal) through the API.
type SubmissionInput struct {
	ProcedureCode string
	Variant       string
	SubjectKind   int
	Applicant     Applicant
	// Components are the codes of the documents attached.
	Components []string
	// UnitID is the unit the dossier is submitted to; it must have a reception desk role in its
	// subtree (a one-stop desk) and an agency code.
	UnitID int64
}

// SubmitDossier records an online submission at unit in.UnitID: the pinned procedure version is
// the one in force today, the code is the unit's next daily number (§5.1, assigned at
// submission and never reused). The caller is the applicant's portal account (WithCitizen: the
// owner's data come from its profile, the unit must be a desk, and the dossier is recorded as the
// account's own), or acts for the applicant: the system, or an account holding the reception
// role at the unit (a connected portal's account). Errors: as ReceiveDossier, Invalid
// unit_required when no unit is given, and for a portal account Invalid profile_incomplete and
// not_a_desk.
func (s *Service) SubmitDossier(ctx context.Context, in SubmissionInput) (*store.DossierRow, error) {
	var a *org.Actor
	var owner *citizen.Account
	var unit *org.Unit
	if c, cerr := citizenOf(ctx); cerr == nil {
		// A portal account submits its own dossier: the owner's data come from its profile.
		acc, err := s.citizenApplicant(ctx, c, &in)
		if err != nil {
			return nil, err
		}
		owner, a = acc, citizenActor(acc)
		if unit, err = s.portalDesk(ctx, in.UnitID); err != nil {
			return nil, err
		}
	} else {
		var err error
		if a, err = actor(ctx); err != nil {
			return nil, err
		}
		if in.UnitID == 0 && !a.System {
			// A connected portal's account submits where it holds the reception role.
			if unit, err := s.receivingUnit(ctx, a, 0); err == nil {
				in.UnitID = unit.ID
			}
		}
		if in.UnitID == 0 {
			return nil, errs.Invalidf("unit_id", "unit_required", "Hãy chọn cơ quan, đơn vị tiếp nhận hồ sơ.", "Choose the receiving unit.")
		}
		if unit, err = s.receivingUnit(ctx, a, in.UnitID); err != nil {
			return nil, err
		}
	}
	now := s.clock.Now()
	birth, err := checkApplicant(&in.Applicant, in.SubjectKind, now)
	if err != nil {
		return nil, err
	}
	calKey, _, err := s.unitCalendar(ctx, unit.ID)
	if err != nil {
		return nil, err
	}
	var out *store.DossierRow
	err = s.write(ctx, func(tx *store.Tx) ([]change, error) {
		row, c, err := s.recordSubmission(ctx, tx, submission{in: in, birth: birth, unit: unit, calKey: calKey, actor: a, owner: owner, now: now})
		out = row
		return []change{c}, err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// submission is an online submission checked by its caller, ready to be recorded.
type submission struct {
	in     SubmissionInput
	birth  time.Time
	unit   *org.Unit
	calKey string
	actor  *org.Actor
	owner  *citizen.Account // nil when not a portal account's own
	now    time.Time
}

// recordSubmission stores an online submission inside tx: the version in force, the variant, the
// code, the components, the owner and the timeline event. It returns the audit change.
func (s *Service) recordSubmission(ctx context.Context, tx *store.Tx, sub submission) (*store.DossierRow, change, error) {
	in, unit, now, a := sub.in, sub.unit, sub.now, sub.actor
	var none change
	v, err := versionOn(ctx, tx, strings.TrimSpace(in.ProcedureCode), org.DateOf(now.In(vietnam)))
	if err != nil {
		return nil, none, err
	}
	if v.OnlineLevel == "none" {
		return nil, none, errs.Invalidf("procedure_code", "not_offered_online", "Thủ tục "+v.NationalCode+" chưa được cung cấp trực tuyến.",
			"The procedure is not offered online.")
	}
	vr := v.Variant(in.Variant)
	if vr == nil {
		return nil, none, errs.Invalidf("variant", "unknown_variant", "Thủ tục có nhiều trường hợp hoặc không có trường hợp "+in.Variant+": hãy chọn đúng trường hợp.",
			"Choose one of the procedure's variants.")
	}
	comps, complete, err := componentRows(vr, in.Components)
	if err != nil {
		return nil, none, err
	}
	snap := dossier.Snapshot{State: dossier.Draft, ComponentsComplete: complete}
	to, err := dossier.Transition(snap, dossier.ActionSubmit, []org.Role{dossier.RoleApplicant}, now)
	if err != nil {
		return nil, none, err
	}
	seq, err := tx.TakeDossierSequence(ctx, unit.OrganID, dossier.LocalDate(now))
	if err != nil {
		return nil, none, err
	}
	code, err := dossier.FormatCode(unit.OrganID, now, seq)
	if err != nil {
		return nil, none, err
	}
	fees := feeTotal(vr)
	feeMode := dossier.FeeNone
	if fees > 0 {
		feeMode = dossier.FeeAtReturn
	}
	row := &store.DossierRow{Code: code, ProcedureVersionID: v.ID, ProcedureCode: v.NationalCode, ProcedureName: v.Name,
		VariantCode: vr.Code, Channel: ChannelOnline, SubjectKind: in.SubjectKind,
		ApplicantName: in.Applicant.Name, ApplicantIDNumber: in.Applicant.IDNumber, ApplicantBirthDate: sub.birth,
		ApplicantAddress: in.Applicant.Address, ApplicantPhone: in.Applicant.Phone, ApplicantEmail: in.Applicant.Email,
		ReceivingUnitID: unit.ID, ReceivingUnitPath: unit.Path, CurrentUnitID: unit.ID, CurrentUnitPath: unit.Path,
		CalendarKey: sub.calKey, State: to, NationalStatus: to.National(), FeeMode: feeMode, FeeAmount: fees,
		FeesPaid: fees == 0, SubmittedAt: now, CreatedAt: now, UpdatedAt: now}
	if err := tx.InsertDossier(ctx, row); err != nil {
		return nil, none, err
	}
	if err := tx.InsertComponents(ctx, row.ID, comps); err != nil {
		return nil, none, err
	}
	if sub.owner != nil {
		if err := tx.SetDossierOwner(ctx, row.ID, sub.owner.ID); err != nil {
			return nil, none, err
		}
	}
	ev := &store.EventRow{DossierID: row.ID, At: now, ActorID: a.UserID, ActorName: a.DisplayName(),
		Action: string(dossier.ActionSubmit), From: dossier.Draft, To: to}
	if err := tx.InsertEvent(ctx, ev); err != nil {
		return nil, none, err
	}
	if err := s.notifyEvent(ctx, tx, row, ev); err != nil {
		return nil, none, err
	}
	return row, change{Action: "dossier.submit", ObjectType: "dossier", ObjectID: row.ID, UnitPath: unit.Path,
		After: map[string]any{"code": code, "procedure": v.NationalCode, "version": v.Number, "variant": vr.Code, "state": to}}, nil
}

// accept is the effect of accepting an online submission: the reception instant is now, the
// due date comes from the variant's online duration (an electronic dossier: no paper transfer
// deadline), and control-sheet row 1 records the acceptance.
func (e *effects) accept(ctx context.Context) error {
	d := e.d
	dur, err := e.vr.For(d.Channel == ChannelOnline).Calendar()
	if err != nil {
		return err
	}
	plan, err := dossier.PlanReception(e.cal, e.now, dur, false)
	if err != nil {
		return calErr(err, "received_at")
	}
	d.ReceivedAt, d.DueAt, d.OriginalDueAt, d.TransferDueAt = e.now, plan.DueAt, plan.OriginalDueAt, plan.TransferDueAt
	d.CurrentUserID = e.a.UserID
	e.data["due_at"] = plan.DueAt
	if slices.ContainsFunc(e.steps, func(st *store.StepRow) bool { return st.WorkflowIndex == 0 }) {
		return nil
	}
	st, err := receptionStep(d, e.vr, e.cal, e.a, e.now)
	if err != nil {
		return err
	}
	st.DossierID = d.ID
	return e.tx.InsertStep(ctx, st)
}
