package catalog

import (
	"errors"
	"strings"
	"testing"

	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
)

func day(s string) org.Date {
	d, err := org.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func ptr[T any](v T) *T { return &v }

// validVersion is a small version that passes Validate: a commune procedure with one variant of
// 3 working days and a workflow of 1 h + 1 day + 4 h + 1 h.
func validVersion() *Version {
	return &Version{
		NationalCode: "1.004873", Agency: "000.00.00." + RootPlaceholder,
		Number: 1, Status: StatusDraft, EffectiveFrom: day("2025-07-01"),
		Name: "Cấp Giấy xác nhận tình trạng hôn nhân", Field: "Hộ tịch",
		Levels: []Level{LevelCommune}, CompetentUnitKind: org.KindCommune,
		OnlineLevel: OnlineFull, ResultKind: ResultPaper,
		Results:    []string{"Giấy xác nhận tình trạng hôn nhân"},
		LegalBasis: []string{"60/2014/QH13", "123/2015/NĐ-CP"},
		Variants: []Variant{{
			Code: "chung", Name: "Trường hợp chung",
			Duration: Duration{Value: 3, Unit: WorkingDays},
			Fees:     []Fee{{Kind: FeeByCase, Description: "Theo nghị quyết của Hội đồng nhân dân thành phố."}, {Kind: FeeFixed, Amount: 8000}},
			Components: []Component{
				{Code: "tp01", Name: "Tờ khai", Originals: 1, Required: true, Template: &Template{Name: "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân"}},
				{Code: "tp02", Name: "Giấy tờ chứng minh nơi cư trú", Photocopies: 1},
			},
			Workflow: []WorkflowStep{
				{Name: "Tiếp nhận", UnitKind: org.KindServiceCentre, Role: org.RoleReception, Allotted: Duration{Value: 1, Unit: WorkingHours}},
				{Name: "Thẩm định", UnitKind: org.KindCommune, Role: org.RoleProcessing, Allotted: Duration{Value: 1, Unit: WorkingDays}},
				{Name: "Ký", UnitKind: org.KindCommune, Role: org.RoleAgencyLeader, Allotted: Duration{Value: 4, Unit: WorkingHours}},
				{Name: "Trả kết quả", UnitKind: org.KindServiceCentre, Role: org.RoleReception, Allotted: Duration{Value: 1, Unit: WorkingHours}},
			},
		}},
		Form: &FormSchema{Fields: []FormField{
			{Name: "full_name", Type: FieldText, Label: Text{Vi: "Họ và tên"}, Required: true, Rules: &Rules{MaxLength: ptr(100), Pattern: `^\p{L}[\p{L} ]*$`}},
			{Name: "birth_date", Type: FieldDate, Label: Text{Vi: "Ngày sinh"}, Rules: &Rules{MaxDate: "today"}},
			{Name: "residence", Type: FieldAddress, Label: Text{Vi: "Nơi cư trú"}, Address: &AddressSpec{ValidOn: "field", ValidOnField: "birth_date"}},
			{Name: "purpose", Type: FieldChoice, Label: Text{Vi: "Mục đích"}, Options: []Option{{Value: "ket-hon", Label: Text{Vi: "Kết hôn"}}, {Value: "khac", Label: Text{Vi: "Khác"}}}},
			{Name: "copies", Type: FieldNumber, Label: Text{Vi: "Số bản"}, Rules: &Rules{Min: ptr(1.0), Max: ptr(10.0)}},
			{Name: "personal_id", Type: FieldPersonalID, Label: Text{Vi: "Số định danh cá nhân"}},
			{Name: "attachment", Type: FieldFile, Label: Text{Vi: "Tệp đính kèm"}, File: &FileSpec{Types: []string{"pdf"}, MaxSizeBytes: 1 << 20}},
		}},
		Publication: &Publication{Number: "163/QĐ-BTP"},
	}
}

func TestValidVersion(t *testing.T) {
	if ps := validVersion().Validate(); ps != nil {
		t.Fatalf("valid version has problems: %v", ps)
	}
	if err := validVersion().Publishable(); err != nil {
		t.Fatal(err)
	}
}

func TestValidateProblems(t *testing.T) {
	for _, tc := range []struct {
		name, path, code string
		change           func(v *Version)
	}{
		{"malformed national code", "national_code", "invalid_code", func(v *Version) { v.NationalCode = "1.00487" }},
		{"national code with a 4", "national_code", "invalid_code", func(v *Version) { v.NationalCode = "4.004873" }},
		{"missing national code", "national_code", "required", func(v *Version) { v.NationalCode = "" }},
		{"bad agency", "agency", "invalid_organ_id", func(v *Version) { v.Agency = "000.05.00.H24" }},
		{"short local code of another procedure", "local_code", "invalid_local_code", func(v *Version) { v.LegacyLocalCode = "1.001193.H21" }},
		{"number 0", "number", "invalid_number", func(v *Version) { v.Number = 0 }},
		{"unknown status", "status", "invalid_status", func(v *Version) { v.Status = "open" }},
		{"no effective_from", "effective_from", "required", func(v *Version) { v.EffectiveFrom = org.Date{} }},
		{"effective_to before effective_from", "effective_to", "invalid_period", func(v *Version) { v.EffectiveTo = day("2025-06-30") }},
		{"empty name", "name", "empty_name", func(v *Version) { v.Name = "  " }},
		{"empty field", "field", "required", func(v *Version) { v.Field = "" }},
		{"no level", "levels", "required", func(v *Version) { v.Levels = nil }},
		{"unknown level", "levels[0]", "invalid_level", func(v *Version) { v.Levels = []Level{"town"} }},
		{"district after the reform", "effective_to", "district_after_reform", func(v *Version) {
			v.Levels, v.CompetentUnitKind, v.EffectiveFrom = []Level{LevelDistrict}, org.KindDistrict, day("2024-01-01")
		}},
		{"district ending on the reform day", "effective_to", "district_after_reform", func(v *Version) {
			v.Levels, v.CompetentUnitKind, v.EffectiveFrom, v.EffectiveTo = []Level{LevelDistrict}, org.KindDistrict, day("2024-01-01"), day("2025-07-01")
		}},
		{"unknown competent unit kind", "competent_unit_kind", "unknown_unit_kind", func(v *Version) { v.CompetentUnitKind = "ward_office" }},
		{"unknown online level", "online_level", "invalid_online_level", func(v *Version) { v.OnlineLevel = "level4" }},
		{"unknown result kind", "result_kind", "invalid_result_kind", func(v *Version) { v.ResultKind = "email" }},
		{"empty result", "results[0]", "empty_name", func(v *Version) { v.Results = []string{""} }},
		{"no legal basis", "legal_basis", "missing_legal_basis", func(v *Version) { v.LegalBasis = nil }},
		{"empty legal basis entry", "legal_basis[1]", "required", func(v *Version) { v.LegalBasis[1] = " " }},
		{"publication without number", "publication.number", "required", func(v *Version) { v.Publication.Number = "" }},
		{"unknown illustrative field", "illustrative_fields[0]", "unknown_field", func(v *Version) { v.IllustrativeFields = []string{"colour"} }},
		{"no variant", "variants", "required", func(v *Version) { v.Variants = nil }},
		{"duplicate variant code", "variants[1].code", "duplicate_code", func(v *Version) { v.Variants = append(v.Variants, v.Variants[0].clone()) }},
		{"missing variant code", "variants[0].code", "required", func(v *Version) { v.Variants[0].Code = "" }},
		{"empty variant name", "variants[0].name", "empty_name", func(v *Version) { v.Variants[0].Name = "" }},
		{"unknown duration unit", "variants[0].duration.unit", "unknown_duration_unit", func(v *Version) { v.Variants[0].Duration.Unit = "weeks"; v.Variants[0].Workflow = nil }},
		{"negative duration", "variants[0].duration.value", "invalid_duration", func(v *Version) { v.Variants[0].Duration.Value = -1; v.Variants[0].Workflow = nil }},
		{"fractional calendar days", "variants[0].duration.value", "invalid_duration", func(v *Version) { v.Variants[0].Duration = Duration{Value: 10.5, Unit: CalendarDays} }},
		{"cut-off on working days", "variants[0].duration.cutoff", "invalid_duration", func(v *Version) { v.Variants[0].Duration.Cutoff = "15:00" }},
		{"malformed cut-off", "variants[0].online_duration.cutoff", "invalid_duration", func(v *Version) {
			v.Variants[0].OnlineDuration = &Duration{Unit: SameDay, Cutoff: "3pm"}
		}},
		{"negative fee", "variants[0].fees[1].amount", "negative_fee", func(v *Version) { v.Variants[0].Fees[1].Amount = -8000 }},
		{"unknown fee kind", "variants[0].fees[1].kind", "invalid_fee_kind", func(v *Version) { v.Variants[0].Fees[1].Kind = "tip" }},
		{"fixed fee of nothing", "variants[0].fees[1].amount", "invalid_fee", func(v *Version) { v.Variants[0].Fees[1].Amount = 0 }},
		{"free fee with an amount", "variants[0].fees[1].amount", "invalid_fee", func(v *Version) { v.Variants[0].Fees[1].Kind = FeeFree }},
		{"by-case fee without description", "variants[0].fees[0].description", "required", func(v *Version) { v.Variants[0].Fees[0].Description = "" }},
		{"duplicate component code", "variants[0].components[1].code", "duplicate_code", func(v *Version) { v.Variants[0].Components[1].Code = "tp01" }},
		{"empty component name", "variants[0].components[1].name", "empty_name", func(v *Version) { v.Variants[0].Components[1].Name = "" }},
		{"negative copies", "variants[0].components[1].photocopies", "invalid_count", func(v *Version) { v.Variants[0].Components[1].Photocopies = -1 }},
		{"template without name", "variants[0].components[0].template.name", "empty_name", func(v *Version) { v.Variants[0].Components[0].Template.Name = "" }},
		{"workflow longer than the legal duration", "variants[0].workflow", "workflow_too_long", func(v *Version) {
			v.Variants[0].Workflow[1].Allotted = Duration{Value: 3, Unit: WorkingDays}
		}},
		{"unknown step unit kind", "variants[0].workflow[2].unit_kind", "unknown_unit_kind", func(v *Version) { v.Variants[0].Workflow[2].UnitKind = "tax_office" }},
		{"unknown role", "variants[0].workflow[1].role", "unknown_role", func(v *Version) { v.Variants[0].Workflow[1].Role = "mayor" }},
		{"step in calendar days", "variants[0].workflow[0].allotted.unit", "invalid_step_duration", func(v *Version) {
			v.Variants[0].Workflow[0].Allotted = Duration{Value: 1, Unit: CalendarDays}
		}},
		{"inter-agency step at the competent kind", "variants[0].workflow[1].unit_kind", "inter_agency_same_kind", func(v *Version) { v.Variants[0].Workflow[1].InterAgency = true }},
		{"empty step name", "variants[0].workflow[3].name", "empty_name", func(v *Version) { v.Variants[0].Workflow[3].Name = "" }},
		{"form without fields", "form.fields", "required", func(v *Version) { v.Form.Fields = nil }},
		{"duplicate field", "form.fields[1].name", "duplicate_field", func(v *Version) { v.Form.Fields[1].Name = "full_name"; v.Form.Fields[2].Address = nil }},
		{"field name not snake case", "form.fields[0].name", "invalid_field_name", func(v *Version) { v.Form.Fields[0].Name = "Full Name" }},
		{"unknown field type", "form.fields[5].type", "unknown_field_type", func(v *Version) { v.Form.Fields[5].Type = "cccd" }},
		{"empty label", "form.fields[0].label.vi", "empty_name", func(v *Version) { v.Form.Fields[0].Label.Vi = "" }},
		{"choice without options", "form.fields[3].options", "choice_without_options", func(v *Version) { v.Form.Fields[3].Options = nil }},
		{"duplicate option", "form.fields[3].options[1].value", "duplicate_option", func(v *Version) { v.Form.Fields[3].Options[1].Value = "ket-hon" }},
		{"options on a text field", "form.fields[0].options", "rule_not_applicable", func(v *Version) { v.Form.Fields[0].Options = v.Form.Fields[3].Options }},
		{"min greater than max", "form.fields[4].rules.min", "min_greater_than_max", func(v *Version) { v.Form.Fields[4].Rules.Min = ptr(11.0) }},
		{"min_length greater than max_length", "form.fields[0].rules.min_length", "min_greater_than_max", func(v *Version) { v.Form.Fields[0].Rules.MinLength = ptr(101) }},
		{"negative length", "form.fields[0].rules.max_length", "invalid_rule", func(v *Version) { v.Form.Fields[0].Rules.MaxLength = ptr(-1) }},
		{"invalid pattern", "form.fields[0].rules.pattern", "invalid_pattern", func(v *Version) { v.Form.Fields[0].Rules.Pattern = `^(\d+$` }},
		{"number rule on text", "form.fields[0].rules.min", "rule_not_applicable", func(v *Version) { v.Form.Fields[0].Rules.Min = ptr(1.0) }},
		{"bad date bound", "form.fields[1].rules.max_date", "invalid_rule", func(v *Version) { v.Form.Fields[1].Rules.MaxDate = "yesterday" }},
		{"min date after max date", "form.fields[1].rules.min_date", "min_greater_than_max", func(v *Version) {
			v.Form.Fields[1].Rules = &Rules{MinDate: "2026-01-01", MaxDate: "2025-01-01"}
		}},
		{"valid_on a missing field", "form.fields[2].address.valid_on_field", "unknown_field", func(v *Version) { v.Form.Fields[2].Address.ValidOnField = "death_date" }},
		{"valid_on a text field", "form.fields[2].address.valid_on_field", "unknown_field", func(v *Version) { v.Form.Fields[2].Address.ValidOnField = "full_name" }},
		{"unknown valid_on", "form.fields[2].address.valid_on", "invalid_rule", func(v *Version) { v.Form.Fields[2].Address = &AddressSpec{ValidOn: "birth"} }},
		{"address spec on a number", "form.fields[4].address", "rule_not_applicable", func(v *Version) { v.Form.Fields[4].Address = &AddressSpec{} }},
		{"bad file type", "form.fields[6].file.types[0]", "invalid_rule", func(v *Version) { v.Form.Fields[6].File.Types = []string{".PDF"} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := validVersion()
			tc.change(v)
			ps := v.Validate()
			if len(ps) != 1 || ps[0].Path != tc.path || ps[0].Code != tc.code {
				t.Fatalf("want exactly %s %s, got %v", tc.path, tc.code, ps)
			}
			if ps[0].Message == "" || ps[0].English == "" {
				t.Errorf("problem without messages: %+v", ps[0])
			}
		})
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	v := validVersion()
	v.Name = ""
	v.LegalBasis = nil
	v.Variants[0].Workflow[2].UnitKind = "tax_office"
	v.Form.Fields[3].Options = nil
	want := map[string]string{"name": "empty_name", "legal_basis": "missing_legal_basis",
		"variants[0].workflow[2].unit_kind": "unknown_unit_kind", "form.fields[3].options": "choice_without_options"}
	ps := v.Validate()
	if len(ps) != len(want) {
		t.Fatalf("want %d problems, got %v", len(want), ps)
	}
	for _, p := range ps {
		if want[p.Path] != p.Code {
			t.Errorf("unexpected %v", p)
		}
	}
}

func TestWorkflowAgainstDuration(t *testing.T) {
	step := func(v float64, u DurationUnit) WorkflowStep {
		return WorkflowStep{Name: "Bước", UnitKind: org.KindCommune, Role: org.RoleProcessing, Allotted: Duration{Value: v, Unit: u}}
	}
	for _, tc := range []struct {
		name  string
		legal Duration
		steps []WorkflowStep
		ok    bool
	}{
		{"half days add up", Duration{Value: 1, Unit: WorkingDays}, []WorkflowStep{step(0.5, WorkingDays), step(0.5, WorkingDays)}, true},
		{"one minute too many", Duration{Value: 1, Unit: WorkingDays}, []WorkflowStep{step(0.5, WorkingDays), step(4.0167, WorkingHours)}, false},
		{"hours in days", Duration{Value: 2, Unit: WorkingDays}, []WorkflowStep{step(8, WorkingHours), step(1, WorkingDays)}, true},
		{"same day is at most a day", Duration{Unit: SameDay, Cutoff: "15:00"}, []WorkflowStep{step(7, WorkingHours), step(1, WorkingHours)}, true},
		{"same day is not two", Duration{Unit: SameDay}, []WorkflowStep{step(1, WorkingDays), step(1, WorkingHours)}, false},
		{"calendar days are an upper bound", Duration{Value: 10, Unit: CalendarDays}, []WorkflowStep{step(10, WorkingDays)}, true},
		{"beyond the upper bound", Duration{Value: 10, Unit: CalendarDays}, []WorkflowStep{step(10, WorkingDays), step(1, WorkingHours)}, false},
		{"working hours", Duration{Value: 2, Unit: WorkingHours}, []WorkflowStep{step(1.5, WorkingHours), step(0.5, WorkingHours)}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := validVersion()
			v.Variants[0].Duration = tc.legal
			v.Variants[0].Workflow = tc.steps
			ps := v.Validate()
			if tc.ok && ps != nil {
				t.Fatalf("want no problem, got %v", ps)
			}
			if !tc.ok && (len(ps) != 1 || ps[0].Code != "workflow_too_long" || ps[0].Path != "variants[0].workflow") {
				t.Fatalf("want workflow_too_long, got %v", ps)
			}
		})
	}
}

func TestPublishableError(t *testing.T) {
	v := validVersion()
	v.LegalBasis = nil
	v.Variants[0].Fees[1].Amount = -1
	err := v.Publishable()
	if errs.KindOf(err) != errs.Invalid || errs.CodeOf(err) != CodeInvalidProcedure {
		t.Fatalf("kind %s code %s: %v", errs.KindOf(err), errs.CodeOf(err), err)
	}
	var ie *InvalidError
	if !errors.As(err, &ie) || len(ie.Problems) != 2 {
		t.Fatalf("want 2 problems in %v", err)
	}
	if pub := errs.Public(err); pub.Field != "legal_basis" || !strings.Contains(pub.Message, "2 lỗi") {
		t.Errorf("public error %+v", pub)
	}
}

func TestProcedureValidate(t *testing.T) {
	a := validVersion()
	a.Status = StatusPublished
	b := validVersion()
	b.Number, b.Status, b.EffectiveFrom = 2, StatusPublished, day("2026-01-01")
	p := &Procedure{NationalCode: a.NationalCode, Agency: a.Agency, Versions: []Version{*a, *b}}
	ps := p.Validate()
	if len(ps) != 1 || ps[0].Path != "versions[1].effective_from" || ps[0].Code != CodeVersionOverlap {
		t.Fatalf("want one overlap, got %v", ps)
	}
	p.Versions[0].EffectiveTo = day("2025-12-31")
	if ps := p.Validate(); ps != nil {
		t.Fatalf("closed versions: %v", ps)
	}
	p.Versions[1].Number = 1
	if ps := p.Validate(); len(ps) != 1 || ps[0].Path != "versions[1].number" || ps[0].Code != "duplicate_code" {
		t.Fatalf("want a duplicate number, got %v", ps)
	}
}

func TestLocalCodes(t *testing.T) {
	for _, tc := range []struct {
		in, national, agency string
		short, ok            bool
	}{
		{"1.000656.000.00.00.H29", "1.000656", "000.00.00.H29", false, true},
		{"2.000635.000.00.00.H21", "2.000635", "000.00.00.H21", false, true},
		{"1.012784.H21", "1.012784", "H21", true, true},
		{"1.012784", "", "", false, false},
		{"1.012784.H2", "", "", false, false},
		{"5.012784.H21", "", "", false, false},
		{"1.000656.000.05.00.H29", "", "", false, false},
		{"1.000656-000.00.00.H29", "", "", false, false},
	} {
		n, a, short, ok := ParseLocalCode(tc.in)
		if n != tc.national || a != tc.agency || short != tc.short || ok != tc.ok {
			t.Errorf("ParseLocalCode(%q) = %q %q %v %v", tc.in, n, a, short, ok)
		}
	}
	v := validVersion()
	if v.LocalCode() != "" {
		t.Errorf("placeholder agency gives local code %q", v.LocalCode())
	}
	v.Agency = "000.00.00.H24"
	if v.LocalCode() != "1.004873.000.00.00.H24" {
		t.Errorf("local code %q", v.LocalCode())
	}
}

func TestSearchText(t *testing.T) {
	v := validVersion()
	v.Agency = "000.00.00.H24"
	got := SearchText(v)
	want := "cap giay xac nhan tinh trang hon nhan 1.004873 1.004873.000.00.00.h24 ho tich"
	if got != want {
		t.Errorf("SearchText = %q, want %q", got, want)
	}
}

func TestDurationString(t *testing.T) {
	for d, want := range map[Duration]string{
		{Value: 3, Unit: WorkingDays}:   "3 ngày làm việc",
		{Value: 0.5, Unit: WorkingDays}: "0,5 ngày làm việc",
		{Value: 4, Unit: WorkingHours}:  "4 giờ làm việc",
		{Value: 10, Unit: CalendarDays}: "10 ngày",
		{Unit: SameDay}:                 "trong ngày (tiếp nhận sau 15:00 trả ngày làm việc tiếp theo)",
	} {
		if got := d.String(); got != want {
			t.Errorf("%+v: %q, want %q", d, got, want)
		}
	}
}
