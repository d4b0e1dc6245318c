package app_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/catalog"
	"github.com/egov-vn/egov/internal/clock"
	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

// commune is a test ward with its service centre and officials of every dossier role.
type commune struct {
	unit, centre *org.Unit
	desk         context.Context // reception at the centre
	clerk        context.Context // văn thư of the ward
	officer      context.Context // chuyên viên of the ward
	leader       context.Context // chủ tịch of the ward
}

// dossierWorld is a city with two wards and the demo catalogue, on a clock the test moves.
type dossierWorld struct {
	svc   *app.Service
	clk   *clock.Fixed
	sys   context.Context
	a, b  commune
	depts []*org.Unit
}

func newDossierWorld(t testing.TB, db *store.DB) *dossierWorld {
	t.Helper()
	clk := clock.NewFixed(time.Date(2026, 3, 2, 9, 0, 0, 0, vn)) // Monday 02/03/2026 09:00
	svc := app.New(db, clk, slog.New(slog.NewTextHandler(io.Discard, nil)))
	w := &dossierWorld{svc: svc, clk: clk, sys: app.WithActor(context.Background(), org.SystemActor)}
	from, _ := org.ParseDate("2025-07-01")
	city := &org.Unit{OrganID: "000.00.00.H24", GSOCode: "01", Name: "Thành phố Hà Nội", Kind: org.KindCity, ValidFrom: from}
	if err := svc.CreateUnit(w.sys, city); err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"Sở Tư pháp", "Sở Nông nghiệp và Môi trường"} {
		d := &org.Unit{OrganID: fmt.Sprintf("000.00.%02d.H24", i+1), Name: name, Kind: org.KindDepartment, ParentID: city.ID, ValidFrom: from}
		if err := svc.CreateUnit(w.sys, d); err != nil {
			t.Fatal(err)
		}
		w.depts = append(w.depts, d)
	}
	mk := func(n int, gso, name string) commune {
		c := commune{}
		c.unit = &org.Unit{OrganID: fmt.Sprintf("000.00.%02d.H24", n), GSOCode: gso, Name: name, Kind: org.KindCommune, ParentID: city.ID, ValidFrom: from}
		if err := svc.CreateUnit(w.sys, c.unit); err != nil {
			t.Fatal(err)
		}
		c.centre = &org.Unit{OrganID: fmt.Sprintf("000.01.%02d.H24", n), Name: "Trung tâm Phục vụ hành chính công " + name, Kind: org.KindServiceCentre, ParentID: c.unit.ID, ValidFrom: from}
		if err := svc.CreateUnit(w.sys, c.centre); err != nil {
			t.Fatal(err)
		}
		user := func(username string, unit *org.Unit, role org.Role) context.Context {
			u, err := svc.CreateUser(w.sys, app.NewUser{Username: username, FullName: "Cán Bộ " + username, Password: "Mat-khau-2025!", UnitID: unit.ID, Roles: []org.Role{role}})
			if err != nil {
				t.Fatal(err)
			}
			return app.WithActor(context.Background(), &org.Actor{UserID: u.ID, Username: u.Username, Grants: u.Grants})
		}
		c.desk = user(fmt.Sprintf("tiepnhan%d", n), c.centre, org.RoleReception)
		c.clerk = user(fmt.Sprintf("vanthu%d", n), c.unit, org.RoleClerk)
		c.officer = user(fmt.Sprintf("chuyenvien%d", n), c.unit, org.RoleProcessing)
		c.leader = user(fmt.Sprintf("chutich%d", n), c.unit, org.RoleAgencyLeader)
		return c
	}
	w.a = mk(70, "00070", "Phường Hoàn Kiếm")
	w.b = mk(71, "00071", "Phường Cửa Nam")
	f, err := catalog.Demo()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ImportProcedures(w.sys, f, "H24"); err != nil {
		t.Fatal(err)
	}
	return w
}

func reception(code string) app.ReceptionInput {
	return app.ReceptionInput{ProcedureCode: code, Components: []string{"tp01", "tp02", "tp03"},
		Applicant: app.Applicant{Name: "Nguyễn Thị Hương", IDNumber: "001199012345", BirthDate: "1999-05-04", Address: "12 Hàng Bạc, Phường Hoàn Kiếm", Phone: "0912345678"}}
}

func TestDossierLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDossierWorld(t, db)
		svc, a := w.svc, w.a

		// Bad input changes nothing and takes no number.
		bad := []struct {
			in   app.ReceptionInput
			code string
		}{
			{app.ReceptionInput{ProcedureCode: "9.999999", Applicant: reception("").Applicant}, "unknown_procedure"},
			{func() app.ReceptionInput { r := reception("1.004873"); r.Components = []string{"tp01"}; return r }(), dossier.CodeComponentsMissing},
			{func() app.ReceptionInput {
				r := reception("1.004873")
				r.Components = append(r.Components, "tp99")
				return r
			}(), "unknown_component"},
			{func() app.ReceptionInput { r := reception("1.004873"); r.Applicant.IDNumber = "123"; return r }(), "invalid_personal_id"},
			{func() app.ReceptionInput { r := reception("1.004873"); r.Applicant.BirthDate = "1985-01-01"; return r }(), "birth_year_mismatch"},
			{func() app.ReceptionInput { r := reception("1.004873"); r.Applicant.Name = " "; return r }(), "invalid_applicant_name"},
			{func() app.ReceptionInput {
				r := reception("1.004873")
				r.SubjectKind = 1
				r.Applicant.IDNumber = "0101243151"
				return r
			}(), "tax_code_checksum"},
			{func() app.ReceptionInput { r := reception("1.004873"); r.Variant = "khong-co"; return r }(), "unknown_variant"},
		}
		for _, b := range bad {
			if _, err := svc.ReceiveDossier(a.desk, b.in); errs.CodeOf(err) != b.code {
				t.Errorf("want %s, got %v", b.code, err)
			}
		}
		// Only the desk receives.
		if _, err := svc.ReceiveDossier(a.officer, reception("1.004873")); errs.KindOf(err) != errs.Forbidden {
			t.Errorf("a processing official received a dossier: %v", err)
		}

		d, err := svc.ReceiveDossier(a.desk, reception("1.004873"))
		if err != nil {
			t.Fatal(err)
		}
		if d.Code != "000.01.70.H24-260302-0001" {
			t.Errorf("first code of the day %s", d.Code)
		}
		// 3 working days from Monday 09:00: Thursday 09:00.
		if got := d.DueAt.In(vn).Format("2006-01-02 15:04"); got != "2026-03-05 09:00" {
			t.Errorf("due %s", got)
		}
		if d.State != dossier.Received || d.NationalStatus != dossier.StatusReceived {
			t.Errorf("state %s %d", d.State, d.NationalStatus)
		}
		code := d.Code

		// The other ward cannot see it, through any door.
		if _, err := svc.Dossier(w.b.leader, code); errs.KindOf(err) != errs.NotFound {
			t.Errorf("another ward sees the dossier: %v", err)
		}
		if _, err := svc.Act(w.b.desk, code, app.ActionInput{Action: dossier.ActionTransfer}); errs.KindOf(err) != errs.NotFound {
			t.Errorf("another ward acts on the dossier: %v", err)
		}
		if p, _ := svc.Inbox(w.b.desk, app.InboxQuery{}); len(p.Items) != 0 {
			t.Errorf("another ward's inbox lists %d dossiers", len(p.Items))
		}

		act := func(ctx context.Context, in app.ActionInput) *store.DossierRow {
			t.Helper()
			d, err := svc.Act(ctx, code, in)
			if err != nil {
				t.Fatalf("%s: %v", in.Action, err)
			}
			return d
		}
		w.clk.Advance(30 * time.Minute)
		// A processing official may not transfer from the desk; the desk does.
		if _, err := svc.Act(a.officer, code, app.ActionInput{Action: dossier.ActionTransfer}); errs.CodeOf(err) != dossier.CodeRoleNotAllowed {
			t.Errorf("transfer by the officer: %v", err)
		}
		d = act(a.desk, app.ActionInput{Action: dossier.ActionTransfer})
		if d.State != dossier.InProcessing || d.CurrentUnitID != a.unit.ID {
			t.Fatalf("after transfer: %s at %d", d.State, d.CurrentUnitID)
		}
		if p, _ := svc.Inbox(a.officer, app.InboxQuery{}); len(p.Items) != 1 || p.Items[0].Code != code {
			t.Errorf("the officer's inbox: %+v", p.Items)
		}
		w.clk.Advance(2 * time.Hour)
		d = act(a.officer, app.ActionInput{Action: dossier.ActionForward})

		// Two officials at once: one wins, the other is told and nothing is lost.
		rev := d.Revision
		if _, err := svc.Act(a.leader, code, app.ActionInput{Action: dossier.ActionRequestSupplement, Revision: rev, Items: []string{"Bản sao giấy khai sinh"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Act(a.leader, code, app.ActionInput{Action: dossier.ActionReschedule, Revision: rev, Reason: "Chờ xác minh", ExtraDays: 1}); errs.CodeOf(err) != "dossier_changed" {
			t.Errorf("stale revision: %v", err)
		}
		// Supplement: the clock was paused for one working day, the due moves by as much.
		w.clk.Advance(24 * time.Hour) // Monday 11:30 → Tuesday 11:30
		d = act(a.desk, app.ActionInput{Action: dossier.ActionSupplement, Items: []string{"tp02"}})
		if got := d.DueAt.In(vn).Format("2006-01-02 15:04"); got != "2026-03-06 09:00" {
			t.Errorf("due after a one-day pause: %s", got)
		}
		if d.OriginalDueAt.In(vn).Format("2006-01-02 15:04") != "2026-03-05 09:00" {
			t.Errorf("original due moved: %s", d.OriginalDueAt)
		}
		// G2: a second supplement request needs an override reason.
		if _, err := svc.Act(a.leader, code, app.ActionInput{Action: dossier.ActionRequestSupplement, Items: []string{"Ảnh"}}); errs.CodeOf(err) != dossier.CodeSecondSupplementRequest {
			t.Errorf("second supplement request: %v", err)
		}
		// An apology with a new appointment, once, before the original due.
		d = act(a.leader, app.ActionInput{Action: dossier.ActionReschedule, Reason: "Cần xác minh thêm tại nơi cư trú trước đây", ExtraDays: 2})
		if d.ApologyCount != 1 || !d.DueAt.After(d.OriginalDueAt) {
			t.Errorf("reschedule: %+v", d)
		}
		if _, err := svc.Act(a.leader, code, app.ActionInput{Action: dossier.ActionReschedule, Reason: "Lần nữa", ExtraDays: 1}); errs.CodeOf(err) != dossier.CodeApologyTwice {
			t.Errorf("second apology: %v", err)
		}
		if _, err := svc.Act(a.leader, code, app.ActionInput{Action: dossier.ActionComplete}); errs.CodeOf(err) != dossier.CodeResultMissing {
			t.Errorf("complete without result: %v", err)
		}
		d = act(a.leader, app.ActionInput{Action: dossier.ActionComplete, ResultNote: "Giấy xác nhận tình trạng hôn nhân số 12/2026"})
		if d.State != dossier.ResultReady || d.CurrentUnitID != a.centre.ID || d.ProcessedAt.IsZero() {
			t.Fatalf("after complete: %s at %d", d.State, d.CurrentUnitID)
		}
		d = act(a.desk, app.ActionInput{Action: dossier.ActionReturn})
		if d.State != dossier.Returned || d.NationalStatus != dossier.StatusReturned {
			t.Fatalf("after return: %s", d.State)
		}
		// Nothing is possible on a returned dossier, and a refused action changes nothing.
		before, _ := svc.Dossier(a.leader, code)
		if _, err := svc.Act(a.leader, code, app.ActionInput{Action: dossier.ActionStop, Reason: "x"}); errs.CodeOf(err) != dossier.CodeIllegalTransition {
			t.Errorf("stop after return: %v", err)
		}
		if _, err := svc.Act(a.leader, code, app.ActionInput{Action: "fly"}); errs.CodeOf(err) != dossier.CodeUnknownAction {
			t.Errorf("unknown action: %v", err)
		}
		after, _ := svc.Dossier(a.leader, code)
		if after.Revision != before.Revision || len(after.Events) != len(before.Events) {
			t.Error("a refused action changed the dossier")
		}
		// The control sheet: reception, processing, leader, return — each with an outcome.
		if len(after.Steps) != 4 {
			t.Fatalf("control sheet has %d rows", len(after.Steps))
		}
		for _, st := range after.Steps {
			if st.DoneAt.IsZero() || st.Outcome == 0 {
				t.Errorf("step %d %s not finished: %+v", st.No, st.Name, st.Step)
			}
		}
		// The public lookup shows the status without personal data.
		pub, err := svc.LookupDossier(context.Background(), code)
		if err != nil || pub.State != dossier.Returned || pub.ReceivingUnit != a.centre.Name {
			t.Fatalf("lookup: %+v %v", pub, err)
		}
		if _, err := svc.LookupDossier(context.Background(), "000.01.70.H24-260302-0999"); errs.KindOf(err) != errs.NotFound {
			t.Errorf("lookup of an unknown code: %v", err)
		}
		if _, err := svc.LookupDossier(context.Background(), "abc"); errs.CodeOf(err) != dossier.CodeInvalidDossierCode {
			t.Errorf("lookup of a malformed code: %v", err)
		}
		// The next reception, a day later, starts the new day's numbers.
		d2, err := svc.ReceiveDossier(a.desk, reception("1.004873"))
		if err != nil || d2.Code != "000.01.70.H24-260303-0001" {
			t.Errorf("second code %v %v", d2, err)
		}
	})
}

