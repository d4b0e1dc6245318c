// Package xlsx writes minimal Excel workbooks (.xlsx, Office Open XML SpreadsheetML): one or more
// sheets, each with a bold header row that stays in view, column widths, an autofilter, and cells
// that are text or numbers. It is enough to export registers such as the Sổ theo dõi hồ sơ, and no
// more: no formulas, no formats beyond the header, no reading.
//
// Text is written as inline strings, normalised to NFC, with characters XML cannot carry removed.
// Numbers are written as numbers (so they sum and sort), dates as text in Vietnamese order (Date,
// DateTime), so that no spreadsheet reinterprets them. The output is deterministic: the same sheets
// give the same bytes.
package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/egov-vn/egov/internal/errs"
)

// Sheet is one worksheet.
type Sheet struct {
	// Name is the tab's name: 1 to 31 characters, none of : \ / ? * [ ], not starting or ending
	// with an apostrophe, unique in the workbook regardless of case.
	Name    string
	Columns []Column // the header row, in bold, and the widths; may be empty
	Rows    [][]Cell // the body; a row may be shorter or longer than Columns
}

// Column is a column's heading and width.
type Column struct {
	Header string
	// Width is in characters of the default font, as spreadsheets measure it; 0 leaves the
	// default width.
	Width float64
}

// Cell is one cell's value: text, a number, or empty (the zero Cell).
type Cell struct {
	kind cellKind
	text string
	num  float64
}

type cellKind int

const (
	empty cellKind = iota
	text
	number
)

// Text is a text cell; the empty string gives an empty cell.
func Text(s string) Cell {
	if s == "" {
		return Cell{}
	}
	return Cell{kind: text, text: s}
}

// Number is a numeric cell. NaN and infinities are refused by Write.
func Number(f float64) Cell { return Cell{kind: number, num: f} }

// Int is a numeric cell holding n.
func Int(n int) Cell { return Number(float64(n)) }

// vietnam is UTC+7 (Asia/Ho_Chi_Minh has no daylight saving time).
var vietnam = time.FixedZone("ICT", 7*3600)

// Date is a text cell "05/03/2025" with t's date in Vietnam time; the zero time gives an empty
// cell.
func Date(t time.Time) Cell {
	if t.IsZero() {
		return Cell{}
	}
	return Text(t.In(vietnam).Format("02/01/2006"))
}

// DateTime is a text cell "05/03/2025 08:30" with t in Vietnam time; the zero time gives an empty
// cell.
func DateTime(t time.Time) Cell {
	if t.IsZero() {
		return Cell{}
	}
	return Text(t.In(vietnam).Format("02/01/2006 15:04"))
}

// The limits of the format.
const (
	maxRows      = 1 << 20 // including the header row
	maxCols      = 1 << 14
	maxCellText  = 32767 // characters
	maxSheetName = 31
)

// The error codes of Write (errs.Invalid).
const (
	CodeNoSheets         = "no_sheets"
	CodeInvalidSheetName = "invalid_sheet_name"
	CodeDuplicateSheet   = "duplicate_sheet_name"
	CodeTooLarge         = "sheet_too_large"
	CodeInvalidNumber    = "invalid_number"
	CodeCellTooLong      = "cell_too_long"
)

