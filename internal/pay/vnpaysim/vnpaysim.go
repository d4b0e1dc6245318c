// Package vnpaysim is a stand-in for the VNPAY payment gateway, for tests and demonstrations. It
// speaks the gateway's protocol over real HTTP (see pay.VNPAY): it checks the signature of the
// payment URL, shows a payment page, and when the payer confirms or cancels it calls the
// merchant's IPN URL server to server with a signed result and then sends the browser back to
// vnp_ReturnUrl with the same signed parameters, as the real gateway does.
//
// It can also misbehave on request, to test the merchant's defences: sign with a wrong key
// (Tamper.Forge), report another amount than the one paid (Tamper.Amount), and send the same
// notification again (Notify).
package vnpaysim

import (
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"encoding/json"

	"github.com/egov-vn/egov/internal/pay"
)

// PayPath is the path of the payment page, as on the real gateway.
const PayPath = "/paymentv2/vpcpay.html"

// Tamper makes the simulator misbehave in the results of the payments that follow.
type Tamper struct {
	Forge  bool  // sign with a key that is not the merchant's secret
	Amount int64 // report this amount (VND) instead of the one paid; 0 reports the real one
	NoIPN  bool  // do not call the IPN URL (as when the merchant's server cannot be reached)
}

// Sim is the simulated gateway; it is an http.Handler.
type Sim struct {
	TmnCode string
	Secret  string
	// IPNURL is the merchant's IPN endpoint (registered with the real gateway, not sent in the
	// payment URL).
	IPNURL string
	// Client calls the IPN URL; nil means http.DefaultClient.
	Client *http.Client
	// Now is the gateway's clock; nil means time.Now.
	Now func() time.Time

	mu      sync.Mutex
	tamper  Tamper
	next    int
	results map[string]url.Values // by vnp_TxnRef: the last result sent
	answers []pay.IPNAnswer
}

// New returns a simulator for the merchant's terminal code and secret, notifying ipnURL.
func New(tmnCode, secret, ipnURL string) *Sim {
	return &Sim{TmnCode: tmnCode, Secret: secret, IPNURL: ipnURL, next: 14000000, results: map[string]url.Values{}}
}

// SetTamper sets how the following payments misbehave (the zero Tamper: not at all).
func (s *Sim) SetTamper(t Tamper) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tamper = t
}

// Answers returns the IPN answers received so far, oldest first.
func (s *Sim) Answers() []pay.IPNAnswer {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]pay.IPNAnswer(nil), s.answers...)
}

func (s *Sim) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

var vietnam = time.FixedZone("ICT", 7*3600)

