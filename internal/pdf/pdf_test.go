package pdf

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/xlsx"
)

// The national name and motto every form but the ledger carries.
var motto = []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"}

func TestReceipt(t *testing.T) {
	f := sampleReceipt()
	// Decomposed input must print exactly like precomposed input.
	f.Submitter.Name = norm.NFD.String(f.Submitter.Name)
	pdf := render(t, func(b *bytes.Buffer) error { return WriteReceipt(b, f) })
	text := pdftotext(t, pdf)
	mustContain(t, text, motto...)
	mustContain(t, text,
		"BỘ PHẬN MỘT CỬA",
		"Mã hồ sơ:", code,
		"Hà Nội, ngày 05 tháng 3 năm 2025",
		"GIẤY TIẾP NHẬN HỒ SƠ", "VÀ HẸN TRẢ KẾT QUẢ",
		"Bộ phận Một cửa Ủy ban nhân dân phường Hoàn Kiếm tiếp nhận hồ sơ của Ông (Bà):",
		"Nguyễn Thị Hương",
		"Địa chỉ: Số 12 phố Hàng Bạc, phường Hoàn Kiếm, thành phố Hà Nội",
		"Số điện thoại: 0912 345 678",
		"Email: huong.nguyen@example.vn",
		"Số CMND/Thẻ căn cước/Hộ chiếu: 001190012345",
		"Nội dung yêu cầu giải quyết: Đăng ký khai sinh",
		"Chủ hồ sơ: Trần Minh Khôi",
		"Hình thức thu phí, lệ phí: Miễn lệ phí",
		"Thành phần hồ sơ", "Bản chính", "Bản photo",
		"Tờ khai đăng ký khai sinh theo mẫu",
		"Giấy chứng sinh do cơ sở y tế nơi trẻ sinh ra cấp",
		"2. Số lượng hồ sơ: 01 bộ",
		"3. Thời gian giải quyết hồ sơ theo quy định: 03 ngày làm việc",
		"4. Thời gian nhận hồ sơ: 08 giờ 30 phút, ngày 05 tháng 3 năm 2025",
		"5. Thời gian trả kết quả giải quyết hồ sơ: 08 giờ 30 phút, ngày 10 tháng 3 năm 2025",
		"6. Đăng ký nhận kết quả tại: Bộ phận Một cửa Ủy ban nhân dân phường Hoàn Kiếm",
		"NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ", "Lê Thu Trang",
	)
	if strings.Contains(text, norm.NFD.String("Hương")) {
		t.Error("decomposed text reached the PDF")
	}
	if n := pages(t, pdf); n != 1 {
		t.Errorf("receipt has %d pages, want 1", n)
	}
	info := pdfinfo(t, pdf)
	if !strings.Contains(info, "Page size:       595.28 x 841.89 pts (A4)") {
		t.Errorf("not A4:\n%s", info)
	}
	if !strings.Contains(info, "Title:           Giấy tiếp nhận hồ sơ và hẹn trả kết quả "+code) {
		t.Errorf("title:\n%s", info)
	}
}