// Write writes a workbook of the sheets, in order, to w. Errors: errs.Invalid with one of the
// codes above when a sheet cannot be written (nothing is written then); errs.Internal when w
// fails.
func Write(w io.Writer, sheets ...Sheet) error {
	if err := check(sheets); err != nil {
		return err
	}
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	put := func(name string, body func(*bytes.Buffer)) error {
		// A fixed time keeps the archive the same for the same sheets.
		f, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			return err
		}
		var b bytes.Buffer
		b.WriteString(xml.Header)
		body(&b)
		_, err = f.Write(b.Bytes())
		return err
	}
	parts := []struct {
		name string
		body func(*bytes.Buffer)
	}{
		{"[Content_Types].xml", func(b *bytes.Buffer) { contentTypes(b, len(sheets)) }},
		{"_rels/.rels", rootRels},
		{"xl/workbook.xml", func(b *bytes.Buffer) { workbook(b, sheets) }},
		{"xl/_rels/workbook.xml.rels", func(b *bytes.Buffer) { workbookRels(b, len(sheets)) }},
		{"xl/styles.xml", styles},
	}
	for k := range sheets {
		s := sheets[k]
		parts = append(parts, struct {
			name string
			body func(*bytes.Buffer)
		}{fmt.Sprintf("xl/worksheets/sheet%d.xml", k+1), func(b *bytes.Buffer) { worksheet(b, s) }})
	}
	for _, p := range parts {
		if err := put(p.name, p.body); err != nil {
			return errs.Wrap(err, "xlsx: "+p.name)
		}
	}
	if err := z.Close(); err != nil {
		return errs.Wrap(err, "xlsx: closing the archive")
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return errs.Wrap(err, "xlsx: writing")
	}
	return nil
}

// check validates the sheets before anything is written.
func check(sheets []Sheet) error {
	if len(sheets) == 0 {
		return errs.New(errs.Invalid, CodeNoSheets, "Bảng tính cần ít nhất một trang.", "A workbook needs at least one sheet.")
	}
	seen := map[string]bool{}
	for k, s := range sheets {
		field := fmt.Sprintf("sheets[%d]", k)
		name := norm.NFC.String(s.Name)
		n := utf8.RuneCountInString(name)
		if n == 0 || n > maxSheetName || strings.ContainsAny(name, `:\/?*[]`) ||
			strings.HasPrefix(name, "'") || strings.HasSuffix(name, "'") || xmlClean(name) != name {
			return errs.Invalidf(field+".name", CodeInvalidSheetName,
				fmt.Sprintf("Tên trang %q không hợp lệ: cần 1–31 ký tự, không chứa : \\ / ? * [ ].", s.Name),
				fmt.Sprintf("Sheet name %q is invalid: 1-31 characters, none of : \\ / ? * [ ].", s.Name))
		}
		key := strings.ToLower(name)
		if seen[key] {
			return errs.Invalidf(field+".name", CodeDuplicateSheet,
				fmt.Sprintf("Tên trang %q bị trùng.", s.Name), fmt.Sprintf("Sheet name %q is used twice.", s.Name))
		}
		seen[key] = true
		if len(s.Rows)+1 > maxRows || len(s.Columns) > maxCols {
			return errs.Invalidf(field, CodeTooLarge, "Trang tính vượt quá giới hạn số dòng hoặc số cột.", "The sheet has too many rows or columns.")
		}
		if err := checkText(field+".columns", s.Columns); err != nil {
			return err
		}
		for r, row := range s.Rows {
			if len(row) > maxCols {
				return errs.Invalidf(fmt.Sprintf("%s.rows[%d]", field, r), CodeTooLarge, "Dòng có quá nhiều cột.", "The row has too many columns.")
			}
			for c, cell := range row {
				f := fmt.Sprintf("%s.rows[%d][%d]", field, r, c)
				switch {
				case cell.kind == number && (math.IsNaN(cell.num) || math.IsInf(cell.num, 0)):
					return errs.Invalidf(f, CodeInvalidNumber, "Ô chứa giá trị số không hợp lệ.", "The cell holds NaN or an infinity.")
				case cell.kind == text && utf8.RuneCountInString(cell.text) > maxCellText:
					return errs.Invalidf(f, CodeCellTooLong, "Nội dung ô vượt quá 32.767 ký tự.", "The cell holds more than 32,767 characters.")
				}
			}
		}
	}
	return nil
}

func checkText(field string, cols []Column) error {
	for c, col := range cols {
		if utf8.RuneCountInString(col.Header) > maxCellText {
			return errs.Invalidf(fmt.Sprintf("%s[%d]", field, c), CodeCellTooLong, "Nội dung ô vượt quá 32.767 ký tự.", "The cell holds more than 32,767 characters.")
		}
	}
	return nil
}

const (
	nsMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsRel  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsPkg  = "http://schemas.openxmlformats.org/package/2006/relationships"
)

