package catalog

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
)

// Problem is one thing wrong with a procedure, a version or an import file.
type Problem struct {
	// Path is the JSON path of the value, e.g. "variants[0].workflow[2].unit_kind" for a version,
	// "procedures[3].versions[0].variants[0].workflow[2].unit_kind" for a file. "" is the whole input.
	Path    string `json:"path"`
	Code    string `json:"code"`    // a stable code, listed in the package documentation
	Message string `json:"message"` // Vietnamese, with full diacritics
	English string `json:"english"`
}

// String formats p as "path: code: message".
func (p Problem) String() string {
	if p.Path == "" {
		return p.Code + ": " + p.Message
	}
	return p.Path + ": " + p.Code + ": " + p.Message
}

// CodeInvalidProcedure is the code of the error Publishable returns.
const CodeInvalidProcedure = "invalid_procedure"

// InvalidError is an errs.Invalid error with code "invalid_procedure" that carries every problem.
// errs.KindOf and errs.CodeOf see through it; errors.As recovers the list.
type InvalidError struct {
	Problems []Problem
	err      *errs.Error
}

// Problems returns an *InvalidError carrying ps (at least one), for callers that find problems of
// their own, such as an import that meets stored versions.
func Problems(ps []Problem) *InvalidError { return newInvalidError(ps) }

func newInvalidError(ps []Problem) *InvalidError {
	e := errs.New(errs.Invalid, CodeInvalidProcedure,
		fmt.Sprintf("Thủ tục có %d lỗi, chưa thể công bố. Lỗi đầu tiên: %s", len(ps), ps[0].Message),
		fmt.Sprintf("The procedure has %d problem(s) and cannot be published. First: %s", len(ps), ps[0].English))
	e.Field = ps[0].Path
	return &InvalidError{Problems: ps, err: e}
}

// Error lists the problems.
func (e *InvalidError) Error() string {
	var b strings.Builder
	b.WriteString(e.err.Error())
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

// Unwrap returns the *errs.Error.
func (e *InvalidError) Unwrap() error { return e.err }

// reformDate is the first day of the two-level local government (domain-vn §11): no district-level
// version may be in force on it or after it.
var reformDate = org.Date{Time: time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)}

// Validate checks every rule a version must meet to be published and returns all the problems,
// or nil. Paths are relative to the version's JSON object; the identity (national_code, agency,
// local_code) is reported under those names.
//
// Rules: national code N.NNNNNN; agency a valid OrganID (with RootPlaceholder allowed); number ≥ 1;
// a known status; effective_from set and effective_to not before it; a district-level version
// ends by 2025-06-30; non-empty name and field; known levels, unit kinds, roles, online level and
// result kind; at least one variant; unique variant codes and, within a variant, unique component
// codes; durations in a known unit, not negative, whole for calendar days; fees of a known kind,
// never negative; workflow steps allotted working time whose sum (working_days × 480 min,
// working_hours × 60 min) does not exceed the variant's legal duration (Duration.WorkingMinutes);
// a well-formed form schema; at least one legal basis.
func (v *Version) Validate() []Problem {
	var c collector
	v.validate(&c, "", true)
	return c.list
}

// Publishable returns nil when v passes Validate, and otherwise an *InvalidError (kind Invalid,
// code "invalid_procedure") carrying every problem.
func (v *Version) Publishable() error {
	if ps := v.Validate(); len(ps) > 0 {
		return newInvalidError(ps)
	}
	return nil
}

// Validate checks the procedure's identity and every version (paths "versions[i]…"): duplicate
// version numbers, versions whose code differs from the procedure's, and published versions in
// force on the same day are problems too.
func (p *Procedure) Validate() []Problem {
	var c collector
	p.validate(&c, "")
	return c.list
}

