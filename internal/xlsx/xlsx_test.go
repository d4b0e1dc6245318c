package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/egov-vn/egov/internal/errs"
)

var ict = time.FixedZone("ICT", 7*3600)

// ledger is a small Sổ theo dõi hồ sơ export.
func ledger() Sheet {
	return Sheet{
		Name: "Sổ theo dõi hồ sơ",
		Columns: []Column{
			{"STT", 6}, {"Mã hồ sơ", 28}, {"Tên thủ tục hành chính", 40}, {"Số lượng hồ sơ (bộ)", 10},
			{"Tên cá nhân, tổ chức", 24}, {"Nhận hồ sơ", 18}, {"Hẹn trả kết quả", 18}, {"Ghi chú", 0},
		},
		Rows: [][]Cell{
			{Int(1), Text("000.00.12.H26-250305-0001"), Text("Đăng ký khai sinh"), Int(1),
				Text("Nguyễn Thị Hương"), DateTime(time.Date(2025, 3, 5, 8, 30, 0, 0, ict)), Date(time.Date(2025, 3, 10, 1, 30, 0, 0, time.UTC)), Text("")},
			{Int(2), Text("000.00.12.H26-250305-0002"), Text(norm.NFD.String("Chứng thực bản sao từ bản chính")), Number(2.5),
				Text("Trần Văn Đức & <Công ty> \"ABC\""), DateTime(time.Date(2025, 3, 5, 2, 5, 0, 0, time.UTC)), Date(time.Time{}), Text("Trễ hẹn\nđã xin lỗi\x01")},
		},
	}
}

func write(t *testing.T, sheets ...Sheet) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, sheets...); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// unzip returns the parts of an archive by name.
func unzip(t *testing.T, data []byte) map[string][]byte {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string][]byte{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		parts[f.Name], err = io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		r.Close()
	}
	return parts
}

type xWorksheet struct {
	Dimension struct {
		Ref string `xml:"ref,attr"`
	} `xml:"dimension"`
	Pane struct {
		YSplit string `xml:"ySplit,attr"`
		State  string `xml:"state,attr"`
	} `xml:"sheetViews>sheetView>pane"`
	Cols []struct {
		Min   int     `xml:"min,attr"`
		Width float64 `xml:"width,attr"`
	} `xml:"cols>col"`
	Rows []struct {
		R     int `xml:"r,attr"`
		Cells []struct {
			R  string `xml:"r,attr"`
			T  string `xml:"t,attr"`
			S  string `xml:"s,attr"`
			V  string `xml:"v"`
			T2 struct {
				Text  string `xml:",chardata"`
				Space string `xml:"http://www.w3.org/XML/1998/namespace space,attr"`
			} `xml:"is>t"`
		} `xml:"c"`
	} `xml:"sheetData>row"`
	AutoFilter struct {
		Ref string `xml:"ref,attr"`
	} `xml:"autoFilter"`
}

type xStyles struct {
	Fonts []struct {
		B *struct{} `xml:"b"`
	} `xml:"fonts>font"`
	Xfs []struct {
		FontID int `xml:"fontId,attr"`
	} `xml:"cellXfs>xf"`
}

