package store

import (
	"context"
	"time"

	"github.com/egov-vn/egov/internal/errs"
)

// LedgerRow is one line of a unit's dossier register (sổ theo dõi hồ sơ, Mẫu 06): a dossier with
// the instants of its handovers.
type LedgerRow struct {
	*DossierRow
	LeadUnitName string
	// TransferredAt is when the desk handed it to the processing agency (control-sheet row 2).
	TransferredAt time.Time
}

// LedgerDossiers lists the dossiers received at the unit with the given path or under it with
// received_at in [from, to), oldest first, at most limit rows (the caller asks for one more than
// it can print to know the period is too long).
func (tx *Tx) LedgerDossiers(ctx context.Context, unitPath string, from, to time.Time, limit int) ([]*LedgerRow, error) {
	rows, err := tx.query(ctx, `SELECT `+dossierCols+`, COALESCE(u.name, ''), s.handed_at
		FROM dossiers d
		LEFT JOIN units u ON u.id = COALESCE(d.lead_unit_id, d.current_unit_id)
		LEFT JOIN dossier_steps s ON s.dossier_id = d.id AND s.no = 2
		WHERE d.receiving_unit_path LIKE ? ESCAPE '\' AND d.received_at >= ? AND d.received_at < ?
		ORDER BY d.received_at, d.id LIMIT ?`, likePrefix(unitPath), tx.ts(from), tx.ts(to), limit)
	if err != nil {
		return nil, errs.Wrap(err, "ledger")
	}
	defer rows.Close()
	var out []*LedgerRow
	for rows.Next() {
		r := &LedgerRow{}
		d, err := scanDossier(rows, &r.LeadUnitName, tm(&r.TransferredAt))
		if err != nil {
			return nil, errs.Wrap(err, "ledger")
		}
		r.DossierRow = d
		out = append(out, r)
	}
	return out, errs.Wrap(rows.Err(), "ledger")
}
