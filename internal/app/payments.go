package app

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"net/url"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/pay"
	"github.com/egov-vn/egov/internal/pdf"
	"github.com/egov-vn/egov/internal/store"
)

// Fees (phí, lệ phí) paid online for a dossier awaiting payment (AwaitingPayment, domain-vn
// §4.2): by bank transfer to the receiving body's account with a VietQR code, or through the
// payment gateway (VNPAY). Each attempt is a payment row. The gateway's confirmation (IPN or
// return URL) is verified, then the payment is settled and the dossier's pay action taken as the
// gateway (RoleSystem) in one transaction; a repeated confirmation changes nothing. A transfer is
// confirmed by an official of the receiving desk who matched the reference on the bank statement.
//
// Who may reach a dossier's payment: a signed-in official who may see the dossier, or anyone
// holding the dossier's payment link token (sent to the applicant). PayerAccess carries the
// latter; the citizen portal will add its signed-in citizen there.

// BankAccount is the account fees are transferred to (tài khoản thu phí, lệ phí).
type BankAccount struct {
	BIN      string // the bank's NAPAS BIN, e.g. "970415"
	Account  string // account number
	Holder   string // account holder, e.g. "UBND phường Ba Đình"
	BankName string // e.g. "VietinBank"
}

// PaymentSettings configure online payment; the zero value offers none.
type PaymentSettings struct {
	Gateway *pay.VNPAY  // nil or unconfigured: no gateway payments
	Bank    BankAccount // BIN "" : no VietQR transfers
	// OrderTTL is how long a gateway payment may take; 0 means 15 minutes.
	OrderTTL time.Duration
	// GatewayName is how the gateway is named to payers and on receipts.
	GatewayName string
}

// SetPayments configures online payment.
func (s *Service) SetPayments(p PaymentSettings) {
	if p.GatewayName == "" {
		p.GatewayName = "Cổng thanh toán VNPAY"
	}
	s.payments = p
}

// PayerAccess is how a caller without an official's access reaches a dossier's payment.
type PayerAccess struct {
	// Token is the dossier's payment link token (PaymentLink).
	Token string
}

// gatewayActor is the payment gateway confirming a payment: egov itself (RoleSystem).
var gatewayActor = &org.Actor{Username: "payment-gateway", FullName: "Cổng thanh toán", System: true}

// Payment error codes.
const (
	CodeNotAwaitingPayment    = "not_awaiting_payment"
	CodeMethodUnavailable     = "payment_method_unavailable"
	CodeReferenceMismatch     = "reference_mismatch"
	CodeAmountMismatch        = "amount_mismatch"
	CodeBankTransactionNeeded = "bank_transaction_required"
	CodePaymentNotPaid        = "payment_not_paid"
)

func notAwaiting(d *store.DossierRow) error {
	return errs.New(errs.Conflict, CodeNotAwaitingPayment, "Hồ sơ "+d.Code+" không ở trạng thái chờ thực hiện nghĩa vụ tài chính ("+d.State.Label()+").",
		"Dossier "+d.Code+" is not awaiting payment.")
}

// payerActor is the holder of a payment link, acting for the applicant.
func payerActor(d *store.DossierRow) *org.Actor {
	return &org.Actor{Username: "payer", FullName: d.ApplicantName}
}

func hashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}

// reach reads the dossier code inside tx for a caller who may see it (an official in scope) or
// holds its payment link; anyone else is told it does not exist. It returns the actor to act as.
func (s *Service) reach(ctx context.Context, tx *store.Tx, code string, acc PayerAccess) (*store.DossierRow, *org.Actor, error) {
	d, err := tx.Dossier(ctx, code)
	if err != nil {
		return nil, nil, err
	}
	if a := ActorFrom(ctx); a != nil && canSeeDossier(a, d) {
		return d, a, nil
	}
	if acc.Token != "" {
		h, err := tx.PaymentLinkHash(ctx, d.ID)
		if err != nil {
			return nil, nil, err
		}
		if h != "" && subtle.ConstantTimeCompare([]byte(h), []byte(hashToken(acc.Token))) == 1 {
			return d, payerActor(d), nil
		}
	}
	return nil, nil, store.ErrUnknownDossier(code)
}

