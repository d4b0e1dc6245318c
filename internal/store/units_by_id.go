package store

import (
	"context"
	"strings"

	"github.com/egov-vn/egov/internal/org"
)

// UnitsByID returns the unit versions with the given IDs (without their successors), by ID.
// Unknown IDs are left out.
func (tx *Tx) UnitsByID(ctx context.Context, ids []int64) (map[int64]*org.Unit, error) {
	out := make(map[int64]*org.Unit, len(ids))
	const chunk = 500 // well under both engines' limits on bound parameters
	for len(ids) > 0 {
		n := min(len(ids), chunk)
		args := make([]any, n)
		for i, id := range ids[:n] {
			args[i] = id
		}
		us, err := tx.units(ctx, `SELECT `+unitCols+` FROM units u WHERE u.id IN (`+strings.TrimSuffix(strings.Repeat("?,", n), ",")+`)`, args...)
		if err != nil {
			return nil, err
		}
		for _, u := range us {
			out[u.ID] = u
		}
		ids = ids[n:]
	}
	return out, nil
}
