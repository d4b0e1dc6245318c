package pdf

import (
	"io"
	"strings"
	"time"
)

// Apology is Mẫu 04, Phiếu xin lỗi và hẹn lại ngày trả kết quả (domain-vn §6.7, §7.5): the letter
// (công văn) by which the body that is late apologises to the applicant, says why, and gives the
// new appointment.
type Apology struct {
	Agency   Agency    // the body that apologises (header, left; named in the text). Required.
	Number   string    // số, ký hiệu, e.g. "125/TTPVHCC-KSTTHC"; empty prints a blank to fill in
	Place    string    // địa danh of the date line
	IssuedAt time.Time // date of the letter and of the PDF; must be before OriginalDueAt. Required.
	To       string    // the applicant: "Kính gửi: Ông/Bà <To>". Required.

	ReceivedAt    time.Time // when the dossier was received. Required.
	Procedure     string    // the procedure. Required.
	Code          string    // mã hồ sơ. Required.
	OriginalDueAt time.Time // the appointment that will be missed. Required.
	LateAgency    string    // the agency that is late; empty means Agency.Name
	Reason        string    // why (lý do quá hạn). Required.
	Status        string    // tình trạng hồ sơ, optional
	NewDueAt      time.Time // the new appointment. Required, after OriginalDueAt.
	ReturnPlace   string    // where to collect the result

	// Recipients is the Nơi nhận list, e.g. "Như trên", "Lưu: VT"; empty means those two.
	Recipients []string
	Signer     Signer // required: Title and Name
}

// WriteApology writes the Apology as an A4 PDF. Errors: errs.Invalid "required" or
// "invalid_time_order" naming the field; errs.Internal when drawing fails.
func WriteApology(w io.Writer, f Apology) error {
	c := checker{form: "Phiếu xin lỗi và hẹn lại ngày trả kết quả"}
	c.text("Agency.Name", "tên cơ quan", f.Agency.Name)
	c.time("IssuedAt", "ngày ban hành", f.IssuedAt)
	c.text("To", "người nhận (Kính gửi)", f.To)
	c.time("ReceivedAt", "ngày tiếp nhận hồ sơ", f.ReceivedAt)
	c.text("Procedure", "tên thủ tục hành chính", f.Procedure)
	c.text("Code", "mã hồ sơ", f.Code)
	c.time("OriginalDueAt", "thời gian hẹn trả kết quả", f.OriginalDueAt)
	c.text("Reason", "lý do quá hạn", f.Reason)
	c.time("NewDueAt", "thời gian hẹn trả kết quả mới", f.NewDueAt)
	c.text("Signer.Title", "chức vụ người ký", f.Signer.Title)
	c.text("Signer.Name", "họ tên người ký", f.Signer.Name)
	c.order("ReceivedAt", "ngày tiếp nhận hồ sơ", f.ReceivedAt, "OriginalDueAt", "thời gian hẹn trả kết quả", f.OriginalDueAt)
	c.order("OriginalDueAt", "thời gian hẹn trả kết quả", f.OriginalDueAt, "NewDueAt", "thời gian hẹn trả kết quả mới", f.NewDueAt)
	if c.err != nil {
		return c.err
	}
	d := newDoc(a4Portrait, meta{title: "Phiếu xin lỗi và hẹn lại ngày trả kết quả " + f.Code, subject: f.Procedure, author: f.Agency.Name, created: f.IssuedAt})
	d.header(f.Agency,
		[]span{r("Số: " + number(f.Number, "…")), r("\n"), r("V/v xin lỗi đối với hồ sơ giải quyết quá hạn và hẹn lại thời gian trả kết quả")},
		[]span{i(PlaceDate(f.Place, f.IssuedAt))})
	d.space(2)
	d.para([]span{r("Kính gửi: Ông/Bà "), b(f.To)}, d.left(), d.width(), sizeBody, alignCenter, 0)
	d.space(4)

	late := orDefault(f.LateAgency, f.Agency.Name)
	d.body(r(capitalize(LongDate(f.ReceivedAt))+", "+f.Agency.Name+" tiếp nhận hồ sơ đề nghị giải quyết thủ tục hành chính "),
		b(f.Procedure), r(" của Ông/Bà, mã hồ sơ "), kb(f.Code), r("."))
	d.body(r("Thời gian hẹn trả kết quả giải quyết hồ sơ: " + LongDateTime(f.OriginalDueAt) + "."))
	d.body(r("Tuy nhiên, đến nay " + late + " chưa trả kết quả giải quyết hồ sơ của Ông/Bà. Lý do: " + sentence(f.Reason)))
	if f.Status != "" {
		d.body(r("Tình trạng hồ sơ: " + sentence(f.Status)))
	}
	newDue := []span{r("Sự chậm trễ này đã gây phiền hà, tốn kém chi phí đi lại cho Ông/Bà. " + f.Agency.Name +
		" trân trọng xin lỗi Ông/Bà và hẹn lại thời gian trả kết quả giải quyết hồ sơ vào "), kb(LongDateTime(f.NewDueAt))}
	if f.ReturnPlace != "" {
		newDue = append(newDue, r(", tại "+f.ReturnPlace))
	}
	d.body(append(newDue, r("."))...)
	d.body(r("Xin trân trọng cảm ơn./."))

	// Nơi nhận on the left, the signature on the right, side by side.
	recipients := f.Recipients
	if len(recipients) == 0 {
		recipients = []string{"Như trên", "Lưu: VT"}
	}
	d.space(3)
	d.ensure(max(float64(len(recipients)+1)*lineHeight(sizeNote), 4*lineHeight(sizeBody)+sigGap))
	leftW := 0.45 * d.width()
	y := d.block(d.left(), leftW, d.y, sizeHead, alignLeft, b("Nơi nhận:"))
	for k, rcp := range recipients {
		end := ";"
		if k == len(recipients)-1 {
			end = "."
		}
		y = d.block(d.left(), leftW, y, sizeNote, alignLeft, r("- "+strings.TrimRight(strings.TrimSpace(rcp), ";.")+end))
	}
	sig := d.signature(d.left()+leftW, d.width()-leftW, d.y, sigBlock{capacity: f.Signer.Capacity, title: f.Signer.Title, name: f.Signer.Name})
	d.y = max(y, sig)
	d.numberPages(2, true, pageNumber)
	return d.finish(w, "apology")
}

// capitalize upper-cases the first letter of s.
func capitalize(s string) string {
	for k, c := range s {
		return strings.ToUpper(string(c)) + s[k+len(string(c)):]
	}
	return s
}

// sentence ends s with a full stop unless it already ends with punctuation.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s[len(s)-1:], ".!?") {
		return s
	}
	return s + "."
}
