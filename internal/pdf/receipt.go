package pdf

import (
	"io"
	"strconv"
	"time"
)

// Receipt is Mẫu 01, Giấy tiếp nhận hồ sơ và hẹn trả kết quả (domain-vn §7.2): given to the
// applicant when the one-stop desk accepts a dossier, with the appointment to collect the result.
type Receipt struct {
	Agency Agency // the desk or centre that received the dossier (header, left). Required.
	Place  string // địa danh of the date line, e.g. "Hà Nội"
	// IssuedAt dates the form and is the PDF's creation date; zero means ReceivedAt.
	IssuedAt time.Time
	Code     string // mã hồ sơ (domain-vn §5.1). Required.
	// LookupURL is encoded in the QR code printed beside the title, for status lookup; no QR
	// when empty.
	LookupURL string

	// ReceivingUnit opens the body: "<ReceivingUnit> tiếp nhận hồ sơ của Ông (Bà): …"; empty
	// means Agency.Name.
	ReceivingUnit string
	Submitter     Person // người nộp hồ sơ: name (required), address, phone, email, ID number
	Procedure     string // nội dung yêu cầu giải quyết: the procedure's name. Required.
	Owner         Person // chủ hồ sơ (name, address); empty Name means the submitter
	FeeMethod     string // hình thức thu phí, lệ phí, e.g. "Thu trước"

	Components []Component
	Sets       int       // số lượng hồ sơ, in sets (bộ); 0 means 1
	Duration   string    // thời gian giải quyết theo quy định, e.g. "10 ngày làm việc"
	ReceivedAt time.Time // thời gian nhận hồ sơ. Required.
	DueAt      time.Time // thời gian trả kết quả (DueAt of the dossier). Required, not before ReceivedAt.
	ResultAt   string    // đăng ký nhận kết quả tại, e.g. "Bộ phận Một cửa" or "Qua dịch vụ bưu chính công ích"

	Receiver string // the official who received the dossier (signs as NGƯỜI TIẾP NHẬN HỒ SƠ)
}

// WriteReceipt writes the Receipt as a one- or two-page A4 PDF. Errors: errs.Invalid "required"
// or "invalid_time_order" naming the field; errs.Internal when drawing fails.
func WriteReceipt(w io.Writer, f Receipt) error {
	c := checker{form: "Giấy tiếp nhận hồ sơ"}
	c.text("Agency.Name", "tên cơ quan tiếp nhận", f.Agency.Name)
	c.text("Code", "mã hồ sơ", f.Code)
	c.text("Submitter.Name", "tên người nộp hồ sơ", f.Submitter.Name)
	c.text("Procedure", "nội dung yêu cầu giải quyết", f.Procedure)
	c.time("ReceivedAt", "thời gian nhận hồ sơ", f.ReceivedAt)
	c.time("DueAt", "thời gian trả kết quả", f.DueAt)
	c.order("ReceivedAt", "thời gian nhận hồ sơ", f.ReceivedAt, "DueAt", "thời gian trả kết quả", f.DueAt)
	if c.err != nil {
		return c.err
	}
	issued := f.IssuedAt
	if issued.IsZero() {
		issued = f.ReceivedAt
	}
	const title = "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
	d := newDoc(a4Portrait, meta{title: title + " " + f.Code, subject: f.Procedure, author: f.Agency.Name, created: issued})
	d.header(f.Agency, []span{r("Mã hồ sơ: "), b(f.Code)}, []span{i(PlaceDate(f.Place, issued))})

	// The title, with the QR code at the right margin beside it.
	if f.LookupURL != "" {
		const side, gap = 21.0, 3.0
		top := d.y - 4
		d.qrImage(f.LookupURL, d.right()-side, top, side)
		d.title(d.left()+side+gap, d.width()-2*(side+gap), "Giấy tiếp nhận hồ sơ\nvà hẹn trả kết quả")
		caption := d.block(d.right()-side, side, top+side, 8, alignCenter, i("Quét mã để tra cứu hồ sơ"))
		d.y = max(d.y, caption+1)
	} else {
		d.title(d.left(), d.width(), title)
	}

	owner := f.Owner
	if owner.Name == "" {
		owner = f.Submitter
	}
	d.field(orDefault(f.ReceivingUnit, f.Agency.Name)+" tiếp nhận hồ sơ của Ông (Bà)", f.Submitter.Name, bold)
	d.field("Địa chỉ", orDefault(f.Submitter.Address, dots), regular)
	d.fields(labelled{"Số điện thoại", orDefault(f.Submitter.Phone, dots)}, labelled{"Email", orDefault(f.Submitter.Email, dots)})
	d.field("Số CMND/Thẻ căn cước/Hộ chiếu", orDefault(f.Submitter.IDNumber, dots), regular)
	d.field("Nội dung yêu cầu giải quyết", f.Procedure, bold)
	d.field("Chủ hồ sơ", owner.Name, regular)
	d.field("Địa chỉ chủ hồ sơ", orDefault(owner.Address, dots), regular)
	d.field("Hình thức thu phí, lệ phí", orDefault(f.FeeMethod, dots), regular)

	d.field("1. Thành phần hồ sơ, số lượng mỗi loại giấy tờ", "", regular)
	d.componentTable(f.Components, "Thành phần hồ sơ", nil)
	sets := f.Sets
	if sets == 0 {
		sets = 1
	}
	d.field("2. Số lượng hồ sơ", twoDigits(sets)+" bộ", regular)
	d.field("3. Thời gian giải quyết hồ sơ theo quy định", orDefault(f.Duration, dots), regular)
	d.field("4. Thời gian nhận hồ sơ", LongDateTime(f.ReceivedAt), regular)
	d.field("5. Thời gian trả kết quả giải quyết hồ sơ", LongDateTime(f.DueAt), bold)
	d.field("6. Đăng ký nhận kết quả tại", orDefault(f.ResultAt, dots), regular)

	d.signatures(
		sigBlock{title: "Người nộp hồ sơ", hint: "(Ký, ghi rõ họ tên)", name: f.Submitter.Name},
		sigBlock{title: "Người tiếp nhận hồ sơ", hint: "(Ký, ghi rõ họ tên)", name: f.Receiver},
	)
	d.numberPages(2, true, pageNumber)
	return d.finish(w, "receipt")
}

// pageNumber is the page number of NĐ 30/2020: Arabic numerals, centred in the top margin, not on
// the first page.
func pageNumber(k, _ int) string { return strconv.Itoa(k) }
