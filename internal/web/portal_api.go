package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/store"
)

// The portal's JSON API under /api/v1/portal/: a portal account's own dossiers and drafts. The
// caller is a portal account, by its session token as a bearer token (egc_…, the token of the
// portal cookie) or by the portal cookie itself; officials' tokens are refused here, and a
// portal token everywhere else.

const portalAPIPrefix = "/api/v1/portal/"

// portalCreated are the portal API's POST routes that answer 201 Created.
var portalCreated = map[string]bool{"/api/v1/portal/drafts": true, "/api/v1/portal/drafts/{id}/files": true,
	"/api/v1/portal/drafts/{id}/submit": true, "/api/v1/portal/dossiers/{code}/files": true}

// handleCitizenAPI registers an API route for portal accounts.
func (s *Server) handleCitizenAPI(rt apiRoute, fn apiFunc) {
	s.api = append(s.api, rt)
	s.mux.HandleFunc(rt.Method+" "+rt.Path, func(w http.ResponseWriter, r *http.Request) {
		c := citizenFrom(r)
		if c == nil {
			s.fail(w, r, errs.ErrUnauthorized)
			return
		}
		s.serveAPI(w, r.WithContext(app.WithCitizen(r.Context(), c)), rt, fn)
	})
}

type portalDossierSummaryJSON struct {
	Code           string    `json:"code"`
	ProcedureCode  string    `json:"procedure_code"`
	ProcedureName  string    `json:"procedure_name"`
	State          string    `json:"state"`
	NationalStatus int       `json:"national_status"`
	StatusName     string    `json:"status_name"`
	SubmittedAt    time.Time `json:"submitted_at,omitzero"`
	DueAt          time.Time `json:"due_at,omitzero"`
}

func toPortalSummary(d *store.DossierRow) portalDossierSummaryJSON {
	return portalDossierSummaryJSON{Code: d.Code, ProcedureCode: d.ProcedureCode, ProcedureName: d.ProcedureName, State: string(d.State),
		NationalStatus: int(d.NationalStatus), StatusName: d.NationalStatus.Name(), SubmittedAt: d.SubmittedAt, DueAt: d.DueAt}
}

type portalComponentJSON struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	Required bool   `json:"required"`
	Provided bool   `json:"provided"`
}

type portalFileJSON struct {
	ID          int64     `json:"id"`
	Component   string    `json:"component"`
	Name        string    `json:"name"`
	Size        int64     `json:"size"`
	ContentType string    `json:"content_type"`
	SHA256      string    `json:"sha256"`
	UploadedAt  time.Time `json:"uploaded_at"`
}

type portalDossierJSON struct {
	portalDossierSummaryJSON
	ReceivingUnit string                `json:"receiving_unit"`
	ReceivedAt    time.Time             `json:"received_at,omitzero"`
	DueNote       string                `json:"due_note"`
	Applicant     app.Applicant         `json:"applicant"`
	Components    []portalComponentJSON `json:"components"`
	Files         []portalFileJSON      `json:"files"`
	Form          map[string]string     `json:"form,omitempty"`
	Timeline      []app.TimelineEntry   `json:"timeline"`
	Requested     []string              `json:"requested,omitempty"`
	Allowed       []dossier.Action      `json:"allowed"`
}

func toPortalDossier(d *app.CitizenDossier) portalDossierJSON {
	j := portalDossierJSON{portalDossierSummaryJSON: toPortalSummary(d.DossierRow), ReceivingUnit: d.Receiving.Name, ReceivedAt: d.ReceivedAt,
		DueNote: d.DueNote, Applicant: app.Applicant{Name: d.ApplicantName, IDNumber: d.ApplicantIDNumber, Address: d.ApplicantAddress,
			Phone: d.ApplicantPhone, Email: d.ApplicantEmail}, Components: []portalComponentJSON{}, Files: []portalFileJSON{},
		Form: d.Form, Timeline: d.Timeline, Requested: d.Requested, Allowed: d.Allowed}
	if !d.ApplicantBirthDate.IsZero() {
		j.Applicant.BirthDate = d.ApplicantBirthDate.Format(time.DateOnly)
	}
	if j.Allowed == nil {
		j.Allowed = []dossier.Action{}
	}
	for _, c := range d.Components {
		j.Components = append(j.Components, portalComponentJSON{c.Code, c.Name, c.Required, c.Provided})
	}
	for _, f := range d.Files {
		if f.Kind == app.FileComponent {
			j.Files = append(j.Files, portalFileJSON{f.ID, f.ComponentCode, f.Name, f.Size, f.ContentType, f.SHA256, f.UploadedAt})
		}
	}
	return j
}

type draftFileJSON struct {
	ID          int64     `json:"id"`
	Component   string    `json:"component"`
	Name        string    `json:"name"`
	Size        int64     `json:"size"`
	ContentType string    `json:"content_type"`
	SHA256      string    `json:"sha256"`
	UploadedAt  time.Time `json:"uploaded_at"`
}

