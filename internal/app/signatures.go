package app

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/egov-vn/egov/internal/dossier"
	"github.com/egov-vn/egov/internal/errs"
	"github.com/egov-vn/egov/internal/org"
	"github.com/egov-vn/egov/internal/pdf"
	"github.com/egov-vn/egov/internal/sign"
	"github.com/egov-vn/egov/internal/store"
)

// Signed electronic results (kết quả giải quyết điện tử đã ký số). When a dossier's result is
// issued (the complete action) or on an explicit "ký số kết quả", the result PDF — the result file
// attached to the dossier when it is a PDF, else a result notice egov writes — gets a stamp "Đã ký
// số bởi <agency> lúc <time>" with a QR code of its verification page, and is signed with the
// issuing agency's key (internal/sign). Anyone can verify a PDF; the agency's leaders can revoke a
// signed result, and verification says so from then on.
//
// Keys (DESIGN). A real deployment configures a key and certificate chain issued by a licensed CA
// (SigningConfig.Identity, from PEM files): every agency then signs with it. Without one, egov
// makes a development root CA at its first start and one certificate per issuing agency on its
// first signature, under that root. Their private keys are stored in the database sealed with
// AES-256-GCM under the installation's 32-byte signing secret (a file in the data directory,
// mode 0600, or given by path), so that several egov processes on one PostgreSQL share the keys
// and a copy of the database alone does not reveal them. Keys and the secret are never logged.

// SigningConfig configures signing.
type SigningConfig struct {
	// Secret (32 bytes) seals the development keys in the database. Required unless Identity
	// is set.
	Secret []byte
	// Identity, when set, is the configured key and chain every agency signs with.
	Identity *sign.Identity
	// Roots are trust anchors besides the development root and the configured chain's last
	// certificate.
	Roots []*x509.Certificate
	// VerifyBase is the public verification address up to the code, e.g.
	// "https://dichvucong.hanoi.gov.vn/xac-thuc/".
	VerifyBase string
	// Place is the locality written in the signature and certificates; "" means "Hà Nội".
	Place string
	// CAName names the development root.
	CAName string
}

// signing is the signing state of a Service.
type signing struct {
	mu     sync.Mutex
	cfg    SigningConfig
	on     bool
	ca     *sign.Identity
	agency map[int64]*sign.Identity // unit id → key, opened once
}

// SetSigning configures signing. Call it before serving.
func (s *Service) SetSigning(c SigningConfig) error {
	if c.Identity == nil && len(c.Secret) != 32 {
		return errors.New("signing: a 32-byte secret or a configured key is required")
	}
	if c.Identity != nil {
		if len(c.Identity.Chain) == 0 || c.Identity.Key == nil {
			return errors.New("signing: the configured identity needs a key and a certificate")
		}
		if err := sign.CheckPair(c.Identity.Key, c.Identity.Chain[0]); err != nil {
			return err
		}
	}
	if c.Place == "" {
		c.Place = "Hà Nội"
	}
	if c.CAName == "" {
		c.CAName = "egov CA phát triển (không dùng cho văn bản thật)"
	}
	s.signing.mu.Lock()
	defer s.signing.mu.Unlock()
	s.signing.cfg, s.signing.on, s.signing.ca, s.signing.agency = c, true, nil, map[int64]*sign.Identity{}
	return nil
}

// SigningEnabled reports whether results are signed.
func (s *Service) SigningEnabled() bool {
	s.signing.mu.Lock()
	defer s.signing.mu.Unlock()
	return s.signing.on
}

var errSigningOff = errs.New(errs.Conflict, "signing_not_configured", "Hệ thống chưa được cấu hình chữ ký số.", "Signing is not configured.")

// EnsureSigningCA makes the development root CA unless it exists or a key is configured; egov
// serve calls it at start. The creation is audited.
func (s *Service) EnsureSigningCA(ctx context.Context) error {
	_, err := s.caIdentity(ctx)
	return err
}

