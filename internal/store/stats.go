package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/calendar"
	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/stats"
)

// The statistics tables (migrations 0008, 0015, 0019): stats_dossiers holds each received
// dossier's stats.Facts; stats_counts their sums by key (stats.Counter); stats_city_counts the
// same summed over units, procedures and fields; stats_procedure_months summed over units and
// everything but the procedure, its level and field, the month of reception, the channel and the
// gateway payment. PutStatsFacts keeps them all in the dossier's own transaction; RebuildStats
// recomputes them from the dossiers.

const statsFactCols = `dossier_id, unit_id, unit_path, level, procedure_code, field, channel, received_at, recv_month, end_at,
	end_month, outcome_766, outcome_wt, deadline_766, deadline_wt, dl_766_month, dl_wt_month, completed, working_minutes,
	calendar_minutes, paper_result, e_result, digitised, disliked, has_fee, paid_online`

// statsFactN is the number of statsFactCols.
const statsFactN = 26

// statsKeyCols are the columns of a stats_counts row's key, in the order of its unique index.
const statsKeyCols = `unit_path, level, procedure_code, field, channel, recv_month, end_month, outcome_766, outcome_wt,
	dl_766_month, dl_wt_month, completed, paper_result, e_result, digitised, disliked, has_fee, paid_online`

// statsCityKeyCols are the key columns of stats_city_counts: statsKeyCols without the unit, the
// procedure and the field.
const statsCityKeyCols = `level, channel, recv_month, end_month, outcome_766, outcome_wt, dl_766_month, dl_wt_month, completed,
	paper_result, e_result, digitised, disliked, has_fee, paid_online`

// statsProcedureKeyCols are the key columns of stats_procedure_months.
const statsProcedureKeyCols = `level, field, procedure_code, recv_month, channel, paid_online`

// statsTable is one aggregate table: its name, its key columns and how a counter gives them,
// and whether it keeps the sums of processing times besides the count n.
type statsTable struct {
	name, key string
	keyOf     func(stats.Counter) []any
	minutes   bool
}

// statsTables are the aggregate tables, in the order every transaction changes them.
var statsTables = []statsTable{
	{"stats_counts", statsKeyCols, counterKey, true},
	{"stats_city_counts", statsCityKeyCols, cityKey, true},
	{"stats_procedure_months", statsProcedureKeyCols, procedureKey, false},
}

func cityKey(c stats.Counter) []any {
	k := counterKey(c)
	return append([]any{k[1]}, k[4:]...)
}

func procedureKey(c stats.Counter) []any {
	return []any{c.Level, c.Field, c.ProcedureCode, int(c.RecvMonth), c.Channel, c.PaidOnline}
}

func scanFacts(sc interface{ Scan(...any) error }) (*stats.Facts, error) {
	var f stats.Facts
	err := sc.Scan(&f.DossierID, &f.UnitID, &f.UnitPath, &f.Level, &f.ProcedureCode, &f.Field, &f.Channel, tm(&f.ReceivedAt),
		&f.RecvMonth, tm(&f.EndAt), &f.EndMonth, &f.Outcome766, &f.OutcomeWT, tm(&f.Deadline766), tm(&f.DeadlineWT),
		&f.Dl766Month, &f.DlWTMonth, &f.Completed, &f.WorkingMinutes, &f.CalendarMinutes, &f.PaperResult, &f.EResult, &f.Digitised,
		&f.Disliked, &f.HasFee, &f.PaidOnline)
	return &f, err
}

func (tx *Tx) factArgs(f *stats.Facts) []any {
	return []any{f.DossierID, f.UnitID, f.UnitPath, f.Level, f.ProcedureCode, f.Field, f.Channel, tx.ts(f.ReceivedAt),
		int(f.RecvMonth), tx.ts(f.EndAt), int(f.EndMonth), int(f.Outcome766), int(f.OutcomeWT), tx.ts(f.Deadline766),
		tx.ts(f.DeadlineWT), int(f.Dl766Month), int(f.DlWTMonth), f.Completed, f.WorkingMinutes, f.CalendarMinutes,
		f.PaperResult, f.EResult, f.Digitised, f.Disliked, f.HasFee, f.PaidOnline}
}

func counterKey(c stats.Counter) []any {
	return []any{c.UnitPath, c.Level, c.ProcedureCode, c.Field, c.Channel, int(c.RecvMonth), int(c.EndMonth), int(c.Outcome766),
		int(c.OutcomeWT), int(c.Dl766Month), int(c.DlWTMonth), c.Completed, c.PaperResult, c.EResult, c.Digitised,
		c.Disliked, c.HasFee, c.PaidOnline}
}

