package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/auth"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

func TestSignInWithTOTPEnrolment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := newRig(t, db)
		b := r.browser()
		// Pages need a session.
		if st, loc, _ := b.get("/admin/staff"); st != http.StatusSeeOther || !strings.HasPrefix(loc, "/login") {
			t.Fatalf("anonymous /admin/staff: %d %s", st, loc)
		}
		// Wrong password and unknown name answer alike.
		_, _, bad1 := b.post("/login", url.Values{"username": {"admin-a"}, "password": {"wrong-password-1"}})
		st, _, bad2 := b.post("/login", url.Values{"username": {"no-such-user"}, "password": {"wrong-password-1"}})
		msg := "Tên đăng nhập hoặc mật khẩu không đúng."
		if st != http.StatusUnauthorized || !strings.Contains(bad1, msg) || !strings.Contains(bad2, msg) {
			t.Fatalf("bad login: %d", st)
		}
		// The administrator must enrol a second factor before anything else.
		st, loc, _ := b.post("/login", url.Values{"username": {"admin-a"}, "password": {testPassword}, "next": {"/admin/staff"}})
		if st != http.StatusSeeOther || !strings.HasPrefix(loc, "/login/enrol") {
			t.Fatalf("admin login: %d %s", st, loc)
		}
		if st, loc, _ := b.get("/admin/staff"); st != http.StatusSeeOther || loc != "/login/enrol" {
			t.Fatalf("pending enrolment must block pages: %d %s", st, loc)
		}
		st, _, page := b.get("/login/enrol")
		if st != http.StatusOK || secretPattern.FindStringSubmatch(page) == nil || !strings.Contains(page, "<svg") {
			t.Fatalf("enrol page: %d", st)
		}
		if st, _, _ := b.post("/login/enrol", url.Values{"code": {"000000"}}); st != http.StatusUnauthorized {
			t.Fatalf("wrong enrolment code: %d", st)
		}
		// A wrong code shows a new secret: use the newest.
		_, _, page = b.get("/login/enrol")
		secret := strings.ReplaceAll(secretPattern.FindStringSubmatch(page)[1], " ", "")
		code, _ := auth.TOTPCode(secret, r.clock.Now())
		if st, loc, _ := b.post("/login/enrol", url.Values{"code": {code}, "next": {"/admin/staff"}}); st != http.StatusSeeOther || loc != "/admin/staff" {
			t.Fatalf("enrolment: %d %s", st, loc)
		}
		if st, _, page := b.get("/admin/staff"); st != http.StatusOK || !strings.Contains(page, "Trần Thị An") {
			t.Fatalf("staff page after enrolment: %d", st)
		}
		// Next sign-in asks for the code; a replayed code is refused.
		b.post("/logout", nil)
		b2 := r.browser()
		if _, loc, _ := b2.post("/login", url.Values{"username": {"admin-a"}, "password": {testPassword}}); !strings.HasPrefix(loc, "/login/totp") {
			t.Fatalf("second login: %s", loc)
		}
		if st, _, _ := b2.post("/login/totp", url.Values{"code": {code}}); st != http.StatusUnauthorized {
			t.Fatalf("replayed code accepted: %d", st)
		}
		r.clock.Advance(30 * time.Second)
		code2, _ := auth.TOTPCode(secret, r.clock.Now())
		if st, loc, _ := b2.post("/login/totp", url.Values{"code": {code2}}); st != http.StatusSeeOther || loc != "/home" {
			t.Fatalf("totp: %d %s", st, loc)
		}
		if st, _, page := b2.get("/home"); st != http.StatusOK || !strings.Contains(page, "Quản trị hệ thống") {
			t.Fatalf("home: %d", st)
		}
		// English on request.
		if _, _, page := b2.get("/home?lang=en"); !strings.Contains(page, "System administrator") && !strings.Contains(page, "Administrator") {
			t.Error("English page missing")
		}
	})
}

func TestLockoutRevealsNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := newRig(t, db)
		b := r.browser()
		for _, name := range []string{"reception-a", "ghost"} {
			for i := 0; i < 5; i++ {
				b.post("/login", url.Values{"username": {name}, "password": {"wrong-password-1"}})
			}
			st, _, page := b.post("/login", url.Values{"username": {name}, "password": {testPassword}})
			if st != http.StatusTooManyRequests || !strings.Contains(page, "tạm thời bị khoá") {
				t.Errorf("%s: after 5 failures got %d", name, st)
			}
		}
		r.clock.Advance(61 * time.Second)
		if st, loc, _ := b.post("/login", url.Values{"username": {"reception-a"}, "password": {testPassword}}); st != http.StatusSeeOther || loc != "/home" {
			t.Errorf("after the lock ends: %d %s", st, loc)
		}
	})
}

func TestSecurityHeadersAndOperations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := newRig(t, db)
		req, _ := http.NewRequest("GET", r.srv.URL+"/login", nil)
		req.Header.Set("X-Request-Id", "abc-123-def")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		h := res.Header
		if !strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'none'") || strings.Contains(h.Get("Content-Security-Policy"), "unsafe-inline") {
			t.Errorf("CSP %q", h.Get("Content-Security-Policy"))
		}
		if h.Get("X-Request-Id") != "abc-123-def" || h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("headers %v", h)
		}
		// A cross-site form post is refused before it reaches a handler.
		req, _ = http.NewRequest("POST", r.srv.URL+"/login", strings.NewReader("username=admin-a&password=x"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		res, _ = http.DefaultClient.Do(req)
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("cross-site post: %d", res.StatusCode)
		}
		for path, want := range map[string]int{"/healthz": 200, "/readyz": 200, "/metrics": 200, "/api/v1/openapi.json": 200} {
			res, err := http.Get(r.srv.URL + path)
			if err != nil || res.StatusCode != want {
				t.Errorf("%s: %v %v", path, res.StatusCode, err)
			}
			res.Body.Close()
		}
		res, _ = http.Get(r.srv.URL + "/metrics")
		var sb strings.Builder
		buf := make([]byte, 1<<16)
		for {
			n, err := res.Body.Read(buf)
			sb.Write(buf[:n])
			if err != nil {
				break
			}
		}
		res.Body.Close()
		for _, series := range []string{`egov_http_requests_total{method="GET",route="GET /login",status="200"}`, "egov_http_request_duration_seconds_bucket", `go_sql_max_open_connections{db_name="egov"}`, "go_goroutines"} {
			if !strings.Contains(sb.String(), series) {
				t.Errorf("metrics lack %s", series)
			}
		}
	})
}

func TestOpenAPIListsEveryAPIRoute(t *testing.T) {
	r := newRig(t, storetest.SQLite(t))
	_, doc := r.call("", "GET", "/api/v1/openapi.json", nil)
	paths, _ := doc["paths"].(map[string]any)
	n := 0
	for p, ops := range paths {
		for m, op := range ops.(map[string]any) {
			n++
			if op.(map[string]any)["responses"] == nil {
				t.Errorf("%s %s has no responses", m, p)
			}
		}
	}
	if n < 20 {
		t.Errorf("only %d operations documented", n)
	}
	b, _ := json.Marshal(doc)
	if !strings.Contains(string(b), `"openapi":"3.1.0"`) {
		t.Error("not an OpenAPI 3.1 document")
	}
}
