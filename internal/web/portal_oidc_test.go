package web_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

var huongAtProvider = providerUser{Subject: "vneid-0001", Password: "mat-khau-vneid", Name: "Nguyễn Thị Hương", Email: "huong@example.vn",
	Phone: "+84912000111", PersonalID: "001199012345", BirthDate: "1999-05-04"}

// oidcBrowser is a cookie-keeping client that follows redirects, except to the paths in stop.
type oidcBrowser struct {
	t *testing.T
	c *http.Client
}

func newOIDCBrowser(t *testing.T, stop ...string) *oidcBrowser {
	jar, _ := cookiejar.New(nil)
	return &oidcBrowser{t: t, c: &http.Client{Jar: jar, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		for _, p := range stop {
			if req.URL.Path == p {
				return http.ErrUseLastResponse
			}
		}
		return nil
	}}}
}

func (b *oidcBrowser) do(method, u string, form url.Values) (*http.Response, string) {
	b.t.Helper()
	var res *http.Response
	var err error
	if method == "POST" {
		res, err = b.c.PostForm(u, form)
	} else {
		res, err = b.c.Get(u)
	}
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

// signInAtProvider starts at egov's button, and signs in on the provider's own page. It returns
// the last response: egov's page when redirects are followed to the end.
func (b *oidcBrowser) signInAtProvider(r *rig, p *provider, u providerUser) (*http.Response, string) {
	b.t.Helper()
	res, body := b.do("GET", r.srv.URL+"/dang-nhap/oidc?next=/tai-khoan", nil)
	if !strings.HasPrefix(res.Request.URL.String(), p.issuer+"/login") || !strings.Contains(body, "Đăng nhập định danh điện tử") {
		b.t.Fatalf("not at the provider's login page: %s", res.Request.URL)
	}
	id := res.Request.URL.Query().Get("authRequestID")
	return b.do("POST", p.issuer+"/login", url.Values{"authRequestID": {id}, "username": {u.Subject}, "password": {u.Password}})
}

// TestPortalOIDC signs in through a real OpenID Connect provider started by the test: the first
// sign-in creates the account from the claims (with the personal ID checked), the next one finds
// it by (issuer, subject); a callback with a wrong state, an ID token with another nonce and a
// token signed with a foreign key are refused and change nothing.
func TestPortalOIDC(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		p := newProvider(t, huongAtProvider, providerUser{Subject: "vneid-0002", Password: "mat-khau-2", Name: "Trần Văn Sai", PersonalID: "999199012345"})
		r, _ := newPortalRig(t, db, p)
		if _, _, body := r.browser().get("/dang-nhap"); !strings.Contains(body, `href="/dang-nhap/oidc?next=%2fho-so-cua-toi"`) || !strings.Contains(body, "Đăng nhập bằng VNeID") {
			t.Fatal("no provider button on the sign-in page")
		}

		b := newOIDCBrowser(t)
		res, body := b.signInAtProvider(r, p, huongAtProvider)
		if res.StatusCode != 200 || res.Request.URL.Path != "/tai-khoan" || !strings.Contains(body, "Nguyễn Thị Hương") {
			t.Fatalf("after sign-in: %d %s", res.StatusCode, res.Request.URL)
		}
		for _, want := range []string{"huong@example.vn", "0912000111", "001199012345", "04/05/1999", "Qua nhà cung cấp định danh"} {
			if !strings.Contains(body, want) {
				t.Errorf("account page lacks %q", want)
			}
		}
		// The second sign-in finds the same account.
		b2 := newOIDCBrowser(t)
		if res, body := b2.signInAtProvider(r, p, huongAtProvider); res.Request.URL.Path != "/tai-khoan" || strings.Count(body, `class="card"`) != 2 {
			t.Errorf("second sign-in: %s, %d sessions", res.Request.URL, strings.Count(body, `class="card"`))
		}
		// An invalid personal ID from the provider is left out; the account is still made.
		b3 := newOIDCBrowser(t)
		if res, body := b3.signInAtProvider(r, p, providerUser{Subject: "vneid-0002", Password: "mat-khau-2"}); res.Request.URL.Path != "/tai-khoan" || strings.Contains(body, "999199012345") {
			t.Errorf("invalid personal ID claim: %s", res.Request.URL)
		}
		head := r.head()

		refused := func(name, code string, setup func(), tamper func(q url.Values)) {
			t.Helper()
			setup()
			defer p.store.set(func(s *opStore) { s.tamperNonce, s.signWithForeign = false, false })
			x := newOIDCBrowser(t, "/dang-nhap/oidc/callback")
			res, _ := x.signInAtProvider(r, p, huongAtProvider)
			loc, err := url.Parse(res.Header.Get("Location"))
			if res.StatusCode != http.StatusFound || err != nil || loc.Path != "/dang-nhap/oidc/callback" || loc.Query().Get("code") == "" {
				t.Fatalf("%s: the provider did not send the browser back: %d %s", name, res.StatusCode, loc)
			}
			q := loc.Query()
			tamper(q)
			loc.RawQuery = q.Encode()
			res, body := x.do("GET", loc.String(), nil)
			if res.StatusCode != http.StatusUnauthorized || !strings.Contains(body, code) || res.Request.URL.Path != "/dang-nhap/oidc/callback" {
				t.Errorf("%s: %d at %s, want 401 %s", name, res.StatusCode, res.Request.URL.Path, code)
			}
			if st, _, _ := (&browser{r: r, c: &http.Client{Jar: x.c.Jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}).get("/tai-khoan"); st != http.StatusSeeOther {
				t.Errorf("%s: signed in anyway (%d)", name, st)
			}
		}
		none := func() {}
		keep := func(url.Values) {}
		refused("wrong state", "oidc_state_mismatch", none, func(q url.Values) { q.Set("state", "trang-thai-gia") })
		refused("no state", "oidc_state_mismatch", none, func(q url.Values) { q.Del("state") })
		refused("tampered nonce", "oidc_nonce_mismatch", func() { p.store.set(func(s *opStore) { s.tamperNonce = true }) }, keep)
		refused("foreign signature", "oidc_invalid_token", func() { p.store.set(func(s *opStore) { s.signWithForeign = true }) }, keep)
		refused("code not from this flow", "oidc_exchange_failed", none, func(q url.Values) { q.Set("code", "ma-gia") })

		// A callback without the flow's cookie (another browser) is refused too.
		if st, _, body := r.browser().get("/dang-nhap/oidc/callback?state=x&code=y"); st != 401 || !strings.Contains(body, "oidc_state_mismatch") {
			t.Errorf("callback without a flow: %d", st)
		}
		if r.head() != head {
			t.Error("a refused sign-in changed something")
		}
	})
}
