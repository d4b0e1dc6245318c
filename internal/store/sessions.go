package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
)

// Session is a signed-in browser. Only the hash of its cookie token is stored.
type Session struct {
	ID         int64
	UserID     int64
	Username   string
	MFAOK      bool // the second factor was given (or is not required)
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	RevokedAt  time.Time
	IP         string
	UserAgent  string
}

// Active reports whether the session may be used at now.
func (s *Session) Active(now time.Time) bool { return s.RevokedAt.IsZero() && now.Before(s.ExpiresAt) }

// InsertSession stores a new session under tokenHash.
func (tx *Tx) InsertSession(ctx context.Context, s *Session, tokenHash string) error {
	id, err := tx.insert(ctx, `INSERT INTO sessions (token_hash, user_id, mfa_ok, created_at, last_seen_at, expires_at, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		tokenHash, s.UserID, s.MFAOK, tx.ts(s.CreatedAt), tx.ts(s.LastSeenAt), tx.ts(s.ExpiresAt), s.IP, s.UserAgent)
	s.ID = id
	return errs.Wrap(err, "insert session")
}

const sessionCols = `s.id, s.user_id, u.username, s.mfa_ok, s.created_at, s.last_seen_at, s.expires_at, s.revoked_at, s.ip, s.user_agent`

func scanSession(sc interface{ Scan(...any) error }) (*Session, error) {
	var s Session
	err := sc.Scan(&s.ID, &s.UserID, &s.Username, &s.MFAOK, tm(&s.CreatedAt), tm(&s.LastSeenAt), tm(&s.ExpiresAt), tm(&s.RevokedAt), &s.IP, &s.UserAgent)
	return &s, err
}

// SessionByToken returns the session stored under tokenHash, or a NotFound error.
func (tx *Tx) SessionByToken(ctx context.Context, tokenHash string) (*Session, error) {
	s, err := scanSession(tx.queryRow(ctx, `SELECT `+sessionCols+` FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`, tokenHash))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.ErrNotFound
	}
	return s, errs.Wrap(err, "session")
}

// Session returns the session with the given ID, or a NotFound error.
func (tx *Tx) Session(ctx context.Context, id int64) (*Session, error) {
	s, err := scanSession(tx.queryRow(ctx, `SELECT `+sessionCols+` FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "session_not_found", "Không tìm thấy phiên đăng nhập.", "Session not found.")
	}
	return s, errs.Wrap(err, "session")
}

// Sessions lists a user's sessions that are not revoked and not expired at now, newest first.
func (tx *Tx) Sessions(ctx context.Context, userID int64, now time.Time) ([]*Session, error) {
	rows, err := tx.query(ctx, `SELECT `+sessionCols+` FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.user_id = ? AND s.revoked_at IS NULL AND s.expires_at > ? ORDER BY s.last_seen_at DESC`, userID, tx.ts(now))
	if err != nil {
		return nil, errs.Wrap(err, "sessions")
	}
	defer rows.Close()
	var out []*Session
	for rows.Next() {
		s, err := scanSession(rows)
		if err != nil {
			return nil, errs.Wrap(err, "sessions")
		}
		out = append(out, s)
	}
	return out, errs.Wrap(rows.Err(), "sessions")
}

// TouchSession records activity and the second factor, and extends the expiry.
func (tx *Tx) TouchSession(ctx context.Context, id int64, mfaOK bool, seen, expires time.Time) error {
	_, err := tx.exec(ctx, `UPDATE sessions SET mfa_ok = ?, last_seen_at = ?, expires_at = ? WHERE id = ? AND revoked_at IS NULL`, mfaOK, tx.ts(seen), tx.ts(expires), id)
	return errs.Wrap(err, "touch session")
}

