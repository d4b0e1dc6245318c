package web_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"slices"
	"strconv"
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

// TestStatsTrendAndUnitsAPI: the monthly trend and the ranking of units in the API are the
// dashboards' numbers (their exports) and the indicators of each month and unit, for the city and
// a ward; their answers follow the OpenAPI document; bad input gets 400, the stable code and a
// Vietnamese message, and changes nothing.
func TestStatsTrendAndUnitsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r, _ := dashRig(t, db)
		_, doc := r.call("", "GET", "/api/v1/openapi.json", nil)
		schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
		for _, p := range []string{"/api/v1/stats/trend", "/api/v1/stats/units"} {
			if doc["paths"].(map[string]any)[p] == nil {
				t.Errorf("the OpenAPI document lacks %s", p)
			}
		}
		csvOf := func(path string) [][]string {
			t.Helper()
			st, _, data := r.fetch("", path)
			recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff")))).ReadAll()
			if st != http.StatusOK || err != nil || len(recs) == 0 {
				t.Fatalf("%s: %d %v", path, st, err)
			}
			return recs[1:]
		}
		num := func(v any) string { return strconv.FormatInt(int64(v.(float64)), 10) }
		pct := func(v any) string { return strconv.FormatFloat(v.(float64), 'f', 2, 64) }

		// The trend: the rows of the dashboard's trend table, and each month's own indicators.
		var marchReceived float64
		for _, unit := range []string{"", "&unit=" + id(r.units["A"].ID)} {
			for _, period := range []string{"2026", "2026-03"} {
				st, tr := r.call("", "GET", "/api/v1/stats/trend?period="+period+unit, nil)
				if st != http.StatusOK {
					t.Fatalf("trend %s%s: %d %v", period, unit, st, tr)
				}
				if err := conforms(schemas["StatsTrend"], tr); err != nil {
					t.Errorf("trend %s%s: %v", period, unit, err)
				}
				months := tr["months"].([]any)
				recs := csvOf("/cong-khai/xuat?table=trend&format=csv&period=" + period + unit)
				if want := map[string]int{"2026": 5, "2026-03": 12}[period]; len(months) != want || len(recs) != want {
					t.Fatalf("trend %s%s: %d months, the dashboard %d, want %d", period, unit, len(months), len(recs), want)
				}
				for i, m := range months {
					m := m.(map[string]any)
					got := []string{m["month"].(string), num(m["received"]), num(m["resolved"]), num(m["early"]), num(m["on_time"]),
						num(m["late"]), num(m["open_on_time"]), num(m["open_late"]), pct(m["on_time_percent"])}
					if !slices.Equal(got, recs[i]) {
						t.Errorf("trend %s%s: %v, the dashboard %v", period, unit, got, recs[i])
					}
					st, ind := r.call("", "GET", "/api/v1/stats/indicators?period="+m["month"].(string)+unit, nil)
					kpi, _ := ind["kpi21_working_time"].(map[string]any)
					if st != http.StatusOK || ind["received"] != m["received"] || ind["online"] != m["online"] || ind["post"] != m["post"] ||
						kpi["total"] != m["total"] || kpi["late"] != m["late"] || kpi["open_late"] != m["open_late"] ||
						kpi["open_on_time"] != m["open_on_time"] || kpi["percent"] != m["on_time_percent"] {
						t.Errorf("trend %s%s, %s: %v, the month's indicators %d %v", period, unit, m["month"], m, st, ind)
					}
					if unit == "" && m["month"] == "2026-03" {
						marchReceived = m["received"].(float64)
					}
				}
			}
		}
		if marchReceived != 3 {
			t.Errorf("the city's March: %v received, want 3", marchReceived)
		}

		// The ranking: the rows of the dashboard's ranking table, and each unit's own indicators.
		st, rk := r.call("", "GET", "/api/v1/stats/units?period=2026-03", nil)
		if st != http.StatusOK {
			t.Fatalf("units: %d %v", st, rk)
		}
		if err := conforms(schemas["StatsUnits"], rk); err != nil {
			t.Errorf("units: %v", err)
		}
		units := rk["units"].([]any)
		recs := csvOf("/cong-khai/xuat?table=rankings&format=csv&period=2026-03")
		if len(units) != len(recs) || len(units) < 2 {
			t.Fatalf("units: %d, the dashboard %d", len(units), len(recs))
		}
		received := map[string]float64{}
		for i, u := range units {
			u := u.(map[string]any)
			good := u["early"].(float64) + u["on_time"].(float64) + u["open_on_time"].(float64)
			got := []string{recs[i][0], u["unit_name"].(string), num(u["rank"]), num(u["total"]), num(good), pct(u["on_time_percent"]),
				pct(u["points"]), num(u["score_rank"])}
			if !slices.Equal(got, recs[i]) {
				t.Errorf("units: %v, the dashboard %v", got, recs[i])
			}
			st, ind := r.call("", "GET", "/api/v1/stats/indicators?period=2026-03&unit="+num(u["unit_id"]), nil)
			kpi, _ := ind["kpi21_working_time"].(map[string]any)
			if st != http.StatusOK || ind["received"] != u["received"] || kpi["total"] != u["total"] || kpi["late"] != u["late"] ||
				kpi["open_late"] != u["open_late"] || u["late_total"] != u["late"].(float64)+u["open_late"].(float64) {
				t.Errorf("unit %v: %v, its indicators %d %v", u["unit_name"], u, st, ind)
			}
			received[u["unit_name"].(string)] = u["received"].(float64)
		}
		if received["Phường Ba Đình"] != 2 || received["Phường Hoàn Kiếm"] != 1 {
			t.Errorf("received by ward: %v", received)
		}

		// Bad input: 400, the code and a Vietnamese message, on every statistics endpoint; nothing
		// changes.
		head := r.head()
		for _, path := range []string{"/api/v1/stats/trend", "/api/v1/stats/units", "/api/v1/stats/indicators"} {
			for _, c := range []struct{ query, code, vi string }{
				{"", "invalid_period", "Cần chọn kỳ báo cáo"},
				{"period=2026-06..2026-01", "invalid_period", "trước tháng bắt đầu"},
				{"period=2019-01..2026-01", "period_too_long", "quá 5 năm"},
				{"period=2026&unit=999999", "unknown_unit", "Không có đơn vị"},
				{"period=2026&level=ward", "invalid_level", "không hợp lệ"},
			} {
				st, e := r.call("", "GET", path+"?"+c.query, nil)
				if st != http.StatusBadRequest || errCode(e) != c.code || !strings.Contains(errMessage(e), c.vi) {
					t.Errorf("%s?%s: %d %v, want 400 %s", path, c.query, st, e, c.code)
				}
			}
		}
		if r.head() != head {
			t.Error("bad statistics requests changed the audit log")
		}
	})
}

// conforms checks v against an OpenAPI schema written with obj and arr: every property of an
// object is declared, every required one present, arrays and nested objects likewise.
func conforms(schema any, v any) error {
	s, _ := schema.(map[string]any)
	switch s["type"] {
	case "object":
		o, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("%v is not an object", v)
		}
		props, _ := s["properties"].(map[string]any)
		for k, x := range o {
			p, ok := props[k]
			if !ok {
				return fmt.Errorf("undeclared property %q", k)
			}
			if err := conforms(p, x); err != nil {
				return fmt.Errorf("%s: %w", k, err)
			}
		}
		req, _ := s["required"].([]any)
		for _, k := range req {
			if _, ok := o[k.(string)]; !ok {
				return fmt.Errorf("required property %q missing", k)
			}
		}
	case "array":
		a, ok := v.([]any)
		if !ok {
			return fmt.Errorf("%v is not an array", v)
		}
		for i, x := range a {
			if err := conforms(s["items"], x); err != nil {
				return fmt.Errorf("[%d]: %w", i, err)
			}
		}
	}
	return nil
}