func TestWriteParsesBack(t *testing.T) {
	second := Sheet{Name: "Tổng hợp", Rows: [][]Cell{{Text("Tổng số hồ sơ"), Int(2)}}}
	parts := unzip(t, write(t, ledger(), second))
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"} {
		if _, ok := parts[name]; !ok {
			t.Fatalf("missing part %s", name)
		}
	}
	// Every part is well-formed XML.
	for name, data := range parts {
		d := xml.NewDecoder(bytes.NewReader(data))
		for {
			if _, err := d.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
	}

	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
		Defined []string `xml:"definedNames>definedName"`
	}
	mustUnmarshal(t, parts["xl/workbook.xml"], &wb)
	if len(wb.Sheets) != 2 || wb.Sheets[0].Name != "Sổ theo dõi hồ sơ" || wb.Sheets[1].Name != "Tổng hợp" || wb.Sheets[1].ID != "rId2" {
		t.Errorf("sheets: %+v", wb.Sheets)
	}
	if len(wb.Defined) != 1 || wb.Defined[0] != "'Sổ theo dõi hồ sơ'!$A$1:$H$3" {
		t.Errorf("defined names: %q", wb.Defined)
	}

	var ws xWorksheet
	mustUnmarshal(t, parts["xl/worksheets/sheet1.xml"], &ws)
	if ws.Dimension.Ref != "A1:H3" || ws.AutoFilter.Ref != "A1:H3" {
		t.Errorf("dimension %q, autofilter %q", ws.Dimension.Ref, ws.AutoFilter.Ref)
	}
	if ws.Pane.YSplit != "1" || ws.Pane.State != "frozen" {
		t.Errorf("header row not frozen: %+v", ws.Pane)
	}
	if len(ws.Cols) != 7 || ws.Cols[1].Min != 2 || ws.Cols[1].Width != 28 {
		t.Errorf("column widths: %+v", ws.Cols)
	}
	if len(ws.Rows) != 3 {
		t.Fatalf("rows: %d", len(ws.Rows))
	}

	// The header row is bold text.
	var st xStyles
	mustUnmarshal(t, parts["xl/styles.xml"], &st)
	for k, c := range ws.Rows[0].Cells {
		if c.T != "inlineStr" || c.S == "" {
			t.Fatalf("header cell %s: %+v", c.R, c)
		}
		xf := st.Xfs[atoi(t, c.S)]
		if st.Fonts[xf.FontID].B == nil {
			t.Errorf("header cell %s is not bold", c.R)
		}
		if want := ledger().Columns[k].Header; c.T2.Text != want {
			t.Errorf("header %s = %q, want %q", c.R, c.T2.Text, want)
		}
	}

	// Body: numbers as numbers, text as NFC text, dates as text in Vietnam time, empty cells
	// left out, control characters dropped, markup escaped.
	type got struct{ ref, kind, value string }
	var cells []got
	for _, row := range ws.Rows[1:] {
		for _, c := range row.Cells {
			if c.S != "" {
				t.Errorf("body cell %s has style %s", c.R, c.S)
			}
			if c.T == "inlineStr" {
				cells = append(cells, got{c.R, "s", c.T2.Text})
			} else {
				cells = append(cells, got{c.R, "n", c.V})
			}
		}
	}
	want := []got{
		{"A2", "n", "1"}, {"B2", "s", "000.00.12.H26-250305-0001"}, {"C2", "s", "Đăng ký khai sinh"}, {"D2", "n", "1"},
		{"E2", "s", "Nguyễn Thị Hương"}, {"F2", "s", "05/03/2025 08:30"}, {"G2", "s", "10/03/2025"},
		{"A3", "n", "2"}, {"B3", "s", "000.00.12.H26-250305-0002"}, {"C3", "s", "Chứng thực bản sao từ bản chính"}, {"D3", "n", "2.5"},
		{"E3", "s", "Trần Văn Đức & <Công ty> \"ABC\""}, {"F3", "s", "05/03/2025 09:05"}, {"H3", "s", "Trễ hẹn\nđã xin lỗi"},
	}
	if len(cells) != len(want) {
		t.Fatalf("cells:\n%v\nwant\n%v", cells, want)
	}
	for k := range want {
		if cells[k] != want[k] {
			t.Errorf("cell %d = %+v, want %+v", k, cells[k], want[k])
		}
	}
	if !norm.NFC.IsNormal(parts["xl/worksheets/sheet1.xml"]) {
		t.Error("sheet XML is not NFC")
	}

	// A sheet without columns has no header, no frozen pane, no filter.
	var ws2 xWorksheet
	mustUnmarshal(t, parts["xl/worksheets/sheet2.xml"], &ws2)
	if len(ws2.Rows) != 1 || ws2.Rows[0].R != 1 || ws2.Pane.State != "" || ws2.AutoFilter.Ref != "" {
		t.Errorf("second sheet: %+v", ws2)
	}
}

func TestRef(t *testing.T) {
	for _, c := range []struct {
		col, row int
		want     string
	}{{0, 0, "A1"}, {25, 0, "Z1"}, {26, 1, "AA2"}, {27, 9, "AB10"}, {51, 0, "AZ1"}, {52, 0, "BA1"}, {701, 0, "ZZ1"}, {702, 0, "AAA1"}, {16383, 1048575, "XFD1048576"}} {
		if got := Ref(c.col, c.row); got != c.want {
			t.Errorf("Ref(%d, %d) = %q, want %q", c.col, c.row, got, c.want)
		}
	}
}

func TestDeterministic(t *testing.T) {
	if a, b := write(t, ledger()), write(t, ledger()); !bytes.Equal(a, b) {
		t.Error("two writes differ")
	}
}

func TestInvalid(t *testing.T) {
	long := Sheet{Name: "A", Rows: [][]Cell{{Text(strings.Repeat("ă", maxCellText+1))}}}
	for _, c := range []struct {
		name   string
		sheets []Sheet
		code   string
	}{
		{"no sheets", nil, CodeNoSheets},
		{"empty name", []Sheet{{Name: ""}}, CodeInvalidSheetName},
		{"long name", []Sheet{{Name: strings.Repeat("Sổ", 16)}}, CodeInvalidSheetName},
		{"slash", []Sheet{{Name: "Tháng 3/2025"}}, CodeInvalidSheetName},
		{"apostrophe", []Sheet{{Name: "'Sổ"}}, CodeInvalidSheetName},
		{"duplicate", []Sheet{{Name: "Sổ theo dõi"}, {Name: "SỔ THEO DÕI"}}, CodeDuplicateSheet},
		{"duplicate NFD", []Sheet{{Name: "Tổng hợp"}, {Name: norm.NFD.String("Tổng hợp")}}, CodeDuplicateSheet},
		{"NaN", []Sheet{{Name: "A", Rows: [][]Cell{{Number(math.NaN())}}}}, CodeInvalidNumber},
		{"infinity", []Sheet{{Name: "A", Rows: [][]Cell{{Number(math.Inf(1))}}}}, CodeInvalidNumber},
		{"long text", []Sheet{long}, CodeCellTooLong},
	} {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := Write(&buf, c.sheets...)
			var e *errs.Error
			if !errors.As(err, &e) || e.Kind != errs.Invalid || e.Code != c.code {
				t.Fatalf("got %v, want %s", err, c.code)
			}
			if buf.Len() != 0 {
				t.Error("wrote something")
			}
		})
	}
	if err := Write(failWriter{}, ledger()); errs.KindOf(err) != errs.Internal {
		t.Errorf("failing writer: %v", err)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// openpyxl, when installed, reads the workbook as a spreadsheet program would.
func TestOpenpyxl(t *testing.T) {
	if exec.Command("python3", "-c", "import openpyxl").Run() != nil {
		t.Skip("python3 with openpyxl not available")
	}
	path := filepath.Join(t.TempDir(), "ledger.xlsx")
	if err := os.WriteFile(path, write(t, ledger()), 0o644); err != nil {
		t.Fatal(err)
	}
	script := `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
print(json.dumps({"names": wb.sheetnames, "bold": ws["A1"].font.b, "width": ws.column_dimensions["B"].width,
  "freeze": ws.freeze_panes, "rows": [[c for c in r] for r in ws.iter_rows(values_only=True)]}))
`
	out, err := exec.Command("python3", "-c", script, path).Output()
	if err != nil {
		t.Fatalf("openpyxl: %v", err)
	}
	var got struct {
		Names  []string
		Bold   bool
		Width  float64
		Freeze string
		Rows   [][]any
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if got.Names[0] != "Sổ theo dõi hồ sơ" || !got.Bold || got.Width != 28 || got.Freeze != "A2" {
		t.Errorf("workbook: %+v", got)
	}
	if len(got.Rows) != 3 || got.Rows[1][0] != float64(1) || got.Rows[1][4] != "Nguyễn Thị Hương" || got.Rows[2][3] != 2.5 || got.Rows[1][5] != "05/03/2025 08:30" {
		t.Errorf("rows: %v", got.Rows)
	}
}

func mustUnmarshal(t *testing.T, data []byte, v any) {
	t.Helper()
	if err := xml.Unmarshal(data, v); err != nil {
		t.Fatalf("%v in %s", err, data)
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			t.Fatalf("not a number: %q", s)
		}
		n = n*10 + int(c-'0')
	}
	return n
}
