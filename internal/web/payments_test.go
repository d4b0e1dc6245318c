package web_test

import (
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/pay"
	"github.com/egov-vn/egov/internal/pay/vnpaysim"
	"github.com/egov-vn/egov/internal/store"
	"github.com/egov-vn/egov/internal/store/storetest"
)

const simSecret = "TESTSECRETTESTSECRETTESTSECRET12"

// withPayments runs the gateway simulator, pointed at the rig's IPN endpoint, and configures
// the rig's payments: the gateway and a bank account for VietQR.
func withPayments(t *testing.T, r *rig) *vnpaysim.Sim {
	t.Helper()
	sim := vnpaysim.New("EGOVTEST", simSecret, r.srv.URL+"/api/v1/payments/vnpay/ipn")
	sim.Now = r.clock.Now
	gw := httptest.NewServer(sim)
	t.Cleanup(gw.Close)
	r.svc.SetPayments(app.PaymentSettings{Gateway: &pay.VNPAY{TmnCode: "EGOVTEST", Secret: simSecret, GatewayURL: gw.URL + vnpaysim.PayPath},
		Bank: app.BankAccount{BIN: "970415", Account: "113366668888", Holder: "UBND PHUONG BA DINH", BankName: "VietinBank"}})
	return sim
}

// awaitingPayment receives a walk-in dossier at ward A, transfers it and asks for a fee of
// 50 000 đồng: it is then awaiting payment.
func awaitingPayment(t *testing.T, r *rig) string {
	t.Helper()
	st, d := r.call(r.tokens["reception-a"], "POST", "/api/v1/dossiers", walkIn())
	if st != http.StatusCreated {
		t.Fatalf("reception: %d %v", st, d)
	}
	code := d["code"].(string)
	if st, d := r.call(r.tokens["reception-a"], "POST", "/api/v1/dossiers/"+code+"/actions", map[string]any{"action": "transfer"}); st != http.StatusOK {
		t.Fatalf("transfer: %d %v", st, d)
	}
	st, d = r.call(r.tokens["officer-a"], "POST", "/api/v1/dossiers/"+code+"/actions", map[string]any{"action": "request_payment", "amount": 50000})
	if st != http.StatusOK || d["status"] != "awaiting_payment" {
		t.Fatalf("request_payment: %d %v", st, d)
	}
	return code
}

var hiddenField = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)

