package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/errs"
)

// LookupProof is what the public lookup compares a visitor's proof with: the dossier's ID and the
// applicant's personal ID number (or tax code), and whether the link token given belongs to it.
type LookupProof struct {
	DossierID int64
	IDNumber  string
	TokenOK   bool
}

// LookupDossierProof reads, in one statement outside any transaction, what proves a visitor of
// the public lookup may see the details of dossier code: its applicant's ID number, and whether
// a lookup link with tokenHash ("" for none) belongs to it. An unknown code (or a draft) gives
// the zero LookupProof and no error, so that callers answer both the same way.
func (db *DB) LookupDossierProof(ctx context.Context, code, tokenHash string) (LookupProof, error) {
	var p LookupProof
	var linked sql.NullInt64
	err := db.SQL.QueryRowContext(ctx, db.q(`SELECT d.id, d.applicant_id_number,
		(SELECT l.dossier_id FROM lookup_links l WHERE l.token_hash = ? AND l.dossier_id = d.id)
		FROM dossiers d WHERE d.code = ? AND d.state <> ?`), tokenHash, code, string(dossier.Draft)).Scan(&p.DossierID, &p.IDNumber, &linked)
	if errors.Is(err, sql.ErrNoRows) {
		return LookupProof{}, nil
	}
	if err != nil {
		return LookupProof{}, errs.Wrap(err, "lookup proof")
	}
	p.TokenOK = tokenHash != "" && linked.Valid
	return p, nil
}
