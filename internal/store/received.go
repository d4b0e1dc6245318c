package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/egov-vn/egov/internal/errs"
)

// InsertReceived stores a new dossier d with its components, its first control-sheet row st
// (nil: none) and its first timeline event ev, and sets their IDs (and the rows' DossierID). On
// PostgreSQL this is one statement, the children taking the dossier's new id from the
// dossier's insert in the same statement (one round trip instead of four), with the writes kept
// for later (writeLater), which must not touch these four tables; on SQLite it is
// InsertDossier, InsertComponents, InsertStep and InsertEvent one after the other. Errors: as
// InsertDossier.
func (tx *Tx) InsertReceived(ctx context.Context, d *DossierRow, comps []ComponentRow, st *StepRow, ev *EventRow) error {
	if tx.db.Dialect != Postgres {
		if err := tx.InsertDossier(ctx, d); err != nil {
			return err
		}
		if err := tx.InsertComponents(ctx, d.ID, comps); err != nil {
			return err
		}
		if st != nil {
			st.DossierID = d.ID
			if err := tx.InsertStep(ctx, st); err != nil {
				return err
			}
		}
		ev.DossierID = d.ID
		return tx.InsertEvent(ctx, ev)
	}
	// WITH d AS (INSERT INTO dossiers … RETURNING id),
	//      c0 AS (INSERT INTO dossier_components (dossier_id, …) SELECT d.id, ?, … FROM d), …
	//      s AS (INSERT INTO dossier_steps … SELECT d.id, … FROM d RETURNING id),
	//      e AS (INSERT INTO dossier_events … SELECT d.id, … FROM d RETURNING id)
	// SELECT d.id, (SELECT id FROM s), (SELECT id FROM e) FROM d
	// A parameter in the SELECT list of an INSERT takes the type of its column.
	q, args := tx.dossierInsert(d)
	var b strings.Builder
	b.WriteString("WITH d AS (" + q + " RETURNING id)")
	child := func(name, table, cols string, n int, values []any, returning bool) {
		fmt.Fprintf(&b, ",\n%s AS (INSERT INTO %s (dossier_id, %s) SELECT d.id, %s FROM d", name, table, cols, placeholders(n))
		if returning {
			b.WriteString(" RETURNING id")
		}
		b.WriteString(")")
		args = append(args, values...)
	}
	for i, c := range comps {
		child(fmt.Sprintf("c%d", i), "dossier_components", componentCols, componentN, componentValues(c), false)
	}
	stepID := "0"
	if st != nil {
		child("s", "dossier_steps", stepCols, stepN, tx.stepValues(st), true)
		stepID = "(SELECT id FROM s)"
	}
	child("e", "dossier_events", eventCols, eventN, tx.eventValues(ev), true)
	// The writes kept for later (writeLater) go along; none of them touches these tables.
	for i, l := range tx.takeLater() {
		fmt.Fprintf(&b, ",\nl%d AS (%s)", i, l.query)
		args = append(args, l.args...)
	}
	b.WriteString("\nSELECT d.id, " + stepID + ", (SELECT id FROM e) FROM d")
	var id, stepRowID, eventID int64
	err := tx.queryRow(ctx, b.String(), args...).Scan(&id, &stepRowID, &eventID)
	var pg *pgconn.PgError
	if errors.As(err, &pg) && pg.Code == "23505" && pg.TableName == "dossiers" {
		return errs.New(errs.Conflict, "duplicate_dossier_code", "Mã hồ sơ "+d.Code+" đã được cấp.", "Dossier code "+d.Code+" is taken.")
	}
	if err != nil {
		return errs.Wrap(err, "insert dossier")
	}
	d.ID, d.Revision = id, 1
	if st != nil {
		st.ID, st.DossierID = stepRowID, id
	}
	ev.ID, ev.DossierID = eventID, id
	return nil
}
