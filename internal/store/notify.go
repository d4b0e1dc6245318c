package store

import (
	"context"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/errs"
)

// Notification channels.
const (
	ChannelEmail = "email"
	ChannelSMS   = "sms"
)

// Notification states.
const (
	NotificationPending = "pending"
	NotificationSent    = "sent"
	NotificationFailed  = "failed"
)

// NotificationRow is one message of the outbox (thông báo): what to send about a dossier event,
// on one channel, to one address.
type NotificationRow struct {
	ID        int64
	EventID   int64
	DossierID int64
	Channel   string // ChannelEmail or ChannelSMS
	Recipient string // an email address or a phone number
	Subject   string
	Text      string
	HTML      string
	Status    string
	Attempts  int
	NextAt    time.Time
	LastError string
	CreatedAt time.Time
	SentAt    time.Time
	// DossierCode is filled in by the lists.
	DossierCode string
}

const notificationCols = `n.id, n.event_id, n.dossier_id, n.channel, n.recipient, n.subject, n.body_text, n.body_html,
	n.status, n.attempts, n.next_at, n.last_error, n.created_at, n.sent_at`

func scanNotification(sc interface{ Scan(...any) error }, extra ...any) (*NotificationRow, error) {
	var n NotificationRow
	err := sc.Scan(append([]any{&n.ID, &n.EventID, &n.DossierID, &n.Channel, &n.Recipient, &n.Subject, &n.Text, &n.HTML,
		&n.Status, &n.Attempts, tm(&n.NextAt), &n.LastError, tm(&n.CreatedAt), tm(&n.SentAt)}, extra...)...)
	return &n, err
}

// QueueNotifications stores, with the transaction's next statement (writeLater), a lookup link of dossier dossierID
// whose token hashes to linkHash, made at linkAt, and puts the messages ns in the outbox, each due
// at its NextAt. A message of the same event, channel and address already there is kept.
func (tx *Tx) QueueNotifications(ctx context.Context, dossierID int64, linkHash string, linkAt time.Time, ns []*NotificationRow) error {
	stmts := []statement{{`INSERT INTO lookup_links (token_hash, dossier_id, created_at) VALUES (?, ?, ?)`, []any{linkHash, dossierID, tx.ts(linkAt)}}}
	for _, n := range ns {
		q, args := insertNotification(tx, n)
		stmts = append(stmts, statement{q, args})
	}
	return errs.Wrap(tx.writeLater(ctx, stmts...), "queue notifications")
}

func insertNotification(tx *Tx, n *NotificationRow) (string, []any) {
	if n.Status == "" {
		n.Status = NotificationPending
	}
	return `INSERT INTO notifications (event_id, dossier_id, channel, recipient, subject, body_text, body_html,
		status, attempts, next_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
		ON CONFLICT (event_id, channel, recipient) DO NOTHING`, []any{n.EventID, n.DossierID, n.Channel, n.Recipient, n.Subject,
			n.Text, n.HTML, n.Status, tx.ts(n.NextAt), tx.ts(n.CreatedAt)}
}

// ClaimNotifications claims up to limit pending messages due at now, oldest first: each gets one
// more attempt and is not due again before leaseUntil, so that no other sender takes it while it
// is being sent. A sender that stops before it reports the outcome leaves the message to be
// claimed again after the lease.
func (tx *Tx) ClaimNotifications(ctx context.Context, channels []string, now, leaseUntil time.Time, limit int) ([]*NotificationRow, error) {
	if len(channels) == 0 {
		return nil, nil
	}
	lock := ""
	if tx.db.Dialect == Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	args := []any{tx.ts(leaseUntil), NotificationPending, tx.ts(now)}
	for _, c := range channels {
		args = append(args, c)
	}
	args = append(args, limit)
	rows, err := tx.query(ctx, `UPDATE notifications SET attempts = attempts + 1, next_at = ?
		WHERE id IN (SELECT id FROM notifications WHERE status = ? AND next_at <= ? AND channel IN (?`+strings.Repeat(", ?", len(channels)-1)+`)
		ORDER BY next_at, id LIMIT ?`+lock+`)
		RETURNING `+strings.ReplaceAll(notificationCols, "n.", ""), args...)
	if err != nil {
		return nil, errs.Wrap(err, "claim notifications")
	}
	defer rows.Close()
	var out []*NotificationRow
	for rows.Next() {
		n, err := scanNotification(rows)
		if err != nil {
			return nil, errs.Wrap(err, "claim notifications")
		}
		out = append(out, n)
	}
	return out, errs.Wrap(rows.Err(), "claim notifications")
}

// MarkNotificationSent records that the message was handed over for delivery, and forgets its
// body.
func (tx *Tx) MarkNotificationSent(ctx context.Context, id int64, now time.Time) error {
	_, err := tx.exec(ctx, `UPDATE notifications SET status = ?, sent_at = ?, last_error = '', body_text = '', body_html = ''
		WHERE id = ?`, NotificationSent, tx.ts(now), id)
	return errs.Wrap(err, "notification sent")
}

