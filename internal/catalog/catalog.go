package catalog

import (
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/vntext"
)

// Procedure is a thủ tục hành chính: its identity and its versions, oldest first.
type Procedure struct {
	// NationalCode is the mã TTHC, N.NNNNNN with N in 1–3 (domain-vn §5.3).
	NationalCode string
	// Agency is the OrganID of the agency that published the procedure locally (for a city,
	// UBND thành phố), possibly with RootPlaceholder for the city's level-1 code. It may be empty:
	// then the procedure has no localised code.
	Agency string
	// LegacyLocalCode keeps a short localised code received on input (e.g. "1.012784.H21").
	// It is accepted and written back as received, never generated.
	LegacyLocalCode string
	// Sources lists where the confirmed values were read (page addresses or repository paths).
	Sources []string
	// Illustrative marks the code and name as not confirmed against the national catalogue.
	Illustrative bool
	Versions     []Version
}

// LocalCode is the localised code NationalCode + "." + Agency (e.g. 1.000656.000.00.00.H29), or
// "" when Agency is empty or still holds RootPlaceholder.
func (p *Procedure) LocalCode() string { return localCode(p.NationalCode, p.Agency) }

// Version is one version of a procedure: what a dossier received while it is in force pins.
type Version struct {
	// NationalCode, Agency and LegacyLocalCode repeat the procedure's identity so that a version
	// stands alone (a dossier pins a version, not a procedure).
	NationalCode    string
	Agency          string
	LegacyLocalCode string

	Number int    // 1, 2, … within the procedure
	Status Status // draft, published, withdrawn
	// EffectiveFrom and EffectiveTo bound the days the version is in force, both inclusive;
	// EffectiveTo is zero while no end is known.
	EffectiveFrom org.Date
	EffectiveTo   org.Date

	Name  string // tên thủ tục
	Field string // lĩnh vực, e.g. "Hộ tịch"
	// Levels are the implementing levels (cấp thực hiện).
	Levels []Level
	// CompetentUnitKind is the kind of unit that decides (cơ quan có thẩm quyền quyết định).
	CompetentUnitKind org.Kind
	OnlineLevel       OnlineLevel
	Variants          []Variant
	// Form is the application form (tờ khai điện tử); nil when the procedure has none.
	Form       *FormSchema
	ResultKind ResultKind
	// Results names the documents issued (e.g. "Giấy khai sinh").
	Results []string
	// LegalBasis lists the legal texts (căn cứ pháp lý), e.g. "123/2015/NĐ-CP".
	LegalBasis  []string
	Publication *Publication
	// Note is free text for officials, e.g. why some values are illustrative.
	Note string

	// Illustrative marks every value of the version as not confirmed; IllustrativeFields names
	// the version-level JSON fields that are not confirmed when only some are (see FORMAT.md).
	Illustrative       bool
	IllustrativeFields []string
}

// LocalCode is the version's localised code (see Procedure.LocalCode).
func (v *Version) LocalCode() string { return localCode(v.NationalCode, v.Agency) }

// HasLevel reports whether l is one of the version's implementing levels.
func (v *Version) HasLevel(l Level) bool {
	for _, x := range v.Levels {
		if x == l {
			return true
		}
	}
	return false
}

// Publication is the quyết định công bố that published a version.
type Publication struct {
	Number       string   // e.g. "163/QĐ-BTP"
	Date         org.Date // zero when unknown
	Illustrative bool
}

// Status is the lifecycle state of a version.
type Status string

// The statuses.
const (
	StatusDraft     Status = "draft"     // editable, not used for dossiers
	StatusPublished Status = "published" // frozen; dossiers pin it while it is in force
	StatusWithdrawn Status = "withdrawn" // frozen and no longer offered; pinned dossiers keep it
)

// Valid reports whether s is one of the statuses.
func (s Status) Valid() bool { return s == StatusDraft || s == StatusPublished || s == StatusWithdrawn }

// Level is an implementing level (cấp thực hiện).
type Level string

// The levels. District exists only before 2025-07-01 (domain-vn §11).
const (
	LevelMinistry Level = "ministry" // cấp bộ
	LevelProvince Level = "province" // cấp tỉnh: the city, its departments
	LevelDistrict Level = "district" // cấp huyện, until 2025-06-30
	LevelCommune  Level = "commune"  // cấp xã
)

