package pdf

import (
	"bytes"
	"compress/zlib"
	"html"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/calendar"
	"github.com/egov-vn/egov/internal/clock"
)

// Realistic Hà Nội data for the forms, with full diacritics.

func vn(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, clock.Vietnam)
}

var (
	desk = Agency{Parent: "Ủy ban nhân dân phường Hoàn Kiếm", Name: "Bộ phận Một cửa"}

	huong = Person{
		Name:     "Nguyễn Thị Hương",
		IDNumber: "001190012345",
		Address:  "Số 12 phố Hàng Bạc, phường Hoàn Kiếm, thành phố Hà Nội",
		Phone:    "0912 345 678",
		Email:    "huong.nguyen@example.vn",
	}

	birthComponents = []Component{
		{Name: "Tờ khai đăng ký khai sinh theo mẫu", Originals: 1},
		{Name: "Giấy chứng sinh do cơ sở y tế nơi trẻ sinh ra cấp", Originals: 1},
		{Name: "Giấy chứng nhận kết hôn của cha, mẹ (nếu cha, mẹ đã đăng ký kết hôn)", Certified: 1, Copies: 1},
		{Name: "Văn bản ủy quyền theo quy định của pháp luật trong trường hợp ủy quyền thực hiện việc đăng ký khai sinh; trường hợp người được ủy quyền là ông, bà, cha, mẹ, con, vợ, chồng, anh, chị, em ruột của người ủy quyền thì văn bản ủy quyền không phải chứng thực", Originals: 1},
	}
)

const code = "000.00.12.H26-250305-0007"

func sampleReceipt() Receipt {
	return Receipt{
		Agency:        desk,
		Place:         "Hà Nội",
		IssuedAt:      vn(2025, 3, 5, 8, 30),
		Code:          code,
		LookupURL:     "https://dichvucong.hanoi.gov.vn/tra-cuu?ma=" + code,
		ReceivingUnit: "Bộ phận Một cửa Ủy ban nhân dân phường Hoàn Kiếm",
		Submitter:     huong,
		Procedure:     "Đăng ký khai sinh",
		Owner:         Person{Name: "Trần Minh Khôi", Address: "Số 12 phố Hàng Bạc, phường Hoàn Kiếm, thành phố Hà Nội"},
		FeeMethod:     "Miễn lệ phí",
		Components:    birthComponents,
		Sets:          1,
		Duration:      "03 ngày làm việc",
		ReceivedAt:    vn(2025, 3, 5, 8, 30),
		DueAt:         vn(2025, 3, 10, 8, 30),
		ResultAt:      "Bộ phận Một cửa Ủy ban nhân dân phường Hoàn Kiếm",
		Receiver:      "Lê Thu Trang",
	}
}

func sampleSupplement() SupplementRequest {
	return SupplementRequest{
		Agency:    desk,
		Number:    "15/HDHS",
		Place:     "Hà Nội",
		IssuedAt:  vn(2025, 3, 6, 14, 15),
		Code:      code,
		Unit:      "Bộ phận Một cửa Ủy ban nhân dân phường Hoàn Kiếm",
		Applicant: huong,
		Procedure: "Đăng ký khai sinh",
		Stage:     DuringProcessing,
		Items: []SupplementItem{
			{Component: Component{Name: "Giấy chứng sinh do cơ sở y tế nơi trẻ sinh ra cấp", Originals: 1}, Reason: "Bản đã nộp bị nhòe, không đọc được họ tên người mẹ"},
			{Component: Component{Name: "Giấy chứng nhận kết hôn của cha, mẹ", Certified: 1}},
		},
		Reason:       "Hồ sơ chưa đầy đủ, giấy tờ nộp kèm không hợp lệ theo quy định.",
		LegalBasis:   "Điều 16 Luật Hộ tịch năm 2014; Điều 9 Nghị định số 123/2015/NĐ-CP.",
		Deadline:     vn(2025, 3, 20, 17, 0),
		PortalURL:    "https://dichvucong.hanoi.gov.vn",
		Contact:      "Lê Thu Trang",
		ContactPhone: "024 3825 1234 (máy lẻ 105)",
		Guide:        "Lê Thu Trang",
	}
}