// Receptions at one unit in parallel never share a code, on either database; on PostgreSQL the
// receptions come through two services with their own connection pools, as two egov processes.
func TestDossierCodesUnderConcurrency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDossierWorld(t, db)
		services := []*app.Service{w.svc}
		if db.Dialect == store.Postgres {
			db2, err := db.Reopen(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			defer db2.Close()
			services = append(services, app.New(db2, w.clk, slog.New(slog.NewTextHandler(io.Discard, nil))))
		}
		const n = 100
		codes := make(chan string, n)
		var wg sync.WaitGroup
		errc := make(chan error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				d, err := services[i%len(services)].ReceiveDossier(w.a.desk, reception("1.004873"))
				if err != nil {
					errc <- err
					return
				}
				codes <- d.Code
			}()
		}
		wg.Wait()
		close(codes)
		close(errc)
		for err := range errc {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for c := range codes {
			if seen[c] {
				t.Fatalf("code %s given twice", c)
			}
			seen[c] = true
		}
		if len(seen) != n {
			t.Fatalf("%d codes for %d receptions", len(seen), n)
		}
		for i := 1; i <= n; i++ {
			if c := fmt.Sprintf("000.01.70.H24-260302-%04d", i); !seen[c] {
				t.Errorf("code %s missing: numbers are gap-free when nothing fails", c)
			}
		}
	})
}

