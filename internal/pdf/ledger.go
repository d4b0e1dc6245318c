package pdf

import (
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/calendar"
	"github.com/egov-vn/egov/internal/xlsx"
)

// LedgerEntry is one dossier in the ledger: one row.
type LedgerEntry struct {
	Code             string    // mã hồ sơ
	Procedure        string    // tên thủ tục hành chính
	Sets             int       // số lượng hồ sơ (bộ); 0 means 1
	Applicant        string    // tên cá nhân, tổ chức
	Address          string    // địa chỉ
	Phone            string    // số điện thoại (printed with the address)
	LeadAgency       string    // cơ quan chủ trì giải quyết
	ReceivedAt       time.Time // nhận hồ sơ
	DueAt            time.Time // hẹn trả kết quả
	TransferredAt    time.Time // chuyển hồ sơ đến cơ quan giải quyết; zero when not yet
	ResultReceivedAt time.Time // nhận kết quả từ cơ quan giải quyết; zero when not yet
	ReturnedAt       time.Time // trả kết quả cho cá nhân, tổ chức; zero when not yet
	Note             string    // ghi chú
}

// Ledger is Mẫu 06 (TT 01/2018/TT-VPCP), Sổ theo dõi hồ sơ (domain-vn §7.7): the register of the
// dossiers a unit received in a period, printed landscape, the column headings repeated on every
// page and the pages numbered "Trang k/n".
type Ledger struct {
	Agency   Agency        // the unit whose register it is. Required.
	From, To calendar.Date // the period, inclusive. Required, From ≤ To.
	// IssuedAt is the PDF's creation date (when the register was printed). Required.
	IssuedAt time.Time
	Entries  []LedgerEntry // in the order printed; STT counts from 1
}

// The ledger's columns (domain-vn §7.7; the column list is UNCONFIRMED there) and their widths on
// landscape A4 (252 mm of text width).
var ledgerColumns = []column{
	{title: "STT", w: 10, align: alignCenter},
	{title: "Mã hồ sơ", w: 24, align: alignLeft},
	{title: "Tên thủ tục hành chính", w: 29, align: alignLeft},
	{title: "Số lượng hồ sơ (bộ)", w: 12, align: alignCenter},
	{title: "Tên cá nhân, tổ chức", w: 27, align: alignLeft},
	{title: "Địa chỉ, số điện thoại", w: 27, align: alignLeft},
	{title: "Cơ quan chủ trì giải quyết", w: 22, align: alignLeft},
	{title: "Nhận hồ sơ (ngày, tháng, năm)", w: 17, align: alignCenter},
	{title: "Hẹn trả kết quả", w: 17, align: alignCenter},
	{title: "Chuyển hồ sơ đến cơ quan giải quyết", w: 17, align: alignCenter},
	{title: "Nhận kết quả từ cơ quan giải quyết", w: 17, align: alignCenter},
	{title: "Trả kết quả cho cá nhân, tổ chức (ngày; ký nhận)", w: 17, align: alignCenter},
	{title: "Ghi chú", w: 16, align: alignLeft},
}

// sizeLedger is the type size of the ledger's table, points.
const sizeLedger = 9.0

