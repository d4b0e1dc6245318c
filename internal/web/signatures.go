package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/egov-vn/egov/internal/app"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/store"
)

// The verification page (xác thực kết quả điện tử): anyone uploads a signed PDF and learns
// whether its signature is valid, who signed it and when, and whether the result was revoked.
// The QR code on a signed result's stamp points to /xac-thuc/{code}, which shows the record
// without an upload. The agency's leaders revoke a result from that page.

type verifyPage struct {
	Code   string
	Record *app.PublicSignature
	Result *app.Verification
	// CanRevoke shows the revocation form to a signed-in official (the service decides).
	CanRevoke bool
}

// verifyPageGet: GET /xac-thuc and GET /xac-thuc/{code}.
func (s *Server) verifyPageGet(w http.ResponseWriter, r *http.Request) {
	p := &page{Title: "Xác thực kết quả điện tử"}
	d := &verifyPage{Code: strings.TrimSpace(r.PathValue("code"))}
	if d.Code == "" {
		d.Code = strings.TrimSpace(r.URL.Query().Get("ma"))
	}
	p.Data = d
	status := http.StatusOK
	if d.Code != "" {
		rec, err := s.svc.SignedResult(r.Context(), d.Code)
		switch {
		case err == nil:
			d.Record = rec
			d.CanRevoke = authFrom(r) != nil && !rec.Revoked()
		case errs.KindOf(err) == errs.Invalid || errs.KindOf(err) == errs.NotFound:
			p.Error, status = errs.Public(err), statusOf(err)
		default:
			s.fail(w, r, err)
			return
		}
	}
	p.Notice = map[string]string{"1": "Đã thu hồi kết quả."}[r.URL.Query().Get("thu-hoi")]
	s.render(w, r, status, "verify", p)
}

// verifyPagePost: POST /xac-thuc, a multipart form with the PDF.
func (s *Server) verifyPagePost(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, app.MaxVerifySize+64<<10)
	p := &page{Title: "Xác thực kết quả điện tử"}
	d := &verifyPage{}
	p.Data = d
	in, err := readUpload(r)
	var v *app.Verification
	if err == nil {
		v, err = s.svc.VerifyDocument(r.Context(), in.Data)
	}
	if err != nil {
		if errs.KindOf(err) != errs.Invalid {
			s.fail(w, r, err)
			return
		}
		p.Error = errs.Public(err)
		s.render(w, r, statusOf(err), "verify", p)
		return
	}
	d.Result, d.Record = v, v.Record
	if v.Record != nil {
		d.Code = v.Record.Code
	}
	s.render(w, r, http.StatusOK, "verify", p)
}

// verifyRevoke: POST /xac-thuc/{code}/thu-hoi, signed-in leaders of the signing agency.
func (s *Server) verifyRevoke(w http.ResponseWriter, r *http.Request) {
	code := strings.TrimSpace(r.PathValue("code"))
	_, err := s.svc.RevokeSignedResult(r.Context(), code, r.PostFormValue("reason"))
	if err != nil {
		if errs.KindOf(err) == errs.NotFound || errs.KindOf(err) == errs.Forbidden {
			s.fail(w, r, err)
			return
		}
		p := &page{Title: "Xác thực kết quả điện tử", Error: errs.Public(err)}
		d := &verifyPage{Code: code, CanRevoke: true}
		d.Record, _ = s.svc.SignedResult(r.Context(), code)
		p.Data = d
		s.render(w, r, statusOf(err), "verify", p)
		return
	}
	http.Redirect(w, r, "/xac-thuc/"+url.PathEscape(strings.ToUpper(code))+"?thu-hoi=1", http.StatusSeeOther)
}