// payAtGateway follows the payment from egov's page through the simulated gateway's page and
// returns the URL the gateway sends the browser back to.
func payAtGateway(t *testing.T, r *rig, code, token, outcome string, beforeDecision ...func()) string {
	t.Helper()
	b := r.browser()
	st, loc, body := b.post("/thanh-toan/"+code+"/cong", url.Values{"t": {token}})
	if st != http.StatusSeeOther || !strings.Contains(loc, vnpaysim.PayPath+"?") {
		t.Fatalf("gateway button: %d %s %s", st, loc, body)
	}
	res, err := b.c.Get(loc)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(page), "50.000 đồng") {
		t.Fatalf("gateway page: %d %s", res.StatusCode, page)
	}
	form := url.Values{"outcome": {outcome}}
	for _, m := range hiddenField.FindAllStringSubmatch(string(page), -1) {
		form.Set(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	for _, f := range beforeDecision {
		f()
	}
	u, _ := url.Parse(loc)
	res, err = b.c.PostForm(u.Scheme+"://"+u.Host+vnpaysim.PayPath, form)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusFound {
		t.Fatalf("gateway decision: %d", res.StatusCode)
	}
	return res.Header.Get("Location")
}

func paymentLink(t *testing.T, r *rig, code string) string {
	t.Helper()
	st, l := r.call(r.tokens["reception-a"], "POST", "/api/v1/dossiers/"+code+"/payment-link", nil)
	if st != http.StatusCreated || l["token"] == "" || !strings.Contains(l["url"].(string), "/thanh-toan/"+code+"?t=") {
		t.Fatalf("payment link: %d %v", st, l)
	}
	return l["token"].(string)
}

// TestPaymentGatewayFlow: a dossier awaiting payment is paid through the gateway (the
// simulator, over HTTP) by the applicant holding the payment link; the IPN settles it and the
// dossier leaves AwaitingPayment; the same IPN again changes nothing; the e-receipt prints.
func TestPaymentGatewayFlow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := newRig(t, db)
		withDossierStaff(t, r)
		sim := withPayments(t, r)
		code := awaitingPayment(t, r)
		token := paymentLink(t, r, code)

		// The payment page, without sign-in: the VietQR code with its text alternative and the button.
		st, page := r.get("/thanh-toan/" + code + "?t=" + url.QueryEscape(token))
		if st != http.StatusOK {
			t.Fatalf("payment page: %d %s", st, page)
		}
		for _, want := range []string{"Thanh toán qua cổng", "<svg", "Mã VietQR chuyển khoản: ngân hàng VietinBank (mã BIN 970415), số tài khoản 113366668888",
			"số tiền 50.000 đồng", "HS" + strings.NewReplacer(".", "", "-", "").Replace(code), "Năm mươi nghìn đồng"} {
			if !strings.Contains(page, want) {
				t.Errorf("payment page lacks %q", want)
			}
		}
		for _, bad := range []string{"", "?t=wrong"} {
			if st, _ := r.get("/thanh-toan/" + code + bad); st != http.StatusNotFound {
				t.Errorf("payment page %q: %d", bad, st)
			}
		}
		// The API agrees: a VietQR payload that parses back to the same transfer.
		st, info := r.call("", "GET", "/api/v1/dossiers/"+code+"/payments?token="+url.QueryEscape(token), nil)
		if st != http.StatusOK || info["awaiting_payment"] != true || info["amount"] != 50000.0 {
			t.Fatalf("payments: %d %v", st, info)
		}
		q, err := pay.ParseVietQR(info["vietqr"].(map[string]any)["payload"].(string))
		if err != nil || q.Amount != 50000 || q.Account != "113366668888" || q.BIN != "970415" {
			t.Errorf("vietqr payload: %+v %v", q, err)
		}

		back := payAtGateway(t, r, code, token, "pay")
		if a := sim.Answers(); len(a) != 1 || a[0] != pay.IPNConfirmed {
			t.Fatalf("IPN answers: %v", a)
		}
		_, d := r.call(r.tokens["reception-a"], "GET", "/api/v1/dossiers/"+code, nil)
		if d["status"] != "in_processing" {
			t.Fatalf("after the IPN the dossier is %v", d["status"])
		}
		rev := d["revision"]
		_, info = r.call("", "GET", "/api/v1/dossiers/"+code+"/payments?token="+url.QueryEscape(token), nil)
		ps := info["payments"].([]any)
		if len(ps) != 1 || ps[0].(map[string]any)["state"] != "paid" || info["fees_paid"] != true {
			t.Fatalf("payments after the IPN: %v", info)
		}
		ref := ps[0].(map[string]any)["reference"].(string)

		// The browser comes back: the result page, in Vietnamese; it changes nothing more.
		head := r.head()
		res, err := http.Get(back)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || !strings.Contains(string(body), "Thanh toán thành công 50.000 đồng cho hồ sơ "+code) ||
			!strings.Contains(string(body), "Tải biên lai điện tử") {
			t.Errorf("return page: %d %s", res.StatusCode, body)
		}
		// The same IPN again: "already confirmed", nothing changes.
		if a, err := sim.Notify(ref, vnpaysim.Tamper{}); err != nil || a != pay.IPNAlreadyConfirmed {
			t.Errorf("second IPN: %v %v", a, err)
		}
		_, d = r.call(r.tokens["reception-a"], "GET", "/api/v1/dossiers/"+code, nil)
		_, info = r.call("", "GET", "/api/v1/dossiers/"+code+"/payments?token="+url.QueryEscape(token), nil)
		if r.head() != head || d["revision"] != rev || len(info["payments"].([]any)) != 1 {
			t.Errorf("the repeated notification changed something: head %d→%d, revision %v→%v", head, r.head(), rev, d["revision"])
		}
		pays := 0
		for _, e := range d["events"].([]any) {
			if e.(map[string]any)["action"] == "pay" {
				pays++
			}
		}
		if pays != 1 {
			t.Errorf("%d pay events in the timeline", pays)
		}

		// Nothing is due any more: no new payment.
		if st, e := r.call("", "POST", "/api/v1/dossiers/"+code+"/payments", map[string]any{"method": "gateway", "token": token}); st != http.StatusConflict || errCode(e) != "not_awaiting_payment" {
			t.Errorf("payment of a paid dossier: %d %v", st, e)
		}

		// The e-receipt.
		st, ct, pdf := r.fetch("", "/api/v1/dossiers/"+code+"/payments/"+ref+"/receipt.pdf?token="+url.QueryEscape(token))
		if st != http.StatusOK || ct != "application/pdf" {
			t.Fatalf("receipt: %d %s", st, ct)
		}
		text := pdfToText(t, pdf)
		for _, want := range []string{"BIÊN LAI THU PHÍ, LỆ PHÍ", "50.000 đồng", "Năm mươi nghìn đồng", "Nguyễn Thị Hương", code, ref, "14000001",
			"Đơn vị thu: Trung tâm Phục vụ hành chính công phường Ba Đình", "Cổng thanh toán trực tuyến"} {
			if !strings.Contains(text, want) {
				t.Errorf("receipt lacks %q:\n%s", want, text)
			}
		}
		if st, _, _ := r.fetch("", "/api/v1/dossiers/"+code+"/payments/"+ref+"/receipt.pdf"); st != http.StatusNotFound {
			t.Errorf("receipt without the token: %d", st)
		}
		// The IPN of a payment egov never started: "order not found".
		v := url.Values{"vnp_TmnCode": {"EGOVTEST"}, "vnp_TxnRef": {"HSUNKNOWN"}, "vnp_Amount": {"5000000"}, "vnp_ResponseCode": {"00"}, "vnp_TransactionStatus": {"00"}}
		pay.SignValues(simSecret, v)
		if st, a := r.call("", "GET", "/api/v1/payments/vnpay/ipn?"+v.Encode(), nil); st != http.StatusOK || a["RspCode"] != "01" {
			t.Errorf("unknown order: %d %v", st, a)
		}
		// All of it is in the OpenAPI document.
		_, _, doc := r.fetch("", "/api/v1/openapi.json")
		for _, p := range []string{"/api/v1/dossiers/{code}/payments", "/api/v1/payments/vnpay/ipn", "/api/v1/dossiers/{code}/payments/confirm-transfer", `"IPNAnswer"`, `"Payment"`} {
			if !strings.Contains(string(doc), p) {
				t.Errorf("OpenAPI lacks %s", p)
			}
		}
	})
}

