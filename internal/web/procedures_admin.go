package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/catalog"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

// Catalogue administration: city administrators import and export the catalogue, start drafts,
// edit them, compare them with the version they replace, try them on the calendar, publish and
// withdraw. The service refuses everyone else; the handlers check first so that nothing (not even
// a large body) is read for them.

// catalogueManager returns Forbidden unless the caller may manage the catalogue.
func (s *Server) catalogueManager(r *http.Request) error {
	if !s.svc.CanManageCatalog(r.Context()) {
		return errs.ErrForbidden
	}
	return nil
}

// versionNumber reads the {number} of a path.
func versionNumber(r *http.Request) (int, error) {
	n, err := strconv.Atoi(r.PathValue("number"))
	if err != nil || n < 1 || n > math.MaxInt32 {
		return 0, errs.New(errs.NotFound, "unknown_version", "Thủ tục không có phiên bản này.", "The procedure has no such version.")
	}
	return n, nil
}

// versionPath reads {code} and {number}.
func versionPath(r *http.Request) (string, int, error) {
	code, err := procedureCode(r)
	if err != nil {
		return "", 0, err
	}
	n, err := versionNumber(r)
	return code, n, err
}

// decodeVersion reads a version in the file form strictly: unknown keys and values of the wrong
// type are refused with their names.
func decodeVersion(data []byte) (catalog.VersionJSON, error) {
	var vj catalog.VersionJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	err := dec.Decode(&vj)
	if err == nil && dec.More() {
		err = errors.New("trailing data")
	}
	if err == nil {
		return vj, nil
	}
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return vj, errs.Invalidf("version", "invalid_json", fmt.Sprintf("Nội dung JSON không hợp lệ (gần ký tự thứ %d).", se.Offset),
			fmt.Sprintf("Malformed JSON (near byte %d).", se.Offset))
	case errors.As(err, &te):
		return vj, errs.Invalidf(te.Field, "invalid_type", fmt.Sprintf("Giá trị của %q có kiểu dữ liệu không đúng.", te.Field),
			fmt.Sprintf("%q has the wrong type.", te.Field))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return vj, errs.Invalidf(f, "unknown_field", fmt.Sprintf("Khóa %q không có trong định dạng phiên bản thủ tục.", f),
			fmt.Sprintf("Unknown key %q.", f))
	}
	return vj, errs.Invalidf("version", "invalid_json", "Nội dung JSON không hợp lệ.", "Malformed JSON.")
}

// prettyVersion is the file form of a version, indented for the editor.
func prettyVersion(v *catalog.Version) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	enc.Encode(v.JSON())
	return buf.String()
}

// The administrators' pages.

const adminPageSize = 50

type adminCatalogueData struct {
	Form     url.Values
	Rows     []*store.VersionRow
	Total    int
	Fields   []store.FieldCount
	Page     int
	Pages    int
	Prev     string
	Next     string
	Statuses []catalog.Status
}

// adminProcedures lists every version, drafts included, with a status filter.
func (s *Server) adminProcedures(w http.ResponseWriter, r *http.Request) {
	if err := s.catalogueManager(r); err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	d := &adminCatalogueData{Form: q, Page: 1, Statuses: []catalog.Status{catalog.StatusDraft, catalog.StatusPublished, catalog.StatusWithdrawn}}
	p := &page{Title: "Danh mục thủ tục hành chính", Data: d}
	f := store.ProcedureFilter{Query: strings.TrimSpace(q.Get("q")), Field: q.Get("field"), Status: catalog.Status(q.Get("status"))}
	n, err := intParam(r, "page", 1, 100000)
	if err != nil {
		p.Error = errs.Public(err)
		s.render(w, r, http.StatusBadRequest, "admin_procedures", p)
		return
	}
	d.Page = max(1, int(n))
	f.Limit, f.Offset = adminPageSize, (d.Page-1)*adminPageSize
	res, err := s.svc.Procedures(r.Context(), f)
	if err != nil {
		if errs.KindOf(err) != errs.Invalid {
			s.fail(w, r, err)
			return
		}
		p.Error = errs.Public(err)
		s.render(w, r, http.StatusBadRequest, "admin_procedures", p)
		return
	}
	d.Rows, d.Total, d.Fields = res.Versions, res.Total, res.Fields
	d.Pages = max(1, (d.Total+adminPageSize-1)/adminPageSize)
	link := func(n int) string {
		v := url.Values{}
		for _, k := range []string{"q", "field", "status"} {
			if q.Get(k) != "" {
				v.Set(k, q.Get(k))
			}
		}
		v.Set("page", strconv.Itoa(n))
		return "?" + v.Encode()
	}
	if d.Page > 1 {
		d.Prev = link(d.Page - 1)
	}
	if d.Page < d.Pages {
		d.Next = link(d.Page + 1)
	}
	s.render(w, r, http.StatusOK, "admin_procedures", p)
}

