package web

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/catalog"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// templates are parsed once at start: each page together with the layout.
type templates struct{ pages map[string]*template.Template }

var vietnam = time.FixedZone("ICT", 7*3600)

var funcs = template.FuncMap{
	"datetime": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(vietnam).Format("02/01/2006 15:04")
	},
	"join": strings.Join,
	"add":  func(a, b int) int { return a + b },
	"kb":   func(n int64) int64 { return (n + 1023) / 1024 },
	"list": func(xs ...string) []string { return xs },
	// has reports whether form field k holds the value v (to re-tick checkboxes).
	"has": func(f url.Values, k, v string) bool { return slices.Contains(f[k], v) },
	// nodeOf pairs a tree node with the page, for the recursive "node" template.
	"nodeOf": func(p *page, n *treeNode) nodeCtx { return nodeCtx{p, n} },
}

type nodeCtx struct {
	P *page
	N *treeNode
}

func mustTemplates() *templates {
	t := &templates{pages: map[string]*template.Template{}}
	layout := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html"))
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		panic(err)
	}
	for _, n := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if name == "layout" {
			continue
		}
		t.pages[name] = template.Must(template.Must(layout.Clone()).ParseFS(templateFS, n))
	}
	return t
}

// Lang is the language of a page: Vietnamese first, English second.
type Lang struct{ Code string }

// S picks the Vietnamese or the English text. Templates write both side by side:
// {{.L.S "Đăng nhập" "Sign in"}}.
func (l *Lang) S(vi, en string) string {
	if l.Code == "en" {
		return en
	}
	return vi
}

// langOf reads ?lang= (remembering it in a cookie) or the cookie; Vietnamese by default.
func langOf(w http.ResponseWriter, r *http.Request) *Lang {
	if q := r.URL.Query().Get("lang"); q == "vi" || q == "en" {
		http.SetCookie(w, &http.Cookie{Name: "lang", Value: q, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode})
		return &Lang{q}
	}
	if c, err := r.Cookie("lang"); err == nil && c.Value == "en" {
		return &Lang{"en"}
	}
	return &Lang{"vi"}
}

// page is what every template gets.
type page struct {
	L         *Lang
	Title     string
	Auth      *app.Auth
	Citizen   *app.CitizenAuth // the signed-in portal account, if any
	Error     *errs.Error
	Notice    string
	RequestID string
	Demo      bool
	Path      string
	Query     string // the current query string, for language links
	// Print renders the page for printing: no navigation, no footer.
	Print bool
	// ManageCatalog says the signed-in official may manage the procedure catalogue.
	ManageCatalog bool
	Data          any
}

// PrintURL is the address of this page's print layout (?print=1), keeping its query.
func (p *page) PrintURL() string {
	q, _ := url.ParseQuery(p.Query)
	q.Set("print", "1")
	return p.Path + "?" + q.Encode()
}

// ScreenURL is the address of this page without the print layout.
func (p *page) ScreenURL() string {
	q, _ := url.ParseQuery(p.Query)
	q.Del("print")
	if len(q) == 0 {
		return p.Path
	}
	return p.Path + "?" + q.Encode()
}

// Msg returns the error message in the page language.
func (p *page) Msg(e *errs.Error) string {
	if p.L.Code == "en" && e.English != "" {
		return e.English
	}
	return e.Message
}

// FieldError returns the message of the page's error when it is about field.
func (p *page) FieldError(field string) string {
	if p.Error != nil && p.Error.Field == field {
		return p.Msg(p.Error)
	}
	return ""
}

// Can reports whether the signed-in official holds perm anywhere (to show menu entries).
func (p *page) Can(perm string) bool {
	return p.Auth != nil && p.Auth.Actor != nil && p.Auth.Step == app.StepDone && p.Auth.Actor.CanAnywhere(permission(perm))
}