func sampleRefusal() Refusal {
	return Refusal{
		Agency:    desk,
		Place:     "Hà Nội",
		IssuedAt:  vn(2025, 3, 5, 9, 5),
		Code:      code,
		Unit:      "Ủy ban nhân dân phường Hoàn Kiếm",
		Applicant: huong,
		Procedure: "Đăng ký kết hôn",
		Stage:     RefusedAtReception,
		Reasons: []string{
			"Bên nữ chưa đủ tuổi kết hôn theo quy định tại điểm a khoản 1 Điều 8 Luật Hôn nhân và gia đình năm 2014.",
			"Hồ sơ thuộc thẩm quyền giải quyết của Ủy ban nhân dân cấp xã nơi cư trú của một trong hai bên.",
		},
		Contact:      "Lê Thu Trang",
		ContactPhone: "024 3825 1234",
		Receiver:     "Lê Thu Trang",
	}
}

func sampleApology() Apology {
	return Apology{
		Agency:        Agency{Parent: "Ủy ban nhân dân thành phố Hà Nội", Name: "Trung tâm Phục vụ hành chính công thành phố Hà Nội"},
		Number:        "125/TTPVHCC-KSTTHC",
		Place:         "Hà Nội",
		IssuedAt:      vn(2025, 3, 21, 10, 0),
		To:            "Nguyễn Thị Hương",
		ReceivedAt:    vn(2025, 3, 5, 8, 30),
		Procedure:     "Cấp giấy phép xây dựng đối với công trình cấp III",
		Code:          code,
		OriginalDueAt: vn(2025, 3, 24, 8, 30),
		LateAgency:    "Sở Xây dựng thành phố Hà Nội",
		Reason:        "Hồ sơ cần lấy ý kiến thẩm định của Sở Quy hoạch - Kiến trúc về chỉ giới đường đỏ.",
		Status:        "Đang thẩm định tại Sở Xây dựng.",
		NewDueAt:      vn(2025, 3, 31, 14, 0),
		ReturnPlace:   "Trung tâm Phục vụ hành chính công thành phố Hà Nội, số 258 đường Võ Chí Công, phường Phú Thượng",
		Recipients:    []string{"Như trên", "Sở Xây dựng (để phối hợp)", "Văn phòng UBND Thành phố (để b/c)", "Lưu: VT, KSTTHC"},
		Signer:        Signer{Capacity: "KT. Giám đốc", Title: "Phó Giám đốc", Name: "Đặng Quốc Việt"},
	}
}

func sampleControlSheet() ControlSheet {
	return ControlSheet{
		Agency:     desk,
		Place:      "Hà Nội",
		IssuedAt:   vn(2025, 3, 5, 8, 30),
		Code:       code,
		Submitter:  huong,
		Owner:      Person{Name: "Trần Minh Khôi"},
		Procedure:  "Đăng ký khai sinh",
		ReceivedAt: vn(2025, 3, 5, 8, 30),
		Duration:   "03 ngày làm việc",
		DueAt:      vn(2025, 3, 10, 8, 30),
		Components: birthComponents[:3],
		Handovers: []Handover{
			{From: "Bộ phận Một cửa", FromPerson: "Lê Thu Trang", To: "Công chức Tư pháp - Hộ tịch", ToPerson: "Phạm Đức Anh", At: vn(2025, 3, 5, 9, 15), Result: calendar.Early},
			{From: "Công chức Tư pháp - Hộ tịch", FromPerson: "Phạm Đức Anh", To: "Lãnh đạo Ủy ban nhân dân phường", ToPerson: "Vũ Hoàng Nam", At: vn(2025, 3, 6, 16, 40), Result: calendar.OnTime},
			{From: "Lãnh đạo Ủy ban nhân dân phường", FromPerson: "Vũ Hoàng Nam", To: "Bộ phận Một cửa", ToPerson: "Lê Thu Trang", At: vn(2025, 3, 10, 10, 5), Result: calendar.Late, Note: "Chờ ký số do lãnh đạo đi công tác"},
			{From: "Bộ phận Một cửa", To: "Tổ chức, cá nhân"},
		},
	}
}