// diffRow is one change in words for the table.
type diffRow struct {
	Path     string
	Kind     catalog.ChangeKind
	Old, New string
}

// diffValue renders a value of a Change: text as it is, anything else as compact JSON.
func diffValue(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		if x {
			return "true"
		}
		return "false"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

type dryRunForm struct {
	Variant string
	UnitID  int64
	Online  bool
	At      string // 2006-01-02T15:04 in Vietnam
}

type adminProcedureData struct {
	P         *store.ProcedureRow
	LocalCode string
	V         *store.VersionRow // the version the editor, diff and dry run are about
	Draft     *store.VersionRow // the draft, if there is one
	Body      string            // the editor's text
	Revision  int64
	Problems  []catalog.Problem // what keeps the version from being published
	Base      *store.VersionRow // the published version V would replace
	Changes   []diffRow
	Run       *app.DryRun
	RunForm   dryRunForm
	Units     []*org.Unit
	Notice    string
}

// Editable reports whether the version shown is a draft.
func (d *adminProcedureData) Editable() bool { return d.V != nil && d.V.Status == catalog.StatusDraft }

// adminProcedure shows one procedure to an administrator: its versions, the draft editor, the
// differences from the published version, a dry run and the publish and withdraw actions.
func (s *Server) adminProcedure(w http.ResponseWriter, r *http.Request) {
	s.renderAdminProcedure(w, r, http.StatusOK, nil, nil)
}

// renderAdminProcedure renders the page; formErr (with its problems, if any) is shown when not
// nil, and body replaces the editor's text (what the administrator sent, kept on a refusal).
func (s *Server) renderAdminProcedure(w http.ResponseWriter, r *http.Request, status int, formErr error, body *string) {
	if err := s.catalogueManager(r); err != nil {
		s.fail(w, r, err)
		return
	}
	code, err := procedureCode(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	p, err := s.svc.Procedure(ctx, code)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	d := &adminProcedureData{P: p, LocalCode: p.Catalog().LocalCode()}
	for _, v := range p.Versions {
		if v.Status == catalog.StatusDraft {
			d.Draft = v
		}
	}
	// The version shown: ?v=N, else the one the form was about, else the draft, else the current.
	num, _ := strconv.Atoi(q.Get("v"))
	if n, err := versionNumber(r); err == nil && r.Method == http.MethodPost {
		num = n
	}
	switch {
	case num > 0:
		d.V = p.Version(num)
	case d.Draft != nil:
		d.V = d.Draft
	default:
		d.V = app.CurrentVersion(p, org.DateOf(s.svc.Clock().Now()))
	}
	if d.V == nil {
		s.fail(w, r, errs.New(errs.NotFound, "unknown_version", "Thủ tục không có phiên bản này.", "The procedure has no such version."))
		return
	}
	d.Revision = d.V.Revision
	d.Body = prettyVersion(&d.V.Version)
	if body != nil {
		d.Body = *body
	}
	if d.Editable() {
		d.Problems = d.V.Validate()
	}
	if base, changes, err := s.svc.VersionDiff(ctx, code, d.V.Number); err == nil {
		d.Base = base
		for _, c := range changes {
			d.Changes = append(d.Changes, diffRow{Path: c.Path, Kind: c.Kind, Old: diffValue(c.Old), New: diffValue(c.New)})
		}
	} else {
		s.fail(w, r, err)
		return
	}
	if d.Units, err = s.svc.Units(ctx, store.UnitFilter{On: org.DateOf(s.svc.Clock().Now()),
		Kinds: []org.Kind{org.KindCity, org.KindDepartment, org.KindCommune}, Limit: 1000}); err != nil {
		s.fail(w, r, err)
		return
	}
	pg := &page{Title: d.V.Name, Data: d, L: langOf(w, r)}
	switch {
	case q.Get("saved") == "1":
		d.Notice = pg.L.S("Đã lưu bản nháp.", "Draft saved.")
	case q.Get("created") == "1":
		d.Notice = pg.L.S("Đã tạo bản nháp từ phiên bản mới nhất.", "Draft created from the latest version.")
	case q.Get("published") == "1":
		d.Notice = pg.L.S("Đã công bố phiên bản.", "Version published.")
	case q.Get("withdrawn") == "1":
		d.Notice = pg.L.S("Đã thu hồi phiên bản.", "Version withdrawn.")
	}
	// A dry run: a GET form on this page, which stores nothing.
	now := s.svc.Clock().Now().In(vietnam)
	d.RunForm = dryRunForm{Variant: q.Get("variant"), Online: q.Get("online") == "1", At: q.Get("at")}
	if d.RunForm.At == "" {
		d.RunForm.At = now.Format("2006-01-02T15:04")
	}
	if q.Get("run") == "1" && formErr == nil {
		d.RunForm.UnitID, err = intParam(r, "unit", 0, 1<<62)
		var at time.Time
		if err == nil {
			at, err = time.ParseInLocation("2006-01-02T15:04", d.RunForm.At, vietnam)
			if err != nil {
				err = errs.Invalidf("at", "invalid_date", "Thời điểm tiếp nhận không hợp lệ.", "The reception instant is not valid.")
			}
		}
		if err == nil {
			d.Run, err = s.svc.DryRunVersion(ctx, code, d.V.Number, d.RunForm.Variant, d.RunForm.UnitID, d.RunForm.Online, at)
		}
		if err != nil {
			if k := errs.KindOf(err); k != errs.Invalid && k != errs.NotFound {
				s.fail(w, r, err)
				return
			}
			formErr, status = err, statusOf(err)
		}
	}
	if formErr != nil {
		pg.Error = errs.Public(formErr)
		var inv *catalog.InvalidError
		if errors.As(formErr, &inv) {
			d.Problems = inv.Problems
		}
	}
	s.render(w, r, status, "admin_procedure", pg)
}

// adminAction runs a change posted from the procedure page. On success it goes back to the page
// (?v=N and a notice); a refusal shows the page again with the reason, and changes nothing.
func (s *Server) adminAction(w http.ResponseWriter, r *http.Request, fn func(code string) (int, string, error)) {
	if err := s.catalogueManager(r); err != nil {
		s.fail(w, r, err)
		return
	}
	code, err := procedureCode(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	number, notice, err := fn(code)
	if err != nil {
		switch errs.KindOf(err) {
		case errs.Invalid, errs.Conflict:
			var body *string
			if r.PostForm.Has("body") {
				b := r.PostFormValue("body")
				body = &b
			}
			s.renderAdminProcedure(w, r, statusOf(err), err, body)
		default:
			s.fail(w, r, err)
		}
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/procedures/%s?v=%d&%s=1#editor", code, number, notice), http.StatusSeeOther)
}

func (s *Server) adminNewDraft(w http.ResponseWriter, r *http.Request) {
	s.adminAction(w, r, func(code string) (int, string, error) {
		d, err := s.svc.NewDraft(r.Context(), code)
		if err != nil {
			return 0, "", err
		}
		return d.Number, "created", nil
	})
}

func (s *Server) adminSaveDraft(w http.ResponseWriter, r *http.Request) {
	s.adminAction(w, r, func(code string) (int, string, error) {
		n, err := versionNumber(r)
		if err != nil {
			return 0, "", err
		}
		rev, _ := strconv.ParseInt(r.PostFormValue("revision"), 10, 64)
		vj, err := decodeVersion([]byte(r.PostFormValue("body")))
		if err != nil {
			return 0, "", err
		}
		if _, err := s.svc.SaveDraft(r.Context(), code, n, rev, vj); err != nil {
			return 0, "", err
		}
		return n, "saved", nil
	})
}

func (s *Server) adminPublish(w http.ResponseWriter, r *http.Request) {
	s.adminAction(w, r, func(code string) (int, string, error) {
		n, err := versionNumber(r)
		if err != nil {
			return 0, "", err
		}
		rev, _ := strconv.ParseInt(r.PostFormValue("revision"), 10, 64)
		if _, err := s.svc.PublishVersion(r.Context(), code, n, rev); err != nil {
			return 0, "", err
		}
		return n, "published", nil
	})
}

func (s *Server) adminWithdraw(w http.ResponseWriter, r *http.Request) {
	s.adminAction(w, r, func(code string) (int, string, error) {
		n, err := versionNumber(r)
		if err != nil {
			return 0, "", err
		}
		if r.PostFormValue("confirm") != "1" {
			return 0, "", errs.Invalidf("confirm", "not_confirmed", "Hãy đánh dấu ô xác nhận trước khi thu hồi: phiên bản đã thu hồi không thể công bố lại.",
				"Tick the confirmation first: a withdrawn version cannot be published again.")
		}
		if err := s.svc.WithdrawVersion(r.Context(), code, n); err != nil {
			return 0, "", err
		}
		return n, "withdrawn", nil
	})
}

// The administrators' API.

// versionJSON is a stored version as the administrators' API returns it.
type versionJSON struct {
	versionInfoJSON
	Version  catalog.VersionJSON `json:"version"`
	Problems []catalog.Problem   `json:"problems"`
}

func toVersionJSON(v *store.VersionRow, problems []catalog.Problem) versionJSON {
	if problems == nil {
		problems = []catalog.Problem{}
	}
	return versionJSON{versionInfoJSON: toVersionInfo(v), Version: v.JSON(), Problems: problems}
}

// apiImportProcedures: POST /api/v1/procedures/import with a catalogue file as the body.
func (s *Server) apiImportProcedures(r *http.Request) (int, any, error) {
	if err := s.catalogueManager(r); err != nil {
		return 0, nil, err
	}
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "application/json" {
		return 0, nil, errs.New(errs.Invalid, "unsupported_media_type", "Nội dung gửi lên phải là JSON (Content-Type: application/json).", "The body must be JSON (Content-Type: application/json).")
	}
	root := r.URL.Query().Get("organ_root")
	f, problems := catalog.ParseFile(r.Body)
	if len(problems) > 0 {
		return 0, nil, catalog.Problems(problems)
	}
	res, err := s.svc.ImportProcedures(r.Context(), f, root)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, res, nil
}

// apiExportProcedures: GET /api/v1/procedures/export, the whole catalogue as a catalogue file.
func (s *Server) apiExportProcedures(r *http.Request) (int, any, error) {
	if err := s.catalogueManager(r); err != nil {
		return 0, nil, err
	}
	procs, err := s.svc.ExportProcedures(r.Context())
	if err != nil {
		return 0, nil, err
	}
	var buf bytes.Buffer
	if err := catalog.WriteFile(&buf, procs); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, json.RawMessage(buf.Bytes()), nil
}

// apiNewDraft: POST /api/v1/procedures/{code}/drafts, the draft (a new one, or the one there is).
func (s *Server) apiNewDraft(r *http.Request) (int, any, error) {
	if err := s.catalogueManager(r); err != nil {
		return 0, nil, err
	}
	code, err := procedureCode(r)
	if err != nil {
		return 0, nil, err
	}
	d, err := s.svc.NewDraft(r.Context(), code)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, toVersionJSON(d, d.Validate()), nil
}

// apiSaveDraft: PUT /api/v1/procedures/{code}/versions/{number}.
func (s *Server) apiSaveDraft(r *http.Request) (int, any, error) {
	if err := s.catalogueManager(r); err != nil {
		return 0, nil, err
	}
	code, n, err := versionPath(r)
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		Revision int64               `json:"revision"`
		Version  catalog.VersionJSON `json:"version"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	saved, err := s.svc.SaveDraft(r.Context(), code, n, in.Revision, in.Version)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, toVersionJSON(saved.Version, saved.Problems), nil
}

// apiVersionDiff: GET /api/v1/procedures/{code}/versions/{number}/diff.
func (s *Server) apiVersionDiff(r *http.Request) (int, any, error) {
	if err := s.catalogueManager(r); err != nil {
		return 0, nil, err
	}
	code, n, err := versionPath(r)
	if err != nil {
		return 0, nil, err
	}
	base, changes, err := s.svc.VersionDiff(r.Context(), code, n)
	if err != nil {
		return 0, nil, err
	}
	out := map[string]any{"number": n, "base": nil, "changes": []catalog.Change{}}
	if base != nil {
		out["base"] = base.Number
	}
	if changes != nil {
		out["changes"] = changes
	}
	return http.StatusOK, out, nil
}

// apiDryRun: POST /api/v1/procedures/{code}/versions/{number}/dry-run.
func (s *Server) apiDryRun(r *http.Request) (int, any, error) {
	if err := s.catalogueManager(r); err != nil {
		return 0, nil, err
	}
	code, n, err := versionPath(r)
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		Variant string `json:"variant"`
		UnitID  int64  `json:"unit_id"`
		Online  bool   `json:"online"`
		At      string `json:"at"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	at := s.svc.Clock().Now()
	if in.At != "" {
		if at, err = time.Parse(time.RFC3339, in.At); err != nil {
			return 0, nil, errs.Invalidf("at", "invalid_date", "Thời điểm tiếp nhận phải theo RFC 3339, ví dụ 2026-03-02T09:00:00+07:00.",
				"at must be RFC 3339, e.g. 2026-03-02T09:00:00+07:00.")
		}
	}
	run, err := s.svc.DryRunVersion(r.Context(), code, n, in.Variant, in.UnitID, in.Online, at)
	if err != nil {
		return 0, nil, err
	}
	steps := []map[string]any{}
	for _, st := range run.Steps {
		steps = append(steps, map[string]any{"name": st.Step.Name, "unit_kind": st.Step.UnitKind, "role": st.Step.Role,
			"allotted": toDuration(st.Step.Allotted), "start": st.Start.In(vietnam).Format(time.RFC3339), "due": st.Due.In(vietnam).Format(time.RFC3339)})
	}
	return http.StatusOK, map[string]any{"variant": run.Variant.Code, "online": run.Online, "calendar": run.CalendarID,
		"received_at": run.ReceivedAt.In(vietnam).Format(time.RFC3339), "duration": toDuration(run.Variant.For(run.Online)),
		"due_at": run.Due.Due.In(vietnam).Format(time.RFC3339), "explanation": run.Due.Explain(), "detail": dueJSON(run.Due),
		"fits": run.Fits, "steps": steps}, nil
}

// apiPublish: POST /api/v1/procedures/{code}/versions/{number}/publish.
func (s *Server) apiPublish(r *http.Request) (int, any, error) {
	if err := s.catalogueManager(r); err != nil {
		return 0, nil, err
	}
	code, n, err := versionPath(r)
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		Revision int64 `json:"revision"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	v, err := s.svc.PublishVersion(r.Context(), code, n, in.Revision)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, toVersionJSON(v, nil), nil
}

// apiWithdraw: POST /api/v1/procedures/{code}/versions/{number}/withdraw.
func (s *Server) apiWithdraw(r *http.Request) (int, any, error) {
	if err := s.catalogueManager(r); err != nil {
		return 0, nil, err
	}
	code, n, err := versionPath(r)
	if err != nil {
		return 0, nil, err
	}
	if err := s.svc.WithdrawVersion(r.Context(), code, n); err != nil {
		return 0, nil, err
	}
	p, err := s.svc.Procedure(r.Context(), code)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, toVersionJSON(p.Version(n), nil), nil
}