// caIdentity returns the development root, making it the first time.
func (s *Service) caIdentity(ctx context.Context) (*sign.Identity, error) {
	s.signing.mu.Lock()
	cfg, on, ca := s.signing.cfg, s.signing.on, s.signing.ca
	s.signing.mu.Unlock()
	if !on {
		return nil, errSigningOff
	}
	if cfg.Identity != nil {
		return nil, nil
	}
	if ca != nil {
		return ca, nil
	}
	id, err := s.loadOrMakeKey(ctx, 0, func() (sign.Identity, error) { return sign.NewRootCA(cfg.CAName, s.clock.Now()) })
	if err != nil {
		return nil, err
	}
	s.signing.mu.Lock()
	s.signing.ca = id
	s.signing.mu.Unlock()
	return id, nil
}

// agencyIdentity returns the key unit u signs with.
func (s *Service) agencyIdentity(ctx context.Context, u *org.Unit) (*sign.Identity, error) {
	s.signing.mu.Lock()
	cfg, on, id := s.signing.cfg, s.signing.on, s.signing.agency[u.ID]
	s.signing.mu.Unlock()
	if !on {
		return nil, errSigningOff
	}
	if cfg.Identity != nil {
		return cfg.Identity, nil
	}
	if id != nil {
		return id, nil
	}
	ca, err := s.caIdentity(ctx)
	if err != nil {
		return nil, err
	}
	id, err = s.loadOrMakeKey(ctx, u.ID, func() (sign.Identity, error) {
		return sign.IssueAgency(*ca, sign.Agency{Name: u.Name, OrganID: u.OrganID, Place: cfg.Place}, s.clock.Now())
	})
	if err != nil {
		return nil, err
	}
	s.signing.mu.Lock()
	s.signing.agency[u.ID] = id
	s.signing.mu.Unlock()
	return id, nil
}

// loadOrMakeKey reads the stored key of unitID (0: the CA), or makes one with mk and stores it
// sealed, audited; when another process stored one meanwhile, that one is used.
func (s *Service) loadOrMakeKey(ctx context.Context, unitID int64, mk func() (sign.Identity, error)) (*sign.Identity, error) {
	var row *store.SigningKeyRow
	err := s.read(ctx, func(tx *store.Tx) (err error) {
		row, err = tx.SigningKey(ctx, unitID)
		return err
	})
	if errs.KindOf(err) == errs.NotFound {
		if err := s.makeKey(ctx, unitID, mk); err != nil {
			return nil, err
		}
		err = s.read(ctx, func(tx *store.Tx) (err error) {
			row, err = tx.SigningKey(ctx, unitID)
			return err
		})
	}
	if err != nil {
		return nil, err
	}
	return s.openKey(ctx, row)
}

// makeKey makes a key with mk and stores it sealed, audited, unless one is stored meanwhile.
func (s *Service) makeKey(ctx context.Context, unitID int64, mk func() (sign.Identity, error)) error {
	id, err := mk()
	if err != nil {
		return errs.Wrap(err, "make signing key")
	}
	der, err := sign.MarshalKey(id.Key)
	if err != nil {
		return errs.Wrap(err, "make signing key")
	}
	cert := id.Certificate()
	serial := sign.SerialHex(cert)
	sealed, err := sign.Seal(s.signing.cfg.Secret, der, []byte(serial))
	if err != nil {
		return errs.Wrap(err, "seal signing key")
	}
	kind := "agency"
	if unitID == 0 {
		kind = "ca"
	}
	k := &store.SigningKeyRow{Kind: kind, UnitID: unitID, Subject: cert.Subject.String(), Serial: serial, CertDER: cert.Raw,
		KeySealed: sealed, CreatedAt: s.clock.Now(), NotAfter: cert.NotAfter}
	err = s.write(ctx, func(tx *store.Tx) ([]change, error) {
		stored, err := tx.InsertSigningKey(ctx, k)
		if err != nil || !stored {
			return nil, err
		}
		return []change{{Action: "signing.key_created", ObjectType: "signing_key", ObjectID: unitID,
			After: map[string]any{"kind": kind, "unit_id": unitID, "subject": k.Subject, "serial": serial, "not_after": cert.NotAfter}}}, nil
	})
	return err
}

