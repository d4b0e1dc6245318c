package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/auth"
	"github.com/egov-vn/egov/internal/clock"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/web"
)

// rig is a running egov with a small city: two communes A and B, each with a service centre, and
// officials in each.
type rig struct {
	t          *testing.T
	db         *store.DB
	svc        *app.Service
	clock      *clock.Fixed
	srv        *httptest.Server
	units      map[string]*org.Unit
	users      map[string]*org.User
	tokens     map[string]string
	tokenIDs   map[string]int64
	sessionIDs map[string]int64
}

const testPassword = "Mat-khau-2025!"

var sys = app.WithActor(context.Background(), org.SystemActor)

func date(s string) org.Date { d, _ := org.ParseDate(s); return d }

func newRig(t *testing.T, db *store.DB) *rig {
	t.Helper()
	r := &rig{t: t, db: db, clock: clock.NewFixed(time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)),
		units: map[string]*org.Unit{}, users: map[string]*org.User{}, tokens: map[string]string{}, tokenIDs: map[string]int64{}, sessionIDs: map[string]int64{}}
	r.svc = app.New(db, r.clock, slog.New(slog.NewTextHandler(io.Discard, nil)))
	mk := func(key string, u *org.Unit, parent string) {
		if parent != "" {
			u.ParentID = r.units[parent].ID
		}
		if u.ValidFrom.IsZero() {
			u.ValidFrom = date("2025-07-01")
		}
		if err := r.svc.CreateUnit(sys, u); err != nil {
			t.Fatal(err)
		}
		r.units[key] = u
	}
	mk("city", &org.Unit{OrganID: "000.00.00.H24", GSOCode: "01", Name: "Thành phố Hà Nội", Kind: org.KindCity, ValidFrom: date("2020-01-01")}, "")
	mk("A", &org.Unit{OrganID: "000.01.90.H24", GSOCode: "00004", Name: "Phường Ba Đình", Kind: org.KindCommune, Category: "Phường"}, "city")
	mk("B", &org.Unit{OrganID: "000.02.90.H24", GSOCode: "00070", Name: "Phường Hoàn Kiếm", Kind: org.KindCommune, Category: "Phường"}, "city")
	mk("deskA", &org.Unit{OrganID: "001.01.90.H24", Name: "Trung tâm Phục vụ hành chính công phường Ba Đình", Kind: org.KindServiceCentre}, "A")
	mk("deskB", &org.Unit{OrganID: "001.02.90.H24", Name: "Trung tâm Phục vụ hành chính công phường Hoàn Kiếm", Kind: org.KindServiceCentre}, "B")
	mk("oldB", &org.Unit{GSOCode: "00073", Name: "Phường Hàng Trống", Kind: org.KindCommune, Category: "Phường", ValidFrom: date("2020-01-01")}, "city")
	if err := r.svc.CloseUnit(sys, r.units["oldB"].ID, date("2025-06-30")); err != nil {
		t.Fatal(err)
	}
	hash, err := auth.HashPassword(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	_ = hash
	for _, u := range []struct {
		name, full, unit string
		roles            []org.Role
	}{
		{"city-admin", "Nguyễn Văn Quản", "city", []org.Role{org.RoleAdmin}},
		{"admin-a", "Trần Thị An", "A", []org.Role{org.RoleAdmin}},
		{"admin-b", "Lê Văn Bình", "B", []org.Role{org.RoleAdmin}},
		{"reception-a", "Phạm Thu Hà", "deskA", []org.Role{org.RoleReception}},
		{"reception-b", "Đỗ Minh Châu", "deskB", []org.Role{org.RoleReception}},
		{"supervisor", "Vũ Thị Giám", "city", []org.Role{org.RoleSupervisor}},
	} {
		created, err := r.svc.CreateUser(sys, app.NewUser{Username: u.name, FullName: u.full, Password: testPassword, UnitID: r.units[u.unit].ID, Roles: u.roles})
		if err != nil {
			t.Fatal(err)
		}
		r.users[u.name] = created
		tok, rec, err := r.svc.CreateToken(sys, u.name, "test", 0)
		if err != nil {
			t.Fatal(err)
		}
		r.tokens[u.name], r.tokenIDs[u.name] = tok, rec.ID
	}
	// A browser session for reception-b, to test that others cannot end it.
	_, a, err := r.svc.SignIn(context.Background(), "reception-b", testPassword, "127.0.0.1", "test")
	if err != nil {
		t.Fatal(err)
	}
	r.sessionIDs["reception-b"] = a.Session.ID
	r.srv = httptest.NewServer(web.New(r.svc, web.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Version: "test"}))
	t.Cleanup(r.srv.Close)
	return r
}

// call makes an API request with a bearer token and returns the status and the decoded body.
func (r *rig) call(token, method, path string, body any) (int, map[string]any) {
	r.t.Helper()
	var rd io.Reader
	if body != nil {
		if s, ok := body.(string); ok {
			rd = strings.NewReader(s)
		} else {
			b, _ := json.Marshal(body)
			rd = bytes.NewReader(b)
		}
	}
	req, _ := http.NewRequest(method, r.srv.URL+path, rd)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		r.t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}

// head is the audit chain head: it moves with every change.
func (r *rig) head() int64 {
	r.t.Helper()
	v, p, err := r.db.VerifyAudit(context.Background())
	if err != nil || p != nil {
		r.t.Fatalf("audit: %v %v", err, p)
	}
	seq, _ := v.Head()
	return seq
}

// browser is a cookie-keeping client that does not follow redirects.
type browser struct {
	r *rig
	c *http.Client
}

func (r *rig) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{r: r, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *browser) get(path string) (int, string, string) {
	b.r.t.Helper()
	res, err := b.c.Get(b.r.srv.URL + path)
	if err != nil {
		b.r.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Location"), string(body)
}

func (b *browser) post(path string, form url.Values) (int, string, string) {
	b.r.t.Helper()
	res, err := b.c.PostForm(b.r.srv.URL+path, form)
	if err != nil {
		b.r.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Location"), string(body)
}

var secretPattern = regexp.MustCompile(`id="secret">([A-Z2-7 ]+)<`)

func id(n int64) string { return strconv.FormatInt(n, 10) }
