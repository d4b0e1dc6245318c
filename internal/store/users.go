package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
)

// Credentials are the secret parts of a user row, never shown.
type Credentials struct {
	PasswordHash string
	TOTPSecret   string
	TOTPLastStep int64
}

var errUserNotFound = errs.New(errs.NotFound, "user_not_found", "Không tìm thấy cán bộ.", "User not found.")

const userCols = `id, username, full_name, email, totp_enabled, disabled, created_at`

func scanUser(sc interface{ Scan(...any) error }) (*org.User, error) {
	var u org.User
	err := sc.Scan(&u.ID, &u.Username, &u.FullName, &u.Email, &u.TOTPEnabled, &u.Disabled, tm(&u.CreatedAt))
	return &u, err
}

// InsertUser stores a new user with the given password hash and sets u.ID. A taken username gives
// an Invalid error with code "username_taken".
func (tx *Tx) InsertUser(ctx context.Context, u *org.User, passwordHash string, now time.Time) error {
	id, err := tx.insert(ctx, `INSERT INTO users (username, full_name, email, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
		u.Username, u.FullName, u.Email, passwordHash, tx.ts(now), tx.ts(now))
	if isUniqueViolation(err) {
		return errs.Invalidf("username", "username_taken", "Tên đăng nhập "+u.Username+" đã có người dùng.", "Username "+u.Username+" is taken.")
	}
	if err != nil {
		return errs.Wrap(err, "insert user")
	}
	u.ID, u.CreatedAt = id, now
	return nil
}

// UpdateUser saves the user's name, email and disabled flag.
func (tx *Tx) UpdateUser(ctx context.Context, u *org.User, now time.Time) error {
	_, err := tx.exec(ctx, `UPDATE users SET full_name = ?, email = ?, disabled = ?, updated_at = ? WHERE id = ?`, u.FullName, u.Email, u.Disabled, tx.ts(now), u.ID)
	return errs.Wrap(err, "update user")
}

// SetPassword replaces the user's password hash.
func (tx *Tx) SetPassword(ctx context.Context, userID int64, hash string, now time.Time) error {
	_, err := tx.exec(ctx, `UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?`, hash, tx.ts(now), userID)
	return errs.Wrap(err, "set password")
}

// SetTOTP stores a TOTP secret; enabled says whether it is confirmed and required at sign-in.
// An empty secret removes the second factor.
func (tx *Tx) SetTOTP(ctx context.Context, userID int64, secret string, enabled bool, now time.Time) error {
	_, err := tx.exec(ctx, `UPDATE users SET totp_secret = ?, totp_enabled = ?, totp_last_step = 0, updated_at = ? WHERE id = ?`, secret, enabled, tx.ts(now), userID)
	return errs.Wrap(err, "set totp")
}

// UseTOTPStep records that the code of step was used, and reports false when that step or a
// later one was used already (a replay, possibly racing on another process).
func (tx *Tx) UseTOTPStep(ctx context.Context, userID, step int64) (bool, error) {
	res, err := tx.exec(ctx, `UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?`, step, userID, step)
	if err != nil {
		return false, errs.Wrap(err, "use totp step")
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// User returns the user with its grants, or a NotFound error.
func (tx *Tx) User(ctx context.Context, id int64) (*org.User, error) {
	return tx.userWhere(ctx, `id = ?`, id)
}

// UserByUsername returns the user with its grants, or a NotFound error.
func (tx *Tx) UserByUsername(ctx context.Context, username string) (*org.User, error) {
	return tx.userWhere(ctx, `username = ?`, strings.ToLower(strings.TrimSpace(username)))
}

func (tx *Tx) userWhere(ctx context.Context, cond string, arg any) (*org.User, error) {
	u, err := scanUser(tx.queryRow(ctx, `SELECT `+userCols+` FROM users WHERE `+cond, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errUserNotFound
	}
	if err != nil {
		return nil, errs.Wrap(err, "user")
	}
	if err := tx.loadGrants(ctx, []*org.User{u}); err != nil {
		return nil, err
	}
	return u, nil
}

// UserCredentials returns the secret parts of the user row.
func (tx *Tx) UserCredentials(ctx context.Context, userID int64) (Credentials, error) {
	var c Credentials
	err := tx.queryRow(ctx, `SELECT password_hash, totp_secret, totp_last_step FROM users WHERE id = ?`, userID).Scan(&c.PasswordHash, &c.TOTPSecret, &c.TOTPLastStep)
	if errors.Is(err, sql.ErrNoRows) {
		return c, errUserNotFound
	}
	return c, errs.Wrap(err, "credentials")
}

// UserFilter selects users. Scopes, when non-nil, keeps only users with at least one grant on a
// unit inside one of the given subtrees; an empty non-nil Scopes selects nobody.
type UserFilter struct {
	Scopes []string
	Under  string // with a grant inside this subtree
	UnitID int64  // with a grant on exactly this unit
	Query  string // substring of username or full name
	Limit  int
	Offset int
}

// Users lists users matching f with their grants, ordered by username.
func (tx *Tx) Users(ctx context.Context, f UserFilter) ([]*org.User, error) {
	var where []string
	var args []any
	grantIn := func(cond string, a ...any) {
		where = append(where, `id IN (SELECT g.user_id FROM grants g JOIN units n ON n.id = g.unit_id WHERE `+cond+`)`)
		args = append(args, a...)
	}
	if f.Scopes != nil {
		if len(f.Scopes) == 0 {
			return nil, nil
		}
		var ors []string
		var a []any
		for _, s := range f.Scopes {
			ors = append(ors, `n.path LIKE ? ESCAPE '\'`)
			a = append(a, likePrefix(s))
		}
		grantIn(`(`+strings.Join(ors, ` OR `)+`)`, a...)
	}
	if f.Under != "" {
		grantIn(`n.path LIKE ? ESCAPE '\'`, likePrefix(f.Under))
	}
	if f.UnitID != 0 {
		grantIn(`g.unit_id = ?`, f.UnitID)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		where = append(where, `(username LIKE ? ESCAPE '\' OR LOWER(full_name) LIKE LOWER(?) ESCAPE '\')`)
		p := "%" + likePrefix(strings.ToLower(q))
		args = append(args, p, p)
	}
	query := `SELECT ` + userCols + ` FROM users`
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, ` AND `)
	}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 1000
	}
	query += ` ORDER BY username LIMIT ? OFFSET ?`
	args = append(args, f.Limit, f.Offset)
	rows, err := tx.query(ctx, query, args...)
	if err != nil {
		return nil, errs.Wrap(err, "users")
	}
	var out []*org.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			rows.Close()
			return nil, errs.Wrap(err, "users")
		}
		out = append(out, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, errs.Wrap(err, "users")
	}
	return out, tx.loadGrants(ctx, out)
}

