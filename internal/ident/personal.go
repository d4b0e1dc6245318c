// Package ident parses and validates the identifiers people and organisations give when they file a
// dossier: the 12-digit personal identification number (số định danh cá nhân, printed on the căn
// cước công dân, CCCD) and the tax code (mã số thuế, MST). It imports no storage and no HTTP.
//
// Every error is an *errs.Error of kind Invalid with a stable code:
//
//   - "invalid_personal_id": not 12 digits, a legacy 9-digit CMND, or a birth year in the future;
//   - "unknown_province": the first three digits are not one of the 63 province codes;
//   - "birth_year_mismatch": a declared birth date disagrees with the ID (a warning, see IsWarning);
//   - "invalid_tax_code": a tax code of the wrong shape or with branch suffix -000;
//   - "tax_code_checksum": a 10-digit tax code whose check digit is wrong.
package ident

import (
	"fmt"
	"strconv"
	"time"

	"github.com/egov-vn/egov/internal/errs"
)

// The error codes of this package. They are part of the API contract.
const (
	CodeInvalidPersonalID = "invalid_personal_id"
	CodeUnknownProvince   = "unknown_province"
	CodeBirthYearMismatch = "birth_year_mismatch"
	CodeInvalidTaxCode    = "invalid_tax_code"
	CodeTaxCodeChecksum   = "tax_code_checksum"
)

// vietnam is UTC+7, the zone in which "the current year" is decided.
var vietnam = time.FixedZone("ICT", 7*3600)

// PersonalID is a số định danh cá nhân (domain-vn §12.1): 12 digits PPP G YY RRRRRR with no check
// digit, where PPP is the province where the birth was registered, G the gender and century, YY
// the last two digits of the birth year and RRRRRR a random number.
type PersonalID struct {
	Number    string   // the 12 digits as given
	Province  Province // from PPP
	Male      bool     // G even: male, odd: female
	BirthYear int      // century from G (0/1 1900s, 2/3 2000s, … 8/9 2300s) + YY
}

// String returns the 12 digits.
func (p PersonalID) String() string { return p.Number }

// ParsePersonalID parses s, which must be exactly 12 ASCII digits (no spaces or separators;
// callers trim user input). It checks that the province code is one of the 63 and that the birth
// year derived from G and YY is not after the current year at now (in Vietnam). A zero now skips
// that last check.
//
// Errors (kind Invalid, field "personal_id"): "invalid_personal_id" for a wrong length, a
// non-digit, a 9-digit CMND (a legacy document, never accepted as the personal ID) or a future
// birth year; "unknown_province" for an unknown province code.
func ParsePersonalID(s string, now time.Time) (PersonalID, error) {
	return parsePersonalID(s, now, "personal_id")
}

func parsePersonalID(s string, now time.Time, field string) (PersonalID, error) {
	if !allDigits(s) || len(s) != 12 {
		if len(s) == 9 && allDigits(s) {
			return PersonalID{}, errs.Invalidf(field, CodeInvalidPersonalID,
				"Số chứng minh nhân dân 9 chữ số là giấy tờ cũ, không dùng làm số định danh cá nhân; vui lòng nhập số định danh cá nhân 12 chữ số.",
				"A 9-digit CMND is a legacy document, not a personal identification number; enter the 12-digit number.")
		}
		return PersonalID{}, errs.Invalidf(field, CodeInvalidPersonalID,
			fmt.Sprintf("Số định danh cá nhân %q không hợp lệ: phải gồm đúng 12 chữ số, không có dấu cách hay ký tự khác.", s),
			fmt.Sprintf("Personal identification number %q is not valid: it must be exactly 12 digits.", s))
	}
	prov, ok := LookupProvince(s[:3])
	if !ok {
		return PersonalID{}, errs.Invalidf(field, CodeUnknownProvince,
			fmt.Sprintf("Số định danh cá nhân %s có mã tỉnh %s không tồn tại.", s, s[:3]),
			fmt.Sprintf("Personal identification number %s has an unknown province code %s.", s, s[:3]))
	}
	g := int(s[3] - '0')
	yy, _ := strconv.Atoi(s[4:6])
	year := 1900 + (g/2)*100 + yy
	if !now.IsZero() && year > now.In(vietnam).Year() {
		return PersonalID{}, errs.Invalidf(field, CodeInvalidPersonalID,
			fmt.Sprintf("Số định danh cá nhân %s không hợp lệ: năm sinh %d suy ra từ số này ở sau năm hiện tại.", s, year),
			fmt.Sprintf("Personal identification number %s is not valid: its birth year %d is in the future.", s, year))
	}
	return PersonalID{Number: s, Province: prov, Male: g%2 == 0, BirthYear: year}, nil
}

// CheckBirthDate cross-checks a declared (or prefilled) birth date with the ID: the year of d, in
// d's own location, must equal BirthYear. A mismatch returns a warning (see IsWarning): an *errs.Error
// of kind Invalid with code "birth_year_mismatch" and field "birth_date", which the desk shows to
// the official to correct one value or the other; it does not make the ID itself invalid.
func (p PersonalID) CheckBirthDate(d time.Time) error {
	if d.Year() == p.BirthYear {
		return nil
	}
	return errs.Invalidf("birth_date", CodeBirthYearMismatch,
		fmt.Sprintf("Năm sinh %d không khớp với năm sinh %d theo số định danh cá nhân %s; vui lòng kiểm tra lại.", d.Year(), p.BirthYear, p.Number),
		fmt.Sprintf("Birth year %d does not match %d from personal identification number %s.", d.Year(), p.BirthYear, p.Number))
}

// IsWarning reports whether err is a finding to show and confirm rather than a rejection: today
// only a birth-year mismatch ("birth_year_mismatch"). The error kinds of errs have no warning
// kind, so callers that must not block on a warning check this first.
func IsWarning(err error) bool {
	return err != nil && errs.CodeOf(err) == CodeBirthYearMismatch
}

// IsLegacyIDCard reports whether s has the shape of the old 9-digit identity card (chứng minh nhân
// dân, CMND), which may be recorded as a "giấy tờ cũ" but is never a personal ID.
func IsLegacyIDCard(s string) bool { return len(s) == 9 && allDigits(s) }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
