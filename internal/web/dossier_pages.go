package web

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/catalog"
	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
)

// The officials' back office for dossiers: the reception counter (quầy tiếp nhận), the work list
// (việc của tôi), the dossier page with one form per action allowed now, its printable forms, and
// each unit's overview. Every page makes the same service calls as the JSON API; the service
// decides what the official may see and do.

// dossierRoles are the roles that work on dossiers (the menu shows the back office to them).
var dossierRoles = []org.Role{org.RoleReception, org.RoleProcessing, org.RoleDivisionLeader, org.RoleAgencyLeader,
	org.RoleClerk, org.RoleSupervisor}

// holds reports whether the signed-in official holds one of roles somewhere.
func (p *page) holds(roles ...org.Role) bool {
	if p.Auth == nil || p.Auth.Actor == nil || p.Auth.Step != app.StepDone {
		return false
	}
	return slices.ContainsFunc(p.Auth.Actor.Grants, func(g org.Grant) bool { return slices.Contains(roles, g.Role) })
}

// WorksOnDossiers says the official holds a role that works on dossiers (menu entries).
func (p *page) WorksOnDossiers() bool { return p.holds(dossierRoles...) }

// Receives says the official holds the reception role somewhere (the counter's menu entry).
func (p *page) Receives() bool { return p.holds(org.RoleReception) }

// StateName is the Vietnamese name of an internal state with its national status code.
func (p *page) StateName(s dossier.State) string {
	if n := s.National(); n != 0 {
		return s.Label() + " (" + strconv.Itoa(int(n)) + ")"
	}
	return s.Label()
}

// ActionName is a dossier action as a title ("Chuyển hồ sơ đến cơ quan giải quyết").
func (p *page) ActionName(a string) string {
	switch a {
	case "calendar_change":
		return "Ngày hẹn trả thay đổi theo lịch làm việc mới"
	}
	return capitalize(dossier.Action(a).Label())
}

func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// withField sets the field of a public error that has none.
func withField(err error, field string) error {
	if e := errs.Public(err); e != nil && e.Field != "" {
		return err
	}
	return asField(err, field)
}

// asField sets the field of a public error to the form's field.
func asField(err error, field string) error {
	e := errs.Public(err)
	if e == nil || e.Kind == errs.Internal {
		return err
	}
	c := *e
	c.Field = field
	return &c
}

// --- The reception counter (quầy tiếp nhận): GET and POST /quay.

type counterData struct {
	Query    string
	Results  []*store.VersionRow
	Total    int
	Searched bool
	// Procedure is the version in force of the chosen procedure, Variant the chosen case (nil
	// while a procedure with several cases has none chosen).
	Procedure *store.VersionRow
	Variant   *catalog.Variant
	Fee       int64
	Units     []org.Grant // where the official receives; a select when several
	Form      url.Values
	Posted    bool // the reception form was sent (and came back with an error)
}

// Field returns the posted (or default) value of a form field.
func (d *counterData) Field(k string) string { return d.Form.Get(k) }

// receptionUnits are the units where the signed-in official holds the reception role.
func receptionUnits(a *app.Auth) []org.Grant {
	var out []org.Grant
	for _, g := range a.Actor.Grants {
		if g.Role == org.RoleReception {
			out = append(out, g)
		}
	}
	return out
}

var nationalCode = regexp.MustCompile(`^[123]\.\d{6}$`)

