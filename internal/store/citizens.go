package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/egov-vn/egov/internal/citizen"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
)

// Portal accounts (citizens and businesses), their pending registrations, identity-provider links,
// sessions and addresses.

var errCitizenNotFound = errs.New(errs.NotFound, "account_not_found", "Không tìm thấy tài khoản.", "Account not found.")

// errContactTaken is returned when an email or phone already has an account. The service never
// shows it to someone who has not proved they own that contact.
var errContactTaken = errs.New(errs.Conflict, "contact_taken", "Email hoặc số điện thoại này đã có tài khoản: hãy đăng nhập.",
	"This email or phone number already has an account: sign in instead.")

const citizenCols = `id, kind, full_name, COALESCE(email, ''), COALESCE(phone, ''), password_hash <> '', personal_id, birth_date,
	tax_code, representative, disabled, created_at`

func scanCitizen(sc interface{ Scan(...any) error }, extra ...any) (*citizen.Account, error) {
	var a citizen.Account
	var kind string
	err := sc.Scan(append([]any{&a.ID, &kind, &a.FullName, &a.Email, &a.Phone, &a.HasPassword, &a.PersonalID, tm(&a.BirthDate),
		&a.TaxCode, &a.Representative, &a.Disabled, tm(&a.CreatedAt)}, extra...)...)
	a.Kind = citizen.Kind(kind)
	return &a, err
}

func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// InsertCitizen stores a new account and sets its ID. A taken email or phone gives Conflict
// contact_taken.
func (tx *Tx) InsertCitizen(ctx context.Context, a *citizen.Account, passwordHash string, now time.Time) error {
	id, err := tx.insert(ctx, `INSERT INTO citizens (kind, full_name, email, phone, password_hash, personal_id, birth_date, tax_code,
		representative, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		string(a.Kind), a.FullName, nullText(a.Email), nullText(a.Phone), passwordHash, a.PersonalID, tx.date(a.BirthDate), a.TaxCode,
		a.Representative, tx.ts(now), tx.ts(now))
	if isUniqueViolation(err) {
		return errContactTaken
	}
	if err != nil {
		return errs.Wrap(err, "insert citizen")
	}
	a.ID, a.CreatedAt, a.HasPassword = id, now, passwordHash != ""
	return nil
}

// Citizen returns the account with the given ID, or NotFound account_not_found.
func (tx *Tx) Citizen(ctx context.Context, id int64) (*citizen.Account, error) {
	a, err := scanCitizen(tx.queryRow(ctx, `SELECT `+citizenCols+` FROM citizens WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errCitizenNotFound
	}
	return a, errs.Wrap(err, "citizen")
}

// CitizenByContact returns the account whose email or phone is the one given (one of them
// empty), with its password hash, or NotFound.
func (tx *Tx) CitizenByContact(ctx context.Context, email, phone string) (*citizen.Account, string, error) {
	var hash string
	col, v := "email", email
	if email == "" {
		col, v = "phone", phone
	}
	a, err := scanCitizen(tx.queryRow(ctx, `SELECT `+citizenCols+`, password_hash FROM citizens WHERE `+col+` = ?`, v), &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", errCitizenNotFound
	}
	return a, hash, errs.Wrap(err, "citizen by contact")
}

// ContactTaken reports whether an account already uses the email or phone.
func (tx *Tx) ContactTaken(ctx context.Context, email, phone string) (bool, error) {
	_, _, err := tx.CitizenByContact(ctx, email, phone)
	if errs.KindOf(err) == errs.NotFound {
		return false, nil
	}
	return err == nil, err
}

// UpdateCitizenProfile saves the profile fields of a.
func (tx *Tx) UpdateCitizenProfile(ctx context.Context, a *citizen.Account, now time.Time) error {
	_, err := tx.exec(ctx, `UPDATE citizens SET full_name = ?, personal_id = ?, birth_date = ?, tax_code = ?, representative = ?,
		updated_at = ? WHERE id = ?`, a.FullName, a.PersonalID, tx.date(a.BirthDate), a.TaxCode, a.Representative, tx.ts(now), a.ID)
	return errs.Wrap(err, "update citizen")
}