var (
	ledgerNames   = []string{"Nguyễn Thị Hương", "Trần Văn Đức", "Lê Thị Ánh Tuyết", "Phạm Quốc Hưng", "Hoàng Thị Thu Hà", "Vũ Đình Phúc", "Đặng Thị Ngọc Ánh", "Bùi Xuân Trường"}
	ledgerProcs   = []string{"Đăng ký khai sinh", "Chứng thực bản sao từ bản chính giấy tờ, văn bản", "Đăng ký kết hôn", "Cấp giấy xác nhận tình trạng hôn nhân", "Đăng ký khai tử"}
	ledgerStreets = []string{"Hàng Bạc", "Hàng Đào", "Lương Văn Can", "Hàng Gai", "Đinh Tiên Hoàng"}
)

func sampleLedger(n int) Ledger {
	l := Ledger{
		Agency:   desk,
		From:     calendar.D(2025, 3, 1),
		To:       calendar.D(2025, 3, 31),
		IssuedAt: vn(2025, 4, 1, 8, 0),
	}
	for k := 0; k < n; k++ {
		day := 3 + k%20
		rec := vn(2025, 3, day, 8+k%8, (k*7)%60)
		e := LedgerEntry{
			Code:          "000.00.12.H26-2503" + twoDigits(day) + "-" + strings.Repeat("0", 4-len(strconv.Itoa(k+1))) + strconv.Itoa(k+1),
			Procedure:     ledgerProcs[k%len(ledgerProcs)],
			Sets:          1,
			Applicant:     ledgerNames[k%len(ledgerNames)],
			Address:       "Số " + strconv.Itoa(k+1) + " phố " + ledgerStreets[k%len(ledgerStreets)],
			Phone:         "09" + strconv.Itoa(10000000 + k*7919)[:8],
			LeadAgency:    "UBND phường Hoàn Kiếm",
			ReceivedAt:    rec,
			DueAt:         rec.AddDate(0, 0, 3),
			TransferredAt: rec.Add(45 * time.Minute),
		}
		if k%3 != 0 {
			e.ResultReceivedAt = rec.AddDate(0, 0, 2)
			e.ReturnedAt = rec.AddDate(0, 0, 2).Add(2 * time.Hour)
		}
		if k%10 == 9 {
			e.Note = "Trễ hẹn, đã gửi phiếu xin lỗi"
		}
		l.Entries = append(l.Entries, e)
	}
	return l
}

// pdftotext runs poppler's pdftotext -layout on pdf and returns the text. When pdftotext is absent
// the test is skipped, unless CI is set, where that is a failure.
func pdftotext(t *testing.T, pdf []byte, args ...string) string {
	t.Helper()
	bin := poppler(t, "pdftotext")
	path := writeTemp(t, pdf)
	out, err := exec.Command(bin, append(append([]string{"-layout"}, args...), path, "-")...).Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// poppler finds a poppler-utils program.
func poppler(t *testing.T, name string) string {
	t.Helper()
	bin, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is required in CI (apt-get install -y poppler-utils): %v", name, err)
		}
		t.Skipf("%s not installed (apt-get install -y poppler-utils)", name)
	}
	return bin
}

func writeTemp(t *testing.T, pdf []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "form.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	// Keep a copy to look at when EGOV_PDF_OUT names a directory.
	if dir := os.Getenv("EGOV_PDF_OUT"); dir != "" {
		name := regexp.MustCompile(`[^A-Za-z0-9]+`).ReplaceAllString(t.Name(), "_") + ".pdf"
		_ = os.WriteFile(filepath.Join(dir, name), pdf, 0o644)
	}
	return path
}

