package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

// TestStatsAPI: the indicators and the publicity figure are public and carry no personal data;
// the dossiers behind a figure need a sign-in and list only the caller's; bad input gets a
// Vietnamese message and a stable code.
func TestStatsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := newRig(t, db)
		withDossierStaff(t, r)
		for _, desk := range []string{"reception-a", "reception-a", "reception-b"} {
			if st, d := r.call(r.tokens[desk], "POST", "/api/v1/dossiers", walkIn()); st != http.StatusCreated {
				t.Fatalf("reception: %d %v", st, d)
			}
		}

		st, rep := r.call("", "GET", "/api/v1/stats/indicators?period=2026-03", nil)
		if st != http.StatusOK || rep["received"] != 3.0 || rep["period_label"] != "Tháng 03/2026" || rep["current"] != true {
			t.Fatalf("indicators: %d %v", st, rep)
		}
		kpi := rep["kpi21_working_time"].(map[string]any)
		if kpi["total"] != 3.0 || kpi["open_on_time"] != 3.0 {
			t.Errorf("2.1: %v", kpi)
		}
		if len(rep["indicators"].([]any)) < 10 {
			t.Errorf("indicators: %v", rep["indicators"])
		}
		st, rep = r.call("", "GET", "/api/v1/stats/indicators?period=2026&unit="+id(r.units["B"].ID)+"&level=commune&mode=literal766", nil)
		if st != http.StatusOK || rep["received"] != 1.0 || rep["unit_name"] != "Phường Hoàn Kiếm" {
			t.Errorf("ward B: %d %v", st, rep)
		}
		st, pub := r.call("", "GET", "/api/v1/stats/publicity", nil)
		if st != http.StatusOK || !strings.Contains(pub["all"].(map[string]any)["text"].(string), "DVCTT /") {
			t.Errorf("publicity: %d %v", st, pub)
		}

		// The dossiers behind a figure: officials only, and only their own.
		if st, _ := r.call("", "GET", "/api/v1/stats/dossiers?period=2026-03&figure=received", nil); st != http.StatusUnauthorized {
			t.Errorf("anonymous drill-down: %d", st)
		}
		st, page := r.call(r.tokens["reception-b"], "GET", "/api/v1/stats/dossiers?period=2026-03&figure=received", nil)
		if st != http.StatusOK || len(page["items"].([]any)) != 1 {
			t.Errorf("ward B's desk: %d %v", st, page)
		}
		st, page = r.call(r.tokens["supervisor"], "GET", "/api/v1/stats/dossiers?period=2026-03&figure=kpi21_open_on_time&limit=2", nil)
		if st != http.StatusOK || len(page["items"].([]any)) != 2 || page["next"] == 0.0 {
			t.Errorf("city supervisor, first page: %d %v", st, page)
		}
		next := int64(page["next"].(float64))
		st, page = r.call(r.tokens["supervisor"], "GET", "/api/v1/stats/dossiers?period=2026-03&figure=kpi21_open_on_time&limit=2&after="+id(next), nil)
		if st != http.StatusOK || len(page["items"].([]any)) != 1 || page["next"] != 0.0 {
			t.Errorf("city supervisor, last page: %d %v", st, page)
		}

		for _, c := range []struct{ path, code string }{
			{"/api/v1/stats/indicators", "invalid_period"},
			{"/api/v1/stats/indicators?period=2026-13", "invalid_period"},
			{"/api/v1/stats/indicators?period=2026-06..2026-01", "invalid_period"},
			{"/api/v1/stats/indicators?period=2019-01..2026-01", "period_too_long"},
			{"/api/v1/stats/indicators?period=2026&unit=999999", "unknown_unit"},
			{"/api/v1/stats/indicators?period=2026&level=ward", "invalid_level"},
			{"/api/v1/stats/indicators?period=2026&mode=fast", "invalid_kpi_mode"},
			{"/api/v1/stats/publicity?unit=abc", "invalid_parameter"},
		} {
			st, e := r.call("", "GET", c.path, nil)
			if st/100 != 4 || errCode(e) != c.code || errMessage(e) == "" {
				t.Errorf("%s: %d %v, want %s", c.path, st, e, c.code)
			}
		}
		if st, e := r.call(r.tokens["supervisor"], "GET", "/api/v1/stats/dossiers?period=2026&figure=nope", nil); st != http.StatusBadRequest || errCode(e) != "unknown_figure" {
			t.Errorf("unknown figure: %d %v", st, e)
		}
	})
}
