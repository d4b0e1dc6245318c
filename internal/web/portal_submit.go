package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/catalog"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/vntext"
)

// The online submission wizard (nộp hồ sơ trực tuyến), one thing per page and no script:
// choose the procedure (search), then its variant, which starts a draft; then the applicant,
// the application form, the files of each component, the receiving desk, a review, and the
// submission. Every step is saved in the draft, which "Hồ sơ của tôi" offers to resume.

// wizardSteps are the draft's pages in order: slug and title.
var wizardSteps = []struct{ Slug, Title string }{
	{"nguoi-nop", "Người nộp hồ sơ"},
	{"to-khai", "Tờ khai"},
	{"giay-to", "Giấy tờ"},
	{"noi-nhan", "Nơi tiếp nhận"},
	{"xem-lai", "Xem lại và nộp"},
}

type submitChooseData struct {
	Query   string
	Results []*store.VersionRow
}

func (s *Server) submitChoosePage(w http.ResponseWriter, r *http.Request) {
	vs, err := s.svc.OnlineProcedures(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if q != "" {
		fq := vntext.Fold(q)
		out := vs[:0]
		for _, v := range vs {
			if strings.Contains(vntext.Fold(v.Name), fq) || strings.HasPrefix(v.NationalCode, q) {
				out = append(out, v)
			}
		}
		vs = out
	}
	s.render(w, r, http.StatusOK, "portal_submit", &page{Title: "Nộp hồ sơ trực tuyến", Data: &submitChooseData{Query: q, Results: vs}})
}

func (s *Server) submitVariantPage(w http.ResponseWriter, r *http.Request) {
	v, err := s.svc.OnlineProcedure(r.Context(), r.PathValue("code"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "portal_submit_form", &page{Title: "Nộp hồ sơ " + v.NationalCode, Data: v})
}

// submitStart starts a draft with the variant chosen.
func (s *Server) submitStart(w http.ResponseWriter, r *http.Request) {
	d, err := s.svc.CreateDraft(r.Context(), app.DraftStart{ProcedureCode: r.PathValue("code"), Variant: r.PostForm.Get("variant")})
	if err != nil {
		v, verr := s.svc.OnlineProcedure(r.Context(), r.PathValue("code"))
		if verr != nil {
			s.fail(w, r, verr)
			return
		}
		s.renderFormError(w, r, "portal_submit_form", "Nộp hồ sơ "+v.NationalCode, err, v)
		return
	}
	http.Redirect(w, r, draftURL(d.ID, "nguoi-nop"), http.StatusSeeOther)
}

func draftURL(id int64, step string) string {
	return "/nop-ho-so/ban-nhap/" + strconv.FormatInt(id, 10) + "/" + step
}

// draftPage is what the wizard's pages get.
type draftPage struct {
	D     *app.Draft
	Step  string
	Desks []*org.Unit
	Units []*org.Unit // communes and wards for address fields
	// Posted are the values sent with a step that was refused, shown again as typed.
	Posted url.Values
}

// StepNo is the number of the current step (1-based) and Steps the count, for "Bước 2/5".
func (p *draftPage) StepNo() int {
	n := 0
	for _, st := range p.steps() {
		n++
		if st.Slug == p.Step {
			return n
		}
	}
	return n
}

// StepCount is the number of steps of this draft.
func (p *draftPage) StepCount() int { return len(p.steps()) }

// StepTitle is the current step's title.
func (p *draftPage) StepTitle() string {
	for _, st := range wizardSteps {
		if st.Slug == p.Step {
			return st.Title
		}
	}
	return ""
}

// steps are the wizard's steps for this draft: without the form when the version has none.
func (p *draftPage) steps() []struct{ Slug, Title string } {
	if p.D.Form() != nil {
		return wizardSteps
	}
	out := []struct{ Slug, Title string }{wizardSteps[0]}
	return append(out, wizardSteps[2:]...)
}

// Next and Prev are the slugs around the current step ("" at the ends).
func (p *draftPage) Next() string { return p.around(1) }

// Prev is the previous step's slug.
func (p *draftPage) Prev() string { return p.around(-1) }

func (p *draftPage) around(d int) string {
	st := p.steps()
	for i := range st {
		if st[i].Slug == p.Step && i+d >= 0 && i+d < len(st) {
			return st[i+d].Slug
		}
	}
	return ""
}

// URL is the address of a step of this draft.
func (p *draftPage) URL(step string) string { return draftURL(p.D.ID, step) }

// Value is the value of key to show: as posted when the step was refused, else as saved.
func (p *draftPage) Value(key string) string {
	if p.Posted != nil {
		return p.Posted.Get(key)
	}
	return p.D.Values[key]
}

// Source says where a pre-filled value came from, "" when the applicant entered it.
func (p *draftPage) Source(key string) string {
	src := p.D.Sources[key]
	switch {
	case src == "" || (p.Posted != nil && p.Posted.Get(key) != p.D.Values[key]):
		return ""
	case src == app.SourceProfile:
		return "Từ hồ sơ cá nhân"
	}
	return "Từ hồ sơ " + src
}

// FileFields are the form's file fields, uploaded on the files step.
func (p *draftPage) FileFields() []catalog.FormField {
	var out []catalog.FormField
	if f := p.D.Form(); f != nil {
		for _, x := range f.Fields {
			if x.Type == catalog.FieldFile {
				out = append(out, x)
			}
		}
	}
	return out
}

// Desk is the chosen desk's name.
func (p *draftPage) Desk() string {
	for _, u := range p.Desks {
		if u.ID == p.D.UnitID {
			return u.Name
		}
	}
	return ""
}

// UnitName names an address unit by its ID (as text).
func (p *draftPage) UnitName(id string) string {
	for _, u := range p.Units {
		if strconv.FormatInt(u.ID, 10) == id {
			return u.Name
		}
	}
	return ""
}

// ChoiceLabel names the option of a choice field.
func (p *draftPage) ChoiceLabel(f catalog.FormField, v string) string {
	for _, o := range f.Options {
		if o.Value == v {
			return o.Label.Vi
		}
	}
	return v
}

// StepOf is the step where the field an error is about is entered.
func (p *draftPage) StepOf(field string) string {
	switch {
	case strings.HasPrefix(field, "applicant."):
		return "nguoi-nop"
	case strings.HasPrefix(field, "file."):
		return "giay-to"
	case field == "unit_id":
		return "noi-nhan"
	case field == "" || field == "variant":
		return ""
	}
	return "to-khai"
}

// ApplicantKeys lists the applicant's keys for the template.
func (p *draftPage) ApplicantKeys() []string { return app.ApplicantKeys }

func (s *Server) loadDraftPage(r *http.Request) (*draftPage, error) {
	id, err := app.DraftID(r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	d, err := s.svc.MyDraft(r.Context(), id)
	if err != nil {
		return nil, err
	}
	p := &draftPage{D: d, Step: r.PathValue("step")}
	if p.StepTitle() == "" || (p.Step == "to-khai" && d.Form() == nil) {
		return nil, errs.ErrNotFound
	}
	switch p.Step {
	case "noi-nhan", "xem-lai":
		if p.Desks, err = s.svc.PortalDesks(r.Context()); err != nil {
			return nil, err
		}
	}
	switch p.Step {
	case "to-khai", "xem-lai":
		if p.Units, err = s.svc.AddressUnits(r.Context()); err != nil {
			return nil, err
		}
	}
	return p, nil
}

func (s *Server) draftStepPage(w http.ResponseWriter, r *http.Request) {
	p, err := s.loadDraftPage(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderDraft(w, r, http.StatusOK, p, nil)
}

func (s *Server) renderDraft(w http.ResponseWriter, r *http.Request, status int, p *draftPage, err error) {
	pg := &page{Title: p.StepTitle() + " · Nộp hồ sơ " + p.D.ProcedureCode, Data: p}
	if err != nil {
		pg.Error = errs.Public(err)
	}
	if r.URL.Query().Get("da-luu") != "" {
		pg.Notice = "Đã lưu hồ sơ nháp."
	}
	s.render(w, r, status, "portal_draft", pg)
}

// draftStepPost saves a step and goes to the next one; a refused step is shown again with the
// error by its field and nothing saved.
func (s *Server) draftStepPost(w http.ResponseWriter, r *http.Request) {
	p, err := s.loadDraftPage(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := r.PostForm
	var upd app.DraftUpdate
	switch p.Step {
	case "nguoi-nop":
		upd = app.DraftUpdate{Values: map[string]string{}, Complete: "applicant"}
		for _, k := range app.ApplicantKeys {
			upd.Values[k] = f.Get(k)
		}
	case "to-khai":
		upd = app.DraftUpdate{Values: map[string]string{}, Complete: "form"}
		for _, x := range p.D.Form().Fields {
			switch x.Type {
			case catalog.FieldFile:
			case catalog.FieldAddress:
				upd.Values[x.Name], upd.Values[app.AddressUnitKey(x.Name)] = f.Get(x.Name), f.Get(app.AddressUnitKey(x.Name))
			default:
				upd.Values[x.Name] = f.Get(x.Name)
			}
		}
	case "noi-nhan":
		id, _ := strconv.ParseInt(f.Get("unit_id"), 10, 64)
		if id == 0 {
			err = errs.Invalidf("unit_id", "unit_required", "Hãy chọn nơi tiếp nhận hồ sơ.", "Choose where the dossier is received.")
		}
		upd.UnitID = &id
	case "xem-lai":
		row, err := s.svc.SubmitDraft(r.Context(), p.D.ID)
		if err != nil {
			s.draftRefused(w, r, p, err)
			return
		}
		http.Redirect(w, r, "/ho-so-cua-toi/"+url.PathEscape(row.Code)+"?ok=nop", http.StatusSeeOther)
		return
	default:
		s.fail(w, r, errs.ErrNotFound)
		return
	}
	if err == nil {
		_, err = s.svc.UpdateDraft(r.Context(), p.D.ID, upd)
	}
	if err != nil {
		p.Posted = f
		s.draftRefused(w, r, p, err)
		return
	}
	next := p.Next()
	if f.Get("luu") != "" {
		// "Lưu và thoát": back to the list, where the draft waits.
		http.Redirect(w, r, "/ho-so-cua-toi?da-luu=1", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, p.URL(next), http.StatusSeeOther)
}

func (s *Server) draftRefused(w http.ResponseWriter, r *http.Request, p *draftPage, err error) {
	switch errs.KindOf(err) {
	case errs.Invalid, errs.Conflict:
		s.renderDraft(w, r, statusOf(err), p, err)
	default:
		s.fail(w, r, err)
	}
}

// draftUpload uploads one file to a slot of the draft (the files step).
func (s *Server) draftUpload(w http.ResponseWriter, r *http.Request) {
	r.SetPathValue("step", "giay-to")
	p, err := s.loadDraftPage(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in, err := readUpload(r)
	if err == nil {
		_, err = s.svc.AttachDraftFile(r.Context(), p.D.ID, in.ComponentCode, in.Name, in.Data)
	}
	if err != nil {
		if e := errs.Public(err); e != nil && (e.Field == "file" || e.Field == "slot") {
			err = asField(err, "file."+in.ComponentCode)
		}
		s.draftRefused(w, r, p, err)
		return
	}
	http.Redirect(w, r, p.URL("giay-to")+"#file."+url.PathEscape(in.ComponentCode), http.StatusSeeOther)
}

func (s *Server) draftRemoveFile(w http.ResponseWriter, r *http.Request) {
	id, err := app.DraftID(r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	fileID, _ := strconv.ParseInt(r.PathValue("file"), 10, 64)
	if err := s.svc.RemoveDraftFile(r.Context(), id, fileID); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, draftURL(id, "giay-to"), http.StatusSeeOther)
}

func (s *Server) draftDelete(w http.ResponseWriter, r *http.Request) {
	id, err := app.DraftID(r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.svc.DeleteDraft(r.Context(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/ho-so-cua-toi", http.StatusSeeOther)
}

// citizenUpload wraps a handler receiving one file from a signed-in portal account: the body may
// be as large as a file and its framing, and is read by the handler.
func (s *Server) citizenUpload(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c := citizenFrom(r)
		if c == nil {
			s.fail(w, r, errs.ErrUnauthorized)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, app.MaxFileSize+64<<10)
		h(w, r.WithContext(app.WithCitizen(r.Context(), c)))
	}
}

// inputField describes an input of the applicant's block.
type inputField struct {
	Key, Label, Hint, Type, Autocomplete, InputMode string
	Required                                        bool
}

// ApplicantFields are the inputs of the applicant's block (chủ hồ sơ).
func (p *draftPage) ApplicantFields() []inputField {
	return []inputField{
		{app.KeyName, "Họ và tên (hoặc tên tổ chức)", "", "text", "name", "", true},
		{app.KeyIDNumber, "Số định danh cá nhân hoặc mã số thuế", "12 chữ số in trên thẻ căn cước; doanh nghiệp ghi mã số thuế 10 chữ số.", "text", "off", "numeric", true},
		{app.KeyBirthDate, "Ngày sinh", "Năm sinh phải khớp với số định danh cá nhân.", "date", "bday", "", false},
		{app.KeyAddress, "Địa chỉ liên hệ", "Số nhà, đường phố, xã/phường, tỉnh/thành phố.", "text", "street-address", "", false},
		{app.KeyPhone, "Số điện thoại", "Để cơ quan liên hệ khi cần bổ sung hồ sơ.", "tel", "tel", "tel", false},
		{app.KeyEmail, "Email", "Để nhận thông báo về hồ sơ.", "email", "email", "email", false},
	}
}
