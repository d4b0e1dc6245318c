package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/egov-vn/egov/internal/errs"
)

// CalendarRow is a stored working-day calendar: its text file and a version that increments on
// every change.
type CalendarRow struct {
	Name      string
	Body      string
	Version   int64
	UpdatedAt time.Time
	UpdatedBy string
}

// Calendar returns the stored calendar with the given name, or a NotFound error.
func (tx *Tx) Calendar(ctx context.Context, name string) (*CalendarRow, error) {
	var c CalendarRow
	err := tx.queryRow(ctx, `SELECT name, body, version, updated_at, updated_by FROM calendars WHERE name = ?`, name).
		Scan(&c.Name, &c.Body, &c.Version, tm(&c.UpdatedAt), &c.UpdatedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "unknown_calendar", "Không có lịch làm việc tên "+name+".", "No calendar named "+name+".")
	}
	return &c, errs.Wrap(err, "calendar")
}

// CalendarVersion returns the stored version of the calendar name, or 0 when none is stored.
func (tx *Tx) CalendarVersion(ctx context.Context, name string) (int64, error) {
	var v int64
	err := tx.queryRow(ctx, `SELECT version FROM calendars WHERE name = ?`, name).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return v, errs.Wrap(err, "calendar version")
}

// Calendars lists the stored calendars (without bodies), by name.
func (tx *Tx) Calendars(ctx context.Context) ([]*CalendarRow, error) {
	rows, err := tx.query(ctx, `SELECT name, version, updated_at, updated_by FROM calendars ORDER BY name`)
	if err != nil {
		return nil, errs.Wrap(err, "calendars")
	}
	defer rows.Close()
	var out []*CalendarRow
	for rows.Next() {
		var c CalendarRow
		if err := rows.Scan(&c.Name, &c.Version, tm(&c.UpdatedAt), &c.UpdatedBy); err != nil {
			return nil, errs.Wrap(err, "calendars")
		}
		out = append(out, &c)
	}
	return out, errs.Wrap(rows.Err(), "calendars")
}

// PutCalendar stores a calendar. When version is 0 the name must be new; otherwise the stored
// version must equal version (optimistic locking), else a Conflict error. It returns the new
// version.
func (tx *Tx) PutCalendar(ctx context.Context, c *CalendarRow, version int64) (int64, error) {
	if version == 0 {
		_, err := tx.exec(ctx, `INSERT INTO calendars (name, body, version, updated_at, updated_by) VALUES (?, ?, 1, ?, ?)`,
			c.Name, c.Body, tx.ts(c.UpdatedAt), c.UpdatedBy)
		if isUniqueViolation(err) {
			return 0, errs.New(errs.Conflict, "calendar_changed", "Lịch "+c.Name+" đã tồn tại hoặc vừa được người khác thay đổi.", "The calendar exists or changed meanwhile.")
		}
		return 1, errs.Wrap(err, "insert calendar")
	}
	res, err := tx.exec(ctx, `UPDATE calendars SET body = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE name = ? AND version = ?`,
		c.Body, tx.ts(c.UpdatedAt), c.UpdatedBy, c.Name, version)
	if err != nil {
		return 0, errs.Wrap(err, "update calendar")
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return 0, errs.New(errs.Conflict, "calendar_changed", "Lịch "+c.Name+" vừa được người khác thay đổi, vui lòng tải lại.", "The calendar changed meanwhile; reload.")
	}
	return version + 1, nil
}

// UnitCalendarName returns the calendar a unit uses: its own, or the nearest ancestor's, or "" for
// the default.
func (tx *Tx) UnitCalendarName(ctx context.Context, unitID int64) (string, error) {
	chain, err := tx.UnitChain(ctx, unitID, "")
	if err != nil {
		return "", err
	}
	name, _ := ChainCalendar(chain)
	return name, nil
}

// ChainCalendar is the calendar the first unit of chain (UnitChain) uses, its own or the nearest
// ancestor's, with its stored version; "" when none of them names one.
func ChainCalendar(chain []ChainUnit) (name string, version int64) {
	for _, c := range chain {
		if c.CalendarName != "" {
			return c.CalendarName, c.CalendarVersion
		}
	}
	return "", 0
}

// SetUnitCalendar makes a unit use the named calendar ("" for its parent's).
func (tx *Tx) SetUnitCalendar(ctx context.Context, unitID int64, name string) error {
	_, err := tx.exec(ctx, `UPDATE units SET calendar_name = ? WHERE id = ?`, name, unitID)
	return errs.Wrap(err, "set unit calendar")
}
