package app_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

// A server keeps parsed calendars and decoded procedure versions between receptions. A change
// made through another server on the same database (a day off, a unit's own calendar, a version
// withdrawn or a new one published) is seen by this server's next reception.
func TestReceptionSeesChangesMadeElsewhere(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDossierWorld(t, db)
		other := app.New(db, w.clk, slog.New(slog.NewTextHandler(io.Discard, nil)))
		sys := app.WithActor(context.Background(), org.SystemActor)
		receive := func(want string) *store.DossierRow {
			t.Helper()
			d, err := w.svc.ReceiveDossier(w.a.desk, reception("1.004873"))
			if err != nil {
				t.Fatal(err)
			}
			if got := d.DueAt.In(vn).Format("2006-01-02 15:04"); got != want {
				t.Errorf("%s (calendar %s) due %s, want %s", d.Code, d.CalendarKey, got, want)
			}
			return d
		}
		first := receive("2026-03-05 09:00") // Monday 09:00, three working days
		if first.CalendarKey != "national" {
			t.Errorf("calendar %q", first.CalendarKey)
		}

		body, version, err := other.CalendarFile(sys, "national")
		if err != nil {
			t.Fatal(err)
		}
		body += "\n2026-03-04\tlocal-off\tNghỉ do thiên tai\tQuyết định 1/QĐ-UBND\n"
		if _, err := other.PutCalendar(sys, "national", body, version, true); err != nil {
			t.Fatal(err)
		}
		receive("2026-03-06 09:00") // Wednesday off

		own := body + "2026-03-05\tlocal-off\tNghỉ bầu cử bổ sung\tQuyết định 2/QĐ-UBND\n"
		if _, err := other.PutCalendar(sys, "hoan-kiem", own, 0, true); err != nil {
			t.Fatal(err)
		}
		if err := other.SetUnitCalendar(sys, w.a.unit.ID, "hoan-kiem"); err != nil {
			t.Fatal(err)
		}
		d := receive("2026-03-09 09:00") // the ward's centre takes the ward's calendar: Thursday off too
		if d.CalendarKey != "hoan-kiem" {
			t.Errorf("calendar %q, want the ward's", d.CalendarKey)
		}
		// The ward's calendar, now in this server's cache, changes elsewhere: Monday 09/03 off.
		_, version, err = other.CalendarFile(sys, "hoan-kiem")
		if err != nil {
			t.Fatal(err)
		}
		own += "2026-03-09\tlocal-off\tNghỉ bù\tQuyết định 3/QĐ-UBND\n"
		if _, err := other.PutCalendar(sys, "hoan-kiem", own, version, true); err != nil {
			t.Fatal(err)
		}
		receive("2026-03-10 09:00")

		v1 := first.ProcedureVersionID
		p, err := other.Procedure(sys, "1.004873")
		if err != nil {
			t.Fatal(err)
		}
		var number int
		for _, v := range p.Versions {
			if v.ID == v1 {
				number = v.Number
			}
		}
		if err := other.WithdrawVersion(sys, "1.004873", number); err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.ReceiveDossier(w.a.desk, reception("1.004873"))
		if errs.CodeOf(err) != "no_version_in_force" {
			t.Fatalf("reception after the version was withdrawn elsewhere: %v", err)
		}
		draft, err := other.NewDraft(sys, "1.004873")
		if err != nil {
			t.Fatal(err)
		}
		vj := draft.JSON()
		vj.EffectiveFrom, vj.EffectiveTo = "2026-03-02", ""
		vj.Name += " (sửa đổi)"
		saved, err := other.SaveDraft(sys, "1.004873", draft.Number, draft.Revision, vj)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := other.PublishVersion(sys, "1.004873", draft.Number, saved.Version.Revision); err != nil {
			t.Fatal(err)
		}
		d = receive("2026-03-10 09:00")
		if d.ProcedureVersionID != draft.ID || d.ProcedureName != vj.Name {
			t.Errorf("pinned version %d %q, want the new one %d %q", d.ProcedureVersionID, d.ProcedureName, draft.ID, vj.Name)
		}
	})
}

// A reception stores the dossier, its components, control-sheet row 1 and its first timeline
// event together (one statement on PostgreSQL). A daily counter set back (a database restored
// from an older backup) gives a code already issued: the reception is refused with
// duplicate_dossier_code and stores nothing, not even an audit record.
func TestReceptionRowsAndDuplicateCode(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDossierWorld(t, db)
		in := reception("1.004873")
		d, err := w.svc.ReceiveDossier(w.a.desk, in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := w.svc.Dossier(w.a.desk, d.Code)
		if err != nil {
			t.Fatal(err)
		}
		provided := map[string]bool{}
		for _, c := range got.Components {
			provided[c.Code] = c.Provided
		}
		if len(got.Components) != 3 || !provided["tp01"] || !provided["tp02"] || !provided["tp03"] {
			t.Errorf("components %+v", got.Components)
		}
		if len(got.Steps) != 1 || got.Steps[0].No != 1 || got.Steps[0].DossierID != d.ID || got.Steps[0].Status != "done" {
			t.Errorf("control sheet %+v", got.Steps)
		}
		if len(got.Events) != 1 || got.Events[0].Action != "receive_direct" || got.Events[0].DossierID != d.ID || got.Events[0].ID == 0 {
			t.Errorf("timeline %+v", got.Events)
		}

		count := func() (dossiers, audit int) {
			t.Helper()
			if err := db.SQL.QueryRow(`SELECT (SELECT count(*) FROM dossiers), (SELECT count(*) FROM audit_log)`).Scan(&dossiers, &audit); err != nil {
				t.Fatal(err)
			}
			return
		}
		dossiers, audit := count()
		if _, err := db.SQL.Exec(`UPDATE dossier_sequences SET next = 1`); err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.ReceiveDossier(w.a.desk, in)
		if errs.CodeOf(err) != "duplicate_dossier_code" || errs.KindOf(err) != errs.Conflict {
			t.Fatalf("reception under a counter set back: %v", err)
		}
		if n, a := count(); n != dossiers || a != audit {
			t.Errorf("refused reception stored something: dossiers %d → %d, audit %d → %d", dossiers, n, audit, a)
		}
	})
}