// StatsFacts returns the stored facts of a dossier, nil when it has none (never received).
func (tx *Tx) StatsFacts(ctx context.Context, dossierID int64) (*stats.Facts, error) {
	f, err := scanFacts(tx.queryRow(ctx, `SELECT `+statsFactCols+` FROM stats_dossiers WHERE dossier_id = ?`, dossierID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return f, errs.Wrap(err, "stats facts")
}

// PutStatsFacts stores the facts of dossier id (nil: it has none) and moves its count in the
// aggregate tables from the old key to the new one, in the caller's transaction. A table whose
// key and sums stay the same is not written. The rows are changed table by table, each table's in
// key order, so that two transactions never wait for each other in a circle.
func (tx *Tx) PutStatsFacts(ctx context.Context, id int64, f *stats.Facts) error {
	old, err := tx.StatsFacts(ctx, id)
	if err != nil {
		return err
	}
	return tx.putFacts(ctx, id, old, f)
}

// PutNewStatsFacts is PutStatsFacts for a dossier that has no facts yet (one received in the
// caller's transaction), without reading them.
func (tx *Tx) PutNewStatsFacts(ctx context.Context, id int64, f *stats.Facts) error {
	return tx.putFacts(ctx, id, nil, f)
}

// putFacts replaces the facts old of dossier id (nil: none) with f (nil: none). The dossier's own
// row is written first and the shared aggregate rows last, so that the rows other transactions
// wait for are held for the shortest time.
func (tx *Tx) putFacts(ctx context.Context, id int64, old, f *stats.Facts) error {
	if old == nil && f == nil {
		return nil
	}
	if old != nil && f != nil && sameFacts(old, f) {
		return nil
	}
	if old == nil {
		return tx.insertFacts(ctx, id, f)
	}
	var err error
	switch {
	case f == nil:
		_, err = tx.exec(ctx, `DELETE FROM stats_dossiers WHERE dossier_id = ?`, id)
	default:
		f.DossierID = id
		args := append(tx.factArgs(f)[1:], id)
		_, err = tx.exec(ctx, `UPDATE stats_dossiers SET unit_id = ?, unit_path = ?, level = ?, procedure_code = ?, field = ?,
			channel = ?, received_at = ?, recv_month = ?, end_at = ?, end_month = ?, outcome_766 = ?, outcome_wt = ?,
			deadline_766 = ?, deadline_wt = ?, dl_766_month = ?, dl_wt_month = ?, completed = ?, working_minutes = ?,
			calendar_minutes = ?, paper_result = ?, e_result = ?, digitised = ?, disliked = ?, has_fee = ?, paid_online = ?
			WHERE dossier_id = ?`, args...)
	}
	if err != nil {
		return errs.Wrap(err, "stats facts")
	}
	var ds []statsDelta
	if old != nil {
		ds = addDeltas(ds, stats.CounterOf(*old), -1)
	}
	if f != nil {
		ds = addDeltas(ds, stats.CounterOf(*f), 1)
	}
	sort.Slice(ds, func(i, j int) bool {
		if ds[i].table != ds[j].table {
			return ds[i].table < ds[j].table
		}
		return compareKeys(ds[i].key, ds[j].key) < 0
	})
	for _, d := range ds {
		if d.n == 0 && d.workingMinutes == 0 && d.calendarMinutes == 0 {
			continue
		}
		if err := tx.addToRow(ctx, statsTables[d.table], d); err != nil {
			return err
		}
	}
	return nil
}

// insertFacts stores the facts of a dossier that had none and adds it to one row of each
// aggregate table, in the order of putFacts, with the transaction's next statement on PostgreSQL
// (writeLater).
func (tx *Tx) insertFacts(ctx context.Context, id int64, f *stats.Facts) error {
	if tx.laterStats {
		// The aggregate rows of two dossiers may be the same rows: not in one statement.
		if err := tx.flush(ctx); err != nil {
			return err
		}
	}
	tx.laterStats = true
	f.DossierID = id
	stmts := []statement{{`INSERT INTO stats_dossiers (` + statsFactCols + `) VALUES (` + placeholders(statsFactN) + `)`, tx.factArgs(f)}}
	for _, d := range addDeltas(nil, stats.CounterOf(*f), 1) {
		stmts = append(stmts, upsertRow(statsTables[d.table], d))
	}
	return errs.Wrap(tx.writeLater(ctx, stmts...), "stats facts")
}

// statsDelta is what one dossier's change adds to one row of an aggregate table.
type statsDelta struct {
	table                              int // index in statsTables
	key                                []any
	n, workingMinutes, calendarMinutes int64
}

// addDeltas adds sign × the counter to its row of every aggregate table, merging it with a delta
// of the same row already in ds (the old and new keys of a dossier often share a row).
func addDeltas(ds []statsDelta, c stats.Counter, sign int64) []statsDelta {
	for i, t := range statsTables {
		d := statsDelta{table: i, key: t.keyOf(c), n: sign}
		if t.minutes {
			d.workingMinutes, d.calendarMinutes = sign*c.WorkingMinutes, sign*c.CalendarMinutes
		}
		merged := false
		for k := range ds {
			if ds[k].table == i && compareKeys(ds[k].key, d.key) == 0 {
				ds[k].n += d.n
				ds[k].workingMinutes += d.workingMinutes
				ds[k].calendarMinutes += d.calendarMinutes
				merged = true
			}
		}
		if !merged {
			ds = append(ds, d)
		}
	}
	return ds
}

// compareKeys orders two keys of the same table column by column.
func compareKeys(a, b []any) int {
	for i := range a {
		var c int
		switch x := a[i].(type) {
		case string:
			c = strings.Compare(x, b[i].(string))
		case int:
			c = cmp.Compare(x, b[i].(int))
		case bool:
			y := b[i].(bool)
			switch {
			case !x && y:
				c = -1
			case x && !y:
				c = 1
			}
		default:
			panic(fmt.Sprintf("stats key column of type %T", a[i]))
		}
		if c != 0 {
			return c
		}
	}
	return 0
}

// sameFacts compares facts as stored (instants to the microsecond).
func sameFacts(a, b *stats.Facts) bool {
	x, y := *a, *b
	for _, t := range []*time.Time{&x.ReceivedAt, &x.EndAt, &x.Deadline766, &x.DeadlineWT, &y.ReceivedAt, &y.EndAt, &y.Deadline766, &y.DeadlineWT} {
		*t = t.UTC().Truncate(time.Microsecond)
	}
	x.DossierID, y.DossierID = 0, 0
	return x == y
}

// addToRow adds a delta to its row of an aggregate table, creating the row, and deleting it when
// its count reaches 0.
func (tx *Tx) addToRow(ctx context.Context, t statsTable, d statsDelta) error {
	up := upsertRow(t, d)
	if _, err := tx.exec(ctx, up.query, up.args...); err != nil {
		return errs.Wrap(err, "stats counter")
	}
	if d.n < 0 {
		where := strings.ReplaceAll(t.key, ",", " = ? AND") + " = ?"
		if _, err := tx.exec(ctx, `DELETE FROM `+t.name+` WHERE n = 0 AND `+where, d.key...); err != nil {
			return errs.Wrap(err, "stats counter")
		}
	}
	return nil
}

// upsertRow is the statement adding a delta to its row of an aggregate table, creating the row.
func upsertRow(t statsTable, d statsDelta) statement {
	cols, args := t.key+`, n`, append(append([]any{}, d.key...), d.n)
	set := `n = ` + t.name + `.n + excluded.n`
	if t.minutes {
		cols += `, working_minutes, calendar_minutes`
		args = append(args, d.workingMinutes, d.calendarMinutes)
		set += `, working_minutes = ` + t.name + `.working_minutes + excluded.working_minutes,
			calendar_minutes = ` + t.name + `.calendar_minutes + excluded.calendar_minutes`
	}
	return statement{`INSERT INTO ` + t.name + ` (` + cols + `) VALUES (` + placeholders(len(args)) + `)
		ON CONFLICT (` + t.key + `) DO UPDATE SET ` + set, args}
}

// StatsInput is what the statistics read about one dossier besides its row.
type StatsInput struct {
	Dossier *DossierRow
	Events  []stats.Event // the pauses and the moments of reaching 7 or 8, in order
	// ComponentFiles: at least one file is attached to a component.
	ComponentFiles bool
	// Disliked: the dossier's rating is "không hài lòng" (score 3).
	Disliked bool
	// PaidOnline: one of its payments was paid through the payment gateway.
	PaidOnline bool
}

// statsDislikedWhere and statsPaidOnlineWhere select the ratings and payments the statistics
// read. A VietQR transfer confirmed by an official from the bank statement is not an online
// payment in the sense of QĐ 766 (DuocThanhToanTrucTuyen names the national portal and a payment
// gateway); a gateway payment is.
const (
	statsDislikedWhere   = `score = 3`
	statsPaidOnlineWhere = `method = 'gateway' AND state = 'paid'`
)

// statsEventsWhere selects the timeline entries stats.Classify reads.
const statsEventsWhere = `(e.from_state IN ('awaiting_supplement', 'awaiting_payment')
	OR e.to_state IN ('awaiting_supplement', 'awaiting_payment', 'withdrawal_requested', 'stopped'))`

// StatsInputOf reads the statistics input of dossier d.
func (tx *Tx) StatsInputOf(ctx context.Context, d *DossierRow) (*StatsInput, error) {
	in := &StatsInput{Dossier: d}
	rows, err := tx.query(ctx, `SELECT e.at, e.from_state, e.to_state FROM dossier_events e WHERE e.dossier_id = ? AND `+statsEventsWhere+` ORDER BY e.id`, d.ID)
	if err != nil {
		return nil, errs.Wrap(err, "stats events")
	}
	defer rows.Close()
	for rows.Next() {
		var e stats.Event
		var from, to string
		if err := rows.Scan(tm(&e.At), &from, &to); err != nil {
			return nil, errs.Wrap(err, "stats events")
		}
		e.From, e.To = dossier.State(from), dossier.State(to)
		in.Events = append(in.Events, e)
	}
	if err := rows.Err(); err != nil {
		return nil, errs.Wrap(err, "stats events")
	}
	rows.Close()
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM dossier_files WHERE dossier_id = ? AND kind = 'component'`, d.ID).Scan(&n); err != nil {
		return nil, errs.Wrap(err, "stats files")
	}
	in.ComponentFiles = n > 0
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM ratings WHERE dossier_id = ? AND `+statsDislikedWhere, d.ID).Scan(&n); err != nil {
		return nil, errs.Wrap(err, "stats ratings")
	}
	in.Disliked = n > 0
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM payments WHERE dossier_id = ? AND `+statsPaidOnlineWhere, d.ID).Scan(&n); err != nil {
		return nil, errs.Wrap(err, "stats payments")
	}
	in.PaidOnline = n > 0
	return in, nil
}

// StatsInputs reads the statistics input of up to limit received dossiers with id > after, in
// id order: the pages RebuildStats goes through.
func (tx *Tx) StatsInputs(ctx context.Context, after int64, limit int) ([]*StatsInput, error) {
	rows, err := tx.query(ctx, `SELECT `+dossierCols+` FROM dossiers d WHERE d.id > ? AND d.received_at IS NOT NULL ORDER BY d.id LIMIT ?`, after, limit)
	if err != nil {
		return nil, errs.Wrap(err, "stats inputs")
	}
	var out []*StatsInput
	byID := map[int64]*StatsInput{}
	for rows.Next() {
		d, err := scanDossier(rows)
		if err != nil {
			rows.Close()
			return nil, errs.Wrap(err, "stats inputs")
		}
		in := &StatsInput{Dossier: d}
		out = append(out, in)
		byID[d.ID] = in
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, errs.Wrap(err, "stats inputs")
	}
	lo, hi := out[0].Dossier.ID, out[len(out)-1].Dossier.ID
	rows, err = tx.query(ctx, `SELECT e.dossier_id, e.at, e.from_state, e.to_state FROM dossier_events e
		WHERE e.dossier_id BETWEEN ? AND ? AND `+statsEventsWhere+` ORDER BY e.dossier_id, e.id`, lo, hi)
	if err != nil {
		return nil, errs.Wrap(err, "stats inputs")
	}
	for rows.Next() {
		var id int64
		var e stats.Event
		var from, to string
		if err := rows.Scan(&id, tm(&e.At), &from, &to); err != nil {
			rows.Close()
			return nil, errs.Wrap(err, "stats inputs")
		}
		e.From, e.To = dossier.State(from), dossier.State(to)
		if in := byID[id]; in != nil {
			in.Events = append(in.Events, e)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, errs.Wrap(err, "stats inputs")
	}
	for _, m := range []struct {
		q   string
		set func(*StatsInput)
	}{
		{`SELECT DISTINCT dossier_id FROM dossier_files WHERE dossier_id BETWEEN ? AND ? AND kind = 'component'`,
			func(in *StatsInput) { in.ComponentFiles = true }},
		{`SELECT dossier_id FROM ratings WHERE dossier_id BETWEEN ? AND ? AND ` + statsDislikedWhere,
			func(in *StatsInput) { in.Disliked = true }},
		{`SELECT DISTINCT dossier_id FROM payments WHERE dossier_id BETWEEN ? AND ? AND ` + statsPaidOnlineWhere,
			func(in *StatsInput) { in.PaidOnline = true }},
	} {
		if err := tx.markInputs(ctx, m.q, lo, hi, byID, m.set); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// markInputs runs q (dossier ids between lo and hi) and calls set on the inputs of the ids.
func (tx *Tx) markInputs(ctx context.Context, q string, lo, hi int64, byID map[int64]*StatsInput, set func(*StatsInput)) error {
	rows, err := tx.query(ctx, q, lo, hi)
	if err != nil {
		return errs.Wrap(err, "stats inputs")
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return errs.Wrap(err, "stats inputs")
		}
		if in := byID[id]; in != nil {
			set(in)
		}
	}
	return errs.Wrap(rows.Err(), "stats inputs")
}

// ClearStats empties the statistics tables, first locking them on PostgreSQL so that a dossier
// changed meanwhile waits and then applies its change to the rebuilt figures.
func (tx *Tx) ClearStats(ctx context.Context) error {
	if tx.db.Dialect == Postgres {
		if _, err := tx.exec(ctx, `LOCK TABLE stats_dossiers, stats_counts, stats_city_counts, stats_procedure_months
			IN SHARE ROW EXCLUSIVE MODE`); err != nil {
			return errs.Wrap(err, "clear stats")
		}
	}
	for _, q := range []string{`DELETE FROM stats_counts`, `DELETE FROM stats_city_counts`, `DELETE FROM stats_procedure_months`,
		`DELETE FROM stats_dossiers`} {
		if _, err := tx.exec(ctx, q); err != nil {
			return errs.Wrap(err, "clear stats")
		}
	}
	return nil
}

// InsertStatsFacts stores the facts of dossiers that have none yet (RebuildStats), without
// touching stats_counts: RecountStats sums them afterwards.
func (tx *Tx) InsertStatsFacts(ctx context.Context, fs []*stats.Facts) error {
	const per = 200
	for len(fs) > 0 {
		n := min(per, len(fs))
		var b strings.Builder
		args := make([]any, 0, n*statsFactN)
		b.WriteString(`INSERT INTO stats_dossiers (` + statsFactCols + `) VALUES `)
		for i, f := range fs[:n] {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString("(" + placeholders(statsFactN) + ")")
			args = append(args, tx.factArgs(f)...)
		}
		if _, err := tx.exec(ctx, b.String(), args...); err != nil {
			return errs.Wrap(err, "insert stats facts")
		}
		fs = fs[n:]
	}
	return nil
}

// RecountStats recomputes the aggregate tables from stats_dossiers.
func (tx *Tx) RecountStats(ctx context.Context) error {
	for _, t := range statsTables {
		if _, err := tx.exec(ctx, `DELETE FROM `+t.name); err != nil {
			return errs.Wrap(err, "recount stats")
		}
		q := `INSERT INTO ` + t.name + ` (` + t.key + `, n) SELECT ` + t.key + `, COUNT(*) FROM stats_dossiers GROUP BY ` + t.key
		if t.minutes {
			q = `INSERT INTO ` + t.name + ` (` + t.key + `, n, working_minutes, calendar_minutes)
			SELECT ` + t.key + `, COUNT(*), SUM(CASE WHEN completed THEN working_minutes ELSE 0 END),
			SUM(CASE WHEN completed THEN calendar_minutes ELSE 0 END) FROM stats_dossiers GROUP BY ` + t.key
		}
		if _, err := tx.exec(ctx, q); err != nil {
			return errs.Wrap(err, "recount stats")
		}
	}
	return nil
}

// StatsProcedureCounters returns every row of stats_procedure_months in key order (for checks),
// as Counters with only the level, field, procedure, month of reception, channel, gateway payment
// and count.
func (tx *Tx) StatsProcedureCounters(ctx context.Context) ([]stats.Counter, error) {
	return tx.counters(ctx, `SELECT `+statsProcedureKeyCols+`, n FROM stats_procedure_months ORDER BY `+statsProcedureKeyCols,
		func(c *stats.Counter) []any {
			return []any{&c.Level, &c.Field, &c.ProcedureCode, &c.RecvMonth, &c.Channel, &c.PaidOnline, &c.N}
		})
}

// StatsCityCounters returns every row of stats_city_counts in key order (for checks), as
// Counters without unit, procedure and field.
func (tx *Tx) StatsCityCounters(ctx context.Context) ([]stats.Counter, error) {
	return tx.counters(ctx, `SELECT `+statsCityKeyCols+`, n, working_minutes, calendar_minutes FROM stats_city_counts ORDER BY `+statsCityKeyCols,
		func(c *stats.Counter) []any {
			return []any{&c.Level, &c.Channel, &c.RecvMonth, &c.EndMonth, &c.Outcome766, &c.OutcomeWT, &c.Dl766Month,
				&c.DlWTMonth, &c.Completed, &c.PaperResult, &c.EResult, &c.Digitised, &c.Disliked, &c.HasFee, &c.PaidOnline,
				&c.N, &c.WorkingMinutes, &c.CalendarMinutes}
		})
}

// StatsCounters returns every row of stats_counts in key order (for checks and exports).
func (tx *Tx) StatsCounters(ctx context.Context) ([]stats.Counter, error) {
	return tx.counters(ctx, `SELECT `+statsKeyCols+`, n, working_minutes, calendar_minutes FROM stats_counts ORDER BY `+statsKeyCols,
		func(c *stats.Counter) []any {
			return []any{&c.UnitPath, &c.Level, &c.ProcedureCode, &c.Field, &c.Channel, &c.RecvMonth, &c.EndMonth,
				&c.Outcome766, &c.OutcomeWT, &c.Dl766Month, &c.DlWTMonth, &c.Completed, &c.PaperResult, &c.EResult, &c.Digitised,
				&c.Disliked, &c.HasFee, &c.PaidOnline, &c.N, &c.WorkingMinutes, &c.CalendarMinutes}
		})
}

// counters reads the rows of q, an aggregate table's key columns and sums, each into a Counter
// through the fields dest gives.
func (tx *Tx) counters(ctx context.Context, q string, dest func(*stats.Counter) []any) ([]stats.Counter, error) {
	rows, err := tx.query(ctx, q)
	if err != nil {
		return nil, errs.Wrap(err, "stats counters")
	}
	defer rows.Close()
	var out []stats.Counter
	for rows.Next() {
		var c stats.Counter
		if err := rows.Scan(dest(&c)...); err != nil {
			return nil, errs.Wrap(err, "stats counters")
		}
		out = append(out, c)
	}
	return out, errs.Wrap(rows.Err(), "stats counters")
}

// AllStatsFacts returns every stored facts row in dossier order (for checks).
func (tx *Tx) AllStatsFacts(ctx context.Context) ([]*stats.Facts, error) {
	rows, err := tx.query(ctx, `SELECT `+statsFactCols+` FROM stats_dossiers ORDER BY dossier_id`)
	if err != nil {
		return nil, errs.Wrap(err, "stats facts")
	}
	defer rows.Close()
	var out []*stats.Facts
	for rows.Next() {
		f, err := scanFacts(rows)
		if err != nil {
			return nil, errs.Wrap(err, "stats facts")
		}
		out = append(out, f)
	}
	return out, errs.Wrap(rows.Err(), "stats facts")
}

// StatsFilter is the scope of a report: the receiving units under any of Paths (none: all), and
// optionally one level, field and procedure.
type StatsFilter struct {
	Paths         []string
	Level         string
	Field         string
	ProcedureCode string
	// Visible, when not nil, keeps only dossiers whose receiving or current unit is under one of
	// these paths (the drill-down lists of an official).
	Visible []string
}

func (f StatsFilter) where(alias string) (string, []any) {
	var conds []string
	var args []any
	if len(f.Paths) > 0 {
		var or []string
		for _, p := range f.Paths {
			or = append(or, alias+`unit_path LIKE ? ESCAPE '\'`)
			args = append(args, likePrefix(p))
		}
		conds = append(conds, "("+strings.Join(or, " OR ")+")")
	}
	if f.Level != "" {
		conds, args = append(conds, alias+"level = ?"), append(args, f.Level)
	}
	if f.Field != "" {
		conds, args = append(conds, alias+"field = ?"), append(args, f.Field)
	}
	if f.ProcedureCode != "" {
		conds, args = append(conds, alias+"procedure_code = ?"), append(args, f.ProcedureCode)
	}
	if len(conds) == 0 {
		return "1 = 1", nil
	}
	return strings.Join(conds, " AND "), args
}