func (p *Procedure) validate(c *collector, path string) {
	validateIdentity(c, path, p.NationalCode, p.Agency, p.LegacyLocalCode)
	if len(p.Versions) == 0 {
		c.add(join(path, "versions"), "required", "Thủ tục cần ít nhất một phiên bản.", "A procedure needs at least one version.")
	}
	numbers := map[int]bool{}
	for i := range p.Versions {
		v := &p.Versions[i]
		vp := join(path, fmt.Sprintf("versions[%d]", i))
		if v.NationalCode != p.NationalCode || v.Agency != p.Agency || v.LegacyLocalCode != p.LegacyLocalCode {
			c.add(join(vp, "national_code"), "invalid_code",
				fmt.Sprintf("Mã của phiên bản (%s) khác mã của thủ tục (%s).", v.NationalCode, p.NationalCode),
				fmt.Sprintf("The version's code (%s) differs from the procedure's (%s).", v.NationalCode, p.NationalCode))
		}
		v.validate(c, vp, false)
		if v.Number >= 1 {
			if numbers[v.Number] {
				c.add(join(vp, "number"), "duplicate_code",
					fmt.Sprintf("Số phiên bản %d bị trùng.", v.Number), fmt.Sprintf("Version number %d is used twice.", v.Number))
			}
			numbers[v.Number] = true
		}
		if v.Status != StatusPublished {
			continue
		}
		for j := 0; j < i; j++ {
			o := &p.Versions[j]
			if o.Status == StatusPublished && overlaps(v, o) {
				c.add(join(vp, "effective_from"), CodeVersionOverlap,
					fmt.Sprintf("Phiên bản %d có hiệu lực trùng thời gian với phiên bản %d đã công bố.", v.Number, o.Number),
					fmt.Sprintf("Version %d is in force on days when published version %d is.", v.Number, o.Number))
			}
		}
	}
}

// collector gathers problems.
type collector struct{ list []Problem }

func (c *collector) add(path, code, vi, en string) {
	c.list = append(c.list, Problem{Path: path, Code: code, Message: vi, English: en})
}

// join appends a key or an index to a JSON path.
func join(path, key string) string {
	switch {
	case path == "":
		return key
	case strings.HasPrefix(key, "["):
		return path + key
	}
	return path + "." + key
}

