package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/pay"
	"github.com/egov-vn/egov/internal/store"
)

// Paying a dossier's fees online (domain-vn §3.3 Fees, §4.2 AwaitingPayment): the payment page
// with the VietQR code and the gateway button, reachable with the dossier's payment link (?t=
// token) or by a signed-in official; the gateway's return page and its server-to-server IPN; an
// official's confirmation of a bank transfer; the e-receipt. The service decides who may see
// what; these handlers parse and render.

// siteBase is the site's public address without a trailing slash.
func (s *Server) siteBase(r *http.Request) string {
	return strings.TrimSuffix(strings.TrimSuffix(s.lookupBase(r), "/"), "/tra-cuu")
}

// payReturnURL is where the gateway sends the payer back: the dossier's result page, with the
// link token in the path (the gateway appends its own query string).
func (s *Server) payReturnURL(r *http.Request, code, token string) string {
	u := s.siteBase(r) + "/thanh-toan/" + url.PathEscape(code) + "/ket-qua"
	if token != "" {
		u += "/" + url.PathEscape(token)
	}
	return u
}

// payData is what the payment page shows.
type payData struct {
	Info      *app.PaymentInfo
	Token     string
	QR        template.HTML
	QRText    string // the text alternative of the QR code
	Link      string // a payment link just made (officials)
	Form      map[string]string
	FormError *errs.Error
	// Result is set on the gateway's return page.
	Result *payResult
}

type payResult struct {
	Payment *store.PaymentRow
	OK      bool
	Message string
}

// FeeText writes an amount in VND with its words.
func (d *payData) FeeText(n int64) string { return pay.FormatVND(n) }

// Words writes an amount in words.
func (d *payData) Words(n int64) string { return pay.AmountInWords(n) }

// ReceiptURL is the address of a paid payment's e-receipt.
func (d *payData) ReceiptURL(p *store.PaymentRow) string {
	u := "/api/v1/dossiers/" + url.PathEscape(p.DossierCode) + "/payments/" + url.PathEscape(p.Reference) + "/receipt.pdf"
	if d.Token != "" {
		u += "?token=" + url.QueryEscape(d.Token)
	}
	return u
}

func (s *Server) renderPay(w http.ResponseWriter, r *http.Request, status int, d *payData) {
	p := &page{Title: "Thanh toán phí, lệ phí", Data: d, Error: d.FormError}
	if d.Result != nil {
		p.Title = "Kết quả thanh toán"
	}
	if d.Info != nil && d.Info.VietQR != nil {
		q := d.Info.VietQR
		d.QRText = "Mã VietQR chuyển khoản: ngân hàng " + orBIN(q.BankName, q.BIN) + ", số tài khoản " + q.Account + ", chủ tài khoản " +
			q.Holder + ", số tiền " + pay.FormatVND(q.Amount) + ", nội dung chuyển khoản " + q.Reference + "."
		svg, err := qrSVG(q.Payload, d.QRText)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		d.QR = svg
	}
	s.allowGatewayForms(w)
	s.render(w, r, status, "payment", p)
}

func orBIN(name, bin string) string {
	if name == "" {
		return "mã BIN " + bin
	}
	return name + " (mã BIN " + bin + ")"
}

// paymentPage: GET /thanh-toan/{code}?t=TOKEN.
func (s *Server) paymentPage(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("t")
	info, err := s.svc.PaymentInfo(r.Context(), r.PathValue("code"), app.PayerAccess{Token: token})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderPay(w, r, http.StatusOK, &payData{Info: info, Token: token})
}

// paymentGateway: POST /thanh-toan/{code}/cong starts a gateway payment and sends the browser
// to the gateway.
func (s *Server) paymentGateway(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, errs.New(errs.Invalid, "invalid_form", "Biểu mẫu gửi lên không hợp lệ.", "Malformed form."))
		return
	}
	code, token := r.PathValue("code"), r.PostForm.Get("t")
	started, err := s.svc.CreatePayment(r.Context(), code, app.PayerAccess{Token: token},
		app.NewPayment{Method: pay.MethodGateway, ReturnURL: s.payReturnURL(r, code, token), IPAddr: clientIP(r)})
	if err != nil {
		info, ierr := s.svc.PaymentInfo(r.Context(), code, app.PayerAccess{Token: token})
		if ierr != nil || errs.KindOf(err) == errs.Internal {
			s.fail(w, r, err)
			return
		}
		s.renderPay(w, r, statusOf(err), &payData{Info: info, Token: token, FormError: errs.Public(err)})
		return
	}
	http.Redirect(w, r, started.RedirectURL, http.StatusSeeOther)
}

