package pay

import (
	"crypto/hmac"
	"crypto/sha512"
	"encoding/hex"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/errs"
)

// VNPAY is a merchant's connection to the VNPAY payment gateway, protocol version 2.1.0, as VNPAY
// documents it for merchants ("Hướng dẫn tích hợp Cổng thanh toán VNPAY",
// sandbox.vnpayment.vn/apis/docs/thanh-toan-pay/pay.html):
//
//   - The merchant sends the payer's browser to the gateway with a payment URL: the parameters
//     vnp_Version=2.1.0, vnp_Command=pay, vnp_TmnCode, vnp_Amount (VND × 100), vnp_CurrCode=VND,
//     vnp_TxnRef (the merchant's order reference, unique), vnp_OrderInfo (ASCII, no diacritics),
//     vnp_OrderType, vnp_Locale, vnp_ReturnUrl, vnp_IpAddr, vnp_CreateDate and vnp_ExpireDate
//     (yyyyMMddHHmmss, Vietnam time), then vnp_SecureHash.
//   - vnp_SecureHash is the HMAC-SHA512, keyed with the merchant's secret, of the parameters
//     sorted by name and joined as name=value with "&", names and values URL-encoded (space as
//     "+"), vnp_SecureHash and vnp_SecureHashType left out; lower-case hex.
//   - When the payment ends, the gateway calls the merchant's IPN URL server to server (GET with
//     the result parameters, signed the same way) and the merchant answers JSON {"RspCode",
//     "Message"}: 00 confirmed, 01 order not found, 02 order already confirmed, 04 invalid
//     amount, 97 invalid signature, 99 other error. The gateway retries until it gets 00 or 02.
//   - It also sends the browser back to vnp_ReturnUrl with the same signed parameters, for
//     showing the result.
//   - The payment succeeded when vnp_ResponseCode and vnp_TransactionStatus are both "00".
type VNPAY struct {
	TmnCode    string // mã website (terminal code) of the merchant, 8 characters
	Secret     string // vnp_HashSecret: never in flags or files, only from the environment
	GatewayURL string // e.g. https://sandbox.vnpayment.vn/paymentv2/vpcpay.html
}

// VNPAYVersion is the protocol version spoken.
const VNPAYVersion = "2.1.0"

// Configured reports whether the gateway can be used.
func (g *VNPAY) Configured() bool {
	return g != nil && g.TmnCode != "" && g.Secret != "" && g.GatewayURL != ""
}

// Order is one payment sent to the gateway.
type Order struct {
	Reference string // vnp_TxnRef; see CheckReference
	Amount    int64  // VND
	Info      string // vnp_OrderInfo; made ASCII without diacritics
	ReturnURL string // where the gateway sends the browser back
	IPAddr    string // the payer's address
	CreatedAt time.Time
	ExpiresAt time.Time // zero: 15 minutes after CreatedAt
}

// vnTime is the gateway's time format, in Vietnam time.
const vnTime = "20060102150405"

var vietnam = time.FixedZone("ICT", 7*3600)

