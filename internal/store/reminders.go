package store

import (
	"context"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/calendar"
	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
)

// DueRow is an open dossier whose clock runs, with its open control-sheet row (nil when none is
// open: a dossier received at the desk and not yet transferred).
type DueRow struct {
	*DossierRow
	Step *StepRow
}

// DueFilter selects dossiers for the reminders.
type DueFilter struct {
	// Scopes keeps dossiers whose current unit is under one of these paths; UserID also keeps
	// those assigned to that official. Both empty select nothing.
	Scopes []string
	UserID int64
	// Before keeps dossiers whose due, open step's due or paper-transfer due is before it.
	Before time.Time
}

// runningStates are the states in which the deadline clock runs (dossier.State.ClockRunning).
var runningStates = []dossier.State{dossier.Received, dossier.InProcessing, dossier.InInterconnection}

// DueDossiers lists the dossiers whose clock runs and which are, or whose open step is, due
// before f.Before, by id. A dossier comes once, with its latest open (assigned or in progress)
// step.
func (tx *Tx) DueDossiers(ctx context.Context, f DueFilter) ([]*DueRow, error) {
	// Arguments in the order of the placeholders: the join, the states, who, the due.
	args := []any{string(dossier.StepAssigned), string(dossier.StepInProgress)}
	for _, s := range runningStates {
		args = append(args, string(s))
	}
	var who []string
	for _, s := range f.Scopes {
		who = append(who, `d.current_unit_path LIKE ? ESCAPE '\'`)
		args = append(args, likePrefix(s))
	}
	if f.UserID != 0 {
		who = append(who, `d.current_user_id = ?`)
		args = append(args, f.UserID)
	}
	if len(who) == 0 {
		return nil, nil
	}
	before := tx.ts(f.Before)
	args = append(args, before, before, before)
	rows, err := tx.query(ctx, `SELECT `+dossierCols+`, COALESCE(s.id, 0), COALESCE(s.no, 0), COALESCE(s.workflow_index, 0),
		COALESCE(s.name, ''), COALESCE(s.role, ''), COALESCE(s.to_unit_id, 0), COALESCE(s.to_user_id, 0), s.handed_at, s.due_at,
		COALESCE(s.status, '')
		FROM dossiers d LEFT JOIN dossier_steps s ON s.dossier_id = d.id AND s.status IN (?, ?)
		WHERE d.state IN (?, ?, ?) AND (`+strings.Join(who, " OR ")+`)
		AND (d.due_at < ? OR s.due_at < ? OR d.transfer_due_at < ?)
		ORDER BY d.id, s.no DESC`, args...)
	if err != nil {
		return nil, errs.Wrap(err, "due dossiers")
	}
	defer rows.Close()
	var out []*DueRow
	for rows.Next() {
		var st StepRow
		var status string
		d, err := scanDossier(scanAppend{rows, []any{&st.ID, &st.No, &st.WorkflowIndex, &st.Name, &st.Role, &st.ToUnitID,
			&st.ToUserID, tm(&st.HandedAt), tm(&st.DueAt), &status}})
		if err != nil {
			return nil, errs.Wrap(err, "due dossiers")
		}
		if len(out) > 0 && out[len(out)-1].ID == d.ID {
			continue // an older open step of the same dossier
		}
		r := &DueRow{DossierRow: d}
		if st.ID != 0 {
			st.DossierID, st.Status = d.ID, dossier.StepStatus(status)
			r.Step = &st
		}
		out = append(out, r)
	}
	return out, errs.Wrap(rows.Err(), "due dossiers")
}

// scanAppend scans a row into the destinations given to Scan followed by extra ones.
type scanAppend struct {
	sc    interface{ Scan(...any) error }
	extra []any
}

func (s scanAppend) Scan(dest ...any) error { return s.sc.Scan(append(dest, s.extra...)...) }