// render writes a page with status.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p *page) {
	t, ok := s.tmpl.pages[name]
	if !ok {
		panic("no template " + name)
	}
	if p.L == nil {
		p.L = langOf(w, r)
	}
	p.Auth = authFrom(r)
	p.Citizen = citizenFrom(r)
	p.ManageCatalog = s.svc.CanManageCatalog(r.Context())
	p.RequestID = app.RequestIDFrom(r.Context())
	p.Demo = s.cfg.Demo
	p.Path = r.URL.Path
	q := r.URL.Query()
	q.Del("lang")
	p.Query = q.Encode()
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", p); err != nil {
		s.log.Error("render", "template", name, "err", err, "request_id", p.RequestID)
		http.Error(w, "Lỗi hệ thống / Internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// statusOf maps error kinds to HTTP statuses: the one table.
func statusOf(err error) int {
	switch errs.KindOf(err) {
	case errs.Invalid:
		return http.StatusBadRequest
	case errs.NotFound:
		return http.StatusNotFound
	case errs.Conflict:
		return http.StatusConflict
	case errs.Forbidden:
		return http.StatusForbidden
	case errs.Unauthorized:
		return http.StatusUnauthorized
	case errs.TooMany:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// fail answers with err: JSON {"error": {...}} under /api, an error page elsewhere. Internal
// errors are logged with their detail; the user sees a generic message and the request id.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	pub := errs.Public(err)
	switch {
	case status >= 500 && r.Context().Err() != nil:
		// The client went away (or the server is shutting down): nobody reads the answer.
		s.log.Info("request canceled", "request_id", app.RequestIDFrom(r.Context()), "err", err.Error())
		return
	case status >= 500 && store.IsUnavailable(err):
		s.log.Warn("database unavailable", "request_id", app.RequestIDFrom(r.Context()), "err", err.Error())
		status = http.StatusServiceUnavailable
		pub = errs.New(errs.Internal, "unavailable", "Hệ thống đang tạm gián đoạn kết nối cơ sở dữ liệu. Vui lòng thử lại sau ít phút.",
			"The database is briefly unavailable. Please try again in a few minutes.")
		w.Header().Set("Retry-After", "5")
	case status >= 500:
		s.log.Error("internal error", "request_id", app.RequestIDFrom(r.Context()), "err", err.Error())
	}
	if isAPI(r) {
		if status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Bearer realm="egov"`)
		}
		body := map[string]any{"error": map[string]any{
			"code": pub.Code, "message": pub.Message, "message_en": pub.English, "field": pub.Field,
			"request_id": app.RequestIDFrom(r.Context())}}
		// A catalogue that breaks rules comes with every problem and its path.
		var inv *catalog.InvalidError
		if errors.As(err, &inv) {
			body["problems"] = inv.Problems
		}
		writeJSON(w, status, body)
		return
	}
	if status == http.StatusUnauthorized && r.Method == http.MethodGet {
		http.Redirect(w, r, "/login?next="+safeNext(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	s.render(w, r, status, "error", &page{Title: "Lỗi", Error: pub})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	enc.Encode(v)
}

const maxJSONBody = 1 << 20

// decodeJSON reads one JSON object into v, strictly: the content type must be JSON, unknown
// fields and trailing data are refused, and bodies over 1 MiB are refused.
func decodeJSON(r *http.Request, v any) error {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "application/json" {
		return errs.New(errs.Invalid, "unsupported_media_type", "Nội dung gửi lên phải là JSON (Content-Type: application/json).", "The body must be JSON (Content-Type: application/json).")
	}
	dec := json.NewDecoder(io.LimitReader(r.Body, maxJSONBody+1))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &te):
			return errs.Invalidf(te.Field, "invalid_json", fmt.Sprintf("Trường %q có kiểu dữ liệu không đúng.", te.Field), fmt.Sprintf("Field %q has the wrong type.", te.Field))
		case errors.As(err, &se), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
			return errs.New(errs.Invalid, "invalid_json", "Nội dung JSON không hợp lệ.", "Malformed JSON.")
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			return errs.Invalidf(f, "unknown_field", fmt.Sprintf("Trường %q không được hỗ trợ.", f), fmt.Sprintf("Unknown field %q.", f))
		}
		return errs.New(errs.Invalid, "invalid_json", "Nội dung JSON không hợp lệ.", "Malformed JSON.")
	}
	if dec.More() {
		return errs.New(errs.Invalid, "invalid_json", "Chỉ được gửi một đối tượng JSON.", "Send exactly one JSON object.")
	}
	return nil
}

// safeNext keeps a post-login redirect on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/home"
	}
	return next
}

var roleNames = map[org.Role][2]string{
	org.RoleReception: {"Tiếp nhận hồ sơ", "Reception"}, org.RoleProcessing: {"Chuyên viên xử lý", "Processing officer"},
	org.RoleDivisionLeader: {"Lãnh đạo phòng", "Division leader"}, org.RoleAgencyLeader: {"Lãnh đạo cơ quan", "Agency leader"},
	org.RoleClerk: {"Văn thư", "Registry clerk"}, org.RoleSupervisor: {"Giám sát, kiểm soát TTHC", "Supervisor"}, org.RoleAdmin: {"Quản trị hệ thống", "Administrator"},
}

var kindNames = map[org.Kind][2]string{
	org.KindCity: {"UBND thành phố", "City People's Committee"}, org.KindDepartment: {"Sở, ban, ngành", "Department"},
	org.KindDistrict: {"Quận, huyện, thị xã (trước 01/07/2025)", "District (until 30/06/2025)"}, org.KindCommune: {"Phường, xã, thị trấn", "Commune or ward"},
	org.KindServiceCentre: {"Trung tâm Phục vụ hành chính công", "Public administration service centre"}, org.KindOneStopDesk: {"Bộ phận Một cửa", "One-stop desk"},
	org.KindDivision: {"Phòng, ban chuyên môn", "Division"},
}

// RoleName is the role's name in the page language.
func (p *page) RoleName(r org.Role) string {
	if n, ok := roleNames[r]; ok {
		return p.L.S(n[0], n[1])
	}
	return string(r)
}

// KindName is the unit kind's name in the page language.
func (p *page) KindName(k org.Kind) string {
	if n, ok := kindNames[k]; ok {
		return p.L.S(n[0], n[1])
	}
	return string(k)
}
