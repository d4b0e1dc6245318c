package pay

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/egov-vn/egov/internal/errs"
)

// VietQR is a bank-transfer QR code under NAPAS's VietQR standard: an EMVCo merchant-presented
// QR payload whose merchant account information (ID 38) names the NAPAS 247 inter-bank transfer
// to an account (service QRIBFTTA). Any Vietnamese banking app scans it and fills in the
// beneficiary bank, the account, the amount and the transfer content.
//
// The payload is a string of ID/length/value fields: two-digit ID, two-digit length, value.
//
//	00 payload format indicator  "01"
//	01 point of initiation       "11" static (reusable), "12" dynamic (one payment, with amount)
//	38 merchant account info     00 NAPAS GUID "A000000727"
//	                             01 beneficiary: 00 acquirer BIN (6 digits), 01 account number
//	                             02 service code "QRIBFTTA" (transfer to an account)
//	53 currency                  "704" (VND, ISO 4217)
//	54 amount                    digits, VND (absent in a static code without amount)
//	58 country                   "VN"
//	62 additional data           08 purpose of transaction: our payment reference
//	63 CRC                       CRC-16/CCITT-FALSE of everything before it including "6304",
//	                             four upper-case hex digits
type VietQR struct {
	BIN     string // acquirer id of the beneficiary's bank (mã BIN ngân hàng), 6 digits, e.g. "970415"
	Account string // beneficiary account number, 1 to 19 letters or digits
	// Amount is in VND; 0 only for a static code (the payer types the amount).
	Amount int64
	// Reference is the transfer content (nội dung chuyển khoản) the payer's bank sends with the
	// transfer: the payment reference that reconciliation matches. See CheckReference.
	Reference string
	// Static makes a reusable code (point of initiation 11); a payment code is dynamic (12).
	Static bool
}

// The fixed values of the VietQR payload.
const (
	napasGUID       = "A000000727"
	serviceTransfer = "QRIBFTTA"
	currencyVND     = "704"
	countryVN       = "VN"
	maxAccount      = 19
)

// Check validates q (see the package's error codes).
func (q VietQR) Check() error {
	if len(q.BIN) != 6 || strings.Trim(q.BIN, "0123456789") != "" {
		return errs.Invalidf("bin", CodeInvalidBIN, "Mã BIN ngân hàng phải gồm đúng 6 chữ số (ví dụ 970415).",
			"The bank BIN must be exactly 6 digits (e.g. 970415).")
	}
	okAccount := q.Account != "" && len(q.Account) <= maxAccount
	for _, c := range q.Account {
		if !isAlnum(c) {
			okAccount = false
		}
	}
	if !okAccount {
		return errs.Invalidf("account", CodeInvalidAccount, "Số tài khoản thụ hưởng phải gồm 1 đến 19 chữ số hoặc chữ cái không dấu.",
			"The account number must be 1 to 19 ASCII letters or digits.")
	}
	if !(q.Static && q.Amount == 0) {
		if err := CheckAmount(q.Amount); err != nil {
			return err
		}
	}
	if q.Reference != "" || !q.Static {
		if err := CheckReference(q.Reference); err != nil {
			return err
		}
	}
	return nil
}

// Payload returns the payload string encoded in the QR code. Errors: those of Check.
func (q VietQR) Payload() (string, error) {
	if err := q.Check(); err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString(tlv("00", "01"))
	if q.Static {
		b.WriteString(tlv("01", "11"))
	} else {
		b.WriteString(tlv("01", "12"))
	}
	b.WriteString(tlv("38", tlv("00", napasGUID)+tlv("01", tlv("00", q.BIN)+tlv("01", q.Account))+tlv("02", serviceTransfer)))
	b.WriteString(tlv("53", currencyVND))
	if q.Amount > 0 {
		b.WriteString(tlv("54", strconv.FormatInt(q.Amount, 10)))
	}
	b.WriteString(tlv("58", countryVN))
	if q.Reference != "" {
		b.WriteString(tlv("62", tlv("08", q.Reference)))
	}
	b.WriteString("6304")
	return b.String() + CRC(b.String()), nil
}

// tlv is one field; values are ASCII and at most 99 characters (Check makes sure).
func tlv(id, v string) string { return fmt.Sprintf("%s%02d%s", id, len(v), v) }

// CRC returns the CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF, no reflection, no final
// XOR) of s as four upper-case hex digits: the value of field 63, computed over the payload up to
// and including "6304".
func CRC(s string) string {
	crc := uint16(0xFFFF)
	for i := 0; i < len(s); i++ {
		crc ^= uint16(s[i]) << 8
		for k := 0; k < 8; k++ {
			if crc&0x8000 != 0 {
				crc = crc<<1 ^ 0x1021
			} else {
				crc <<= 1
			}
		}
	}
	return fmt.Sprintf("%04X", crc)
}

