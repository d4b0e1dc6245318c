package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

// TestTwoServersOnePostgres runs two `egov serve` on one PostgreSQL database: what one writes,
// the other serves at once, and the audit chain stays whole.
func TestTwoServersOnePostgres(t *testing.T) {
	tg := &target{env: map[string]string{"EGOV_DATABASE_URL": storetest.NewPostgresURL(t), "EGOV_DATA": t.TempDir(), "EGOV_LOG_LEVEL": "warn"}}
	// Both start at once on an empty database: the migrations run once, under the advisory lock.
	ch := make(chan *server, 2)
	for i := 0; i < 2; i++ {
		go func() { ch <- tg.serve(t) }()
	}
	a, b := <-ch, <-ch
	defer a.stop()
	defer b.stop()

	tg.mustRun(t, 0, "import", "units", dataFile("hanoi-units-2025-07.csv"), "--effective", "2025-07-01")
	_, svc := tg.open(t)
	sys := app.WithActor(context.Background(), org.SystemActor)
	cities, err := svc.Units(sys, store.UnitFilter{GSOCode: "01"})
	if err != nil || len(cities) != 1 {
		t.Fatalf("city: %v %v", cities, err)
	}
	if _, err := svc.CreateUser(sys, app.NewUser{Username: "quantri", FullName: "Quản Trị Viên", Password: "Mat-khau-2025!", UnitID: cities[0].ID, Roles: []org.Role{org.RoleAdmin}}); err != nil {
		t.Fatal(err)
	}
	tok := strings.TrimSpace(tg.mustRun(t, 0, "token", "create", "--user", "quantri").stdout)

	call := func(s *server, method, path string, body any) (int, map[string]any) {
		t.Helper()
		var buf bytes.Buffer
		if body != nil {
			json.NewEncoder(&buf).Encode(body)
		}
		req, _ := http.NewRequest(method, s.url+path, &buf)
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out map[string]any
		json.NewDecoder(res.Body).Decode(&out)
		return res.StatusCode, out
	}
	// A writes an official; B serves them. B writes a unit; A serves it.
	st, u := call(a, "POST", "/api/v1/users", map[string]any{"username": "tiepnhan.badinh", "full_name": "Phạm Thu Hà", "password": "Mat-khau-2025!",
		"unit_id": cities[0].ID, "roles": []string{"reception"}})
	if st != http.StatusCreated {
		t.Fatalf("create on A: %d %v", st, u)
	}
	if st, got := call(b, "GET", "/api/v1/users/"+jsonID(u["id"]), nil); st != http.StatusOK || got["full_name"] != "Phạm Thu Hà" {
		t.Errorf("read on B: %d %v", st, got)
	}
	st, unit := call(b, "POST", "/api/v1/units", map[string]any{"parent_id": cities[0].ID, "name": "Sở Tư pháp", "short_name": "STP", "kind": "department",
		"organ_id": "000.00.01.H24", "valid_from": "2025-07-01"})
	if st != http.StatusCreated {
		t.Fatalf("create on B: %d %v", st, unit)
	}
	if st, got := call(a, "GET", "/api/v1/units/"+jsonID(unit["id"]), nil); st != http.StatusOK || got["unit"].(map[string]any)["name"] != "Sở Tư pháp" {
		t.Errorf("read on A: %d %v", st, got)
	}
	// The same agency code through the other server is refused: uniqueness lives in the database.
	if st, _ := call(a, "POST", "/api/v1/units", map[string]any{"parent_id": cities[0].ID, "name": "Sở Tư pháp (bản sao)", "kind": "department",
		"organ_id": "000.00.01.H24", "valid_from": "2025-07-01"}); st != http.StatusBadRequest {
		t.Errorf("duplicate agency code through A: %d", st)
	}
	if r := tg.mustRun(t, 0, "audit", "verify"); !strings.Contains(r.stdout, "intact") {
		t.Errorf("audit: %q", r.stdout)
	}
}

func jsonID(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
