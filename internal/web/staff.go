package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/audit"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

type staffData struct {
	Users []*org.User
	Query string
	Unit  string
}

func (s *Server) staffPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := store.UserFilter{Query: q.Get("q"), Limit: 200}
	if u := q.Get("unit"); u != "" {
		id, err := strconv.ParseInt(u, 10, 64)
		if err != nil {
			s.fail(w, r, errs.Invalidf("unit", "invalid_unit", "Mã đơn vị không hợp lệ.", "Invalid unit id."))
			return
		}
		f.UnitID = id
	}
	users, err := s.svc.Users(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "staff", &page{Title: "Cán bộ", Data: staffData{Users: users, Query: f.Query, Unit: q.Get("unit")}})
}

type staffNewData struct {
	Form  url.Values
	Units []*org.Unit
	Roles []org.Role
}

// manageableUnits lists the units valid today where the official may manage staff.
func (s *Server) manageableUnits(r *http.Request) ([]*org.Unit, error) {
	a := authFrom(r)
	var out []*org.Unit
	today := org.DateOf(s.svc.Clock().Now())
	for _, scope := range a.Actor.Scopes(org.PermManageStaff) {
		us, err := s.svc.Units(r.Context(), store.UnitFilter{Under: scope, On: today, Limit: 5000})
		if err != nil {
			return nil, err
		}
		out = append(out, us...)
	}
	return out, nil
}

func (s *Server) staffNewPage(w http.ResponseWriter, r *http.Request) {
	s.renderStaffNew(w, r, http.StatusOK, nil, url.Values{"unit_id": {r.URL.Query().Get("unit")}})
}

func (s *Server) renderStaffNew(w http.ResponseWriter, r *http.Request, status int, err error, form url.Values) {
	units, uerr := s.manageableUnits(r)
	if uerr != nil {
		s.fail(w, r, uerr)
		return
	}
	if len(units) == 0 {
		s.fail(w, r, errs.ErrForbidden)
		return
	}
	p := &page{Title: "Thêm cán bộ", Data: staffNewData{Form: form, Units: units, Roles: org.Roles}}
	if err != nil {
		p.Error = errs.Public(err)
	}
	s.render(w, r, status, "staff_new", p)
}

