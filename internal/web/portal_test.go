package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/catalog"
	"github.com/egov-vn/egov/internal/oidcclient"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
	"github.com/egov-vn/egov/internal/web"
)

// portalOutbox keeps the verification messages the portal sends.
type portalOutbox struct {
	mu   sync.Mutex
	last map[string]string
}

var sixDigits = regexp.MustCompile(`\b\d{6}\b`)

func (o *portalOutbox) code(to string) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return sixDigits.FindString(o.last[to])
}

// newPortalRig is the rig serving the portal too, with the demo catalogue, messages kept in an
// outbox, and the identity provider p (nil for none).
func newPortalRig(t *testing.T, db *store.DB, p *provider) (*rig, *portalOutbox) {
	t.Helper()
	r := newRig(t, db)
	f, err := catalog.Demo()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.svc.ImportProcedures(sys, f, "H24"); err != nil {
		t.Fatal(err)
	}
	o := &portalOutbox{last: map[string]string{}}
	r.svc.SetCodeSender(func(_ context.Context, m app.CodeMessage) error {
		o.mu.Lock()
		defer o.mu.Unlock()
		o.last[m.To] = m.Text
		return nil
	})
	cfg := web.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Version: "test"}
	if p != nil {
		cfg.OIDC = oidcclient.New(oidcclient.Config{Issuer: p.issuer, ClientID: providerClientID, ClientSecret: providerClientSecret, Name: "VNeID"})
	}
	r.srv.Close()
	r.srv = httptest.NewServer(web.New(r.svc, cfg))
	t.Cleanup(r.srv.Close)
	if p != nil {
		p.store.client.setRedirect(r.srv.URL + "/dang-nhap/oidc/callback")
	}
	return r, o
}

// register registers an account through the pages and returns the signed-in browser.
func register(t *testing.T, r *rig, o *portalOutbox, kind, name, contact string) *browser {
	t.Helper()
	b := r.browser()
	st, loc, body := b.post("/dang-ky", url.Values{"kind": {kind}, "full_name": {name}, "contact": {contact}, "password": {testPassword}})
	if st != http.StatusSeeOther || loc != "/dang-ky/xac-minh" {
		t.Fatalf("register %s: %d %s %s", contact, st, loc, body)
	}
	st, loc, body = b.post("/dang-ky/xac-minh", url.Values{"code": {o.code(contact)}})
	if st != http.StatusSeeOther || loc != "/tai-khoan?moi=1" {
		t.Fatalf("verify %s: %d %s %s", contact, st, loc, body)
	}
	return b
}