// A calendar change lists the open dossiers whose due date it would move, moves nothing until
// confirmed, and then moves them with a timeline entry each.
func TestCalendarChangeMovesOpenDossiers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDossierWorld(t, db)
		d, err := w.svc.ReceiveDossier(w.a.desk, reception("1.004873")) // due Thursday 05/03/2026 09:00
		if err != nil {
			t.Fatal(err)
		}
		body, version, err := w.svc.CalendarFile(w.sys, "national")
		if err != nil {
			t.Fatal(err)
		}
		// A local day off on Wednesday 04/03/2026.
		body += "\n2026-03-04\tlocal-off\tNghỉ do thiên tai\tQuyết định 1/QĐ-UBND\n"
		ch, err := w.svc.PutCalendar(w.sys, "national", body, version, false)
		if err != nil {
			t.Fatal(err)
		}
		if len(ch.Moves) != 1 || ch.Moves[0].Code != d.Code {
			t.Fatalf("preview moves: %+v", ch.Moves)
		}
		if got := ch.Moves[0].NewDueAt.In(vn).Format("2006-01-02 15:04"); got != "2026-03-06 09:00" {
			t.Errorf("new due %s", got)
		}
		same, _ := w.svc.Dossier(w.a.desk, d.Code)
		if !same.DueAt.Equal(d.DueAt) {
			t.Fatal("the preview moved a due date")
		}
		if _, err := w.svc.PutCalendar(w.sys, "national", body, version, true); err != nil {
			t.Fatal(err)
		}
		moved, _ := w.svc.Dossier(w.a.desk, d.Code)
		if got := moved.DueAt.In(vn).Format("2006-01-02 15:04"); got != "2026-03-06 09:00" {
			t.Errorf("due after confirmation %s", got)
		}
		last := moved.Events[len(moved.Events)-1]
		if last.Action != "calendar_change" {
			t.Errorf("no timeline entry: %+v", last)
		}
	})
}