// paymentReturn: GET /thanh-toan/{code}/ket-qua[/{token}], where the gateway sends the payer
// back. The signed result is handled as the IPN would handle it (idempotently), then shown.
func (s *Server) paymentReturn(w http.ResponseWriter, r *http.Request) {
	code, token := r.PathValue("code"), r.PathValue("token")
	answer, p := s.svc.GatewayNotification(r.Context(), r.URL.Query())
	d := &payData{Token: token}
	if info, err := s.svc.PaymentInfo(r.Context(), code, app.PayerAccess{Token: token}); err == nil {
		d.Info = info
	}
	res := &payResult{Payment: p}
	switch {
	case answer == pay.IPNInvalidSignature || p == nil || p.DossierCode != code:
		res.Message = "Không xác thực được kết quả thanh toán do cổng thanh toán gửi về. Nếu tài khoản của bạn đã bị trừ tiền, vui lòng liên hệ cơ quan tiếp nhận hồ sơ."
		res.Payment = nil
	case answer == pay.IPNInvalidAmount:
		res.Message = "Số tiền cổng thanh toán báo về không khớp với số tiền phải nộp. Cơ quan sẽ kiểm tra và liên hệ với bạn."
	case p.State == pay.StatePaid:
		res.OK, res.Message = true, "Thanh toán thành công "+pay.FormatVND(p.Amount)+" cho hồ sơ "+p.DossierCode+"."
	case p.State == pay.StateFailed:
		res.Message = pay.ResponseMessage(p.ResponseCode)
	default:
		res.Message = "Giao dịch đang được xử lý. Vui lòng tải lại trang sau ít phút."
	}
	d.Result = res
	s.renderPay(w, r, http.StatusOK, d)
}

// paymentConfirm: POST /thanh-toan/{code}/xac-nhan, an official confirming a bank transfer.
func (s *Server) paymentConfirm(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	amount, _ := strconv.ParseInt(strings.NewReplacer(".", "", ",", "", " ", "").Replace(r.PostForm.Get("amount")), 10, 64)
	_, err := s.svc.ConfirmTransfer(r.Context(), code, app.TransferConfirmation{Reference: r.PostForm.Get("reference"),
		Amount: amount, BankTransaction: r.PostForm.Get("bank_transaction")})
	if err != nil {
		info, ierr := s.svc.PaymentInfo(r.Context(), code, app.PayerAccess{})
		if ierr != nil || errs.KindOf(err) == errs.Internal {
			s.fail(w, r, err)
			return
		}
		form := map[string]string{"reference": r.PostForm.Get("reference"), "amount": r.PostForm.Get("amount"), "bank_transaction": r.PostForm.Get("bank_transaction")}
		s.renderPay(w, r, statusOf(err), &payData{Info: info, Form: form, FormError: errs.Public(err)})
		return
	}
	http.Redirect(w, r, "/thanh-toan/"+url.PathEscape(code), http.StatusSeeOther)
}

// paymentLink: POST /thanh-toan/{code}/lien-ket, an official making the link to send the applicant.
func (s *Server) paymentLink(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	token, err := s.svc.PaymentLink(r.Context(), code)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	info, err := s.svc.PaymentInfo(r.Context(), code, app.PayerAccess{})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderPay(w, r, http.StatusOK, &payData{Info: info, Link: s.paymentLinkURL(r, code, token)})
}

func (s *Server) paymentLinkURL(r *http.Request, code, token string) string {
	return s.siteBase(r) + "/thanh-toan/" + url.PathEscape(code) + "?t=" + url.QueryEscape(token)
}

// The API.

