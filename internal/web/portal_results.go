package web

import (
	"net/http"
)

// The applicant downloads the signed result of an own dossier from "Hồ sơ của tôi".

// myDossierResult: GET /ho-so-cua-toi/{code}/ket-qua/{sig}.
func (s *Server) myDossierResult(w http.ResponseWriter, r *http.Request) {
	row, data, err := s.svc.MySignedResult(r.Context(), r.PathValue("code"), r.PathValue("sig"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeFile(w, fileBody{"application/pdf", asciiName(row.Name), data, true})
}

// apiMySignedResult: GET /api/v1/portal/dossiers/{code}/signatures/{sig}/file.
func (s *Server) apiMySignedResult(r *http.Request) (int, any, error) {
	row, data, err := s.svc.MySignedResult(r.Context(), r.PathValue("code"), r.PathValue("sig"))
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, fileBody{"application/pdf", asciiName(row.Name), data, true}, nil
}