// standingSQL is stats.Window.BucketOf's standing in SQL, with the window's first month m0 and
// the cutoff's month now given as SQL operands.
func standingSQL(m0, now string) string {
	return `CASE WHEN recv_month > ` + now + ` THEN 0 WHEN end_month <> 0 AND end_month >= ` + m0 + ` AND end_month <= ` + now + ` THEN 1
	WHEN end_month = 0 OR end_month > ` + now + ` THEN 2 ELSE 0 END`
}

// standingExpr is standingSQL with placeholders: its arguments are Now, M0, Now, Now.
var standingExpr = standingSQL("?", "?")

func standingArgs(w stats.Window) []any { return []any{int(w.Now), int(w.M0), int(w.Now), int(w.Now)} }

// latenessSQL is BucketOf's lateness of a deadline month column, with the window's current flag
// (1 or 0) and the cutoff's month now given as SQL operands.
func latenessSQL(col, current, now string) string {
	return `CASE WHEN ` + current + ` = 1 AND ` + col + ` = ` + now + ` THEN 2 WHEN ` + col + ` <= ` + now + ` THEN 1 ELSE 0 END`
}

// latenessExpr is latenessSQL with placeholders: arguments current, Now, Now.
func latenessExpr(col string) string { return latenessSQL(col, "?", "?") }

