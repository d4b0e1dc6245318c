package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"strings"

	"github.com/boombuler/barcode/qr"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
)

// page wraps a handler that needs a fully signed-in official. Others are sent to sign in, or to
// the second-factor step they still owe. Forms posted may be 64 KiB at most.
func (s *Server) page(h http.HandlerFunc) http.HandlerFunc { return s.pageWithLimit(64<<10, h) }

// pageWithLimit is page with another size limit for posted forms.
func (s *Server) pageWithLimit(limit int64, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		a := authFrom(r)
		switch {
		case a == nil || a.Session == nil && a.Token == nil:
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/login?next="+safeNext(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.fail(w, r, errs.ErrUnauthorized)
			return
		case a.Step == app.StepTOTP:
			http.Redirect(w, r, "/login/totp", http.StatusSeeOther)
			return
		case a.Step == app.StepEnrol:
			http.Redirect(w, r, "/login/enrol", http.StatusSeeOther)
			return
		}
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, limit)
			if err := r.ParseForm(); err != nil {
				s.fail(w, r, errs.New(errs.Invalid, "invalid_form", "Biểu mẫu gửi lên không hợp lệ.", "Malformed form."))
				return
			}
		}
		h(w, r)
	}
}

func permission(p string) org.Permission { return org.Permission(p) }

func (s *Server) root(w http.ResponseWriter, r *http.Request) {
	if a := authFrom(r); a != nil && a.Step == app.StepDone {
		http.Redirect(w, r, "/home", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

type loginData struct {
	Username string
	Next     string
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	if a := authFrom(r); a != nil && a.Step == app.StepDone {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "login", &page{Title: "Đăng nhập", Data: loginData{Next: safeNext(r.URL.Query().Get("next"))}})
}

func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, errs.New(errs.Invalid, "invalid_form", "Biểu mẫu gửi lên không hợp lệ.", "Malformed form."))
		return
	}
	username, password := r.PostFormValue("username"), r.PostFormValue("password")
	next := safeNext(r.PostFormValue("next"))
	if strings.TrimSpace(username) == "" || password == "" {
		err := errs.Invalidf("username", "missing_credentials", "Vui lòng nhập tên đăng nhập và mật khẩu.", "Enter your username and password.")
		s.render(w, r, http.StatusBadRequest, "login", &page{Title: "Đăng nhập", Error: errs.Public(err), Data: loginData{Username: username, Next: next}})
		return
	}
	token, a, err := s.svc.SignIn(r.Context(), username, password, clientIP(r), r.UserAgent())
	if err != nil {
		if k := errs.KindOf(err); k != errs.Unauthorized && k != errs.TooMany {
			s.fail(w, r, err)
			return
		}
		s.render(w, r, statusOf(err), "login", &page{Title: "Đăng nhập", Error: errs.Public(err), Data: loginData{Username: username, Next: next}})
		return
	}
	s.setSessionCookie(w, token)
	switch a.Step {
	case app.StepTOTP:
		http.Redirect(w, r, "/login/totp?next="+next, http.StatusSeeOther)
	case app.StepEnrol:
		http.Redirect(w, r, "/login/enrol?next="+next, http.StatusSeeOther)
	default:
		http.Redirect(w, r, next, http.StatusSeeOther)
	}
}

// pending returns the sign-in waiting for step, or redirects and returns nil.
func (s *Server) pending(w http.ResponseWriter, r *http.Request, step app.Step) *app.Auth {
	a := authFrom(r)
	switch {
	case a == nil || a.Session == nil:
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return nil
	case a.Step != step:
		http.Redirect(w, r, "/home", http.StatusSeeOther)
		return nil
	}
	return a
}

func (s *Server) totpPage(w http.ResponseWriter, r *http.Request) {
	if s.pending(w, r, app.StepTOTP) == nil {
		return
	}
	s.render(w, r, http.StatusOK, "totp", &page{Title: "Xác thực hai lớp", Data: loginData{Next: safeNext(r.URL.Query().Get("next"))}})
}

