package pdf

import (
	"io"
	"strings"
	"time"
)

// RefusalStage says who refuses and when (domain-vn §3.5).
type RefusalStage int

// The stages.
const (
	// RefusedAtReception: the desk does not accept the dossier (national status 3).
	RefusedAtReception RefusalStage = iota
	// RefusedAfterAppraisal: the competent agency refuses after appraisal (national status 8).
	RefusedAfterAppraisal
)

// Refusal is Mẫu 03, Phiếu từ chối tiếp nhận giải quyết hồ sơ (domain-vn §7.4): the written
// reasons why a dossier is not accepted or not resolved. Reasons are text, never only a code.
type Refusal struct {
	Agency   Agency    // header, left. Required.
	Place    string    // địa danh of the date line
	IssuedAt time.Time // date of the refusal and of the PDF. Required.
	Code     string    // mã hồ sơ, printed under the title when set (a dossier refused at the desk may have none)

	// Unit is named in the decision sentence: "Bộ phận tiếp nhận hồ sơ của <Unit>" at reception,
	// "<Unit>" after appraisal; empty means Agency.Name.
	Unit      string
	Applicant Person // name (required), address, phone, email
	Procedure string // nội dung yêu cầu giải quyết. Required.
	Stage     RefusalStage
	Reasons   []string // at least one, each a full sentence

	Contact      string // the official to ask for help, optional
	ContactPhone string
	Receiver     string // the official who signs as NGƯỜI TIẾP NHẬN HỒ SƠ
}

// WriteRefusal writes the Refusal as an A4 PDF. Errors: errs.Invalid "required" naming the field
// (a refusal without a reason is refused); errs.Internal when drawing fails.
func WriteRefusal(w io.Writer, f Refusal) error {
	c := checker{form: "Phiếu từ chối tiếp nhận giải quyết hồ sơ"}
	c.text("Agency.Name", "tên cơ quan", f.Agency.Name)
	c.time("IssuedAt", "ngày lập phiếu", f.IssuedAt)
	c.text("Applicant.Name", "tên người nộp hồ sơ", f.Applicant.Name)
	c.text("Procedure", "nội dung yêu cầu giải quyết", f.Procedure)
	c.text("Reasons", "lý do từ chối", strings.Join(f.Reasons, ""))
	if c.err != nil {
		return c.err
	}
	const title = "Phiếu từ chối tiếp nhận giải quyết hồ sơ"
	d := newDoc(a4Portrait, meta{title: title + " " + f.Code, subject: f.Procedure, author: f.Agency.Name, created: f.IssuedAt})
	d.header(f.Agency, nil, []span{i(PlaceDate(f.Place, f.IssuedAt))})
	if f.Code != "" {
		d.title(d.left(), d.width(), title, r("Mã hồ sơ: "), b(f.Code))
	} else {
		d.title(d.left(), d.width(), title)
	}

	unit := orDefault(f.Unit, f.Agency.Name)
	d.field("Tiếp nhận hồ sơ của", f.Applicant.Name, bold)
	d.field("Địa chỉ", orDefault(f.Applicant.Address, dots), regular)
	d.fields(labelled{"Số điện thoại", orDefault(f.Applicant.Phone, dots)}, labelled{"Email", orDefault(f.Applicant.Email, dots)})
	d.field("Nội dung yêu cầu giải quyết", f.Procedure, bold)
	d.space(1)
	if f.Stage == RefusedAfterAppraisal {
		d.body(r("Qua thẩm định, " + unit + " thông báo không giải quyết hồ sơ này với lý do cụ thể như sau:"))
	} else {
		d.body(r("Qua xem xét, Bộ phận tiếp nhận hồ sơ của " + unit + " thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:"))
	}
	for _, reason := range f.Reasons {
		if strings.TrimSpace(reason) != "" {
			d.body(r("- " + reason))
		}
	}
	d.body(r("Xin thông báo cho Ông/Bà được biết và thực hiện."))
	if f.Contact != "" {
		help := []span{r("Mọi vướng mắc, Ông/Bà vui lòng liên hệ "), b(f.Contact)}
		if f.ContactPhone != "" {
			help = append(help, r(", số điện thoại "), kb(f.ContactPhone))
		}
		d.body(append(help, r(" để được hướng dẫn."))...)
	}
	d.signatures(
		sigBlock{title: "Người nộp hồ sơ", hint: "(Ký, ghi rõ họ tên)", name: f.Applicant.Name},
		sigBlock{title: "Người tiếp nhận hồ sơ", hint: "(Ký, ghi rõ họ tên)", name: f.Receiver},
	)
	d.numberPages(2, true, pageNumber)
	return d.finish(w, "refusal")
}