type vietQRJSON struct {
	Payload   string `json:"payload"`
	BIN       string `json:"bin"`
	Account   string `json:"account"`
	Holder    string `json:"holder,omitempty"`
	BankName  string `json:"bank_name,omitempty"`
	Amount    int64  `json:"amount"`
	Reference string `json:"reference"`
}

func toVietQR(q *app.VietQRCode) *vietQRJSON {
	if q == nil {
		return nil
	}
	return &vietQRJSON{q.Payload, q.BIN, q.Account, q.Holder, q.BankName, q.Amount, q.Reference}
}

type paymentJSON struct {
	Reference     string      `json:"reference"`
	DossierCode   string      `json:"dossier_code"`
	Method        pay.Method  `json:"method"`
	Amount        int64       `json:"amount"`
	State         pay.State   `json:"state"`
	StateLabel    string      `json:"state_label"`
	TransactionNo string      `json:"transaction_no,omitempty"`
	ConfirmedBy   string      `json:"confirmed_by,omitempty"`
	CreatedAt     time.Time   `json:"created_at"`
	PaidAt        *time.Time  `json:"paid_at,omitempty"`
	RedirectURL   string      `json:"redirect_url,omitempty"`
	VietQR        *vietQRJSON `json:"vietqr,omitempty"`
}

func toPayment(p *store.PaymentRow) paymentJSON {
	return paymentJSON{Reference: p.Reference, DossierCode: p.DossierCode, Method: p.Method, Amount: p.Amount, State: p.State,
		StateLabel: p.State.Label(), TransactionNo: p.GatewayTxnNo, ConfirmedBy: p.ConfirmedBy, CreatedAt: *vt(p.CreatedAt), PaidAt: vt(p.PaidAt)}
}

type paymentsJSON struct {
	DossierCode string        `json:"dossier_code"`
	Status      string        `json:"status"`
	Awaiting    bool          `json:"awaiting_payment"`
	Amount      int64         `json:"amount"`
	FeesPaid    bool          `json:"fees_paid"`
	Gateway     bool          `json:"gateway"`
	VietQR      *vietQRJSON   `json:"vietqr,omitempty"`
	Payments    []paymentJSON `json:"payments"`
}

type newPaymentJSON struct {
	Method pay.Method `json:"method"`
	Token  string     `json:"token,omitempty"`
}

// apiPayments: GET /api/v1/dossiers/{code}/payments.
func (s *Server) apiPayments(r *http.Request) (int, any, error) {
	info, err := s.svc.PaymentInfo(r.Context(), r.PathValue("code"), app.PayerAccess{Token: r.URL.Query().Get("token")})
	if err != nil {
		return 0, nil, err
	}
	out := paymentsJSON{DossierCode: info.Dossier.Code, Status: string(info.Dossier.State), Awaiting: info.Awaiting, Amount: info.Dossier.FeeAmount,
		FeesPaid: info.Dossier.FeesPaid, Gateway: info.Gateway, VietQR: toVietQR(info.VietQR), Payments: []paymentJSON{}}
	for _, p := range info.Payments {
		out.Payments = append(out.Payments, toPayment(p))
	}
	return http.StatusOK, out, nil
}

// apiCreatePayment: POST /api/v1/dossiers/{code}/payments.
func (s *Server) apiCreatePayment(r *http.Request) (int, any, error) {
	var in newPaymentJSON
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	code := r.PathValue("code")
	started, err := s.svc.CreatePayment(r.Context(), code, app.PayerAccess{Token: in.Token},
		app.NewPayment{Method: in.Method, ReturnURL: s.payReturnURL(r, code, in.Token), IPAddr: clientIP(r)})
	if err != nil {
		return 0, nil, err
	}
	out := toPayment(started.Payment)
	out.RedirectURL, out.VietQR = started.RedirectURL, toVietQR(started.VietQR)
	return http.StatusCreated, out, nil
}

// apiPayment: GET /api/v1/dossiers/{code}/payments/{ref}.
func (s *Server) apiPayment(r *http.Request) (int, any, error) {
	p, err := s.svc.Payment(r.Context(), r.PathValue("code"), r.PathValue("ref"), app.PayerAccess{Token: r.URL.Query().Get("token")})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, toPayment(p), nil
}