// The QR code is an image XObject: a square grey image, in the top right of the page.
func TestReceiptQR(t *testing.T) {
	pdf := render(t, func(b *bytes.Buffer) error { return WriteReceipt(b, sampleReceipt()) })
	if !bytes.Contains(pdf, []byte("/Subtype /Image")) {
		t.Fatal("no image XObject in the receipt")
	}
	out, err := exec.Command(poppler(t, "pdfimages"), "-list", writeTemp(t, pdf)).Output()
	if err != nil {
		t.Fatalf("pdfimages: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 3 {
		t.Fatalf("want one image, pdfimages says:\n%s", out)
	}
	f := strings.Fields(lines[2])
	if f[0] != "1" || f[3] != f[4] || f[5] != "gray" {
		t.Errorf("want a square grey image on page 1, got %q", lines[2])
	}
	// Its placement: within the right part of the text area, above the body.
	boxes := imageBoxes(t, pdf)
	if len(boxes) != 1 {
		t.Fatalf("image placements: %v", boxes)
	}
	bx := boxes[0]
	if bx.x1 > 195*ptPerMM+0.5 || bx.x0 < 150*ptPerMM || bx.y0 < 20*ptPerMM || bx.y1 > 100*ptPerMM {
		t.Errorf("QR placed at %+v (points)", bx)
	}

	// Without a URL there is no image.
	f2 := sampleReceipt()
	f2.LookupURL = ""
	pdf = render(t, func(b *bytes.Buffer) error { return WriteReceipt(b, f2) })
	if bytes.Contains(pdf, []byte("/Subtype /Image")) {
		t.Error("an image without a lookup URL")
	}
	mustContain(t, pdftotext(t, pdf), "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")
}

func TestSupplementRequest(t *testing.T) {
	pdf := render(t, func(b *bytes.Buffer) error { return WriteSupplementRequest(b, sampleSupplement()) })
	text := pdftotext(t, pdf)
	mustContain(t, text, motto...)
	mustContain(t, text,
		"Số: 15/HDHS",
		"Hà Nội, ngày 06 tháng 3 năm 2025",
		"PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
		"Mã hồ sơ: "+code,
		"tiếp nhận hồ sơ của Ông/Bà:", "Nguyễn Thị Hương",
		"Nội dung yêu cầu giải quyết: Đăng ký khai sinh",
		"Số điện thoại: 0912 345 678",
		"Thời điểm yêu cầu bổ sung: Trong quá trình giải quyết hồ sơ",
		"Căn cứ: Điều 16 Luật Hộ tịch năm 2014; Điều 9 Nghị định số 123/2015/NĐ-CP.",
		"Yêu cầu Ông/Bà hoàn thiện hồ sơ gồm những nội dung như sau:",
		"Giấy chứng sinh do cơ sở y tế nơi trẻ sinh ra cấp",
		"(Bản đã nộp bị nhòe, không đọc được họ tên",
		"Lý do: Hồ sơ chưa đầy đủ, giấy tờ nộp kèm không hợp lệ theo quy định.",
		"Thời hạn bổ sung, hoàn thiện hồ sơ: trước 17 giờ 00 phút, ngày 20 tháng 3 năm 2025",
		"https://dichvucong.hanoi.gov.vn",
		"024 3825 1234 (máy lẻ 105)",
		"NGƯỜI HƯỚNG DẪN", "Lê Thu Trang",
	)
}

func TestRefusal(t *testing.T) {
	pdf := render(t, func(b *bytes.Buffer) error { return WriteRefusal(b, sampleRefusal()) })
	text := pdftotext(t, pdf)
	mustContain(t, text, motto...)
	mustContain(t, text,
		"Hà Nội, ngày 05 tháng 3 năm 2025",
		"PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
		"Mã hồ sơ: "+code,
		"Tiếp nhận hồ sơ của: Nguyễn Thị Hương",
		"Nội dung yêu cầu giải quyết: Đăng ký kết hôn",
		"Qua xem xét, Bộ phận tiếp nhận hồ sơ của Ủy ban nhân dân phường Hoàn Kiếm",
		"với lý do cụ thể như sau:",
		"- Bên nữ chưa đủ tuổi kết hôn",
		"Xin thông báo cho Ông/Bà được biết và thực hiện.",
		"024 3825 1234",
		"NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ",
	)

	f := sampleRefusal()
	f.Stage = RefusedAfterAppraisal
	f.Code = ""
	text = pdftotext(t, render(t, func(b *bytes.Buffer) error { return WriteRefusal(b, f) }))
	mustContain(t, text, "Qua thẩm định, Ủy ban nhân dân phường Hoàn Kiếm thông báo không giải quyết")
	if strings.Contains(text, "Mã hồ sơ") {
		t.Error("a refusal without a code prints a code line")
	}
}

func TestApology(t *testing.T) {
	pdf := render(t, func(b *bytes.Buffer) error { return WriteApology(b, sampleApology()) })
	text := pdftotext(t, pdf)
	mustContain(t, text, motto...)
	mustContain(t, text,
		"TRUNG TÂM PHỤC VỤ HÀNH",
		"Số: 125/TTPVHCC-KSTTHC",
		"V/v xin lỗi đối với hồ sơ giải quyết",
		"Hà Nội, ngày 21 tháng 3 năm 2025",
		"Kính gửi: Ông/Bà Nguyễn Thị Hương",
		"Ngày 05 tháng 3 năm 2025, Trung tâm Phục vụ hành chính công thành phố Hà Nội",
		"Cấp giấy phép xây dựng",
		code,
		"Thời gian hẹn trả kết quả giải quyết hồ sơ: 08 giờ 30 phút, ngày 24 tháng 3 năm",
		"Sở Xây dựng thành phố Hà Nội",
		"Tình trạng hồ sơ: Đang thẩm định tại Sở Xây dựng.",
		"14 giờ 00 phút, ngày 31 tháng 3 năm 2025",
		"Nơi nhận:", "- Như trên;", "- Lưu: VT, KSTTHC.",
		"KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Đặng Quốc Việt",
	)
}

func TestControlSheet(t *testing.T) {
	pdf := render(t, func(b *bytes.Buffer) error { return WriteControlSheet(b, sampleControlSheet()) })
	text := pdftotext(t, pdf)
	mustContain(t, text, motto...)
	mustContain(t, text,
		"PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
		"Mã hồ sơ: "+code,
		"Người nộp hồ sơ: Nguyễn Thị Hương",
		"Chủ hồ sơ: Trần Minh Khôi",
		"Ngày nhận hồ sơ: 08 giờ 30 phút, ngày 05 tháng 3 năm 2025",
		"Thời gian giải quyết hồ sơ theo quy định: 03 ngày làm việc",
		"Thời gian hẹn trả kết quả: 08 giờ 30 phút, ngày 10 tháng 3 năm 2025",
		"TÊN CƠ QUAN", "THỜI GIAN GIAO, NHẬN HỒ SƠ", "GHI CHÚ",
		"1. Giao: Bộ phận Một cửa",
		"09 giờ 15 phút,", "ngày 05 tháng 3 năm 2025",
		"Người giao", "Người nhận", "Phạm Đức Anh",
		"Trước hạn", "Đúng hạn", "Quá hạn",
		"Chờ ký số do",
	)
	// Every page carries the table's column headings (the hand-overs run onto page 2).
	n := pages(t, pdf)
	for k := 2; k <= n; k++ {
		mustContain(t, pdftotext(t, pdf, "-f", strconv.Itoa(k), "-l", strconv.Itoa(k)), "TÊN CƠ QUAN", "GHI CHÚ", strconv.Itoa(k))
	}
}

// The ledger of 300 dossiers runs over several landscape pages, each with the column headings and
// its number, and every dossier is printed once.
func TestLedger(t *testing.T) {
	pdf := render(t, func(b *bytes.Buffer) error { return WriteLedger(b, sampleLedger(300)) })
	n := pages(t, pdf)
	if n < 3 {
		t.Fatalf("300 rows on %d pages", n)
	}
	if info := pdfinfo(t, pdf); !strings.Contains(info, "Page size:       841.89 x 595.28 pts (A4)") {
		t.Errorf("not landscape A4:\n%s", info)
	}
	seen := map[string]int{}
	seq := regexp.MustCompile(`\b25\d{4}-(\d{4})\b`)
	for k := 1; k <= n; k++ {
		text := pdftotext(t, pdf, "-f", strconv.Itoa(k), "-l", strconv.Itoa(k))
		mustContain(t, text, "STT", "Mã hồ sơ", "Tên thủ tục hành", "Tên cá nhân,", "Ghi chú", fmt.Sprintf("Trang %d/%d", k, n))
		if k == 1 {
			mustContain(t, text, "BỘ PHẬN MỘT CỬA", "SỔ THEO DÕI HỒ SƠ", "Từ ngày 01/03/2025 đến ngày 31/03/2025")
		}
		for _, m := range seq.FindAllStringSubmatch(text, -1) {
			seen[m[1]]++
		}
		if t.Failed() {
			return
		}
	}
	for k := 1; k <= 300; k++ {
		if s := fmt.Sprintf("%04d", k); seen[s] != 1 {
			t.Errorf("dossier %s printed %d times", s, seen[s])
		}
	}
	text := pdftotext(t, pdf, "-f", "1", "-l", "1")
	mustContain(t, text, "Vũ Đình Phúc", "Đăng ký khai sinh", "Số 1 phố Hàng", "UBND", "03/03/2025", "Trần Văn Đức")
}

// Text stays inside the margins of NĐ 30/2020 (left 30 mm, right 15 mm, top and bottom 20 mm);
// only page numbers sit in a margin.
func TestMargins(t *testing.T) {
	long := sampleRefusal()
	long.Reasons = append(long.Reasons, strings.Repeat("Hồ sơ không đúng thành phần theo quy định của thủ tục hành chính. ", 80))
	for _, c := range []struct {
		name  string
		w, h  float64 // mm
		write func(b *bytes.Buffer) error
	}{
		{"receipt", 210, 297, func(b *bytes.Buffer) error { return WriteReceipt(b, sampleReceipt()) }},
		{"refusal", 210, 297, func(b *bytes.Buffer) error { return WriteRefusal(b, long) }},
		{"ledger", 297, 210, func(b *bytes.Buffer) error { return WriteLedger(b, sampleLedger(40)) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			pdf := render(t, c.write)
			for _, w := range words(t, pdf) {
				isNumber := regexp.MustCompile(`^(\d+|\d+/\d+|Trang)$`).MatchString(w.text)
				const slack = 0.8 // mm: glyph side bearings
				if w.x0 < 30-slack || w.x1 > c.w-15+slack {
					t.Errorf("page %d: %q outside the side margins (x %.1f–%.1f mm)", w.page, w.text, w.x0, w.x1)
				}
				if !isNumber && (w.y0 < 20-slack || w.y1 > c.h-20+slack) {
					t.Errorf("page %d: %q outside the top/bottom margins (y %.1f–%.1f mm)", w.page, w.text, w.y0, w.y1)
				}
			}
		})
	}
}

// Long text wraps and runs onto further pages; a word longer than a line is cut; a table row
// taller than a page is split between pages.
func TestLongText(t *testing.T) {
	f := sampleRefusal()
	sentence := "Hồ sơ đề nghị không đáp ứng điều kiện theo quy định tại Nghị định số 123/2015/NĐ-CP ngày 15 tháng 11 năm 2015 của Chính phủ. "
	f.Reasons = []string{strings.Repeat(sentence, 60), "https://dichvucong.hanoi.gov.vn/" + strings.Repeat("đường-dẫn-rất-dài/", 20)}
	pdf := render(t, func(b *bytes.Buffer) error { return WriteRefusal(b, f) })
	if n := pages(t, pdf); n < 3 {
		t.Errorf("a 60-sentence reason fits on %d pages", n)
	}
	text := squash(pdftotext(t, pdf))
	if got := strings.Count(text, "Nghị định số 123/2015/NĐ-CP"); got < 55 {
		// A few occurrences may be split across lines; most must be whole.
		t.Errorf("found the sentence %d times of 60", got)
	}
	mustContain(t, text, "NGƯỜI TIẾP NHẬN HỒ SƠ", "đường-dẫn-rất-dài/")

	r := sampleReceipt()
	r.Components = append(r.Components, Component{Name: strings.Repeat("Bản sao giấy tờ chứng minh nơi cư trú của người đi đăng ký. ", 150), Copies: 1})
	pdf = render(t, func(b *bytes.Buffer) error { return WriteReceipt(b, r) })
	if n := pages(t, pdf); n < 3 {
		t.Errorf("a table row of 150 sentences fits on %d pages", n)
	}
	for k := 2; k <= 3; k++ {
		mustContain(t, pdftotext(t, pdf, "-f", strconv.Itoa(k), "-l", strconv.Itoa(k)), "Thành phần hồ sơ", "Bản chính", "Bản sao giấy tờ chứng minh")
	}
}

// The same form gives the same bytes; the creation date is the form's, not the clock's.
func TestDeterministic(t *testing.T) {
	forms := map[string]func(*bytes.Buffer) error{
		"receipt":    func(b *bytes.Buffer) error { return WriteReceipt(b, sampleReceipt()) },
		"supplement": func(b *bytes.Buffer) error { return WriteSupplementRequest(b, sampleSupplement()) },
		"refusal":    func(b *bytes.Buffer) error { return WriteRefusal(b, sampleRefusal()) },
		"apology":    func(b *bytes.Buffer) error { return WriteApology(b, sampleApology()) },
		"control":    func(b *bytes.Buffer) error { return WriteControlSheet(b, sampleControlSheet()) },
		"ledger":     func(b *bytes.Buffer) error { return WriteLedger(b, sampleLedger(50)) },
	}
	for name, write := range forms {
		t.Run(name, func(t *testing.T) {
			a, b := render(t, write), render(t, write)
			if !bytes.Equal(a, b) {
				t.Fatal("two renderings differ")
			}
		})
	}
	// The same instant in another location gives the same bytes.
	f := sampleReceipt()
	a := render(t, func(b *bytes.Buffer) error { return WriteReceipt(b, f) })
	f.IssuedAt, f.ReceivedAt, f.DueAt = f.IssuedAt.UTC(), f.ReceivedAt.UTC(), f.DueAt.UTC()
	if b := render(t, func(b *bytes.Buffer) error { return WriteReceipt(b, f) }); !bytes.Equal(a, b) {
		t.Error("the location of the times changes the PDF")
	}
	if !bytes.Contains(a, []byte("/CreationDate(D:20250305083000+07'00')")) {
		t.Errorf("creation date is not IssuedAt: %q", regexp.MustCompile(`/CreationDate\([^)]*\)`).Find(a))
	}
}

func TestValidation(t *testing.T) {
	noCode := sampleReceipt()
	noCode.Code = " "
	early := sampleReceipt()
	early.DueAt = early.ReceivedAt.Add(-time.Hour)
	noReason := sampleRefusal()
	noReason.Reasons = []string{"", " "}
	noItems := sampleSupplement()
	noItems.Items = nil
	apology := sampleApology()
	apology.NewDueAt = apology.OriginalDueAt.Add(-24 * time.Hour)
	noSigner := sampleApology()
	noSigner.Signer.Name = ""
	badHandover := sampleControlSheet()
	badHandover.Handovers[1].To = ""
	ledger := sampleLedger(1)
	ledger.To = ledger.From.AddDays(-1)

	for _, c := range []struct {
		name  string
		write func(*bytes.Buffer) error
		code  string
		field string
	}{
		{"receipt without code", func(b *bytes.Buffer) error { return WriteReceipt(b, noCode) }, CodeRequired, "Code"},
		{"due before received", func(b *bytes.Buffer) error { return WriteReceipt(b, early) }, CodeTimeOrder, "DueAt"},
		{"refusal without reason", func(b *bytes.Buffer) error { return WriteRefusal(b, noReason) }, CodeRequired, "Reasons"},
		{"supplement without items", func(b *bytes.Buffer) error { return WriteSupplementRequest(b, noItems) }, CodeRequired, "Items"},
		{"new appointment before the old", func(b *bytes.Buffer) error { return WriteApology(b, apology) }, CodeTimeOrder, "NewDueAt"},
		{"apology unsigned", func(b *bytes.Buffer) error { return WriteApology(b, noSigner) }, CodeRequired, "Signer.Name"},
		{"hand-over to nobody", func(b *bytes.Buffer) error { return WriteControlSheet(b, badHandover) }, CodeRequired, "Handovers.To"},
		{"ledger period reversed", func(b *bytes.Buffer) error { return WriteLedger(b, ledger) }, CodeTimeOrder, "To"},
		{"empty ledger", func(b *bytes.Buffer) error { return WriteLedger(b, Ledger{}) }, CodeRequired, "Agency.Name"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := c.write(&buf)
			var e *errs.Error
			if !errors.As(err, &e) || e.Kind != errs.Invalid || e.Code != c.code || e.Field != c.field {
				t.Fatalf("got %v, want invalid %s on %s", err, c.code, c.field)
			}
			if buf.Len() != 0 {
				t.Error("wrote something for an invalid form")
			}
			if !norm.NFC.IsNormalString(e.Message) || e.Message == "" {
				t.Errorf("message %q", e.Message)
			}
		})
	}
}