// WriteLedger writes the Ledger as a landscape A4 PDF of as many pages as the entries need.
// Errors: errs.Invalid "required" or "invalid_time_order" naming the field; errs.Internal when
// drawing fails.
func WriteLedger(w io.Writer, f Ledger) error {
	c := checker{form: "Sổ theo dõi hồ sơ"}
	c.text("Agency.Name", "tên đơn vị", f.Agency.Name)
	c.time("IssuedAt", "ngày in sổ", f.IssuedAt)
	if f.From.IsZero() {
		c.text("From", "ngày đầu kỳ", "")
	}
	if f.To.IsZero() {
		c.text("To", "ngày cuối kỳ", "")
	}
	c.order("From", "ngày đầu kỳ", f.From.In(time.UTC), "To", "ngày cuối kỳ", f.To.In(time.UTC))
	if c.err != nil {
		return c.err
	}
	d := newDoc(a4Landscape, meta{
		title:   "Sổ theo dõi hồ sơ " + civilDate(f.From) + " - " + civilDate(f.To),
		subject: f.Agency.Name, author: f.Agency.Name, created: f.IssuedAt,
	})

	// The unit at the top left, the title centred under it.
	leftW := 0.4 * d.width()
	y := d.y
	if f.Agency.Parent != "" {
		y = d.block(d.left(), leftW, y, sizeHead, alignCenter, r(upper(f.Agency.Parent)))
	}
	y = d.block(d.left(), leftW, y, sizeHead, alignCenter, b(upper(f.Agency.Name)))
	ruleW := leftW / 3
	d.line(d.left()+(leftW-ruleW)/2, y+0.6, d.left()+(leftW+ruleW)/2, y+0.6)
	d.y = y + 4
	d.title(d.left(), d.width(), "Sổ theo dõi hồ sơ",
		i("Từ ngày "+civilDate(f.From)+" đến ngày "+civilDate(f.To)))

	t := newTable(sizeLedger, ledgerColumns...)
	rows := make([][]cell, len(f.Entries))
	for k, e := range f.Entries {
		rows[k] = []cell{
			plain(strconv.Itoa(k + 1)),
			plain(e.Code),
			plain(e.Procedure),
			plain(strconv.Itoa(e.sets())),
			plain(e.Applicant),
			plain(e.contact()),
			plain(e.LeadAgency),
			plain(ShortDateTime(e.ReceivedAt)),
			plain(ShortDateTime(e.DueAt)),
			plain(ShortDateTime(e.TransferredAt)),
			plain(ShortDateTime(e.ResultReceivedAt)),
			plain(ShortDateTime(e.ReturnedAt)),
			plain(e.Note),
		}
	}
	t.rows(d, rows)
	d.numberPages(1, false, func(k, n int) string { return "Trang " + strconv.Itoa(k) + "/" + strconv.Itoa(n) })
	return d.finish(w, "ledger")
}

func (e LedgerEntry) sets() int {
	if e.Sets == 0 {
		return 1
	}
	return e.Sets
}

// contact is the address and phone, as one cell: "Số 12 phố Hàng Bạc; ĐT: 0912 345 678".
func (e LedgerEntry) contact() string {
	c := strings.TrimSpace(e.Address)
	if e.Phone != "" {
		if c != "" {
			c += "; "
		}
		c += "ĐT: " + e.Phone
	}
	return c
}

// ledgerSheetWidths are the spreadsheet widths of ledgerColumns, in characters.
var ledgerSheetWidths = []float64{6, 27, 36, 10, 26, 34, 26, 17, 17, 17, 17, 17, 24}

// LedgerSheet is the ledger as a spreadsheet for xlsx.Write: the same columns as the PDF, one row
// per entry, STT and the number of sets as numbers, times as text ("08:30 05/03/2025"). The sheet
// is named "Sổ theo dõi hồ sơ"; the unit and the period are left to the file's name.
func LedgerSheet(f Ledger) xlsx.Sheet {
	s := xlsx.Sheet{Name: "Sổ theo dõi hồ sơ", Columns: make([]xlsx.Column, len(ledgerColumns))}
	for k, c := range ledgerColumns {
		s.Columns[k] = xlsx.Column{Header: c.title, Width: ledgerSheetWidths[k]}
	}
	s.Rows = make([][]xlsx.Cell, len(f.Entries))
	for k, e := range f.Entries {
		s.Rows[k] = []xlsx.Cell{
			xlsx.Int(k + 1),
			xlsx.Text(e.Code),
			xlsx.Text(e.Procedure),
			xlsx.Int(e.sets()),
			xlsx.Text(e.Applicant),
			xlsx.Text(e.contact()),
			xlsx.Text(e.LeadAgency),
			xlsx.Text(ShortDateTime(e.ReceivedAt)),
			xlsx.Text(ShortDateTime(e.DueAt)),
			xlsx.Text(ShortDateTime(e.TransferredAt)),
			xlsx.Text(ShortDateTime(e.ResultReceivedAt)),
			xlsx.Text(ShortDateTime(e.ReturnedAt)),
			xlsx.Text(e.Note),
		}
	}
	return s
}