// counterPage is the counter: a search over the catalogue in force today, then the reception form
// of the chosen procedure and case.
func (s *Server) counterPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	d := &counterData{Query: strings.TrimSpace(q.Get("q")), Form: url.Values{}}
	p := &page{Title: "Quầy tiếp nhận hồ sơ", Data: d}
	if d.Units = receptionUnits(authFrom(r)); len(d.Units) == 0 {
		s.fail(w, r, errs.New(errs.Forbidden, "not_reception", "Bạn không có vai trò tiếp nhận hồ sơ ở đơn vị nào.",
			"You hold the reception role nowhere."))
		return
	}
	code := strings.TrimSpace(q.Get("procedure"))
	if code == "" && nationalCode.MatchString(d.Query) {
		code = d.Query // a procedure code typed into the search box opens its form
	}
	if code != "" {
		d.Form.Set("procedure", code)
		d.Form.Set("variant", q.Get("variant"))
		if err := s.loadCounterProcedure(r, d); err != nil {
			if errs.KindOf(err) == errs.Internal {
				s.fail(w, r, err)
				return
			}
			p.Error = errs.Public(asField(err, "procedure"))
			d.Procedure = nil
			s.render(w, r, statusOf(err), "counter", p)
			return
		}
		s.render(w, r, http.StatusOK, "counter", p)
		return
	}
	if d.Query != "" {
		res, err := s.svc.Procedures(r.Context(), store.ProcedureFilter{Query: d.Query, Limit: 20})
		if err != nil {
			if errs.KindOf(err) != errs.Invalid {
				s.fail(w, r, err)
				return
			}
			p.Error = errs.Public(withField(err, "q"))
			s.render(w, r, http.StatusBadRequest, "counter", p)
			return
		}
		d.Results, d.Total, d.Searched = res.Versions, res.Total, true
	}
	s.render(w, r, http.StatusOK, "counter", p)
}

// loadCounterProcedure fills d.Procedure, d.Variant and d.Fee from d.Form's procedure and variant.
func (s *Server) loadCounterProcedure(r *http.Request, d *counterData) error {
	code := strings.TrimSpace(d.Form.Get("procedure"))
	if code == "" {
		return errs.Invalidf("procedure", "procedure_required", "Hãy chọn thủ tục hành chính.", "Choose a procedure.")
	}
	pr, err := s.svc.Procedure(r.Context(), code)
	if err != nil {
		return err
	}
	today := org.DateOf(s.svc.Clock().Now().In(vietnam))
	v := app.CurrentVersion(pr, today)
	if v == nil || !v.InForce(today) {
		return errs.New(errs.NotFound, "no_version_in_force", "Thủ tục "+pr.NationalCode+" không có phiên bản đang có hiệu lực hôm nay.",
			"The procedure has no version in force today.")
	}
	d.Procedure = v
	d.Variant = v.Variant(d.Form.Get("variant"))
	if d.Variant != nil {
		d.Form.Set("variant", d.Variant.Code)
		for _, f := range d.Variant.Fees {
			if f.Kind == catalog.FeeFixed {
				d.Fee += f.Amount
			}
		}
	}
	return nil
}

// birthDate reads a birth date typed as dd/mm/yyyy (or yyyy-mm-dd) into yyyy-mm-dd; "" stays "".
func birthDate(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	for _, layout := range []string{"02/01/2006", "2/1/2006", "02-01-2006", "2006-01-02", "02.01.2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format(time.DateOnly), nil
		}
	}
	return "", errs.Invalidf("applicant.birth_date", "invalid_birth_date", "Ngày sinh không hợp lệ: nhập ngày/tháng/năm, ví dụ 04/05/1999.",
		"The birth date is not valid: type day/month/year, e.g. 04/05/1999.")
}