// Valid reports whether l is one of the levels.
func (l Level) Valid() bool {
	return l == LevelMinistry || l == LevelProvince || l == LevelDistrict || l == LevelCommune
}

// OnlineLevel is the online public service level (domain-vn §4.6).
type OnlineLevel string

// The online levels.
const (
	OnlineNone    OnlineLevel = "none"    // information only (former levels 1–2)
	OnlinePartial OnlineLevel = "partial" // DVCTT một phần (former level 3)
	OnlineFull    OnlineLevel = "full"    // DVCTT toàn trình (former level 4)
)

// Valid reports whether o is one of the online levels.
func (o OnlineLevel) Valid() bool { return o == OnlineNone || o == OnlinePartial || o == OnlineFull }

// ResultKind says what the applicant receives (KPI 3.3/4.1 of QĐ 766 count paper results).
type ResultKind string

// The result kinds.
const (
	ResultPaper      ResultKind = "paper_document"  // a document on paper (possibly also electronic)
	ResultElectronic ResultKind = "electronic_only" // only an electronic result or a data update
	ResultNone       ResultKind = "none"            // no document (e.g. a notification that is only recorded)
)

// Valid reports whether r is one of the result kinds.
func (r ResultKind) Valid() bool {
	return r == ResultPaper || r == ResultElectronic || r == ResultNone
}

// Variant is a trường hợp of a procedure: its own duration, fees, documents and workflow.
type Variant struct {
	Code string `json:"code"` // unique within the version, e.g. "dung-han"
	Name string `json:"name"`
	// Duration is the legal processing time (thời hạn giải quyết) for dossiers filed in person.
	Duration Duration `json:"duration"`
	// OnlineDuration is the processing time for online dossiers when it differs.
	OnlineDuration *Duration      `json:"online_duration,omitempty"`
	Fees           []Fee          `json:"fees,omitempty"`
	Components     []Component    `json:"components,omitempty"`
	Workflow       []WorkflowStep `json:"workflow,omitempty"`
	// Illustrative marks every value of the variant as not confirmed.
	Illustrative bool `json:"illustrative,omitempty"`
}

// DurationUnit is the unit of a duration (DonViTinh, domain-vn §6.3). The names are shared with
// the deadline engine.
type DurationUnit string

// The duration units.
const (
	WorkingDays  DurationUnit = "working_days"  // ngày làm việc: 8 working hours each
	WorkingHours DurationUnit = "working_hours" // giờ làm việc
	SameDay      DurationUnit = "same_day"      // trong ngày, with a cut-off (default 15:00)
	CalendarDays DurationUnit = "calendar_days" // ngày theo lịch
)

// Valid reports whether u is one of the units.
func (u DurationUnit) Valid() bool {
	return u == WorkingDays || u == WorkingHours || u == SameDay || u == CalendarDays
}

// MinutesPerWorkingDay is the working time of one working day used to compare durations
// (domain-vn §6.3: 1 day = 8 working hours).
const MinutesPerWorkingDay = 8 * 60

// Duration is a processing time.
type Duration struct {
	// Value is N in Unit, fractional for working days and hours (0.5 is half a day), whole for
	// calendar days, ignored (0) for same_day.
	Value float64      `json:"value"`
	Unit  DurationUnit `json:"unit"`
	// Cutoff is the same-day cut-off "HH:MM" (same_day only); "" means 15:00 (domain-vn §6.5).
	Cutoff       string `json:"cutoff,omitempty"`
	Illustrative bool   `json:"illustrative,omitempty"`
}

// WorkingMinutes is the working time of d used for comparisons: working days × 480, working
// hours × 60, same_day 480 (at most the rest of one working day), and calendar days × 480 as an
// upper bound (a span of N calendar days holds at most N working days; the true working time is
// usually less, so a workflow that fits this bound may still be late when weekends intervene).
// It is rounded to the minute.
func (d Duration) WorkingMinutes() int {
	switch d.Unit {
	case WorkingHours:
		return int(math.Round(d.Value * 60))
	case SameDay:
		return MinutesPerWorkingDay
	default:
		return int(math.Round(d.Value * MinutesPerWorkingDay))
	}
}

