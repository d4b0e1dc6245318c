// Package citizen holds the accounts of the portal (Cổng dịch vụ công): people (công dân) and
// businesses (doanh nghiệp) who register with an email address or a phone number, or sign in
// through an identity provider, keep a profile, and submit and follow their own dossiers. They are
// apart from officials' accounts (internal/org) and never hold a role on a unit. The package
// imports no storage and no HTTP.
//
// Every error is an *errs.Error with a stable code:
//
//   - "invalid_contact": neither an email address nor a Vietnamese mobile number;
//   - "weak_password": shorter than 10 characters, without letters and digits or symbols, or
//     containing the email or phone;
//   - "invalid_name", "invalid_account_kind", "invalid_birth_date", "invalid_representative",
//     "invalid_address", "tax_code_for_business": profile fields;
//   - the codes of internal/ident for a personal ID or a tax code.
package citizen

import (
	"net/mail"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/ident"
	"github.com/egov-vn/egov/internal/org"
)

// Kind says whether an account is a person's or a business's.
type Kind string

// The account kinds.
const (
	Person   Kind = "person"   // công dân
	Business Kind = "business" // doanh nghiệp, tổ chức
)

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return k == Person || k == Business }

// SubjectKind is the dossier subject kind (LoaiDoiTuong, domain-vn §3.3) of an account's own
// dossiers: 0 công dân, 1 doanh nghiệp.
func (k Kind) SubjectKind() int {
	if k == Business {
		return 1
	}
	return 0
}

// Account is a portal account (tài khoản công dân, doanh nghiệp).
type Account struct {
	ID       int64
	Kind     Kind
	FullName string // a person's name, or the business's name
	Email    string // lower case; "" when not given
	Phone    string // 0xxxxxxxxx; "" when not given
	// PersonalID is the 12-digit personal identification number (§12.1): the person's own, or the
	// legal representative's for a business.
	PersonalID string
	BirthDate  time.Time // a civil date; zero when not given
	// TaxCode is a business's tax code (§12.2).
	TaxCode string
	// Representative is a business's legal representative (người đại diện theo pháp luật).
	Representative string
	HasPassword    bool
	Disabled       bool
	CreatedAt      time.Time
}

// Contact is how the account is reached and signs in: the email, else the phone.
func (a *Account) Contact() string {
	if a.Email != "" {
		return a.Email
	}
	return a.Phone
}

// IDNumber is the number put on the account's own dossiers as the owner's ID: the tax code of a
// business, the personal ID of a person.
func (a *Account) IDNumber() string {
	if a.Kind == Business {
		return a.TaxCode
	}
	return a.PersonalID
}

// Address is an address of an account: a commune or ward (a unit version valid when given) and
// the house number and street. An old address keeps the day it stopped being the current one.
type Address struct {
	ID        int64
	UnitID    int64
	UnitName  string
	Detail    string   // số nhà, đường phố, thôn, tổ dân phố
	ValidFrom org.Date // the day it was given
	ValidTo   org.Date // the day it was replaced; zero for the current address
}

// String is the address as written on a dossier: detail, then the commune or ward.
func (a *Address) String() string {
	if a == nil {
		return ""
	}
	if a.Detail == "" {
		return a.UnitName
	}
	return a.Detail + ", " + a.UnitName
}

// ParseContact reads a sign-in name: an email address (returned lower case) or a Vietnamese
// mobile number (returned as 0 and nine digits; +84 and 84 prefixes, spaces, dots and dashes are
// accepted). Exactly one of email and phone is set. Errors: Invalid invalid_contact.
func ParseContact(s string) (email, phone string, err error) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "@") {
		addr, perr := mail.ParseAddress(s)
		local, domain, _ := strings.Cut(s, "@")
		if perr == nil && addr.Address == s && len(s) <= 254 && local != "" && strings.Contains(domain, ".") &&
			!strings.HasSuffix(domain, ".") && !strings.ContainsAny(s, " <>") {
			return strings.ToLower(s), "", nil
		}
		return "", "", errInvalidContact
	}
	var digits strings.Builder
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
		case r == '+' && i == 0:
		case r == ' ' || r == '.' || r == '-':
		default:
			return "", "", errInvalidContact
		}
	}
	d := digits.String()
	switch {
	case strings.HasPrefix(s, "+84") || (strings.HasPrefix(d, "84") && len(d) == 11):
		d = "0" + d[2:]
	case strings.HasPrefix(s, "+"):
		return "", "", errInvalidContact
	}
	if len(d) != 10 || d[0] != '0' || !strings.ContainsRune("35789", rune(d[1])) {
		return "", "", errInvalidContact
	}
	return "", d, nil
}

var errInvalidContact = errs.Invalidf("contact", "invalid_contact",
	"Hãy nhập địa chỉ email (ví dụ ten@example.vn) hoặc số điện thoại di động 10 chữ số (ví dụ 0912345678).",
	"Enter an email address (name@example.vn) or a 10-digit mobile number (0912345678).")

