package dossier

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/calendar"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
)

// Code is a mã số hồ sơ (domain-vn §5.1): the receiving unit, the local date of reception and the
// sequence number of the dossier in that unit on that day, written
// V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX under Thông tư 01/2018/TT-VPCP Art. 19.
//
// A code is assigned once and never rewritten, even when the unit is later merged or dissolved
// (R5.1d): Unit is frozen.
type Code struct {
	// Unit is the OrganID of the unit that received the dossier. For a Legacy code it is the
	// shortened unit part exactly as received (e.g. "H56.14").
	Unit string
	Date calendar.Date // the local (UTC+7) date of reception
	Seq  int           // 1 … 9999 under TT 01/2018
	// Legacy marks a code in a shortened form seen in imported data (H56.14-240823-0001); such
	// codes are kept as received and never generated.
	Legacy bool
}

// String writes the code: Unit-YYMMDD-XXXX.
func (c Code) String() string {
	return fmt.Sprintf("%s-%02d%02d%02d-%04d", c.Unit, c.Date.Year%100, int(c.Date.Month), c.Date.Day, c.Seq)
}

// CodeFormat is one version of the dossier-code format (R5.1e). The format in force is chosen by
// the local date of reception (FormatFor), so that a later regulation (TT 03/2025/TT-VPCP is
// reported to re-specify the code) adds a format without touching codes already issued.
type CodeFormat interface {
	// Name identifies the format and its legal basis, e.g. "TT01/2018".
	Name() string
	// EffectiveFrom is the first reception date the format applies to.
	EffectiveFrom() calendar.Date
	// MaxSeq is the largest daily sequence number the format can write.
	MaxSeq() int
	// Format writes the code of the seq-th dossier received by the unit organID on the local date.
	// Errors: "invalid_organ_id", "invalid_date", "invalid_sequence", "daily_sequence_exhausted".
	Format(organID string, date calendar.Date, seq int) (string, error)
	// Parse reads a code written in this format, strictly. Error: "invalid_dossier_code".
	Parse(s string) (Code, error)
}

// The error codes of dossier codes.
const (
	CodeInvalidDossierCode     = "invalid_dossier_code"
	CodeInvalidSequence        = "invalid_sequence"
	CodeDailySequenceExhausted = "daily_sequence_exhausted"
	CodeInvalidDate            = "invalid_date"
	CodeSequenceDateBackwards  = "sequence_date_backwards"
)

// TT01 is the format of Thông tư 01/2018/TT-VPCP Art. 19: OrganID-YYMMDD-XXXX with a four-digit
// daily sequence (R5.1a–R5.1c). It is the default and, until another format is registered, the
// only one.
var TT01 CodeFormat = tt01{}

// codeFormats lists the formats by EffectiveFrom, oldest first.
var codeFormats = []CodeFormat{TT01}

// FormatFor returns the format in force for dossiers received on the local date d: the last one
// whose EffectiveFrom is not after d, or the oldest for an earlier date.
func FormatFor(d calendar.Date) CodeFormat {
	f := codeFormats[0]
	for _, g := range codeFormats[1:] {
		if !d.Before(g.EffectiveFrom()) {
			f = g
		}
	}
	return f
}

// LocalDate is the civil date of t in Vietnam (UTC+7), the date a dossier code carries (R5.1b):
// 00:30 on 01/01/2026 in Hà Nội is 17:30 UTC on 31/12/2025 and its date is 2026-01-01.
func LocalDate(t time.Time) calendar.Date { return calendar.DateOf(t) }

// FormatCode writes the code of the seq-th dossier received by the unit organID at the instant at,
// with the format in force on the local date of at. See CodeFormat.Format for the errors; seq above
// the format's MaxSeq (9999) fails loudly with errs.Conflict "daily_sequence_exhausted" (R5.1c).
func FormatCode(organID string, at time.Time, seq int) (string, error) {
	d := LocalDate(at)
	return FormatFor(d).Format(organID, d, seq)
}

// ParseCode parses a code strictly, as every registered format writes it (today TT01: R5.1a
// ^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4}$, with a valid OrganID, a date that exists and a
// sequence from 0001). Error: errs.Invalid "invalid_dossier_code", field "code".
func ParseCode(s string) (Code, error) {
	var first error
	for i := len(codeFormats) - 1; i >= 0; i-- {
		c, err := codeFormats[i].Parse(s)
		if err == nil {
			return c, nil
		}
		if first == nil {
			first = err
		}
	}
	return Code{}, first
}

var legacyCodePattern = regexp.MustCompile(`^([A-Z]\d{2}(?:\.\d{2,3}){0,3})-(\d{6})-(\d{4})$`)

// ParseCodeLenient is for imports only. It accepts what ParseCode accepts, with surrounding spaces
// trimmed, and also the shortened unit form seen in practice, a level-1 code followed by up to three
// numeric parts (H56.14-240823-0001, TV-CODE-07), returned with Legacy set and Unit as received.
// Codes are never generated in that form. Error: errs.Invalid "invalid_dossier_code".
func ParseCodeLenient(s string) (Code, error) {
	s = strings.TrimSpace(s)
	if c, err := ParseCode(s); err == nil {
		return c, nil
	}
	m := legacyCodePattern.FindStringSubmatch(s)
	if m == nil {
		return Code{}, invalidCode(s)
	}
	d, seq, ok := dateSeq(m[2], m[3])
	if !ok {
		return Code{}, invalidCode(s)
	}
	return Code{Unit: m[1], Date: d, Seq: seq, Legacy: true}, nil
}

