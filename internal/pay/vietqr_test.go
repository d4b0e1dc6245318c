package pay

import (
	"strings"
	"testing"

	"github.com/egov-vn/egov/internal/errs"
)

// TestCRCVectors checks CRC against published values.
//
//   - "123456789" → 29B1 is the check value of CRC-16/CCITT-FALSE in the catalogue of
//     parametrised CRC algorithms (reveng.sourceforge.io/crc-catalogue, CRC-16/IBM-3740).
//   - The three NAPAS payloads are the examples of NAPAS's VietQR specification (IBFT, version
//     1.5.2): a static code to an account, a static code to a card, and a dynamic code to a card
//     with an amount and a purpose; they are quoted with their CRC by several public VietQR
//     libraries (for instance the test suites of the npm packages vietqr and vietqr-ts).
//   - The last is the example printed in the README of github.com/subiz/vietqr (120 000 đồng to
//     a VietinBank account, content "ung ho lu lut").
func TestCRCVectors(t *testing.T) {
	if got := CRC("123456789"); got != "29B1" {
		t.Errorf("check value: %s, want 29B1", got)
	}
	for _, p := range []string{
		"00020101021138570010A00000072701270006970403011200110123456780208QRIBFTTA53037045802VN6304F4E5",
		"00020101021138600010A00000072701300006970403011697040311012345670208QRIBFTTC53037045802VN63044F52",
		"00020101021238600010A00000072701300006970403011697040311012345670208QRIBFTTC530370454061800005802VN62340107NPS68690819thanh toan don hang6304A203",
		"00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN62170813ung ho lu lut6304C15C",
	} {
		body, want := p[:len(p)-4], p[len(p)-4:]
		if got := CRC(body); got != want {
			t.Errorf("CRC of %s: %s, want %s", body, got, want)
		}
	}
}

// TestParsePublished reads the published transfer-to-account examples.
func TestParsePublished(t *testing.T) {
	q, err := ParseVietQR("00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN62170813ung ho lu lut6304C15C")
	if err != nil {
		t.Fatal(err)
	}
	if q != (VietQR{BIN: "970415", Account: "0011001932418", Amount: 120000, Reference: "ung ho lu lut"}) {
		t.Errorf("parsed %+v", q)
	}
	// A card (QRIBFTTC) is not a transfer to an account.
	if _, err := ParseVietQR("00020101021138600010A00000072701300006970403011697040311012345670208QRIBFTTC53037045802VN63044F52"); errs.CodeOf(err) != CodeInvalidVietQR {
		t.Errorf("card code: %v", err)
	}
}

// TestVietQRRoundTrip generates payloads and parses them back.
func TestVietQRRoundTrip(t *testing.T) {
	for _, q := range []VietQR{
		{BIN: "970415", Account: "113366668888", Amount: 50000, Reference: "HS0010190H242603020001"},
		{BIN: "970436", Account: "0011004123456", Amount: MaxAmount, Reference: "A"},
		{BIN: "970422", Account: "VQRQ12345678", Amount: 1, Reference: "HSABCDEFGHJKLMNPQRSTUVWXY"},
		{BIN: "970403", Account: "0011012345678", Static: true},
	} {
		p, err := q.Payload()
		if err != nil {
			t.Fatalf("%+v: %v", q, err)
		}
		back, err := ParseVietQR(p)
		if err != nil || back != q {
			t.Errorf("%s parsed back as %+v, %v; want %+v", p, back, err, q)
		}
		if !strings.Contains(p, "0010A000000727") || !strings.Contains(p, "0208QRIBFTTA") || !strings.Contains(p, "5303704") || !strings.Contains(p, "5802VN") {
			t.Errorf("%s lacks a fixed field", p)
		}
	}
	p, _ := VietQR{BIN: "970415", Account: "113366668888", Amount: 50000, Reference: "HS1"}.Payload()
	want := "00020101021238560010A0000007270126000697041501121133666688880208QRIBFTTA5303704540550000" + "5802VN62070803HS16304"
	if p[:len(p)-4] != want || p[len(p)-4:] != CRC(want) {
		t.Errorf("payload %s, want %s+CRC", p, want)
	}
	// A damaged payload fails its CRC.
	bad := strings.Replace(p, "50000", "90000", 1)
	if _, err := ParseVietQR(bad); errs.CodeOf(err) != CodeInvalidVietQR {
		t.Errorf("damaged payload: %v", err)
	}
}