func toDraftFile(f *store.DraftFileRow) draftFileJSON {
	return draftFileJSON{f.ID, f.Slot, f.Name, f.Size, f.ContentType, f.SHA256, f.UploadedAt}
}

type draftJSON struct {
	ID            int64             `json:"id"`
	ProcedureCode string            `json:"procedure_code"`
	ProcedureName string            `json:"procedure_name"`
	Variant       string            `json:"variant"`
	UnitID        int64             `json:"unit_id,omitempty"`
	Values        map[string]string `json:"values"`
	Sources       map[string]string `json:"sources"`
	Files         []draftFileJSON   `json:"files"`
	CreatedAt     time.Time         `json:"created_at"`
	UpdatedAt     time.Time         `json:"updated_at"`
}

func toDraft(d *app.Draft) draftJSON {
	j := draftJSON{ID: d.ID, ProcedureCode: d.ProcedureCode, ProcedureName: d.Version.Name, Variant: d.VariantCode, UnitID: d.UnitID,
		Values: d.Values, Sources: d.Sources, Files: []draftFileJSON{}, CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt}
	for _, f := range d.Files {
		j.Files = append(j.Files, toDraftFile(f))
	}
	return j
}

func (s *Server) apiMyDossiers(r *http.Request) (int, any, error) {
	ds, err := s.svc.MyDossiers(r.Context())
	if err != nil {
		return 0, nil, err
	}
	drafts, err := s.svc.MyDrafts(r.Context())
	if err != nil {
		return 0, nil, err
	}
	out := map[string]any{"dossiers": []portalDossierSummaryJSON{}, "drafts": []draftJSON{}}
	list := out["dossiers"].([]portalDossierSummaryJSON)
	for _, d := range ds {
		list = append(list, toPortalSummary(d))
	}
	dl := out["drafts"].([]draftJSON)
	for _, d := range drafts {
		dl = append(dl, toDraft(d))
	}
	out["dossiers"], out["drafts"] = list, dl
	return http.StatusOK, out, nil
}

func (s *Server) myDossierJSON(r *http.Request, status int) (int, any, error) {
	d, err := s.svc.MyDossier(r.Context(), r.PathValue("code"))
	if err != nil {
		return 0, nil, err
	}
	return status, toPortalDossier(d), nil
}

func (s *Server) apiMyDossier(r *http.Request) (int, any, error) {
	return s.myDossierJSON(r, http.StatusOK)
}

func (s *Server) apiMyDossierUpload(r *http.Request) (int, any, error) {
	in, err := readUpload(r)
	if err != nil {
		return 0, nil, err
	}
	f, err := s.svc.AttachMyFile(r.Context(), r.PathValue("code"), in.ComponentCode, in.Name, in.Data)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, toFile(strings.TrimSpace(r.PathValue("code")), f), nil
}

func (s *Server) apiMyDossierFile(r *http.Request) (int, any, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return 0, nil, errs.New(errs.NotFound, "unknown_file", "Hồ sơ không có tệp này.", "The dossier has no such file.")
	}
	f, data, err := s.svc.MyFileContent(r.Context(), r.PathValue("code"), id)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, fileBody{f.ContentType, asciiName(f.Name), data, true}, nil
}

