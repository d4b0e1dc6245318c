package pdf

import (
	"io"
	"time"
)

// ResultNotice is the notice of the result (thông báo kết quả giải quyết hồ sơ) that egov issues
// as the electronic result of a dossier when no PDF result was attached: it names the dossier,
// the procedure, the applicant and the result, and is then stamped and signed (see Stamp).
type ResultNotice struct {
	Agency Agency // the issuing agency. Required.
	Place  string // địa danh of the date line
	// IssuedAt dates the notice and is the PDF's creation date. Required.
	IssuedAt    time.Time
	Code        string // mã hồ sơ. Required.
	Procedure   string // the procedure's name. Required.
	Applicant   string // the applicant's name (chủ hồ sơ). Required.
	ReceivedAt  time.Time
	ProcessedAt time.Time
	Result      string // the result issued: number and notation of the decision, or its content. Required.
	// Attachment names the result file attached to the dossier that could not be stamped
	// itself (not a PDF, or a PDF that cannot be read), with its SHA-256; "" for none.
	Attachment string
}

// WriteResultNotice writes the notice as an A4 PDF, leaving room at the foot of its last page for
// the signature stamp. Errors: errs.Invalid "required"; errs.Internal when drawing fails.
func WriteResultNotice(w io.Writer, f ResultNotice) error {
	c := checker{form: "Thông báo kết quả giải quyết hồ sơ"}
	c.text("Agency.Name", "tên cơ quan", f.Agency.Name)
	c.time("IssuedAt", "ngày ban hành", f.IssuedAt)
	c.text("Code", "mã hồ sơ", f.Code)
	c.text("Procedure", "tên thủ tục", f.Procedure)
	c.text("Applicant", "tên chủ hồ sơ", f.Applicant)
	c.text("Result", "kết quả giải quyết", f.Result)
	if c.err != nil {
		return c.err
	}
	const title = "Thông báo kết quả giải quyết hồ sơ"
	d := newDoc(a4Portrait, meta{title: title + " " + f.Code, subject: f.Procedure, author: f.Agency.Name, created: f.IssuedAt})
	d.header(f.Agency, []span{r("Mã hồ sơ: "), b(f.Code)}, []span{i(PlaceDate(f.Place, f.IssuedAt))})
	d.title(d.left(), d.width(), title)
	d.body(b(f.Agency.Name), r(" thông báo kết quả giải quyết hồ sơ như sau:"))
	d.field("Mã hồ sơ", f.Code, bold)
	d.field("Thủ tục hành chính", f.Procedure, regular)
	d.field("Chủ hồ sơ", f.Applicant, bold)
	if !f.ReceivedAt.IsZero() {
		d.field("Thời gian tiếp nhận", LongDateTime(f.ReceivedAt), regular)
	}
	if !f.ProcessedAt.IsZero() {
		d.field("Thời gian có kết quả", LongDateTime(f.ProcessedAt), regular)
	}
	d.field("Kết quả giải quyết", f.Result, bold)
	if f.Attachment != "" {
		d.field("Tệp kết quả kèm theo", f.Attachment, regular)
	}
	d.space(2)
	d.body(i("Văn bản này là kết quả giải quyết thủ tục hành chính dạng điện tử, được ký số bởi cơ quan giải quyết. " +
		"Quét mã QR trên dấu chữ ký số hoặc tải tệp lên trang xác thực để kiểm tra."))
	// The stamp takes the foot of the last page (StampHeight above the page's lower edge).
	if !d.room(StampHeight + 8 - d.g.bottom) {
		d.newPage()
	}
	return d.finish(w, "result notice")
}