// SetCitizenContact fills in an email or phone the account does not have yet (from an identity
// provider); a contact used by another account is left out.
func (tx *Tx) SetCitizenContact(ctx context.Context, id int64, email, phone string) error {
	if email != "" {
		if _, err := tx.exec(ctx, `UPDATE citizens SET email = ? WHERE id = ? AND email IS NULL AND NOT EXISTS (SELECT 1 FROM citizens WHERE email = ?)`, email, id, email); err != nil {
			return errs.Wrap(err, "set email")
		}
	}
	if phone != "" {
		if _, err := tx.exec(ctx, `UPDATE citizens SET phone = ? WHERE id = ? AND phone IS NULL AND NOT EXISTS (SELECT 1 FROM citizens WHERE phone = ?)`, phone, id, phone); err != nil {
			return errs.Wrap(err, "set phone")
		}
	}
	return nil
}

// Registration is a registration waiting for its code.
type Registration struct {
	ID           int64
	Kind         citizen.Kind
	FullName     string
	Email, Phone string
	PasswordHash string
	CodeHash     string
	Taken        bool
	Attempts     int
	CreatedAt    time.Time
	ExpiresAt    time.Time
	DoneAt       time.Time
}

// InsertRegistration stores a pending registration under tokenHash.
func (tx *Tx) InsertRegistration(ctx context.Context, r *Registration, tokenHash string) error {
	id, err := tx.insert(ctx, `INSERT INTO citizen_registrations (token_hash, kind, full_name, email, phone, password_hash, code_hash, taken,
		created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, tokenHash, string(r.Kind), r.FullName, nullText(r.Email), nullText(r.Phone),
		r.PasswordHash, r.CodeHash, r.Taken, tx.ts(r.CreatedAt), tx.ts(r.ExpiresAt))
	r.ID = id
	return errs.Wrap(err, "insert registration")
}

// RegistrationByToken returns the registration stored under tokenHash (locked on PostgreSQL), or
// NotFound.
func (tx *Tx) RegistrationByToken(ctx context.Context, tokenHash string) (*Registration, error) {
	var r Registration
	var kind string
	err := tx.queryRow(ctx, `SELECT id, kind, full_name, COALESCE(email, ''), COALESCE(phone, ''), password_hash, code_hash, taken, attempts,
		created_at, expires_at, done_at FROM citizen_registrations WHERE token_hash = ?`+tx.forUpdate(), tokenHash).
		Scan(&r.ID, &kind, &r.FullName, &r.Email, &r.Phone, &r.PasswordHash, &r.CodeHash, &r.Taken, &r.Attempts, tm(&r.CreatedAt), tm(&r.ExpiresAt), tm(&r.DoneAt))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.ErrNotFound
	}
	r.Kind = citizen.Kind(kind)
	return &r, errs.Wrap(err, "registration")
}

// UpdateRegistration saves the attempts counter and the completion time.
func (tx *Tx) UpdateRegistration(ctx context.Context, r *Registration) error {
	_, err := tx.exec(ctx, `UPDATE citizen_registrations SET attempts = ?, done_at = ? WHERE id = ?`, r.Attempts, tx.ts(r.DoneAt), r.ID)
	return errs.Wrap(err, "update registration")
}

// PurgeRegistrations deletes registrations that expired before now.
func (tx *Tx) PurgeRegistrations(ctx context.Context, now time.Time) error {
	_, err := tx.exec(ctx, `DELETE FROM citizen_registrations WHERE expires_at < ?`, tx.ts(now.Add(-24*time.Hour)))
	return errs.Wrap(err, "purge registrations")
}

// CitizenByIdentity returns the account linked to (issuer, subject), or NotFound.
func (tx *Tx) CitizenByIdentity(ctx context.Context, issuer, subject string) (*citizen.Account, error) {
	a, err := scanCitizen(tx.queryRow(ctx, `SELECT `+citizenCols+` FROM citizens WHERE id = (SELECT citizen_id FROM citizen_identities WHERE issuer = ? AND subject = ?)`, issuer, subject))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errCitizenNotFound
	}
	return a, errs.Wrap(err, "citizen by identity")
}

// LinkIdentity links (issuer, subject) to an account.
func (tx *Tx) LinkIdentity(ctx context.Context, issuer, subject string, citizenID int64, now time.Time) error {
	_, err := tx.exec(ctx, `INSERT INTO citizen_identities (issuer, subject, citizen_id, created_at) VALUES (?, ?, ?, ?)`, issuer, subject, citizenID, tx.ts(now))
	if isUniqueViolation(err) {
		return errs.New(errs.Conflict, "identity_linked", "Tài khoản định danh này đã được liên kết.", "This identity is already linked.")
	}
	return errs.Wrap(err, "link identity")
}

// CitizenSession is a signed-in portal browser. Only the hash of its cookie token is stored.
type CitizenSession struct {
	ID         int64
	CitizenID  int64
	Method     string // "password", "oidc", or "system" (opened by the command line: egov token create --citizen)
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	RevokedAt  time.Time
	IP         string
	UserAgent  string
}

// Active reports whether the session may be used at now.
func (s *CitizenSession) Active(now time.Time) bool {
	return s.RevokedAt.IsZero() && now.Before(s.ExpiresAt)
}

// InsertCitizenSession stores a new session under tokenHash.
func (tx *Tx) InsertCitizenSession(ctx context.Context, s *CitizenSession, tokenHash string) error {
	id, err := tx.insert(ctx, `INSERT INTO citizen_sessions (token_hash, citizen_id, method, created_at, last_seen_at, expires_at, ip, user_agent)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, tokenHash, s.CitizenID, s.Method, tx.ts(s.CreatedAt), tx.ts(s.LastSeenAt), tx.ts(s.ExpiresAt), s.IP, s.UserAgent)
	s.ID = id
	return errs.Wrap(err, "insert citizen session")
}

