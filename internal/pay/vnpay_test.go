package pay

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/egov-vn/egov/internal/errs"
)

// TestHashData: parameters sorted by name, URL-encoded as forms are (space as "+"), the hash
// parameters and empty values left out.
func TestHashData(t *testing.T) {
	v := url.Values{"vnp_TxnRef": {"5"}, "vnp_Amount": {"1806000"}, "vnp_OrderInfo": {"Thanh toan don hang :5"},
		"vnp_ReturnUrl": {"https://domainmerchant.vn/ReturnUrl"}, "vnp_SecureHash": {"x"}, "vnp_SecureHashType": {"HmacSHA512"}, "vnp_BankCode": {""}}
	want := "vnp_Amount=1806000&vnp_OrderInfo=Thanh+toan+don+hang+%3A5&vnp_ReturnUrl=https%3A%2F%2Fdomainmerchant.vn%2FReturnUrl&vnp_TxnRef=5"
	if got := HashData(v); got != want {
		t.Errorf("hash data\n%s\nwant\n%s", got, want)
	}
	// HMAC-SHA512 test case 2 of RFC 4231.
	if got := Sign("Jefe", "what do ya want for nothing?"); got != "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737" {
		t.Errorf("HMAC-SHA512: %s", got)
	}
}

func TestPaymentURLAndVerify(t *testing.T) {
	g := &VNPAY{TmnCode: "EGOVTEST", Secret: "SECRETSECRETSECRETSECRETSECRET12", GatewayURL: "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"}
	at := time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)
	u, err := g.PaymentURL(Order{Reference: "HSABC", Amount: 50000, Info: "Thanh toán lệ phí hồ sơ 001.01.90.H24-260302-0001",
		ReturnURL: "http://egov.test/thanh-toan/ket-qua", IPAddr: "10.0.0.1", CreatedAt: at})
	if err != nil {
		t.Fatal(err)
	}
	pu, _ := url.Parse(u)
	q := pu.Query()
	for k, want := range map[string]string{"vnp_Version": "2.1.0", "vnp_Command": "pay", "vnp_TmnCode": "EGOVTEST", "vnp_Amount": "5000000",
		"vnp_CurrCode": "VND", "vnp_TxnRef": "HSABC", "vnp_OrderInfo": "Thanh toan le phi ho so 001 01 90 H24 260302 0001",
		"vnp_CreateDate": "20260302090000", "vnp_ExpireDate": "20260302091500", "vnp_Locale": "vn", "vnp_ReturnUrl": "http://egov.test/thanh-toan/ket-qua"} {
		if q.Get(k) != want {
			t.Errorf("%s = %q, want %q", k, q.Get(k), want)
		}
	}
	if !strings.HasPrefix(u, g.GatewayURL+"?vnp_Amount=") || q.Get("vnp_SecureHash") != Sign(g.Secret, HashData(q)) {
		t.Errorf("payment URL not signed as the gateway checks: %s", u)
	}

	// The gateway's answer, signed with the secret, verifies; anything altered does not.
	res := url.Values{"vnp_TmnCode": {"EGOVTEST"}, "vnp_TxnRef": {"HSABC"}, "vnp_Amount": {"5000000"}, "vnp_ResponseCode": {"00"},
		"vnp_TransactionStatus": {"00"}, "vnp_TransactionNo": {"14831393"}, "vnp_BankCode": {"NCB"}, "vnp_PayDate": {"20260302091000"},
		"vnp_OrderInfo": {"Thanh toan le phi"}}
	SignValues(g.Secret, res)
	r, err := g.Verify(res)
	if err != nil || !r.Success() || r.Amount != 50000 || r.Reference != "HSABC" || r.TransactionNo != "14831393" || !r.PayDate.Equal(at.Add(10*time.Minute)) {
		t.Fatalf("verify: %+v %v", r, err)
	}
	for name, alter := range map[string]func(v url.Values){
		"amount":     func(v url.Values) { v.Set("vnp_Amount", "100") },
		"terminal":   func(v url.Values) { v.Set("vnp_TmnCode", "OTHER") },
		"hash":       func(v url.Values) { v.Set("vnp_SecureHash", strings.Repeat("0", 128)) },
		"no hash":    func(v url.Values) { v.Del("vnp_SecureHash") },
		"other key":  func(v url.Values) { SignValues("another secret", v) },
		"extra data": func(v url.Values) { v.Set("vnp_BankTranNo", "VNP1") },
	} {
		v := url.Values{}
		for k, x := range res {
			v[k] = append([]string(nil), x...)
		}
		alter(v)
		if _, err := g.Verify(v); errs.CodeOf(err) != CodeInvalidSignature {
			t.Errorf("%s: %v", name, err)
		}
	}
	// Signed but malformed.
	bad := url.Values{"vnp_TmnCode": {"EGOVTEST"}, "vnp_TxnRef": {"HSABC"}, "vnp_Amount": {"50000.5"}, "vnp_ResponseCode": {"00"}}
	SignValues(g.Secret, bad)
	if _, err := g.Verify(bad); errs.CodeOf(err) != CodeInvalidNotification {
		t.Errorf("malformed amount: %v", err)
	}
	if _, err := g.PaymentURL(Order{Reference: "HS 1", Amount: 1}); errs.CodeOf(err) != CodeInvalidReference {
		t.Errorf("bad reference: %v", err)
	}
	if _, err := g.PaymentURL(Order{Reference: "HS1", Amount: 0}); errs.CodeOf(err) != CodeInvalidAmount {
		t.Errorf("zero amount: %v", err)
	}
}