func checkCode(code string) (string, error) {
	code = strings.TrimSpace(code)
	_, err := dossier.ParseCode(code)
	return code, err
}

// PaymentLink makes a new payment link token for a dossier the caller may see, replacing the
// previous one, to send to the applicant. Errors: NotFound, Invalid, Unauthorized.
func (s *Service) PaymentLink(ctx context.Context, code string) (string, error) {
	a, err := actor(ctx)
	if err != nil {
		return "", err
	}
	if code, err = checkCode(code); err != nil {
		return "", err
	}
	var b [24]byte
	rand.Read(b[:])
	token := base64.RawURLEncoding.EncodeToString(b[:])
	err = s.write(ctx, func(tx *store.Tx) ([]change, error) {
		d, err := tx.Dossier(ctx, code)
		if err != nil {
			return nil, err
		}
		if !canSeeDossier(a, d) {
			return nil, store.ErrUnknownDossier(code)
		}
		if err := tx.SetPaymentLink(ctx, d.ID, hashToken(token), s.clock.Now()); err != nil {
			return nil, err
		}
		return []change{{Action: "payment.link", ObjectType: "dossier", ObjectID: d.ID, UnitPath: d.ReceivingUnitPath,
			After: map[string]any{"code": d.Code}}}, nil
	})
	return token, err
}

// VietQRCode is the transfer a payer makes to pay by VietQR.
type VietQRCode struct {
	Payload   string // the text of the QR code
	BIN       string
	Account   string
	Holder    string
	BankName  string
	Amount    int64
	Reference string // the transfer content
}

// PaymentInfo is what a dossier's payment page shows.
type PaymentInfo struct {
	Dossier       *store.DossierRow
	ReceivingUnit string
	Awaiting      bool        // the dossier awaits payment now
	VietQR        *VietQRCode // nil when transfers are not configured or nothing is due
	Gateway       bool        // the gateway may be used now
	GatewayName   string
	Payments      []*store.PaymentRow
	// Official: the caller is an official (sees the applicant's data, may confirm transfers).
	Official bool
}

// compactCode is a dossier code with letters and digits only, as a transfer content keeps it.
func compactCode(code string) string {
	var b strings.Builder
	for _, r := range code {
		if r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' {
			b.WriteRune(r)
		}
	}
	return strings.ToUpper(b.String())
}

// transferReference is the VietQR transfer content for the dossier's current payment: "HS" and
// the dossier code without punctuation, e.g. "HS0010190H242603020001" (so that an official
// reading a bank statement sees which dossier it pays), and "L2", "L3"… for a later payment of
// the same dossier.
func transferReference(d *store.DossierRow, payments []*store.PaymentRow) string {
	round := 1
	for _, p := range payments {
		if p.State == pay.StatePaid {
			round++
		}
	}
	ref := "HS" + compactCode(d.Code)
	if round > 1 {
		ref += "L" + itoa(int64(round))
	}
	if len(ref) > pay.MaxReference {
		ref = ref[len(ref)-pay.MaxReference:]
	}
	return ref
}

func (s *Service) vietQR(d *store.DossierRow, payments []*store.PaymentRow) (*VietQRCode, error) {
	b := s.payments.Bank
	if b.BIN == "" || d.State != dossier.AwaitingPayment || d.FeeAmount <= 0 {
		return nil, nil
	}
	q := pay.VietQR{BIN: b.BIN, Account: b.Account, Amount: d.FeeAmount, Reference: transferReference(d, payments)}
	p, err := q.Payload()
	if err != nil {
		return nil, errs.Wrap(err, "vietqr") // a configuration mistake, checked at start-up
	}
	return &VietQRCode{Payload: p, BIN: b.BIN, Account: b.Account, Holder: b.Holder, BankName: b.BankName, Amount: d.FeeAmount, Reference: q.Reference}, nil
}

// CheckPaymentSettings validates the configured bank account (at start-up).
func CheckPaymentSettings(p PaymentSettings) error {
	if p.Bank.BIN != "" || p.Bank.Account != "" {
		if err := (pay.VietQR{BIN: p.Bank.BIN, Account: p.Bank.Account, Static: true}).Check(); err != nil {
			return err
		}
	}
	return nil
}