// TestVietQRBadInput: each mistake has its code and a Vietnamese message.
func TestVietQRBadInput(t *testing.T) {
	good := VietQR{BIN: "970415", Account: "113366668888", Amount: 50000, Reference: "HS1"}
	for _, tc := range []struct {
		f    func(q *VietQR)
		code string
	}{
		{func(q *VietQR) { q.Amount = 0 }, CodeInvalidAmount},
		{func(q *VietQR) { q.Amount = -5000 }, CodeInvalidAmount},
		{func(q *VietQR) { q.Amount = MaxAmount + 1 }, CodeInvalidAmount},
		{func(q *VietQR) { q.BIN = "97041" }, CodeInvalidBIN},
		{func(q *VietQR) { q.BIN = "97041x" }, CodeInvalidBIN},
		{func(q *VietQR) { q.BIN = "" }, CodeInvalidBIN},
		{func(q *VietQR) { q.Account = "" }, CodeInvalidAccount},
		{func(q *VietQR) { q.Account = "12345678901234567890" }, CodeInvalidAccount},
		{func(q *VietQR) { q.Account = "1133 6666" }, CodeInvalidAccount},
		{func(q *VietQR) { q.Reference = "" }, CodeInvalidReference},
		{func(q *VietQR) { q.Reference = strings.Repeat("A", 26) }, CodeInvalidReference},
		{func(q *VietQR) { q.Reference = "HS 1" }, CodeInvalidReference},
		{func(q *VietQR) { q.Reference = "Lệ phí" }, CodeInvalidReference},
		{func(q *VietQR) { q.Reference = "HS1&6304ABCD" }, CodeInvalidReference},
	} {
		q := good
		tc.f(&q)
		_, err := q.Payload()
		e := errs.Public(err)
		if e == nil || e.Code != tc.code || e.Kind != errs.Invalid || !strings.ContainsAny(e.Message, "ốảệá") {
			t.Errorf("%+v: %v, want %s", q, err, tc.code)
		}
	}
	for _, p := range []string{"", "6304", "000201", "00020101021238570010A000000727012700069704150113001100193241802", "hello world 6304ABCD"} {
		if _, err := ParseVietQR(p); errs.CodeOf(err) != CodeInvalidVietQR {
			t.Errorf("%q: %v", p, err)
		}
	}
}

func TestAmountInWords(t *testing.T) {
	for n, want := range map[int64]string{
		0:             "Không đồng",
		5:             "Năm đồng",
		15:            "Mười lăm đồng",
		21:            "Hai mươi mốt đồng",
		105:           "Một trăm linh năm đồng",
		1000:          "Một nghìn đồng",
		8000:          "Tám nghìn đồng",
		25000:         "Hai mươi lăm nghìn đồng",
		50000:         "Năm mươi nghìn đồng",
		100000:        "Một trăm nghìn đồng",
		1005000:       "Một triệu không trăm linh năm nghìn đồng",
		1500000:       "Một triệu năm trăm nghìn đồng",
		21514000:      "Hai mươi mốt triệu năm trăm mười bốn nghìn đồng",
		1000000000:    "Một tỷ đồng",
		2000300040:    "Hai tỷ ba trăm nghìn không trăm bốn mươi đồng", // an all-zero group is not read
		1000000000000: "Một nghìn tỷ đồng",
	} {
		if got := AmountInWords(n); got != want {
			t.Errorf("%d: %q, want %q", n, got, want)
		}
	}
	if got := FormatVND(1500000); got != "1.500.000 đồng" {
		t.Errorf("FormatVND: %q", got)
	}
}