// TestPaymentGatewayTampered: a notification with a forged signature or a wrong amount changes
// neither the payment nor the dossier; a genuine one afterwards settles it.
func TestPaymentGatewayTampered(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := newRig(t, db)
		withDossierStaff(t, r)
		sim := withPayments(t, r)
		code := awaitingPayment(t, r)
		token := paymentLink(t, r, code)
		state := func() (any, any, []any) {
			_, d := r.call(r.tokens["reception-a"], "GET", "/api/v1/dossiers/"+code, nil)
			_, info := r.call("", "GET", "/api/v1/dossiers/"+code+"/payments?token="+url.QueryEscape(token), nil)
			return d["status"], d["revision"], info["payments"].([]any)
		}

		// Forged: answered 97, logged, nothing changes (not even the audit log).
		sim.SetTamper(vnpaysim.Tamper{Forge: true})
		var status, rev any
		var head int64
		back := payAtGateway(t, r, code, token, "pay", func() { status, rev, _ = state(); head = r.head() })
		if a := sim.Answers(); len(a) != 1 || a[0] != pay.IPNInvalidSignature {
			t.Errorf("forged IPN answers: %v", a)
		}
		if st, body := r.get(strings.TrimPrefix(back, r.srv.URL)); st != http.StatusOK || !strings.Contains(body, "Không xác thực được kết quả thanh toán") {
			t.Errorf("forged return page: %d", st)
		}
		s2, rev2, ps := state()
		if r.head() != head || s2 != status || rev2 != rev || ps[len(ps)-1].(map[string]any)["state"] != "pending" {
			t.Errorf("a forged notification changed something: %v %v %v", s2, rev2, ps)
		}

		// A genuine signature over a wrong amount: answered 04, audited, nothing else changes.
		sim.SetTamper(vnpaysim.Tamper{NoIPN: true})
		payAtGateway(t, r, code, token, "pay")
		_, _, ps = state()
		ref := ps[len(ps)-1].(map[string]any)["reference"].(string)
		head = r.head()
		if a, err := sim.Notify(ref, vnpaysim.Tamper{Amount: 5000}); err != nil || a != pay.IPNInvalidAmount {
			t.Errorf("wrong amount: %v %v", a, err)
		}
		s3, rev3, ps := state()
		if r.head() != head+1 || s3 != status || rev3 != rev || ps[len(ps)-1].(map[string]any)["state"] != "pending" {
			t.Errorf("a wrong amount changed something: head %d→%d %v %v %v", head, r.head(), s3, rev3, ps)
		}
		st, audit := r.call(r.tokens["city-admin"], "GET", "/api/v1/audit", nil)
		if st != http.StatusOK || !strings.Contains(jsonText(audit), "payment.amount_mismatch") {
			t.Errorf("the wrong amount is not audited: %d", st)
		}

		// The genuine notification of that payment settles it.
		if a, err := sim.Notify(ref, vnpaysim.Tamper{}); err != nil || a != pay.IPNConfirmed {
			t.Errorf("genuine IPN: %v %v", a, err)
		}
		if s4, _, _ := state(); s4 != "in_processing" {
			t.Errorf("after the genuine IPN: %v", s4)
		}
	})
}