// ServeHTTP serves the payment page (GET) and the payer's decision (POST).
func (s *Sim) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != PayPath {
		http.NotFound(w, r)
		return
	}
	switch r.Method {
	case http.MethodGet:
		s.page(w, r)
	case http.MethodPost:
		s.decide(w, r)
	default:
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

// checkRequest verifies a payment request as the gateway does.
func (s *Sim) checkRequest(v url.Values) (string, bool) {
	if v.Get("vnp_SecureHash") != pay.Sign(s.Secret, pay.HashData(v)) {
		return "Sai chữ ký (mã lỗi 70).", false
	}
	if v.Get("vnp_TmnCode") != s.TmnCode {
		return "Website này chưa được phê duyệt (mã lỗi 71).", false
	}
	if v.Get("vnp_Version") != pay.VNPAYVersion || v.Get("vnp_Command") != "pay" || v.Get("vnp_CurrCode") != "VND" {
		return "Dữ liệu gửi sang không đúng định dạng (mã lỗi 03).", false
	}
	if n, err := strconv.ParseInt(v.Get("vnp_Amount"), 10, 64); err != nil || n <= 0 || n%100 != 0 {
		return "Số tiền không hợp lệ (mã lỗi 03).", false
	}
	if exp, err := time.ParseInLocation("20060102150405", v.Get("vnp_ExpireDate"), vietnam); err != nil || s.now().After(exp) {
		return "Giao dịch đã quá thời gian chờ thanh toán (mã lỗi 11).", false
	}
	return "", true
}

var pageTmpl = template.Must(template.New("pay").Parse(`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Cổng thanh toán VNPAY (mô phỏng)</title></head>
<body><main>
<h1>Cổng thanh toán VNPAY (mô phỏng)</h1>
{{if .Error}}<p role="alert">{{.Error}}</p>{{else}}
<dl><dt>Đơn vị chấp nhận</dt><dd>{{.Tmn}}</dd><dt>Mã giao dịch</dt><dd>{{.Ref}}</dd>
<dt>Nội dung</dt><dd>{{.Info}}</dd><dt>Số tiền</dt><dd>{{.Amount}}</dd></dl>
<form method="post" action="{{.Action}}">
{{range $k, $v := .Fields}}<input type="hidden" name="{{$k}}" value="{{$v}}">{{end}}
<button name="outcome" value="pay">Thanh toán</button>
<button name="outcome" value="cancel">Hủy giao dịch</button>
</form>{{end}}
</main></body></html>`))

type pageData struct {
	Error, Tmn, Ref, Info, Amount, Action string
	Fields                                map[string]string
}

func (s *Sim) page(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if msg, ok := s.checkRequest(v); !ok {
		w.WriteHeader(http.StatusBadRequest)
		pageTmpl.Execute(w, pageData{Error: msg})
		return
	}
	fields := map[string]string{}
	for k := range v {
		fields[k] = v.Get(k)
	}
	cents, _ := strconv.ParseInt(v.Get("vnp_Amount"), 10, 64)
	pageTmpl.Execute(w, pageData{Tmn: v.Get("vnp_TmnCode"), Ref: v.Get("vnp_TxnRef"), Info: v.Get("vnp_OrderInfo"),
		Amount: pay.FormatVND(cents / 100), Action: PayPath, Fields: fields})
}

// decide ends the payment: the result is signed, sent to the IPN URL, then the browser goes back.
func (s *Sim) decide(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	req := url.Values{}
	for k := range r.PostForm {
		if k != "outcome" {
			req.Set(k, r.PostForm.Get(k))
		}
	}
	if msg, ok := s.checkRequest(req); !ok {
		http.Error(w, msg, http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	s.next++
	txn := strconv.Itoa(s.next)
	tamper := s.tamper
	s.mu.Unlock()

	res := url.Values{}
	for _, k := range []string{"vnp_TmnCode", "vnp_Amount", "vnp_TxnRef", "vnp_OrderInfo"} {
		res.Set(k, req.Get(k))
	}
	res.Set("vnp_BankCode", "NCB")
	res.Set("vnp_PayDate", s.now().In(vietnam).Format("20060102150405"))
	if r.PostForm.Get("outcome") == "pay" {
		res.Set("vnp_ResponseCode", "00")
		res.Set("vnp_TransactionStatus", "00")
		res.Set("vnp_TransactionNo", txn)
		res.Set("vnp_BankTranNo", "VNP"+txn)
		res.Set("vnp_CardType", "ATM")
	} else {
		res.Set("vnp_ResponseCode", "24")
		res.Set("vnp_TransactionStatus", "02")
		res.Set("vnp_TransactionNo", "0")
	}
	if tamper.Amount != 0 {
		res.Set("vnp_Amount", strconv.FormatInt(tamper.Amount*100, 10))
	}
	s.sign(res, tamper.Forge)
	s.mu.Lock()
	s.results[req.Get("vnp_TxnRef")] = res
	s.mu.Unlock()
	if !tamper.NoIPN {
		s.callIPN(res)
	}
	http.Redirect(w, r, req.Get("vnp_ReturnUrl")+"?"+res.Encode(), http.StatusFound)
}

func (s *Sim) sign(v url.Values, forge bool) {
	key := s.Secret
	if forge {
		key = "not-the-merchant-secret"
	}
	pay.SignValues(key, v)
}

// callIPN sends the result to the merchant's IPN URL and records the answer.
func (s *Sim) callIPN(res url.Values) (pay.IPNAnswer, error) {
	c := s.Client
	if c == nil {
		c = http.DefaultClient
	}
	resp, err := c.Get(s.IPNURL + "?" + res.Encode())
	if err != nil {
		return pay.IPNAnswer{}, err
	}
	defer resp.Body.Close()
	var a pay.IPNAnswer
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	if err := json.Unmarshal(body, &a); err != nil {
		return pay.IPNAnswer{}, fmt.Errorf("IPN answer %d %q: %w", resp.StatusCode, body, err)
	}
	s.mu.Lock()
	s.answers = append(s.answers, a)
	s.mu.Unlock()
	return a, nil
}

// Notify sends the IPN of the payment ref again (the gateway retries until it is confirmed),
// tampered as t says, and returns the merchant's answer.
func (s *Sim) Notify(ref string, t Tamper) (pay.IPNAnswer, error) {
	s.mu.Lock()
	prev, ok := s.results[ref]
	s.mu.Unlock()
	if !ok {
		return pay.IPNAnswer{}, fmt.Errorf("no payment %s", ref)
	}
	res := url.Values{}
	for k, v := range prev {
		res[k] = append([]string(nil), v...)
	}
	if t.Amount != 0 {
		res.Set("vnp_Amount", strconv.FormatInt(t.Amount*100, 10))
	}
	s.sign(res, t.Forge)
	return s.callIPN(res)
}