// RevokeSession ends one session; it reports false if it was already ended.
func (tx *Tx) RevokeSession(ctx context.Context, id int64, now time.Time) (bool, error) {
	res, err := tx.exec(ctx, `UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, tx.ts(now), id)
	if err != nil {
		return false, errs.Wrap(err, "revoke session")
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// RevokeUserSessions ends every session of a user and returns how many were ended.
func (tx *Tx) RevokeUserSessions(ctx context.Context, userID int64, now time.Time) (int64, error) {
	res, err := tx.exec(ctx, `UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL`, tx.ts(now), userID)
	if err != nil {
		return 0, errs.Wrap(err, "revoke sessions")
	}
	return res.RowsAffected()
}

// Token is an API bearer token. Only its hash is stored.
type Token struct {
	ID         int64
	UserID     int64
	Username   string
	Name       string
	CreatedAt  time.Time
	ExpiresAt  time.Time // zero: never
	RevokedAt  time.Time
	LastUsedAt time.Time
}

// Active reports whether the token may be used at now.
func (t *Token) Active(now time.Time) bool {
	return t.RevokedAt.IsZero() && (t.ExpiresAt.IsZero() || now.Before(t.ExpiresAt))
}

// InsertToken stores a token under tokenHash and sets its ID.
func (tx *Tx) InsertToken(ctx context.Context, t *Token, tokenHash string) error {
	id, err := tx.insert(ctx, `INSERT INTO api_tokens (token_hash, user_id, name, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
		tokenHash, t.UserID, t.Name, tx.ts(t.CreatedAt), tx.ts(t.ExpiresAt))
	t.ID = id
	return errs.Wrap(err, "insert token")
}

const tokenCols = `t.id, t.user_id, u.username, t.name, t.created_at, t.expires_at, t.revoked_at, t.last_used_at`

func scanToken(sc interface{ Scan(...any) error }) (*Token, error) {
	var t Token
	err := sc.Scan(&t.ID, &t.UserID, &t.Username, &t.Name, tm(&t.CreatedAt), tm(&t.ExpiresAt), tm(&t.RevokedAt), tm(&t.LastUsedAt))
	return &t, err
}

// TokenHolder returns the token stored under tokenHash and its user with the user's grants, in
// two statements, or a NotFound error.
func (tx *Tx) TokenHolder(ctx context.Context, tokenHash string) (*Token, *org.User, error) {
	var t Token
	var u org.User
	err := tx.queryRow(ctx, `SELECT `+tokenCols+`, u.full_name, u.email, u.totp_enabled, u.disabled, u.created_at
		FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?`, tokenHash).
		Scan(&t.ID, &t.UserID, &t.Username, &t.Name, tm(&t.CreatedAt), tm(&t.ExpiresAt), tm(&t.RevokedAt), tm(&t.LastUsedAt),
			&u.FullName, &u.Email, &u.TOTPEnabled, &u.Disabled, tm(&u.CreatedAt))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, errs.ErrNotFound
	}
	if err != nil {
		return nil, nil, errs.Wrap(err, "token")
	}
	u.ID, u.Username = t.UserID, t.Username
	if err := tx.loadGrants(ctx, []*org.User{&u}); err != nil {
		return nil, nil, err
	}
	return &t, &u, nil
}

// Token returns the token with the given ID, or a NotFound error.
func (tx *Tx) Token(ctx context.Context, id int64) (*Token, error) {
	t, err := scanToken(tx.queryRow(ctx, `SELECT `+tokenCols+` FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "token_not_found", "Không tìm thấy mã truy cập.", "Token not found.")
	}
	return t, errs.Wrap(err, "token")
}

// Tokens lists a user's tokens, newest first (revoked ones included).
func (tx *Tx) Tokens(ctx context.Context, userID int64) ([]*Token, error) {
	rows, err := tx.query(ctx, `SELECT `+tokenCols+` FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.user_id = ? ORDER BY t.id DESC`, userID)
	if err != nil {
		return nil, errs.Wrap(err, "tokens")
	}
	defer rows.Close()
	var out []*Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, errs.Wrap(err, "tokens")
		}
		out = append(out, t)
	}
	return out, errs.Wrap(rows.Err(), "tokens")
}

// TouchToken records the token's last use.
func (tx *Tx) TouchToken(ctx context.Context, id int64, now time.Time) error {
	_, err := tx.exec(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, tx.ts(now), id)
	return errs.Wrap(err, "touch token")
}

// RevokeToken ends a token; it reports false if it was already revoked.
func (tx *Tx) RevokeToken(ctx context.Context, id int64, now time.Time) (bool, error) {
	res, err := tx.exec(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, tx.ts(now), id)
	if err != nil {
		return false, errs.Wrap(err, "revoke token")
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// LoginState is the throttling state of one username (known or not).
type LoginState struct {
	Failures    int
	LockedUntil time.Time
}

// LoginState returns the throttling state of username, locking its row on PostgreSQL.
func (tx *Tx) LoginState(ctx context.Context, username string) (LoginState, error) {
	var s LoginState
	err := tx.queryRow(ctx, `SELECT failures, locked_until FROM login_attempts WHERE username = ?`+tx.forUpdate(), username).Scan(&s.Failures, tm(&s.LockedUntil))
	if errors.Is(err, sql.ErrNoRows) {
		return LoginState{}, nil
	}
	return s, errs.Wrap(err, "login state")
}

// SetLoginState saves the throttling state of username; zero failures clears it.
func (tx *Tx) SetLoginState(ctx context.Context, username string, s LoginState, now time.Time) error {
	if s.Failures == 0 {
		_, err := tx.exec(ctx, `DELETE FROM login_attempts WHERE username = ?`, username)
		return errs.Wrap(err, "clear login state")
	}
	_, err := tx.exec(ctx, `INSERT INTO login_attempts (username, failures, locked_until, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (username) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until, updated_at = excluded.updated_at`,
		username, s.Failures, tx.ts(s.LockedUntil), tx.ts(now))
	return errs.Wrap(err, "set login state")
}
