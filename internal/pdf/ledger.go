package pdf

import (
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/calendar"
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
		sets := e.Sets
		if sets == 0 {
			sets = 1
		}
		contact := strings.TrimSpace(e.Address)
		if e.Phone != "" {
			if contact != "" {
				contact += "; "
			}
			contact += "ĐT: " + e.Phone
		}
		rows[k] = []cell{
			plain(strconv.Itoa(k + 1)),
			plain(e.Code),
			plain(e.Procedure),
			plain(strconv.Itoa(sets)),
			plain(e.Applicant),
			plain(contact),
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