// counterSubmit receives the dossier. Bad input shows the form again with what was typed and the
// message next to the field; nothing is stored.
func (s *Server) counterSubmit(w http.ResponseWriter, r *http.Request) {
	f := r.PostForm
	d := &counterData{Form: f, Units: receptionUnits(authFrom(r)), Posted: true}
	p := &page{Title: "Quầy tiếp nhận hồ sơ", Data: d}
	again := func(err error) {
		if errs.KindOf(err) == errs.Internal || errs.KindOf(err) == errs.Unauthorized {
			s.fail(w, r, err)
			return
		}
		p.Error = errs.Public(err)
		status := statusOf(err)
		if status == http.StatusNotFound {
			status = http.StatusBadRequest // the page exists; what was typed is wrong
		}
		s.render(w, r, status, "counter", p)
	}
	if len(d.Units) == 0 {
		s.fail(w, r, errs.ErrForbidden)
		return
	}
	if err := s.loadCounterProcedure(r, d); err != nil {
		d.Procedure = nil
		again(asField(err, "procedure"))
		return
	}
	in := app.ReceptionInput{ProcedureCode: d.Procedure.NationalCode, Variant: f.Get("variant"), Components: f["components"],
		FeesPaid: f.Get("fees_paid") != "", Electronic: f.Get("electronic") != "",
		Applicant: app.Applicant{Name: f.Get("name"), IDNumber: strings.ReplaceAll(f.Get("id_number"), " ", ""),
			Address: f.Get("address"), Phone: f.Get("phone"), Email: f.Get("email")}}
	var err error
	if in.Applicant.BirthDate, err = birthDate(f.Get("birth_date")); err != nil {
		again(err)
		return
	}
	if in.SubjectKind, err = strconv.Atoi(cmpOr(f.Get("subject_kind"), "0")); err != nil {
		in.SubjectKind = -1 // the service refuses it with its message
	}
	if in.Channel, err = strconv.Atoi(cmpOr(f.Get("channel"), "1")); err != nil {
		in.Channel = -1
	}
	if len(d.Units) > 1 || f.Get("unit_id") != "" {
		if in.UnitID, err = strconv.ParseInt(f.Get("unit_id"), 10, 64); err != nil {
			again(errs.Invalidf("unit_id", "unit_required", "Hãy chọn đơn vị tiếp nhận.", "Choose the receiving unit."))
			return
		}
	}
	row, err := s.svc.ReceiveDossier(r.Context(), in)
	if err != nil {
		switch errs.CodeOf(err) {
		case dossier.CodeComponentsMissing, "unknown_component":
			err = withField(err, "components")
		case dossier.CodeFeesUnpaid:
			err = withField(err, "fees_paid")
		}
		again(err)
		return
	}
	http.Redirect(w, r, "/ho-so/"+row.Code+"?tiep-nhan=1", http.StatusSeeOther)
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// --- My work (việc của tôi): GET /ho-so.

type workTab struct {
	View, Label string
}

var workTabs = []workTab{{app.ViewTodo, "Cần xử lý"}, {app.ViewMine, "Được giao cho tôi"}, {app.ViewDueSoon, "Sắp đến hạn"}, {app.ViewOverdue, "Quá hạn"}}

var periodNames = map[string]string{
	store.PeriodReceived:       "Hồ sơ tiếp nhận trong tháng",
	store.PeriodReturnedOnTime: "Hồ sơ đã trả kết quả trong tháng, đúng hạn",
	store.PeriodReturnedLate:   "Hồ sơ đã trả kết quả trong tháng, quá hạn",
}

type workData struct {
	View   string
	Tabs   []workTab
	Form   url.Values
	States []dossier.State
	Units  []org.Grant
	Unit   *org.Grant // the unit filter, when set
	Period string     // a month figure of the overview, when set
	Items  []*store.DossierRow
	Next   string // the address of the next page
	Now    time.Time
}

// TabURL is the address of a tab, keeping the filters.
func (d *workData) TabURL(view string) string {
	q := url.Values{"view": {view}}
	for _, k := range []string{"procedure", "state", "q", "unit"} {
		if v := d.Form.Get(k); v != "" {
			q.Set(k, v)
		}
	}
	return "/ho-so?" + q.Encode()
}

// PeriodName is the heading of a month figure's list.
func (d *workData) PeriodName() string { return periodNames[d.Period] }

// Late says the dossier's clock runs and its due date has passed.
func (d *workData) Late(x *store.DossierRow) bool { return lateNow(x, d.Now) }

func lateNow(x *store.DossierRow, now time.Time) bool { return dossier.PastDue(x.State, x.DueAt, now) }

// listStates are the states the filter offers.
var listStates = []dossier.State{dossier.Submitted, dossier.ReceptionSupplement, dossier.Received, dossier.InProcessing,
	dossier.InInterconnection, dossier.AwaitingSupplement, dossier.AwaitingPayment, dossier.WithdrawalRequested,
	dossier.ResultReady, dossier.Returned, dossier.Refused, dossier.Stopped}

func (s *Server) workPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	d := &workData{View: cmpOr(q.Get("view"), app.ViewTodo), Tabs: workTabs, Form: q, States: listStates, Period: q.Get("period"), Now: s.svc.Clock().Now()}
	p := &page{Title: "Việc của tôi", Data: d}
	var err error
	if d.Units, err = s.svc.DossierUnits(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	var unitID int64
	if v := q.Get("unit"); v != "" {
		unitID, _ = strconv.ParseInt(v, 10, 64)
		if i := slices.IndexFunc(d.Units, func(g org.Grant) bool { return g.UnitID == unitID }); i >= 0 {
			d.Unit = &d.Units[i]
		}
	}
	bad := func(err error) {
		if k := errs.KindOf(err); k != errs.Invalid {
			s.fail(w, r, err)
			return
		}
		p.Error = errs.Public(err)
		s.render(w, r, http.StatusBadRequest, "work", p)
	}
	var res *app.InboxPage
	if d.Period != "" {
		if _, ok := periodNames[d.Period]; !ok {
			bad(errs.Invalidf("period", "invalid_period", "Nhóm số liệu không hợp lệ.", "Unknown figure."))
			return
		}
		res, err = s.svc.PeriodDossiers(r.Context(), app.PeriodQuery{UnitID: unitID, Kind: d.Period, Cursor: q.Get("cursor")})
	} else {
		res, err = s.svc.UnitInbox(r.Context(), unitID, app.InboxQuery{View: d.View, ProcedureCode: q.Get("procedure"),
			Query: strings.TrimSpace(q.Get("q")), State: dossier.State(q.Get("state")), Cursor: q.Get("cursor")})
	}
	if err != nil {
		bad(err)
		return
	}
	d.Items = res.Items
	if res.Next != "" {
		next := url.Values{}
		for k, v := range q {
			next[k] = v
		}
		next.Set("cursor", res.Next)
		d.Next = "/ho-so?" + next.Encode()
	}
	s.render(w, r, http.StatusOK, "work", p)
}

// --- The dossier page: GET /ho-so/{code}, POST /ho-so/{code}/actions.

type printLink struct {
	Form, Label string
}

// actionForm is the small form of one action allowed now, with just the fields it needs.
type actionForm struct {
	Action     dossier.Action
	Title      string
	Button     string
	Hint       string
	Reason     string // the label of the reason field, "" for none
	ReasonReq  bool
	Items      bool // what to supplement, one per line
	Override   bool // a second supplement request needs a reason (G2)
	Supplied   []store.ComponentRow
	Units      []*org.Unit // where to send; a select when several
	Back       bool        // send back to the previous step
	ResultNote bool
	NewDue     bool
	Amount     bool
	Danger     bool
}

// ID is the anchor of the form on the page.
func (f *actionForm) ID() string {
	if f.Back {
		return "act-back"
	}
	return "act-" + strings.ReplaceAll(string(f.Action), "_", "-")
}

type dossierData struct {
	D         *app.DossierDetail
	Variant   string
	Duration  string
	Officials map[int64]string
	Prints    []printLink
	Actions   []*actionForm
	// CanAttach says the viewer works on the dossier now and may attach files.
	CanAttach bool
	Now       time.Time
	Received  bool // just received at the counter: the receipt comes first
	Done      string
	// Failed is the action whose form was sent with an error, and what it held.
	Failed string
	Form   url.Values
	// Signed are the dossier's signed results; CanSign offers "ký số kết quả".
	Signed  []*store.SignatureRow
	CanSign bool
}

// UnitName is the name of a unit of the dossier.
func (d *dossierData) UnitName(id int64) string {
	if u := d.D.Units[id]; u != nil {
		return u.Name
	}
	return ""
}

// Late says the clock runs and the due date has passed.
func (d *dossierData) Late() bool { return lateNow(d.D.DossierRow, d.Now) }

// Value is a field of the failed form of action a, "" for another action's form.
func (d *dossierData) Value(a *actionForm, k string) string {
	if d.Failed != a.ID() {
		return ""
	}
	return d.Form.Get(k)
}

// FieldError is the message for field k when the failed form is a's.
func (p *page) ActionError(a *actionForm, k string) string {
	d := p.Data.(*dossierData)
	if d.Failed != a.ID() {
		return ""
	}
	return p.FieldError(k)
}

// dossierCode reads {code}.
func dossierCode(r *http.Request) string { return r.PathValue("code") }

func (s *Server) dossierPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	d := &dossierData{Received: q.Get("tiep-nhan") != ""}
	if a := dossier.Action(q.Get("xong")); a.Valid() {
		d.Done = string(a)
	}
	s.renderDossier(w, r, http.StatusOK, d, nil)
}