func latenessArgs(w stats.Window) []any {
	cur := 0
	if w.Current {
		cur = 1
	}
	return []any{cur, int(w.Now), int(w.Now)}
}

// StatsBuckets sums the counters of the scope as the window reads them (stats.Window.BucketOf,
// in SQL): a few rows whatever the number of dossiers.
//
// The city-wide scope (optionally of one level) reads stats_city_counts; the others stats_counts.
func (tx *Tx) StatsBuckets(ctx context.Context, f StatsFilter, w stats.Window) ([]stats.Bucket, error) {
	where, wargs := f.where("")
	table := "stats_counts"
	if len(f.Paths) == 0 && f.Field == "" && f.ProcedureCode == "" {
		table = "stats_city_counts"
	}
	wargs = append(wargs, int(w.M1), int(w.M0), int(w.M0))
	var args []any
	args = append(args, int(w.M0), int(w.M1))
	args = append(args, standingArgs(w)...)
	args = append(args, wargs...)
	args = append(args, latenessArgs(w)...)
	args = append(args, latenessArgs(w)...)
	rows, err := tx.query(ctx, `SELECT channel, received, standing,
		CASE WHEN standing = 1 THEN outcome_766 ELSE 0 END AS o766, CASE WHEN standing = 1 THEN outcome_wt ELSE 0 END AS owt,
		CASE WHEN standing = 2 THEN `+latenessExpr("dl_766_month")+` ELSE 0 END AS l766,
		CASE WHEN standing = 2 THEN `+latenessExpr("dl_wt_month")+` ELSE 0 END AS lwt,
		completed, paper_result, e_result, digitised, disliked, has_fee, paid_online, SUM(n), SUM(working_minutes),
		SUM(calendar_minutes)
		FROM (SELECT c.*, CASE WHEN recv_month >= ? AND recv_month <= ? THEN 1 ELSE 0 END AS received, `+standingExpr+` AS standing
			FROM `+table+` c WHERE `+where+` AND recv_month <= ? AND (end_month = 0 OR end_month >= ? OR recv_month >= ?)) x
		WHERE received = 1 OR standing <> 0
		GROUP BY channel, received, standing, o766, owt, l766, lwt, completed, paper_result, e_result, digitised, disliked,
			has_fee, paid_online`,
		reorder(args, 2, 4, len(wargs))...)
	if err != nil {
		return nil, errs.Wrap(err, "stats buckets")
	}
	defer rows.Close()
	var out []stats.Bucket
	for rows.Next() {
		var b stats.Bucket
		var received int
		if err := rows.Scan(&b.Channel, &received, &b.Standing, &b.Outcome766, &b.OutcomeWT, &b.Late766, &b.LateWT,
			&b.Completed, &b.PaperResult, &b.EResult, &b.Digitised, &b.Disliked, &b.HasFee, &b.PaidOnline, &b.N, &b.WorkingMinutes,
			&b.CalendarMinutes); err != nil {
			return nil, errs.Wrap(err, "stats buckets")
		}
		b.Received = received == 1
		out = append(out, b)
	}
	return out, errs.Wrap(rows.Err(), "stats buckets")
}