func invalidCode(s string) error {
	return errs.Invalidf("code", CodeInvalidDossierCode,
		fmt.Sprintf("Mã hồ sơ %q không đúng định dạng <mã định danh cơ quan>-<NNTTNN>-<số thứ tự 4 chữ số>, ví dụ 000.00.06.H56-231027-0361.", s),
		fmt.Sprintf("Dossier code %q is not of the form <agency code>-<YYMMDD>-<4-digit sequence>, e.g. 000.00.06.H56-231027-0361.", s))
}

// dateSeq reads YYMMDD (years 2000–2099) and a sequence from 1.
func dateSeq(yymmdd, xxxx string) (calendar.Date, int, bool) {
	yy, _ := strconv.Atoi(yymmdd[:2])
	mm, _ := strconv.Atoi(yymmdd[2:4])
	dd, _ := strconv.Atoi(yymmdd[4:])
	d := calendar.D(2000+yy, time.Month(mm), dd)
	seq, _ := strconv.Atoi(xxxx)
	return d, seq, d.Valid() && seq >= 1
}

type tt01 struct{}

var tt01Pattern = regexp.MustCompile(`^(\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})-(\d{6})-(\d{4})$`)

func (tt01) Name() string { return "TT01/2018" }

// EffectiveFrom is the signing date of Thông tư 01/2018/TT-VPCP (23/11/2018).
func (tt01) EffectiveFrom() calendar.Date { return calendar.D(2018, time.November, 23) }

func (tt01) MaxSeq() int { return 9999 }

func (f tt01) Format(organID string, date calendar.Date, seq int) (string, error) {
	if _, err := org.ParseOrganID(organID); err != nil {
		return "", err
	}
	if !date.Valid() || date.Year < 2000 || date.Year > 2099 {
		return "", errs.Invalidf("date", CodeInvalidDate,
			fmt.Sprintf("Ngày tiếp nhận %s không ghi được trong mã hồ sơ (chỉ các năm 2000–2099).", date),
			fmt.Sprintf("Reception date %s cannot be written in a dossier code (years 2000–2099 only).", date))
	}
	if seq < 1 {
		return "", errs.Invalidf("seq", CodeInvalidSequence,
			fmt.Sprintf("Số thứ tự hồ sơ trong ngày phải từ 1 (nhận được %d).", seq),
			fmt.Sprintf("The daily sequence number starts at 1 (got %d).", seq))
	}
	if seq > f.MaxSeq() {
		return "", errs.New(errs.Conflict, CodeDailySequenceExhausted,
			fmt.Sprintf("Đơn vị %s đã cấp hết %d mã hồ sơ của ngày %02d/%02d/%04d; không thể cấp thêm mã trong ngày.", organID, f.MaxSeq(), date.Day, int(date.Month), date.Year),
			fmt.Sprintf("Unit %s has used all %d dossier codes of %s.", organID, f.MaxSeq(), date))
	}
	return Code{Unit: organID, Date: date, Seq: seq}.String(), nil
}

func (tt01) Parse(s string) (Code, error) {
	m := tt01Pattern.FindStringSubmatch(s)
	if m == nil {
		return Code{}, invalidCode(s)
	}
	if _, err := org.ParseOrganID(m[1]); err != nil {
		return Code{}, invalidCode(s)
	}
	d, seq, ok := dateSeq(m[2], m[3])
	if !ok {
		return Code{}, invalidCode(s)
	}
	return Code{Unit: m[1], Date: d, Seq: seq}, nil
}

// DailySequence is a unit's dossier counter (DossierSeq {date, next}, domain-vn §3.1): the local
// date of the last number taken and the next number for that date. The store keeps one per unit
// and updates it under a row lock, so that several processes never hand out the same number.
type DailySequence struct {
	Date calendar.Date
	Next int
}

// Take returns the sequence number for a dossier received on the local date d, and the counter
// to store back. Numbers start at 1 each day (the counter resets when the date changes: R5.1c),
// increase strictly and are never reused; a number taken for a dossier that is then abandoned is
// simply skipped (gap-tolerant). A date before the counter's date (a clock that went backwards)
// could reuse a number of that earlier day, so it fails with errs.Conflict
// "sequence_date_backwards". Take does not check the format's maximum: FormatCode does.
func (c DailySequence) Take(d calendar.Date) (int, DailySequence, error) {
	switch {
	case c.Date.IsZero() || d.After(c.Date):
		return 1, DailySequence{Date: d, Next: 2}, nil
	case d.Before(c.Date):
		return 0, c, errs.New(errs.Conflict, CodeSequenceDateBackwards,
			fmt.Sprintf("Ngày cấp mã hồ sơ %s ở trước ngày %s của bộ đếm: đồng hồ hệ thống có thể bị lùi.", d, c.Date),
			fmt.Sprintf("Dossier code date %s is before the counter's date %s: the system clock may have gone back.", d, c.Date))
	}
	n := max(c.Next, 1)
	return n, DailySequence{Date: d, Next: n + 1}, nil
}