// renderDossier loads the dossier (what the caller may see and do now) and renders its page,
// with formErr shown on the failed form.
func (s *Server) renderDossier(w http.ResponseWriter, r *http.Request, status int, d *dossierData, formErr error) {
	ctx := r.Context()
	det, err := s.svc.Dossier(ctx, dossierCode(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.D, d.Now = det, s.svc.Clock().Now()
	if vr := det.Version.Variant(det.VariantCode); vr != nil {
		d.Variant, d.Duration = vr.Name, vr.For(det.Channel == app.ChannelOnline).String()
	}
	if d.Officials, err = s.svc.OfficialNames(ctx, det); err != nil {
		s.fail(w, r, err)
		return
	}
	d.Prints = printLinks(det)
	d.CanAttach = len(det.Allowed) > 0 && !det.State.Closed()
	if d.Signed, err = s.svc.DossierSignatures(ctx, det.Code); err != nil {
		s.fail(w, r, err)
		return
	}
	d.CanSign = s.svc.SigningEnabled() && det.HasResult && (det.State == dossier.ResultReady || det.State == dossier.Returned)
	if d.Actions, err = s.actionForms(r, det); err != nil {
		s.fail(w, r, err)
		return
	}
	p := &page{Title: "Hồ sơ " + det.Code, Data: d}
	if formErr != nil {
		p.Error = errs.Public(formErr)
	}
	s.render(w, r, status, "dossier", p)
}

// printLinks are the forms that make sense for the dossier now.
func printLinks(det *app.DossierDetail) []printLink {
	happened := func(as ...dossier.Action) bool {
		return slices.ContainsFunc(det.Events, func(e *store.EventRow) bool { return slices.Contains(as, dossier.Action(e.Action)) })
	}
	var out []printLink
	if !det.ReceivedAt.IsZero() {
		out = append(out, printLink{app.FormReceipt, "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"})
	}
	if happened(dossier.ActionRequestSupplement, dossier.ActionRequestReceptionSupplement) {
		out = append(out, printLink{app.FormSupplement, "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"})
	}
	if happened(dossier.ActionRefuse, dossier.ActionStop) {
		out = append(out, printLink{app.FormRefusal, "Phiếu từ chối tiếp nhận giải quyết hồ sơ"})
	}
	if happened(dossier.ActionReschedule) {
		out = append(out, printLink{app.FormApology, "Phiếu xin lỗi và hẹn lại ngày trả kết quả"})
	}
	return append(out, printLink{app.FormControlSheet, "Phiếu kiểm soát quá trình giải quyết hồ sơ"})
}

// actionForms builds one form per allowed action.
func (s *Server) actionForms(r *http.Request, det *app.DossierDetail) ([]*actionForm, error) {
	var out []*actionForm
	for _, a := range det.Allowed {
		f := &actionForm{Action: a, Title: capitalize(a.Label()), Button: capitalize(a.Label())}
		switch a {
		case dossier.ActionTransfer, dossier.ActionSendToCoop:
			units, err := s.svc.NextStepUnits(r.Context(), det.Code, false)
			if err != nil {
				return nil, err
			}
			f.Units, f.Reason = units, "Ghi chú"
			f.Hint = "Hồ sơ giấy chuyển sau thời hạn chuyển phải ghi lý do."
		case dossier.ActionForward:
			units, err := s.svc.NextStepUnits(r.Context(), det.Code, false)
			if err != nil {
				return nil, err
			}
			f.Title, f.Button, f.Units = "Chuyển bước xử lý tiếp theo", "Chuyển bước tiếp theo", units
			out = append(out, f)
			if openIndex(det) > 1 {
				back, err := s.svc.NextStepUnits(r.Context(), det.Code, true)
				if err != nil {
					return nil, err
				}
				out = append(out, &actionForm{Action: a, Title: "Trả lại bước trước", Button: "Trả lại bước trước", Back: true,
					Units: back, Reason: "Lý do trả lại", ReasonReq: true, Danger: true})
			}
			continue
		case dossier.ActionRequestSupplement, dossier.ActionRequestReceptionSupplement:
			f.Items, f.Reason = true, "Lý do"
			f.Override = det.SupplementCount > 0 && a == dossier.ActionRequestSupplement
			f.Hint = "Mỗi dòng một giấy tờ cần bổ sung. Thời gian giải quyết tạm dừng đến khi người nộp bổ sung."
		case dossier.ActionSupplement:
			for _, c := range det.Components {
				if !c.Provided {
					f.Supplied = append(f.Supplied, c)
				}
			}
		case dossier.ActionRefuse, dossier.ActionStop:
			f.Reason, f.ReasonReq, f.Danger = "Lý do (ghi rõ, in trên phiếu)", true, true
		case dossier.ActionWithdraw:
			f.Title, f.Button = "Rút hồ sơ theo yêu cầu của người nộp", "Rút hồ sơ"
			f.Reason, f.Danger = "Lý do người nộp rút hồ sơ", true
		case dossier.ActionConfirmWithdrawal:
			f.Reason, f.Danger = "Ghi chú", true
		case dossier.ActionReschedule:
			f.Reason, f.ReasonReq, f.NewDue = "Lý do chậm trả kết quả", true, true
		case dossier.ActionRequestPayment:
			f.Amount = true
		case dossier.ActionComplete:
			f.ResultNote = true
		}
		out = append(out, f)
	}
	// The actions that end or undo the dossier come after those that move it on.
	slices.SortStableFunc(out, func(a, b *actionForm) int {
		switch {
		case a.Danger == b.Danger:
			return 0
		case a.Danger:
			return 1
		}
		return -1
	})
	return out, nil
}

// openIndex is the workflow index of the dossier's open control-sheet row, 0 when none.
func openIndex(det *app.DossierDetail) int {
	for i := len(det.Steps) - 1; i >= 0; i-- {
		if det.Steps[i].DoneAt.IsZero() {
			return det.Steps[i].WorkflowIndex
		}
	}
	return 0
}

// lines splits a textarea into its non-empty lines.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// parseAction reads an action form.
func parseAction(f url.Values) (app.ActionInput, error) {
	in := app.ActionInput{Action: dossier.Action(f.Get("action")), Reason: f.Get("reason"), OverrideReason: f.Get("override_reason"),
		ResultNote: f.Get("result_note"), Back: f.Get("back") != ""}
	if v := f.Get("revision"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			return in, errs.Invalidf("revision", "invalid_revision", "Biểu mẫu không hợp lệ: hãy tải lại trang.", "Malformed form: reload the page.")
		}
		in.Revision = n
	}
	if v := f.Get("to_unit_id"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			return in, errs.Invalidf("to_unit_id", "unit_not_allowed", "Đơn vị chuyển đến không hợp lệ.", "Invalid unit.")
		}
		in.ToUnitID = n
	}
	in.Items = lines(f.Get("items"))
	if in.Action == dossier.ActionSupplement {
		in.Items = f["components"]
	}
	if v := strings.TrimSpace(f.Get("new_due_at")); v != "" {
		t, err := time.ParseInLocation("2006-01-02T15:04", v, vietnam)
		if err != nil {
			return in, errs.Invalidf("new_due_at", "invalid_new_due_date", "Ngày hẹn trả mới không hợp lệ (ngày và giờ).", "Invalid new due date and time.")
		}
		in.NewDueAt = t
	}
	if v := strings.TrimSpace(f.Get("extra_days")); v != "" {
		x, err := strconv.ParseFloat(strings.Replace(v, ",", ".", 1), 64)
		if err != nil || x <= 0 || x > 365 {
			return in, errs.Invalidf("extra_days", "invalid_extra_days", "Số ngày làm việc gia hạn phải là số dương.", "Extra working days must be positive.")
		}
		in.ExtraDays = x
	}
	if in.Action == dossier.ActionReschedule && in.NewDueAt.IsZero() && in.ExtraDays == 0 {
		return in, errs.Invalidf("new_due_at", "new_due_required", "Hãy nhập ngày hẹn trả mới hoặc số ngày làm việc gia hạn.",
			"Give the new due date or the extra working days.")
	}
	if v := strings.TrimSpace(f.Get("amount")); v != "" {
		n, err := strconv.ParseInt(strings.NewReplacer(".", "", " ", "", ",", "").Replace(v), 10, 64)
		if err != nil || n < 0 {
			return in, errs.Invalidf("amount", "invalid_amount", "Số tiền không hợp lệ (nhập số đồng, ví dụ 50000).", "Invalid amount.")
		}
		in.Amount = n
	}
	return in, nil
}

