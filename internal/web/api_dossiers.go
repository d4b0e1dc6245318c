package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/calendar"
	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
	"golang.org/x/text/unicode/norm"
)

// The dossier API: reception and online submission, the dossier with its control sheet and
// timeline, actions, inboxes, forms and the unit's register, and the public lookup.

var (
	dossierCodeParam = []apiParam{{"code", "path", "string", "dossier code, e.g. 000.01.70.H24-260302-0001"}}
	inboxParams      = []apiParam{{"view", "query", "string", "todo (default), mine, due_soon or overdue"}, {"procedure", "query", "string", "procedure code"},
		{"state", "query", "string", "internal state"}, {"q", "query", "string", "start of a dossier code or applicant ID number"},
		{"cursor", "query", "string", "the next cursor of the previous page"}, {"limit", "query", "integer", "rows per page, 1–200 (default 50)"}}
	nextUnitParams = []apiParam{{"code", "path", "string", "dossier code"}, {"back", "query", "boolean", "the previous step instead of the next"}}
	formParams     = []apiParam{{"code", "path", "string", "dossier code"}, {"form", "path", "string", "receipt, supplement, refusal, apology or control-sheet"}}
	ledgerParams   = []apiParam{{"id", "path", "integer", "unit"}, {"from", "query", "string", "first day, YYYY-MM-DD"}, {"to", "query", "string", "last day, YYYY-MM-DD"},
		{"format", "query", "string", "pdf (default) or xlsx"}}
)

// dossierIn is the body of POST /api/v1/dossiers.
type dossierIn struct {
	ProcedureCode string        `json:"procedure_code"`
	Variant       string        `json:"variant"`
	Channel       int           `json:"channel"`
	SubjectKind   int           `json:"subject_kind"`
	Applicant     app.Applicant `json:"applicant"`
	Components    []string      `json:"components"`
	UnitID        int64         `json:"unit_id"`
	FeesPaid      bool          `json:"fees_paid"`
	Electronic    bool          `json:"electronic"`
}

type dossierJSON struct {
	Code           string     `json:"code"`
	Status         string     `json:"status"`
	StatusLabel    string     `json:"status_label"`
	NationalStatus int        `json:"national_status"`
	ProcedureCode  string     `json:"procedure_code"`
	ProcedureName  string     `json:"procedure_name"`
	Variant        string     `json:"variant"`
	Channel        int        `json:"channel"`
	SubjectKind    int        `json:"subject_kind"`
	Applicant      any        `json:"applicant,omitempty"`
	ReceivingUnit  int64      `json:"receiving_unit_id"`
	CurrentUnit    int64      `json:"current_unit_id"`
	CurrentUser    int64      `json:"current_user_id,omitempty"`
	SubmittedAt    *time.Time `json:"submitted_at,omitempty"`
	ReceivedAt     *time.Time `json:"received_at"`
	DueAt          *time.Time `json:"due_at"`
	OriginalDueAt  *time.Time `json:"original_due_at,omitempty"`
	ProcessedAt    *time.Time `json:"processed_at,omitempty"`
	ReturnedAt     *time.Time `json:"returned_at,omitempty"`
	Paused         bool       `json:"paused"`
	Late           bool       `json:"late"`
	FeeAmount      int64      `json:"fee_amount"`
	FeesPaid       bool       `json:"fees_paid"`
	Supplements    int        `json:"supplement_count"`
	Apologies      int        `json:"apology_count"`
	ResultNote     string     `json:"result_note,omitempty"`
	Revision       int64      `json:"revision"`
}