// String describes d in Vietnamese, e.g. "3 ngày làm việc", "trong ngày".
func (d Duration) String() string {
	v := strings.Replace(strconv.FormatFloat(d.Value, 'f', -1, 64), ".", ",", 1)
	switch d.Unit {
	case WorkingDays:
		return v + " ngày làm việc"
	case WorkingHours:
		return v + " giờ làm việc"
	case CalendarDays:
		return v + " ngày"
	case SameDay:
		c := d.Cutoff
		if c == "" {
			c = DefaultCutoff
		}
		return "trong ngày (tiếp nhận sau " + c + " trả ngày làm việc tiếp theo)"
	}
	return v + " " + string(d.Unit)
}

// DefaultCutoff is the usual same-day cut-off (domain-vn §6.5).
const DefaultCutoff = "15:00"

// FeeKind is how a fee (phí, lệ phí) is set.
type FeeKind string

// The fee kinds.
const (
	FeeFixed  FeeKind = "fixed"   // a fixed amount in VND
	FeeByCase FeeKind = "by_case" // depends on the case (per page, per contract value, set by the city council…)
	FeeFree   FeeKind = "free"    // no fee
)

// Valid reports whether k is one of the fee kinds.
func (k FeeKind) Valid() bool { return k == FeeFixed || k == FeeByCase || k == FeeFree }

// Fee is one fee or charge of a variant.
type Fee struct {
	Kind FeeKind `json:"kind"`
	// Amount is in VND: the amount for fixed, an indicative amount (e.g. per page) or 0 for
	// by_case, 0 for free.
	Amount       int64  `json:"amount,omitempty"`
	Description  string `json:"description,omitempty"`
	Illustrative bool   `json:"illustrative,omitempty"`
}

// Component is a thành phần hồ sơ: one document the applicant provides.
type Component struct {
	Code string `json:"code"` // unique within the variant
	Name string `json:"name"`
	// Originals, CertifiedCopies and Photocopies count bản chính, bản sao chứng thực and bản
	// chụp; all 0 means the document is shown or its data looked up, not handed in.
	Originals       int  `json:"originals,omitempty"`
	CertifiedCopies int  `json:"certified_copies,omitempty"`
	Photocopies     int  `json:"photocopies,omitempty"`
	Required        bool `json:"required,omitempty"`
	// Template is the downloadable form (mẫu đơn, tờ khai), if any.
	Template *Template `json:"template,omitempty"`
	// Reusable means the document can be taken from the citizen's data store (kho dữ liệu).
	Reusable     bool `json:"reusable,omitempty"`
	Illustrative bool `json:"illustrative,omitempty"`
}

// Template is a downloadable form.
type Template struct {
	Name string `json:"name"`          // e.g. "Tờ khai đăng ký khai sinh"
	URL  string `json:"url,omitempty"` // where to download it; relative URLs are served by egov
}

// WorkflowStep is one step of the internal workflow (quy trình nội bộ): who does it and how much
// working time it is allotted. The steps run in order; their allotted times add up.
type WorkflowStep struct {
	Name     string   `json:"name"`
	UnitKind org.Kind `json:"unit_kind"`
	Role     org.Role `json:"role"`
	// Allotted is working time: working_days or working_hours.
	Allotted Duration `json:"allotted"`
	// InterAgency marks a step done by another agency (liên thông), of a kind other than the
	// competent unit's.
	InterAgency  bool `json:"inter_agency,omitempty"`
	Illustrative bool `json:"illustrative,omitempty"`
}

// Text is a label in Vietnamese and English.
type Text struct {
	Vi string `json:"vi"`
	En string `json:"en,omitempty"`
}

// FieldType is the type of a form field.
type FieldType string

// The field types.
const (
	FieldText       FieldType = "text"
	FieldNumber     FieldType = "number"
	FieldDate       FieldType = "date"
	FieldChoice     FieldType = "choice"      // one of Options
	FieldAddress    FieldType = "address"     // free text plus a unit picker (domain-vn R11.7)
	FieldPersonalID FieldType = "personal_id" // số định danh cá nhân, 12 digits (domain-vn §12.1)
	FieldTaxCode    FieldType = "tax_code"    // mã số thuế, 10 or 10+3 digits (domain-vn §12.2)
	FieldFile       FieldType = "file"        // an uploaded file
)

// Valid reports whether t is one of the field types.
func (t FieldType) Valid() bool {
	switch t {
	case FieldText, FieldNumber, FieldDate, FieldChoice, FieldAddress, FieldPersonalID, FieldTaxCode, FieldFile:
		return true
	}
	return false
}