// dossierAct takes one action. A stale page (someone acted meanwhile) is told so, with the
// dossier as it is now; other errors show next to the form's fields.
func (s *Server) dossierAct(w http.ResponseWriter, r *http.Request) {
	f := r.PostForm
	failed := "act-" + strings.ReplaceAll(f.Get("action"), "_", "-")
	if f.Get("back") != "" {
		failed = "act-back"
	}
	in, err := parseAction(f)
	if err == nil {
		_, err = s.svc.Act(r.Context(), dossierCode(r), in)
	}
	if err != nil {
		switch errs.CodeOf(err) {
		case dossier.CodeReasonRequired, dossier.CodeLateTransfer:
			err = withField(err, "reason")
		case dossier.CodeSecondSupplementRequest:
			err = withField(err, "override_reason")
		case dossier.CodeResultMissing:
			err = withField(err, "result_note")
		}
		switch errs.KindOf(err) {
		case errs.Invalid, errs.Conflict, errs.Forbidden:
			s.renderDossier(w, r, statusOf(err), &dossierData{Failed: failed, Form: f}, err)
		default:
			s.fail(w, r, err)
		}
		return
	}
	http.Redirect(w, r, "/ho-so/"+dossierCode(r)+"?xong="+url.QueryEscape(string(in.Action)), http.StatusSeeOther)
}