func toDossier(d *store.DossierRow, now time.Time) dossierJSON {
	late := dossier.Late(d.State, d.DueAt, d.ProcessedAt, now)
	return dossierJSON{Code: d.Code, Status: string(d.State), StatusLabel: d.State.Label(), NationalStatus: int(d.NationalStatus),
		ProcedureCode: d.ProcedureCode, ProcedureName: d.ProcedureName, Variant: d.VariantCode, Channel: d.Channel, SubjectKind: d.SubjectKind,
		Applicant: app.Applicant{Name: d.ApplicantName, IDNumber: d.ApplicantIDNumber, BirthDate: dateOrEmpty(d.ApplicantBirthDate),
			Address: d.ApplicantAddress, Phone: d.ApplicantPhone, Email: d.ApplicantEmail},
		ReceivingUnit: d.ReceivingUnitID, CurrentUnit: d.CurrentUnitID, CurrentUser: d.CurrentUserID,
		SubmittedAt: vt(d.SubmittedAt), ReceivedAt: vt(d.ReceivedAt), DueAt: vt(d.DueAt), OriginalDueAt: vt(d.OriginalDueAt),
		ProcessedAt: vt(d.ProcessedAt), ReturnedAt: vt(d.ReturnedAt), Paused: !d.PausedAt.IsZero(), Late: late,
		FeeAmount: d.FeeAmount, FeesPaid: d.FeesPaid, Supplements: d.SupplementCount, Apologies: d.ApologyCount,
		ResultNote: d.ResultNote, Revision: d.Revision}
}

func dateOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// apiReceive: POST /api/v1/dossiers. Channel 1 (direct, default) or 3 (post) is a reception at
// the counter, accepted at once; channel 2 is an online submission waiting for the desk.
func (s *Server) apiReceive(r *http.Request) (int, any, error) {
	var in dossierIn
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	var d *store.DossierRow
	var err error
	switch in.Channel {
	case app.ChannelOnline:
		if in.FeesPaid || in.Electronic {
			return 0, nil, errs.Invalidf("channel", "invalid_for_online", "Hồ sơ trực tuyến không ghi thu phí tại quầy hay số hoá tại quầy.",
				"fees_paid and electronic do not apply to an online submission.")
		}
		d, err = s.svc.SubmitDossier(r.Context(), app.SubmissionInput{ProcedureCode: in.ProcedureCode, Variant: in.Variant,
			SubjectKind: in.SubjectKind, Applicant: in.Applicant, Components: in.Components, UnitID: in.UnitID})
	default:
		d, err = s.svc.ReceiveDossier(r.Context(), app.ReceptionInput{ProcedureCode: in.ProcedureCode, Variant: in.Variant, Channel: in.Channel,
			SubjectKind: in.SubjectKind, Applicant: in.Applicant, Components: in.Components, UnitID: in.UnitID, FeesPaid: in.FeesPaid,
			Electronic: in.Electronic})
	}
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, toDossier(d, s.svc.Clock().Now()), nil
}

type componentJSON struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	Required bool   `json:"required"`
	Provided bool   `json:"provided"`
}

type stepJSON struct {
	No          int        `json:"no"`
	Name        string     `json:"name"`
	Role        string     `json:"role"`
	InterAgency bool       `json:"inter_agency"`
	FromUnit    string     `json:"from_unit,omitempty"`
	ToUnit      string     `json:"to_unit"`
	ToUserID    int64      `json:"to_user_id,omitempty"`
	Allotted    string     `json:"allotted"`
	HandedAt    *time.Time `json:"handed_at,omitempty"`
	DueAt       *time.Time `json:"due_at,omitempty"`
	DoneAt      *time.Time `json:"done_at,omitempty"`
	Status      string     `json:"status"`
	Outcome     string     `json:"outcome,omitempty"`
	Note        string     `json:"note,omitempty"`
}

type eventJSON struct {
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Action string    `json:"action"`
	Label  string    `json:"label"`
	From   string    `json:"from"`
	To     string    `json:"to"`
	Reason string    `json:"reason,omitempty"`
	Data   any       `json:"data,omitempty"`
}

type dossierDetailJSON struct {
	dossierJSON
	ProcedureVersion int             `json:"procedure_version"`
	Components       []componentJSON `json:"components"`
	Steps            []stepJSON      `json:"steps"`
	Events           []eventJSON     `json:"events"`
	Files            []fileJSON      `json:"files"`
	Allowed          []string        `json:"allowed_actions"`
}

func unitName(units map[int64]*org.Unit, id int64) string {
	if u := units[id]; u != nil {
		return u.Name
	}
	return ""
}

