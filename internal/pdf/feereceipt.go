package pdf

import (
	"io"
	"time"
)

// FeeReceipt is a biên lai điện tử: the electronic receipt for a fee (phí, lệ phí) paid for a
// dossier, issued by the unit that received the dossier.
type FeeReceipt struct {
	Agency Agency // the receiving unit (header, left). Required.
	Place  string // địa danh of the date line, e.g. "Hà Nội"
	Number string // số biên lai: the payment reference. Required.
	// PaidAt is when the payment was confirmed; it dates the receipt and is the PDF's creation
	// date. Required.
	PaidAt      time.Time
	Payer       Person // người nộp: name required, address, ID number
	DossierCode string // mã hồ sơ. Required.
	Procedure   string // the procedure the fee is for. Required.
	FeeName     string // tên phí, lệ phí, e.g. "Lệ phí đăng ký kết hôn"; empty: "Phí, lệ phí giải quyết thủ tục hành chính"
	Amount      string // in figures, e.g. "50.000 đồng". Required.
	AmountWords string // in words, e.g. "Năm mươi nghìn đồng". Required.
	Method      string // hình thức thanh toán, e.g. "Cổng thanh toán trực tuyến"
	Transaction string // mã giao dịch of the gateway or the bank
	Collector   string // who confirmed the payment: the gateway or the official
}

// WriteFeeReceipt writes the receipt as a one-page A4 PDF. Errors: errs.Invalid "required" naming
// the field; errs.Internal when drawing fails.
func WriteFeeReceipt(w io.Writer, f FeeReceipt) error {
	c := checker{form: "Biên lai thu phí, lệ phí"}
	c.text("Agency.Name", "tên đơn vị thu", f.Agency.Name)
	c.text("Number", "số biên lai", f.Number)
	c.time("PaidAt", "thời gian thanh toán", f.PaidAt)
	c.text("Payer.Name", "tên người nộp", f.Payer.Name)
	c.text("DossierCode", "mã hồ sơ", f.DossierCode)
	c.text("Procedure", "tên thủ tục", f.Procedure)
	c.text("Amount", "số tiền", f.Amount)
	c.text("AmountWords", "số tiền bằng chữ", f.AmountWords)
	if c.err != nil {
		return c.err
	}
	const title = "Biên lai thu phí, lệ phí"
	d := newDoc(a4Portrait, meta{title: title + " " + f.Number, subject: f.Procedure, author: f.Agency.Name, created: f.PaidAt})
	d.header(f.Agency, []span{r("Số: "), b(f.Number)}, []span{i(PlaceDate(f.Place, f.PaidAt))})
	d.title(d.left(), d.width(), title, i("(Biên lai điện tử)"))

	d.field("Đơn vị thu", f.Agency.Name, bold)
	d.field("Họ tên người nộp", f.Payer.Name, bold)
	d.field("Địa chỉ", orDefault(f.Payer.Address, dots), regular)
	d.field("Số định danh cá nhân/Mã số thuế", orDefault(f.Payer.IDNumber, dots), regular)
	d.field("Mã hồ sơ", f.DossierCode, bold)
	d.field("Thủ tục hành chính", f.Procedure, regular)
	d.field("Tên phí, lệ phí", orDefault(f.FeeName, "Phí, lệ phí giải quyết thủ tục hành chính"), regular)
	d.field("Số tiền", f.Amount, bold)
	d.field("Số tiền bằng chữ", f.AmountWords, italic)
	d.field("Hình thức thanh toán", orDefault(f.Method, dots), regular)
	d.field("Mã giao dịch", orDefault(f.Transaction, dots), regular)
	d.field("Thời gian thanh toán", LongDateTime(f.PaidAt), regular)

	d.signatures(
		sigBlock{title: "Người nộp tiền", name: f.Payer.Name},
		sigBlock{title: "Đơn vị thu", hint: "(Biên lai điện tử, không cần chữ ký tay)", name: f.Collector},
	)
	return d.finish(w, "fee receipt")
}