// dossierPrint serves a printable form as PDF: GET /ho-so/{code}/in/{form}.pdf.
func (s *Server) dossierPrint(w http.ResponseWriter, r *http.Request) {
	name, ok := strings.CutSuffix(r.PathValue("file"), ".pdf")
	if !ok || !slices.Contains(app.Forms, name) {
		s.fail(w, r, errs.New(errs.NotFound, "unknown_form", "Không có biểu mẫu này.", "No such form."))
		return
	}
	b, err := s.svc.DossierForm(r.Context(), dossierCode(r), name, app.FormOptions{LookupBase: s.lookupBase(r)})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="`+dossierCode(r)+"-"+name+`.pdf"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.Write(b)
}

// --- The overview (tổng quan): GET /tong-quan.

type overviewData struct {
	Units []*app.UnitOverview
	// Ratings are this month's satisfaction ratings under each unit, by unit id (notify.go).
	Ratings map[int64]app.RatingSummary
}

func (s *Server) overviewPage(w http.ResponseWriter, r *http.Request) {
	units, err := s.svc.DossierOverview(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := &overviewData{Units: units}
	if d.Ratings, err = s.overviewRatings(r, units); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "overview", &page{Title: "Tổng quan hồ sơ", Data: d})
}

// --- Files: POST /ho-so/{code}/files (multipart) and GET /ho-so/{code}/tep/{id}.

func (s *Server) dossierAttach(w http.ResponseWriter, r *http.Request) {
	in, err := readUpload(r)
	if err == nil {
		_, err = s.svc.AttachFile(r.Context(), dossierCode(r), in)
	}
	if err != nil {
		if errs.KindOf(err) == errs.NotFound {
			s.fail(w, r, err)
			return
		}
		s.renderDossier(w, r, statusOf(err), &dossierData{}, err)
		return
	}
	http.Redirect(w, r, "/ho-so/"+url.PathEscape(dossierCode(r))+"?tep=1#files-title", http.StatusSeeOther)
}

func (s *Server) dossierFile(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, r, errs.New(errs.NotFound, "unknown_file", "Hồ sơ không có tệp này.", "The dossier has no such file."))
		return
	}
	f, data, err := s.svc.FileContent(r.Context(), dossierCode(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeFile(w, fileBody{f.ContentType, asciiName(f.Name), data, true})
}
