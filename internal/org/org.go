// Package org is the organisation of a city government: administrative and agency units as dated
// versions, officials (cán bộ, công chức) and their roles, and the rule that decides what an
// official may see and do. It imports no storage and no HTTP.
package org

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/egov-vn/egov/internal/errs"
)

// Kind is the kind of a unit.
type Kind string

// The unit kinds.
const (
	KindCity          Kind = "city"           // UBND thành phố (province level)
	KindDepartment    Kind = "department"     // Sở, ban, ngành
	KindDistrict      Kind = "district"       // quận, huyện, thị xã: historic, dissolved 2025-07-01
	KindCommune       Kind = "commune"        // phường, xã, thị trấn
	KindServiceCentre Kind = "service_centre" // Trung tâm Phục vụ hành chính công
	KindOneStopDesk   Kind = "one_stop_desk"  // Bộ phận Tiếp nhận và Trả kết quả (một cửa)
	KindDivision      Kind = "division"       // phòng, ban inside an agency
)

// Kinds lists every kind in display order.
var Kinds = []Kind{KindCity, KindDepartment, KindDistrict, KindCommune, KindServiceCentre, KindOneStopDesk, KindDivision}

// Valid reports whether k is one of the kinds.
func (k Kind) Valid() bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// Territorial reports whether units of this kind are administrative territories with a GSO code.
func (k Kind) Territorial() bool { return k == KindCity || k == KindDistrict || k == KindCommune }

// Date is a civil date in Vietnam (no time, no zone), formatted 2006-01-02.
type Date struct{ time.Time }

// ParseDate parses YYYY-MM-DD. It returns an Invalid error with code "invalid_date".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		return Date{}, errs.Invalidf("date", "invalid_date",
			fmt.Sprintf("Ngày %q không hợp lệ, cần dạng NNNN-TT-NN (ví dụ 2025-07-01).", s),
			fmt.Sprintf("Date %q is not valid, expected YYYY-MM-DD.", s))
	}
	return Date{t}, nil
}

// DateOf returns the civil date of t in Vietnam.
func DateOf(t time.Time) Date {
	l := t.In(time.FixedZone("ICT", 7*3600))
	return Date{time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)}
}

// String formats d as YYYY-MM-DD; the zero Date formats as "".
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(time.DateOnly)
}

// AddDays returns d moved by n days.
func (d Date) AddDays(n int) Date { return Date{d.Time.AddDate(0, 0, n)} }

// Unit is one dated version of a unit: an administrative territory (city, district, commune) or
// an agency (department, service centre, one-stop desk, division). A version is never deleted:
// it is closed by setting ValidTo, and a reorganisation links it to its successors.
type Unit struct {
	ID        int64
	OrganID   string // mã định danh (§5.2); unique among versions valid on the same day
	GSOCode   string // mã đơn vị hành chính of the territory, "" for agencies
	Name      string
	ShortName string // chữ viết tắt used in document notation, e.g. "UBND", "STP"
	Kind      Kind
	Category  string // the territory's type as published, e.g. "Phường", "Xã", "Quận"
	ParentID  int64  // 0 for the root
	Path      string // materialised path of IDs, "/1/17/230/": the subtree test is a prefix test
	ValidFrom Date
	ValidTo   Date // zero while the version is in force
	// Successors are the versions that took over this one in a reorganisation (§11).
	Successors []Successor
}

// Successor links a unit version to one that took it over, wholly or in part.
type Successor struct {
	UnitID  int64
	Name    string
	Partial bool
}

// ValidOn reports whether the version is in force on day d.
func (u *Unit) ValidOn(d Date) bool {
	if d.Before(u.ValidFrom.Time) {
		return false
	}
	return u.ValidTo.IsZero() || !d.After(u.ValidTo.Time)
}

// Contains reports whether other lies in u's subtree (u itself included).
func (u *Unit) Contains(other *Unit) bool { return strings.HasPrefix(other.Path, u.Path) }

// Validate checks the fields a caller supplies when creating or changing a unit.
func (u *Unit) Validate() error {
	u.Name = NormalizeText(u.Name)
	u.ShortName = NormalizeText(u.ShortName)
	if u.Name == "" || utf8.RuneCountInString(u.Name) > 200 {
		return errs.Invalidf("name", "invalid_name", "Tên đơn vị không được để trống và không quá 200 ký tự.", "Unit name is required, at most 200 characters.")
	}
	if !u.Kind.Valid() {
		return errs.Invalidf("kind", "invalid_kind", fmt.Sprintf("Loại đơn vị %q không hợp lệ.", u.Kind), fmt.Sprintf("Unknown unit kind %q.", u.Kind))
	}
	if u.OrganID != "" {
		if _, err := ParseOrganID(u.OrganID); err != nil {
			return err
		}
	}
	if u.Kind.Territorial() && !gsoPattern.MatchString(u.GSOCode) {
		return errs.Invalidf("gso_code", "invalid_gso_code", "Đơn vị hành chính cần mã GSO gồm 2, 3 hoặc 5 chữ số.", "A territory needs a GSO code of 2, 3 or 5 digits.")
	}
	if !u.Kind.Territorial() && u.GSOCode != "" {
		return errs.Invalidf("gso_code", "invalid_gso_code", "Chỉ đơn vị hành chính mới có mã GSO.", "Only territories have a GSO code.")
	}
	if u.ValidFrom.IsZero() {
		return errs.Invalidf("valid_from", "invalid_date", "Cần ngày bắt đầu hiệu lực.", "A start date is required.")
	}
	if !u.ValidTo.IsZero() && u.ValidTo.Before(u.ValidFrom.Time) {
		return errs.Invalidf("valid_to", "invalid_period", "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.", "The end date must not precede the start date.")
	}
	return nil
}

var gsoPattern = regexp.MustCompile(`^(\d{2}|\d{3}|\d{5})$`)

// NormalizeText trims s and puts it in Unicode NFC, the form all text is stored in.
func NormalizeText(s string) string { return norm.NFC.String(strings.TrimSpace(s)) }