// apiDossier: GET /api/v1/dossiers/{code}.
func (s *Server) apiDossier(r *http.Request) (int, any, error) {
	det, err := s.svc.Dossier(r.Context(), r.PathValue("code"))
	if err != nil {
		return 0, nil, err
	}
	out := dossierDetailJSON{dossierJSON: toDossier(det.DossierRow, s.svc.Clock().Now()), ProcedureVersion: det.Version.Number,
		Components: []componentJSON{}, Steps: []stepJSON{}, Events: []eventJSON{}, Files: []fileJSON{}, Allowed: []string{}}
	for _, f := range det.Files {
		out.Files = append(out.Files, toFile(det.Code, f))
	}
	for _, c := range det.Components {
		out.Components = append(out.Components, componentJSON{c.Code, c.Name, c.Required, c.Provided})
	}
	for _, st := range det.Steps {
		js := stepJSON{No: st.No, Name: st.Name, Role: st.Role, InterAgency: st.InterAgency, FromUnit: unitName(det.Units, st.FromUnitID),
			ToUnit: unitName(det.Units, st.ToUnitID), ToUserID: st.ToUserID, Allotted: st.Allotted.String(), HandedAt: vt(st.HandedAt),
			DueAt: vt(st.DueAt), DoneAt: vt(st.DoneAt), Status: string(st.Status), Note: st.Note}
		if !st.DoneAt.IsZero() {
			js.Outcome = st.Outcome.String()
		}
		out.Steps = append(out.Steps, js)
	}
	for _, e := range det.Events {
		ej := eventJSON{At: e.At.In(vietnam), Actor: e.ActorName, Action: e.Action, Label: dossier.Action(e.Action).Label(), From: e.From.String(),
			To: e.To.String(), Reason: e.Reason}
		if e.Data != "" && e.Data != "{}" {
			ej.Data = jsonRaw(e.Data)
		}
		out.Events = append(out.Events, ej)
	}
	for _, a := range det.Allowed {
		out.Allowed = append(out.Allowed, string(a))
	}
	return http.StatusOK, out, nil
}

// apiAct: POST /api/v1/dossiers/{code}/actions.
func (s *Server) apiAct(r *http.Request) (int, any, error) {
	var in app.ActionInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	d, err := s.svc.Act(r.Context(), r.PathValue("code"), in)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, toDossier(d, s.svc.Clock().Now()), nil
}

// apiNextUnits: GET /api/v1/dossiers/{code}/next-units.
func (s *Server) apiNextUnits(r *http.Request) (int, any, error) {
	back, err := boolParam(r, "back")
	if err != nil {
		return 0, nil, err
	}
	us, err := s.svc.NextStepUnits(r.Context(), r.PathValue("code"), back)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, map[string]any{"units": toUnits(us)}, nil
}

func boolParam(r *http.Request, name string) (bool, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, errs.Invalidf(name, "invalid_boolean", "Tham số "+name+" phải là true hoặc false.", name+" must be true or false.")
	}
	return b, nil
}

// apiInbox: GET /api/v1/inbox.
func (s *Server) apiInbox(r *http.Request) (int, any, error) {
	q := r.URL.Query()
	limit, err := intParam(r, "limit", 1, 200)
	if err != nil {
		return 0, nil, err
	}
	page, err := s.svc.Inbox(r.Context(), app.InboxQuery{View: q.Get("view"), ProcedureCode: q.Get("procedure"), Query: q.Get("q"),
		State: dossier.State(q.Get("state")), Cursor: q.Get("cursor"), Limit: int(limit)})
	if err != nil {
		return 0, nil, err
	}
	now := s.svc.Clock().Now()
	items := []dossierJSON{}
	for _, d := range page.Items {
		items = append(items, toDossier(d, now))
	}
	return http.StatusOK, map[string]any{"items": items, "next": page.Next}, nil
}

// apiForm: GET /api/v1/dossiers/{code}/forms/{form}.pdf.
func (s *Server) apiForm(r *http.Request) (int, any, error) {
	name, ok := strings.CutSuffix(r.PathValue("form"), ".pdf")
	if !ok || !slices.Contains(app.Forms, name) {
		return 0, nil, errs.New(errs.NotFound, "unknown_form", "Không có mẫu phiếu này.", "No such form.")
	}
	b, err := s.svc.DossierForm(r.Context(), r.PathValue("code"), name, app.FormOptions{LookupBase: s.lookupBase(r)})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, fileBody{"application/pdf", r.PathValue("code") + "-" + name + ".pdf", b, false}, nil
}