// reorder moves the arguments of the outer select (the two lateness groups, last) before those
// of the inner one, since the outer select's placeholders come first in the text.
func reorder(args []any, nRecv, nStanding, nWhere int) []any {
	inner := args[:nRecv+nStanding+nWhere]
	outer := args[nRecv+nStanding+nWhere:]
	return append(append([]any{}, outer...), inner...)
}

// StatsBucketsByWindow is StatsBuckets for several windows at once (the months of a trend), in
// one query: out[i] are the buckets of ws[i]. The scope decides the table as in StatsBuckets.
func (tx *Tx) StatsBucketsByWindow(ctx context.Context, f StatsFilter, ws []stats.Window) ([][]stats.Bucket, error) {
	out := make([][]stats.Bucket, len(ws))
	if len(ws) == 0 {
		return out, nil
	}
	where, wargs := f.where("c.")
	table := "stats_counts"
	if len(f.Paths) == 0 && f.Field == "" && f.ProcedureCode == "" {
		table = "stats_city_counts"
	}
	// The windows as rows (k, m0, m1, nw, cur), and the bounds of them all for the outer filter.
	var values []string
	var args []any
	lo, hi := ws[0].M0, ws[0].M1
	for i, w := range ws {
		values = append(values, `(CAST(? AS INTEGER), CAST(? AS INTEGER), CAST(? AS INTEGER), CAST(? AS INTEGER), CAST(? AS INTEGER))`)
		cur := 0
		if w.Current {
			cur = 1
		}
		args = append(args, i, int(w.M0), int(w.M1), int(w.Now), cur)
		lo, hi = min(lo, w.M0), max(hi, w.M1)
	}
	args = append(args, wargs...)
	args = append(args, int(hi), int(lo), int(lo))
	rows, err := tx.query(ctx, `WITH win(k, m0, m1, nw, cur) AS (VALUES `+strings.Join(values, ", ")+`)
		SELECT k, channel, received, standing,
		CASE WHEN standing = 1 THEN outcome_766 ELSE 0 END AS o766, CASE WHEN standing = 1 THEN outcome_wt ELSE 0 END AS owt,
		CASE WHEN standing = 2 THEN `+latenessSQL("dl_766_month", "cur", "nw")+` ELSE 0 END AS l766,
		CASE WHEN standing = 2 THEN `+latenessSQL("dl_wt_month", "cur", "nw")+` ELSE 0 END AS lwt,
		completed, paper_result, e_result, digitised, disliked, has_fee, paid_online, SUM(n), SUM(working_minutes),
		SUM(calendar_minutes)
		FROM (SELECT win.k, win.nw, win.cur, c.*, CASE WHEN c.recv_month >= win.m0 AND c.recv_month <= win.m1 THEN 1 ELSE 0 END AS received,
			`+strings.NewReplacer("recv_month", "c.recv_month", "end_month", "c.end_month").Replace(standingSQL("win.m0", "win.nw"))+` AS standing
			FROM `+table+` c JOIN win ON c.recv_month <= win.m1 AND (c.end_month = 0 OR c.end_month >= win.m0 OR c.recv_month >= win.m0)
			WHERE `+where+` AND c.recv_month <= ? AND (c.end_month = 0 OR c.end_month >= ? OR c.recv_month >= ?)) x
		WHERE received = 1 OR standing <> 0
		GROUP BY k, channel, received, standing, o766, owt, l766, lwt, completed, paper_result, e_result, digitised, disliked,
			has_fee, paid_online`, args...)
	if err != nil {
		return nil, errs.Wrap(err, "stats buckets by window")
	}
	defer rows.Close()
	for rows.Next() {
		var b stats.Bucket
		var k, received int
		if err := rows.Scan(&k, &b.Channel, &received, &b.Standing, &b.Outcome766, &b.OutcomeWT, &b.Late766, &b.LateWT,
			&b.Completed, &b.PaperResult, &b.EResult, &b.Digitised, &b.Disliked, &b.HasFee, &b.PaidOnline, &b.N, &b.WorkingMinutes,
			&b.CalendarMinutes); err != nil {
			return nil, errs.Wrap(err, "stats buckets by window")
		}
		if k < 0 || k >= len(ws) {
			return nil, errs.Wrap(fmt.Errorf("window %d of %d", k, len(ws)), "stats buckets by window")
		}
		b.Received = received == 1
		out[k] = append(out[k], b)
	}
	return out, errs.Wrap(rows.Err(), "stats buckets by window")
}

