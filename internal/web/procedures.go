package web

import (
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/catalog"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

// The public procedure catalogue (danh mục thủ tục hành chính): anyone searches it and reads a
// procedure without signing in, on pages (/thu-tuc) and through the API (/api/v1/procedures).

// publicPageSize is how many procedures a page of the public list shows.
const publicPageSize = 20

// catalogueFilter reads the filters shared by the pages and the API: q, field, level, unit_kind,
// online and on (YYYY-MM-DD, default today). The service checks the enumerations.
func catalogueFilter(q url.Values, today org.Date) (store.ProcedureFilter, error) {
	f := store.ProcedureFilter{Query: strings.TrimSpace(q.Get("q")), Field: strings.TrimSpace(q.Get("field")),
		Level: catalog.Level(q.Get("level")), UnitKind: org.Kind(q.Get("unit_kind")), Online: catalog.OnlineLevel(q.Get("online")), On: today}
	if v := strings.TrimSpace(q.Get("on")); v != "" {
		d, err := org.ParseDate(v)
		if err != nil {
			return f, errs.Invalidf("on", "invalid_date", "Ngày áp dụng không hợp lệ, cần dạng NNNN-TT-NN (ví dụ 2025-07-01).",
				"The date is not valid, expected YYYY-MM-DD (e.g. 2025-07-01).")
		}
		f.On = d
	}
	return f, nil
}

// procedureCode reads the {code} of a path: a national code, or a local code reduced to it.
func procedureCode(r *http.Request) (string, error) {
	code := strings.TrimSpace(r.PathValue("code"))
	if national, _, _, ok := catalog.ParseLocalCode(code); ok {
		code = national
	}
	if !catalog.ValidNationalCode(code) {
		return "", errs.Invalidf("code", "invalid_code", "Mã thủ tục phải có dạng N.NNNNNN (ví dụ 1.001193).",
			"A procedure code looks like N.NNNNNN (e.g. 1.001193).")
	}
	return code, nil
}

// localCodeOf is the localised code of a version, or the legacy one received on import.
func localCodeOf(v *catalog.Version) string {
	if lc := v.LocalCode(); lc != "" {
		return lc
	}
	return v.LegacyLocalCode
}

// Words for the catalogue's enumerations, Vietnamese and English.

var levelNames = map[catalog.Level][2]string{
	catalog.LevelCommune: {"Cấp xã", "Commune level"}, catalog.LevelDistrict: {"Cấp huyện (đến 30/6/2025)", "District level (until 30/6/2025)"},
	catalog.LevelProvince: {"Cấp tỉnh", "Provincial level"}, catalog.LevelMinistry: {"Cấp bộ", "Ministry level"},
}

var onlineNames = map[catalog.OnlineLevel][2]string{
	catalog.OnlineFull:    {"Dịch vụ công trực tuyến toàn trình", "Fully online public service"},
	catalog.OnlinePartial: {"Dịch vụ công trực tuyến một phần", "Partly online public service"},
	catalog.OnlineNone:    {"Chỉ cung cấp thông tin, nộp hồ sơ trực tiếp", "Information only, apply in person"},
}

var onlineShort = map[catalog.OnlineLevel][2]string{
	catalog.OnlineFull: {"Trực tuyến toàn trình", "Fully online"}, catalog.OnlinePartial: {"Trực tuyến một phần", "Partly online"},
	catalog.OnlineNone: {"Nộp trực tiếp", "In person"},
}

// competentNames name the agency that decides, by its unit kind.
var competentNames = map[org.Kind][2]string{
	org.KindCommune:       {"Ủy ban nhân dân cấp xã (phường, xã)", "Commune People's Committee"},
	org.KindDistrict:      {"Ủy ban nhân dân cấp huyện (đến 30/6/2025)", "District People's Committee (until 30/6/2025)"},
	org.KindDepartment:    {"Sở, ban, ngành thuộc Ủy ban nhân dân thành phố", "A department of the city"},
	org.KindCity:          {"Ủy ban nhân dân thành phố", "City People's Committee"},
	org.KindServiceCentre: {"Trung tâm Phục vụ hành chính công", "Public administration service centre"},
	org.KindOneStopDesk:   {"Bộ phận Một cửa", "One-stop desk"}, org.KindDivision: {"Phòng, ban chuyên môn", "Specialised division"},
}

// competentKinds are the unit kinds offered by the agency filter, in this order.
var competentKinds = []org.Kind{org.KindCommune, org.KindDistrict, org.KindDepartment, org.KindCity}

var resultNames = map[catalog.ResultKind][2]string{
	catalog.ResultPaper: {"Văn bản, giấy tờ", "A document"}, catalog.ResultElectronic: {"Kết quả điện tử", "An electronic result"},
	catalog.ResultNone: {"Không có văn bản kết quả", "No document is issued"},
}

var statusNames = map[catalog.Status][2]string{
	catalog.StatusDraft: {"Bản nháp", "Draft"}, catalog.StatusPublished: {"Đã công bố", "Published"}, catalog.StatusWithdrawn: {"Đã thu hồi", "Withdrawn"},
}

// pick returns the words for k in the page language, or k itself when there are none.
func pick[K ~string](p *page, names map[K][2]string, k K) string {
	if n, ok := names[k]; ok {
		return p.L.S(n[0], n[1])
	}
	return string(k)
}

// LevelName is an implementing level in words (cấp xã, …).
func (p *page) LevelName(l catalog.Level) string { return pick(p, levelNames, l) }

// LevelNames lists implementing levels in words.
func (p *page) LevelNames(ls []catalog.Level) string {
	var out []string
	for _, l := range ls {
		out = append(out, p.LevelName(l))
	}
	return strings.Join(out, ", ")
}

// OnlineName is an online service level in words; OnlineShort a short badge text.
func (p *page) OnlineName(o catalog.OnlineLevel) string  { return pick(p, onlineNames, o) }
func (p *page) OnlineShort(o catalog.OnlineLevel) string { return pick(p, onlineShort, o) }

// CompetentName names the agency that decides, by its unit kind.
func (p *page) CompetentName(k org.Kind) string { return pick(p, competentNames, k) }

// ResultName is a result kind in words; StatusName a version status.
func (p *page) ResultName(r catalog.ResultKind) string { return pick(p, resultNames, r) }
func (p *page) StatusName(s catalog.Status) string     { return pick(p, statusNames, s) }

// SubmitPlace says where a dossier is handed in for a version, from its competent unit kind and
// its dates: a one-stop desk before the 2025 reform, a public administration service centre of the
// commune or of the city after it (NĐ 118/2025, domain-vn §11).
func (p *page) SubmitPlace(v catalog.Version) string {
	after := !v.EffectiveFrom.Before(reformDay.Time)
	switch v.CompetentUnitKind {
	case org.KindCommune:
		if after {
			return p.L.S("Trung tâm Phục vụ hành chính công phường, xã", "The public administration service centre of the commune or ward")
		}
		return p.L.S("Bộ phận Một cửa của Ủy ban nhân dân phường, xã, thị trấn", "The one-stop desk of the commune People's Committee")
	case org.KindDistrict:
		return p.L.S("Bộ phận Một cửa của Ủy ban nhân dân quận, huyện, thị xã", "The one-stop desk of the district People's Committee")
	case org.KindDepartment, org.KindCity:
		if after {
			return p.L.S("Trung tâm Phục vụ hành chính công thành phố", "The city's public administration service centre")
		}
		return p.L.S("Bộ phận Một cửa của sở, ngành hoặc Trung tâm Phục vụ hành chính công thành phố", "The one-stop desk of the department or the city's service centre")
	}
	return p.CompetentName(v.CompetentUnitKind)
}

var reformDay = mustDay("2025-07-01")

func mustDay(s string) org.Date {
	d, err := org.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// ProblemText is a catalogue problem's message in the page language.
func (p *page) ProblemText(pr catalog.Problem) string {
	if p.L.Code == "en" && pr.English != "" {
		return pr.English
	}
	return pr.Message
}

// Dur describes a duration in the page language.
func (p *page) Dur(d catalog.Duration) string {
	if p.L.Code != "en" {
		return d.String()
	}
	v := strconv.FormatFloat(d.Value, 'f', -1, 64)
	switch d.Unit {
	case catalog.WorkingDays:
		return v + " working day(s)"
	case catalog.WorkingHours:
		return v + " working hour(s)"
	case catalog.CalendarDays:
		return v + " day(s)"
	case catalog.SameDay:
		c := d.Cutoff
		if c == "" {
			c = catalog.DefaultCutoff
		}
		return "same day (received after " + c + ": the next working day)"
	}
	return d.String()
}

// VND formats an amount of đồng with dots between thousands: 8000 → "8.000 đồng".
func (p *page) VND(n int64) string { return groupDigits(n) + " " + p.L.S("đồng", "VND") }

func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Day formats a civil date as dd/mm/yyyy, "" when zero.
func (p *page) Day(d org.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Format("02/01/2006")
}

// External reports whether a template address leads off this site (http or https), the only
// kind of download link shown: the catalogue's relative addresses are not served yet.
func (p *page) External(u string) bool {
	return strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://")
}

// catalogueListData is what the public list shows.
type catalogueListData struct {
	Form       url.Values
	Filter     store.ProcedureFilter
	Today      bool // the date is today's
	Rows       []*store.VersionRow
	Total      int
	Fields     []store.FieldCount
	Page       int
	Pages      int
	First      int // 1-based position of the first row
	Last       int
	Prev, Next string // query strings of the neighbouring pages, "" at the ends
	Levels     []catalog.Level
	UnitKinds  []org.Kind
	Onlines    []catalog.OnlineLevel
}

// DetailQuery is the query string a procedure link carries: the date when it is not today's.
func (d *catalogueListData) DetailQuery() string {
	if d.Today {
		return ""
	}
	return "?on=" + d.Filter.On.String()
}

// proceduresPublic is the public list: search and filters in a GET form, no script needed.
func (s *Server) proceduresPublic(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	today := org.DateOf(s.svc.Clock().Now())
	p := &page{Title: "Thủ tục hành chính"}
	d := &catalogueListData{Form: q, Page: 1, Levels: []catalog.Level{catalog.LevelCommune, catalog.LevelDistrict, catalog.LevelProvince},
		UnitKinds: competentKinds, Onlines: []catalog.OnlineLevel{catalog.OnlineFull, catalog.OnlinePartial, catalog.OnlineNone}}
	p.Data = d
	f, err := catalogueFilter(q, today)
	if err == nil {
		var n int64
		if n, err = intParam(r, "page", 1, 100000); n > 1 {
			d.Page = int(n)
		}
	}
	if err != nil {
		d.Filter = store.ProcedureFilter{On: today}
		p.Error = errs.Public(err)
		s.render(w, r, statusOf(err), "procedures", p)
		return
	}
	f.Limit, f.Offset = publicPageSize, (d.Page-1)*publicPageSize
	d.Filter, d.Today = f, f.On == today
	res, err := s.svc.Procedures(r.Context(), f)
	if err != nil {
		if errs.KindOf(err) != errs.Invalid {
			s.fail(w, r, err)
			return
		}
		p.Error = errs.Public(err)
		s.render(w, r, statusOf(err), "procedures", p)
		return
	}
	d.Rows, d.Total, d.Fields = res.Versions, res.Total, res.Fields
	d.Pages = max(1, int(math.Ceil(float64(d.Total)/publicPageSize)))
	if d.Total > 0 {
		d.First, d.Last = f.Offset+1, f.Offset+len(d.Rows)
	}
	pageQuery := func(n int) string {
		v := url.Values{}
		for k, vs := range q {
			if k != "page" && k != "lang" && len(vs) > 0 && vs[0] != "" {
				v.Set(k, vs[0])
			}
		}
		if n > 1 {
			v.Set("page", strconv.Itoa(n))
		}
		return v.Encode()
	}
	if d.Page > 1 {
		d.Prev = "?" + pageQuery(d.Page-1)
	}
	if d.Page < d.Pages {
		d.Next = "?" + pageQuery(d.Page+1)
	}
	s.render(w, r, http.StatusOK, "procedures", p)
}

// procedureData is what a procedure page shows.
type procedureData struct {
	P         *store.ProcedureRow
	V         *store.VersionRow // the version shown
	LocalCode string
	On        org.Date
	Today     bool
	Printed   string // the print date, dd/mm/yyyy
	Source    string // the page's address, printed on the handout
	Chosen    bool   // the version was asked for by its number
}

// Illus reports whether a version-level value (a key of the file format) is illustrative.
func (d *procedureData) Illus(key string) bool {
	return d.V.Illustrative || slices.Contains(d.V.IllustrativeFields, key)
}

// ShowsCounts reports whether some document of the variant is shown rather than handed in (no
// count at all), which the page then explains.
func (d *procedureData) ShowsCounts(vr catalog.Variant) bool {
	for _, c := range vr.Components {
		if c.Originals == 0 && c.CertifiedCopies == 0 && c.Photocopies == 0 {
			return true
		}
	}
	return false
}

// NotInForce reports whether the version shown is not the one in force on the day asked for
// (none was: the latest is shown instead).
func (d *procedureData) NotInForce() bool { return !d.V.InForce(d.On) }

// Online reports whether the version can be submitted online (partly or fully).
func (d *procedureData) Online() bool {
	return d.V.OnlineLevel == catalog.OnlinePartial || d.V.OnlineLevel == catalog.OnlineFull
}

// procedurePublic is the public page of one procedure: the version in force on ?on= (today by
// default), or ?version=N; with ?print=1, a layout for printing (an A4 handout).
func (s *Server) procedurePublic(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	today := org.DateOf(s.svc.Clock().Now())
	p, err := s.svc.Procedure(r.Context(), r.PathValue("code"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The public page never shows drafts, even to an administrator.
	p.Versions = slices.DeleteFunc(slices.Clone(p.Versions), func(v *store.VersionRow) bool { return v.Status == catalog.StatusDraft })
	if len(p.Versions) == 0 {
		s.fail(w, r, store.ErrUnknownProcedure(p.NationalCode))
		return
	}
	on := today
	if v := q.Get("on"); v != "" {
		if on, err = org.ParseDate(v); err != nil {
			s.fail(w, r, errs.Invalidf("on", "invalid_date", "Ngày áp dụng không hợp lệ, cần dạng NNNN-TT-NN.", "The date is not valid, expected YYYY-MM-DD."))
			return
		}
	}
	v := app.CurrentVersion(p, on)
	if n := q.Get("version"); n != "" {
		num, _ := strconv.Atoi(n)
		if v = p.Version(num); v == nil || v.Status == catalog.StatusDraft {
			s.fail(w, r, errs.New(errs.NotFound, "unknown_version", "Thủ tục không có phiên bản này.", "The procedure has no such version."))
			return
		}
	}
	scheme := "http"
	if s.cfg.Secure {
		scheme = "https"
	}
	d := &procedureData{P: p, V: v, LocalCode: localCodeOf(&v.Version), On: on, Today: on == today,
		Printed: s.svc.Clock().Now().In(vietnam).Format("02/01/2006"), Source: scheme + "://" + r.Host + "/thu-tuc/" + p.NationalCode, Chosen: q.Get("version") != ""}
	pg := &page{Title: v.Name, Data: d, Print: q.Get("print") == "1"}
	s.render(w, r, http.StatusOK, "procedure", pg)
}

// The public API.

var procedureListParams = []apiParam{
	{"q", "query", "string", "search in names, codes and fields; diacritics ignored (dang ky khai sinh finds Đăng ký khai sinh)"},
	{"field", "query", "string", "field (lĩnh vực), exactly as listed in fields"},
	{"level", "query", "string", "implementing level: commune, district, province or ministry"},
	{"unit_kind", "query", "string", "kind of the competent unit: commune, district, department, city"},
	{"online", "query", "string", "online service level: none, partial or full"},
	{"on", "query", "string", "versions in force on this day, YYYY-MM-DD (default today)"},
	{"status", "query", "string", "catalogue administrators only, without on: draft, withdrawn, all, or published (those in force today)"},
	{"limit", "query", "integer", "1–100, default 20"}, {"offset", "query", "integer", "rows to skip"}}

var (
	organRootParam     = []apiParam{{"organ_root", "query", "string", "the city's level-1 agency code replacing {root} (default: the root unit's)"}}
	procedureCodeParam = []apiParam{{"code", "path", "string", "national code N.NNNNNN (e.g. 1.001193) or local code"}}
	versionParams      = []apiParam{{"code", "path", "string", "national code N.NNNNNN"}, {"number", "path", "integer", "version number"}}
)

type durationJSON struct {
	Value  float64              `json:"value"`
	Unit   catalog.DurationUnit `json:"unit"`
	Cutoff string               `json:"cutoff,omitempty"`
	Text   string               `json:"text"`
}

func toDuration(d catalog.Duration) durationJSON {
	return durationJSON{Value: d.Value, Unit: d.Unit, Cutoff: d.Cutoff, Text: d.String()}
}

type variantItemJSON struct {
	Code           string        `json:"code"`
	Name           string        `json:"name"`
	Duration       durationJSON  `json:"duration"`
	OnlineDuration *durationJSON `json:"online_duration,omitempty"`
}

type procedureItemJSON struct {
	Code              string              `json:"code"`
	LocalCode         string              `json:"local_code,omitempty"`
	Name              string              `json:"name"`
	Field             string              `json:"field"`
	Levels            []catalog.Level     `json:"levels"`
	CompetentUnitKind org.Kind            `json:"competent_unit_kind"`
	OnlineLevel       catalog.OnlineLevel `json:"online_level"`
	Number            int                 `json:"number"`
	Status            catalog.Status      `json:"status"`
	EffectiveFrom     string              `json:"effective_from"`
	EffectiveTo       string              `json:"effective_to,omitempty"`
	Variants          []variantItemJSON   `json:"variants"`
}

func toProcedureItem(v *store.VersionRow) procedureItemJSON {
	it := procedureItemJSON{Code: v.NationalCode, LocalCode: localCodeOf(&v.Version), Name: v.Name, Field: v.Field, Levels: v.Levels,
		CompetentUnitKind: v.CompetentUnitKind, OnlineLevel: v.OnlineLevel, Number: v.Number, Status: v.Status,
		EffectiveFrom: v.EffectiveFrom.String(), EffectiveTo: v.EffectiveTo.String(), Variants: []variantItemJSON{}}
	if it.Levels == nil {
		it.Levels = []catalog.Level{}
	}
	for _, vr := range v.Variants {
		j := variantItemJSON{Code: vr.Code, Name: vr.Name, Duration: toDuration(vr.Duration)}
		if vr.OnlineDuration != nil {
			od := toDuration(*vr.OnlineDuration)
			j.OnlineDuration = &od
		}
		it.Variants = append(it.Variants, j)
	}
	return it
}

type fieldCountJSON struct {
	Field string `json:"field"`
	Count int    `json:"count"`
}

// apiProcedures: GET /api/v1/procedures, public.
func (s *Server) apiProcedures(r *http.Request) (int, any, error) {
	q := r.URL.Query()
	f, err := catalogueFilter(q, org.DateOf(s.svc.Clock().Now()))
	if err != nil {
		return 0, nil, err
	}
	switch st := q.Get("status"); {
	case st == "":
	case q.Get("on") != "":
		return 0, nil, errs.Invalidf("status", "invalid_parameter", "Không dùng đồng thời status và on.", "Use either status or on, not both.")
	case st == "all" || catalog.Status(st).Valid():
		// Others always get the versions in force on the day.
		if s.svc.CanManageCatalog(r.Context()) {
			f.On, f.Status = org.Date{}, catalog.Status(st)
			if st == "all" {
				f.Status = ""
			}
		}
	default:
		return 0, nil, errs.Invalidf("status", "invalid_status", "Trạng thái không hợp lệ: dùng draft, published, withdrawn hoặc all.",
			"Unknown status: use draft, published, withdrawn or all.")
	}
	limit, err := intParam(r, "limit", 1, 100)
	if err != nil {
		return 0, nil, err
	}
	offset, err := intParam(r, "offset", 0, 1<<31)
	if err != nil {
		return 0, nil, err
	}
	if limit == 0 {
		limit = 20
	}
	f.Limit, f.Offset = int(limit), int(offset)
	res, err := s.svc.Procedures(r.Context(), f)
	if err != nil {
		return 0, nil, err
	}
	items := make([]procedureItemJSON, 0, len(res.Versions))
	for _, v := range res.Versions {
		items = append(items, toProcedureItem(v))
	}
	fields := make([]fieldCountJSON, 0, len(res.Fields))
	for _, fc := range res.Fields {
		fields = append(fields, fieldCountJSON{fc.Field, fc.Count})
	}
	return http.StatusOK, map[string]any{"items": items, "total": res.Total, "fields": fields}, nil
}

// versionInfoJSON is what administrators see of a stored version beside its content.
type versionInfoJSON struct {
	Number      int            `json:"number"`
	Status      catalog.Status `json:"status"`
	Revision    int64          `json:"revision"`
	UpdatedAt   string         `json:"updated_at"`
	UpdatedBy   string         `json:"updated_by"`
	PublishedAt string         `json:"published_at,omitempty"`
}

func toVersionInfo(v *store.VersionRow) versionInfoJSON {
	j := versionInfoJSON{Number: v.Number, Status: v.Status, Revision: v.Revision, UpdatedAt: v.UpdatedAt.Format(time.RFC3339), UpdatedBy: v.UpdatedBy}
	if !v.PublishedAt.IsZero() {
		j.PublishedAt = v.PublishedAt.Format(time.RFC3339)
	}
	return j
}

// procedureJSON is a procedure in the catalogue's file form with its local code and, for
// catalogue administrators, the stored state of each version.
type procedureJSON struct {
	catalog.ProcedureJSON
	VersionInfo []versionInfoJSON `json:"version_info,omitempty"`
}

// apiProcedure: GET /api/v1/procedures/{code}, public (drafts only for administrators).
func (s *Server) apiProcedure(r *http.Request) (int, any, error) {
	if _, err := procedureCode(r); err != nil {
		return 0, nil, err
	}
	p, err := s.svc.Procedure(r.Context(), r.PathValue("code"))
	if err != nil {
		return 0, nil, err
	}
	c := p.Catalog()
	out := procedureJSON{ProcedureJSON: c.JSON()}
	if out.LocalCode == "" {
		out.LocalCode = c.LocalCode()
	}
	if out.Versions == nil {
		out.Versions = []catalog.VersionJSON{}
	}
	if s.svc.CanManageCatalog(r.Context()) {
		for _, v := range p.Versions {
			out.VersionInfo = append(out.VersionInfo, toVersionInfo(v))
		}
	}
	return http.StatusOK, out, nil
}