// FormSchema is an application form.
type FormSchema struct {
	Fields       []FormField `json:"fields"`
	Illustrative bool        `json:"illustrative,omitempty"`
}

// FormField is one field of a form.
type FormField struct {
	// Name is the key of the value in a submitted form, lower_snake_case, unique in the form.
	Name     string    `json:"name"`
	Type     FieldType `json:"type"`
	Label    Text      `json:"label"`
	Required bool      `json:"required,omitempty"`
	Help     *Text     `json:"help,omitempty"`
	// Options are the choices of a choice field.
	Options []Option `json:"options,omitempty"`
	Rules   *Rules   `json:"rules,omitempty"`
	// Address configures an address field's unit picker.
	Address *AddressSpec `json:"address,omitempty"`
	// File configures a file field.
	File *FileSpec `json:"file,omitempty"`
}

// Option is one choice of a choice field.
type Option struct {
	Value string `json:"value"`
	Label Text   `json:"label"`
}

// Rules are validation rules of a field. Each applies to some types only (see FORMAT.md).
type Rules struct {
	Min       *float64 `json:"min,omitempty"`        // number: smallest value
	Max       *float64 `json:"max,omitempty"`        // number: largest value
	MinLength *int     `json:"min_length,omitempty"` // text: fewest characters
	MaxLength *int     `json:"max_length,omitempty"` // text, address: most characters
	Pattern   string   `json:"pattern,omitempty"`    // text: a Go regular expression the whole value must match
	// MinDate and MaxDate bound a date field: YYYY-MM-DD or "today".
	MinDate string `json:"min_date,omitempty"`
	MaxDate string `json:"max_date,omitempty"`
}

// AddressSpec configures the unit picker of an address field. Administrative units are dated
// versions (domain-vn §11): the picker offers the units valid on one day.
type AddressSpec struct {
	// ValidOn chooses that day: "submission" (the day the form is filled in, the default) or
	// "field" (the date in the field named ValidOnField, e.g. a birth date for a place of birth).
	ValidOn      string `json:"valid_on,omitempty"`
	ValidOnField string `json:"valid_on_field,omitempty"`
	// Depth is the lowest level to pick: "province" or "commune" (the default).
	Depth string `json:"depth,omitempty"`
}

// FileSpec configures a file field.
type FileSpec struct {
	Types        []string `json:"types,omitempty"`          // allowed extensions, e.g. "pdf", "jpg"
	MaxSizeBytes int64    `json:"max_size_bytes,omitempty"` // 0: the server's limit
}

var (
	nationalCodePattern = regexp.MustCompile(`^[123]\.\d{6}$`)
	shortAgencyPattern  = regexp.MustCompile(`^[A-Z]\d{2}$`)
)

// ValidNationalCode reports whether s is a national procedure code N.NNNNNN (domain-vn §5.3).
func ValidNationalCode(s string) bool { return nationalCodePattern.MatchString(s) }

// ParseLocalCode splits a localised procedure code into the national code and the agency part.
// It accepts the long form code + "." + OrganID (1.000656.000.00.00.H29) and the short form
// code + "." + level-1 code (1.012784.H21, domain-vn §5.3). short reports which form it was.
func ParseLocalCode(s string) (national, agency string, short bool, ok bool) {
	if len(s) < 10 || s[8] != '.' || !ValidNationalCode(s[:8]) {
		return "", "", false, false
	}
	national, rest := s[:8], s[9:]
	if shortAgencyPattern.MatchString(rest) {
		return national, rest, true, true
	}
	if _, err := org.ParseOrganID(rest); err != nil {
		return "", "", false, false
	}
	return national, rest, false, true
}

func localCode(national, agency string) string {
	if agency == "" || strings.Contains(agency, RootPlaceholder) {
		return ""
	}
	return national + "." + agency
}

// SearchText is the text a version is found by, folded for storage in a search column:
// vntext.Fold of its name, national and localised codes and field.
func SearchText(v *Version) string {
	parts := []string{v.Name, v.NationalCode}
	if lc := v.LocalCode(); lc != "" {
		parts = append(parts, lc)
	} else if v.LegacyLocalCode != "" {
		parts = append(parts, v.LegacyLocalCode)
	}
	parts = append(parts, v.Field)
	return vntext.Fold(strings.Join(parts, " "))
}
