// Package pay is the money side of a dossier: fees (phí, lệ phí) paid by bank transfer through a
// VietQR code or through a payment gateway (cổng thanh toán), and what the receipt says about
// them. It is pure domain logic: the VietQR payload (NAPAS/EMVCo merchant-presented QR), the
// VNPAY gateway protocol (payment URL, return URL, IPN), payment references and amounts in words.
// It imports no storage and no HTTP server code and never reads the wall clock.
//
// Error codes returned by this package (all *errs.Error):
//
//	invalid_amount      Invalid  an amount of 0 or less, or above MaxAmount
//	invalid_bin         Invalid  a bank BIN (acquirer id) that is not 6 digits
//	invalid_account     Invalid  a bank account number that is empty, too long or not letters and digits
//	invalid_reference   Invalid  a payment reference too long or with characters a bank transfer cannot carry
//	invalid_vietqr      Invalid  a VietQR payload that does not parse (bad TLV, CRC, fields)
//	invalid_signature   Invalid  a gateway message whose signature does not match
//	invalid_notification Invalid a gateway message missing a field or with a malformed one
package pay

import (
	"crypto/rand"
	"strings"

	"github.com/egov-vn/egov/internal/errs"
)

// Method is how a fee is paid.
type Method string

// The payment methods.
const (
	MethodVietQR  Method = "vietqr"  // bank transfer by scanning a VietQR code (chuyển khoản)
	MethodGateway Method = "gateway" // through the payment gateway (cổng thanh toán)
)

// Valid reports whether m is one of the methods.
func (m Method) Valid() bool { return m == MethodVietQR || m == MethodGateway }

// Label is the method's Vietnamese name.
func (m Method) Label() string {
	switch m {
	case MethodVietQR:
		return "Chuyển khoản qua mã VietQR"
	case MethodGateway:
		return "Cổng thanh toán trực tuyến"
	}
	return string(m)
}

// State is the state of one payment attempt.
type State string

// The states of a payment attempt: pending until the gateway (or an official, for a transfer)
// confirms it paid, or the gateway reports it failed. paid and failed are final.
const (
	StatePending State = "pending"
	StatePaid    State = "paid"
	StateFailed  State = "failed"
)

// Label is the state's Vietnamese name.
func (s State) Label() string {
	switch s {
	case StatePending:
		return "Đang chờ thanh toán"
	case StatePaid:
		return "Đã thanh toán"
	case StateFailed:
		return "Không thành công"
	}
	return string(s)
}

// MaxAmount is the largest fee accepted in one payment, in VND (one billion đồng): far above any
// administrative fee, and within what a VietQR amount field and a gateway order carry.
const MaxAmount int64 = 1_000_000_000

// The error codes.
const (
	CodeInvalidAmount       = "invalid_amount"
	CodeInvalidBIN          = "invalid_bin"
	CodeInvalidAccount      = "invalid_account"
	CodeInvalidReference    = "invalid_reference"
	CodeInvalidVietQR       = "invalid_vietqr"
	CodeInvalidSignature    = "invalid_signature"
	CodeInvalidNotification = "invalid_notification"
)

// CheckAmount accepts an amount in VND above 0 and at most MaxAmount.
func CheckAmount(amount int64) error {
	if amount <= 0 || amount > MaxAmount {
		return errs.Invalidf("amount", CodeInvalidAmount, "Số tiền phải lớn hơn 0 và không quá 1.000.000.000 đồng.",
			"The amount must be above 0 and at most 1,000,000,000 VND.")
	}
	return nil
}

// MaxReference is the longest payment reference: it must fit the purpose of transaction of a
// VietQR code (25 characters) and a gateway's order reference.
const MaxReference = 25

// CheckReference accepts a payment reference: 1 to MaxReference upper- or lower-case ASCII
// letters and digits. Banks strip or refuse anything else in a transfer's content, so a
// reference with other characters could not be matched back.
func CheckReference(ref string) error {
	ok := ref != "" && len(ref) <= MaxReference
	for _, c := range ref {
		if !isAlnum(c) {
			ok = false
		}
	}
	if !ok {
		return errs.Invalidf("reference", CodeInvalidReference,
			"Mã thanh toán phải gồm 1 đến 25 chữ cái không dấu hoặc chữ số, không có dấu cách hay ký tự đặc biệt.",
			"The payment reference must be 1 to 25 ASCII letters or digits.")
	}
	return nil
}

func isAlnum(c rune) bool {
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
}

// referenceAlphabet leaves out 0/O and 1/I, which people misread when they type a reference from
// a bank statement.
const referenceAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// NewReference returns a fresh payment reference: "HS" and 12 random characters, e.g.
// "HS7K3Q9XW2MZ4P". It is the transfer content of a VietQR payment and the order reference
// (vnp_TxnRef) of a gateway payment, and is unique with overwhelming probability (60 bits).
func NewReference() string {
	var b [12]byte
	rand.Read(b[:])
	var sb strings.Builder
	sb.WriteString("HS")
	for _, x := range b {
		sb.WriteByte(referenceAlphabet[int(x)%len(referenceAlphabet)])
	}
	return sb.String()
}

// NormalizeReference prepares a reference typed by an official from a bank statement: spaces
// removed, upper case.
func NormalizeReference(s string) string {
	return strings.ToUpper(strings.Join(strings.Fields(s), ""))
}
