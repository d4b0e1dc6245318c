package pdf

import (
	"bytes"
	"fmt"
	"io"
	"time"

	"github.com/signintech/gopdf"

	"github.com/egov-vn/egov/internal/clock"
	"github.com/egov-vn/egov/internal/errs"
)

// StampInfo is what the signature stamp (dấu chữ ký số) says.
type StampInfo struct {
	Agency    string    // the signing agency. Required.
	At        time.Time // the signing time. Required.
	VerifyURL string    // the verification page, also in the QR code. Required.
	Code      string    // the verification code printed under the link
	// RoomAtFoot says the last page leaves the stamp's place empty (the result notice does).
	// Otherwise that page is drawn scaled down, centred at its top, so that the stamp covers
	// nothing of it.
	RoomAtFoot bool
}

// The stamp's size and place, millimetres: in the lower right corner of the last page, its foot
// StampMargin above the page's lower edge and StampMargin left of its right edge.
const (
	StampWidth  = 100.0
	StampHeight = 27.0
	StampMargin = 8.0
)

// StampText is the stamp's first line: "Đã ký số bởi <agency> lúc <time>".
func StampText(agency string, at time.Time) string {
	t := at.In(clock.Vietnam)
	return fmt.Sprintf("Đã ký số bởi %s lúc %02d:%02d ngày %02d/%02d/%d", agency, t.Hour(), t.Minute(), t.Day(), t.Month(), t.Year())
}

// ErrUnreadable is the error of Stamp for a PDF it cannot read (encrypted, damaged, or a form it
// does not know).
var ErrUnreadable = errs.New(errs.Invalid, "pdf_unreadable", "Không đọc được tệp PDF (tệp hỏng, có mật khẩu hoặc định dạng không hỗ trợ).",
	"The PDF cannot be read (damaged, encrypted or unsupported).")

// Stamp copies every page of the PDF src, at its size, and draws on the last page the
// signature stamp: a box with the QR code of the verification address and the text "Đã ký số bởi
// <agency> lúc <time>". The result is a new PDF (to be signed: Stamp itself signs nothing).
// Errors: ErrUnreadable; errs.Invalid "required"; errs.Internal.
func Stamp(w io.Writer, src []byte, s StampInfo) (err error) {
	c := checker{form: "Dấu chữ ký số"}
	c.text("Agency", "tên cơ quan ký", s.Agency)
	c.time("At", "thời điểm ký", s.At)
	c.text("VerifyURL", "địa chỉ xác thực", s.VerifyURL)
	if c.err != nil {
		return c.err
	}
	defer func() {
		// The page importer panics on what it cannot read.
		if r := recover(); r != nil {
			err = ErrUnreadable
		}
	}()
	p := &gopdf.GoPdf{}
	p.Start(gopdf.Config{Unit: gopdf.UnitMM, PageSize: *gopdf.PageSizeA4})
	p.SetInfo(gopdf.PdfInfo{Title: clean("Kết quả đã ký số"), Author: clean(s.Agency), Creator: "egov", CreationDate: s.At.In(clock.Vietnam)})
	d := &doc{pdf: p}
	for _, f := range []struct {
		data  []byte
		style int
	}{{fontRegular, gopdf.Regular}, {fontBold, gopdf.Bold}, {fontItalic, gopdf.Italic}} {
		if err := p.AddTTFFontDataWithOption(family, f.data, gopdf.TtfOption{Style: f.style}); err != nil {
			return errs.Wrap(err, "pdf: stamp fonts")
		}
	}
	rs := io.ReadSeeker(bytes.NewReader(src))
	sizes := p.GetStreamPageSizes(&rs)
	if len(sizes) == 0 {
		return ErrUnreadable
	}
	for n := 1; n <= len(sizes); n++ {
		box, ok := sizes[n]["/MediaBox"]
		if !ok {
			return ErrUnreadable
		}
		wmm, hmm := box["w"]*mmPerPt, box["h"]*mmPerPt
		p.AddPageWithOption(gopdf.PageOption{PageSize: &gopdf.Rect{W: wmm, H: hmm}})
		tpl := p.ImportPageStream(&rs, n, "/MediaBox")
		if n == len(sizes) && !s.RoomAtFoot {
			band := StampHeight + StampMargin + 4
			k := max((hmm-band)/hmm, 0.5)
			p.UseImportedTemplate(tpl, wmm*(1-k)/2, 0, wmm*k, hmm*k)
			// A hairline frames the scaled page, so that its edge is not mistaken for a cut.
			p.SetStrokeColor(200, 200, 200)
			p.SetLineWidth(0.1)
			p.RectFromUpperLeft(wmm*(1-k)/2, 0, wmm*k, hmm*k)
			p.SetStrokeColor(0, 0, 0)
		} else {
			p.UseImportedTemplate(tpl, 0, 0, wmm, hmm)
		}
		d.g = geometry{w: wmm, h: hmm}
		d.fontSet = false
	}
	d.stamp(s)
	if d.err != nil {
		return errs.Wrap(d.err, "pdf: drawing the stamp")
	}
	if _, err := p.WriteTo(w); err != nil {
		return errs.Wrap(err, "pdf: writing the stamped document")
	}
	return nil
}

// stamp draws the signature stamp in the lower right corner of the current page.
func (d *doc) stamp(s StampInfo) {
	x := d.g.w - StampMargin - StampWidth
	y := d.g.h - StampMargin - StampHeight
	if x < 2 {
		x = 2
	}
	const pad, qr = 2.0, StampHeight - 4
	d.pdf.SetStrokeColor(0, 51, 153)
	d.pdf.SetLineWidth(0.5)
	d.rect(x, y, StampWidth, StampHeight)
	d.pdf.SetLineWidth(0.2)
	d.qrImage(s.VerifyURL, x+pad, y+pad, qr)
	tx := x + pad + qr + pad
	tw := StampWidth - (tx - x) - pad
	d.pdf.SetTextColor(0, 51, 153)
	t := s.At.In(clock.Vietnam)
	ty := d.block(tx, tw, y+pad, 9, alignLeft, b("Đã ký số bởi "+s.Agency),
		r(fmt.Sprintf(" lúc %02d:%02d ngày %02d/%02d/%d", t.Hour(), t.Minute(), t.Day(), t.Month(), t.Year())))
	d.pdf.SetTextColor(0, 0, 0)
	lines := []span{i("Xác thực: "), i(s.VerifyURL)}
	if s.Code != "" {
		lines = append(lines, i("\nMã xác thực: "), kb(s.Code))
	}
	d.block(tx, tw, ty+0.5, 7.5, alignLeft, lines...)
	d.pdf.SetStrokeColor(0, 0, 0)
}
