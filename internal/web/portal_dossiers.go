package web

import (
	"net/http"
	"net/url"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/errs"
)

// The portal account's dossiers ("Hồ sơ của tôi"): the list with the drafts to resume, and a
// dossier's page with its timeline in plain words, the due date explained, the officials'
// messages, and the applicant's actions: upload what a supplement request asks for and send it,
// or withdraw the dossier with a reason.

type myDossiersData struct {
	Drafts   []*app.Draft
	Dossiers any
}

func (s *Server) myDossiers(w http.ResponseWriter, r *http.Request) {
	ds, err := s.svc.MyDossiers(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	drafts, err := s.svc.MyDrafts(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "portal_dossiers", &page{Title: "Hồ sơ của tôi", Data: &myDossiersData{Drafts: drafts, Dossiers: ds}})
}

func (s *Server) myDossier(w http.ResponseWriter, r *http.Request) {
	s.renderMyDossier(w, r, http.StatusOK, nil)
}

// renderMyDossier shows the dossier page, with err (an Invalid or Conflict of an action) when
// there is one.
func (s *Server) renderMyDossier(w http.ResponseWriter, r *http.Request, status int, err error) {
	d, derr := s.svc.MyDossier(r.Context(), r.PathValue("code"))
	if derr != nil {
		s.fail(w, r, derr)
		return
	}
	p := &page{Title: "Hồ sơ " + d.Code, Data: d}
	switch r.URL.Query().Get("ok") {
	case "nop":
		p.Notice = "Đã nộp hồ sơ. Mã hồ sơ của bạn là " + d.Code + "."
	case "tep":
		p.Notice = "Đã tải lên giấy tờ. Khi đủ giấy tờ, hãy bấm “Gửi bổ sung”."
	case "bo-sung":
		p.Notice = "Đã gửi giấy tờ bổ sung."
	case "rut":
		p.Notice = "Đã gửi đề nghị rút hồ sơ."
	}
	if err != nil {
		p.Error = errs.Public(err)
		p.Notice = ""
	}
	s.render(w, r, status, "portal_dossier", p)
}

// myDossierAction answers a posted action on the dossier page: back to the page, or the page
// with the error by its field.
func (s *Server) myDossierAction(w http.ResponseWriter, r *http.Request, ok string, err error) {
	if err != nil {
		switch errs.KindOf(err) {
		case errs.Invalid, errs.Conflict:
			s.renderMyDossier(w, r, statusOf(err), err)
		default:
			s.fail(w, r, err)
		}
		return
	}
	http.Redirect(w, r, "/ho-so-cua-toi/"+url.PathEscape(r.PathValue("code"))+"?ok="+ok, http.StatusSeeOther)
}

func (s *Server) myDossierUpload(w http.ResponseWriter, r *http.Request) {
	in, err := readUpload(r)
	if err == nil {
		_, err = s.svc.AttachMyFile(r.Context(), r.PathValue("code"), in.ComponentCode, in.Name, in.Data)
	}
	if e := errs.Public(err); e != nil && (e.Field == "file" || e.Field == "") {
		err = asField(err, "file."+in.ComponentCode)
	}
	s.myDossierAction(w, r, "tep", err)
}

func (s *Server) myDossierSupplement(w http.ResponseWriter, r *http.Request) {
	_, err := s.svc.SupplementMyDossier(r.Context(), r.PathValue("code"), r.PostForm.Get("note"))
	s.myDossierAction(w, r, "bo-sung", err)
}

func (s *Server) myDossierWithdraw(w http.ResponseWriter, r *http.Request) {
	_, err := s.svc.WithdrawMyDossier(r.Context(), r.PathValue("code"), r.PostForm.Get("reason"))
	s.myDossierAction(w, r, "rut", err)
}

func (s *Server) myDossierFile(w http.ResponseWriter, r *http.Request) {
	id, err := app.DraftID(r.PathValue("id"))
	if err != nil {
		s.fail(w, r, errs.ErrNotFound)
		return
	}
	f, data, err := s.svc.MyFileContent(r.Context(), r.PathValue("code"), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeFile(w, fileBody{f.ContentType, asciiName(f.Name), data, true})
}