func (s *Server) apiMySupplement(r *http.Request) (int, any, error) {
	var in struct {
		Note string `json:"note"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	if _, err := s.svc.SupplementMyDossier(r.Context(), r.PathValue("code"), in.Note); err != nil {
		return 0, nil, err
	}
	return s.myDossierJSON(r, http.StatusOK)
}

func (s *Server) apiMyWithdraw(r *http.Request) (int, any, error) {
	var in struct {
		Reason string `json:"reason"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	if _, err := s.svc.WithdrawMyDossier(r.Context(), r.PathValue("code"), in.Reason); err != nil {
		return 0, nil, err
	}
	return s.myDossierJSON(r, http.StatusOK)
}

func (s *Server) apiMyDrafts(r *http.Request) (int, any, error) {
	ds, err := s.svc.MyDrafts(r.Context())
	if err != nil {
		return 0, nil, err
	}
	out := []draftJSON{}
	for _, d := range ds {
		out = append(out, toDraft(d))
	}
	return http.StatusOK, map[string]any{"drafts": out}, nil
}

func (s *Server) apiCreateDraft(r *http.Request) (int, any, error) {
	var in app.DraftStart
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	d, err := s.svc.CreateDraft(r.Context(), in)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, toDraft(d), nil
}

func draftIDOf(r *http.Request) (int64, error) { return app.DraftID(r.PathValue("id")) }

func (s *Server) apiMyDraft(r *http.Request) (int, any, error) {
	id, err := draftIDOf(r)
	if err != nil {
		return 0, nil, err
	}
	d, err := s.svc.MyDraft(r.Context(), id)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, toDraft(d), nil
}

func (s *Server) apiUpdateDraft(r *http.Request) (int, any, error) {
	id, err := draftIDOf(r)
	if err != nil {
		return 0, nil, err
	}
	var in app.DraftUpdate
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	d, err := s.svc.UpdateDraft(r.Context(), id, in)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, toDraft(d), nil
}

func (s *Server) apiDeleteDraft(r *http.Request) (int, any, error) {
	id, err := draftIDOf(r)
	if err != nil {
		return 0, nil, err
	}
	if err := s.svc.DeleteDraft(r.Context(), id); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, map[string]any{"done": true}, nil
}

func (s *Server) apiDraftUpload(r *http.Request) (int, any, error) {
	id, err := draftIDOf(r)
	if err != nil {
		return 0, nil, err
	}
	in, err := readUpload(r)
	if err != nil {
		return 0, nil, err
	}
	f, err := s.svc.AttachDraftFile(r.Context(), id, in.ComponentCode, in.Name, in.Data)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, toDraftFile(f), nil
}

func (s *Server) apiDraftRemoveFile(r *http.Request) (int, any, error) {
	id, err := draftIDOf(r)
	if err != nil {
		return 0, nil, err
	}
	fileID, _ := strconv.ParseInt(r.PathValue("file"), 10, 64)
	if err := s.svc.RemoveDraftFile(r.Context(), id, fileID); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, map[string]any{"done": true}, nil
}

func (s *Server) apiSubmitDraft(r *http.Request) (int, any, error) {
	id, err := draftIDOf(r)
	if err != nil {
		return 0, nil, err
	}
	row, err := s.svc.SubmitDraft(r.Context(), id)
	if err != nil {
		return 0, nil, err
	}
	r.SetPathValue("code", row.Code)
	return s.myDossierJSON(r, http.StatusCreated)
}

func init() {
	strMap := map[string]any{"type": "object", "additionalProperties": str}
	summary := map[string]any{"code": str, "procedure_code": str, "procedure_name": str, "state": str, "national_status": num,
		"status_name": str, "submitted_at": dt, "due_at": dt}
	draftFile := obj(map[string]any{"id": num, "component": str, "name": str, "size": num, "content_type": str, "sha256": str, "uploaded_at": dt})
	draft := obj(map[string]any{"id": num, "procedure_code": str, "procedure_name": str, "variant": str, "unit_id": num,
		"values": strMap, "sources": map[string]any{"type": "object", "additionalProperties": str,
			"description": "where a pre-filled value came from: \"profile\" or the code of an earlier dossier"},
		"files": arr(draftFile), "created_at": dt, "updated_at": dt}, "id", "procedure_code", "variant", "values", "sources", "files")
	detail := map[string]any{"receiving_unit": str, "received_at": dt, "due_note": str,
		"applicant":  obj(map[string]any{"name": str, "id_number": str, "birth_date": date, "address": str, "phone": str, "email": str}),
		"components": arr(obj(map[string]any{"code": str, "name": str, "required": bl, "provided": bl})),
		"files":      arr(obj(map[string]any{"id": num, "component": str, "name": str, "size": num, "content_type": str, "sha256": str, "uploaded_at": dt})),
		"form":       strMap,
		"timeline": arr(obj(map[string]any{"at": dt, "action": str, "text": str, "message": str, "from_officials": bl,
			"items": arr(str), "new_due_at": dt})),
		"requested": arr(str), "allowed": arr(str)}
	for k, v := range summary {
		detail[k] = v
	}
	openAPISchemas["PortalDossierList"] = obj(map[string]any{"dossiers": arr(obj(summary)), "drafts": arr(draft)}, "dossiers", "drafts")
	openAPISchemas["PortalDossier"] = obj(detail, "code", "state", "timeline", "allowed")
	openAPISchemas["PortalFileUpload"] = obj(map[string]any{"component": map[string]any{"type": "string",
		"description": "a component code of the dossier, or for a draft form.<field> for a file field of the form"},
		"file": map[string]any{"type": "string", "format": "binary", "description": "PDF, JPEG or PNG, recognised from its content; 10 MB at most"}}, "component", "file")
	openAPISchemas["PortalSupplement"] = obj(map[string]any{"note": str})
	openAPISchemas["PortalWithdraw"] = obj(map[string]any{"reason": str}, "reason")
	openAPISchemas["DraftList"] = obj(map[string]any{"drafts": arr(draft)}, "drafts")
	openAPISchemas["Draft"] = draft
	openAPISchemas["DraftFile"] = draftFile
	openAPISchemas["NewDraft"] = obj(map[string]any{"procedure_code": str, "variant": str}, "procedure_code")
	openAPISchemas["DraftUpdate"] = obj(map[string]any{"variant": str, "unit_id": num,
		"values": map[string]any{"type": "object", "additionalProperties": str,
			"description": "applicant.name, applicant.id_number, applicant.birth_date, applicant.address, applicant.phone, applicant.email, and the form's fields by name (an address field's commune or ward as <name>.unit)"},
		"complete": map[string]any{"type": "string", "enum": []string{"", "applicant", "form", "all"}}})
}
