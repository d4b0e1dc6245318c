package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/catalog"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

// The portal account's dossiers ("Hồ sơ của tôi") and a simple online submission: choose a
// procedure offered online, then its variant, the documents and the desk, on one page each.

func (s *Server) myDossiers(w http.ResponseWriter, r *http.Request) {
	ds, err := s.svc.MyDossiers(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "portal_dossiers", &page{Title: "Hồ sơ của tôi", Data: ds})
}

func (s *Server) myDossier(w http.ResponseWriter, r *http.Request) {
	d, err := s.svc.MyDossier(r.Context(), r.PathValue("code"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := &page{Title: "Hồ sơ " + d.Code, Data: d}
	if r.URL.Query().Get("da-nop") != "" {
		p.Notice = "Đã nộp hồ sơ. Bộ phận một cửa sẽ kiểm tra và tiếp nhận; ngày hẹn trả được tính từ khi tiếp nhận."
	}
	s.render(w, r, http.StatusOK, "portal_dossier", p)
}

func (s *Server) submitChoosePage(w http.ResponseWriter, r *http.Request) {
	vs, err := s.svc.OnlineProcedures(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "portal_submit", &page{Title: "Nộp hồ sơ trực tuyến", Data: vs})
}

type submitData struct {
	Version *store.VersionRow
	Variant *catalog.Variant // nil until chosen
	Desks   []*org.Unit
	Form    url.Values
}

func (s *Server) submitData(r *http.Request, form url.Values) (*submitData, error) {
	v, err := s.svc.OnlineProcedure(r.Context(), r.PathValue("code"))
	if err != nil {
		return nil, err
	}
	desks, err := s.svc.PortalDesks(r.Context())
	if err != nil {
		return nil, err
	}
	return &submitData{Version: v, Variant: v.Variant(form.Get("variant")), Desks: desks, Form: form}, nil
}

func (s *Server) submitFormPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.submitData(r, r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if d.Variant != nil && len(d.Form["component"]) == 0 {
		// Tick the required documents to begin with.
		for _, c := range d.Variant.Components {
			if c.Required {
				d.Form.Add("component", c.Code)
			}
		}
	}
	s.render(w, r, http.StatusOK, "portal_submit_form", &page{Title: "Nộp hồ sơ " + d.Version.NationalCode, Data: d})
}

func (s *Server) submitFormPost(w http.ResponseWriter, r *http.Request) {
	f := r.PostForm
	unitID, _ := strconv.ParseInt(f.Get("unit_id"), 10, 64)
	row, err := s.svc.SubmitDossier(r.Context(), app.SubmissionInput{ProcedureCode: r.PathValue("code"), Variant: f.Get("variant"),
		Components: f["component"], UnitID: unitID})
	if err != nil {
		d, derr := s.submitData(r, f)
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		s.renderFormError(w, r, "portal_submit_form", "Nộp hồ sơ "+d.Version.NationalCode, err, d)
		return
	}
	http.Redirect(w, r, "/ho-so-cua-toi/"+url.PathEscape(row.Code)+"?da-nop=1", http.StatusSeeOther)
}