func (s *Server) staffCreate(w http.ResponseWriter, r *http.Request) {
	f := r.PostForm
	in := struct{ unit int64 }{}
	in.unit, _ = strconv.ParseInt(f.Get("unit_id"), 10, 64)
	nu := newUserFromForm(f, in.unit)
	u, err := s.svc.CreateUser(r.Context(), nu)
	if err != nil {
		if errs.KindOf(err) == errs.Invalid || errs.KindOf(err) == errs.NotFound {
			f.Del("password")
			s.renderStaffNew(w, r, statusOf(err), err, f)
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/staff/"+strconv.FormatInt(u.ID, 10), http.StatusSeeOther)
}

func newUserFromForm(f url.Values, unitID int64) app.NewUser {
	nu := app.NewUser{Username: f.Get("username"), FullName: f.Get("full_name"), Email: f.Get("email"), Password: f.Get("password"), UnitID: unitID}
	for _, r := range f["roles"] {
		nu.Roles = append(nu.Roles, org.Role(r))
	}
	return nu
}

type staffMemberData struct {
	User      *org.User
	CanManage bool
	Sessions  []*store.Session
	Tokens    []*store.Token
	Units     []*org.Unit
	Roles     []org.Role
	Notice    string
}

func (s *Server) staffMemberPage(w http.ResponseWriter, r *http.Request) {
	s.renderStaffMember(w, r, http.StatusOK, nil)
}

func (s *Server) renderStaffMember(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u, err := s.svc.User(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := staffMemberData{User: u, CanManage: s.svc.CanManage(r.Context(), u), Roles: org.Roles}
	if d.CanManage {
		if d.Sessions, err = s.svc.Sessions(r.Context(), id); err != nil {
			s.fail(w, r, err)
			return
		}
		if d.Tokens, err = s.svc.Tokens(r.Context(), id); err != nil {
			s.fail(w, r, err)
			return
		}
		if d.Units, err = s.manageableUnits(r); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	p := &page{Title: u.FullName, Data: d, Notice: r.URL.Query().Get("done")}
	if formErr != nil {
		p.Error = errs.Public(formErr)
	}
	s.render(w, r, status, "staff_member", p)
}

// staffAction runs one change on an official and shows the page again.
func (s *Server) staffAction(w http.ResponseWriter, r *http.Request, fn func(id int64) error) {
	id, err := pathID(r)
	if err == nil {
		err = fn(id)
	}
	if err != nil {
		if k := errs.KindOf(err); k == errs.Invalid || k == errs.Conflict {
			s.renderStaffMember(w, r, statusOf(err), err)
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/staff/"+strconv.FormatInt(id, 10)+"?done=1", http.StatusSeeOther)
}

func formGrant(r *http.Request) (int64, org.Role, error) {
	unit, err := strconv.ParseInt(r.PostFormValue("unit_id"), 10, 64)
	if err != nil {
		return 0, "", errs.Invalidf("unit_id", "invalid_unit", "Vui lòng chọn đơn vị.", "Choose a unit.")
	}
	return unit, org.Role(r.PostFormValue("role")), nil
}

func (s *Server) staffGrant(w http.ResponseWriter, r *http.Request) {
	s.staffAction(w, r, func(id int64) error {
		unit, role, err := formGrant(r)
		if err != nil {
			return err
		}
		return s.svc.Grant(r.Context(), id, unit, role)
	})
}

func (s *Server) staffRevoke(w http.ResponseWriter, r *http.Request) {
	s.staffAction(w, r, func(id int64) error {
		unit, role, err := formGrant(r)
		if err != nil {
			return err
		}
		return s.svc.Revoke(r.Context(), id, unit, role)
	})
}

func (s *Server) staffDisable(w http.ResponseWriter, r *http.Request) {
	s.staffAction(w, r, func(id int64) error { return s.svc.SetDisabled(r.Context(), id, true) })
}

func (s *Server) staffEnable(w http.ResponseWriter, r *http.Request) {
	s.staffAction(w, r, func(id int64) error { return s.svc.SetDisabled(r.Context(), id, false) })
}

func (s *Server) staffPassword(w http.ResponseWriter, r *http.Request) {
	s.staffAction(w, r, func(id int64) error { return s.svc.ResetPassword(r.Context(), id, r.PostFormValue("password")) })
}

func (s *Server) staffTOTPReset(w http.ResponseWriter, r *http.Request) {
	s.staffAction(w, r, func(id int64) error { return s.svc.ResetTOTP(r.Context(), id) })
}

func (s *Server) staffRevokeSession(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		err = s.svc.RevokeSession(r.Context(), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}

func (s *Server) staffRevokeToken(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		err = s.svc.RevokeToken(r.Context(), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}

type auditData struct {
	Records []*audit.Record
	Filter  url.Values
	Next    string // query string of the next (older) page
}

// auditFilter reads the audit filters shared by the page and the API: actor, action (exact or a
// prefix ending in '.'), object_type, object_id, from and to (dates, inclusive, Vietnam time),
// before (sequence number, for paging) and limit.
func auditFilter(q url.Values) (store.AuditFilter, error) {
	f := store.AuditFilter{Actor: q.Get("actor"), Action: q.Get("action"), ObjectType: q.Get("object_type"), ObjectID: q.Get("object_id")}
	if v := q.Get("from"); v != "" {
		d, err := org.ParseDate(v)
		if err != nil {
			return f, errs.Invalidf("from", "invalid_date", errs.Public(err).Message, errs.Public(err).English)
		}
		f.From = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, vietnam)
	}
	if v := q.Get("to"); v != "" {
		d, err := org.ParseDate(v)
		if err != nil {
			return f, errs.Invalidf("to", "invalid_date", errs.Public(err).Message, errs.Public(err).English)
		}
		f.To = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, vietnam).AddDate(0, 0, 1)
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		return f, errs.Invalidf("to", "invalid_period", "Ngày kết thúc phải sau ngày bắt đầu.", "The end date must not precede the start date.")
	}
	for name, dst := range map[string]*int64{"before": &f.BeforeSeq} {
		if v := q.Get(name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n <= 0 {
				return f, errs.Invalidf(name, "invalid_number", "Số thứ tự không hợp lệ.", "Invalid sequence number.")
			}
			*dst = n
		}
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 || n > 500 {
			return f, errs.Invalidf("limit", "invalid_limit", "Số bản ghi mỗi trang phải từ 1 đến 500.", "limit must be 1 to 500.")
		}
		f.Limit = n
	}
	return f, nil
}

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f, err := auditFilter(q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if f.Limit == 0 {
		f.Limit = 50
	}
	recs, err := s.svc.AuditRecords(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := auditData{Records: recs, Filter: q}
	if len(recs) == f.Limit {
		nq := url.Values{}
		for k, v := range q {
			nq[k] = v
		}
		nq.Set("before", strconv.FormatInt(recs[len(recs)-1].Seq, 10))
		d.Next = nq.Encode()
	}
	s.render(w, r, http.StatusOK, "audit", &page{Title: "Nhật ký hệ thống", Data: d})
}