// openKey opens a stored key with its certificate chain (the CA's certificate after an agency's).
func (s *Service) openKey(ctx context.Context, row *store.SigningKeyRow) (*sign.Identity, error) {
	cert, err := x509.ParseCertificate(row.CertDER)
	if err != nil {
		return nil, errs.Wrap(err, "signing certificate")
	}
	der, err := sign.Open(s.signing.cfg.Secret, row.KeySealed, []byte(row.Serial))
	if err != nil {
		return nil, errs.Wrap(fmt.Errorf("the signing secret does not open the stored key %s: is this the secret the keys were made with?", row.Serial), "open signing key")
	}
	key, err := sign.ParseKey(der)
	if err != nil {
		return nil, errs.Wrap(err, "open signing key")
	}
	id := &sign.Identity{Key: key, Chain: []*x509.Certificate{cert}}
	if row.Kind == "agency" {
		ca, err := s.caIdentity(ctx)
		if err != nil {
			return nil, err
		}
		id.Chain = append(id.Chain, ca.Certificate())
	}
	return id, nil
}

// trustRoots is the pool of trust anchors: the development root (when made), the configured
// chain's last certificate and the configured roots.
func (s *Service) trustRoots(ctx context.Context) *x509.CertPool {
	s.signing.mu.Lock()
	cfg := s.signing.cfg
	s.signing.mu.Unlock()
	pool := x509.NewCertPool()
	for _, c := range cfg.Roots {
		pool.AddCert(c)
	}
	if cfg.Identity != nil {
		pool.AddCert(cfg.Identity.Chain[len(cfg.Identity.Chain)-1])
	}
	var row *store.SigningKeyRow
	if err := s.read(ctx, func(tx *store.Tx) (err error) {
		row, err = tx.SigningKey(ctx, 0)
		return err
	}); err == nil {
		if c, err := x509.ParseCertificate(row.CertDER); err == nil {
			pool.AddCert(c)
		}
	}
	return pool
}

// verifyCodeEncoding writes verification codes: 16 letters and digits, easy to read aloud.
var verifyCodeEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

func newVerifyCode() (string, error) {
	b := make([]byte, 10)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return verifyCodeEncoding.EncodeToString(b), nil
}

// cleanVerifyCode checks the form of a verification code. Errors: Invalid invalid_verify_code.
func cleanVerifyCode(code string) (string, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if len(code) != 16 || strings.Trim(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") != "" {
		return "", errs.Invalidf("code", "invalid_verify_code", "Mã xác thực gồm 16 chữ cái và chữ số (in trên dấu chữ ký số).",
			"A verification code has 16 letters and digits (printed on the signature stamp).")
	}
	return code, nil
}

// issuingUnit is the unit that issues d's result: the lead (competent) unit, else the receiving one.
func issuingUnit(d *store.DossierRow) int64 {
	if d.LeadUnitID != 0 {
		return d.LeadUnitID
	}
	return d.ReceivingUnitID
}

// SignResult signs the result of dossier code now: the caller works on the dossier (a role other
// than supervisor) or leads, or is the clerk of, the issuing unit, and the result has been issued.
// Errors: NotFound, Forbidden, Conflict (result_not_ready, signing_not_configured), Unauthorized.
func (s *Service) SignResult(ctx context.Context, code string) (*store.SignatureRow, error) {
	return s.signResult(ctx, code, true)
}

