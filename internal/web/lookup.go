package web

import (
	"net/http"
	"strings"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/errs"
)

// lookupPage is the public dossier lookup (tra cứu hồ sơ): the status of a dossier by its code,
// without personal data. The QR code printed on a receipt points to /tra-cuu/{code}. The
// applicant sees the details too (lookup_details.go): with the ID number, or the link sent with
// each notification (/tra-cuu/{code}?t=TOKEN).
type lookupPage struct {
	Code    string
	Result  *app.PublicDossier
	Details *app.DossierDetails
}

// lookup: GET /tra-cuu (a form, ?ma=CODE) and GET /tra-cuu/{code}[?t=TOKEN].
func (s *Server) lookup(w http.ResponseWriter, r *http.Request) {
	code := strings.TrimSpace(r.PathValue("code"))
	if code == "" {
		code = strings.TrimSpace(r.URL.Query().Get("ma"))
	}
	if token := r.URL.Query().Get("t"); token != "" && code != "" {
		s.lookupWithProof(w, r, code, app.LookupProofInput{Token: token})
		return
	}
	var res *app.PublicDossier
	var err error
	if code != "" {
		res, err = s.svc.LookupDossier(r.Context(), code)
	}
	s.renderLookup(w, r, lookupPage{Code: code, Result: res}, err)
}

// renderLookup shows the lookup page with d, or with err when it is an Invalid or NotFound.
func (s *Server) renderLookup(w http.ResponseWriter, r *http.Request, d lookupPage, err error) {
	p := &page{Title: "Tra cứu hồ sơ"}
	status := http.StatusOK
	switch {
	case err == nil:
	case errs.KindOf(err) == errs.Invalid || errs.KindOf(err) == errs.NotFound:
		p.Error, status = errs.Public(err), statusOf(err)
		d.Result, d.Details = nil, nil
	default:
		s.fail(w, r, err)
		return
	}
	p.Data = d
	s.render(w, r, status, "lookup", p)
}
