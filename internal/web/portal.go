package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/citizen"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/oidcclient"
)

// The portal's accounts (Cổng dịch vụ công): registration, sign-in with a password or through
// the identity provider, sign-out. Portal sessions use their own cookie and tokens; an
// official's session is no portal session and the other way round.

const (
	portalCookie   = "egov_portal"
	registerCookie = "egov_dang_ky"
	oidcCookie     = "egov_oidc"
	portalHome     = "/ho-so-cua-toi"
)

type citizenWebKey struct{}

// authenticateCitizen finds the portal account of the request's portal cookie, if any, and
// keeps it for citizenPage and the layout. It refuses nobody.
func (s *Server) authenticateCitizen(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(portalCookie)
		if err != nil || (isAPI(r) && !strings.HasPrefix(r.URL.Path, portalAPIPrefix)) || strings.HasPrefix(r.URL.Path, "/static/") ||
			citizenFrom(r) != nil {
			next.ServeHTTP(w, r)
			return
		}
		a, err := s.svc.AuthenticateCitizen(r.Context(), c.Value)
		switch {
		case errs.KindOf(err) == errs.Unauthorized:
			s.clearCookie(w, portalCookie, "/")
		case err != nil:
			s.fail(w, r, err)
			return
		default:
			r = r.WithContext(context.WithValue(r.Context(), citizenWebKey{}, a))
		}
		next.ServeHTTP(w, r)
	})
}

// citizenFrom returns the signed-in portal account of the request, or nil.
func citizenFrom(r *http.Request) *app.CitizenAuth {
	c, _ := r.Context().Value(citizenWebKey{}).(*app.CitizenAuth)
	return c
}

// citizenPage wraps a handler for a signed-in portal account: others are sent to the portal's
// sign-in page. The handler's context carries the account (and no official).
func (s *Server) citizenPage(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c := citizenFrom(r)
		if c == nil {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/dang-nhap?next="+url.QueryEscape(portalNext(r.URL.RequestURI())), http.StatusSeeOther)
				return
			}
			s.fail(w, r, errs.ErrUnauthorized)
			return
		}
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
			if err := r.ParseForm(); err != nil {
				s.fail(w, r, errs.New(errs.Invalid, "invalid_form", "Biểu mẫu gửi lên không hợp lệ.", "Malformed form."))
				return
			}
		}
		h(w, r.WithContext(app.WithCitizen(r.Context(), c)))
	}
}

// portalNext keeps a post-sign-in redirect on the portal's pages.
func portalNext(next string) string {
	for _, p := range []string{"/ho-so-cua-toi", "/tai-khoan", "/nop-ho-so"} {
		if next == p || strings.HasPrefix(next, p+"/") || strings.HasPrefix(next, p+"?") {
			return next
		}
	}
	return portalHome
}

func (s *Server) setCookie(w http.ResponseWriter, name, value, path string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: path, HttpOnly: true, Secure: s.cfg.Secure,
		SameSite: http.SameSiteLaxMode, MaxAge: maxAge})
}

func (s *Server) clearCookie(w http.ResponseWriter, name, path string) {
	s.setCookie(w, name, "", path, -1)
}

// parsePortalForm reads a small posted form of a public portal page.
func parsePortalForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		return errs.New(errs.Invalid, "invalid_form", "Biểu mẫu gửi lên không hợp lệ.", "Malformed form.")
	}
	return nil
}

type portalForm struct {
	Form     url.Values
	Next     string
	OIDCName string // the identity provider's button, "" when none is configured
}

func (s *Server) portalForm(r *http.Request, form url.Values, next string) portalForm {
	f := portalForm{Form: form, Next: portalNext(next)}
	if f.Form == nil {
		f.Form = url.Values{}
	}
	if s.cfg.OIDC != nil {
		f.OIDCName = s.cfg.OIDC.Name()
	}
	return f
}

// renderFormError shows a form again with the error: 400 for bad input, 401, 409, 429.
func (s *Server) renderFormError(w http.ResponseWriter, r *http.Request, name, title string, err error, data any) {
	switch errs.KindOf(err) {
	case errs.Invalid, errs.Unauthorized, errs.TooMany, errs.Conflict, errs.NotFound:
		s.render(w, r, statusOf(err), name, &page{Title: title, Error: errs.Public(err), Data: data})
	default:
		s.fail(w, r, err)
	}
}

