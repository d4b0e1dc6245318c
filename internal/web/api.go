package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/audit"
	"github.com/egov-vn/egov/internal/catalog"
	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

// apiRoute describes one API operation for the route table and the OpenAPI document.
type apiRoute struct {
	Method   string
	Path     string
	Summary  string
	Params   []apiParam
	Body     string // request schema, "" for none
	Response string // response schema
	Public   bool   // no sign-in needed
}

// bodyLimit is the largest request body the route reads: a catalogue file may be as large as
// catalog.MaxFileSize, anything else 1 MiB.
func (rt apiRoute) bodyLimit() int64 {
	if rt.Body == "CatalogueFile" {
		return catalog.MaxFileSize + 1
	}
	if strings.HasSuffix(rt.Body, "Upload") {
		return app.MaxFileSize + 64<<10 // the file and the multipart framing
	}
	return maxJSONBody + 1
}

type apiParam struct {
	Name, In, Type, Description string
}

var (
	idParam       = []apiParam{{"id", "path", "integer", "identifier"}}
	keyParam      = []apiParam{{"key", "path", "string", "calendar key, e.g. national"}}
	dueParams     = []apiParam{{"from", "query", "string", "start, RFC 3339 (e.g. 2025-03-03T09:00:00+07:00)"}, {"days", "query", "number", "working days (may be fractional)"}, {"hours", "query", "number", "working hours"}, {"same_day", "query", "boolean", "same-day procedure, 15:00 cut-off"}, {"calendar_days", "query", "integer", "calendar days"}, {"calendar", "query", "string", "calendar key (default national)"}}
	holidayParams = []apiParam{{"year", "query", "integer", "year (default this year)"}, {"calendar", "query", "string", "calendar key (default national)"}}
)

// apiFunc handles one API call and returns the status and the value to encode.
type apiFunc func(r *http.Request) (int, any, error)

// handleAPI registers an API route. Every API call needs a signed-in official (bearer token or a
// fully signed-in session); the handler parses, makes one service call, and encodes.
func (s *Server) handleAPI(rt apiRoute, fn apiFunc) {
	s.api = append(s.api, rt)
	s.mux.HandleFunc(rt.Method+" "+rt.Path, s.apiHandler(rt, fn))
}

// handleLimitedAPI is handleAPI with a per-IP limit taken first (429 with Retry-After).
func (s *Server) handleLimitedAPI(l *limiter, rt apiRoute, fn apiFunc) {
	s.handleLimitedAPIW(l, rt, func(_ http.ResponseWriter, r *http.Request) (int, any, error) { return fn(r) })
}

// handleLimitedAPIW is handleLimitedAPI for a handler that sets headers itself (a further limit's
// Retry-After).
func (s *Server) handleLimitedAPIW(l *limiter, rt apiRoute, fn func(http.ResponseWriter, *http.Request) (int, any, error)) {
	s.api = append(s.api, rt)
	s.mux.HandleFunc(rt.Method+" "+rt.Path, s.limited(l, func(w http.ResponseWriter, r *http.Request) {
		s.apiHandler(rt, func(r *http.Request) (int, any, error) { return fn(w, r) })(w, r)
	}))
}

// apiHandler serves one API route: the sign-in check, the body limit, the call and its answer.
func (s *Server) apiHandler(rt apiRoute, fn apiFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if a := authFrom(r); !rt.Public && (a == nil || a.Step != app.StepDone) {
			s.fail(w, r, errs.ErrUnauthorized)
			return
		}
		s.serveAPI(w, r, rt, fn)
	}
}

