package pdf

import (
	"io"
	"strings"
	"time"
)

// SupplementStage says when a supplement was asked for (domain-vn §3.5).
type SupplementStage int

// The stages.
const (
	// AtReception: the desk asks before accepting the dossier.
	AtReception SupplementStage = iota
	// DuringProcessing: the processing agency asks after acceptance; the deadline clock pauses.
	DuringProcessing
)

// label is the stage as printed.
func (s SupplementStage) label() string {
	if s == DuringProcessing {
		return "Trong quá trình giải quyết hồ sơ"
	}
	return "Khi tiếp nhận hồ sơ"
}

// SupplementItem is one thing the applicant must supply or correct: the component (with the
// number of papers wanted) and, optionally, why.
type SupplementItem struct {
	Component Component
	Reason    string // printed in italic under the component's name
}

// SupplementRequest is Mẫu 02, Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (domain-vn §7.3): what the
// applicant must add or correct, why, by when, and whom to ask.
type SupplementRequest struct {
	Agency   Agency    // the body that asks (header, left). Required.
	Number   string    // số of the form, e.g. "15/HDHS"; empty prints "Số: ……/HDHS" to fill in
	Place    string    // địa danh of the date line
	IssuedAt time.Time // date of the request and of the PDF. Required.
	Code     string    // mã hồ sơ. Required.

	// Unit opens the body: "<Unit> tiếp nhận hồ sơ của Ông/Bà: …"; empty means Agency.Name.
	Unit      string
	Applicant Person // name (required), address, phone, email
	Procedure string // nội dung yêu cầu giải quyết. Required.
	Stage     SupplementStage

	Items      []SupplementItem // the table; at least one is required
	Reason     string           // lý do; required (never a bare code)
	LegalBasis string           // căn cứ pháp lý, optional
	Deadline   time.Time        // hạn bổ sung for the applicant; zero when the procedure sets none

	PortalURL    string // where the applicant can follow and supplement online
	Contact      string // the official to ask
	ContactPhone string // and their phone, extension included
	Guide        string // name of the official who signs as NGƯỜI HƯỚNG DẪN
}

// WriteSupplementRequest writes the SupplementRequest as an A4 PDF. Errors: errs.Invalid
// "required" naming the field; errs.Internal when drawing fails.
func WriteSupplementRequest(w io.Writer, f SupplementRequest) error {
	c := checker{form: "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"}
	c.text("Agency.Name", "tên cơ quan", f.Agency.Name)
	c.time("IssuedAt", "ngày lập phiếu", f.IssuedAt)
	c.text("Code", "mã hồ sơ", f.Code)
	c.text("Applicant.Name", "tên người nộp hồ sơ", f.Applicant.Name)
	c.text("Procedure", "nội dung yêu cầu giải quyết", f.Procedure)
	if len(f.Items) == 0 {
		c.text("Items", "nội dung cần bổ sung", "")
	}
	for _, it := range f.Items {
		c.text("Items.Component.Name", "tên thành phần hồ sơ cần bổ sung", it.Component.Name)
	}
	c.text("Reason", "lý do yêu cầu bổ sung", f.Reason)
	c.order("IssuedAt", "ngày lập phiếu", f.IssuedAt, "Deadline", "hạn bổ sung", f.Deadline)
	if c.err != nil {
		return c.err
	}
	const title = "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"
	d := newDoc(a4Portrait, meta{title: title + " " + f.Code, subject: f.Procedure, author: f.Agency.Name, created: f.IssuedAt})
	d.header(f.Agency, []span{r("Số: " + number(f.Number, "HDHS"))}, []span{i(PlaceDate(f.Place, f.IssuedAt))})
	d.title(d.left(), d.width(), title, r("Mã hồ sơ: "), b(f.Code))

	d.field(orDefault(f.Unit, f.Agency.Name)+" tiếp nhận hồ sơ của Ông/Bà", f.Applicant.Name, bold)
	d.field("Nội dung yêu cầu giải quyết", f.Procedure, bold)
	d.field("Địa chỉ", orDefault(f.Applicant.Address, dots), regular)
	d.fields(labelled{"Số điện thoại", orDefault(f.Applicant.Phone, dots)}, labelled{"Email", orDefault(f.Applicant.Email, dots)})
	d.field("Thời điểm yêu cầu bổ sung", f.Stage.label(), regular)
	if f.LegalBasis != "" {
		d.field("Căn cứ", f.LegalBasis, regular)
	}
	d.field("Yêu cầu Ông/Bà hoàn thiện hồ sơ gồm những nội dung như sau", "", regular)
	cs := make([]Component, len(f.Items))
	for k, it := range f.Items {
		cs[k] = it.Component
	}
	d.componentTable(cs, "Thành phần hồ sơ cần bổ sung, hoàn thiện", func(k int) string {
		if f.Items[k].Reason == "" {
			return ""
		}
		return "(" + f.Items[k].Reason + ")"
	})
	d.field("Lý do", f.Reason, regular)
	if !f.Deadline.IsZero() {
		d.field("Thời hạn bổ sung, hoàn thiện hồ sơ", "trước "+LongDateTime(f.Deadline), bold)
	}
	var guide []span
	if f.PortalURL != "" {
		guide = append(guide, r("Ông/Bà có thể theo dõi và nộp bổ sung hồ sơ trực tuyến tại "), b(f.PortalURL), r(". "))
	}
	if f.Contact != "" {
		guide = append(guide, r("Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, Ông/Bà liên hệ với "), b(f.Contact))
		if f.ContactPhone != "" {
			guide = append(guide, r(", số điện thoại "), kb(f.ContactPhone))
		}
		guide = append(guide, r(" để được hướng dẫn."))
	}
	if len(guide) > 0 {
		d.space(1)
		d.body(guide...)
	}
	d.signatures(sigBlock{title: "Người hướng dẫn", hint: "(Ký, ghi rõ họ tên)", name: f.Guide})
	d.numberPages(2, true, pageNumber)
	return d.finish(w, "supplement request")
}

// number prints the number of a form: "15/HDHS", or a blank to fill in ("……/HDHS").
func number(n, notation string) string {
	if strings.TrimSpace(n) != "" {
		return n
	}
	return "……/" + notation
}