// signResult signs the result of dossier code; check says whether to check the caller's roles
// (the complete action signs without: it was allowed to issue the result).
func (s *Service) signResult(ctx context.Context, code string, check bool) (*store.SignatureRow, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	code = strings.TrimSpace(code)
	if _, err := dossier.ParseCode(code); err != nil {
		return nil, err
	}
	if !s.SigningEnabled() {
		return nil, errSigningOff
	}
	var d *store.DossierRow
	var unit *org.Unit
	var resultFile *store.FileRow
	var resultData []byte
	err = s.read(ctx, func(tx *store.Tx) (err error) {
		if d, err = tx.Dossier(ctx, code); err != nil {
			return err
		}
		if !canSeeDossier(a, d) {
			return store.ErrUnknownDossier(code)
		}
		if unit, err = tx.Unit(ctx, issuingUnit(d)); err != nil {
			return err
		}
		if check {
			roles := actingRoles(a, d)
			issuer := rolesOn(a, unit.Path)
			if !slices.ContainsFunc(roles, func(r org.Role) bool { return r != org.RoleSupervisor }) &&
				!slices.ContainsFunc(issuer, func(r org.Role) bool {
					return r == org.RoleAgencyLeader || r == org.RoleDivisionLeader || r == org.RoleClerk || r == dossier.RoleSystem
				}) {
				return errs.ErrForbidden
			}
		}
		if !d.HasResult || (d.State != dossier.ResultReady && d.State != dossier.Returned) {
			return errs.New(errs.Conflict, "result_not_ready", "Hồ sơ chưa có kết quả giải quyết để ký số.", "The dossier has no result to sign yet.")
		}
		if d.ResultFile != "" {
			files, err := tx.DossierFiles(ctx, d.ID)
			if err != nil {
				return err
			}
			for _, f := range files {
				if f.Kind == FileResult && f.SHA256 == d.ResultFile {
					resultFile = f
				}
			}
			if resultFile != nil {
				resultData, err = tx.Blob(ctx, resultFile.SHA256)
			}
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	id, err := s.agencyIdentity(ctx, unit)
	if err != nil {
		return nil, err
	}
	vcode, err := newVerifyCode()
	if err != nil {
		return nil, errs.Wrap(err, "verification code")
	}
	s.signing.mu.Lock()
	cfg := s.signing.cfg
	s.signing.mu.Unlock()
	now := s.clock.Now()
	agencyName := id.Certificate().Subject.CommonName
	if cfg.Identity == nil {
		agencyName = unit.Name
	}
	url := cfg.VerifyBase + vcode
	stamp := pdf.StampInfo{Agency: agencyName, At: now, VerifyURL: url, Code: vcode}

	// The document: the attached result when it is a PDF we can read, else the notice.
	var stamped bytes.Buffer
	source, sourceData := "notice", []byte(nil)
	name := "ket-qua-" + d.Code + ".pdf"
	if resultFile != nil && resultFile.ContentType == "application/pdf" {
		err := pdf.Stamp(&stamped, resultData, stamp)
		switch {
		case err == nil:
			source, sourceData = "result_file", resultData
			name = strings.TrimSuffix(resultFile.Name, ".pdf") + " (đã ký số).pdf"
		case errs.CodeOf(err) == "pdf_unreadable":
			stamped.Reset()
		default:
			return nil, err
		}
	}
	if source == "notice" {
		attachment := ""
		if resultFile != nil {
			attachment = resultFile.Name + " (SHA-256 " + resultFile.SHA256 + ")"
		}
		var notice bytes.Buffer
		if err := pdf.WriteResultNotice(&notice, pdf.ResultNotice{Agency: s.agencyOf(ctx, unit), Place: cfg.Place, IssuedAt: now,
			Code: d.Code, Procedure: d.ProcedureName, Applicant: d.ApplicantName, ReceivedAt: d.ReceivedAt, ProcessedAt: d.ProcessedAt,
			Result: d.ResultNote, Attachment: attachment}); err != nil {
			return nil, err
		}
		sourceData = notice.Bytes()
		stamp.RoomAtFoot = true
		if err := pdf.Stamp(&stamped, sourceData, stamp); err != nil {
			return nil, err
		}
	}
	signed, err := sign.Sign(stamped.Bytes(), *id, sign.Info{Name: agencyName, Reason: "Ký số kết quả giải quyết hồ sơ " + d.Code,
		Location: cfg.Place, Contact: url, Time: now})
	if err != nil {
		return nil, errs.Wrap(err, "sign result")
	}
	sum := sha256.Sum256(signed)
	srcSum := sha256.Sum256(sourceData)
	row := &store.SignatureRow{Code: vcode, DossierID: d.ID, DossierCode: d.Code, Procedure: d.ProcedureName, UnitID: unit.ID,
		UnitPath: unit.Path, Agency: agencyName, OrganID: unit.OrganID, SHA256: hex.EncodeToString(sum[:]), Source: source,
		SourceSHA256: hex.EncodeToString(srcSum[:]), Name: name, CertSerial: sign.SerialHex(id.Certificate()), SignedAt: now,
		SignedByID: a.UserID, SignedBy: a.DisplayName()}
	err = s.write(ctx, func(tx *store.Tx) ([]change, error) {
		cur, err := tx.Dossier(ctx, code)
		if err != nil {
			return nil, err
		}
		if cur.ResultFile != d.ResultFile || cur.ResultNote != d.ResultNote {
			return nil, errs.New(errs.Conflict, "dossier_changed", "Kết quả của hồ sơ vừa thay đổi; vui lòng thử lại.", "The result changed meanwhile; try again.")
		}
		if err := tx.PutBlob(ctx, row.SHA256, "application/pdf", signed, now); err != nil {
			return nil, err
		}
		if err := tx.InsertSignature(ctx, row); err != nil {
			return nil, err
		}
		return []change{{Action: "dossier.sign_result", ObjectType: "dossier", ObjectID: d.ID, UnitPath: unit.Path,
			After: map[string]any{"code": d.Code, "signature_id": row.ID, "verify_code": vcode, "sha256": row.SHA256, "source": source,
				"source_sha256": row.SourceSHA256, "agency": agencyName, "cert_serial": row.CertSerial}}}, nil
	})
	if err != nil {
		return nil, err
	}
	return row, nil
}

// PublicSignature is what anyone may know of a signed result: no personal data.
type PublicSignature struct {
	Code         string
	DossierCode  string
	Procedure    string
	Agency       string
	OrganID      string
	SHA256       string
	SignedAt     time.Time
	CertSerial   string
	RevokedAt    time.Time
	RevokeReason string
}

func publicSignature(r *store.SignatureRow) *PublicSignature {
	return &PublicSignature{Code: r.Code, DossierCode: r.DossierCode, Procedure: r.Procedure, Agency: r.Agency, OrganID: r.OrganID,
		SHA256: r.SHA256, SignedAt: r.SignedAt, CertSerial: r.CertSerial, RevokedAt: r.RevokedAt, RevokeReason: r.RevokeReason}
}

// Revoked reports whether the agency has revoked the result.
func (p *PublicSignature) Revoked() bool { return !p.RevokedAt.IsZero() }

// SignedResult returns the public record of the signed result with verification code code
// (public: no sign-in). Errors: Invalid invalid_verify_code, NotFound unknown_signature.
func (s *Service) SignedResult(ctx context.Context, code string) (*PublicSignature, error) {
	code, err := cleanVerifyCode(code)
	if err != nil {
		return nil, err
	}
	var row *store.SignatureRow
	err = s.read(ctx, func(tx *store.Tx) (err error) {
		row, err = tx.SignatureByCode(ctx, code)
		return err
	})
	if err != nil {
		return nil, err
	}
	return publicSignature(row), nil
}

// Verification statuses, stable for API clients.
const (
	VerifyValid      = "valid"       // valid, whole document, issued by a known agency, not revoked
	VerifyRevoked    = "revoked"     // as valid, but the agency has revoked the result
	VerifyInvalid    = "invalid"     // the signature does not match the document: changed or damaged
	VerifyModified   = "modified"    // signed, but something was changed or added after signing
	VerifyUnknownCA  = "unknown_ca"  // a valid signature, but not by a certificate of a known agency
	VerifyNotSigned  = "not_signed"  // no signature at all
	VerifyCertExpiry = "cert_expiry" // the certificate was not valid when signing
)

// Verification is the answer to an uploaded PDF.
type Verification struct {
	Status  string
	Message string // Vietnamese, for people
	English string
	SHA256  string
	// Signature is the deciding signature (nil when none).
	Signature *sign.Signature
	// Record is the signed result stored for this very file, when there is one.
	Record *PublicSignature
}

// MaxVerifySize is the largest PDF the verification accepts.
const MaxVerifySize = MaxFileSize

// VerifyDocument verifies an uploaded PDF (public: no sign-in): its signature, that it is
// unchanged since signing, who signed it and when, whether the certificate chains to a known
// root, and whether the result was revoked. Errors: Invalid file_empty, file_too_large, not_pdf.
func (s *Service) VerifyDocument(ctx context.Context, data []byte) (*Verification, error) {
	if len(data) == 0 {
		return nil, errs.Invalidf("file", "file_empty", "Tệp rỗng.", "The file is empty.")
	}
	if len(data) > MaxVerifySize {
		return nil, errs.Invalidf("file", "file_too_large", fmt.Sprintf("Tệp quá lớn: tối đa %d MB.", MaxVerifySize>>20),
			fmt.Sprintf("The file is too large: %d MB at most.", MaxVerifySize>>20))
	}
	if http.DetectContentType(data) != "application/pdf" || !bytes.HasPrefix(data, []byte("%PDF-")) {
		return nil, errs.Invalidf("file", "not_pdf", "Chỉ xác thực được tệp PDF: tệp đã gửi không phải PDF.",
			"Only PDF files can be verified: this file is not a PDF.")
	}
	res := sign.Verify(data, s.trustRoots(ctx))
	v := &Verification{SHA256: res.SHA256, Signature: res.Last}
	var rows []*store.SignatureRow
	if err := s.read(ctx, func(tx *store.Tx) (err error) {
		rows, err = tx.SignaturesBySHA256(ctx, res.SHA256)
		return err
	}); err != nil {
		return nil, err
	}
	if len(rows) > 0 {
		v.Record = publicSignature(rows[len(rows)-1])
	}
	switch p := res.Problem(); {
	case p == "" && v.Record != nil && v.Record.Revoked():
		v.Status, v.Message, v.English = VerifyRevoked, "Chữ ký số hợp lệ nhưng kết quả này đã thu hồi.", "The signature is valid, but the result has been revoked."
	case p == "":
		v.Status, v.Message, v.English = VerifyValid, "Chữ ký số hợp lệ: văn bản không bị thay đổi từ khi ký, do cơ quan có chứng thư số được công nhận ký.",
			"The signature is valid: the document is unchanged since signing, and was signed by a known agency."
	case p == sign.ProblemNotSigned:
		v.Status, v.Message, v.English = VerifyNotSigned, "Tệp không có chữ ký số.", "The file carries no digital signature."
	case p == sign.ProblemModified:
		v.Status, v.Message, v.English = VerifyModified, "Văn bản đã bị thay đổi hoặc bổ sung sau khi ký: chữ ký không còn bảo đảm toàn bộ văn bản.",
			"The document was changed or added to after signing: the signature no longer covers all of it."
	case p == sign.ProblemUntrusted:
		v.Status, v.Message, v.English = VerifyUnknownCA, "Chữ ký số không do cơ quan được công nhận cấp: chứng thư số không thuộc tổ chức cung cấp dịch vụ chứng thực đã biết.",
			"The signature was not issued by a known agency: its certificate does not chain to a known root."
	case p == sign.ProblemCertNotInTime:
		v.Status, v.Message, v.English = VerifyCertExpiry, "Chứng thư số không còn hiệu lực tại thời điểm ký.", "The certificate was not valid at the signing time."
	default:
		v.Status, v.Message, v.English = VerifyInvalid, "Chữ ký số không hợp lệ: văn bản đã bị sửa đổi hoặc chữ ký bị hỏng.",
			"The signature is not valid: the document was altered or the signature is damaged."
	}
	return v, nil
}

// RevokeSignedResult revokes the signed result with verification code code, with a reason: the
// caller leads the agency that signed it (agency or division leader on a unit containing it).
// Errors: Invalid (reason_required, text_too_long, invalid_verify_code), NotFound
// (unknown_signature, also for a caller who may not see it), Forbidden, Conflict already_revoked.
func (s *Service) RevokeSignedResult(ctx context.Context, code, reason string) (*PublicSignature, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	code, err = cleanVerifyCode(code)
	if err != nil {
		return nil, err
	}
	reason = org.NormalizeText(reason)
	if reason == "" {
		return nil, errs.Invalidf("reason", dossier.CodeReasonRequired, "Phải ghi lý do thu hồi kết quả.", "A reason is required to revoke a result.")
	}
	if len([]rune(reason)) > 2000 {
		return nil, errs.Invalidf("reason", "text_too_long", "Lý do quá dài (tối đa 2000 ký tự).", "The reason is too long (2000 characters at most).")
	}
	var out *store.SignatureRow
	err = s.write(ctx, func(tx *store.Tx) ([]change, error) {
		row, err := tx.SignatureByCode(ctx, code)
		if err != nil {
			return nil, err
		}
		leads := slices.ContainsFunc(rolesOn(a, row.UnitPath), func(r org.Role) bool {
			return r == org.RoleAgencyLeader || r == org.RoleDivisionLeader || r == dossier.RoleSystem
		})
		if !leads {
			d, err := tx.Dossier(ctx, row.DossierCode)
			if err != nil {
				return nil, err
			}
			if canSeeDossier(a, d) {
				return nil, errs.ErrForbidden
			}
			return nil, store.ErrUnknownSignature
		}
		if !row.RevokedAt.IsZero() {
			return nil, errs.New(errs.Conflict, "already_revoked", "Kết quả này đã được thu hồi trước đó.", "This result was already revoked.")
		}
		now := s.clock.Now()
		if _, err := tx.RevokeSignature(ctx, row.ID, now, reason, a.UserID, a.DisplayName()); err != nil {
			return nil, err
		}
		row.RevokedAt, row.RevokeReason, row.RevokedByID, row.RevokedBy = now, reason, a.UserID, a.DisplayName()
		out = row
		return []change{{Action: "signature.revoke", ObjectType: "dossier", ObjectID: row.DossierID, UnitPath: row.UnitPath,
			Before: map[string]any{"verify_code": code, "revoked": false},
			After:  map[string]any{"verify_code": code, "code": row.DossierCode, "revoked": true, "reason": reason, "sha256": row.SHA256}}}, nil
	})
	if err != nil {
		return nil, err
	}
	return publicSignature(out), nil
}

// DossierSignatures lists the signed results of dossier code, for a caller who may see it.
func (s *Service) DossierSignatures(ctx context.Context, code string) ([]*store.SignatureRow, error) {
	det, err := s.Dossier(ctx, code)
	if err != nil {
		return nil, err
	}
	var out []*store.SignatureRow
	err = s.read(ctx, func(tx *store.Tx) (err error) {
		out, err = tx.DossierSignatures(ctx, det.ID)
		return err
	})
	return out, err
}

// SignedFile returns the signed PDF of the result with verification code vcode of dossier code,
// for a caller who may see the dossier. Errors: NotFound.
func (s *Service) SignedFile(ctx context.Context, code, vcode string) (*store.SignatureRow, []byte, error) {
	sigs, err := s.DossierSignatures(ctx, code)
	if err != nil {
		return nil, nil, err
	}
	vcode = strings.ToUpper(strings.TrimSpace(vcode))
	i := slices.IndexFunc(sigs, func(r *store.SignatureRow) bool { return r.Code == vcode })
	if i < 0 {
		return nil, nil, store.ErrUnknownSignature
	}
	var data []byte
	err = s.read(ctx, func(tx *store.Tx) (err error) {
		data, err = tx.Blob(ctx, sigs[i].SHA256)
		return err
	})
	return sigs[i], data, err
}