// apiPaymentReceipt: GET /api/v1/dossiers/{code}/payments/{ref}/receipt.pdf.
func (s *Server) apiPaymentReceipt(r *http.Request) (int, any, error) {
	b, err := s.svc.PaymentReceipt(r.Context(), r.PathValue("code"), r.PathValue("ref"), app.PayerAccess{Token: r.URL.Query().Get("token")}, "")
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, fileBody{ContentType: "application/pdf", Filename: "bien-lai-" + r.PathValue("ref") + ".pdf", Data: b}, nil
}

// apiConfirmTransfer: POST /api/v1/dossiers/{code}/payments/confirm-transfer.
func (s *Server) apiConfirmTransfer(r *http.Request) (int, any, error) {
	var in app.TransferConfirmation
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	p, err := s.svc.ConfirmTransfer(r.Context(), r.PathValue("code"), in)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, toPayment(p), nil
}

type paymentLinkJSON struct {
	Token string `json:"token"`
	URL   string `json:"url"`
}

// apiPaymentLink: POST /api/v1/dossiers/{code}/payment-link.
func (s *Server) apiPaymentLink(r *http.Request) (int, any, error) {
	code := r.PathValue("code")
	token, err := s.svc.PaymentLink(r.Context(), code)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, paymentLinkJSON{Token: token, URL: s.paymentLinkURL(r, code, token)}, nil
}

// vnpayIPN: GET /api/v1/payments/vnpay/ipn, the gateway's server-to-server notification. It
// always answers 200 with the protocol's {"RspCode", "Message"}.
func (s *Server) vnpayIPN(w http.ResponseWriter, r *http.Request) {
	answer, _ := s.svc.GatewayNotification(r.Context(), r.URL.Query())
	writeJSON(w, http.StatusOK, answer)
}

var (
	paymentParams    = []apiParam{{"code", "path", "string", "dossier code"}, {"token", "query", "string", "the dossier's payment link token (without sign-in)"}}
	paymentRefParams = []apiParam{{"code", "path", "string", "dossier code"}, {"ref", "path", "string", "payment reference"}, {"token", "query", "string", "the dossier's payment link token (without sign-in)"}}
)

func init() {
	vq := obj(map[string]any{"payload": str, "bin": str, "account": str, "holder": str, "bank_name": str, "amount": num, "reference": str},
		"payload", "bin", "account", "amount", "reference")
	openAPISchemas["VietQR"] = vq
	openAPISchemas["Payment"] = obj(map[string]any{"reference": str, "dossier_code": str, "method": map[string]any{"type": "string", "enum": []string{"vietqr", "gateway"}},
		"amount": num, "state": map[string]any{"type": "string", "enum": []string{"pending", "paid", "failed"}}, "state_label": str,
		"transaction_no": str, "confirmed_by": str, "created_at": dt, "paid_at": dt, "redirect_url": str, "vietqr": ref("VietQR")},
		"reference", "dossier_code", "method", "amount", "state", "created_at")
	openAPISchemas["Payments"] = obj(map[string]any{"dossier_code": str, "status": str, "awaiting_payment": bl, "amount": num, "fees_paid": bl,
		"gateway": bl, "vietqr": ref("VietQR"), "payments": arr(ref("Payment"))}, "dossier_code", "status", "payments")
	openAPISchemas["NewPayment"] = obj(map[string]any{"method": map[string]any{"type": "string", "enum": []string{"vietqr", "gateway"}}, "token": str}, "method")
	openAPISchemas["TransferConfirmation"] = obj(map[string]any{"reference": str, "amount": num, "bank_transaction": str}, "reference", "amount", "bank_transaction")
	openAPISchemas["PaymentLink"] = obj(map[string]any{"token": str, "url": str}, "token", "url")
	openAPISchemas["IPNAnswer"] = obj(map[string]any{"RspCode": map[string]any{"type": "string", "enum": []string{"00", "01", "02", "04", "97", "99"}}, "Message": str}, "RspCode", "Message")
}
