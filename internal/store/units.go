package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/vntext"
)

const unitCols = `u.id, u.organ_id, u.gso_code, u.name, u.short_name, u.kind, u.category, COALESCE(u.parent_id, 0), u.path, u.valid_from, u.valid_to`

func scanUnit(sc interface{ Scan(...any) error }) (*org.Unit, error) {
	var u org.Unit
	var from, to time.Time
	err := sc.Scan(&u.ID, &u.OrganID, &u.GSOCode, &u.Name, &u.ShortName, &u.Kind, &u.Category, &u.ParentID, &u.Path, tm(&from), tm(&to))
	u.ValidFrom, u.ValidTo = org.Date{Time: from}, org.Date{Time: to}
	return &u, err
}

// InsertUnit stores a new unit version and sets its ID and Path. The parent, if any, must exist.
// A second current version with the same agency code fails with a Conflict error.
func (tx *Tx) InsertUnit(ctx context.Context, u *org.Unit, now time.Time) error {
	var parentPath = "/"
	var parent any
	if u.ParentID != 0 {
		p, err := tx.Unit(ctx, u.ParentID)
		if err != nil {
			return err
		}
		parentPath, parent = p.Path, u.ParentID
	}
	id, err := tx.insert(ctx, `INSERT INTO units (organ_id, gso_code, name, name_folded, short_name, kind, category, parent_id, valid_from, valid_to, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		u.OrganID, u.GSOCode, u.Name, vntext.Fold(u.Name), u.ShortName, string(u.Kind), u.Category, parent,
		tx.date(u.ValidFrom.Time), tx.date(u.ValidTo.Time), tx.ts(now))
	if isUniqueViolation(err) {
		return errs.Invalidf("organ_id", "duplicate_organ_id", "Mã định danh "+u.OrganID+" đã được dùng cho một đơn vị đang hoạt động.", "Agency code "+u.OrganID+" is already used by a current unit.")
	}
	if err != nil {
		return errs.Wrap(err, "insert unit")
	}
	u.ID = id
	u.Path = parentPath + strconv.FormatInt(id, 10) + "/"
	_, err = tx.exec(ctx, `UPDATE units SET path = ? WHERE id = ?`, u.Path, id)
	return errs.Wrap(err, "set unit path")
}

// CloseUnit sets the last day of a unit version. It never deletes.
func (tx *Tx) CloseUnit(ctx context.Context, id int64, validTo org.Date) error {
	_, err := tx.exec(ctx, `UPDATE units SET valid_to = ? WHERE id = ?`, tx.date(validTo.Time), id)
	return errs.Wrap(err, "close unit")
}

// AddSuccessor links unit id to the version that took it over. Adding the same link twice is a
// no-op.
func (tx *Tx) AddSuccessor(ctx context.Context, id, successorID int64, partial bool) (bool, error) {
	res, err := tx.exec(ctx, `INSERT INTO unit_successors (unit_id, successor_id, partial) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, id, successorID, partial)
	if err != nil {
		return false, errs.Wrap(err, "add successor")
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// Unit returns the unit version with the given ID, with its successors, or errs.ErrNotFound.
func (tx *Tx) Unit(ctx context.Context, id int64) (*org.Unit, error) {
	u, err := scanUnit(tx.queryRow(ctx, `SELECT `+unitCols+` FROM units u WHERE u.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "unit_not_found", "Không tìm thấy đơn vị.", "Unit not found.")
	}
	if err != nil {
		return nil, errs.Wrap(err, "unit")
	}
	rows, err := tx.query(ctx, `SELECT s.successor_id, n.name, s.partial FROM unit_successors s JOIN units n ON n.id = s.successor_id WHERE s.unit_id = ? ORDER BY n.name`, id)
	if err != nil {
		return nil, errs.Wrap(err, "successors")
	}
	defer rows.Close()
	for rows.Next() {
		var s org.Successor
		if err := rows.Scan(&s.UnitID, &s.Name, &s.Partial); err != nil {
			return nil, errs.Wrap(err, "successors")
		}
		u.Successors = append(u.Successors, s)
	}
	return u, errs.Wrap(rows.Err(), "successors")
}

// Predecessors returns the unit versions that unit id took over.
func (tx *Tx) Predecessors(ctx context.Context, id int64) ([]*org.Unit, error) {
	return tx.units(ctx, `SELECT `+unitCols+` FROM units u JOIN unit_successors s ON s.unit_id = u.id WHERE s.successor_id = ? ORDER BY u.name`, id)
}

// UnitFilter selects unit versions. Zero fields do not filter.
type UnitFilter struct {
	On       org.Date   // valid on this day
	ParentID int64      // direct children of this unit
	Under    string     // in the subtree with this path (the unit itself included)
	Kinds    []org.Kind // of one of these kinds
	GSOCode  string
	OrganID  string
	Query    string // folded substring of the name, GSO code or agency code
	Limit    int    // default 500, at most 5000
	Offset   int
}

// Units lists unit versions matching f, ordered by kind then name.
func (tx *Tx) Units(ctx context.Context, f UnitFilter) ([]*org.Unit, error) {
	var where []string
	var args []any
	if !f.On.IsZero() {
		where = append(where, `u.valid_from <= ? AND (u.valid_to IS NULL OR u.valid_to >= ?)`)
		args = append(args, tx.date(f.On.Time), tx.date(f.On.Time))
	}
	if f.ParentID != 0 {
		where = append(where, `u.parent_id = ?`)
		args = append(args, f.ParentID)
	}
	if f.Under != "" {
		where = append(where, `u.path LIKE ? ESCAPE '\'`)
		args = append(args, likePrefix(f.Under))
	}
	if len(f.Kinds) > 0 {
		where = append(where, `u.kind IN (`+strings.TrimSuffix(strings.Repeat("?,", len(f.Kinds)), ",")+`)`)
		for _, k := range f.Kinds {
			args = append(args, string(k))
		}
	}
	if f.GSOCode != "" {
		where = append(where, `u.gso_code = ?`)
		args = append(args, f.GSOCode)
	}
	if f.OrganID != "" {
		where = append(where, `u.organ_id = ?`)
		args = append(args, f.OrganID)
	}
	if q := vntext.Fold(f.Query); q != "" {
		where = append(where, `(u.name_folded LIKE ? ESCAPE '\' OR u.gso_code = ? OR u.organ_id = ?)`)
		args = append(args, "%"+strings.TrimSuffix(likePrefix(q), "%")+"%", f.Query, f.Query)
	}
	query := `SELECT ` + unitCols + ` FROM units u`
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, ` AND `)
	}
	if f.Limit <= 0 {
		f.Limit = 500
	}
	f.Limit = min(f.Limit, 5000)
	query += ` ORDER BY CASE u.kind WHEN 'city' THEN 0 WHEN 'department' THEN 1 WHEN 'district' THEN 2 WHEN 'service_centre' THEN 3 WHEN 'one_stop_desk' THEN 4 WHEN 'division' THEN 5 ELSE 6 END, u.name_folded, u.id LIMIT ? OFFSET ?`
	args = append(args, f.Limit, f.Offset)
	return tx.units(ctx, query, args...)
}

// CountChildren returns, for each of the given unit IDs, how many direct children are valid on d.
func (tx *Tx) CountChildren(ctx context.Context, ids []int64, d org.Date) (map[int64]int, error) {
	out := map[int64]int{}
	if len(ids) == 0 {
		return out, nil
	}
	args := []any{tx.date(d.Time), tx.date(d.Time)}
	for _, id := range ids {
		args = append(args, id)
	}
	rows, err := tx.query(ctx, `SELECT parent_id, COUNT(*) FROM units WHERE valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?) AND parent_id IN (`+
		strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")+`) GROUP BY parent_id`, args...)
	if err != nil {
		return nil, errs.Wrap(err, "count children")
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, errs.Wrap(err, "count children")
		}
		out[id] = n
	}
	return out, errs.Wrap(rows.Err(), "count children")
}

func (tx *Tx) units(ctx context.Context, query string, args ...any) ([]*org.Unit, error) {
	rows, err := tx.query(ctx, query, args...)
	if err != nil {
		return nil, errs.Wrap(err, "units")
	}
	defer rows.Close()
	var out []*org.Unit
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, errs.Wrap(err, "units")
		}
		out = append(out, u)
	}
	return out, errs.Wrap(rows.Err(), "units")
}