// serveAPI runs an API handler once the caller is known: the body bounded for the route, one
// call, and the answer encoded (JSON, a file, or the error object).
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request, rt apiRoute, fn apiFunc) {
	if r.Method != http.MethodGet {
		r.Body = http.MaxBytesReader(w, r.Body, rt.bodyLimit())
	}
	status, v, err := fn(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if f, ok := v.(fileBody); ok {
		writeFile(w, f)
		return
	}
	writeJSON(w, status, v)
}

// JSON views.

type unitJSON struct {
	ID         int64           `json:"id"`
	OrganID    string          `json:"organ_id,omitempty"`
	GSOCode    string          `json:"gso_code,omitempty"`
	Name       string          `json:"name"`
	ShortName  string          `json:"short_name,omitempty"`
	Kind       org.Kind        `json:"kind"`
	Category   string          `json:"category,omitempty"`
	ParentID   int64           `json:"parent_id,omitempty"`
	ValidFrom  string          `json:"valid_from"`
	ValidTo    string          `json:"valid_to,omitempty"`
	Successors []successorJSON `json:"successors,omitempty"`
}

type successorJSON struct {
	UnitID  int64  `json:"unit_id"`
	Name    string `json:"name"`
	Partial bool   `json:"partial"`
}

func toUnit(u *org.Unit) unitJSON {
	j := unitJSON{ID: u.ID, OrganID: u.OrganID, GSOCode: u.GSOCode, Name: u.Name, ShortName: u.ShortName, Kind: u.Kind, Category: u.Category,
		ParentID: u.ParentID, ValidFrom: u.ValidFrom.String(), ValidTo: u.ValidTo.String()}
	for _, s := range u.Successors {
		j.Successors = append(j.Successors, successorJSON{s.UnitID, s.Name, s.Partial})
	}
	return j
}

func toUnits(us []*org.Unit) []unitJSON {
	out := make([]unitJSON, 0, len(us))
	for _, u := range us {
		out = append(out, toUnit(u))
	}
	return out
}

type grantJSON struct {
	UnitID   int64    `json:"unit_id"`
	UnitName string   `json:"unit_name"`
	Role     org.Role `json:"role"`
}

type userJSON struct {
	ID          int64       `json:"id"`
	Username    string      `json:"username"`
	FullName    string      `json:"full_name"`
	Email       string      `json:"email,omitempty"`
	Disabled    bool        `json:"disabled"`
	TOTPEnabled bool        `json:"totp_enabled"`
	CreatedAt   time.Time   `json:"created_at"`
	Grants      []grantJSON `json:"grants"`
}

func toUser(u *org.User) userJSON {
	j := userJSON{ID: u.ID, Username: u.Username, FullName: u.FullName, Email: u.Email, Disabled: u.Disabled, TOTPEnabled: u.TOTPEnabled, CreatedAt: u.CreatedAt, Grants: []grantJSON{}}
	for _, g := range u.Grants {
		j.Grants = append(j.Grants, grantJSON{g.UnitID, g.UnitName, g.Role})
	}
	return j
}

type sessionJSON struct {
	ID         int64     `json:"id"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	ExpiresAt  time.Time `json:"expires_at"`
	IP         string    `json:"ip"`
	UserAgent  string    `json:"user_agent"`
}

type tokenJSON struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  *time.Time `json:"expires_at,omitempty"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
}

func opt(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

type auditJSON struct {
	Seq        int64     `json:"seq"`
	At         time.Time `json:"at"`
	Actor      string    `json:"actor"`
	Action     string    `json:"action"`
	ObjectType string    `json:"object_type"`
	ObjectID   string    `json:"object_id"`
	Before     any       `json:"before,omitempty"`
	After      any       `json:"after,omitempty"`
	RequestID  string    `json:"request_id,omitempty"`
	Hash       string    `json:"hash"`
}

func rawJSON(s string) any {
	if s == "" {
		return nil
	}
	return jsonRaw(s)
}

type jsonRaw string

func (j jsonRaw) MarshalJSON() ([]byte, error) { return []byte(j), nil }

func toAudit(r *audit.Record) auditJSON {
	return auditJSON{r.Seq, r.At, r.Actor, r.Action, r.ObjectType, r.ObjectID, rawJSON(r.Before), rawJSON(r.After), r.RequestID, r.Hash}
}

// Handlers.

func (s *Server) apiMe(r *http.Request) (int, any, error) {
	a := authFrom(r)
	return http.StatusOK, toUser(a.User), nil
}

var unitListParams = []apiParam{
	{"on", "query", "string", "valid on this date (YYYY-MM-DD)"}, {"q", "query", "string", "search in names (diacritics ignored) and codes"},
	{"kind", "query", "string", "unit kind, repeatable"}, {"parent", "query", "integer", "direct children of this unit"},
	{"gso_code", "query", "string", "GSO code"}, {"organ_id", "query", "string", "agency code"},
	{"limit", "query", "integer", "1–5000, default 500"}, {"offset", "query", "integer", "rows to skip"}}

func intParam(r *http.Request, name string, lo, hi int64) (int64, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < lo || n > hi {
		return 0, errs.Invalidf(name, "invalid_parameter", "Tham số "+name+" không hợp lệ.", "Invalid parameter "+name+".")
	}
	return n, nil
}

func (s *Server) apiUnits(r *http.Request) (int, any, error) {
	q := r.URL.Query()
	f := store.UnitFilter{Query: q.Get("q"), GSOCode: q.Get("gso_code"), OrganID: q.Get("organ_id")}
	if v := q.Get("on"); v != "" {
		d, err := org.ParseDate(v)
		if err != nil {
			return 0, nil, errs.Invalidf("on", "invalid_date", errs.Public(err).Message, errs.Public(err).English)
		}
		f.On = d
	}
	for _, k := range q["kind"] {
		if !org.Kind(k).Valid() {
			return 0, nil, errs.Invalidf("kind", "invalid_kind", "Loại đơn vị "+k+" không hợp lệ.", "Unknown unit kind "+k+".")
		}
		f.Kinds = append(f.Kinds, org.Kind(k))
	}
	var err error
	if f.ParentID, err = intParam(r, "parent", 1, 1<<62); err != nil {
		return 0, nil, err
	}
	limit, err := intParam(r, "limit", 1, 5000)
	if err != nil {
		return 0, nil, err
	}
	offset, err := intParam(r, "offset", 0, 1<<31)
	if err != nil {
		return 0, nil, err
	}
	f.Limit, f.Offset = int(limit), int(offset)
	us, err := s.svc.Units(r.Context(), f)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, map[string]any{"units": toUnits(us)}, nil
}

func (s *Server) apiUnit(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	d, err := s.svc.Unit(r.Context(), id)
	if err != nil {
		return 0, nil, err
	}
	out := map[string]any{"unit": toUnit(d.Unit), "children": toUnits(d.Children), "predecessors": toUnits(d.Predecessors)}
	if d.Parent != nil {
		out["parent"] = toUnit(d.Parent)
	}
	return http.StatusOK, out, nil
}

type newUnitJSON struct {
	ParentID  int64    `json:"parent_id"`
	Name      string   `json:"name"`
	ShortName string   `json:"short_name"`
	Kind      org.Kind `json:"kind"`
	Category  string   `json:"category"`
	OrganID   string   `json:"organ_id"`
	GSOCode   string   `json:"gso_code"`
	ValidFrom string   `json:"valid_from"`
}

func (s *Server) apiCreateUnit(r *http.Request) (int, any, error) {
	var in newUnitJSON
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	if in.ParentID == 0 {
		return 0, nil, errs.Invalidf("parent_id", "missing_parent", "Cần chọn đơn vị cấp trên.", "parent_id is required.")
	}
	from, err := org.ParseDate(in.ValidFrom)
	if err != nil {
		return 0, nil, errs.Invalidf("valid_from", "invalid_date", errs.Public(err).Message, errs.Public(err).English)
	}
	u := &org.Unit{ParentID: in.ParentID, Name: in.Name, ShortName: in.ShortName, Kind: in.Kind, Category: in.Category, OrganID: in.OrganID, GSOCode: in.GSOCode, ValidFrom: from}
	if err := s.svc.CreateUnit(r.Context(), u); err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, toUnit(u), nil
}

func (s *Server) apiCloseUnit(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		ValidTo string `json:"valid_to"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	to, err := org.ParseDate(in.ValidTo)
	if err != nil {
		return 0, nil, errs.Invalidf("valid_to", "invalid_date", errs.Public(err).Message, errs.Public(err).English)
	}
	if err := s.svc.CloseUnit(r.Context(), id, to); err != nil {
		return 0, nil, err
	}
	d, err := s.svc.Unit(r.Context(), id)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, toUnit(d.Unit), nil
}

func (s *Server) apiLinkSuccessor(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		SuccessorID int64 `json:"successor_id"`
		Partial     bool  `json:"partial"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	if err := s.svc.LinkSuccessor(r.Context(), id, in.SuccessorID, in.Partial); err != nil {
		return 0, nil, err
	}
	d, err := s.svc.Unit(r.Context(), id)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, toUnit(d.Unit), nil
}

var userListParams = []apiParam{{"q", "query", "string", "part of username or name"}, {"unit", "query", "integer", "with a role on this unit"},
	{"limit", "query", "integer", "1–1000"}, {"offset", "query", "integer", "rows to skip"}}

func (s *Server) apiUsers(r *http.Request) (int, any, error) {
	f := store.UserFilter{Query: r.URL.Query().Get("q")}
	var err error
	if f.UnitID, err = intParam(r, "unit", 1, 1<<62); err != nil {
		return 0, nil, err
	}
	limit, err := intParam(r, "limit", 1, 1000)
	if err != nil {
		return 0, nil, err
	}
	offset, err := intParam(r, "offset", 0, 1<<31)
	if err != nil {
		return 0, nil, err
	}
	f.Limit, f.Offset = int(limit), int(offset)
	us, err := s.svc.Users(r.Context(), f)
	if err != nil {
		return 0, nil, err
	}
	out := make([]userJSON, 0, len(us))
	for _, u := range us {
		out = append(out, toUser(u))
	}
	return http.StatusOK, map[string]any{"users": out}, nil
}

func (s *Server) apiCreateUser(r *http.Request) (int, any, error) {
	var in struct {
		Username string     `json:"username"`
		FullName string     `json:"full_name"`
		Email    string     `json:"email"`
		Password string     `json:"password"`
		UnitID   int64      `json:"unit_id"`
		Roles    []org.Role `json:"roles"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	u, err := s.svc.CreateUser(r.Context(), app.NewUser{Username: in.Username, FullName: in.FullName, Email: in.Email, Password: in.Password, UnitID: in.UnitID, Roles: in.Roles})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, toUser(u), nil
}

func (s *Server) apiUser(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	u, err := s.svc.User(r.Context(), id)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, toUser(u), nil
}

// userChange runs a change on an official and answers with the official as they are now.
func (s *Server) userChange(r *http.Request, fn func(id int64) error) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	if err := fn(id); err != nil {
		return 0, nil, err
	}
	u, err := s.svc.User(r.Context(), id)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, toUser(u), nil
}

type grantIn struct {
	UnitID int64    `json:"unit_id"`
	Role   org.Role `json:"role"`
}

func (s *Server) apiGrant(r *http.Request) (int, any, error) {
	return s.userChange(r, func(id int64) error {
		var in grantIn
		if err := decodeJSON(r, &in); err != nil {
			return err
		}
		return s.svc.Grant(r.Context(), id, in.UnitID, in.Role)
	})
}

func (s *Server) apiRevoke(r *http.Request) (int, any, error) {
	return s.userChange(r, func(id int64) error {
		var in grantIn
		if err := decodeJSON(r, &in); err != nil {
			return err
		}
		return s.svc.Revoke(r.Context(), id, in.UnitID, in.Role)
	})
}

func (s *Server) apiDisable(r *http.Request) (int, any, error) {
	return s.userChange(r, func(id int64) error { return s.svc.SetDisabled(r.Context(), id, true) })
}

func (s *Server) apiEnable(r *http.Request) (int, any, error) {
	return s.userChange(r, func(id int64) error { return s.svc.SetDisabled(r.Context(), id, false) })
}

func (s *Server) apiPassword(r *http.Request) (int, any, error) {
	return s.userChange(r, func(id int64) error {
		var in struct {
			Password string `json:"password"`
		}
		if err := decodeJSON(r, &in); err != nil {
			return err
		}
		return s.svc.ResetPassword(r.Context(), id, in.Password)
	})
}

func (s *Server) apiTOTPReset(r *http.Request) (int, any, error) {
	return s.userChange(r, func(id int64) error { return s.svc.ResetTOTP(r.Context(), id) })
}

func (s *Server) apiSessions(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	ss, err := s.svc.Sessions(r.Context(), id)
	if err != nil {
		return 0, nil, err
	}
	out := make([]sessionJSON, 0, len(ss))
	for _, x := range ss {
		out = append(out, sessionJSON{x.ID, x.CreatedAt, x.LastSeenAt, x.ExpiresAt, x.IP, x.UserAgent})
	}
	return http.StatusOK, map[string]any{"sessions": out}, nil
}

func (s *Server) apiRevokeSession(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	if err := s.svc.RevokeSession(r.Context(), id); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, map[string]any{"done": true}, nil
}

func (s *Server) apiTokens(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	ts, err := s.svc.Tokens(r.Context(), id)
	if err != nil {
		return 0, nil, err
	}
	out := make([]tokenJSON, 0, len(ts))
	for _, t := range ts {
		out = append(out, tokenJSON{t.ID, t.Name, t.CreatedAt, opt(t.ExpiresAt), opt(t.RevokedAt), opt(t.LastUsedAt)})
	}
	return http.StatusOK, map[string]any{"tokens": out}, nil
}

func (s *Server) apiRevokeToken(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	if err := s.svc.RevokeToken(r.Context(), id); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, map[string]any{"done": true}, nil
}

var auditParams = []apiParam{{"actor", "query", "string", "username"}, {"action", "query", "string", "exact action, or a prefix ending in '.'"},
	{"object_type", "query", "string", ""}, {"object_id", "query", "string", ""}, {"from", "query", "string", "first day (YYYY-MM-DD)"},
	{"to", "query", "string", "last day (YYYY-MM-DD)"}, {"before", "query", "integer", "records older than this sequence number"},
	{"limit", "query", "integer", "1–500, default 50"}}

func (s *Server) apiAudit(r *http.Request) (int, any, error) {
	f, err := auditFilter(r.URL.Query())
	if err != nil {
		return 0, nil, err
	}
	recs, err := s.svc.AuditRecords(r.Context(), f)
	if err != nil {
		return 0, nil, err
	}
	out := make([]auditJSON, 0, len(recs))
	for _, x := range recs {
		out = append(out, toAudit(x))
	}
	return http.StatusOK, map[string]any{"records": out}, nil
}

// openAPI serves the OpenAPI 3.1 document generated from the route table.
func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) {
	paths := map[string]map[string]any{}
	for _, rt := range s.api {
		op := map[string]any{"summary": rt.Summary, "operationId": strings.ToLower(rt.Method) + operationName.Replace(strings.TrimPrefix(rt.Path, "/api/v1")),
			"security": []any{map[string]any{"bearer": []any{}}, map[string]any{"session": []any{}}}}
		if rt.Public {
			op["security"] = []any{}
		}
		if strings.HasPrefix(rt.Path, portalAPIPrefix) {
			op["security"] = []any{map[string]any{"portalBearer": []any{}}, map[string]any{"portalSession": []any{}}}
		}
		var params []any
		for _, p := range rt.Params {
			params = append(params, map[string]any{"name": p.Name, "in": p.In, "required": p.In == "path", "description": p.Description, "schema": map[string]any{"type": p.Type}})
		}
		if params != nil {
			op["parameters"] = params
		}
		if rt.Body != "" {
			ct := "application/json"
			if strings.HasSuffix(rt.Body, "Upload") {
				ct = "multipart/form-data"
			}
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{ct: map[string]any{"schema": ref(rt.Body)}}}
		}
		ok := "200"
		if rt.Method == "POST" && (portalCreated[rt.Path] || rt.Path == "/api/v1/units" || rt.Path == "/api/v1/users" || rt.Path == "/api/v1/dossiers" || rt.Path == "/api/v1/dossiers/{code}/files" || rt.Path == "/api/v1/dossiers/{code}/sign") {
			ok = "201"
		}
		content := map[string]any{"application/json": map[string]any{"schema": ref(rt.Response)}}
		if ct, isFile := strings.CutPrefix(rt.Response, "file:"); isFile {
			content = map[string]any{}
			for _, c := range strings.Split(ct, ",") {
				content[c] = map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}
			}
		}
		op["responses"] = map[string]any{
			ok:        map[string]any{"description": "OK", "content": content},
			"400":     errResponse("Invalid input; nothing changed"),
			"401":     errResponse("Not signed in"),
			"403":     errResponse("Not allowed"),
			"404":     errResponse("Not found or not visible to the caller"),
			"409":     errResponse("Conflict"),
			"default": errResponse("Error"),
		}
		if paths[rt.Path] == nil {
			paths[rt.Path] = map[string]any{}
		}
		paths[rt.Path][strings.ToLower(rt.Method)] = op
	}
	doc := map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "egov API", "version": s.cfg.Version,
			"description": "The JSON API of egov. Every operation of the officials' pages is here. Errors are {\"error\": {\"code\", \"message\" (Vietnamese), \"message_en\", \"field\", \"request_id\"}} with a stable code."},
		"paths": paths,
		"components": map[string]any{
			"securitySchemes": map[string]any{
				"bearer":  map[string]any{"type": "http", "scheme": "bearer", "description": "A token from `egov token create --user NAME`."},
				"session": map[string]any{"type": "apiKey", "in": "cookie", "name": sessionCookie},
				"portalBearer": map[string]any{"type": "http", "scheme": "bearer",
					"description": "A portal account's session token (egc_…), as set in the portal cookie at sign-in; only for /api/v1/portal/."},
				"portalSession": map[string]any{"type": "apiKey", "in": "cookie", "name": portalCookie}},
			"schemas": openAPISchemas,
		},
	}
	writeJSON(w, http.StatusOK, doc)
}

// operationName turns a path into the rest of an operation id: /procedures/{code}/dry-run →
// _procedures_code_dry_run (and {id} → ID).
var operationName = strings.NewReplacer("{id}", "ID", "{", "", "}", "", "/", "_", "-", "_")

func ref(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }

func errResponse(desc string) map[string]any {
	return map[string]any{"description": desc, "content": map[string]any{"application/json": map[string]any{"schema": ref("Error")}}}
}

func obj(props map[string]any, required ...string) map[string]any {
	o := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		o["required"] = required
	}
	return o
}

func arr(item any) map[string]any { return map[string]any{"type": "array", "items": item} }

var (
	str  = map[string]any{"type": "string"}
	num  = map[string]any{"type": "integer"}
	flt  = map[string]any{"type": "number"}
	bl   = map[string]any{"type": "boolean"}
	date = map[string]any{"type": "string", "format": "date"}
	dt   = map[string]any{"type": "string", "format": "date-time"}
)

var openAPISchemas = map[string]any{
	"Error": obj(map[string]any{"error": obj(map[string]any{"code": str, "message": str, "message_en": str, "field": str, "request_id": str}, "code", "message"),
		"problems": arr(ref("Problem"))}, "error"),
	"Problem": obj(map[string]any{"path": str, "code": str, "message": str, "english": str}, "path", "code", "message"),
	"Unit": obj(map[string]any{"id": num, "organ_id": str, "gso_code": str, "name": str, "short_name": str, "kind": map[string]any{"type": "string", "enum": org.Kinds},
		"category": str, "parent_id": num, "valid_from": date, "valid_to": date,
		"successors": arr(obj(map[string]any{"unit_id": num, "name": str, "partial": bl}))}, "id", "name", "kind", "valid_from"),
	"UnitList":   obj(map[string]any{"units": arr(ref("Unit"))}),
	"UnitDetail": obj(map[string]any{"unit": ref("Unit"), "parent": ref("Unit"), "children": arr(ref("Unit")), "predecessors": arr(ref("Unit"))}),
	"NewUnit": obj(map[string]any{"parent_id": num, "name": str, "short_name": str, "kind": map[string]any{"type": "string", "enum": org.Kinds},
		"category": str, "organ_id": str, "gso_code": str, "valid_from": date}, "parent_id", "name", "kind", "valid_from"),
	"CloseUnit": obj(map[string]any{"valid_to": date}, "valid_to"),
	"Successor": obj(map[string]any{"successor_id": num, "partial": bl}, "successor_id"),
	"User": obj(map[string]any{"id": num, "username": str, "full_name": str, "email": str, "disabled": bl, "totp_enabled": bl, "created_at": dt,
		"grants": arr(obj(map[string]any{"unit_id": num, "unit_name": str, "role": map[string]any{"type": "string", "enum": org.Roles}}))}),
	"Me":       ref("User"),
	"UserList": obj(map[string]any{"users": arr(ref("User"))}),
	"NewUser": obj(map[string]any{"username": str, "full_name": str, "email": str, "password": str, "unit_id": num,
		"roles": arr(map[string]any{"type": "string", "enum": org.Roles})}, "username", "full_name", "password", "unit_id", "roles"),
	"Grant":       obj(map[string]any{"unit_id": num, "role": map[string]any{"type": "string", "enum": org.Roles}}, "unit_id", "role"),
	"Password":    obj(map[string]any{"password": str}, "password"),
	"SessionList": obj(map[string]any{"sessions": arr(obj(map[string]any{"id": num, "created_at": dt, "last_seen_at": dt, "expires_at": dt, "ip": str, "user_agent": str}))}),
	"TokenList":   obj(map[string]any{"tokens": arr(obj(map[string]any{"id": num, "name": str, "created_at": dt, "expires_at": dt, "revoked_at": dt, "last_used_at": dt}))}),
	"AuditList": obj(map[string]any{"records": arr(obj(map[string]any{"seq": num, "at": dt, "actor": str, "action": str, "object_type": str, "object_id": str,
		"before": map[string]any{}, "after": map[string]any{}, "request_id": str, "hash": str}))}),
	"Done": obj(map[string]any{"done": bl}),
	"Due": obj(map[string]any{"start": dt, "clock_start": dt, "normalized": bl, "due": dt, "provisional": bl,
		"skipped": arr(obj(map[string]any{"date": date, "reason": str})), "notes": arr(str), "explanation": str}),
	"YearSchedule": obj(map[string]any{"year": num, "provisional": bl, "note": str, "warnings": arr(str),
		"days": arr(obj(map[string]any{"date": date, "kind": map[string]any{"type": "string", "enum": []string{"off", "workday"}}, "name": str}))}),
	"CalendarList":    obj(map[string]any{"calendars": arr(obj(map[string]any{"key": str, "name": str, "years": arr(num), "version": num}))}),
	"UnitCalendar":    obj(map[string]any{"calendar": str}, "calendar"),
	"UnitCalendarSet": obj(map[string]any{"unit_id": num, "calendar": str}),
	"CalendarFile":    obj(map[string]any{"key": str, "version": num, "body": str}),
	"PutCalendar":     obj(map[string]any{"body": str, "version": num, "confirm": bl}, "body"),
	"Duration": obj(map[string]any{"value": flt, "unit": map[string]any{"type": "string", "enum": []string{"working_days", "working_hours", "same_day", "calendar_days"}},
		"cutoff": str, "text": str}, "value", "unit"),
	"ProcedureItem": obj(map[string]any{"code": str, "local_code": str, "name": str, "field": str,
		"levels":              arr(map[string]any{"type": "string", "enum": []string{"commune", "district", "province", "ministry"}}),
		"competent_unit_kind": map[string]any{"type": "string", "enum": org.Kinds},
		"online_level":        map[string]any{"type": "string", "enum": []string{"none", "partial", "full"}},
		"number":              num, "status": map[string]any{"type": "string", "enum": []string{"draft", "published", "withdrawn"}},
		"effective_from": date, "effective_to": date,
		"variants": arr(obj(map[string]any{"code": str, "name": str, "duration": ref("Duration"), "online_duration": ref("Duration")}))},
		"code", "name", "field", "levels", "number", "effective_from", "variants"),
	"ProcedureList": obj(map[string]any{"items": arr(ref("ProcedureItem")), "total": num,
		"fields": arr(obj(map[string]any{"field": str, "count": num}))}, "items", "total", "fields"),
	"VersionFile": map[string]any{"type": "object", "description": "A version in the catalogue file format, described field by field in internal/catalog/FORMAT.md.",
		"required": []string{"number", "status", "effective_from", "name", "field", "levels", "competent_unit_kind", "online_level", "result_kind", "legal_basis", "variants"}},
	"ProcedureFile": map[string]any{"type": "object", "description": "A procedure in the catalogue file format (internal/catalog/FORMAT.md).",
		"properties": map[string]any{"national_code": str, "agency": str, "local_code": str, "illustrative": bl, "sources": arr(str), "versions": arr(ref("VersionFile"))},
		"required":   []string{"national_code", "versions"}},
	"CatalogueFile": map[string]any{"type": "object", "description": "A catalogue file (internal/catalog/FORMAT.md).",
		"properties": map[string]any{"format": map[string]any{"const": catalog.FormatV1}, "procedures": arr(ref("ProcedureFile"))},
		"required":   []string{"format", "procedures"}},
	"VersionInfo": obj(map[string]any{"number": num, "status": str, "revision": num, "updated_at": dt, "updated_by": str, "published_at": dt}),
	"Procedure": map[string]any{"type": "object", "description": "A procedure in the catalogue file format, with its local code; version_info only for city administrators.",
		"properties": map[string]any{"national_code": str, "agency": str, "local_code": str, "illustrative": bl, "sources": arr(str),
			"versions": arr(ref("VersionFile")), "version_info": arr(ref("VersionInfo"))}},
	"CatalogueImport": obj(map[string]any{"procedures_created": num, "procedures_updated": num, "versions_created": num, "versions_updated": num, "versions_unchanged": num}),
	"StoredVersion": obj(map[string]any{"number": num, "status": str, "revision": num, "updated_at": dt, "updated_by": str, "published_at": dt,
		"version": ref("VersionFile"), "problems": arr(ref("Problem"))}),
	"SaveDraft": obj(map[string]any{"revision": num, "version": ref("VersionFile")}, "revision", "version"),
	"Publish":   obj(map[string]any{"revision": num}),
	"VersionDiff": obj(map[string]any{"number": num, "base": map[string]any{"type": []string{"integer", "null"}},
		"changes": arr(obj(map[string]any{"path": str, "kind": map[string]any{"type": "string", "enum": []string{"added", "removed", "changed"}}, "old": map[string]any{}, "new": map[string]any{}}))}),
	"DryRunRequest": obj(map[string]any{"variant": str, "unit_id": num, "online": bl, "at": dt}),
	"DryRun": obj(map[string]any{"variant": str, "online": bl, "calendar": str, "received_at": dt, "duration": ref("Duration"), "due_at": dt,
		"explanation": str, "detail": ref("Due"), "fits": bl,
		"steps": arr(obj(map[string]any{"name": str, "unit_kind": str, "role": str, "allotted": ref("Duration"), "start": dt, "due": dt}))}),
	"Applicant": obj(map[string]any{"name": str, "id_number": str, "birth_date": date, "address": str, "phone": str, "email": str}, "name", "id_number"),
	"NewDossier": obj(map[string]any{"procedure_code": str, "variant": str, "channel": map[string]any{"type": "integer", "enum": []int{1, 2, 3}},
		"subject_kind": map[string]any{"type": "integer", "enum": []int{0, 1, 2}}, "applicant": ref("Applicant"), "components": arr(str),
		"unit_id": num, "fees_paid": bl, "electronic": bl}, "procedure_code", "applicant"),
	"Dossier": obj(map[string]any{"code": str, "status": map[string]any{"type": "string", "enum": dossierStates()}, "status_label": str,
		"national_status": map[string]any{"type": "integer", "minimum": 1, "maximum": 10}, "procedure_code": str, "procedure_name": str,
		"variant": str, "channel": num, "subject_kind": num, "applicant": ref("Applicant"), "receiving_unit_id": num, "current_unit_id": num,
		"current_user_id": num, "submitted_at": dt, "received_at": map[string]any{"type": []string{"string", "null"}, "format": "date-time"},
		"due_at": map[string]any{"type": []string{"string", "null"}, "format": "date-time"}, "original_due_at": dt, "processed_at": dt,
		"returned_at": dt, "paused": bl, "late": bl, "fee_amount": num, "fees_paid": bl, "supplement_count": num, "apology_count": num,
		"result_note": str, "revision": num}, "code", "status", "national_status", "received_at", "due_at", "revision"),
	"DossierDetail": map[string]any{"allOf": []any{ref("Dossier"), map[string]any{"type": "object", "properties": map[string]any{
		"procedure_version": num,
		"components":        arr(obj(map[string]any{"code": str, "name": str, "required": bl, "provided": bl})),
		"steps": arr(obj(map[string]any{"no": num, "name": str, "role": str, "inter_agency": bl, "from_unit": str, "to_unit": str, "to_user_id": num,
			"allotted": str, "handed_at": dt, "due_at": dt, "done_at": dt, "status": str, "outcome": map[string]any{"type": "string", "enum": []string{"early", "onTime", "late"}}, "note": str})),
		"events":          arr(obj(map[string]any{"at": dt, "actor": str, "action": str, "label": str, "from": str, "to": str, "reason": str, "data": map[string]any{}})),
		"files":           arr(ref("DossierFile")),
		"allowed_actions": arr(map[string]any{"type": "string", "enum": dossierActions()})}}}},
	"Action": obj(map[string]any{"action": map[string]any{"type": "string", "enum": dossierActions()}, "revision": num, "reason": str,
		"override_reason": str, "to_unit_id": num, "to_user_id": num, "back": bl, "items": arr(str), "result_note": str,
		"new_due_at": dt, "extra_days": flt, "amount": num}, "action"),
	"FileUpload": obj(map[string]any{"kind": map[string]any{"type": "string", "enum": []string{"component", "result"}}, "component": str,
		"file": map[string]any{"type": "string", "format": "binary"}}, "kind", "file"),
	"DossierFile": obj(map[string]any{"id": num, "kind": str, "component": str, "name": str, "sha256": str, "size": num, "content_type": str,
		"uploaded_at": dt, "uploaded_by": str, "url": str}),
	"Inbox": obj(map[string]any{"items": arr(ref("Dossier")), "next": str}, "items"),
	"PublicDossier": obj(map[string]any{"code": str, "procedure_code": str, "procedure_name": str, "receiving_unit": str, "status": str,
		"status_label": str, "national_status": num, "received_at": dt, "due_at": dt, "processed_at": dt, "returned_at": dt}),
	"CalendarChange": obj(map[string]any{"key": str, "applied": bl, "version": num, "warnings": arr(str),
		"added":          arr(obj(map[string]any{"date": date, "kind": str, "name": str, "legal_ref": str})),
		"removed":        arr(obj(map[string]any{"date": date, "kind": str, "name": str, "legal_ref": str})),
		"dossiers_moved": arr(obj(map[string]any{"code": str, "due_at": str, "new_due_at": str}))}),
}

func dossierStates() []string {
	var out []string
	for _, st := range dossier.States {
		if st != dossier.Initial {
			out = append(out, string(st))
		}
	}
	return out
}

func dossierActions() []string {
	var out []string
	for _, a := range dossier.Actions {
		out = append(out, string(a))
	}
	return out
}