// PaymentInfo returns what the payment page of a dossier shows. Errors: NotFound (also for a
// dossier the caller may not reach), Invalid (malformed code).
func (s *Service) PaymentInfo(ctx context.Context, code string, acc PayerAccess) (*PaymentInfo, error) {
	code, err := checkCode(code)
	if err != nil {
		return nil, err
	}
	out := &PaymentInfo{GatewayName: s.payments.GatewayName}
	err = s.read(ctx, func(tx *store.Tx) error {
		d, a, err := s.reach(ctx, tx, code, acc)
		if err != nil {
			return err
		}
		out.Dossier, out.Official = d, a.System || len(a.Grants) > 0
		if out.Payments, err = tx.Payments(ctx, d.ID); err != nil {
			return err
		}
		if u, err := tx.Unit(ctx, d.ReceivingUnitID); err == nil {
			out.ReceivingUnit = u.Name
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	d := out.Dossier
	out.Awaiting = d.State == dossier.AwaitingPayment && d.FeeAmount > 0
	out.Gateway = out.Awaiting && s.payments.Gateway.Configured()
	if out.VietQR, err = s.vietQR(d, out.Payments); err != nil {
		return nil, err
	}
	return out, nil
}

// NewPayment starts a payment.
type NewPayment struct {
	Method pay.Method `json:"method"`
	// ReturnURL is where the gateway sends the payer back (set by the web layer).
	ReturnURL string `json:"-"`
	IPAddr    string `json:"-"`
}

// StartedPayment is a payment just started: the gateway's page to send the payer to, or the
// VietQR transfer to make.
type StartedPayment struct {
	Payment     *store.PaymentRow
	RedirectURL string
	VietQR      *VietQRCode
}

// CreatePayment starts paying a dossier's fee: a gateway payment gets a fresh reference and the
// URL of the gateway's page; a VietQR payment is the dossier's current transfer (the same one
// when asked again while it is pending). Errors: NotFound, Conflict (not_awaiting_payment),
// Invalid (unknown method, payment_method_unavailable).
func (s *Service) CreatePayment(ctx context.Context, code string, acc PayerAccess, in NewPayment) (*StartedPayment, error) {
	code, err := checkCode(code)
	if err != nil {
		return nil, err
	}
	if !in.Method.Valid() {
		return nil, errs.Invalidf("method", "unknown_payment_method", "Hình thức thanh toán phải là vietqr (chuyển khoản) hoặc gateway (cổng thanh toán).",
			"The method must be vietqr or gateway.")
	}
	if in.Method == pay.MethodGateway && !s.payments.Gateway.Configured() || in.Method == pay.MethodVietQR && s.payments.Bank.BIN == "" {
		return nil, errs.Invalidf("method", CodeMethodUnavailable, "Hình thức thanh toán này chưa được cơ quan cung cấp.",
			"This payment method is not offered.")
	}
	// Who acts is known only inside the transaction (an official, or the link's holder); the
	// write needs an actor first, so the payer stands in until then.
	var who *org.Actor
	err = s.read(ctx, func(tx *store.Tx) (err error) {
		_, who, err = s.reach(ctx, tx, code, acc)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := &StartedPayment{}
	err = s.write(WithActor(ctx, who), func(tx *store.Tx) ([]change, error) {
		d, _, err := s.reach(ctx, tx, code, acc)
		if err != nil {
			return nil, err
		}
		if d.State != dossier.AwaitingPayment || d.FeeAmount <= 0 {
			return nil, notAwaiting(d)
		}
		payments, err := tx.Payments(ctx, d.ID)
		if err != nil {
			return nil, err
		}
		now := s.clock.Now()
		p := &store.PaymentRow{DossierID: d.ID, DossierCode: d.Code, Method: in.Method, Amount: d.FeeAmount, State: pay.StatePending,
			PayerName: d.ApplicantName, CreatedAt: now, UpdatedAt: now}
		if in.Method == pay.MethodVietQR {
			if out.VietQR, err = s.vietQR(d, payments); err != nil {
				return nil, err
			}
			p.Reference = out.VietQR.Reference
			for _, q := range payments {
				if q.Reference == p.Reference {
					out.Payment = q
					return nil, nil // already started: nothing changes
				}
			}
		} else {
			p.Reference = pay.NewReference()
			ttl := s.payments.OrderTTL
			if ttl == 0 {
				ttl = 15 * time.Minute
			}
			out.RedirectURL, err = s.payments.Gateway.PaymentURL(pay.Order{Reference: p.Reference, Amount: p.Amount,
				Info: "Thanh toan phi le phi ho so " + d.Code, ReturnURL: in.ReturnURL, IPAddr: in.IPAddr, CreatedAt: now, ExpiresAt: now.Add(ttl)})
			if err != nil {
				return nil, err
			}
		}
		if err := tx.InsertPayment(ctx, p); err != nil {
			return nil, err
		}
		out.Payment = p
		return []change{{Action: "payment.create", ObjectType: "payment", ObjectID: p.ID, UnitPath: d.ReceivingUnitPath,
			After: map[string]any{"code": d.Code, "reference": p.Reference, "method": p.Method, "amount": p.Amount}}}, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Payment returns one payment of a dossier. Errors: NotFound (unknown_dossier, unknown_payment),
// Invalid.
func (s *Service) Payment(ctx context.Context, code, ref string, acc PayerAccess) (*store.PaymentRow, error) {
	code, err := checkCode(code)
	if err != nil {
		return nil, err
	}
	var out *store.PaymentRow
	err = s.read(ctx, func(tx *store.Tx) error {
		d, _, err := s.reach(ctx, tx, code, acc)
		if err != nil {
			return err
		}
		p, err := tx.Payment(ctx, pay.NormalizeReference(ref))
		if err != nil {
			return err
		}
		if p.DossierID != d.ID {
			return store.ErrUnknownPayment(ref)
		}
		out = p
		return nil
	})
	return out, err
}

// GatewayNotification handles the gateway's report of a payment (its IPN call, or the payer's
// browser coming back with the same signed parameters) and returns the answer the protocol
// expects and the payment it is about (nil when unknown). A report that is not signed with the
// merchant's secret is logged and changes nothing. A signed report with another amount than the
// payment's is audited and changes nothing. A success settles the payment and takes the
// dossier's pay action as the gateway, in one transaction; a failure marks the payment failed.
// A report about a payment already settled changes nothing ("already confirmed").
func (s *Service) GatewayNotification(ctx context.Context, q url.Values) (pay.IPNAnswer, *store.PaymentRow) {
	g := s.payments.Gateway
	if !g.Configured() {
		return pay.IPNUnknownError, nil
	}
	res, err := g.Verify(q)
	if errs.CodeOf(err) == pay.CodeInvalidSignature {
		s.log.Warn("payment notification with an invalid signature", "reference", q.Get("vnp_TxnRef"), "amount", q.Get("vnp_Amount"),
			"request_id", RequestIDFrom(ctx))
		return pay.IPNInvalidSignature, nil
	}
	if err != nil {
		s.log.Warn("malformed payment notification", "err", err, "request_id", RequestIDFrom(ctx))
		return pay.IPNUnknownError, nil
	}
	var answer pay.IPNAnswer
	var out *store.PaymentRow
	err = s.write(WithActor(ctx, gatewayActor), func(tx *store.Tx) ([]change, error) {
		answer, out = pay.IPNOrderNotFound, nil
		p, err := tx.PaymentForUpdate(ctx, res.Reference)
		if errs.KindOf(err) == errs.NotFound {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		if p.Method != pay.MethodGateway {
			return nil, nil
		}
		out = p
		if p.State != pay.StatePending {
			answer = pay.IPNAlreadyConfirmed
			return nil, nil
		}
		d, err := tx.Dossier(ctx, p.DossierCode)
		if err != nil {
			return nil, err
		}
		if res.Amount != p.Amount {
			answer = pay.IPNInvalidAmount
			s.log.Warn("payment notification with a wrong amount", "reference", p.Reference, "expected", p.Amount, "reported", res.Amount)
			return []change{{Action: "payment.amount_mismatch", ObjectType: "payment", ObjectID: p.ID, UnitPath: d.ReceivingUnitPath,
				After: map[string]any{"code": d.Code, "reference": p.Reference, "expected": p.Amount, "reported": res.Amount,
					"transaction_no": res.TransactionNo}}}, nil
		}
		now := s.clock.Now()
		p.GatewayTxnNo, p.BankCode, p.ResponseCode, p.RawNotification, p.UpdatedAt = res.TransactionNo, res.BankCode, res.ResponseCode, res.Raw, now
		p.ConfirmedBy = s.payments.GatewayName
		if !res.Success() {
			p.State = pay.StateFailed
		} else {
			p.State, p.PaidAt = pay.StatePaid, now
		}
		if ok, err := tx.SettlePayment(ctx, p); err != nil || !ok {
			answer = pay.IPNAlreadyConfirmed
			return nil, err
		}
		answer = pay.IPNConfirmed
		changes := []change{{Action: "payment." + string(p.State), ObjectType: "payment", ObjectID: p.ID, UnitPath: d.ReceivingUnitPath,
			After: map[string]any{"code": d.Code, "reference": p.Reference, "amount": p.Amount, "transaction_no": p.GatewayTxnNo,
				"response_code": p.ResponseCode}}}
		if p.State == pay.StatePaid && d.State == dossier.AwaitingPayment {
			c, err := s.act(ctx, tx, gatewayActor, d, ActionInput{Action: dossier.ActionPay,
				Reason: "Đã thanh toán " + pay.FormatVND(p.Amount) + " qua " + s.payments.GatewayName + ", mã thanh toán " + p.Reference +
					", mã giao dịch " + p.GatewayTxnNo + "."})
			if err != nil {
				return nil, err
			}
			changes = append(changes, c)
		} else if p.State == pay.StatePaid {
			// The pay action refreshes the statistics; without it, the payment still makes the
			// dossier paid online (indicators 3.5 and 3.6).
			if err := s.refreshStats(ctx, tx, d, nil); err != nil {
				return nil, err
			}
		}
		return changes, nil
	})
	if err != nil {
		s.log.Error("payment notification", "err", err, "reference", res.Reference, "request_id", RequestIDFrom(ctx))
		return pay.IPNUnknownError, out
	}
	return answer, out
}

// TransferConfirmation is an official's confirmation that a VietQR transfer arrived, read from
// the bank statement.
type TransferConfirmation struct {
	Reference       string `json:"reference"`        // the transfer content on the statement
	Amount          int64  `json:"amount"`           // the amount received, VND
	BankTransaction string `json:"bank_transaction"` // the bank's transaction number (số bút toán)
}

// ConfirmTransfer records, for an official of the receiving desk, that the dossier's VietQR
// transfer arrived: the reference and the amount must be the dossier's current ones. The payment
// is settled and the dossier's pay action taken as the official, in one transaction, audited.
// Errors: NotFound (a dossier the official may not see), Conflict (not_awaiting_payment),
// Forbidden (role_not_allowed: only the desk confirms), Invalid (reference_mismatch,
// amount_mismatch, bank_transaction_required).
func (s *Service) ConfirmTransfer(ctx context.Context, code string, in TransferConfirmation) (*store.PaymentRow, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if code, err = checkCode(code); err != nil {
		return nil, err
	}
	in.Reference = pay.NormalizeReference(in.Reference)
	in.BankTransaction = strings.TrimSpace(in.BankTransaction)
	if in.BankTransaction == "" || len([]rune(in.BankTransaction)) > 64 {
		return nil, errs.Invalidf("bank_transaction", CodeBankTransactionNeeded, "Cần nhập mã giao dịch (số bút toán) trên sao kê ngân hàng, tối đa 64 ký tự.",
			"The bank's transaction number is required (64 characters at most).")
	}
	var out *store.PaymentRow
	err = s.write(ctx, func(tx *store.Tx) ([]change, error) {
		d, err := tx.Dossier(ctx, code)
		if err != nil {
			return nil, err
		}
		if !canSeeDossier(a, d) {
			return nil, store.ErrUnknownDossier(code)
		}
		if d.State != dossier.AwaitingPayment {
			return nil, notAwaiting(d)
		}
		payments, err := tx.Payments(ctx, d.ID)
		if err != nil {
			return nil, err
		}
		want := transferReference(d, payments)
		if in.Reference != want {
			return nil, errs.Invalidf("reference", CodeReferenceMismatch, "Nội dung chuyển khoản "+in.Reference+" không khớp với mã thanh toán của hồ sơ ("+want+").",
				"The transfer content does not match the dossier's payment reference ("+want+").")
		}
		if in.Amount != d.FeeAmount {
			return nil, errs.Invalidf("amount", CodeAmountMismatch, "Số tiền nhận được "+pay.FormatVND(in.Amount)+" khác số tiền phải nộp "+pay.FormatVND(d.FeeAmount)+".",
				"The amount received differs from the amount due.")
		}
		now := s.clock.Now()
		var p *store.PaymentRow
		for _, q := range payments {
			if q.Reference == want {
				p = q
			}
		}
		settled := &store.PaymentRow{DossierID: d.ID, DossierCode: d.Code, Reference: want, Method: pay.MethodVietQR, Amount: d.FeeAmount,
			State: pay.StatePaid, PayerName: d.ApplicantName, GatewayTxnNo: in.BankTransaction, ConfirmedByID: a.UserID,
			ConfirmedBy: a.DisplayName(), CreatedAt: now, PaidAt: now, UpdatedAt: now}
		if p == nil {
			if err := tx.InsertPayment(ctx, settled); err != nil {
				return nil, err
			}
		} else {
			settled.ID, settled.CreatedAt = p.ID, p.CreatedAt
			if ok, err := tx.SettlePayment(ctx, settled); err != nil {
				return nil, err
			} else if !ok {
				return nil, notAwaiting(d)
			}
		}
		c, err := s.act(ctx, tx, a, d, ActionInput{Action: dossier.ActionPay,
			Reason: "Đã nhận chuyển khoản " + pay.FormatVND(settled.Amount) + ", nội dung " + want + ", mã giao dịch ngân hàng " + in.BankTransaction + "."})
		if err != nil {
			return nil, err
		}
		out = settled
		return []change{{Action: "payment.confirm_transfer", ObjectType: "payment", ObjectID: settled.ID, UnitPath: d.ReceivingUnitPath,
			After: map[string]any{"code": d.Code, "reference": want, "amount": settled.Amount, "bank_transaction": in.BankTransaction}}, c}, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// PaymentReceipt renders the electronic receipt (biên lai điện tử) of a paid payment as PDF.
// Errors: NotFound, Conflict (payment_not_paid), Invalid.
func (s *Service) PaymentReceipt(ctx context.Context, code, ref string, acc PayerAccess, place string) ([]byte, error) {
	p, err := s.Payment(ctx, code, ref, acc)
	if err != nil {
		return nil, err
	}
	if p.State != pay.StatePaid {
		return nil, errs.New(errs.Conflict, CodePaymentNotPaid, "Giao dịch "+p.Reference+" chưa được thanh toán nên chưa có biên lai.",
			"The payment is not paid: no receipt yet.")
	}
	var d *store.DossierRow
	var unit *org.Unit
	err = s.read(ctx, func(tx *store.Tx) (err error) {
		if d, err = tx.Dossier(ctx, p.DossierCode); err != nil {
			return err
		}
		unit, err = tx.Unit(ctx, d.ReceivingUnitID)
		return err
	})
	if err != nil {
		return nil, err
	}
	if place == "" {
		place = "Hà Nội"
	}
	f := pdf.FeeReceipt{Agency: s.agencyOf(ctx, unit), Place: place, Number: p.Reference, PaidAt: p.PaidAt,
		Payer:       pdf.Person{Name: d.ApplicantName, Address: d.ApplicantAddress, IDNumber: d.ApplicantIDNumber},
		DossierCode: d.Code, Procedure: d.ProcedureName, Amount: pay.FormatVND(p.Amount), AmountWords: pay.AmountInWords(p.Amount),
		Method: p.Method.Label(), Transaction: p.GatewayTxnNo, Collector: p.ConfirmedBy}
	var buf bytes.Buffer
	if err := pdf.WriteFeeReceipt(&buf, f); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