// StatsExactLate counts, for a current window, the dossiers of the scope in processing whose
// deadline falls in the cutoff's month and has passed at the cutoff, in each mode: the Exact
// buckets split one by one.
func (tx *Tx) StatsExactLate(ctx context.Context, f StatsFilter, w stats.Window) (late766, lateWT int64, err error) {
	if !w.Current {
		return 0, 0, nil
	}
	where, wargs := f.where("")
	for _, m := range []struct {
		month, deadline string
		out             *int64
	}{{"dl_766_month", "deadline_766", &late766}, {"dl_wt_month", "deadline_wt", &lateWT}} {
		args := append([]any{int(w.Now), tx.ts(w.At), int(w.Now)}, wargs...)
		err = tx.queryRow(ctx, `SELECT COUNT(*) FROM stats_dossiers WHERE end_month = 0 AND `+m.month+` = ? AND `+m.deadline+` < ?
			AND recv_month <= ? AND `+where, args...).Scan(m.out)
		if err != nil {
			return 0, 0, errs.Wrap(err, "stats exact")
		}
	}
	return late766, lateWT, nil
}

// StatsOnlineProcedures lists the procedures of the scope with at least one online dossier
// (channel 2) received in the window's period.
func (tx *Tx) StatsOnlineProcedures(ctx context.Context, f StatsFilter, w stats.Window) ([]string, error) {
	return tx.statsProcedures(ctx, f, w, "channel = 2")
}

