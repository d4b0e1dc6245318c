package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

// TestCommuneSeesNothingElse: an administrator of commune A can neither see nor change commune
// B's officials, sessions, tokens, units or audit records, through any endpoint, and every such
// attempt leaves the audit chain (hence the data) untouched.
func TestCommuneSeesNothingElse(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := newRig(t, db)
		tokA := r.tokens["admin-a"]
		userB, recB := id(r.users["reception-b"].ID), id(r.users["admin-b"].ID)
		userA := id(r.users["reception-a"].ID)
		unitA, unitB, deskB, oldB := r.units["A"].ID, r.units["B"].ID, r.units["deskB"].ID, r.units["oldB"].ID
		for _, tc := range []struct {
			method, path string
			body         any
			want         int
		}{
			{"GET", "/api/v1/users/" + userB, nil, http.StatusNotFound},
			{"GET", "/api/v1/users/" + recB, nil, http.StatusNotFound},
			{"POST", "/api/v1/users/" + userB + "/grants", map[string]any{"unit_id": unitA, "role": "reception"}, http.StatusNotFound},
			{"POST", "/api/v1/users/" + userA + "/grants", map[string]any{"unit_id": deskB, "role": "reception"}, http.StatusForbidden},
			{"POST", "/api/v1/users/" + userB + "/grants/revoke", map[string]any{"unit_id": deskB, "role": "reception"}, http.StatusNotFound},
			{"POST", "/api/v1/users/" + userB + "/disable", nil, http.StatusNotFound},
			{"POST", "/api/v1/users/" + userB + "/enable", nil, http.StatusNotFound},
			{"POST", "/api/v1/users/" + userB + "/password", map[string]any{"password": "Mat-khau-moi-2026"}, http.StatusNotFound},
			{"POST", "/api/v1/users/" + userB + "/totp-reset", nil, http.StatusNotFound},
			{"GET", "/api/v1/users/" + userB + "/sessions", nil, http.StatusNotFound},
			{"POST", "/api/v1/sessions/" + id(r.sessionIDs["reception-b"]) + "/revoke", nil, http.StatusNotFound},
			{"GET", "/api/v1/users/" + userB + "/tokens", nil, http.StatusNotFound},
			{"POST", "/api/v1/tokens/" + id(r.tokenIDs["reception-b"]) + "/revoke", nil, http.StatusNotFound},
			{"POST", "/api/v1/users", map[string]any{"username": "intruder", "full_name": "Kẻ Lạ", "password": "Mat-khau-2025!", "unit_id": deskB, "roles": []string{"reception"}}, http.StatusForbidden},
			{"POST", "/api/v1/units", map[string]any{"parent_id": unitB, "name": "Tổ dân phố mới", "kind": "division", "valid_from": "2026-01-01"}, http.StatusForbidden},
			{"POST", "/api/v1/units/" + id(unitB) + "/close", map[string]any{"valid_to": "2026-12-31"}, http.StatusForbidden},
			{"POST", "/api/v1/units/" + id(oldB) + "/successors", map[string]any{"successor_id": unitB}, http.StatusForbidden},
		} {
			before := r.head()
			st, body := r.call(tokA, tc.method, tc.path, tc.body)
			if st != tc.want {
				t.Errorf("%s %s: status %d, want %d (%v)", tc.method, tc.path, st, tc.want, body)
			}
			if e, _ := body["error"].(map[string]any); e == nil || e["code"] == "" || e["message"] == "" {
				t.Errorf("%s %s: no error object: %v", tc.method, tc.path, body)
			}
			if after := r.head(); after != before {
				t.Errorf("%s %s changed something: audit head %d -> %d", tc.method, tc.path, before, after)
			}
		}
		// Lists show only A's side.
		_, body := r.call(tokA, "GET", "/api/v1/users", nil)
		for _, u := range body["users"].([]any) {
			name := u.(map[string]any)["username"].(string)
			if strings.HasSuffix(name, "-b") || name == "city-admin" || name == "supervisor" {
				t.Errorf("admin-a sees %s", name)
			}
		}
		_, body = r.call(tokA, "GET", "/api/v1/audit?limit=500", nil)
		for _, rec := range body["records"].([]any) {
			m := rec.(map[string]any)
			if m["object_type"] == "user" && (m["object_id"] == userB || m["object_id"] == recB) {
				t.Errorf("admin-a reads B's audit record %v", m["seq"])
			}
		}
		if len(body["records"].([]any)) == 0 {
			t.Error("admin-a should read A's own audit records")
		}
		// Reception can read neither staff nor audit.
		for _, p := range []string{"/api/v1/users", "/api/v1/audit"} {
			if st, _ := r.call(r.tokens["reception-a"], "GET", p, nil); st != http.StatusForbidden {
				t.Errorf("reception GET %s: %d", p, st)
			}
		}
		// The city administrator reaches everything; the session and B's account are still intact.
		if st, _ := r.call(r.tokens["city-admin"], "GET", "/api/v1/users/"+userB, nil); st != http.StatusOK {
			t.Errorf("city admin: %d", st)
		}
		_, body = r.call(r.tokens["city-admin"], "GET", "/api/v1/users/"+userB+"/sessions", nil)
		if len(body["sessions"].([]any)) != 1 {
			t.Errorf("B's session was touched: %v", body)
		}
		// The same holds for the pages (a signed-in administrator without a second factor is
		// impossible, so use the API token's owner through the HTML routes with a bearer token).
		for _, p := range []struct{ method, path string }{{"GET", "/admin/staff/" + userB}, {"POST", "/admin/staff/" + userB + "/disable"}, {"POST", "/admin/sessions/" + id(r.sessionIDs["reception-b"]) + "/revoke"}} {
			req, _ := http.NewRequest(p.method, r.srv.URL+p.path, strings.NewReader(url.Values{}.Encode()))
			req.Header.Set("Authorization", "Bearer "+tokA)
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			before := r.head()
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusNotFound || r.head() != before {
				t.Errorf("page %s %s: %d", p.method, p.path, res.StatusCode)
			}
		}
	})
}