// dossierSign: POST /ho-so/{code}/ky-so, the "ký số kết quả" button of the dossier page.
func (s *Server) dossierSign(w http.ResponseWriter, r *http.Request) {
	if _, err := s.svc.SignResult(r.Context(), dossierCode(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/ho-so/"+url.PathEscape(dossierCode(r))+"#files-title", http.StatusSeeOther)
}

// dossierSignedFile: GET /ho-so/{code}/ky-so/{sig}, the signed PDF.
func (s *Server) dossierSignedFile(w http.ResponseWriter, r *http.Request) {
	row, data, err := s.svc.SignedFile(r.Context(), dossierCode(r), r.PathValue("sig"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeFile(w, fileBody{"application/pdf", asciiName(row.Name), data, true})
}

// JSON views.

type signedResultJSON struct {
	VerifyCode   string     `json:"verify_code"`
	DossierCode  string     `json:"dossier_code"`
	Procedure    string     `json:"procedure"`
	Agency       string     `json:"agency"`
	OrganID      string     `json:"organ_id,omitempty"`
	SHA256       string     `json:"sha256"`
	CertSerial   string     `json:"cert_serial"`
	SignedAt     time.Time  `json:"signed_at"`
	Revoked      bool       `json:"revoked"`
	RevokedAt    *time.Time `json:"revoked_at,omitempty"`
	RevokeReason string     `json:"revoke_reason,omitempty"`
	VerifyURL    string     `json:"verify_url"`
	FileURL      string     `json:"file_url,omitempty"`
}

func toSignedResult(p *app.PublicSignature) signedResultJSON {
	return signedResultJSON{VerifyCode: p.Code, DossierCode: p.DossierCode, Procedure: p.Procedure, Agency: p.Agency, OrganID: p.OrganID,
		SHA256: p.SHA256, CertSerial: p.CertSerial, SignedAt: p.SignedAt.In(vietnam), Revoked: p.Revoked(), RevokedAt: vt(p.RevokedAt),
		RevokeReason: p.RevokeReason, VerifyURL: "/xac-thuc/" + p.Code}
}

func toSignedRow(r *store.SignatureRow) signedResultJSON {
	j := toSignedResult(&app.PublicSignature{Code: r.Code, DossierCode: r.DossierCode, Procedure: r.Procedure, Agency: r.Agency,
		OrganID: r.OrganID, SHA256: r.SHA256, SignedAt: r.SignedAt, CertSerial: r.CertSerial, RevokedAt: r.RevokedAt, RevokeReason: r.RevokeReason})
	j.FileURL = "/api/v1/dossiers/" + r.DossierCode + "/signatures/" + r.Code + "/file"
	return j
}

type verificationJSON struct {
	Status        string            `json:"status"`
	Message       string            `json:"message"`
	MessageEN     string            `json:"message_en"`
	SHA256        string            `json:"sha256"`
	Valid         bool              `json:"valid"`
	WholeDocument bool              `json:"whole_document"`
	Trusted       bool              `json:"trusted"`
	Problem       string            `json:"problem,omitempty"`
	Agency        string            `json:"agency,omitempty"`
	OrganID       string            `json:"organ_id,omitempty"`
	Subject       string            `json:"subject,omitempty"`
	Issuer        string            `json:"issuer,omitempty"`
	CertSerial    string            `json:"cert_serial,omitempty"`
	SignedAt      *time.Time        `json:"signed_at,omitempty"`
	Record        *signedResultJSON `json:"record,omitempty"`
}

// apiVerify: POST /api/v1/verify, multipart/form-data with the PDF as "file" (public).
func (s *Server) apiVerify(r *http.Request) (int, any, error) {
	in, err := readUpload(r)
	if err != nil {
		return 0, nil, err
	}
	v, err := s.svc.VerifyDocument(r.Context(), in.Data)
	if err != nil {
		return 0, nil, err
	}
	out := verificationJSON{Status: v.Status, Message: v.Message, MessageEN: v.English, SHA256: v.SHA256}
	if sg := v.Signature; sg != nil {
		out.Valid, out.WholeDocument, out.Trusted, out.Problem = sg.Valid, sg.WholeDocument, sg.Trusted, sg.Problem
		out.Agency, out.OrganID, out.CertSerial, out.SignedAt = sg.Agency(), sg.OrganID(), sg.Serial(), vt(sg.SignedAt)
		if sg.Signer != nil {
			out.Subject, out.Issuer = sg.Signer.Subject.String(), sg.Signer.Issuer.String()
		}
	}
	if v.Record != nil {
		rec := toSignedResult(v.Record)
		out.Record = &rec
	}
	return http.StatusOK, out, nil
}

// apiSignedResult: GET /api/v1/public/signatures/{code} (public).
func (s *Server) apiSignedResult(r *http.Request) (int, any, error) {
	p, err := s.svc.SignedResult(r.Context(), r.PathValue("code"))
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, toSignedResult(p), nil
}

// apiRevokeSignature: POST /api/v1/signatures/{code}/revoke {"reason": …}.
func (s *Server) apiRevokeSignature(r *http.Request) (int, any, error) {
	var in struct {
		Reason string `json:"reason"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	p, err := s.svc.RevokeSignedResult(r.Context(), r.PathValue("code"), in.Reason)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, toSignedResult(p), nil
}

// apiSignResult: POST /api/v1/dossiers/{code}/sign.
func (s *Server) apiSignResult(r *http.Request) (int, any, error) {
	row, err := s.svc.SignResult(r.Context(), r.PathValue("code"))
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, toSignedRow(row), nil
}

// apiDossierSignatures: GET /api/v1/dossiers/{code}/signatures.
func (s *Server) apiDossierSignatures(r *http.Request) (int, any, error) {
	rows, err := s.svc.DossierSignatures(r.Context(), r.PathValue("code"))
	if err != nil {
		return 0, nil, err
	}
	out := []signedResultJSON{}
	for _, row := range rows {
		out = append(out, toSignedRow(row))
	}
	return http.StatusOK, map[string]any{"signatures": out}, nil
}

// apiSignedFile: GET /api/v1/dossiers/{code}/signatures/{sig}/file.
func (s *Server) apiSignedFile(r *http.Request) (int, any, error) {
	row, data, err := s.svc.SignedFile(r.Context(), r.PathValue("code"), r.PathValue("sig"))
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, fileBody{"application/pdf", asciiName(row.Name), data, true}, nil
}

var (
	verifyCodeParam = []apiParam{{"code", "path", "string", "verification code (16 letters and digits, on the stamp)"}}
	signedFileParam = []apiParam{{"code", "path", "string", "dossier code"}, {"sig", "path", "string", "verification code"}}
)

func init() {
	signed := obj(map[string]any{"verify_code": str, "dossier_code": str, "procedure": str, "agency": str, "organ_id": str, "sha256": str,
		"cert_serial": str, "signed_at": dt, "revoked": bl, "revoked_at": dt, "revoke_reason": str, "verify_url": str, "file_url": str},
		"verify_code", "dossier_code", "agency", "sha256", "signed_at", "revoked", "verify_url")
	openAPISchemas["SignedResult"] = signed
	openAPISchemas["SignedResultList"] = obj(map[string]any{"signatures": arr(ref("SignedResult"))}, "signatures")
	openAPISchemas["Revoke"] = obj(map[string]any{"reason": str}, "reason")
	openAPISchemas["VerifyUpload"] = obj(map[string]any{"file": map[string]any{"type": "string", "format": "binary"}}, "file")
	openAPISchemas["Verification"] = obj(map[string]any{
		"status": map[string]any{"type": "string", "enum": []string{app.VerifyValid, app.VerifyRevoked, app.VerifyInvalid, app.VerifyModified,
			app.VerifyUnknownCA, app.VerifyNotSigned, app.VerifyCertExpiry}},
		"message": str, "message_en": str, "sha256": str, "valid": bl, "whole_document": bl, "trusted": bl, "problem": str,
		"agency": str, "organ_id": str, "subject": str, "issuer": str, "cert_serial": str, "signed_at": dt, "record": ref("SignedResult")},
		"status", "message", "sha256", "valid", "whole_document", "trusted")
}