// apiLedger: GET /api/v1/units/{id}/ledger.
func (s *Server) apiLedger(r *http.Request) (int, any, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return 0, nil, errs.ErrNotFound
	}
	q := r.URL.Query()
	from, err1 := calendar.ParseDate(q.Get("from"))
	to, err2 := calendar.ParseDate(q.Get("to"))
	if err1 != nil || err2 != nil {
		return 0, nil, errs.Invalidf("from", "invalid_period", "Cần ngày bắt đầu (from) và ngày kết thúc (to) dạng NNNN-TT-NN.",
			"from and to are required, as YYYY-MM-DD.")
	}
	format := q.Get("format")
	if format == "" {
		format = app.LedgerPDF
	}
	b, err := s.svc.Ledger(r.Context(), id, from, to, format)
	if err != nil {
		return 0, nil, err
	}
	ct := "application/pdf"
	if format == app.LedgerXLSX {
		ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return http.StatusOK, fileBody{ct, "so-theo-doi-ho-so-" + from.String() + "-" + to.String() + "." + format, b, false}, nil
}

type publicDossierJSON struct {
	Code           string     `json:"code"`
	ProcedureCode  string     `json:"procedure_code"`
	ProcedureName  string     `json:"procedure_name"`
	ReceivingUnit  string     `json:"receiving_unit"`
	Status         string     `json:"status"`
	StatusLabel    string     `json:"status_label"`
	NationalStatus int        `json:"national_status"`
	ReceivedAt     *time.Time `json:"received_at"`
	DueAt          *time.Time `json:"due_at"`
	ProcessedAt    *time.Time `json:"processed_at,omitempty"`
	ReturnedAt     *time.Time `json:"returned_at,omitempty"`
}

// apiPublicDossier: GET /api/v1/public/dossiers/{code}, without sign-in and without personal data.
func (s *Server) apiPublicDossier(r *http.Request) (int, any, error) {
	p, err := s.svc.LookupDossier(r.Context(), r.PathValue("code"))
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, toPublicDossier(p), nil
}

func toPublicDossier(p *app.PublicDossier) publicDossierJSON {
	return publicDossierJSON{Code: p.Code, ProcedureCode: p.ProcedureCode, ProcedureName: p.ProcedureName,
		ReceivingUnit: p.ReceivingUnit, Status: string(p.State), StatusLabel: p.State.Label(), NationalStatus: int(p.NationalStatus),
		ReceivedAt: vt(p.ReceivedAt), DueAt: vt(p.DueAt), ProcessedAt: vt(p.ProcessedAt), ReturnedAt: vt(p.ReturnedAt)}
}

// lookupBase is the public lookup address a printed receipt's QR code points to, up to the code.
func (s *Server) lookupBase(r *http.Request) string {
	base := strings.TrimSuffix(s.cfg.PublicURL, "/")
	if base == "" {
		scheme := "http"
		if s.cfg.Secure || r.TLS != nil {
			scheme = "https"
		}
		base = scheme + "://" + r.Host
	}
	return base + "/tra-cuu/"
}

// fileBody is an API answer that is a file, not JSON.
type fileBody struct {
	ContentType, Filename string
	Data                  []byte
	// Uploaded marks a file someone uploaded: always a download, in a sandbox, never rendered
	// as part of the site.
	Uploaded bool
}