// MarkNotificationFailed records a failed attempt: the message is tried again at next, or, when
// final, given up (failed).
func (tx *Tx) MarkNotificationFailed(ctx context.Context, id int64, reason string, next time.Time, final bool) error {
	status := NotificationPending
	if final {
		status = NotificationFailed
	}
	if len(reason) > 1000 {
		reason = reason[:1000]
	}
	_, err := tx.exec(ctx, `UPDATE notifications SET status = ?, next_at = ?, last_error = ? WHERE id = ?`,
		status, tx.ts(next), strings.ToValidUTF8(reason, "?"), id)
	return errs.Wrap(err, "notification failed")
}

// scopeClause keeps the messages of dossiers received under one of scopes.
func scopeClause(scopes []string) (string, []any) {
	var who []string
	var args []any
	for _, s := range scopes {
		who = append(who, `d.receiving_unit_path LIKE ? ESCAPE '\'`)
		args = append(args, likePrefix(s))
	}
	return `n.dossier_id IN (SELECT d.id FROM dossiers d WHERE ` + strings.Join(who, " OR ") + `)`, args
}

// RetryNotification makes a failed message of a dossier received under one of scopes pending
// again, due at now, with its attempts reset. It reports false when there is no such message.
func (tx *Tx) RetryNotification(ctx context.Context, id int64, scopes []string, now time.Time) (bool, error) {
	if len(scopes) == 0 {
		return false, nil
	}
	where, args := scopeClause(scopes)
	res, err := tx.exec(ctx, `UPDATE notifications SET status = ?, attempts = 0, next_at = ? WHERE id = ? AND status = ? AND `+
		strings.ReplaceAll(where, "n.dossier_id", "dossier_id"), append([]any{NotificationPending, tx.ts(now), id, NotificationFailed}, args...)...)
	if err != nil {
		return false, errs.Wrap(err, "retry notification")
	}
	k, _ := res.RowsAffected()
	return k == 1, nil
}

// NotificationCounts counts the messages of dossiers received under one of scopes that are not
// delivered: waiting for a later attempt after a failure (retrying), and given up (failed).
func (tx *Tx) NotificationCounts(ctx context.Context, scopes []string) (retrying, failed int, err error) {
	if len(scopes) == 0 {
		return 0, 0, nil
	}
	where, args := scopeClause(scopes)
	err = tx.queryRow(ctx, `SELECT COALESCE(SUM(CASE WHEN n.status = ? THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN n.status = ? THEN 1 ELSE 0 END), 0) FROM notifications n
		WHERE (n.status = ? OR (n.status = ? AND n.last_error <> '')) AND `+where,
		append([]any{NotificationPending, NotificationFailed, NotificationFailed, NotificationPending}, args...)...).Scan(&retrying, &failed)
	return retrying, failed, errs.Wrap(err, "notification counts")
}

// NotificationFilter selects messages of the outbox.
type NotificationFilter struct {
	// Undelivered keeps the failed messages and those waiting for a retry; DossierID those of one
	// dossier.
	Undelivered bool
	DossierID   int64
	// Scopes, when set, keeps the messages of dossiers received under one of these unit paths.
	Scopes []string
	Limit  int
}

// Notifications lists messages of the outbox, newest first.
func (tx *Tx) Notifications(ctx context.Context, f NotificationFilter) ([]*NotificationRow, error) {
	var where []string
	var args []any
	if f.Undelivered {
		where = append(where, `(n.status = ? OR (n.status = ? AND n.last_error <> ''))`)
		args = append(args, NotificationFailed, NotificationPending)
	}
	if f.DossierID != 0 {
		where = append(where, `n.dossier_id = ?`)
		args = append(args, f.DossierID)
	}
	if len(f.Scopes) > 0 {
		w, a := scopeClause(f.Scopes)
		where = append(where, w)
		args = append(args, a...)
	}
	if f.Limit <= 0 {
		f.Limit = 100
	}
	q := `SELECT ` + notificationCols + `, d.code FROM notifications n JOIN dossiers d ON d.id = n.dossier_id`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	rows, err := tx.query(ctx, q+` ORDER BY n.id DESC LIMIT ?`, append(args, f.Limit)...)
	if err != nil {
		return nil, errs.Wrap(err, "notifications")
	}
	defer rows.Close()
	var out []*NotificationRow
	for rows.Next() {
		var code string
		n, err := scanNotification(rows, &code)
		if err != nil {
			return nil, errs.Wrap(err, "notifications")
		}
		n.DossierCode = code
		out = append(out, n)
	}
	return out, errs.Wrap(rows.Err(), "notifications")
}
