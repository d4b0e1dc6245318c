package web

import (
	"net/http"
	"strings"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/errs"
)

// lookupPage is the public dossier lookup (tra cứu hồ sơ): the status of a dossier by its code,
// without personal data. The QR code printed on a receipt points to /tra-cuu/{code}.
type lookupPage struct {
	Code   string
	Result *app.PublicDossier
}

// lookup: GET /tra-cuu (a form, ?ma=CODE) and GET /tra-cuu/{code}.
func (s *Server) lookup(w http.ResponseWriter, r *http.Request) {
	code := strings.TrimSpace(r.PathValue("code"))
	if code == "" {
		code = strings.TrimSpace(r.URL.Query().Get("ma"))
	}
	p := &page{Title: "Tra cứu hồ sơ"}
	d := lookupPage{Code: code}
	status := http.StatusOK
	if code != "" {
		res, err := s.svc.LookupDossier(r.Context(), code)
		switch {
		case err == nil:
			d.Result = res
		case errs.KindOf(err) == errs.Invalid || errs.KindOf(err) == errs.NotFound:
			p.Error, status = errs.Public(err), statusOf(err)
		default:
			s.fail(w, r, err)
			return
		}
	}
	p.Data = d
	s.render(w, r, status, "lookup", p)
}