func idx(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

func blank(s string) bool { return strings.TrimSpace(s) == "" }

func validateIdentity(c *collector, path, national, agency, legacy string) {
	switch {
	case national == "":
		c.add(join(path, "national_code"), "required", "Cần mã thủ tục hành chính (mã TTHC).", "The national procedure code is required.")
	case !ValidNationalCode(national):
		c.add(join(path, "national_code"), "invalid_code",
			fmt.Sprintf("Mã TTHC %q không đúng dạng N.NNNNNN (ví dụ 1.001193).", national),
			fmt.Sprintf("National code %q is not of the form N.NNNNNN (e.g. 1.001193).", national))
	}
	if agency != "" {
		if err := checkAgency(agency); err != nil {
			c.add(join(path, "agency"), "invalid_organ_id",
				fmt.Sprintf("Mã định danh cơ quan công bố %q không đúng định dạng 000.00.00.A00.", agency),
				fmt.Sprintf("Publishing agency code %q is not of the form 000.00.00.A00.", agency))
		}
	}
	if legacy != "" {
		n, _, short, ok := ParseLocalCode(legacy)
		if !ok || !short || n != national {
			c.add(join(path, "local_code"), "invalid_local_code",
				fmt.Sprintf("Mã TTHC áp dụng tại địa phương %q không khớp mã %s.", legacy, national),
				fmt.Sprintf("Local code %q does not match national code %s.", legacy, national))
		}
	}
}

// checkAgency parses an agency OrganID that may contain RootPlaceholder for the level-1 code.
func checkAgency(s string) error {
	_, err := org.ParseOrganID(strings.ReplaceAll(s, RootPlaceholder, "A00"))
	return err
}

// versionFields are the JSON keys of a version that IllustrativeFields may name.
var versionFields = []string{"effective_from", "effective_to", "name", "field", "levels",
	"competent_unit_kind", "online_level", "result_kind", "results", "legal_basis", "publication", "variants", "form"}

func (v *Version) validate(c *collector, path string, identity bool) {
	at := func(key string) string { return join(path, key) }
	if identity {
		validateIdentity(c, path, v.NationalCode, v.Agency, v.LegacyLocalCode)
	}
	if v.Number < 1 {
		c.add(at("number"), "invalid_number", "Số phiên bản phải từ 1 trở lên.", "The version number must be 1 or more.")
	}
	if !v.Status.Valid() {
		c.add(at("status"), "invalid_status",
			fmt.Sprintf("Trạng thái %q không hợp lệ (draft, published, withdrawn).", v.Status),
			fmt.Sprintf("Unknown status %q (draft, published, withdrawn).", v.Status))
	}
	if v.EffectiveFrom.IsZero() {
		c.add(at("effective_from"), "required", "Cần ngày bắt đầu có hiệu lực.", "The effective-from date is required.")
	}
	if !v.EffectiveTo.IsZero() && !v.EffectiveFrom.IsZero() && v.EffectiveTo.Before(v.EffectiveFrom.Time) {
		c.add(at("effective_to"), "invalid_period",
			fmt.Sprintf("Ngày hết hiệu lực %s trước ngày có hiệu lực %s.", v.EffectiveTo, v.EffectiveFrom),
			fmt.Sprintf("Effective-to %s precedes effective-from %s.", v.EffectiveTo, v.EffectiveFrom))
	}
	if blank(v.Name) {
		c.add(at("name"), "empty_name", "Tên thủ tục không được để trống.", "The procedure name is required.")
	}
	if blank(v.Field) {
		c.add(at("field"), "required", "Cần lĩnh vực của thủ tục.", "The field (lĩnh vực) is required.")
	}
	if len(v.Levels) == 0 {
		c.add(at("levels"), "required", "Cần ít nhất một cấp thực hiện.", "At least one implementing level is required.")
	}
	for i, l := range v.Levels {
		if !l.Valid() {
			c.add(idx(at("levels"), i), "invalid_level",
				fmt.Sprintf("Cấp thực hiện %q không hợp lệ (ministry, province, district, commune).", l),
				fmt.Sprintf("Unknown level %q (ministry, province, district, commune).", l))
		}
	}
	if v.HasLevel(LevelDistrict) && (v.EffectiveTo.IsZero() || !v.EffectiveTo.Before(reformDate.Time)) {
		c.add(at("effective_to"), "district_after_reform",
			"Phiên bản cấp huyện phải hết hiệu lực chậm nhất ngày 30/06/2025 (cấp huyện không còn từ 01/07/2025).",
			"A district-level version must end by 2025-06-30 (districts were dissolved on 2025-07-01).")
	}
	switch {
	case v.CompetentUnitKind == "":
		c.add(at("competent_unit_kind"), "required", "Cần loại cơ quan có thẩm quyền giải quyết.", "The competent unit kind is required.")
	case !v.CompetentUnitKind.Valid():
		c.add(at("competent_unit_kind"), "unknown_unit_kind",
			fmt.Sprintf("Loại đơn vị %q không tồn tại.", v.CompetentUnitKind), fmt.Sprintf("Unknown unit kind %q.", v.CompetentUnitKind))
	}
	if !v.OnlineLevel.Valid() {
		c.add(at("online_level"), "invalid_online_level",
			fmt.Sprintf("Mức dịch vụ trực tuyến %q không hợp lệ (none, partial, full).", v.OnlineLevel),
			fmt.Sprintf("Unknown online level %q (none, partial, full).", v.OnlineLevel))
	}
	if !v.ResultKind.Valid() {
		c.add(at("result_kind"), "invalid_result_kind",
			fmt.Sprintf("Loại kết quả %q không hợp lệ (paper_document, electronic_only, none).", v.ResultKind),
			fmt.Sprintf("Unknown result kind %q (paper_document, electronic_only, none).", v.ResultKind))
	}
	for i, r := range v.Results {
		if blank(r) {
			c.add(idx(at("results"), i), "empty_name", "Tên kết quả không được để trống.", "A result name is empty.")
		}
	}
	if len(v.LegalBasis) == 0 {
		c.add(at("legal_basis"), "missing_legal_basis", "Cần căn cứ pháp lý trước khi công bố.", "A legal basis is required for publication.")
	}
	for i, l := range v.LegalBasis {
		if blank(l) {
			c.add(idx(at("legal_basis"), i), "required", "Căn cứ pháp lý không được để trống.", "A legal basis entry is empty.")
		}
	}
	if v.Publication != nil && blank(v.Publication.Number) {
		c.add(at("publication.number"), "required", "Cần số quyết định công bố.", "The publication decision number is required.")
	}
	for i, f := range v.IllustrativeFields {
		if !slices.Contains(versionFields, f) {
			c.add(idx(at("illustrative_fields"), i), "unknown_field",
				fmt.Sprintf("Trường %q không phải trường của phiên bản.", f), fmt.Sprintf("%q is not a version field.", f))
		}
	}
	if len(v.Variants) == 0 {
		c.add(at("variants"), "required", "Cần ít nhất một trường hợp giải quyết.", "At least one variant is required.")
	}
	codes := map[string]bool{}
	for i := range v.Variants {
		vp := idx(at("variants"), i)
		vr := &v.Variants[i]
		if !blank(vr.Code) {
			if codes[vr.Code] {
				c.add(join(vp, "code"), "duplicate_code",
					fmt.Sprintf("Mã trường hợp %q bị trùng.", vr.Code), fmt.Sprintf("Variant code %q is used twice.", vr.Code))
			}
			codes[vr.Code] = true
		}
		vr.validate(c, vp, v.CompetentUnitKind)
	}
	if v.Form != nil {
		v.Form.validate(c, at("form"))
	}
}

func (vr *Variant) validate(c *collector, path string, competent org.Kind) {
	at := func(key string) string { return join(path, key) }
	if blank(vr.Code) {
		c.add(at("code"), "required", "Cần mã trường hợp.", "The variant code is required.")
	}
	if blank(vr.Name) {
		c.add(at("name"), "empty_name", "Tên trường hợp không được để trống.", "The variant name is required.")
	}
	legalOK := validateDuration(c, at("duration"), vr.Duration)
	if vr.OnlineDuration != nil {
		validateDuration(c, at("online_duration"), *vr.OnlineDuration)
	}
	for i, f := range vr.Fees {
		fp := idx(at("fees"), i)
		switch {
		case !f.Kind.Valid():
			c.add(join(fp, "kind"), "invalid_fee_kind",
				fmt.Sprintf("Loại phí %q không hợp lệ (fixed, by_case, free).", f.Kind),
				fmt.Sprintf("Unknown fee kind %q (fixed, by_case, free).", f.Kind))
		case f.Amount < 0:
			c.add(join(fp, "amount"), "negative_fee", "Mức phí không được âm.", "A fee cannot be negative.")
		case f.Kind == FeeFixed && f.Amount == 0:
			c.add(join(fp, "amount"), "invalid_fee", "Phí cố định cần mức thu lớn hơn 0 (nếu miễn phí, dùng loại free).",
				"A fixed fee needs an amount above 0 (use kind free for no fee).")
		case f.Kind == FeeFree && f.Amount != 0:
			c.add(join(fp, "amount"), "invalid_fee", "Miễn phí thì không có mức thu.", "A free fee has no amount.")
		}
		if f.Kind == FeeByCase && blank(f.Description) {
			c.add(join(fp, "description"), "required", "Phí theo trường hợp cần mô tả cách tính.", "A by-case fee needs a description.")
		}
	}
	comps := map[string]bool{}
	for i, cm := range vr.Components {
		cp := idx(at("components"), i)
		switch {
		case blank(cm.Code):
			c.add(join(cp, "code"), "required", "Cần mã thành phần hồ sơ.", "The component code is required.")
		case comps[cm.Code]:
			c.add(join(cp, "code"), "duplicate_code",
				fmt.Sprintf("Mã thành phần hồ sơ %q bị trùng.", cm.Code), fmt.Sprintf("Component code %q is used twice.", cm.Code))
		}
		comps[cm.Code] = true
		if blank(cm.Name) {
			c.add(join(cp, "name"), "empty_name", "Tên giấy tờ không được để trống.", "The document name is required.")
		}
		for _, n := range []struct {
			key string
			v   int
		}{{"originals", cm.Originals}, {"certified_copies", cm.CertifiedCopies}, {"photocopies", cm.Photocopies}} {
			if n.v < 0 {
				c.add(join(cp, n.key), "invalid_count", "Số lượng bản không được âm.", "A number of copies cannot be negative.")
			}
		}
		if cm.Template != nil && blank(cm.Template.Name) {
			c.add(join(cp, "template.name"), "empty_name", "Tên mẫu đơn không được để trống.", "The template name is required.")
		}
	}
	total, stepsOK := 0, true
	for i, s := range vr.Workflow {
		sp := idx(at("workflow"), i)
		if blank(s.Name) {
			c.add(join(sp, "name"), "empty_name", "Tên bước xử lý không được để trống.", "The step name is required.")
		}
		switch {
		case s.UnitKind == "":
			c.add(join(sp, "unit_kind"), "required", "Cần loại đơn vị thực hiện bước.", "The step's unit kind is required.")
		case !s.UnitKind.Valid():
			c.add(join(sp, "unit_kind"), "unknown_unit_kind",
				fmt.Sprintf("Loại đơn vị %q không tồn tại.", s.UnitKind), fmt.Sprintf("Unknown unit kind %q.", s.UnitKind))
		case s.InterAgency && s.UnitKind == competent:
			c.add(join(sp, "unit_kind"), "inter_agency_same_kind",
				"Bước liên thông phải do loại đơn vị khác với cơ quan có thẩm quyền thực hiện.",
				"An inter-agency step must be done by a unit of another kind than the competent unit.")
		}
		switch {
		case s.Role == "":
			c.add(join(sp, "role"), "required", "Cần vai trò thực hiện bước.", "The step's role is required.")
		case !s.Role.Valid():
			c.add(join(sp, "role"), "unknown_role",
				fmt.Sprintf("Vai trò %q không tồn tại.", s.Role), fmt.Sprintf("Unknown role %q.", s.Role))
		}
		ap := join(sp, "allotted")
		if s.Allotted.Unit != WorkingDays && s.Allotted.Unit != WorkingHours {
			c.add(join(ap, "unit"), "invalid_step_duration",
				"Thời gian của bước phải tính bằng ngày làm việc hoặc giờ làm việc.",
				"A step's time must be in working_days or working_hours.")
			stepsOK = false
			continue
		}
		if !validateDuration(c, ap, s.Allotted) {
			stepsOK = false
			continue
		}
		total += s.Allotted.WorkingMinutes()
	}
	if legalOK && stepsOK && len(vr.Workflow) > 0 && total > vr.Duration.WorkingMinutes() {
		c.add(at("workflow"), "workflow_too_long",
			fmt.Sprintf("Tổng thời gian các bước (%s) vượt thời hạn giải quyết %s.", minutesVI(total), vr.Duration),
			fmt.Sprintf("The steps take %d working minutes, more than the legal duration (%d working minutes).", total, vr.Duration.WorkingMinutes()))
	}
}

// minutesVI formats working minutes as days and hours of working time.
func minutesVI(m int) string {
	d, h, mm := m/MinutesPerWorkingDay, (m%MinutesPerWorkingDay)/60, m%60
	var parts []string
	if d > 0 {
		parts = append(parts, fmt.Sprintf("%d ngày làm việc", d))
	}
	if h > 0 {
		parts = append(parts, fmt.Sprintf("%d giờ", h))
	}
	if mm > 0 || len(parts) == 0 {
		parts = append(parts, fmt.Sprintf("%d phút", mm))
	}
	return strings.Join(parts, " ")
}

// maxDurationDays bounds durations like the deadline engine does.
const maxDurationDays = 3660

var hhmm = regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d$`)

// validateDuration reports the problems of d and whether it is usable for sums.
func validateDuration(c *collector, path string, d Duration) bool {
	ok := true
	if !d.Unit.Valid() {
		c.add(join(path, "unit"), "unknown_duration_unit",
			fmt.Sprintf("Đơn vị thời hạn %q không hợp lệ (working_days, working_hours, same_day, calendar_days).", d.Unit),
			fmt.Sprintf("Unknown duration unit %q (working_days, working_hours, same_day, calendar_days).", d.Unit))
		ok = false
	}
	v := d.Value
	limit := float64(maxDurationDays)
	if d.Unit == WorkingHours {
		limit *= 24
	}
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		c.add(join(path, "value"), "invalid_duration", "Thời hạn không phải là số hợp lệ.", "The duration is not a number.")
		ok = false
	case v < 0:
		c.add(join(path, "value"), "invalid_duration", "Thời hạn không được âm.", "A duration cannot be negative.")
		ok = false
	case v > limit:
		c.add(join(path, "value"), "invalid_duration",
			fmt.Sprintf("Thời hạn quá lớn (tối đa %d ngày).", maxDurationDays), fmt.Sprintf("The duration is too long (at most %d days).", maxDurationDays))
		ok = false
	case d.Unit == CalendarDays && v != math.Trunc(v):
		c.add(join(path, "value"), "invalid_duration", "Thời hạn tính theo ngày lịch phải là số nguyên.", "Calendar days must be whole.")
		ok = false
	}
	if d.Cutoff != "" {
		switch {
		case d.Unit != SameDay:
			c.add(join(path, "cutoff"), "invalid_duration", "Giờ chốt chỉ dùng cho thời hạn trong ngày.", "A cut-off applies to same_day only.")
		case !hhmm.MatchString(d.Cutoff):
			c.add(join(path, "cutoff"), "invalid_duration",
				fmt.Sprintf("Giờ chốt %q phải có dạng HH:MM.", d.Cutoff), fmt.Sprintf("Cut-off %q must be HH:MM.", d.Cutoff))
		}
	}
	return ok
}

var fieldName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)

func (f *FormSchema) validate(c *collector, path string) {
	if len(f.Fields) == 0 {
		c.add(join(path, "fields"), "required", "Biểu mẫu cần ít nhất một trường.", "A form needs at least one field.")
	}
	types := map[string]FieldType{}
	for _, fd := range f.Fields {
		if _, seen := types[fd.Name]; !seen {
			types[fd.Name] = fd.Type
		}
	}
	seen := map[string]bool{}
	for i := range f.Fields {
		fd := &f.Fields[i]
		fp := idx(join(path, "fields"), i)
		at := func(key string) string { return join(fp, key) }
		switch {
		case fd.Name == "":
			c.add(at("name"), "required", "Cần tên trường.", "The field name is required.")
		case !fieldName.MatchString(fd.Name):
			c.add(at("name"), "invalid_field_name",
				fmt.Sprintf("Tên trường %q chỉ gồm chữ thường, số và dấu gạch dưới, bắt đầu bằng chữ.", fd.Name),
				fmt.Sprintf("Field name %q must be lower_snake_case.", fd.Name))
		case seen[fd.Name]:
			c.add(at("name"), "duplicate_field", fmt.Sprintf("Tên trường %q bị trùng.", fd.Name), fmt.Sprintf("Field name %q is used twice.", fd.Name))
		}
		seen[fd.Name] = true
		if !fd.Type.Valid() {
			c.add(at("type"), "unknown_field_type",
				fmt.Sprintf("Kiểu trường %q không hợp lệ.", fd.Type), fmt.Sprintf("Unknown field type %q.", fd.Type))
		}
		if blank(fd.Label.Vi) {
			c.add(at("label.vi"), "empty_name", "Nhãn tiếng Việt của trường không được để trống.", "The Vietnamese label is required.")
		}
		if fd.Type == FieldChoice {
			if len(fd.Options) == 0 {
				c.add(at("options"), "choice_without_options", "Trường lựa chọn cần ít nhất một phương án.", "A choice field needs options.")
			}
			vals := map[string]bool{}
			for j, o := range fd.Options {
				op := idx(at("options"), j)
				switch {
				case o.Value == "":
					c.add(join(op, "value"), "required", "Cần giá trị của phương án.", "The option value is required.")
				case vals[o.Value]:
					c.add(join(op, "value"), "duplicate_option",
						fmt.Sprintf("Giá trị %q bị trùng.", o.Value), fmt.Sprintf("Option value %q is used twice.", o.Value))
				}
				vals[o.Value] = true
				if blank(o.Label.Vi) {
					c.add(join(op, "label.vi"), "empty_name", "Nhãn phương án không được để trống.", "The option label is required.")
				}
			}
		} else if len(fd.Options) > 0 {
			notApplicable(c, at("options"), fd.Type)
		}
		if fd.Rules != nil {
			validateRules(c, at("rules"), fd.Type, fd.Rules)
		}
		if fd.Address != nil {
			if fd.Type != FieldAddress {
				notApplicable(c, at("address"), fd.Type)
			} else {
				validateAddress(c, at("address"), fd.Address, types)
			}
		}
		if fd.File != nil {
			if fd.Type != FieldFile {
				notApplicable(c, at("file"), fd.Type)
			} else {
				for j, t := range fd.File.Types {
					if !fileType.MatchString(t) {
						c.add(idx(at("file.types"), j), "invalid_rule",
							fmt.Sprintf("Loại tệp %q phải là phần mở rộng viết thường, ví dụ pdf.", t),
							fmt.Sprintf("File type %q must be a lower-case extension such as pdf.", t))
					}
				}
				if fd.File.MaxSizeBytes < 0 {
					c.add(at("file.max_size_bytes"), "invalid_rule", "Dung lượng tối đa không được âm.", "The size limit cannot be negative.")
				}
			}
		}
	}
}

var fileType = regexp.MustCompile(`^[a-z0-9]{1,10}$`)

func notApplicable(c *collector, path string, t FieldType) {
	c.add(path, "rule_not_applicable",
		fmt.Sprintf("Quy tắc này không dùng được cho trường kiểu %q.", t), fmt.Sprintf("This rule does not apply to a %q field.", t))
}

func validateRules(c *collector, path string, t FieldType, r *Rules) {
	at := func(key string) string { return join(path, key) }
	if r.Min != nil || r.Max != nil {
		if t != FieldNumber {
			notApplicable(c, at(firstSet(r.Min != nil, "min", "max")), t)
		} else if r.Min != nil && r.Max != nil && *r.Min > *r.Max {
			c.add(at("min"), "min_greater_than_max",
				fmt.Sprintf("Giá trị nhỏ nhất %v lớn hơn giá trị lớn nhất %v.", *r.Min, *r.Max),
				fmt.Sprintf("Min %v is greater than max %v.", *r.Min, *r.Max))
		}
	}
	if r.MinLength != nil || r.MaxLength != nil {
		switch {
		case t != FieldText && t != FieldAddress:
			notApplicable(c, at(firstSet(r.MinLength != nil, "min_length", "max_length")), t)
		case r.MinLength != nil && *r.MinLength < 0, r.MaxLength != nil && *r.MaxLength < 0:
			c.add(at(firstSet(r.MinLength != nil && *r.MinLength < 0, "min_length", "max_length")), "invalid_rule",
				"Độ dài không được âm.", "A length cannot be negative.")
		case r.MinLength != nil && r.MaxLength != nil && *r.MinLength > *r.MaxLength:
			c.add(at("min_length"), "min_greater_than_max",
				fmt.Sprintf("Độ dài tối thiểu %d lớn hơn độ dài tối đa %d.", *r.MinLength, *r.MaxLength),
				fmt.Sprintf("min_length %d is greater than max_length %d.", *r.MinLength, *r.MaxLength))
		}
	}
	if r.Pattern != "" {
		if t != FieldText && t != FieldPersonalID && t != FieldTaxCode {
			notApplicable(c, at("pattern"), t)
		} else if _, err := regexp.Compile(r.Pattern); err != nil {
			c.add(at("pattern"), "invalid_pattern",
				fmt.Sprintf("Mẫu kiểm tra %q không phải biểu thức chính quy hợp lệ.", r.Pattern),
				fmt.Sprintf("Pattern %q is not a valid regular expression: %v.", r.Pattern, err))
		}
	}
	if r.MinDate != "" || r.MaxDate != "" {
		if t != FieldDate {
			notApplicable(c, at(firstSet(r.MinDate != "", "min_date", "max_date")), t)
			return
		}
		lo, okLo := ruleDate(c, at("min_date"), r.MinDate)
		hi, okHi := ruleDate(c, at("max_date"), r.MaxDate)
		if okLo && okHi && !lo.IsZero() && !hi.IsZero() && lo.After(hi.Time) {
			c.add(at("min_date"), "min_greater_than_max",
				fmt.Sprintf("Ngày nhỏ nhất %s sau ngày lớn nhất %s.", lo, hi), fmt.Sprintf("min_date %s is after max_date %s.", lo, hi))
		}
	}
}

func firstSet(first bool, a, b string) string {
	if first {
		return a
	}
	return b
}

// ruleDate parses a date bound: "" and "today" give a zero date.
func ruleDate(c *collector, path, s string) (org.Date, bool) {
	if s == "" || s == "today" {
		return org.Date{}, true
	}
	d, err := org.ParseDate(s)
	if err != nil || d.String() != s {
		c.add(path, "invalid_rule", fmt.Sprintf("Ngày %q phải có dạng NNNN-TT-NN hoặc \"today\".", s),
			fmt.Sprintf("Date %q must be YYYY-MM-DD or \"today\".", s))
		return org.Date{}, false
	}
	return d, true
}

func validateAddress(c *collector, path string, a *AddressSpec, types map[string]FieldType) {
	switch a.ValidOn {
	case "", "submission":
		if a.ValidOnField != "" {
			c.add(join(path, "valid_on_field"), "invalid_rule",
				"Chỉ dùng valid_on_field khi valid_on là \"field\".", "valid_on_field needs valid_on \"field\".")
		}
	case "field":
		if t, ok := types[a.ValidOnField]; !ok || t != FieldDate {
			c.add(join(path, "valid_on_field"), "unknown_field",
				fmt.Sprintf("Không có trường ngày tên %q trong biểu mẫu.", a.ValidOnField),
				fmt.Sprintf("The form has no date field named %q.", a.ValidOnField))
		}
	default:
		c.add(join(path, "valid_on"), "invalid_rule",
			fmt.Sprintf("valid_on %q không hợp lệ (submission, field).", a.ValidOn), fmt.Sprintf("Unknown valid_on %q (submission, field).", a.ValidOn))
	}
	if a.Depth != "" && a.Depth != "province" && a.Depth != "commune" {
		c.add(join(path, "depth"), "invalid_rule",
			fmt.Sprintf("depth %q không hợp lệ (province, commune).", a.Depth), fmt.Sprintf("Unknown depth %q (province, commune).", a.Depth))
	}
}
