package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/egov-vn/egov/internal/errs"
)

// SigningKeyRow is a development signing key: the root ("ca") or an agency's ("agency").
type SigningKeyRow struct {
	ID        int64
	Kind      string
	UnitID    int64 // 0 for the CA
	Subject   string
	Serial    string
	CertDER   []byte
	KeySealed []byte
	CreatedAt time.Time
	NotAfter  time.Time
}

const signingKeyCols = `id, kind, COALESCE(unit_id, 0), subject, serial, cert_der, key_sealed, created_at, not_after`

func scanSigningKey(sc interface{ Scan(...any) error }) (*SigningKeyRow, error) {
	var k SigningKeyRow
	err := sc.Scan(&k.ID, &k.Kind, &k.UnitID, &k.Subject, &k.Serial, &k.CertDER, &k.KeySealed, tm(&k.CreatedAt), tm(&k.NotAfter))
	return &k, err
}

// SigningKey returns the CA's key (unitID 0) or the agency key of unit unitID, or NotFound.
func (tx *Tx) SigningKey(ctx context.Context, unitID int64) (*SigningKeyRow, error) {
	q := `SELECT ` + signingKeyCols + ` FROM signing_keys WHERE kind = 'ca'`
	args := []any{}
	if unitID != 0 {
		q = `SELECT ` + signingKeyCols + ` FROM signing_keys WHERE kind = 'agency' AND unit_id = ?`
		args = append(args, unitID)
	}
	k, err := scanSigningKey(tx.queryRow(ctx, q, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.ErrNotFound
	}
	return k, errs.Wrap(err, "signing key")
}

// InsertSigningKey stores k unless a key of its kind (and unit) is already stored; it reports
// whether k was stored. A second egov process making the same key at the same moment loses
// quietly and reads the winner's.
func (tx *Tx) InsertSigningKey(ctx context.Context, k *SigningKeyRow) (bool, error) {
	res, err := tx.exec(ctx, `INSERT INTO signing_keys (kind, unit_id, subject, serial, cert_der, key_sealed, created_at, not_after)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, k.Kind, nullID(k.UnitID), k.Subject, k.Serial, k.CertDER, k.KeySealed,
		tx.ts(k.CreatedAt), tx.ts(k.NotAfter))
	if err != nil {
		return false, errs.Wrap(err, "insert signing key")
	}
	n, err := res.RowsAffected()
	return n == 1, errs.Wrap(err, "insert signing key")
}

// SigningKeys lists the stored keys, the CA first.
func (tx *Tx) SigningKeys(ctx context.Context) ([]*SigningKeyRow, error) {
	rows, err := tx.query(ctx, `SELECT `+signingKeyCols+` FROM signing_keys ORDER BY id`)
	if err != nil {
		return nil, errs.Wrap(err, "signing keys")
	}
	defer rows.Close()
	var out []*SigningKeyRow
	for rows.Next() {
		k, err := scanSigningKey(rows)
		if err != nil {
			return nil, errs.Wrap(err, "signing keys")
		}
		out = append(out, k)
	}
	return out, errs.Wrap(rows.Err(), "signing keys")
}

// SignatureRow is a signed result of a dossier.
type SignatureRow struct {
	ID           int64
	Code         string // the verification code
	DossierID    int64
	DossierCode  string // read with the row
	Procedure    string // read with the row: the procedure's name
	UnitID       int64
	UnitPath     string // read with the row: the signing unit's path
	Agency       string
	OrganID      string
	SHA256       string
	Source       string // "result_file" or "notice"
	SourceSHA256 string
	Name         string
	CertSerial   string
	SignedAt     time.Time
	SignedByID   int64
	SignedBy     string
	RevokedAt    time.Time
	RevokeReason string
	RevokedByID  int64
	RevokedBy    string
}

// InsertSignature records s and sets its ID.
func (tx *Tx) InsertSignature(ctx context.Context, s *SignatureRow) error {
	id, err := tx.insert(ctx, `INSERT INTO signatures (code, dossier_id, unit_id, agency, organ_id, sha256, source, source_sha256, name,
		cert_serial, signed_at, signed_by_id, signed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, s.Code, s.DossierID, s.UnitID,
		s.Agency, s.OrganID, s.SHA256, s.Source, s.SourceSHA256, s.Name, s.CertSerial, tx.ts(s.SignedAt), nullID(s.SignedByID), s.SignedBy)
	s.ID = id
	return errs.Wrap(err, "insert signature")
}

const signatureCols = `s.id, s.code, s.dossier_id, d.code, d.procedure_name, s.unit_id, u.path, s.agency, s.organ_id, s.sha256, s.source,
	s.source_sha256, s.name, s.cert_serial, s.signed_at, COALESCE(s.signed_by_id, 0), s.signed_by, s.revoked_at, s.revoke_reason,
	COALESCE(s.revoked_by_id, 0), s.revoked_by`

const signatureFrom = ` FROM signatures s JOIN dossiers d ON d.id = s.dossier_id JOIN units u ON u.id = s.unit_id`

func scanSignature(sc interface{ Scan(...any) error }) (*SignatureRow, error) {
	var s SignatureRow
	err := sc.Scan(&s.ID, &s.Code, &s.DossierID, &s.DossierCode, &s.Procedure, &s.UnitID, &s.UnitPath, &s.Agency, &s.OrganID, &s.SHA256,
		&s.Source, &s.SourceSHA256, &s.Name, &s.CertSerial, tm(&s.SignedAt), &s.SignedByID, &s.SignedBy, tm(&s.RevokedAt),
		&s.RevokeReason, &s.RevokedByID, &s.RevokedBy)
	return &s, err
}

// ErrUnknownSignature is the NotFound error for a verification code that is not stored (or
// that the caller may not act on).
var ErrUnknownSignature = errs.New(errs.NotFound, "unknown_signature", "Không tìm thấy kết quả đã ký số với mã xác thực này.",
	"No signed result has this verification code.")

// SignatureByCode returns the signed result with verification code code, or ErrUnknownSignature.
func (tx *Tx) SignatureByCode(ctx context.Context, code string) (*SignatureRow, error) {
	s, err := scanSignature(tx.queryRow(ctx, `SELECT `+signatureCols+signatureFrom+` WHERE s.code = ?`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrUnknownSignature
	}
	return s, errs.Wrap(err, "signature")
}

// SignaturesBySHA256 returns the signed results whose signed PDF has this hash, oldest first.
func (tx *Tx) SignaturesBySHA256(ctx context.Context, sha256 string) ([]*SignatureRow, error) {
	return tx.signatures(ctx, ` WHERE s.sha256 = ? ORDER BY s.id`, sha256)
}

// DossierSignatures returns the signed results of dossier id, oldest first.
func (tx *Tx) DossierSignatures(ctx context.Context, id int64) ([]*SignatureRow, error) {
	return tx.signatures(ctx, ` WHERE s.dossier_id = ? ORDER BY s.id`, id)
}

func (tx *Tx) signatures(ctx context.Context, where string, args ...any) ([]*SignatureRow, error) {
	rows, err := tx.query(ctx, `SELECT `+signatureCols+signatureFrom+where, args...)
	if err != nil {
		return nil, errs.Wrap(err, "signatures")
	}
	defer rows.Close()
	var out []*SignatureRow
	for rows.Next() {
		s, err := scanSignature(rows)
		if err != nil {
			return nil, errs.Wrap(err, "signatures")
		}
		out = append(out, s)
	}
	return out, errs.Wrap(rows.Err(), "signatures")
}

// RevokeSignature marks signature id revoked, unless it already is; it reports whether it did.
func (tx *Tx) RevokeSignature(ctx context.Context, id int64, at time.Time, reason string, byID int64, by string) (bool, error) {
	res, err := tx.exec(ctx, `UPDATE signatures SET revoked_at = ?, revoke_reason = ?, revoked_by_id = ?, revoked_by = ?
		WHERE id = ? AND revoked_at IS NULL`, tx.ts(at), reason, nullID(byID), by, id)
	if err != nil {
		return false, errs.Wrap(err, "revoke signature")
	}
	n, err := res.RowsAffected()
	return n == 1, errs.Wrap(err, "revoke signature")
}