// TestBadInputChangesNothing: malformed requests get a stable code and a Vietnamese message.
func TestBadInputChangesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := newRig(t, db)
		tok := r.tokens["city-admin"]
		city := r.units["city"].ID
		for _, tc := range []struct {
			method, path string
			body         any
			code         string
		}{
			{"POST", "/api/v1/units", `{"parent_id": 1, "name": "x"`, "invalid_json"},
			{"POST", "/api/v1/units", map[string]any{"parent_id": city, "name": "Sở Mới", "kind": "department", "valid_from": "2026-01-01", "colour": "red"}, "unknown_field"},
			{"POST", "/api/v1/units", map[string]any{"parent_id": "một", "name": "Sở Mới"}, "invalid_json"},
			{"POST", "/api/v1/units", map[string]any{"parent_id": city, "name": "Sở Mới", "kind": "department", "valid_from": "01/01/2026"}, "invalid_date"},
			{"POST", "/api/v1/units", map[string]any{"parent_id": city, "name": "Sở Mới", "kind": "ministry", "valid_from": "2026-01-01"}, "invalid_kind"},
			{"POST", "/api/v1/units", map[string]any{"parent_id": city, "name": "Sở Mới", "kind": "department", "organ_id": "000.00.5.H24", "valid_from": "2026-01-01"}, "invalid_organ_id"},
			{"POST", "/api/v1/units", map[string]any{"parent_id": city, "name": "Sở Mới", "kind": "department", "organ_id": "000.01.90.H24", "valid_from": "2026-01-01"}, "duplicate_organ_id"},
			{"POST", "/api/v1/units", map[string]any{"parent_id": city, "name": "", "kind": "department", "valid_from": "2026-01-01"}, "invalid_name"},
			{"POST", "/api/v1/units", map[string]any{"parent_id": city, "name": "Phường X", "kind": "commune", "gso_code": "12a", "valid_from": "2026-01-01"}, "invalid_gso_code"},
			{"POST", "/api/v1/units/" + id(r.units["oldB"].ID) + "/close", map[string]any{"valid_to": "2026-01-01"}, "unit_closed"},
			{"POST", "/api/v1/users", map[string]any{"username": "Nguyễn", "full_name": "Nguyễn Văn", "password": "Mat-khau-2025!", "unit_id": city, "roles": []string{"admin"}}, "invalid_username"},
			{"POST", "/api/v1/users", map[string]any{"username": "nguyen.van", "full_name": "Nguyễn Văn", "password": "ngan", "unit_id": city, "roles": []string{"admin"}}, "weak_password"},
			{"POST", "/api/v1/users", map[string]any{"username": "admin-a", "full_name": "Nguyễn Văn", "password": "Mat-khau-2025!", "unit_id": city, "roles": []string{"admin"}}, "username_taken"},
			{"POST", "/api/v1/users", map[string]any{"username": "nguyen.van", "full_name": "Nguyễn Văn", "password": "Mat-khau-2025!", "unit_id": city, "roles": []string{"mayor"}}, "invalid_role"},
			{"POST", "/api/v1/users/" + id(r.users["admin-a"].ID) + "/grants", map[string]any{"unit_id": r.units["oldB"].ID, "role": "admin"}, "unit_closed"},
			{"GET", "/api/v1/units?on=2025-13-01", nil, "invalid_date"},
			{"GET", "/api/v1/units?limit=-5", nil, "invalid_parameter"},
			{"GET", "/api/v1/audit?from=2026-03-02&to=2026-03-01", nil, "invalid_period"},
			{"GET", "/api/v1/users/abc", nil, "not_found"},
		} {
			before := r.head()
			st, body := r.call(tok, tc.method, tc.path, tc.body)
			e, _ := body["error"].(map[string]any)
			if e == nil || e["code"] != tc.code || e["message"] == "" {
				t.Errorf("%s %s: %d %v, want code %s", tc.method, tc.path, st, body, tc.code)
				continue
			}
			if st < 400 || st >= 500 {
				t.Errorf("%s %s: status %d", tc.method, tc.path, st)
			}
			if r.head() != before {
				t.Errorf("%s %s changed something", tc.method, tc.path)
			}
		}
		// Wrong content type.
		req, _ := http.NewRequest("POST", r.srv.URL+"/api/v1/units", strings.NewReader(`{}`))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "text/plain")
		res, _ := http.DefaultClient.Do(req)
		res.Body.Close()
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("text/plain body: %d", res.StatusCode)
		}
		// No token, a bad token, a revoked token.
		for _, tk := range []string{"", "egt_nonsense", "garbage"} {
			if st, body := r.call(tk, "GET", "/api/v1/me", nil); st != http.StatusUnauthorized || body["error"] == nil {
				t.Errorf("token %q: %d", tk, st)
			}
		}
		if st, _ := r.call(tok, "POST", "/api/v1/tokens/"+id(r.tokenIDs["supervisor"])+"/revoke", nil); st != http.StatusOK {
			t.Errorf("revoke: %d", st)
		}
		if st, _ := r.call(r.tokens["supervisor"], "GET", "/api/v1/me", nil); st != http.StatusUnauthorized {
			t.Errorf("revoked token still works: %d", st)
		}
	})
}