const citizenSessionCols = `id, citizen_id, method, created_at, last_seen_at, expires_at, revoked_at, ip, user_agent`

func scanCitizenSession(sc interface{ Scan(...any) error }) (*CitizenSession, error) {
	var s CitizenSession
	err := sc.Scan(&s.ID, &s.CitizenID, &s.Method, tm(&s.CreatedAt), tm(&s.LastSeenAt), tm(&s.ExpiresAt), tm(&s.RevokedAt), &s.IP, &s.UserAgent)
	return &s, err
}

// CitizenSessionByToken returns the session stored under tokenHash, or NotFound.
func (tx *Tx) CitizenSessionByToken(ctx context.Context, tokenHash string) (*CitizenSession, error) {
	s, err := scanCitizenSession(tx.queryRow(ctx, `SELECT `+citizenSessionCols+` FROM citizen_sessions WHERE token_hash = ?`, tokenHash))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.ErrNotFound
	}
	return s, errs.Wrap(err, "citizen session")
}

// CitizenSessions lists an account's open sessions at now, most recently used first.
func (tx *Tx) CitizenSessions(ctx context.Context, citizenID int64, now time.Time) ([]*CitizenSession, error) {
	rows, err := tx.query(ctx, `SELECT `+citizenSessionCols+` FROM citizen_sessions WHERE citizen_id = ? AND revoked_at IS NULL AND expires_at > ?
		ORDER BY last_seen_at DESC, id DESC`, citizenID, tx.ts(now))
	if err != nil {
		return nil, errs.Wrap(err, "citizen sessions")
	}
	defer rows.Close()
	var out []*CitizenSession
	for rows.Next() {
		s, err := scanCitizenSession(rows)
		if err != nil {
			return nil, errs.Wrap(err, "citizen sessions")
		}
		out = append(out, s)
	}
	return out, errs.Wrap(rows.Err(), "citizen sessions")
}

// TouchCitizenSession records activity and extends the expiry.
func (tx *Tx) TouchCitizenSession(ctx context.Context, id int64, seen, expires time.Time) error {
	_, err := tx.exec(ctx, `UPDATE citizen_sessions SET last_seen_at = ?, expires_at = ? WHERE id = ? AND revoked_at IS NULL`, tx.ts(seen), tx.ts(expires), id)
	return errs.Wrap(err, "touch citizen session")
}

