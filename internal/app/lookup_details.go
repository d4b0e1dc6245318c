package app

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"strings"

	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/store"
)

// The public lookup's details (tra cứu chi tiết): anyone sees a dossier's status by its code
// (LookupDossier); the timeline in plain words and the due date explained are shown only to a
// visitor who also gives the applicant's personal ID number (or the business's tax code) on the
// dossier, or who comes with a lookup link sent to the applicant with a notification. The
// applicant's ID number, address and contacts are never shown. A proof that does not match is
// answered exactly as an unknown code is, after the same single read, so that the answer tells
// nothing about which codes exist.

// LookupProofInput is what a visitor gives to see the details.
type LookupProofInput struct {
	IDNumber string // personal ID number or tax code
	Token    string // a lookup link token
}

// DossierDetails is what the public lookup shows to a visitor with a proof.
type DossierDetails struct {
	*PublicDossier
	// Timeline is the dossier's history in plain words, oldest first.
	Timeline []TimelineEntry
	// DueNote explains the due date (or why there is none yet).
	DueNote string
}

// normID folds an ID number or tax code for comparison: no spaces, dots or dashes, upper case.
func normID(s string) string {
	return strings.ToUpper(strings.NewReplacer(" ", "", ".", "", "-", "", "\u00a0", "").Replace(strings.TrimSpace(s)))
}

// LookupDossierDetails answers the public lookup with the details when the proof matches.
// Errors: Invalid (malformed code, or neither an ID number nor a token given), NotFound
// unknown_dossier (an unknown code, or a proof that does not match: the same error).
func (s *Service) LookupDossierDetails(ctx context.Context, code string, in LookupProofInput) (*DossierDetails, error) {
	code = strings.TrimSpace(code)
	if _, err := dossier.ParseCode(code); err != nil {
		return nil, err
	}
	id, token := normID(in.IDNumber), strings.TrimSpace(in.Token)
	if id == "" && token == "" {
		return nil, errInvalidProof
	}
	hash := ""
	if token != "" {
		hash = hashToken(token)
	}
	p, err := s.db.LookupDossierProof(ctx, code, hash)
	if err != nil {
		return nil, err
	}
	// Compare digests of equal length, whether or not the code exists.
	stored := normID(p.IDNumber)
	if stored == "" {
		stored = "\x00" // matches no input: normID never yields it
	}
	want, got := sha256.Sum256([]byte(stored)), sha256.Sum256([]byte(id))
	idOK := id != "" && subtle.ConstantTimeCompare(want[:], got[:]) == 1
	if p.DossierID == 0 || !(idOK || p.TokenOK) {
		return nil, store.ErrUnknownDossier(code)
	}
	pub, err := s.db.LookupPublicDossier(ctx, code)
	if err != nil {
		return nil, err
	}
	cd := &CitizenDossier{}
	err = s.read(ctx, func(tx *store.Tx) error {
		if cd.DossierRow, err = tx.Dossier(ctx, code); err != nil {
			return err
		}
		if cd.Events, err = tx.Events(ctx, cd.ID); err != nil {
			return err
		}
		cd.Version, err = tx.VersionByID(ctx, cd.ProcedureVersionID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &DossierDetails{PublicDossier: pub, Timeline: citizenTimeline(cd.Events), DueNote: dueNote(cd)}, nil
}

// errInvalidProof: the details need an ID number or a link token.
var errInvalidProof = errs.Invalidf("id_number", "proof_required", "Hãy nhập số định danh cá nhân (hoặc mã số thuế) của chủ hồ sơ để xem chi tiết.",
	"Enter the applicant's personal ID number (or tax code) to see the details.")

// newLookupToken makes the token of a new lookup link (stored by its hash with the messages that
// carry it, store.Tx.QueueNotifications).
func newLookupToken() string {
	var b [24]byte
	rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}