// RunningCalendarKeys lists the calendars of the dossiers whose clock runs.
func (tx *Tx) RunningCalendarKeys(ctx context.Context) ([]string, error) {
	rows, err := tx.query(ctx, `SELECT DISTINCT calendar_key FROM dossiers WHERE state IN (?, ?, ?) ORDER BY calendar_key`,
		string(dossier.Received), string(dossier.InProcessing), string(dossier.InInterconnection))
	if err != nil {
		return nil, errs.Wrap(err, "running calendars")
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, errs.Wrap(err, "running calendars")
		}
		out = append(out, k)
	}
	return out, errs.Wrap(rows.Err(), "running calendars")
}

// UsersWithEmail lists, with their grants, up to limit enabled officials that have an email
// address and an id above afterID, by id (pages for the mail job).
func (tx *Tx) UsersWithEmail(ctx context.Context, afterID int64, limit int) ([]*org.User, error) {
	rows, err := tx.query(ctx, `SELECT `+userCols+` FROM users WHERE id > ? AND disabled = ? AND email <> '' ORDER BY id LIMIT ?`,
		afterID, false, limit)
	if err != nil {
		return nil, errs.Wrap(err, "users with email")
	}
	var out []*org.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			rows.Close()
			return nil, errs.Wrap(err, "users with email")
		}
		out = append(out, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, errs.Wrap(err, "users with email")
	}
	return out, tx.loadGrants(ctx, out)
}

// ClaimDigest claims the reminder digest of an official for the local day, before it is sent. It
// reports false when the digest of that day was already claimed (sent, being sent, or lost in a
// crash): the caller must then not send it.
func (tx *Tx) ClaimDigest(ctx context.Context, userID int64, day calendar.Date, items int, now time.Time) (bool, error) {
	res, err := tx.exec(ctx, `INSERT INTO reminder_digests (user_id, day, items, claimed_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (user_id, day) DO NOTHING`, userID, day.String(), items, tx.ts(now))
	if err != nil {
		return false, errs.Wrap(err, "claim digest")
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// MarkDigestSent records that the mail server accepted the claimed digest.
func (tx *Tx) MarkDigestSent(ctx context.Context, userID int64, day calendar.Date, now time.Time) error {
	_, err := tx.exec(ctx, `UPDATE reminder_digests SET sent_at = ? WHERE user_id = ? AND day = ?`, tx.ts(now), userID, day.String())
	return errs.Wrap(err, "mark digest sent")
}

// ReleaseDigest gives up an unsent claim (the mail server refused the digest), so that a later
// run of the same day may send it.
func (tx *Tx) ReleaseDigest(ctx context.Context, userID int64, day calendar.Date) error {
	_, err := tx.exec(ctx, `DELETE FROM reminder_digests WHERE user_id = ? AND day = ? AND sent_at IS NULL`, userID, day.String())
	return errs.Wrap(err, "release digest")
}

// DigestRecord is what was recorded of one official's digest of a day.
type DigestRecord struct {
	UserID    int64
	Items     int
	ClaimedAt time.Time
	SentAt    time.Time // zero when never confirmed sent
}

// Digests lists the digests recorded for the local day, by user id.
func (tx *Tx) Digests(ctx context.Context, day calendar.Date) ([]DigestRecord, error) {
	rows, err := tx.query(ctx, `SELECT user_id, items, claimed_at, sent_at FROM reminder_digests WHERE day = ? ORDER BY user_id`, day.String())
	if err != nil {
		return nil, errs.Wrap(err, "digests")
	}
	defer rows.Close()
	var out []DigestRecord
	for rows.Next() {
		var r DigestRecord
		if err := rows.Scan(&r.UserID, &r.Items, tm(&r.ClaimedAt), tm(&r.SentAt)); err != nil {
			return nil, errs.Wrap(err, "digests")
		}
		out = append(out, r)
	}
	return out, errs.Wrap(rows.Err(), "digests")
}