func cookieOf(b *browser, name string) string {
	u, _ := url.Parse(b.r.srv.URL)
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

// TestPortalAccounts walks the portal through its pages: registration with bad input and
// without telling who has an account, the code, sign-in, profile and address (audited), an
// online submission and "my dossiers", sessions, and the wall between officials and citizens.
func TestPortalAccounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r, o := newPortalRig(t, db, nil)
		anon := r.browser()
		if st, _, body := anon.get("/dang-ky"); st != 200 || !strings.Contains(body, "Đăng ký tài khoản dịch vụ công") {
			t.Fatalf("register page: %d", st)
		}
		for _, c := range []struct {
			form  url.Values
			code  string
			field string
		}{
			{url.Values{"kind": {"person"}, "full_name": {"Nguyễn Văn An"}, "contact": {"an@example.vn"}, "password": {"ngan"}}, "weak_password", "password"},
			{url.Values{"kind": {"person"}, "full_name": {"Nguyễn Văn An"}, "contact": {"an@"}, "password": {testPassword}}, "invalid_contact", "contact"},
			{url.Values{"kind": {"person"}, "full_name": {"Nguyễn Văn An"}, "contact": {"0112345678"}, "password": {testPassword}}, "invalid_contact", "contact"},
			{url.Values{"kind": {"ai-do"}, "full_name": {"Nguyễn Văn An"}, "contact": {"an@example.vn"}, "password": {testPassword}}, "invalid_account_kind", "kind"},
		} {
			st, _, body := anon.post("/dang-ky", c.form)
			if st != http.StatusBadRequest || !strings.Contains(body, c.code) || !strings.Contains(body, `href="#`+c.field+`"`) {
				t.Errorf("%v: %d, want 400 %s linked to #%s", c.form, st, c.code, c.field)
			}
			if c.field != "kind" && !strings.Contains(body, `aria-describedby="`+c.field+`-hint `+c.field+`-error" aria-invalid="true"`) {
				t.Errorf("%s: the field is not marked invalid", c.code)
			}
		}
		head := r.head()

		// Registration, a wrong code, the right one.
		b := r.browser()
		if st, loc, _ := b.post("/dang-ky", url.Values{"kind": {"person"}, "full_name": {"Nguyễn Văn An"}, "contact": {"an@example.vn"}, "password": {testPassword}}); st != 303 || loc != "/dang-ky/xac-minh" {
			t.Fatalf("register: %d %s", st, loc)
		}
		if st, _, body := b.post("/dang-ky/xac-minh", url.Values{"code": {"000000"}}); st != 400 || !strings.Contains(body, "invalid_code") {
			t.Errorf("wrong code: %d", st)
		}
		if r.head() != head {
			t.Error("a registration not yet verified changed the audit log")
		}
		if st, loc, _ := b.post("/dang-ky/xac-minh", url.Values{"code": {o.code("an@example.vn")}}); st != 303 || loc != "/tai-khoan?moi=1" {
			t.Fatalf("verify: %d %s", st, loc)
		}
		if st, _, body := b.get("/tai-khoan"); st != 200 || !strings.Contains(body, "Nguyễn Văn An") || !strings.Contains(body, "an@example.vn") {
			t.Fatalf("account page: %d", st)
		}

		// The same email again answers exactly as a new one does, and can never be completed.
		answer := func(contact string) (int, string, string) {
			x := r.browser()
			st, loc, _ := x.post("/dang-ky", url.Values{"kind": {"person"}, "full_name": {"Người Khác"}, "contact": {contact}, "password": {"Mat-khau-khac-9"}})
			_, _, page := x.get(loc)
			page = regexp.MustCompile(`[0-9a-f]{16}`).ReplaceAllString(page, "")
			if contact == "an@example.vn" {
				if st, _, _ := x.post("/dang-ky/xac-minh", url.Values{"code": {o.code("an@example.vn")}}); st != 400 {
					t.Errorf("a taken email was registered again: %d", st)
				}
			}
			return st, loc, page
		}
		s1, l1, p1 := answer("an@example.vn")
		s2, l2, p2 := answer("moi@example.vn")
		if s1 != s2 || l1 != l2 || p1 != p2 {
			t.Errorf("registration tells a taken email apart: %d %s vs %d %s", s1, l1, s2, l2)
		}

		// Sign-in: wrong password and unknown account give the same page.
		x := r.browser()
		st1, _, wrong := x.post("/dang-nhap", url.Values{"contact": {"an@example.vn"}, "password": {"Sai-mat-khau-1"}})
		st2, _, unknown := x.post("/dang-nhap", url.Values{"contact": {"khong-ai@example.vn"}, "password": {"Sai-mat-khau-1"}})
		strip := func(s string) string { return regexp.MustCompile(`[0-9a-f]{16}|value="[^"]*"`).ReplaceAllString(s, "") }
		if st1 != 401 || st2 != 401 || strip(wrong) != strip(unknown) || !strings.Contains(wrong, "invalid_credentials") {
			t.Errorf("sign-in tells accounts apart: %d %d", st1, st2)
		}
		if st, loc, _ := x.post("/dang-nhap", url.Values{"contact": {"AN@example.vn"}, "password": {testPassword}, "next": {"/tai-khoan"}}); st != 303 || loc != "/tai-khoan" {
			t.Fatalf("sign-in: %d %s", st, loc)
		}
		if st, loc, _ := x.post("/dang-nhap", url.Values{"contact": {"an@example.vn"}, "password": {testPassword}, "next": {"//evil.example"}}); st != 303 || loc != "/ho-so-cua-toi" {
			t.Errorf("next off the portal: %d %s", st, loc)
		}

		// Profile: bad ID refused and nothing changes; a good one audited.
		head = r.head()
		st, _, body := b.post("/tai-khoan/thong-tin", url.Values{"full_name": {"Nguyễn Văn An"}, "personal_id": {"999203012345"}})
		if st != 400 || !strings.Contains(body, "unknown_province") || !strings.Contains(body, `href="#personal_id"`) {
			t.Errorf("bad personal ID: %d", st)
		}
		if r.head() != head {
			t.Error("a refused profile change was audited")
		}
		if st, loc, _ := b.post("/tai-khoan/thong-tin", url.Values{"full_name": {"Nguyễn Văn An"}, "personal_id": {"001203012345"}, "birth_date": {"2003-01-15"}}); st != 303 || loc != "/tai-khoan?da-luu=thong-tin" {
			t.Fatalf("profile: %d %s", st, loc)
		}
		recs, err := r.svc.AuditRecords(sys, store.AuditFilter{Limit: 5})
		if err != nil || recs[0].Action != "citizen.profile" || !strings.Contains(recs[0].After, "001203012345") || !strings.HasPrefix(recs[0].Actor, "citizen:") {
			t.Errorf("profile change not audited: %v %+v", err, recs[0])
		}

		// Address: the picker lists communes in force only.
		_, _, body = b.get("/tai-khoan/dia-chi")
		if !strings.Contains(body, "Phường Ba Đình") || strings.Contains(body, "Phường Hàng Trống") || strings.Contains(body, "Trung tâm Phục vụ") {
			t.Error("the address picker lists more than the communes in force")
		}
		if st, loc, _ := b.post("/tai-khoan/dia-chi", url.Values{"unit_id": {id(r.units["A"].ID)}, "detail": {"12 phố Đội Cấn"}}); st != 303 || loc != "/tai-khoan?da-luu=dia-chi" {
			t.Fatalf("address: %d %s", st, loc)
		}
		if st, _, body := b.post("/tai-khoan/dia-chi", url.Values{"unit_id": {id(r.units["oldB"].ID)}, "detail": {"1 Hàng Trống"}}); st != 400 || !strings.Contains(body, "invalid_address_unit") {
			t.Errorf("a closed unit as address: %d", st)
		}

		// Submission and "my dossiers".
		if _, _, body := b.get("/nop-ho-so"); !strings.Contains(body, `href="/nop-ho-so/1.004873"`) {
			t.Fatal("the procedure offered online is not listed")
		}
		code := submitThroughWizard(t, r, b)
		if st, _, body := b.get("/ho-so-cua-toi/" + code + "?ok=nop"); st != 200 || !strings.Contains(body, "Mới đăng ký") || !strings.Contains(body, "Đã nộp hồ sơ") {
			t.Errorf("dossier page: %d", st)
		}
		if _, _, body := b.get("/ho-so-cua-toi"); !strings.Contains(body, code) {
			t.Error("my dossiers does not list the submission")
		}
		other := register(t, r, o, "business", "Công ty TNHH Sen Vàng", "0987654321")
		if st, _, _ := other.get("/ho-so-cua-toi/" + code); st != 404 {
			t.Errorf("another account opened the dossier: %d", st)
		}
		if _, _, body := other.get("/ho-so-cua-toi"); strings.Contains(body, code) {
			t.Error("another account lists the dossier")
		}
		if st, _, body := other.post("/tai-khoan/thong-tin", url.Values{"full_name": {"Công ty TNHH Sen Vàng"}, "tax_code": {"0100109107"}, "representative": {"Phạm Văn Dũng"}}); st != 400 || !strings.Contains(body, "tax_code_checksum") {
			t.Errorf("wrong tax code: %d", st)
		}

		// Sessions: the registration's and the sign-in's; one ends the other.
		_, _, body = b.get("/tai-khoan")
		cards := regexp.MustCompile(`(?s)<li class="card">(.*?)</li>`).FindAllStringSubmatch(body, -1)
		if len(cards) != 3 {
			t.Fatalf("sessions listed: %d", len(cards))
		}
		formID := regexp.MustCompile(`action="/tai-khoan/phien/(\d+)/ket-thuc"`)
		for _, c := range cards {
			sid := formID.FindStringSubmatch(c[1])[1]
			if strings.Contains(c[1], "Phiên này") {
				continue
			}
			if st, _, _ := other.post("/tai-khoan/phien/"+sid+"/ket-thuc", nil); st != 404 {
				t.Errorf("another account ended a session: %d", st)
			}
			if st, loc, _ := b.post("/tai-khoan/phien/"+sid+"/ket-thuc", nil); st != 303 || loc != "/tai-khoan?da-luu=phien" {
				t.Fatalf("end session: %d %s", st, loc)
			}
		}
		if st, loc, _ := x.get("/tai-khoan"); st != 303 || !strings.HasPrefix(loc, "/dang-nhap") {
			t.Errorf("ended session still works: %d %s", st, loc)
		}

		// Officials and citizens do not cross.
		official := r.browser()
		if st, loc, _ := official.post("/login", url.Values{"username": {"reception-a"}, "password": {testPassword}}); st != 303 || loc != "/home" {
			t.Fatalf("official sign-in: %d %s", st, loc)
		}
		if st, loc, _ := official.get("/ho-so-cua-toi"); st != 303 || !strings.HasPrefix(loc, "/dang-nhap") {
			t.Errorf("an official's session opened the citizen's pages: %d %s", st, loc)
		}
		if st, loc, _ := b.get("/ho-so"); st != 303 || !strings.HasPrefix(loc, "/login") {
			t.Errorf("a citizen's session opened the officials' work list: %d %s", st, loc)
		}
		if st, _, _ := b.get("/ho-so/" + code); st != 303 {
			t.Errorf("a citizen's session opened the officials' dossier page: %d", st)
		}
		citizenToken, officialToken := cookieOf(b, "egov_portal"), cookieOf(official, "egov_session")
		swap := func(name, value, path string) int {
			jar, _ := cookiejar.New(nil)
			u, _ := url.Parse(r.srv.URL)
			jar.SetCookies(u, []*http.Cookie{{Name: name, Value: value, Path: "/"}})
			c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			res, err := c.Get(r.srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			return res.StatusCode
		}
		if st := swap("egov_session", citizenToken, "/home"); st != 303 {
			t.Errorf("a citizen's token as an official's session: %d", st)
		}
		if st := swap("egov_portal", officialToken, "/tai-khoan"); st != 303 {
			t.Errorf("an official's token as a portal session: %d", st)
		}
		if st, _ := r.call(citizenToken, "GET", "/api/v1/me", nil); st != 401 {
			t.Errorf("a citizen's token on the API: %d", st)
		}

		// Sign-out.
		if st, loc, _ := b.post("/dang-xuat", nil); st != 303 || loc != "/dang-nhap" {
			t.Errorf("sign-out: %d %s", st, loc)
		}
		if _, err := r.svc.AuthenticateCitizen(context.Background(), citizenToken); err == nil {
			t.Error("the session works after sign-out")
		}
	})
}

