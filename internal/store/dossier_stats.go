package store

import (
	"context"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/errs"
)

// Figures of a unit's overview (tổng quan), each group computed by one SQL query over the
// dossiers under a unit path, never by loading the dossiers.

// OpenByState counts the open dossiers (the states an inbox lists by default) whose current unit
// is under path, by state. States without dossiers are absent.
func (tx *Tx) OpenByState(ctx context.Context, path string) (map[dossier.State]int, error) {
	args := []any{likePrefix(path)}
	for _, s := range openStates {
		args = append(args, string(s))
	}
	rows, err := tx.query(ctx, `SELECT d.state, COUNT(*) FROM dossiers d WHERE d.current_unit_path LIKE ? ESCAPE '\'
		AND d.state IN (`+placeholders(len(openStates))+`) GROUP BY d.state`, args...)
	if err != nil {
		return nil, errs.Wrap(err, "open by state")
	}
	defer rows.Close()
	out := map[dossier.State]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, errs.Wrap(err, "open by state")
		}
		out[dossier.State(s)] = n
	}
	return out, errs.Wrap(rows.Err(), "open by state")
}

// DueCounts counts the dossiers whose current unit is under path and whose clock runs (states
// running): dueSoon are due before soon (overdue ones included, as the "due soon" inbox lists
// them), overdue are due before now.
func (tx *Tx) DueCounts(ctx context.Context, path string, running []dossier.State, now, soon time.Time) (dueSoon, overdue int, err error) {
	args := []any{tx.ts(soon), tx.ts(now), likePrefix(path)}
	for _, s := range running {
		args = append(args, string(s))
	}
	err = tx.queryRow(ctx, `SELECT COALESCE(SUM(CASE WHEN d.due_at < ? THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN d.due_at < ? THEN 1 ELSE 0 END), 0)
		FROM dossiers d WHERE d.current_unit_path LIKE ? ESCAPE '\' AND d.state IN (`+placeholders(len(running))+`)`, args...).
		Scan(&dueSoon, &overdue)
	return dueSoon, overdue, errs.Wrap(err, "due counts")
}

// PeriodCounts counts the dossiers received at a unit under path: received in [from, to), and
// returned in [from, to) on time or late. A returned dossier is late when its end of processing
// (processed_at, else returned_at) is after its due date, or when it was asked for a supplement
// more than once (Quyết định 766, indicator 2.1).
func (tx *Tx) PeriodCounts(ctx context.Context, path string, from, to time.Time) (received, onTime, late int, err error) {
	f, t := tx.ts(from), tx.ts(to)
	err = tx.queryRow(ctx, `SELECT
		COALESCE(SUM(CASE WHEN d.received_at >= ? AND d.received_at < ? THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN d.returned_at >= ? AND d.returned_at < ? AND NOT (`+lateExpr+`) THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN d.returned_at >= ? AND d.returned_at < ? AND (`+lateExpr+`) THEN 1 ELSE 0 END), 0)
		FROM dossiers d WHERE d.receiving_unit_path LIKE ? ESCAPE '\'
		AND ((d.received_at >= ? AND d.received_at < ?) OR (d.returned_at >= ? AND d.returned_at < ?))`,
		f, t, f, t, f, t, likePrefix(path), f, t, f, t).Scan(&received, &onTime, &late)
	return received, onTime, late, errs.Wrap(err, "period counts")
}

// lateExpr says a returned dossier finished late (see PeriodCounts).
const lateExpr = `d.supplement_count > 1 OR (d.due_at IS NOT NULL AND COALESCE(d.processed_at, d.returned_at) > d.due_at)`

// The period lists behind PeriodCounts.
const (
	PeriodReceived       = "received"         // received in the period
	PeriodReturnedOnTime = "returned_on_time" // returned in the period, on time
	PeriodReturnedLate   = "returned_late"    // returned in the period, late
)

// PeriodFilter selects the dossiers behind one figure of PeriodCounts, by id after AfterID.
type PeriodFilter struct {
	Path     string // receiving unit path
	Kind     string // PeriodReceived, PeriodReturnedOnTime or PeriodReturnedLate
	From, To time.Time
	AfterID  int64
	Limit    int
}

// PeriodDossiers lists the dossiers behind one figure of PeriodCounts in id order.
func (tx *Tx) PeriodDossiers(ctx context.Context, f PeriodFilter) ([]*DossierRow, error) {
	where := []string{`d.receiving_unit_path LIKE ? ESCAPE '\'`, `d.id > ?`}
	args := []any{likePrefix(f.Path), f.AfterID}
	switch f.Kind {
	case PeriodReceived:
		where = append(where, `d.received_at >= ? AND d.received_at < ?`)
	case PeriodReturnedOnTime:
		where = append(where, `d.returned_at >= ? AND d.returned_at < ? AND NOT (`+lateExpr+`)`)
	case PeriodReturnedLate:
		where = append(where, `d.returned_at >= ? AND d.returned_at < ? AND (`+lateExpr+`)`)
	default:
		return nil, errs.Invalidf("period", "invalid_period", "Nhóm số liệu không hợp lệ.", "Unknown period figure.")
	}
	args = append(args, tx.ts(f.From), tx.ts(f.To))
	limit := f.Limit
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	args = append(args, limit)
	rows, err := tx.query(ctx, `SELECT `+dossierCols+` FROM dossiers d WHERE `+strings.Join(where, " AND ")+` ORDER BY d.id LIMIT ?`, args...)
	if err != nil {
		return nil, errs.Wrap(err, "period dossiers")
	}
	defer rows.Close()
	var out []*DossierRow
	for rows.Next() {
		d, err := scanDossier(rows)
		if err != nil {
			return nil, errs.Wrap(err, "period dossiers")
		}
		out = append(out, d)
	}
	return out, errs.Wrap(rows.Err(), "period dossiers")
}

func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }
