package app

import (
	"context"
	"slices"
	"strings"

	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/store"
)

// The applicant's copy of a signed electronic result (kết quả điện tử đã ký số): the owner
// account of an online dossier downloads it from "Hồ sơ của tôi" once the dossier has a result,
// and can check it on the public verification page (/xac-thuc). A revoked result is not offered.

// hasResult reports whether a dossier in state st has its result issued.
func hasResult(st dossier.State) bool {
	return st == dossier.ResultReady || st == dossier.Returned
}

// inForce keeps the signed results not revoked.
func inForce(sigs []*store.SignatureRow) []*store.SignatureRow {
	return slices.DeleteFunc(sigs, func(r *store.SignatureRow) bool { return !r.RevokedAt.IsZero() })
}

// MySignedResult returns the signed PDF with verification code vcode of one of the signed-in
// portal account's own dossiers, once the result is issued and while it is not revoked. Any other
// dossier or code is reported as not existing. Errors: NotFound, Invalid (malformed dossier code),
// Unauthorized.
func (s *Service) MySignedResult(ctx context.Context, code, vcode string) (*store.SignatureRow, []byte, error) {
	d, err := s.MyDossier(ctx, code)
	if err != nil {
		return nil, nil, err
	}
	vcode = strings.ToUpper(strings.TrimSpace(vcode))
	i := slices.IndexFunc(d.Signed, func(r *store.SignatureRow) bool { return r.Code == vcode })
	if i < 0 {
		return nil, nil, store.ErrUnknownSignature
	}
	var data []byte
	err = s.read(ctx, func(tx *store.Tx) (err error) {
		data, err = tx.Blob(ctx, d.Signed[i].SHA256)
		return err
	})
	return d.Signed[i], data, err
}