// PaymentURL returns the URL to send the payer's browser to. Errors: Invalid (amount, reference).
func (g *VNPAY) PaymentURL(o Order) (string, error) {
	if err := CheckAmount(o.Amount); err != nil {
		return "", err
	}
	if err := CheckReference(o.Reference); err != nil {
		return "", err
	}
	if o.ExpiresAt.IsZero() {
		o.ExpiresAt = o.CreatedAt.Add(15 * time.Minute)
	}
	v := url.Values{}
	v.Set("vnp_Version", VNPAYVersion)
	v.Set("vnp_Command", "pay")
	v.Set("vnp_TmnCode", g.TmnCode)
	v.Set("vnp_Amount", strconv.FormatInt(o.Amount*100, 10))
	v.Set("vnp_CurrCode", "VND")
	v.Set("vnp_TxnRef", o.Reference)
	v.Set("vnp_OrderInfo", ASCII(o.Info))
	v.Set("vnp_OrderType", "other")
	v.Set("vnp_Locale", "vn")
	v.Set("vnp_ReturnUrl", o.ReturnURL)
	v.Set("vnp_IpAddr", orDefault(o.IPAddr, "127.0.0.1"))
	v.Set("vnp_CreateDate", o.CreatedAt.In(vietnam).Format(vnTime))
	v.Set("vnp_ExpireDate", o.ExpiresAt.In(vietnam).Format(vnTime))
	data := HashData(v)
	return g.GatewayURL + "?" + data + "&vnp_SecureHash=" + Sign(g.Secret, data), nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// HashData is the text VNPAY signs: the parameters other than vnp_SecureHash and
// vnp_SecureHashType with a value, sorted by name, each name=value URL-encoded, joined by "&".
// It is also the query string of the payment URL.
func HashData(v url.Values) string {
	names := make([]string, 0, len(v))
	for k := range v {
		if k == "vnp_SecureHash" || k == "vnp_SecureHashType" || v.Get(k) == "" {
			continue
		}
		names = append(names, k)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, k := range names {
		parts[i] = formEncode(k) + "=" + formEncode(v.Get(k))
	}
	return strings.Join(parts, "&")
}

// formEncode URL-encodes s as HTML forms do (and as VNPAY's reference code does): letters,
// digits and "-_." stay, a space becomes "+", every other byte is %XX.
func formEncode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_', c == '.':
			b.WriteByte(c)
		case c == ' ':
			b.WriteByte('+')
		default:
			b.WriteByte('%')
			b.WriteByte("0123456789ABCDEF"[c>>4])
			b.WriteByte("0123456789ABCDEF"[c&15])
		}
	}
	return b.String()
}

// Sign returns the HMAC-SHA512 of data keyed with secret, in lower-case hex.
func Sign(secret, data string) string {
	m := hmac.New(sha512.New, []byte(secret))
	m.Write([]byte(data))
	return hex.EncodeToString(m.Sum(nil))
}

// SignValues sets v's vnp_SecureHash from its other parameters: what the gateway does to the
// result it returns.
func SignValues(secret string, v url.Values) {
	v.Set("vnp_SecureHash", Sign(secret, HashData(v)))
}

// Result is what the gateway reports about a payment (return URL and IPN).
type Result struct {
	Reference         string // vnp_TxnRef
	Amount            int64  // VND (vnp_Amount / 100)
	TransactionNo     string // vnp_TransactionNo: the gateway's transaction number
	BankCode          string // vnp_BankCode
	BankTranNo        string // vnp_BankTranNo
	ResponseCode      string // vnp_ResponseCode
	TransactionStatus string // vnp_TransactionStatus
	PayDate           time.Time
	// Raw is the query string as received, kept with the payment.
	Raw string
}

// Success reports whether the payment went through.
func (r Result) Success() bool { return r.ResponseCode == "00" && r.TransactionStatus == "00" }

// Verify checks a result's signature and terminal code and reads it. A bad or missing signature
// is Invalid "invalid_signature": nothing in the message may be trusted. Errors: Invalid
// (invalid_signature, invalid_notification).
func (g *VNPAY) Verify(v url.Values) (Result, error) {
	got := strings.ToLower(v.Get("vnp_SecureHash"))
	want := Sign(g.Secret, HashData(v))
	if got == "" || !hmac.Equal([]byte(got), []byte(want)) || v.Get("vnp_TmnCode") != g.TmnCode {
		return Result{}, errs.Invalidf("vnp_SecureHash", CodeInvalidSignature, "Chữ ký của thông báo thanh toán không hợp lệ.",
			"The payment notification's signature is invalid.")
	}
	bad := func(f string) (Result, error) {
		return Result{}, errs.Invalidf(f, CodeInvalidNotification, "Thông báo thanh toán thiếu hoặc sai trường "+f+".",
			"The payment notification lacks or has a malformed "+f+".")
	}
	r := Result{Reference: v.Get("vnp_TxnRef"), TransactionNo: v.Get("vnp_TransactionNo"), BankCode: v.Get("vnp_BankCode"),
		BankTranNo: v.Get("vnp_BankTranNo"), ResponseCode: v.Get("vnp_ResponseCode"), TransactionStatus: v.Get("vnp_TransactionStatus"),
		Raw: HashData(v) + "&vnp_SecureHash=" + got}
	if CheckReference(r.Reference) != nil {
		return bad("vnp_TxnRef")
	}
	cents, err := strconv.ParseInt(v.Get("vnp_Amount"), 10, 64)
	if err != nil || cents <= 0 || cents%100 != 0 {
		return bad("vnp_Amount")
	}
	r.Amount = cents / 100
	if r.ResponseCode == "" {
		return bad("vnp_ResponseCode")
	}
	if d := v.Get("vnp_PayDate"); d != "" {
		t, err := time.ParseInLocation(vnTime, d, vietnam)
		if err != nil {
			return bad("vnp_PayDate")
		}
		r.PayDate = t
	}
	return r, nil
}