// TestPortalRateLimits: sign-in, registration and lookup answer 429 with a Vietnamese message
// once a client has tried too often.
func TestPortalRateLimits(t *testing.T) {
	r, _ := newPortalRig(t, storetest.SQLite(t), nil)
	b := r.browser()
	for i := range 20 {
		if st, _, _ := b.post("/dang-nhap", url.Values{"contact": {"khong-phai-email"}, "password": {"x"}}); st != 400 {
			t.Fatalf("attempt %d: %d", i, st)
		}
	}
	res, err := b.c.PostForm(r.srv.URL+"/dang-nhap", url.Values{"contact": {"an@example.vn"}, "password": {testPassword}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 429 || res.Header.Get("Retry-After") == "" || !strings.Contains(string(body), "Bạn đã thử quá nhiều lần") || !strings.Contains(string(body), "rate_limited") {
		t.Errorf("sign-in limit: %d %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
	for i := range 20 {
		if st, _, _ := b.post("/dang-ky", url.Values{"kind": {"person"}, "full_name": {"Nguyễn Văn An"}, "contact": {"an@"}, "password": {testPassword}}); st != 400 {
			t.Fatalf("registration %d: %d", i, st)
		}
	}
	if st, _, body := b.post("/dang-ky", url.Values{"kind": {"person"}, "full_name": {"Nguyễn Văn An"}, "contact": {"an@example.vn"}, "password": {testPassword}}); st != 429 || !strings.Contains(body, "rate_limited") {
		t.Errorf("registration limit: %d", st)
	}
	// One contact: three registrations, then the limit, whatever the address.
	c := r.browser()
	r2, _ := newPortalRig(t, storetest.SQLite(t), nil)
	c.r = r2
	for i := range 3 {
		if st, _, _ := c.post("/dang-ky", url.Values{"kind": {"person"}, "full_name": {"Nguyễn Văn An"}, "contact": {"0912345678"}, "password": {testPassword}}); st != 303 {
			t.Fatalf("registration %d of one phone: %d", i, st)
		}
	}
	if st, _, body := c.post("/dang-ky", url.Values{"kind": {"person"}, "full_name": {"Nguyễn Văn An"}, "contact": {"+84 912 345 678"}, "password": {testPassword}}); st != 429 || !strings.Contains(body, "Vui lòng đợi") {
		t.Errorf("per-contact registration limit: %d", st)
	}
	var last int
	for range 61 {
		last, _, _ = b.get("/tra-cuu/000.01.90.H24-260302-0001")
	}
	if last != 429 {
		t.Errorf("lookup limit: %d", last)
	}
}