// field is one parsed ID/length/value field.
type field struct{ id, value string }

// fields splits s into its ID/length/value fields.
func fields(s string) ([]field, bool) {
	var out []field
	for len(s) > 0 {
		if len(s) < 4 {
			return nil, false
		}
		n, err := strconv.Atoi(s[2:4])
		if err != nil || n < 0 || len(s) < 4+n || strings.Trim(s[:2], "0123456789") != "" {
			return nil, false
		}
		out = append(out, field{s[:2], s[4 : 4+n]})
		s = s[4+n:]
	}
	return out, true
}

func find(fs []field, id string) (string, bool) {
	for _, f := range fs {
		if f.id == id {
			return f.value, true
		}
	}
	return "", false
}

// ParseVietQR reads a VietQR payload back: it checks the structure and the CRC, that it is a
// NAPAS transfer to an account in VND, and returns its fields. Fields it does not use (a merchant
// name, a city…) are allowed and ignored. Errors: Invalid "invalid_vietqr" (with what is wrong),
// or those of Check for the bank, account and amount found.
func ParseVietQR(payload string) (VietQR, error) {
	bad := func(why, en string) (VietQR, error) {
		return VietQR{}, errs.Invalidf("payload", CodeInvalidVietQR, "Mã VietQR không hợp lệ: "+why+".", "Invalid VietQR payload: "+en+".")
	}
	if len(payload) < 8 || payload[len(payload)-8:len(payload)-4] != "6304" {
		return bad("thiếu mã kiểm tra CRC ở cuối", "no CRC at the end")
	}
	if CRC(payload[:len(payload)-4]) != strings.ToUpper(payload[len(payload)-4:]) {
		return bad("sai mã kiểm tra CRC", "CRC mismatch")
	}
	fs, ok := fields(payload)
	if !ok {
		return bad("sai cấu trúc trường dữ liệu", "malformed fields")
	}
	if v, _ := find(fs, "00"); v != "01" {
		return bad("sai phiên bản dữ liệu (trường 00)", "payload format indicator is not 01")
	}
	var q VietQR
	switch v, _ := find(fs, "01"); v {
	case "11":
		q.Static = true
	case "12":
	default:
		return bad("sai phương thức khởi tạo (trường 01)", "point of initiation is not 11 or 12")
	}
	mai, _ := find(fs, "38")
	sub, ok := fields(mai)
	if !ok {
		return bad("sai thông tin tài khoản (trường 38)", "malformed merchant account information")
	}
	if v, _ := find(sub, "00"); v != napasGUID {
		return bad("không phải mã của NAPAS (trường 38)", "not a NAPAS GUID")
	}
	if v, _ := find(sub, "02"); v != serviceTransfer {
		return bad("không phải chuyển khoản đến tài khoản (mã dịch vụ QRIBFTTA)", "service code is not QRIBFTTA")
	}
	benef, _ := find(sub, "01")
	bf, ok := fields(benef)
	if !ok {
		return bad("sai thông tin người thụ hưởng", "malformed beneficiary")
	}
	q.BIN, _ = find(bf, "00")
	q.Account, _ = find(bf, "01")
	if v, _ := find(fs, "53"); v != currencyVND {
		return bad("đơn vị tiền tệ không phải VND (704)", "currency is not 704")
	}
	if v, _ := find(fs, "58"); v != countryVN {
		return bad("mã quốc gia không phải VN", "country is not VN")
	}
	if v, ok := find(fs, "54"); ok {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || strings.Trim(v, "0123456789") != "" {
			return bad("số tiền không phải số nguyên (trường 54)", "amount is not a whole number")
		}
		q.Amount = n
	}
	if add, ok := find(fs, "62"); ok {
		af, ok := fields(add)
		if !ok {
			return bad("sai dữ liệu bổ sung (trường 62)", "malformed additional data")
		}
		q.Reference, _ = find(af, "08")
	}
	if last := fs[len(fs)-1]; last.id != "63" {
		return bad("trường CRC phải ở cuối", "CRC is not the last field")
	}
	// The transfer content of a code made elsewhere may be free text: only ours must be a
	// reference (Check), so it is not checked here.
	parsed := q
	parsed.Reference = ""
	if !q.Static {
		parsed.Reference = "X"
	}
	return q, parsed.Check()
}
