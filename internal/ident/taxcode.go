package ident

import (
	"fmt"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/errs"
)

// TaxCode is a mã số thuế / mã số doanh nghiệp (MST, domain-vn §12.2): 10 digits N1…N10 for an
// enterprise or organisation, N10 a check digit; a dependent unit (chi nhánh, đơn vị phụ thuộc)
// adds a branch suffix "-001" … "-999". Since 01/07/2025 an individual's tax code is their
// 12-digit personal identification number; such a code is Personal and has no MST check digit.
type TaxCode struct {
	Base     string // 10 digits, or 12 for a personal tax code
	Branch   string // "001" … "999" for a dependent unit, "" otherwise
	Personal bool   // Base is a personal identification number (12 digits)
}

// String returns the code as written: Base, or Base + "-" + Branch.
func (t TaxCode) String() string {
	if t.Branch != "" {
		return t.Base + "-" + t.Branch
	}
	return t.Base
}

// IsBranch reports whether the code names a dependent unit.
func (t TaxCode) IsBranch() bool { return t.Branch != "" }

// Parent returns the code of the enterprise a branch depends on (t itself when it is not a branch).
func (t TaxCode) Parent() TaxCode { return TaxCode{Base: t.Base, Personal: t.Personal} }

// TaxCodeOptions tunes ParseTaxCode.
type TaxCodeOptions struct {
	// AcceptRemainderZero (mstAcceptRemainderZero, default false): when S mod 11 = 0 no digit
	// 10 − 0 exists; by default such codes are rejected, with this flag the check digit must be 0,
	// as some implementations assume.
	AcceptRemainderZero bool
	// Now is used to check the birth year of a 12-digit personal tax code as ParsePersonalID does;
	// zero skips that check.
	Now time.Time
}

var weights = [9]int{31, 29, 23, 19, 17, 13, 7, 5, 3}

// TaxCodeCheckDigit returns the check digit N10 for the nine digits n9 (N1…N9): S = Σ Ni·Wi with
// W = 31, 29, 23, 19, 17, 13, 7, 5, 3, r = S mod 11, N10 = 10 − r, and 0 when r = 10. When r = 0
// there is no valid digit: it returns 0 and ok = acceptRemainderZero. It returns ok = false when
// n9 is not nine ASCII digits.
func TaxCodeCheckDigit(n9 string, acceptRemainderZero bool) (digit int, ok bool) {
	if len(n9) != 9 || !allDigits(n9) {
		return 0, false
	}
	s := 0
	for i := range 9 {
		s += int(n9[i]-'0') * weights[i]
	}
	switch r := s % 11; r {
	case 0:
		return 0, acceptRemainderZero
	case 10:
		return 0, true
	default:
		return 10 - r, true
	}
}

// ParseTaxCode parses s strictly (no spaces; callers trim user input):
//
//   - 10 digits with a correct check digit (see TaxCodeCheckDigit): an organisation;
//   - those 10 digits, "-" and a branch number 001 … 999 (the branch part is not checksummed;
//     "-000" is rejected): a dependent unit;
//   - 12 digits: a personal tax code, which must be a valid personal identification number
//     (province code, and birth year when opts.Now is set) and has no MST checksum.
//
// The first two digits (the issuing tax office's province) are not checked.
//
// Errors (kind Invalid, field "tax_code"): "invalid_tax_code" for any other shape (wrong length,
// non-digits, 13 digits without the dash, a bad or zero branch); "tax_code_checksum" for a wrong
// check digit or a remainder of zero without opts.AcceptRemainderZero; for 12 digits, the codes of
// ParsePersonalID ("invalid_personal_id", "unknown_province").
func ParseTaxCode(s string, opts TaxCodeOptions) (TaxCode, error) {
	base, branch, hasBranch := strings.Cut(s, "-")
	if !allDigits(base) || (len(base) != 10 && len(base) != 12) {
		return TaxCode{}, errs.Invalidf("tax_code", CodeInvalidTaxCode,
			fmt.Sprintf("Mã số thuế %q không hợp lệ: phải gồm 10 chữ số (đơn vị phụ thuộc thêm “-” và 3 chữ số, ví dụ 0100109106-001) hoặc là số định danh cá nhân 12 chữ số.", s),
			fmt.Sprintf("Tax code %q is not valid: expected 10 digits, 10 digits and a 3-digit branch (0100109106-001), or a 12-digit personal identification number.", s))
	}
	if len(base) == 12 {
		if hasBranch {
			return TaxCode{}, errs.Invalidf("tax_code", CodeInvalidTaxCode,
				fmt.Sprintf("Mã số thuế cá nhân %q không có phần đơn vị phụ thuộc.", s),
				fmt.Sprintf("Personal tax code %q cannot have a branch suffix.", s))
		}
		if _, err := parsePersonalID(base, opts.Now, "tax_code"); err != nil {
			return TaxCode{}, err
		}
		return TaxCode{Base: base, Personal: true}, nil
	}
	if hasBranch {
		if len(branch) != 3 || !allDigits(branch) || branch == "000" {
			return TaxCode{}, errs.Invalidf("tax_code", CodeInvalidTaxCode,
				fmt.Sprintf("Mã số thuế %q không hợp lệ: phần đơn vị phụ thuộc phải là 3 chữ số từ 001 đến 999.", s),
				fmt.Sprintf("Tax code %q is not valid: the branch part must be three digits from 001 to 999.", s))
		}
	}
	digit, ok := TaxCodeCheckDigit(base[:9], opts.AcceptRemainderZero)
	if !ok {
		return TaxCode{}, errs.Invalidf("tax_code", CodeTaxCodeChecksum,
			fmt.Sprintf("Mã số thuế %q không hợp lệ: chín chữ số đầu không cho chữ số kiểm tra hợp lệ.", s),
			fmt.Sprintf("Tax code %q is not valid: its first nine digits have no valid check digit.", s))
	}
	if int(base[9]-'0') != digit {
		return TaxCode{}, errs.Invalidf("tax_code", CodeTaxCodeChecksum,
			fmt.Sprintf("Mã số thuế %q không hợp lệ: sai chữ số kiểm tra (chữ số thứ 10).", s),
			fmt.Sprintf("Tax code %q is not valid: wrong check digit.", s))
	}
	return TaxCode{Base: base, Branch: branch}, nil
}
