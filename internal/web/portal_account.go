package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/citizen"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

// The portal account's pages: the account with its open sessions, the profile, the address.

type portalAccountData struct {
	Profile  *app.CitizenProfile
	Sessions []*store.CitizenSession
	Current  int64
	New      bool
}

func (s *Server) portalAccount(w http.ResponseWriter, r *http.Request) {
	p, err := s.svc.MyProfile(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sessions, err := s.svc.CitizenSessions(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := &page{Title: "Tài khoản", Data: portalAccountData{Profile: p, Sessions: sessions, Current: citizenFrom(r).Session.ID, New: r.URL.Query().Get("moi") != ""}}
	switch r.URL.Query().Get("da-luu") {
	case "thong-tin":
		pg.Notice = "Đã lưu thông tin cá nhân."
	case "dia-chi":
		pg.Notice = "Đã lưu địa chỉ mới; địa chỉ cũ được giữ trong lịch sử."
	case "phien":
		pg.Notice = "Đã kết thúc phiên đăng nhập."
	}
	s.render(w, r, http.StatusOK, "portal_account", pg)
}

func (s *Server) portalRevokeSession(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, r, errs.New(errs.NotFound, "session_not_found", "Không tìm thấy phiên đăng nhập.", "Session not found."))
		return
	}
	if err := s.svc.RevokeCitizenSession(r.Context(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	if id == citizenFrom(r).Session.ID {
		s.clearCookie(w, portalCookie, "/")
		http.Redirect(w, r, "/dang-nhap", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/tai-khoan?da-luu=phien", http.StatusSeeOther)
}

type profileData struct {
	Kind citizen.Kind
	Form url.Values
}

func (s *Server) portalProfilePage(w http.ResponseWriter, r *http.Request) {
	p, err := s.svc.MyProfile(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := url.Values{"full_name": {p.FullName}, "personal_id": {p.PersonalID}, "tax_code": {p.TaxCode}, "representative": {p.Representative}}
	if !p.BirthDate.IsZero() {
		f.Set("birth_date", p.BirthDate.Format(time.DateOnly))
	}
	s.render(w, r, http.StatusOK, "portal_profile", &page{Title: "Thông tin cá nhân", Data: profileData{Kind: p.Kind, Form: f}})
}

func (s *Server) portalProfileSubmit(w http.ResponseWriter, r *http.Request) {
	f := r.PostForm
	_, err := s.svc.UpdateMyProfile(r.Context(), citizen.Profile{FullName: f.Get("full_name"), PersonalID: f.Get("personal_id"),
		BirthDate: f.Get("birth_date"), TaxCode: f.Get("tax_code"), Representative: f.Get("representative")})
	if err != nil {
		s.renderFormError(w, r, "portal_profile", "Thông tin cá nhân", err, profileData{Kind: citizenFrom(r).Account.Kind, Form: f})
		return
	}
	http.Redirect(w, r, "/tai-khoan?da-luu=thong-tin", http.StatusSeeOther)
}

type addressData struct {
	Units   []*org.Unit
	Profile *app.CitizenProfile
	Form    url.Values
}

func (s *Server) addressData(r *http.Request, form url.Values) (addressData, error) {
	units, err := s.svc.AddressUnits(r.Context())
	if err != nil {
		return addressData{}, err
	}
	p, err := s.svc.MyProfile(r.Context())
	if err != nil {
		return addressData{}, err
	}
	if form == nil {
		form = url.Values{}
		if cur := p.Current(); cur != nil {
			form.Set("unit_id", strconv.FormatInt(cur.UnitID, 10))
			form.Set("detail", cur.Detail)
		}
	}
	return addressData{Units: units, Profile: p, Form: form}, nil
}

func (s *Server) portalAddressPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.addressData(r, nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "portal_address", &page{Title: "Địa chỉ", Data: d})
}

func (s *Server) portalAddressSubmit(w http.ResponseWriter, r *http.Request) {
	unitID, _ := strconv.ParseInt(r.PostFormValue("unit_id"), 10, 64)
	if _, err := s.svc.SetMyAddress(r.Context(), unitID, r.PostFormValue("detail")); err != nil {
		d, derr := s.addressData(r, r.PostForm)
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		s.renderFormError(w, r, "portal_address", "Địa chỉ", err, d)
		return
	}
	http.Redirect(w, r, "/tai-khoan?da-luu=dia-chi", http.StatusSeeOther)
}