func contentTypes(b *bytes.Buffer, n int) {
	b.WriteString(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`)
	b.WriteString(`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`)
	b.WriteString(`<Default Extension="xml" ContentType="application/xml"/>`)
	b.WriteString(`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`)
	b.WriteString(`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`)
	for k := 1; k <= n; k++ {
		fmt.Fprintf(b, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, k)
	}
	b.WriteString(`</Types>`)
}

func rootRels(b *bytes.Buffer) {
	b.WriteString(`<Relationships xmlns="` + nsPkg + `">`)
	b.WriteString(`<Relationship Id="rId1" Type="` + nsRel + `/officeDocument" Target="xl/workbook.xml"/>`)
	b.WriteString(`</Relationships>`)
}

func workbook(b *bytes.Buffer, sheets []Sheet) {
	b.WriteString(`<workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `"><sheets>`)
	for k, s := range sheets {
		fmt.Fprintf(b, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, attr(s.Name), k+1, k+1)
	}
	b.WriteString(`</sheets>`)
	// The autofilter of each sheet with a header row needs its defined name.
	var names strings.Builder
	for k, s := range sheets {
		if ref, ok := filterRef(s); ok {
			fmt.Fprintf(&names, `<definedName name="_xlnm._FilterDatabase" localSheetId="%d" hidden="1">%s!%s</definedName>`,
				k, attr(quoteSheet(s.Name)), absolute(ref))
		}
	}
	if names.Len() > 0 {
		b.WriteString(`<definedNames>` + names.String() + `</definedNames>`)
	}
	b.WriteString(`</workbook>`)
}

func workbookRels(b *bytes.Buffer, n int) {
	b.WriteString(`<Relationships xmlns="` + nsPkg + `">`)
	for k := 1; k <= n; k++ {
		fmt.Fprintf(b, `<Relationship Id="rId%d" Type="%s/worksheet" Target="worksheets/sheet%d.xml"/>`, k, nsRel, k)
	}
	fmt.Fprintf(b, `<Relationship Id="rId%d" Type="%s/styles" Target="styles.xml"/>`, n+1, nsRel)
	b.WriteString(`</Relationships>`)
}

// The cell styles (indices into cellXfs).
const (
	styleBody   = 0 // plain
	styleHeader = 1 // bold, centred, wrapped
)

func styles(b *bytes.Buffer) {
	b.WriteString(`<styleSheet xmlns="` + nsMain + `">`)
	b.WriteString(`<fonts count="2">` +
		`<font><sz val="12"/><name val="Times New Roman"/><family val="1"/></font>` +
		`<font><b/><sz val="12"/><name val="Times New Roman"/><family val="1"/></font></fonts>`)
	b.WriteString(`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>`)
	b.WriteString(`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>`)
	b.WriteString(`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>`)
	b.WriteString(`<cellXfs count="2">` +
		`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
		`<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">` +
		`<alignment horizontal="center" vertical="center" wrapText="1"/></xf></cellXfs>`)
	b.WriteString(`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>`)
	b.WriteString(`</styleSheet>`)
}