// IPNAnswer is the merchant's answer to an IPN call, encoded as JSON.
type IPNAnswer struct {
	RspCode string `json:"RspCode"`
	Message string `json:"Message"`
}

// The IPN answers of the protocol.
var (
	IPNConfirmed        = IPNAnswer{"00", "Confirm Success"}
	IPNOrderNotFound    = IPNAnswer{"01", "Order not found"}
	IPNAlreadyConfirmed = IPNAnswer{"02", "Order already confirmed"}
	IPNInvalidAmount    = IPNAnswer{"04", "invalid amount"}
	IPNInvalidSignature = IPNAnswer{"97", "Invalid signature"}
	IPNUnknownError     = IPNAnswer{"99", "Unknown error"}
)

// ResponseMessage explains a vnp_ResponseCode in Vietnamese, for the payer.
func ResponseMessage(code string) string {
	switch code {
	case "00":
		return "Giao dịch thành công."
	case "07":
		return "Trừ tiền thành công nhưng giao dịch bị nghi ngờ; cơ quan sẽ kiểm tra và xác nhận."
	case "09":
		return "Thẻ hoặc tài khoản chưa đăng ký dịch vụ Internet Banking tại ngân hàng."
	case "10":
		return "Xác thực thông tin thẻ hoặc tài khoản không đúng quá 3 lần."
	case "11":
		return "Đã hết thời gian chờ thanh toán. Vui lòng thực hiện lại."
	case "12":
		return "Thẻ hoặc tài khoản bị khóa."
	case "13":
		return "Mật khẩu xác thực giao dịch (OTP) không đúng. Vui lòng thực hiện lại."
	case "24":
		return "Bạn đã hủy giao dịch."
	case "51":
		return "Tài khoản không đủ số dư để thực hiện giao dịch."
	case "65":
		return "Tài khoản đã vượt quá hạn mức giao dịch trong ngày."
	case "75":
		return "Ngân hàng thanh toán đang bảo trì."
	case "79":
		return "Nhập sai mật khẩu thanh toán quá số lần quy định. Vui lòng thực hiện lại."
	}
	return "Giao dịch không thành công (mã lỗi " + code + ")."
}

// ASCII removes Vietnamese diacritics (đ → d) and keeps letters, digits and spaces, as the
// gateway asks of vnp_OrderInfo.
func ASCII(s string) string {
	var b strings.Builder
	for _, r := range s {
		r = baseLetter(r)
		switch {
		case r < 128 && isAlnum(r):
			b.WriteRune(r)
		default:
			b.WriteByte(' ')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// baseLetter maps a Vietnamese letter to its base ASCII letter.
func baseLetter(r rune) rune {
	if r < 128 {
		return r
	}
	for base, set := range vietLetters {
		if strings.ContainsRune(set, r) {
			return base
		}
	}
	return r
}

var vietLetters = map[rune]string{
	'a': "àáảãạăằắẳẵặâầấẩẫậ", 'A': "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ",
	'e': "èéẻẽẹêềếểễệ", 'E': "ÈÉẺẼẸÊỀẾỂỄỆ",
	'i': "ìíỉĩị", 'I': "ÌÍỈĨỊ",
	'o': "òóỏõọôồốổỗộơờớởỡợ", 'O': "ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ",
	'u': "ùúủũụưừứửữự", 'U': "ÙÚỦŨỤƯỪỨỬỮỰ",
	'y': "ỳýỷỹỵ", 'Y': "ỲÝỶỸỴ",
	'd': "đ", 'D': "Đ",
}