// TestPaymentTransferConfirmation: the desk confirms a VietQR transfer matched on the bank
// statement; an official of another commune is told the dossier does not exist; mismatches are
// refused with their codes and change nothing.
func TestPaymentTransferConfirmation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := newRig(t, db)
		withDossierStaff(t, r)
		withPayments(t, r)
		code := awaitingPayment(t, r)
		refWant := "HS" + strings.NewReplacer(".", "", "-", "").Replace(code)
		path := "/api/v1/dossiers/" + code + "/payments/confirm-transfer"
		good := map[string]any{"reference": refWant, "amount": 50000, "bank_transaction": "FT26061123456"}
		with := func(k string, v any) map[string]any {
			m := map[string]any{}
			for a, b := range good {
				m[a] = b
			}
			m[k] = v
			return m
		}
		for _, tc := range []struct {
			who  string
			body any
			st   int
			code string
		}{
			{"reception-b", good, http.StatusNotFound, "unknown_dossier"},
			{"", good, http.StatusUnauthorized, "unauthorized"},
			{"officer-a", good, http.StatusForbidden, "role_not_allowed"},
			{"reception-a", with("reference", "HS123"), http.StatusBadRequest, "reference_mismatch"},
			{"reception-a", with("amount", 40000), http.StatusBadRequest, "amount_mismatch"},
			{"reception-a", with("bank_transaction", " "), http.StatusBadRequest, "bank_transaction_required"},
		} {
			head := r.head()
			st, e := r.call(r.tokens[tc.who], "POST", path, tc.body)
			if st != tc.st || errCode(e) != tc.code || errMessage(e) == "" {
				t.Errorf("%s %v: %d %v, want %d %s", tc.who, tc.body, st, e, tc.st, tc.code)
			}
			if r.head() != head {
				t.Errorf("%s %v changed something", tc.who, tc.body)
			}
		}
		// The desk, typing the content as the statement shows it (lower case, spaced).
		st, p := r.call(r.tokens["reception-a"], "POST", path, with("reference", " "+strings.ToLower(refWant[:8])+" "+strings.ToLower(refWant[8:])))
		if st != http.StatusOK || p["state"] != "paid" || p["method"] != "vietqr" || p["confirmed_by"] != "Phạm Thu Hà" {
			t.Fatalf("confirmation: %d %v", st, p)
		}
		_, d := r.call(r.tokens["reception-a"], "GET", "/api/v1/dossiers/"+code, nil)
		if d["status"] != "in_processing" || d["fees_paid"] != true {
			t.Errorf("after the confirmation: %v %v", d["status"], d["fees_paid"])
		}
		if st, e := r.call(r.tokens["reception-a"], "POST", path, good); st != http.StatusConflict || errCode(e) != "not_awaiting_payment" {
			t.Errorf("second confirmation: %d %v", st, e)
		}
		st, _, pdf := r.fetch(r.tokens["reception-a"], "/api/v1/dossiers/"+code+"/payments/"+refWant+"/receipt.pdf")
		if st != http.StatusOK || !strings.Contains(pdfToText(t, pdf), "FT26061123456") {
			t.Errorf("receipt of a transfer: %d", st)
		}
		if st, _, _ := r.fetch(r.tokens["reception-b"], "/api/v1/dossiers/"+code+"/payments/"+refWant+"/receipt.pdf"); st != http.StatusNotFound {
			t.Errorf("receipt for another commune: %d", st)
		}
	})
}

func jsonText(m map[string]any) string {
	var b strings.Builder
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for _, y := range x {
				walk(y)
			}
		case []any:
			for _, y := range x {
				walk(y)
			}
		case string:
			b.WriteString(x + "\n")
		}
	}
	walk(m)
	return b.String()
}
