package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/errs"
)

// The public lookup's details for the applicant: the timeline in plain words and the due date
// explained, never the ID number or the address. The visitor proves to be the applicant with the
// ID number (or tax code) on the dossier, or with a lookup link sent with a notification. A proof
// that does not match is answered as an unknown code is. Attempts with an ID number are limited
// per IP and per dossier code, on top of the lookup's own limit per IP.

// lookupDetails: POST /tra-cuu, the form with the code (ma) and the ID number (so_dinh_danh).
func (s *Server) lookupDetails(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, errs.New(errs.Invalid, "invalid_form", "Biểu mẫu gửi lên không hợp lệ.", "Malformed form."))
		return
	}
	code := strings.TrimSpace(r.PostForm.Get("ma"))
	s.lookupWithProof(w, r, code, app.LookupProofInput{IDNumber: r.PostForm.Get("so_dinh_danh")})
}

// lookupWithProof answers the page with the details, or as for an unknown code.
func (s *Server) lookupWithProof(w http.ResponseWriter, r *http.Request, code string, in app.LookupProofInput) {
	if err := s.limitProof(w, r, code, in); err != nil {
		s.fail(w, r, err)
		return
	}
	det, err := s.svc.LookupDossierDetails(r.Context(), code, in)
	d := lookupPage{Code: code}
	if err == nil {
		d.Result, d.Details = det.PublicDossier, det
	}
	s.renderLookup(w, r, d, err)
}

// limitProof takes an attempt from the proof limits: per IP, and per code for an ID number.
func (s *Server) limitProof(w http.ResponseWriter, r *http.Request, code string, in app.LookupProofInput) error {
	if err := limit(w, s.limits.lookupProofIP, clientIP(r)); err != nil {
		return err
	}
	if strings.TrimSpace(in.IDNumber) != "" {
		return limit(w, s.limits.lookupProofCode, strings.ToUpper(code))
	}
	return nil
}

type lookupProofJSON struct {
	IDNumber string `json:"id_number"`
	Token    string `json:"token"`
}

type timelineJSON struct {
	At            time.Time  `json:"at"`
	Action        string     `json:"action"`
	Text          string     `json:"text"`
	Message       string     `json:"message,omitempty"`
	FromOfficials bool       `json:"from_officials,omitempty"`
	Items         []string   `json:"items,omitempty"`
	NewDueAt      *time.Time `json:"new_due_at,omitempty"`
}

type publicDetailsJSON struct {
	publicDossierJSON
	DueNote  string         `json:"due_note"`
	Timeline []timelineJSON `json:"timeline"`
}

// apiPublicDossierDetails: POST /api/v1/public/dossiers/{code}/details.
func (s *Server) apiPublicDossierDetails(w http.ResponseWriter, r *http.Request) (int, any, error) {
	var in lookupProofJSON
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	proof := app.LookupProofInput{IDNumber: in.IDNumber, Token: in.Token}
	code := r.PathValue("code")
	if err := s.limitProof(w, r, code, proof); err != nil {
		return 0, nil, err
	}
	det, err := s.svc.LookupDossierDetails(r.Context(), code, proof)
	if err != nil {
		return 0, nil, err
	}
	out := publicDetailsJSON{publicDossierJSON: toPublicDossier(det.PublicDossier), DueNote: det.DueNote, Timeline: []timelineJSON{}}
	for _, e := range det.Timeline {
		out.Timeline = append(out.Timeline, timelineJSON{At: e.At, Action: e.Action, Text: e.Text, Message: e.Message,
			FromOfficials: e.FromOfficials, Items: e.Items, NewDueAt: vt(e.NewDueAt)})
	}
	return http.StatusOK, out, nil
}

func init() {
	openAPISchemas["LookupProof"] = obj(map[string]any{"id_number": str, "token": str})
	details := map[string]any{"code": str, "procedure_code": str, "procedure_name": str, "receiving_unit": str, "status": str,
		"status_label": str, "national_status": num, "received_at": dt, "due_at": dt, "processed_at": dt, "returned_at": dt,
		"due_note": str, "timeline": arr(obj(map[string]any{"at": dt, "action": str, "text": str, "message": str, "from_officials": bl,
			"items": arr(str), "new_due_at": dt}))}
	openAPISchemas["PublicDossierDetails"] = obj(details, "code", "status", "due_note", "timeline")
}
