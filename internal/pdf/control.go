package pdf

import (
	"io"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/calendar"
)

// Handover is one hand-over of a dossier between two units (one ProcessingStep, domain-vn §3.4):
// a row of the control sheet. The return leg to the desk and to the applicant is a hand-over too.
type Handover struct {
	From       string    // the unit (or official's position) that hands over: "1. Giao: …"
	FromPerson string    // name printed under "Người giao"; empty leaves room to write it
	To         string    // the unit that receives: "2. Nhận: …"
	ToPerson   string    // name printed under "Người nhận"
	At         time.Time // when it was handed over; zero prints the blank to fill in by hand
	// Result is the outcome of the step handed over: early, on time or late; zero prints blank
	// (not yet known).
	Result calendar.Outcome
	Note   string // ghi chú
}

// ControlSheet is Mẫu 05 (TT 01/2018/TT-VPCP), Phiếu kiểm soát quá trình giải quyết hồ sơ
// (domain-vn §7.6): it travels with the dossier and records each hand-over, when it happened and
// whether the step was finished early, on time or late.
type ControlSheet struct {
	Agency   Agency    // the desk that received the dossier (header, left). Required.
	Place    string    // địa danh of the date line
	IssuedAt time.Time // date of the sheet and of the PDF; zero means ReceivedAt
	Code     string    // mã hồ sơ. Required.

	Submitter  Person    // người nộp: name (required), address, phone, email
	Owner      Person    // chủ hồ sơ: name; empty means the submitter
	Procedure  string    // the procedure, optional
	ReceivedAt time.Time // ngày nhận hồ sơ. Required.
	Duration   string    // thời gian giải quyết theo quy định, e.g. "03 ngày làm việc"
	DueAt      time.Time // thời gian hẹn trả kết quả. Required, not before ReceivedAt.
	Components []Component
	Handovers  []Handover
}

// WriteControlSheet writes the ControlSheet as an A4 PDF. Errors: errs.Invalid "required" or
// "invalid_time_order" naming the field; errs.Internal when drawing fails.
func WriteControlSheet(w io.Writer, f ControlSheet) error {
	c := checker{form: "Phiếu kiểm soát quá trình giải quyết hồ sơ"}
	c.text("Agency.Name", "tên cơ quan", f.Agency.Name)
	c.text("Code", "mã hồ sơ", f.Code)
	c.text("Submitter.Name", "tên người nộp hồ sơ", f.Submitter.Name)
	c.time("ReceivedAt", "ngày nhận hồ sơ", f.ReceivedAt)
	c.time("DueAt", "thời gian hẹn trả kết quả", f.DueAt)
	c.order("ReceivedAt", "ngày nhận hồ sơ", f.ReceivedAt, "DueAt", "thời gian hẹn trả kết quả", f.DueAt)
	for _, h := range f.Handovers {
		c.text("Handovers.From", "đơn vị giao hồ sơ", h.From)
		c.text("Handovers.To", "đơn vị nhận hồ sơ", h.To)
	}
	if c.err != nil {
		return c.err
	}
	issued := f.IssuedAt
	if issued.IsZero() {
		issued = f.ReceivedAt
	}
	const title = "Phiếu kiểm soát quá trình giải quyết hồ sơ"
	d := newDoc(a4Portrait, meta{title: title + " " + f.Code, subject: f.Procedure, author: f.Agency.Name, created: issued})
	d.header(f.Agency, nil, []span{i(PlaceDate(f.Place, issued))})
	d.title(d.left(), d.width(), title, r("Mã hồ sơ: "), b(f.Code))

	owner := f.Owner
	if owner.Name == "" {
		owner = f.Submitter
	}
	d.field("Người nộp hồ sơ", f.Submitter.Name, bold)
	d.field("Địa chỉ", orDefault(f.Submitter.Address, dots), regular)
	d.fields(labelled{"Số điện thoại", orDefault(f.Submitter.Phone, dots)}, labelled{"Email", orDefault(f.Submitter.Email, dots)})
	d.field("Chủ hồ sơ", owner.Name, regular)
	if f.Procedure != "" {
		d.field("Nội dung yêu cầu giải quyết", f.Procedure, bold)
	}
	d.field("Ngày nhận hồ sơ", LongDateTime(f.ReceivedAt), regular)
	d.field("Thời gian giải quyết hồ sơ theo quy định", orDefault(f.Duration, dots), regular)
	d.field("Thời gian hẹn trả kết quả", LongDateTime(f.DueAt), bold)
	if len(f.Components) > 0 {
		d.field("Thành phần hồ sơ", "", regular)
		d.componentTable(f.Components, "Thành phần hồ sơ", nil)
	}

	d.space(2)
	tw := d.width()
	t := newTable(sizeNote,
		column{title: "TÊN CƠ QUAN", w: 0.27 * tw, align: alignLeft},
		column{title: "THỜI GIAN GIAO, NHẬN HỒ SƠ", w: 0.38 * tw, align: alignCenter},
		column{title: "KẾT QUẢ GIẢI QUYẾT HỒ SƠ (Trước hạn/ Đúng hạn/ Quá hạn)", w: 0.18 * tw, align: alignCenter},
		column{title: "GHI CHÚ", w: 0.17 * tw, align: alignLeft},
	)
	rows := make([][]cell, 0, len(f.Handovers))
	for _, h := range f.Handovers {
		agency := cell{{text: "1. Giao: " + h.From}, {text: "2. Nhận: " + h.To}}
		clock, date, _ := strings.Cut(LongDateTime(h.At), ", ")
		when := cell{
			{text: clock + ","},
			{text: date},
			{text: "Người giao", pair: "Người nhận", st: bold},
			{text: " \n \n "},
			{text: orDefault(h.FromPerson, " "), pair: orDefault(h.ToPerson, " ")},
		}
		rows = append(rows, []cell{agency, when, {{text: h.Result.Label(), st: bold}}, plain(h.Note)})
	}
	t.rows(d, rows)
	d.numberPages(2, true, pageNumber)
	return d.finish(w, "control sheet")
}