func (s *Server) totpSubmit(w http.ResponseWriter, r *http.Request) {
	a := s.pending(w, r, app.StepTOTP)
	if a == nil {
		return
	}
	next := safeNext(r.PostFormValue("next"))
	if err := s.svc.VerifyTOTP(r.Context(), a, r.PostFormValue("code")); err != nil {
		if k := errs.KindOf(err); k != errs.Unauthorized && k != errs.TooMany {
			s.fail(w, r, err)
			return
		}
		s.render(w, r, statusOf(err), "totp", &page{Title: "Xác thực hai lớp", Error: errs.Public(err), Data: loginData{Next: next}})
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

type enrolData struct {
	Secret string
	QR     template.HTML
	Next   string
}

// enrolPage shows a fresh secret as a QR code (an inline SVG: no script, no image request) and as
// text for manual entry.
func (s *Server) enrolPage(w http.ResponseWriter, r *http.Request) {
	a := s.pending(w, r, app.StepEnrol)
	if a == nil {
		return
	}
	secret, url, err := s.svc.BeginTOTPEnrolment(r.Context(), a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	svg, err := qrSVG(url, "Mã QR để thêm tài khoản vào ứng dụng xác thực")
	if err != nil {
		s.fail(w, r, errs.Wrap(err, "qr"))
		return
	}
	s.render(w, r, http.StatusOK, "enrol", &page{Title: "Thiết lập xác thực hai lớp", Data: enrolData{Secret: groupSecret(secret), QR: svg, Next: safeNext(r.URL.Query().Get("next"))}})
}

func (s *Server) enrolSubmit(w http.ResponseWriter, r *http.Request) {
	a := s.pending(w, r, app.StepEnrol)
	if a == nil {
		return
	}
	next := safeNext(r.PostFormValue("next"))
	if err := s.svc.ConfirmTOTPEnrolment(r.Context(), a, r.PostFormValue("code")); err != nil {
		if k := errs.KindOf(err); k != errs.Unauthorized && k != errs.TooMany && k != errs.Conflict {
			s.fail(w, r, err)
			return
		}
		// Show a new secret with the error: the old one may have been seen by someone else.
		secret, url, err2 := s.svc.BeginTOTPEnrolment(r.Context(), a)
		if err2 != nil {
			s.fail(w, r, err2)
			return
		}
		svg, _ := qrSVG(url, "Mã QR để thêm tài khoản vào ứng dụng xác thực")
		s.render(w, r, statusOf(err), "enrol", &page{Title: "Thiết lập xác thực hai lớp", Error: errs.Public(err), Data: enrolData{Secret: groupSecret(secret), QR: svg, Next: next}})
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if a := authFrom(r); a != nil {
		if err := s.svc.SignOut(r.Context(), a); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.clearSessionCookie(w)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// groupSecret writes a base32 secret in groups of four for reading aloud or typing.
func groupSecret(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// qrSVG renders text as a QR code in SVG, one path, with a title for screen readers.
func qrSVG(text, title string) (template.HTML, error) {
	code, err := qr.Encode(text, qr.M, qr.Auto)
	if err != nil {
		return "", err
	}
	n := code.Bounds().Dx()
	const quiet = 4
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="240" height="240" role="img" aria-labelledby="qr-title" shape-rendering="crispEdges"><title id="qr-title">%s</title><rect width="100%%" height="100%%" fill="#fff"/><path fill="#000" d="`,
		n+2*quiet, n+2*quiet, template.HTMLEscapeString(title))
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			if r, _, _, _ := code.At(x, y).RGBA(); r == 0 {
				fmt.Fprintf(&b, "M%d %dh1v1h-1z", x+quiet, y+quiet)
			}
		}
	}
	b.WriteString(`"/></svg>`)
	return template.HTML(b.String()), nil
}
