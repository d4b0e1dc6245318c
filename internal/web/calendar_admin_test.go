package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/egov-vn/egov/internal/store/storetest"
)

func TestCalendarAdministration(t *testing.T) {
	r := newRig(t, storetest.SQLite(t))
	form := func(token, path string, v url.Values) (int, string) {
		req, _ := http.NewRequest("POST", r.srv.URL+path, strings.NewReader(v.Encode()))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		res, err := noFollow.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var b strings.Builder
		buf := make([]byte, 32<<10)
		for {
			n, err := res.Body.Read(buf)
			b.Write(buf[:n])
			if err != nil {
				break
			}
		}
		return res.StatusCode, b.String()
	}
	_, file := r.call(r.tokens["city-admin"], "GET", "/api/v1/calendars/national", nil)
	body := file["body"].(string) + "2026-03-06\tlocal-off\tNghỉ thử nghiệm của thành phố\tQĐ 1/2026\n"
	// Preview shows the change and stores nothing.
	before := r.head()
	st, page := form(r.tokens["city-admin"], "/admin/calendars/hanoi", url.Values{"body": {body}, "version": {"0"}, "action": {"preview"}})
	if st != http.StatusOK || !strings.Contains(page, "2026-03-06") || !strings.Contains(page, "Xác nhận và lưu") || r.head() != before {
		t.Fatalf("preview: %d", st)
	}
	// A commune administrator may not change calendars.
	if st, _ := form(r.tokens["admin-a"], "/admin/calendars/hanoi", url.Values{"body": {body}, "version": {"0"}, "action": {"confirm"}}); st != http.StatusForbidden {
		t.Errorf("commune admin: %d", st)
	}
	if st, page := form(r.tokens["city-admin"], "/admin/calendars/hanoi", url.Values{"body": {body}, "version": {"0"}, "action": {"confirm"}}); st != http.StatusSeeOther {
		t.Fatalf("confirm: %d %s", st, page)
	}
	if r.head() != before+1 {
		t.Errorf("confirm must write exactly one audit record: %d -> %d", before, r.head())
	}
	// Commune A uses it; its service centre inherits it; commune B does not.
	if st, body := r.call(r.tokens["admin-a"], "POST", "/api/v1/units/"+id(r.units["A"].ID)+"/calendar", map[string]any{"calendar": "hanoi"}); st != http.StatusOK || body["calendar"] != "hanoi" {
		t.Fatalf("set unit calendar: %d %v", st, body)
	}
	if st, body := r.call(r.tokens["admin-a"], "POST", "/api/v1/units/"+id(r.units["B"].ID)+"/calendar", map[string]any{"calendar": "hanoi"}); st != http.StatusForbidden {
		t.Errorf("admin-a set B's calendar: %d %v", st, body)
	}
	if st, body := r.call(r.tokens["admin-a"], "POST", "/api/v1/units/"+id(r.units["A"].ID)+"/calendar", map[string]any{"calendar": "mars"}); st != http.StatusNotFound || body["error"].(map[string]any)["code"] != "unknown_calendar" {
		t.Errorf("unknown calendar: %d %v", st, body)
	}
	ctx := context.Background()
	if k, _ := r.svc.UnitCalendar(ctx, r.units["deskA"].ID); k != "hanoi" {
		t.Errorf("service centre of A uses %q", k)
	}
	if k, _ := r.svc.UnitCalendar(ctx, r.units["deskB"].ID); k != "national" {
		t.Errorf("service centre of B uses %q", k)
	}
	// A stale version is refused.
	if st, page := form(r.tokens["city-admin"], "/admin/calendars/hanoi", url.Values{"body": {body}, "version": {"0"}, "action": {"confirm"}}); st != http.StatusConflict || !strings.Contains(page, "calendar_changed") {
		t.Errorf("stale version: %d", st)
	}
}