// StatsPaidOnlineProcedures lists the procedures of the scope with at least one dossier received
// in the window's period and paid through the payment gateway (indicator 3.5).
func (tx *Tx) StatsPaidOnlineProcedures(ctx context.Context, f StatsFilter, w stats.Window) ([]string, error) {
	return tx.statsProcedures(ctx, f, w, "paid_online")
}

// statsProcedures lists the procedures of the scope with a dossier received in the window's
// period that meets cond (on the columns channel and paid_online). Without units in the scope it
// reads stats_procedure_months, whose rows carry every other filter (level, field, procedure); a
// scope of units reads stats_counts.
func (tx *Tx) statsProcedures(ctx context.Context, f StatsFilter, w stats.Window, cond string) ([]string, error) {
	where, wargs := f.where("")
	table := "stats_procedure_months"
	if len(f.Paths) > 0 {
		table = "stats_counts"
	}
	rows, err := tx.query(ctx, `SELECT DISTINCT procedure_code FROM `+table+` WHERE `+cond+` AND recv_month >= ? AND recv_month <= ? AND `+where,
		append([]any{int(w.M0), int(w.M1)}, wargs...)...)
	if err != nil {
		return nil, errs.Wrap(err, "stats procedures")
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, errs.Wrap(err, "stats procedures")
		}
		out = append(out, c)
	}
	return out, errs.Wrap(rows.Err(), "stats procedures")
}

// StatsDossier is one dossier behind a figure.
type StatsDossier struct {
	ID            int64
	Code          string
	ProcedureCode string
	ReceivedAt    time.Time
	EndAt         time.Time // zero while in processing
	Deadline      time.Time // the deadline of the figure's mode
}