// pages reports the page count by pdfinfo.
func pages(t *testing.T, pdf []byte) int {
	t.Helper()
	out, err := exec.Command(poppler(t, "pdfinfo"), writeTemp(t, pdf)).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("pdfinfo: no page count in %s", out)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// squash collapses runs of blanks (not newlines) to one space, so that phrases can be matched in
// pdftotext -layout output whatever the justification.
func squash(s string) string {
	return regexp.MustCompile(`[ \t\x{a0}]+`).ReplaceAllString(s, " ")
}

// mustContain checks that each want occurs in text (blanks squashed).
func mustContain(t *testing.T, text string, want ...string) {
	t.Helper()
	s := squash(text)
	for _, w := range want {
		if !strings.Contains(s, w) {
			t.Errorf("text lacks %q", w)
		}
	}
	if t.Failed() {
		t.Logf("text:\n%s", text)
	}
}

func render(t *testing.T, write func(*bytes.Buffer) error) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const ptPerMM = 72 / 25.4

// pdfinfo returns pdfinfo's report.
func pdfinfo(t *testing.T, pdf []byte) string {
	t.Helper()
	out, err := exec.Command(poppler(t, "pdfinfo"), writeTemp(t, pdf)).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	return string(out)
}

// box is a rectangle in points, from the top left of the page.
type box struct{ x0, y0, x1, y1 float64 }

// imageBoxes finds where images are painted, from the "w 0 0 h x y cm /In Do" operators of the
// content streams (the PDF origin is the bottom left; boxes are returned from the top left of an
// A4 portrait page).
func imageBoxes(t *testing.T, pdf []byte) []box {
	t.Helper()
	var out []box
	op := regexp.MustCompile(`([\d.]+) 0 0\s+([\d.]+) ([\d.]+) ([\d.]+) cm /I\d+ Do`)
	for _, s := range streams(pdf) {
		for _, m := range op.FindAllSubmatch(s, -1) {
			f := make([]float64, 4)
			for k := range f {
				f[k], _ = strconv.ParseFloat(string(m[k+1]), 64)
			}
			w, h, x, y := f[0], f[1], f[2], f[3]
			const pageH = 841.89
			out = append(out, box{x, pageH - y - h, x + w, pageH - y})
		}
	}
	return out
}

// streams returns the streams of pdf, inflated when compressed.
func streams(pdf []byte) [][]byte {
	var out [][]byte
	for rest := pdf; ; {
		k := bytes.Index(rest, []byte("stream\n"))
		if k < 0 {
			return out
		}
		rest = rest[k+len("stream\n"):]
		e := bytes.Index(rest, []byte("endstream"))
		if e < 0 {
			return out
		}
		data := rest[:e]
		if zr, err := zlib.NewReader(bytes.NewReader(data)); err == nil {
			if inflated, err := io.ReadAll(zr); err == nil || len(inflated) > 0 {
				data = inflated
			}
		}
		out = append(out, data)
		rest = rest[e+len("endstream"):]
	}
}

// placed is a word of the text with its box in millimetres from the top left of its page.
type placed struct {
	page           int
	text           string
	x0, y0, x1, y1 float64
}

// words lists the words of pdf with their boxes, by pdftotext -bbox.
func words(t *testing.T, pdf []byte) []placed {
	t.Helper()
	out, err := exec.Command(poppler(t, "pdftotext"), "-bbox", writeTemp(t, pdf), "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	var ws []placed
	page := 0
	re := regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)
	for _, line := range strings.Split(string(out), "\n") {
		if strings.Contains(line, "<page ") {
			page++
			continue
		}
		m := re.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		var f [4]float64
		for k := range f {
			v, _ := strconv.ParseFloat(m[k+1], 64)
			f[k] = v / ptPerMM
		}
		ws = append(ws, placed{page, html.UnescapeString(m[5]), f[0], f[1], f[2], f[3]})
	}
	if len(ws) == 0 {
		t.Fatal("no words in the PDF")
	}
	return ws
}
