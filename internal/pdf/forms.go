package pdf

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/errs"
)

// Agency is the issuing body printed at the top left of a form (tên cơ quan, tổ chức ban hành,
// NĐ 30/2020 Phụ lục I). Both names are printed in upper case.
type Agency struct {
	// Parent is the governing body (tên cơ quan chủ quản), printed regular above Name; may be
	// empty. E.g. "UBND phường Hoàn Kiếm".
	Parent string
	// Name is the body that issues the form, printed bold: the one-stop desk or the service
	// centre, e.g. "Bộ phận Một cửa". Required.
	Name string
}

// Person is an applicant (người nộp hồ sơ) or a dossier owner (chủ hồ sơ): a citizen or an
// organisation.
type Person struct {
	Name     string // họ và tên, or the organisation's name
	IDNumber string // số CMND/thẻ căn cước/hộ chiếu (or the tax code of an organisation)
	Address  string
	Phone    string
	Email    string
}

// Component is one line of a table of dossier components (thành phần hồ sơ) with the number of
// papers of each kind. A zero count prints blank.
type Component struct {
	Name      string // the document, e.g. "Tờ khai đăng ký khai sinh"
	Originals int    // bản chính
	Certified int    // bản sao chứng thực (bản chứng thực)
	Copies    int    // bản photo (bản sao không chứng thực)
}

// Signer signs a document on behalf of its body (NĐ 30/2020 Art. 13, domain-vn §5.6).
type Signer struct {
	// Capacity is the signing-capacity line printed above Title, e.g. "KT. GIÁM ĐỐC"; empty
	// when the head signs directly.
	Capacity string
	Title    string // e.g. "PHÓ GIÁM ĐỐC"; printed in upper case
	Name     string // e.g. "Trần Văn Minh"
}

// The error codes of the forms (errs.Invalid, Field names the struct field).
const (
	// CodeRequired: a field the form cannot be printed without is empty.
	CodeRequired = "required"
	// CodeTimeOrder: two times are in an impossible order (e.g. due before received).
	CodeTimeOrder = "invalid_time_order"
)

// checker collects the first problem of a form's input.
type checker struct {
	form string // the form's name in Vietnamese, for messages
	err  error
}

func (c *checker) text(field, label, v string) {
	if c.err == nil && strings.TrimSpace(v) == "" {
		c.err = errs.Invalidf(field, CodeRequired,
			fmt.Sprintf("%s: thiếu %s.", c.form, label),
			fmt.Sprintf("%s: %s is required.", c.form, field))
	}
}

func (c *checker) time(field, label string, t time.Time) {
	if c.err == nil && t.IsZero() {
		c.err = errs.Invalidf(field, CodeRequired,
			fmt.Sprintf("%s: thiếu %s.", c.form, label),
			fmt.Sprintf("%s: %s is required.", c.form, field))
	}
}

// order requires a ≤ b when both are set.
func (c *checker) order(fieldA, labelA string, a time.Time, fieldB, labelB string, b time.Time) {
	if c.err == nil && !a.IsZero() && !b.IsZero() && b.Before(a) {
		c.err = errs.Invalidf(fieldB, CodeTimeOrder,
			fmt.Sprintf("%s: %s không thể trước %s.", c.form, labelB, labelA),
			fmt.Sprintf("%s: %s cannot be before %s.", c.form, fieldB, fieldA))
	}
}

// count prints a number of papers; zero is blank.
func count(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// twoDigits prints a small count the way forms do: "01".
func twoDigits(n int) string { return fmt.Sprintf("%02d", n) }

// componentTable draws the table of components: TT | Thành phần hồ sơ | Số lượng (Bản chính,
// Bản chứng thực, Bản photo). note, when not nil, gives an italic line under a component's name.
func (d *doc) componentTable(cs []Component, nameTitle string, note func(k int) string) {
	w := d.width()
	cnt := 22.0
	t := newTable(sizeTable,
		column{title: "TT", w: 11, align: alignCenter},
		column{title: nameTitle, w: w - 11 - 3*cnt, align: alignLeft},
		column{title: "Bản chính", w: cnt, align: alignCenter, group: "Số lượng"},
		column{title: "Bản chứng thực", w: cnt, align: alignCenter, group: "Số lượng"},
		column{title: "Bản photo", w: cnt, align: alignCenter, group: "Số lượng"},
	)
	rows := make([][]cell, 0, len(cs))
	for k, c := range cs {
		name := plain(c.Name)
		if note != nil {
			if n := note(k); n != "" {
				name = append(name, cellPara{text: n, st: italic})
			}
		}
		rows = append(rows, []cell{plain(strconv.Itoa(k + 1)), name,
			plain(count(c.Originals)), plain(count(c.Certified)), plain(count(c.Copies))})
	}
	t.rows(d, rows)
	d.space(2)
}

// orDefault returns s, or def when s is empty.
func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

// dots is the blank printed for a missing value on a paper form.
const dots = "…………………………"