func (s *Server) registerPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "portal_register", &page{Title: "Đăng ký tài khoản", Data: s.portalForm(r, url.Values{"kind": {"person"}}, "")})
}

func (s *Server) registerSubmit(w http.ResponseWriter, r *http.Request) {
	if err := parsePortalForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	form := r.PostForm
	data := s.portalForm(r, url.Values{"kind": {form.Get("kind")}, "full_name": {form.Get("full_name")}, "contact": {form.Get("contact")}}, "")
	// Per address every attempt counts; per contact only those that send a message, so that
	// nobody's phone or mailbox is flooded.
	err := limit(w, s.limits.registerIP, clientIP(r))
	email, phone, _ := citizen.ParseContact(form.Get("contact"))
	if err == nil && email+phone != "" {
		err = limitPeek(w, s.limits.registerContact, email+phone)
	}
	var token string
	if err == nil {
		token, _, err = s.svc.Register(r.Context(), app.RegistrationInput{Kind: citizen.Kind(form.Get("kind")), FullName: form.Get("full_name"),
			Contact: form.Get("contact"), Password: form.Get("password")})
		if err == nil {
			s.limits.registerContact.allow(email + phone)
		}
	}
	if err != nil {
		s.renderFormError(w, r, "portal_register", "Đăng ký tài khoản", err, data)
		return
	}
	s.setCookie(w, registerCookie, token, "/dang-ky", int(app.RegistrationTTL.Seconds()))
	http.Redirect(w, r, "/dang-ky/xac-minh", http.StatusSeeOther)
}