// An empty ledger is still a register page: title, headings, page number.
func TestLedgerEmpty(t *testing.T) {
	l := sampleLedger(0)
	text := pdftotext(t, render(t, func(b *bytes.Buffer) error { return WriteLedger(b, l) }))
	mustContain(t, text, "SỔ THEO DÕI HỒ SƠ", "Mã hồ sơ", "Trang 1/1")
}

// A writer that fails gives an internal error.
func TestWriteError(t *testing.T) {
	err := WriteReceipt(failWriter{}, sampleReceipt())
	if errs.KindOf(err) != errs.Internal {
		t.Fatalf("got %v", err)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// The spreadsheet of the ledger has the PDF's columns and one row per entry.
func TestLedgerSheet(t *testing.T) {
	l := sampleLedger(12)
	s := LedgerSheet(l)
	if len(s.Columns) != len(ledgerColumns) || len(ledgerSheetWidths) != len(ledgerColumns) {
		t.Fatalf("%d columns, %d widths, want %d", len(s.Columns), len(ledgerSheetWidths), len(ledgerColumns))
	}
	for k, c := range s.Columns {
		if c.Header != ledgerColumns[k].title || c.Width <= 0 {
			t.Errorf("column %d: %+v", k, c)
		}
	}
	if len(s.Rows) != 12 {
		t.Fatalf("%d rows", len(s.Rows))
	}
	var buf bytes.Buffer
	if err := xlsx.Write(&buf, s); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<v>12</v>", l.Entries[0].Code, "Nguyễn Thị Hương", "Số 1 phố Hàng Bạc; ĐT: 0910000000", ShortDateTime(l.Entries[0].ReceivedAt)} {
		if !sheetContains(t, buf.Bytes(), want) {
			t.Errorf("sheet lacks %q", want)
		}
	}
}

func sheetContains(t *testing.T, data []byte, want string) bool {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := z.Open("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, _ := io.ReadAll(f)
	return bytes.Contains(b, []byte(want))
}
