package app

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/catalog"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/ident"
	"github.com/egov-vn/egov/internal/org"
)

// Values of an application form (tờ khai) filled in on the portal, checked against the
// version's FormSchema (internal/catalog FORMAT.md). An address field has two values: the house
// number and street under its name, the commune or ward (a unit ID) under name + ".unit".

// AddressUnitKey is the key of an address field's unit value.
func AddressUnitKey(field string) string { return field + ".unit" }

// formKeys lists the keys a form's values may have.
func formKeys(f *catalog.FormSchema) []string {
	if f == nil {
		return nil
	}
	var out []string
	for _, x := range f.Fields {
		switch x.Type {
		case catalog.FieldFile:
		case catalog.FieldAddress:
			out = append(out, x.Name, AddressUnitKey(x.Name))
		default:
			out = append(out, x.Name)
		}
	}
	return out
}

// checkForm checks values against form f, field by field in the form's order, and returns the
// first problem as an Invalid error about that field. With strict, required fields must be
// filled in; otherwise only the values given are checked. unitOK tells whether a unit ID may be
// picked for an address.
func checkForm(f *catalog.FormSchema, values map[string]string, strict bool, now time.Time, unitOK func(int64) bool) error {
	if f == nil {
		return nil
	}
	today := org.DateOf(now.In(vietnam))
	for _, x := range f.Fields {
		if x.Type == catalog.FieldFile {
			continue
		}
		v := values[x.Name]
		label := x.Label.Vi
		if v == "" && (x.Type != catalog.FieldAddress || values[AddressUnitKey(x.Name)] == "") {
			if strict && x.Required {
				verb := "Hãy nhập "
				if x.Type == catalog.FieldChoice {
					verb = "Hãy chọn "
				}
				return errs.Invalidf(x.Name, "field_required", verb+lowerFirst(label)+".", x.Label.En+" is required.")
			}
			continue
		}
		if err := checkValue(x, v, values, strict, now, today, unitOK); err != nil {
			return err
		}
	}
	return nil
}

func checkValue(x catalog.FormField, v string, values map[string]string, strict bool, now time.Time, today org.Date, unitOK func(int64) bool) error {
	label := x.Label.Vi
	r := x.Rules
	if r == nil {
		r = &catalog.Rules{}
	}
	bad := func(code, vi, en string) error { return errs.Invalidf(x.Name, code, vi, en) }
	n := len([]rune(v))
	switch x.Type {
	case catalog.FieldText, catalog.FieldAddress:
		if x.Type == catalog.FieldAddress {
			unit := values[AddressUnitKey(x.Name)]
			id, err := strconv.ParseInt(unit, 10, 64)
			if unit == "" && (strict && x.Required) {
				return errs.Invalidf(AddressUnitKey(x.Name), "field_required", "Hãy chọn xã, phường của "+lowerFirst(label)+".", "Choose the commune or ward.")
			}
			if unit != "" && (err != nil || !unitOK(id)) {
				return errs.Invalidf(AddressUnitKey(x.Name), "invalid_address_unit", "Xã, phường đã chọn không có trong danh sách: hãy chọn lại.",
					"Choose a commune or ward from the list.")
			}
			if v == "" && strict && x.Required {
				return bad("field_required", "Hãy nhập số nhà, đường phố của "+lowerFirst(label)+".", "The house number and street are required.")
			}
		}
		if r.MinLength != nil && n > 0 && n < *r.MinLength {
			return bad("field_too_short", fmt.Sprintf("%s phải có ít nhất %d ký tự.", label, *r.MinLength), fmt.Sprintf("At least %d characters.", *r.MinLength))
		}
		max := 1000
		if r.MaxLength != nil {
			max = *r.MaxLength
		}
		if n > max {
			return bad("field_too_long", fmt.Sprintf("%s dài quá %d ký tự.", label, max), fmt.Sprintf("At most %d characters.", max))
		}
	case catalog.FieldNumber:
		f, err := strconv.ParseFloat(strings.Replace(v, ",", ".", 1), 64)
		if err != nil {
			return bad("field_not_a_number", label+" phải là một số.", "Enter a number.")
		}
		if (r.Min != nil && f < *r.Min) || (r.Max != nil && f > *r.Max) {
			return bad("field_out_of_range", fmt.Sprintf("%s phải trong khoảng %s.", label, numRange(r.Min, r.Max)), "The number is out of range.")
		}
	case catalog.FieldDate:
		d, err := org.ParseDate(v)
		if err != nil {
			return bad("field_invalid_date", label+" không phải là một ngày hợp lệ (ngày/tháng/năm).", "Enter a valid date.")
		}
		lo, hi := ruleDay(r.MinDate, today), ruleDay(r.MaxDate, today)
		if (!lo.IsZero() && d.Before(lo.Time)) || (!hi.IsZero() && hi.Before(d.Time)) {
			return bad("field_date_out_of_range", label+" phải "+dayRange(lo, hi, today)+".", "The date is out of range.")
		}
	case catalog.FieldChoice:
		if !slices.ContainsFunc(x.Options, func(o catalog.Option) bool { return o.Value == v }) {
			return bad("field_invalid_choice", "Hãy chọn "+lowerFirst(label)+" trong danh sách.", "Choose one of the options.")
		}
	case catalog.FieldPersonalID:
		if _, err := ident.ParsePersonalID(v, now); err != nil {
			return fieldErr(err, x.Name)
		}
	case catalog.FieldTaxCode:
		if _, err := ident.ParseTaxCode(v, ident.TaxCodeOptions{Now: now}); err != nil {
			return fieldErr(err, x.Name)
		}
	}
	if r.Pattern != "" && x.Type != catalog.FieldAddress {
		if re, err := regexp.Compile(`^(?:` + r.Pattern + `)$`); err == nil && !re.MatchString(v) {
			return bad("field_pattern_mismatch", label+" không đúng định dạng.", "The value does not have the expected form.")
		}
	}
	return nil
}

func ruleDay(s string, today org.Date) org.Date {
	if s == "today" {
		return today
	}
	d, _ := org.ParseDate(s)
	return d
}

func dayVN(d, today org.Date) string {
	if d == today {
		return "hôm nay"
	}
	return d.Time.Format("02/01/2006")
}

func dayRange(lo, hi, today org.Date) string {
	switch {
	case lo.IsZero():
		return "không sau " + dayVN(hi, today)
	case hi.IsZero():
		return "không trước " + dayVN(lo, today)
	}
	return "từ " + dayVN(lo, today) + " đến " + dayVN(hi, today)
}

func numRange(lo, hi *float64) string {
	f := func(x *float64) string { return strconv.FormatFloat(*x, 'f', -1, 64) }
	switch {
	case lo == nil:
		return "không quá " + f(hi)
	case hi == nil:
		return "từ " + f(lo) + " trở lên"
	}
	return "từ " + f(lo) + " đến " + f(hi)
}

func lowerFirst(s string) string {
	for i, r := range s {
		return strings.ToLower(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// fileExt are the extensions a file field's types name, by content type.
var fileExt = map[string][]string{"application/pdf": {"pdf"}, "image/jpeg": {"jpg", "jpeg"}, "image/png": {"png"}}
