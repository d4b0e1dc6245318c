package store

import (
	"context"
	"fmt"

	"github.com/egov-vn/egov/internal/errs"
)

// ReceptionCheck is what CheckReceptions found. A clean check has no duplicate, nothing missing
// and nothing incomplete.
type ReceptionCheck struct {
	Dossiers       int      // dossiers checked
	DuplicateCodes []string // codes stored more than once
	Missing        []string // acknowledged codes that are not stored
	Incomplete     []string // "code: what is missing" for stored dossiers
}

// Clean reports whether nothing was found.
func (c *ReceptionCheck) Clean() bool {
	return len(c.DuplicateCodes) == 0 && len(c.Missing) == 0 && len(c.Incomplete) == 0
}

func (c *ReceptionCheck) String() string {
	return fmt.Sprintf("%d dossiers checked; duplicate codes %v; missing %v; incomplete %v", c.Dossiers, c.DuplicateCodes, c.Missing, c.Incomplete)
}

// CheckReceptions checks, after a load or a crash, that receptions were all or nothing: every
// acknowledged code is stored, no code is stored twice, and every dossier with an id above
// afterID (whether its reception was acknowledged or cut off by the crash) has its components,
// the first control-sheet row, the reception's timeline event and exactly one reception audit
// record.
func (db *DB) CheckReceptions(ctx context.Context, acknowledged []string, afterID int64) (*ReceptionCheck, error) {
	c := &ReceptionCheck{}
	err := db.Read(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, `SELECT code FROM dossiers GROUP BY code HAVING count(*) > 1 ORDER BY code`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var code string
			if err := rows.Scan(&code); err != nil {
				rows.Close()
				return err
			}
			c.DuplicateCodes = append(c.DuplicateCodes, code)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		stored := map[string]bool{}
		rows, err = tx.query(ctx, `SELECT d.code,
			(SELECT count(*) FROM dossier_components c WHERE c.dossier_id = d.id),
			(SELECT count(*) FROM dossier_steps s WHERE s.dossier_id = d.id AND s.no = 1),
			(SELECT count(*) FROM dossier_events e WHERE e.dossier_id = d.id AND e.action LIKE 'receive%'),
			(SELECT count(*) FROM audit_log a WHERE a.object_type = 'dossier' AND a.object_id = CAST(d.id AS TEXT) AND a.action LIKE 'dossier.receive%')
			FROM dossiers d WHERE d.id > ? ORDER BY d.id`, afterID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var code string
			var comps, steps, events, audits int
			if err := rows.Scan(&code, &comps, &steps, &events, &audits); err != nil {
				return err
			}
			c.Dossiers++
			stored[code] = true
			for _, m := range []struct {
				ok   bool
				what string
			}{{comps > 0, "no components"}, {steps == 1, "no first control-sheet row"}, {events == 1, "no reception event"}, {audits == 1, fmt.Sprintf("%d reception audit records", audits)}} {
				if !m.ok {
					c.Incomplete = append(c.Incomplete, code+": "+m.what)
				}
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		for _, code := range acknowledged {
			if !stored[code] {
				// Stored before afterID, or not at all.
				var n int
				if err := tx.queryRow(ctx, `SELECT count(*) FROM dossiers WHERE code = ?`, code).Scan(&n); err != nil {
					return err
				}
				if n == 0 {
					c.Missing = append(c.Missing, code)
				}
			}
		}
		return nil
	})
	return c, errs.Wrap(err, "check receptions")
}