// CheckPassword applies the password rules of portal accounts: at least 10 characters (256
// bytes at most), letters and digits or symbols, and not containing the email's name part or the
// phone number. Errors: Invalid weak_password.
func CheckPassword(password, email, phone string) error {
	if err := org.ValidatePassword(password); err != nil {
		return err
	}
	low := strings.ToLower(password)
	local, _, _ := strings.Cut(email, "@")
	if (len(local) >= 4 && strings.Contains(low, local)) || (phone != "" && strings.Contains(low, phone[1:])) {
		return errs.Invalidf("password", "weak_password", "Mật khẩu không được chứa email hoặc số điện thoại của bạn.",
			"The password must not contain your email or phone number.")
	}
	return nil
}

// CheckName normalises and checks a full name or a business name (NFC, 2 to 200 characters,
// letters required). Errors: Invalid invalid_name.
func CheckName(s string) (string, error) {
	s = org.NormalizeText(strings.Join(strings.Fields(s), " "))
	n := utf8.RuneCountInString(s)
	letters := strings.IndexFunc(s, unicode.IsLetter) >= 0
	if n < 2 || n > 200 || !letters || strings.ContainsAny(s, "<>\"\x00") {
		return "", errs.Invalidf("full_name", "invalid_name", "Hãy nhập họ và tên (hoặc tên doanh nghiệp) từ 2 đến 200 ký tự.",
			"Enter the full name (or the business's name), 2 to 200 characters.")
	}
	return s, nil
}

// Profile is what an account holder may change about themselves.
type Profile struct {
	FullName       string
	PersonalID     string
	BirthDate      string // YYYY-MM-DD or ""
	TaxCode        string // businesses only
	Representative string // businesses only
}

// CheckProfile validates and normalises p for an account of kind k at now: the personal ID
// (§12.1, with the birth year cross-check when a birth date is given), the tax code (§12.2,
// required for a business) and the representative's name. Empty optional fields stay empty.
// It returns the birth date. Errors: Invalid with the codes of the package doc.
func CheckProfile(k Kind, p *Profile, now time.Time) (time.Time, error) {
	name, err := CheckName(p.FullName)
	if err != nil {
		return time.Time{}, err
	}
	p.FullName = name
	p.PersonalID = strings.Join(strings.Fields(p.PersonalID), "")
	p.TaxCode = strings.Join(strings.Fields(p.TaxCode), "")
	p.BirthDate = strings.TrimSpace(p.BirthDate)
	var birth time.Time
	if p.BirthDate != "" {
		d, err := org.ParseDate(p.BirthDate)
		if err != nil || d.After(now) || d.Year() < 1900 {
			return time.Time{}, errs.Invalidf("birth_date", "invalid_birth_date", "Ngày sinh không hợp lệ: nhập ngày, tháng, năm đã qua.",
				"The birth date is not valid: enter a past date.")
		}
		birth = d.Time
	}
	if p.PersonalID != "" {
		id, err := ident.ParsePersonalID(p.PersonalID, now)
		if err != nil {
			return time.Time{}, err
		}
		if !birth.IsZero() && k == Person {
			if err := id.CheckBirthDate(birth); err != nil {
				return time.Time{}, withField(err, "birth_date")
			}
		}
	}
	if k == Business {
		if p.TaxCode == "" {
			return time.Time{}, errs.Invalidf("tax_code", ident.CodeInvalidTaxCode, "Doanh nghiệp cần nhập mã số thuế (10 chữ số).",
				"A business needs its tax code (10 digits).")
		}
		if _, err := ident.ParseTaxCode(p.TaxCode, ident.TaxCodeOptions{Now: now}); err != nil {
			return time.Time{}, err
		}
		rep, err := CheckName(p.Representative)
		if err != nil {
			return time.Time{}, errs.Invalidf("representative", "invalid_representative", "Hãy nhập họ và tên người đại diện theo pháp luật.",
				"Enter the legal representative's full name.")
		}
		p.Representative = rep
	} else if p.TaxCode != "" || strings.TrimSpace(p.Representative) != "" {
		return time.Time{}, errs.Invalidf("tax_code", "tax_code_for_business", "Mã số thuế và người đại diện chỉ dành cho tài khoản doanh nghiệp.",
			"A tax code and a representative are for business accounts only.")
	}
	return birth, nil
}

// CheckAddressDetail normalises the house number and street part of an address (1 to 200
// characters). Errors: Invalid invalid_address.
func CheckAddressDetail(s string) (string, error) {
	s = org.NormalizeText(strings.Join(strings.Fields(s), " "))
	if n := utf8.RuneCountInString(s); n < 1 || n > 200 || strings.ContainsAny(s, "<>\x00") {
		return "", errs.Invalidf("detail", "invalid_address", "Hãy nhập số nhà, đường phố hoặc thôn, tổ dân phố (tối đa 200 ký tự).",
			"Enter the house number and street, or village (200 characters at most).")
	}
	return s, nil
}

func withField(err error, field string) error {
	if e, ok := err.(*errs.Error); ok {
		c := *e
		c.Field = field
		return &c
	}
	return err
}
