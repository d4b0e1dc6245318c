package web

import (
	"net/http"
	"strconv"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.New(errs.NotFound, "not_found", "Không tìm thấy.", "Not found.")
	}
	return id, nil
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	d := s.homeReminders(r)
	d.Delivery = s.homeDelivery(r)
	s.render(w, r, http.StatusOK, "home", &page{Title: "Trang chủ", Data: d})
}

type accountData struct {
	Sessions []*store.Session
	Tokens   []*store.Token
	Current  int64
}

func (s *Server) account(w http.ResponseWriter, r *http.Request) {
	a := authFrom(r)
	ss, err := s.svc.Sessions(r.Context(), a.User.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ts, err := s.svc.Tokens(r.Context(), a.User.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var cur int64
	if a.Session != nil {
		cur = a.Session.ID
	}
	s.render(w, r, http.StatusOK, "account", &page{Title: "Tài khoản", Data: accountData{ss, ts, cur}})
}

func (s *Server) accountRevokeSession(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		err = s.svc.RevokeSession(r.Context(), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/account", http.StatusSeeOther)
}

// treeNode is a unit with its children for the side-by-side tree.
type treeNode struct {
	Unit     *org.Unit
	Children []*treeNode
}

type unitsData struct {
	Left, Right   string
	LeftTree      []*treeNode
	RightTree     []*treeNode
	LeftN, RightN int
	Query         string
	Found         []*org.Unit
}

var treeKinds = []org.Kind{org.KindCity, org.KindDepartment, org.KindDistrict, org.KindCommune}

func buildTree(us []*org.Unit) []*treeNode {
	nodes := map[int64]*treeNode{}
	for _, u := range us {
		nodes[u.ID] = &treeNode{Unit: u}
	}
	var roots []*treeNode
	for _, u := range us {
		if p, ok := nodes[u.ParentID]; ok {
			p.Children = append(p.Children, nodes[u.ID])
		} else {
			roots = append(roots, nodes[u.ID])
		}
	}
	return roots
}

// unitsPage shows the unit tree on two dates side by side (by default the last day before the
// 2025 reform and today), and a search over all versions.
func (s *Server) unitsPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	d := unitsData{Left: q.Get("left"), Right: q.Get("right"), Query: q.Get("q")}
	if d.Left == "" {
		d.Left = "2025-06-30"
	}
	if d.Right == "" {
		d.Right = org.DateOf(s.svc.Clock().Now()).String()
	}
	left, err := org.ParseDate(d.Left)
	if err != nil {
		s.fail(w, r, errs.Invalidf("left", "invalid_date", errs.Public(err).Message, errs.Public(err).English))
		return
	}
	right, err := org.ParseDate(d.Right)
	if err != nil {
		s.fail(w, r, errs.Invalidf("right", "invalid_date", errs.Public(err).Message, errs.Public(err).English))
		return
	}
	if d.Query != "" {
		if d.Found, err = s.svc.Units(r.Context(), store.UnitFilter{Query: d.Query, Limit: 100}); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	lu, err := s.svc.UnitTree(r.Context(), left, treeKinds)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ru, err := s.svc.UnitTree(r.Context(), right, treeKinds)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.LeftTree, d.RightTree, d.LeftN, d.RightN = buildTree(lu), buildTree(ru), len(lu), len(ru)
	s.render(w, r, http.StatusOK, "units", &page{Title: "Đơn vị hành chính và cơ quan", Data: d})
}

type unitData struct {
	*app.UnitDetail
	Calendar  string
	Calendars []app.CalendarInfo
	CanManage bool
	Kinds     []org.Kind
	Form      map[string]string
}

func (s *Server) unitPage(w http.ResponseWriter, r *http.Request) {
	s.renderUnit(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderUnit(w http.ResponseWriter, r *http.Request, status int, formErr error, form map[string]string) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.svc.Unit(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a := authFrom(r)
	ud := unitData{UnitDetail: d, CanManage: a.Actor.Can(org.PermManageUnits, d.Unit.Path), Kinds: org.Kinds, Form: form}
	if ud.Calendar, err = s.svc.UnitCalendar(r.Context(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	if ud.CanManage {
		if ud.Calendars, err = s.svc.Calendars(r.Context()); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	p := &page{Title: d.Unit.Name, Data: ud}
	if formErr != nil {
		p.Error = errs.Public(formErr)
	}
	s.render(w, r, status, "unit", p)
}

func (s *Server) unitCreateChild(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := r.PostForm
	form := map[string]string{"name": f.Get("name"), "short_name": f.Get("short_name"), "kind": f.Get("kind"), "organ_id": f.Get("organ_id"), "gso_code": f.Get("gso_code"), "valid_from": f.Get("valid_from")}
	u := &org.Unit{ParentID: id, Name: form["name"], ShortName: form["short_name"], Kind: org.Kind(form["kind"]), OrganID: form["organ_id"], GSOCode: form["gso_code"]}
	if u.ValidFrom, err = org.ParseDate(form["valid_from"]); err != nil {
		err = errs.Invalidf("valid_from", "invalid_date", errs.Public(err).Message, errs.Public(err).English)
	} else {
		err = s.svc.CreateUnit(r.Context(), u)
	}
	if err != nil {
		if errs.KindOf(err) == errs.Invalid {
			s.renderUnit(w, r, http.StatusBadRequest, err, form)
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/units/"+strconv.FormatInt(u.ID, 10), http.StatusSeeOther)
}

func (s *Server) unitClose(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	to, err := org.ParseDate(r.PostFormValue("valid_to"))
	if err != nil {
		err = errs.Invalidf("valid_to", "invalid_date", errs.Public(err).Message, errs.Public(err).English)
	} else {
		err = s.svc.CloseUnit(r.Context(), id, to)
	}
	if err != nil {
		if errs.KindOf(err) == errs.Invalid || errs.KindOf(err) == errs.Conflict {
			s.renderUnit(w, r, statusOf(err), err, nil)
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/units/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