// RevokeCitizenSession ends a session of the account; it reports false when there is no open
// session with that ID belonging to the account.
func (tx *Tx) RevokeCitizenSession(ctx context.Context, citizenID, id int64, now time.Time) (bool, error) {
	res, err := tx.exec(ctx, `UPDATE citizen_sessions SET revoked_at = ? WHERE id = ? AND citizen_id = ? AND revoked_at IS NULL`, tx.ts(now), id, citizenID)
	if err != nil {
		return false, errs.Wrap(err, "revoke citizen session")
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// CitizenAddresses lists the account's addresses, the current one first, then the older ones
// newest first, with the names of their units.
func (tx *Tx) CitizenAddresses(ctx context.Context, citizenID int64) ([]*citizen.Address, error) {
	rows, err := tx.query(ctx, `SELECT a.id, a.unit_id, u.name, a.detail, a.valid_from, a.valid_to FROM citizen_addresses a
		JOIN units u ON u.id = a.unit_id WHERE a.citizen_id = ? ORDER BY CASE WHEN a.valid_to IS NULL THEN 0 ELSE 1 END, a.id DESC`, citizenID)
	if err != nil {
		return nil, errs.Wrap(err, "citizen addresses")
	}
	defer rows.Close()
	var out []*citizen.Address
	for rows.Next() {
		var a citizen.Address
		if err := rows.Scan(&a.ID, &a.UnitID, &a.UnitName, &a.Detail, tm(&a.ValidFrom.Time), tm(&a.ValidTo.Time)); err != nil {
			return nil, errs.Wrap(err, "citizen addresses")
		}
		out = append(out, &a)
	}
	return out, errs.Wrap(rows.Err(), "citizen addresses")
}

// SetCitizenAddress ends the current address on the day d (if any) and stores a as the current
// one from d.
func (tx *Tx) SetCitizenAddress(ctx context.Context, citizenID int64, a *citizen.Address, d org.Date, now time.Time) error {
	if _, err := tx.exec(ctx, `UPDATE citizen_addresses SET valid_to = ? WHERE citizen_id = ? AND valid_to IS NULL`, tx.date(d.Time), citizenID); err != nil {
		return errs.Wrap(err, "end address")
	}
	id, err := tx.insert(ctx, `INSERT INTO citizen_addresses (citizen_id, unit_id, detail, valid_from, created_at) VALUES (?, ?, ?, ?, ?)`,
		citizenID, a.UnitID, a.Detail, tx.date(d.Time), tx.ts(now))
	a.ID, a.ValidFrom = id, d
	return errs.Wrap(err, "insert address")
}

// SetDossierOwner records the portal account that submitted a dossier.
func (tx *Tx) SetDossierOwner(ctx context.Context, dossierID, citizenID int64) error {
	_, err := tx.exec(ctx, `UPDATE dossiers SET owner_citizen_id = ? WHERE id = ?`, citizenID, dossierID)
	return errs.Wrap(err, "set dossier owner")
}

// DossierOwner returns the portal account that submitted a dossier, or 0.
func (tx *Tx) DossierOwner(ctx context.Context, dossierID int64) (int64, error) {
	var id sql.NullInt64
	err := tx.queryRow(ctx, `SELECT owner_citizen_id FROM dossiers WHERE id = ?`, dossierID).Scan(&id)
	return id.Int64, errs.Wrap(err, "dossier owner")
}

// CitizenDossiers lists the dossiers a portal account submitted, newest first (at most limit).
func (tx *Tx) CitizenDossiers(ctx context.Context, citizenID int64, limit int) ([]*DossierRow, error) {
	rows, err := tx.query(ctx, `SELECT `+dossierCols+` FROM dossiers d WHERE d.owner_citizen_id = ? ORDER BY d.id DESC LIMIT ?`, citizenID, limit)
	if err != nil {
		return nil, errs.Wrap(err, "citizen dossiers")
	}
	defer rows.Close()
	var out []*DossierRow
	for rows.Next() {
		d, err := scanDossier(rows)
		if err != nil {
			return nil, errs.Wrap(err, "citizen dossiers")
		}
		out = append(out, d)
	}
	return out, errs.Wrap(rows.Err(), "citizen dossiers")
}

// OwnerCount is a portal account and how many dossiers it owns.
type OwnerCount struct {
	CitizenID int64
	Dossiers  int
}

// TopDossierOwners returns the k enabled portal accounts owning the most dossiers, most first
// (ties: the lower id first).
func (tx *Tx) TopDossierOwners(ctx context.Context, k int) ([]OwnerCount, error) {
	rows, err := tx.query(ctx, `SELECT d.owner_citizen_id, count(*) FROM dossiers d JOIN citizens c ON c.id = d.owner_citizen_id
		WHERE NOT c.disabled GROUP BY d.owner_citizen_id ORDER BY count(*) DESC, d.owner_citizen_id LIMIT ?`, k)
	if err != nil {
		return nil, errs.Wrap(err, "top dossier owners")
	}
	defer rows.Close()
	var out []OwnerCount
	for rows.Next() {
		var o OwnerCount
		if err := rows.Scan(&o.CitizenID, &o.Dossiers); err != nil {
			return nil, errs.Wrap(err, "top dossier owners")
		}
		out = append(out, o)
	}
	return out, errs.Wrap(rows.Err(), "top dossier owners")
}
