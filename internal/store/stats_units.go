package store

import (
	"context"

	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/stats"
)

// The statistics of many units at once, for the dashboards' rankings: the same sums as
// StatsBuckets, StatsExactLate and StatsOnlineProcedures, grouped by the receiving unit's path in
// one query each, so that ranking every commune and department costs three queries, not three
// per unit.

// StatsBucketsByUnit is StatsBuckets grouped by receiving unit path.
func (tx *Tx) StatsBucketsByUnit(ctx context.Context, f StatsFilter, w stats.Window) (map[string][]stats.Bucket, error) {
	where, wargs := f.where("")
	wargs = append(wargs, int(w.M1), int(w.M0), int(w.M0))
	var args []any
	args = append(args, int(w.M0), int(w.M1))
	args = append(args, standingArgs(w)...)
	args = append(args, wargs...)
	args = append(args, latenessArgs(w)...)
	args = append(args, latenessArgs(w)...)
	rows, err := tx.query(ctx, `SELECT unit_path, channel, received, standing,
		CASE WHEN standing = 1 THEN outcome_766 ELSE 0 END AS o766, CASE WHEN standing = 1 THEN outcome_wt ELSE 0 END AS owt,
		CASE WHEN standing = 2 THEN `+latenessExpr("dl_766_month")+` ELSE 0 END AS l766,
		CASE WHEN standing = 2 THEN `+latenessExpr("dl_wt_month")+` ELSE 0 END AS lwt,
		completed, paper_result, e_result, digitised, SUM(n), SUM(working_minutes), SUM(calendar_minutes)
		FROM (SELECT c.*, CASE WHEN recv_month >= ? AND recv_month <= ? THEN 1 ELSE 0 END AS received, `+standingExpr+` AS standing
			FROM stats_counts c WHERE `+where+` AND recv_month <= ? AND (end_month = 0 OR end_month >= ? OR recv_month >= ?)) x
		WHERE received = 1 OR standing <> 0
		GROUP BY unit_path, channel, received, standing, o766, owt, l766, lwt, completed, paper_result, e_result, digitised`,
		reorder(args, 2, 4, len(wargs))...)
	if err != nil {
		return nil, errs.Wrap(err, "stats buckets by unit")
	}
	defer rows.Close()
	out := map[string][]stats.Bucket{}
	for rows.Next() {
		var b stats.Bucket
		var path string
		var received int
		if err := rows.Scan(&path, &b.Channel, &received, &b.Standing, &b.Outcome766, &b.OutcomeWT, &b.Late766, &b.LateWT,
			&b.Completed, &b.PaperResult, &b.EResult, &b.Digitised, &b.N, &b.WorkingMinutes, &b.CalendarMinutes); err != nil {
			return nil, errs.Wrap(err, "stats buckets by unit")
		}
		b.Received = received == 1
		out[path] = append(out[path], b)
	}
	return out, errs.Wrap(rows.Err(), "stats buckets by unit")
}

// ExactLate is StatsExactLate's count for one unit path.
type ExactLate struct{ Late766, LateWT int64 }

// StatsExactLateByUnit is StatsExactLate grouped by receiving unit path (empty for a window that
// is not current).
func (tx *Tx) StatsExactLateByUnit(ctx context.Context, f StatsFilter, w stats.Window) (map[string]ExactLate, error) {
	out := map[string]ExactLate{}
	if !w.Current {
		return out, nil
	}
	where, wargs := f.where("")
	for k, m := range []struct{ month, deadline string }{{"dl_766_month", "deadline_766"}, {"dl_wt_month", "deadline_wt"}} {
		args := append([]any{int(w.Now), tx.ts(w.At), int(w.Now)}, wargs...)
		rows, err := tx.query(ctx, `SELECT unit_path, COUNT(*) FROM stats_dossiers WHERE end_month = 0 AND `+m.month+` = ? AND `+m.deadline+` < ?
			AND recv_month <= ? AND `+where+` GROUP BY unit_path`, args...)
		if err != nil {
			return nil, errs.Wrap(err, "stats exact by unit")
		}
		for rows.Next() {
			var path string
			var n int64
			if err := rows.Scan(&path, &n); err != nil {
				rows.Close()
				return nil, errs.Wrap(err, "stats exact by unit")
			}
			e := out[path]
			if k == 0 {
				e.Late766 = n
			} else {
				e.LateWT = n
			}
			out[path] = e
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, errs.Wrap(err, "stats exact by unit")
		}
	}
	return out, nil
}

// StatsOnlineProceduresByUnit lists, per unit path, the procedures with a dossier submitted online
// and received in the window's period (indicator 3.2 per unit).
func (tx *Tx) StatsOnlineProceduresByUnit(ctx context.Context, f StatsFilter, w stats.Window) (map[string][]string, error) {
	return tx.statsProceduresByUnit(ctx, f, w, "channel = 2")
}

// StatsPaidOnlineProceduresByUnit lists, per unit path, the procedures with a dossier received in
// the window's period and paid through the payment gateway (indicator 3.5 per unit).
func (tx *Tx) StatsPaidOnlineProceduresByUnit(ctx context.Context, f StatsFilter, w stats.Window) (map[string][]string, error) {
	return tx.statsProceduresByUnit(ctx, f, w, "paid_online")
}

func (tx *Tx) statsProceduresByUnit(ctx context.Context, f StatsFilter, w stats.Window, cond string) (map[string][]string, error) {
	where, wargs := f.where("")
	rows, err := tx.query(ctx, `SELECT DISTINCT unit_path, procedure_code FROM stats_counts WHERE `+cond+` AND recv_month >= ? AND recv_month <= ? AND `+where,
		append([]any{int(w.M0), int(w.M1)}, wargs...)...)
	if err != nil {
		return nil, errs.Wrap(err, "stats procedures by unit")
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var p, c string
		if err := rows.Scan(&p, &c); err != nil {
			return nil, errs.Wrap(err, "stats procedures by unit")
		}
		out[p] = append(out[p], c)
	}
	return out, errs.Wrap(rows.Err(), "stats procedures by unit")
}