func worksheet(b *bytes.Buffer, s Sheet) {
	b.WriteString(`<worksheet xmlns="` + nsMain + `" xmlns:r="` + nsRel + `">`)
	width := len(s.Columns)
	for _, row := range s.Rows {
		width = max(width, len(row))
	}
	height := len(s.Rows)
	if len(s.Columns) > 0 {
		height++
	}
	if width > 0 && height > 0 {
		fmt.Fprintf(b, `<dimension ref="A1:%s"/>`, Ref(width-1, height-1))
	} else {
		b.WriteString(`<dimension ref="A1"/>`)
	}
	if len(s.Columns) > 0 {
		// Keep the header row in view when scrolling.
		b.WriteString(`<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>`)
	} else {
		b.WriteString(`<sheetViews><sheetView workbookViewId="0"/></sheetViews>`)
	}
	b.WriteString(`<sheetFormatPr defaultRowHeight="15.75"/>`)
	var cols strings.Builder
	for k, c := range s.Columns {
		if c.Width > 0 {
			fmt.Fprintf(&cols, `<col min="%d" max="%d" width="%s" customWidth="1"/>`, k+1, k+1, strconv.FormatFloat(c.Width, 'f', -1, 64))
		}
	}
	if cols.Len() > 0 {
		b.WriteString(`<cols>` + cols.String() + `</cols>`)
	}
	b.WriteString(`<sheetData>`)
	r := 0
	if len(s.Columns) > 0 {
		b.WriteString(`<row r="1">`)
		for k, c := range s.Columns {
			writeCell(b, k, 0, Text(c.Header), styleHeader)
		}
		b.WriteString(`</row>`)
		r = 1
	}
	for _, row := range s.Rows {
		fmt.Fprintf(b, `<row r="%d">`, r+1)
		for k, c := range row {
			writeCell(b, k, r, c, styleBody)
		}
		b.WriteString(`</row>`)
		r++
	}
	b.WriteString(`</sheetData>`)
	if ref, ok := filterRef(s); ok {
		fmt.Fprintf(b, `<autoFilter ref="%s"/>`, ref)
	}
	b.WriteString(`</worksheet>`)
}

// filterRef is the range of the autofilter: the header row and the body under it.
func filterRef(s Sheet) (string, bool) {
	if len(s.Columns) == 0 {
		return "", false
	}
	return "A1:" + Ref(len(s.Columns)-1, len(s.Rows)), true
}

func writeCell(b *bytes.Buffer, col, row int, c Cell, style int) {
	ref := Ref(col, row)
	switch c.kind {
	case text:
		fmt.Fprintf(b, `<c r="%s" t="inlineStr"`, ref)
		if style != styleBody {
			fmt.Fprintf(b, ` s="%d"`, style)
		}
		b.WriteString(`><is><t xml:space="preserve">`)
		_ = xml.EscapeText(b, []byte(xmlClean(norm.NFC.String(c.text))))
		b.WriteString(`</t></is></c>`)
	case number:
		fmt.Fprintf(b, `<c r="%s"`, ref)
		if style != styleBody {
			fmt.Fprintf(b, ` s="%d"`, style)
		}
		fmt.Fprintf(b, `><v>%s</v></c>`, strconv.FormatFloat(c.num, 'g', -1, 64))
	default:
		if style != styleBody {
			fmt.Fprintf(b, `<c r="%s" s="%d"/>`, ref, style)
		}
	}
}

// Ref is the A1-style reference of the cell in column col and row row, both counted from 0:
// Ref(0, 0) = "A1", Ref(27, 9) = "AB10".
func Ref(col, row int) string {
	return colName(col) + strconv.Itoa(row+1)
}

// colName is the letters of column col (from 0): A … Z, AA … ZZ, AAA …
func colName(col int) string {
	var s []byte
	for col++; col > 0; col = (col - 1) / 26 {
		s = append([]byte{byte('A' + (col-1)%26)}, s...)
	}
	return string(s)
}

// absolute makes "A1:C10" into "$A$1:$C$10".
func absolute(ref string) string {
	var b strings.Builder
	letters := false
	for _, c := range ref {
		switch {
		case c >= 'A' && c <= 'Z':
			if !letters {
				b.WriteByte('$')
			}
			letters = true
		case c >= '0' && c <= '9':
			if letters {
				b.WriteByte('$')
			}
			letters = false
		default:
			letters = false
		}
		b.WriteRune(c)
	}
	return b.String()
}

// quoteSheet quotes a sheet name for a formula reference: 'Sổ theo dõi'.
func quoteSheet(name string) string {
	return "'" + strings.ReplaceAll(norm.NFC.String(name), "'", "''") + "'"
}

// attr escapes s for an attribute value.
func attr(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(xmlClean(norm.NFC.String(s))))
	return b.String()
}

// xmlClean drops the characters XML 1.0 cannot carry (most control characters, surrogates,
// U+FFFE and U+FFFF).
func xmlClean(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return r
		case r < 0x20, r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
			return -1
		}
		return r
	}, s)
}