// A dossier handed to another agency (liên thông) and back: the official chooses the agency when
// several fit, the agency's step has its own clock, and each handover is a control-sheet row.
func TestDossierInterAgency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDossierWorld(t, db)
		svc, a := w.svc, w.a
		u, err := svc.CreateUser(w.sys, app.NewUser{Username: "stp.chuyenvien", FullName: "Hoàng Văn Đức", Password: "Mat-khau-2025!", UnitID: w.depts[0].ID, Roles: []org.Role{org.RoleProcessing}})
		if err != nil {
			t.Fatal(err)
		}
		dept := app.WithActor(context.Background(), &org.Actor{UserID: u.ID, Username: u.Username, Grants: u.Grants})
		in := reception("2.000986")
		in.Components = []string{"tp01", "tp03", "tp04", "tp05"}
		d, err := svc.ReceiveDossier(a.desk, in)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Act(a.desk, d.Code, app.ActionInput{Action: dossier.ActionTransfer}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Act(a.officer, d.Code, app.ActionInput{Action: dossier.ActionSendToCoop}); errs.CodeOf(err) != "unit_required" {
			t.Fatalf("two departments fit, yet: %v", err)
		}
		units, err := svc.NextStepUnits(a.officer, d.Code, false)
		if err != nil || len(units) != 2 {
			t.Fatalf("candidates: %v %v", units, err)
		}
		if _, err := svc.Act(a.officer, d.Code, app.ActionInput{Action: dossier.ActionSendToCoop, ToUnitID: w.depts[0].ID}); err != nil {
			t.Fatal(err)
		}
		got, _ := svc.Dossier(dept, d.Code)
		if got == nil || got.State != dossier.InInterconnection || got.CurrentUnitID != w.depts[0].ID {
			t.Fatalf("at the department: %+v", got)
		}
		// The other department's officials see nothing of it.
		if _, err := svc.Act(w.b.officer, d.Code, app.ActionInput{Action: dossier.ActionCoopReturn}); errs.KindOf(err) != errs.NotFound {
			t.Errorf("another ward returned the coop step: %v", err)
		}
		w.clk.Advance(3 * 24 * time.Hour)
		if _, err := svc.Act(dept, d.Code, app.ActionInput{Action: dossier.ActionCoopReturn}); err != nil {
			t.Fatal(err)
		}
		back, _ := svc.Dossier(a.leader, d.Code)
		if back.State != dossier.InProcessing || back.CurrentUnitID != a.unit.ID {
			t.Fatalf("back at the ward: %s at %d", back.State, back.CurrentUnitID)
		}
		// The workflow has a second agency's step: the ward's officer sends it on, and its return
		// goes to the ward's leader.
		if _, err := svc.Act(a.officer, d.Code, app.ActionInput{Action: dossier.ActionSendToCoop, ToUnitID: w.depts[0].ID}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Act(dept, d.Code, app.ActionInput{Action: dossier.ActionCoopReturn}); err != nil {
			t.Fatal(err)
		}
		back, _ = svc.Dossier(a.leader, d.Code)
		if last := back.Steps[len(back.Steps)-1]; last.Role != string(org.RoleAgencyLeader) || last.ToUnitID != a.unit.ID {
			t.Fatalf("after the second agency: %+v", last)
		}
		coop := back.Steps[2]
		if !coop.InterAgency || coop.ToUnitID != w.depts[0].ID || coop.DoneAt.IsZero() {
			t.Errorf("the coop row: %+v", coop)
		}
		if _, err := svc.Act(a.leader, d.Code, app.ActionInput{Action: dossier.ActionComplete, ResultNote: "Đã đăng ký"}); err != nil {
			t.Fatal(err)
		}
	})
}