// "Due soon" is one working day of each dossier's own calendar: with a local day off on
// Thursday in Cửa Nam, on Wednesday 10:00 its dossiers due Friday 09:00 are due soon, those of
// Hoàn Kiếm (national calendar) due Friday are not, and those due Thursday 09:00 are.
func TestInboxDueSoonFollowsTheDossiersCalendar(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDossierWorld(t, db)
		body, _, err := w.svc.CalendarFile(w.sys, "national")
		if err != nil {
			t.Fatal(err)
		}
		body += "\n2026-03-05\tlocal-off\tNghỉ bầu cử bổ sung\tQuyết định 2/QĐ-UBND\n"
		if _, err := w.svc.PutCalendar(w.sys, "cua-nam", body, 0, true); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.SetUnitCalendar(w.sys, w.b.unit.ID, "cua-nam"); err != nil {
			t.Fatal(err)
		}
		receive := func(desk context.Context, want string) string {
			t.Helper()
			d, err := w.svc.ReceiveDossier(desk, reception("1.004873"))
			if err != nil {
				t.Fatal(err)
			}
			if got := d.DueAt.In(vn).Format("Mon 02/01 15:04"); got != want {
				t.Fatalf("%s due %s, want %s", d.Code, got, want)
			}
			return d.Code
		}
		thursday := receive(w.a.desk, "Thu 05/03 09:00")
		cuaNam := receive(w.b.desk, "Fri 06/03 09:00")
		w.clk.Set(time.Date(2026, 3, 3, 9, 0, 0, 0, vn))
		friday := receive(w.a.desk, "Fri 06/03 09:00")

		w.clk.Set(time.Date(2026, 3, 4, 10, 0, 0, 0, vn))
		soon := func(official context.Context) map[string]bool {
			t.Helper()
			page, err := w.svc.Inbox(official, app.InboxQuery{View: app.ViewDueSoon})
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]bool{}
			for _, d := range page.Items {
				out[d.Code] = true
			}
			return out
		}
		a, b := soon(w.a.officer), soon(w.b.officer)
		if !a[thursday] || a[friday] || len(a) != 1 {
			t.Errorf("Hoàn Kiếm due soon %v: want only %s (due Thursday), not %s (Friday)", a, thursday, friday)
		}
		if !b[cuaNam] || len(b) != 1 {
			t.Errorf("Cửa Nam due soon %v: want %s (Friday, Thursday off there)", b, cuaNam)
		}
	})
}

// A reception and the actions on a dossier each run in one transaction on one connection: with
// a pool of a single connection they still complete (a read on a second connection inside a
// write, as the calendar's once was, waits forever when every connection is held by writers).
func TestDossierWorkOnOneConnection(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDossierWorld(t, db)
		body, version, err := w.svc.CalendarFile(w.sys, "national")
		if err != nil {
			t.Fatal(err)
		}
		// A stored national calendar, so that its version is read with each action.
		if _, err := w.svc.PutCalendar(w.sys, "national", body+"\n2026-12-31\tlocal-off\tNghỉ cuối năm\tQuyết định 4/QĐ-UBND\n", version, true); err != nil {
			t.Fatal(err)
		}
		db.SQL.SetMaxOpenConns(1)
		defer db.SQL.SetMaxOpenConns(20)
		ctx, cancel := context.WithTimeout(w.a.desk, 20*time.Second)
		defer cancel()
		d, err := w.svc.ReceiveDossier(ctx, reception("1.004873"))
		if err != nil {
			t.Fatal(err)
		}
		w.clk.Advance(30 * time.Minute)
		if d, err = w.svc.Act(ctx, d.Code, app.ActionInput{Action: dossier.ActionTransfer}); err != nil {
			t.Fatalf("transfer on one connection: %v", err)
		}
		octx, ocancel := context.WithTimeout(w.a.officer, 20*time.Second)
		defer ocancel()
		w.clk.Advance(2 * time.Hour)
		if _, err := w.svc.Act(octx, d.Code, app.ActionInput{Action: dossier.ActionForward}); err != nil {
			t.Fatalf("forward on one connection: %v", err)
		}
	})
}