// loadGrants fills the grants of users with one query.
func (tx *Tx) loadGrants(ctx context.Context, users []*org.User) error {
	if len(users) == 0 {
		return nil
	}
	byID := map[int64]*org.User{}
	var args []any
	for _, u := range users {
		byID[u.ID] = u
		u.Grants = nil
		args = append(args, u.ID)
	}
	rows, err := tx.query(ctx, `SELECT g.user_id, g.unit_id, n.path, n.name, g.role FROM grants g JOIN units n ON n.id = g.unit_id
		WHERE g.user_id IN (`+strings.TrimSuffix(strings.Repeat("?,", len(args)), ",")+`) ORDER BY g.user_id, n.path, g.role`, args...)
	if err != nil {
		return errs.Wrap(err, "grants")
	}
	defer rows.Close()
	for rows.Next() {
		var uid int64
		var g org.Grant
		if err := rows.Scan(&uid, &g.UnitID, &g.UnitPath, &g.UnitName, &g.Role); err != nil {
			return errs.Wrap(err, "grants")
		}
		byID[uid].Grants = append(byID[uid].Grants, g)
	}
	return errs.Wrap(rows.Err(), "grants")
}

// AddGrant gives the user a role on a unit; it reports false when the grant already existed.
func (tx *Tx) AddGrant(ctx context.Context, userID, unitID int64, role org.Role, now time.Time) (bool, error) {
	res, err := tx.exec(ctx, `INSERT INTO grants (user_id, unit_id, role, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`, userID, unitID, string(role), tx.ts(now))
	if err != nil {
		return false, errs.Wrap(err, "add grant")
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// RemoveGrant takes a role away; it reports false when there was no such grant.
func (tx *Tx) RemoveGrant(ctx context.Context, userID, unitID int64, role org.Role) (bool, error) {
	res, err := tx.exec(ctx, `DELETE FROM grants WHERE user_id = ? AND unit_id = ? AND role = ?`, userID, unitID, string(role))
	if err != nil {
		return false, errs.Wrap(err, "remove grant")
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// ExecEnableTOTP switches on the stored (pending) TOTP secret of a user.
func (tx *Tx) ExecEnableTOTP(ctx context.Context, userID int64) (bool, error) {
	res, err := tx.exec(ctx, `UPDATE users SET totp_enabled = ? WHERE id = ? AND totp_secret <> ''`, true, userID)
	if err != nil {
		return false, errs.Wrap(err, "enable totp")
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}