// TestTwoOfficialsAtOnce: two officials act on one dossier at the same moment, from two
// connection pools on PostgreSQL; one wins, the other is told (conflict), and the dossier holds
// exactly one of the two changes with its one timeline entry.
func TestTwoOfficialsAtOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDossierWorld(t, db)
		other := w.svc
		if db.Dialect == store.Postgres {
			db2, err := db.Reopen(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			defer db2.Close()
			other = app.New(db2, w.clk, slog.New(slog.NewTextHandler(io.Discard, nil)))
		}
		for round := range 10 {
			d, err := w.svc.ReceiveDossier(w.a.desk, reception("1.004873"))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.svc.Act(w.a.desk, d.Code, app.ActionInput{Action: dossier.ActionTransfer}); err != nil {
				t.Fatal(err)
			}
			det, err := w.svc.Dossier(w.a.leader, d.Code)
			if err != nil {
				t.Fatal(err)
			}
			events := len(det.Events)
			var wg sync.WaitGroup
			results := make([]error, 2)
			start := make(chan struct{})
			for i, in := range []struct {
				svc *app.Service
				in  app.ActionInput
			}{
				{w.svc, app.ActionInput{Action: dossier.ActionRequestSupplement, Items: []string{"Bản sao giấy khai sinh"}}},
				{other, app.ActionInput{Action: dossier.ActionReschedule, Reason: "Chờ xác minh", ExtraDays: 1}},
			} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					_, results[i] = in.svc.Act(w.a.leader, d.Code, in.in)
				}()
			}
			close(start)
			wg.Wait()
			won := 0
			for _, err := range results {
				switch {
				case err == nil:
					won++
				case errs.KindOf(err) == errs.Conflict:
				default:
					t.Fatalf("round %d: %v", round, err)
				}
			}
			det, err = w.svc.Dossier(w.a.leader, d.Code)
			if err != nil {
				t.Fatal(err)
			}
			// Both may succeed one after the other when they do not overlap; never neither, and
			// every success left exactly one timeline entry.
			if won == 0 || len(det.Events) != events+won {
				t.Fatalf("round %d: %d won, %d new timeline entries (%v)", round, won, len(det.Events)-events, results)
			}
			if won == 1 && (det.SupplementCount == 1) == (det.ApologyCount == 1) {
				t.Errorf("round %d: one winner but the dossier shows supplement %d, apology %d", round, det.SupplementCount, det.ApologyCount)
			}
			if won == 2 && (det.SupplementCount != 1 || det.ApologyCount != 1) {
				t.Errorf("round %d: a change was lost: supplement %d, apology %d", round, det.SupplementCount, det.ApologyCount)
			}
		}
	})
}

// TestDossierEndsWhileAwaitingSupplement: a dossier waiting for the applicant's supplement can be
// stopped by the leader, or withdrawn and the withdrawal confirmed; its open control-sheet row is
// closed then, its due moved by the pause.
func TestDossierEndsWhileAwaitingSupplement(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDossierWorld(t, db)
		svc, a := w.svc, w.a
		for _, end := range []dossier.Action{dossier.ActionStop, dossier.ActionConfirmWithdrawal} {
			d, err := svc.ReceiveDossier(a.desk, reception("1.004873"))
			if err != nil {
				t.Fatal(err)
			}
			act := func(ctx context.Context, in app.ActionInput) {
				t.Helper()
				if _, err := svc.Act(ctx, d.Code, in); err != nil {
					t.Fatalf("%s: %v", in.Action, err)
				}
			}
			act(a.desk, app.ActionInput{Action: dossier.ActionTransfer})
			w.clk.Advance(time.Hour)
			act(a.officer, app.ActionInput{Action: dossier.ActionRequestSupplement, Items: []string{"Bản chính tờ khai"}})
			w.clk.Advance(24 * time.Hour)
			if end == dossier.ActionStop {
				act(a.leader, app.ActionInput{Action: dossier.ActionStop, Reason: "Quá thời hạn bổ sung hồ sơ"})
			} else {
				act(a.desk, app.ActionInput{Action: dossier.ActionWithdraw, Reason: "Người nộp đề nghị rút hồ sơ"})
				act(a.desk, app.ActionInput{Action: dossier.ActionConfirmWithdrawal})
			}
			got, err := svc.Dossier(a.leader, d.Code)
			if err != nil {
				t.Fatal(err)
			}
			row := got.Steps[len(got.Steps)-1]
			if got.State != dossier.Stopped || row.Status != dossier.StepDone || !row.DoneAt.Equal(w.clk.Now()) || !row.DueAt.After(row.HandedAt.Add(24*time.Hour)) {
				t.Errorf("%s: %s, last row %+v", end, got.State, row.Step)
			}
		}
	})
}
