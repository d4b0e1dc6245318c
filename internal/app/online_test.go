package app_test

import (
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

func submission(code string, unitID int64) app.SubmissionInput {
	r := reception(code)
	return app.SubmissionInput{ProcedureCode: code, Applicant: r.Applicant, Components: r.Components, UnitID: unitID}
}

// TestOnlineSubmission: an online dossier gets its code at submission but no due date; the desk
// accepts it (the clock starts then, with the online duration), asks once to complete it before
// reception, or refuses it with a reason; a procedure not offered online cannot be submitted.
func TestOnlineSubmission(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDossierWorld(t, db)
		svc, a := w.svc, w.a

		// Friday 06/03/2026 20:00: submitted in the evening.
		w.clk.Set(time.Date(2026, 3, 6, 20, 0, 0, 0, vn))
		d, err := svc.SubmitDossier(w.sys, submission("1.004873", a.centre.ID))
		if err != nil {
			t.Fatal(err)
		}
		if d.State != dossier.Submitted || d.NationalStatus != 1 || !d.DueAt.IsZero() || d.Channel != app.ChannelOnline {
			t.Fatalf("submitted dossier: state %s, national %d, due %v, channel %d", d.State, d.NationalStatus, d.DueAt, d.Channel)
		}
		if d.Code != "000.01.70.H24-260306-0001" {
			t.Errorf("code at submission %s", d.Code)
		}
		// Not offered online; no unit; a processing official of another commune cannot submit there.
		if _, err := svc.SubmitDossier(w.sys, submission("2.000815", a.centre.ID)); errs.CodeOf(err) != "not_offered_online" {
			t.Errorf("procedure without online service: %v", err)
		}
		if _, err := svc.SubmitDossier(w.sys, submission("1.004873", 0)); errs.CodeOf(err) != "unit_required" {
			t.Errorf("no unit: %v", err)
		}
		if _, err := svc.SubmitDossier(w.b.desk, submission("1.004873", a.centre.ID)); errs.KindOf(err) != errs.Forbidden {
			t.Errorf("another commune's desk submitted here: %v", err)
		}
		// Officials of the ward see it in their inbox only once it is received; the desk sees it now.
		det, err := svc.Dossier(a.desk, d.Code)
		if err != nil {
			t.Fatal(err)
		}
		want := map[dossier.Action]bool{dossier.ActionAccept: true, dossier.ActionRequestReceptionSupplement: true, dossier.ActionRefuse: true}
		for _, act := range det.Allowed {
			delete(want, act)
		}
		if len(want) != 0 {
			t.Errorf("desk may not %v on a submitted dossier (allowed %v)", want, det.Allowed)
		}

		// Monday 09/03 08:30: the desk asks to complete it before reception.
		w.clk.Set(time.Date(2026, 3, 9, 8, 30, 0, 0, vn))
		if _, err := svc.Act(a.desk, d.Code, app.ActionInput{Action: dossier.ActionRequestReceptionSupplement}); errs.KindOf(err) != errs.Invalid && errs.KindOf(err) != errs.Conflict {
			t.Errorf("supplement request without items: %v", err)
		}
		if _, err := svc.Act(a.desk, d.Code, app.ActionInput{Action: dossier.ActionRequestReceptionSupplement, Items: []string{"tp02"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Act(a.desk, d.Code, app.ActionInput{Action: dossier.ActionAccept}); errs.CodeOf(err) != dossier.CodeIllegalTransition {
			t.Errorf("accepted while waiting for the applicant: %v", err)
		}
		// Tuesday 10/03 14:00 the applicant resubmits; the desk accepts at 15:00.
		w.clk.Set(time.Date(2026, 3, 10, 14, 0, 0, 0, vn))
		if _, err := svc.Act(a.desk, d.Code, app.ActionInput{Action: dossier.ActionResubmit, Items: []string{"tp02"}}); err != nil {
			t.Fatal(err)
		}
		w.clk.Set(time.Date(2026, 3, 10, 15, 0, 0, 0, vn))
		got, err := svc.Act(a.desk, d.Code, app.ActionInput{Action: dossier.ActionAccept})
		if err != nil {
			t.Fatal(err)
		}
		// 3 working days from Tuesday 15:00 → Friday 13/03 15:00.
		if got.State != dossier.Received || !got.ReceivedAt.Equal(time.Date(2026, 3, 10, 15, 0, 0, 0, vn)) ||
			!got.DueAt.Equal(time.Date(2026, 3, 13, 15, 0, 0, 0, vn)) || !got.TransferDueAt.IsZero() {
			t.Errorf("accepted: state %s received %v due %v transfer %v", got.State, got.ReceivedAt, got.DueAt, got.TransferDueAt)
		}
		det, err = svc.Dossier(a.desk, d.Code)
		if err != nil {
			t.Fatal(err)
		}
		if len(det.Steps) != 1 || det.Steps[0].WorkflowIndex != 0 || det.Steps[0].DoneAt.IsZero() {
			t.Errorf("acceptance row of the control sheet: %+v", det.Steps)
		}

		// A second submission is refused; a refusal needs a reason.
		e, err := svc.SubmitDossier(w.sys, submission("1.004873", a.centre.ID))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Act(a.desk, e.Code, app.ActionInput{Action: dossier.ActionRefuse}); errs.CodeOf(err) != dossier.CodeReasonRequired {
			t.Errorf("refusal without a reason: %v", err)
		}
		r, err := svc.Act(a.desk, e.Code, app.ActionInput{Action: dossier.ActionRefuse, Reason: "Thủ tục không thuộc thẩm quyền của phường."})
		if err != nil {
			t.Fatal(err)
		}
		if r.State != dossier.Refused || r.NationalStatus != 3 {
			t.Errorf("refused: %s %d", r.State, r.NationalStatus)
		}
	})
}
