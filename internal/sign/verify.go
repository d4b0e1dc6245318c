package sign

import (
	"bytes"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/digitorus/pkcs7"
)

// Problem codes of a verification, stable for API clients.
const (
	ProblemNotSigned     = "not_signed"     // no signature in the document
	ProblemBadSignature  = "bad_signature"  // the signature value does not match the signed bytes
	ProblemModified      = "modified"       // bytes were added or changed after the last signature
	ProblemUntrusted     = "untrusted"      // the signer's certificate does not chain to a trust anchor
	ProblemBadCertAttr   = "bad_cert_attr"  // the signing-certificate attribute is missing or names another certificate
	ProblemMalformed     = "malformed"      // a signature value could not be read
	ProblemCertNotInTime = "cert_not_valid" // the certificate was not valid at the signing time
)

// Signature is one signature found in a document.
type Signature struct {
	// Valid: the CMS signature and message digest check out over the signed byte ranges, and the
	// signing-certificate attribute names the signer's certificate.
	Valid bool
	// WholeDocument: the byte ranges cover the whole file but the signature value itself.
	WholeDocument bool
	// Trusted: the signer's certificate chains to one of the trust anchors at the signing time.
	Trusted  bool
	Problem  string // the first problem found, "" for none
	Detail   string // a technical description of the problem, for logs and the API
	Signer   *x509.Certificate
	Chain    []*x509.Certificate // the verified chain when Trusted
	SignedAt time.Time           // the CMS signing-time attribute (zero when absent)
	Range    [4]int64
}

// Agency is the signer's agency name from the certificate (organisation, else common name).
func (s *Signature) Agency() string {
	if s.Signer == nil {
		return ""
	}
	if len(s.Signer.Subject.Organization) > 0 {
		return s.Signer.Subject.Organization[0]
	}
	return s.Signer.Subject.CommonName
}

// OrganID is the agency code from the certificate's subject serialNumber attribute.
func (s *Signature) OrganID() string {
	if s.Signer == nil {
		return ""
	}
	return s.Signer.Subject.SerialNumber
}

// Serial is the signer certificate's serial number in hexadecimal.
func (s *Signature) Serial() string {
	if s.Signer == nil {
		return ""
	}
	return SerialHex(s.Signer)
}

// SerialHex writes a certificate's serial number in lower-case hexadecimal.
func SerialHex(c *x509.Certificate) string { return hex.EncodeToString(c.SerialNumber.Bytes()) }

// Result is the verification of a document.
type Result struct {
	Signatures []*Signature // in file order
	// Last is the signature that covers the whole document, or else the last one found.
	Last *Signature
	// SHA256 is the hash of the whole file, hex.
	SHA256 string
}

// OK reports whether the document carries a valid, trusted signature over all of it.
func (r *Result) OK() bool {
	return r.Last != nil && r.Last.Valid && r.Last.WholeDocument && r.Last.Trusted
}

// Problem is the first problem of the deciding signature, or ProblemNotSigned.
func (r *Result) Problem() string {
	if r.Last == nil {
		return ProblemNotSigned
	}
	return r.Last.Problem
}

var byteRange = regexp.MustCompile(`/ByteRange\s*\[\s*(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s*\]`)

var (
	oidSigningCertificateV2 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 47}
	oidSigningCertificate   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 12}
)

// Verify checks every signature of doc (found by its /ByteRange, without trusting the rest of
// the file's structure) against the trust anchors in roots. A document without signatures gives
// a Result with no Signatures, not an error.
func Verify(doc []byte, roots *x509.CertPool) *Result {
	sum := sha256.Sum256(doc)
	res := &Result{SHA256: hex.EncodeToString(sum[:])}
	size := int64(len(doc))
	for _, m := range byteRange.FindAllSubmatch(doc, 64) {
		var br [4]int64
		for k := range br {
			br[k], _ = strconv.ParseInt(string(m[k+1]), 10, 64)
		}
		s := verifyOne(doc, size, br, roots)
		if s == nil {
			continue
		}
		res.Signatures = append(res.Signatures, s)
	}
	for _, s := range res.Signatures {
		if s.WholeDocument {
			res.Last = s
		}
	}
	if res.Last == nil && len(res.Signatures) > 0 {
		res.Last = res.Signatures[len(res.Signatures)-1]
		if res.Last.Problem == "" {
			res.Last.Problem, res.Last.Detail = ProblemModified, "the signed byte ranges do not cover the whole file"
		}
	}
	return res
}