func (s *Server) verifyPage(w http.ResponseWriter, r *http.Request) {
	if _, err := r.Cookie(registerCookie); err != nil {
		http.Redirect(w, r, "/dang-ky", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "portal_verify", &page{Title: "Xác minh tài khoản", Data: s.portalForm(r, nil, "")})
}

func (s *Server) verifySubmit(w http.ResponseWriter, r *http.Request) {
	if err := parsePortalForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	c, _ := r.Cookie(registerCookie)
	err := limit(w, s.limits.verifyIP, clientIP(r))
	var token string
	if err == nil {
		if c == nil {
			http.Redirect(w, r, "/dang-ky", http.StatusSeeOther)
			return
		}
		token, _, err = s.svc.VerifyRegistration(r.Context(), c.Value, r.PostFormValue("code"), clientIP(r), r.UserAgent())
	}
	if err != nil {
		s.renderFormError(w, r, "portal_verify", "Xác minh tài khoản", err, s.portalForm(r, nil, ""))
		return
	}
	s.clearCookie(w, registerCookie, "/dang-ky")
	s.setCookie(w, portalCookie, token, "/", int(app.SessionMax.Seconds()))
	http.Redirect(w, r, "/tai-khoan?moi=1", http.StatusSeeOther)
}

func (s *Server) portalLoginPage(w http.ResponseWriter, r *http.Request) {
	next := r.URL.Query().Get("next")
	if citizenFrom(r) != nil {
		http.Redirect(w, r, portalNext(next), http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "portal_login", &page{Title: "Đăng nhập", Data: s.portalForm(r, nil, next)})
}

func (s *Server) portalLoginSubmit(w http.ResponseWriter, r *http.Request) {
	if err := parsePortalForm(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	next := r.PostFormValue("next")
	data := s.portalForm(r, url.Values{"contact": {r.PostFormValue("contact")}}, next)
	err := limit(w, s.limits.loginIP, clientIP(r))
	var token string
	if err == nil {
		if strings.TrimSpace(r.PostFormValue("contact")) == "" || r.PostFormValue("password") == "" {
			err = errs.Invalidf("contact", "missing_credentials", "Vui lòng nhập email hoặc số điện thoại và mật khẩu.", "Enter your email or phone number and your password.")
		} else {
			token, _, err = s.svc.SignInCitizen(r.Context(), r.PostFormValue("contact"), r.PostFormValue("password"), clientIP(r), r.UserAgent())
		}
	}
	if err != nil {
		s.renderFormError(w, r, "portal_login", "Đăng nhập", err, data)
		return
	}
	s.setCookie(w, portalCookie, token, "/", int(app.SessionMax.Seconds()))
	http.Redirect(w, r, data.Next, http.StatusSeeOther)
}

func (s *Server) portalLogout(w http.ResponseWriter, r *http.Request) {
	if err := s.svc.SignOutCitizen(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	s.clearCookie(w, portalCookie, "/")
	http.Redirect(w, r, "/dang-nhap", http.StatusSeeOther)
}

// oidcRedirectURL is this site's callback address for the identity provider.
func (s *Server) oidcRedirectURL(r *http.Request) string {
	base := strings.TrimSuffix(s.cfg.PublicURL, "/")
	if base == "" {
		scheme := "http"
		if r.TLS != nil || s.cfg.Secure {
			scheme = "https"
		}
		base = scheme + "://" + r.Host
	}
	return base + "/dang-nhap/oidc/callback"
}

// oidcStart sends the browser to the identity provider, keeping the attempt's state, nonce and
// PKCE verifier in a short-lived cookie only this site reads.
func (s *Server) oidcStart(w http.ResponseWriter, r *http.Request) {
	if s.cfg.OIDC == nil {
		s.fail(w, r, errs.ErrNotFound)
		return
	}
	if err := limit(w, s.limits.loginIP, clientIP(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	u, flow, err := s.cfg.OIDC.Begin(r.Context(), s.oidcRedirectURL(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	flow.Next = portalNext(r.URL.Query().Get("next"))
	s.setCookie(w, oidcCookie, flow.Encode(), "/dang-nhap/oidc", 600)
	http.Redirect(w, r, u, http.StatusSeeOther)
}

// oidcCallback completes the sign-in: the state must match the cookie's, the ID token must be
// valid and carry the cookie's nonce. The cookie is used once.
func (s *Server) oidcCallback(w http.ResponseWriter, r *http.Request) {
	if s.cfg.OIDC == nil {
		s.fail(w, r, errs.ErrNotFound)
		return
	}
	s.clearCookie(w, oidcCookie, "/dang-nhap/oidc")
	var flow oidcclient.Flow
	if c, err := r.Cookie(oidcCookie); err == nil {
		flow, _ = oidcclient.DecodeFlow(c.Value)
	}
	q := r.URL.Query()
	claims, err := s.cfg.OIDC.Finish(r.Context(), flow, s.oidcRedirectURL(r), q.Get("state"), q.Get("code"), q.Get("error"))
	var token string
	if err == nil {
		token, _, err = s.svc.SignInWithOIDC(r.Context(), app.OIDCClaims{Issuer: claims.Issuer, Subject: claims.Subject, Name: claims.Name,
			Email: claims.Email, EmailVerified: claims.EmailVerified, Phone: claims.Phone, PhoneVerified: claims.PhoneVerified,
			PersonalID: claims.PersonalID, BirthDate: claims.BirthDate}, clientIP(r), r.UserAgent())
	}
	if err != nil {
		if errs.KindOf(err) == errs.Internal {
			s.log.Error("oidc sign-in", "err", err, "request_id", app.RequestIDFrom(r.Context()))
		}
		s.renderFormError(w, r, "portal_login", "Đăng nhập", err, s.portalForm(r, nil, flow.Next))
		return
	}
	s.setCookie(w, portalCookie, token, "/", int(app.SessionMax.Seconds()))
	http.Redirect(w, r, portalNext(flow.Next), http.StatusSeeOther)
}

var fieldIDPattern = regexp.MustCompile(`^[a-z][a-z0-9_.]*$`)

// ErrorHref links the error summary to the field the error is about, when there is one.
func (p *page) ErrorHref() string {
	if p.Error != nil && fieldIDPattern.MatchString(p.Error.Field) {
		return "#" + p.Error.Field
	}
	return ""
}

// Aria returns the attributes that tie an input to its hint (id field-hint, when hint) and to
// its error message (id field-error), and mark it invalid when the page's error is about it.
func (p *page) Aria(field string, hint bool) template.HTMLAttr {
	var ids []string
	if hint {
		ids = append(ids, field+"-hint")
	}
	bad := p.FieldError(field) != ""
	if bad {
		ids = append(ids, field+"-error")
	}
	var b strings.Builder
	if len(ids) > 0 {
		b.WriteString(`aria-describedby="` + template.HTMLEscapeString(strings.Join(ids, " ")) + `"`)
	}
	if bad {
		b.WriteString(` aria-invalid="true"`)
	}
	return template.HTMLAttr(b.String())
}
