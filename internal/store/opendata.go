package store

import (
	"context"
	"time"

	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
)

// Queries behind the open data (dữ liệu mở): nothing here reads a personal column of a dossier.

// AllSuccessors returns the successor links of every unit version, by unit ID.
func (tx *Tx) AllSuccessors(ctx context.Context) (map[int64][]org.Successor, error) {
	rows, err := tx.query(ctx, `SELECT s.unit_id, s.successor_id, n.name, s.partial FROM unit_successors s
		JOIN units n ON n.id = s.successor_id ORDER BY s.unit_id, s.successor_id`)
	if err != nil {
		return nil, errs.Wrap(err, "successors")
	}
	defer rows.Close()
	out := map[int64][]org.Successor{}
	for rows.Next() {
		var id int64
		var s org.Successor
		if err := rows.Scan(&id, &s.UnitID, &s.Name, &s.Partial); err != nil {
			return nil, errs.Wrap(err, "successors")
		}
		out[id] = append(out[id], s)
	}
	return out, errs.Wrap(rows.Err(), "successors")
}

// MonthlyDossierCount counts the dossiers of one procedure received at one unit through one
// channel in one month (Vietnam time): Received were received (accepted at the desk) that month;
// Processed ended their processing that month (processed_at, else returned_at), OnTime and Late
// split them as PeriodCounts does (Quyết định 766, indicator 2.1).
type MonthlyDossierCount struct {
	Month                             string // YYYY-MM
	UnitID                            int64
	UnitOrganID, UnitName             string
	ProcedureCode, ProcedureName      string
	Channel                           int
	Received, Processed, OnTime, Late int
}

// localMonth is the SQL for the month (YYYY-MM) of a stored instant in Vietnam time (UTC+7, no
// daylight saving), in the dialect.
func (tx *Tx) localMonth(col string) string {
	if tx.db.Dialect == Postgres {
		return `to_char((` + col + ` AT TIME ZONE 'UTC') + INTERVAL '7 hours', 'YYYY-MM')`
	}
	return `strftime('%Y-%m', ` + col + `, '+7 hours')`
}

// MonthlyDossierCounts counts the dossiers by month, receiving unit, procedure and channel, in
// one grouped query (counts only, never a dossier's personal data or code), ordered by month,
// unit, procedure and channel. Dossiers never received (refused at the desk, online submissions
// not yet accepted) are not counted.
func (tx *Tx) MonthlyDossierCounts(ctx context.Context) ([]MonthlyDossierCount, error) {
	end := `COALESCE(d.processed_at, d.returned_at)`
	rows, err := tx.query(ctx, `SELECT g.month, g.unit_id, u.organ_id, u.name, g.procedure_code, MAX(g.procedure_name), g.channel,
		SUM(g.received), SUM(g.processed), SUM(g.on_time), SUM(g.late)
		FROM (
			SELECT `+tx.localMonth(`d.received_at`)+` AS month, d.receiving_unit_id AS unit_id, d.procedure_code, d.procedure_name,
				d.channel, 1 AS received, 0 AS processed, 0 AS on_time, 0 AS late
			FROM dossiers d WHERE d.received_at IS NOT NULL
			UNION ALL
			SELECT `+tx.localMonth(end)+`, d.receiving_unit_id, d.procedure_code, d.procedure_name, d.channel, 0, 1,
				CASE WHEN (`+lateExpr+`) THEN 0 ELSE 1 END, CASE WHEN (`+lateExpr+`) THEN 1 ELSE 0 END
			FROM dossiers d WHERE d.received_at IS NOT NULL AND `+end+` IS NOT NULL
		) g JOIN units u ON u.id = g.unit_id
		GROUP BY g.month, g.unit_id, u.organ_id, u.name, g.procedure_code, g.channel
		ORDER BY g.month, g.unit_id, g.procedure_code, g.channel`)
	if err != nil {
		return nil, errs.Wrap(err, "monthly dossier counts")
	}
	defer rows.Close()
	var out []MonthlyDossierCount
	for rows.Next() {
		var c MonthlyDossierCount
		if err := rows.Scan(&c.Month, &c.UnitID, &c.UnitOrganID, &c.UnitName, &c.ProcedureCode, &c.ProcedureName, &c.Channel,
			&c.Received, &c.Processed, &c.OnTime, &c.Late); err != nil {
			return nil, errs.Wrap(err, "monthly dossier counts")
		}
		out = append(out, c)
	}
	return out, errs.Wrap(rows.Err(), "monthly dossier counts")
}

// OpenDataFacts are the dates an open data catalogue states: when each dataset was first and
// last changed, and the period its data cover. Zero when there are no data.
type OpenDataFacts struct {
	// The catalogue: versions published or withdrawn, and the versions in force on the day asked.
	ProceduresCreated, ProceduresModified time.Time
	ProceduresFrom                        time.Time
	// Units: when versions were recorded, and the earliest start of validity.
	UnitsCreated, UnitsModified time.Time
	UnitsFrom                   time.Time
	// Dossiers: when they were created and last changed, and the first and last reception.
	DossiersCreated, DossiersModified time.Time
	DossiersFrom, DossiersTo          time.Time
}

// OpenDataFacts reads the facts with one aggregate query per table.
func (tx *Tx) OpenDataFacts(ctx context.Context, on org.Date) (*OpenDataFacts, error) {
	var f OpenDataFacts
	day := tx.date(on.Time)
	if err := tx.queryRow(ctx, `SELECT MIN(v.published_at), MAX(v.updated_at) FROM procedure_versions v WHERE v.status <> 'draft'`).
		Scan(tm(&f.ProceduresCreated), tm(&f.ProceduresModified)); err != nil {
		return nil, errs.Wrap(err, "catalogue facts")
	}
	if err := tx.queryRow(ctx, `SELECT MIN(v.effective_from) FROM procedure_versions v WHERE v.status = 'published'
		AND v.effective_from <= ? AND (v.effective_to IS NULL OR v.effective_to >= ?)`, day, day).Scan(tm(&f.ProceduresFrom)); err != nil {
		return nil, errs.Wrap(err, "catalogue facts")
	}
	if err := tx.queryRow(ctx, `SELECT MIN(created_at), MAX(created_at), MIN(valid_from) FROM units`).
		Scan(tm(&f.UnitsCreated), tm(&f.UnitsModified), tm(&f.UnitsFrom)); err != nil {
		return nil, errs.Wrap(err, "unit facts")
	}
	if err := tx.queryRow(ctx, `SELECT MIN(created_at), MAX(updated_at), MIN(received_at), MAX(received_at) FROM dossiers`).
		Scan(tm(&f.DossiersCreated), tm(&f.DossiersModified), tm(&f.DossiersFrom), tm(&f.DossiersTo)); err != nil {
		return nil, errs.Wrap(err, "dossier facts")
	}
	return &f, nil
}