// verifyOne checks the signature whose ByteRange is br; nil when br does not describe a
// signature value in doc (a ByteRange placeholder or some other text).
func verifyOne(doc []byte, size int64, br [4]int64, roots *x509.CertPool) *Signature {
	a, b, c, d := br[0], br[1], br[2], br[3]
	if a != 0 || b <= 0 || c <= b+1 || d < 0 || c+d > size || doc[b] != '<' || doc[c-1] != '>' {
		return nil
	}
	s := &Signature{Range: br, WholeDocument: c+d == size}
	fail := func(problem, detail string) *Signature {
		if s.Problem == "" {
			s.Problem, s.Detail = problem, detail
		}
		return s
	}
	hexValue := bytes.TrimSpace(doc[b+1 : c-1])
	if len(hexValue)%2 == 1 {
		return fail(ProblemMalformed, "signature value has an odd number of hexadecimal digits")
	}
	raw := make([]byte, hex.DecodedLen(len(hexValue)))
	if _, err := hex.Decode(raw, hexValue); err != nil {
		return fail(ProblemMalformed, "signature value is not hexadecimal")
	}
	// The value is padded with zeros after the DER encoding: keep the outer element only.
	var outer asn1.RawValue
	if _, err := asn1.Unmarshal(raw, &outer); err != nil {
		return fail(ProblemMalformed, "signature value is not DER")
	}
	p7, err := parsePKCS7(outer.FullBytes)
	if err != nil {
		return fail(ProblemMalformed, err.Error())
	}
	s.Signer = p7.GetOnlySigner()
	if s.Signer == nil {
		return fail(ProblemMalformed, "not exactly one signer with its certificate")
	}
	var at time.Time
	if err := p7.UnmarshalSignedAttribute(pkcs7.OIDAttributeSigningTime, &at); err == nil {
		s.SignedAt = at
	}
	signed := make([]byte, 0, b+d)
	signed = append(signed, doc[:b]...)
	signed = append(signed, doc[c:c+d]...)
	p7.Content = signed
	if err := p7.Verify(); err != nil {
		var mm *pkcs7.MessageDigestMismatchError
		if errors.As(err, &mm) {
			return fail(ProblemBadSignature, "the document's digest does not match the signed digest")
		}
		return fail(ProblemBadSignature, err.Error())
	}
	if err := checkSigningCertificate(p7, s.Signer); err != nil {
		return fail(ProblemBadCertAttr, err.Error())
	}
	s.Valid = true
	if !s.WholeDocument {
		fail(ProblemModified, "the signed byte ranges do not cover the whole file")
	}
	when := s.SignedAt
	if when.IsZero() {
		when = time.Now()
	}
	inter := x509.NewCertPool()
	for _, cert := range p7.Certificates {
		inter.AddCert(cert)
	}
	if roots == nil {
		return fail(ProblemUntrusted, "no trust anchors")
	}
	chains, err := s.Signer.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, CurrentTime: when,
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}})
	if err != nil {
		var inv x509.CertificateInvalidError
		if errors.As(err, &inv) && inv.Reason == x509.Expired {
			return fail(ProblemCertNotInTime, err.Error())
		}
		return fail(ProblemUntrusted, err.Error())
	}
	s.Trusted = true
	s.Chain = chains[0]
	return s
}

// parsePKCS7 parses a CMS SignedData, turning the parser's panics on hostile input into errors.
func parsePKCS7(raw []byte) (p7 *pkcs7.PKCS7, err error) {
	defer func() {
		if r := recover(); r != nil {
			p7, err = nil, fmt.Errorf("malformed CMS (%v)", r)
		}
	}()
	p7, err = pkcs7.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("malformed CMS: %w", err)
	}
	return p7, nil
}

type essCertID struct {
	Alg  pkix.AlgorithmIdentifier `asn1:"optional"`
	Hash []byte
	Rest asn1.RawValue `asn1:"optional"`
}

type signingCertificate struct {
	Certs    []essCertID
	Policies asn1.RawValue `asn1:"optional"`
}

// checkSigningCertificate checks the ESS signing-certificate(-v2) attribute names cert (PAdES
// requires it: it binds the signature to the certificate, not only to its key).
func checkSigningCertificate(p7 *pkcs7.PKCS7, cert *x509.Certificate) error {
	var sc signingCertificate
	v2 := true
	if err := p7.UnmarshalSignedAttribute(oidSigningCertificateV2, &sc); err != nil {
		v2 = false
		if err := p7.UnmarshalSignedAttribute(oidSigningCertificate, &sc); err != nil {
			return errors.New("no signing-certificate attribute")
		}
	}
	if len(sc.Certs) == 0 {
		return errors.New("empty signing-certificate attribute")
	}
	id := sc.Certs[0]
	var want []byte
	switch {
	case !v2:
		return errors.New("signing-certificate v1 (SHA-1) is not accepted")
	case len(id.Alg.Algorithm) == 0 || id.Alg.Algorithm.Equal(asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}):
		h := sha256.Sum256(cert.Raw)
		want = h[:]
	default:
		return fmt.Errorf("signing-certificate hash %v not supported", id.Alg.Algorithm)
	}
	if !bytes.Equal(id.Hash, want) {
		return errors.New("the signing-certificate attribute names another certificate")
	}
	return nil
}
