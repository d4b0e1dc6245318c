package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/pay"
)

// PaymentRow is one attempt to pay a dossier's fee.
type PaymentRow struct {
	ID              int64
	DossierID       int64
	DossierCode     string // read with the row
	Reference       string
	Method          pay.Method
	Amount          int64
	State           pay.State
	PayerName       string
	GatewayTxnNo    string
	BankCode        string
	ResponseCode    string
	RawNotification string
	ConfirmedByID   int64
	ConfirmedBy     string
	CreatedAt       time.Time
	PaidAt          time.Time
	UpdatedAt       time.Time
}

const paymentCols = `p.id, p.dossier_id, d.code, p.reference, p.method, p.amount, p.state, p.payer_name, p.gateway_txn_no,
	p.bank_code, p.response_code, p.raw_notification, COALESCE(p.confirmed_by_id, 0), p.confirmed_by, p.created_at, p.paid_at,
	p.updated_at`

func scanPayment(sc interface{ Scan(...any) error }) (*PaymentRow, error) {
	var p PaymentRow
	var method, state string
	err := sc.Scan(&p.ID, &p.DossierID, &p.DossierCode, &p.Reference, &method, &p.Amount, &state, &p.PayerName, &p.GatewayTxnNo,
		&p.BankCode, &p.ResponseCode, &p.RawNotification, &p.ConfirmedByID, &p.ConfirmedBy, tm(&p.CreatedAt), tm(&p.PaidAt),
		tm(&p.UpdatedAt))
	p.Method, p.State = pay.Method(method), pay.State(state)
	return &p, err
}

// ErrUnknownPayment is the NotFound error for a payment reference that is not stored (or not
// visible to the caller).
func ErrUnknownPayment(ref string) error {
	return errs.New(errs.NotFound, "unknown_payment", "Không tìm thấy giao dịch thanh toán mã "+ref+".", "No payment with reference "+ref+".")
}

// InsertPayment stores a new payment attempt and sets its ID. A reference already stored is a
// Conflict "duplicate_payment_reference".
func (tx *Tx) InsertPayment(ctx context.Context, p *PaymentRow) error {
	id, err := tx.insert(ctx, `INSERT INTO payments (dossier_id, reference, method, amount, state, payer_name, gateway_txn_no, bank_code,
		response_code, raw_notification, confirmed_by_id, confirmed_by, created_at, paid_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.DossierID, p.Reference, string(p.Method), p.Amount, string(p.State), p.PayerName, p.GatewayTxnNo, p.BankCode,
		p.ResponseCode, p.RawNotification, nullID(p.ConfirmedByID), p.ConfirmedBy, tx.ts(p.CreatedAt), tx.ts(p.PaidAt), tx.ts(p.UpdatedAt))
	if isUniqueViolation(err) {
		return errs.New(errs.Conflict, "duplicate_payment_reference", "Mã thanh toán "+p.Reference+" đã được dùng.",
			"Payment reference "+p.Reference+" is taken.")
	}
	if err != nil {
		return errs.Wrap(err, "insert payment")
	}
	p.ID = id
	return nil
}

// PaymentForUpdate returns the payment with the reference, locking its row until the transaction
// ends (on PostgreSQL; SQLite's write transaction holds the database), or ErrUnknownPayment.
func (tx *Tx) PaymentForUpdate(ctx context.Context, ref string) (*PaymentRow, error) {
	q := `SELECT ` + paymentCols + ` FROM payments p JOIN dossiers d ON d.id = p.dossier_id WHERE p.reference = ?`
	if tx.db.Dialect == Postgres {
		q += " FOR UPDATE OF p"
	}
	p, err := scanPayment(tx.queryRow(ctx, q, ref))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrUnknownPayment(ref)
	}
	return p, errs.Wrap(err, "payment")
}

// Payment returns the payment with the reference, or ErrUnknownPayment.
func (tx *Tx) Payment(ctx context.Context, ref string) (*PaymentRow, error) {
	p, err := scanPayment(tx.queryRow(ctx, `SELECT `+paymentCols+` FROM payments p JOIN dossiers d ON d.id = p.dossier_id WHERE p.reference = ?`, ref))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrUnknownPayment(ref)
	}
	return p, errs.Wrap(err, "payment")
}

// Payments returns a dossier's payment attempts, oldest first.
func (tx *Tx) Payments(ctx context.Context, dossierID int64) ([]*PaymentRow, error) {
	rows, err := tx.query(ctx, `SELECT `+paymentCols+` FROM payments p JOIN dossiers d ON d.id = p.dossier_id WHERE p.dossier_id = ? ORDER BY p.id`, dossierID)
	if err != nil {
		return nil, errs.Wrap(err, "payments")
	}
	defer rows.Close()
	var out []*PaymentRow
	for rows.Next() {
		p, err := scanPayment(rows)
		if err != nil {
			return nil, errs.Wrap(err, "payments")
		}
		out = append(out, p)
	}
	return out, errs.Wrap(rows.Err(), "payments")
}

// SettlePayment records the end of a pending payment: its new state and what the gateway (or
// the official) reported. It changes only a payment still pending and reports whether it did, so
// that of two notifications racing for one payment exactly one settles it.
func (tx *Tx) SettlePayment(ctx context.Context, p *PaymentRow) (bool, error) {
	res, err := tx.exec(ctx, `UPDATE payments SET state = ?, gateway_txn_no = ?, bank_code = ?, response_code = ?, raw_notification = ?,
		confirmed_by_id = ?, confirmed_by = ?, paid_at = ?, updated_at = ?
		WHERE id = ? AND state = 'pending'`,
		string(p.State), p.GatewayTxnNo, p.BankCode, p.ResponseCode, p.RawNotification, nullID(p.ConfirmedByID), p.ConfirmedBy,
		tx.ts(p.PaidAt), tx.ts(p.UpdatedAt), p.ID)
	if err != nil {
		return false, errs.Wrap(err, "settle payment")
	}
	n, err := res.RowsAffected()
	return n == 1, errs.Wrap(err, "settle payment")
}

// SetPaymentLink stores the hash of a dossier's payment link token, replacing the previous one.
func (tx *Tx) SetPaymentLink(ctx context.Context, dossierID int64, tokenHash string, at time.Time) error {
	_, err := tx.exec(ctx, `INSERT INTO payment_links (dossier_id, token_hash, created_at) VALUES (?, ?, ?)
		ON CONFLICT (dossier_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at`,
		dossierID, tokenHash, tx.ts(at))
	return errs.Wrap(err, "payment link")
}

// PaymentLinkHash returns the hash of a dossier's payment link token, "" when it has none.
func (tx *Tx) PaymentLinkHash(ctx context.Context, dossierID int64) (string, error) {
	var h string
	err := tx.queryRow(ctx, `SELECT token_hash FROM payment_links WHERE dossier_id = ?`, dossierID).Scan(&h)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return h, errs.Wrap(err, "payment link")
}