// StatsDossiers lists the dossiers behind one figure (stats.Figure) of the scope and window, in
// id order after afterID, at most limit: the same conditions as StatsBuckets and StatsExactLate,
// read on the facts.
func (tx *Tx) StatsDossiers(ctx context.Context, f StatsFilter, w stats.Window, fig stats.Figure, mode stats.Mode, afterID int64, limit int) ([]StatsDossier, error) {
	where, wargs := f.where("s.")
	month, deadline, outcome := "s.dl_wt_month", "s.deadline_wt", "s.outcome_wt"
	if mode == stats.Literal766 {
		month, deadline, outcome = "s.dl_766_month", "s.deadline_766", "s.outcome_766"
	}
	standing := strings.NewReplacer("recv_month", "s.recv_month", "end_month", "s.end_month").Replace(standingExpr)
	received := `s.recv_month >= ? AND s.recv_month <= ?`
	recvArgs := []any{int(w.M0), int(w.M1)}
	cur := 0
	if w.Current {
		cur = 1
	}
	// late is "in processing and past the deadline at the cutoff".
	late := `(? = 1 AND ` + month + ` = ? AND ` + deadline + ` < ?) OR (NOT (? = 1 AND ` + month + ` = ?) AND ` + month + ` <= ?)`
	lateArgs := []any{cur, int(w.Now), tx.ts(w.At), cur, int(w.Now), int(w.Now)}
	var cond string
	var args []any
	switch fig {
	case stats.FigTotal:
		cond, args = standing+` <> 0`, standingArgs(w)
	case stats.FigEarly, stats.FigOnTime, stats.FigLate:
		o := map[stats.Figure]calendar.Outcome{stats.FigEarly: calendar.Early, stats.FigOnTime: calendar.OnTime, stats.FigLate: calendar.Late}[fig]
		cond, args = standing+` = 1 AND `+outcome+` = ?`, append(standingArgs(w), int(o))
	case stats.FigOpenLate:
		cond, args = standing+` = 2 AND (`+late+`)`, append(standingArgs(w), lateArgs...)
	case stats.FigOpenOnTime:
		cond, args = standing+` = 2 AND NOT (`+late+`)`, append(standingArgs(w), lateArgs...)
	case stats.FigReceived:
		cond, args = received, recvArgs
	case stats.FigDirect:
		cond, args = received+` AND s.channel NOT IN (2, 3)`, recvArgs
	case stats.FigOnline:
		cond, args = received+` AND s.channel = 2`, recvArgs
	case stats.FigPost:
		cond, args = received+` AND s.channel = 3`, recvArgs
	case stats.FigOnlineCounted:
		cond, args = received+` AND s.channel = 2 AND (NOT s.paper_result OR s.e_result)`, recvArgs
	case stats.FigPaperResult:
		cond, args = received+` AND s.paper_result`, recvArgs
	case stats.FigEResult:
		cond, args = received+` AND s.paper_result AND s.e_result`, recvArgs
	case stats.FigDigitised:
		cond, args = received+` AND s.digitised AND (NOT s.paper_result OR s.e_result)`, recvArgs
	case stats.FigCompleted:
		cond, args = received+` AND s.completed`, recvArgs
	case stats.FigDisliked:
		cond, args = received+` AND s.disliked`, recvArgs
	case stats.FigWithFee:
		cond, args = received+` AND s.has_fee`, recvArgs
	case stats.FigPaidOnline:
		cond, args = received+` AND s.has_fee AND s.paid_online`, recvArgs
	default:
		return nil, stats.ErrUnknownFigure(string(fig))
	}
	q := `SELECT s.dossier_id, d.code, s.procedure_code, s.received_at, s.end_at, ` + deadline + `
		FROM stats_dossiers s JOIN dossiers d ON d.id = s.dossier_id
		WHERE s.dossier_id > ? AND (` + cond + `) AND ` + where
	all := append(append([]any{afterID}, args...), wargs...)
	if f.Visible != nil {
		if len(f.Visible) == 0 {
			return nil, nil
		}
		var or []string
		for _, p := range f.Visible {
			or = append(or, `d.receiving_unit_path LIKE ? ESCAPE '\'`, `d.current_unit_path LIKE ? ESCAPE '\'`)
			all = append(all, likePrefix(p), likePrefix(p))
		}
		q += ` AND (` + strings.Join(or, " OR ") + `)`
	}
	q += ` ORDER BY s.dossier_id LIMIT ?`
	all = append(all, limit)
	rows, err := tx.query(ctx, q, all...)
	if err != nil {
		return nil, errs.Wrap(err, "stats dossiers")
	}
	defer rows.Close()
	var out []StatsDossier
	for rows.Next() {
		var d StatsDossier
		if err := rows.Scan(&d.ID, &d.Code, &d.ProcedureCode, tm(&d.ReceivedAt), tm(&d.EndAt), tm(&d.Deadline)); err != nil {
			return nil, errs.Wrap(err, "stats dossiers")
		}
		out = append(out, d)
	}
	return out, errs.Wrap(rows.Err(), "stats dossiers")
}

// VersionsInForce returns every published procedure version in force on day on: the catalogue
// the publicity figures (indicators 1.3, 3.1, 3.2) count.
func (tx *Tx) VersionsInForce(ctx context.Context, on org.Date) ([]*VersionRow, error) {
	rows, err := tx.query(ctx, `SELECT `+versionCols+` FROM procedure_versions v JOIN procedures p ON p.id = v.procedure_id
		WHERE v.status = 'published' AND v.effective_from <= ? AND (v.effective_to IS NULL OR v.effective_to >= ?) ORDER BY p.national_code`,
		tx.date(on.Time), tx.date(on.Time))
	if err != nil {
		return nil, errs.Wrap(err, "versions in force")
	}
	defer rows.Close()
	var out []*VersionRow
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, errs.Wrap(err, "versions in force")
		}
		out = append(out, v)
	}
	return out, errs.Wrap(rows.Err(), "versions in force")
}

// CatalogueStamp changes whenever a procedure version is added or changed: a cache of figures
// computed from the catalogue is valid while it stays the same.
func (tx *Tx) CatalogueStamp(ctx context.Context) (string, error) {
	var n, rev int64
	var at time.Time
	err := tx.queryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(revision), 0), MAX(updated_at) FROM procedure_versions`).Scan(&n, &rev, tm(&at))
	return fmt.Sprintf("%d/%d/%s", n, rev, at.Format(time.RFC3339Nano)), errs.Wrap(err, "catalogue stamp")
}

// VacuumStats vacuums and analyzes the statistics tables after RebuildStats, which deletes and
// inserts every row of them: the planner learns their new sizes, and the counts that read an
// index alone (stats_dossiers_open_*) no longer visit the table for rows not yet known visible.
// It runs outside any transaction (VACUUM cannot run in one); on SQLite it is ANALYZE.
func (db *DB) VacuumStats(ctx context.Context) error {
	q := `ANALYZE`
	if db.Dialect == Postgres {
		q = `VACUUM (ANALYZE) stats_dossiers, stats_counts, stats_city_counts, stats_procedure_months`
	}
	_, err := db.SQL.ExecContext(ctx, q)
	return errs.Wrap(err, "vacuum stats")
}
