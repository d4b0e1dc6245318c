package web_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/egov-vn/egov/internal/store/storetest"
)

func TestCalendarAPIAndPage(t *testing.T) {
	r := newRig(t, storetest.SQLite(t))
	// Public: no token. Received Friday 24/01/2025 09:00, 3 working days, across Tết 2025.
	st, body := r.call("", "GET", "/api/v1/calendar/due?from=2025-01-24T09:00:00%2B07:00&days=3", nil)
	if st != http.StatusOK || body["due"] != "2025-02-05T09:00:00+07:00" {
		t.Fatalf("due: %d %v", st, body)
	}
	reasons := ""
	for _, s := range body["skipped"].([]any) {
		reasons += s.(map[string]any)["reason"].(string) + ";"
	}
	if !strings.Contains(reasons, "Tết Nguyên đán") || !strings.Contains(reasons, "Thứ Bảy") {
		t.Errorf("skipped reasons: %s", reasons)
	}
	// Half a working day.
	if _, body := r.call("", "GET", "/api/v1/calendar/due?from=2025-03-03T09:00:00%2B07:00&days=0.5", nil); body["due"] != "2025-03-03T14:00:00+07:00" {
		t.Errorf("0.5 day: %v", body["due"])
	}
	st, body = r.call("", "GET", "/api/v1/calendar/holidays?year=2027", nil)
	if st != http.StatusOK || body["provisional"] != true || !strings.Contains(body["note"].(string), "năm 2027") || len(body["days"].([]any)) == 0 {
		t.Errorf("2027: %d %v", st, body)
	}
	_, body = r.call("", "GET", "/api/v1/calendar/holidays?year=2025", nil)
	found := false
	for _, d := range body["days"].([]any) {
		m := d.(map[string]any)
		if m["date"] == "2025-01-27" && m["kind"] == "off" {
			found = true
		}
	}
	if !found || body["provisional"] != false {
		t.Errorf("2025 lacks Tết on 27/01: %v", body)
	}
	for q, code := range map[string]string{
		"from=2025-01-24&days=3":                                "invalid_date",
		"from=2025-01-24T09:00:00%2B07:00&days=-1":              "invalid_duration",
		"from=2025-01-24T09:00:00%2B07:00&days=x":               "invalid_duration",
		"from=2025-01-24T09:00:00%2B07:00&days=1&hours=2":       "invalid_duration",
		"from=2025-01-24T09:00:00%2B07:00":                      "invalid_duration",
		"from=2025-01-24T09:00:00%2B07:00&days=1&calendar=mars": "unknown_calendar",
	} {
		st, body := r.call("", "GET", "/api/v1/calendar/due?"+q, nil)
		e, _ := body["error"].(map[string]any)
		if st < 400 || e == nil || e["code"] != code {
			t.Errorf("%s: %d %v, want %s", q, st, body, code)
		}
	}
	// The public page explains the due date without any script.
	res, err := http.Get(r.srv.URL + "/lich-lam-viec?date=2025-01-24&time=09:00&value=3&unit=days&year=2025")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	for _, want := range []string{"05/02/2025 09:00", "Tết Nguyên đán", "Giỗ Tổ Hùng Vương"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("public page lacks %q", want)
		}
	}
	res, _ = http.Get(r.srv.URL + "/lich-lam-viec?date=2025-13-40&time=09:00&value=3&unit=days")
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("bad date on the page: %d", res.StatusCode)
	}
	// Changing a calendar needs a root administrator.
	if st, _ := r.call(r.tokens["admin-a"], "POST", "/api/v1/calendars/national", map[string]any{"body": "name: x\n", "confirm": true}); st != http.StatusForbidden {
		t.Errorf("commune admin changed the national calendar: %d", st)
	}
	if st, body := r.call(r.tokens["city-admin"], "GET", "/api/v1/calendars/national", nil); st != http.StatusOK || !strings.Contains(body["body"].(string), "Tết Nguyên đán") {
		t.Errorf("calendar file: %d", st)
	}
}