// SuccessorsOn returns the successors of every unit version valid on d, by unit ID.
func (tx *Tx) SuccessorsOn(ctx context.Context, d org.Date) (map[int64][]org.Successor, error) {
	rows, err := tx.query(ctx, `SELECT s.unit_id, s.successor_id, n.name, s.partial FROM unit_successors s
		JOIN units o ON o.id = s.unit_id JOIN units n ON n.id = s.successor_id
		WHERE o.valid_from <= ? AND (o.valid_to IS NULL OR o.valid_to >= ?) ORDER BY n.name_folded`, tx.date(d.Time), tx.date(d.Time))
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

// ChainUnit is one unit on the way from a unit up to its root, with the calendar it names (""
// for its parent's) and the stored version of that calendar (0 when none is stored under the
// name).
type ChainUnit struct {
	*org.Unit
	CalendarName    string
	CalendarVersion int64
}

// UnitChain returns the unit id and the units above it, the unit first and the root last, in one
// statement: what a reception needs of its unit (validity, agency code, level, calendar and the
// calendar's version). A root that names no calendar is reported as naming rootCalendar (the
// default). Successors are not read. Errors: NotFound (unit_not_found).
func (tx *Tx) UnitChain(ctx context.Context, id int64, rootCalendar string) ([]ChainUnit, error) {
	// The chain carries the units' columns (no join back to units, which would be a scan).
	rows, err := tx.query(ctx, `WITH RECURSIVE chain(id, organ_id, gso_code, name, short_name, kind, category, parent_id, path,
			valid_from, valid_to, calendar_name, up, depth) AS (
			SELECT `+unitCols+`, u.calendar_name, u.parent_id, 0 FROM units u WHERE u.id = ?
			UNION ALL
			SELECT `+unitCols+`, u.calendar_name, u.parent_id, c.depth + 1 FROM chain c JOIN units u ON u.id = c.up WHERE c.depth < 64
		)
		SELECT id, organ_id, gso_code, name, short_name, kind, category, parent_id, path, valid_from, valid_to,
			CASE WHEN calendar_name = '' AND up IS NULL THEN ? ELSE calendar_name END,
			COALESCE((SELECT k.version FROM calendars k
				WHERE k.name = CASE WHEN chain.calendar_name = '' AND chain.up IS NULL THEN ? ELSE chain.calendar_name END), 0)
		FROM chain ORDER BY depth`, id, rootCalendar, rootCalendar)
	if err != nil {
		return nil, errs.Wrap(err, "unit chain")
	}
	defer rows.Close()
	var out []ChainUnit
	for rows.Next() {
		var c ChainUnit
		var from, to time.Time
		var u org.Unit
		if err := rows.Scan(&u.ID, &u.OrganID, &u.GSOCode, &u.Name, &u.ShortName, &u.Kind, &u.Category, &u.ParentID, &u.Path,
			tm(&from), tm(&to), &c.CalendarName, &c.CalendarVersion); err != nil {
			return nil, errs.Wrap(err, "unit chain")
		}
		u.ValidFrom, u.ValidTo = org.Date{Time: from}, org.Date{Time: to}
		c.Unit = &u
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, errs.Wrap(err, "unit chain")
	}
	if len(out) == 0 {
		return nil, errs.New(errs.NotFound, "unit_not_found", "Không tìm thấy đơn vị.", "Unit not found.")
	}
	return out, nil
}