// writeFile sends a file answer: PDFs inline (to print from the browser), others as downloads.
func writeFile(w http.ResponseWriter, f fileBody) {
	disp := "attachment"
	if f.ContentType == "application/pdf" && !f.Uploaded {
		disp = "inline"
	}
	if f.Uploaded {
		w.Header().Set("Content-Security-Policy", "sandbox; default-src 'none'")
	}
	w.Header().Set("Content-Type", f.ContentType)
	w.Header().Set("Content-Disposition", disp+`; filename="`+f.Filename+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Length", strconv.Itoa(len(f.Data)))
	w.WriteHeader(http.StatusOK)
	w.Write(f.Data)
}

// vt is an optional instant in Vietnam's time: the API gives dossier times as local times with
// their offset (+07:00), as they are printed on the forms.
func vt(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	l := t.In(vietnam)
	return &l
}

type fileJSON struct {
	ID          int64     `json:"id"`
	Kind        string    `json:"kind"`
	Component   string    `json:"component,omitempty"`
	Name        string    `json:"name"`
	SHA256      string    `json:"sha256"`
	Size        int64     `json:"size"`
	ContentType string    `json:"content_type"`
	UploadedAt  time.Time `json:"uploaded_at"`
	UploadedBy  string    `json:"uploaded_by"`
	URL         string    `json:"url"`
}

func toFile(code string, f *store.FileRow) fileJSON {
	return fileJSON{ID: f.ID, Kind: f.Kind, Component: f.ComponentCode, Name: f.Name, SHA256: f.SHA256, Size: f.Size,
		ContentType: f.ContentType, UploadedAt: f.UploadedAt.In(vietnam), UploadedBy: f.UploadedBy,
		URL: "/api/v1/dossiers/" + code + "/files/" + strconv.FormatInt(f.ID, 10)}
}

// apiAttach: POST /api/v1/dossiers/{code}/files, multipart/form-data with kind, component and
// file. The type is recognised from the content; the body is bounded by app.MaxFileSize.
func (s *Server) apiAttach(r *http.Request) (int, any, error) {
	in, err := readUpload(r)
	if err != nil {
		return 0, nil, err
	}
	f, err := s.svc.AttachFile(r.Context(), r.PathValue("code"), in)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, toFile(strings.TrimSpace(r.PathValue("code")), f), nil
}

// readUpload reads a multipart upload of one file with its kind and component.
func readUpload(r *http.Request) (app.FileInput, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return app.FileInput{}, errs.New(errs.Invalid, "unsupported_media_type", "Tệp phải gửi dạng multipart/form-data.", "Send the file as multipart/form-data.")
	}
	var in app.FileInput
	seen := false
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return in, uploadErr(err)
		}
		switch p.FormName() {
		case "kind", "component":
			b, err := io.ReadAll(io.LimitReader(p, 200))
			if err != nil {
				return in, uploadErr(err)
			}
			if p.FormName() == "kind" {
				in.Kind = strings.TrimSpace(string(b))
			} else {
				in.ComponentCode = strings.TrimSpace(string(b))
			}
		case "file":
			if seen {
				return in, errs.Invalidf("file", "one_file", "Mỗi lần gửi một tệp.", "One file per request.")
			}
			seen = true
			in.Name = p.FileName()
			if in.Data, err = io.ReadAll(io.LimitReader(p, app.MaxFileSize+1)); err != nil {
				return in, uploadErr(err)
			}
		}
	}
	if !seen {
		return in, errs.Invalidf("file", "file_missing", "Chưa chọn tệp.", "No file was sent.")
	}
	return in, nil
}

func uploadErr(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return errs.Invalidf("file", "file_too_large", fmt.Sprintf("Tệp quá lớn: tối đa %d MB.", app.MaxFileSize>>20),
			fmt.Sprintf("The file is too large: %d MB at most.", app.MaxFileSize>>20))
	}
	return errs.Invalidf("file", "invalid_upload", "Không đọc được tệp gửi lên.", "The upload could not be read.")
}

// apiFile: GET /api/v1/dossiers/{code}/files/{id}, served as a download in a sandbox.
func (s *Server) apiFile(r *http.Request) (int, any, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return 0, nil, errs.New(errs.NotFound, "unknown_file", "Hồ sơ không có tệp này.", "The dossier has no such file.")
	}
	f, data, err := s.svc.FileContent(r.Context(), r.PathValue("code"), id)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, fileBody{f.ContentType, asciiName(f.Name), data, true}, nil
}

// asciiName is a file name safe in a quoted header value.
func asciiName(name string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(name) {
		switch {
		case r == 'đ':
			b.WriteByte('d')
		case r == 'Đ':
			b.WriteByte('D')
		case r < 0x80 && r >= 0x20 && r != '"' && r != '\\':
			b.WriteRune(r)
		case r >= 0x80:
			// combining marks and other letters are dropped
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}
