package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/calendar"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

func TestCalendarService(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := newService(db)
		ctx := context.Background()
		// The built-in national calendar answers out of the box: Tết 2025.
		start := time.Date(2025, 1, 24, 9, 0, 0, 0, vn)
		r, err := svc.Due(ctx, "", start, calendar.WorkingDaysOf(3))
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Due.Format("2006-01-02"); got != "2025-02-05" {
			t.Errorf("3 working days from 24/01/2025 09:00 across Tết: due %s", r.Due)
		}
		if !strings.Contains(r.Explain(), "Tết Nguyên đán") {
			t.Errorf("explanation lacks Tết:\n%s", r.Explain())
		}
		ys, err := svc.Holidays(ctx, "national", 2027)
		if err != nil || !ys.Provisional || !strings.Contains(ys.Note, "chưa có lịch nghỉ chính thức năm 2027") && !strings.Contains(ys.Note, "Chưa có lịch nghỉ chính thức năm 2027") {
			t.Errorf("2027: %+v %v", ys, err)
		}
		if _, err := svc.Calendar(ctx, "no-such"); errs.CodeOf(err) != "unknown_calendar" {
			t.Errorf("unknown calendar: %v", err)
		}
		// An administrator's change is previewed, then applied only on confirmation, audited.
		body, version, err := svc.CalendarFile(ctx, "national")
		if err != nil || version != 0 {
			t.Fatal(err, version)
		}
		changed := strings.Replace(body, "2026-04-27\tswap-off", "2026-04-28\tswap-off", 1)
		if changed == body {
			changed = body + "2026-12-31\tlocal-off\tNghỉ cuối năm\tThử nghiệm\n"
		}
		admin := app.WithActor(ctx, rootAdminActor(t, svc))
		ch, err := svc.PutCalendar(admin, "national", changed, 0, false)
		if err != nil || ch.Applied || len(ch.Added)+len(ch.Removed) == 0 {
			t.Fatalf("preview: %+v %v", ch, err)
		}
		if _, v, _ := svc.CalendarFile(ctx, "national"); v != 0 {
			t.Fatal("preview stored something")
		}
		if ch, err = svc.PutCalendar(admin, "national", changed, 0, true); err != nil || !ch.Applied || ch.Version != 1 {
			t.Fatalf("apply: %+v %v", ch, err)
		}
		if _, err = svc.PutCalendar(admin, "national", changed, 0, true); errs.CodeOf(err) != "calendar_changed" {
			t.Errorf("stale version: %v", err)
		}
		if _, err := svc.PutCalendar(admin, "national", "name: x\nbogus line\n", 1, false); errs.KindOf(err) != errs.Invalid || !strings.Contains(errs.Public(err).Message, "Dòng") {
			t.Errorf("bad file: %v", err)
		}
		if _, err := svc.PutCalendar(ctx, "national", changed, 1, true); errs.KindOf(err) != errs.Unauthorized {
			t.Errorf("anonymous change: %v", err)
		}
	})
}
